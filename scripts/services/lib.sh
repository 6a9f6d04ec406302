# shellcheck shell=bash disable=SC2034  # the variables are for the scripts that source this
# Shared by scripts/services/up, down and status (sourced, not run).
#
# Run state (data, logs, pid files) lives under the repository's git-ignored tmp/services/;
# what is slow to make (the FerretDB binary, the OpenSearch classpath and launcher classes)
# is cached outside the work tree so that a fresh clone on the same machine starts fast.

SERVICES_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_ROOT=$(cd "$SERVICES_DIR/../.." && pwd)
STATE_DIR="$REPO_ROOT/tmp/services"
ENV_FILE="$REPO_ROOT/.services.env"
CACHE_DIR="${STACKS_SERVICES_CACHE:-${XDG_CACHE_HOME:-${HOME:-/root}/.cache}/stacks-services}"

FERRETDB_MODULE=github.com/FerretDB/FerretDB
FERRETDB_VERSION=v1.24.2
FERRETDB_PORT="${STACKS_FERRETDB_PORT:-27117}"
FERRETDB_BIN="$CACHE_DIR/ferretdb-$FERRETDB_VERSION/ferretdb"
FERRETDB_DATA="$STATE_DIR/ferretdb"
FERRETDB_PID="$STATE_DIR/ferretdb.pid"
FERRETDB_LOG="$STATE_DIR/ferretdb.log"

OPENSEARCH_SRC="$SERVICES_DIR/opensearch"
OPENSEARCH_PORT="${STACKS_OPENSEARCH_PORT:-9201}"
OPENSEARCH_TRANSPORT_PORT="${STACKS_OPENSEARCH_TRANSPORT_PORT:-9301}"
OPENSEARCH_HOME="$STATE_DIR/opensearch"
OPENSEARCH_PID="$STATE_DIR/opensearch.pid"
OPENSEARCH_LOG="$STATE_DIR/opensearch.log"
OPENSEARCH_HEAP_MIN="${STACKS_OPENSEARCH_HEAP_MIN:-512m}"
OPENSEARCH_HEAP_MAX="${STACKS_OPENSEARCH_HEAP_MAX:-1g}"

# Seconds to wait for a server to answer after it was started.
STARTUP_TIMEOUT="${STACKS_SERVICES_TIMEOUT:-120}"

log() { printf 'services: %s\n' "$*" >&2; }
die() {
  printf 'services: ERROR: %s\n' "$*" >&2
  exit 1
}

# The pid in $1 (a pid file) when that process is alive and its command line still contains
# $2; otherwise nothing. The marker guards against a recycled pid after a reboot or crash.
live_pid() {
  local file=$1 marker=$2 pid
  [[ -f $file ]] || return 1
  pid=$(<"$file")
  [[ $pid =~ ^[0-9]+$ ]] || return 1
  [[ -r /proc/$pid/cmdline ]] || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" | grep -qF -- "$marker" || return 1
  printf '%s' "$pid"
}

# Markers name this checkout's data dirs, so one clone's `down` never stops another's servers.
FERRETDB_MARKER="--state-dir=$FERRETDB_DATA"
OPENSEARCH_MARKER="path.home=$OPENSEARCH_HOME"
ferretdb_pid() { live_pid "$FERRETDB_PID" "$FERRETDB_MARKER"; }
opensearch_pid() { live_pid "$OPENSEARCH_PID" "$OPENSEARCH_MARKER"; }

# A MongoDB wire-protocol ping (OP_MSG {ping: 1, $db: "admin"}) in plain bash, so that
# readiness needs neither node_modules nor a mongo shell. Succeeds on a reply holding ok: 1.0.
mongo_ping() {
  local port=$1 reply
  # The braces keep 2>/dev/null from sticking to the whole shell, as a bare exec's would.
  { exec 3<>"/dev/tcp/127.0.0.1/$port"; } 2>/dev/null || return 1
  printf '\x33\x00\x00\x00\x01\x00\x00\x00\x00\x00\x00\x00\xdd\x07\x00\x00' >&3
  printf '\x00\x00\x00\x00\x00\x1e\x00\x00\x00\x10ping\x00\x01\x00\x00\x00' >&3
  # shellcheck disable=SC2016  # "$db" is the literal field name
  printf '\x02$db\x00\x06\x00\x00\x00admin\x00\x00' >&3
  reply=$(timeout 3 dd bs=256 count=1 status=none <&3 | od -An -v -tx1 | tr -d ' \n')
  exec 3<&- 3>&-
  # "ok" as a BSON double 1.0
  [[ $reply == *016f6b00000000000000f03f* ]]
}

opensearch_ping() {
  curl -fsS --max-time 3 "http://127.0.0.1:$1/_cluster/health?wait_for_status=yellow&timeout=2s" >/dev/null 2>&1
}

# Resident memory of a pid in MiB.
rss_mib() {
  awk '/^VmRSS:/ { printf "%d", $2 / 1024 }' "/proc/$1/status" 2>/dev/null
}

# Alive and not a zombie waiting for a parent that is not ours to reap it.
running() {
  local state
  state=$(awk '/^State:/ { print $2 }' "/proc/$1/status" 2>/dev/null) || return 1
  [[ -n $state && $state != Z ]]
}

port_in_use() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# Stops the process in pid file $1 (if it is still ours, per marker $2) and removes the file.
stop_pidfile() {
  local file=$1 marker=$2 name=$3 pid i
  if ! pid=$(live_pid "$file" "$marker"); then
    rm -f "$file"
    log "$name: not running"
    return 0
  fi
  kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < 100; i++)); do
    running "$pid" || break
    sleep 0.2
  done
  if running "$pid"; then
    log "$name: pid $pid ignored SIGTERM for 20 s; sending SIGKILL"
    kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$file"
  log "$name: stopped (pid $pid)"
}
