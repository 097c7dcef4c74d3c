#!/usr/bin/env bash
# Per-evaluation CPU time and allocations (BenchmarkDotNet, MemoryDiagnoser, in-process toolchain).
#   bench/micro.sh [--quick]   (--quick: 3 short iterations, proves it runs; do not quote its numbers)
# Reports in artifacts/bench/micro/results/ (GitHub Markdown and JSON).
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
args=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --quick) args+=(--quick); shift ;;
    *) fail "micro.sh: unknown argument '$1' (usage: [--quick])" ;;
  esac
done
micro="$(build_project Micro)"
# Run from the output folder: the benchmarks read the sample events copied there.
cd "$(dirname "$micro")"
dotnet "$micro" "${args[@]}" --artifacts "$results/micro"
