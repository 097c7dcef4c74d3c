#!/usr/bin/env bash
# Publishes the Lambda function.
#   build/publish-function.sh [--mode aot|managed] [--arch x86_64|arm64]
# aot     -> artifacts/function/aot-<arch>/bootstrap  (Native AOT, for the provided.al2023 runtime; zip it as is)
#            symbols go to artifacts/function/symbols/aot-<arch>/bootstrap.dbg (never shipped)
# managed -> artifacts/function/managed/ (x86_64) or artifacts/function/managed-arm64/ (framework-dependent, ReadyToRun,
#            for the managed dotnet10 runtime with handler "SecHubRootMfa.Function")
# Exits non-zero on any failure; the last line printed is the output path.
set -euo pipefail

mode=aot
arch=x86_64
while [[ $# -gt 0 ]]; do
  case "$1" in
    --mode) mode="${2:-}"; shift 2 ;;
    --mode=*) mode="${1#*=}"; shift ;;
    --arch) arch="${2:-}"; shift 2 ;;
    --arch=*) arch="${1#*=}"; shift ;;
    -h|--help) sed -n '2,9p' "$0"; exit 0 ;;
    *) echo "publish-function: unknown argument '$1' (usage: --mode aot|managed --arch x86_64|arm64)" >&2; exit 2 ;;
  esac
done

case "$mode" in aot|managed) ;; *) echo "publish-function: --mode must be aot or managed (got '$mode')" >&2; exit 2 ;; esac
case "$arch" in
  x86_64) rid=linux-x64; elf_machine='X86-64' ;;
  arm64) rid=linux-arm64; elf_machine='AArch64' ;;
  *) echo "publish-function: --arch must be x86_64 or arm64 (got '$arch')" >&2; exit 2 ;;
esac

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
project="$repo/src/SecHubRootMfa.Function/SecHubRootMfa.Function.csproj"
assembly=SecHubRootMfa.Function
expected_runtime=10.0.12
cd "$repo"

fail() { echo "publish-function: $*" >&2; exit 1; }

# Publishes build in their own configuration (Lambda: Release settings, separate bin/ and obj/), so a test run that
# builds Release at the same time never sees half-written outputs. aot and managed publishes of one RID share
# obj/Lambda/net10.0/<rid>; never let two run at once.
mkdir -p artifacts
exec 9>artifacts/.publish-function.lock
flock -w 900 9 || fail "another publish-function.sh run held the lock for 15 minutes"

# The ILCompiler / runtime packs the SDK picks must match the runtime the product targets (10.0.12).
check_pack_versions() {
  local props
  props="$(dotnet msbuild "$project" -nologo -p:Configuration=Lambda -p:RuntimeIdentifier="$rid" "$@" \
    -target:ProcessFrameworkReferences -getItem:PackageDownload -getProperty:BundledNETCoreAppPackageVersion)" \
    || fail "could not evaluate the project's package downloads"
  local bundled
  bundled="$(grep -o '"BundledNETCoreAppPackageVersion": "[^"]*"' <<<"$props" | sed 's/.*: "\(.*\)"/\1/')"
  [[ "$bundled" == "$expected_runtime" ]] || fail "the SDK bundles runtime $bundled, expected $expected_runtime (see global.json)"
  local mismatched
  mismatched="$(grep -o '"Version": "\[[^]]*\]"' <<<"$props" | grep -v "\[$expected_runtime\]" || true)"
  [[ -z "$mismatched" ]] || fail "runtime/ILCompiler packs are not all $expected_runtime: $mismatched"
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
machine="$(readelf -h "$staging/$assembly" | sed -n 's/^ *Machine: *//p')"
[[ "$machine" == *"$elf_machine"* ]] || fail "$staging/$assembly is built for '$machine', expected $elf_machine"

# Lambda's provided.al2023 runtime executes a file named 'bootstrap' at the root of the zip.
mkdir -p "$out" "$symbols"
cp "$staging/$assembly" "$out/bootstrap"
chmod 755 "$out/bootstrap"
[[ -f "$staging/$assembly.dbg" ]] && cp "$staging/$assembly.dbg" "$symbols/bootstrap.dbg"
rm -rf "$staging"
size=$(stat -c %s "$out/bootstrap")
echo "publish-function: bootstrap for $arch is $size bytes, built in $(( $(date +%s) - started )) s"
echo "$repo/$out/bootstrap"
