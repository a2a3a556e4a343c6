//! Dense assignment timing, the Rust side of `bench/assign/bench_scipy.py`.
//!
//! Both sides build the identical cost matrices from a counter-based SplitMix64 stream
//! (`uniform(seed, k)`, see below) and time only the solver call; the reported figure is the
//! median over the runs, each run on a fresh matrix (seed = `n * 1000 + run`, spatial kind
//! `+ 2^32`). Matrix kinds follow `shared/bench/tracking/bench_lsa.py`:
//! - `uniform`: i.i.d. U[0,1) costs, `c[i][j] = uniform(seed, i * n + j)`;
//! - `spatial`: Euclidean distances between two sets of n uniform points in the unit square
//!   (`a_i = (u(2i), u(2i+1))`, `b_j = (u(2n+2j), u(2n+2j+1))`).
//!
//! The `cost_sum` column (sum of the optimal costs of all runs) must match the Python script's.
//!
//! A second table (Rust only, context for the sparse solver) times a gated problem: n x n with
//! the lines split into clusters of 5 rows x 5 columns, only in-cluster pairs allowed (U[0,1)
//! costs), solved by `solve_sparse` from the triplet list and by `solve_dense` on the equivalent
//! matrix with `+inf` elsewhere.
//!
//! Environment: `BENCH_SIZES` (default `100,500,1000`), `BENCH_KINDS` (default `uniform,spatial`),
//! `BENCH_RUNS` (default 7).

use std::time::Instant;

use canopy_assign::{Cardinality, Sense, Solver};

/// SplitMix64 output number `k` of the stream started at `seed` (counter form: state after k+1
/// steps is `seed + (k + 1) * GAMMA`, so numpy can evaluate it vectorised).
fn splitmix64(seed: u64, k: u64) -> u64 {
    let mut z = seed.wrapping_add((k + 1).wrapping_mul(0x9E37_79B9_7F4A_7C15));
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// U[0,1) double from the top 53 bits (exact in both languages).
fn uniform(seed: u64, k: u64) -> f64 {
    (splitmix64(seed, k) >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
}

fn matrix(kind: &str, n: usize, seed: u64) -> Vec<f64> {
    let n64 = n as u64;
    match kind {
        "uniform" => (0..n64 * n64).map(|k| uniform(seed, k)).collect(),
        "spatial" => {
            let point = |p: u64| (uniform(seed, 2 * p), uniform(seed, 2 * p + 1));
            let a: Vec<_> = (0..n64).map(point).collect();
            let b: Vec<_> = (n64..2 * n64).map(point).collect();
            let mut c = Vec::with_capacity(n * n);
            for &(ax, ay) in &a {
                for &(bx, by) in &b {
                    let (dx, dy) = (ax - bx, ay - by);
                    c.push((dx * dx + dy * dy).sqrt());
                }
            }
            c
        }
        other => panic!("unknown BENCH_KINDS entry {other:?} (uniform, spatial)"),
    }
}

fn seed(kind: &str, n: usize, run: usize) -> u64 {
    let base = (n * 1000 + run) as u64;
    if kind == "spatial" {
        base + (1 << 32)
    } else {
        base
    }
}

fn env_list(name: &str, default: &str) -> Vec<String> {
    std::env::var(name)
        .unwrap_or_else(|_| default.to_string())
        .split(',')
        .map(str::to_string)
        .collect()
}

/// Times `f` on each of `runs` inputs from `make` (input built outside the timing); returns the
/// sorted times in ms and the sum of the costs `f` returns.
fn time_runs<T>(
    runs: usize,
    mut make: impl FnMut(usize) -> T,
    mut f: impl FnMut(&T) -> f64,
) -> (Vec<f64>, f64) {
    let mut times = Vec::with_capacity(runs);
    let mut cost_sum = 0.0;
    for run in 0..runs {
        let input = make(run);
        let t0 = Instant::now();
        cost_sum += f(&input);
        times.push(t0.elapsed().as_secs_f64() * 1e3);
    }
    times.sort_by(f64::total_cmp);
    (times, cost_sum)
}

fn print_row(label: &str, n: usize, times: &[f64], cost_sum: f64) {
    let runs = times.len();
    println!(
        "{:8} {:>5} {:>10.2} {:>9.2} {:>9.2} {:>4} {:>22.12}",
        label,
        n,
        times[runs / 2],
        times[0],
        times[runs - 1],
        runs,
        cost_sum
    );
}

/// Gated n x n problem in clusters of 5 x 5 (see the module doc): triplets and dense twin.
fn clustered(n: usize, seed: u64) -> (Vec<(usize, usize, f64)>, Vec<f64>) {
    const CLUSTER: usize = 5;
    let mut entries = Vec::new();
    let mut dense = vec![f64::INFINITY; n * n];
    let mut k = 0;
    for i in 0..n {
        let first = i / CLUSTER * CLUSTER;
        for j in first..(first + CLUSTER).min(n) {
            let c = uniform(seed, k);
            k += 1;
            entries.push((i, j, c));
            dense[i * n + j] = c;
        }
    }
    (entries, dense)
}

fn main() {
    let sizes: Vec<usize> = env_list("BENCH_SIZES", "100,500,1000")
        .iter()
        .map(|s| s.parse().expect("BENCH_SIZES: comma-separated integers"))
        .collect();
    let kinds = env_list("BENCH_KINDS", "uniform,spatial");
    let runs: usize = std::env::var("BENCH_RUNS")
        .map(|s| s.parse().expect("BENCH_RUNS: integer"))
        .unwrap_or(7);

    let mut solver = Solver::new();
    println!("canopy-assign dense (Solver::solve_dense, Minimize)");
    println!(
        "{:8} {:>5} {:>10} {:>9} {:>9} {:>4} {:>22}",
        "kind", "n", "median_ms", "min_ms", "max_ms", "runs", "cost_sum"
    );
    for kind in &kinds {
        for &n in &sizes {
            let (times, cost_sum) = time_runs(
                runs,
                |run| matrix(kind, n, seed(kind, n, run)),
                |c| {
                    let a = solver
                        .solve_dense(c, n, n, Sense::Minimize)
                        .expect("dense random matrices are feasible");
                    assert_eq!(a.pairs().count(), n);
                    a.cost
                },
            );
            print_row(kind, n, &times, cost_sum);
        }
    }

    println!();
    println!("gated n x n, clusters of 5 x 5 (Rust only): sparse triplets vs dense with +inf");
    println!(
        "{:8} {:>5} {:>10} {:>9} {:>9} {:>4} {:>22}",
        "solver", "n", "median_ms", "min_ms", "max_ms", "runs", "cost_sum"
    );
    for &n in &sizes {
        let make = |run| clustered(n, (n * 1000 + run) as u64 + (2 << 32));
        let (times, cost_sum) = time_runs(runs, make, |(entries, _)| {
            solver
                .solve_sparse(n, n, entries, Sense::Minimize, Cardinality::Full)
                .expect("block-diagonal problems are feasible")
                .cost
        });
        print_row("sparse", n, &times, cost_sum);
        let (times, cost_sum) = time_runs(runs, make, |(_, dense)| {
            solver
                .solve_dense(dense, n, n, Sense::Minimize)
                .expect("block-diagonal problems are feasible")
                .cost
        });
        print_row("dense", n, &times, cost_sum);
    }
}
