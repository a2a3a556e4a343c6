//! Improvement: first-improvement descent, very-large-scale exchange neighbourhood and the
//! iterated search around them.
//!
//! # Descent
//!
//! A work list of weapons to examine (all at the start). For a weapon the best re-assignment and
//! the best swap with any weapon on another target are evaluated with the O(1) deltas of
//! [`State`], and the better one is applied if it improves (first improvement over weapons, best
//! over that weapon's moves). After a change only what can have become improving is queued again:
//! the weapons on the two targets involved (their own deltas changed) and, for a target that got
//! emptier, every weapon for which moving there now pays.
//!
//! # Exchange neighbourhood (VLSN)
//!
//! As in Ahuja, Kumar, Jha & Orlin (2007): an improvement graph whose nodes are the weapons plus
//! one "empty slot" node per target with room (and the unfired weapons when capacities can bind).
//! Arc `x -> y` means "`x` takes `y`'s place on `y`'s target and `y` leaves it"; its cost
//! `vr_y (p_y,b - p_x,b)` is the exact change of target `b`'s surviving value. A cycle whose nodes
//! sit on pairwise different targets changes every target by exactly one arc, so its cost is the
//! exact objective change: cycles through weapons are cyclic exchanges, cycles through an empty
//! slot node are path exchanges (one target gives a weapon away, another receives one). Negative
//! subset-disjoint cycles are found by the label-correcting heuristic of Ahuja et al.: one best
//! path per end node and length, extended only while its partial cost is negative (every negative
//! cycle has a rotation whose partial sums are all negative).
//!
//! # Assignment neighbourhood
//!
//! A second very large neighbourhood, searched exactly: on a random subset of targets each target
//! gives up one random weapon and may take one back; the best re-assignment of those weapons is a
//! linear assignment (module `lap`), since with one weapon in and one out per target each target's
//! new value depends on one pair only. It subsumes every cyclic exchange among the chosen weapons
//! and solves the matching structure that dominates instances with `W <= T`. Each weapon lists its
//! best 30 targets (and its own), which keeps a move on 40 targets cheap. A second slot per target
//! (half of the moves) lets counts change, and when `W > T` every tenth move re-matches 100
//! targets with all candidates, which re-pairs whole layers of weapons at once.
//!
//! # Region re-optimisation
//!
//! A few related targets and all their weapons form a small WTA instance, solved by the exact
//! branch-and-bound within a node budget. It finds compound moves the exchanges cannot express
//! (a target receiving two weapons while others shift), which matter when `W > T`.
//!
//! # Iterated search
//!
//! Each iteration is an assignment move, a region move or a ruin-and-recreate kick (all weapons
//! of 1-3 random targets and 1-3 random weapons are unassigned and re-fired by MMR or by a linear
//! assignment), followed by the descent; exchanges run on every new best solution only, because
//! one search costs O(len (W + T)^2). Record-to-record acceptance: a result is kept if it is not
//! worse than the current one or within `accept_worse` of the best; after 50 iterations without
//! improvement the search returns to the best. Everything random comes from the caller's
//! generator, so a seed fixes the result; all budgets count iterations, never time.
//!
//! Why ILS on top of the exchanges: the exchange and assignment neighbourhoods keep the number of
//! weapons per target almost fixed, and the instances where heuristics fail (`W > T`, spread-out
//! kill probabilities) need changes of those counts; kicks and region moves provide them.

use std::collections::VecDeque;

use rand::{Rng, RngExt};

use super::exact::bnb_internal;
use super::greedy::greedy_fill;
use super::lap::{Lap, Pairs};
use super::state::State;
use super::{WtaError, WtaOptions, WtaProblem, WtaSolution};

/// Kicks without improvement before the search returns to the best solution.
const RESTART_AFTER: usize = 50;
/// Candidate columns per representative and slot in the assignment neighbourhood (its best by
/// return, plus its own target in the first slot): keeps each move near-linear in the subset size.
const CANDIDATES: usize = 30;
/// Longest exchange the label arrays can hold.
const MAX_EXCHANGE: usize = 8;

/// Weapons waiting to be examined by the descent.
#[derive(Debug, Clone)]
struct Work {
    queue: VecDeque<usize>,
    queued: Vec<bool>,
}

impl Work {
    fn new(weapons: usize) -> Work {
        Work {
            queue: VecDeque::with_capacity(weapons),
            queued: vec![false; weapons],
        }
    }

    fn push(&mut self, i: usize) {
        if !self.queued[i] {
            self.queued[i] = true;
            self.queue.push_back(i);
        }
    }

    fn pop(&mut self) -> Option<usize> {
        let i = self.queue.pop_front()?;
        self.queued[i] = false;
        Some(i)
    }
}

/// Improvement threshold: deltas above `-tol` are treated as zero (rounding noise).
fn tolerance(pb: &WtaProblem) -> f64 {
    1e-12 * pb.total_value()
}

/// A descent step.
#[derive(Debug, Clone, Copy)]
enum Step {
    Move(usize, usize),
    Swap(usize, usize),
}

/// The best improving move or swap of weapon `i`, if any. Deltas are computed first and the
/// feasibility checks run only for candidates that would beat the best so far.
fn best_step(st: &State, i: usize, tol: f64) -> Option<Step> {
    let pb = st.pb;
    let a = st.assign[i];
    let mut best_delta = -tol;
    let mut best = None;
    for &b in &pb.candidates[i] {
        let d = st.move_delta(i, b);
        if d < best_delta && st.can_move(i, b) {
            best_delta = d;
            best = Some(Step::Move(i, b));
        }
    }
    for (k, &b) in st.assign.iter().enumerate() {
        if b == a {
            continue;
        }
        let d = st.swap_delta(i, k);
        if d < best_delta && st.can_swap(i, k) {
            best_delta = d;
            best = Some(Step::Swap(i, k));
        }
    }
    best
}

/// Queues the weapons whose options changed when the targets in `touched` changed;
/// `old_vs[n]` is the surviving value of `touched[n]` before the change.
fn requeue(st: &State, work: &mut Work, touched: &[usize], old_vs: &[f64], tol: f64) {
    let t = st.pb.targets;
    for (&c, &old) in touched.iter().zip(old_vs) {
        for &m in &st.members[c] {
            work.push(m);
        }
        if c < t && st.vs[c] > old {
            for w in 0..st.pb.weapons {
                if st.can_move(w, c) && st.move_delta(w, c) < -tol {
                    work.push(w);
                }
            }
        }
    }
}

/// Runs the descent until the work list is empty (a local optimum for moves and swaps).
fn descend(st: &mut State, work: &mut Work, tol: f64) {
    while let Some(i) = work.pop() {
        let Some(step) = best_step(st, i, tol) else {
            continue;
        };
        let (x, y) = match step {
            Step::Move(i, b) => (st.assign[i], b),
            Step::Swap(i, k) => (st.assign[i], st.assign[k]),
        };
        let old = [st.vs[x], st.vs[y]];
        match step {
            Step::Move(i, b) => st.move_weapon(i, b),
            Step::Swap(i, k) => st.swap_weapons(i, k),
        }
        requeue(st, work, &[x, y], &old, tol);
    }
}

/// First-improvement descent over moves and swaps from a feasible assignment.
///
/// Errors if `start` is not a feasible assignment of `problem`.
pub fn local_search(
    problem: &WtaProblem,
    start: &[Option<usize>],
) -> Result<WtaSolution, WtaError> {
    problem.check(start)?;
    let internal = to_internal(problem, start);
    let mut st = State::new(problem, &internal);
    let mut work = Work::new(problem.weapons);
    (0..problem.weapons).for_each(|i| work.push(i));
    descend(&mut st, &mut work, tolerance(problem));
    Ok(problem.solution(&st.assign))
}

/// Converts `None` to the internal unfired index `T`.
pub(super) fn to_internal(problem: &WtaProblem, a: &[Option<usize>]) -> Vec<usize> {
    a.iter().map(|x| x.unwrap_or(problem.targets)).collect()
}

/// Sentinel weapon index of an empty-slot node.
const SLOT: usize = usize::MAX;

/// A path in the improvement graph (at most [`MAX_EXCHANGE`] nodes).
#[derive(Debug, Clone, Copy)]
struct Label {
    cost: f64,
    len: usize,
    nodes: [usize; MAX_EXCHANGE],
    targets: [usize; MAX_EXCHANGE],
}

/// Improvement graph of the current state, as structure-of-arrays.
#[derive(Debug, Clone, Default)]
pub(super) struct Graph {
    /// Weapon of each node, or [`SLOT`].
    pub(super) weapon: Vec<usize>,
    /// Target the node sits on (`T` for unfired weapons).
    pub(super) target: Vec<usize>,
    /// Surviving value of that target without the node.
    vr: Vec<f64>,
    /// Kill probability of the node on its own target (0 for slots and unfired weapons).
    pself: Vec<f64>,
}

impl Graph {
    pub(super) fn build(st: &State, with_unfired: bool) -> Graph {
        let pb = st.pb;
        let t = pb.targets;
        let mut g = Graph::default();
        for i in 0..pb.weapons {
            let a = st.assign[i];
            if a < t || with_unfired {
                g.weapon.push(i);
                g.target.push(a);
                g.vr.push(st.vr[i]);
                g.pself.push(pb.p_row(i)[a]);
            }
        }
        for c in 0..t {
            if st.has_room(c) {
                g.weapon.push(SLOT);
                g.target.push(c);
                g.vr.push(st.vs[c]);
                g.pself.push(0.0);
            }
        }
        g
    }

    /// Cost of arc `x -> y` (x takes y's place), `None` if not allowed.
    pub(super) fn arc(&self, pb: &WtaProblem, x: usize, y: usize) -> Option<f64> {
        let b = self.target[y];
        let px = match self.weapon[x] {
            SLOT if self.weapon[y] == SLOT => return None,
            SLOT => 0.0,
            w => {
                let p = pb.p_row(w)[b];
                if b < pb.targets && p <= 0.0 {
                    return None;
                }
                p
            }
        };
        Some(self.vr[y] * (self.pself[y] - px))
    }

    /// The most negative subset-disjoint cycle with at most `max_len` nodes found by the
    /// label-correcting heuristic, stopping at the first length that yields one below `-tol`.
    fn negative_cycle(&self, pb: &WtaProblem, max_len: usize, tol: f64) -> Option<Vec<usize>> {
        let n = self.weapon.len();
        let max_len = max_len.min(MAX_EXCHANGE);
        let empty = Label {
            cost: f64::INFINITY,
            len: 0,
            nodes: [0; MAX_EXCHANGE],
            targets: [0; MAX_EXCHANGE],
        };
        let mut cur: Vec<Label> = (0..n)
            .map(|x| {
                let mut l = empty;
                l.cost = 0.0;
                l.len = 1;
                l.nodes[0] = x;
                l.targets[0] = self.target[x];
                l
            })
            .collect();
        let mut next = vec![empty; n];
        let mut best: Option<(f64, Label)> = None;
        for _ in 1..max_len {
            next.iter_mut().for_each(|l| *l = empty);
            for lab in cur.iter().filter(|l| l.len > 0) {
                let x = lab.nodes[lab.len - 1];
                let start = lab.nodes[0];
                for (y, &ty) in self.target.iter().enumerate() {
                    if lab.targets[..lab.len].contains(&ty) {
                        continue;
                    }
                    let Some(c) = self.arc(pb, x, y) else {
                        continue;
                    };
                    let cost = lab.cost + c;
                    if cost >= 0.0 {
                        continue;
                    }
                    if let Some(close) = self.arc(pb, y, start) {
                        let total = cost + close;
                        if total < -tol && best.as_ref().is_none_or(|(b, _)| total < *b) {
                            let mut cyc = *lab;
                            cyc.nodes[cyc.len] = y;
                            cyc.targets[cyc.len] = ty;
                            cyc.len += 1;
                            best = Some((total, cyc));
                        }
                    }
                    if cost < next[y].cost {
                        let mut ext = *lab;
                        ext.cost = cost;
                        ext.nodes[ext.len] = y;
                        ext.targets[ext.len] = ty;
                        ext.len += 1;
                        next[y] = ext;
                    }
                }
            }
            if best.is_some() {
                break;
            }
            std::mem::swap(&mut cur, &mut next);
        }
        best.map(|(_, l)| l.nodes[..l.len].to_vec())
    }
}

/// Applies a cycle of graph nodes (each weapon takes the target of the next node) if the fire
/// units allow it. Returns the targets touched and their surviving values before, or `None`.
pub(super) fn apply_cycle(
    st: &mut State,
    g: &Graph,
    cycle: &[usize],
) -> Option<(Vec<usize>, Vec<f64>)> {
    let pb = st.pb;
    let t = pb.targets;
    let m = cycle.len();
    let moves: Vec<(usize, usize)> = (0..m)
        .filter(|&k| g.weapon[cycle[k]] != SLOT)
        .map(|k| (g.weapon[cycle[k]], g.target[cycle[(k + 1) % m]]))
        .collect();
    // Fire-unit balance: weapons starting to fire need rounds their unit has.
    let mut extra = vec![0isize; pb.unit_available.len()];
    for &(w, b) in &moves {
        let a = st.assign[w];
        if a == t && b < t {
            extra[pb.unit_of[w]] += 1;
        } else if a < t && b == t {
            extra[pb.unit_of[w]] -= 1;
        }
    }
    let fits = extra
        .iter()
        .enumerate()
        .all(|(u, &e)| e <= 0 || st.unit_fired[u] + e.unsigned_abs() <= pb.unit_available[u]);
    if !fits {
        return None;
    }
    let touched: Vec<usize> = cycle.iter().map(|&x| g.target[x]).collect();
    let old: Vec<f64> = touched.iter().map(|&c| st.vs[c]).collect();
    for &(w, b) in &moves {
        st.relink(w, b);
    }
    for &c in &touched {
        st.refresh(c);
    }
    Some((touched, old))
}

/// Descent and exchanges alternately until neither improves.
fn optimise(st: &mut State, work: &mut Work, max_len: usize, with_unfired: bool, tol: f64) {
    loop {
        descend(st, work, tol);
        if max_len < 2 {
            return;
        }
        let g = Graph::build(st, with_unfired);
        let Some(cycle) = g.negative_cycle(st.pb, max_len, tol) else {
            return;
        };
        let Some((touched, old)) = apply_cycle(st, &g, &cycle) else {
            return;
        };
        requeue(st, work, &touched, &old, tol);
    }
}

/// Reusable buffers of the assignment neighbourhood.
#[derive(Debug, Clone, Default)]
struct AssignmentMove {
    lap: Lap,
    subset: Vec<usize>,
    reps: Vec<usize>,
    base: Vec<f64>,
    pairs: Pairs,
    /// One representative's candidate columns: `(column, weight)`.
    row: Vec<(usize, f64)>,
}

impl AssignmentMove {
    /// Assignment neighbourhood on `k` random targets: each of them gives up one random weapon
    /// (its representative) and may take at most one back; the best re-assignment of the
    /// representatives is an exact linear assignment, because with one weapon in and out per
    /// target each target's new value `v_j R_j (1 - p_rj)` depends on one pair only.
    ///
    /// With `two_slots` a target may take two representatives back, which changes the numbers of
    /// weapons per target. The second slot's return `v_j R_j (1 - p_best) p_rj` assumes the best
    /// representative for that target took the first, so the assignment is only a proposal
    /// there; the exact new objective decides.
    ///
    /// Applies the result if it improves and returns the touched targets with their old surviving
    /// values.
    fn run<R: Rng + ?Sized>(
        &mut self,
        st: &mut State,
        k: usize,
        two_slots: bool,
        candidates: usize,
        tol: f64,
        rng: &mut R,
    ) -> Option<(Vec<usize>, Vec<f64>)> {
        let pb = st.pb;
        let t = pb.targets;
        let k = k.min(t);
        self.subset.clear();
        self.subset.extend(0..t);
        for n in 0..k {
            let r = rng.random_range(n..t);
            self.subset.swap(n, r);
        }
        self.subset.truncate(k);
        self.reps.clear();
        self.base.clear();
        for &c in &self.subset {
            let ms = &st.members[c];
            if ms.is_empty() {
                self.base.push(st.vs[c]);
            } else {
                let rep = ms[rng.random_range(0..ms.len())];
                self.reps.push(rep);
                self.base.push(st.vr[rep]);
            }
        }
        let slots = if two_slots { 2 } else { 1 };
        let m = k * slots;
        if self.reps.is_empty() {
            return None;
        }
        // Survival left by the best representative on each target (second-slot discount).
        let partner: Vec<f64> = self
            .subset
            .iter()
            .map(|&c| {
                self.reps
                    .iter()
                    .map(|&r| pb.q_row(r)[c])
                    .fold(1.0, f64::min)
            })
            .collect();
        // Columns: slot s of subset target c is s * k + c. Each representative lists its own
        // target (so keeping everything is feasible) and its best `candidates` columns per slot.
        self.pairs.clear();
        for &r in &self.reps {
            let p = pb.p_row(r);
            let own = self.subset.iter().position(|&c| c == st.assign[r]);
            for slot in 0..slots {
                self.row.clear();
                for (col, &c) in self.subset.iter().enumerate() {
                    let keeps = st.members[c].len() - usize::from(st.assign[r] == c);
                    if p[c] > 0.0 && keeps + slot < pb.max_shots[c] {
                        let discount = if slot == 0 { 1.0 } else { partner[col] };
                        self.row.push((col, self.base[col] * discount * p[c]));
                    }
                }
                if self.row.len() > candidates {
                    self.row
                        .select_nth_unstable_by(candidates - 1, |a, b| b.1.total_cmp(&a.1));
                    let keep_own = own
                        .filter(|&o| slot == 0 && !self.row[..candidates].iter().any(|e| e.0 == o));
                    if let Some(o) = keep_own {
                        self.row[candidates - 1] = (o, self.base[o] * p[st.assign[r]]);
                    }
                    self.row.truncate(candidates);
                }
                for &(col, w) in &self.row {
                    self.pairs.push(slot * k + col, -w);
                }
            }
            self.pairs.end_row();
        }
        let col = self.lap.solve(m, &self.pairs);
        // A perfect matching exists (everyone back home), so every row is matched.
        let col = col.into_iter().collect::<Option<Vec<usize>>>()?;
        let mut new_vs = self.base.clone();
        for (r, &w) in self.reps.iter().enumerate() {
            let c = col[r] % k;
            new_vs[c] *= pb.q_row(w)[self.subset[c]];
        }
        let old_vs: Vec<f64> = self.subset.iter().map(|&c| st.vs[c]).collect();
        if new_vs.iter().sum::<f64>() >= old_vs.iter().sum::<f64>() - tol {
            return None;
        }
        for (r, &w) in self.reps.iter().enumerate() {
            st.relink(w, self.subset[col[r] % k]);
        }
        for &c in &self.subset {
            st.refresh(c);
        }
        Some((self.subset.clone(), old_vs))
    }
}

/// Exact re-optimisation of a region: `q` related targets and all weapons on them form a small
/// WTA instance (other targets are untouched), which [`bnb_internal`] solves within `node_limit`
/// nodes from the current assignment as incumbent. Compound moves that no single exchange reaches
/// (a target receiving two weapons while others shift) are found this way.
///
/// The region grows from a random target ([`weighted_target`]); each further target is drawn with
/// probability proportional to its affinity with the region: the best net gain (clipped at 0) of
/// moving a region weapon there, plus that of moving one of its weapons into the region, plus a
/// small share of its surviving value so that every target keeps a chance.
fn region_move<R: Rng + ?Sized>(
    st: &mut State,
    q: usize,
    node_limit: u64,
    tol: f64,
    rng: &mut R,
) -> Option<(Vec<usize>, Vec<f64>)> {
    let pb = st.pb;
    let t = pb.targets;
    let mut region = vec![weighted_target(st, rng)];
    let mut weapons: Vec<usize> = st.members[region[0]].clone();
    let mut affinity = vec![0.0; t];
    while region.len() < q.min(t) {
        let mut total = 0.0;
        for (j, a) in affinity.iter_mut().enumerate() {
            *a = 0.0;
            if region.contains(&j) {
                continue;
            }
            // Net gains of single moves between j and the region (clipped at 0): how close
            // such a move is to paying for itself.
            let inbound = weapons
                .iter()
                .map(|&i| st.vs[j] * pb.p_row(i)[j] - st.vr[i] * pb.p_row(i)[st.assign[i]])
                .fold(0.0, f64::max);
            let outbound = st.members[j]
                .iter()
                .flat_map(|&k| region.iter().map(move |&c| (k, c)))
                .map(|(k, c)| st.vs[c] * pb.p_row(k)[c] - st.vr[k] * pb.p_row(k)[j])
                .fold(0.0, f64::max);
            *a = inbound + outbound + 1e-3 * st.vs[j];
            total += *a;
        }
        let next = if total > 0.0 {
            let mut x = rng.random::<f64>() * total;
            affinity
                .iter()
                .position(|&a| {
                    x -= a;
                    a > 0.0 && x <= 0.0
                })
                .unwrap_or_else(|| affinity.iter().rposition(|&a| a > 0.0).unwrap_or(0))
        } else {
            rng.random_range(0..t)
        };
        if region.contains(&next) {
            break;
        }
        region.push(next);
        weapons.extend_from_slice(&st.members[next]);
    }
    if weapons.is_empty() {
        return None;
    }
    let sub = sub_problem(st, &region, &weapons);
    let incumbent: Vec<usize> = weapons
        .iter()
        .map(|&i| {
            region
                .iter()
                .position(|&c| c == st.assign[i])
                .unwrap_or(region.len())
        })
        .collect();
    let before = sub.solution(&incumbent).objective;
    let out = bnb_internal(&sub, Some(&incumbent), node_limit);
    if out.solution.objective >= before - tol {
        return None;
    }
    let old: Vec<f64> = region.iter().map(|&c| st.vs[c]).collect();
    let mut touched = region.clone();
    for (n, a) in out.solution.assignment.iter().enumerate() {
        let target = a.map_or(t, |k| region[k]);
        if target == t && !touched.contains(&t) {
            touched.push(t);
        }
        st.relink(weapons[n], target);
    }
    for &c in &touched {
        st.refresh(c);
    }
    let mut old = old;
    old.resize(touched.len(), f64::INFINITY);
    Some((touched, old))
}

/// A random target: half the time uniform, half the time with probability proportional to its
/// surviving value `v_j S_j`, since improvements must involve the targets that dominate `F`.
fn weighted_target<R: Rng + ?Sized>(st: &State, rng: &mut R) -> usize {
    let t = st.pb.targets;
    let total: f64 = st.vs[..t].iter().sum();
    if total <= 0.0 || rng.random::<bool>() {
        return rng.random_range(0..t);
    }
    let mut x = rng.random::<f64>() * total;
    st.vs[..t]
        .iter()
        .position(|&v| {
            x -= v;
            v > 0.0 && x <= 0.0
        })
        .unwrap_or(t - 1)
}

/// The WTA instance of `weapons` on `region` with everything else fixed: region targets keep their
/// values (all their weapons are in the sub-problem), salvo caps carry over, and each fire unit
/// keeps the rounds not used by its weapons outside the sub-problem.
fn sub_problem(st: &State, region: &[usize], weapons: &[usize]) -> WtaProblem {
    let pb = st.pb;
    let value: Vec<f64> = region.iter().map(|&c| pb.value[c]).collect();
    let mut p = Vec::with_capacity(weapons.len() * (region.len() + 1));
    for &i in weapons {
        let row = pb.p_row(i);
        p.extend(region.iter().map(|&c| row[c]));
        p.push(0.0);
    }
    let mut sub = WtaProblem::from_flat(value, p, weapons.len());
    sub.max_shots = region.iter().map(|&c| pb.max_shots[c]).collect();
    sub.max_shots.push(usize::MAX);
    let mut units: Vec<usize> = weapons.iter().map(|&i| pb.unit_of[i]).collect();
    units.sort_unstable();
    units.dedup();
    sub.unit_of = weapons
        .iter()
        .map(|&i| units.binary_search(&pb.unit_of[i]).unwrap_or(0))
        .collect();
    sub.unit_available = units
        .iter()
        .map(|&u| {
            let inside = weapons
                .iter()
                .filter(|&&i| pb.unit_of[i] == u && st.assign[i] < pb.targets)
                .count();
            pb.unit_available[u] - (st.unit_fired[u] - inside)
        })
        .collect();
    sub
}

/// Ruin and recreate: unassign the weapons of 1-3 random targets and 1-3 random weapons, then
/// re-fire them (and any other unfired weapon) by MMR, or with `lap_refill` by a linear
/// assignment on current marginal returns (at most one per target). Queues what changed.
fn kick<R: Rng + ?Sized>(
    st: &mut State,
    work: &mut Work,
    tol: f64,
    lap_refill: bool,
    lap: &mut Lap,
    rng: &mut R,
) {
    let pb = st.pb;
    let t = pb.targets;
    let mut freed = Vec::new();
    for _ in 0..rng.random_range(1..=3usize) {
        let c = rng.random_range(0..t);
        freed.extend_from_slice(&st.members[c]);
    }
    for _ in 0..rng.random_range(1..=3usize) {
        freed.push(rng.random_range(0..pb.weapons));
    }
    freed.sort_unstable();
    freed.dedup();
    let mut touched: Vec<usize> = freed.iter().map(|&w| st.assign[w]).collect();
    touched.push(t);
    touched.sort_unstable();
    touched.dedup();
    let mut old: Vec<f64> = touched.iter().map(|&c| st.vs[c]).collect();
    for &w in &freed {
        st.relink(w, t);
    }
    for &c in &touched {
        st.refresh(c);
    }
    let unfired = st.members[t].clone();
    let refilled = if lap_refill {
        assignment_fill(st, &unfired, lap)
    } else {
        greedy_fill(st, &unfired)
    };
    for c in refilled {
        if !touched.contains(&c) {
            // Only gained weapons: its surviving value fell, so no one is newly drawn to it.
            touched.push(c);
            old.push(f64::INFINITY);
        }
    }
    requeue(st, work, &touched, &old, tol);
}

/// Fires the unfired weapons `free` (at most `T` of them) at distinct targets by an exact linear
/// assignment on current marginal returns `v_j S_j p_ij`. Returns the targets that received one.
fn assignment_fill(st: &mut State, free: &[usize], lap: &mut Lap) -> Vec<usize> {
    let pb = st.pb;
    let t = pb.targets;
    let mut pairs = Pairs::default();
    for &i in free {
        let p = pb.p_row(i);
        if st.unit_has_round(i) {
            for &j in pb.candidates[i].iter().filter(|&&j| st.has_room(j)) {
                pairs.push(j, -st.vs[j] * p[j]);
            }
        }
        pairs.end_row();
    }
    let col = lap.solve(t, &pairs);
    let mut touched = Vec::new();
    for (&i, j) in free.iter().zip(col) {
        let Some(j) = j else { continue };
        if st.can_move(i, j) {
            st.relink(i, j);
            touched.push(j);
        }
    }
    for &j in &touched {
        st.refresh(j);
    }
    st.refresh(t);
    touched
}

/// Iterated VLSN search from a feasible assignment (see the module documentation).
///
/// Errors if `start` is not a feasible assignment of `problem`. Deterministic for a given state of
/// `rng`; `options` sets the amount of work in iterations and node counts, never in time.
pub fn improve<R: Rng + ?Sized>(
    problem: &WtaProblem,
    start: &[Option<usize>],
    options: &WtaOptions,
    rng: &mut R,
) -> Result<WtaSolution, WtaError> {
    problem.check(start)?;
    Ok(improve_internal(
        problem,
        &to_internal(problem, start),
        options,
        rng,
    ))
}

/// [`improve`] on a feasible internal assignment.
pub(super) fn improve_internal<R: Rng + ?Sized>(
    problem: &WtaProblem,
    start: &[usize],
    options: &WtaOptions,
    rng: &mut R,
) -> WtaSolution {
    let tol = tolerance(problem);
    let with_unfired = problem.has_capacity_limits();
    let max_len = options.max_exchange_len;
    let mut st = State::new(problem, start);
    let mut work = Work::new(problem.weapons);
    (0..problem.weapons).for_each(|i| work.push(i));
    optimise(&mut st, &mut work, max_len, with_unfired, tol);
    if problem.weapons == 0 || problem.targets == 0 {
        return problem.solution(&st.assign);
    }
    let mut best = st.assign.clone();
    let mut best_f = st.objective();
    let mut cur = best.clone();
    let mut cur_f = best_f;
    let mut stall = 0;
    let mut assignment = AssignmentMove::default();
    for it in 0..options.iterations {
        let moved = match it % 3 {
            0 if options.assignment_size > 1 => {
                let two = options.two_slot_assignment && rng.random::<bool>();
                let large = options.large_assignment_every > 0
                    && problem.weapons > problem.targets
                    && (it / 3) % options.large_assignment_every == 0;
                let (size, cap) = if large {
                    (options.large_assignment_size, problem.targets)
                } else {
                    (options.assignment_size, CANDIDATES)
                };
                assignment.run(&mut st, size, two, cap, tol, rng)
            }
            1 if options.region_targets > 1 => region_move(
                &mut st,
                options.region_targets,
                options.region_node_limit,
                tol,
                rng,
            ),
            _ => {
                let lap_refill = options.lap_refill && rng.random::<bool>();
                kick(
                    &mut st,
                    &mut work,
                    tol,
                    lap_refill,
                    &mut assignment.lap,
                    rng,
                );
                None
            }
        };
        if let Some((touched, old)) = moved {
            requeue(&st, &mut work, &touched, &old, tol);
        }
        descend(&mut st, &mut work, tol);
        let mut f = st.objective();
        if f < best_f - tol {
            // The exchange search costs O(len (W + T)^2): spend it on new best solutions only.
            optimise(&mut st, &mut work, max_len, with_unfired, tol);
            f = st.objective();
        }
        if f <= cur_f + tol || f <= best_f * (1.0 + options.accept_worse) {
            stall = if f < cur_f - tol { 0 } else { stall + 1 };
            cur.copy_from_slice(&st.assign);
            cur_f = f;
            if f < best_f - tol {
                best.copy_from_slice(&st.assign);
                best_f = f;
            }
        } else {
            stall += 1;
            st.reset(&cur);
        }
        if stall >= RESTART_AFTER {
            stall = 0;
            st.reset(&best);
            cur.copy_from_slice(&best);
            cur_f = best_f;
        }
    }
    problem.solution(&best)
}

/// The better of two feasible internal assignments after the descent from each.
pub(super) fn better_after_descent(pb: &WtaProblem, a: Vec<usize>, b: Vec<usize>) -> Vec<usize> {
    let tol = tolerance(pb);
    let mut best: Option<(f64, Vec<usize>)> = None;
    for start in [a, b] {
        let mut st = State::new(pb, &start);
        let mut work = Work::new(pb.weapons);
        (0..pb.weapons).for_each(|i| work.push(i));
        descend(&mut st, &mut work, tol);
        let f = st.objective();
        if best.as_ref().is_none_or(|(bf, _)| f < *bf) {
            best = Some((f, st.assign));
        }
    }
    best.map(|(_, a)| a).unwrap_or_default()
}
