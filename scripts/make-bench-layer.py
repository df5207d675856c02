#!/usr/bin/env python3
"""Writes a Windows-shaped layer tar of about SIZE_MB megabytes to stdout, for scripts/bench-layers.sh.

The layer looks like a servercore base layer: Files/Windows/System32/... and WinSxS folders full of
DLL-like files (half incompressible, half repetitive, so gzip reaches roughly the 2-3x ratio real layers
have), the SOFTWARE and SYSTEM hives in the middle, and a UtilityVM/Files tree at the end.
Usage: make-bench-layer.py SIZE_MB SOFTWARE_HIVE SYSTEM_HIVE > layer.tar
"""
import io
import os
import random
import sys
import tarfile


def main():
    size_mb, software, system = int(sys.argv[1]), sys.argv[2], sys.argv[3]
    target = size_mb * 1024 * 1024
    rng = random.Random(20348)
    noise = rng.randbytes(8 * 1024 * 1024)
    pattern = (b"MZ\x90\x00" + b"This program cannot be run in DOS mode.\r\r\n$" + bytes(range(64))) * 4096
    out = tarfile.open(fileobj=sys.stdout.buffer, mode="w|", format=tarfile.PAX_FORMAT)
    written = 0
    index = 0

    def add(path, data, pax=None):
        nonlocal written
        info = tarfile.TarInfo(path)
        info.size = len(data)
        info.mtime = 1700000000
        info.pax_headers = pax or {"MSWINDOWS.fileattr": "32", "MSWINDOWS.rawsd": "AQAEgBQAAAAkAAAAAAAAADAAAAABAgAAAAAABSAAAAAgAgAA"}
        out.addfile(info, io.BytesIO(data))
        written += len(data) + 1024

    hives_added = False
    while written < target:
        length = rng.randint(4 * 1024, 512 * 1024)
        start = rng.randint(0, len(noise) - length)
        half = length // 2
        data = noise[start:start + half] + pattern[:length - half]
        folder = "System32" if index % 3 else "WinSxS/amd64_component_%05d" % (index // 3)
        add("Files/Windows/%s/file%06d.dll" % (folder, index), data)
        index += 1
        if not hives_added and written >= target // 2:
            with open(software, "rb") as fh:
                add("Files/Windows/System32/config/SOFTWARE", fh.read())
            with open(system, "rb") as fh:
                add("Files/Windows/System32/config/SYSTEM", fh.read())
            hives_added = True
    for i in range(200):
        add("UtilityVM/Files/Windows/System32/uvm%04d.dll" % i, pattern[: 8192])
    out.close()


if __name__ == "__main__":
    main()
