#!/usr/bin/env bash
# The README's benchmark command: bash bench/run.sh [--quick] [options of StableTune.Bench]
# Installs the PyTorch peer (bench/setup.sh), builds the benchmark in Release and prints every figure of issue 6.
# Not part of the test suite. --quick is a smoke run (about a minute); the full run takes several minutes.
set -euo pipefail
cd "$(dirname "$0")/.."
bash bench/setup.sh || echo "bench/setup.sh failed: the PyTorch figures will read n/a" >&2
dotnet build bench/StableTune.Bench -c Release -v q -nologo -clp:ErrorsOnly
dotnet build lib/StableTune.Notebooks -c Release -v q -nologo -clp:ErrorsOnly
exec dotnet bench/StableTune.Bench/bin/Release/net10.0/StableTune.Bench.dll "$@"
