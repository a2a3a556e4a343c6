//! Maximum-marginal-return (MMR) greedy construction.
//!
//! Repeatedly fire the (free weapon, target) pair with the largest marginal return
//! `v_j S_j p_ij`. Marginal returns only shrink as weapons are committed (`S_j` only decreases and
//! caps only tighten), so a priority queue holding each free weapon's best target with the
//! target's version number at push time is lazily correct: an entry whose target has not changed
//! since is exact and dominates every other entry, which can only have become smaller. A stale
//! entry is recomputed and pushed back.

use std::cmp::Ordering;
use std::collections::BinaryHeap;

use super::lap::Lap;
use super::state::State;
use super::{WtaProblem, WtaSolution};

/// Queue entry: larger gain first, then lower weapon, then lower target (deterministic ties).
#[derive(Debug, Clone, Copy)]
struct Entry {
    gain: f64,
    weapon: usize,
    target: usize,
    version: u32,
}

impl PartialEq for Entry {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for Entry {}

impl PartialOrd for Entry {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Entry {
    fn cmp(&self, other: &Self) -> Ordering {
        self.gain
            .total_cmp(&other.gain)
            .then(other.weapon.cmp(&self.weapon))
            .then(other.target.cmp(&self.target))
    }
}

/// Greedy MMR from the empty assignment. Respects allowed pairs, salvo caps and ready rounds;
/// a weapon stays unfired when no allowed target with room and positive return is left.
pub fn greedy_mmr(problem: &WtaProblem) -> WtaSolution {
    let t = problem.targets;
    let mut st = State::new(problem, &vec![t; problem.weapons]);
    let free: Vec<usize> = (0..problem.weapons).collect();
    greedy_fill(&mut st, &free);
    problem.solution(&st.assign)
}

/// Best target of unfired weapon `i` in the current state: `(gain, target)` with positive gain.
fn best_target(st: &State, i: usize) -> Option<(f64, usize)> {
    if !st.unit_has_round(i) {
        return None;
    }
    let p = st.pb.p_row(i);
    let mut best: Option<(f64, usize)> = None;
    for &b in &st.pb.candidates[i] {
        let g = st.vs[b] * p[b];
        if g > 0.0 && st.has_room(b) && best.is_none_or(|(bg, _)| g > bg) {
            best = Some((g, b));
        }
    }
    best
}

/// Fires the unfired weapons among `free` by MMR into the current state (already fired
/// weapons in `free` are ignored). Returns the targets whose survival changed.
pub(super) fn greedy_fill(st: &mut State, free: &[usize]) -> Vec<usize> {
    let t = st.pb.targets;
    let mut version = vec![0u32; t];
    let mut heap = BinaryHeap::with_capacity(free.len());
    let mut touched = Vec::new();
    let push = |st: &State, heap: &mut BinaryHeap<Entry>, version: &[u32], i: usize| {
        if let Some((gain, target)) = best_target(st, i) {
            heap.push(Entry {
                gain,
                weapon: i,
                target,
                version: version[target],
            });
        }
    };
    for &i in free {
        if st.assign[i] == t {
            push(st, &mut heap, &version, i);
        }
    }
    while let Some(e) = heap.pop() {
        let fresh =
            e.version == version[e.target] && st.has_room(e.target) && st.unit_has_round(e.weapon);
        if !fresh {
            push(st, &mut heap, &version, e.weapon);
            continue;
        }
        st.move_weapon(e.weapon, e.target);
        version[e.target] += 1;
        if !touched.contains(&e.target) {
            touched.push(e.target);
        }
    }
    touched
}

/// Cost standing for a forbidden pair in the assignment matrices: larger than any total weight,
/// so an optimal assignment uses it only where no allowed pairing exists.
pub(super) fn forbidden_cost(pb: &WtaProblem) -> f64 {
    4.0 * (pb.total_value() + 1.0)
}

/// Assignment construction: at most one weapon per target, maximising `sum v_j p_ij` exactly
/// (linear assignment), then the remaining weapons by MMR. Optimal whenever some optimal solution
/// fires at most one weapon per target (typical for `W <= T`), and a good start otherwise.
pub(super) fn assignment_start(pb: &WtaProblem, lap: &mut Lap) -> Vec<usize> {
    let (w, t) = (pb.weapons, pb.targets);
    let big = forbidden_cost(pb);
    let cost_of = |i: usize, j: usize| {
        let p = pb.p_row(i)[j];
        if p > 0.0 && pb.max_shots[j] > 0 {
            -pb.value[j] * p
        } else {
            big
        }
    };
    // The solver needs rows <= columns: weapons are rows when W <= T, targets otherwise.
    let pairs: Vec<(usize, usize)> = if w <= t {
        let cost: Vec<f64> = (0..w)
            .flat_map(|i| (0..t).map(move |j| (i, j)))
            .map(|(i, j)| cost_of(i, j))
            .collect();
        let col = lap.solve(w, t, &cost);
        (0..w).map(|i| (i, col[i])).collect()
    } else {
        let cost: Vec<f64> = (0..t)
            .flat_map(|j| (0..w).map(move |i| (i, j)))
            .map(|(i, j)| cost_of(i, j))
            .collect();
        let col = lap.solve(t, w, &cost);
        (0..t).map(|j| (col[j], j)).collect()
    };
    let mut st = State::new(pb, &vec![t; w]);
    // Strongest pairs first, so that a fire unit short of rounds keeps its best shots.
    let mut pairs: Vec<(usize, usize)> = pairs
        .into_iter()
        .filter(|&(i, j)| cost_of(i, j) < big)
        .collect();
    pairs.sort_by(|a, b| cost_of(a.0, a.1).total_cmp(&cost_of(b.0, b.1)));
    for (i, j) in pairs {
        if st.can_move(i, j) {
            st.relink(i, j);
        }
    }
    for j in 0..=t {
        st.refresh(j);
    }
    let free: Vec<usize> = (0..w).collect();
    greedy_fill(&mut st, &free);
    st.assign
}
