//! Cross-checks against `pathfinding::kuhn_munkres` (Hungarian method, integer weights, needs
//! rows <= cols) on integer-scaled matrices, where every sum is exact in `f64` so the optimal
//! costs must agree exactly.

use canopy_assign::{Sense, Solver};
use pathfinding::kuhn_munkres::{kuhn_munkres, kuhn_munkres_min};
use pathfinding::matrix::Matrix;
use proptest::prelude::*;
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;

use crate::common::check_valid;

/// Integer matrix `rows x cols` (rows <= cols) with entries in a narrow (3 values, many ties) or
/// wide (2000 values) range around 0.
fn int_matrix(
    max_rows: usize,
    max_extra_cols: usize,
) -> impl Strategy<Value = (usize, usize, Vec<i64>)> {
    // Half the cases square (the Jonker-Volgenant initialisation path), half wide.
    let extra = prop_oneof![Just(0), 0..=max_extra_cols];
    (1..=max_rows, extra, prop_oneof![Just(3i64), Just(2000i64)]).prop_flat_map(
        |(rows, extra, span)| {
            let cols = rows + extra;
            (
                Just(rows),
                Just(cols),
                prop::collection::vec(-span / 2..span - span / 2, rows * cols),
            )
        },
    )
}

/// Costs divided by 8: exact binary fractions, so our cost * 8 must equal the integer optimum.
fn scaled(ints: &[i64]) -> Vec<f64> {
    ints.iter().map(|&x| x as f64 / 8.0).collect()
}

fn transpose<T: Copy>(m: &[T], rows: usize, cols: usize) -> Vec<T> {
    (0..cols)
        .flat_map(|j| (0..rows).map(move |i| m[i * cols + j]))
        .collect()
}

proptest! {
    /// Wide and square matrices up to 30 x 40 with narrow (many ties) or wide integer ranges:
    /// minimum and maximum totals equal `kuhn_munkres_min` / `kuhn_munkres` exactly.
    #[test]
    fn prop_wide_matches_kuhn_munkres((rows, cols, ints) in int_matrix(30, 10)) {
        let weights = Matrix::from_vec(rows, cols, ints.clone()).unwrap();
        let costs = scaled(&ints);
        let mut solver = Solver::new();

        let (min_total, _) = kuhn_munkres_min(&weights);
        let a = solver.solve_dense(&costs, rows, cols, Sense::Minimize).unwrap();
        prop_assert_eq!(check_valid(&costs, rows, cols, &a), rows);
        prop_assert_eq!(a.cost * 8.0, min_total as f64);

        let (max_total, _) = kuhn_munkres(&weights);
        let a = solver.solve_dense(&costs, rows, cols, Sense::Maximize).unwrap();
        prop_assert_eq!(a.cost * 8.0, max_total as f64);
    }

    /// Tall matrices (rows > cols) are solved by internal transposition: same optimum as
    /// `kuhn_munkres_min` on the explicit transpose.
    #[test]
    fn prop_tall_matches_kuhn_munkres_on_transpose((cols, rows, ints_t) in int_matrix(20, 10)) {
        prop_assume!(rows > cols);
        let weights = Matrix::from_vec(cols, rows, ints_t.clone()).unwrap();
        let (min_total, _) = kuhn_munkres_min(&weights);
        let costs = scaled(&transpose(&ints_t, cols, rows));
        let a = Solver::new().solve_dense(&costs, rows, cols, Sense::Minimize).unwrap();
        prop_assert_eq!(check_valid(&costs, rows, cols, &a), cols);
        prop_assert_eq!(a.cost * 8.0, min_total as f64);
    }
}

/// Larger deterministic cases, square 150 x 150 and wide 100 x 160: integer-rounded Euclidean
/// distances (tracking-like structure) and uniform integers. On both square matrices the
/// Jonker-Volgenant row reduction runs out of its step budget (checked with a temporary print),
/// so the hand-over of a partly reduced state to the augmenting phase is exercised.
#[test]
fn larger_matrices_match_kuhn_munkres() {
    let mut rng = ChaCha8Rng::seed_from_u64(7);
    for (rows, cols) in [(150, 150), (100, 160)] {
        let a: Vec<(f64, f64)> = (0..rows).map(|_| (rng.random(), rng.random())).collect();
        let b: Vec<(f64, f64)> = (0..cols).map(|_| (rng.random(), rng.random())).collect();
        let spatial: Vec<i64> = a
            .iter()
            .flat_map(|p| {
                b.iter()
                    .map(move |q| ((p.0 - q.0).hypot(p.1 - q.1) * 1e4).round() as i64)
            })
            .collect();
        let uniform: Vec<i64> = (0..rows * cols)
            .map(|_| rng.random_range(0..100_000))
            .collect();
        for ints in [spatial, uniform] {
            let (total, _) = kuhn_munkres_min(&Matrix::from_vec(rows, cols, ints.clone()).unwrap());
            let costs = scaled(&ints);
            let got = Solver::new()
                .solve_dense(&costs, rows, cols, Sense::Minimize)
                .unwrap();
            assert_eq!(check_valid(&costs, rows, cols, &got), rows);
            assert_eq!(got.cost * 8.0, total as f64, "{rows} x {cols}");
        }
    }
}
