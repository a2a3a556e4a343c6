//! Linear assignment solvers for the tracker's data association (pure math, no domain types).
//!
//! Canopy's multi-target tracker gates detections against tracks, builds a cost for every gated
//! (track, detection) pair and hands the resulting matrix to this crate to pick the global
//! nearest-neighbour assignment. Costs are `f64`; `f64::INFINITY` marks a forbidden pair.
//!
//! Main types:
//! - [`Solver`]: holds the scratch buffers, so repeated solves do not allocate beyond the returned
//!   [`Assignment`]. Entry points:
//!   - [`Solver::solve_dense`]: rectangular shortest-augmenting-path solver (Crouse 2016, the
//!     algorithm of SciPy's `linear_sum_assignment`); every row of the smaller side is assigned or
//!     the call fails with [`AssignError::Infeasible`].
//!   - [`Solver::solve_partial`]: maximum-cardinality-then-minimum-cost assignment that leaves rows
//!     unassigned when they cannot all be matched (a track with no gated detection).
//!   - [`Solver::solve_sparse`]: the same problems given as a list of allowed (row, col, cost)
//!     triplets; solved per connected component so work scales with cluster sizes.
//! - [`solve`]: one-shot convenience wrapper for a minimising dense solve.
//! - [`Assignment`], [`Sense`], [`Cardinality`], [`AssignError`].
//!
//! Differences from SciPy, on purpose: `+inf` is the forbidden marker for both minimisation and
//! maximisation (SciPy uses `-inf` when maximising), `-inf` and NaN are always rejected, and finite
//! costs are limited to magnitude [`MAX_COST`] so the dual-variable sums can never overflow.
//! Square matrices without forbidden pairs get the Jonker–Volgenant initialisation before the
//! augmenting phase (the speed goal: dense 1000 x 1000 at least as fast as SciPy), so when
//! several assignments tie for the optimum the one returned may differ from SciPy's; the optimal
//! cost never does.

mod error;
mod sap;
mod solver;
mod sparse;

pub use error::AssignError;
pub use solver::Solver;

/// Largest accepted magnitude of a finite cost. The dual variables are sums of up to a few times
/// `rows + cols` costs (more with the dummy columns of [`Solver::solve_partial`]); this bound keeps
/// them far from `f64` overflow for any matrix that fits in memory.
pub const MAX_COST: f64 = 1e150;

/// Whether the total cost is minimised or maximised.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Sense {
    /// Minimise the sum of the chosen costs.
    #[default]
    Minimize,
    /// Maximise the sum of the chosen costs (`+inf` still marks a forbidden pair).
    Maximize,
}

/// How many pairs an assignment must contain.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Cardinality {
    /// Every row of the smaller side is assigned, or the problem is [`AssignError::Infeasible`].
    #[default]
    Full,
    /// As many pairs as the allowed pairs permit; among those, the best total cost.
    Maximum,
}

/// Result of a solve.
#[derive(Debug, Clone, PartialEq)]
pub struct Assignment {
    /// For each row, the column it is assigned to, or `None` if it stays unassigned.
    pub row_to_col: Vec<Option<usize>>,
    /// Sum of the original costs of the assigned pairs (in the caller's sense, not negated).
    pub cost: f64,
}

impl Assignment {
    /// The assigned (row, col) pairs in increasing row order.
    pub fn pairs(&self) -> impl Iterator<Item = (usize, usize)> + '_ {
        self.row_to_col
            .iter()
            .enumerate()
            .filter_map(|(i, c)| c.map(|j| (i, j)))
    }
}

/// Minimum-cost assignment of a dense row-major `rows x cols` cost matrix, every row of the smaller
/// side assigned. Equivalent to `scipy.optimize.linear_sum_assignment(costs)`. Allocates a fresh
/// [`Solver`]; keep one around instead when solving repeatedly.
pub fn solve(costs: &[f64], rows: usize, cols: usize) -> Result<Assignment, AssignError> {
    Solver::new().solve_dense(costs, rows, cols, Sense::Minimize)
}
