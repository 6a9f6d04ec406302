#!/usr/bin/env bash
# The full test run: static checks, then every suite. CI (.ci/run) calls `npm ci && npm run test:full`.
set -euo pipefail
cd "$(dirname "$0")/.."
npm run check
npx jest --ci "$@"
