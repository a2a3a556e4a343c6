//! Exact depth-first branch-and-bound for small instances.
//!
//! Weapons are branched on one at a time, the most valuable first (largest `max_j v_j p_ij`);
//! children are the weapon's allowed targets with room, best marginal return first, plus "not
//! fired" when capacities can bind (otherwise firing never hurts and idling is dominated). A node
//! is pruned when a valid lower bound on every completion is not below the incumbent. The bound is
//! the largest of three relaxations at the node's survival products `S_j` (`a_j = v_j S_j`):
//!
//! - each remaining weapon takes its best current marginal return `max_j a_j p_ij`; returns only
//!   shrink as shots are added (diminishing returns), so the sum over remaining weapons is an
//!   upper bound on what they can still remove from `F`;
//! - each remaining weapon fires at every target it may: `sum_j a_j prod_i (1 - p_ij)`, a lower
//!   bound because one weapon fires at one target at most;
//! - the Lagrangian dual of the continuous relaxation in log form (`F = sum_j a_j e^{-s_j}`,
//!   `s_j = sum_i c_ij x_ij`, `c_ij = -ln(1 - p_ij)`): for any prices `mu_j >= 0`,
//!   `sum_j min_s (a_j e^-s + mu_j s) - sum_i max_j mu_j c_ij` is a lower bound; the prices are
//!   the incumbent's surviving values, the derivative of `v_j e^{-s}` at its solution.
//!
//! Exhausting the tree proves optimality (up to a relative tolerance of 1e-12); a node budget
//! keeps the call bounded, and running out of it is reported, never hidden.

use super::search::to_internal;
use super::{WtaError, WtaProblem, WtaSolution};

/// Result of [`branch_and_bound`].
#[derive(Debug, Clone, PartialEq)]
pub struct ExactOutcome {
    /// Best solution found (the incumbent if nothing better exists).
    pub solution: WtaSolution,
    /// True if the whole tree was searched, so `solution` is optimal.
    pub proven_optimal: bool,
    /// Nodes visited.
    pub nodes: u64,
}

/// Exact search with at most `node_limit` nodes, optionally seeded with a feasible incumbent
/// (a good one prunes most of the tree). Errors if the incumbent is not feasible.
pub fn branch_and_bound(
    problem: &WtaProblem,
    incumbent: Option<&[Option<usize>]>,
    node_limit: u64,
) -> Result<ExactOutcome, WtaError> {
    if let Some(a) = incumbent {
        problem.check(a)?;
    }
    let internal = incumbent.map(|a| to_internal(problem, a));
    Ok(bnb_internal(problem, internal.as_deref(), node_limit))
}

/// Search state of the branch-and-bound.
struct Bnb<'p> {
    pb: &'p WtaProblem,
    order: Vec<usize>,
    surv: Vec<f64>,
    shots: Vec<usize>,
    unit_fired: Vec<usize>,
    assign: Vec<usize>,
    best: Vec<usize>,
    best_f: f64,
    nodes: u64,
    limit: u64,
    aborted: bool,
    allow_idle: bool,
    tol: f64,
    scratch: Vec<f64>,
    /// `c_ij = -ln(1 - p_ij)` (row-major `W x T`, capped, see [`C_MAX`]).
    c: Vec<f64>,
    /// Lagrange multipliers of the dual bound: the incumbent's surviving values.
    mu: Vec<f64>,
}

/// Cap on `-ln(1 - p)`: a sure kill (`p = 1`) would give infinity; `e^-700` is far below the
/// tolerance, so the cap cannot hide a better solution.
const C_MAX: f64 = 700.0;

/// [`branch_and_bound`] on a feasible internal incumbent.
pub(super) fn bnb_internal(
    pb: &WtaProblem,
    incumbent: Option<&[usize]>,
    node_limit: u64,
) -> ExactOutcome {
    let t = pb.targets;
    let idle = vec![t; pb.weapons];
    let best = incumbent.unwrap_or(&idle).to_vec();
    let best_f = pb.solution(&best).objective;
    let key = |i: usize| {
        pb.candidates[i]
            .iter()
            .map(|&j| pb.value[j] * pb.p_row(i)[j])
            .fold(0.0, f64::max)
    };
    let mut order: Vec<usize> = (0..pb.weapons).collect();
    order.sort_by(|&a, &b| key(b).total_cmp(&key(a)).then(a.cmp(&b)));
    let mut s = Bnb {
        pb,
        order,
        surv: vec![1.0; t],
        shots: vec![0; t],
        unit_fired: vec![0; pb.unit_available.len()],
        assign: idle,
        best,
        best_f,
        nodes: 0,
        limit: node_limit,
        aborted: false,
        allow_idle: pb.has_capacity_limits(),
        tol: 1e-12 * pb.total_value(),
        scratch: vec![0.0; t],
        c: (0..pb.weapons)
            .flat_map(|i| pb.q_row(i)[..t].iter().map(|&q| (-q.ln()).min(C_MAX)))
            .collect(),
        mu: Vec::new(),
    };
    s.update_mu();
    s.dfs(0, pb.total_value());
    ExactOutcome {
        solution: pb.solution(&s.best),
        proven_optimal: !s.aborted,
        nodes: s.nodes,
    }
}

impl Bnb<'_> {
    /// Whether weapon `i` can fire at target `j` at this node.
    fn open(&self, i: usize, j: usize) -> bool {
        let u = self.pb.unit_of[i];
        self.shots[j] < self.pb.max_shots[j] && self.unit_fired[u] < self.pb.unit_available[u]
    }

    /// Multipliers of the dual bound from the incumbent: `mu_j = v_j S_j` at its final state.
    /// Near-optimal incumbents give near-optimal multipliers (the derivative of `v_j e^{-s}` at
    /// the incumbent's `s_j`), and any `mu >= 0` gives a valid bound.
    fn update_mu(&mut self) {
        let pb = self.pb;
        self.mu = pb.value.clone();
        for (i, &j) in self.best.iter().enumerate() {
            if j < pb.targets {
                self.mu[j] *= pb.q_row(i)[j];
            }
        }
    }

    /// Lower bound on the objective of every completion of the node at `depth` with value `f`:
    /// the best of three relaxations (see the module documentation).
    fn lower_bound(&mut self, depth: usize, f: f64) -> f64 {
        let pb = self.pb;
        let t = pb.targets;
        for (j, x) in self.scratch.iter_mut().enumerate() {
            *x = pb.value[j] * self.surv[j];
        }
        // Dual function: sum_j min_s (a_j e^-s + mu_j s) - sum_i max_j mu_j c_ij.
        let mut dual: f64 = self
            .scratch
            .iter()
            .zip(&self.mu)
            .map(|(&a, &mu)| {
                if mu >= a {
                    a
                } else if mu > 0.0 {
                    mu * (1.0 + (a / mu).ln())
                } else {
                    0.0
                }
            })
            .sum();
        let mut max_gain_sum = 0.0;
        for &i in &self.order[depth..] {
            let p = pb.p_row(i);
            let c = &self.c[i * t..(i + 1) * t];
            let mut g = 0.0f64;
            let mut price = 0.0f64;
            for &j in &pb.candidates[i] {
                if self.open(i, j) {
                    g = g.max(pb.value[j] * self.surv[j] * p[j]);
                    price = price.max(self.mu[j] * c[j]);
                    self.scratch[j] *= 1.0 - p[j];
                }
            }
            max_gain_sum += g;
            dual -= price;
        }
        let all_fire: f64 = self.scratch.iter().sum();
        (f - max_gain_sum).max(all_fire).max(dual)
    }

    fn dfs(&mut self, depth: usize, f: f64) {
        self.nodes += 1;
        if self.nodes > self.limit {
            self.aborted = true;
            return;
        }
        if depth == self.order.len() {
            if f < self.best_f {
                self.best_f = f;
                self.best.copy_from_slice(&self.assign);
                self.update_mu();
            }
            return;
        }
        if self.lower_bound(depth, f) >= self.best_f - self.tol {
            return;
        }
        let pb = self.pb;
        let i = self.order[depth];
        let p = pb.p_row(i);
        let mut children: Vec<(f64, usize)> = pb.candidates[i]
            .iter()
            .filter(|&&j| self.open(i, j))
            .map(|&j| (pb.value[j] * self.surv[j] * p[j], j))
            .collect();
        children.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        let idle = self.allow_idle || children.is_empty();
        let u = pb.unit_of[i];
        for (gain, j) in children {
            let before = self.surv[j];
            self.surv[j] *= 1.0 - p[j];
            self.shots[j] += 1;
            self.unit_fired[u] += 1;
            self.assign[i] = j;
            self.dfs(depth + 1, f - gain);
            self.assign[i] = pb.targets;
            self.unit_fired[u] -= 1;
            self.shots[j] -= 1;
            self.surv[j] = before;
            if self.aborted {
                return;
            }
        }
        if idle {
            self.dfs(depth + 1, f);
        }
    }
}
