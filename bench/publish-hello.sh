#!/usr/bin/env bash
# Publishes a cold-start floor as a Native AOT binary with the function's AOT settings.
#   bench/publish-hello.sh        bench/Hello (Runtime API loop only) -> artifacts/bench/hello-aot-x86_64/bootstrap
#   bench/publish-hello.sh --aws  bench/HelloAws (plus a first evaluation's AWS calls) -> artifacts/bench/hello-aws-aot-x86_64/bootstrap
# The path of the binary is printed last.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
case "${1:-}" in
  "") project=Hello; out="$repo/artifacts/bench/hello-aot-x86_64" ;;
  --aws) project=HelloAws; out="$repo/artifacts/bench/hello-aws-aot-x86_64" ;;
  *) echo "publish-hello.sh: unknown argument '$1' (usage: [--aws])" >&2; exit 2 ;;
esac
staging="$repo/artifacts/obj/bench-$project"
rm -rf "$staging"
# The same publish command as build/publish-function.sh uses for the function.
dotnet publish "$repo/bench/$project/SecHubRootMfa.Bench.$project.csproj" -nologo -v quiet -c Release -r linux-x64 \
  -p:PublishAot=true -p:GenerateDocumentationFile=false -o "$staging" >&2
mkdir -p "$out"
cp "$staging/bootstrap" "$out/bootstrap"
rm -rf "$staging"
echo "$out/bootstrap"
