#!/usr/bin/env bash
# Makes sure the Z39.50 gateway suite (tests/e2e/z3950-gateway.test.ts) has its gateway: Index
# Data's simple2zoom (Debian package libnet-z3950-simple2zoom-perl, which brings the Perl ZOOM and
# SimpleServer bindings over yaz). Does nothing when it is already on PATH; scripts/test-full.sh
# calls it on every run.
set -euo pipefail

command -v simple2zoom >/dev/null 2>&1 && exit 0
bash "$(dirname "$0")/../ci/apt-install.sh" install-z3950-gateway libnet-z3950-simple2zoom-perl
command -v simple2zoom >/dev/null 2>&1 || { echo "install-z3950-gateway: simple2zoom still not on PATH" >&2; exit 1; }
