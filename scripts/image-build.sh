#!/usr/bin/env bash
# Build the Dockerfile with podman on a machine with no Docker engine and no registry images (tests/deploy/test_image.py).
#   scripts/image-build.sh [IMAGE]      (default localhost/nn-playground:local)
# 1. The base: a stand-in for python:3.11-slim-bookworm made with debootstrap (Debian bookworm, python3,
#    python3-venv, ca-certificates; this machine's extra CA certificates trusted there, pip told to use them),
#    imported into podman's storage as localhost/nn-playground-base:<hash of the recipe>, and reused while the
#    recipe and the certificates stay the same (about a minute the first time, nothing after).
# 2. The image: `podman build --isolation=chroot --pull=never --format docker` with that base as BASE (the docker
#    format keeps the HEALTHCHECK; podman's layer cache makes a rebuild with unchanged requirements quick).
# Prints the base, the build's seconds and the image's size; the image's name is the last line.
set -euo pipefail
cd "$(dirname "$0")/.."
IMAGE=${1:-localhost/nn-playground:local}
[ "$(id -u)" -eq 0 ] || exec sudo -E "$0" "$@"     # debootstrap, chroot and podman's root storage

for tool in podman debootstrap; do
  command -v "$tool" >/dev/null || { echo "$tool is missing: run scripts/install-debs.sh" >&2; exit 3; }
done
mkdir -p artifacts
exec 9>artifacts/image-build.lock   # one build at a time
flock 9

# The Debian mirror apt uses here (deb822 .sources or a classic sources.list line), else Debian's own.
mirror() {
  local m
  m=$(awk '/^URIs:/ { for (i = 2; i <= NF; i++) if ($i !~ /security/) { print $i; exit } }' \
        /etc/apt/sources.list.d/*.sources 2>/dev/null | head -n 1)
  [ -n "$m" ] || m=$(awk '$1 == "deb" && $0 !~ /security/ { for (i = 2; i <= NF; i++) if ($i ~ /^https?:/) { print $i; exit } }' \
        /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null | head -n 1)
  echo "${m:-http://deb.debian.org/debian}"
}

SUITE=bookworm
PACKAGES=python3,python3-venv,ca-certificates
BASE_PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
CERTS=(/usr/local/share/ca-certificates/*.crt)
[ -e "${CERTS[0]}" ] || CERTS=()
KEY=$( { echo "$SUITE $PACKAGES $BASE_PATH v1"; cat "${CERTS[@]}" /dev/null; } | sha256sum | cut -c1-12)
BASE=localhost/nn-playground-base:$SUITE-$KEY

if podman image exists "$BASE"; then
  echo "base $BASE (cached)"
else
  start=$SECONDS
  rootfs=$(mktemp -d /var/tmp/nn-playground-base.XXXXXX)
  trap 'rm -rf "$rootfs"' EXIT
  debootstrap --variant=minbase --include="$PACKAGES" "$SUITE" "$rootfs" "$(mirror)" >artifacts/debootstrap.log 2>&1 \
    || { tail -n 20 artifacts/debootstrap.log >&2; exit 1; }
  if [ ${#CERTS[@]} -gt 0 ]; then
    cp "${CERTS[@]}" "$rootfs/usr/local/share/ca-certificates/"
  fi
  chroot "$rootfs" update-ca-certificates >>artifacts/debootstrap.log 2>&1
  printf '[global]\ncert = /etc/ssl/certs/ca-certificates.crt\n' >"$rootfs/etc/pip.conf"
  rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/*
  tar -C "$rootfs" -c . | podman import --change "ENV=PATH=$BASE_PATH" --change "ENV=LANG=C.UTF-8" \
    --change 'CMD=["python3"]' - "$BASE" >>artifacts/debootstrap.log 2>&1
  rm -rf "$rootfs"
  trap - EXIT
  echo "base $BASE (made in $((SECONDS - start)) s)"
fi

old=$(podman image inspect --format '{{.Id}}' "$IMAGE" 2>/dev/null || true)
start=$SECONDS
podman build --isolation=chroot --pull=never --format docker --build-arg "BASE=$BASE" -t "$IMAGE" . \
  >artifacts/image-build.log 2>&1 || { tail -n 40 artifacts/image-build.log >&2; exit 1; }
echo "build $((SECONDS - start)) s"
new=$(podman image inspect --format '{{.Id}}' "$IMAGE")
# The image this build replaced, now untagged: removed (it fails harmlessly while a layer of it is still used).
if [ -n "$old" ] && [ "$old" != "$new" ]; then
  podman rmi "$old" >/dev/null 2>&1 || true
fi
echo "size $(( $(podman image inspect --format '{{.Size}}' "$IMAGE") / 1000000 )) MB"
echo "$IMAGE"
