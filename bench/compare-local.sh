#!/usr/bin/env bash
# Compares two builds of the node on this machine: starts each as a throwaway development node (a temp data
# directory, a free port), runs Kms.Compare against both (one scenario in alternating slices, the CPU each node
# spends per request compared slice by slice), and stops them. Use it to see a change of a microsecond or two,
# which this machine's swings hide from separate runs (docs/performance.md).
# Usage: bench/compare-local.sh A_KMS_NODE_DLL B_KMS_NODE_DLL [Kms.Compare options...]
#   e.g. bench/compare-local.sh /tmp/before/Kms.Node.dll src/Kms.Node/bin/Release/net10.0/Kms.Node.dll --scenario decrypt-256-hot
# Environment: A_ENV, B_ENV (extra environment for node A or B, as "NAME=value NAME=value").
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ $# -lt 2 ]]; then sed -n '2,8p' "$0" >&2; exit 2; fi
a_dll=$1 b_dll=$2
shift 2
dotnet build -c Release bench/Kms.Compare --nologo -v quiet >&2

dirs=() nodes=()
cleanup() {
  for node in "${nodes[@]}"; do kill "$node" 2>/dev/null && wait "$node" 2>/dev/null; done
  rm -rf "${dirs[@]}"
}
trap cleanup EXIT

# start DLL "ENV...": starts a node and sets target to its URL,AUTH_KEY_FILE,CA_CERT,PID
start() {
  local dir port node
  dir=$(mktemp -d)
  port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  # shellcheck disable=SC2086
  env $2 GOKMS_KSMC_PATH="$dir" GOKMS_PORT="$port" dotnet "$1" --dev >"$dir/node.log" 2>&1 &
  node=$!
  dirs+=("$dir") nodes+=("$node")
  for _ in $(seq 1 120); do
    curl -sf --cacert "$dir/tls.crt" "https://localhost:$port/healthz/ready" >/dev/null 2>&1 && break
    kill -0 "$node" 2>/dev/null || { echo "the node $1 exited:" >&2; cat "$dir/node.log" >&2; exit 1; }
    sleep 0.5
  done
  target="https://localhost:$port,$dir/auth.key,$dir/tls.crt,$node"
}

start "$a_dll" "${A_ENV:-}"; a=$target
start "$b_dll" "${B_ENV:-}"; b=$target
dotnet bench/Kms.Compare/bin/Release/net10.0/Kms.Compare.dll --a "$a" --b "$b" "$@"
