#!/usr/bin/env python3
"""A Docker registry token server for the network-source tests (the token protocol distribution's
`auth: token:` speaks): GET /token?service=S&scope=repository:NAME:pull[,push] answers {"token", "access_token",
"expires_in"} with a JWT signed RS256 by KEY (its certificate in the `x5c` header, which the registry checks
against its `rootcertbundle`). Basic credentials that match --user/--password get the actions they ask for;
no credentials get a token with no access (as Docker Hub's anonymous tokens for private repositories); wrong
ones get 401. Signing uses the `openssl` command, so only the standard library is needed.

Usage: token-server.py --key KEY.pem --cert CERT.pem --issuer I --service S --user U --password P
                       --port-file FILE --log FILE [--lifetime-file FILE] [--expires-in SECONDS]
The JWT lifetime is read from --lifetime-file at each request (default 300 s); --expires-in is what the answer
claims (default: the lifetime). A short lifetime with a long claim makes the client trust an expired token
until the registry rejects it, which is how the tests exercise token refresh.
"""
import argparse
import base64
import http.server
import json
import os
import subprocess
import time
import urllib.parse
import uuid

parser = argparse.ArgumentParser()
for name in ("--key", "--cert", "--issuer", "--service", "--user", "--password", "--port-file", "--log"):
    parser.add_argument(name, required=True)
parser.add_argument("--lifetime-file", help="a file holding the JWT lifetime in seconds, read per request")
parser.add_argument("--expires-in", type=int)
arguments = parser.parse_args()

with open(arguments.cert) as handle:
    pem = "".join(line.strip() for line in handle if "-----" not in line)
CERTIFICATE = base64.b64encode(base64.b64decode(pem)).decode()
EXPECTED = "Basic " + base64.b64encode(f"{arguments.user}:{arguments.password}".encode()).decode()


def b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def sign(claims):
    header = {"alg": "RS256", "typ": "JWT", "x5c": [CERTIFICATE]}
    unsigned = b64url(json.dumps(header).encode()) + "." + b64url(json.dumps(claims).encode())
    signature = subprocess.run(["openssl", "dgst", "-sha256", "-sign", arguments.key], input=unsigned.encode(),
                               capture_output=True, check=True).stdout
    return unsigned + "." + b64url(signature)


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def answer(self, status, document):
        body = json.dumps(document).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        url = urllib.parse.urlparse(self.path)
        query = urllib.parse.parse_qs(url.query)
        authorization = self.headers.get("Authorization")
        with open(arguments.log, "a") as log:
            log.write(json.dumps({"path": self.path, "authorization": authorization is not None}) + "\n")
        if url.path != "/token":
            return self.answer(404, {"errors": [{"code": "NOT_FOUND", "message": "no such path"}]})
        if authorization is not None and authorization != EXPECTED:
            return self.answer(401, {"errors": [{"code": "UNAUTHORIZED", "message": "bad credentials"}]})
        access = []
        if authorization is not None:
            for scope in query.get("scope", []):
                for part in scope.split(" "):
                    kind, _, rest = part.partition(":")
                    name, _, actions = rest.rpartition(":")
                    access.append({"type": kind, "name": name, "actions": actions.split(",")})
        lifetime = 300
        if arguments.lifetime_file and os.path.exists(arguments.lifetime_file):
            with open(arguments.lifetime_file) as handle:
                lifetime = int(handle.read().strip() or 300)
        now = int(time.time())
        claims = {"iss": arguments.issuer, "sub": arguments.user if authorization else "",
                  "aud": query.get("service", [arguments.service])[0], "exp": now + lifetime,
                  "nbf": now - 10, "iat": now, "jti": str(uuid.uuid4()), "access": access}
        token = sign(claims)
        expires_in = arguments.expires_in if arguments.expires_in is not None else lifetime
        self.answer(200, {"token": token, "access_token": token, "expires_in": expires_in})


class Server(http.server.ThreadingHTTPServer):
    daemon_threads = True


server = Server(("127.0.0.1", 0), Handler)
temporary = arguments.port_file + ".partial"
with open(temporary, "w") as handle:
    handle.write(str(server.server_address[1]))
os.rename(temporary, arguments.port_file)
server.serve_forever()
