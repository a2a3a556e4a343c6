#!/usr/bin/env python3
"""Study a (range_claim): turn batch times into ranges.

The fighters' launch points are fixed and they fly the same route in every
run, so their true path (from one run with weapons held, `paths/truth.csv`)
maps any time to a position. For every batch this script reports, per
fighter altitude, the range at first detection, at track confirmation, at
each launch and at each intercept (kills and misses; a self-destructed
round never reached its target), and writes `ranges.md` and `shots.csv`.

Usage: ranges.py OUT_DIR SITE_LAT SITE_LON BATCH_DIR...
Ranges are from the regiment site (all battalions stand there): ground
range along a sphere of radius 6371 km, slant range in ECEF (WGS-84).
"""

import bisect
import csv
import math
import statistics
import sys
from pathlib import Path

A = 6378137.0
E2 = 6.69437999014e-3


def ecef(lat, lon, alt):
    la, lo = math.radians(lat), math.radians(lon)
    n = A / math.sqrt(1 - E2 * math.sin(la) ** 2)
    return ((n + alt) * math.cos(la) * math.cos(lo),
            (n + alt) * math.cos(la) * math.sin(lo),
            (n * (1 - E2) + alt) * math.sin(la))


def ground_km(lat1, lon1, lat2, lon2):
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(h))


class Paths:
    """Per-threat truth samples, linearly interpolated in time."""

    def __init__(self, truth_csv, site):
        self.site = site
        self.site_ecef = ecef(site[0], site[1], 0.0)
        self.samples = {}
        with open(truth_csv) as f:
            for r in csv.DictReader(f):
                self.samples.setdefault(r["entity"], []).append(
                    (float(r["time_s"]), float(r["lat_deg"]), float(r["lon_deg"]), float(r["alt_m"])))
        for s in self.samples.values():
            s.sort()

    def at(self, threat, t):
        s = self.samples[threat]
        times = [x[0] for x in s]
        i = bisect.bisect_left(times, t)
        if i == 0:
            return s[0][1:]
        if i >= len(s):
            return s[-1][1:]
        (t0, *p0), (t1, *p1) = s[i - 1], s[i]
        w = (t - t0) / (t1 - t0)
        return tuple(a + w * (b - a) for a, b in zip(p0, p1))

    def ranges(self, threat, t):
        lat, lon, alt = self.at(threat, t)
        g = ground_km(self.site[0], self.site[1], lat, lon)
        p = ecef(lat, lon, alt)
        sl = math.dist(p, self.site_ecef) / 1000
        return g, sl, alt


def num(x):
    return float(x) if x not in ("", None) else None


def stats(xs):
    if not xs:
        return "–"
    xs = sorted(xs)
    return f"{statistics.median(xs):.0f} ({xs[0]:.0f}–{xs[-1]:.0f})"


def main():
    out = Path(sys.argv[1])
    site = (float(sys.argv[2]), float(sys.argv[3]))
    paths = Paths(out / "paths" / "truth.csv", site)
    lines = ["# Study a: detection and engagement ranges (km, from the regiment site)", ""]
    # First detection by each radar, from the weapons-held run's labelled detections.
    dets = {}
    with open(out / "paths" / "detection_labels.csv") as f:
        for r in csv.DictReader(f):
            if r["origin"] == "clutter":
                continue
            key = (r["origin"], r["sensor"].split("/")[-1])
            t = float(r["time_s"])
            if key not in dets or t < dets[key]:
                dets[key] = t
    sensors = sorted({k[1] for k in dets})
    lines += ["## First detection by radar type (weapons-held run, seed 1), ground range km", "",
              "| fighter | altitude km | " + " | ".join(sensors) + " |",
              "|---|---|" + "---|" * len(sensors)]
    for threat in sorted(paths.samples):
        alt = paths.samples[threat][0][3] / 1000
        cells = []
        for s in sensors:
            t = dets.get((threat, s))
            cells.append(f"{paths.ranges(threat, t)[0]:.0f}" if t is not None else "never")
        lines.append(f"| {threat} | {alt:.0f} | " + " | ".join(cells) + " |")
    lines.append("")
    shots_rows = []
    for bdir in map(Path, sys.argv[4:]):
        name = bdir.name
        per_alt = {}
        with open(bdir / "threats.csv") as f:
            for r in csv.DictReader(f):
                th = r["threat"]
                alt = round(paths.samples[th][0][3] / 1000)
                d = per_alt.setdefault(alt, {k: [] for k in
                                             ("det", "conf", "launch", "kill_icpt", "first_icpt", "killed", "n")})
                d["n"].append(1)
                for key, col in (("det", "detected_s"), ("conf", "confirmed_s"), ("launch", "first_launch_s"),
                                 ("first_icpt", "first_intercept_s")):
                    t = num(r[col])
                    if t is not None:
                        d[key].append(paths.ranges(th, t)[0])
                if r["fate"] == "killed":
                    d["killed"].append(1)
        shot_alt = {}
        with open(bdir / "engagements.csv") as f:
            for r in csv.DictReader(f):
                th = r["threat"]
                alt = round(paths.samples[th][0][3] / 1000)
                gl, sl_l, _ = paths.ranges(th, float(r["launch_s"]))
                gi, sl_i, _ = paths.ranges(th, float(r["end_s"]))
                shots_rows.append([name, r["run"], r["shot"], th, alt, r["salvo"], r["launch_s"], r["end_s"],
                                   f"{gl:.1f}", f"{gi:.1f}", f"{sl_i:.1f}", r["miss_m"], r["result"]])
                s = shot_alt.setdefault(alt, {"kill": [], "miss": [], "self-destruct": [], "launch": [],
                                              "tof": []})
                s[r["result"]].append(gi)
                s["launch"].append(gl)
                s["tof"].append(float(r["end_s"]) - float(r["launch_s"]))
        lines += [f"## Batch `{name}`", "",
                  "Ground range (km) from the regiment site: median (min–max) over every threat or round of the batch.",
                  "",
                  "| altitude km | threats | killed | first detection | confirmed track | first launch | "
                  "launch (all rounds) | kill intercepts | miss intercepts | self-destructs (where the target was) | "
                  "max kill range | rounds: kill / miss / self-destruct | time of flight s |",
                  "|---|---|---|---|---|---|---|---|---|---|---|---|---|"]
        for alt in sorted(per_alt):
            d, s = per_alt[alt], shot_alt.get(alt, {"kill": [], "miss": [], "self-destruct": [], "launch": [],
                                                     "tof": []})
            mk = f"{max(s['kill']):.0f}" if s["kill"] else "–"
            lines.append(
                f"| {alt} | {len(d['n'])} | {len(d['killed'])} | {stats(d['det'])} | {stats(d['conf'])} | "
                f"{stats(d['launch'])} | {stats(s['launch'])} | {stats(s['kill'])} | {stats(s['miss'])} | "
                f"{stats(s['self-destruct'])} | {mk} | {len(s['kill'])} / {len(s['miss'])} / "
                f"{len(s['self-destruct'])} | {stats(s['tof'])} |")
        lines.append("")
    with open(out / "shots.csv", "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["batch", "run", "shot", "threat", "altitude_km", "salvo", "launch_s", "end_s",
                    "launch_ground_km", "end_ground_km", "end_slant_km", "miss_m", "result"])
        w.writerows(shots_rows)
    (out / "ranges.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
