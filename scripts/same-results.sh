#!/usr/bin/env bash
# Checks that the working tree gives the same results as another revision, and times both:
# the check behind every "exact" speed-up in BENCHMARKS.md.
#
#   scripts/same-results.sh BASE_REV [ROUNDS] [--big]
#
# Builds the release binary of the working tree and of BASE_REV (in a temporary git
# worktree with its own target directory under target/same-results/), runs the demo batch
# (10 runs, seed 1, one thread) with each, and compares runs.csv, threats.csv,
# engagements.csv and magazine.csv byte for byte. With --big, also the 1 000-threat run
# (scenarios/five_regiments_1000_threats.toml, 1 run, seed 1). Each workload runs ROUNDS
# times (default 2) per build, alternating the two builds, so both see the same load on a
# shared machine; user CPU seconds are printed per run.
# Prints IDENTICAL and exits 0 when every table matches; exits 1 otherwise.
set -euo pipefail

base="${1:?usage: scripts/same-results.sh BASE_REV [ROUNDS] [--big]}"
rounds="${2:-2}"
big="${3:-}"
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"
target="${CARGO_TARGET_DIR:-$repo/target}"
work="$target/same-results"
mkdir -p "$work"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"; git worktree remove --force "$work/base-tree" 2>/dev/null || true' EXIT

cargo build --release --locked -q -p canopy-cli
cp "$target/release/canopy" "$work/canopy-new"
git worktree remove --force "$work/base-tree" 2>/dev/null || true
git worktree add -q --detach "$work/base-tree" "$base"
(cd "$work/base-tree" && CARGO_TARGET_DIR="$work/base-target" \
  cargo build --release --locked -q -p canopy-cli)
cp "$work/base-target/release/canopy" "$work/canopy-base"

workloads=("demo scenarios/s400_regiment_mixed_raid.toml 10")
[ "$big" = "--big" ] && workloads+=("big scenarios/five_regiments_1000_threats.toml 1")

status=0
for w in "${workloads[@]}"; do
  read -r name scenario runs <<<"$w"
  for round in $(seq "$rounds"); do
    for build in base new; do
      out="$tmp/$name-$build-$round"
      TIMEFORMAT="$name $build user %U s"
      { time "$work/canopy-$build" batch "$scenario" --runs "$runs" --seed 1 --threads 1 \
        --out "$out" >/dev/null 2>"$tmp/err"; } 2>"$tmp/time" || { cat "$tmp/err"; exit 2; }
      cat "$tmp/time"
    done
  done
  for table in runs threats engagements magazine; do
    if ! cmp -s "$tmp/$name-base-1/$table.csv" "$tmp/$name-new-1/$table.csv"; then
      echo "DIFFERS: $name $table.csv"
      status=1
    fi
  done
done
[ "$status" = 0 ] && echo IDENTICAL
exit "$status"
