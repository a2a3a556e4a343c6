#!/usr/bin/env bash
# Same-session comparison of canopy-assign's dense solver with SciPy's linear_sum_assignment.
#
# Usage (from anywhere): bench/assign/compare.sh [ROUNDS]
#   PYTHON     python with numpy + scipy (default /work/venvs/canopy-assign/bin/python)
#   WORKSPACE  cargo workspace to build in (default: this repository's root)
#   CARGO_TARGET_DIR is honoured as usual.
# Runs ROUNDS (default 3) alternating rounds of the Rust bench and bench_scipy.py on the
# identical matrices (each prints median/min/max over 7 runs and the optimal-cost checksum),
# then the provided anchor script shared/bench/tracking/bench_lsa.py (its own numpy matrices).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
py="${PYTHON:-/work/venvs/canopy-assign/bin/python}"
ws="${WORKSPACE:-$repo}"
rounds="${1:-3}"

echo "# machine: $(nproc) cores, $(lscpu | grep 'Model name' | sed 's/ \+/ /g')"
echo "# rustc: $(rustc --version)"
echo "# load before: $(cut -d' ' -f1-3 /proc/loadavg)"
(cd "$ws" && cargo bench -q -p canopy-assign --bench dense --no-run)
for r in $(seq "$rounds"); do
    echo "## round $r"
    (cd "$ws" && cargo bench -q -p canopy-assign --bench dense)
    "$py" "$here/bench_scipy.py"
done
anchor="$repo/../shared/bench/tracking/bench_lsa.py"
if [ -f "$anchor" ]; then
    echo "## anchor: shared/bench/tracking/bench_lsa.py"
    "$py" "$anchor" --sizes 100,500,1000 --runs 7
fi
echo "# load after: $(cut -d' ' -f1-3 /proc/loadavg)"
