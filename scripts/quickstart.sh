#!/usr/bin/env bash
# The README's first command: installs what is missing, builds winscan, generates the example image (a
# Server Core-shaped docker-archive with a base and an update layer) and reads it. Until vulnerability
# matching lands (`winscan scan`, see the open issues), it shows what a scan reads: the Windows build at
# the update layer's revision, its servicing packages, and the merged registry.
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
for package in libarchive-dev libisal-dev libzstd-dev zlib1g-dev; do
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
swift build -c "$config" --product make-example-image
bin="$(swift build -c "$config" --show-bin-path)"

example=.build/example
echo "==> generating the example image in $example"
"$bin/make-example-image" "$example"

echo "==> reading the example image (every layer streamed and verified, hives merged):"
"$bin/winscan" image inspect "docker-archive:$example/servercore-example.tar"
echo "==> its registry, base layer alone vs base + update layer:"
"$bin/winscan" hive query "$example/SOFTWARE" 'Microsoft\Windows NT\CurrentVersion' UBR
"$bin/winscan" hive query "$example/SOFTWARE" "$example/Software_Delta" 'Microsoft\Windows NT\CurrentVersion' UBR
