#!/usr/bin/env bash
# Publishes the cold-start floor (bench/Hello) as a Native AOT binary with the function's AOT settings.
#   bench/publish-hello.sh  -> artifacts/bench/hello-aot-x86_64/bootstrap (path printed last)
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="$repo/artifacts/bench/hello-aot-x86_64"
staging="$repo/artifacts/obj/bench-hello"
rm -rf "$staging"
# The same publish command as build/publish-function.sh uses for the function.
dotnet publish "$repo/bench/Hello/SecHubRootMfa.Bench.Hello.csproj" -nologo -v quiet -c Release -r linux-x64 \
  -p:PublishAot=true -p:GenerateDocumentationFile=false -o "$staging" >&2
mkdir -p "$out"
cp "$staging/bootstrap" "$out/bootstrap"
rm -rf "$staging"
echo "$out/bootstrap"
