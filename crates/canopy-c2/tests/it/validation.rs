//! Validation against the outer-approximation MILP of solve_wta.py (HiGHS 1.15, 1 thread,
//! relative gap 1e-7, 120 s limit), run by bench/wta/make_reference.py; see tests/data/README.md.
//!
//! Every case solves the instance with the default options and a fixed seed and checks:
//!
//! - the objective is recomputed from the assignment and the assignment is feasible;
//! - it is not below HiGHS's proven lower bound (relative 1e-9): a cross-check of both objective
//!   computations;
//! - where HiGHS proved optimality: gap `(ours - opt) / opt <= 0.5 %` (the task's criterion);
//! - where HiGHS hit its time limit there is no proven optimum; the gap is measured against its
//!   best solution, with the tolerance given per case (0.5 % unless marked as a shortfall).

use canopy_c2::wta::{WtaOptions, solve};
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

use super::{committed, generated, record};

/// Seed of the solver's random stream in all validation cases.
const SEED: u64 = 2024;

fn check(name: &str, unproven_tol_percent: f64) {
    let r = record(name);
    let pb = committed(&r).unwrap_or_else(|| generated(&r));
    let sol = solve(
        &pb,
        &WtaOptions::default(),
        &mut ChaCha8Rng::seed_from_u64(SEED),
    );
    pb.check(&sol.assignment).expect("feasible assignment");
    let f = pb.objective(&sol.assignment).expect("feasible");
    assert_eq!(f, sol.objective, "{name}: objective recomputed");
    let best = r["best"].as_f64().expect("best");
    let lb = r["lower_bound"].as_f64().expect("lower bound");
    assert!(f >= lb * (1.0 - 1e-9), "{name}: {f} below HiGHS bound {lb}");
    let proven = r["proven_optimal"].as_bool().expect("flag");
    let tol = if proven { 0.5 } else { unproven_tol_percent };
    let gap = 100.0 * (f - best) / best;
    assert!(
        gap <= tol,
        "{name}: ours {f}, HiGHS {} {best}: gap {gap:.4} % > {tol} %",
        if proven { "optimum" } else { "best (unproven)" }
    );
}

macro_rules! val {
    ($($test:ident: $name:literal, $tol:expr;)*) => {$(
        #[test]
        fn $test() {
            check($name, $tol);
        }
    )*};
}

val! {
    val_highs_wta_ahuja_5x5: "wta_5x5_s1", 0.5;
    val_highs_wta_ahuja_10x10: "wta_10x10_s1", 0.5;
    val_highs_wta_ahuja_20x10: "wta_20x10_s1", 0.5;
    val_highs_wta_ahuja_40x20: "wta_40x20_s1", 0.5;
    val_highs_wta_ahuja_50x50: "wta_50x50_s1", 0.5;
    val_highs_wta_ahuja_80x40: "wta_80x40_s1", 0.5;
    val_highs_wta_ahuja_100x100: "wta_100x100_s1", 0.5;
    val_highs_wta_ahuja_200x100: "wta_200x100_s1", 0.5;
    val_highs_wta_ahuja_200x200: "wta_200x200_s1", 0.5;
    val_highs_wta_ahuja_200x100_s2: "wta_200x100_s2", 0.5;
    val_highs_wta_ahuja_200x200_s2: "wta_200x200_s2", 0.5;
    val_highs_wta_hetero_5x5: "wtah_5x5_s1", 0.5;
    val_highs_wta_hetero_10x10: "wtah_10x10_s1", 0.5;
    val_highs_wta_hetero_20x10: "wtah_20x10_s1", 0.5;
    val_highs_wta_hetero_40x20: "wtah_40x20_s1", 0.5;
    val_highs_wta_hetero_50x50: "wtah_50x50_s1", 0.5;
    val_highs_wta_hetero_80x40: "wtah_80x40_s1", 0.5;
    val_highs_wta_hetero_100x100: "wtah_100x100_s1", 0.5;
    val_highs_wta_hetero_200x200: "wtah_200x200_s1", 0.5;
    val_highs_wta_hetero_200x200_s2: "wtah_200x200_s2", 0.5;
    // SHORTFALL: W = 2T with p ~ U(0, 1) is the hardest family for the heuristic. Here it ends
    // 4.1 % above the best solution HiGHS found in 120 s (2.4-4.1 % over solver seeds 1, 2, 3,
    // 2024); HiGHS did not prove that solution optimal either. On the seed-2 instance of the same
    // size it ends 3.4 % below HiGHS's solution.
    val_highs_wta_hetero_200x100: "wtah_200x100_s1", 5.0;
    val_highs_wta_hetero_200x100_s2: "wtah_200x100_s2", 0.5;
}
