//! Sparse rectangular linear assignment: shortest augmenting paths with potentials (the
//! Hungarian method in Jonker-Volgenant form) over the listed pairs only.
//!
//! Used by the assignment construction and by the assignment neighbourhood of the search; both
//! maximise a sum of weights, so they pass negated weights as costs. Pairs that are not listed are
//! forbidden. A row that cannot be matched without unmatching another stays unmatched; on the
//! graphs the search builds a perfect row matching always exists (every row lists its current
//! column).

/// Candidate pairs in compressed-row form, built row by row.
#[derive(Debug, Clone, Default)]
pub(super) struct Pairs {
    starts: Vec<usize>,
    cols: Vec<usize>,
    costs: Vec<f64>,
}

impl Pairs {
    /// Forgets all rows.
    pub(super) fn clear(&mut self) {
        self.starts.clear();
        self.cols.clear();
        self.costs.clear();
    }

    /// Adds pair `(current row, col)` with `cost`.
    pub(super) fn push(&mut self, col: usize, cost: f64) {
        if self.starts.is_empty() {
            self.starts.push(0);
        }
        self.cols.push(col);
        self.costs.push(cost);
    }

    /// Closes the current row (possibly empty) and starts the next.
    pub(super) fn end_row(&mut self) {
        if self.starts.is_empty() {
            self.starts.push(0);
        }
        self.starts.push(self.cols.len());
    }

    fn rows(&self) -> usize {
        self.starts.len().saturating_sub(1)
    }

    fn row(&self, r: usize) -> (&[usize], &[f64]) {
        let (a, b) = (self.starts[r], self.starts[r + 1]);
        (&self.cols[a..b], &self.costs[a..b])
    }
}

const UNSEEN: u8 = 0;
const SEEN: u8 = 1;
const REACHED: u8 = 2;

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
    status: Vec<u8>,
    reached: Vec<usize>,
    seen: Vec<usize>,
}

impl Lap {
    /// Minimum-cost assignment of the rows of `pairs` to distinct columns `0..m`. Returns the
    /// column of each row (`None` if it stays unmatched).
    ///
    /// One Dijkstra-like search per row over reduced costs, visiting only listed pairs and the
    /// columns they reach. Instead of lowering the distance of every unreached column and raising
    /// the potentials of every reached one after each step, the total of the steps so far
    /// (`shift`) is kept aside: stored distances carry it, and reached columns settle their
    /// potentials once per row.
    pub(super) fn solve(&mut self, m: usize, pairs: &Pairs) -> Vec<Option<usize>> {
        let n = pairs.rows();
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
        self.status.clear();
        self.status.resize(m + 1, UNSEEN);
        // Row reduction (u_i = cheapest listed cost, so every reduced cost is >= 0) and a greedy
        // matching on the tight pairs; only rows left over need a shortest-path search. On the
        // near-identity problems of the search most rows are settled here.
        for i in 1..=n {
            let (cols, costs) = pairs.row(i - 1);
            let cheapest = cols
                .iter()
                .zip(costs)
                .min_by(|a, b| a.1.total_cmp(b.1).then(a.0.cmp(b.0)));
            if let Some((&c, &cost)) = cheapest {
                self.u[i] = cost;
                if self.row_of[c + 1] == 0 {
                    self.row_of[c + 1] = i;
                }
            }
        }
        let mut matched = vec![false; n + 1];
        for j in 1..=m {
            matched[self.row_of[j]] = true;
        }
        for i in (1..=n).filter(|&i| !matched[i]) {
            self.augment(i, pairs);
            for &j in self.reached.iter().chain(&self.seen) {
                self.status[j] = UNSEEN;
            }
        }
        let mut col_of = vec![None; n];
        for j in 1..=m {
            if self.row_of[j] > 0 {
                col_of[self.row_of[j] - 1] = Some(j - 1);
            }
        }
        col_of
    }

    /// Matches row `i` (1-based) by a shortest augmenting path; leaves everything unchanged if
    /// no path exists.
    fn augment(&mut self, i: usize, pairs: &Pairs) {
        self.row_of[0] = i;
        self.reached.clear();
        self.reached.push(0);
        self.reached_at[0] = 0.0;
        self.status[0] = REACHED;
        self.seen.clear();
        let mut j0 = 0;
        let mut shift = 0.0;
        loop {
            let i0 = self.row_of[j0];
            let ui = self.u[i0] + (shift - self.reached_at[j0]);
            let (cols, costs) = pairs.row(i0 - 1);
            for (&c, &cost) in cols.iter().zip(costs) {
                let j = c + 1;
                match self.status[j] {
                    REACHED => continue,
                    UNSEEN => {
                        self.status[j] = SEEN;
                        self.seen.push(j);
                        self.minv[j] = f64::INFINITY;
                    }
                    _ => {}
                }
                let cur = cost - ui - self.v[j] + shift;
                if cur < self.minv[j] {
                    self.minv[j] = cur;
                    self.way[j] = j0;
                }
            }
            let mut delta = f64::INFINITY;
            let mut pos = usize::MAX;
            for (k, &j) in self.seen.iter().enumerate() {
                let d = self.minv[j] - shift;
                if d < delta {
                    delta = d;
                    pos = k;
                }
            }
            if pos == usize::MAX {
                return;
            }
            shift += delta;
            let j1 = self.seen.swap_remove(pos);
            self.status[j1] = REACHED;
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
}
