#!/usr/bin/env bash
# Publishes the Lambda function.
#   build/publish-function.sh [--mode aot|managed] [--arch x86_64|arm64]
#   build/publish-function.sh --print-runtime-band   (the .NET runtime band it accepts, from global.json)
# aot     -> artifacts/function/aot-<arch>/bootstrap  (Native AOT, for the provided.al2023 runtime; zip it as is)
#            symbols go to artifacts/function/symbols/aot-<arch>/bootstrap.dbg (never shipped)
# managed -> artifacts/function/managed/ (x86_64) or artifacts/function/managed-arm64/ (framework-dependent, ReadyToRun,
#            for the managed dotnet10 runtime with handler "SecHubRootMfa.Function")
# Exits non-zero on any failure; the last line printed is the output path.
# Portable to bash 3.2 (macOS) and BSD tools: no flock, no GNU stat, no readelf. aot needs a Linux host.
if [ -z "${BASH_VERSION:-}" ]; then
  echo "publish-function: run this script with bash (bash build/publish-function.sh ...)" >&2
  exit 1
fi
set -euo pipefail

mode=aot
arch=x86_64
print_band=0
while [[ $# -gt 0 ]]; do
  case "$1" in
    --mode) mode="${2:-}"; shift 2 ;;
    --mode=*) mode="${1#*=}"; shift ;;
    --arch) arch="${2:-}"; shift 2 ;;
    --arch=*) arch="${1#*=}"; shift ;;
    --print-runtime-band) print_band=1; shift ;;
    -h|--help) sed -n '2,10p' "$0"; exit 0 ;;
    *) echo "publish-function: unknown argument '$1' (usage: --mode aot|managed --arch x86_64|arm64)" >&2; exit 2 ;;
  esac
done

case "$mode" in aot|managed) ;; *) echo "publish-function: --mode must be aot or managed (got '$mode')" >&2; exit 2 ;; esac
case "$arch" in
  x86_64) rid=linux-x64; elf_machine=62 ;;
  arm64) rid=linux-arm64; elf_machine=183 ;;
  *) echo "publish-function: --arch must be x86_64 or arm64 (got '$arch')" >&2; exit 2 ;;
esac

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
project="$repo/src/SecHubRootMfa.Function/SecHubRootMfa.Function.csproj"
assembly=SecHubRootMfa.Function
cd "$repo"

fail() { echo "publish-function: $*" >&2; exit 1; }

# The runtime pin, one decision: global.json pins the SDK band (10.0.x with rollForward latestFeature), and any
# servicing release of that runtime band is accepted (today's and the next patch release's alike), as long
# as the SDK's bundled runtime and every runtime/ILCompiler pack it downloads are that same version. The version that
# built the package is printed and recorded in artifacts/function/<variant>.build-info.
sdk_version="$(sed -n 's/.*"version"[[:space:]]*:[[:space:]]*"\([0-9][0-9]*\.[0-9][0-9]*\)\.[0-9]*".*/\1/p' global.json | head -n 1)"
[[ -n "$sdk_version" ]] || fail "could not read the SDK version from $repo/global.json"
runtime_band="$sdk_version"
if [[ "$print_band" == 1 ]]; then
  echo "$runtime_band"
  exit 0
fi

# Fail at once, naming what is missing, before taking the lock or starting a long build.
need() { command -v "$1" >/dev/null 2>&1 || fail "needs '$1' on PATH: $2"; }
if [[ "$mode" == aot ]]; then
  host_os="$(uname -s)"
  [[ "$host_os" == Linux ]] || fail "Native AOT for Lambda (Linux) builds only on a Linux host, not $host_os. Deploy with \`pulumi config set runtimeMode managed\` instead, or publish on Linux (CI) and point functionPackageDir at the result."
fi
need dotnet "install the .NET ${runtime_band} SDK (global.json asks for $(sed -n 's/.*"version"[[:space:]]*:[[:space:]]*"\([^"]*\)".*/\1/p' global.json | head -n 1) or a later feature band)"
for tool in sed grep od tr wc date mkdir cp chmod; do need "$tool" "a standard POSIX tool"; done

# Publishes build in their own configuration (Lambda: Release settings, separate bin/ and obj/), so a test run that
# builds Release at the same time never sees half-written outputs. aot and managed publishes of one RID share
# obj/Lambda/net10.0/<rid>; never let two run at once. mkdir is atomic everywhere, unlike flock (Linux only); a lock
# whose owner process is gone is taken over.
mkdir -p artifacts
lock=artifacts/.publish-function.lock.d
waited=0
until mkdir "$lock" 2>/dev/null; do
  owner="$(cat "$lock/pid" 2>/dev/null || true)"
  if [[ -n "$owner" ]] && ! kill -0 "$owner" 2>/dev/null; then
    echo "publish-function: taking over the lock of finished run $owner" >&2
    rm -rf "$lock"
    continue
  fi
  if (( waited == 0 )); then echo "publish-function: waiting for another publish (pid ${owner:-unknown}) to finish..." >&2; fi
  (( waited >= 900 )) && fail "another publish-function.sh run (pid ${owner:-unknown}) has held $repo/$lock for 15 minutes; if none is running, delete that folder"
  sleep 1
  waited=$((waited + 1))
done
echo $$ > "$lock/pid"
trap 'rm -rf "$repo/$lock"' EXIT

# The ILCompiler / runtime packs the SDK picks must all be the runtime it bundles, within global.json's band.
check_pack_versions() {
  local props
  props="$(dotnet msbuild "$project" -nologo -p:Configuration=Lambda -p:RuntimeIdentifier="$rid" "$@" \
    -target:ProcessFrameworkReferences -getItem:PackageDownload -getProperty:BundledNETCoreAppPackageVersion)" \
    || fail "could not evaluate the project's package downloads"
  local bundled
  bundled="$(grep -o '"BundledNETCoreAppPackageVersion": "[^"]*"' <<<"$props" | sed 's/.*: "\(.*\)"/\1/')"
  [[ "$bundled" == "$runtime_band".* ]] || fail "the SDK bundles runtime ${bundled:-?}, outside the $runtime_band band global.json pins"
  local mismatched
  mismatched="$(grep -o '"Version": "\[[^]]*\]"' <<<"$props" | grep -v "\[$bundled\]" || true)"
  [[ -z "$mismatched" ]] || fail "runtime/ILCompiler packs are not all $bundled: $mismatched"
  built_with="$bundled"
  echo "publish-function: .NET runtime $built_with (band $runtime_band, from global.json), SDK $(dotnet --version)"
}

# What built this package, next to it (not inside it, so the zip stays byte-identical for identical code).
record_build() {
  printf 'runtime=%s\nsdk=%s\nmode=%s\narch=%s\n' "$built_with" "$(dotnet --version)" "$mode" "$arch" > "artifacts/function/$1.build-info"
}

if [[ "$mode" == managed ]]; then
  out="artifacts/function/managed"
  [[ "$arch" == arm64 ]] && out="artifacts/function/managed-arm64"
  check_pack_versions -p:PublishReadyToRun=true
  rm -rf "$out"
  # Framework-dependent: the dotnet10 runtime provides .NET. ReadyToRun precompiles our code for the target
  # architecture to cut JIT time at cold start. No apphost: Lambda starts the assembly with `dotnet exec`.
  dotnet publish "$project" -nologo -c Lambda -r "$rid" --self-contained false \
    -p:PublishReadyToRun=true -p:UseAppHost=false -p:GenerateDocumentationFile=false -p:DebugType=none -o "$out" \
    || fail "dotnet publish (managed) failed"
  for f in "$assembly.dll" "$assembly.runtimeconfig.json" "$assembly.deps.json"; do
    [[ -f "$out/$f" ]] || fail "managed publish did not produce $out/$f"
  done
  record_build "$(basename "$out")"
  echo "publish-function: managed package ready; Lambda runtime dotnet10, handler '$assembly', architecture $arch"
  echo "$repo/$out"
  exit 0
fi

# --- Native AOT ---
extra=()
host_arch="$(uname -m)"
if [[ "$arch" == arm64 && "$host_arch" != aarch64 ]]; then
  # Cross-compiling: clang targets aarch64-linux-gnu and links with the GNU cross binutils against Debian's arm64
  # cross glibc. Everything needed comes from Debian packages; say exactly what is missing.
  missing=()
  clang_bin=""
  for c in clang clang-19 clang-18 clang-17 clang-16 clang-15 clang-14; do
    if command -v "$c" >/dev/null 2>&1; then clang_bin="$c"; break; fi
  done
  [[ -n "$clang_bin" ]] || missing+=(clang)
  command -v aarch64-linux-gnu-ld.bfd >/dev/null 2>&1 || missing+=(binutils-aarch64-linux-gnu)
  [[ -f /usr/aarch64-linux-gnu/lib/libc.so && -f /usr/aarch64-linux-gnu/lib/crt1.o ]] || missing+=(libc6-dev-arm64-cross)
  compgen -G '/usr/lib/gcc-cross/aarch64-linux-gnu/*/crtbegin.o' >/dev/null || missing+=(gcc-aarch64-linux-gnu)
  objcopy_bin=""
  for o in llvm-objcopy llvm-objcopy-19 llvm-objcopy-18 llvm-objcopy-17 llvm-objcopy-16 llvm-objcopy-15 llvm-objcopy-14 aarch64-linux-gnu-objcopy; do
    if command -v "$o" >/dev/null 2>&1; then objcopy_bin="$o"; break; fi
  done
  [[ -n "$objcopy_bin" ]] || missing+=(binutils-aarch64-linux-gnu)
  if [[ ${#missing[@]} -gt 0 ]]; then
    echo "publish-function: arm64 Native AOT on $host_arch needs a cross toolchain; missing Debian packages: ${missing[*]}" >&2
    echo "publish-function: install with: apt-get update && apt-get install -y --no-install-recommends $(printf '%s\n' "${missing[@]}" | sort -u | tr '\n' ' ')" >&2
    exit 3
  fi
  extra+=("-p:CppCompilerAndLinker=$clang_bin" "-p:ObjCopyName=$objcopy_bin")
elif [[ "$arch" == x86_64 && "$host_arch" != x86_64 ]]; then
  fail "x86_64 Native AOT from a $host_arch host is not set up; publish on an x86_64 machine"
fi

check_pack_versions -p:PublishAot=true
out="artifacts/function/aot-$arch"
symbols="artifacts/function/symbols/aot-$arch"
staging="artifacts/obj/publish-aot-$arch"
rm -rf "$staging" "$out" "$symbols"
started=$(date +%s)
# -warnaserror: a trim or AOT warning anywhere in the shipped code fails the publish.
dotnet publish "$project" -nologo -c Lambda -r "$rid" -p:PublishAot=true -p:GenerateDocumentationFile=false -warnaserror \
  "${extra[@]}" -o "$staging" || fail "dotnet publish (aot, $rid) failed"
[[ -f "$staging/$assembly" ]] || fail "Native AOT publish did not produce $staging/$assembly"
# ELF e_machine (2 bytes at offset 18, little-endian): 62 = x86-64, 183 = AArch64. od is POSIX, readelf is not everywhere.
machine="$(od -An -tu2 -j18 -N2 "$staging/$assembly" | tr -d ' ')"
[[ "$machine" == "$elf_machine" ]] || fail "$staging/$assembly is built for ELF machine ${machine:-?}, expected $elf_machine"

# Lambda's provided.al2023 runtime executes a file named 'bootstrap' at the root of the zip.
mkdir -p "$out" "$symbols"
cp "$staging/$assembly" "$out/bootstrap"
chmod 755 "$out/bootstrap"
[[ -f "$staging/$assembly.dbg" ]] && cp "$staging/$assembly.dbg" "$symbols/bootstrap.dbg"
rm -rf "$staging"
record_build "aot-$arch"
size=$(wc -c < "$out/bootstrap" | tr -d ' ')
echo "publish-function: bootstrap for $arch is $size bytes, built in $(( $(date +%s) - started )) s"
echo "$repo/$out/bootstrap"
