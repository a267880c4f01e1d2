#!/usr/bin/env bash
# Debian packages the test suite needs, in one apt run: Chromium for the browser tests (Playwright cannot download
# its own browser here); podman, buildah, debootstrap and fuse-overlayfs for the image test (no Docker engine runs
# here and registry images cannot be pulled, so the test builds its base with debootstrap); HAProxy for the
# replica test (tests/deploy/test_replicas.py, bench/cluster.py).
set -euo pipefail
declare -A needs=([chromium]=/usr/bin/chromium [podman]=/usr/bin/podman [buildah]=/usr/bin/buildah
                  [debootstrap]=/usr/sbin/debootstrap [fuse-overlayfs]=/usr/bin/fuse-overlayfs [haproxy]=/usr/sbin/haproxy)
missing=()
for pkg in "${!needs[@]}"; do
  [ -x "${needs[$pkg]}" ] || missing+=("$pkg")
done
[ ${#missing[@]} -eq 0 ] && exit 0
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
