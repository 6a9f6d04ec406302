#!/usr/bin/env bash
# Makes sure the benchmark's outside contenders are present: yaz-marcdump (Debian package `yaz`)
# and GNU time (package `time`, for the peak RSS of every contender). Does nothing when both are
# already there, so `npm run bench:parse` can call it on every run.
set -euo pipefail

missing=()
# yaz-client and zoomsh come in the same package; the SRU suite needs them (scripts/test-full.sh).
{ command -v yaz-marcdump && command -v yaz-client && command -v zoomsh; } >/dev/null 2>&1 || missing+=(yaz)
[ -x /usr/bin/time ] || missing+=(time)
[ ${#missing[@]} -eq 0 ] && exit 0

bash "$(dirname "$0")/../ci/apt-install.sh" install-yaz "${missing[@]}"
command -v yaz-marcdump >/dev/null 2>&1 || { echo "install-yaz: yaz-marcdump still not on PATH" >&2; exit 1; }
