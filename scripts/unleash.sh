#!/usr/bin/env bash
# A local Unleash server for tests and development: Debian's PostgreSQL plus unleash-server from
# npm, listening on loopback only. Idempotent: every step is skipped when already done.
#
#   scripts/unleash.sh start    install what is missing, start PostgreSQL and Unleash, wait until healthy
#   scripts/unleash.sh stop     stop this Unleash instance (PostgreSQL keeps running)
#   scripts/unleash.sh status   exit 0 when this instance answers /health
#   scripts/unleash.sh env      print export lines for UNLEASH_TEST_URL / _ADMIN_TOKEN / _CLIENT_TOKEN
#
# Typical use:  scripts/unleash.sh start && eval "$(scripts/unleash.sh env)"
#
# Settings (environment, all optional):
#   UNLEASH_PORT          HTTP port on 127.0.0.1 (default 4242)
#   UNLEASH_DB_NAME       database name (default unleash); user and password are fixed dev values
#   UNLEASH_DB_RESET      true: drop and re-create the database before start (a clean server)
#   UNLEASH_IMPORT_FILE   passed to the server as IMPORT_FILE (with IMPORT_DROP_BEFORE_IMPORT=false)
#   UNLEASH_INSTANCE      name of the pid/log files, to run a second instance (default: server)
#   UNLEASH_WORK_DIR      where unleash-server is installed (default .ci-work/unleash, gitignored)
#
# The tokens are fixed, documented local test credentials. They are created by the server only
# while its token table is empty (INIT_*_API_TOKENS), i.e. on first start of a database.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
WORK="${UNLEASH_WORK_DIR:-$ROOT/.ci-work/unleash}"
UNLEASH_VERSION="8.2.0"
PORT="${UNLEASH_PORT:-4242}"
INSTANCE="${UNLEASH_INSTANCE:-server}"
DB_NAME="${UNLEASH_DB_NAME:-unleash}"
DB_USER="unleash"
DB_PASSWORD="unleash-dev"
ADMIN_TOKEN='*:*.lineage-dev-admin-token'
CLIENT_TOKEN='default:development.lineage-dev-client-token'
PID_FILE="$WORK/$INSTANCE.pid"
LOG_FILE="$WORK/$INSTANCE.log"
URL="http://127.0.0.1:$PORT"
HEALTH_TIMEOUT_SECONDS="${UNLEASH_HEALTH_TIMEOUT_SECONDS:-180}"

log() { echo "unleash.sh: $*" >&2; }
die() { log "$*"; exit 1; }

healthy() {
  curl -fsS --max-time 2 "$URL/health" 2>/dev/null | grep -q '"GOOD"'
}

pg_version() {
  ls /usr/lib/postgresql 2>/dev/null | sort -V | tail -n 1
}

as_postgres() {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u postgres -- "$@"
  else
    sudo -n -u postgres "$@"
  fi
}

psql_admin() {
  PGOPTIONS='--client-min-messages=warning' as_postgres psql -v ON_ERROR_STOP=1 -p "$PG_PORT" -tAq "$@"
}

ensure_postgres() {
  if [ -z "$(pg_version)" ]; then
    [ "$(id -u)" -eq 0 ] || die "PostgreSQL is not installed and this is not root: apt-get install postgresql"
    log "installing PostgreSQL from Debian's packages"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >&2
    apt-get install -y -qq postgresql >&2
  fi
  local version
  version="$(pg_version)"
  [ -n "$version" ] || die "PostgreSQL installation not found under /usr/lib/postgresql"
  if ! pg_lsclusters -h 2>/dev/null | awk '{print $1" "$2}' | grep -qx "$version main"; then
    log "creating PostgreSQL cluster $version/main"
    pg_createcluster "$version" main >&2
  fi
  PG_PORT="$(pg_lsclusters -h | awk -v v="$version" '$1 == v && $2 == "main" {print $3}')"
  if ! pg_lsclusters -h | awk -v v="$version" '$1 == v && $2 == "main" {print $4}' | grep -q online; then
    log "starting PostgreSQL $version/main on port $PG_PORT"
    pg_ctlcluster "$version" main start >&2
  fi
  for _ in $(seq 1 30); do
    as_postgres pg_isready -q -p "$PG_PORT" && break
    sleep 1
  done
  as_postgres pg_isready -q -p "$PG_PORT" || die "PostgreSQL did not become ready on port $PG_PORT"

  if [ "$(psql_admin -c "SELECT 1 FROM pg_roles WHERE rolname = '$DB_USER'")" != "1" ]; then
    psql_admin -c "CREATE ROLE $DB_USER LOGIN PASSWORD '$DB_PASSWORD'"
  fi
  if [ "${UNLEASH_DB_RESET:-false}" = "true" ]; then
    psql_admin -c "DROP DATABASE IF EXISTS \"$DB_NAME\" WITH (FORCE)"
  fi
  if [ "$(psql_admin -c "SELECT 1 FROM pg_database WHERE datname = '$DB_NAME'")" != "1" ]; then
    psql_admin -c "CREATE DATABASE \"$DB_NAME\" OWNER $DB_USER"
  fi
}

server_entry() {
  echo "$WORK/node_modules/unleash-server/dist/server.js"
}

ensure_unleash_installed() {
  local pkg="$WORK/node_modules/unleash-server/package.json"
  if [ -f "$pkg" ] && grep -q "\"version\": \"$UNLEASH_VERSION\"" "$pkg" && [ -f "$(server_entry)" ]; then
    return
  fi
  command -v npm >/dev/null || die "npm is not installed (apt-get install nodejs npm)"
  log "installing unleash-server@$UNLEASH_VERSION into $WORK (takes about a minute)"
  mkdir -p "$WORK"
  [ -f "$WORK/package.json" ] || echo '{"name": "lineage-unleash-dev", "private": true}' > "$WORK/package.json"
  (cd "$WORK" && npm install --no-audit --no-fund --loglevel=error "unleash-server@$UNLEASH_VERSION" >&2)
  [ -f "$(server_entry)" ] || die "unleash-server installed but $(server_entry) is missing"
}

running_pid() {
  if [ -f "$PID_FILE" ]; then
    local pid
    pid="$(cat "$PID_FILE")"
    if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
      echo "$pid"
      return 0
    fi
  fi
  return 1
}

start() {
  if healthy; then
    log "Unleash already running at $URL"
    return 0
  fi
  ensure_postgres
  ensure_unleash_installed
  if running_pid >/dev/null; then
    log "Unleash process $(running_pid) exists but is not healthy yet; waiting"
  else
    log "starting Unleash $UNLEASH_VERSION at $URL (log: $LOG_FILE)"
    local import_env=()
    if [ -n "${UNLEASH_IMPORT_FILE:-}" ]; then
      [ -f "$UNLEASH_IMPORT_FILE" ] || die "UNLEASH_IMPORT_FILE not found: $UNLEASH_IMPORT_FILE"
      import_env=(IMPORT_FILE="$UNLEASH_IMPORT_FILE" IMPORT_DROP_BEFORE_IMPORT=false)
    fi
    (
      cd "$WORK"
      env DATABASE_URL="postgres://$DB_USER:$DB_PASSWORD@127.0.0.1:$PG_PORT/$DB_NAME" \
        DATABASE_SSL=false \
        INIT_ADMIN_API_TOKENS="$ADMIN_TOKEN" \
        INIT_BACKEND_API_TOKENS="$CLIENT_TOKEN" \
        HTTP_HOST=127.0.0.1 \
        PORT="$PORT" \
        SEND_TELEMETRY=false \
        CHECK_VERSION=false \
        LOG_LEVEL=warn \
        "${import_env[@]}" \
        setsid nohup node "$(server_entry)" >"$LOG_FILE" 2>&1 </dev/null &
      echo $! >"$PID_FILE"
    )
  fi
  local waited=0
  until healthy; do
    running_pid >/dev/null || { tail -n 30 "$LOG_FILE" >&2 || true; die "Unleash exited during start-up"; }
    [ "$waited" -lt "$HEALTH_TIMEOUT_SECONDS" ] || { tail -n 30 "$LOG_FILE" >&2 || true; die "Unleash not healthy after ${HEALTH_TIMEOUT_SECONDS}s"; }
    sleep 1
    waited=$((waited + 1))
  done
  log "Unleash healthy at $URL after ${waited}s"
}

stop() {
  local pid
  if ! pid="$(running_pid)"; then
    log "Unleash ($INSTANCE) is not running"
    rm -f "$PID_FILE"
    return 0
  fi
  kill "$pid"
  for _ in $(seq 1 30); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 1
  done
  if kill -0 "$pid" 2>/dev/null; then
    log "Unleash ($pid) did not stop in 30 s; killing it"
    kill -9 "$pid"
  fi
  rm -f "$PID_FILE"
  log "Unleash ($INSTANCE) stopped"
}

status() {
  if healthy; then
    echo "Unleash healthy at $URL${PID_FILE:+ (pid $(running_pid || echo unknown))}"
  else
    echo "Unleash not reachable at $URL"
    return 1
  fi
}

print_env() {
  echo "export UNLEASH_TEST_URL='$URL/api'"
  echo "export UNLEASH_TEST_ADMIN_TOKEN='$ADMIN_TOKEN'"
  echo "export UNLEASH_TEST_CLIENT_TOKEN='$CLIENT_TOKEN'"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  env) print_env ;;
  *) echo "usage: $0 start|stop|status|env" >&2; exit 2 ;;
esac
