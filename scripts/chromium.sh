#!/usr/bin/env bash
# Headless Chromium and its ChromeDriver for the explorer's browser tests: Debian's packages
# (chromium, chromium-driver), nothing downloaded by a test tool. Idempotent.
#
#   scripts/chromium.sh install     install chromium + chromedriver when missing
#   scripts/chromium.sh check       exit 0 when both are installed, print their versions
#
# The tests find them at /usr/bin/chromium and /usr/bin/chromedriver (CHROMIUM_BINARY and
# CHROMEDRIVER_BINARY override), and skip when they are absent unless CI=true.
set -euo pipefail

die() {
  echo "chromium.sh: $*" >&2
  exit 1
}

have_binaries() {
  command -v chromium >/dev/null 2>&1 && command -v chromedriver >/dev/null 2>&1
}

install() {
  if have_binaries; then
    return 0
  fi
  command -v apt-get >/dev/null 2>&1 || die "chromium/chromedriver missing and apt-get not available"
  # Refresh the package lists only when they do not know the package yet (a fresh machine).
  if ! apt-cache policy chromium-driver 2>/dev/null | grep -q 'Candidate: [0-9]'; then
    apt-get update -qq
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null
  have_binaries || die "apt-get install chromium chromium-driver did not provide chromium and chromedriver"
}

check() {
  have_binaries || die "chromium or chromedriver not installed: run '$0 install'"
  chromium --version
  chromedriver --version
}

case "${1:-}" in
  install) install ;;
  check) check ;;
  *) die "usage: $0 install | check" ;;
esac
