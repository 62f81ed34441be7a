#!/usr/bin/env bash
# Builds the solution and runs every test; ends with "N passed, N failed, N skipped".
# Tests that need services (PostgreSQL, SoftHSM2) read them from the environment that .ci/run sets up.
set -uo pipefail
cd "$(dirname "$0")/.."

results=$(mktemp -d)
trap 'rm -rf "$results"' EXIT

if ! dotnet build Kms.sln --nologo -v quiet; then
  echo "0 passed, 1 failed"
  exit 1
fi

# One test project at a time: the end-to-end suites start real nodes, and the machine has two cores.
dotnet test Kms.sln --no-build --nologo -m:1 --logger trx --results-directory "$results"
status=$?

# A test that needs a service the environment provides must not be skipped: where CI runs (CI=true), or where
# KMS_TEST_PG or SOFTHSM2_CONF is set, a skip whose reason names PostgreSQL or SoftHSM counts as a failure, so
# that a renamed variable cannot silently turn those tests off.
need_pg=false need_hsm=false
[[ "${CI:-}" == true || -n "${KMS_TEST_PG:-}" ]] && need_pg=true
[[ "${CI:-}" == true || -n "${SOFTHSM2_CONF:-}" ]] && need_hsm=true

# Prints "<test name>\t<skip reason>" for each skipped test of a TRX file (its counters leave skips out).
skips() {
  awk '
    /<UnitTestResult / {
      skipped = ($0 ~ /outcome="NotExecuted"/); reason = ""
      name = $0; sub(/.* testName="/, "", name); sub(/".*/, "", name)
    }
    skipped && /<Message>/ { reason = $0; sub(/.*<Message>/, "", reason); sub(/<\/Message>.*/, "", reason) }
    skipped && (/<\/UnitTestResult>/ || (/<UnitTestResult / && /\/>[[:space:]]*$/)) { print name "\t" reason; skipped = 0 }
  ' "$1"
}

passed=0 failed=0 skipped=0
shopt -s nullglob
trx=("$results"/*.trx)
for file in "${trx[@]}"; do
  counters=$(grep -o '<Counters [^>]*>' "$file")
  value() { sed -n "s/.* $1=\"\([0-9]*\)\".*/\1/p" <<<"$counters"; }
  passed=$((passed + $(value passed)))
  failed=$((failed + $(value failed) + $(value error) + $(value timeout) + $(value aborted)))
  while IFS=$'\t' read -r name reason; do
    if { $need_pg && grep -qi postgres <<<"$reason"; } || { $need_hsm && grep -qi softhsm <<<"$reason"; }; then
      echo "FAILED (skipped, but this environment provides the service it needs): $name: $reason"
      failed=$((failed + 1))
    else
      skipped=$((skipped + 1))
    fi
  done < <(skips "$file")
done
if [[ ${#trx[@]} -eq 0 || ( $status -ne 0 && $failed -eq 0 ) ]]; then
  failed=$((failed + 1))   # the test run itself broke (no results, or a crashed test host)
fi

# The AWS CLI smoke test (scripts/aws-cli-smoke.sh) counts as one more test when the CLI is installed.
if command -v aws >/dev/null; then
  if scripts/aws-cli-smoke.sh; then passed=$((passed + 1)); else failed=$((failed + 1)); fi
else
  echo "aws-cli-smoke: skipped, the AWS CLI is not installed (apt-get install awscli)"
  skipped=$((skipped + 1))
fi

# The Kubernetes manifests are parsed and checked against the Kubernetes schemas (offline, with npm packages).
if command -v npm >/dev/null; then
  if npm ci --prefix deploy/k8s/validate --silent --no-audit --no-fund >/dev/null && node deploy/k8s/validate/validate.mjs; then
    passed=$((passed + 1))
  else
    failed=$((failed + 1))
  fi
else
  echo "k8s-manifests: skipped, npm is not installed"
  skipped=$((skipped + 1))
fi

echo "$passed passed, $failed failed, $skipped skipped"
[[ $failed -eq 0 ]]
