#!/usr/bin/env bash
# Organization runs fanned out on the run queue, measured in one session (docs/benchmarks.md section 7):
#   10,000 accounts at 100 ms in one invocation (today's path) and on the run queue, then 50,000 accounts at 200 ms
#   with a first run delivering changes (--publisher). Each line of load average is printed before its run.
#   bench/org-fanout.sh [--consumers 10] [--consumers-50k 20]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
consumers=10 consumers_large=20
while [ $# -gt 0 ]; do
  case "$1" in
    --consumers) consumers="$2"; shift 2 ;;
    --consumers-50k) consumers_large="$2"; shift 2 ;;
    *) echo "usage: $0 [--consumers N] [--consumers-50k N]" >&2; exit 2 ;;
  esac
done
dotnet build -c Release "$here/org/SecHubRootMfa.Bench.Org.csproj" >/dev/null
bench=( dotnet "$here/org/bin/Release/net10.0/SecHubRootMfa.Bench.Org.dll" )
run() { echo "== $* ($(uptime | sed 's/.*load average/load average/'))"; "${bench[@]}" "$@"; }
run --accounts 10000 --latency-ms 100 --concurrency 16 --throttle-rate 0.02
run --accounts 10000 --latency-ms 100 --concurrency 10 --throttle-rate 0.02 --consumers "$consumers"
run --accounts 50000 --latency-ms 200 --concurrency 10 --throttle-rate 0.02 --consumers "$consumers_large" --publisher
echo "== done ($(uptime | sed 's/.*load average/load average/'))"
