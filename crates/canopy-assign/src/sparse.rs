//! Sparse (gated) input: split the allowed-pair graph into connected components with union-find
//! and solve each component densely.
//!
//! Why this is exact: an assignment never pairs lines of different components, so the optimum
//! (or maximum-cardinality optimum) of the whole problem is the union of the components' optima.
//! For [`Cardinality::Full`] the whole problem needs `min(rows, cols)` pairs; each component is
//! solved in full mode (every line of its own smaller side) and the total count is checked, which
//! is feasible exactly when the dense problem is.

use crate::error::AssignError;
use crate::solver::{CostMatrix, Dense, check_cost, filled};
use crate::{Assignment, Cardinality, Sense};

/// Marks "no component" for a line with no allowed pair.
const NONE: usize = usize::MAX;

/// Scratch for [`crate::Solver::solve_sparse`]; all buffers are reused between calls.
///
/// Lines are graph nodes: row `i` is node `i`, column `j` is node `rows + j`.
#[derive(Debug, Default, Clone)]
pub(crate) struct SparseScratch {
    /// Sorted (row, col) keys, to detect duplicate pairs.
    keys: Vec<(usize, usize)>,
    /// Union-find parent of each node.
    parent: Vec<usize>,
    /// Component id of each root node (`NONE` until a component claims it).
    root_id: Vec<usize>,
    /// Component id of each node, `NONE` for a line without allowed pairs.
    comp: Vec<usize>,
    /// Index of each node among its component's rows (or columns).
    local: Vec<usize>,
    /// (rows, cols) of each component.
    shape: Vec<(usize, usize)>,
    /// Component `c`'s rows are `row_list[row_start[c]..row_start[c + 1]]` (global indices).
    row_start: Vec<usize>,
    row_list: Vec<usize>,
    /// Same for columns.
    col_start: Vec<usize>,
    col_list: Vec<usize>,
    /// Component `c`'s allowed entries are `entry_order[entry_start[c]..entry_start[c + 1]]`.
    entry_start: Vec<usize>,
    entry_order: Vec<usize>,
    /// Dense cost matrix of the component being solved.
    matrix: Vec<f64>,
    /// Its solution.
    out: Vec<Option<usize>>,
}

impl SparseScratch {
    pub(crate) fn solve(
        &mut self,
        dense: &mut Dense,
        rows: usize,
        cols: usize,
        entries: &[(usize, usize, f64)],
        sense: Sense,
        cardinality: Cardinality,
    ) -> Result<Assignment, AssignError> {
        self.validate(rows, cols, entries)?;
        let too_large = AssignError::TooLarge { rows, cols };
        let n = rows.checked_add(cols).ok_or(too_large)?;
        let mut assignment = Assignment {
            row_to_col: Vec::new(),
            cost: 0.0,
        };
        filled(&mut assignment.row_to_col, rows, None, (rows, cols))?;
        for buf in [
            &mut self.parent,
            &mut self.root_id,
            &mut self.comp,
            &mut self.local,
        ] {
            filled(buf, n, NONE, (rows, cols))?;
        }
        let n_comps = self.components(rows, cols, entries);
        self.group(rows, cols, entries, n_comps);

        let mut pairs = 0;
        for id in 0..n_comps {
            let (r, c) = self.shape[id];
            // Components are solved densely: r x c memory for a component of r rows and c columns.
            let size = r
                .checked_mul(c)
                .ok_or(AssignError::TooLarge { rows: r, cols: c })?;
            filled(&mut self.matrix, size, f64::INFINITY, (r, c))?;
            let mut range: Option<(f64, f64)> = None;
            for &k in &self.entry_order[self.entry_start[id]..self.entry_start[id + 1]] {
                let (i, j, x) = entries[k];
                self.matrix[self.local[i] * c + self.local[rows + j]] = x;
                range = Some(range.map_or((x, x), |(lo, hi)| (lo.min(x), hi.max(x))));
            }
            self.out.clear();
            self.out.resize(r, None);
            let matrix = CostMatrix {
                costs: &self.matrix,
                rows: r,
                cols: c,
                range,
            };
            dense.run(matrix, sense, cardinality, &mut self.out)?;
            let comp_rows = &self.row_list[self.row_start[id]..self.row_start[id + 1]];
            let comp_cols = &self.col_list[self.col_start[id]..self.col_start[id + 1]];
            for (lr, lc) in self.out.iter().enumerate() {
                if let Some(lc) = *lc {
                    assignment.row_to_col[comp_rows[lr]] = Some(comp_cols[lc]);
                    assignment.cost += self.matrix[lr * c + lc];
                    pairs += 1;
                }
            }
        }
        if cardinality == Cardinality::Full && pairs != rows.min(cols) {
            return Err(AssignError::Infeasible);
        }
        Ok(assignment)
    }

    /// Index range, cost validity and uniqueness of every entry.
    fn validate(
        &mut self,
        rows: usize,
        cols: usize,
        entries: &[(usize, usize, f64)],
    ) -> Result<(), AssignError> {
        self.keys.clear();
        for &(row, col, x) in entries {
            if row >= rows || col >= cols {
                return Err(AssignError::IndexOutOfRange {
                    row,
                    col,
                    rows,
                    cols,
                });
            }
            if x != f64::INFINITY {
                check_cost(x, row, col)?;
            }
            self.keys.push((row, col));
        }
        self.keys.sort_unstable();
        match self.keys.windows(2).find(|w| w[0] == w[1]) {
            Some(w) => Err(AssignError::DuplicateEntry {
                row: w[0].0,
                col: w[0].1,
            }),
            None => Ok(()),
        }
    }

    /// Union-find over the allowed pairs; fills `comp` and returns the number of components that
    /// contain at least one allowed pair.
    fn components(&mut self, rows: usize, cols: usize, entries: &[(usize, usize, f64)]) -> usize {
        let n = rows + cols;
        // Every node starts as its own root (buffers were sized by `solve`).
        for (node, p) in self.parent.iter_mut().enumerate() {
            *p = node;
        }
        for &(i, j, x) in entries {
            if x != f64::INFINITY {
                let (a, b) = (find(&mut self.parent, i), find(&mut self.parent, rows + j));
                // Link the larger root under the smaller one: deterministic, and path halving in
                // `find` keeps the trees shallow.
                if a != b {
                    self.parent[a.max(b)] = a.min(b);
                }
            }
        }
        self.root_id.fill(NONE);
        let mut n_comps = 0;
        for &(i, _, x) in entries {
            if x != f64::INFINITY {
                let root = find(&mut self.parent, i);
                if self.root_id[root] == NONE {
                    self.root_id[root] = n_comps;
                    n_comps += 1;
                }
            }
        }
        for node in 0..n {
            let root = find(&mut self.parent, node);
            self.comp[node] = self.root_id[root];
        }
        n_comps
    }

    /// Local indices, per-component line lists and per-component entry lists (counting sorts).
    fn group(&mut self, rows: usize, cols: usize, entries: &[(usize, usize, f64)], n_comps: usize) {
        self.shape.clear();
        self.shape.resize(n_comps, (0, 0));
        for node in 0..rows + cols {
            let id = self.comp[node];
            if id != NONE {
                let side = if node < rows {
                    &mut self.shape[id].0
                } else {
                    &mut self.shape[id].1
                };
                self.local[node] = *side;
                *side += 1;
            }
        }
        bucket(
            &mut self.row_start,
            &mut self.row_list,
            n_comps,
            (0..rows).filter_map(|i| (self.comp[i] != NONE).then_some((self.comp[i], i))),
        );
        bucket(
            &mut self.col_start,
            &mut self.col_list,
            n_comps,
            (0..cols)
                .filter_map(|j| (self.comp[rows + j] != NONE).then_some((self.comp[rows + j], j))),
        );
        bucket(
            &mut self.entry_start,
            &mut self.entry_order,
            n_comps,
            entries
                .iter()
                .enumerate()
                .filter(|(_, e)| e.2 != f64::INFINITY)
                .map(|(k, e)| (self.comp[e.0], k)),
        );
    }
}

/// Root of `x`, halving the path on the way.
fn find(parent: &mut [usize], mut x: usize) -> usize {
    while parent[x] != x {
        parent[x] = parent[parent[x]];
        x = parent[x];
    }
    x
}

/// Stable counting sort of `(bucket, item)` pairs: bucket `b`'s items end up in
/// `list[start[b]..start[b + 1]]` in input order.
fn bucket(
    start: &mut Vec<usize>,
    list: &mut Vec<usize>,
    n_buckets: usize,
    items: impl Iterator<Item = (usize, usize)> + Clone,
) {
    start.clear();
    start.resize(n_buckets + 1, 0);
    for (b, _) in items.clone() {
        start[b + 1] += 1;
    }
    for b in 0..n_buckets {
        start[b + 1] += start[b];
    }
    list.clear();
    list.resize(start[n_buckets], 0);
    // `start[b]` is used as the fill cursor of bucket `b`, then restored by the shift below.
    for (b, item) in items {
        list[start[b]] = item;
        start[b] += 1;
    }
    for b in (1..=n_buckets).rev() {
        start[b] = start[b - 1];
    }
    start[0] = 0;
}
