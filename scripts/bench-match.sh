#!/usr/bin/env bash
# VulnMatch benchmark (issue 5): matching a fully identified image against the database built from the whole
# real MSRC history, in process (the hidden `winscan db match`, which times itself), for Windows Server 2019,
# 2022 and 2025 Core images at January 2024 builds (and 2025's first cumulative update). The goal is under
# 10 ms per match; loading the advisories for the product (VulnDB, issue 4) is printed beside it.
#
#   scripts/bench-match.sh            (needs ../shared/data beside the checkout)
#
# Environment: REPEAT (default 50) matches per build, the first, the median and the fastest reported; SCRATCH (default .build)
# the SwiftPM scratch path for the release build; DB (default .build-bench/db/msrc.sqlite) the database, built
# from ../shared/data/msrc/cvrf-xml when absent.
set -euo pipefail
cd "$(dirname "$0")/.."
data="../shared/data/msrc/cvrf-xml"
repeat="${REPEAT:-50}"
scratch="${SCRATCH:-.build}"
db="${DB:-.build-bench/db/msrc.sqlite}"

echo "==> building winscan (release)"
swift build -c release --scratch-path "$scratch" --product winscan >/dev/null
swift build -c release --scratch-path "$scratch" --product winscan-engine >/dev/null
bin="$(swift build -c release --scratch-path "$scratch" --show-bin-path)/winscan"

if [ ! -f "$db" ]; then
    if [ ! -f "$data/2023-Jan.xml.zst" ]; then
        echo "bench-match: $data is absent: the database is built from the real MSRC months there" >&2
        exit 2
    fi
    mkdir -p "$(dirname "$db")"
    "$bin" db build --from "$data" --db "$db" >/dev/null
fi

printf '%-32s %10s %14s %14s %14s %12s\n' build findings "match first" "match median" "match fastest" "load"
for build in "10.0.17763.5329 Server Core" "10.0.20348.2227 Server Core" "10.0.20348.2227 Server" \
    "10.0.26100.2894 Server Core"; do
    set -- $build
    out="$("$bin" db match --db "$db" --build "$1" --installation-type "${*:2}" --dotnet-release 528449 \
        --count --repeat "$repeat")"
    findings="$(sed -n 's/^findings \([0-9]*\).*/\1/p' <<<"$out")"
    timing="$(grep '^load ' <<<"$out")"
    load="$(sed -n 's/^load \([0-9.]*\) ms.*/\1/p' <<<"$timing")"
    first="$(sed -n 's/.*match \([0-9.]*\) ms.*/\1/p' <<<"$timing")"
    fastest="$(sed -n 's/.*fastest of [0-9]*: \([0-9.]*\) ms.*/\1/p' <<<"$timing")"
    median="$(sed -n 's/.*median \([0-9.]*\) ms.*/\1/p' <<<"$timing")"
    printf '%-32s %10s %11s ms %11s ms %11s ms %9s ms\n' "$1 ${*:2}" "$findings" "$first" "$median" "$fastest" "$load"
done
echo "goal: a match under 10 ms (in process, advisories loaded)"
