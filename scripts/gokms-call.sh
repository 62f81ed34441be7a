#!/usr/bin/env bash
# Calls one go-kms operation with a signed request: x-kms-content-sha256 is the SHA-256 of the body, and
# Authorization is base64 of HMAC-SHA256(key, "POST\n<date>\n<path>\n<content-sha256>").
# Usage: scripts/gokms-call.sh OPERATION [JSON_BODY | -]
#   The body defaults to {}; "-" reads it from standard input, which keeps a plaintext out of the process
#   list (a JSON_BODY argument is visible to every local user, like any command-line argument).
# Environment: KMS_URL (https://localhost:8011), KMS_AUTH_KEY_FILE (.kms-dev/auth.key),
#   KMS_CA_CERT (the certificate to trust; by default .kms-dev/tls.crt when it exists, else the system's CAs).
# The shared key, the body and the signature never appear on a command line: the HMAC is computed with
# `openssl dgst -sha256` over data piped from shell builtins, and curl reads headers and body from files
# only this user can read.
set -euo pipefail
op=${1:?usage: gokms-call.sh OPERATION [JSON_BODY | -]}
url=${KMS_URL:-https://localhost:8011}
key_file=${KMS_AUTH_KEY_FILE:-.kms-dev/auth.key}
ca=${KMS_CA_CERT:-}
[[ -z "$ca" && -f .kms-dev/tls.crt ]] && ca=.kms-dev/tls.crt

umask 077
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
body=${2:-}
if [[ "$body" == "-" ]]; then cat >"$work/body"; else printf '%s' "${body:-{\}}" >"$work/body"; fi
unset body

# Lower-case hex of the bytes on standard input.
hex() { od -An -v -tx1 | tr -d ' \n'; }
# The bytes a hex string names, written with the printf builtin (no process sees them as arguments).
unhex() { local h=$1 escaped='' i; for ((i = 0; i < ${#h}; i += 2)); do escaped+="\\x${h:i:2}"; done; printf "$escaped"; }
# HMAC-SHA256 (RFC 2104) of standard input under the key whose hex is $1, as hex.
hmac_sha256() {
  local key=$1 inner_pad='' outer_pad='' i byte
  (( ${#key} > 128 )) && key=$(unhex "$key" | openssl dgst -sha256 -binary | hex)
  while (( ${#key} < 128 )); do key+=00; done
  for ((i = 0; i < 128; i += 2)); do
    byte=$((16#${key:i:2}))
    printf -v inner_pad '%s%02x' "$inner_pad" $((byte ^ 0x36))
    printf -v outer_pad '%s%02x' "$outer_pad" $((byte ^ 0x5c))
  done
  local inner
  inner=$({ unhex "$inner_pad"; cat; } | openssl dgst -sha256 -binary | hex)
  { unhex "$outer_pad"; unhex "$inner"; } | openssl dgst -sha256 -binary | hex
}

key=$(<"$key_file")      # the file without its trailing newline, as the node reads it
key=${key%$'\r'}
key_hex=$(printf '%s' "$key" | hex)
unset key
path=/api/v1/go-kms/$op
date=$(LC_ALL=C date -u '+%a, %d %b %Y %H:%M:%S UTC')
content_sha256=$(openssl dgst -sha256 -binary <"$work/body" | hex)
signature=$(printf 'POST\n%s\n%s\n%s' "$date" "$path" "$content_sha256" | hmac_sha256 "$key_hex" | { read -r h; unhex "$h"; } | base64)
printf '%s\n' "x-kms-date: $date" "x-kms-content-sha256: $content_sha256" "Authorization: $signature" \
  'Content-Type: application/json' >"$work/headers"

tls=()
[[ -n "$ca" ]] && tls=(--cacert "$ca")
curl -sS "${tls[@]}" -X POST "$url$path" -H @"$work/headers" --data-binary @"$work/body"
echo
