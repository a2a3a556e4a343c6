#!/usr/bin/env bash
# Canopy's tracker against Stone Soup's GNN tracker on the peer benchmark of
# shared/bench/tracking (BASELINE.md): same scenarios, same detections, both scored
# with `canopy score` and with score.py, detections per second side by side.
#
#   bench/tracking/compare.sh                 # from the repository root; ~20 min here
#   SIZES="10 100" bench/tracking/compare.sh  # subset
#
# Per size N (clutter 20/scan for N <= 100, 50 for N = 500; seeds 1, 2, 3; 100 scans):
#   gen_scenario.py -> run_stonesoup.py (gnn2d, and kdtree) -> canopy track (GNN and
#   JPDA, --repeat 20 for a median time) -> canopy score and score.py on every tracks file
# For N = 500, Stone Soup's gnn2d costs ~5 s of CPU per scan, so it runs the first 20
# scans only (as in BASELINE.md) and its row is scored on those 20 steps; kdtree gives
# identical tracks (BASELINE.md) and runs all 100 scans.
# Needs: python3 and cargo. Stone Soup is installed on first use into the
# repository's git-ignored .venv (or give PY=/path/to/python with stonesoup).
# Everything lands in bench/tracking/out/ (git-ignored).
set -euo pipefail
cd "$(dirname "$0")"
if [ -z "${PY:-}" ]; then
  PY=../../.venv/bin/python
  if ! "$PY" -c 'import stonesoup' 2>/dev/null; then
    python3 -m venv ../../.venv
    ../../.venv/bin/pip install --quiet stonesoup
  fi
fi
S=${SHARED:-../../../shared/bench/tracking}
SIZES=${SIZES:-"10 100 500"}
REPEAT=${REPEAT:-20}
OUT=out
mkdir -p "$OUT"
(cd ../.. && cargo build --release -p canopy-cli --quiet)
CANOPY=${CANOPY:-$(cd ../.. && cargo metadata --format-version 1 --no-deps \
  | "$PY" -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')/release/canopy}

echo "machine: nproc $(nproc); $(lscpu | grep 'Model name' | sed 's/  */ /g')"
echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
"$PY" -c 'import stonesoup, numpy, scipy, sys; print(f"python {sys.version.split()[0]}, stonesoup {stonesoup.__version__}, numpy {numpy.__version__}, scipy {scipy.__version__}")'
"$CANOPY" --version

summary() { grep '^SUMMARY ' | sed 's/^SUMMARY //'; }

for n in $SIZES; do
  case $n in 10) clutter=20; seed=1 ;; 100) clutter=20; seed=2 ;; 500) clutter=50; seed=3 ;;
             *) clutter=20; seed=$n ;; esac
  d=$OUT/n$n
  "$PY" "$S/gen_scenario.py" --targets "$n" --scans 100 --pd 0.9 --clutter "$clutter" \
      --sigma 30 --q 1 --seed "$seed" --out "$d" > /dev/null
  for assoc in gnn2d kdtree; do
    extra=()
    if [ "$assoc" = gnn2d ] && [ "$n" -ge 500 ]; then extra=(--max-scans 20); fi
    echo "== N=$n stonesoup-$assoc ${extra[*]}"
    "$PY" "$S/run_stonesoup.py" --detections "$d/detections.csv" --out "$d/tracks_$assoc.csv" \
        --associator "$assoc" --json "$d/run_$assoc.json" "${extra[@]}" > /dev/null
  done
  for tracker in gnn jpda; do
    echo "== N=$n canopy-$tracker (median of $REPEAT)"
    "$CANOPY" track "$d/detections.csv" --out "$d/tracks_canopy_$tracker.csv" \
        --tracker "$tracker" --repeat "$REPEAT" | summary > "$d/run_canopy_$tracker.json"
  done
  for tag in gnn2d kdtree canopy_gnn canopy_jpda; do
    for skip in 0 5; do
      sc=()
      # gnn2d ran 20 scans at N = 500: score steps 0-19, or 5-19 for the steady state.
      if [ "$tag" = gnn2d ] && [ "$n" -ge 500 ]; then sc=(--steps $((20 - skip))); fi
      "$CANOPY" score "$d/truth.csv" "$d/tracks_$tag.csv" --skip "$skip" "${sc[@]}" \
          --json "$d/canopy_score_${tag}_s$skip.json" > /dev/null
      "$PY" "$S/score.py" --truth "$d/truth.csv" --tracks "$d/tracks_$tag.csv" --skip "$skip" \
          "${sc[@]}" --json "$d/scorepy_${tag}_s$skip.json" > /dev/null
    done
  done
  # The like-for-like 20-scan pair at N = 500: every tracker scored on the first 20 steps.
  if [ "$n" -ge 500 ]; then
    for tag in kdtree canopy_gnn canopy_jpda; do
      "$CANOPY" score "$d/truth.csv" "$d/tracks_$tag.csv" --steps 20 \
          --json "$d/canopy_score_${tag}_first20.json" > /dev/null
    done
  fi
done
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
"$PY" compare_table.py "$OUT" $SIZES
