//! Sparse (gated) input against the dense solver on the equivalent matrix.

use canopy_assign::{AssignError, Cardinality, Sense, Solver};
use proptest::prelude::*;

use crate::common::{check_valid, close, sense};

const INF: f64 = f64::INFINITY;

/// A sparse problem up to 12 x 12 with 3-40 % of the pairs listed (so usually several connected
/// components plus isolated lines), a few listed with cost +inf, in random order.
fn sparse_problem() -> impl Strategy<Value = (usize, usize, Vec<(usize, usize, f64)>)> {
    (0usize..=12, 0usize..=12, 3u32..40, any::<bool>()).prop_flat_map(
        |(rows, cols, pct, integer)| {
            let value = if integer {
                (0i32..4).prop_map(f64::from).boxed()
            } else {
                (-50.0f64..50.0).boxed()
            };
            let cell = (0u32..100, 0u32..100, value)
                .prop_map(move |(p, q, v)| (p < pct).then_some(if q < 5 { INF } else { v }));
            let entries = prop::collection::vec(cell, rows * cols)
                .prop_map(move |cells| {
                    cells
                        .iter()
                        .enumerate()
                        .filter_map(|(k, c)| c.map(|x| (k / cols, k % cols, x)))
                        .collect::<Vec<_>>()
                })
                .prop_shuffle();
            (Just(rows), Just(cols), entries)
        },
    )
}

fn to_dense(rows: usize, cols: usize, entries: &[(usize, usize, f64)]) -> Vec<f64> {
    let mut m = vec![INF; rows * cols];
    for &(i, j, x) in entries {
        m[i * cols + j] = x;
    }
    m
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1024))]

    /// Same feasibility, cardinality and optimal cost (within REL_TOL) as the dense solvers on the
    /// equivalent matrix, for both cardinalities and both senses.
    #[test]
    fn prop_sparse_matches_dense((rows, cols, entries) in sparse_problem(), sense in sense()) {
        let dense = to_dense(rows, cols, &entries);
        let mut solver = Solver::new();

        let sparse_full = solver.solve_sparse(rows, cols, &entries, sense, Cardinality::Full);
        match (solver.solve_dense(&dense, rows, cols, sense), sparse_full) {
            (Ok(d), Ok(s)) => {
                prop_assert_eq!(check_valid(&dense, rows, cols, &s), rows.min(cols));
                prop_assert!(close(d.cost, s.cost), "dense {} sparse {}", d.cost, s.cost);
            }
            (Err(d), Err(s)) => {
                prop_assert_eq!(d, AssignError::Infeasible);
                prop_assert_eq!(s, AssignError::Infeasible);
            }
            (d, s) => prop_assert!(false, "dense {:?} vs sparse {:?}", d, s),
        }

        let d = solver.solve_partial(&dense, rows, cols, sense).unwrap();
        let s = solver.solve_sparse(rows, cols, &entries, sense, Cardinality::Maximum).unwrap();
        prop_assert_eq!(
            check_valid(&dense, rows, cols, &s),
            check_valid(&dense, rows, cols, &d)
        );
        prop_assert!(close(d.cost, s.cost), "partial dense {} sparse {}", d.cost, s.cost);
    }
}

#[test]
fn sparse_clusters_are_solved_independently() {
    // Two clusters {r0, r1} x {c0, c1} and {r2, r3} x {c3}, plus row 4 and column 2 with no
    // allowed pair. Cluster optima: r0->c1, r1->c0 (2 + 3 = 5 < 1 + 9); r3->c3 (1 < 4).
    let entries = [
        (0, 0, 1.0),
        (0, 1, 2.0),
        (1, 0, 3.0),
        (1, 1, 9.0),
        (2, 3, 4.0),
        (3, 3, 1.0),
    ];
    let mut solver = Solver::new();
    let a = solver
        .solve_sparse(5, 4, &entries, Sense::Minimize, Cardinality::Maximum)
        .unwrap();
    assert_eq!(a.row_to_col, vec![Some(1), Some(0), None, Some(3), None]);
    assert_eq!(a.cost, 6.0);
    // Four columns but column 2 is unreachable: a full assignment (4 pairs) does not exist.
    assert_eq!(
        solver.solve_sparse(5, 4, &entries, Sense::Minimize, Cardinality::Full),
        Err(AssignError::Infeasible)
    );
}

#[test]
fn sparse_rejects_bad_entries() {
    let mut solver = Solver::new();
    let mut run = |entries: &[(usize, usize, f64)]| {
        solver.solve_sparse(2, 3, entries, Sense::Minimize, Cardinality::Maximum)
    };
    assert_eq!(
        run(&[(0, 0, 1.0), (2, 0, 1.0)]),
        Err(AssignError::IndexOutOfRange {
            row: 2,
            col: 0,
            rows: 2,
            cols: 3
        })
    );
    assert_eq!(
        run(&[(0, 3, 1.0)]),
        Err(AssignError::IndexOutOfRange {
            row: 0,
            col: 3,
            rows: 2,
            cols: 3
        })
    );
    // Duplicates are rejected even when one copy is the forbidden marker.
    assert_eq!(
        run(&[(1, 2, 1.0), (0, 0, 1.0), (1, 2, INF)]),
        Err(AssignError::DuplicateEntry { row: 1, col: 2 })
    );
    let err = run(&[(0, 0, 1.0), (1, 1, f64::NAN)]).unwrap_err();
    assert!(matches!(err, AssignError::InvalidCost { row: 1, col: 1, value } if value.is_nan()));
    assert!(matches!(
        run(&[(1, 0, f64::NEG_INFINITY)]),
        Err(AssignError::InvalidCost { row: 1, col: 0, .. })
    ));
}
