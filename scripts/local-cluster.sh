#!/usr/bin/env bash
# Starts a local 3-node Kms cluster as separate processes, sharing one PostgreSQL journal, with TLS
# remoting, for trying the cluster by hand. Ctrl-C stops everything.
#
#   scripts/local-cluster.sh            # starts a throwaway PostgreSQL 15 (needs root, as in CI)
#   KMS_PG="Host=...;Database=...;Username=...;Password=..." scripts/local-cluster.sh   # use yours
#
# Nodes answer on https://localhost:8011, :8012 and :8013 with the auth key and CA certificate printed below.
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet build src/Kms.Node -v quiet --nologo >/dev/null
node_dll=src/Kms.Node/bin/Debug/net10.0/Kms.Node.dll

work=$(mktemp -d)
chmod 711 "$work"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  if [[ -n ${PGBIN:-} ]]; then runuser -u postgres -- "$PGBIN/pg_ctl" -D "$work/pg/data" -m fast -w stop >/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT INT TERM

if [[ -z ${KMS_PG:-} ]]; then
  PGBIN=/usr/lib/postgresql/15/bin
  install -d -o postgres -g postgres "$work/pg"
  runuser -u postgres -- "$PGBIN/initdb" -D "$work/pg/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
  runuser -u postgres -- "$PGBIN/pg_ctl" -D "$work/pg/data" -l "$work/pg/server.log" -w -t 30 \
    -o "-c listen_addresses=127.0.0.1 -p 55433 -k $work/pg/data" start >/dev/null
  KMS_PG="Host=127.0.0.1;Port=55433;Database=postgres;Username=postgres"
fi

openssl rand -hex 32 >"$work/auth.key"
chmod 600 "$work/auth.key"
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 30 -subj /CN=localhost \
  -addext "subjectAltName=DNS:localhost,IP:127.0.0.1" -keyout "$work/tls.key" -out "$work/tls.crt" 2>/dev/null
openssl req -x509 -newkey rsa:2048 -nodes -days 30 -subj /CN=kms-remoting -keyout "$work/remoting.key" -out "$work/remoting.crt" 2>/dev/null
remoting_password=$(openssl rand -hex 16)
openssl pkcs12 -export -inkey "$work/remoting.key" -in "$work/remoting.crt" -out "$work/remoting.p12" -passout "pass:$remoting_password"
passphrase=$(openssl rand -hex 24)

for i in 1 2 3; do
  mkdir -p -m 700 "$work/node$i"
  GOKMS_AUTH_KEY=$work/auth.key GOKMS_SSL_CERT=$work/tls.crt GOKMS_SSL_KEY=$work/tls.key \
  GOKMS_HOST=127.0.0.1 GOKMS_PORT=$((8010 + i)) GOKMS_KSMC_PATH=$work/node$i GOKMS_KSMC_PASSPHRASE=$passphrase \
  Kms__Persistence__Provider=postgres Kms__Persistence__ConnectionString="$KMS_PG" \
  Kms__Cluster__Hostname=127.0.0.1 Kms__Cluster__Port=$((4052 + i)) \
  Kms__Cluster__SeedNodes__0=akka.tcp://kms@127.0.0.1:4053 Kms__Cluster__SeedNodes__1=akka.tcp://kms@127.0.0.1:4054 \
  Kms__Cluster__Tls__CertificatePath=$work/remoting.p12 Kms__Cluster__Tls__CertificatePassword=$remoting_password \
    dotnet "$node_dll" >"$work/node$i.log" 2>&1 &
  pids+=($!)
done

for i in 1 2 3; do
  for _ in $(seq 1 300); do
    curl -sf --cacert "$work/tls.crt" "https://localhost:$((8010 + i))/healthz/ready" >/dev/null && break
    sleep 0.2
  done
  echo "node$i ready: https://localhost:$((8010 + i))  (log: $work/node$i.log)"
done
cat <<INFO

Try it:
  export KMS_URL=https://localhost:8011 KMS_AUTH_KEY_FILE=$work/auth.key KMS_CA_CERT=$work/tls.crt
  scripts/gokms-call.sh createkey '{}'          # then use the key through :8012 or :8013
Stop one node with: kill ${pids[2]}   (node3)
Ctrl-C stops the cluster.
INFO
wait
