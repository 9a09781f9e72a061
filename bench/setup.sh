#!/usr/bin/env bash
# The benchmark's setup step: installs its PyTorch peer, Debian's python3-torch, together with libopenblas0-pthread
# (so that torch does not fall back to the reference BLAS). Both are reference peers only, never dependencies of the kit.
set -euo pipefail
exec bash "$(dirname "$0")/../tools/ensure-debian-packages.sh" bench/setup.sh python3-torch libopenblas0-pthread
