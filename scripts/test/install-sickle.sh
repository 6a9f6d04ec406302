#!/usr/bin/env bash
# Makes the virtualenv the OAI-PMH harvest suite (tests/e2e/oai-sickle.test.ts) runs Sickle from:
# tmp/venv-oai, with Sickle pinned (PyPI). Does nothing when it is there already, so
# scripts/test-full.sh can call it on every run. Exits non-zero, saying why, when it cannot.
set -euo pipefail
cd "$(dirname "$0")/../.."

VENV=tmp/venv-oai
SICKLE=Sickle==0.7.0

if [ -x "$VENV/bin/python" ] && "$VENV/bin/python" -c 'import sickle' >/dev/null 2>&1; then
  exit 0
fi
command -v python3 >/dev/null 2>&1 || { echo "install-sickle: python3 is not installed" >&2; exit 1; }
echo "install-sickle: making $VENV with $SICKLE" >&2
rm -rf "$VENV"
python3 -m venv "$VENV" || { echo "install-sickle: python3 -m venv failed (Debian: apt-get install python3-venv)" >&2; exit 1; }
"$VENV/bin/pip" install --quiet --disable-pip-version-check "$SICKLE"
"$VENV/bin/python" -c 'import sickle' || { echo "install-sickle: sickle does not import" >&2; exit 1; }
