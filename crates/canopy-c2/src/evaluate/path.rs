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
//!   integrated with RK4 until the ground (altitude 0) or the horizon.
//!
//! Both are sampled at a fixed step and interpolated by cubic Hermite polynomials on position
//! and velocity, so [`PredictedPath::state_at`] is smooth and cheap for the feasibility scans.
//!
//! The evaluator builds a path for every track every cycle but the engine assesses only a few
//! of them, so a great-circle path computes its samples on first use (the closed form needs no
//! integration); a ballistic path integrates them at construction, since the integration is
//! what finds the impact. Closest approaches go through blocks of samples, each covered by a
//! capsule (a segment and a radius) that bounds how near its chords can come to a point: only
//! the blocks that may hold the minimum are scanned chord by chord, giving the same answer as
//! a scan of every chord.

use std::sync::OnceLock;

use canopy_core::geo::MU_EARTH;
use canopy_flyout::earth::{WGS84_A, WGS84_B};
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
}

/// Where a path's samples come from.
#[derive(Debug, Clone)]
enum Samples {
    /// Closed form; the states are computed on first use.
    Arc(GreatCircle, OnceLock<Vec<PathState>>),
    /// Integrated at construction.
    Stored(Vec<PathState>),
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
        let mut path = match model {
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
                    samples: Samples::Arc(arc, OnceLock::new()),
                    blocks,
                    whole,
                }
            }
            MotionModel::Ballistic => {
                let (states, ends_on_ground) = fly_ballistic(start, step_s, samples);
                PredictedPath {
                    step_s,
                    start,
                    last: states.len() - 1,
                    end_time_s: states[states.len() - 1].time_s,
                    ends_on_ground,
                    blocks: Vec::new(),
                    whole: None,
                    samples: Samples::Stored(states),
                }
            }
        };
        if let Samples::Stored(states) = &path.samples {
            path.blocks = stored_blocks(states);
            path.whole = covering(&path.blocks);
        }
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
            Samples::Stored(_) => MotionModel::Ballistic,
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

    /// The sampled states (every `step_s`, the last one possibly closer, at impact); a
    /// great-circle path computes them on the first call.
    pub fn states(&self) -> &[PathState] {
        match &self.samples {
            Samples::Arc(arc, states) => states.get_or_init(|| {
                arc.states(self.start.time_s, self.step_s, self.last)
                    .collect()
            }),
            Samples::Stored(states) => states,
        }
    }

    /// Interpolated state at `time_s`, or `None` outside [start, end].
    pub fn state_at(&self, time_s: f64) -> Option<PathState> {
        let (t0, t1) = (self.start_time_s(), self.end_time_s());
        if !(time_s >= t0 && time_s <= t1) {
            return None;
        }
        let states = self.states();
        if states.len() == 1 {
            return Some(states[0]);
        }
        let last_segment = states.len() - 2;
        let k = (((time_s - t0) / self.step_s).floor() as usize).min(last_segment);
        let (a, b) = (&states[k], &states[k + 1]);
        let span = b.time_s - a.time_s;
        let u = if span > 0.0 {
            ((time_s - a.time_s) / span).clamp(0.0, 1.0)
        } else {
            0.0
        };
        let mut s = hermite(a, b, u);
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
        let (nearest2, widest) = self
            .blocks
            .iter()
            .fold((f64::INFINITY, 0.0f64), |(d2, r), b| {
                (d2.min(b.distance2(point)), r.max(b.radius))
            });
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
            Samples::Arc(arc, _) => {
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
            Samples::Stored(states) => {
                for w in states[block.k0..=block.k1].windows(2) {
                    f(&w[0].position, w[0].time_s, &w[1].position, w[1].time_s);
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

/// Blocks over stored samples: each radius is the farthest sample from the block's segment.
fn stored_blocks(states: &[PathState]) -> Vec<Block> {
    block_ranges(states.len() - 1)
        .map(|(k0, k1)| {
            let segment = Block::new(k0, k1, states[k0].position, states[k1].position, 0.0);
            let farthest2 = states[k0 + 1..k1]
                .iter()
                .map(|s| segment.distance2(&s.position))
                .fold(0.0, f64::max);
            segment.widened(farthest2.sqrt())
        })
        .collect()
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

/// Integrates free flight from `start` for `samples` steps of `h` or until the ground: the
/// states, and whether the ground ended them.
fn fly_ballistic(start: PathState, h: f64, samples: usize) -> (Vec<PathState>, bool) {
    let f = |p: &Vector3<f64>, v: &Vector3<f64>| (*v, gravity(p));
    let mut states = Vec::with_capacity(samples + 1);
    let mut s = start;
    // Whether `s` is above the ground, carried from one step to the next.
    let mut above = above_ground(&s.position);
    states.push(s);
    for _ in 0..samples {
        if !above && vertical_speed(&s) < 0.0 {
            return (states, true);
        }
        let (p, v) = (s.position, s.velocity);
        let (k1p, k1v) = f(&p, &v);
        let (k2p, k2v) = f(&(p + 0.5 * h * k1p), &(v + 0.5 * h * k1v));
        let (k3p, k3v) = f(&(p + 0.5 * h * k2p), &(v + 0.5 * h * k2v));
        let (k4p, k4v) = f(&(p + h * k3p), &(v + h * k3v));
        let next = PathState {
            time_s: s.time_s + h,
            position: p + h / 6.0 * (k1p + 2.0 * k2p + 2.0 * k3p + k4p),
            velocity: v + h / 6.0 * (k1v + 2.0 * k2v + 2.0 * k3v + k4v),
        };
        let next_above = above_ground(&next.position);
        if above && !next_above {
            // Impact inside the step: bisect the interpolated altitude for the crossing.
            let (mut lo, mut hi) = (0.0, 1.0);
            for _ in 0..40 {
                let mid = 0.5 * (lo + hi);
                if above_ground(&hermite(&s, &next, mid).position) {
                    lo = mid;
                } else {
                    hi = mid;
                }
            }
            states.push(hermite(&s, &next, hi));
            return (states, true);
        }
        states.push(next);
        s = next;
        above = next_above;
    }
    (states, false)
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

/// Central inverse-square gravity (m/s²).
fn gravity(r: &Vector3<f64>) -> Vector3<f64> {
    let r2 = r.norm_squared();
    r * (-MU_EARTH / (r2 * r2.sqrt()))
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
}

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
        GreatCircle {
            up,
            course,
            omega: level.norm() / r,
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

    /// The states `k × step` after the start, k = 0..=n. The velocity is a central
    /// difference (the closed form of the ellipsoid radius term is longer than it is worth;
    /// the difference is accurate to ~1e-6 m/s here).
    fn states(&self, t0: f64, step: f64, n: usize) -> impl Iterator<Item = PathState> + '_ {
        const H: f64 = 0.01;
        let (sh, ch) = (self.omega * H).sin_cos();
        self.turns(step, 0, n).map(move |(dt, angle)| {
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
        })
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
