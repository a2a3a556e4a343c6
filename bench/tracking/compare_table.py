#!/usr/bin/env python3
"""Print the comparison table from the JSON files compare.sh leaves in out/n<N>/.

Per scenario and tracker: GOSPA by `canopy score` and by score.py (all steps and steady
state, steps 5+), their largest disagreement, detections per second (wall and CPU) and
the ratio of Canopy's to Stone Soup's on the same detections in the same session.
"""
import json
import os
import sys


def load(path):
    with open(path) as f:
        return json.load(f)


def main(root, *sizes):
    keys = ["gospa_mean_m", "localisation_mean_pth", "missed_mean_pth", "false_mean_pth",
            "missed_targets_per_step", "false_tracks_per_step", "rms_loc_error_m"]
    print("| N | tracker | scans | detections | GOSPA m (all) | GOSPA m (steady) "
          "| missed/step | false/step | RMS loc m | track ids | breaks | false tracks "
          "| canopy score vs score.py max abs diff | det/s wall | det/s CPU "
          "| Canopy GNN / this (wall) | Canopy GNN / this (CPU) |")
    print("|" + "---|" * 17)
    diffs = []
    notes = []
    for n in sizes:
        d = os.path.join(root, f"n{n}")
        runs = {tag: load(os.path.join(d, f"run_{tag}.json"))
                for tag in ["gnn2d", "kdtree", "canopy_gnn", "canopy_jpda"]}
        ours = runs["canopy_gnn"]
        for tag, run in runs.items():
            sc = load(os.path.join(d, f"canopy_score_{tag}_s0.json"))
            ss = load(os.path.join(d, f"canopy_score_{tag}_s5.json"))
            diff = max(abs(load(os.path.join(d, f"scorepy_{tag}_s{s}.json"))[k] -
                           load(os.path.join(d, f"canopy_score_{tag}_s{s}.json"))[k])
                       for s in (0, 5) for k in keys)
            diffs.append(diff)
            wall = run["detections"] / run["wall_s"]
            cpu = run["detections"] / run["cpu_s"]
            ours_wall = ours["detections"] / ours["wall_s"]
            ours_cpu = ours["detections"] / ours["cpu_s"]
            name = {"gnn2d": "Stone Soup gnn2d", "kdtree": "Stone Soup kdtree",
                    "canopy_gnn": "Canopy GNN", "canopy_jpda": "Canopy JPDA"}[tag]
            if tag == "gnn2d" and run["scans"] < 100:
                name += f" (first {run['scans']} scans)"
            ratio = tag.startswith("canopy")
            print(f"| {n} | {name} | {run['scans']} | {run['detections']} | "
                  f"{sc['gospa_mean_m']:.2f} | {ss['gospa_mean_m']:.2f} | "
                  f"{ss['missed_targets_per_step']:.2f} | {ss['false_tracks_per_step']:.2f} | "
                  f"{sc['rms_loc_error_m']:.2f} | {sc['track_ids']} | {sc['track_breaks']} | "
                  f"{sc['false_tracks']} | {diff:.1e} | {wall:,.0f} | {cpu:,.0f} | "
                  f"{'' if ratio else f'{ours_wall / wall:,.0f}x'} | "
                  f"{'' if ratio else f'{ours_cpu / cpu:,.0f}x'} |")
        first20 = os.path.join(d, "canopy_score_canopy_gnn_first20.json")
        if os.path.exists(first20):
            g = load(os.path.join(d, "canopy_score_gnn2d_s0.json"))["gospa_mean_m"]
            row = ", ".join(
                f"{t} {load(os.path.join(d, f'canopy_score_{t}_first20.json'))['gospa_mean_m']:.2f}"
                for t in ["kdtree", "canopy_gnn", "canopy_jpda"])
            notes.append(f"N={n}, first 20 steps only, GOSPA m: gnn2d {g:.2f}, {row}")
    print()
    for note in notes:
        print(note)
    print(f"largest |canopy score - score.py| over every figure and file: {max(diffs):.2e}")


if __name__ == "__main__":
    main(*sys.argv[1:])
