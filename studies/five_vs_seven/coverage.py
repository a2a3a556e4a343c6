#!/usr/bin/env python3
"""Study e (five_vs_seven): share of the defended assets inside the engagement
envelope of at least one battalion, against aircraft and against ballistic
targets.

Usage: coverage.py CATALOG_INTERCEPTOR_TXT BUILTIN_CATALOG_TOML SCENARIO.toml...

CATALOG_INTERCEPTOR_TXT is the output of `canopy catalog interceptor` (the
effective max_range_km and max_range_ballistic_km of every round);
BUILTIN_CATALOG_TOML the built-in catalog (crates/canopy-scenario/catalog/
builtin.toml), read for what `canopy catalog` does not print: which
launchers a unit template has and which round a launcher carries. Scenarios
are read with tomllib (units by template or from parts, assets).

An asset is covered if its ground distance (sphere, R = 6371 km) to a
battalion's site is at most that battalion's round's maximum range: a
ceiling that ignores the altitude of the threat, the launch window and the
flyout reach (the batches measure those). Two more columns bound it by the
battalion engagement radar's 4/3-earth horizon (MODELS.md §3,
d = 4.12 (sqrt(h_antenna) + sqrt(h_target)) km) for a 50 m cruise missile
and a 500 m drone over the asset.
Prints Markdown and writes coverage.csv next to the first scenario's output
folder given by the environment variable OUT (or the current directory).
"""

import csv
import math
import os
import re
import sys
import tomllib
from pathlib import Path


def ground_km(a, b):
    p1, p2 = math.radians(a[0]), math.radians(b[0])
    dp, dl = p2 - p1, math.radians(b[1] - a[1])
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(h))


def read_interceptors(path):
    """{name: {"aircraft": km, "ballistic": km}} from `canopy catalog interceptor`."""
    out, cur = {}, None
    for line in open(path):
        m = re.match(r"\[interceptor\.([^\]]+)\]", line)
        if m:
            cur = out.setdefault(m.group(1), {})
            continue
        m = re.match(r"\s+(max_range_km|max_range_ballistic_km)\s+=\s+([0-9.]+)", line)
        if m and cur is not None:
            cur["aircraft" if m.group(1) == "max_range_km" else "ballistic"] = float(m.group(2))
    return out


LOW_FLYERS = (("cruise missile at 50 m", 50.0), ("drone at 500 m", 500.0))


def horizon_km(antenna_m, target_m):
    return 4.12 * (math.sqrt(antenna_m) + math.sqrt(target_m))


def battalions(unit, catalog):
    """(launcher type, engagement radar type) of every battalion of a unit."""
    parts = unit.get("battalion")
    if parts is None:
        parts = catalog["unit"][unit["template"]]["battalion"]
    out = []
    for b in parts:
        out += [(b["launcher"], b["radar"])] * int(b.get("count", 1))
    return out


def main():
    rounds = read_interceptors(sys.argv[1])
    catalog = tomllib.load(open(sys.argv[2], "rb"))
    launcher_round = {name: t["interceptor"] for name, t in catalog["launcher"].items()}
    rows = []
    print("# Study e: defended assets inside at least one battalion's maximum range\n")
    print("Ground distance from each asset to every battalion, against the round's catalog maximum range "
          "(`canopy catalog interceptor`) and, for low flyers, the engagement radar's horizon: " + ", ".join(
              f"{n} {r['aircraft']:.0f} km vs aircraft / {r['ballistic']:.0f} km vs ballistic" for n, r in
              rounds.items() if n in launcher_round.values()) + ".\n")
    for path in sys.argv[3:]:
        sc = tomllib.load(open(path, "rb"))
        name = sc["scenario"]["name"]
        sites = []
        for u in sc["unit"]:
            for launcher, radar in battalions(u, catalog):
                r = rounds[launcher_round[launcher]]
                mast = catalog["radar"][radar]["antenna_height_m"]
                low = [min(r["aircraft"], horizon_km(mast, h)) for _, h in LOW_FLYERS]
                sites.append((u["name"], (u["lat_deg"], u["lon_deg"]), r["aircraft"], r["ballistic"], *low))
        assets = sc["asset"]
        total_value = sum(a["value"] for a in assets)
        kinds = ["aircraft", "ballistic"] + [n for n, _ in LOW_FLYERS]
        cov = {k: [] for k in kinds}
        for a in assets:
            p = (a["lat_deg"], a["lon_deg"])
            d = min(sites, key=lambda s: ground_km(p, s[1]))
            dist = ground_km(p, d[1])
            air = any(ground_km(p, s[1]) <= s[2] for s in sites)
            bal = any(ground_km(p, s[1]) <= s[3] for s in sites)
            n_air = sum(1 for s in sites if ground_km(p, s[1]) <= s[2])
            n_bal = sum(1 for s in sites if ground_km(p, s[1]) <= s[3])
            n_low = [sum(1 for s in sites if ground_km(p, s[1]) <= s[4 + i]) for i in range(len(LOW_FLYERS))]
            for i, k in enumerate(kinds):
                cov[k].append((sum(1 for s in sites if ground_km(p, s[1]) <= s[2 + i]) > 0, a["value"]))
            rows.append([name, a["name"], a["value"], d[0], f"{dist:.1f}", int(air), n_air, int(bal), n_bal,
                         *n_low])
        print(f"## {name}: {len(sc['unit'])} units, {len(sites)} battalions, {len(assets)} assets "
              f"(total value {total_value})\n")
        print("| coverage | assets covered | share of assets | share of asset value |")
        print("|---|---|---|---|")
        for k in kinds:
            n = sum(1 for c, _ in cov[k] if c)
            v = sum(val for c, val in cov[k] if c)
            print(f"| against {k} | {n}/{len(assets)} | {100 * n / len(assets):.0f} % | "
                  f"{100 * v / total_value:.0f} % |")
        print()
        print("| asset | value | nearest unit | distance km | battalions in reach vs aircraft | "
              "vs ballistic | " + " | ".join(f"vs {n}" for n, _ in LOW_FLYERS) + " |")
        print("|---|---|---|---|---|---|" + "---|" * len(LOW_FLYERS))
        for r in rows:
            if r[0] == name:
                print(f"| {r[1]} | {r[2]} | {r[3]} | {r[4]} | {r[6]} | {r[8]} | "
                      + " | ".join(str(x) for x in r[9:]) + " |")
        print()
    out = Path(os.environ.get("OUT", "."))
    with open(out / "coverage.csv", "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["scenario", "asset", "value", "nearest_unit", "nearest_km", "covered_aircraft",
                    "battalions_aircraft", "covered_ballistic", "battalions_ballistic",
                    "battalions_cruise_50m", "battalions_drone_500m"])
        w.writerows(rows)


if __name__ == "__main__":
    main()
