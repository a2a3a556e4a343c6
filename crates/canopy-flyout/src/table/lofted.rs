//! The rays of a lofted round's [`super::FlyoutTable`].
//!
//! A lofted round does not fly along the line of sight, so a ray cannot be one straight
//! flight. Instead each ray is a grid of points every [`GRID_M`] of slant range along a fixed
//! line-of-sight elevation; for each point a fast model flies the round to it, and the times
//! of flight are then resampled every table interval into the same (slant range, speed)
//! samples a straight ray has. The table's lookups and slope bounds are therefore unchanged:
//! a sample says when, and how fast, the round reaches that point, not where the round is on
//! the way.
//!
//! **The fast model** is the 3-DOF flyout reduced to the vertical plane through the launcher
//! and a stationary target: the same thrust, mass, drag, central gravity, gravity compensation,
//! lateral limit and [`Loft`] law, with the guidance evaluated at every Runge–Kutta stage and no
//! autopilot lag, in steps of up to [`STEP_MAX_S`] (a tenth of the time to go near the target,
//! down to [`STEP_MIN_S`]), and the last second extrapolated along the line of sight. The
//! flyout's tests hold its times of flight to the 3-DOF flight's.

use nalgebra::{SVector, Vector2};

use super::RayPoint;
use crate::earth::{MU_EARTH, STANDARD_GRAVITY};
use crate::loft::Loft;
use crate::params::{Airframe, InterceptorParams};

/// Slant-range spacing of the flown points along a ray (m).
pub const GRID_M: f64 = 2_000.0;
/// Longest step of the fast model (s).
const STEP_MAX_S: f64 = 0.5;
/// Shortest step of the fast model (s).
const STEP_MIN_S: f64 = 0.05;
/// Steps per time to go while homing.
const STEPS_TO_GO: f64 = 10.0;
/// Below this time to go (s) the flight is extrapolated along the line of sight.
const END_TGO_S: f64 = 1.0;
/// A closest approach farther than this (m) is a failure to reach, not an intercept.
const MISS_LIMIT_M: f64 = 1_000.0;

/// The fast lofted flight of one airframe from one launcher.
pub(super) struct LoftedFlight<'a> {
    airframe: &'a Airframe,
    loft: Loft,
    params: &'a InterceptorParams,
    earth_radius_m: f64,
    launch_radius_m: f64,
}

/// State in the plane: position then velocity, Earth's centre at the origin, the launcher on
/// the +y axis and the target toward +x.
type State = SVector<f64, 4>;

fn gravity(p: &Vector2<f64>) -> Vector2<f64> {
    let r2 = p.norm_squared();
    p * (-MU_EARTH / (r2 * r2.sqrt()))
}

/// The target, the ground distance to it and the launcher's view of it.
struct Geometry {
    /// Target position.
    target: Vector2<f64>,
    /// Unit vector up at the target.
    up: Vector2<f64>,
    /// Angle from the launcher to the target at the Earth's centre (rad).
    angle: f64,
    altitude_m: f64,
}

impl<'a> LoftedFlight<'a> {
    pub(super) fn new(
        airframe: &'a Airframe,
        loft: Loft,
        params: &'a InterceptorParams,
        earth_radius_m: f64,
        launch_radius_m: f64,
    ) -> Self {
        LoftedFlight {
            airframe,
            loft,
            params,
            earth_radius_m,
            launch_radius_m,
        }
    }

    /// Ground distance (m) from `p` to the target, negative once past it.
    fn ground_to_go(&self, g: &Geometry, p: &Vector2<f64>) -> f64 {
        (g.angle - p.x.atan2(p.y)) * self.earth_radius_m
    }

    /// The point guidance steers at from `p`: the raised aim point while lofting.
    fn aim(&self, g: &Geometry, p: &Vector2<f64>, homing: bool) -> Vector2<f64> {
        if homing {
            return g.target;
        }
        g.target + g.up * self.loft.aim_height_m(self.ground_to_go(g, p))
    }

    /// Lateral acceleration: true PN toward `aim` (stationary), gravity compensation, limited
    /// and kept perpendicular to the velocity.
    fn lateral(&self, p: &Vector2<f64>, v: &Vector2<f64>, aim: &Vector2<f64>) -> Vector2<f64> {
        let r = aim - p;
        let r2 = r.norm_squared();
        let speed = v.norm();
        if r2 == 0.0 || speed == 0.0 {
            return Vector2::zeros();
        }
        let rn = r2.sqrt();
        let closing = r.dot(v) / rn;
        // Line-of-sight rate of R = aim − p with dR/dt = −v, and Ω × û in the plane.
        let omega = (r.y * v.x - r.x * v.y) / r2;
        let mut a = Vector2::new(-r.y, r.x) * (omega * self.params.nav_ratio * closing / rn);
        if self.params.gravity_compensation {
            a -= gravity(p);
        }
        let n = Vector2::new(-v.y, v.x) / speed;
        let amax = self.params.max_lateral_g * STANDARD_GRAVITY;
        n * a.dot(&n).clamp(-amax, amax)
    }

    /// Time of flight (s) and speed (m/s) at which the round reaches a stationary point
    /// `ground_m` away along the surface and `altitude_m` high, or `None` if it cannot.
    pub(super) fn fly(&self, ground_m: f64, altitude_m: f64) -> Option<(f64, f64)> {
        let p = self.params;
        let angle = ground_m / self.earth_radius_m;
        let up = Vector2::new(angle.sin(), angle.cos());
        let g = Geometry {
            target: up * (self.earth_radius_m + altitude_m),
            up,
            angle,
            altitude_m,
        };
        let launcher = Vector2::new(0.0, self.launch_radius_m);
        let rel = g.target - launcher;
        let los = (rel.y / rel.norm()).clamp(-1.0, 1.0).asin();
        let el = p.midcourse.launch_elevation_rad(los, ground_m, altitude_m);
        let v0 = p.launch_speed_mps;
        let mut y = State::new(0.0, self.launch_radius_m, v0 * el.cos(), v0 * el.sin());
        let mut t = 0.0;
        let mut homing = false;
        let mut closing_seen = false;
        loop {
            let pos = Vector2::new(y[0], y[1]);
            let vel = Vector2::new(y[2], y[3]);
            // The same switch as the 3-DOF round's (latched once reached).
            homing |= self
                .loft
                .raise_m(self.ground_to_go(&g, &pos), g.altitude_m)
                .is_none();
            let mut h = STEP_MAX_S;
            if homing {
                let r = g.target - pos;
                let rn = r.norm();
                let closing = r.dot(&vel) / rn;
                if closing > 0.0 {
                    closing_seen = true;
                    let tgo = rn / closing;
                    h = (tgo / STEPS_TO_GO).clamp(STEP_MIN_S, STEP_MAX_S);
                    if tgo < END_TGO_S {
                        let tof = t + tgo;
                        // Speed at the end: the axial acceleration now, over the time to go.
                        let speed = vel.norm();
                        let along = self.airframe.axial_acceleration(
                            t,
                            speed,
                            pos.norm() - self.earth_radius_m,
                        ) + gravity(&pos).dot(&vel) / speed;
                        return (tof <= p.max_time_of_flight_s)
                            .then_some((tof, speed + along * tgo));
                    }
                } else if closing_seen {
                    // The range opened before the last second: a pass this close is an
                    // intercept, anything else a round that stalled or turned away.
                    return (rn <= MISS_LIMIT_M).then_some((t, vel.norm()));
                }
            }
            if t >= p.max_time_of_flight_s - 1e-9 {
                return None;
            }
            if t < p.guidance_delay_s {
                h = h.min(p.guidance_delay_s - t);
            }
            h = h.min(p.max_time_of_flight_s - t);
            let guided = t >= p.guidance_delay_s;
            let f = |s: f64, y: &State| {
                let pos = Vector2::new(y[0], y[1]);
                let vel = Vector2::new(y[2], y[3]);
                let speed = vel.norm();
                let mut acc = gravity(&pos)
                    + vel
                        * (self.airframe.axial_acceleration(
                            s,
                            speed,
                            pos.norm() - self.earth_radius_m,
                        ) / speed);
                if guided {
                    acc += self.lateral(&pos, &vel, &self.aim(&g, &pos, homing));
                }
                State::new(vel.x, vel.y, acc.x, acc.y)
            };
            y = self.airframe.integrate(f, t, y, h);
            t += h;
            let pos = Vector2::new(y[0], y[1]);
            // Below the ground (a metre of slack for a launcher at sea level), stalled, or
            // numerically lost: out of reach.
            let speed = Vector2::new(y[2], y[3]).norm();
            if pos.norm() - self.earth_radius_m < -1.0 || speed.is_nan() || speed <= 1.0 {
                return None;
            }
        }
    }

    /// One ray at line-of-sight elevation `elevation_rad`: the points every [`GRID_M`] until
    /// the first the round cannot reach, resampled every `interval_s`. A point reached no later
    /// than a nearer one is dropped, so times increase with slant range along the ray.
    pub(super) fn ray(&self, elevation_rad: f64, interval_s: f64) -> Vec<RayPoint> {
        let (sin_e, cos_e) = elevation_rad.sin_cos();
        let mut grid = vec![(0.0, 0.0, self.params.launch_speed_mps)];
        for k in 1.. {
            let slant = k as f64 * GRID_M;
            let p = Vector2::new(slant * cos_e, self.launch_radius_m + slant * sin_e);
            let ground = self.earth_radius_m * p.x.atan2(p.y);
            let Some((tof, speed)) = self.fly(ground, p.norm() - self.earth_radius_m) else {
                break;
            };
            if tof > grid.last().map_or(0.0, |g| g.1) {
                grid.push((slant, tof, speed));
            }
        }
        if grid.len() < 2 {
            // Not even the first point is reachable: the ray is the launch alone.
            return vec![RayPoint {
                slant_m: 0.0,
                speed_mps: self.params.launch_speed_mps,
            }];
        }
        let last = grid.last().map_or(0.0, |g| g.1);
        let mut points = Vec::with_capacity((last / interval_s) as usize + 1);
        let mut i = 0;
        for k in 0.. {
            let t = k as f64 * interval_s;
            if t > last {
                break;
            }
            while grid[i + 1].1 < t {
                i += 1;
            }
            let (a, b) = (grid[i], grid[i + 1]);
            let w = (t - a.1) / (b.1 - a.1);
            points.push(RayPoint {
                slant_m: a.0 + w * (b.0 - a.0),
                speed_mps: a.2 + w * (b.2 - a.2),
            });
        }
        points
    }
}
