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

use canopy_core::geo::MU_EARTH;
use nalgebra::Vector3;

use crate::salvo::{InvalidInput, check, finite, positive};

/// Earth shape for altitudes and local verticals: WGS-84, with altitude measured along the
/// geocentric radius as the flyout does (within 0.6 m of the geodetic height at 100 km).
pub(crate) const EARTH: canopy_flyout::EarthModel = canopy_flyout::EarthModel::Wgs84;

/// How long an air-breathing track is assumed to keep its current climb or dive rate (s).
pub const CLIMB_HOLD_S: f64 = 60.0;

/// Largest number of samples a path may hold (horizon / step).
const MAX_SAMPLES: f64 = 1e5;

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
#[derive(Debug, Clone, PartialEq)]
pub struct PredictedPath {
    model: MotionModel,
    step_s: f64,
    states: Vec<PathState>,
    ends_on_ground: bool,
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
            finite(format!("path start state[{i}]"), *c)?;
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
        let mut path = PredictedPath {
            model,
            step_s,
            states: Vec::with_capacity(samples + 1),
            ends_on_ground: false,
        };
        match model {
            MotionModel::GreatCircle => {
                let arc = GreatCircle::new(&start);
                path.states
                    .extend((0..=samples).map(|k| arc.state(start.time_s, k as f64 * step_s)));
            }
            MotionModel::Ballistic => path.fly_ballistic(start, samples),
        }
        Ok(path)
    }

    fn fly_ballistic(&mut self, start: PathState, samples: usize) {
        let h = self.step_s;
        let f = |p: &Vector3<f64>, v: &Vector3<f64>| (*v, gravity(p));
        let mut s = start;
        self.states.push(s);
        for _ in 0..samples {
            if EARTH.altitude(&s.position) <= 0.0 && vertical_speed(&s) < 0.0 {
                self.ends_on_ground = true;
                return;
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
            if EARTH.altitude(&next.position) <= 0.0 && EARTH.altitude(&s.position) > 0.0 {
                // Impact inside the step: bisect the interpolated altitude for the crossing.
                let (mut lo, mut hi) = (0.0, 1.0);
                for _ in 0..40 {
                    let mid = 0.5 * (lo + hi);
                    if EARTH.altitude(&hermite(&s, &next, mid).position) > 0.0 {
                        lo = mid;
                    } else {
                        hi = mid;
                    }
                }
                self.states.push(hermite(&s, &next, hi));
                self.ends_on_ground = true;
                return;
            }
            self.states.push(next);
            s = next;
        }
    }

    /// The motion model used.
    pub fn model(&self) -> MotionModel {
        self.model
    }

    /// Time of the first state (the track estimate's time, s).
    pub fn start_time_s(&self) -> f64 {
        self.states[0].time_s
    }

    /// Time of the last state: the horizon, or the ground impact (s).
    pub fn end_time_s(&self) -> f64 {
        self.states[self.states.len() - 1].time_s
    }

    /// Whether the path ends by hitting the ground before its horizon (ballistic impact).
    pub fn ends_on_ground(&self) -> bool {
        self.ends_on_ground
    }

    /// The sampled states (every `step_s`, the last one possibly closer, at impact).
    pub fn states(&self) -> &[PathState] {
        &self.states
    }

    /// Interpolated state at `time_s`, or `None` outside [start, end].
    pub fn state_at(&self, time_s: f64) -> Option<PathState> {
        let (t0, t1) = (self.start_time_s(), self.end_time_s());
        if !(time_s >= t0 && time_s <= t1) {
            return None;
        }
        if self.states.len() == 1 {
            return Some(self.states[0]);
        }
        let last_segment = self.states.len() - 2;
        let k = (((time_s - t0) / self.step_s).floor() as usize).min(last_segment);
        let (a, b) = (&self.states[k], &self.states[k + 1]);
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
    /// ballistic body, far less for air-breathers).
    pub fn closest_approach(&self, point: &Vector3<f64>) -> Approach {
        let first = &self.states[0];
        let mut best = Approach {
            distance_m: (first.position - point).norm(),
            time_s: first.time_s,
        };
        for w in self.states.windows(2) {
            let (a, b) = (&w[0], &w[1]);
            let chord = b.position - a.position;
            let len2 = chord.norm_squared();
            let u = if len2 > 0.0 {
                ((point - a.position).dot(&chord) / len2).clamp(0.0, 1.0)
            } else {
                0.0
            };
            let d = (a.position + u * chord - point).norm();
            if d < best.distance_m {
                best = Approach {
                    distance_m: d,
                    time_s: a.time_s + u * (b.time_s - a.time_s),
                };
            }
        }
        best
    }
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

    fn position_at(&self, dt: f64) -> Vector3<f64> {
        let (s, c) = (self.omega * dt).sin_cos();
        let dir = c * self.up + s * self.course;
        // Surface radius along `dir`: the radius at which EARTH.altitude is zero.
        let probe = dir * 1e7;
        let surface = probe.norm() - EARTH.altitude(&probe);
        (surface + self.altitude_at(dt)) * dir
    }

    fn state(&self, t0: f64, dt: f64) -> PathState {
        // Velocity by a central difference: the closed form of the ellipsoid radius term is
        // longer than it is worth; the difference is accurate to ~1e-6 m/s here.
        const H: f64 = 0.01;
        let velocity = if dt >= H {
            (self.position_at(dt + H) - self.position_at(dt - H)) / (2.0 * H)
        } else {
            (self.position_at(dt + H) - self.position_at(dt)) / H
        };
        PathState {
            time_s: t0 + dt,
            position: self.position_at(dt),
            velocity,
        }
    }
}
