#!/usr/bin/env python3
"""Uploads blobs and PUTs a manifest to a registry over plain HTTP (distribution spec, "Pushing"): what the
network-source tests need for images skopeo cannot push, such as a manifest with a foreign layer whose blob
the registry must not hold.

Usage: push-manifest.py --registry http://127.0.0.1:PORT --repository NAME --tag TAG --manifest FILE
                        --media-type TYPE [--blob FILE]...
Prints the manifest digest the registry answers with. Stdlib only; no authentication.
"""
import argparse
import hashlib
import urllib.parse
import urllib.request

parser = argparse.ArgumentParser()
parser.add_argument("--registry", required=True)
parser.add_argument("--repository", required=True)
parser.add_argument("--tag", required=True)
parser.add_argument("--manifest", required=True)
parser.add_argument("--media-type", required=True)
parser.add_argument("--blob", action="append", default=[])
arguments = parser.parse_args()
base = arguments.registry.rstrip("/")

for path in arguments.blob:
    with open(path, "rb") as handle:
        data = handle.read()
    digest = "sha256:" + hashlib.sha256(data).hexdigest()
    start = urllib.request.Request(f"{base}/v2/{arguments.repository}/blobs/uploads/", method="POST", data=b"")
    with urllib.request.urlopen(start, timeout=30) as response:
        location = urllib.parse.urljoin(base + "/", response.headers["Location"])
    separator = "&" if "?" in location else "?"
    upload = urllib.request.Request(location + separator + "digest=" + urllib.parse.quote(digest), method="PUT",
                                    data=data, headers={"Content-Type": "application/octet-stream"})
    with urllib.request.urlopen(upload, timeout=30) as response:
        assert response.status == 201, response.status

with open(arguments.manifest, "rb") as handle:
    manifest = handle.read()
put = urllib.request.Request(f"{base}/v2/{arguments.repository}/manifests/{arguments.tag}", method="PUT",
                             data=manifest, headers={"Content-Type": arguments.media_type})
with urllib.request.urlopen(put, timeout=30) as response:
    print(response.headers.get("Docker-Content-Digest", ""))
