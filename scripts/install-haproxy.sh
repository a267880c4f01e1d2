#!/usr/bin/env bash
# Debian's HAProxy for tests/test_replicas.py (deploy/haproxy.cfg run for real in front of several app processes).
set -euo pipefail
command -v haproxy >/dev/null || [ -x /usr/sbin/haproxy ] && exit 0
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq haproxy >/dev/null
