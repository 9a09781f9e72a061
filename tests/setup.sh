#!/usr/bin/env bash
# Installs the system packages the tests use as reference clients (never dependencies of the kit):
# Debian's Jupyter client and nbconvert, which drive the kit's Jupyter kernel in the kernel tests.
set -euo pipefail
needed=(python3-jupyter-client python3-nbconvert python3-nbclient python3-ipykernel python3-zmq)
missing=()
for p in "${needed[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -eq 0 ]; then sudo=""; elif command -v sudo >/dev/null; then sudo="sudo"; else
  echo "tests/setup.sh: missing Debian packages ${missing[*]} and no root rights to install them" >&2; exit 1
fi
echo "Installing ${missing[*]} ..."
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
