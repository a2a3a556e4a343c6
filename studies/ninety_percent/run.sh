#!/usr/bin/env bash
# Study c (ninety_percent): "90 % success rate" — per shot, per threat or per raid?
# Regenerates studies/ninety_percent/out/: a salvo-size grid and a raid-size
# sweep against one notional regiment, the comparison with MODELS.md §4
# (out/compare.md) and a report per sweep.
set -euo pipefail
default_runs=30
. "$(dirname "${BASH_SOURCE[0]}")/../common.sh"
scenario="$rel/regiment_cruise_sls.toml"

# 1. Salvo size n = 1..3, with (later_salvo 1) and without (0) re-engagement, 8 missiles.
"$canopy" sweep "$scenario" --vary 'doctrine.cruise.first_salvo=1..3' --vary 'doctrine.cruise.later_salvo=0..1' \
  --runs "$runs" --seed 1 --out "$out/salvo"
# 2. Raid size M = 4..36 at shoot-look-shoot 1-1.
"$canopy" sweep "$scenario" --vary 'raid.0.count=4..36:4' --runs "$runs" --seed 1 --out "$out/raid"

# The catalog SSPK of the regiment's round and the engine's lethal radius (NOTIONAL, 30 m).
sspk="$("$canopy" catalog 48N6-class | awk '$1 == "sspk" {print $3}')"
python3 "$here/compare.py" "$out/salvo" "$out/raid" "$sspk" 30 > "$out/compare.md"
cat "$out/compare.md"
"$canopy" report "$out/salvo"
"$canopy" report "$out/raid"
echo "reports: $out/salvo/report.html $out/raid/report.html; table: $out/compare.md"
