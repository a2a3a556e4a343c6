//! Validation against SciPy's `linear_sum_assignment`.
//!
//! Reference numbers produced with SciPy 1.17.1 / NumPy 2.4.6 (Python 3.11.7) in
//! /work/venvs/canopy-assign, e.g.
//! `r, c = scipy.optimize.linear_sum_assignment(m); m[r, c].sum()`. Each matrix's optimum is
//! unique (the second-best assignment, by enumeration, is worse by >= 0.3), so the assignment
//! itself must match, not just the cost. Cost tolerance: 1e-12 absolute (sums of four
//! one-decimal numbers; SciPy printed 7.800000000000001 for the tall case).

use canopy_assign::{AssignError, Sense, Solver};

const INF: f64 = f64::INFINITY;
const TOL: f64 = 1e-12;

#[test]
fn val_scipy_lsa_wide_with_forbidden() {
    // scipy: row_ind [0 1 2 3], col_ind [4 1 2 3], cost 4.7 (second best 5.0).
    #[rustfmt::skip]
    let m = [
        4.2, 1.5, 3.1, INF, 2.7,
        2.0, 0.4, 5.5, 3.3, 1.9,
        3.6, 2.2, 0.9, 4.8, INF,
        1.1, 3.9, 2.5, 0.7, 4.4,
    ];
    let a = Solver::new()
        .solve_dense(&m, 4, 5, Sense::Minimize)
        .unwrap();
    assert_eq!(a.row_to_col, vec![Some(4), Some(1), Some(2), Some(3)]);
    assert!((a.cost - 4.7).abs() < TOL, "{}", a.cost);
}

#[test]
fn val_scipy_lsa_tall() {
    // scipy: row_ind [0 1 2 3], col_ind [1 2 3 0], cost 7.800000000000001 (second best 8.3);
    // row 4 stays unassigned.
    #[rustfmt::skip]
    let m = [
        7.0, 2.5, 9.1, 4.4,
        3.3, 8.2, 1.7, 6.0,
        5.9, 4.1, 3.8, 2.2,
        1.4, 6.6, 7.3, 8.8,
        6.2, 3.0, 5.1, 3.9,
    ];
    let a = Solver::new()
        .solve_dense(&m, 5, 4, Sense::Minimize)
        .unwrap();
    assert_eq!(a.row_to_col, vec![Some(1), Some(2), Some(3), Some(0), None]);
    assert!((a.cost - 7.8).abs() < TOL, "{}", a.cost);
}

#[test]
fn val_scipy_lsa_maximize() {
    // scipy (maximize=True, forbidden pair written -inf there, +inf here): col_ind [1 2 0],
    // cost 20.1 (second best 18.4).
    let m = [3.0, 8.5, 1.2, 7.7, 2.4, 6.1, 5.5, 9.3, INF];
    let a = Solver::new()
        .solve_dense(&m, 3, 3, Sense::Maximize)
        .unwrap();
    assert_eq!(a.row_to_col, vec![Some(1), Some(2), Some(0)]);
    assert!((a.cost - 20.1).abs() < TOL, "{}", a.cost);
}

#[test]
fn val_scipy_lsa_infeasible() {
    // scipy raises ValueError("cost matrix is infeasible") for [[1, inf], [2, inf]] and
    // ValueError("matrix contains invalid numeric entries") for a NaN entry.
    let mut solver = Solver::new();
    let err = solver
        .solve_dense(&[1.0, INF, 2.0, INF], 2, 2, Sense::Minimize)
        .unwrap_err();
    assert_eq!(err, AssignError::Infeasible);
    assert_eq!(err.to_string(), "cost matrix is infeasible");
    assert!(matches!(
        solver.solve_dense(&[1.0, f64::NAN, 2.0, 3.0], 2, 2, Sense::Minimize),
        Err(AssignError::InvalidCost { row: 0, col: 1, .. })
    ));
}
