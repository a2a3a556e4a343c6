//! The crate's error type.

use thiserror::Error;

/// Why an assignment problem was rejected or has no solution.
#[derive(Debug, Clone, Copy, PartialEq, Error)]
pub enum AssignError {
    /// The dense cost slice does not hold `rows * cols` entries.
    #[error("cost matrix has {len} entries but {rows} x {cols} were declared")]
    DimensionMismatch {
        /// Length of the slice that was passed.
        len: usize,
        /// Declared number of rows.
        rows: usize,
        /// Declared number of columns.
        cols: usize,
    },
    /// A cost is NaN, negative infinity or larger in magnitude than [`crate::MAX_COST`].
    #[error(
        "cost at (row {row}, col {col}) is {value}: costs must be finite with magnitude <= 1e150, or +inf for a forbidden pair"
    )]
    InvalidCost {
        /// Row of the offending entry.
        row: usize,
        /// Column of the offending entry.
        col: usize,
        /// The offending value.
        value: f64,
    },
    /// A sparse entry names a row or column outside the declared shape.
    #[error("sparse entry (row {row}, col {col}) is outside the {rows} x {cols} matrix")]
    IndexOutOfRange {
        /// Row of the offending entry.
        row: usize,
        /// Column of the offending entry.
        col: usize,
        /// Declared number of rows.
        rows: usize,
        /// Declared number of columns.
        cols: usize,
    },
    /// A sparse input lists the same (row, col) pair twice.
    #[error("sparse entry (row {row}, col {col}) is listed more than once")]
    DuplicateEntry {
        /// Row of the repeated pair.
        row: usize,
        /// Column of the repeated pair.
        col: usize,
    },
    /// The problem's bookkeeping (one entry per row and column, or a dense block of a sparse
    /// problem's connected component) does not fit in memory.
    #[error("a {rows} x {cols} problem needs more memory than is available")]
    TooLarge {
        /// Rows of the problem (or of the offending component).
        rows: usize,
        /// Columns of the problem (or of the offending component).
        cols: usize,
    },
    /// No assignment covers every row (or, for a wide-side transpose, every column) without a
    /// forbidden pair. Same condition as SciPy's "cost matrix is infeasible".
    #[error("cost matrix is infeasible")]
    Infeasible,
}
