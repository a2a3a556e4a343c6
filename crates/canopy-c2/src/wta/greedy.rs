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

use super::lap::{Lap, Pairs};
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

/// Assignment construction: at most one weapon per target, maximising `sum v_j p_ij` exactly
/// (linear assignment), then the remaining weapons by MMR. Optimal whenever some optimal solution
/// fires at most one weapon per target (typical for `W <= T`), and a good start otherwise.
pub(super) fn assignment_start(pb: &WtaProblem, lap: &mut Lap) -> Vec<usize> {
    let (w, t) = (pb.weapons, pb.targets);
    let weight = |i: usize, j: usize| pb.value[j] * pb.p_row(i)[j];
    let open = |j: usize| pb.max_shots[j] > 0;
    let mut pairs = Pairs::default();
    // Weapons are the rows when W <= T, targets otherwise (fewer rows, same optimum).
    let matched: Vec<(usize, usize)> = if w <= t {
        for i in 0..w {
            for &j in pb.candidates[i].iter().filter(|&&j| open(j)) {
                pairs.push(j, -weight(i, j));
            }
            pairs.end_row();
        }
        let col = lap.solve(t, &pairs);
        (0..w).filter_map(|i| col[i].map(|j| (i, j))).collect()
    } else {
        for j in 0..t {
            for i in (0..w).filter(|&i| open(j) && pb.p_row(i)[j] > 0.0) {
                pairs.push(i, -weight(i, j));
            }
            pairs.end_row();
        }
        let col = lap.solve(w, &pairs);
        (0..t).filter_map(|j| col[j].map(|i| (i, j))).collect()
    };
    let mut matched = matched;
    // Strongest pairs first, so that a fire unit short of rounds keeps its best shots.
    matched.sort_by(|a, b| weight(b.0, b.1).total_cmp(&weight(a.0, a.1)));
    let mut st = State::new(pb, &vec![t; w]);
    for (i, j) in matched {
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
