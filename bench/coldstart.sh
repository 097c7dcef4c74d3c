#!/usr/bin/env bash
# Cold start: process start to the first invocation's response at the Runtime API emulator, for the hello AOT floor,
# the AOT bootstrap (evaluating, and ignoring an event), and the framework-dependent build under `dotnet exec`.
#   bench/coldstart.sh [--rounds N] [--candidate BOOTSTRAP]
#   --rounds: default 20; each round starts every target once, interleaved.
#   --candidate: another AOT bootstrap (a build being tried out), measured in the same rounds and compared with the
#   function's and the floor's; same-run ratios are the only fair comparison on a noisy machine.
# Prints a Markdown table; samples in artifacts/bench/coldstart.json.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
rounds=20
candidate=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --rounds) rounds="${2:?--rounds needs a number}"; shift 2 ;;
    --candidate) candidate=(--candidate "$(realpath "${2:?--candidate needs a path}")"); shift 2 ;;
    *) fail "coldstart.sh: unknown argument '$1' (usage: [--rounds N] [--candidate BOOTSTRAP])" ;;
  esac
done
[[ "${BENCH_PUBLISHED:-}" == 1 ]] || say "publishing the AOT bootstrap, the managed build and the hello floor"
publish aot; publish managed; publish hello
harness="$(build_project Harness)"
dotnet "$harness" coldstart --rounds "$rounds" "${candidate[@]}" --out "$results/coldstart.json"
