#!/usr/bin/env bash
# Proves the AWS client layer (src/SecHubRootMfa.Aws) is Native AOT and trim clean: publishes a console host that
# roots every client operation with PublishAot=true and every warning as an error. Optionally runs the native
# binary against an endpoint (e.g. a moto server) given as the first argument.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
out="${AOT_OUT:-$root/artifacts/aot-aws}"
dotnet publish "$root/build/aot/SecHubRootMfa.Aws.AotCheck/SecHubRootMfa.Aws.AotCheck.csproj" \
  -c Release -r linux-x64 -warnaserror -p:TreatWarningsAsErrors=true -o "$out"
echo "Native AOT publish of SecHubRootMfa.Aws: OK, zero warnings ($out/SecHubRootMfa.Aws.AotCheck)"
if [[ $# -gt 0 ]]; then
  "$out/SecHubRootMfa.Aws.AotCheck" "$1"
fi
