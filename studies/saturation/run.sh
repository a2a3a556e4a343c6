#!/usr/bin/env bash
# Study b (saturation): "engages multiple threats simultaneously".
# Sweeps the size of a cruise-missile salvo against one notional regiment and
# regenerates studies/saturation/out/sweep/ (sweep.csv, one batch per point,
# report.html) and out/knee.md (leakage, leak causes and the knee).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
cd "$root"
rel="${here#"$root"/}"  # scenario paths relative to the root, as reports print them
cargo build --release --locked -p canopy-cli
canopy="${CARGO_TARGET_DIR:-$root/target}/release/canopy"
runs="${RUNS:-20}"
out="$here/out"
rm -rf "$out"
mkdir -p "$out"

"$canopy" sweep "$rel/regiment_cruise_salvo.toml" --vary 'raid.0.count=4..64:6' \
  --runs "$runs" --seed 1 --out "$out/sweep"
python3 "$here/knee.py" "$out/sweep" > "$out/knee.md"
cat "$out/knee.md"
"$canopy" report "$out/sweep"
echo "report: $out/sweep/report.html; table: $out/knee.md"
