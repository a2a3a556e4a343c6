#!/usr/bin/env bash
# Study d (s400_vs_patriot): the S-400-class regiment and a Patriot-class
# battery against the same 27-threat mixed raid, same seed and runs; plus a
# like-for-like variant (three Patriot-class batteries, all-round, 96 rounds).
# Regenerates studies/s400_vs_patriot/out/: one batch and report per defence
# and the side-by-side table out/compare.md.
set -euo pipefail
default_runs=40
. "$(dirname "${BASH_SOURCE[0]}")/../common.sh"

for s in s400_regiment_mixed_raid patriot_battery_mixed_raid patriot_three_batteries_mixed_raid; do
  "$canopy" batch "$rel/$s.toml" --runs "$runs" --seed "$seed" --out "$out/$s"
done
python3 "$here/compare.py" "$out/s400_regiment_mixed_raid" "$out/patriot_battery_mixed_raid" \
  "$out/patriot_three_batteries_mixed_raid" > "$out/compare.md"
cat "$out/compare.md"
for s in s400_regiment_mixed_raid patriot_battery_mixed_raid patriot_three_batteries_mixed_raid; do
  "$canopy" report "$out/$s"
done
echo "table: $out/compare.md"
