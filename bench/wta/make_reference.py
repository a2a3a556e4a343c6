#!/usr/bin/env python3
"""Build the WTA validation set of canopy-c2 (crates/canopy-c2/tests/data/).

For every (family, W, T, seed) in CASES this script
  1. generates the instance with the shared generator gen_wta.py (SplitMix64, bit-reproducible);
  2. runs the reference methods of the shared solve_wta.py, each timed on this machine:
     greedy (MMR), ls (greedy + 1-move/2-swap descent), lap, flow_ls, ils (300 kicks from the best
     of three descents) and exact (outer-approximation MILP in HiGHS, 1 thread, warm-started from ils);
  3. writes one record per instance to reference.json: the best value found, HiGHS's proven
     lower bound, whether optimality was proven (relative gap <= 1e-7), all baseline values and times,
     and an integer fingerprint of the instance (see `fingerprint`);
  4. writes the instance itself as <name>.json when W*T <= SMALL_CELLS (larger ones are regenerated
     by the Rust port of the generator, whose output is checked against the fingerprint).

Usage (from the repo root, with the venv of README.md):
    /work/venvs/canopy-c2/bin/python bench/wta/make_reference.py \
        --tools /work/shared/bench/wta --out crates/canopy-c2/tests/data --time-limit 120
"""
import argparse
import json
import os
import sys
import time

SMALL_CELLS = 3200
# (family, weapons, targets, seed)
CASES = [(fam, w, t, 1) for fam in ("ahuja", "hetero")
         for (w, t) in [(5, 5), (10, 10), (20, 10), (40, 20), (50, 50), (80, 40),
                        (100, 100), (200, 100), (200, 200)]]
CASES += [(fam, w, t, 2) for fam in ("ahuja", "hetero") for (w, t) in [(200, 100), (200, 200)]]

MASK = (1 << 64) - 1


def fingerprint(inst):
    """Exact integer checksums: sum_j (j+1) v_j and sum_ij (i*T+j+1) * round(1e6 p_ij) mod 2^64."""
    T = inst["targets"]
    fv = sum((j + 1) * int(v) for j, v in enumerate(inst["value"]))
    fp = 0
    for i, row in enumerate(inst["p"]):
        for j, p in enumerate(row):
            fp = (fp + (i * T + j + 1) * int(round(p * 1e6))) & MASK
    return fv, fp


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--tools", default="/work/shared/bench/wta")
    ap.add_argument("--out", default="crates/canopy-c2/tests/data")
    ap.add_argument("--time-limit", type=float, default=120.0)
    a = ap.parse_args()
    sys.path.insert(0, a.tools)
    import numpy as np
    import gen_wta
    import solve_wta as s

    os.makedirs(a.out, exist_ok=True)
    records = []
    for fam, w, t, seed in CASES:
        name = gen_wta.instance_name(w, t, seed, fam)
        inst = gen_wta.generate(w, t, seed, fam)
        committed = w * t <= SMALL_CELLS
        if committed:
            gen_wta.write_instance(inst, os.path.join(a.out, name + ".json"))
        v = np.asarray(inst["value"], dtype=float)
        p = np.asarray(inst["p"], dtype=float)
        rec = {"name": name, "family": fam, "weapons": w, "targets": t, "seed": seed,
               "file": (name + ".json") if committed else None}
        rec["fingerprint_value"], rec["fingerprint_p"] = fingerprint(inst)

        def timed(key, fn):
            t0 = time.time()
            asg = fn()
            rec[key] = s.objective(v, p, asg)
            rec[key + "_time_s"] = time.time() - t0
            return asg

        timed("greedy", lambda: s.greedy_mmr(v, p))
        timed("ls", lambda: s.local_search(v, p, s.greedy_mmr(v, p)))
        timed("lap", lambda: s.lap_assign(v, p))

        def ils():
            cands = [s.local_search(v, p, s.greedy_mmr(v, p)), s.local_search(v, p, s.flow_construct(v, p)),
                     s.local_search(v, p, s.lap_assign(v, p))]
            st = min(cands, key=lambda z: s.objective(v, p, z))
            return s.iterated_local_search(v, p, st, iters=300)
        start = timed("ils", ils)
        t0 = time.time()
        r = s.solve_exact_oa(v, p, a.time_limit, 1, start=start)
        rec["highs_time_s"] = time.time() - t0
        rec["best"] = float(r["value"])
        rec["lower_bound"] = float(r["bound"])
        rec["proven_optimal"] = r["status"] == "optimal"
        rec["best_assignment"] = [int(x) for x in r["assignment"]]
        records.append(rec)
        print(f"{name:18s} best={rec['best']:.9g} lb={rec['lower_bound']:.9g} "
              f"{'proven' if rec['proven_optimal'] else 'TIME-LIMIT'} highs={rec['highs_time_s']:.1f}s "
              f"greedy={rec['greedy']:.6g} ls={rec['ls']:.6g} ils={rec['ils']:.6g} ({rec['ils_time_s']:.1f}s)",
              flush=True)
        with open(os.path.join(a.out, "reference.json"), "w") as f:
            json.dump({"generator": "gen_wta.py (shared/bench/wta)", "solver": "solve_wta.py solve_exact_oa, "
                       "HiGHS 1 thread, rel_tol 1e-7, time limit %g s" % a.time_limit,
                       "records": records}, f, indent=1)
            f.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
