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
    minv: Vec<f64>,
    used: Vec<bool>,
}

impl Lap {
    /// Minimum-cost assignment of every row of the `n x m` row-major `cost` matrix
    /// (`n <= m`) to a distinct column. Returns the column of each row.
    pub(super) fn solve(&mut self, n: usize, m: usize, cost: &[f64]) -> Vec<usize> {
        debug_assert!(n <= m && cost.len() == n * m);
        // 1-based arrays with column 0 as the virtual root of each augmenting search.
        self.u.clear();
        self.u.resize(n + 1, 0.0);
        self.v.clear();
        self.v.resize(m + 1, 0.0);
        self.row_of.clear();
        self.row_of.resize(m + 1, 0);
        self.way.clear();
        self.way.resize(m + 1, 0);
        for i in 1..=n {
            self.row_of[0] = i;
            let mut j0 = 0;
            self.minv.clear();
            self.minv.resize(m + 1, f64::INFINITY);
            self.used.clear();
            self.used.resize(m + 1, false);
            loop {
                self.used[j0] = true;
                let i0 = self.row_of[j0];
                let row = &cost[(i0 - 1) * m..i0 * m];
                let ui = self.u[i0];
                let mut delta = f64::INFINITY;
                let mut j1 = 0;
                for j in 1..=m {
                    if !self.used[j] {
                        let cur = row[j - 1] - ui - self.v[j];
                        if cur < self.minv[j] {
                            self.minv[j] = cur;
                            self.way[j] = j0;
                        }
                        if self.minv[j] < delta {
                            delta = self.minv[j];
                            j1 = j;
                        }
                    }
                }
                for j in 0..=m {
                    if self.used[j] {
                        self.u[self.row_of[j]] += delta;
                        self.v[j] -= delta;
                    } else {
                        self.minv[j] -= delta;
                    }
                }
                j0 = j1;
                if self.row_of[j0] == 0 {
                    break;
                }
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
