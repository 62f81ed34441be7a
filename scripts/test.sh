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

passed=0 failed=0 skipped=0
shopt -s nullglob
trx=("$results"/*.trx)
for file in "${trx[@]}"; do
  counters=$(grep -o '<Counters [^>]*>' "$file")
  value() { sed -n "s/.* $1=\"\([0-9]*\)\".*/\1/p" <<<"$counters"; }
  passed=$((passed + $(value passed)))
  failed=$((failed + $(value failed) + $(value error) + $(value timeout) + $(value aborted)))
  skipped=$((skipped + $(value notExecuted)))
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
