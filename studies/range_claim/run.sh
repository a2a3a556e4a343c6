#!/usr/bin/env bash
# Study a (range_claim): "detects and destroys at ranges up to 400 km".
# Regenerates studies/range_claim/out/: radar coverage of the regiment, two
# batches (48N6-class and 40N6-class rounds) of high-altitude fighters flying
# straight at it, the ranges table (ranges.md) and one report per batch.
set -euo pipefail
default_runs=30
. "$(dirname "${BASH_SOURCE[0]}")/../common.sh"

# 1. Closed-form coverage of every radar of the regiment (4 m² = the fighter).
"$canopy" coverage "$rel/regiment_48n6_fighters.toml" --out "$out/coverage" \
  --rcs 0.01,0.1,1,4,10 \
  --altitudes 50,500,1000,3000,6000,10000,12000,15000,20000,30000 \
  --footprint-altitudes 6000,10000,12000,15000 --footprint-rcs 4

# 2. The fighters' true paths: one run with weapons held (no kill cuts a path short).
{ cat "$rel/regiment_48n6_fighters.toml"; printf '\n[doctrine]\ncontrol = "hold"\n'; } > "$out/paths.toml"
"$canopy" run "$out/paths.toml" --seed "$seed" --out "$out/paths"

# 3. Monte Carlo batches: the same fighters against 48N6-class and 40N6-class rounds.
"$canopy" batch "$rel/regiment_48n6_fighters.toml" --runs "$runs" --seed "$seed" --out "$out/batch_48n6"
"$canopy" batch "$rel/regiment_40n6_fighters.toml" --runs "$runs" --seed "$seed" --out "$out/batch_40n6"

# 4. Times -> ranges, then the reports.
python3 "$here/ranges.py" "$out" 48.0 68.0 "$out/batch_48n6" "$out/batch_40n6"
"$canopy" report "$out/batch_40n6"
"$canopy" report "$out/batch_48n6"
echo "reports: $out/batch_48n6/report.html $out/batch_40n6/report.html; ranges: $out/ranges.md"
