#!/usr/bin/env bash
# Installs the Debian packages named after the caller's name, unless they are all installed already.
#   bash tools/ensure-debian-packages.sh <caller> <package>...
# Used by tests/setup.sh and bench/setup.sh for reference clients and peers, never for dependencies of the kit.
set -euo pipefail
caller=$1; shift
missing=()
for p in "$@"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -eq 0 ]; then sudo=""; elif command -v sudo >/dev/null; then sudo="sudo"; else
  echo "$caller: missing Debian packages ${missing[*]} and no root rights to install them" >&2; exit 1
fi
echo "$caller: installing ${missing[*]} ..."
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
