#!/usr/bin/env bash
# Runs the whole of Razors on this machine: DynamoDB Local plus one host process that serves the
# HTTP APIs and the local cloud (buses, queues, event-source mappings) on 127.0.0.1.
# Extra arguments go to the host: ./run.sh --help
# Also installs the razors CLI as .tools/bin/razors (scripts/install-cli.sh).
set -euo pipefail
cd "$(dirname "$0")"

scripts/install-tools.sh
# The razors CLI first (seconds): its commands then answer at once, without building anything.
scripts/install-cli.sh
echo "==> Building the local host"
dotnet build local/Host/Razors.LocalHost.csproj -c Release --nologo -v quiet -clp:ErrorsOnly
echo "==> Starting (Ctrl-C stops everything)"
# exec: Ctrl-C reaches the host directly, and the host stops DynamoDB Local by its PID.
exec dotnet local/Host/bin/Release/net10.0/Razors.LocalHost.dll "$@"
