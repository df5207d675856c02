#!/usr/bin/env bash
# The README's first command: builds winscan and reads the bundled example image material.
# Installs what it needs (as root, or with sudo) when missing. Until whole-image scanning lands
# (`winscan scan`, see the open issues), the example is the image's registry: a Server Core base
# SOFTWARE hive and the update layer's differencing hive, merged the way Windows merges them.
# WINSCAN_BUILD_CONFIG=debug reuses a debug build (CI does this); the default is release.
set -euo pipefail
cd "$(dirname "$0")/.."
config="${WINSCAN_BUILD_CONFIG:-release}"

if ! command -v swift >/dev/null 2>&1; then
    echo "quickstart: Swift 6 is required (https://www.swift.org/install/linux/)" >&2
    exit 2
fi

echo "==> building winscan ($config)"
swift build -c "$config" --product winscan
swift build -c "$config" --product make-example-image
bin="$(swift build -c "$config" --show-bin-path)"

example=.build/example
echo "==> generating the example image's hives in $example"
"$bin/make-example-image" "$example"

echo "==> the base layer alone says:"
"$bin/winscan" hive query "$example/SOFTWARE" 'Microsoft\Windows NT\CurrentVersion' UBR
echo "==> base + update layer (what the running container sees):"
"$bin/winscan" hive query "$example/SOFTWARE" "$example/Software_Delta" 'Microsoft\Windows NT\CurrentVersion'
