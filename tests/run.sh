#!/usr/bin/env bash
# The README's test command. On a fresh machine with only the .NET SDK it installs what the tests need
# (Debian packages for the real Jupyter clients), builds everything and runs every test project.
set -uo pipefail
cd "$(dirname "$0")/.."

bash tests/setup.sh || { echo "tests/setup.sh failed: see the messages above" >&2; exit 1; }

log=$(mktemp)
dotnet test Course.sln -c Release 2>&1 | tee "$log"
status=${PIPESTATUS[0]}

# One closing line for the whole run, summed over the test assemblies ("Passed!  - Failed: 0, Passed: 12, ...").
awk '/(Passed|Failed)! +- Failed: / {
       for (i = 1; i <= NF; i++) { if ($i == "Failed:") f += $(i+1); if ($i == "Passed:") p += $(i+1); if ($i == "Skipped:") s += $(i+1) }
     }
     END { gsub(",", "", p); printf "%d passed, %d failed, %d skipped\n", p, f, s }' "$log"
rm -f "$log"
exit "$status"
