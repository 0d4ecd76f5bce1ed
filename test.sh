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
dotnet test --solution Razors.sln -c Release --no-build "$@"
echo "==> Chaos (short run)"
dotnet tools/Razors.Cli/bin/Release/net10.0/razors.dll chaos --sagas 200 --rate 5 --kills 3 --seed 8
