#!/usr/bin/env python3
"""Study d (s400_vs_patriot): batches of the same raid, side by side.

Usage: compare.py BATCH_DIR...  (each a `canopy batch` folder)
Prints Markdown: the three intercept-rate denominators, P(zero leakers),
leakers, rounds and cost per batch; then, per threat type and per raid, the
share stopped, the leak causes and the rounds fired per threat (from
threats.csv).
"""

import csv
import json
import sys
from collections import Counter, defaultdict
from pathlib import Path


def pct(m):
    if m["trials"] == 0:
        return "no data"
    cp = m["clopper_pearson"]
    return f"{100 * m['estimate']:.1f} % ({100 * cp['lo']:.1f}–{100 * cp['hi']:.1f})"


def money(x):
    return "–" if x is None else f"{x / 1e6:.1f} M"


def num(x, fmt):
    return "–" if x is None else format(x, fmt)


def main():
    dirs = [Path(d) for d in sys.argv[1:]]
    sums = [json.load(open(d / "summary.json")) for d in dirs]
    print("# Study d: the same raid against each defence\n")
    print(f"{sums[0]['runs']} runs per batch, seed {sums[0]['seed']}; 95 % Clopper–Pearson intervals.\n")
    print("| metric | " + " | ".join(s["scenario"] for s in sums) + " |")
    print("|---|" + "---|" * len(sums))
    rows = [
        ("ready rounds at start", lambda s: str(s["initial_rounds"])),
        ("per shot (kills / rounds reaching a live threat)", lambda s: pct(s["metrics"]["per_shot_kill"])),
        ("per engaged threat (killed / engaged)", lambda s: pct(s["metrics"]["per_engaged_threat_kill"])),
        ("raid-level fraction stopped (killed / all threats)", lambda s: pct(s["metrics"]["raid_fraction_stopped"])),
        ("engaged fraction", lambda s: pct(s["metrics"]["engaged_fraction"])),
        ("P(zero leakers)", lambda s: pct(s["metrics"]["p_zero_leakers"])),
        ("expected leakers per run", lambda s: f"{s['metrics']['expected_leakers']['mean']:.2f}"),
        ("rounds per run", lambda s: f"{s['metrics']['rounds_per_run']['mean']:.1f}"),
        ("rounds per kill", lambda s: num(s["metrics"]["rounds_per_leaker_prevented"]["estimate"], ".2f")),
        ("interceptor cost per run (USD)", lambda s: money(s["metrics"]["cost"]["interceptor_cost_per_run"]["mean"])),
        ("cost per kill (USD)", lambda s: money(s["metrics"]["cost"]["cost_per_leaker_prevented"]["estimate"])),
        ("asset value lost / targeted per run", lambda s: f"{s['metrics']['value']['lost']['mean']:.1f} / "
                                                         f"{s['metrics']['value']['targeted']['mean']:.0f}"),
    ]
    breaks = []
    for d in dirs:
        runs = list(csv.DictReader(open(d / "runs.csv")))
        breaks.append(sum(int(r["track_breaks"]) for r in runs) / len(runs))
    rows.append(("track picture: mean GOSPA (m, c = 2 km)", lambda s: f"{s['metrics']['gospa_mean_m']['mean']:.0f}"))
    for name, f in rows:
        print(f"| {name} | " + " | ".join(f(s) for s in sums) + " |")
    print("| track picture: track breaks per run | " + " | ".join(f"{b:.0f}" for b in breaks) + " |")
    print()
    for key, title in (("type", "threat type"), ("raid", "raid")):
        names = []
        per = []
        for d in dirs:
            t = defaultdict(lambda: {"n": 0, "killed": 0, "rounds": 0, "causes": Counter()})
            with open(d / "threats.csv") as f:
                for r in csv.DictReader(f):
                    x = t[r[key]]
                    x["n"] += 1
                    x["rounds"] += int(r["rounds"])
                    if r["fate"] == "killed":
                        x["killed"] += 1
                    else:
                        x["causes"][r["cause"]] += 1
                    if r[key] not in names:
                        names.append(r[key])
            per.append(t)
        print(f"## Per {title}: stopped, leak causes, rounds fired per threat (all runs)\n")
        print(f"| {title} | " + " | ".join(s["scenario"] for s in sums) + " |")
        print("|---|" + "---|" * len(sums))
        for name in names:
            cells = []
            for t in per:
                x = t[name]
                causes = ", ".join(f"{c} {n}" for c, n in x["causes"].most_common())
                cells.append(f"{x['killed']}/{x['n']} stopped; {x['rounds'] / x['n']:.2f} rounds/threat"
                             + (f"; leaked: {causes}" if causes else ""))
            print(f"| {name} | " + " | ".join(cells) + " |")
        print()


if __name__ == "__main__":
    main()
