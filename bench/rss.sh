#!/usr/bin/env bash
# Peak memory: RSS (VmRSS/VmHWM from /proc) of one function process over many sequential invocations.
#   bench/rss.sh [--target aot|managed] [--invocations N] [--every K]   (defaults: aot, 1000, 25)
# Prints a Markdown table; samples in artifacts/bench/rss-<target>-<invocations>.json.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
target=aot invocations=1000 every=25
while [[ $# -gt 0 ]]; do
  case "$1" in
    --target) target="${2:?}"; shift 2 ;;
    --invocations) invocations="${2:?}"; shift 2 ;;
    --every) every="${2:?}"; shift 2 ;;
    *) fail "rss.sh: unknown argument '$1' (usage: --target aot|managed --invocations N --every K)" ;;
  esac
done
case "$target" in aot|managed) ;; *) fail "rss.sh: --target must be aot or managed" ;; esac
[[ "${BENCH_PUBLISHED:-}" == 1 ]] || say "publishing the $target build"
publish "$target"
harness="$(build_project Harness)"
dotnet "$harness" rss --target "$target" --invocations "$invocations" --every "$every" --out "$results/rss-$target-$invocations.json"
