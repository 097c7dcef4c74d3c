#!/usr/bin/env bash
# Proves the generator on events the OCSF project published: every example event under EXAMPLES_DIR (a checkout of
# github.com/ocsf/examples) is validated against the schema generated from SCHEMA_GIT_DIR (a clone of
# github.com/ocsf/ocsf-schema) at the tag of its metadata.version, and copies of it with one defect each must fail.
# Examples that hold no single event, or name a version without a tag, are listed as skipped with the reason.
# Usage: tools/OcsfSchema/check-examples.sh SCHEMA_GIT_DIR EXAMPLES_DIR
set -euo pipefail
schema_git=${1:?usage: check-examples.sh SCHEMA_GIT_DIR EXAMPLES_DIR}
examples=${2:?usage: check-examples.sh SCHEMA_GIT_DIR EXAMPLES_DIR}
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

dotnet build "$here" -c Release -o "$work/bin" >/dev/null
# One line per example: "<version>\t<file>", or "skip\t<file>\t<reason>".
python3 - "$examples" > "$work/list" <<'PY'
import json, pathlib, sys
for path in sorted(pathlib.Path(sys.argv[1]).rglob("*")):
    if path.suffix not in (".ocsf", ".json") or not path.is_file():
        continue
    try:
        event = json.loads(path.read_text())
    except ValueError as e:
        print(f"skip\t{path}\tnot one JSON document ({e.__class__.__name__})")
        continue
    if not isinstance(event, dict) or "class_uid" not in event:
        continue
    version = (event.get("metadata") or {}).get("version")
    print(f"{version}\t{path}" if version else f"skip\t{path}\tno metadata.version")
PY

status=0
grep -P '^skip\t' "$work/list" | cut -f2- | sed 's/^/skipped /' || true
for version in $(grep -vP '^skip\t' "$work/list" | cut -f1 | sort -u); do
  tag=""
  for candidate in "$version" "v$version"; do
    if git -C "$schema_git" rev-parse -q --verify "refs/tags/$candidate^{commit}" >/dev/null; then tag=$candidate; break; fi
  done
  if [ -z "$tag" ]; then
    grep -P "^\Q$version\E\t" "$work/list" | cut -f2 | sed "s/^/skipped (no tag for OCSF $version) /"
    continue
  fi
  mkdir -p "$work/$tag"
  git -C "$schema_git" archive "refs/tags/$tag" | tar -x -C "$work/$tag"
  mapfile -t files < <(grep -P "^\Q$version\E\t" "$work/list" | cut -f2)
  echo "== OCSF $version (tag $tag): ${#files[@]} example(s)"
  "$work/bin/ocsf-schema" check "$work/$tag" "${files[@]}" || status=1
done
exit $status
