#!/usr/bin/env python3
"""Writes Windows-shaped layers for the benchmarks: one layer tar (scripts/bench-layers.sh), or a whole
two-layer image (scripts/bench-scan.sh).

A layer looks like a servercore layer: Files/Windows/System32/... and WinSxS folders full of DLL-like files
(half incompressible, half repetitive, so gzip reaches roughly the 2-3x ratio real layers have), the
registry hives in the middle, and a UtilityVM/Files tree at the end.

Usage:
  make-bench-layer.py SIZE_MB SOFTWARE_HIVE SYSTEM_HIVE > layer.tar
      one base layer tar with those two files as Files/Windows/System32/config/SOFTWARE and SYSTEM.
  make-bench-layer.py image OUT_DIR BASE_MB UPDATE_MB EXAMPLE_IMAGE_TAR
      a docker-archive OUT_DIR/image.tar (Docker 25+ layout: manifest.json, index.json and blobs/sha256/...)
      of two gzip (level 6) layers: a base layer of about BASE_MB uncompressed megabytes holding every entry
      of the example image's base layer (its SOFTWARE and SYSTEM hives, servicing package, hard link,
      alternate data stream, UtilityVM hive...), and an update layer of about UPDATE_MB holding every entry
      of its update layer (Hives/Software_Delta, a servicing manifest, a whiteout...), so the scan finds what
      it finds in Examples/images/servercore-sample.tar. The config lists the diff IDs (sha256 of each
      uncompressed tar), the manifests the blob digests and sizes. The two compressed layers are also left as
      OUT_DIR/layer0.tar.gz and layer1.tar.gz for the anchors, described in OUT_DIR/layers.json.
      Streams: memory stays a few tens of MB.
"""
import gzip
import hashlib
import io
import json
import os
import random
import sys
import tarfile

WINDOWS_PAX = {"MSWINDOWS.fileattr": "32", "MSWINDOWS.rawsd": "AQAEgBQAAAAkAAAAAAAAADAAAAABAgAAAAAABSAAAAAgAgAA"}


def write_layer(fileobj, size_mb, seed, middle, folder_of):
    """Writes one layer tar of about size_mb megabytes to fileobj: DLL-like files named by folder_of(index),
    middle() called once when half is written (it adds the entries that matter), UtilityVM files at the end."""
    target = size_mb * 1024 * 1024
    rng = random.Random(seed)
    noise = rng.randbytes(8 * 1024 * 1024)
    pattern = (b"MZ\x90\x00" + b"This program cannot be run in DOS mode.\r\r\n$" + bytes(range(64))) * 4096
    out = tarfile.open(fileobj=fileobj, mode="w|", format=tarfile.PAX_FORMAT)
    written = 0
    index = 0

    def add(path, data, pax=None):
        nonlocal written
        info = tarfile.TarInfo(path)
        info.size = len(data)
        info.mtime = 1700000000
        info.pax_headers = pax or WINDOWS_PAX
        out.addfile(info, io.BytesIO(data))
        written += len(data) + 1024

    middle_added = False
    while written < target:
        length = rng.randint(4 * 1024, 512 * 1024)
        start = rng.randint(0, len(noise) - length)
        half = length // 2
        data = noise[start:start + half] + pattern[:length - half]
        add(folder_of(index) + "/file%06d.dll" % index, data)
        index += 1
        if not middle_added and written >= target // 2:
            written += middle(out, add)
            middle_added = True
    for i in range(200):
        add("UtilityVM/Files/Windows/System32/uvm%04d.dll" % i, pattern[: 8192])
    out.close()


def base_folder(index):
    return "Files/Windows/" + ("System32" if index % 3 else "WinSxS/amd64_component_%05d" % (index // 3))


def update_folder(index):
    if index % 4 == 0:
        return "Files/Windows/System32"
    return "Files/Windows/WinSxS/amd64_microsoft-windows-update-component_31bf3856ad364e35_10.0.20348.%04d_none_%05d" % (
        2340, index // 4)


def single_layer(size_mb, software, system):
    def middle(out, add):
        with open(software, "rb") as fh:
            add("Files/Windows/System32/config/SOFTWARE", fh.read())
        with open(system, "rb") as fh:
            add("Files/Windows/System32/config/SYSTEM", fh.read())
        return 0  # counted by add

    write_layer(sys.stdout.buffer, size_mb, 20348, middle, base_folder)


class HashingWriter:
    """A write-only file that hashes and counts what goes through it on its way to `sink` (if any)."""

    def __init__(self, sink=None):
        self.sink = sink
        self.sha = hashlib.sha256()
        self.size = 0

    def write(self, data):
        self.sha.update(data)
        self.size += len(data)
        if self.sink is not None:
            self.sink.write(data)
        return len(data)

    def flush(self):
        if self.sink is not None:
            self.sink.flush()


class TarSink:
    """What tarfile writes to: the uncompressed stream, hashed (the diff ID), then gzip, hashed (the blob)."""

    def __init__(self, path):
        self.file = open(path, "wb")
        self.blob = HashingWriter(self.file)
        self.gzip = gzip.GzipFile(filename="", mode="wb", compresslevel=6, fileobj=self.blob, mtime=0)
        self.tar = HashingWriter(self.gzip)

    def write(self, data):
        return self.tar.write(data)

    def close(self):
        self.gzip.close()
        self.file.close()
        return "sha256:" + self.tar.sha.hexdigest(), "sha256:" + self.blob.sha.hexdigest(), self.blob.size


def example_layers(example_tar):
    """The example image's layer tars (bytes, base first) and its config, from its docker-archive."""
    with tarfile.open(example_tar) as outer:
        manifest = json.load(outer.extractfile("manifest.json"))[0]
        config = json.load(outer.extractfile(manifest["Config"]))
        return [outer.extractfile(path).read() for path in manifest["Layers"]], config


def copy_entries(layer_bytes):
    """A middle() that re-adds every entry of a small layer tar (headers, PAX records, links and data)."""

    def middle(out, add):
        size = 0
        with tarfile.open(fileobj=io.BytesIO(layer_bytes), mode="r:") as source:
            for info in source:
                data = source.extractfile(info) if info.isreg() else None
                out.addfile(info, data)
                size += info.size + 1024
        return size

    return middle


def image(out_dir, base_mb, update_mb, example_tar):
    os.makedirs(out_dir, exist_ok=True)
    layers, example_config = example_layers(example_tar)
    specs = [(base_mb, 20348, copy_entries(layers[0]), base_folder),
             (update_mb, 2340, copy_entries(layers[1]), update_folder)]
    diff_ids, blobs, tar_sizes = [], [], []
    for n, (mb, seed, middle, folders) in enumerate(specs):
        path = os.path.join(out_dir, "layer%d.tar.gz" % n)
        sink = TarSink(path + ".partial")
        write_layer(sink, mb, seed, middle, folders)
        diff_id, digest, size = sink.close()
        os.replace(path + ".partial", path)
        diff_ids.append(diff_id)
        blobs.append((digest, size, path))
        tar_sizes.append(sink.tar.size)
        print("layer %d: %d MB uncompressed, %d MB gzip, diff ID %s" % (n, sink.tar.size >> 20, size >> 20, diff_id),
              file=sys.stderr)

    config = dict(example_config)
    config["rootfs"] = {"type": "layers", "diff_ids": diff_ids}
    config_bytes = json.dumps(config, separators=(",", ":")).encode()
    config_digest = "sha256:" + hashlib.sha256(config_bytes).hexdigest()
    oci_manifest = json.dumps({
        "schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json",
        "config": {"mediaType": "application/vnd.oci.image.config.v1+json", "digest": config_digest,
                   "size": len(config_bytes)},
        "layers": [{"mediaType": "application/vnd.oci.image.layer.v1.tar+gzip", "digest": digest, "size": size}
                   for digest, size, _ in blobs]}, separators=(",", ":")).encode()
    manifest_digest = "sha256:" + hashlib.sha256(oci_manifest).hexdigest()
    tag = "winscan/bench-scan:ltsc2022"
    index = json.dumps({"schemaVersion": 2, "mediaType": "application/vnd.oci.image.index.v1+json", "manifests": [
        {"mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": manifest_digest,
         "size": len(oci_manifest), "annotations": {"io.containerd.image.name": "docker.io/" + tag,
                                                    "org.opencontainers.image.ref.name": "ltsc2022"}}]}).encode()
    blob_path = lambda digest: "blobs/sha256/" + digest.split(":", 1)[1]
    docker_manifest = json.dumps([{"Config": blob_path(config_digest), "RepoTags": [tag],
                                   "Layers": [blob_path(digest) for digest, _, _ in blobs]}]).encode()

    target = os.path.join(out_dir, "image.tar")
    with tarfile.open(target + ".partial", "w", format=tarfile.PAX_FORMAT) as outer:
        def add_bytes(name, data):
            info = tarfile.TarInfo(name)
            info.size = len(data)
            info.mtime = 1700000000
            outer.addfile(info, io.BytesIO(data))

        add_bytes("oci-layout", b'{"imageLayoutVersion":"1.0.0"}')
        add_bytes("index.json", index)
        add_bytes("manifest.json", docker_manifest)
        add_bytes(blob_path(config_digest), config_bytes)
        add_bytes(blob_path(manifest_digest), oci_manifest)
        for digest, size, path in blobs:
            info = tarfile.TarInfo(blob_path(digest))
            info.size = size
            info.mtime = 1700000000
            with open(path, "rb") as fh:
                outer.addfile(info, fh)  # copied in chunks, never whole in memory
    os.replace(target + ".partial", target)
    with open(os.path.join(out_dir, "layers.json"), "w") as fh:
        json.dump([{"blob": path, "digest": digest, "size": size, "diffID": diff_id, "uncompressedSize": tar_size}
                   for (digest, size, path), diff_id, tar_size in zip(blobs, diff_ids, tar_sizes)], fh, indent=1)


def main():
    if len(sys.argv) == 6 and sys.argv[1] == "image":
        image(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), sys.argv[5])
    elif len(sys.argv) == 4:
        single_layer(int(sys.argv[1]), sys.argv[2], sys.argv[3])
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
