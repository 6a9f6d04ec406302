#!/usr/bin/env bash
# Makes sure xmllint (Debian package libxml2-utils) is present for the OAI-PMH schema suite
# (tests/e2e/oai-xmllint.test.ts). Does nothing when it is, so scripts/test-full.sh can call it on
# every run; exits non-zero, saying why, when it cannot install it.
set -euo pipefail

command -v xmllint >/dev/null 2>&1 && exit 0
if ! command -v apt-get >/dev/null 2>&1; then
  echo "install-xmllint: apt-get is not available here; install xmllint (libxml2) with this system's package manager" >&2
  exit 1
fi
sudo=()
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null 2>&1 || { echo "install-xmllint: not root and sudo is missing; run as root: apt-get install -y libxml2-utils" >&2; exit 1; }
  sudo=(sudo)
fi
echo "install-xmllint: installing libxml2-utils" >&2
export DEBIAN_FRONTEND=noninteractive
# A fresh image may have no package lists yet; update only when the first attempt fails.
if ! "${sudo[@]}" apt-get install -y --no-install-recommends libxml2-utils; then
  "${sudo[@]}" apt-get update
  "${sudo[@]}" apt-get install -y --no-install-recommends libxml2-utils
fi
command -v xmllint >/dev/null 2>&1 || { echo "install-xmllint: xmllint still not on PATH" >&2; exit 1; }
