#!/usr/bin/env bash
# Downloads the Amazon RDS global CA bundle (the roots and intermediates DocumentDB's TLS
# certificates chain to) as rds-global-bundle.pem into the payments projects that connect to
# DocumentDB; their publish output then carries it beside the app, where the setting
# Payments:DocumentDb:CaBundleFile finds it by default.
# https://docs.aws.amazon.com/documentdb/latest/developerguide/ca_cert_rotation.html
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
url="https://truststore.pki.rds.amazonaws.com/global/global-bundle.pem"
targets=(
  "$repo_root/services/payments/Razors.Payments.Worker"
  "$repo_root/services/payments/Razors.Payments.Lambda"
)

tmp="$(mktemp)"
trap 'rm -f "$tmp"' EXIT
if command -v curl >/dev/null 2>&1; then
  curl --fail --silent --show-error --location --proto '=https' --output "$tmp" "$url"
elif command -v wget >/dev/null 2>&1; then
  wget --quiet --https-only --output-document="$tmp" "$url"
else
  echo "error: neither curl nor wget found; install one, or download $url by hand as rds-global-bundle.pem into: ${targets[*]}" >&2
  exit 1
fi

count="$(grep -c -- '-----BEGIN CERTIFICATE-----' "$tmp" || true)"
if [[ "$count" -eq 0 ]]; then
  echo "error: $url did not answer a PEM certificate bundle" >&2
  exit 1
fi

for target in "${targets[@]}"; do
  cp "$tmp" "$target/rds-global-bundle.pem"
  echo "$target/rds-global-bundle.pem: $count certificates"
done
