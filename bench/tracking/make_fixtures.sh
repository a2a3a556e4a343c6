#!/usr/bin/env bash
# Regenerates the small committed fixtures the Rust tests read (no Python runs in
# `cargo test`): a scenario from gen_scenario.py, Stone Soup's GNN tracks on it
# (run_stonesoup.py), and score.py's numbers for those tracks.
#
#   bench/tracking/make_fixtures.sh            # from the repository root
#   PY=/path/to/python bench/tracking/make_fixtures.sh
#
# Needs a Python with stonesoup (python3 -m venv /work/venvs/tracker &&
# /work/venvs/tracker/bin/pip install stonesoup). The files are deterministic: rerunning
# reproduces them byte for byte (Stone Soup's track ids are numbered by first output).
set -euo pipefail
cd "$(dirname "$0")"
PY=${PY:-/work/venvs/tracker/bin/python}
S=${SHARED:-../../../shared/bench/tracking}
F=fixtures/small
mkdir -p "$F"
"$PY" "$S/gen_scenario.py" --targets 20 --scans 50 --pd 0.9 --clutter 20 --sigma 30 --q 1 \
    --seed 11 --out "$F"
rm -f "$F/detections_labels.csv"
"$PY" "$S/run_stonesoup.py" --detections "$F/detections.csv" --out "$F/tracks_stonesoup.csv" \
    --associator gnn2d | grep -v '^SUMMARY'
score() {  # name extra-args...
  local name=$1; shift
  "$PY" "$S/score.py" --truth "$F/truth.csv" --tracks "$F/tracks_stonesoup.csv" \
      --json "$F/score_$name.json" "$@" | grep -v '^SCORE'
}
score default                      # c = 100, p = 2 (score.py defaults)
score skip5 --skip 5               # steady state
score c50p1 --c 50 --p 1 --steps 30
