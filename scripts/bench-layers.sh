#!/usr/bin/env bash
# Layer streaming benchmark (issue 3): on a generated Windows-shaped gzip layer of LAYER_MB (default 1024)
# uncompressed megabytes with the hives in its middle, times the whole of
#   winscan image inspect oci-dir:…   (stream the blob, verify its sha256, inflate with ISA-L, hash the tar
#                                      for the diff-id, walk every tar header, keep the hives)
# against, in the same run:  gzip -dc layer | sha256sum,  tar -xzf layer (to disk),  igzip -dc layer (the
# inflate floor), and prints ratios plus winscan's peak RSS for this layer and for one a third its size.
# Usage: bash scripts/bench-layers.sh   (LAYER_MB=300 RUNS=3 to change the size and repetitions;
#        BASELINE=path/to/an/older/winscan adds it to the same run, to measure a change against its parent)
set -euo pipefail
cd "$(dirname "$0")/.."
layer_mb="${LAYER_MB:-1024}"
runs="${RUNS:-3}"
work=.build-bench/layers
mkdir -p "$work"

need=()
for tool in hyperfine:hyperfine igzip:isal /usr/bin/time:time python3:python3; do
    command -v "${tool%%:*}" >/dev/null 2>&1 || need+=("${tool##*:}")
done
if ((${#need[@]})); then
    sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq && $sudo apt-get install -y -qq "${need[@]}" >/dev/null
fi

echo "==> building winscan and make-example-image (release)"
swift build -c release --product winscan >/dev/null
swift build -c release --product winscan-engine >/dev/null
swift build -c release --product make-example-image >/dev/null
bin="$(swift build -c release --show-bin-path)"
"$bin/make-example-image" "$work/hives" >/dev/null

make_image() {  # make_image MB DIR: an OCI layout holding one gzip layer of about MB uncompressed megabytes
    local mb=$1 dir=$2
    [ -f "$dir/index.json" ] && return 0
    echo "==> generating a ${mb} MB Windows-shaped layer in $dir"
    mkdir -p "$dir/blobs/sha256"
    python3 scripts/make-bench-layer.py "$mb" "$work/hives/SOFTWARE" "$work/hives/SOFTWARE" > "$dir/layer.tar"
    gzip -6 -c "$dir/layer.tar" > "$dir/layer.tar.gz"
    python3 - "$dir" <<'PY'
import hashlib, json, os, sys
d = sys.argv[1]
def sha(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()
diff_id, blob = sha(d + "/layer.tar"), sha(d + "/layer.tar.gz")
os.replace(d + "/layer.tar.gz", d + "/blobs/sha256/" + blob)
os.link(d + "/blobs/sha256/" + blob, d + "/layer.tar.gz")
config = json.dumps({"architecture": "amd64", "os": "windows", "os.version": "10.0.20348.4294",
    "rootfs": {"type": "layers", "diff_ids": ["sha256:" + diff_id]}}).encode()
def put(data):
    digest = hashlib.sha256(data).hexdigest()
    open(d + "/blobs/sha256/" + digest, "wb").write(data)
    return digest
c = put(config)
manifest = json.dumps({"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json",
    "config": {"mediaType": "application/vnd.oci.image.config.v1+json", "digest": "sha256:" + c, "size": len(config)},
    "layers": [{"mediaType": "application/vnd.oci.image.layer.v1.tar+gzip", "digest": "sha256:" + blob,
                "size": os.path.getsize(d + "/blobs/sha256/" + blob)}]}).encode()
m = put(manifest)
open(d + "/oci-layout", "w").write('{"imageLayoutVersion":"1.0.0"}')
open(d + "/index.json", "w").write(json.dumps({"schemaVersion": 2, "manifests": [{"mediaType":
    "application/vnd.oci.image.manifest.v1+json", "digest": "sha256:" + m, "size": len(manifest)}]}))
PY
    rm -f "$dir/layer.tar"
}

big="$work/image-${layer_mb}"
small_mb=$((layer_mb / 3))
small="$work/image-${small_mb}"
make_image "$layer_mb" "$big"
make_image "$small_mb" "$small"
layer="$big/layer.tar.gz"
echo "==> layer: $(du -m "$layer" | cut -f1) MB compressed, ${layer_mb} MB uncompressed; $(nproc) cores: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2)"

"$bin/winscan" image inspect "oci-dir:$big" | grep -E 'config/SOFTWARE|entries'

extract="$work/extract"
baseline=()
[ -n "${BASELINE:-}" ] && baseline=(-n "winscan (baseline)" "$BASELINE image inspect oci-dir:$big")
hyperfine --warmup 1 --runs "$runs" --export-json "$work/layers.json" \
    -n winscan "$bin/winscan image inspect oci-dir:$big" "${baseline[@]}" \
    -n "gzip -dc | sha256sum" "gzip -dc $layer | sha256sum" \
    -n "tar -xzf (to disk)" --prepare "rm -rf $extract && mkdir -p $extract" "tar -xzf $layer -C $extract" \
    -n "igzip -dc" "igzip -dc $layer > /dev/null" >/dev/null
rm -rf "$extract"

rss() { /usr/bin/time -v "$@" 2>&1 >/dev/null | awk -F: '/Maximum resident/ {gsub(/ /,"",$2); print $2}'; }
rss_big=$(rss "$bin/winscan" image inspect "oci-dir:$big")
rss_small=$(rss "$bin/winscan" image inspect "oci-dir:$small")

python3 - "$work/layers.json" "$layer_mb" "$rss_big" "$small_mb" "$rss_small" <<'PY'
import json, sys
results = {r["command"]: r for r in json.load(open(sys.argv[1]))["results"]}
ours = results["winscan"]["mean"]
print(f"\n{'command':<24}{'mean s':>9}{'± s':>8}{'MB/s (uncompressed)':>22}{'winscan vs it':>16}")
for name, r in results.items():
    mbps = int(sys.argv[2]) / r["mean"]
    ratio = r["mean"] / ours
    verdict = "(itself)" if name == "winscan" else (f"{ratio:.2f}x faster" if ratio >= 1 else f"{1/ratio:.2f}x slower")
    print(f"{name:<24}{r['mean']:>9.2f}{r['stddev']:>8.2f}{mbps:>22.0f}{verdict:>16}")
print(f"\npeak RSS of winscan: {int(sys.argv[3]) // 1024} MB for the {sys.argv[2]} MB layer, "
      f"{int(sys.argv[5]) // 1024} MB for the {sys.argv[4]} MB layer")
g = results["gzip -dc | sha256sum"]["mean"] / ours
i = ours / results["igzip -dc"]["mean"]
print(f"goals: >= 3x faster than gzip -dc | sha256sum: {g:.2f}x ({'met' if g >= 3 else 'NOT met'}); "
      f"within 1.5x of igzip -dc: {i:.2f}x ({'met' if i <= 1.5 else 'NOT met'})")
PY
