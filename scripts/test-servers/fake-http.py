#!/usr/bin/env python3
"""A scripted HTTP server for the network-source tests: it answers each route with the responses a JSON file
lists, in order (the last one repeats), and logs every request. It can lie (any body, any header), hang before
answering, stall in the middle of a body, redirect, or ask for credentials.

Usage: fake-http.py --routes ROUTES.json --log REQUESTS.jsonl (--port-file FILE [--host 127.0.0.1] | --unix PATH)

ROUTES.json: {"GET /v2/": [RESPONSE, ...], "*": [...]}  (keys: "METHOD /path" without the query, or "*")
RESPONSE: {"status": 200, "headers": {"Name": "value"}, "body_file": PATH | "body": TEXT,
           "hang": SECONDS (sleep before answering), "stall_after": BYTES (send that much of the body, then
           sleep for "stall" seconds), "require": {"Header": "value"} (else "otherwise": RESPONSE)}
The log gets one JSON object per request: {"method", "path", "authorization"}.
Stdlib only; serves until killed.
"""
import argparse
import http.server
import json
import os
import socketserver
import sys
import threading
import time

parser = argparse.ArgumentParser()
parser.add_argument("--routes", required=True)
parser.add_argument("--log", required=True)
parser.add_argument("--host", default="127.0.0.1")
parser.add_argument("--port-file")
parser.add_argument("--unix")
arguments = parser.parse_args()

with open(arguments.routes) as handle:
    ROUTES = json.load(handle)
COUNTS = {}
LOCK = threading.Lock()


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def address_string(self):
        return "client"

    def handle_any(self):
        path = self.path.split("?", 1)[0]
        key = f"{self.command} {path}"
        length = int(self.headers.get("Content-Length") or 0)
        if length:
            self.rfile.read(length)
        with LOCK:
            with open(arguments.log, "a") as log:
                log.write(json.dumps({"method": self.command, "path": self.path,
                                      "authorization": self.headers.get("Authorization")}) + "\n")
            route = key if key in ROUTES else ("*" if "*" in ROUTES else None)
            if route is None:
                response = {"status": 404, "body": '{"errors":[{"code":"NOT_FOUND","message":"no route"}]}'}
            else:
                index = COUNTS.get(route, 0)
                COUNTS[route] = index + 1
                responses = ROUTES[route]
                response = responses[min(index, len(responses) - 1)]
        while "require" in response:
            if all(self.headers.get(name) == value for name, value in response["require"].items()):
                response = {k: v for k, v in response.items() if k not in ("require", "otherwise")}
            else:
                response = response.get("otherwise", {"status": 401})
        if response.get("hang"):
            time.sleep(response["hang"])
        body = b""
        if "body_file" in response:
            with open(response["body_file"], "rb") as handle:
                body = handle.read()
        elif "body" in response:
            body = response["body"].encode()
        self.send_response(response.get("status", 200))
        headers = response.get("headers", {})
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command == "HEAD":
            return
        stall_after = response.get("stall_after")
        if stall_after is not None:
            self.wfile.write(body[:stall_after])
            self.wfile.flush()
            time.sleep(response.get("stall", 60))
            return
        self.wfile.write(body)

    do_GET = do_PUT = do_POST = do_HEAD = do_PATCH = do_DELETE = handle_any


class TCPServer(http.server.ThreadingHTTPServer):
    daemon_threads = True


class UnixServer(socketserver.ThreadingMixIn, socketserver.UnixStreamServer):
    daemon_threads = True


if arguments.unix:
    if os.path.exists(arguments.unix):
        os.unlink(arguments.unix)
    server = UnixServer(arguments.unix, Handler)
else:
    server = TCPServer((arguments.host, 0), Handler)
    temporary = arguments.port_file + ".partial"
    with open(temporary, "w") as handle:
        handle.write(str(server.server_address[1]))
    os.rename(temporary, arguments.port_file)
sys.stdout.flush()
server.serve_forever()
