#!/usr/bin/env bash
# Study e (five_vs_seven): "five regiments" and "more S-400 units".
# Regenerates studies/five_vs_seven/out/: asset coverage with 5 and 7
# regiments (coverage.md, coverage.csv), one batch and report per defence
# against the same 200-threat raid, and the side-by-side table compare.md.
set -euo pipefail
default_runs=10
. "$(dirname "${BASH_SOURCE[0]}")/../common.sh"

# 1. Coverage: catalog ranges of the rounds (as the CLI reports them) and the scenarios' sites.
"$canopy" catalog interceptor > "$out/catalog_interceptor.txt"
OUT="$out" python3 "$here/coverage.py" "$out/catalog_interceptor.txt" \
  "$root/crates/canopy-scenario/catalog/builtin.toml" \
  "$rel/five_regiments.toml" "$rel/seven_regiments.toml" > "$out/coverage.md"
cat "$out/coverage.md"

# 2. Leakage: the same raid, seed and runs against 5 and 7 regiments.
for s in five_regiments seven_regiments; do
  "$canopy" batch "$rel/$s.toml" --runs "$runs" --seed "$seed" --out "$out/$s"
done
python3 "$root/studies/s400_vs_patriot/compare.py" "$out/five_regiments" "$out/seven_regiments" \
  | sed '1s/.*/# Study e: the same 200-threat raid against five and seven regiments/' > "$out/compare.md"
cat "$out/compare.md"
for s in five_regiments seven_regiments; do
  "$canopy" report "$out/$s"
done
echo "tables: $out/coverage.md $out/compare.md"
