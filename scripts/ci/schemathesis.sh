#!/usr/bin/env bash
# Property-based tests of the HTTP API against openapi.yaml with schemathesis (PyPI, pinned),
# run by `npm run test:full` after jest. A server on a temporary catalog with the bundled samples
# is tested twice: anonymously, and with an admin key (every operation open). Checks: no 5xx,
# status codes, content types, response bodies and headers as documented, and schema-valid
# requests accepted. Settings: scripts/ci/schemathesis.toml; the rules OpenAPI cannot state:
# scripts/ci/schemathesis-hooks.py.
#
# The virtualenv lives outside the repo (STACKS_CACHE_DIR, default ~/.cache/stacks) and is made
# once per version. When Python or PyPI is not there, this says so and skips (exit 0): the API
# suites in jest still check every response against the spec.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT="$PWD"

VERSION=4.32.5
CACHE="${STACKS_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/stacks}"
VENV="$CACHE/schemathesis-$VERSION"
ST="$VENV/bin/st"

skip() {
  echo "schemathesis: skipped: $1" >&2
  exit 0
}

if [[ ! -x "$ST" ]]; then
  command -v python3 >/dev/null || skip "no python3 on this machine"
  mkdir -p "$CACHE"
  rm -rf "$VENV"
  python3 -m venv "$VENV" >/dev/null 2>&1 || skip "python3 cannot make a virtualenv (python3-venv missing?)"
  if ! "$VENV/bin/pip" install --quiet --disable-pip-version-check --timeout 30 "schemathesis==$VERSION" >&2; then
    rm -rf "$VENV"
    skip "pip could not install schemathesis==$VERSION"
  fi
fi

npm run build --silent
WORK="$(mktemp -d)"
SERVER_PID=""
cleanup() {
  if [[ -n "$SERVER_PID" ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill "$SERVER_PID"
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT

DB="$WORK/catalog.db"
# Its own catalog: never the developer's STACKS_* backends. The real command, samples seeded, with
# the rate limits raised by their variables: a fuzzer sends hundreds of requests a second from one
# address, and at the default 2/s its run would test 429s, which tell nothing about the spec.
LIFTED=1000000000
env -u STACKS_STORE -u STACKS_INDEX -u MONGODB_URL -u SEARCH_URL LOG_LEVEL=error \
  STACKS_RATE_PUBLIC_BURST=$LIFTED STACKS_RATE_PUBLIC_PER_SECOND=$LIFTED \
  STACKS_RATE_ADMIN_BURST=$LIFTED STACKS_RATE_ADMIN_PER_SECOND=$LIFTED \
  STACKS_RATE_PROBE_BURST=$LIFTED STACKS_RATE_PROBE_PER_SECOND=$LIFTED \
  node bin/stacks.js serve --db "$DB" --port 0 >"$WORK/server.out" 2>"$WORK/server.err" &
SERVER_PID=$!
PORT=""
for _ in $(seq 1 300); do
  PORT="$(sed -n 's|.*listening on http://localhost:\([0-9]*\).*|\1|p' "$WORK/server.out")"
  [[ -n "$PORT" ]] && break
  kill -0 "$SERVER_PID" 2>/dev/null || { cat "$WORK/server.err" >&2; echo "schemathesis: the server did not start" >&2; exit 1; }
  sleep 0.2
done
[[ -n "$PORT" ]] || { echo "schemathesis: the server did not start" >&2; exit 1; }
KEY="$(node bin/stacks.js keys create --db "$DB" --role admin --name schemathesis 2>/dev/null)"
# What the samples hold (items, locations, libraries, patron types, the sample desk's patrons,
# loans and holds), for the hooks to draw from: without them item, patron and circulation
# operations would meet only 404s and 422s. Read once, before either run changes anything. The
# hooks also ask the server (STACKS_FUZZ_URL, with the key) for what changes as the run goes: a
# patron's current version for If-Match, and the cursor of the very query a case sends.
SAMPLES="$WORK/samples.json"
"$VENV/bin/python" "$ROOT/scripts/ci/schemathesis-samples.py" "http://127.0.0.1:$PORT" "$KEY" "$SAMPLES"

run() {
  local label="$1"
  shift
  echo "schemathesis: $label"
  # From the temporary directory: schemathesis keeps a cache in its working directory.
  (cd "$WORK" && SCHEMATHESIS_HOOKS="$ROOT/scripts/ci/schemathesis-hooks.py" STACKS_FUZZ_SAMPLES="$SAMPLES" \
    STACKS_FUZZ_URL="http://127.0.0.1:$PORT" STACKS_FUZZ_KEY="$KEY" "$ST" \
    --config-file "$ROOT/scripts/ci/schemathesis.toml" run "$ROOT/openapi.yaml" --url "http://127.0.0.1:$PORT" --workers 1 --no-color \
    --checks not_a_server_error,status_code_conformance,content_type_conformance,response_headers_conformance,response_schema_conformance,positive_data_acceptance \
    "$@")
}

status=0
run "anonymous" || status=1
run "admin key" -H "Authorization: Bearer $KEY" || status=1
exit "$status"
