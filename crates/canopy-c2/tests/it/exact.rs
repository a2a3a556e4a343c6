//! Branch-and-bound and the full pipeline against brute-force enumeration on tiny instances.

use canopy_c2::wta::{WtaOptions, WtaProblem, branch_and_bound, solve};
use proptest::prelude::*;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

/// Optimum by enumerating all (T + 1)^W assignments, skipping infeasible ones.
fn brute_force(pb: &WtaProblem) -> f64 {
    let (w, t) = (pb.weapons(), pb.targets());
    let mut a = vec![None; w];
    let mut best = f64::INFINITY;
    let total = (t + 1).pow(w as u32);
    for code in 0..total {
        let mut c = code;
        for x in a.iter_mut() {
            let j = c % (t + 1);
            c /= t + 1;
            *x = (j < t).then_some(j);
        }
        if let Ok(f) = pb.objective(&a) {
            best = best.min(f);
        }
    }
    best
}

/// Tiny instance with optional forbidden pairs, salvo caps and fire units.
fn tiny() -> impl Strategy<Value = WtaProblem> {
    (1usize..=5, 1usize..=4).prop_flat_map(|(w, t)| {
        (
            prop::collection::vec(0.0f64..100.0, t),
            prop::collection::vec(prop::collection::vec(0.0f64..=1.0, t), w),
            prop::collection::vec(prop::collection::vec(any::<bool>(), t), w),
            prop::option::of(prop::collection::vec(0usize..=3, t)),
            prop::option::of((
                prop::collection::vec(0usize..2, w),
                prop::collection::vec(0usize..=3, 2),
            )),
            any::<bool>(),
        )
            .prop_map(|(value, p, mask, caps, units, use_mask)| {
                let mut pb = WtaProblem::new(value, p).expect("valid");
                if use_mask {
                    pb = pb.with_allowed(&mask).expect("shape");
                }
                if let Some(c) = caps {
                    pb = pb.with_max_shots(c).expect("shape");
                }
                if let Some((unit_of, available)) = units {
                    pb = pb.with_fire_units(unit_of, available).expect("units");
                }
                pb
            })
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// Branch-and-bound from scratch proves the brute-force optimum (relative 1e-9).
    #[test]
    fn branch_and_bound_equals_brute_force(pb in tiny()) {
        let out = branch_and_bound(&pb, None, 10_000_000).expect("no incumbent");
        let opt = brute_force(&pb);
        prop_assert!(out.proven_optimal);
        prop_assert!((out.solution.objective - opt).abs() <= 1e-9 * (1.0 + opt),
            "bnb {} brute {}", out.solution.objective, opt);
        prop_assert!(pb.check(&out.solution.assignment).is_ok());
    }

    /// The full pipeline (heuristics, then exact for small instances) returns a feasible
    /// optimal assignment, and so does the heuristic part alone on these sizes.
    #[test]
    fn solve_equals_brute_force(pb in tiny(), seed in any::<u64>()) {
        let opt = brute_force(&pb);
        let options = WtaOptions { iterations: 50, ..WtaOptions::default() };
        let sol = solve(&pb, &options, &mut ChaCha8Rng::seed_from_u64(seed));
        prop_assert!(pb.check(&sol.assignment).is_ok());
        prop_assert!((sol.objective - opt).abs() <= 1e-9 * (1.0 + opt),
            "solve {} brute {}", sol.objective, opt);
        let heuristic = WtaOptions { exact_max_cells: 0, ..options };
        let h = solve(&pb, &heuristic, &mut ChaCha8Rng::seed_from_u64(seed));
        prop_assert!(pb.check(&h.assignment).is_ok());
        prop_assert!(h.objective >= opt - 1e-9 * (1.0 + opt));
    }
}

#[test]
fn node_budget_exhaustion_is_reported() {
    let pb = canopy_c2::wta::generate(12, 12, 3, canopy_c2::wta::WtaFamily::Hetero);
    let out = branch_and_bound(&pb, None, 50).expect("no incumbent");
    assert!(!out.proven_optimal);
    assert_eq!(out.nodes, 51);
    assert!(pb.check(&out.solution.assignment).is_ok());
}

#[test]
fn infeasible_incumbent_is_rejected() {
    let pb = WtaProblem::new(vec![1.0], vec![vec![0.5]])
        .expect("valid")
        .with_max_shots(vec![0])
        .expect("shape");
    assert!(branch_and_bound(&pb, Some(&[Some(0)]), 100).is_err());
    let out = branch_and_bound(&pb, Some(&[None]), 100).expect("feasible");
    assert!(out.proven_optimal);
    assert_eq!(out.solution.objective, 1.0);
}

#[test]
fn solve_is_deterministic_for_a_seed() {
    let pb = canopy_c2::wta::generate(40, 20, 9, canopy_c2::wta::WtaFamily::Hetero);
    let options = WtaOptions {
        iterations: 300,
        ..WtaOptions::default()
    };
    let a = solve(&pb, &options, &mut ChaCha8Rng::seed_from_u64(5));
    let b = solve(&pb, &options, &mut ChaCha8Rng::seed_from_u64(5));
    assert_eq!(a, b);
}
