#!/usr/bin/env bash
# Calls one go-kms operation with a signed request (HMAC-SHA256 over "POST\n<date>\n<path>").
# Usage: scripts/gokms-call.sh OPERATION [JSON_BODY]
# Environment: KMS_URL (https://localhost:8011), KMS_AUTH_KEY_FILE, KMS_CA_CERT (optional; else -k).
set -euo pipefail
op=${1:?usage: gokms-call.sh OPERATION [JSON_BODY]}
body=${2:-'{}'}
url=${KMS_URL:-https://localhost:8011}
key=$(cat "${KMS_AUTH_KEY_FILE:-.kms-dev/auth.key}")
path=/api/v1/go-kms/$op
date=$(LC_ALL=C date -u '+%a, %d %b %Y %H:%M:%S UTC')
sig=$(printf 'POST\n%s\n%s' "$date" "$path" | openssl dgst -sha256 -hmac "$key" -binary | base64)
tls=(-k)
[[ -n "${KMS_CA_CERT:-}" ]] && tls=(--cacert "$KMS_CA_CERT")
curl -sS "${tls[@]}" -X POST "$url$path" -H "x-kms-date: $date" -H "Authorization: $sig" \
  -H 'Content-Type: application/json' --data-binary "$body"
echo
