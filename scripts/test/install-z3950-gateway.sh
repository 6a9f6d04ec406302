#!/usr/bin/env bash
# Makes sure the Z39.50 gateway suite (tests/e2e/z3950-gateway.test.ts) has its gateway: Index
# Data's simple2zoom (Debian package libnet-z3950-simple2zoom-perl, which brings the Perl ZOOM and
# SimpleServer bindings over yaz). Does nothing when it is already on PATH; scripts/test-full.sh
# calls it on every run.
set -euo pipefail

command -v simple2zoom >/dev/null 2>&1 && exit 0
package=libnet-z3950-simple2zoom-perl

if ! command -v apt-get >/dev/null 2>&1; then
  echo "install-z3950-gateway: apt-get is not available here; install simple2zoom (CPAN Net::Z3950::Simple2ZOOM) with this system's package manager" >&2
  exit 1
fi

sudo=()
if [ "$(id -u)" -ne 0 ]; then
  if ! command -v sudo >/dev/null 2>&1; then
    echo "install-z3950-gateway: not root and sudo is missing; run as root: apt-get install -y $package" >&2
    exit 1
  fi
  sudo=(sudo)
fi

echo "install-z3950-gateway: installing $package" >&2
export DEBIAN_FRONTEND=noninteractive
# A fresh image may have no package lists yet; update only when the first attempt fails.
if ! "${sudo[@]}" apt-get install -y --no-install-recommends "$package"; then
  "${sudo[@]}" apt-get update
  "${sudo[@]}" apt-get install -y --no-install-recommends "$package"
fi
command -v simple2zoom >/dev/null 2>&1 || { echo "install-z3950-gateway: simple2zoom still not on PATH" >&2; exit 1; }
