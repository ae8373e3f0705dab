#!/usr/bin/env python3
"""Throughput of `pact-mock-server --openapi` and of Prism on the same document and requests.

    cargo build --release -p pact-consumer --features openapi --bin pact-mock-server
    PACT_PRISM_BIN=/tmp/peers/npm/node_modules/.bin/prism \\
        python3 pact-consumer/load/openapi_mock_throughput.py [SECONDS] [CONNECTIONS]

Each server is started on 127.0.0.1, then CONNECTIONS keep-alive clients (threads) send
GET /users/42 and a POST /users with a valid body in turn for SECONDS; the script prints the
requests answered per second (every answer is checked for its expected status).
"""
import http.client
import os
import re
import subprocess
import sys
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SPEC = os.path.join(ROOT, "pact-openapi/tests/fixtures/mock/users.yaml")
OURS = os.path.join(ROOT, "target/release/pact-mock-server")
BODY = b'{"name":"Bob","email":"bob@example.com"}'


def start(argv):
    child = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    for line in child.stdout:
        found = re.search(r"http://127\.0\.0\.1:(\d+)", line)
        if found:
            threading.Thread(target=lambda: [None for _ in child.stdout], daemon=True).start()
            return child, int(found.group(1))
    raise SystemExit(f"{argv[0]} exited without announcing its URL")


def load(port, seconds, connections):
    counts = [0] * connections
    errors = []
    deadline = time.monotonic() + seconds

    def client(i):
        conn = http.client.HTTPConnection("127.0.0.1", port)
        n = 0
        while time.monotonic() < deadline:
            if n % 2 == 0:
                conn.request("GET", "/users/42")
                expected = 200
            else:
                conn.request("POST", "/users", BODY, {"Content-Type": "application/json"})
                expected = 201
            response = conn.getresponse()
            response.read()
            if response.status != expected:
                errors.append(response.status)
                return
            n += 1
        counts[i] = n

    threads = [threading.Thread(target=client, args=(i,)) for i in range(connections)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if errors:
        raise SystemExit(f"unexpected statuses: {errors[:5]}")
    return sum(counts) / seconds


def main():
    seconds = float(sys.argv[1]) if len(sys.argv) > 1 else 10
    connections = int(sys.argv[2]) if len(sys.argv) > 2 else 8
    prism_bin = os.environ.get("PACT_PRISM_BIN")
    if not prism_bin:
        raise SystemExit("set PACT_PRISM_BIN (.ci/run installs @stoplight/prism-cli)")
    results = {}
    for name, argv in (
        ("pact-mock-server --openapi", [OURS, "--openapi", SPEC, "-l", "none"]),
        ("prism mock", [prism_bin, "mock", "-h", "127.0.0.1", "-p", "4599", SPEC]),
    ):
        child, port = start(argv)
        try:
            load(port, 1, connections)  # warm-up
            results[name] = load(port, seconds, connections)
        finally:
            child.kill()
            child.wait()
    for name, rate in results.items():
        print(f"{name}: {rate:,.0f} requests/s ({connections} connections, {seconds:g} s)")


if __name__ == "__main__":
    main()
