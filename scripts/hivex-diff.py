#!/usr/bin/python3
"""Differential check of `winscan hive dump --json` against hivex (python3-hivex).

For every hive file given (or every file under a folder; `.xz` files are decompressed to a temp dir), walks
the hive with hivex and with winscan and compares keys (depth first, stored order), value names, types
and data bytes. Files hivex cannot open must make winscan either fail cleanly (exit 2, one line on
stderr) or succeed; a crash (signal, exit code other than 0/2) is always a failure.

Prints one line per file and a closing `N passed, N failed` line; exits 1 on any failure.
Usage: hivex-diff.py WINSCAN PATH...
"""
import json
import lzma
import os
import subprocess
import sys
import tempfile

try:
    import hivex
except ImportError:
    print("skipped: python3-hivex is not installed (apt-get install python3-hivex)")
    sys.exit(0)

REGF = b"regf"
# python3-hivex's destructor raises on objects whose open failed; that noise is not ours to report.
sys.unraisablehook = lambda *_: None


def hivex_dump(path):
    h = hivex.Hivex(path)
    out = []
    stack = [(h.root(), "")]
    while stack:
        node, prefix = stack.pop()
        path_text = prefix if prefix else "\\"
        values = []
        for v in h.node_values(node):
            vtype, data = h.value_value(v)
            values.append({"name": h.value_key(v), "type": vtype, "data": data.hex()})
        out.append({"path": path_text, "values": values})
        children = h.node_children(node)
        for child in reversed(children):
            stack.append((child, prefix + "\\" + h.node_name(child)))
    return out


def winscan_dump(winscan, path):
    proc = subprocess.run([winscan, "hive", "dump", "--json", path], capture_output=True, timeout=300)
    return proc


def candidates(paths, tmp):
    for root in paths:
        if os.path.isfile(root):
            files = [root]
        else:
            files = sorted(os.path.join(d, f) for d, _, fs in os.walk(root) for f in fs)
        for f in files:
            if f.endswith(".xz"):
                target = os.path.join(tmp, os.path.basename(f)[:-3] + "-" + str(abs(hash(f))))
                with lzma.open(f) as src, open(target, "wb") as dst:
                    dst.write(src.read())
                yield f, target
            elif not f.endswith((".tsv", ".txt", ".md", ".json", ".gz", ".LOG1", ".LOG2")):
                yield f, f


def main():
    winscan = sys.argv[1]
    passed = failed = 0
    with tempfile.TemporaryDirectory() as tmp:
        for label, path in candidates(sys.argv[2:], tmp):
            with open(path, "rb") as fh:
                if fh.read(4) != REGF:
                    # Not a hive at all: winscan must refuse it cleanly.
                    proc = winscan_dump(winscan, path)
                    ok = proc.returncode == 2 and len(proc.stderr.strip().splitlines()) == 1
                    print(("ok   " if ok else "FAIL ") + f"{label}: not a hive, winscan exit {proc.returncode}")
                    passed, failed = (passed + 1, failed) if ok else (passed, failed + 1)
                    continue
            try:
                expected = hivex_dump(path)
                hivex_error = None
            except Exception as exc:  # hivex refused the file
                expected, hivex_error = None, str(exc)
            proc = winscan_dump(winscan, path)
            if proc.returncode not in (0, 2):
                print(f"FAIL {label}: winscan crashed (exit {proc.returncode}): {proc.stderr[-300:]!r}")
                failed += 1
                continue
            if proc.returncode == 2 and len(proc.stderr.strip().splitlines()) != 1:
                print(f"FAIL {label}: error is not one line: {proc.stderr[:300]!r}")
                failed += 1
                continue
            if proc.returncode == 2:
                lenient = subprocess.run([winscan, "hive", "dump", "--json", "--lenient", path], capture_output=True, timeout=300)
                if lenient.returncode not in (0, 2):
                    print(f"FAIL {label}: winscan --lenient crashed (exit {lenient.returncode})")
                    failed += 1
                    continue
            if expected is None:
                print(f"ok   {label}: hivex refused ({hivex_error}); winscan exit {proc.returncode}"
                      + (f": {proc.stderr.decode().strip()}" if proc.returncode else ""))
                passed += 1
                continue
            if proc.returncode != 0:
                print(f"FAIL {label}: hivex reads it, winscan fails: {proc.stderr.decode().strip()}")
                failed += 1
                continue
            actual = [json.loads(line) for line in proc.stdout.decode().splitlines()]
            if actual == expected:
                nvalues = sum(len(k["values"]) for k in expected)
                print(f"ok   {label}: {len(expected)} keys, {nvalues} values identical")
                passed += 1
            else:
                failed += 1
                first = next((i for i, (a, b) in enumerate(zip(actual, expected)) if a != b), min(len(actual), len(expected)))
                print(f"FAIL {label}: {len(actual)} keys vs hivex {len(expected)}; first difference at key {first}:")
                print("     winscan:", json.dumps(actual[first])[:400] if first < len(actual) else None)
                print("     hivex:  ", json.dumps(expected[first])[:400] if first < len(expected) else None)
    print(f"{passed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
