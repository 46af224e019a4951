#!/usr/bin/env bash
# Refreshes the explorer page's one front-end library, vendored into lineage-api's resources:
# cytoscape from the npm registry (npm verifies the package's integrity), its minified build and its
# licence. The page loads nothing else and nothing from the network (docs/api.md).
#
#   scripts/explorer-vendor.sh            fetch the pinned version and copy it in
#   scripts/explorer-vendor.sh check      exit 1 when the vendored copy is not the pinned version
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
version="3.35.0"
vendor="$repo/lineage-api/src/main/resources/explorer/vendor"

die() {
  echo "explorer-vendor.sh: $*" >&2
  exit 1
}

check() {
  [ -f "$vendor/cytoscape.min.js" ] || die "missing $vendor/cytoscape.min.js"
  [ -f "$vendor/LICENSE-cytoscape.txt" ] || die "missing $vendor/LICENSE-cytoscape.txt"
  grep -q "cytoscape.*$version\|$version.*cytoscape\|version:\"$version\"\|\"$version\"" "$vendor/cytoscape.min.js" \
    || die "vendored cytoscape is not version $version"
  echo "cytoscape $version vendored in $vendor"
}

fetch() {
  command -v npm >/dev/null 2>&1 || die "npm is needed to fetch cytoscape"
  local tmp
  tmp="$(mktemp -d)"
  trap "rm -rf '$tmp'" EXIT
  (cd "$tmp" && npm pack --silent "cytoscape@$version" >/dev/null)
  tar -xzf "$tmp/cytoscape-$version.tgz" -C "$tmp"
  mkdir -p "$vendor"
  cp "$tmp/package/dist/cytoscape.min.js" "$vendor/cytoscape.min.js"
  cp "$tmp/package/LICENSE" "$vendor/LICENSE-cytoscape.txt"
  check
}

case "${1:-fetch}" in
  fetch) fetch ;;
  check) check ;;
  *) die "usage: $0 [fetch|check]" ;;
esac
