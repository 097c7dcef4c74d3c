#!/usr/bin/env bash
# Organization scale: one org run against a local AWS stand-in (its own process) with per-call latency and throttling.
#   bench/org.sh --accounts 10000 --latency-ms 100 --concurrency 16 --throttle-rate 0.02  (deployed concurrency; ~3.5 min)
#   bench/org.sh --accounts 1000 --latency-ms 30 --concurrency 32 --throttle-rate 0.02    (the figure kept since 1.60x)
#   bench/org.sh --quick                                                                   (20 accounts, for CI; ~10 s)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
exec dotnet run -c Release --project "$here/org/SecHubRootMfa.Bench.Org.csproj" -- "$@"
