#!/usr/bin/env bash
# Installs the system packages the library needs: OpenBLAS and LAPACKE (Debian), pkg-config,
# and Python with NumPy/pytest for the Python-facing parts. Idempotent; needs root or sudo.
set -euo pipefail
packages=(libopenblas-dev liblapacke-dev pkg-config python3 python3-pip)
missing=()
for p in "${packages[@]}"; do
    dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
    sudo_cmd=""
    [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
    $sudo_cmd apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${missing[@]}" >/dev/null
fi
if ! python3 -c 'import numpy, pytest' >/dev/null 2>&1; then
    python3 -m pip install --quiet numpy pytest 2>/dev/null \
        || python3 -m pip install --quiet --break-system-packages numpy pytest
fi
