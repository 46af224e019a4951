#!/usr/bin/env bash
# A local Prometheus for tests: Debian's package, our own config, a storage dir under .ci-work/,
# listening on loopback only.
#
#   scripts/prometheus.sh install            install prometheus + promtool when missing
#   scripts/prometheus.sh start CONFIG PORT  start on 127.0.0.1:PORT, wait until ready
#   scripts/prometheus.sh stop [PORT]        stop the one started on PORT (default: every one we started)
#
# Environment: PROMETHEUS_WORK (default <repo>/.ci-work/prometheus) holds per-port data, pid and log.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work="${PROMETHEUS_WORK:-$repo/.ci-work/prometheus}"

die() {
  echo "prometheus.sh: $*" >&2
  exit 1
}

have_binaries() {
  command -v prometheus >/dev/null 2>&1 && command -v promtool >/dev/null 2>&1
}

install() {
  if have_binaries; then
    return 0
  fi
  command -v apt-get >/dev/null 2>&1 || die "prometheus/promtool missing and apt-get not available"
  # Refresh the package lists only when they do not know the package yet (a fresh machine).
  if ! apt-cache policy prometheus 2>/dev/null | grep -q 'Candidate: [0-9]'; then
    apt-get update -qq
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq prometheus >/dev/null
  have_binaries || die "apt-get install prometheus did not provide prometheus and promtool"
}

start() {
  local config="${1:-}" port="${2:-}"
  [ -n "$config" ] && [ -n "$port" ] || die "usage: start CONFIG PORT"
  [ -f "$config" ] || die "no such config file: $config"
  [[ "$port" =~ ^[0-9]+$ ]] || die "port must be a number, got '$port'"
  have_binaries || die "prometheus not installed: run '$0 install' first"
  local dir="$work/$port"
  mkdir -p "$dir/data"
  if [ -f "$dir/pid" ] && kill -0 "$(cat "$dir/pid")" 2>/dev/null; then
    die "a Prometheus started by this script already runs on port $port (pid $(cat "$dir/pid"))"
  fi
  promtool check config "$config" >"$dir/check.log" 2>&1 || { cat "$dir/check.log" >&2; die "invalid config $config"; }
  prometheus \
    --config.file="$(cd "$(dirname "$config")" && pwd)/$(basename "$config")" \
    --storage.tsdb.path="$dir/data" \
    --storage.tsdb.retention.time=1d \
    --web.listen-address="127.0.0.1:$port" \
    --web.enable-lifecycle \
    >"$dir/prometheus.log" 2>&1 &
  echo $! >"$dir/pid"
  local i
  for i in $(seq 1 60); do
    if curl -fsS "http://127.0.0.1:$port/-/ready" >/dev/null 2>&1; then
      echo "prometheus ready on http://127.0.0.1:$port (pid $(cat "$dir/pid"), data $dir/data)"
      return 0
    fi
    if ! kill -0 "$(cat "$dir/pid")" 2>/dev/null; then
      tail -n 20 "$dir/prometheus.log" >&2
      die "prometheus exited during start-up (log: $dir/prometheus.log)"
    fi
    sleep 0.5
  done
  tail -n 20 "$dir/prometheus.log" >&2
  die "prometheus not ready on port $port after 30 s (log: $dir/prometheus.log)"
}

stop_one() {
  local dir="$1" pid
  [ -f "$dir/pid" ] || return 0
  pid="$(cat "$dir/pid")"
  if kill -0 "$pid" 2>/dev/null; then
    kill "$pid"
    local i
    for i in $(seq 1 20); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.25
    done
    kill -0 "$pid" 2>/dev/null && kill -9 "$pid" 2>/dev/null || true
  fi
  rm -f "$dir/pid"
}

stop() {
  local port="${1:-}"
  if [ -n "$port" ]; then
    stop_one "$work/$port"
  elif [ -d "$work" ]; then
    local dir
    for dir in "$work"/*/; do
      stop_one "${dir%/}"
    done
  fi
}

case "${1:-}" in
  install) install ;;
  start) shift; start "$@" ;;
  stop) shift; stop "$@" ;;
  *) die "usage: $0 install | start CONFIG PORT | stop [PORT]" ;;
esac
