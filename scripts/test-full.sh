#!/usr/bin/env bash
# The full test run: static checks, then the test servers, then every suite.
# CI (.ci/run) calls `npm ci && npm run test:full`.
set -euo pipefail
cd "$(dirname "$0")/.."
npm run check
npm run check:compose  # docker-compose*.yml and Dockerfile, without Docker (none runs here)

# Servers that were already up (a developer's own `scripts/services/up`) are left running;
# the ones this run starts are stopped when it ends, however it ends.
if ! scripts/services/status >/dev/null 2>&1; then
  trap 'scripts/services/down' EXIT
fi
scripts/services/up
set -a
# shellcheck source=/dev/null
source .services.env
set +a
npx jest --ci "$@"
# The HTTP API against openapi.yaml, property-based (skips, saying so, without Python or PyPI).
bash scripts/ci/schemathesis.sh
