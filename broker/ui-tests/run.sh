#!/usr/bin/env bash
# Browser test of the broker's web UI: builds the broker, starts it on 127.0.0.1 with a temporary
# SQLite database, seeds it through the API (pacts, verification results, environments,
# deployments, 200 services), then loads every page in headless Chromium, saving screenshots and
# checking the rendered DOM. Prints "N passed, N failed"; exits non-zero on any failure.
#
# Environment: CHROMIUM (browser binary; default `chromium`), UI_SCREENSHOT_DIR (default
# target/ui-screenshots), CARGO_TARGET_DIR (as cargo uses it).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
cd "$root"

if ! command -v "${CHROMIUM:-chromium}" >/dev/null 2>&1 && ! command -v chromium-browser >/dev/null 2>&1; then
  echo "chromium is not installed (apt-get install -y chromium)" >&2
  echo "0 passed, 1 failed"
  exit 1
fi

cargo build -q -p pact-broker --bin pact-broker
broker="${CARGO_TARGET_DIR:-$root/target}/debug/pact-broker"
shots="${UI_SCREENSHOT_DIR:-$root/target/ui-screenshots}"
mkdir -p "$shots"

work="$(mktemp -d)"
broker_pid=""
cleanup() {
  if [ -n "$broker_pid" ]; then kill "$broker_pid" 2>/dev/null || true; wait "$broker_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

"$broker" serve --host 127.0.0.1 --port 0 --database-url "sqlite://$work/broker.sqlite" \
  >"$work/out.log" 2>"$work/err.log" &
broker_pid=$!

# Wait (bounded) for the URL the broker prints once it listens.
base=""
for _ in $(seq 1 300); do
  base="$(grep -o 'http://127\.0\.0\.1:[0-9]*' "$work/out.log" | head -n1 || true)"
  [ -n "$base" ] && break
  if ! kill -0 "$broker_pid" 2>/dev/null; then
    echo "the broker exited:" >&2; cat "$work/err.log" >&2
    echo "0 passed, 1 failed"; exit 1
  fi
  sleep 0.1
done
if [ -z "$base" ]; then
  echo "the broker did not print its URL within 30 s" >&2; cat "$work/err.log" >&2
  echo "0 passed, 1 failed"; exit 1
fi
echo "broker at $base"

python3 "$here/seed.py" "$base"
python3 "$here/browse.py" "$base" "$shots"
