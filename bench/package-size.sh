#!/usr/bin/env bash
# Deployed package size: the zip the Pulumi program deploys (its own packageFunction, deflate level 9), for the AOT
# bootstrap and the framework-dependent build, plus the hello floor for scale.
#   bench/package-size.sh
# Zips in artifacts/bench/packages/; prints a Markdown table.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
[[ $# -eq 0 ]] || fail "package-size.sh takes no arguments"
if [[ ! -x "$repo/infra-pulumi/node_modules/.bin/tsx" ]]; then
  say "npm ci --prefix infra-pulumi (first run)"
  npm ci --prefix "$repo/infra-pulumi" --no-audit --no-fund >&2
fi
publish aot; publish managed; publish hello
out="$results/packages"
rm -rf "$out"; mkdir -p "$out/hello"
cp "$results/hello-aot-x86_64/bootstrap" "$out/hello/bootstrap"
cd "$repo/infra-pulumi"
node --import tsx -e '
const { packageFunction } = require("./src/build.ts");
const fs = require("node:fs"), path = require("node:path");
const [out, ...pairs] = process.argv.slice(1);
const mib = (n) => (n / 1048576).toFixed(2);
console.log("| package | files | unzipped bytes | zipped bytes | zipped MiB |");
console.log("| --- | ---: | ---: | ---: | ---: |");
for (let i = 0; i < pairs.length; i += 2) {
  const [name, dir] = [pairs[i], pairs[i + 1]];
  const files = fs.readdirSync(dir).filter((f) => fs.statSync(path.join(dir, f)).isFile());
  const raw = files.reduce((s, f) => s + fs.statSync(path.join(dir, f)).size, 0);
  const zip = path.join(out, name + ".zip");
  packageFunction(dir, zip);
  const zipped = fs.statSync(zip).size;
  console.log(`| ${name} | ${files.length} | ${raw} | ${zipped} | ${mib(zipped)} |`);
}' "$out" \
  function-aot-x86_64 "$repo/artifacts/function/aot-x86_64" \
  function-managed "$repo/artifacts/function/managed" \
  hello-aot-x86_64 "$out/hello"
