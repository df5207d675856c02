#!/usr/bin/env python3
"""A stand-in for the MSRC CVRF API on 127.0.0.1, for VulnDB's update tests (standard library only).

Serves the files of ROOT with the API's URL shapes:
  GET /cvrf/v3.0/updates     -> ROOT/updates-index.json                                   (application/json)
  GET /cvrf/v3.0/cvrf/<ID>   -> ROOT/<ID>.xml, or ROOT/<ID>.xml.zst decompressed by `zstd -dc` (application/xml)
Each answer has an ETag (a hash of the body) and a Last-Modified (the file's mtime); a request whose
If-None-Match matches, or whose If-Modified-Since is not older than the file, gets 304 with no body.
ROOT/fail.txt, if present, lists document IDs (one a line) to answer with 500.
Every request is appended to ROOT/requests.log as one line: METHOD PATH STATUS ACCEPT-HEADER-OR-"-".

Usage: msrc-api.py ROOT [--lifetime SECONDS]
Prints "port N" once listening on an ephemeral port of 127.0.0.1; stops when its standard input closes or
after --lifetime seconds (default 600), whichever comes first.
"""
import argparse
import email.utils
import hashlib
import http.server
import os
import subprocess
import sys
import threading
import urllib.parse

parser = argparse.ArgumentParser()
parser.add_argument("root")
parser.add_argument("--lifetime", type=float, default=600)
arguments = parser.parse_args()
ROOT = arguments.root
LOCK = threading.Lock()
CACHE = {}


def body_of(path):
    """The file's bytes, decompressed when it is .zst; cached by path and mtime."""
    stamp = os.stat(path).st_mtime_ns
    key = (path, stamp)
    with LOCK:
        if key in CACHE:
            return CACHE[key]
    if path.endswith(".zst"):
        data = subprocess.run(["zstd", "-dcq", path], check=True, stdout=subprocess.PIPE).stdout
    else:
        with open(path, "rb") as handle:
            data = handle.read()
    with LOCK:
        CACHE[key] = data
    return data


def log(line):
    with LOCK:
        with open(os.path.join(ROOT, "requests.log"), "a") as handle:
            handle.write(line + "\n")


def failing():
    try:
        with open(os.path.join(ROOT, "fail.txt")) as handle:
            return {line.strip() for line in handle if line.strip()}
    except FileNotFoundError:
        return set()


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def answer(self, status, body=b"", content_type="text/plain", headers=()):
        self.send_response(status)
        for name, value in headers:
            self.send_header(name, value)
        if status != 304:
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if status != 304 and self.command != "HEAD":
            self.wfile.write(body)
        log("%s %s %d %s" % (self.command, self.path, status, self.headers.get("Accept") or "-"))

    def do_GET(self):
        path = urllib.parse.unquote(urllib.parse.urlsplit(self.path).path)
        if path == "/cvrf/v3.0/updates":
            file, content_type = os.path.join(ROOT, "updates-index.json"), "application/json; charset=utf-8"
        elif path.startswith("/cvrf/v3.0/cvrf/"):
            document = path[len("/cvrf/v3.0/cvrf/"):]
            if "/" in document or document.startswith("."):
                return self.answer(400, b"bad document ID")
            if document in failing():
                return self.answer(500, b"internal server error")
            file = os.path.join(ROOT, document + ".xml")
            if not os.path.exists(file):
                file += ".zst"
            content_type = "application/xml"
        else:
            return self.answer(404, b"no such route")
        if not os.path.exists(file):
            return self.answer(404, b"not found")
        body = body_of(file)
        etag = '"%s"' % hashlib.sha256(body).hexdigest()[:32]
        mtime = int(os.stat(file).st_mtime)
        validators = [("ETag", etag), ("Last-Modified", email.utils.formatdate(mtime, usegmt=True))]
        match = self.headers.get("If-None-Match")
        since = self.headers.get("If-Modified-Since")
        if match is not None:
            if etag in [tag.strip() for tag in match.split(",")] or match.strip() == "*":
                return self.answer(304, headers=validators)
        elif since is not None:
            parsed = email.utils.parsedate_tz(since)
            if parsed is not None and mtime <= email.utils.mktime_tz(parsed):
                return self.answer(304, headers=validators)
        self.answer(200, body, content_type, validators)


server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
server.daemon_threads = True
threading.Thread(target=server.serve_forever, daemon=True).start()
print("port %d" % server.server_address[1], flush=True)


DONE = threading.Event()


def wait_for_stdin_to_close():
    try:
        while sys.stdin.buffer.read(4096):
            pass
    finally:
        DONE.set()


threading.Thread(target=wait_for_stdin_to_close, daemon=True).start()
DONE.wait(arguments.lifetime)
server.shutdown()
