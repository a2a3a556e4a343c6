//! Shared helpers: brute-force reference, validity checks and proptest strategies.

use canopy_assign::{Assignment, Sense};
use proptest::prelude::*;

/// Relative tolerance for comparing optimal costs computed by different summation orders: the
/// test matrices have at most a few hundred terms of magnitude <= 100, so rounding differences
/// are ~1e-13; 1e-9 leaves a wide margin and still catches any non-optimal assignment (the
/// smallest cost gap between two assignments of these matrices is far larger).
pub const REL_TOL: f64 = 1e-9;

pub fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= REL_TOL * (1.0 + a.abs().max(b.abs()))
}

/// Best assignment by enumeration: (maximum number of pairs through allowed entries, best total
/// cost among assignments with that many pairs) — "best" in the given sense.
pub fn brute_force(costs: &[f64], rows: usize, cols: usize, sense: Sense) -> (usize, f64) {
    fn better(sense: Sense, a: (usize, f64), b: (usize, f64)) -> bool {
        a.0 > b.0
            || (a.0 == b.0
                && match sense {
                    Sense::Minimize => a.1 < b.1,
                    Sense::Maximize => a.1 > b.1,
                })
    }
    #[allow(clippy::too_many_arguments)] // plain recursive enumeration state
    fn rec(
        costs: &[f64],
        rows: usize,
        cols: usize,
        sense: Sense,
        row: usize,
        used: &mut [bool],
        acc: (usize, f64),
        best: &mut (usize, f64),
    ) {
        if row == rows {
            if better(sense, acc, *best) {
                *best = acc;
            }
            return;
        }
        rec(costs, rows, cols, sense, row + 1, used, acc, best);
        for j in 0..cols {
            let c = costs[row * cols + j];
            if !used[j] && c.is_finite() {
                used[j] = true;
                rec(
                    costs,
                    rows,
                    cols,
                    sense,
                    row + 1,
                    used,
                    (acc.0 + 1, acc.1 + c),
                    best,
                );
                used[j] = false;
            }
        }
    }
    let worst = match sense {
        Sense::Minimize => f64::INFINITY,
        Sense::Maximize => f64::NEG_INFINITY,
    };
    let mut best = (0, worst);
    rec(
        costs,
        rows,
        cols,
        sense,
        0,
        &mut vec![false; cols],
        (0, 0.0),
        &mut best,
    );
    best
}

/// Structural checks every returned assignment must pass: shape, injectivity, only allowed
/// pairs, and `cost` equal to the sum of the chosen entries. Returns the number of pairs.
pub fn check_valid(costs: &[f64], rows: usize, cols: usize, a: &Assignment) -> usize {
    assert_eq!(a.row_to_col.len(), rows);
    let mut used = vec![false; cols];
    let mut sum = 0.0;
    let mut pairs = 0;
    for (i, j) in a.pairs() {
        assert!(j < cols, "column {j} out of range");
        assert!(!used[j], "column {j} assigned twice");
        used[j] = true;
        let c = costs[i * cols + j];
        assert!(c.is_finite(), "forbidden pair ({i}, {j}) chosen");
        sum += c;
        pairs += 1;
    }
    assert!(
        close(a.cost, sum),
        "reported cost {} != sum {}",
        a.cost,
        sum
    );
    pairs
}

/// A `rows x cols` matrix (both 0..=max_dim). Half the cases have no forbidden entry (the square
/// ones then take the Jonker-Volgenant initialisation path), the others up to 60 % forbidden
/// entries (many of those are infeasible). Values are either small integers (many ties and
/// degenerate optima) or arbitrary floats in [-100, 100].
pub fn matrix(max_dim: usize) -> impl Strategy<Value = (usize, usize, Vec<f64>)> {
    let forbid_pct = prop_oneof![Just(0u32), 0u32..60];
    (0..=max_dim, 0..=max_dim, any::<bool>(), forbid_pct).prop_flat_map(
        move |(r, c, integer, forbid_pct)| {
            let value = if integer {
                (0i32..5).prop_map(f64::from).boxed()
            } else {
                (-100.0f64..100.0).boxed()
            };
            let entry = (0u32..100, value)
                .prop_map(move |(p, v)| if p < forbid_pct { f64::INFINITY } else { v });
            (Just(r), Just(c), prop::collection::vec(entry, r * c))
        },
    )
}

pub fn sense() -> impl Strategy<Value = Sense> {
    prop_oneof![Just(Sense::Minimize), Just(Sense::Maximize)]
}
