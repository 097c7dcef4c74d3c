#!/usr/bin/env bash
# Runs every test of the product: the .NET solution (unit, golden, moto and process tests) and the Pulumi program's
# mock tests. Prints one closing line "tests: N passed, N failed" and fails if anything failed or nothing ran.
set -euo pipefail
cd "$(dirname "$0")"

log_dir=$(mktemp -d)
trap 'rm -rf "$log_dir"' EXIT
status=0

echo "== dotnet test SecHubRootMfa.sln"
dotnet test SecHubRootMfa.sln -c Release 2>&1 | tee "$log_dir/dotnet.log" || status=1

if [ ! -d infra-pulumi/node_modules ]; then
  echo "== npm ci --prefix infra-pulumi (first run)"
  npm ci --prefix infra-pulumi --no-audit --no-fund
fi
echo "== npm test --prefix infra-pulumi"
npm test --prefix infra-pulumi 2>&1 | tee "$log_dir/npm.log" || status=1

# Sum the per-assembly summaries of dotnet test and node's test runner.
passed=0 failed=0
while read -r f p; do passed=$((passed + p)); failed=$((failed + f)); done < <(
  grep -hoE 'Failed: +[0-9]+, Passed: +[0-9]+' "$log_dir/dotnet.log" | sed -E 's/Failed: +([0-9]+), Passed: +([0-9]+)/\1 \2/')
np=$(grep -hoE '^# pass [0-9]+' "$log_dir/npm.log" | awk '{s+=$3} END {print s+0}')
nf=$(grep -hoE '^# fail [0-9]+' "$log_dir/npm.log" | awk '{s+=$3} END {print s+0}')
# A skipped or to-do test is a check that did not run: fail, never report it as green.
skipped=$(grep -hoE 'Skipped: +[0-9]+' "$log_dir/dotnet.log" | awk '{s+=$2} END {print s+0}')
ns=$(grep -hoE '^# (skipped|todo) [0-9]+' "$log_dir/npm.log" | awk '{s+=$3} END {print s+0}')
if [ "$skipped" -ne 0 ] || [ "$ns" -ne 0 ]; then
  echo "test.sh: $skipped .NET and $ns Pulumi tests were skipped or left to do; every test must run" >&2
  status=1
fi
if [ "$np" -eq 0 ]; then
  echo "test.sh: the Pulumi tests ran no test" >&2
  status=1
fi
passed=$((passed + np)); failed=$((failed + nf))

echo "tests: $passed passed, $failed failed"
if [ "$passed" -eq 0 ]; then
  echo "test.sh: no test ran" >&2
  exit 1
fi
if [ "$failed" -ne 0 ] || [ "$status" -ne 0 ]; then
  exit 1
fi
