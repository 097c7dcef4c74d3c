#!/usr/bin/env bash
# One cold start of one target under a profiler, to find where the cold start goes (no timing is asserted).
#   bench/profile.sh [--target function-aot|function-aot-ignored|hello-aot|hello-aws-aot|function-managed|candidate-aot]
#                    [--candidate BOOTSTRAP] [-- WRAPPER ARGS...]
# Default wrapper: callgrind (instruction counts, repeatable on a noisy machine), output in artifacts/bench/profile/.
# Example: bench/profile.sh --target function-aot -- strace -f -ttt -o /tmp/trace.txt
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
target=function-aot
candidate=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --target) target="${2:?--target needs a name}"; shift 2 ;;
    --candidate) candidate=(--candidate "$(realpath "${2:?--candidate needs a path}")"); shift 2 ;;
    --) shift; break ;;
    *) fail "profile.sh: unknown argument '$1' (usage: [--target NAME] [--candidate BOOTSTRAP] [-- WRAPPER ARGS...])" ;;
  esac
done
if [[ $# -eq 0 ]]; then
  command -v valgrind >/dev/null || fail "valgrind is not installed; pass another wrapper after --"
  mkdir -p "$results/profile"
  set -- valgrind --tool=callgrind "--callgrind-out-file=$results/profile/callgrind.$target.out"
fi
publish aot; publish managed; publish hello
harness="$(build_project Harness)"
dotnet "$harness" profile --target "$target" "${candidate[@]}" -- "$@"
if [[ "$1" == valgrind && -f "$results/profile/callgrind.$target.out" ]]; then
  callgrind_annotate "$results/profile/callgrind.$target.out" | grep "PROGRAM TOTALS" | sed "s/^/bench: $target instructions: /" >&2
fi
