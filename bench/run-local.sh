#!/usr/bin/env bash
# Builds Release, starts a throwaway development node on localhost (a temp data directory, a free
# port, idle keys passivated after 5 s), runs Kms.Bench against it with --server-pid, and stops the node.
# Usage: bench/run-local.sh [Kms.Bench options...]    e.g. bench/run-local.sh --scenario encrypt-256-hot
# Environment: PASSIVATE_IDLE_AFTER (default 00:00:05), KMS_NODE_DLL (a node already built; skips its build),
# KEEP_DATA=1 (keep the data directory and node log), WARMUP_SECONDS (default 60; 0 skips the warm-up pass:
# unmeasured hot encrypts and decrypts first, so that the node's JIT settles before the baseline is measured).
set -euo pipefail
cd "$(dirname "$0")/.."

if [[ -z "${KMS_NODE_DLL:-}" ]]; then
  dotnet build -c Release src/Kms.Node --nologo -v quiet >&2
  KMS_NODE_DLL=src/Kms.Node/bin/Release/net10.0/Kms.Node.dll
fi
dotnet build -c Release bench/Kms.Bench --nologo -v quiet >&2

dir=$(mktemp -d)
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
GOKMS_KSMC_PATH="$dir" GOKMS_PORT="$port" Kms__Keys__PassivateIdleAfter="${PASSIVATE_IDLE_AFTER:-00:00:05}" \
  dotnet "$KMS_NODE_DLL" --dev >"$dir/node.log" 2>&1 &
node=$!
cleanup() {
  kill "$node" 2>/dev/null && wait "$node" 2>/dev/null
  if [[ -n "${KEEP_DATA:-}" ]]; then echo "data and node log kept in $dir" >&2; else rm -rf "$dir"; fi
}
trap cleanup EXIT

for _ in $(seq 1 120); do
  curl -sf --cacert "$dir/tls.crt" "https://localhost:$port/healthz/ready" >/dev/null 2>&1 && break
  kill -0 "$node" 2>/dev/null || { echo "the node exited; see $dir/node.log" >&2; KEEP_DATA=1; exit 1; }
  sleep 0.5
done

bench=(dotnet bench/Kms.Bench/bin/Release/net10.0/Kms.Bench.dll
  --url "https://localhost:$port" --auth-key-file "$dir/auth.key" --ca-cert "$dir/tls.crt")
warmup=${WARMUP_SECONDS:-60}
if [[ "$warmup" != 0 ]]; then
  echo "warm-up pass ($warmup s, not measured)" >&2
  "${bench[@]}" --no-baseline --scenario encrypt-256-hot --scenario decrypt-256-hot \
    --warmup 0 --duration "$(( (warmup + 1) / 2 ))" >/dev/null 2>&1
fi

"${bench[@]}" --server-pid "$node" --cold-wait 15 "$@"
