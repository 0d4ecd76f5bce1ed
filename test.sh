#!/usr/bin/env bash
# Runs the whole test suite: unit, adapter (DynamoDB Local, SQLite, real HTTP listeners) and
# end-to-end tests through the local host. Installs what it needs first.
set -euo pipefail
cd "$(dirname "$0")"

scripts/install-tools.sh
echo "==> Building"
dotnet build Razors.sln -c Release --nologo -v quiet -clp:ErrorsOnly
echo "==> Testing"
dotnet test --solution Razors.sln -c Release --no-build "$@"
