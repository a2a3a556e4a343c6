//! Shortest-augmenting-path core: D. F. Crouse, "On implementing 2D rectangular assignment
//! algorithms", IEEE TAES 52(4), 2016, Algorithm 1 — the algorithm behind SciPy's
//! `linear_sum_assignment` (`rectangular_lsap.cpp`), with the same column visiting order and the
//! same tie-breaking rule.
//!
//! Square matrices without forbidden entries first go through the Jonker–Volgenant
//! initialisation (R. Jonker, A. Volgenant, "A shortest augmenting path algorithm for dense and
//! sparse linear assignment problems", Computing 38, 1987: column reduction, reduction transfer,
//! augmenting row reduction). It leaves feasible duals and a partial matching in which every
//! assigned pair is tight, which is exactly the invariant the augmenting phase needs. On random
//! dense matrices it assigns all but a few percent of the rows cheaply; at n = 1000 (uniform
//! costs) the augmenting phase then does ~4x fewer inner iterations (17-19M -> 4-6M). It is
//! skipped for rectangular matrices, where column reduction would break the "unassigned columns
//! keep the largest dual" optimality condition, and with `+inf` entries, where its dual updates
//! would become infinite. On degenerate problems (ties) it can therefore pick a different optimum
//! than SciPy; the optimal cost is the same.
//!
//! The core only sees a validated row-major matrix with `rows <= cols` whose entries are finite or
//! `+inf`; transposition, maximisation and dummy columns are applied by the caller.

/// Marks "no row" / "no column" in the index arrays (cheaper than `Option<usize>` in the hot loop).
const NONE: usize = usize::MAX;

/// Reusable scratch space for the solver: every buffer is resized, never shrunk, so a warmed-up
/// `Sap` solves further problems of the same or smaller size without allocating.
///
/// Layout choice (for the 1000 x 1000 speed goal): the state of the columns not
/// yet scanned by the current search is kept compact in "remaining order" (`rem_*`, permuted by
/// swap-removal exactly like SciPy's `remaining` index list), so the inner loop reads three
/// contiguous arrays and gathers only the cost entry, instead of gathering four per-column arrays.
#[derive(Debug, Default, Clone)]
pub(crate) struct Sap {
    /// Row dual variables.
    u: Vec<f64>,
    /// Column dual variables.
    v: Vec<f64>,
    /// Shortest path length of each column, valid for columns scanned by the current search.
    shortest: Vec<f64>,
    /// Predecessor row of each column, valid for columns scanned by the current search.
    path: Vec<usize>,
    /// Row assigned to each column, or `NONE`.
    row4col: Vec<usize>,
    /// Column assigned to each row, or `NONE`.
    col4row: Vec<usize>,
    /// Rows visited by the current search, in visiting order (the first is the row being added).
    scanned_rows: Vec<usize>,
    /// Column ids of the current search: `rem_col[..n]` not yet scanned, the rest scanned.
    rem_col: Vec<usize>,
    /// Tentative shortest path length of `rem_col[k]`.
    rem_d: Vec<f64>,
    /// Copy of `v[rem_col[k]]` (constant during a search).
    rem_v: Vec<f64>,
    /// Tentative predecessor row of `rem_col[k]`.
    rem_path: Vec<usize>,
    /// Rows left for the augmenting phase.
    free: Vec<usize>,
    /// Column reduction: the row holding each column's minimum.
    col_min_row: Vec<usize>,
    /// Column reduction: how many columns have each row as their minimum.
    matches: Vec<usize>,
}

/// Budget of augmenting-row-reduction steps, in multiples of `n` (each step scans one row). The
/// reduction behaves like an auction with tiny bid increments and can run for very long on some
/// inputs (two full passes take 35k-80k steps on 1000 x 1000 uniform matrices, millions on
/// Euclidean-distance costs); rows still free when the budget runs out are left to the augmenting
/// phase, which is exact. The budget also bounds the reduction to O(n^2) work on any input.
/// 4 n minimised the instruction count of a whole solve (cachegrind, one 1000 x 1000 matrix of
/// each `benches/dense.rs` kind): uniform 200M / 168M / 153M / 145M / 154M / 199M / 310M for
/// budgets 0 / 1 / 2 / 4 / 8 / 16 / 32 n; Euclidean 394M / 389M / 390M / 397M / 418M / 477M / 575M.
const ARR_STEPS_PER_ROW: usize = 4;

/// The current row cannot reach a free column through allowed pairs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Infeasible;

impl Sap {
    /// Minimum-cost assignment of every row of the `rows x cols` row-major matrix `costs`
    /// (`rows <= cols`, entries finite or `+inf`). Returns the column of each row.
    pub(crate) fn solve(
        &mut self,
        costs: &[f64],
        rows: usize,
        cols: usize,
    ) -> Result<&[usize], Infeasible> {
        debug_assert!(rows <= cols && costs.len() == rows * cols);
        reset(&mut self.u, rows, 0.0);
        reset(&mut self.col4row, rows, NONE);
        reset(&mut self.v, cols, 0.0);
        reset(&mut self.shortest, cols, f64::INFINITY);
        reset(&mut self.path, cols, NONE);
        reset(&mut self.row4col, cols, NONE);
        reset(&mut self.rem_col, cols, 0);
        reset(&mut self.rem_d, cols, f64::INFINITY);
        reset(&mut self.rem_v, cols, 0.0);
        reset(&mut self.rem_path, cols, NONE);

        self.free.clear();
        if rows == cols && rows >= 2 && costs.iter().all(|c| c.is_finite()) {
            self.jv_init(costs, rows);
        } else {
            self.free.extend(0..rows);
        }
        // Taken out so the loop can borrow `self` mutably; put back to keep its allocation.
        let free = std::mem::take(&mut self.free);
        let result = free.iter().try_for_each(|&cur_row| {
            let (sink, min_val, n_unscanned) = self.augmenting_path(costs, cols, cur_row)?;
            self.update_duals(cur_row, min_val, n_unscanned);
            self.augment(cur_row, sink);
            Ok(())
        });
        self.free = free;
        result.map(|()| self.col4row.as_slice())
    }

    /// Jonker–Volgenant initialisation of a square all-finite `n x n` matrix (`n >= 2`): sets `v`,
    /// a partial matching whose rows all sit on a minimum of `c[i][.] - v[.]`, `u` tight on it, and
    /// `free` = the unassigned rows.
    fn jv_init(&mut self, costs: &[f64], n: usize) {
        self.column_reduction(costs, n);
        self.reduction_transfer(costs, n);
        self.augmenting_row_reduction(costs, n);
        for (i, (&j, u)) in self.col4row.iter().zip(&mut self.u).enumerate() {
            if j != NONE {
                *u = costs[i * n + j] - self.v[j];
            }
        }
    }

    /// `v[j]` = minimum of column `j`; each row that is the minimum of some columns takes the last
    /// of them (JV scan order). Computed row by row so the matrix is read contiguously.
    fn column_reduction(&mut self, costs: &[f64], n: usize) {
        self.v.fill(f64::INFINITY);
        reset(&mut self.col_min_row, n, 0);
        for (i, row) in costs.chunks_exact(n).enumerate() {
            for ((vj, arg), &c) in self.v.iter_mut().zip(&mut self.col_min_row).zip(row) {
                if c < *vj {
                    *vj = c;
                    *arg = i;
                }
            }
        }
        reset(&mut self.matches, n, 0);
        for j in (0..n).rev() {
            let i = self.col_min_row[j];
            if self.matches[i] == 0 {
                self.col4row[i] = j;
                self.row4col[j] = i;
            }
            self.matches[i] += 1;
        }
    }

    /// Rows holding a single column minimum lower that column's dual until their second-best
    /// column ties with it (more slack for the other rows); rows holding none are free.
    fn reduction_transfer(&mut self, costs: &[f64], n: usize) {
        for (i, row) in costs.chunks_exact(n).enumerate() {
            match self.matches[i] {
                0 => self.free.push(i),
                1 => {
                    let j1 = self.col4row[i];
                    // Lower v[j1] by mu = min over j != j1 of c[i][j] - v[j] (>= 0: v holds the
                    // column minima). j1 attains the row's minimum reduced cost 0, so mu is the
                    // second-smallest value even when another column ties at 0.
                    let (_, _, mu, _) = two_smallest(row, &self.v);
                    self.v[j1] -= mu;
                }
                _ => {}
            }
        }
    }

    /// Augmenting row reduction (two passes, bounded by [`ARR_STEPS_PER_ROW`]): each free row takes
    /// its cheapest column in `c[i][.] - v[.]`, lowering that column's dual until it only ties
    /// with the row's second choice, and the displaced row (if any) bids again.
    fn augmenting_row_reduction(&mut self, costs: &[f64], n: usize) {
        let mut budget = ARR_STEPS_PER_ROW * n;
        for _pass in 0..2 {
            let (mut k, end) = (0, self.free.len());
            let mut n_free = 0;
            while k < end {
                if budget == 0 {
                    // Out of budget: whatever is unassigned goes to the augmenting phase.
                    self.free.clear();
                    self.free
                        .extend((0..n).filter(|&i| self.col4row[i] == NONE));
                    return;
                }
                budget -= 1;
                let i = self.free[k];
                k += 1;
                let (umin, mut j1, usub, j2) = two_smallest(&costs[i * n..(i + 1) * n], &self.v);
                let mut i0 = self.row4col[j1];
                let strict = umin < usub;
                if strict {
                    // Make j1 exactly as attractive to row i as its second choice.
                    self.v[j1] -= usub - umin;
                } else if i0 != NONE {
                    // Tie: take the second choice rather than displace j1's row for nothing.
                    j1 = j2;
                    i0 = self.row4col[j2];
                }
                self.col4row[i] = j1;
                self.row4col[j1] = i;
                if i0 != NONE {
                    self.col4row[i0] = NONE;
                    if strict {
                        // The displaced row bids again at once (it is processed next).
                        k -= 1;
                        self.free[k] = i0;
                    } else {
                        // Kept for the next pass; `n_free < k`, so nothing unprocessed is lost.
                        self.free[n_free] = i0;
                        n_free += 1;
                    }
                }
            }
            self.free.truncate(n_free);
        }
    }

    /// Dijkstra-like search in reduced costs from `cur_row` to the nearest free column.
    /// Returns the sink column, its path length and how many columns were left unscanned.
    fn augmenting_path(
        &mut self,
        costs: &[f64],
        cols: usize,
        cur_row: usize,
    ) -> Result<(usize, f64, usize), Infeasible> {
        // SciPy scans columns from the last one down; keep that order for identical tie-breaking.
        for (k, j) in (0..cols).rev().enumerate() {
            self.rem_col[k] = j;
            self.rem_v[k] = self.v[j];
        }
        self.rem_d.fill(f64::INFINITY);
        self.scanned_rows.clear();

        let mut min_val = 0.0;
        let mut n_unscanned = cols;
        let mut i = cur_row;
        loop {
            self.scanned_rows.push(i);
            let row = &costs[i * cols..(i + 1) * cols];
            let ui = self.u[i];
            let mut lowest = f64::INFINITY;
            let mut index = NONE;
            // Plain indexed loop over equal-length slices: the compiler drops the bounds checks
            // on the `rem_*` arrays (only the cost gather `row[j]` keeps one).
            let rem_col = &self.rem_col[..n_unscanned];
            let rem_v = &self.rem_v[..n_unscanned];
            let rem_d = &mut self.rem_d[..n_unscanned];
            let rem_path = &mut self.rem_path[..n_unscanned];
            for it in 0..n_unscanned {
                let j = rem_col[it];
                let r = min_val + row[j] - ui - rem_v[it];
                let mut d = rem_d[it];
                if r < d {
                    rem_path[it] = i;
                    rem_d[it] = r;
                    d = r;
                }
                // On ties prefer a free column: it ends the search now, which matters for integer
                // costs with many equal reduced costs (same rule as SciPy). Written so the common
                // case (d > lowest) costs a single predictable branch.
                if d <= lowest && (d < lowest || self.row4col[j] == NONE) {
                    lowest = d;
                    index = it;
                }
            }
            // `lowest` stays +inf when every unscanned column is forbidden from the visited rows:
            // no augmenting path exists, so no assignment covers all rows.
            if lowest == f64::INFINITY || index == NONE {
                return Err(Infeasible);
            }
            min_val = lowest;
            let j = self.rem_col[index];
            self.shortest[j] = lowest;
            self.path[j] = self.rem_path[index];
            n_unscanned -= 1;
            self.rem_col.swap(index, n_unscanned);
            self.rem_v.swap(index, n_unscanned);
            self.rem_d.swap(index, n_unscanned);
            self.rem_path.swap(index, n_unscanned);
            match self.row4col[j] {
                NONE => return Ok((j, min_val, n_unscanned)),
                assigned => i = assigned,
            }
        }
    }

    /// Dual update after a search that reached its sink at distance `min_val`: keeps every reduced
    /// cost non-negative and every assigned pair (including the new path) at reduced cost zero.
    fn update_duals(&mut self, cur_row: usize, min_val: f64, n_unscanned: usize) {
        self.u[cur_row] += min_val;
        for &i in &self.scanned_rows[1..] {
            self.u[i] += min_val - self.shortest[self.col4row[i]];
        }
        for &j in &self.rem_col[n_unscanned..] {
            self.v[j] -= min_val - self.shortest[j];
        }
    }

    /// Flip the alternating path ending in `sink` so `cur_row` becomes assigned.
    fn augment(&mut self, cur_row: usize, sink: usize) {
        let mut j = sink;
        loop {
            let i = self.path[j];
            self.row4col[j] = i;
            std::mem::swap(&mut self.col4row[i], &mut j);
            if i == cur_row {
                break;
            }
        }
    }
}

/// Smallest and second-smallest of `row[j] - v[j]` with their columns (first occurrence wins,
/// as in JV's scan).
fn two_smallest(row: &[f64], v: &[f64]) -> (f64, usize, f64, usize) {
    let (mut umin, mut usub) = (f64::INFINITY, f64::INFINITY);
    let (mut j1, mut j2) = (0, 0);
    for (j, (&c, &vj)) in row.iter().zip(v).enumerate() {
        let h = c - vj;
        if h < usub {
            if h >= umin {
                usub = h;
                j2 = j;
            } else {
                usub = umin;
                j2 = j1;
                umin = h;
                j1 = j;
            }
        }
    }
    (umin, j1, usub, j2)
}

/// Clears `buf` and refills it with `len` copies of `value`, keeping its allocation.
fn reset<T: Copy>(buf: &mut Vec<T>, len: usize, value: T) {
    buf.clear();
    buf.resize(len, value);
}
