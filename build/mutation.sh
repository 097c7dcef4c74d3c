#!/usr/bin/env bash
# Mutation testing with Stryker.NET (the version pinned in .config/dotnet-tools.json): would a test notice a wrong verdict?
#   build/mutation.sh [core|service|all]           full run of each project (default all); times in docs/quality.md
#   build/mutation.sh core --quick                  Core's verdict code only (Evaluation/ and the outbox: Findings/ChangeOutbox.cs, PendingChange.cs, ChangeId.cs); CI runs this
#   build/mutation.sh PROJECT --since[=REF]         only mutants in files changed since REF (default main)
#   build/mutation.sh PROJECT --mutate GLOB         only mutants in files matching GLOB (repeatable; e.g. '**/Checking/*.cs')
#   options: --concurrency N (default 2: the machine has 2 cores), --break-at N (exit 1 below N %)
# Settings per project: tests/SecHubRootMfa.Core.Tests/stryker-config.json, src/SecHubRootMfa.Service/stryker-config.json
# (what each ignores, and why, is in docs/quality.md). Reports: artifacts/mutation/<name>/reports/mutation-report.{json,html},
# <name> being core, service, core-quick or <project>-part.
# Prints one line per project: "mutation score <project>: N % (...)". Exits non-zero if Stryker cannot run, reports no
# tested mutant, or a score is below --break-at.
set -euo pipefail
# One compound command, read whole before it runs: editing this file during a long run cannot change the run.
{

usage() { sed -n '2,12p' "$0"; }
fail() { echo "mutation: $*" >&2; exit 1; }

projects=()
quick=false
since=""
concurrency=2
break_at=""
mutate=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    core|service) projects+=("$1"); shift ;;
    all) projects+=(core service); shift ;;
    --quick) quick=true; shift ;;
    --since) since=main; shift ;;
    --since=*) since="${1#*=}"; shift ;;
    --concurrency) concurrency="${2:-}"; shift 2 ;;
    --concurrency=*) concurrency="${1#*=}"; shift ;;
    --mutate) [[ -n "${2:-}" ]] || { echo "mutation: --mutate needs a file glob" >&2; exit 2; }; mutate+=("$2"); shift 2 ;;
    --mutate=*) mutate+=("${1#*=}"); shift ;;
    --break-at) break_at="${2:-}"; shift 2 ;;
    --break-at=*) break_at="${1#*=}"; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "mutation: unknown argument '$1'" >&2; usage >&2; exit 2 ;;
  esac
done
[[ ${#projects[@]} -gt 0 ]] || projects=(core service)
[[ "$concurrency" =~ ^[1-9][0-9]*$ ]] || { echo "mutation: --concurrency must be a positive number (got '$concurrency')" >&2; exit 2; }
[[ -z "$break_at" || "$break_at" =~ ^([0-9]|[1-9][0-9]|100)$ ]] || { echo "mutation: --break-at must be 0-100 (got '$break_at')" >&2; exit 2; }
if $quick && [[ " ${projects[*]} " != " core " ]]; then
  echo "mutation: --quick is defined for core only" >&2; exit 2
fi
if [[ ${#mutate[@]} -gt 0 ]] && { $quick || [[ ${#projects[@]} -ne 1 ]]; }; then
  echo "mutation: --mutate needs exactly one project and no --quick" >&2; exit 2
fi

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"
command -v dotnet >/dev/null 2>&1 || fail "needs the .NET SDK (dotnet) on PATH"
command -v python3 >/dev/null 2>&1 || fail "needs python3 on PATH (it reads the JSON report)"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet tool restore >/dev/null || fail "'dotnet tool restore' failed: dotnet-stryker (.config/dotnet-tools.json) could not be installed"
if [[ -n "$since" ]]; then
  git rev-parse --verify --quiet "$since^{commit}" >/dev/null || fail "--since: '$since' is not a commit in this repository"
fi

# Prints "score killed timeout survived nocoverage ignored compileerror" from Stryker's JSON report (schema of
# mutation-testing-elements): score = detected / (detected + undetected), detected = killed + timeout.
summarize() {
  python3 - "$1" <<'PY'
import json, sys, collections
report = json.load(open(sys.argv[1], encoding="utf-8"))
counts = collections.Counter(m["status"] for f in report["files"].values() for m in f["mutants"])
detected = counts["Killed"] + counts["Timeout"]
valid = detected + counts["Survived"] + counts["NoCoverage"]
score = 100.0 * detected / valid if valid else -1
print(f'{score:.2f} {counts["Killed"]} {counts["Timeout"]} {counts["Survived"]} {counts["NoCoverage"]} {counts["Ignored"]} {counts["CompileError"]}')
PY
}

# Stryker builds the projects and puts each mutated assembly into its test projects' output: it builds them in its own
# configuration (bin/Mutation, obj/Mutation), so a Debug or Release build or test run at the same time is never
# disturbed and never runs a mutated assembly; two mutation runs of one clone would share it, so one runs at a time
# (mkdir is atomic; a lock whose process has ended is taken over).
mkdir -p artifacts
lock=artifacts/.mutation.lock.d
if ! mkdir "$lock" 2>/dev/null; then
  owner="$(cat "$lock/pid" 2>/dev/null || true)"
  if [[ -n "$owner" ]] && kill -0 "$owner" 2>/dev/null; then
    fail "another build/mutation.sh run (pid $owner) is using this clone; wait for it (or delete $repo/$lock if none runs)"
  fi
  rm -rf "$lock"
  mkdir "$lock" || fail "could not take $repo/$lock"
fi
echo $$ > "$lock/pid"
trap 'rm -rf "$repo/$lock"' EXIT

status=0
for project in "${projects[@]}"; do
  case "$project" in
    core) run_dir=tests/SecHubRootMfa.Core.Tests ;;
    service) run_dir=src/SecHubRootMfa.Service ;;  # several test projects: Stryker runs in the project under test
  esac
  name="$project"
  args=(--config-file stryker-config.json --configuration Mutation --concurrency "$concurrency" --skip-version-check)
  if $quick; then
    # The verdict and the change outbox: every survivor here is killed by a test or listed in docs/quality.md.
    name=core-quick
    args+=(--mutate "**/Evaluation/*.cs" --mutate "**/Findings/ChangeOutbox.cs" --mutate "**/Findings/PendingChange.cs" --mutate "**/Findings/ChangeId.cs")
  fi
  if [[ ${#mutate[@]} -gt 0 ]]; then
    # A part of the project, while working folder by folder; its report goes beside the full run's, never over it.
    name="$project-part"
    for glob in "${mutate[@]}"; do args+=(--mutate "$glob"); done
  fi
  [[ -n "$since" ]] && args+=("--since:$since")
  # Stryker wants break <= low <= high; the thresholds only colour the HTML report.
  [[ -n "$break_at" ]] && args+=(--threshold-high 100 --threshold-low "$break_at" --break-at "$break_at")
  out="$repo/artifacts/mutation/$name"
  rm -rf "$out"
  mkdir -p "$out"
  args+=(--output "$out")

  echo "== mutation $name: dotnet stryker ${args[*]} (in $run_dir)"
  started=$(date +%s)
  run_status=0
  (cd "$run_dir" && dotnet stryker "${args[@]}") >"$out/stryker.log" 2>&1 || run_status=$?
  elapsed=$(( $(date +%s) - started ))
  report="$out/reports/mutation-report.json"
  if [[ ! -f "$report" ]]; then
    tail -n 40 "$out/stryker.log" >&2
    fail "$name: Stryker wrote no report (exit $run_status after ${elapsed} s); log: $out/stryker.log"
  fi
  read -r score killed timeout survived nocoverage ignored compile < <(summarize "$report")
  if [[ "$score" == "-1.00" ]]; then
    if [[ -n "$since" ]]; then
      echo "mutation score $name: no mutant in files changed since $since (${elapsed} s)"
      continue
    fi
    fail "$name: the report holds no tested mutant; log: $out/stryker.log"
  fi
  echo "mutation score $name: $score % (killed $killed, timeout $timeout, survived $survived, no coverage $nocoverage;" \
    "ignored $ignored, compile errors $compile) in ${elapsed} s -> ${out#"$repo"/}/reports/mutation-report.html"
  if [[ "$run_status" -ne 0 ]]; then
    tail -n 20 "$out/stryker.log" >&2
    echo "mutation: $name: Stryker exited $run_status${break_at:+ (--break-at $break_at)}" >&2
    status=1
  fi
done
exit "$status"
}
