#!/usr/bin/env bash
# VulnDB benchmark (issue 4), measured in one run and printed as ratios:
#  - the full build of all 190 real MSRC months (`winscan db build --from ../shared/data/msrc/cvrf-xml`) against
#    the floor: `zstd -dc FILE | xmllint --stream --noout -` once per file (xmllint stops after the first
#    document of a concatenated stream), summed — the goal is within 2x of it;
#  - the database's size on disk;
#  - opening it (`winscan db status`, a whole process) and, in process, opening it and loading everything that
#    affects Windows Server 2022 (11923, 11924 and their compound products) — the goal is under 20 ms — through
#    the hidden `winscan db query --product 11923 --product 11924 --count`, which times itself.
#
#   scripts/bench-db.sh            (needs ../shared/data beside the checkout)
#
# Environment: RUNS (default 3) repetitions, the best of which is reported; SCRATCH (default .build) the
# SwiftPM scratch path for the release build.
set -euo pipefail
cd "$(dirname "$0")/.."
data="../shared/data/msrc/cvrf-xml"
runs="${RUNS:-3}"
scratch="${SCRATCH:-.build}"
work=.build-bench/db
mkdir -p "$work"

if [ ! -f "$data/2023-Jan.xml.zst" ]; then
    echo "bench-db: $data is absent: the real MSRC months it measures live there" >&2
    exit 2
fi
need=()
for tool in zstd:zstd xmllint:libxml2-utils /usr/bin/time:time bc:bc; do
    command -v "${tool%%:*}" >/dev/null 2>&1 || need+=("${tool##*:}")
done
if ((${#need[@]})); then
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq && $sudo apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

echo "==> building winscan (release)"
swift build -c release --scratch-path "$scratch" --product winscan >/dev/null
swift build -c release --scratch-path "$scratch" --product winscan-engine >/dev/null
bin="$(swift build -c release --scratch-path "$scratch" --show-bin-path)/winscan"

now() { date +%s%N; }
ms() { echo "scale=1; ($2 - $1) / 1000000" | bc; }
best() { tr ' ' '\n' | grep -v '^$' | sort -g | head -1; }

files=("$data"/*.xml.zst)
echo "==> floor: zstd -dc | xmllint --stream --noout, once per file, ${#files[@]} files, best of $runs"
floor=()
for _ in $(seq "$runs"); do
    start=$(now)
    for file in "${files[@]}"; do
        zstd -dcq "$file" | xmllint --stream --noout -
    done
    floor+=("$(ms "$start" "$(now)")")
done
floor_ms=$(echo "${floor[*]}" | best)

echo "==> winscan db build, best of $runs"
database="$work/msrc.sqlite"
builds=()
cpu=""
for _ in $(seq "$runs"); do
    rm -f "$database"
    start=$(now)
    /usr/bin/time -f "%U %S %M" -o "$work/time.txt" "$bin" db build --from "$data" --db "$database" >"$work/build.txt"
    builds+=("$(ms "$start" "$(now)")")
    cpu="$(cat "$work/time.txt")"
done
build_ms=$(echo "${builds[*]}" | best)
phases=$(head -1 "$work/build.txt" | sed -n 's/.*(\(decode.*\))$/\1/p')
read -r user system rss <<<"$cpu"

size=$(stat -c %s "$database")

echo "==> winscan db status (a whole process), best of $((runs * 3))"
statuses=()
for _ in $(seq $((runs * 3))); do
    start=$(now)
    "$bin" db status --db "$database" >/dev/null
    statuses+=("$(ms "$start" "$(now)")")
done
status_ms=$(echo "${statuses[*]}" | best)

echo "==> open + load Windows Server 2022 in process (fresh process each time), best of $((runs * 3))"
loads=()
for _ in $(seq $((runs * 3))); do
    line=$("$bin" db query --db "$database" --product 11923 --product 11924 --count | tail -1)
    loads+=("$(echo "$line" | sed -n 's/.*total \([0-9.]*\) ms.*/\1/p')")
done
load_ms=$(echo "${loads[*]}" | best)
counts=$("$bin" db query --db "$database" --product 11923 --product 11924 --count --repeat 20)
warm_ms=$(echo "$counts" | sed -n 's/.*fastest of 20: \([0-9.]*\) ms.*/\1/p')

echo
echo "VulnDB benchmark ($(nproc) cores, $(date -u +%Y-%m-%dT%H:%MZ))"
printf '%-58s %10s\n' "measure" "value"
printf '%-58s %10s\n' "floor: zstd -dc | xmllint --stream, 190 files (ms)" "$floor_ms"
printf '%-58s %10s\n' "winscan db build, 190 months (ms)" "$build_ms"
printf '%-58s %10s\n' "  ratio to the floor (goal <= 2.0)" "$(echo "scale=2; $build_ms / $floor_ms" | bc)"
printf '%-58s %10s\n' "  last build's CPU: user + system (s)" "$(echo "$user + $system" | bc)"
printf '%-58s %10s\n' "  last build's peak RSS (MB)" "$((rss / 1024))"
printf '%-58s %s\n' "  phases of the last build" "$phases"
printf '%-58s %10s\n' "database size (MB)" "$(echo "scale=1; $size / 1048576" | bc)"
printf '%-58s %10s\n' "winscan db status, whole process (ms)" "$status_ms"
printf '%-58s %10s\n' "open + load Server 2022, first load in a process (ms)" "$load_ms"
printf '%-58s %10s\n' "open + load Server 2022, warm, best of 20 (ms)" "$warm_ms"
printf '%-58s %s\n' "  loaded" "$(echo "$counts" | head -1)"
