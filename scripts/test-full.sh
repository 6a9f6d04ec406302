#!/usr/bin/env bash
# The full test run: static checks, then the test servers, then every suite.
# CI (.ci/run) calls `npm ci && npm run test:full`.
set -euo pipefail
cd "$(dirname "$0")/.."
npm run check
npm run check:compose  # docker-compose*.yml and Dockerfile, without Docker (none runs here)

# The SRU suite (tests/e2e/sru-yaz.test.ts) proves /sru with real clients, yaz-client and zoomsh
# (Debian package yaz, which bench:parse installs too): installed here only when missing. In CI a
# failed install fails the run; elsewhere the suite skips and says why.
if ! command -v yaz-client >/dev/null 2>&1 || ! command -v zoomsh >/dev/null 2>&1; then
  if ! bash scripts/bench/install-yaz.sh; then
    [[ -n "${CI:-}" ]] && { echo "test-full: yaz could not be installed" >&2; exit 1; }
    echo "test-full: yaz is not installed; the SRU yaz suite will be skipped" >&2
  fi
fi
# The Z39.50 gateway suite (tests/e2e/z3950-gateway.test.ts) puts Index Data's simple2zoom in
# front of /sru and drives it with the same yaz clients; the same rule for its install.
if ! bash scripts/test/install-z3950-gateway.sh; then
  [[ -n "${CI:-}" ]] && { echo "test-full: simple2zoom could not be installed" >&2; exit 1; }
  echo "test-full: simple2zoom is not installed; the Z39.50 gateway suite will be skipped" >&2
fi

# The OAI-PMH suites prove /oai with outside tools: xmllint against the published schemas
# (tests/e2e/oai-xmllint.test.ts) and a harvest by Sickle from a virtualenv under tmp/
# (tests/e2e/oai-sickle.test.ts). Installed only when missing; in CI a failed install fails the
# run, elsewhere the suite skips and says why.
for installer in scripts/test/install-xmllint.sh scripts/test/install-sickle.sh; do
  if ! bash "$installer"; then
    [[ -n "${CI:-}" ]] && { echo "test-full: $installer failed" >&2; exit 1; }
    echo "test-full: $installer failed; its OAI-PMH suite will be skipped" >&2
  fi
done
# Python's readers of citation files, rispy and bibtexparser (tests/e2e/citations-python.test.ts),
# from PyPI into a virtualenv outside the repo: made here when missing. Without Python or PyPI the
# suite skips and says why; the npm readers of tests/api/citations.api.test.ts still run. In CI a
# failed install fails the run, as for the other tools.
if ! bash scripts/ci/citation-parsers.sh; then
  [[ -n "${CI:-}" ]] && { echo "test-full: the Python citation readers could not be installed" >&2; exit 1; }
  echo "test-full: the Python citation readers are not installed; their suite will be skipped" >&2
fi

# Servers that were already up (a developer's own `scripts/services/up`) are left running;
# the ones this run starts are stopped when it ends, however it ends.
started_services=false
if ! scripts/services/status >/dev/null 2>&1; then
  started_services=true
  trap 'scripts/services/down' EXIT
fi
scripts/services/up
set -a
# shellcheck source=/dev/null
source .services.env
set +a

# Both test runs go on whatever the first says, so one red run shows every failure; the exit
# code is the first failure's, and the last line counts them all (scripts/ci/test-summary.js).
mkdir -p tmp/ci
rm -f tmp/ci/jest.json tmp/ci/schemathesis.log
status=0
npx jest --ci --json --outputFile=tmp/ci/jest.json "$@" || status=$?
# The HTTP API against openapi.yaml, property-based (skips, saying so, without Python or PyPI).
set +e
# Schemathesis closes with a pytest-style "=== 2 warnings in 26s ===" banner, which CI reads as
# pytest's closing line for a run of no tests; the log keeps it, the console gets "-- ... --".
bash scripts/ci/schemathesis.sh 2>&1 | tee tmp/ci/schemathesis.log | sed -u -E 's/^=+ (.*[^ ]) =+$/-- \1 --/'
schemathesis_status=${PIPESTATUS[0]}
set -e
[[ $status -ne 0 ]] || status=$schemathesis_status

if $started_services; then
  trap - EXIT
  scripts/services/down
fi
node scripts/ci/test-summary.js tmp/ci/jest.json tmp/ci/schemathesis.log
exit "$status"
