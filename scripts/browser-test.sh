#!/usr/bin/env bash
# Browser end-to-end test of the replay viewer (`canopy view`), in real headless
# Chromium: installs what it needs (Debian's chromium, Node.js/npm, the viewer's
# pinned npm packages), builds the release binary, runs `canopy demo` into a
# temporary folder, then crates/canopy-view/web/test/e2e.mjs, which serves that
# folder with `canopy view --port 0`, checks the page and takes a screenshot
# (in the temporary folder, so a test run changes no tracked file).
#
#   scripts/browser-test.sh
#   SCREENSHOT=docs/img/viewer.png scripts/browser-test.sh   # regenerate the README image
#   CHROMIUM=/path/to/chromium scripts/browser-test.sh        # another Chromium
#
# Needs root or sudo the first time (apt-get). Prints `N passed, M failed`.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
web="$repo/crates/canopy-view/web"
chromium="${CHROMIUM:-/usr/bin/chromium}"

apt_install() {
  local sudo=""
  if [ "$(id -u)" != 0 ]; then sudo="sudo"; fi
  echo "browser-test: installing $* with apt-get" >&2
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "$@" >/dev/null
}

if [ ! -x "$chromium" ]; then apt_install chromium; fi
if ! command -v npm >/dev/null; then apt_install nodejs npm; fi

echo "browser-test: npm ci in $web" >&2
(cd "$web" && npm ci --no-audit --no-fund --loglevel=error)

echo "browser-test: building the release binary" >&2
(cd "$repo" && cargo build --release --locked --quiet -p canopy-cli)
bin="${CARGO_TARGET_DIR:-$repo/target}/release/canopy"

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
screenshot="${SCREENSHOT:-$tmp/viewer.png}"
case "$screenshot" in /*) ;; *) screenshot="$repo/$screenshot" ;; esac
"$bin" demo --out "$tmp/demo" >/dev/null

cd "$web"
CHROMIUM="$chromium" node test/e2e.mjs --canopy "$bin" --run "$tmp/demo" --screenshot "$screenshot"
