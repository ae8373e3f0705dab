#!/usr/bin/env python3
"""A tiny UserService for the HTML report test: GET /health, GET /users/42, POST /_pact/state.

Usage: provider.py PORT_FILE. Listens on 127.0.0.1 with a free port and writes the port to
PORT_FILE once it listens. Standard library only.
"""

import http.server
import json
import sys


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def send(self, status, content_type, body):
        data = body.encode()
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        path = self.path.split("?")[0]
        if path == "/health":
            self.send(200, "text/plain", "ok")
        elif path == "/users/42":
            self.send(200, "application/json", json.dumps({"id": 42, "name": "Alice"}))
        else:
            self.send(404, "application/json", json.dumps({"error": "not found"}))

    def do_POST(self):
        length = int(self.headers.get("Content-Length") or 0)
        self.rfile.read(length)
        self.send(200, "application/json", "{}")


server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
with open(sys.argv[1], "w") as f:
    f.write(str(server.server_address[1]))
server.serve_forever()
