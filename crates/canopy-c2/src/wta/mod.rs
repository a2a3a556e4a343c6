//! Static weapon-target assignment (WTA).
//!
//! # Problem
//!
//! `W` weapons, `T` targets with values `v_j >= 0` and single-shot kill probabilities `p_ij`.
//! Each weapon fires at most once (`x_ij in {0,1}`, `sum_j x_ij <= 1`); minimise the expected
//! surviving target value
//!
//! ```text
//! F(x) = sum_j v_j * prod_i (1 - p_ij)^{x_ij}.
//! ```
//!
//! A "weapon" is one ready round (one channel slot of a fire unit); grouping real launchers into
//! weapons is the caller's job. Constraints the engine needs are part of [`WtaProblem`]:
//!
//! - allowed pairs ([`WtaProblem::with_allowed`]): a forbidden pair, and any pair with `p_ij = 0`,
//!   is never fired (firing it could not lower `F`, so nothing is lost);
//! - salvo caps ([`WtaProblem::with_max_shots`]): at most `m_j` weapons on target `j`;
//! - ready rounds per fire unit ([`WtaProblem::with_fire_units`]): at most `n_u` of the weapons of
//!   unit `u` fire.
//!
//! # Asset-based WTA
//!
//! In the asset-based form (Hosein & Athans 1990) threat `j` is aimed at asset `a(j)` of value
//! `W_a` and destroys it with probability `pi_j` unless intercepted. Canopy assigns each threat to
//! exactly one defended asset and scores assets independently, i.e. one threat per asset term; then
//! the expected lost asset value is `sum_j W_a(j) pi_j prod_i (1 - p_ij)^{x_ij}`, which is this static
//! form with `v_j = W_a(j) * pi_j`. (Several threats on one asset make the asset terms products over
//! threats; that coupling is not modelled here.)
//!
//! # Solvers
//!
//! - [`greedy_mmr`]: maximum marginal return with a lazily updated priority queue;
//! - [`local_search`]: first-improvement descent over re-assignments and pairwise swaps with
//!   incremental deltas from per-target survival products;
//! - [`improve`]: iterated search over very large neighbourhoods: cyclic and path exchanges on
//!   an improvement graph (Ahuja et al. 2007), an assignment neighbourhood solved exactly by
//!   linear assignment, exact re-optimisation of small target regions, and ruin-and-recreate
//!   kicks; deterministic given the random stream;
//! - [`branch_and_bound`]: exact depth-first branch-and-bound for small instances;
//! - [`solve`]: the pipeline: MMR and linear-assignment starts, descent, iterated search, and the
//!   branch-and-bound on top for small instances.
//!
//! Quality and speed against the HiGHS reference optima are in `docs/bench/canopy-c2.md`.

mod exact;
mod generator;
mod greedy;
mod json;
mod lap;
mod search;
mod state;
#[cfg(test)]
mod tests;

pub use exact::{ExactOutcome, branch_and_bound};
pub use generator::{SplitMix64, WtaFamily, generate};
pub use greedy::greedy_mmr;
pub use json::{parse_instance, solve_instance_json};
pub use search::{improve, local_search};

use rand::Rng;

/// Errors of the WTA module: every bad input ends here instead of a panic.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum WtaError {
    /// The instance text is not valid JSON or has missing, unknown or mistyped fields.
    #[error("invalid WTA instance JSON: {0}")]
    Json(String),
    /// An array has the wrong length.
    #[error("{what}: expected length {expected}, got {found}")]
    Length {
        /// Which array.
        what: String,
        /// Length implied by the instance.
        expected: usize,
        /// Length given.
        found: usize,
    },
    /// A kill probability is NaN or outside `[0, 1]`.
    #[error("kill probability p[{weapon}][{target}] = {value} is not in [0, 1]")]
    Probability {
        /// Weapon (row) index.
        weapon: usize,
        /// Target (column) index.
        target: usize,
        /// The offending value.
        value: f64,
    },
    /// A target value is NaN, infinite or negative.
    #[error("target value value[{target}] = {value} must be finite and >= 0")]
    Value {
        /// Target index.
        target: usize,
        /// The offending value.
        value: f64,
    },
    /// A weapon names a fire unit that does not exist.
    #[error("weapon {weapon} belongs to fire unit {unit}, but only {units} units are given")]
    FireUnit {
        /// Weapon index.
        weapon: usize,
        /// The unit it names.
        unit: usize,
        /// Number of units with an availability count.
        units: usize,
    },
    /// An assignment is malformed or violates a constraint.
    #[error("invalid assignment: {0}")]
    Assignment(String),
}

/// A validated static WTA instance with its constraints.
///
/// Kill probabilities are stored with one extra column, index `T`, the "not fired" pseudo-target
/// with `p = 0`: the search code then treats "unfired" as an ordinary target of value 0.
#[derive(Debug, Clone, PartialEq)]
pub struct WtaProblem {
    weapons: usize,
    targets: usize,
    value: Vec<f64>,
    /// `W x (T + 1)` row-major; forbidden pairs are stored as 0.
    p: Vec<f64>,
    /// `1 - p`, same layout.
    q: Vec<f64>,
    /// Per weapon: the targets it may fire at (allowed and `p > 0`).
    candidates: Vec<Vec<usize>>,
    /// Per target plus the unfired column: the salvo cap (`usize::MAX` when uncapped).
    max_shots: Vec<usize>,
    unit_of: Vec<usize>,
    unit_available: Vec<usize>,
}

impl WtaProblem {
    /// Builds an instance from target values (`T`) and kill probabilities (`W` rows of `T`).
    ///
    /// Errors on ragged rows, probabilities outside `[0, 1]` or NaN, and negative or non-finite
    /// values. No constraint beyond "each weapon fires at most once" is set.
    pub fn new(value: Vec<f64>, p: Vec<Vec<f64>>) -> Result<WtaProblem, WtaError> {
        let targets = value.len();
        let weapons = p.len();
        for (j, &v) in value.iter().enumerate() {
            if !(v.is_finite() && v >= 0.0) {
                return Err(WtaError::Value {
                    target: j,
                    value: v,
                });
            }
        }
        let mut flat = Vec::with_capacity(weapons * (targets + 1));
        for (i, row) in p.iter().enumerate() {
            check_len(&format!("p[{i}]"), targets, row.len())?;
            for (j, &x) in row.iter().enumerate() {
                if !(0.0..=1.0).contains(&x) {
                    return Err(WtaError::Probability {
                        weapon: i,
                        target: j,
                        value: x,
                    });
                }
                flat.push(x);
            }
            flat.push(0.0);
        }
        Ok(WtaProblem::from_flat(value, flat, weapons))
    }

    /// Builds from already validated data (`p` is `W x (T + 1)` with a zero last column).
    fn from_flat(value: Vec<f64>, p: Vec<f64>, weapons: usize) -> WtaProblem {
        let targets = value.len();
        let mut pb = WtaProblem {
            weapons,
            targets,
            value,
            q: Vec::new(),
            p,
            candidates: Vec::new(),
            max_shots: vec![usize::MAX; targets + 1],
            unit_of: (0..weapons).collect(),
            unit_available: vec![1; weapons],
        };
        pb.refresh_derived();
        pb
    }

    /// Recomputes `q` and the candidate lists after `p` changed.
    fn refresh_derived(&mut self) {
        self.q = self.p.iter().map(|&x| 1.0 - x).collect();
        let t1 = self.targets + 1;
        self.candidates = (0..self.weapons)
            .map(|i| {
                (0..self.targets)
                    .filter(|&j| self.p[i * t1 + j] > 0.0)
                    .collect()
            })
            .collect();
    }

    /// Forbids pairs: `allowed[i][j] == false` means weapon `i` may not fire at target `j`
    /// (outside its engagement envelope, no channel, ...).
    pub fn with_allowed(mut self, allowed: &[Vec<bool>]) -> Result<WtaProblem, WtaError> {
        check_len("allowed", self.weapons, allowed.len())?;
        let t1 = self.targets + 1;
        for (i, row) in allowed.iter().enumerate() {
            check_len(&format!("allowed[{i}]"), self.targets, row.len())?;
            for (j, &ok) in row.iter().enumerate() {
                if !ok {
                    self.p[i * t1 + j] = 0.0;
                }
            }
        }
        self.refresh_derived();
        Ok(self)
    }

    /// Sets a salvo cap per target: at most `max_shots[j]` weapons fire at target `j`.
    pub fn with_max_shots(mut self, max_shots: Vec<usize>) -> Result<WtaProblem, WtaError> {
        check_len("max_shots", self.targets, max_shots.len())?;
        self.max_shots = max_shots;
        self.max_shots.push(usize::MAX);
        Ok(self)
    }

    /// Groups weapons into fire units: weapon `i` belongs to unit `unit_of[i]`, and at most
    /// `available[u]` weapons of unit `u` fire (ready rounds of a unit whose channel slots are
    /// listed as separate weapons).
    pub fn with_fire_units(
        mut self,
        unit_of: Vec<usize>,
        available: Vec<usize>,
    ) -> Result<WtaProblem, WtaError> {
        check_len("fire_unit", self.weapons, unit_of.len())?;
        if let Some((weapon, &unit)) = unit_of
            .iter()
            .enumerate()
            .find(|&(_, &u)| u >= available.len())
        {
            return Err(WtaError::FireUnit {
                weapon,
                unit,
                units: available.len(),
            });
        }
        self.unit_of = unit_of;
        self.unit_available = available;
        Ok(self)
    }

    /// Number of weapons `W`.
    pub fn weapons(&self) -> usize {
        self.weapons
    }

    /// Number of targets `T`.
    pub fn targets(&self) -> usize {
        self.targets
    }

    /// Value `v_j` of target `j`. Panics if `j >= T` (an index bug, not user data).
    pub fn value(&self, j: usize) -> f64 {
        self.value[j]
    }

    /// Kill probability `p_ij` as used by the solver (0 for forbidden pairs).
    /// Panics if an index is out of range.
    pub fn kill_probability(&self, i: usize, j: usize) -> f64 {
        assert!(j < self.targets, "target index {j} out of range");
        self.p[i * (self.targets + 1) + j]
    }

    /// Salvo cap of target `j`, if any.
    pub fn max_shots(&self, j: usize) -> Option<usize> {
        Some(self.max_shots[j]).filter(|&m| m != usize::MAX)
    }

    /// Whether any constraint besides "one shot per weapon" can bind: salvo caps below `W` or a
    /// fire unit with fewer ready rounds than weapons. Without such constraints firing a weapon
    /// never hurts, which the exact search uses.
    pub fn has_capacity_limits(&self) -> bool {
        let mut unit_size = vec![0usize; self.unit_available.len()];
        for &u in &self.unit_of {
            unit_size[u] += 1;
        }
        self.max_shots[..self.targets]
            .iter()
            .any(|&m| m < self.weapons)
            || unit_size
                .iter()
                .zip(&self.unit_available)
                .any(|(&n, &a)| a < n)
    }

    /// Row `i` of `p` including the unfired column `T`.
    fn p_row(&self, i: usize) -> &[f64] {
        let t1 = self.targets + 1;
        &self.p[i * t1..(i + 1) * t1]
    }

    /// Row `i` of `q = 1 - p` including the unfired column `T`.
    fn q_row(&self, i: usize) -> &[f64] {
        let t1 = self.targets + 1;
        &self.q[i * t1..(i + 1) * t1]
    }

    /// Sum of all target values: the objective of firing nothing, used to scale tolerances.
    fn total_value(&self) -> f64 {
        self.value.iter().sum()
    }

    /// Checks that an assignment has one entry per weapon, fires only allowed pairs with
    /// `p > 0`, and respects the salvo caps and ready rounds.
    pub fn check(&self, assignment: &[Option<usize>]) -> Result<(), WtaError> {
        check_len("assignment", self.weapons, assignment.len())?;
        let mut shots = vec![0usize; self.targets];
        let mut fired = vec![0usize; self.unit_available.len()];
        for (i, a) in assignment.iter().enumerate() {
            let Some(j) = *a else { continue };
            if j >= self.targets {
                return Err(WtaError::Assignment(format!(
                    "weapon {i} fires at target {j}, but there are {} targets",
                    self.targets
                )));
            }
            if self.p_row(i)[j] <= 0.0 {
                return Err(WtaError::Assignment(format!(
                    "weapon {i} may not fire at target {j} (forbidden or p = 0)"
                )));
            }
            shots[j] += 1;
            fired[self.unit_of[i]] += 1;
        }
        if let Some(j) = (0..self.targets).find(|&j| shots[j] > self.max_shots[j]) {
            return Err(WtaError::Assignment(format!(
                "target {j} gets {} shots, cap {}",
                shots[j], self.max_shots[j]
            )));
        }
        if let Some(u) = (0..fired.len()).find(|&u| fired[u] > self.unit_available[u]) {
            return Err(WtaError::Assignment(format!(
                "fire unit {u} fires {} weapons, {} available",
                fired[u], self.unit_available[u]
            )));
        }
        Ok(())
    }

    /// Objective `F` of a feasible assignment (`None` = weapon not fired), recomputed from scratch.
    pub fn objective(&self, assignment: &[Option<usize>]) -> Result<f64, WtaError> {
        self.check(assignment)?;
        let mut surv = vec![1.0; self.targets];
        for (i, a) in assignment.iter().enumerate() {
            if let Some(j) = *a {
                surv[j] *= self.q_row(i)[j];
            }
        }
        Ok(self.value.iter().zip(&surv).map(|(v, s)| v * s).sum())
    }

    /// Builds a solution from an internal assignment (column `T` = unfired).
    fn solution(&self, internal: &[usize]) -> WtaSolution {
        let assignment: Vec<Option<usize>> = internal
            .iter()
            .map(|&j| (j < self.targets).then_some(j))
            .collect();
        let mut surv = vec![1.0; self.targets];
        for (i, &j) in internal.iter().enumerate() {
            if j < self.targets {
                surv[j] *= self.q_row(i)[j];
            }
        }
        let objective = self.value.iter().zip(&surv).map(|(v, s)| v * s).sum();
        WtaSolution {
            assignment,
            objective,
        }
    }
}

fn check_len(what: &str, expected: usize, found: usize) -> Result<(), WtaError> {
    if expected == found {
        Ok(())
    } else {
        Err(WtaError::Length {
            what: what.to_string(),
            expected,
            found,
        })
    }
}

/// An assignment with its objective value.
#[derive(Debug, Clone, PartialEq)]
pub struct WtaSolution {
    /// Target of each weapon, `None` if the weapon does not fire.
    pub assignment: Vec<Option<usize>>,
    /// Expected surviving target value `F`, recomputed from the assignment.
    pub objective: f64,
}

impl WtaSolution {
    /// The output format of `canopy wta`:
    /// `{"assignment": [target or -1 per weapon], "objective": F, "time_s": t}`.
    /// `time_s` is measured by the caller (the library never reads the clock).
    pub fn to_json(&self, time_s: f64) -> String {
        let assignment: Vec<i64> = self
            .assignment
            .iter()
            .map(|a| a.map_or(-1, |j| j as i64))
            .collect();
        serde_json::json!({
            "assignment": assignment,
            "objective": self.objective,
            "time_s": time_s,
        })
        .to_string()
    }
}

/// Tuning knobs of [`solve`]. All budgets count work, never wall time, so results are
/// reproducible on any machine.
#[derive(Debug, Clone, PartialEq)]
pub struct WtaOptions {
    /// Iterations of the iterated search; each is one assignment move, region move or kick
    /// (0: starts, descent and exchanges only).
    pub iterations: usize,
    /// Targets per assignment-neighbourhood move (below 2: no such moves).
    pub assignment_size: usize,
    /// When `W > T` (several shots per target), every this many assignment moves is a large one
    /// (0: never): `large_assignment_size` targets with all their candidate columns. Costs
    /// O(size^3) but re-matches whole weapon layers at once.
    pub large_assignment_every: usize,
    /// Targets of a large assignment move.
    pub large_assignment_size: usize,
    /// Let half of the assignment moves offer each target a second slot (changes the number of
    /// weapons per target; see the search module).
    pub two_slot_assignment: bool,
    /// Targets per exact region re-optimisation (below 2: none).
    pub region_targets: usize,
    /// Branch-and-bound node budget of one region re-optimisation.
    pub region_node_limit: u64,
    /// Let half of the kicks re-fire weapons by linear assignment instead of MMR.
    pub lap_refill: bool,
    /// Record-to-record acceptance: a result within this fraction above the best solution is
    /// accepted as the new current one.
    pub accept_worse: f64,
    /// Longest cyclic or path exchange (nodes of the improvement graph) searched for, at most 8;
    /// below 2 disables the exchange search.
    pub max_exchange_len: usize,
    /// Instances with `W * T` at most this are finally given to the exact branch-and-bound.
    pub exact_max_cells: usize,
    /// Node budget of that branch-and-bound; if it runs out, the heuristic result is returned.
    pub exact_node_limit: u64,
}

impl Default for WtaOptions {
    /// Tuned on the validation instances (tests/data): about 0.3 s for 200 x 200 on one core.
    fn default() -> Self {
        WtaOptions {
            iterations: 3000,
            assignment_size: 40,
            two_slot_assignment: true,
            large_assignment_every: 10,
            large_assignment_size: 100,
            region_targets: 4,
            region_node_limit: 2000,
            lap_refill: true,
            accept_worse: 0.03,
            max_exchange_len: 8,
            exact_max_cells: 64,
            exact_node_limit: 200_000,
        }
    }
}

/// Solves an instance: the better of the MMR greedy and the assignment start (each after the
/// descent), then the iterated VLSN search. Instances with `W * T <= options.exact_max_cells`
/// go to the exact branch-and-bound instead, seeded with that start; only if its node budget
/// runs out do they get the VLSN search, then the branch-and-bound again with the heuristic
/// value as incumbent (returned unchanged if the budget runs out again).
pub fn solve<R: Rng + ?Sized>(
    problem: &WtaProblem,
    options: &WtaOptions,
    rng: &mut R,
) -> WtaSolution {
    let greedy = search::to_internal(problem, &greedy_mmr(problem).assignment);
    let by_assignment = greedy::assignment_start(problem, &mut lap::Lap::default());
    let start = search::better_after_descent(problem, greedy, by_assignment);
    let small = problem.weapons * problem.targets <= options.exact_max_cells;
    if small {
        // The search proves small instances optimal from the descended start; the VLSN
        // search would only find it a better incumbent, at several times the cost.
        let exact = exact::bnb_internal(problem, Some(&start), options.exact_node_limit);
        if exact.proven_optimal {
            return exact.solution;
        }
    }
    let heuristic = search::improve_internal(problem, &start, options, rng);
    if !small {
        return heuristic;
    }
    let incumbent = search::to_internal(problem, &heuristic.assignment);
    exact::bnb_internal(problem, Some(&incumbent), options.exact_node_limit).solution
}
