#!/usr/bin/env bash
# apt-install.sh NAME PACKAGE...: installs Debian packages for a test or benchmark tool, the one
# way every installer here does it (install-yaz.sh, install-xmllint.sh, install-z3950-gateway.sh):
# root or sudo, no prompts, no recommends, and `apt-get update` only when a fresh image's first
# attempt fails for want of package lists. NAME prefixes its messages. Callers check first whether
# their tool is already there, and afterwards that it now is.
set -euo pipefail

name=$1
shift
if ! command -v apt-get >/dev/null 2>&1; then
  echo "$name: apt-get is not available here; install $* with this system's package manager" >&2
  exit 1
fi
sudo=()
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null 2>&1 || { echo "$name: not root and sudo is missing; run as root: apt-get install -y $*" >&2; exit 1; }
  sudo=(sudo)
fi
echo "$name: installing $*" >&2
export DEBIAN_FRONTEND=noninteractive
if ! "${sudo[@]}" apt-get install -y --no-install-recommends "$@"; then
  "${sudo[@]}" apt-get update
  "${sudo[@]}" apt-get install -y --no-install-recommends "$@"
fi
