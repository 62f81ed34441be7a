#!/usr/bin/env bash
# Smoke test with the AWS CLI: start a node with SigV4 credentials, then create a key and an alias, and
# encrypt and decrypt through the alias with an encryption context. Needs a built solution and `aws`.
set -euo pipefail
cd "$(dirname "$0")/.."

node_dll=src/Kms.Node/bin/Debug/net10.0/Kms.Node.dll
[[ -f $node_dll ]] || { echo "build the solution first (dotnet build Kms.sln)"; exit 2; }
command -v aws >/dev/null || { echo "the AWS CLI is not installed"; exit 2; }

work=$(mktemp -d)
node_pid=
cleanup() {
  [[ -n $node_pid ]] && kill "$node_pid" 2>/dev/null && wait "$node_pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 -subj /CN=localhost \
  -addext "subjectAltName=DNS:localhost,IP:127.0.0.1" -keyout "$work/tls.key" -out "$work/tls.crt" 2>/dev/null
access_key=AKIASMOKETEST0000001
secret_key=$(openssl rand -hex 20)
printf '{"principals":[{"name":"smoke","role":"admin","accessKeyId":"%s","secretAccessKey":"%s"}]}' "$access_key" "$secret_key" >"$work/principals.json"
chmod 600 "$work/principals.json"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')

GOKMS_HOST=127.0.0.1 GOKMS_PORT=$port GOKMS_SSL_CERT=$work/tls.crt GOKMS_SSL_KEY=$work/tls.key \
GOKMS_KSMC_PATH=$work/data GOKMS_KSMC_PASSPHRASE="smoke test passphrase" Kms__Auth__PrincipalsFile=$work/principals.json \
  dotnet "$node_dll" >"$work/node.log" 2>&1 &
node_pid=$!

endpoint=https://localhost:$port
for _ in $(seq 1 150); do
  curl -sf --cacert "$work/tls.crt" "$endpoint/healthz/ready" >/dev/null && break
  kill -0 "$node_pid" 2>/dev/null || { cat "$work/node.log"; echo "the node exited"; exit 1; }
  sleep 0.2
done

export AWS_ACCESS_KEY_ID=$access_key AWS_SECRET_ACCESS_KEY=$secret_key AWS_DEFAULT_REGION=us-east-1 AWS_PAGER=""
kms() { aws kms --endpoint-url "$endpoint" --ca-bundle "$work/tls.crt" "$@"; }

key_id=$(kms create-key --description "aws cli smoke" --query KeyMetadata.KeyId --output text)
kms create-alias --alias-name alias/smoke --target-key-id "$key_id"
kms list-aliases --key-id "$key_id" --query 'Aliases[0].AliasName' --output text | grep -qx alias/smoke

printf 'hello from the aws cli' >"$work/plain"
kms encrypt --key-id alias/smoke --plaintext "fileb://$work/plain" --encryption-context purpose=smoke \
  --query CiphertextBlob --output text | base64 -d >"$work/blob"
kms decrypt --ciphertext-blob "fileb://$work/blob" --encryption-context purpose=smoke \
  --query Plaintext --output text | base64 -d >"$work/decrypted"
cmp -s "$work/plain" "$work/decrypted" || { echo "decrypted text differs"; exit 1; }

if kms decrypt --ciphertext-blob "fileb://$work/blob" --encryption-context purpose=other >/dev/null 2>"$work/err"; then
  echo "decrypt with another encryption context succeeded"; exit 1
fi
grep -q InvalidCiphertextException "$work/err" || { cat "$work/err"; exit 1; }

echo "aws cli smoke test passed (key $key_id)"
