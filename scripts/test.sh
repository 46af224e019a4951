#!/usr/bin/env bash
# The whole test suite on a fresh machine: provisions the real servers the tests need that do not
# run in-process (PostgreSQL + Unleash from npm, Prometheus from Debian, headless Chromium for the
# explorer's browser tests), then runs ./mvnw verify.
# Kafka and Neo4j are started in-process by the tests themselves.
# Usage: scripts/test.sh [extra maven args...]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"

started_unleash=0
cleanup() {
  if [ "$started_unleash" = 1 ]; then scripts/unleash.sh stop >/dev/null 2>&1 || true; fi
}
trap cleanup EXIT

if [ -x scripts/prometheus.sh ]; then
  scripts/prometheus.sh install
fi
if [ -x scripts/chromium.sh ]; then
  scripts/chromium.sh install
fi
if [ -x scripts/unleash.sh ]; then
  scripts/unleash.sh start
  started_unleash=1
  eval "$(scripts/unleash.sh env)"
fi

./mvnw -B -ntp verify "$@"
