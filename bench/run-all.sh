#!/usr/bin/env bash
# Runs every benchmark figure; exits non-zero if any of them fails to run. Asserts no timing.
#   bench/run-all.sh            full figures (as quoted in docs/benchmarks.md; about 8 minutes on 2 cores, 3 of them the 10,000-account org run)
#   bench/run-all.sh --quick    few iterations of each, so CI proves they still run (~2 minutes, most of it publishing)
set -uo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
quick=false
case "${1:-}" in
  --quick) quick=true ;;
  "") ;;
  *) echo "run-all.sh: unknown argument '$1' (usage: [--quick])" >&2; exit 2 ;;
esac

if $quick; then
  figures=("coldstart.sh --rounds 3" "rss.sh --target aot --invocations 200 --every 20" "micro.sh --quick" "package-size.sh" "org.sh --quick" "latency.sh --quick" "profile.sh --target function-aot")
else
  figures=("coldstart.sh --rounds 30" "rss.sh --target aot --invocations 1000 --every 25" "rss.sh --target aot --invocations 10000 --every 100"
           "rss.sh --target managed --invocations 1000 --every 25" "micro.sh" "package-size.sh"
           "org.sh --accounts 1000 --latency-ms 30 --concurrency 32 --throttle-rate 0.02"
           "org.sh --accounts 10000 --latency-ms 100 --concurrency 16 --throttle-rate 0.02" "latency.sh --latency-ms 50 --rounds 30"
           "profile.sh --target hello-aot" "profile.sh --target hello-aws-aot" "profile.sh --target function-aot-ignored" "profile.sh --target function-aot")
fi

# Publish every binary once (incremental: seconds when nothing changed); the figures then skip publishing.
source "$here/lib.sh"
started=$(date +%s)
echo "== publishing the AOT bootstrap, the managed build and the hello floor"
publish aot && publish managed && publish hello || { echo "bench: publishing failed; no figure ran" >&2; exit 1; }
echo "== published in $(( $(date +%s) - started )) s"
export BENCH_PUBLISHED=1

failed=()
for figure in "${figures[@]}"; do
  echo "== bench/$figure"
  started=$(date +%s)
  # shellcheck disable=SC2086  # the figure's arguments are split on purpose
  if bash "$here"/$figure; then
    echo "== bench/$figure: ok in $(( $(date +%s) - started )) s"
  else
    echo "== bench/$figure: FAILED (exit $?) after $(( $(date +%s) - started )) s"
    failed+=("$figure")
  fi
done

echo "bench: $(( ${#figures[@]} - ${#failed[@]} )) of ${#figures[@]} figures ran${failed:+; failed: ${failed[*]}}"
[[ ${#failed[@]} -eq 0 ]]
