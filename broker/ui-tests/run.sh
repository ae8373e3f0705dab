#!/usr/bin/env bash
# Browser test of the broker's web UI: builds the broker, starts it on 127.0.0.1 with a temporary
# SQLite database, seeds it through the API (pacts, verification results, environments,
# deployments, 200 services), then loads every page in headless Chromium, saving screenshots and
# checking the rendered DOM. Prints "N passed, N failed"; exits non-zero on any failure.
#
# Environment: see ui-tests/lib.sh (CHROMIUM, UI_SCREENSHOT_DIR, CARGO_TARGET_DIR).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$here/../../ui-tests/lib.sh"

ui_build pact-broker pact-broker
"$ui_binary" serve --host 127.0.0.1 --port 0 --database-url "sqlite://$ui_work/broker.sqlite" \
  >"$ui_work/out.log" 2>"$ui_work/err.log" &
ui_server_pid=$!
ui_server_logs="$ui_work/err.log"

# The URL the broker prints once it listens.
base=""
printed_url() {
  base="$(grep -o 'http://127\.0\.0\.1:[0-9]*' "$ui_work/out.log" | head -n1 || true)"
  [ -n "$base" ]
}
ui_wait_for "the broker" 300 0.1 printed_url
echo "broker at $base"

python3 "$here/seed.py" "$base"
python3 "$here/browse.py" "$base" "$ui_shots"
