#!/usr/bin/env python3
"""Study b (saturation): leakage vs raid size from a `canopy sweep` folder.

Reads SWEEP_DIR/sweep.csv (metrics per point) and each point's summary.json
(magazine state), prints a Markdown table: expected leakers and P(zero
leakers) with their 95 % intervals, the marginal leakers per extra threat,
rounds fired, the leak causes per run and how often the magazine ran dry;
then the knee: the smallest raid with at least one leaker per run on
average, and the cause that dominates the leakers from there on.

Usage: knee.py SWEEP_DIR
"""

import csv
import json
import sys
from pathlib import Path

CAUSES = ["never_detected", "never_confirmed", "not_assigned", "outside_envelope",
          "no_free_channel", "no_ready_round", "all_shots_missed"]


def main():
    sweep = Path(sys.argv[1])
    rows = list(csv.DictReader(open(sweep / "sweep.csv")))
    meta = json.load(open(sweep / "sweep.json"))
    path = meta["vary"][0]["path"]
    print(f"# Leakage vs `{path}` ({meta['scenario']}, {meta['runs']} runs per point, seed {meta['seed']})\n")
    head = ["threats", "E[leakers] (95 % t)", "marginal leakers / extra threat", "P(zero leakers) (95 % CP)",
            "raid fraction stopped", "per engaged threat", "per shot", "rounds / run",
            "magazine dry (runs)"] + [c.replace("_", " ") for c in CAUSES]
    print("| " + " | ".join(head) + " |")
    print("|" + "---|" * len(head))
    prev = None
    knee = None
    for r in rows:
        n = float(r[path])
        el = float(r["expected_leakers"])
        marg = "–" if prev is None else f"{(el - prev[1]) / (n - prev[0]):.2f}"
        prev = (n, el)
        s = json.load(open(sweep / r["point"] / "summary.json"))["metrics"]
        dry = s["magazine"]["exhausted"]
        if knee is None and el >= 1.0:
            knee = r
        cells = [f"{n:.0f}",
                 f"{el:.2f} ({max(0.0, float(r['expected_leakers_lo'])):.2f}–{float(r['expected_leakers_hi']):.2f})",
                 marg,
                 f"{100 * float(r['p_zero_leakers']):.0f} % ({100 * float(r['p_zero_leakers_cp_lo']):.0f}–"
                 f"{100 * float(r['p_zero_leakers_cp_hi']):.0f})",
                 f"{100 * float(r['raid_fraction_stopped']):.1f} %",
                 f"{100 * float(r['per_engaged_threat_kill']):.1f} %",
                 f"{100 * float(r['per_shot_kill']):.1f} %",
                 f"{float(r['rounds_per_run']):.1f}",
                 f"{dry['successes']}/{dry['trials']}"] + [f"{float(r['leak_' + c]):.2f}" for c in CAUSES]
        print("| " + " | ".join(cells) + " |")
    print()
    if knee is None:
        print("No knee: fewer than one leaker per run at every point.")
        return
    causes = {c: sum(float(r["leak_" + c]) for r in rows if float(r[path]) >= float(knee[path])) for c in CAUSES}
    total = sum(causes.values()) or 1.0
    share = ", ".join(f"{c.replace('_', ' ')} {100 * v / total:.0f} %" for c, v in
                      sorted(causes.items(), key=lambda kv: -kv[1]) if v > 0)
    print(f"Knee: from {float(knee[path]):.0f} threats the regiment lets through at least one leaker per run on "
          f"average ({float(knee['expected_leakers']):.2f}). Leakers from the knee on, by cause: {share}.")


if __name__ == "__main__":
    main()
