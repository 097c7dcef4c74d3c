#!/usr/bin/env bash
# Organization scale: one org run against a local stub with per-call latency and Security Hub throttling.
#   bench/org.sh --accounts 1000 --latency-ms 30 --concurrency 32 --throttle-rate 0.02   (the figure in bench/org/README.md)
#   bench/org.sh --quick                                                                  (20 accounts, for CI)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
exec dotnet run -c Release --project "$here/org/SecHubRootMfa.Bench.Org.csproj" -- "$@"
