//! Ballistic missiles: spherical free-flight closed forms (MODELS.md §9) and
//! a mover that integrates the free flight under central inverse-square
//! gravity from launch to the aim point.
//!
//! # Model and assumptions
//!
//! * **No boost phase.** Burnout happens at the launch point itself, at the
//!   launch height, with the full burnout speed (the MODELS.md §9 free-flight
//!   convention). Real boost lasts 60–120 s and ends 20–80 km downrange and
//!   tens of kilometres up.
//! * **Gravity** is μ/r² toward the Earth's centre (μ = [`MU_EARTH`]); no J2,
//!   no drag (re-entry deceleration is not modelled).
//! * **Non-rotating Earth.** The trajectory is integrated with the ECEF frame
//!   treated as inertial: no Coriolis or centrifugal terms. The flight then
//!   stays in the plane through the Earth's centre, the launch point and the
//!   aim point.
//! * **Aiming.** The launch velocity lies in that plane, at flight-path angle
//!   γ above the local *geocentric* horizontal (perpendicular to the radius;
//!   it differs from the geodetic horizontal by at most 0.19°), and its
//!   magnitude is the exact conic solution through the aim point's ECEF
//!   position (radius r₁ at central angle θ from the launch radius r₀):
//!
//!   ```text
//!   1/r(θ) = (1 − cos θ)/p + cos(θ + γ)/(r₀ cos γ),   p = (r₀ v cos γ)²/μ
//!   ```
//!
//!   solved for v. So WGS-84 launch and aim heights and radii are honoured
//!   without iteration, and the integrated trajectory lands on the aim point
//!   to the RK4 truncation error (millimetres). The plane's azimuth at
//!   launch is within ~0.2° of the WGS-84 geodesic azimuth.
//! * **Shape.** [`BallisticShape::MinimumEnergy`] uses γ_opt = (π − θ)/4,
//!   the spherical minimum-energy angle for the central angle θ;
//!   [`BallisticShape::FlightPathAngle`] uses the given angle (above γ_opt:
//!   lofted, below: depressed). A shape that would need circular (orbital)
//!   speed or more is rejected: that is an orbit, not a missile shot.
//! * **Integration.** RK4 in ECEF with steps of at most [`MAX_STEP_S`]; a
//!   longer engine tick is split, so accuracy does not depend on the tick.
//!   The flight ends at the first downward crossing of the aim point's
//!   geodetic height, located by root-finding on the RK4 step length.

use crate::MotionError;
use crate::route::check_position;
use canopy_core::geo::{Ecef, Geodetic, MU_EARTH, R_EARTH_MEAN, WGS84_A};
use nalgebra::Vector3;
use std::f64::consts::PI;

/// How a ballistic missile shapes its trajectory.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum BallisticShape {
    /// The minimum-energy (maximum-range) flight-path angle for the range.
    MinimumEnergy,
    /// A given flight-path angle at burnout, degrees above the horizontal:
    /// above the minimum-energy angle the trajectory is lofted, below it is
    /// depressed.
    FlightPathAngle {
        /// Flight-path angle, degrees, in (0, 90).
        deg: f64,
    },
}

/// A ballistic flight from a launch point to an aim point.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct BallisticPlan {
    /// Launch (and burnout) point.
    pub launch: Geodetic,
    /// Aim point; the flight ends when it comes back down to this point's
    /// height.
    pub aim: Geodetic,
    /// Trajectory shape.
    pub shape: BallisticShape,
}

/// Longest RK4 step, seconds. At the orbital frequency of a ballistic
/// trajectory (~1.2e-3 rad/s) the truncation error of a 1 s step is below a
/// micrometre, so one step per engine tick of up to 1 s suffices.
pub const MAX_STEP_S: f64 = 1.0;

/// ν = v²·Re/μ, the speed ratio of the free-flight equations.
fn nu(speed_mps: f64) -> f64 {
    speed_mps * speed_mps * R_EARTH_MEAN / MU_EARTH
}

/// Spherical-earth free-flight maximum range, metres, for burnout at the
/// surface at `burnout_speed_mps` (MODELS.md §9:
/// sin(Ψ/2) = ν/(2 − ν), range = Re·Ψ, Re = [`R_EARTH_MEAN`]).
///
/// At or above circular speed (ν ≥ 1) every surface point is reachable and
/// the answer is half the circumference, π·Re; a non-positive or NaN speed
/// reaches nothing (0).
pub fn max_range_m(burnout_speed_mps: f64) -> f64 {
    if burnout_speed_mps.is_nan() || burnout_speed_mps <= 0.0 {
        return 0.0;
    }
    let nu = nu(burnout_speed_mps);
    if nu >= 1.0 {
        return PI * R_EARTH_MEAN;
    }
    R_EARTH_MEAN * 2.0 * (nu / (2.0 - nu)).asin()
}

/// Spherical-earth free-flight range, metres, at `burnout_speed_mps` and
/// flight-path angle `flight_path_angle_deg` (MODELS.md §9:
/// tan(Ψ/2) = ν sin γ cos γ/(1 − ν cos²γ)). `None` when the speed is not
/// positive, the angle is outside (0°, 90°), or the missile would not come
/// back down within half a circumference (ν cos²γ ≥ 1).
pub fn range_m(burnout_speed_mps: f64, flight_path_angle_deg: f64) -> Option<f64> {
    let gamma = angle(flight_path_angle_deg)?;
    if burnout_speed_mps.is_nan() || burnout_speed_mps <= 0.0 {
        return None;
    }
    let nu = nu(burnout_speed_mps);
    let (s, c) = gamma.sin_cos();
    let den = 1.0 - nu * c * c;
    (den > 0.0).then(|| R_EARTH_MEAN * 2.0 * (nu * s * c).atan2(den))
}

/// The minimum-energy flight-path angle for a surface range on the
/// spherical earth, degrees: γ_opt = (π − Ψ)/4 with Ψ = range/Re, the range
/// clamped to [0, π·Re].
pub fn optimal_flight_path_angle_deg(range_m: f64) -> f64 {
    let psi = (range_m / R_EARTH_MEAN).clamp(0.0, PI);
    ((PI - psi) / 4.0).to_degrees()
}

/// Burnout speed, m/s, that carries a missile `range_m` over the spherical
/// earth with the given shape (burnout and impact at radius Re). `None` when
/// impossible: a range outside (0, π·Re), an angle outside (0°, 90°), or a
/// lofted angle so steep the speed would reach circular (orbital) speed
/// √(μ/Re), which no free-flight missile has: above it the flight is an
/// orbit lasting hours to months rather than a ballistic shot.
pub fn required_burnout_speed(range_m: f64, shape: BallisticShape) -> Option<f64> {
    let theta = range_m / R_EARTH_MEAN;
    if !(theta > 0.0 && theta < PI) {
        return None;
    }
    let gamma = shape_angle(shape, theta).ok()?;
    conic_speed(R_EARTH_MEAN, R_EARTH_MEAN, theta, gamma).ok()
}

/// A flight-path angle in degrees as radians, if it is inside (0°, 90°).
fn angle(deg: f64) -> Option<f64> {
    (deg > 0.0 && deg < 90.0).then(|| deg.to_radians())
}

/// The flight-path angle (radians) of `shape` for central angle `theta`.
fn shape_angle(shape: BallisticShape, theta: f64) -> Result<f64, MotionError> {
    match shape {
        BallisticShape::MinimumEnergy => Ok((PI - theta) / 4.0),
        BallisticShape::FlightPathAngle { deg } => {
            angle(deg).ok_or(MotionError::InvalidFlightPathAngle { deg })
        }
    }
}

/// The launch speed at radius `r0` and flight-path angle `gamma` (radians,
/// from the geocentric horizontal) whose Kepler conic passes through radius
/// `r1` at central angle `theta`.
fn conic_speed(r0: f64, r1: f64, theta: f64, gamma: f64) -> Result<f64, &'static str> {
    let c = gamma.cos();
    let half = 0.5 * theta;
    // 1/p from the trajectory equation, written without the cancellation of
    // 1 − cos θ and cos γ − cos(θ + γ) at short range.
    let inv_p = ((r0 - r1) / (r0 * r1) + 2.0 * (gamma + half).sin() * half.sin() / (r0 * c))
        / (2.0 * half.sin().powi(2));
    if inv_p.is_nan() || inv_p <= 0.0 {
        return Err("the flight-path angle is too low to come back down to the aim point");
    }
    let v = (MU_EARTH / inv_p).sqrt() / (r0 * c);
    if v * v >= MU_EARTH / r0 {
        return Err("the trajectory would need orbital speed");
    }
    // d(1/r)/dθ > 0 at the aim point means the radius is falling there.
    let falling = inv_p * theta.sin() - (theta + gamma).sin() / (r0 * c) > 0.0;
    if !falling {
        return Err("the trajectory would reach the aim point while still climbing");
    }
    Ok(v)
}

/// Position and velocity in the (non-rotating) Earth-centred frame.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct State {
    /// Position, m.
    pub r: Vector3<f64>,
    /// Velocity, m/s.
    pub v: Vector3<f64>,
}

fn gravity(r: &Vector3<f64>) -> Vector3<f64> {
    let r2 = r.norm_squared();
    r * (-MU_EARTH / (r2 * r2.sqrt()))
}

impl State {
    /// One classical Runge–Kutta step of `h` seconds.
    pub(crate) fn rk4(&self, h: f64) -> State {
        let (r, v) = (self.r, self.v);
        let a1 = gravity(&r);
        let a2 = gravity(&(r + v * (0.5 * h)));
        let v2 = v + a1 * (0.5 * h);
        let a3 = gravity(&(r + v2 * (0.5 * h)));
        let v3 = v + a2 * (0.5 * h);
        let a4 = gravity(&(r + v3 * h));
        let v4 = v + a3 * h;
        State {
            r: r + (v + v2 * 2.0 + v3 * 2.0 + v4) * (h / 6.0),
            v: v + (a1 + a2 * 2.0 + a3 * 2.0 + a4) * (h / 6.0),
        }
    }
}

/// The surface a free flight ends on.
pub(crate) trait Ground {
    /// Height of `r` above the surface, m (negative below).
    fn height(&self, r: &Vector3<f64>) -> f64;
    /// A cheap test that is `true` only if `r` is certainly above the
    /// surface, so `height` can be skipped for most of the flight.
    fn surely_above(&self, r: &Vector3<f64>) -> bool;
}

/// The surface at a given WGS-84 geodetic height.
#[derive(Clone, Copy, Debug, PartialEq)]
struct GeodeticHeight(f64);

impl Ground for GeodeticHeight {
    fn height(&self, r: &Vector3<f64>) -> f64 {
        Ecef(*r).to_geodetic().alt_m - self.0
    }

    fn surely_above(&self, r: &Vector3<f64>) -> bool {
        // The ellipsoid lies inside the sphere of radius a, so a point at
        // radius r is at least r − a above it.
        r.norm() - WGS84_A > self.0
    }
}

/// A free flight that ends when it comes down through a [`Ground`].
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct FreeFlight<G> {
    /// Current state.
    pub state: State,
    ground: G,
    /// Height above the ground at the last step (+∞ when only known to be
    /// positive).
    height: f64,
}

impl<G: Ground> FreeFlight<G> {
    /// Starts a flight at `state`, `height` above the ground.
    pub(crate) fn new(state: State, ground: G, height: f64) -> FreeFlight<G> {
        FreeFlight {
            state,
            ground,
            height,
        }
    }

    /// Flies `dt` seconds in steps of at most [`MAX_STEP_S`]. If the flight
    /// comes down through the ground, stops there and returns the time
    /// flown in this call.
    pub(crate) fn advance(&mut self, dt: f64) -> Option<f64> {
        let n = (dt / MAX_STEP_S).ceil().max(1.0);
        let h = dt / n;
        for i in 0..n as u64 {
            let next = self.state.rk4(h);
            let g = if self.ground.surely_above(&next.r) {
                f64::INFINITY
            } else {
                self.ground.height(&next.r)
            };
            if self.height > 0.0 && g <= 0.0 {
                let tau = self.crossing(h, g);
                self.state = self.state.rk4(tau);
                return Some(i as f64 * h + tau);
            }
            self.state = next;
            self.height = g;
        }
        None
    }

    /// How far into the step of `h` seconds from the current state (ending
    /// `g_end` ≤ 0 above the ground) the flight crosses the ground: Illinois
    /// regula falsi on the step length, each trial an exact RK4 step.
    fn crossing(&self, h: f64, g_end: f64) -> f64 {
        let (mut t0, mut g0) = (0.0, self.ground.height(&self.state.r));
        let (mut t1, mut g1) = (h, g_end);
        let mut side = 0;
        for _ in 0..60 {
            let t = (t0 * g1 - t1 * g0) / (g1 - g0);
            let g = self.ground.height(&self.state.rk4(t).r);
            if g.abs() < 1e-6 || (t1 - t0) < 1e-12 {
                return t;
            }
            if g > 0.0 {
                (t0, g0) = (t, g);
                if side == 1 {
                    g1 *= 0.5;
                }
                side = 1;
            } else {
                (t1, g1) = (t, g);
                if side == -1 {
                    g0 *= 0.5;
                }
                side = -1;
            }
        }
        (t0 * g1 - t1 * g0) / (g1 - g0)
    }
}

/// Kinematic state of a ballistic missile.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct BallisticMover {
    flight: FreeFlight<GeodeticHeight>,
    burnout_speed: f64,
}

impl BallisticMover {
    pub(crate) fn new(plan: &BallisticPlan) -> Result<BallisticMover, MotionError> {
        check_position("launch point", None, &plan.launch)?;
        check_position("aim point", None, &plan.aim)?;
        let r0 = plan.launch.to_ecef().0;
        let r1 = plan.aim.to_ecef().0;
        let normal = r0.cross(&r1);
        let theta = normal.norm().atan2(r0.dot(&r1));
        // Below 1 m or within 1 m of the antipode the plane of flight is
        // undefined.
        if !(theta * R_EARTH_MEAN >= 1.0 && (PI - theta) * R_EARTH_MEAN >= 1.0) {
            return Err(MotionError::AimOutOfRange {
                range_m: theta * R_EARTH_MEAN,
            });
        }
        let gamma = shape_angle(plan.shape, theta)?;
        let speed = conic_speed(r0.norm(), r1.norm(), theta, gamma)
            .map_err(|reason| MotionError::Unreachable { reason })?;
        let up = r0.normalize();
        let downrange = normal.normalize().cross(&up);
        let (s, c) = gamma.sin_cos();
        let state = State {
            r: r0,
            v: (downrange * c + up * s) * speed,
        };
        let ground = GeodeticHeight(plan.aim.alt_m);
        Ok(BallisticMover {
            flight: FreeFlight::new(state, ground, plan.launch.alt_m - plan.aim.alt_m),
            burnout_speed: speed,
        })
    }

    /// Flies `dt` seconds; `true` on impact.
    pub(crate) fn advance(&mut self, dt: f64) -> bool {
        self.flight.advance(dt).is_some()
    }

    pub(crate) fn position(&self) -> Ecef {
        Ecef(self.flight.state.r)
    }

    pub(crate) fn velocity(&self) -> Vector3<f64> {
        self.flight.state.v
    }

    pub(crate) fn burnout_speed(&self) -> f64 {
        self.burnout_speed
    }
}

#[cfg(test)]
mod tests;
