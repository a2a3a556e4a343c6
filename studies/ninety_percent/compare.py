#!/usr/bin/env python3
"""Study c (ninety_percent): the three denominators against MODELS.md §4.

Usage: compare.py SALVO_SWEEP_DIR RAID_SWEEP_DIR SSPK LETHAL_RADIUS_M

1. Salvo grid (first_salvo n x later_salvo): per-shot, per-threat and
   raid-level numbers; the independent-shot closed form 1 - (1 - p1)^n with
   p1 the per-shot kill probability measured with one round per threat; and
   the common-mode form Pg * (1 - (1 - SSPK)^n), where Pg is the measured
   share of salvos whose true miss is inside the lethal radius.
2. Raid size M: P(zero leakers) and P(>= 2 leakers) per run against the
   binomial closed forms with the per-threat leak probability q measured at
   that M and pooled over every M (MODELS.md §4: (1 - q)^M, M q).
Prints Markdown.
"""

import csv
import json
import math
import sys
from collections import defaultdict
from pathlib import Path


def pct(x):
    return f"{100 * x:.1f} %"


def ci(m, key):
    return f"{pct(m[key]['estimate'])} ({100 * m[key]['clopper_pearson']['lo']:.1f}–" \
           f"{100 * m[key]['clopper_pearson']['hi']:.1f})"


def points(sweep):
    meta = json.load(open(sweep / "sweep.json"))
    paths = [v["path"] for v in meta["vary"]]
    for p in meta["points"]:
        yield dict(zip(paths, p["values"])), sweep / p["name"], meta


def salvo_stats(point_dir, lethal):
    """Share of salvos (run, threat, salvo) inside the lethal radius, and of multi-round
    salvos whose rounds all had the same true miss."""
    salvos = defaultdict(list)
    with open(point_dir / "engagements.csv") as f:
        for r in csv.DictReader(f):
            if r["miss_m"] != "":
                salvos[(r["run"], r["threat"], r["salvo"])].append((float(r["miss_m"]), r["result"]))
    n = len(salvos)
    inside = sum(1 for v in salvos.values() if min(m for m, _ in v) < lethal)
    # Rounds after a kill are judged against a dead target (self-destruct, other miss),
    # so identity is checked on the rounds that met a live target.
    live = [[m for m, res in v if res in ("kill", "miss")] for v in salvos.values()]
    multi = [v for v in live if len(v) >= 2]
    same = sum(1 for v in multi if max(v) - min(v) < 0.01)
    return inside / n if n else float("nan"), same, len(multi)


def main():
    salvo_dir, raid_dir = Path(sys.argv[1]), Path(sys.argv[2])
    sspk, lethal = float(sys.argv[3]), float(sys.argv[4])
    rows = []
    for vals, d, meta in points(salvo_dir):
        s = json.load(open(d / "summary.json"))["metrics"]
        n = int(vals["doctrine.cruise.first_salvo"])
        later = int(vals["doctrine.cruise.later_salvo"])
        rows.append((n, later, s, d))
    p1 = next(s for n, later, s, _ in rows if n == 1 and later == 0)["per_shot_kill"]["estimate"]
    pk_single = {n: s["per_engaged_threat_kill"]["estimate"] for n, later, s, _ in rows if later == 0}
    print(f"# Study c: the three denominators and MODELS.md §4\n")
    print(f"## Salvo size at a raid of 8 cruise missiles ({meta['runs']} runs per point, seed {meta['seed']})\n")
    print(f"Catalog SSPK {sspk}; lethal radius {lethal:.0f} m; p1 = per-shot kill with one round per threat = "
          f"{pct(p1)}.\n")
    print("| first salvo n | later salvo | rounds / threat | per shot (95 % CP) | per engaged threat (95 % CP) | "
          "raid fraction stopped | P(zero leakers) (95 % CP) | E[leakers] | independent shots 1-(1-p1)^n | "
          "salvos inside lethal radius Pg | common mode Pg·(1-(1-SSPK)^n) | multi-round salvos with identical "
          "misses |")
    print("|" + "---|" * 12)
    for n, later, s, d in sorted(rows, key=lambda r: (r[1], r[0])):
        pg, same, multi = salvo_stats(d, lethal)
        if later == 0:
            indep = pct(1 - (1 - p1) ** n)
            common = pct(pg * (1 - (1 - sspk) ** n))
        else:
            # One re-engagement with a single round after a failed first salvo, salvos independent.
            indep = pct(1 - (1 - pk_single.get(n, float("nan"))) * (1 - pk_single[1])) + " ¹"
            common = "–"
        print(f"| {n} | {later} | {s['rounds_per_threat']['estimate']:.2f} | {ci(s, 'per_shot_kill')} | "
              f"{ci(s, 'per_engaged_threat_kill')} | {pct(s['raid_fraction_stopped']['estimate'])} | "
              f"{ci(s, 'p_zero_leakers')} | {s['expected_leakers']['mean']:.2f} | {indep} | {pct(pg)} | {common} | "
              f"{same}/{multi} |")
    print("\n¹ later salvo 1: 1 − (1 − Pk(n))·(1 − Pk(1)) with the measured single-salvo Pk, i.e. exactly one "
          "re-engagement, salvos independent (the run may re-engage more than once while the window lasts).\n")

    print("## P(zero leakers) against raid size M (shoot-look-shoot 1-1)\n")
    pts = []
    for vals, d, meta in points(raid_dir):
        m = int(vals["raid.0.count"])
        s = json.load(open(d / "summary.json"))["metrics"]
        leaked = [int(r["leaked"]) for r in csv.DictReader(open(d / "runs.csv"))]
        pts.append((m, s, leaked))
    killed = sum(s["raid_fraction_stopped"]["successes"] for _, s, _ in pts)
    total = sum(s["raid_fraction_stopped"]["trials"] for _, s, _ in pts)
    qbar = 1 - killed / total
    print(f"{meta['runs']} runs per point, seed {meta['seed']}. Pooled per-threat leak probability over every M: "
          f"q̄ = {qbar:.4f} (per-threat kill {pct(1 - qbar)}).\n")
    print("| M | per-threat kill 1−q_M | rounds / threat | E[leakers] | M·q̄ | P(zero leakers) (95 % CP) | "
          "(1−q_M)^M | (1−q̄)^M | P(≥2 leakers) | binomial P(≥2), q̄ |")
    print("|" + "---|" * 10)
    for m, s, leaked in pts:
        q = 1 - s["raid_fraction_stopped"]["estimate"]
        p_ge2 = sum(1 for x in leaked if x >= 2) / len(leaked)
        b0 = (1 - qbar) ** m
        b1 = m * qbar * (1 - qbar) ** (m - 1)
        print(f"| {m} | {pct(1 - q)} | {s['rounds_per_threat']['estimate']:.2f} | "
              f"{s['expected_leakers']['mean']:.2f} | {m * qbar:.2f} | {ci(s, 'p_zero_leakers')} | "
              f"{pct((1 - q) ** m)} | {pct(b0)} | {pct(p_ge2)} | {pct(1 - b0 - b1)} |")
    print()
    print("Reference values (MODELS.md §4): per-threat 0.9 and M = 12 gives P(all stopped) = "
          f"{pct(0.9 ** 12)}; per-shot 0.7 with a 2-round salvo gives {pct(1 - 0.3 ** 2)} per threat.")
    for q_target in (0.9,):
        for mm in (8, 20):
            n_needed = math.log(1 - q_target ** (1 / mm)) / math.log(1 - p1)
            print(f"Independent shots at p1 = {pct(p1)}: P(zero leakers) ≥ {q_target:.0%} against M = {mm} needs "
                  f"n = ln(1 − 0.9^(1/M)) / ln(1 − p1) = {n_needed:.2f} rounds per threat.")


if __name__ == "__main__":
    main()
