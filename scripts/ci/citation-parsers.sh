#!/usr/bin/env bash
# Independent Python readers of Stacks' citation files, for tests/e2e/citations-python.test.ts:
# rispy (RIS) and bibtexparser (BibTeX), pinned, from PyPI into a virtualenv outside the repo
# (STACKS_CACHE_DIR, default ~/.cache/stacks), made once per pair of versions. `npm run test:full`
# calls this when the virtualenv is missing; without Python or PyPI it says so and exits 1, and
# the suite skips, saying so. `--path` prints the virtualenv's python and installs nothing.
set -euo pipefail
RISPY=0.10.0
BIBTEXPARSER=2.1.0
CACHE="${STACKS_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/stacks}"
VENV="$CACHE/citation-parsers-rispy$RISPY-bibtexparser$BIBTEXPARSER"

if [[ "${1:-}" == "--path" ]]; then
  echo "$VENV/bin/python"
  exit 0
fi
[[ -x "$VENV/bin/python" ]] && exit 0
command -v python3 >/dev/null || { echo "citation-parsers: no python3 on this machine" >&2; exit 1; }
mkdir -p "$CACHE"
rm -rf "$VENV"
python3 -m venv "$VENV" >/dev/null 2>&1 || { echo "citation-parsers: python3 cannot make a virtualenv" >&2; exit 1; }
if ! "$VENV/bin/pip" install --quiet --disable-pip-version-check --timeout 30 "rispy==$RISPY" "bibtexparser==$BIBTEXPARSER" >&2; then
  rm -rf "$VENV"
  echo "citation-parsers: pip could not install rispy==$RISPY bibtexparser==$BIBTEXPARSER" >&2
  exit 1
fi
