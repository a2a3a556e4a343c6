#!/usr/bin/env python3
"""SciPy side of the canopy-assign dense benchmark (crates/canopy-assign/benches/dense.rs).

Builds exactly the same cost matrices as the Rust bench from a counter-based SplitMix64
stream (u(seed, k) = (splitmix64 output k >> 11) * 2**-53, evaluated vectorised in uint64
arithmetic, which wraps like Rust's wrapping_* ops) and times only
scipy.optimize.linear_sum_assignment with time.perf_counter, median over the runs, a fresh
matrix per run (seed = n*1000 + run; spatial kind + 2**32). Matrix kinds follow
shared/bench/tracking/bench_lsa.py (uniform: i.i.d. U[0,1); spatial: Euclidean distances
between two sets of n uniform points in the unit square, computed as sqrt(dx*dx + dy*dy) in
the same operation order as the Rust side so the matrices are bit-identical).

The cost_sum column (sum of the optimal costs over the runs) must equal the Rust bench's.
"""
import argparse
import platform
import statistics
import sys
import time

import numpy as np
import scipy
from scipy.optimize import linear_sum_assignment

GAMMA = np.uint64(0x9E3779B97F4A7C15)
M1 = np.uint64(0xBF58476D1CE4E5B9)
M2 = np.uint64(0x94D049BB133111EB)


def uniform(seed, count, start=0):
    k = np.arange(start, start + count, dtype=np.uint64)
    with np.errstate(over="ignore"):
        z = np.uint64(seed) + (k + np.uint64(1)) * GAMMA
        z = (z ^ (z >> np.uint64(30))) * M1
        z = (z ^ (z >> np.uint64(27))) * M2
    z = z ^ (z >> np.uint64(31))
    return (z >> np.uint64(11)).astype(np.float64) * 2.0**-53


def matrix(kind, n, seed):
    if kind == "uniform":
        return uniform(seed, n * n).reshape(n, n)
    if kind == "spatial":
        a = uniform(seed, 2 * n).reshape(n, 2)
        b = uniform(seed, 2 * n, start=2 * n).reshape(n, 2)
        dx = a[:, None, 0] - b[None, :, 0]
        dy = a[:, None, 1] - b[None, :, 1]
        return np.sqrt(dx * dx + dy * dy)
    raise SystemExit(f"unknown kind {kind!r} (uniform, spatial)")


def seed(kind, n, run):
    base = n * 1000 + run
    return base + 2**32 if kind == "spatial" else base


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="100,500,1000")
    ap.add_argument("--kinds", default="uniform,spatial")
    ap.add_argument("--runs", type=int, default=7)
    args = ap.parse_args()
    print(f"scipy linear_sum_assignment: python {platform.python_version()}, "
          f"numpy {np.__version__}, scipy {scipy.__version__}")
    print(f"{'kind':8s} {'n':>5s} {'median_ms':>10s} {'min_ms':>9s} {'max_ms':>9s} "
          f"{'runs':>4s} {'cost_sum':>22s}")
    for kind in args.kinds.split(","):
        for n in [int(s) for s in args.sizes.split(",")]:
            times = []
            cost_sum = 0.0
            for run in range(args.runs):
                c = matrix(kind, n, seed(kind, n, run))
                t0 = time.perf_counter()
                r, col = linear_sum_assignment(c)
                times.append(time.perf_counter() - t0)
                assert len(r) == n
                # Sum in row order like the Rust side (plain left-to-right float additions).
                cost_sum += sum(float(x) for x in c[r, col])
            times.sort()
            print(f"{kind:8s} {n:5d} {statistics.median(times)*1e3:10.2f} "
                  f"{times[0]*1e3:9.2f} {times[-1]*1e3:9.2f} {args.runs:4d} {cost_sum:22.12f}")
            sys.stdout.flush()


if __name__ == "__main__":
    main()
