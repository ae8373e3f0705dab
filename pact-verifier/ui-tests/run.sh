#!/usr/bin/env bash
# Browser test of the verifier's HTML report (--html): builds pact-verifier, verifies a passing and
# a failing pact against a small provider on 127.0.0.1, then loads the report in headless
# Chromium, saving a screenshot and checking the rendered DOM (the broker UI's approach, see
# broker/ui-tests). Prints "N passed, N failed"; exits non-zero on any failure.
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

cargo build -q -p pact-verifier --bin pact-verifier
verifier="${CARGO_TARGET_DIR:-$root/target}/debug/pact-verifier"
shots="${UI_SCREENSHOT_DIR:-$root/target/ui-screenshots}"
mkdir -p "$shots"

work="$(mktemp -d)"
provider_pid=""
cleanup() {
  if [ -n "$provider_pid" ]; then kill "$provider_pid" 2>/dev/null || true; wait "$provider_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

python3 "$here/provider.py" "$work/port" &
provider_pid=$!
for _ in $(seq 1 200); do   # bounded wait for the provider's port
  [ -s "$work/port" ] && break
  kill -0 "$provider_pid" 2>/dev/null || { echo "the provider exited" >&2; echo "0 passed, 1 failed"; exit 1; }
  sleep 0.05
done
[ -s "$work/port" ] || { echo "the provider did not start" >&2; echo "0 passed, 1 failed"; exit 1; }
port="$(cat "$work/port")"

fixtures="$root/pact-verifier/tests/fixtures"
set +e
"$verifier" -f "$fixtures/v3-OrderWeb-UserService.json" -f "$fixtures/v3-failing-OrderWeb-UserService.json" \
  -h 127.0.0.1 -p "$port" -s "http://127.0.0.1:$port/_pact/state" --no-colour --html "$work/report.html" \
  >"$work/console.txt" 2>"$work/err.txt"
code=$?
set -e
if [ "$code" != 1 ]; then
  echo "the verifier exited $code, expected 1 (one failing pact):" >&2; cat "$work/console.txt" "$work/err.txt" >&2
  echo "0 passed, 1 failed"; exit 1
fi
cp "$work/report.html" "$shots/verifier-html-report.html"
python3 "$here/browse.py" "$work/report.html" "$shots"
