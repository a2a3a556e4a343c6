//! [`Solver`]: validation, orientation (transpose), sense (maximise) and cardinality (dummy
//! columns) around the shortest-augmenting-path core.

use crate::error::AssignError;
use crate::sap::{Infeasible, Sap};
use crate::sparse::SparseScratch;
use crate::{Assignment, Cardinality, MAX_COST, Sense};

/// Linear assignment solver with reusable scratch buffers.
///
/// Buffers grow to the largest problem seen and are kept, so a long-lived `Solver` (one per
/// tracker) solves each scan's problem without allocating anything but the returned
/// [`Assignment`]. A `Solver` holds no state that influences results: any sequence of calls gives
/// the same answers as fresh solvers.
#[derive(Debug, Default, Clone)]
pub struct Solver {
    dense: Dense,
    sparse: SparseScratch,
}

impl Solver {
    /// An empty solver; buffers are allocated on first use.
    pub fn new() -> Self {
        Self::default()
    }

    /// Optimal assignment of the row-major `rows x cols` matrix `costs` in which every row of the
    /// smaller side is assigned (`min(rows, cols)` pairs), as `scipy.optimize.linear_sum_assignment`.
    ///
    /// `f64::INFINITY` forbids a pair in both senses. Errors: [`AssignError::DimensionMismatch`],
    /// [`AssignError::InvalidCost`] (NaN, `-inf`, magnitude above [`MAX_COST`]) and
    /// [`AssignError::Infeasible`] when the forbidden pairs leave no such assignment.
    /// An empty side (`rows == 0` or `cols == 0`) gives an empty assignment.
    pub fn solve_dense(
        &mut self,
        costs: &[f64],
        rows: usize,
        cols: usize,
        sense: Sense,
    ) -> Result<Assignment, AssignError> {
        self.solve_matrix(costs, rows, cols, sense, Cardinality::Full)
    }

    /// Maximum-cardinality assignment of the row-major `rows x cols` matrix `costs`, and among
    /// those the best total cost: rows (or columns) that cannot all be matched through allowed
    /// pairs stay unassigned instead of making the problem infeasible. Never returns
    /// [`AssignError::Infeasible`].
    ///
    /// Method: each line of the smaller side gets a private dummy column of finite
    /// "non-assignment" cost `D = (k + 1) * (max - min)` (or 1 when all finite costs are equal),
    /// where `k = min(rows, cols)` and the real costs are shifted to `[0, max - min]` (for
    /// [`Sense::Maximize`], `max - c`). One real pair more can change the real total by at most
    /// `k * (max - min) < D`, so every optimum of the augmented problem has maximum cardinality and,
    /// within it, minimum (maximum) real cost. The augmented problem is always feasible.
    pub fn solve_partial(
        &mut self,
        costs: &[f64],
        rows: usize,
        cols: usize,
        sense: Sense,
    ) -> Result<Assignment, AssignError> {
        self.solve_matrix(costs, rows, cols, sense, Cardinality::Maximum)
    }

    /// The assignment problem given as the allowed pairs only: `entries` lists `(row, col, cost)`
    /// triplets of a `rows x cols` problem; every pair not listed (or listed with cost
    /// `f64::INFINITY`) is forbidden. Same answer (cost, cardinality, feasibility) as
    /// [`Solver::solve_dense`] ([`Cardinality::Full`]) or [`Solver::solve_partial`]
    /// ([`Cardinality::Maximum`]) on the equivalent dense matrix.
    ///
    /// Rows and columns are split into the connected components of the allowed-pair graph
    /// (union-find) and each component is solved densely on its own, so the work is driven by the
    /// cluster sizes, not by `rows x cols`. Extra errors: [`AssignError::IndexOutOfRange`],
    /// [`AssignError::DuplicateEntry`].
    pub fn solve_sparse(
        &mut self,
        rows: usize,
        cols: usize,
        entries: &[(usize, usize, f64)],
        sense: Sense,
        cardinality: Cardinality,
    ) -> Result<Assignment, AssignError> {
        self.sparse
            .solve(&mut self.dense, rows, cols, entries, sense, cardinality)
    }

    fn solve_matrix(
        &mut self,
        costs: &[f64],
        rows: usize,
        cols: usize,
        sense: Sense,
        cardinality: Cardinality,
    ) -> Result<Assignment, AssignError> {
        let matrix = CostMatrix {
            costs,
            rows,
            cols,
            range: validate(costs, rows, cols)?,
        };
        let mut assignment = Assignment {
            row_to_col: Vec::new(),
            cost: 0.0,
        };
        filled(&mut assignment.row_to_col, rows, None, (rows, cols))?;
        self.dense
            .run(matrix, sense, cardinality, &mut assignment.row_to_col)?;
        assignment.cost = assignment.pairs().map(|(i, j)| costs[i * cols + j]).sum();
        Ok(assignment)
    }
}

/// A validated row-major cost matrix: entries finite within [`MAX_COST`] or `+inf`.
#[derive(Debug, Clone, Copy)]
pub(crate) struct CostMatrix<'a> {
    pub(crate) costs: &'a [f64],
    pub(crate) rows: usize,
    pub(crate) cols: usize,
    /// (min, max) of the finite entries, `None` if there are none.
    pub(crate) range: Option<(f64, f64)>,
}

/// Checks the shape and every entry; returns the (min, max) of the finite costs, `None` if there
/// are none.
fn validate(costs: &[f64], rows: usize, cols: usize) -> Result<Option<(f64, f64)>, AssignError> {
    if rows.checked_mul(cols) != Some(costs.len()) {
        return Err(AssignError::DimensionMismatch {
            len: costs.len(),
            rows,
            cols,
        });
    }
    // Branch-light scan (this pass over the whole matrix is part of every timed solve): the
    // common entry is valid and only updates the running min and max.
    let (mut lo, mut hi) = (f64::INFINITY, f64::NEG_INFINITY);
    for (k, &c) in costs.iter().enumerate() {
        if c.abs() <= MAX_COST {
            lo = if c < lo { c } else { lo };
            hi = if c > hi { c } else { hi };
        } else if c != f64::INFINITY {
            check_cost(c, k / cols, k % cols)?;
        }
    }
    Ok((lo <= hi).then_some((lo, hi)))
}

/// Refills `buf` with `len` copies of `value`, keeping its allocation; fails with
/// [`AssignError::TooLarge`] (for a problem of `shape`) instead of aborting when the memory
/// cannot be had — `rows` of an empty dense matrix or of a sparse problem is otherwise unbounded.
pub(crate) fn filled<T: Clone>(
    buf: &mut Vec<T>,
    len: usize,
    value: T,
    shape: (usize, usize),
) -> Result<(), AssignError> {
    buf.clear();
    buf.try_reserve(len).map_err(|_| AssignError::TooLarge {
        rows: shape.0,
        cols: shape.1,
    })?;
    buf.resize(len, value);
    Ok(())
}

/// A finite cost must have magnitude at most [`MAX_COST`]; NaN and `-inf` fail this test too.
pub(crate) fn check_cost(c: f64, row: usize, col: usize) -> Result<(), AssignError> {
    if c.abs() <= MAX_COST {
        Ok(())
    } else {
        Err(AssignError::InvalidCost { row, col, value: c })
    }
}

/// The dense solver proper: scratch for the core plus a buffer for the transformed matrix.
#[derive(Debug, Default, Clone)]
pub(crate) struct Dense {
    sap: Sap,
    work: Vec<f64>,
}

impl Dense {
    /// Solves `matrix` and writes the column of each row to `out` (`out.len() == matrix.rows`).
    pub(crate) fn run(
        &mut self,
        matrix: CostMatrix<'_>,
        sense: Sense,
        cardinality: Cardinality,
        out: &mut [Option<usize>],
    ) -> Result<(), AssignError> {
        let CostMatrix {
            costs,
            rows,
            cols,
            range,
        } = matrix;
        out.fill(None);
        let Some((lo, hi)) = range else {
            // No allowed pair: only an empty side (zero pairs required) or Maximum is satisfiable.
            return if cardinality == Cardinality::Maximum || rows == 0 || cols == 0 {
                Ok(())
            } else {
                Err(AssignError::Infeasible)
            };
        };
        // The core needs rows <= cols: a tall matrix is solved as its transpose.
        let transpose = cols < rows;
        let (n_rows, n_real) = if transpose {
            (cols, rows)
        } else {
            (rows, cols)
        };
        let Self { sap, work } = self;
        let (matrix, n_cols): (&[f64], usize) = match (cardinality, sense) {
            (Cardinality::Full, Sense::Minimize) if !transpose => (costs, n_real),
            (Cardinality::Full, _) => {
                let sign = if sense == Sense::Maximize { -1.0 } else { 1.0 };
                fill_work(work, costs, rows, cols, transpose, |c| sign * c, None);
                (work, n_real)
            }
            (Cardinality::Maximum, _) => {
                let spread = hi - lo;
                let miss = if spread > 0.0 {
                    spread * (n_rows + 1) as f64
                } else {
                    1.0
                };
                let shift = |c: f64| match sense {
                    Sense::Minimize => c - lo,
                    Sense::Maximize => hi - c,
                };
                fill_work(work, costs, rows, cols, transpose, shift, Some(miss));
                (work, n_real + n_rows)
            }
        };
        let col4row = sap
            .solve(matrix, n_rows, n_cols)
            .map_err(|Infeasible| AssignError::Infeasible)?;
        for (r, &c) in col4row.iter().enumerate() {
            // Columns past `n_real` are the dummies of the partial variant: that line stays free.
            if c < n_real {
                let (i, j) = if transpose { (c, r) } else { (r, c) };
                out[i] = Some(j);
            }
        }
        Ok(())
    }
}

/// Writes the matrix the core solves into `work`: optionally transposed, finite entries mapped by
/// `map` (`+inf` kept), and, with `miss`, one dummy column per row costing `miss` for its own row
/// and forbidden for all others.
fn fill_work(
    work: &mut Vec<f64>,
    costs: &[f64],
    rows: usize,
    cols: usize,
    transpose: bool,
    map: impl Fn(f64) -> f64,
    miss: Option<f64>,
) {
    let map = |c: f64| if c == f64::INFINITY { c } else { map(c) };
    let n_rows = if transpose { cols } else { rows };
    work.clear();
    for r in 0..n_rows {
        if transpose {
            work.extend((0..rows).map(|i| map(costs[i * cols + r])));
        } else {
            work.extend(costs[r * cols..(r + 1) * cols].iter().map(|&c| map(c)));
        }
        if let Some(miss) = miss {
            work.extend((0..n_rows).map(|d| if d == r { miss } else { f64::INFINITY }));
        }
    }
}
