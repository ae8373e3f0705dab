#!/usr/bin/env bash
# Browser test of the verifier's HTML report (--html): builds pact-verifier, verifies a passing and
# a failing pact against a small provider on 127.0.0.1, then loads the report in headless
# Chromium, saving a screenshot and checking the rendered DOM (the broker UI's approach, see
# broker/ui-tests). Prints "N passed, N failed"; exits non-zero on any failure.
#
# Environment: see ui-tests/lib.sh (CHROMIUM, UI_SCREENSHOT_DIR, CARGO_TARGET_DIR).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$here/../../ui-tests/lib.sh"

ui_build pact-verifier pact-verifier
python3 "$here/provider.py" "$ui_work/port" &
ui_server_pid=$!
port_written() { [ -s "$ui_work/port" ]; }
ui_wait_for "the provider" 200 0.05 port_written
port="$(cat "$ui_work/port")"

fixtures="$ui_root/pact-verifier/tests/fixtures"
set +e
"$ui_binary" -f "$fixtures/v3-OrderWeb-UserService.json" -f "$fixtures/v3-failing-OrderWeb-UserService.json" \
  -h 127.0.0.1 -p "$port" -s "http://127.0.0.1:$port/_pact/state" --no-colour --html "$ui_work/report.html" \
  >"$ui_work/console.txt" 2>"$ui_work/err.txt"
code=$?
set -e
if [ "$code" != 1 ]; then
  ui_fail "the verifier exited $code, expected 1 (one failing pact):" "$ui_work/console.txt" "$ui_work/err.txt"
fi
cp "$ui_work/report.html" "$ui_shots/verifier-html-report.html"
python3 "$here/browse.py" "$ui_work/report.html" "$ui_shots"
