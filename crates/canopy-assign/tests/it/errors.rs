//! Bad input returns errors (never panics or loops).

use canopy_assign::{AssignError, Cardinality, MAX_COST, Sense, Solver};

#[test]
fn invalid_costs_are_reported_with_position() {
    let mut solver = Solver::new();
    for bad in [f64::NAN, f64::NEG_INFINITY, 2.0 * MAX_COST, -2.0 * MAX_COST] {
        let costs = [1.0, 2.0, 3.0, 4.0, bad, 6.0];
        for sense in [Sense::Minimize, Sense::Maximize] {
            for result in [
                solver.solve_dense(&costs, 2, 3, sense),
                solver.solve_partial(&costs, 2, 3, sense),
                solver.solve_dense(&costs, 3, 2, sense),
            ] {
                let err = result.unwrap_err();
                let AssignError::InvalidCost { row, col, value } = err else {
                    panic!("expected InvalidCost, got {err:?}");
                };
                assert_eq!(value.to_bits(), bad.to_bits());
                // Flat index 4 is (1, 1) in a 2 x 3 matrix and (2, 0) in a 3 x 2 one.
                assert!((row, col) == (1, 1) || (row, col) == (2, 0));
            }
        }
    }
}

#[test]
fn dimension_mismatch_is_reported() {
    let mut solver = Solver::new();
    assert_eq!(
        solver.solve_dense(&[1.0; 5], 2, 3, Sense::Minimize),
        Err(AssignError::DimensionMismatch {
            len: 5,
            rows: 2,
            cols: 3
        })
    );
    // rows * cols overflowing usize must not panic either.
    assert_eq!(
        solver.solve_partial(&[1.0], usize::MAX, 2, Sense::Minimize),
        Err(AssignError::DimensionMismatch {
            len: 1,
            rows: usize::MAX,
            cols: 2
        })
    );
}

#[test]
fn infeasible_full_assignment_is_an_error_not_a_panic() {
    let inf = f64::INFINITY;
    let mut solver = Solver::new();
    // Column 1 is forbidden for every row of a square matrix.
    let square = [1.0, inf, 2.0, inf];
    assert_eq!(
        solver.solve_dense(&square, 2, 2, Sense::Minimize),
        Err(AssignError::Infeasible)
    );
    assert_eq!(
        solver.solve_dense(&square, 2, 2, Sense::Maximize),
        Err(AssignError::Infeasible)
    );
    // Tall: 3 rows, 2 columns, both columns reachable only from row 0.
    let tall = [1.0, 2.0, inf, inf, inf, inf];
    assert_eq!(
        solver.solve_dense(&tall, 3, 2, Sense::Minimize),
        Err(AssignError::Infeasible)
    );
    // All forbidden.
    assert_eq!(
        solver.solve_dense(&[inf; 6], 2, 3, Sense::Minimize),
        Err(AssignError::Infeasible)
    );
    // The partial variant still returns the best it can.
    let a = solver.solve_partial(&tall, 3, 2, Sense::Minimize).unwrap();
    assert_eq!(a.row_to_col, vec![Some(0), None, None]);
    assert_eq!(a.cost, 1.0);
    assert_eq!(
        AssignError::Infeasible.to_string(),
        "cost matrix is infeasible"
    );
}

#[test]
fn huge_declared_shapes_fail_gracefully() {
    // An empty matrix with an absurd row count, and a sparse problem whose row + column count
    // overflows: both must return TooLarge rather than abort on allocation.
    let mut solver = Solver::new();
    assert_eq!(
        solver.solve_dense(&[], usize::MAX, 0, Sense::Minimize),
        Err(AssignError::TooLarge {
            rows: usize::MAX,
            cols: 0
        })
    );
    assert_eq!(
        solver.solve_sparse(
            usize::MAX,
            2,
            &[(0, 0, 1.0)],
            Sense::Minimize,
            Cardinality::Maximum
        ),
        Err(AssignError::TooLarge {
            rows: usize::MAX,
            cols: 2
        })
    );
    // The solver still works afterwards.
    let a = solver.solve_sparse(1, 2, &[(0, 1, 1.0)], Sense::Minimize, Cardinality::Full);
    assert_eq!(a.map(|a| a.row_to_col), Ok(vec![Some(1)]));
}
