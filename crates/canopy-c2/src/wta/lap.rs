//! Dense rectangular linear assignment (shortest augmenting paths with potentials, the
//! Hungarian method in Jonker-Volgenant form), O(n^2 m) for `n <= m`.
//!
//! Used by the assignment construction and by the assignment neighbourhood of the search; both
//! maximise a sum of weights, so the solver minimises negated weights.

/// Reusable buffers of the assignment solver.
#[derive(Debug, Clone, Default)]
pub(super) struct Lap {
    u: Vec<f64>,
    v: Vec<f64>,
    row_of: Vec<usize>,
    way: Vec<usize>,
    /// Tentative distances plus the running shift (see [`Lap::solve`]).
    minv: Vec<f64>,
    /// Shift at the moment each reached column was reached.
    reached_at: Vec<f64>,
    reached: Vec<usize>,
    free: Vec<usize>,
}

impl Lap {
    /// Minimum-cost assignment of every row of the `n x m` row-major `cost` matrix
    /// (`n <= m`) to a distinct column. Returns the column of each row.
    ///
    /// One Dijkstra-like search per row over reduced costs. Instead of lowering the distance of
    /// every unreached column and raising the potentials of every reached one after each step
    /// (two passes over all columns), the total of the steps so far (`shift`) is kept aside:
    /// stored distances carry it, and reached columns settle their potentials once per row.
    pub(super) fn solve(&mut self, n: usize, m: usize, cost: &[f64]) -> Vec<usize> {
        debug_assert!(n <= m && cost.len() == n * m);
        // 1-based columns with column 0 as the virtual root of each search.
        self.u.clear();
        self.u.resize(n + 1, 0.0);
        self.v.clear();
        self.v.resize(m + 1, 0.0);
        self.row_of.clear();
        self.row_of.resize(m + 1, 0);
        self.way.clear();
        self.way.resize(m + 1, 0);
        self.minv.resize(m + 1, 0.0);
        self.reached_at.resize(m + 1, 0.0);
        for i in 1..=n {
            self.row_of[0] = i;
            let mut j0 = 0;
            let mut shift = 0.0;
            self.reached.clear();
            self.reached.push(0);
            self.reached_at[0] = 0.0;
            self.free.clear();
            self.free.extend(1..=m);
            for j in 1..=m {
                self.minv[j] = f64::INFINITY;
            }
            loop {
                let i0 = self.row_of[j0];
                let ui = self.u[i0] + (shift - self.reached_at[j0]);
                let row = &cost[(i0 - 1) * m..i0 * m];
                let mut delta = f64::INFINITY;
                let mut pos = 0;
                for (k, &j) in self.free.iter().enumerate() {
                    let cur = row[j - 1] - ui - self.v[j] + shift;
                    if cur < self.minv[j] {
                        self.minv[j] = cur;
                        self.way[j] = j0;
                    }
                    let d = self.minv[j] - shift;
                    if d < delta {
                        delta = d;
                        pos = k;
                    }
                }
                shift += delta;
                let j1 = self.free.swap_remove(pos);
                self.reached.push(j1);
                self.reached_at[j1] = shift;
                j0 = j1;
                if self.row_of[j0] == 0 {
                    break;
                }
            }
            for &j in &self.reached {
                let d = shift - self.reached_at[j];
                self.u[self.row_of[j]] += d;
                self.v[j] -= d;
            }
            loop {
                let j1 = self.way[j0];
                self.row_of[j0] = self.row_of[j1];
                j0 = j1;
                if j0 == 0 {
                    break;
                }
            }
        }
        let mut col_of = vec![0; n];
        for j in 1..=m {
            if self.row_of[j] > 0 {
                col_of[self.row_of[j] - 1] = j - 1;
            }
        }
        col_of
    }
}
