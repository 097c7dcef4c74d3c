# Shared by the bench/*.sh scripts (sourced, not run). Publishing goes through the product's own scripts, so a
# figure always measures what would ship.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
results="$repo/artifacts/bench"
mkdir -p "$results"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

say() { echo "bench: $*" >&2; }
fail() { echo "bench: $*" >&2; exit 1; }

# publish aot|managed|hello (both floors): incremental publishes (seconds when nothing changed); output only on failure.
# run-all.sh publishes once up front and sets BENCH_PUBLISHED=1 so the figures do not publish again.
publish() {
  [[ "${BENCH_PUBLISHED:-}" == 1 ]] && return 0
  local log
  log="$(mktemp)"
  case "$1" in
    aot) bash "$repo/build/publish-function.sh" --mode aot --arch x86_64 >"$log" 2>&1 ;;
    managed) bash "$repo/build/publish-function.sh" --mode managed >"$log" 2>&1 ;;
    hello) bash "$repo/bench/publish-hello.sh" >"$log" 2>&1 && bash "$repo/bench/publish-hello.sh" --aws >>"$log" 2>&1 ;;
  esac || { cat "$log" >&2; rm -f "$log"; fail "publishing $1 failed"; }
  rm -f "$log"
}

# build_project NAME: builds bench/NAME/SecHubRootMfa.Bench.NAME.csproj (Release) and prints its dll.
build_project() {
  local project="$repo/bench/$1/SecHubRootMfa.Bench.$1.csproj" log
  log="$(mktemp)"
  dotnet build "$project" -c Release -nologo -v q >"$log" 2>&1 || { cat "$log" >&2; rm -f "$log"; fail "building $1 failed"; }
  rm -f "$log"
  echo "$repo/bench/$1/bin/Release/net10.0/SecHubRootMfa.Bench.$1.dll"
}
