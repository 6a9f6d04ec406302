#!/usr/bin/env bash
# Makes sure xmllint (Debian package libxml2-utils) is present for the OAI-PMH schema suite
# (tests/e2e/oai-xmllint.test.ts). Does nothing when it is, so scripts/test-full.sh can call it on
# every run; exits non-zero, saying why, when it cannot install it.
set -euo pipefail

command -v xmllint >/dev/null 2>&1 && exit 0
bash "$(dirname "$0")/../ci/apt-install.sh" install-xmllint libxml2-utils
command -v xmllint >/dev/null 2>&1 || { echo "install-xmllint: xmllint still not on PATH" >&2; exit 1; }
