#!/usr/bin/env bash
# The README's first command: installs what is missing, builds winscan, and scans the bundled example image
# (Examples/images/servercore-sample.tar: a Server Core-shaped docker-archive whose base layer says build
# 10.0.20348.2227 and whose update layer's delta hive moves it to .2340) against the bundled sample database,
# which winscan builds on first use when no real database is installed. Then it shows why the update layer
# matters: the registry value UBR in the base hive alone, and merged with the delta.
# WINSCAN_BUILD_CONFIG=debug reuses a debug build (CI does this); the default is release.
set -euo pipefail
cd "$(dirname "$0")/.."
config="${WINSCAN_BUILD_CONFIG:-release}"

if ! command -v swift >/dev/null 2>&1; then
    echo "quickstart: Swift 6 is required (https://www.swift.org/install/linux/)" >&2
    exit 2
fi

# C libraries the build links (Debian/Ubuntu package names).
missing=()
for package in libarchive-dev libisal-dev libzstd-dev zlib1g-dev libsqlite3-dev; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if ((${#missing[@]})); then
    echo "==> installing ${missing[*]}"
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

echo "==> building winscan ($config)"
swift build -c "$config" --product winscan
swift build -c "$config" --product winscan-engine
swift build -c "$config" --product make-example-image
bin="$(swift build -c "$config" --show-bin-path)"

example=.build/example
"$bin/make-example-image" "$example" >/dev/null

echo "==> scanning Examples/images/servercore-sample.tar (a real scan: layers streamed and verified, hives merged,"
echo "    matched against the bundled sample database; exit status 0 = the default policy passed)"
"$bin/winscan" scan docker-archive:Examples/images/servercore-sample.tar --no-progress
echo "==> its registry, base layer alone vs base + update layer (the scan used the second):"
"$bin/winscan" hive query "$example/SOFTWARE" 'Microsoft\Windows NT\CurrentVersion' UBR
"$bin/winscan" hive query "$example/SOFTWARE" "$example/Software_Delta" 'Microsoft\Windows NT\CurrentVersion' UBR
