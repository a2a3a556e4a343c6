//! Joint probabilistic data association: the marginal probabilities that each track in a
//! cluster took each of its gated detections, or none (Bar-Shalom, Willett & Tian,
//! *Tracking and Data Fusion*, 2011, §6.2).
//!
//! A joint event assigns every track of a cluster either a missed detection or one of its
//! gated detections, no detection to two tracks. In likelihood-ratio form (each weight
//! divided by the track's missed-detection weight and the detection's clutter density)
//! an event's weight is the product of `w_ij` over its assigned pairs, and
//! `β_ij = Σ_{events with (i, j)} weight / Σ_events weight`.
//!
//! Exact enumeration visits every event; its cost grows exponentially with cluster size, so
//! it runs only while the event count bound `Π_i (1 + gated_i)` stays within a cap. Larger
//! clusters use loopy belief propagation (Williams & Lau, "Approximate evaluation of
//! marginal association probabilities with belief propagation", IEEE TAES 50(4), 2014),
//! whose cost is linear in the number of gated pairs per iteration and whose marginals are
//! close to exact in tracking problems.

/// One gated (track, detection) pair of a cluster, with local indices.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Edge {
    /// Track index within the cluster.
    pub(crate) row: usize,
    /// Detection index within the cluster.
    pub(crate) col: usize,
    /// Likelihood ratio `w_ij` of the pair against "track missed, detection is clutter"
    /// (finite, `>= 0`, at most [`MAX_WEIGHT`] so that products over the rows an exact
    /// enumeration may have cannot overflow).
    pub(crate) weight: f64,
}

/// Largest pair weight: e⁴⁰ ≈ 2·10¹⁷ already means "certainly this detection rather than a
/// miss", and a product of up to 17 such factors stays finite (an exact enumeration within
/// a cap of 10⁵ events has at most 16 rows with gated detections).
pub(crate) const MAX_WEIGHT: f64 = 2.353_852_668_370_2e17;

/// Belief propagation stops when no message changes by more than this (relative).
const BP_TOLERANCE: f64 = 1e-10;
/// Belief propagation iteration cap; tracking graphs converge in tens of iterations.
const BP_MAX_ITERATIONS: usize = 500;

/// Scratch buffers, kept between calls so association allocates nothing in steady state.
#[derive(Debug, Default, Clone)]
pub(crate) struct Jpda {
    /// Start of each row's edges in the (row-sorted) edge list, plus the end.
    row_start: Vec<usize>,
    /// Exact enumeration: whether each column is taken in the current partial event.
    taken: Vec<bool>,
    /// Exact enumeration: each row's current choice (edge index, or `usize::MAX` = missed).
    choice: Vec<usize>,
    /// Belief propagation: track → detection messages per edge.
    mu: Vec<f64>,
    /// Belief propagation: detection → track messages per edge.
    nu: Vec<f64>,
    /// Belief propagation: per-column sums of `mu`.
    col_sum: Vec<f64>,
}

impl Jpda {
    /// Marginal association probabilities of a cluster of `rows` tracks and `cols`
    /// detections. `edges` must be sorted by row. Writes `β_ij` per edge into `beta`
    /// (same order as `edges`) and the missed-detection probability `β_i0` per row into
    /// `missed`. Exact when `Π_i (1 + edges of i) <= max_events`, belief propagation
    /// otherwise. Returns whether the result is exact.
    pub(crate) fn marginals(
        &mut self,
        rows: usize,
        cols: usize,
        edges: &[Edge],
        max_events: usize,
        beta: &mut [f64],
        missed: &mut [f64],
    ) -> bool {
        debug_assert!(edges.windows(2).all(|w| w[0].row <= w[1].row));
        self.row_start.clear();
        self.row_start.resize(rows + 1, edges.len());
        for (e, edge) in edges.iter().enumerate().rev() {
            self.row_start[edge.row] = e;
        }
        for r in (0..rows).rev() {
            self.row_start[r] = self.row_start[r].min(self.row_start[r + 1]);
        }
        let mut bound: usize = 1;
        for r in 0..rows {
            let options = self.row_start[r + 1] - self.row_start[r] + 1;
            bound = bound.saturating_mul(options);
        }
        if bound <= max_events {
            self.exact(rows, cols, edges, beta, missed);
            true
        } else {
            self.belief_propagation(rows, cols, edges, beta, missed);
            false
        }
    }

    /// Enumerates every feasible joint event depth-first.
    fn exact(
        &mut self,
        rows: usize,
        cols: usize,
        edges: &[Edge],
        beta: &mut [f64],
        missed: &mut [f64],
    ) {
        self.taken.clear();
        self.taken.resize(cols, false);
        self.choice.clear();
        self.choice.resize(rows, usize::MAX);
        beta.iter_mut().for_each(|b| *b = 0.0);
        missed.iter_mut().for_each(|m| *m = 0.0);
        let total = self.visit(0, 1.0, edges, beta, missed);
        if total > 0.0 && total.is_finite() {
            beta.iter_mut().for_each(|b| *b /= total);
            missed.iter_mut().for_each(|m| *m /= total);
        } else {
            // Every event underflowed to zero weight: nothing to prefer, call all missed.
            beta.iter_mut().for_each(|b| *b = 0.0);
            missed.iter_mut().for_each(|m| *m = 1.0);
        }
    }

    /// Sums the weights of all completions of the partial event fixed for rows `< row`
    /// (whose weight is `weight`), adding each full event's weight to its choices.
    fn visit(
        &mut self,
        row: usize,
        weight: f64,
        edges: &[Edge],
        beta: &mut [f64],
        missed: &mut [f64],
    ) -> f64 {
        if row == self.choice.len() {
            for (r, &c) in self.choice.iter().enumerate() {
                if c == usize::MAX {
                    missed[r] += weight;
                } else {
                    beta[c] += weight;
                }
            }
            return weight;
        }
        self.choice[row] = usize::MAX;
        let mut total = self.visit(row + 1, weight, edges, beta, missed);
        for e in self.row_start[row]..self.row_start[row + 1] {
            let col = edges[e].col;
            if !self.taken[col] {
                self.taken[col] = true;
                self.choice[row] = e;
                total += self.visit(row + 1, weight * edges[e].weight, edges, beta, missed);
                self.taken[col] = false;
            }
        }
        self.choice[row] = usize::MAX;
        total
    }

    /// Loopy belief propagation on the bipartite association graph (Williams & Lau 2014,
    /// eqs. 29–30, with the missed-detection and clutter weights normalised to one).
    fn belief_propagation(
        &mut self,
        rows: usize,
        cols: usize,
        edges: &[Edge],
        beta: &mut [f64],
        missed: &mut [f64],
    ) {
        self.nu.clear();
        self.nu.resize(edges.len(), 1.0);
        self.mu.clear();
        self.mu.resize(edges.len(), 0.0);
        for _ in 0..BP_MAX_ITERATIONS {
            // Track → detection: μ_ij = w_ij / (1 + Σ_{j' ≠ j} w_ij' ν_j'i).
            for r in 0..rows {
                let range = self.row_start[r]..self.row_start[r + 1];
                let sum: f64 = range.clone().map(|e| edges[e].weight * self.nu[e]).sum();
                for e in range {
                    let others = (sum - edges[e].weight * self.nu[e]).max(0.0);
                    self.mu[e] = edges[e].weight / (1.0 + others);
                }
            }
            // Detection → track: ν_ji = 1 / (1 + Σ_{i' ≠ i} μ_i'j).
            self.col_sum.clear();
            self.col_sum.resize(cols, 0.0);
            for (e, edge) in edges.iter().enumerate() {
                self.col_sum[edge.col] += self.mu[e];
            }
            let mut change: f64 = 0.0;
            for (e, edge) in edges.iter().enumerate() {
                let others = (self.col_sum[edge.col] - self.mu[e]).max(0.0);
                let nu = 1.0 / (1.0 + others);
                change = change.max((nu - self.nu[e]).abs() / nu.max(f64::MIN_POSITIVE));
                self.nu[e] = nu;
            }
            if change < BP_TOLERANCE {
                break;
            }
        }
        for (r, missed) in missed.iter_mut().enumerate().take(rows) {
            let range = self.row_start[r]..self.row_start[r + 1];
            let norm = 1.0
                + range
                    .clone()
                    .map(|e| edges[e].weight * self.nu[e])
                    .sum::<f64>();
            for e in range {
                beta[e] = edges[e].weight * self.nu[e] / norm;
            }
            *missed = 1.0 / norm;
        }
    }
}
