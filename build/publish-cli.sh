#!/usr/bin/env bash
# Publishes the CLI as one executable file, artifacts/cli/sechubrootmfa, so a run costs the program's start-up instead
# of `dotnet run`'s build check. Default: framework-dependent (needs the .NET 10 runtime, which the SDK includes);
# --self-contained bundles the runtime (bigger, runs on a machine without .NET).
#   build/publish-cli.sh [--self-contained] [--rid linux-x64|linux-arm64|osx-arm64|win-x64]
set -euo pipefail
cd "$(dirname "$0")/.."

self_contained=false
rid=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --self-contained) self_contained=true; shift ;;
    --rid) rid="${2:?--rid needs a runtime identifier}"; shift 2 ;;
    *) echo "usage: build/publish-cli.sh [--self-contained] [--rid RID]" >&2; exit 2 ;;
  esac
done

if [[ -z "$rid" ]]; then
  case "$(uname -s)-$(uname -m)" in
    Linux-x86_64) rid=linux-x64 ;;
    Linux-aarch64) rid=linux-arm64 ;;
    Darwin-arm64) rid=osx-arm64 ;;
    Darwin-x86_64) rid=osx-x64 ;;
    *) echo "error: cannot tell the runtime identifier of $(uname -s)-$(uname -m); pass --rid" >&2; exit 2 ;;
  esac
fi

out=artifacts/cli
dotnet publish src/SecHubRootMfa.Cli -c Release -r "$rid" --self-contained "$self_contained" \
  -p:PublishSingleFile=true -p:DebugType=none -p:PublishDocumentationFiles=false -p:PublishReferencesDocumentationFiles=false \
  -o "$out" --nologo -v quiet
echo "$out/sechubrootmfa"
