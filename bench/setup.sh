#!/usr/bin/env bash
# The benchmark's setup step: installs its PyTorch peer, Debian's python3-torch, together with libopenblas0-pthread
# (so that torch does not fall back to the reference BLAS). Both are reference peers only, never dependencies of the kit.
set -euo pipefail
needed=(python3-torch libopenblas0-pthread)
missing=()
for p in "${needed[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -eq 0 ]; then sudo=""; elif command -v sudo >/dev/null; then sudo="sudo"; else
  echo "bench/setup.sh: missing Debian packages ${missing[*]} and no root rights to install them" >&2; exit 1
fi
echo "Installing ${missing[*]} ..."
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
