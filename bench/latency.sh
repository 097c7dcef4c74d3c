#!/usr/bin/env bash
# Evaluation latency: event -> response with every AWS call answered after a fixed latency, sequential reads (before)
# and concurrent reads (after) interleaved in one run, each against its ideal (round trips x latency).
#   bench/latency.sh --latency-ms 50 --rounds 20   (the figure in docs/benchmarks.md)
#   bench/latency.sh --quick                       (3 rounds, for CI)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
exec dotnet run -c Release --project "$here/latency/SecHubRootMfa.Bench.Latency.csproj" -- "$@"
