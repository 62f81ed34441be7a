#!/usr/bin/env bash
# Builds Release, starts N nodes (default 3) as one cluster on a throwaway PostgreSQL 15 with TLS remoting,
# runs Kms.Bench against them with every node's pid as --server-pid, and stops everything. N=1 starts the
# single node the same way (same PostgreSQL, same settings), so a 1-node and an N-node run compare.
# Usage: bench/run-cluster.sh [N] [--entry all|one] [Kms.Bench options...]
#   --entry all (default): requests go to the nodes in turn; --entry one: all go to the first node, which
#   forwards what it does not host to the others, while the CPU of every node is still measured.
#   e.g. bench/run-cluster.sh 3 --entry one --scenario encrypt-256-spread --duration 30
# Needs root (PostgreSQL runs as user postgres through runuser, as in .ci/run).
# Environment: PASSIVATE_IDLE_AFTER (default 00:00:05), KMS_NODE_DLL (a node already built; skips its build),
# KEEP_DATA=1 (keep the work directory with node and PostgreSQL logs).
set -euo pipefail
cd "$(dirname "$0")/.."

nodes=3
if [[ $# -gt 0 && "$1" =~ ^[0-9]+$ ]]; then nodes=$1; shift; fi
if (( nodes < 1 || nodes > 9 )); then echo "run-cluster.sh: N must be 1 to 9" >&2; exit 2; fi
entry=all
if [[ $# -gt 0 && "$1" == --entry* ]]; then
  if [[ "$1" == --entry=* ]]; then entry=${1#--entry=}; shift; else entry=${2:-}; shift 2 || true; fi
fi
if [[ "$entry" != all && "$entry" != one ]]; then echo "run-cluster.sh: --entry is all or one" >&2; exit 2; fi

if [[ -z "${KMS_NODE_DLL:-}" ]]; then
  dotnet build -c Release src/Kms.Node --nologo -v quiet >&2
  KMS_NODE_DLL=src/Kms.Node/bin/Release/net10.0/Kms.Node.dll
fi
dotnet build -c Release bench/Kms.Bench --nologo -v quiet >&2

free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

work=$(mktemp -d)
chmod 711 "$work"
PGBIN=/usr/lib/postgresql/15/bin
pids=()
pg_started=
cleanup() {
  # One at a time, last first: nodes leaving all at once each wait out the cluster-exiting timeout (10 s).
  for (( i = ${#pids[@]} - 1; i >= 0; i-- )); do kill "${pids[i]}" 2>/dev/null || true; wait "${pids[i]}" 2>/dev/null || true; done
  if [[ -n "$pg_started" ]]; then runuser -u postgres -- "$PGBIN/pg_ctl" -D "$work/pg/data" -m fast -w stop >/dev/null || true; fi
  if [[ -n "${KEEP_DATA:-}" ]]; then echo "work directory (node and PostgreSQL logs) kept in $work" >&2; else rm -rf "$work"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

pg_port=$(free_port)
install -d -o postgres -g postgres "$work/pg"
runuser -u postgres -- "$PGBIN/initdb" -D "$work/pg/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
runuser -u postgres -- "$PGBIN/pg_ctl" -D "$work/pg/data" -l "$work/pg/server.log" -w -t 30 \
  -o "-c listen_addresses=127.0.0.1 -p $pg_port -k $work/pg/data" start >/dev/null
pg_started=1
connection="Host=127.0.0.1;Port=$pg_port;Database=postgres;Username=postgres"

openssl rand -hex 32 >"$work/auth.key"
chmod 600 "$work/auth.key"
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 -subj /CN=localhost \
  -addext "subjectAltName=DNS:localhost,IP:127.0.0.1" -keyout "$work/tls.key" -out "$work/tls.crt" 2>/dev/null
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=kms-remoting -keyout "$work/remoting.key" -out "$work/remoting.crt" 2>/dev/null
remoting_password=$(openssl rand -hex 16)
openssl pkcs12 -export -inkey "$work/remoting.key" -in "$work/remoting.crt" -out "$work/remoting.p12" -passout "pass:$remoting_password"
passphrase=$(openssl rand -hex 24)

http_ports=() remoting_ports=()
for i in $(seq 1 "$nodes"); do http_ports+=("$(free_port)"); remoting_ports+=("$(free_port)"); done
seed="akka.tcp://kms@127.0.0.1:${remoting_ports[0]}"
for i in $(seq 0 $((nodes - 1))); do
  mkdir -p -m 700 "$work/node$((i + 1))"
  GOKMS_AUTH_KEY=$work/auth.key GOKMS_SSL_CERT=$work/tls.crt GOKMS_SSL_KEY=$work/tls.key \
  GOKMS_HOST=127.0.0.1 GOKMS_PORT=${http_ports[i]} GOKMS_KSMC_PATH=$work/node$((i + 1)) GOKMS_KSMC_PASSPHRASE=$passphrase \
  Kms__Persistence__Provider=postgres Kms__Persistence__ConnectionString="$connection" \
  Kms__Keys__PassivateIdleAfter="${PASSIVATE_IDLE_AFTER:-00:00:05}" \
  Kms__Cluster__Hostname=127.0.0.1 Kms__Cluster__Port=${remoting_ports[i]} Kms__Cluster__SeedNodes__0=$seed \
  Kms__Cluster__Tls__CertificatePath=$work/remoting.p12 Kms__Cluster__Tls__CertificatePassword=$remoting_password \
    dotnet "$KMS_NODE_DLL" >"$work/node$((i + 1)).log" 2>&1 &
  pids+=($!)
done

for i in $(seq 0 $((nodes - 1))); do
  for attempt in $(seq 1 600); do
    curl -sf --cacert "$work/tls.crt" "https://localhost:${http_ports[i]}/healthz/ready" >/dev/null 2>&1 && break
    if ! kill -0 "${pids[i]}" 2>/dev/null || (( attempt == 600 )); then
      echo "node$((i + 1)) did not become ready; see $work/node$((i + 1)).log" >&2
      KEEP_DATA=1
      exit 1
    fi
    sleep 0.5
  done
done
echo "$nodes node(s) ready (pids ${pids[*]}), PostgreSQL on port $pg_port; entry: $entry" >&2

bench=(dotnet bench/Kms.Bench/bin/Release/net10.0/Kms.Bench.dll --auth-key-file "$work/auth.key" --ca-cert "$work/tls.crt")
if [[ "$entry" == one ]]; then
  bench+=(--url "https://localhost:${http_ports[0]}")
else
  for port in "${http_ports[@]}"; do bench+=(--url "https://localhost:$port"); done
fi
for pid in "${pids[@]}"; do bench+=(--server-pid "$pid"); done

"${bench[@]}" --cold-wait 15 "$@"
