//! Incremental assignment state shared by the greedy fill, the descent, the exchange search and
//! the kicks.
//!
//! Targets are indexed `0..T`; index `T` is the "not fired" pseudo-target (value 0, `p = 0`, no
//! cap), so every weapon always sits on exactly one target and moves, swaps and exchanges need no
//! special cases for unfired weapons.
//!
//! Per target the state keeps `vs[j] = v_j S_j` (expected surviving value), and per weapon
//! `vr[i]` = the surviving value of its own target if it were removed. With those, every delta is
//! O(1):
//!
//! - move `i: a -> b`: `vr_i p_ia - vs_b p_ib`;
//! - swap `i (on a) <-> k (on b)`: `vr_i (p_ia - p_ka) + vr_k (p_kb - p_ib)`.
//!
//! `vr` is recomputed from prefix and suffix products of the members of a target whenever the
//! target changes, never by dividing by `1 - p` (which may be 0 and loses precision).

use super::WtaProblem;

/// Weapon-to-target state with cached survival products.
#[derive(Debug, Clone)]
pub(super) struct State<'p> {
    pub(super) pb: &'p WtaProblem,
    /// Target of each weapon (`T` = unfired).
    pub(super) assign: Vec<usize>,
    /// Weapons on each target, `T + 1` lists.
    pub(super) members: Vec<Vec<usize>>,
    /// `v_j S_j` per target; `vs[T] = 0`.
    pub(super) vs: Vec<f64>,
    /// Surviving value of the weapon's target without that weapon (0 when unfired).
    pub(super) vr: Vec<f64>,
    /// Weapons fired per fire unit.
    pub(super) unit_fired: Vec<usize>,
    prefix: Vec<f64>,
}

impl<'p> State<'p> {
    /// State of an assignment given in internal form (must be feasible).
    pub(super) fn new(pb: &'p WtaProblem, assign: &[usize]) -> State<'p> {
        let t = pb.targets;
        let mut st = State {
            pb,
            assign: vec![t; pb.weapons],
            members: vec![Vec::new(); t + 1],
            vs: vec![0.0; t + 1],
            vr: vec![0.0; pb.weapons],
            unit_fired: vec![0; pb.unit_available.len()],
            prefix: Vec::new(),
        };
        st.reset(assign);
        st
    }

    /// Replaces the whole assignment (restoring a saved solution).
    pub(super) fn reset(&mut self, assign: &[usize]) {
        let t = self.pb.targets;
        self.assign.copy_from_slice(assign);
        self.members.iter_mut().for_each(Vec::clear);
        self.unit_fired.iter_mut().for_each(|n| *n = 0);
        for (i, &j) in assign.iter().enumerate() {
            self.members[j].push(i);
            if j < t {
                self.unit_fired[self.pb.unit_of[i]] += 1;
            }
        }
        for j in 0..=t {
            self.refresh(j);
        }
    }

    /// Recomputes `vs[j]` and the `vr` of the members of target `j`.
    pub(super) fn refresh(&mut self, j: usize) {
        let pb = self.pb;
        if j == pb.targets {
            self.vs[j] = 0.0;
            for &m in &self.members[j] {
                self.vr[m] = 0.0;
            }
            return;
        }
        let ms = &self.members[j];
        self.prefix.clear();
        let mut prod = 1.0;
        for &m in ms {
            self.prefix.push(prod);
            prod *= pb.q_row(m)[j];
        }
        let v = pb.value[j];
        self.vs[j] = v * prod;
        let mut suffix = 1.0;
        for (k, &m) in ms.iter().enumerate().rev() {
            self.vr[m] = v * self.prefix[k] * suffix;
            suffix *= pb.q_row(m)[j];
        }
    }

    /// Expected surviving value `F`, summed afresh.
    pub(super) fn objective(&self) -> f64 {
        self.vs[..self.pb.targets].iter().sum()
    }

    /// Whether target `b` (a real target or `T`) can take one more weapon.
    #[inline]
    pub(super) fn has_room(&self, b: usize) -> bool {
        self.members[b].len() < self.pb.max_shots[b]
    }

    /// Whether the fire unit of weapon `i` has a ready round left.
    #[inline]
    pub(super) fn unit_has_round(&self, i: usize) -> bool {
        let u = self.pb.unit_of[i];
        self.unit_fired[u] < self.pb.unit_available[u]
    }

    /// Whether weapon `i` may move to target `b != assign[i]`.
    #[inline]
    pub(super) fn can_move(&self, i: usize, b: usize) -> bool {
        let a = self.assign[i];
        let t = self.pb.targets;
        if b == a {
            return false;
        }
        if b == t {
            return true;
        }
        self.pb.p_row(i)[b] > 0.0 && self.has_room(b) && (a != t || self.unit_has_round(i))
    }

    /// Objective change of moving weapon `i` to target `b`.
    #[inline]
    pub(super) fn move_delta(&self, i: usize, b: usize) -> f64 {
        let p = self.pb.p_row(i);
        self.vr[i] * p[self.assign[i]] - self.vs[b] * p[b]
    }

    /// Whether weapons `i` and `k` (on different targets) may exchange targets.
    #[inline]
    pub(super) fn can_swap(&self, i: usize, k: usize) -> bool {
        let (a, b) = (self.assign[i], self.assign[k]);
        let t = self.pb.targets;
        if a == b || (a < t && self.pb.p_row(k)[a] <= 0.0) || (b < t && self.pb.p_row(i)[b] <= 0.0)
        {
            return false;
        }
        let same_unit = self.pb.unit_of[i] == self.pb.unit_of[k];
        // An unfired weapon that takes a fired one's place needs a round of its own unit.
        (a != t || same_unit || self.unit_has_round(i))
            && (b != t || same_unit || self.unit_has_round(k))
    }

    /// Objective change of exchanging the targets of `i` and `k`.
    #[inline]
    pub(super) fn swap_delta(&self, i: usize, k: usize) -> f64 {
        let (a, b) = (self.assign[i], self.assign[k]);
        let (pi, pk) = (self.pb.p_row(i), self.pb.p_row(k));
        self.vr[i] * (pi[a] - pk[a]) + self.vr[k] * (pk[b] - pi[b])
    }

    /// Moves weapon `i` to target `b` without refreshing the caches of the two targets involved;
    /// the caller refreshes every touched target once after a batch of moves.
    pub(super) fn relink(&mut self, i: usize, b: usize) {
        let a = self.assign[i];
        let t = self.pb.targets;
        if a == b {
            return;
        }
        if let Some(pos) = self.members[a].iter().position(|&m| m == i) {
            self.members[a].swap_remove(pos);
        }
        self.members[b].push(i);
        self.assign[i] = b;
        let u = self.pb.unit_of[i];
        if a == t {
            self.unit_fired[u] += 1;
        } else if b == t {
            self.unit_fired[u] -= 1;
        }
    }

    /// Moves weapon `i` to target `b` and refreshes both targets.
    pub(super) fn move_weapon(&mut self, i: usize, b: usize) {
        let a = self.assign[i];
        self.relink(i, b);
        self.refresh(a);
        self.refresh(b);
    }

    /// Exchanges the targets of `i` and `k` and refreshes both targets.
    pub(super) fn swap_weapons(&mut self, i: usize, k: usize) {
        let (a, b) = (self.assign[i], self.assign[k]);
        self.relink(i, b);
        self.relink(k, a);
        self.refresh(a);
        self.refresh(b);
    }
}
