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

if ! command -v apt-get >/dev/null 2>&1; then
  echo "install-yaz: apt-get is not available here; install ${missing[*]} (yaz-marcdump and GNU time at /usr/bin/time) with this system's package manager" >&2
  exit 1
fi

sudo=()
if [ "$(id -u)" -ne 0 ]; then
  if ! command -v sudo >/dev/null 2>&1; then
    echo "install-yaz: not root and sudo is missing; run as root: apt-get install -y ${missing[*]}" >&2
    exit 1
  fi
  sudo=(sudo)
fi

echo "install-yaz: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
# A fresh image may have no package lists yet; update only when the first attempt fails.
if ! "${sudo[@]}" apt-get install -y --no-install-recommends "${missing[@]}"; then
  "${sudo[@]}" apt-get update
  "${sudo[@]}" apt-get install -y --no-install-recommends "${missing[@]}"
fi
command -v yaz-marcdump >/dev/null 2>&1 || { echo "install-yaz: yaz-marcdump still not on PATH" >&2; exit 1; }
