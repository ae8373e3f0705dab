#!/usr/bin/env bash
# Times our pact-verifier against the reference `pact verifier` on the same 1,000-interaction pact
# and the same fast local provider, in one run, and prints the figures.
#
#   pact-verifier/scripts/bench-verifier.sh [INTERACTIONS] [RUNS]
#
# Needs the reference CLI at $PACT_REFERENCE_CLI or /tmp/peers/venv/bin/pact (skipped otherwise).
# Uses hyperfine when installed (Debian: apt-get install -y hyperfine), else plain timing.
# Everything listens on 127.0.0.1 only.
set -euo pipefail
cd "$(dirname "$0")/../.."
N=${1:-1000}
RUNS=${2:-5}
REF=${PACT_REFERENCE_CLI:-/tmp/peers/venv/bin/pact}
export PACT_DO_NOT_TRACK=true NO_COLOR=1

echo "==> building release binaries"
cargo build --release -q -p pact-verifier --bin pact-verifier --example bench_provider
OURS=target/release/pact-verifier
PROVIDER=target/release/examples/bench_provider

WORK=$(mktemp -d)
PROVIDER_PID=
cleanup() {
  if [ -n "$PROVIDER_PID" ]; then kill "$PROVIDER_PID" 2>/dev/null || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT

echo "==> generating a pact with $N interactions"
python3 - "$N" > "$WORK/pact.json" <<'PY'
import json, sys
n = int(sys.argv[1])
interactions = []
for i in range(n):
    interactions.append({
        "description": f"a request for item {i}",
        "request": {"method": "GET", "path": f"/items/{i}", "headers": {"Accept": "application/json"}},
        "response": {
            "status": 200,
            "headers": {"Content-Type": "application/json"},
            "body": {"id": i, "name": f"item {i}", "price": 10.5 + i, "tags": ["a", "b"],
                     "owner": {"id": 1000 + i, "email": f"owner{i}@example.com"}},
            "matchingRules": {"body": {
                "$.id": {"combine": "AND", "matchers": [{"match": "integer"}]},
                "$.name": {"combine": "AND", "matchers": [{"match": "type"}]},
                "$.price": {"combine": "AND", "matchers": [{"match": "decimal"}]},
                "$.tags": {"combine": "AND", "matchers": [{"match": "type", "min": 1}]},
                "$.owner.email": {"combine": "AND", "matchers": [{"match": "regex", "regex": "^\\S+@\\S+$"}]},
            }},
        },
    })
print(json.dumps({"consumer": {"name": "BenchConsumer"}, "provider": {"name": "BenchProvider"},
                  "interactions": interactions, "metadata": {"pactSpecification": {"version": "3.0.0"}}}))
PY

echo "==> starting the provider"
"$PROVIDER" "$WORK/pact.json" > "$WORK/provider.out" &
PROVIDER_PID=$!
PORT=
for _ in $(seq 1 200); do
  PORT=$(sed -n 's/^listening on //p' "$WORK/provider.out")
  [ -n "$PORT" ] && break
  sleep 0.05   # polling the provider's readiness line
done
[ -n "$PORT" ] || { echo "provider did not start"; exit 1; }

OURS_CMD="$OURS -f $WORK/pact.json -h 127.0.0.1 -p $PORT --no-colour"
REF_CMD="$REF verifier -f $WORK/pact.json -h 127.0.0.1 -p $PORT --no-colour"

echo "==> sanity: both verifiers pass"
$OURS_CMD > "$WORK/ours.log" || { tail -20 "$WORK/ours.log"; echo "our verifier failed"; exit 1; }
HAVE_REF=0
if [ -x "$REF" ]; then
  if $REF_CMD > "$WORK/ref.log" 2>&1; then HAVE_REF=1; else tail -5 "$WORK/ref.log"; echo "reference verifier failed; timing ours only"; fi
else
  echo "reference CLI not found at $REF: timing ours only"
fi

time_plain() { # label, command...
  local label=$1; shift
  local best=999999 total=0
  for _ in $(seq 1 "$RUNS"); do
    local start end ms
    start=$(date +%s%N)
    "$@" > /dev/null 2>&1
    end=$(date +%s%N)
    ms=$(( (end - start) / 1000000 ))
    total=$(( total + ms ))
    [ "$ms" -lt "$best" ] && best=$ms
  done
  echo "$label: mean $(( total / RUNS )) ms, best $best ms over $RUNS runs" >&2
  echo $(( total / RUNS ))
}

echo "==> timing ($N interactions, $RUNS runs each)"
if command -v hyperfine > /dev/null; then
  ARGS=(--warmup 1 --runs "$RUNS" --export-json "$WORK/hf.json" -n ours "$OURS_CMD")
  [ "$HAVE_REF" = 1 ] && ARGS+=(-n reference "$REF_CMD")
  hyperfine "${ARGS[@]}"
  python3 - "$WORK/hf.json" <<'PY'
import json, sys
r = {x["command"]: x["mean"] for x in json.load(open(sys.argv[1]))["results"]}
print(f"ours: {r['ours']*1000:.0f} ms mean")
if "reference" in r:
    print(f"reference: {r['reference']*1000:.0f} ms mean")
    print(f"speedup (reference / ours): {r['reference']/r['ours']:.1f}x")
PY
else
  OURS_MS=$(time_plain ours $OURS_CMD)
  if [ "$HAVE_REF" = 1 ]; then
    REF_MS=$(time_plain reference $REF_CMD)
    python3 -c "print(f'speedup (reference / ours): {$REF_MS / max($OURS_MS, 1):.1f}x')"
  fi
fi
