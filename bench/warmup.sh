#!/usr/bin/env bash
# How fast a freshly started node reaches speed: starts a throwaway development node (as bench/run-local.sh:
# SQLite in a temp directory, a free port), waits for /healthz/ready, then loads it at once, with no bench
# warm-up, in consecutive windows, and prints the node's CPU per request in each window.
# Usage: bench/warmup.sh [VARIANT...]    VARIANT: `plain`, or NAME=VALUE[,NAME=VALUE...] set for the node only,
#   e.g. bench/warmup.sh plain DOTNET_TieredPGO=0 Kms__WarmUp__Enabled=false KMS_NODE_DLL=/tmp/r2r/Kms.Node.dll
# Several variants take turns, ROUNDS times (the machine's speed drifts: compare variants of the same round).
# Environment: ROUNDS (default 1), WINDOWS (default 10), WINDOW seconds (default 2), SCENARIO (default
# decrypt-256-hot), KMS_NODE_DLL (a node already built; skips its build).
# Output, one line per node start: variant, seconds to ready, node CPU seconds until ready, µs/request
# (server CPU) and req/s of each window, and the node's own warm-up line.
set -euo pipefail
cd "$(dirname "$0")/.."

if [[ -z "${KMS_NODE_DLL:-}" ]]; then
  dotnet build -c Release src/Kms.Node --nologo -v quiet >&2
  KMS_NODE_DLL=src/Kms.Node/bin/Release/net10.0/Kms.Node.dll
fi
dotnet build -c Release bench/Kms.Bench --nologo -v quiet >&2

rounds=${ROUNDS:-1} windows=${WINDOWS:-10} window=${WINDOW:-2} scenario=${SCENARIO:-decrypt-256-hot}
(( $# > 0 )) || set -- plain
tick=$(getconf CLK_TCK)
cpu_seconds() { awk -v t="$tick" '{ print ($14 + $15) / t }' "/proc/$1/stat"; }

dir= node=
stop_node() {
  if [[ -n "$node" ]]; then kill "$node" 2>/dev/null && wait "$node" 2>/dev/null || true; fi
  [[ -n "$dir" ]] && rm -rf "$dir"
  node= dir=
}
trap stop_node EXIT

run() {
  local variant=$1 dll=$KMS_NODE_DLL assignments=()
  if [[ "$variant" != plain ]]; then
    IFS=, read -ra assignments <<<"$variant"
    for a in "${assignments[@]}"; do [[ "$a" == KMS_NODE_DLL=* ]] && dll=${a#KMS_NODE_DLL=}; done
  fi
  dir=$(mktemp -d)
  local port
  port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  local started
  started=$(date +%s.%N)
  env GOKMS_KSMC_PATH="$dir" GOKMS_PORT="$port" Kms__Keys__PassivateIdleAfter=00:00:05 "${assignments[@]}" \
    dotnet "$dll" --dev >"$dir/node.log" 2>&1 &
  node=$!
  local ready=
  for _ in $(seq 1 1200); do
    if curl -sf --cacert "$dir/tls.crt" "https://localhost:$port/healthz/ready" >/dev/null 2>&1; then ready=1; break; fi
    kill -0 "$node" 2>/dev/null || break
    sleep 0.1
  done
  if [[ -z "$ready" ]]; then echo "$variant: the node did not become ready:" >&2; tail -20 "$dir/node.log" >&2; stop_node; return 1; fi
  local to_ready cpu
  to_ready=$(echo "$(date +%s.%N) - $started" | bc)
  cpu=$(cpu_seconds "$node")
  dotnet bench/Kms.Bench/bin/Release/net10.0/Kms.Bench.dll --url "https://localhost:$port" \
    --auth-key-file "$dir/auth.key" --ca-cert "$dir/tls.crt" --server-pid "$node" --scenario "$scenario" \
    --no-baseline --warmup "$window" --steady-max "$(( window * (windows - 1) ))" --steady-within 0 --duration "$window" \
    >"$dir/bench.json" 2>"$dir/bench.log" || true
  # The bench's warm-up slices are the first windows (`N req/s M µs`); its measured run is the last (JSON).
  local slices last
  slices=$(grep -o 'measuring anyway (.*)' "$dir/bench.log" | sed -E 's/measuring anyway \(//; s/\)$//; s/ req\/s ([0-9]+) µs/:\1/g; s/, / /g' || true)
  last=$(python3 -c 'import json, sys
for line in open(sys.argv[1]):
    r = json.loads(line)
    print("%.0f/%.0f" % (r["server_cpu_us_per_req"], r["rps"]) + (" (%d errors)" % r["errors"] if r["errors"] else ""))' "$dir/bench.json" || true)
  if [[ -z "$slices" ]]; then echo "$variant: the bench failed:" >&2; tail -5 "$dir/bench.log" >&2; fi
  printf '%-36s ready %5.1f s, cpu-to-ready %5.2f s | µs/req:req/s per %s s window: %s %s | %s\n' \
    "$variant" "$to_ready" "$cpu" "$window" "$(awk '{ for (i = 1; i <= NF; i++) { split($i, p, ":"); printf "%s/%s ", p[2], p[1] } }' <<<"$slices")" "$last" \
    "$(grep -o 'Warm-up: .*' "$dir/node.log" || echo 'no warm-up')"
  stop_node
}

for _ in $(seq 1 "$rounds"); do
  for variant in "$@"; do run "$variant"; done
done
