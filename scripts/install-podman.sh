#!/usr/bin/env bash
# Debian's podman, buildah, debootstrap and fuse-overlayfs for the image test (tests/test_image.py): no Docker
# engine runs here, and registry images cannot be pulled, so the test builds its base with debootstrap.
set -euo pipefail
missing=()
for tool in podman buildah debootstrap fuse-overlayfs; do
  command -v "$tool" >/dev/null || missing+=("$tool")
done
[ ${#missing[@]} -eq 0 ] && exit 0
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
