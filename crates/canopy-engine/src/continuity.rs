//! Track continuity at the command post: a fused track that breaks (deleted,
//! then re-initiated on the same object under a new id) keeps its
//! engagement history.
//!
//! The fused picture breaks tracks often: a boosting ballistic missile
//! outruns the tracker's constant-velocity gates, dense raids swap
//! detections. Without continuity two things went wrong (study e in
//! `docs/studies.md`: 22 of 34 rounds at ballistic targets lost their track
//! in flight and missed by a median 1.1 km): a round whose track was deleted
//! flew on to its last estimate, and a re-initiated track waited the command
//! post's whole reaction time again, from its own confirmation.
//!
//! A later estimate *continues* an earlier one when the earlier one,
//! extrapolated at constant velocity to the later one's time, is within
//! [`GATE_M`] of it and their velocities differ by at most
//! [`speed_gate_mps`]. Only track estimates are compared (what the command
//! post sees), never truth.

use canopy_core::SimTime;
use nalgebra::Vector3;
use std::collections::BTreeMap;

/// Largest distance (m) between an extrapolated estimate and its
/// continuation: the engine's track-to-threat gate, wide enough for a
/// ballistic target's unmodelled fall over a few seconds (½·g·t² = 120 m
/// after 5 s) and the spread of a fresh track's first estimates.
pub(crate) const GATE_M: f64 = crate::engage::ASSOCIATION_GATE_M;

/// How long (s) a confirmed track that disappeared can still pass its
/// history on: a break is re-confirmed within a few scans.
pub(crate) const WINDOW_S: f64 = 20.0;

/// Largest velocity difference (m/s) between an estimate of speed
/// `speed_mps` and its continuation: 100 m/s, or a quarter of the speed for
/// fast targets (a boosting missile gains hundreds of m/s between a track's
/// loss and its successor's confirmation).
pub(crate) fn speed_gate_mps(speed_mps: f64) -> f64 {
    (0.25 * speed_mps).max(100.0)
}

/// One track estimate in the tracking frame.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Estimate {
    /// Position (m).
    pub position: Vector3<f64>,
    /// Velocity (m/s).
    pub velocity: Vector3<f64>,
    /// Time of the estimate (s).
    pub time_s: f64,
}

impl Estimate {
    /// The distance from this estimate, extrapolated to `later`'s time, to
    /// `later`, if `later` can continue it (see the module docs).
    pub fn continued_by(&self, later: &Estimate) -> Option<f64> {
        let ahead = self.position + self.velocity * (later.time_s - self.time_s);
        let distance = (later.position - ahead).norm();
        let dv = (later.velocity - self.velocity).norm();
        (distance <= GATE_M && dv <= speed_gate_mps(self.velocity.norm())).then_some(distance)
    }

    /// The nearest of `later` (id, estimate) that continues this estimate;
    /// the lowest id on a tie.
    pub fn successor(&self, later: impl IntoIterator<Item = (u64, Estimate)>) -> Option<u64> {
        nearest(later.into_iter().map(|(id, e)| (id, self.continued_by(&e))))
    }

    /// The nearest of `earlier` (id, estimate) that this estimate continues;
    /// the lowest id on a tie.
    pub fn predecessor(&self, earlier: impl IntoIterator<Item = (u64, Estimate)>) -> Option<u64> {
        nearest(
            earlier
                .into_iter()
                .map(|(id, e)| (id, e.continued_by(self))),
        )
    }
}

/// The id with the smallest distance, the lowest id on a tie; `None` where
/// nothing matched.
fn nearest(matches: impl Iterator<Item = (u64, Option<f64>)>) -> Option<u64> {
    matches
        .filter_map(|(id, d)| d.map(|d| (d, id)))
        .min_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)))
        .map(|(_, id)| id)
}

/// A confirmed track as the command post last saw it.
#[derive(Clone, Copy, Debug)]
struct Seen {
    estimate: Estimate,
    /// When the track's engagement history started: its first sighting as
    /// confirmed, or that of the track it continues.
    since: SimTime,
    /// When the command post last saw it.
    seen: SimTime,
}

/// The command post's memory of confirmed tracks, so that a re-initiated
/// track inherits the time its history started.
#[derive(Debug, Default)]
pub(crate) struct History {
    /// Confirmed tracks by id: those of the current cycle, and those gone
    /// for at most [`WINDOW_S`].
    seen: BTreeMap<u64, Seen>,
}

impl History {
    /// Records confirmed track `id` (estimate `estimate`) as seen at `now`.
    /// A track seen for the first time starts its history now, unless it
    /// continues a confirmed track that is no longer in the picture
    /// (`present` tells which ids are), whose start it inherits.
    pub fn see(
        &mut self,
        id: u64,
        estimate: Estimate,
        now: SimTime,
        present: impl Fn(u64) -> bool,
    ) {
        let since = match self.seen.get(&id) {
            Some(s) => s.since,
            None => {
                let gone = self
                    .seen
                    .iter()
                    .filter(|(k, _)| !present(**k))
                    .map(|(k, s)| (*k, s.estimate));
                estimate
                    .predecessor(gone)
                    .and_then(|k| self.seen.get(&k))
                    .map_or(now, |s| s.since)
            }
        };
        self.seen.insert(
            id,
            Seen {
                estimate,
                since,
                seen: now,
            },
        );
    }

    /// When track `id`'s history started, if it has been seen confirmed.
    pub fn since(&self, id: u64) -> Option<SimTime> {
        self.seen.get(&id).map(|s| s.since)
    }

    /// Forgets the tracks not seen for more than [`WINDOW_S`].
    pub fn prune(&mut self, now: SimTime) {
        let window = SimTime::from_secs_f64(WINDOW_S);
        self.seen.retain(|_, s| s.seen + window >= now);
    }
}

#[cfg(test)]
mod tests;
