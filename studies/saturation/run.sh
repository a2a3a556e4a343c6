#!/usr/bin/env bash
# Study b (saturation): "engages multiple threats simultaneously".
# Sweeps the size of a cruise-missile salvo against one notional regiment and
# regenerates studies/saturation/out/sweep/ (sweep.csv, one batch per point,
# report.html) and out/knee.md (leakage, leak causes and the knee).
set -euo pipefail
default_runs=20
. "$(dirname "${BASH_SOURCE[0]}")/../common.sh"

"$canopy" sweep "$rel/regiment_cruise_salvo.toml" --vary 'raid.0.count=4..64:6' \
  --runs "$runs" --seed 1 --out "$out/sweep"
python3 "$here/knee.py" "$out/sweep" > "$out/knee.md"
cat "$out/knee.md"
"$canopy" report "$out/sweep"
echo "report: $out/sweep/report.html; table: $out/knee.md"
