//! Dense full and partial solves against brute-force enumeration, plus small hand-checked cases.

use canopy_assign::{AssignError, Assignment, Sense, Solver, solve};
use proptest::prelude::*;

use crate::common::{brute_force, check_valid, close, matrix, sense};

const INF: f64 = f64::INFINITY;

proptest! {
    // Brute force is cheap at these sizes; more cases reach more degenerate and infeasible shapes.
    #![proptest_config(ProptestConfig::with_cases(1024))]

    /// Full and partial solves of every shape up to 7 x 7 (wide, tall, square, empty), with and
    /// without forbidden pairs, in both senses: the full solve is feasible exactly when the
    /// brute-force maximum cardinality is min(rows, cols), and both solves reach the brute-force
    /// optimum (cost within REL_TOL) with the maximum cardinality.
    #[test]
    fn prop_dense_and_partial_match_brute_force(
        (rows, cols, costs) in matrix(7),
        sense in sense(),
    ) {
        let (max_pairs, best) = brute_force(&costs, rows, cols, sense);
        let mut solver = Solver::new();
        match solver.solve_dense(&costs, rows, cols, sense) {
            Ok(a) => {
                prop_assert_eq!(max_pairs, rows.min(cols));
                prop_assert_eq!(check_valid(&costs, rows, cols, &a), max_pairs);
                if max_pairs > 0 {
                    prop_assert!(close(a.cost, best), "full {} vs brute {}", a.cost, best);
                }
            }
            Err(e) => {
                prop_assert_eq!(e, AssignError::Infeasible);
                prop_assert!(max_pairs < rows.min(cols));
            }
        }
        let a = solver.solve_partial(&costs, rows, cols, sense).expect("partial never fails");
        prop_assert_eq!(check_valid(&costs, rows, cols, &a), max_pairs);
        if max_pairs > 0 {
            prop_assert!(close(a.cost, best), "partial {} vs brute {}", a.cost, best);
        } else {
            prop_assert_eq!(a.cost, 0.0);
        }
    }

    /// One solver reused across differently shaped problems gives exactly the answers of fresh
    /// solvers (no state leaks through the scratch buffers).
    #[test]
    fn prop_solver_reuse_matches_fresh(
        problems in prop::collection::vec(matrix(6), 1..5),
        sense in sense(),
    ) {
        let mut reused = Solver::new();
        for (rows, cols, costs) in &problems {
            prop_assert_eq!(
                reused.solve_dense(costs, *rows, *cols, sense),
                Solver::new().solve_dense(costs, *rows, *cols, sense)
            );
            prop_assert_eq!(
                reused.solve_partial(costs, *rows, *cols, sense),
                Solver::new().solve_partial(costs, *rows, *cols, sense)
            );
        }
    }
}

#[test]
fn partial_prefers_more_pairs_over_lower_cost() {
    // Assigning only row 0 to column 0 costs 1; assigning both rows costs 1000 + 1 = 1001.
    // Maximum cardinality comes first, so both rows must be assigned.
    let costs = [1.0, 1000.0, 1.0, INF];
    let a = Solver::new()
        .solve_partial(&costs, 2, 2, Sense::Minimize)
        .unwrap();
    assert_eq!(a.row_to_col, vec![Some(1), Some(0)]);
    assert_eq!(a.cost, 1001.0);
}

#[test]
fn partial_gives_contested_column_to_cheaper_row() {
    // Both tracks gate only detection 0; the cheaper one (row 1) must get it, whichever row the
    // solver processes first. Wide and tall forms, both senses.
    let wide = [10.0, INF, 1.0, INF];
    let mut solver = Solver::new();
    let a = solver.solve_partial(&wide, 2, 2, Sense::Minimize).unwrap();
    assert_eq!(a.row_to_col, vec![None, Some(0)]);
    assert_eq!(a.cost, 1.0);
    let a = solver.solve_partial(&wide, 2, 2, Sense::Maximize).unwrap();
    assert_eq!(a.row_to_col, vec![Some(0), None]);
    assert_eq!(a.cost, 10.0);
    let tall = [10.0, 1.0];
    let a = solver.solve_partial(&tall, 2, 1, Sense::Minimize).unwrap();
    assert_eq!(a.row_to_col, vec![None, Some(0)]);
    // The full solve of the tall matrix assigns its single column the same way.
    assert_eq!(solver.solve_dense(&tall, 2, 1, Sense::Minimize).unwrap(), a);
}

#[test]
fn partial_with_all_forbidden_assigns_nothing() {
    let a = Solver::new()
        .solve_partial(&[INF; 6], 2, 3, Sense::Minimize)
        .unwrap();
    assert_eq!(a.row_to_col, vec![None, None]);
    assert_eq!(a.cost, 0.0);
}

#[test]
fn empty_sides_give_empty_assignments() {
    let mut solver = Solver::new();
    for (rows, cols) in [(0, 0), (0, 3), (3, 0)] {
        let expected = Assignment {
            row_to_col: vec![None; rows],
            cost: 0.0,
        };
        assert_eq!(
            solver.solve_dense(&[], rows, cols, Sense::Minimize),
            Ok(expected.clone())
        );
        assert_eq!(
            solver.solve_partial(&[], rows, cols, Sense::Maximize),
            Ok(expected)
        );
    }
}

#[test]
fn convenience_solve_equals_solver() {
    let costs = [4.0, 1.0, 3.0, 2.0, 0.0, 5.0, 3.0, 2.0, 2.0];
    let a = solve(&costs, 3, 3).unwrap();
    assert_eq!(a.row_to_col, vec![Some(1), Some(0), Some(2)]);
    assert_eq!(a.cost, 5.0);
    assert_eq!(a.pairs().collect::<Vec<_>>(), vec![(0, 1), (1, 0), (2, 2)]);
}

#[test]
fn extreme_magnitudes_are_solved() {
    // Costs at +-MAX_COST next to ordinary ones: the dual sums must neither overflow nor lose
    // the optimum. Expected by enumeration; tolerance REL_TOL relative to 1e150.
    let m = canopy_assign::MAX_COST;
    let costs = [m, 1.0, -m, 2.0, -m, INF, 3.0, m, 0.5, m, 1.0, -m];
    for sense in [Sense::Minimize, Sense::Maximize] {
        let (pairs, best) = brute_force(&costs, 3, 4, sense);
        let mut solver = Solver::new();
        let a = solver.solve_dense(&costs, 3, 4, sense).unwrap();
        assert_eq!(check_valid(&costs, 3, 4, &a), pairs);
        assert!(close(a.cost, best), "{} vs {}", a.cost, best);
        let p = solver.solve_partial(&costs, 3, 4, sense).unwrap();
        assert!(close(p.cost, best), "{} vs {}", p.cost, best);
    }
}
