#!/usr/bin/env bash
# Packs tools/Razors.Cli as a .NET tool into .tools/packages and installs it as .tools/bin/razors.
# Idempotent: every run packs the current code and reinstalls it (the version is fixed, so an
# update would keep the old copy); nothing but the local pack is used as a package source.
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
packages="$repo_root/.tools/packages"
bin="$repo_root/.tools/bin"

echo "==> Packing the razors CLI"
dotnet pack "$repo_root/tools/Razors.Cli/Razors.Cli.csproj" -c Release -o "$packages" --nologo -v quiet -clp:ErrorsOnly

if dotnet tool list --tool-path "$bin" 2>/dev/null | grep -qi '^razors\.cli '; then
  dotnet tool uninstall --tool-path "$bin" Razors.Cli >/dev/null
fi
# --source replaces nuget.org: the tool is self-contained, so no other package is needed.
dotnet tool install --tool-path "$bin" --source "$packages" Razors.Cli >/dev/null
echo "razors: installed as ${bin#"$repo_root"/}/razors"
