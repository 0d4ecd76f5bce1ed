#!/usr/bin/env bash
# Runs the whole test suite: unit, adapter (DynamoDB Local, SQLite, real HTTP listeners) and
# end-to-end tests through the local host, then a short chaos run against a host it kills
# (README.md, "Proving it: razors chaos"). Installs what it needs first.
set -euo pipefail
cd "$(dirname "$0")"

scripts/install-tools.sh
echo "==> Building"
dotnet build Razors.sln -c Release --nologo -v quiet -clp:ErrorsOnly
echo "==> Testing"
# The output is kept in TestResults/ so that a failure is repeated, with its message, as the last
# thing printed, after thousands of lines of log.
mkdir -p TestResults
if ! dotnet test --solution Razors.sln -c Release --no-build "$@" 2>&1 | tee TestResults/test-output.log; then
  echo "==> Failed tests (the whole output is in TestResults/test-output.log)"
  grep -A 14 '^failed ' TestResults/test-output.log || echo "no test failed: the run itself did not complete"
  exit 1
fi
echo "==> Chaos (short run)"
dotnet tools/Razors.Cli/bin/Release/net10.0/razors.dll chaos --sagas 200 --rate 5 --kills 3 --seed 8
