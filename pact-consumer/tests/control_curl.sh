#!/usr/bin/env bash
# Drives `pact-mock-server start` exactly as a shell user would: curl against its REST API.
# Usage: control_curl.sh PACT_MOCK_SERVER_BINARY PACT_FILE WORK_DIR. Prints "ALL OK" and exits 0
# when every step answered as the reference control server does; exits 1 at the first surprise.
set -euo pipefail
bin="$1"; pact="$2"; work="$3"
master_pid=""
cleanup() { if [ -n "$master_pid" ]; then kill "$master_pid" 2>/dev/null || true; fi; }
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
expect() { # expect WHAT ACTUAL EXPECTED
  [ "$2" = "$3" ] || fail "$1: got '$2', expected '$3'"
  echo "ok   $1"
}

"$bin" start -p 0 -o "$work/pacts" --server-key s3cret >"$work/master.log" 2>"$work/master.err" &
master_pid=$!
port=""
for _ in $(seq 1 200); do   # bounded wait for the line that gives the port
  port="$(sed -n 's/^Master server started on port \([0-9]*\)$/\1/p' "$work/master.log")"
  [ -n "$port" ] && break
  kill -0 "$master_pid" 2>/dev/null || fail "the control server exited: $(cat "$work/master.err")"
  sleep 0.05
done
[ -n "$port" ] || fail "the control server did not say its port"
base="http://127.0.0.1:$port"

expect "no mock servers yet" "$(curl -sS "$base/")" '{"mockServers":[]}'

created="$(curl -sS -X POST -H 'Content-Type: application/json' --data-binary @"$pact" "$base/")"
id="$(printf '%s' "$created" | sed -n 's/.*"id":"\([^"]*\)".*/\1/p')"
mock_port="$(printf '%s' "$created" | sed -n 's/.*"port":\([0-9]*\).*/\1/p')"
[ -n "$id" ] && [ -n "$mock_port" ] || fail "create answered $created"
echo "ok   created mock server $id on port $mock_port"

expect "the mock server is listed" \
  "$(curl -sS "$base/mockserver/$mock_port" | sed -n 's/.*"status":"\([a-z]*\)".*/\1/p')" "error"
expect "the mock server answers" "$(curl -sS "http://127.0.0.1:$mock_port/health")" "ok"
expect "verify before every interaction happened" \
  "$(curl -sS -o "$work/verify.json" -w '%{http_code}' -X POST "$base/mockserver/$id/verify")" "422"
grep -q '"type":"missing-request"' "$work/verify.json" || fail "no missing-request in $(cat "$work/verify.json")"
echo "ok   the missing interaction is reported"

curl -sS -H 'Accept: application/json' "http://127.0.0.1:$mock_port/users/42" >/dev/null
expect "verify after every interaction happened" \
  "$(curl -sS -o /dev/null -w '%{http_code}' -X POST "$base/mockserver/$mock_port/verify")" "204"
[ -s "$work/pacts/OrderWeb-UserService.json" ] || fail "no pact written to $work/pacts"
echo "ok   the pact was written"

expect "delete the mock server" "$(curl -sS -o /dev/null -w '%{http_code}' -X DELETE "$base/mockserver/$id")" "204"
expect "it is gone" "$(curl -sS -o /dev/null -w '%{http_code}' "$base/mockserver/$id")" "404"
expect "shutdown needs the key" "$(curl -sS -o /dev/null -w '%{http_code}' -X POST "$base/shutdown")" "403"
expect "shutdown with the key" "$(curl -sS -o /dev/null -w '%{http_code}' -X POST \
  -H 'Authorization: Bearer s3cret' -H 'Content-Type: application/json' -d '{"period": 10}' "$base/shutdown")" "204"
for _ in $(seq 1 200); do
  kill -0 "$master_pid" 2>/dev/null || break
  sleep 0.05
done
kill -0 "$master_pid" 2>/dev/null && fail "the control server still runs after /shutdown"
wait "$master_pid" || fail "the control server exited with $?"
master_pid=""
echo "ok   the control server stopped"
echo "ALL OK"
