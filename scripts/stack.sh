#!/usr/bin/env bash
# One command from a fresh checkout to a working share path:
#   installs Node 22 and the npm packages if missing (scripts/setup.sh: npm runs on Node 22, so it has no
#   engine warnings to print), starts the local Ceph RGW and the Traydrop server on 127.0.0.1:8080, creates a
#   device token, pairs the CLI with it, and shares README.md to prove the whole path works; the last line is
#   that link. `scripts/stack.sh stop` stops the server and the RGW.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
STATE=${TRAYDROP_DEV_DIR:-$ROOT/.traydrop-dev}
PORT=${PORT:-8080}
mkdir -p "$STATE"

if [ "${1:-}" = stop ]; then
  if [ -f "$STATE/server.pid" ] && kill "$(cat "$STATE/server.pid")" 2>/dev/null; then echo "server stopped"; fi
  rm -f "$STATE/server.pid"
  bash scripts/rgw-stop.sh
  exit 0
fi

# npm ci when node_modules is missing or older than package-lock.json (npm writes node_modules/.package-lock.json)
[ node_modules/.package-lock.json -nt package-lock.json ] || bash scripts/setup.sh
export PATH="$ROOT/node_modules/.bin:$(bash scripts/setup.sh --node-dir):$PATH"
echo "Node $(node --version)"
node scripts/build-app.ts >/dev/null # the app, and the CLI's bundle (it starts in half the time)

while IFS='=' read -r k v; do [ -n "$k" ] && export "$k=${v//\"/}"; done < <(bash scripts/rgw-start.sh)
export S3_REGION=$AWS_REGION
export BROKER_ACCESS_KEY_ID=$S3_ADMIN_ACCESS_KEY_ID BROKER_SECRET_ACCESS_KEY=$S3_ADMIN_SECRET_ACCESS_KEY
export SHARE_BASE_URL=${SHARE_BASE_URL:-http://127.0.0.1:$PORT} PORT DATABASE_PATH=$STATE/server.db

if [ -f "$STATE/server.pid" ] && kill -0 "$(cat "$STATE/server.pid")" 2>/dev/null; then
  echo "server already running (pid $(cat "$STATE/server.pid"))"
else
  # as docs/deploy/traydrop-server.service runs it (V8's young generation capped: docs/upload-api.md)
  node --max-semi-space-size=2 bin/traydrop-server.js serve >"$STATE/server.log" 2>&1 &
  echo $! >"$STATE/server.pid"
  # ready when /v1/health says 200: the server listens and reaches its bucket
  for _ in $(seq 1 100); do curl -sf -o /dev/null "http://127.0.0.1:$PORT/v1/health" && break; sleep 0.1; done
  curl -sf -o /dev/null "http://127.0.0.1:$PORT/v1/health" || { echo "server not ready; see $STATE/server.log"; tail "$STATE/server.log"; exit 1; }
  echo "server listening on http://127.0.0.1:$PORT (log: $STATE/server.log)"
fi

export TRAYDROP_CONFIG_DIR=$STATE/client
# a token is for an existing account: make `demo` the first time
node bin/traydrop-server.js user show demo >/dev/null 2>&1 || node bin/traydrop-server.js user create demo >/dev/null
TOKEN=$(node bin/traydrop-server.js token create demo --label stack.sh)
node bin/traydrop.js login "http://127.0.0.1:$PORT" "$TOKEN"
URL=$(node bin/traydrop.js share README.md --expire 1d --no-copy)
curl -sf "$URL" | cmp -s - README.md || { echo "✗ $URL does not serve README.md (see $STATE/server.log)"; exit 1; }
cat <<EOM

Ready. Share anything with:
  TRAYDROP_CONFIG_DIR=$TRAYDROP_CONFIG_DIR npx traydrop share <files…> [--expire 7d] [--json]
Stop everything with: scripts/stack.sh stop

✓ README.md shared, and served back byte for byte: $URL
EOM
