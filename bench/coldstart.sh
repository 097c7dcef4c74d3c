#!/usr/bin/env bash
# Cold start: process start to the first invocation's response at the Runtime API emulator, for the hello AOT floor,
# the AOT bootstrap (evaluating, and ignoring an event), and the framework-dependent build under `dotnet exec`.
#   bench/coldstart.sh [--rounds N]   (default 20; each round starts every target once, interleaved)
# Prints a Markdown table; samples in artifacts/bench/coldstart.json.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
rounds=20
while [[ $# -gt 0 ]]; do
  case "$1" in
    --rounds) rounds="${2:?--rounds needs a number}"; shift 2 ;;
    *) fail "coldstart.sh: unknown argument '$1' (usage: --rounds N)" ;;
  esac
done
[[ "${BENCH_PUBLISHED:-}" == 1 ]] || say "publishing the AOT bootstrap, the managed build and the hello floor"
publish aot; publish managed; publish hello
harness="$(build_project Harness)"
dotnet "$harness" coldstart --rounds "$rounds" --out "$results/coldstart.json"
