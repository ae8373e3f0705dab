#!/usr/bin/env bash
# Benchmark of the mock server: our `pact-mock-server` against the reference `pact stub` and
# `pact mock`, each serving the same 20-interaction pact on 127.0.0.1 and loaded by wrk (the load is
# driven by the project's harness, shared/tools/pactcheck.py stub-bench), then the in-process
# time-to-ready of `MockServer::start`. Prints requests/s, mean/p99 latency and readiness side by side.
#
#   pact-consumer/scripts/bench-mock-server.sh [--seconds 10] [--connections 32]
#
# Needs: wrk (`apt-get install -y wrk`; without it pactcheck falls back to a slower Python loader),
# the reference CLI (pactcheck installs pact-python-cli into /tmp/peers/venv when missing), and the
# release binaries pact-mock-server and pact-verifier (built here; pactcheck's `ours` profile checks both).
# Targets: >= 2x the reference's requests/s, p99 < 2 ms, ready < 5 ms.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$(pwd)
SECONDS_ARG=10
CONNECTIONS=32
while [ $# -gt 0 ]; do
  case "$1" in
    --seconds) SECONDS_ARG=$2; shift 2 ;;
    --connections) CONNECTIONS=$2; shift 2 ;;
    *) echo "usage: $0 [--seconds N] [--connections N]" >&2; exit 2 ;;
  esac
done
export PACT_DO_NOT_TRACK=true

PACTCHECK=${PACTCHECK:-}
for candidate in "$ROOT/../shared/tools/pactcheck.py" /work/shared/tools/pactcheck.py; do
  if [ -z "$PACTCHECK" ] && [ -f "$candidate" ]; then PACTCHECK=$candidate; fi
done
[ -n "$PACTCHECK" ] || { echo "bench: pactcheck.py not found; set PACTCHECK=/path/to/pactcheck.py" >&2; exit 2; }
command -v wrk >/dev/null || echo "bench: wrk is not installed; figures come from the slower Python loader" >&2

echo "==> building release binaries"
cargo build --release -q -p pact-consumer --bin pact-mock-server
cargo build --release -q -p pact-verifier --bin pact-verifier
BIN_DIR="$ROOT/target/release"

declare -A LINES
for impl in reference reference-mock ours; do
  echo "==> stub-bench $impl (${SECONDS_ARG}s, $CONNECTIONS connections)"
  extra=()
  [ "$impl" = ours ] && extra=(--bin-dir "$BIN_DIR")
  line=$(python3 "$PACTCHECK" stub-bench --impl "$impl" "${extra[@]}" --interactions 20 \
    --seconds "$SECONDS_ARG" --connections "$CONNECTIONS" | grep '^stub-bench:' | tail -n 1)
  echo "    $line"
  LINES[$impl]=$line
done

echo "==> in-process time to ready (MockServer::start)"
cargo bench -q -p pact-consumer --bench mock_server_ready 2>/dev/null | tee /tmp/pact-consumer-ready.txt

field() { sed -n "s/.*$2 \([0-9.]*\).*/\1/p" <<<"${LINES[$1]}"; }
echo
printf '%-34s %12s %12s %12s\n' "" "pact stub" "pact mock" "ours"
printf '%-34s %12s %12s %12s\n' "requests/s" "$(sed -n 's/stub-bench: \([0-9]*\) rps.*/\1/p' <<<"${LINES[reference]}")" \
  "$(sed -n 's/stub-bench: \([0-9]*\) rps.*/\1/p' <<<"${LINES[reference-mock]}")" \
  "$(sed -n 's/stub-bench: \([0-9]*\) rps.*/\1/p' <<<"${LINES[ours]}")"
printf '%-34s %12s %12s %12s\n' "p99 latency (ms)" "$(field reference p99)" "$(field reference-mock p99)" "$(field ours p99)"
printf '%-34s %12s %12s %12s\n' "process ready (ms)" "$(field reference ready)" "$(field reference-mock ready)" "$(field ours ready)"
echo "full lines:"
for impl in reference reference-mock ours; do echo "  $impl: ${LINES[$impl]}"; done
