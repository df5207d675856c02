#!/usr/bin/env bash
# Benchmarks of the WindowsHive reader against hivex, measured in one run and printed as ratios.
#
#   scripts/bench-hive.sh            (from anywhere; needs ../shared/data beside the checkout)
#
# What it does (docs/performance.md has the figures and how to read them):
#  1. installs what is missing (libhivex-bin python3-hivex hyperfine xz-utils time; as root, or with sudo);
#  2. builds winscan in release with the Swift runtime and Foundation linked statically
#     (`swift build -c release --static-swift-stdlib --product winscan --scratch-path .build-static`, as release
#     builds of the CLIs are meant to be built: it starts several milliseconds sooner), and the SOFTWARE-shaped
#     hive generator (the project's own regf writer,
#     Sources/TestSupport/Regf*.swift, compiled with swiftc: TestSupport is no product of the package);
#  3. decompresses SYSTEM_WIN_10_1709 and generates the ~100 MB SOFTWARE-shaped hive with 20,000 CBS packages,
#     both cached under Benchmarks/.build/bench-data (git-ignored);
#  4. runs the Benchmarks package (ordo-one/benchmark), the python3-hivex anchors in process, winscan and
#     hivexsh as whole processes under hyperfine, and peak-RSS runs of `winscan hive dump --json`;
#  5. checks both sides saw the same facts (values, subkey names, key and value counts, CBS states) and
#     prints the table with ratios. Exits 1 if the facts disagree; missed speed goals are reported, not fatal.
#
# Environment: BENCH_HIVE_QUICK=1 takes fewer samples (a smoke run, figures not for the record).
set -euo pipefail
cd "$(dirname "$0")/.."
root="$PWD"
shared="$root/../shared/data"

if [ ! -d "$shared/hives/regipy" ]; then
    echo "bench-hive: $shared is absent: the real hives it measures live there (a clone with ../shared beside it)" >&2
    exit 2
fi
if ! command -v swift >/dev/null 2>&1; then
    echo "bench-hive: Swift 6 is required (https://www.swift.org/install/linux/)" >&2
    exit 2
fi

# 1. Tools ------------------------------------------------------------------------------------------------
missing=()
for package in libhivex-bin python3-hivex hyperfine xz-utils time; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [ "${#missing[@]}" -gt 0 ]; then
    echo "==> installing ${missing[*]}"
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi
python=/usr/bin/python3  # python3-hivex is Debian's: it installs for the system interpreter
helper="$root/scripts/bench-hive-hivex.py"

quick="${BENCH_HIVE_QUICK:-0}"
if [ "$quick" = 1 ]; then
    query_iterations=30 walk_iterations=5 cbs_iterations=5 min_runs=10
else
    query_iterations=300 walk_iterations=30 cbs_iterations=30 min_runs=40
fi

cache="$root/Benchmarks/.build/bench-data"
results="$cache/results"
mkdir -p "$cache"
rm -rf "$results"
mkdir -p "$results"

# 2. Builds -----------------------------------------------------------------------------------------------
echo "==> building winscan (release, --static-swift-stdlib, scratch path .build-static)"
static_build=(swift build -c release --static-swift-stdlib --product winscan --scratch-path "$root/.build-static")
if ! "${static_build[@]}" >"$cache/winscan-build.log" 2>&1; then
    tail -20 "$cache/winscan-build.log" >&2
    echo "bench-hive: building winscan failed (log: $cache/winscan-build.log)" >&2
    exit 1
fi
tail -1 "$cache/winscan-build.log"
winscan="$("${static_build[@]}" --show-bin-path)/winscan"
echo "    measuring the static binary: $winscan"

generator="$cache/make-software-hive"
generator_sources=("$root"/Sources/TestSupport/Regf*.swift "$root/Benchmarks/Generator/MakeSoftwareHive.swift")
stamp="$(cat "${generator_sources[@]}" | sha256sum | cut -c1-16)"
software="$cache/SOFTWARE-cbs20000-$stamp.hiv"
if [ ! -s "$software" ]; then
    echo "==> building the SOFTWARE hive generator (Sources/TestSupport/Regf*.swift + Benchmarks/Generator)"
    swiftc -O -swift-version 6 -parse-as-library -module-name MakeSoftwareHive "${generator_sources[@]}" \
        -o "$generator"
    echo "==> generating $software"
    rm -f "$cache"/SOFTWARE-cbs20000-*.hiv
    "$generator" "$software.tmp" 20000 4000
    mv "$software.tmp" "$software"
fi

# 3. Inputs -----------------------------------------------------------------------------------------------
system="$cache/SYSTEM_WIN_10_1709"
if [ ! -s "$system" ] || [ "$shared/hives/regipy/SYSTEM_WIN_10_1709.xz" -nt "$system" ]; then
    echo "==> decompressing SYSTEM_WIN_10_1709.xz"
    xz -dc "$shared/hives/regipy/SYSTEM_WIN_10_1709.xz" >"$system.tmp"
    mv "$system.tmp" "$system"
fi
minimal="$shared/hives/other/hivex/minimal"

load_before="$(cut -d' ' -f1-3 /proc/loadavg)"

# 4a. Ours, in process: the Benchmarks package ------------------------------------------------------------
echo "==> running the Benchmarks package (ordo-one/benchmark; builds on first use)"
export WINSCAN_BENCH_SYSTEM_HIVE="$system" WINSCAN_BENCH_SOFTWARE_HIVE="$software"
if ! swift package --package-path Benchmarks --scratch-path Benchmarks/.build \
    --allow-writing-to-directory "$results" \
    benchmark --target HiveBenchmarks --no-progress --format jmh --path "$results" >"$results/benchmark.log" 2>&1
then
    tail -40 "$results/benchmark.log" >&2
    echo "bench-hive: the Benchmarks package failed (log: $results/benchmark.log)" >&2
    exit 1
fi

# 4b. hivex, in process (python3-hivex) -------------------------------------------------------------------
echo "==> python3-hivex anchors (in process)"
"$python" "$helper" open "$system" "$query_iterations" >"$results/hivex-open.json"
"$python" "$helper" query "$system" "$query_iterations" >"$results/hivex-query.json"
"$python" "$helper" walk "$system" "$walk_iterations" >"$results/hivex-walk.json"
"$python" "$helper" walknames "$system" "$walk_iterations" >"$results/hivex-walknames.json"
"$python" "$helper" walk "$software" "$walk_iterations" >"$results/hivex-walk-software.json"
"$python" "$helper" cbs "$software" "$cbs_iterations" >"$results/hivex-cbs.json"

# 4c. Whole processes: winscan hive query vs hivexsh, under hyperfine -------------------------------------
echo "==> whole processes (hyperfine)"
environment='ControlSet001\Control\Session Manager\Environment'
pci='DriverDatabase\DeviceIds\PCI'
printf 'cd \\%s\nlsval\n' "$environment" >"$results/environment.hsh"
printf 'cd \\%s\nls\nlsval\n' "$pci" >"$results/pci.hsh"
"$winscan" hive query "$system" "$environment" >"$results/winscan-environment.txt"
"$winscan" hive query "$system" "$pci" >"$results/winscan-pci.txt"
hivexsh -f "$results/environment.hsh" "$system" >"$results/hivexsh-environment.txt"
hivexsh -f "$results/pci.hsh" "$system" >"$results/hivexsh-pci.txt"
hyperfine -N --style none --warmup 3 --min-runs "$min_runs" --export-json "$results/hyperfine-environment.json" \
    -n winscan "'$winscan' hive query '$system' '$environment'" \
    -n hivexsh "hivexsh -f '$results/environment.hsh' '$system'" >/dev/null
hyperfine -N --style none --warmup 3 --min-runs "$min_runs" --export-json "$results/hyperfine-pci.json" \
    -n winscan "'$winscan' hive query '$system' '$pci'" \
    -n hivexsh "hivexsh -f '$results/pci.hsh' '$system'" >/dev/null
# Process start alone, for reading the two above: winscan --version, and hivexsh on an empty script, no hive.
: >"$results/empty.hsh"
hyperfine -N --style none --warmup 3 --min-runs "$min_runs" --export-json "$results/hyperfine-startup.json" \
    -n winscan "'$winscan' --version" \
    -n hivexsh "hivexsh -f '$results/empty.hsh'" >/dev/null

# 4d. Peak memory and whole-hive facts: winscan hive dump --json, and a python3-hivex walk ----------------
echo "==> peak RSS (winscan hive dump --json, python3-hivex walk)"
for name in minimal system software; do
    file="${!name}"
    /usr/bin/time -f '%M' -o "$results/rss-winscan-$name.txt" "$winscan" hive dump --json "$file" \
        | "$python" "$helper" dumpcount >"$results/winscan-dump-$name.json"
    "$python" "$helper" rss "$file" >"$results/hivex-rss-$name.json"
done

load_after="$(cut -d' ' -f1-3 /proc/loadavg)"

# 5. Facts and the table ----------------------------------------------------------------------------------
echo "==> results"
"$python" "$helper" report "$results" \
    --system "$system" --software "$software" \
    --load "$load_before" --load "$load_after" \
    --winscan-version "$("$winscan" --version 2>/dev/null || echo unknown)"
