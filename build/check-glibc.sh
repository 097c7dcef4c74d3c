#!/usr/bin/env bash
# Asserts an ELF binary needs at most glibc 2.34 (Amazon Linux 2023, the provided.al2023 / dotnet10 base).
#   build/check-glibc.sh PATH [--max 2.34]
# Reads the versioned symbol requirements (readelf -V, .gnu.version_r) and prints the highest GLIBC_x.y needed
# and the symbols that need it. Exit 0 when within the limit, 1 above it, 2 on usage or read errors.
set -euo pipefail

max=2.34
path=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --max) max="${2:-}"; shift 2 ;;
    -h|--help) sed -n '2,5p' "$0"; exit 0 ;;
    *) if [[ -z "$path" ]]; then path="$1"; shift; else echo "check-glibc: unexpected argument '$1'" >&2; exit 2; fi ;;
  esac
done
[[ -n "$path" ]] || { echo "usage: check-glibc.sh PATH [--max 2.34]" >&2; exit 2; }
[[ -f "$path" ]] || { echo "check-glibc: no such file: $path" >&2; exit 2; }
[[ "$max" =~ ^[0-9]+\.[0-9]+$ ]] || { echo "check-glibc: --max must look like 2.34 (got '$max')" >&2; exit 2; }
command -v readelf >/dev/null || { echo "check-glibc: readelf not found (apt-get install binutils)" >&2; exit 2; }

header="$(readelf -h "$path" 2>/dev/null)" || { echo "check-glibc: $path is not an ELF file" >&2; exit 2; }
# Version needs (.gnu.version_r): every 'Name: GLIBC_x.y' entry is a version some imported symbol requires.
needed="$(readelf -V --wide "$path" | grep -o 'Name: GLIBC_[0-9][0-9.]*' | sed 's/Name: GLIBC_//' | sort -u -V)"
if [[ -z "$needed" ]]; then
  echo "check-glibc: $path has no GLIBC version requirements (static or not linked against glibc)"
  exit 0
fi
highest="$(tail -n1 <<<"$needed")"
echo "check-glibc: $path ($(sed -n 's/^ *Machine: *//p' <<<"$header"))"
echo "check-glibc: GLIBC versions needed: $(tr '\n' ' ' <<<"$needed")"
echo "max GLIBC_$highest needed (limit GLIBC_$max)"

if [[ "$(printf '%s\n%s\n' "$highest" "$max" | sort -V | tail -n1)" != "$max" ]]; then
  echo "check-glibc: FAIL: needs GLIBC_$highest > $max; symbols above the limit:" >&2
  # objdump -T lists each dynamic symbol with the version it binds to.
  objdump -T "$path" | awk -v max="$max" '
    match($0, /GLIBC_[0-9]+\.[0-9]+(\.[0-9]+)?/) {
      v = substr($0, RSTART + 6, RLENGTH - 6); split(v, a, "."); split(max, m, ".");
      if (a[1] > m[1] || (a[1] == m[1] && a[2] > m[2])) print "  " $NF " @ GLIBC_" v
    }' >&2
  exit 1
fi
echo "check-glibc: OK"
