#!/usr/bin/env bash
# Installs the system packages the tests use as reference clients (never dependencies of the kit):
# Debian's Jupyter client and nbconvert, which drive the kit's Jupyter kernel in the kernel tests.
set -euo pipefail
exec bash "$(dirname "$0")/../tools/ensure-debian-packages.sh" tests/setup.sh \
  python3-jupyter-client python3-nbconvert python3-nbclient python3-ipykernel python3-zmq
