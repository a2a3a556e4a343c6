//! WTA benchmark: solve time and optimality gap of `wta::solve` on the reference instances.
//!
//! Part 1 (speed): 200 x 200 and 200 x 100 instances of both families, seeds 1..=5, regenerated
//! with the Rust port of `gen_wta.py`; median and max wall time of `solve` with default options.
//!
//! Part 2 (gap table): every record of `tests/data/reference.json` (built by
//! `bench/wta/make_reference.py`): our objective and time next to HiGHS's best solution and bound,
//! HiGHS's time and the Python baselines (greedy, descent, ILS) from the same file.
//!
//! Run: `cargo bench -p canopy-c2 --bench wta`.

use std::time::Instant;

use canopy_c2::wta::{WtaFamily, WtaOptions, WtaProblem, generate, parse_instance, solve};
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use serde_json::Value;

/// Seed of the solver's random stream (fixed, so runs are reproducible).
const SOLVER_SEED: u64 = 2024;

fn timed_solve(pb: &WtaProblem) -> (f64, f64) {
    let mut rng = ChaCha8Rng::seed_from_u64(SOLVER_SEED);
    let t0 = Instant::now();
    let sol = solve(pb, &WtaOptions::default(), &mut rng);
    (sol.objective, t0.elapsed().as_secs_f64())
}

fn median(xs: &mut [f64]) -> f64 {
    xs.sort_by(f64::total_cmp);
    let n = xs.len();
    if n % 2 == 1 {
        xs[n / 2]
    } else {
        0.5 * (xs[n / 2 - 1] + xs[n / 2])
    }
}

fn family_of(name: &str) -> WtaFamily {
    if name == "hetero" {
        WtaFamily::Hetero
    } else {
        WtaFamily::Ahuja
    }
}

fn main() {
    println!("## speed: wta::solve, default options, seeds 1..=5");
    println!("| family | W x T | median s | max s |");
    println!("|---|---|---|---|");
    for family in [WtaFamily::Ahuja, WtaFamily::Hetero] {
        for (w, t) in [(200, 200), (200, 100)] {
            let mut times: Vec<f64> = (1..=5)
                .map(|seed| timed_solve(&generate(w, t, seed, family)).1)
                .collect();
            let max = times.iter().copied().fold(0.0, f64::max);
            println!(
                "| {family:?} | {w} x {t} | {:.3} | {max:.3} |",
                median(&mut times)
            );
        }
    }

    let data = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data");
    let text = std::fs::read_to_string(format!("{data}/reference.json"))
        .expect("tests/data/reference.json is part of the crate");
    let reference: Value = serde_json::from_str(&text).expect("reference.json is valid JSON");
    println!();
    println!("## gap table (reference: HiGHS OA-MILP via solve_wta.py, tests/data/reference.json)");
    println!(
        "| instance | ours | HiGHS best | HiGHS bound | proven | gap to bound % | vs HiGHS best % | ours s | HiGHS s | greedy | descent | ILS | ILS s |"
    );
    println!("|---|---|---|---|---|---|---|---|---|---|---|---|---|");
    for r in reference["records"].as_array().into_iter().flatten() {
        let name = r["name"].as_str().unwrap_or("?");
        let pb = match r["file"].as_str() {
            Some(file) => {
                let text = std::fs::read_to_string(format!("{data}/{file}"))
                    .expect("instance file listed in reference.json exists");
                parse_instance(&text).expect("committed instance parses")
            }
            None => generate(
                r["weapons"].as_u64().unwrap_or(0) as usize,
                r["targets"].as_u64().unwrap_or(0) as usize,
                r["seed"].as_u64().unwrap_or(0),
                family_of(r["family"].as_str().unwrap_or("")),
            ),
        };
        let (ours, secs) = timed_solve(&pb);
        let f = |k: &str| r[k].as_f64().unwrap_or(f64::NAN);
        let (best, bound) = (f("best"), f("lower_bound"));
        let proven = r["proven_optimal"].as_bool().unwrap_or(false);
        println!(
            "| {name} | {ours:.6} | {best:.6} | {bound:.6} | {} | {:.4} | {:+.4} | {secs:.3} | {:.1} | {:.6} | {:.6} | {:.6} | {:.2} |",
            if proven { "yes" } else { "no" },
            100.0 * (ours - bound) / bound,
            100.0 * (ours - best) / best,
            f("highs_time_s"),
            f("greedy"),
            f("ls"),
            f("ils"),
            f("ils_time_s"),
        );
    }
}
