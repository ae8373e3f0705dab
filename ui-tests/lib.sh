# What the browser tests share (broker/ui-tests/run.sh, pact-verifier/ui-tests/run.sh): source it
# after `set -euo pipefail`. It moves to the workspace root, checks that Chromium is there, makes
# the screenshot folder ($ui_shots) and a scratch folder ($ui_work) removed on exit together with
# the background server whose pid the suite puts in $ui_server_pid. A suite that cannot run says
# why on stderr and prints "0 passed, 1 failed", as a failing suite does.
#
# Environment: CHROMIUM (browser binary; default `chromium`), UI_SCREENSHOT_DIR (default
# target/ui-screenshots), CARGO_TARGET_DIR (as cargo uses it).

ui_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ui_root"

# ui_fail MESSAGE [LOG...]: says why the suite cannot go on (and what the logs say), and stops it.
ui_fail() {
  echo "$1" >&2
  shift
  if [ $# -gt 0 ]; then cat "$@" >&2; fi
  echo "0 passed, 1 failed"
  exit 1
}

if ! command -v "${CHROMIUM:-chromium}" >/dev/null 2>&1 && ! command -v chromium-browser >/dev/null 2>&1; then
  ui_fail "chromium is not installed (apt-get install -y chromium)"
fi

# ui_build PACKAGE BINARY: builds BINARY of PACKAGE (debug) and sets $ui_binary to its path.
ui_build() {
  cargo build -q -p "$1" --bin "$2"
  ui_binary="${CARGO_TARGET_DIR:-$ui_root/target}/debug/$2"
}

ui_shots="${UI_SCREENSHOT_DIR:-$ui_root/target/ui-screenshots}"
mkdir -p "$ui_shots"

ui_work="$(mktemp -d)"
ui_server_pid=""
ui_cleanup() {
  if [ -n "$ui_server_pid" ]; then kill "$ui_server_pid" 2>/dev/null || true; wait "$ui_server_pid" 2>/dev/null || true; fi
  rm -rf "$ui_work"
}
trap ui_cleanup EXIT

# ui_wait_for WHAT TRIES PAUSE CONDITION...: runs CONDITION until it succeeds, at most TRIES times
# PAUSE seconds apart, while the server $ui_server_pid runs; stops the suite (naming WHAT, with
# the logs in $ui_server_logs) when the server exits first or the condition never holds.
ui_wait_for() {
  local what="$1" tries="$2" pause="$3"
  shift 3
  for _ in $(seq 1 "$tries"); do
    if "$@"; then return 0; fi
    kill -0 "$ui_server_pid" 2>/dev/null || ui_fail "$what exited:" ${ui_server_logs:-}
    sleep "$pause"
  done
  ui_fail "$what did not start within $(awk "BEGIN { print $tries * $pause }") s" ${ui_server_logs:-}
}
