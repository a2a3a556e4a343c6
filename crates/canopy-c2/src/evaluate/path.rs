//! Extrapolation of a track estimate into the future: [`PredictedPath`].
//!
//! Two motion models, chosen from the track's most probable class:
//!
//! - [`MotionModel::GreatCircle`] for air-breathing threats: constant ground speed along the
//!   great circle of the current course, constant climb or dive rate for at most
//!   [`CLIMB_HOLD_S`] (then level flight), and never below the ground (a diving track levels
//!   off at the surface, or at its current altitude if it is already below it). Altitude is
//!   kept above WGS-84, so a sea-skimmer stays a sea-skimmer over hundreds of kilometres
//!   (a straight line in space would climb d²/2R: 3 km after 200 km).
//! - [`MotionModel::Ballistic`]: free flight under central inverse-square gravity in ECEF
//!   treated as inertial, no drag, the truth model of `canopy-motion`'s ballistic threats,
//!   integrated with RK4 in steps of up to 10 s until the ground
//!   (altitude 0) or the horizon; the samples between the steps are quintic Hermite
//!   interpolants of the RK4 nodes (within 1 cm of a 0.1 s RK4 over 600 s at 3 km/s).
//!
//! Both are sampled at a fixed step and interpolated by cubic Hermite polynomials on position
//! and velocity, so [`PredictedPath::state_at`] is smooth and cheap for the feasibility scans.
//!
//! The evaluator builds a path for every track every cycle but the engine assesses only a few
//! of them, and a feasibility scan probes a few dozen of a path's 600 samples, so a path
//! stores no samples up front: it computes the ones a query needs, a great-circle sample from
//! the closed form, a ballistic one from the RK4 nodes it integrates at construction (the
//! integration is what finds the impact). [`PredictedPath::state_at`] keeps the samples it
//! computed, because every fire unit within reach scans the same path in a cycle (and the
//! evaluator reuses a path until its track is updated): 7 % of the 1 000-threat run.
//!
//! Closest approaches go through blocks of samples, each covered by a capsule (a segment and
//! a radius) that bounds how near its chords can come to a point: only the blocks that may
//! hold the minimum are scanned chord by chord, their samples computed there, giving the
//! same answer as a scan of every chord.

use std::sync::OnceLock;

use canopy_flyout::earth::{MU_EARTH, WGS84_A, WGS84_B, gravity};
use nalgebra::Vector3;

use super::named;
use crate::salvo::{InvalidInput, check, finite, positive};

/// Earth shape for altitudes and local verticals: WGS-84, with altitude measured along the
/// geocentric radius as the flyout does (within 0.6 m of the geodetic height at 100 km).
pub(crate) const EARTH: canopy_flyout::EarthModel = canopy_flyout::EarthModel::Wgs84;

/// How long an air-breathing track is assumed to keep its current climb or dive rate (s).
pub const CLIMB_HOLD_S: f64 = 60.0;

/// Largest number of samples a path may hold (horizon / step).
const MAX_SAMPLES: f64 = 1e5;

/// Added to every capsule radius (m): far above the rounding of ECEF arithmetic in metres
/// (~1e-8 m, including the reciprocal in [`Block::distance2`]), far below any distance the
/// evaluation tells apart.
const CAPSULE_SLACK_M: f64 = 1e-3;

/// The motion model used to extrapolate a track.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MotionModel {
    /// Constant ground speed and course along a great circle, bounded climb or dive.
    GreatCircle,
    /// Unpowered flight under gravity.
    Ballistic,
}

/// Position and velocity in ECEF at one time.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PathState {
    /// Simulation time (s).
    pub time_s: f64,
    /// ECEF position (m).
    pub position: Vector3<f64>,
    /// ECEF velocity (m/s).
    pub velocity: Vector3<f64>,
}

/// Closest approach of a path to a point.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Approach {
    /// Smallest distance between the path and the point (m).
    pub distance_m: f64,
    /// Simulation time at which it occurs (s).
    pub time_s: f64,
}

/// A track's predicted trajectory, sampled at a fixed step from the estimate's time.
///
/// Two paths are equal when they have the same model, start, step and samples.
#[derive(Debug, Clone)]
pub struct PredictedPath {
    step_s: f64,
    start: PathState,
    /// Index of the last sample (samples are k = 0..=last).
    last: usize,
    end_time_s: f64,
    ends_on_ground: bool,
    samples: Samples,
    /// Capsules over consecutive runs of samples, in time order (none for a single sample).
    blocks: Vec<Block>,
    /// A capsule around all of them, to dismiss a far point with one test.
    whole: Option<Block>,
    /// The samples [`PredictedPath::state_at`] has computed, by index (empty until its first
    /// call). A feasibility scan makes ~100 queries, every unit within reach scans the same
    /// path, and a great-circle sample costs three positions and a `sin_cos`. A sample is a
    /// function of its index, so keeping it changes no result. `OnceLock`s keep the path
    /// `Sync` (assessments are shared behind an `Arc`).
    memo: OnceLock<Box<[OnceLock<PathState>]>>,
}

/// Where a path's samples come from; either way a sample is computed when a query needs it.
#[derive(Debug, Clone)]
enum Samples {
    /// Closed form.
    Arc(GreatCircle),
    /// RK4 nodes integrated at construction, interpolated in between.
    Flight(Flight),
}

/// The samples k0..=k1 of a path lie within `radius` of the segment from `a` (sample k0) to
/// `a + chord` (sample k1), and so do the chords between them (the capsule is convex).
#[derive(Debug, Clone, Copy)]
struct Block {
    k0: usize,
    k1: usize,
    a: Vector3<f64>,
    chord: Vector3<f64>,
    /// 1 / |chord|², or 0 for a chord of zero length.
    inv_len2: f64,
    radius: f64,
}

impl Block {
    fn new(k0: usize, k1: usize, a: Vector3<f64>, b: Vector3<f64>, radius: f64) -> Self {
        let chord = b - a;
        let len2 = chord.norm_squared();
        Block {
            k0,
            k1,
            a,
            chord,
            inv_len2: if len2 > 0.0 { 1.0 / len2 } else { 0.0 },
            radius: radius + CAPSULE_SLACK_M,
        }
    }

    /// The block with its radius increased by `by`.
    fn widened(self, by: f64) -> Self {
        Block {
            radius: self.radius + by,
            ..self
        }
    }

    /// Squared distance from `p` to the segment (no division or root: this is the test
    /// every block of every path takes against every asset).
    fn distance2(&self, p: &Vector3<f64>) -> f64 {
        let u = ((p - self.a).dot(&self.chord) * self.inv_len2).clamp(0.0, 1.0);
        (self.a + u * self.chord - p).norm_squared()
    }
}

impl PartialEq for PredictedPath {
    fn eq(&self, other: &Self) -> bool {
        // The samples are a function of these (the model, start and step fix the motion;
        // `last` fixes the horizon or the impact).
        self.model() == other.model()
            && self.step_s == other.step_s
            && self.start == other.start
            && self.last == other.last
            && self.end_time_s == other.end_time_s
    }
}

impl PredictedPath {
    /// Extrapolates `start` with `model` over `horizon_s`, sampled every `step_s`.
    pub fn new(
        model: MotionModel,
        start: PathState,
        horizon_s: f64,
        step_s: f64,
    ) -> Result<Self, InvalidInput> {
        finite("path start time_s", start.time_s)?;
        for (i, c) in start
            .position
            .iter()
            .chain(start.velocity.iter())
            .enumerate()
        {
            finite("", *c).map_err(named(|| format!("path start state[{i}]")))?;
        }
        let step_s = positive("path step_s", step_s)?;
        let horizon_s = positive("path horizon_s", horizon_s)?;
        let samples = (horizon_s / step_s).ceil();
        check(
            "path horizon_s / step_s",
            samples,
            samples <= MAX_SAMPLES,
            "at most 1e5 samples",
        )?;
        // A state at (or inside) the Earth's centre has no vertical.
        check(
            "path start |position|",
            start.position.norm(),
            start.position.norm() > 1e6,
            "a point outside the Earth's core (ECEF metres)",
        )?;
        let samples = samples as usize;
        let path = match model {
            MotionModel::GreatCircle => {
                let arc = GreatCircle::new(&start);
                let blocks = arc.blocks(step_s, samples);
                let whole = covering(&blocks);
                PredictedPath {
                    step_s,
                    start,
                    last: samples,
                    end_time_s: start.time_s + samples as f64 * step_s,
                    ends_on_ground: false,
                    samples: Samples::Arc(arc),
                    blocks,
                    whole,
                    memo: OnceLock::new(),
                }
            }
            MotionModel::Ballistic => {
                let flight = Flight::new(start, step_s, samples);
                let blocks = flight.blocks();
                let whole = covering(&blocks);
                PredictedPath {
                    step_s,
                    start,
                    last: flight.last,
                    end_time_s: flight.sample(flight.last).time_s,
                    ends_on_ground: flight.ends_on_ground,
                    samples: Samples::Flight(flight),
                    blocks,
                    whole,
                    memo: OnceLock::new(),
                }
            }
        };
        Ok(path)
    }

    /// The sampling step (s).
    pub(crate) fn step_s(&self) -> f64 {
        self.step_s
    }

    /// The motion model used.
    pub fn model(&self) -> MotionModel {
        match self.samples {
            Samples::Arc(..) => MotionModel::GreatCircle,
            Samples::Flight(..) => MotionModel::Ballistic,
        }
    }

    /// Time of the first state (the track estimate's time, s).
    pub fn start_time_s(&self) -> f64 {
        self.start.time_s
    }

    /// Time of the last state: the horizon, or the ground impact (s).
    pub fn end_time_s(&self) -> f64 {
        self.end_time_s
    }

    /// Whether the path ends by hitting the ground before its horizon (ballistic impact).
    pub fn ends_on_ground(&self) -> bool {
        self.ends_on_ground
    }

    /// The sampled states (every `step_s`, the last one possibly closer, at impact).
    pub fn states(&self) -> Vec<PathState> {
        (0..=self.last).map(|k| self.sample(k)).collect()
    }

    /// Sample `k` (at most the last).
    fn sample(&self, k: usize) -> PathState {
        match &self.samples {
            Samples::Arc(arc) => arc.state(self.start.time_s, self.step_s, k),
            Samples::Flight(flight) => flight.sample(k),
        }
    }

    /// Interpolated state at `time_s`, or `None` outside [start, end].
    pub fn state_at(&self, time_s: f64) -> Option<PathState> {
        let (t0, t1) = (self.start_time_s(), self.end_time_s());
        if !(time_s >= t0 && time_s <= t1) {
            return None;
        }
        if self.last == 0 {
            return Some(self.sample(0));
        }
        let k = (((time_s - t0) / self.step_s).floor() as usize).min(self.last - 1);
        let (a, b) = {
            let memo = self
                .memo
                .get_or_init(|| (0..=self.last).map(|_| OnceLock::new()).collect());
            let a = *memo[k].get_or_init(|| self.sample(k));
            let b = *memo[k + 1].get_or_init(|| self.sample(k + 1));
            (a, b)
        };
        let span = b.time_s - a.time_s;
        let u = if span > 0.0 {
            ((time_s - a.time_s) / span).clamp(0.0, 1.0)
        } else {
            0.0
        };
        let mut s = hermite(&a, &b, u);
        s.time_s = time_s;
        Some(s)
    }

    /// Closest approach of the path to the ECEF point `point`: the minimum over the chords
    /// between consecutive samples (the chord's sagitta is ≤ 1.3 m at a 1 s step for a
    /// ballistic body, far less for air-breathers); the earliest chord on a tie. The samples
    /// of a great-circle path are recomputed here from the closed form, within 1e-8 m of
    /// [`PredictedPath::states`].
    pub fn closest_approach(&self, point: &Vector3<f64>) -> Approach {
        // Without a cutoff some block is always scanned (with a NaN coordinate, every one),
        // so the fallback only keeps this free of panics.
        self.nearest(point, f64::INFINITY)
            .unwrap_or_else(|| self.start_approach(point))
    }

    /// [`PredictedPath::closest_approach`] if it is at most `cutoff_m`, else `None`; faster
    /// the smaller the cutoff, since it skips every block that stays beyond it.
    pub(crate) fn approach_within(&self, point: &Vector3<f64>, cutoff_m: f64) -> Option<Approach> {
        self.nearest(point, cutoff_m)
            .filter(|x| x.distance_m <= cutoff_m)
    }

    /// The closest approach, or `None` if no block comes within `cutoff_m`.
    fn nearest(&self, point: &Vector3<f64>, cutoff_m: f64) -> Option<Approach> {
        let Some(whole) = &self.whole else {
            // A single sample (a ballistic path that starts on its way into the ground).
            return Some(self.start_approach(point));
        };
        if whole.distance2(point) > (cutoff_m + whole.radius).powi(2) {
            return None;
        }
        // The chords of a block at distance d from its segment come no nearer than
        // d − radius, and within d + radius: the chord polyline runs from one end of the
        // segment to the other inside the capsule, so it passes within the radius of the
        // segment's point nearest to `point`. So the minimum is within `reach`.
        // Also whether any block comes within the cut-off: most assets are far from most
        // paths, and then the scan below would only repeat these tests.
        let (nearest2, widest, any_within) =
            self.blocks
                .iter()
                .fold((f64::INFINITY, 0.0f64, false), |(d2, r, within), b| {
                    let here = b.distance2(point);
                    (
                        d2.min(here),
                        r.max(b.radius),
                        within || here <= (cutoff_m + b.radius).powi(2),
                    )
                });
        if !any_within {
            return None;
        }
        let reach = cutoff_m.min(nearest2.sqrt() + widest);
        let mut best: Option<Approach> = None;
        for block in &self.blocks {
            if block.distance2(point) > (reach + block.radius).powi(2) {
                continue;
            }
            // Blocks in time order and a strict comparison: the earliest chord wins a tie.
            self.for_each_chord(block, |a, ta, b, tb| {
                let (u, distance_m) = nearest_on_segment(a, b, point);
                if best.is_none_or(|x| distance_m < x.distance_m) {
                    best = Some(Approach {
                        distance_m,
                        time_s: ta + u * (tb - ta),
                    });
                }
            });
        }
        best
    }

    /// The distance from the first sample to `point`, at the start.
    fn start_approach(&self, point: &Vector3<f64>) -> Approach {
        Approach {
            distance_m: (self.start.position - point).norm(),
            time_s: self.start.time_s,
        }
    }

    /// Calls `f(a, time of a, b, time of b)` for the chords between consecutive samples of
    /// `block`, in time order.
    fn for_each_chord(
        &self,
        block: &Block,
        mut f: impl FnMut(&Vector3<f64>, f64, &Vector3<f64>, f64),
    ) {
        match &self.samples {
            Samples::Arc(arc) => {
                // Always from the closed form, so the answer does not depend on whether the
                // states have been computed.
                let t0 = self.start.time_s;
                let mut previous: Option<(f64, Vector3<f64>)> = None;
                for (dt, angle) in arc.turns(self.step_s, block.k0, block.k1) {
                    let next = (t0 + dt, arc.position_at(dt, angle));
                    if let Some((ta, a)) = previous {
                        f(&a, ta, &next.1, next.0);
                    }
                    previous = Some(next);
                }
            }
            Samples::Flight(flight) => {
                let mut a = flight.sample(block.k0);
                for k in block.k0 + 1..=block.k1 {
                    let b = flight.sample(k);
                    f(&a.position, a.time_s, &b.position, b.time_s);
                    a = b;
                }
            }
        }
    }
}

/// Samples per block for a path of `last` chords: about √last, which balances the capsule
/// tests of every block against the chords of the few blocks scanned.
fn block_len(last: usize) -> usize {
    (last as f64).sqrt().ceil().max(1.0) as usize
}

/// The sample index ranges of the blocks of a path of `last` chords.
fn block_ranges(last: usize) -> impl Iterator<Item = (usize, usize)> {
    let len = block_len(last);
    (0..last)
        .step_by(len)
        .map(move |k0| (k0, (k0 + len).min(last)))
}

/// A capsule containing those of `blocks`, from the start of the first to the end of the
/// last: every point of a capsule is within its radius of its segment, whose farthest point
/// from another segment is one of its ends (the distance to a segment is convex).
fn covering(blocks: &[Block]) -> Option<Block> {
    let (first, last) = (blocks.first()?, blocks.last()?);
    let segment = Block::new(first.k0, last.k1, first.a, last.a + last.chord, 0.0);
    let radius = blocks
        .iter()
        .map(|x| {
            let ends = segment
                .distance2(&x.a)
                .max(segment.distance2(&(x.a + x.chord)));
            ends.sqrt() + x.radius
        })
        .fold(0.0, f64::max);
    Some(segment.widened(radius))
}

/// The fraction along the segment `a`–`b` of its point nearest to `p`, and the distance.
fn nearest_on_segment(a: &Vector3<f64>, b: &Vector3<f64>, p: &Vector3<f64>) -> (f64, f64) {
    let chord = b - a;
    let len2 = chord.norm_squared();
    let u = if len2 > 0.0 {
        ((p - a).dot(&chord) / len2).clamp(0.0, 1.0)
    } else {
        0.0
    };
    (u, (a + u * chord - p).norm())
}

/// Longest RK4 step of the ballistic integration (s). Gravity turns over the orbital time
/// scale √(r³/µ) ≈ 800 s, so with a 10 s step the samples stay within 1 cm of a 0.1 s RK4
/// reference over 600 s (0.9 mm measured at 3 km/s, quintic fill included; the test
/// `ballistic_path_matches_a_fine_step_reference`), while RK4 costs a tenth of the 1 s
/// integration it replaces.
const BALLISTIC_STEP_S: f64 = 10.0;

/// A node of the ballistic integration: a state and its acceleration (gravity).
#[derive(Debug, Clone, Copy)]
struct Node {
    state: PathState,
    accel: Vector3<f64>,
}

impl Node {
    fn new(state: PathState) -> Self {
        Node {
            state,
            accel: gravity(&state.position),
        }
    }

    /// One RK4 step of free flight of length `h` (the node's acceleration is its first
    /// stage).
    fn step(&self, h: f64) -> Node {
        let (p, v, k1v) = (self.state.position, self.state.velocity, self.accel);
        let k2p = v + 0.5 * h * k1v;
        let k2v = gravity(&(p + 0.5 * h * v));
        let k3p = v + 0.5 * h * k2v;
        let k3v = gravity(&(p + 0.5 * h * k2p));
        let k4p = v + h * k3v;
        let k4v = gravity(&(p + h * k3p));
        Node::new(PathState {
            time_s: self.state.time_s + h,
            position: p + h / 6.0 * (v + 2.0 * k2p + 2.0 * k3p + k4p),
            velocity: v + h / 6.0 * (k1v + 2.0 * k2v + 2.0 * k3v + k4v),
        })
    }

    /// The quintic Hermite interpolant between `self` and `b` (position, velocity and
    /// acceleration at both ends) with the basis `w` of a fraction of the span: position
    /// error O(Δt⁶), velocity O(Δt⁵), so a 10 s span is as good as the 1 s RK4 steps it
    /// replaces.
    fn quintic(&self, b: &Node, w: &Quintic) -> PathState {
        let (a, dt) = (&self.state, b.state.time_s - self.state.time_s);
        let rise = b.state.position - a.position;
        let [h1, h2, h3, h4, h5] = w.position;
        let [d1, d2, d3, d4, d5] = w.velocity;
        PathState {
            time_s: a.time_s + w.u * dt,
            position: a.position
                + h5 * rise
                + dt * (h1 * a.velocity + h4 * b.state.velocity)
                + dt * dt * (h2 * self.accel + h3 * b.accel),
            velocity: d5 / dt * rise
                + d1 * a.velocity
                + d4 * b.state.velocity
                + dt * (d2 * self.accel + d3 * b.accel),
        }
    }
}

/// The quintic Hermite basis at one fraction `u` of a span, computed once per fraction since
/// every full RK4 step fills its samples at the same fractions.
#[derive(Debug, Clone)]
struct Quintic {
    u: f64,
    /// Weights of dt·v0, dt²·a0, dt²·a1, dt·v1 and p1 − p0 in the position.
    position: [f64; 5],
    /// Their derivatives with respect to u (the velocity's weights).
    velocity: [f64; 5],
}

impl Quintic {
    fn new(u: f64) -> Self {
        let (u2, u3) = (u * u, u * u * u);
        let (u4, u5) = (u3 * u, u3 * u2);
        Quintic {
            u,
            position: [
                u - 6.0 * u3 + 8.0 * u4 - 3.0 * u5,
                0.5 * (u2 - 3.0 * u3 + 3.0 * u4 - u5),
                0.5 * (u3 - 2.0 * u4 + u5),
                -4.0 * u3 + 7.0 * u4 - 3.0 * u5,
                10.0 * u3 - 15.0 * u4 + 6.0 * u5,
            ],
            velocity: [
                1.0 - 18.0 * u2 + 32.0 * u3 - 15.0 * u4,
                0.5 * (2.0 * u - 9.0 * u2 + 12.0 * u3 - 5.0 * u4),
                0.5 * (3.0 * u2 - 8.0 * u3 + 5.0 * u4),
                -12.0 * u2 + 28.0 * u3 - 15.0 * u4,
                30.0 * u2 - 60.0 * u3 + 30.0 * u4,
            ],
        }
    }

    /// The bases of the inner samples 1..n of a span of n samples.
    fn inner(n: usize) -> Vec<Quintic> {
        (1..n).map(|i| Quintic::new(i as f64 / n as f64)).collect()
    }
}

/// A ballistic path's samples: RK4 nodes every `stride` samples, the samples between them
/// quintic Hermite interpolants computed on use, so a path that is only searched for its
/// closest approaches costs its nodes and the few blocks scanned.
#[derive(Debug, Clone)]
struct Flight {
    /// Time of sample 0 (s).
    t0: f64,
    /// Sampling step (s).
    step: f64,
    /// Samples per RK4 step.
    stride: usize,
    /// Nodes at samples 0, stride, 2·stride, … (the last possibly closer, at the horizon),
    /// through the node after the last sample.
    nodes: Vec<Node>,
    /// Bases of the inner samples of a full span and, if the last span is shorter, of it.
    full: Vec<Quintic>,
    short: Option<Vec<Quintic>>,
    /// Index of the last sample.
    last: usize,
    /// The last sample, if it is the impact (between two samples of the grid).
    impact: Option<PathState>,
    /// Whether the ground ended the flight before the horizon.
    ends_on_ground: bool,
}

impl Flight {
    /// Integrates free flight from `start` for `samples` steps of `h` or until the ground.
    ///
    /// RK4 takes steps of the largest multiple of `h` up to [`BALLISTIC_STEP_S`]. A span
    /// whose two nodes are above the ground is above it throughout: a sub-orbital body's
    /// altitude is concave in time (the quadratic form of the ellipsoid has a negative
    /// second derivative while v² < µb²/(a²|r|), checked at both nodes with a 1 % margin),
    /// so only the spans at the start below the ground and at the impact are checked sample
    /// by sample, as a 1 s integration checks them all.
    fn new(start: PathState, h: f64, samples: usize) -> Flight {
        let stride = ((BALLISTIC_STEP_S / h).floor() as usize).clamp(1, samples.max(1));
        let mut flight = Flight {
            t0: start.time_s,
            step: h,
            stride,
            nodes: vec![Node::new(start)],
            full: Quintic::inner(stride),
            short: None,
            last: 0,
            impact: None,
            ends_on_ground: false,
        };
        // Whether the current sample is above the ground, carried from one to the next.
        let mut above = above_ground(&start.position);
        let mut done = 0;
        while done < samples {
            let n = stride.min(samples - done);
            if n < stride {
                flight.short = Some(Quintic::inner(n));
            }
            let node = flight.nodes[flight.nodes.len() - 1];
            let next = node.step(n as f64 * h);
            flight.nodes.push(next);
            let next_above = above_ground(&next.state.position);
            if above && next_above && sub_orbital(&node) && sub_orbital(&next) {
                done += n;
                continue;
            }
            let mut s = node.state;
            for i in 1..=n {
                if !above && vertical_speed(&s) < 0.0 {
                    flight.end(done + i - 1, None);
                    return flight;
                }
                let next = flight.sample(done + i);
                let next_above = above_ground(&next.position);
                if above && !next_above {
                    // Impact inside the sample interval: bisect the interpolated altitude for
                    // the crossing.
                    let (mut lo, mut hi) = (0.0, 1.0);
                    for _ in 0..40 {
                        let mid = 0.5 * (lo + hi);
                        if above_ground(&hermite(&s, &next, mid).position) {
                            lo = mid;
                        } else {
                            hi = mid;
                        }
                    }
                    flight.end(done + i, Some(hermite(&s, &next, hi)));
                    return flight;
                }
                s = next;
                above = next_above;
            }
            done += n;
        }
        flight.last = samples;
        flight
    }

    /// Ends the flight on the ground at sample `last`, which is `impact` if given.
    fn end(&mut self, last: usize, impact: Option<PathState>) {
        self.last = last;
        self.impact = impact;
        self.ends_on_ground = true;
    }

    /// Sample `k` (at most the last).
    fn sample(&self, k: usize) -> PathState {
        if k == self.last
            && let Some(impact) = self.impact
        {
            return impact;
        }
        let (j, i) = (k / self.stride, k % self.stride);
        let mut s = if i == 0 {
            self.nodes[j].state
        } else {
            // Only the last span may be short; its end is the one sample at i ≥ 1 with no
            // basis.
            let bases = match &self.short {
                Some(short) if j + 2 == self.nodes.len() => short,
                _ => &self.full,
            };
            match bases.get(i - 1) {
                Some(w) => self.nodes[j].quintic(&self.nodes[j + 1], w),
                None => self.nodes[j + 1].state,
            }
        };
        // On the grid of the step from the start, as a step-by-step integration places it.
        s.time_s = self.t0 + k as f64 * self.step;
        s
    }

    /// The blocks of the samples, from their end samples only: the samples of a block lie
    /// on a curve whose acceleration is gravity, so within M·T²/8 of the chord between its
    /// ends (T the block's duration), M bounding gravity along it. The path stays above the
    /// ground but for its start and end, so its radius stays above the smaller of the
    /// polar radius and the start's, less 1 % for the ellipsoid's tilt and the interpolation.
    fn blocks(&self) -> Vec<Block> {
        let floor = 0.99 * WGS84_B.min(self.nodes[0].state.position.norm());
        let accel = MU_EARTH / (floor * floor);
        let mut a = self.sample(0);
        block_ranges(self.last)
            .map(|(k0, k1)| {
                let b = self.sample(k1);
                let span = b.time_s - a.time_s;
                let block = Block::new(k0, k1, a.position, b.position, accel * span * span / 8.0);
                a = b;
                block
            })
            .collect()
    }
}

/// Whether a free-flight state is slow enough for its altitude to be concave in time (see
/// [`Flight::new`]).
fn sub_orbital(node: &Node) -> bool {
    let r = node.state.position.norm();
    node.state.velocity.norm_squared() * WGS84_A * WGS84_A < 0.99 * MU_EARTH * WGS84_B * WGS84_B / r
}

/// Whether `r` is above the WGS-84 ellipsoid, i.e. `EARTH.altitude(r) > 0`, without its two
/// roots and division: (x² + y²)/a² + z²/b² > 1.
fn above_ground(r: &Vector3<f64>) -> bool {
    let (a2, b2) = (WGS84_A * WGS84_A, WGS84_B * WGS84_B);
    b2 * (r.x * r.x + r.y * r.y) + a2 * r.z * r.z > a2 * b2
}

/// Rate of change of altitude of a state (m/s).
pub(crate) fn vertical_speed(s: &PathState) -> f64 {
    s.velocity.dot(&EARTH.up(&s.position))
}

/// Cubic Hermite interpolation between two states at fraction `u` of the interval.
// Inlined so that the impact bisection, which reads only the position, skips the velocity.
#[inline]
fn hermite(a: &PathState, b: &PathState, u: f64) -> PathState {
    let dt = b.time_s - a.time_s;
    let (u2, u3) = (u * u, u * u * u);
    let h00 = 2.0 * u3 - 3.0 * u2 + 1.0;
    let h10 = u3 - 2.0 * u2 + u;
    let h01 = -2.0 * u3 + 3.0 * u2;
    let h11 = u3 - u2;
    let position =
        h00 * a.position + h10 * dt * a.velocity + h01 * b.position + h11 * dt * b.velocity;
    // Derivatives of the basis functions with respect to u, divided by dt.
    let velocity = if dt > 0.0 {
        let d00 = 6.0 * u2 - 6.0 * u;
        let d10 = 3.0 * u2 - 4.0 * u + 1.0;
        let d01 = -6.0 * u2 + 6.0 * u;
        let d11 = 3.0 * u2 - 2.0 * u;
        (d00 * a.position + d01 * b.position) / dt + d10 * a.velocity + d11 * b.velocity
    } else {
        a.velocity
    };
    PathState {
        time_s: a.time_s + u * dt,
        position,
        velocity,
    }
}

/// Closed-form great-circle extrapolation of one state.
#[derive(Debug, Clone)]
struct GreatCircle {
    /// Unit vector from the Earth's centre to the start point.
    up: Vector3<f64>,
    /// Unit vector of the horizontal course at the start point.
    course: Vector3<f64>,
    /// Angular rate about the Earth's centre (rad/s).
    omega: f64,
    /// Altitude at the start (m, geocentric measure of [`EARTH`]).
    altitude_m: f64,
    /// Climb rate (m/s).
    climb_mps: f64,
    /// Lowest altitude the track may descend to (m).
    floor_m: f64,
    /// The turn `(sin, cos)` over [`VELOCITY_H_S`], for the velocity's central difference.
    turn_h: (f64, f64),
}

/// Half the interval of the central difference that gives a great-circle velocity (s).
const VELOCITY_H_S: f64 = 0.01;

impl GreatCircle {
    fn new(start: &PathState) -> Self {
        let r = start.position.norm();
        let up = start.position / r;
        // Climb is measured along the ellipsoid normal (the altitude rate); measured along the
        // geocentric radius, a level track at 48° latitude would "climb" at v·sin(0.19°).
        let normal = EARTH.up(&start.position);
        let climb_mps = start.velocity.dot(&normal);
        let level = start.velocity - climb_mps * normal;
        // The course, made perpendicular to the geocentric radius for the rotation below.
        let horizontal = level - level.dot(&up) * up;
        // A purely vertical track has no course: any horizontal unit vector will do, since the
        // angular rate is zero.
        let course = horizontal.try_normalize(0.0).unwrap_or_else(|| {
            up.cross(&Vector3::z())
                .try_normalize(1e-12)
                .unwrap_or(Vector3::x())
        });
        let altitude_m = EARTH.altitude(&start.position);
        let omega = level.norm() / r;
        GreatCircle {
            up,
            course,
            omega,
            turn_h: (omega * VELOCITY_H_S).sin_cos(),
            altitude_m,
            climb_mps,
            floor_m: altitude_m.min(0.0),
        }
    }

    fn altitude_at(&self, dt: f64) -> f64 {
        (self.altitude_m + self.climb_mps * dt.min(CLIMB_HOLD_S)).max(self.floor_m)
    }

    /// The position `dt` after the start, where the arc has turned by the angle whose sine and
    /// cosine are `(sin, cos)`.
    fn position_at(&self, dt: f64, (sin, cos): (f64, f64)) -> Vector3<f64> {
        let dir = cos * self.up + sin * self.course;
        // Surface radius along `dir`, where EARTH.altitude is zero: a·b / √(b²(x² + y²) + a²z²)
        // for a unit vector.
        let (a, b) = (WGS84_A, WGS84_B);
        let surface = a * b * dir.norm()
            / (b * b * (dir.x * dir.x + dir.y * dir.y) + a * a * dir.z * dir.z).sqrt();
        (surface + self.altitude_at(dt)) * dir
    }

    /// The turn angles `(sin, cos)` at `dt = j × stride` after the start, j = j0..=j1, with
    /// their `dt`. The angle advances by a rotation per stride; an exact `sin_cos` every
    /// [`REANCHOR`] strides bounds the rounding drift.
    fn turns(
        &self,
        stride: f64,
        j0: usize,
        j1: usize,
    ) -> impl Iterator<Item = (f64, (f64, f64))> + use<> {
        /// Strides between exact evaluations of the turn angle.
        const REANCHOR: usize = 64;
        let omega = self.omega;
        let per_stride = (omega * stride).sin_cos();
        let mut angle = (0.0, 1.0);
        (j0..=j1).map(move |j| {
            let dt = j as f64 * stride;
            if (j - j0).is_multiple_of(REANCHOR) {
                angle = (omega * dt).sin_cos();
            }
            let here = angle;
            angle = rotate(angle, per_stride);
            (dt, here)
        })
    }

    /// The state `k × step` after the start (at `t0 + k × step`). The velocity is a central
    /// difference (the closed form of the ellipsoid radius term is longer than it is worth;
    /// the difference is accurate to ~1e-6 m/s here).
    fn state(&self, t0: f64, step: f64, k: usize) -> PathState {
        const H: f64 = VELOCITY_H_S;
        let dt = k as f64 * step;
        let angle = (self.omega * dt).sin_cos();
        let (sh, ch) = self.turn_h;
        let position = self.position_at(dt, angle);
        let ahead = self.position_at(dt + H, rotate(angle, (sh, ch)));
        let velocity = if dt >= H {
            (ahead - self.position_at(dt - H, rotate(angle, (-sh, ch)))) / (2.0 * H)
        } else {
            (ahead - position) / H
        };
        PathState {
            time_s: t0 + dt,
            position,
            velocity,
        }
    }

    /// The blocks of the samples k = 0..=last, `k × step` after the start, without
    /// computing the samples: each capsule radius bounds the distance of the arc from the
    /// chord of its block, |r − chord| ≤ M·Δt²/8 with M a bound on |r''|, plus the kink of
    /// the altitude profile where the climb stops.
    ///
    /// With r = R·d(θ), θ = ωt, R = S(θ) + h(t): r'' = (R'' − Rω²)·d + 2R'ω·d⊥, so
    /// |r''| ≤ |S''|ω² + Rω² + 2(|S'|ω + |ḣ|)ω. Where the climb stops at t_k, h has a kink:
    /// r = smooth part − ḣ·(t − t_k)₊·d(θ), whose chord error is at most
    /// |ḣ|·(Δt/4 + 2ωΔt²) (the hinge, plus the turn of d after t_k).
    fn blocks(&self, step: f64, last: usize) -> Vec<Block> {
        let w = self.omega;
        let climb = self.climb_mps.abs();
        // The altitude is monotonic, so its extremes are at the ends.
        let top = self
            .altitude_at(0.0)
            .max(self.altitude_at(last as f64 * step));
        let radius = WGS84_A + top.max(0.0);
        let accel =
            SURFACE_CURVATURE * w * w + radius * w * w + 2.0 * (SURFACE_SLOPE * w + climb) * w;
        let kink = self.kink_s();
        // The ends of the blocks: every `len` samples, and the last one.
        let len = block_len(last);
        let mut knots: Vec<Vector3<f64>> = self
            .turns(len as f64 * step, 0, last / len)
            .map(|(dt, angle)| self.position_at(dt, angle))
            .collect();
        if !last.is_multiple_of(len) {
            let dt = last as f64 * step;
            knots.push(self.position_at(dt, (w * dt).sin_cos()));
        }
        block_ranges(last)
            .zip(knots.windows(2))
            .map(|((k0, k1), ends)| {
                let (t0, t1) = (k0 as f64 * step, k1 as f64 * step);
                let span = t1 - t0;
                let hinge = match kink {
                    Some(tk) if t0 < tk && tk < t1 => climb * (span / 4.0 + 2.0 * w * span * span),
                    _ => 0.0,
                };
                Block::new(k0, k1, ends[0], ends[1], accel * span * span / 8.0 + hinge)
            })
            .collect()
    }

    /// Time after the start at which the altitude stops changing (the climb is held for
    /// [`CLIMB_HOLD_S`], a dive stops at the floor), if it changes at all.
    fn kink_s(&self) -> Option<f64> {
        if self.climb_mps > 0.0 {
            Some(CLIMB_HOLD_S)
        } else if self.climb_mps < 0.0 {
            Some(((self.floor_m - self.altitude_m) / self.climb_mps).min(CLIMB_HOLD_S))
        } else {
            None
        }
    }
}

/// The angle `(sin, cos)` turned further by `(sin, cos)` of another.
fn rotate((s, c): (f64, f64), (sd, cd): (f64, f64)) -> (f64, f64) {
    (s * cd + c * sd, c * cd - s * sd)
}

/// (a² − b²) of WGS-84 (m²).
const ELLIPSOID_E: f64 = WGS84_A * WGS84_A - WGS84_B * WGS84_B;

/// Bound on |dS/dθ| (m/rad), S the WGS-84 surface radius along any great circle and θ the
/// angle travelled: S = ab/√(b² + e·g), g = sin² of the geocentric latitude = A²·sin²(θ + φ)
/// with A ≤ 1, so |g'| ≤ 1, |g''| ≤ 2 and |S'| ≤ a·e/2b² (21.5 km/rad).
const SURFACE_SLOPE: f64 = WGS84_A * ELLIPSOID_E / (2.0 * WGS84_B * WGS84_B);

/// Bound on |d²S/dθ²| (m/rad²), as for [`SURFACE_SLOPE`]: a·e/b² + 3a·e²/4b⁴ (43.2 km/rad²).
const SURFACE_CURVATURE: f64 = WGS84_A * ELLIPSOID_E / (WGS84_B * WGS84_B)
    + 0.75 * WGS84_A * ELLIPSOID_E * ELLIPSOID_E / (WGS84_B * WGS84_B * WGS84_B * WGS84_B);
