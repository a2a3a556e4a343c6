//! Waypoint routes: fighters, helicopters, cruise missiles, drones and
//! loitering munitions.
//!
//! The state is geodetic (latitude, longitude, height above the ellipsoid,
//! heading, speed), so a threat told to hold 30 m holds exactly 30 m: the
//! height is a state variable, not something recovered from a straight ECEF
//! line that would climb away from the curved Earth.
//!
//! Each step:
//! 1. **speed** moves toward the current leg's speed at no more than
//!    `max_accel_mps2`;
//! 2. **height** moves toward the leg's height at no more than
//!    `max_climb_mps` (and never steeper than a 60° path angle, a guard that
//!    keeps some horizontal speed for airframes whose climb limit exceeds
//!    their speed), or, in a terminal manoeuvre, follows the manoeuvre's
//!    height-versus-distance-to-go profile exactly;
//! 3. **heading** turns toward the next waypoint (pure pursuit of the
//!    normal-section azimuth, which re-aims every tick and so flies the
//!    geodesic), by at most `max_turn_rate_dps`·dt;
//! 4. **position** moves along the resulting constant-rate arc on the
//!    ellipsoid (`Site::geodesic_step` on the arc's chord), with
//!    the heading carried along the geodesic.
//!
//! `speed_mps` is the true speed along the flight path; the horizontal part
//! is `√(v² − v_z²)` and is measured at the flight height (a fighter at
//! 8 km covers 0.13 % less ground than its air path).
//!
//! **Waypoint capture.** A waypoint is reached when it is ahead and within
//! this step's travel (an impact target: from any side); the threat is then
//! put on it exactly and the rest of the step flies the next leg. A point
//! inside one of the two turning circles (radius R = v/ω) beside the threat,
//! i.e. with `d < 2R·|sin β|` for distance `d` and bearing off the nose `β`,
//! cannot be reached by any arc within the turn-rate limit, and pure pursuit
//! would orbit it forever. Such a waypoint is *passed* (fly-by: the next leg
//! starts) when it is also within one turn radius, since the threat is then
//! flying past it; farther away, and always for an impact target, the threat
//! holds its heading until the point leaves the circle and then turns back
//! onto it.
//!
//! **Impact leg.** When `impact_at_end` is set, the final leg is flown at the
//! height of the waypoint before the target (the cruise height; for a
//! two-point plan, the launch point's height) until the terminal manoeuvre
//! starts; the manoeuvre ends on the target point:
//! * [`Terminal::None`] — a straight descent (or climb) at the climb-rate
//!   limit, started just late enough to arrive at the target's height;
//! * [`Terminal::Dive`] — a straight line from where the threat is when the
//!   distance to go first falls to `start_distance_m` down to the target;
//! * [`Terminal::PopUp`] — from that point a straight climb to `height_m`
//!   above the target at half the remaining distance, then a straight dive.
//!
//! Terminal profiles are flown as given, not limited by `max_climb_mps`:
//! they are the scenario's statement of the manoeuvre. A manoeuvre starts
//! only on the final leg; if that leg is shorter than the start distance it
//! starts at the leg's beginning.

use crate::ellipsoid::{Site, wrap_pi};
use crate::{EndReason, MotionError};
use canopy_core::geo::{Ecef, Geodetic};
use nalgebra::Vector3;

/// A route point.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Waypoint {
    /// Position; `alt_m` is the height above the ellipsoid flown on the leg
    /// that ends here.
    pub pos: Geodetic,
    /// Speed on the leg that ends here, m/s (for waypoint 0, the launch
    /// speed).
    pub speed_mps: f64,
}

/// Terminal manoeuvre flown onto an impact target.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Terminal {
    /// Level flight onto the target, with a final straight descent at the
    /// climb-rate limit to the target's height.
    None,
    /// Climb to `height_m` above the target, then dive onto it.
    PopUp {
        /// Apex height above the target, metres.
        height_m: f64,
        /// Distance to go at which the climb starts, metres.
        start_distance_m: f64,
    },
    /// Straight dive onto the target.
    Dive {
        /// Distance to go at which the dive starts, metres.
        start_distance_m: f64,
    },
}

/// A waypoint route and the airframe limits it is flown with.
#[derive(Clone, Debug, PartialEq)]
pub struct RoutePlan {
    /// `[0]` is the launch point, the last is the end point or target.
    pub waypoints: Vec<Waypoint>,
    /// Maximum turn rate, degrees per second.
    pub max_turn_rate_dps: f64,
    /// Maximum climb or descent rate, m/s.
    pub max_climb_mps: f64,
    /// Maximum along-path acceleration or deceleration, m/s².
    pub max_accel_mps2: f64,
    /// Terminal manoeuvre onto the target (used only when `impact_at_end`).
    pub terminal: Terminal,
    /// `true`: the last waypoint is a target on the ground and the threat
    /// ends there as an impact; `false`: the route simply ends there.
    pub impact_at_end: bool,
}

/// Sine of the steepest path angle flown while tracking a leg height (60°).
const MAX_PATH_SIN: f64 = 0.866_025_403_784_438_6;

/// A terminal height-versus-distance-to-go profile: straight segments
/// through its knots, from (`d0`, `h0`) down to (0, `h_end`).
#[derive(Clone, Copy, Debug, PartialEq)]
struct Profile {
    d0: f64,
    h0: f64,
    apex: Option<(f64, f64)>,
    h_end: f64,
}

impl Profile {
    /// The segment holding distance-to-go `d`, as (far knot, near knot);
    /// `None` beyond the start (the profile is flat there).
    fn segment(&self, d: f64) -> Option<((f64, f64), (f64, f64))> {
        if d >= self.d0 {
            return None;
        }
        let start = (self.d0, self.h0);
        let end = (0.0, self.h_end);
        Some(match self.apex {
            Some(apex) if d >= apex.0 => (start, apex),
            Some(apex) => (apex, end),
            None => (start, end),
        })
    }

    /// dh/d(distance to go). The threat's vertical speed is −slope·v_h.
    fn slope(&self, d: f64) -> f64 {
        // At and past the target, keep the last segment's slope so the
        // impact velocity shows the dive.
        self.segment(d.max(0.0))
            .map_or(0.0, |(far, near)| (far.1 - near.1) / (far.0 - near.0))
    }

    /// Commanded height at distance-to-go `d`.
    fn height(&self, d: f64) -> f64 {
        match self.segment(d.max(0.0)) {
            None => self.h0,
            Some((_, near)) => near.1 + self.slope(d) * (d.max(0.0) - near.0),
        }
    }
}

/// How the height changes during one step.
#[derive(Clone, Copy, Debug)]
enum Vertical {
    /// Follow a terminal profile exactly.
    Profile(Profile),
    /// Approach `height` at no more than `max_rate` m/s.
    Track { height: f64, max_rate: f64 },
}

/// Kinematic state of a threat on a route.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct RouteMover {
    plan: RoutePlan,
    /// Surface ECEF of each waypoint, so bearings need no trigonometry on
    /// the target side.
    targets: Vec<Vector3<f64>>,
    /// Index of the waypoint being flown to.
    leg: usize,
    alt: f64,
    site: Site,
    /// Radians clockwise from north.
    heading: f64,
    speed: f64,
    vz: f64,
    turn_rate: f64,
    profile: Option<Profile>,
}

pub(crate) fn check_position(
    what: &'static str,
    index: Option<usize>,
    p: &Geodetic,
) -> Result<(), MotionError> {
    let ok = p.lat_deg.is_finite()
        && p.lat_deg.abs() <= 90.0
        && p.lon_deg.is_finite()
        && p.alt_m.is_finite();
    if ok {
        Ok(())
    } else {
        Err(MotionError::InvalidPosition {
            what,
            index,
            lat_deg: p.lat_deg,
            lon_deg: p.lon_deg,
            alt_m: p.alt_m,
        })
    }
}

fn check_positive(name: &'static str, value: f64) -> Result<(), MotionError> {
    if value.is_finite() && value > 0.0 {
        Ok(())
    } else {
        Err(MotionError::InvalidLimit { name, value })
    }
}

fn check_terminal(t: &Terminal) -> Result<(), MotionError> {
    let bad = |name, value, requirement| MotionError::InvalidTerminal {
        name,
        value,
        requirement,
    };
    match *t {
        Terminal::None => Ok(()),
        Terminal::PopUp {
            height_m,
            start_distance_m,
        } => {
            if !(height_m.is_finite() && height_m >= 0.0) {
                Err(bad("height_m", height_m, "non-negative"))
            } else if !(start_distance_m.is_finite() && start_distance_m > 0.0) {
                Err(bad("start_distance_m", start_distance_m, "positive"))
            } else {
                Ok(())
            }
        }
        Terminal::Dive { start_distance_m } => {
            if start_distance_m.is_finite() && start_distance_m > 0.0 {
                Ok(())
            } else {
                Err(bad("start_distance_m", start_distance_m, "positive"))
            }
        }
    }
}

/// A terminal manoeuvre starts once the distance to go is within this of
/// its start distance (m). A step is cut to end at the start distance, but
/// the cut assumes the distance closes at the full speed, so the step ends a
/// little short when the route is not straight at the target; the next step
/// is cut again, and this ends the chase.
const TERMINAL_START_SLACK_M: f64 = 1.0;

impl RouteMover {
    pub(crate) fn new(plan: RoutePlan) -> Result<RouteMover, MotionError> {
        if plan.waypoints.len() < 2 {
            return Err(MotionError::TooFewWaypoints {
                count: plan.waypoints.len(),
            });
        }
        for (i, w) in plan.waypoints.iter().enumerate() {
            check_position("waypoint", Some(i), &w.pos)?;
            if !(w.speed_mps.is_finite() && w.speed_mps > 0.0) {
                return Err(MotionError::InvalidSpeed {
                    index: i,
                    speed_mps: w.speed_mps,
                });
            }
        }
        check_positive("max_turn_rate_dps", plan.max_turn_rate_dps)?;
        check_positive("max_climb_mps", plan.max_climb_mps)?;
        check_positive("max_accel_mps2", plan.max_accel_mps2)?;
        check_terminal(&plan.terminal)?;
        let targets: Vec<_> = plan
            .waypoints
            .iter()
            .map(|w| Site::new(w.pos.lat_deg.to_radians(), w.pos.lon_deg.to_radians()).surface())
            .collect();
        let start = plan.waypoints[0];
        let (lat, lon) = (
            start.pos.lat_deg.to_radians(),
            start.pos.lon_deg.to_radians(),
        );
        let site = Site::new(lat, lon);
        // Start pointed at the first waypoint that is somewhere else.
        let heading = targets[1..]
            .iter()
            .map(|t| site.bearing_to(t))
            .find(|b| b.distance > 0.0)
            .map_or(0.0, |b| b.azimuth);
        Ok(RouteMover {
            turn_rate: plan.max_turn_rate_dps.to_radians(),
            targets,
            leg: 1,
            alt: start.pos.alt_m,
            site,
            heading,
            speed: start.speed_mps,
            vz: 0.0,
            profile: None,
            plan,
        })
    }

    fn is_last(&self) -> bool {
        self.leg + 1 == self.plan.waypoints.len()
    }

    /// Height commanded on the current leg outside a terminal manoeuvre.
    fn leg_height(&self, impact_leg: bool) -> f64 {
        let w = &self.plan.waypoints;
        if impact_leg {
            w[self.leg - 1].pos.alt_m
        } else {
            w[self.leg].pos.alt_m
        }
    }

    /// Distance to go at which the terminal manoeuvre starts, at `speed`,
    /// and its apex (distance to go, height) for a pop-up.
    fn terminal_start(&self, d: f64, speed: f64) -> (f64, Option<(f64, f64)>) {
        let target = self.plan.waypoints[self.leg].pos.alt_m;
        match self.plan.terminal {
            // Start the descent when a climb-rate-limited straight line just
            // reaches the target's height at the target.
            Terminal::None => (
                (self.alt - target).abs() * speed / self.plan.max_climb_mps,
                None,
            ),
            Terminal::Dive { start_distance_m } => (start_distance_m, None),
            Terminal::PopUp {
                height_m,
                start_distance_m,
            } => (start_distance_m, Some((0.5 * d, target + height_m))),
        }
    }

    /// Starts the terminal manoeuvre at distance to go `d`, with the apex
    /// [`Self::terminal_start`] gave.
    fn start_terminal(&mut self, d: f64, apex: Option<(f64, f64)>) {
        self.profile = Some(Profile {
            d0: d,
            h0: self.alt,
            apex,
            h_end: self.plan.waypoints[self.leg].pos.alt_m,
        });
    }

    /// Puts the threat on waypoint `leg`'s point at height `alt`.
    fn arrive(&mut self, alt: f64) {
        let p = self.plan.waypoints[self.leg].pos;
        self.alt = alt;
        self.site = Site::new(p.lat_deg.to_radians(), p.lon_deg.to_radians());
    }

    fn end(&self) -> EndReason {
        if self.plan.impact_at_end {
            EndReason::Impact
        } else {
            EndReason::RouteComplete
        }
    }

    /// Flies `dt` seconds; `Some` when the route ended during the step.
    pub(crate) fn advance(&mut self, dt: f64) -> Option<EndReason> {
        let mut rem = dt;
        while rem > 0.0 {
            let last = self.is_last();
            let impact_leg = last && self.plan.impact_at_end;
            let wp = self.plan.waypoints[self.leg];
            let bearing = self.site.bearing_to(&self.targets[self.leg]);
            let d = bearing.distance;

            let accel = self.plan.max_accel_mps2;
            let v0 = self.speed;
            let speed_after = |h: f64| v0 + (wp.speed_mps - v0).clamp(-accel * h, accel * h);
            let mut v_end = speed_after(rem);
            let mut v_avg = 0.5 * (v0 + v_end);
            // This step's length: all that is left, or up to the point where
            // the terminal manoeuvre starts, so that it starts there whatever
            // the step (the next pass starts it).
            let mut h = rem;
            if impact_leg && self.profile.is_none() && d > 0.0 {
                let (start, apex) = self.terminal_start(d, v_avg);
                if d <= start + TERMINAL_START_SLACK_M {
                    self.start_terminal(d, apex);
                } else if v_avg > 0.0 && d - start < v_avg * rem {
                    h = (d - start) / v_avg;
                    v_end = speed_after(h);
                    v_avg = 0.5 * (v0 + v_end);
                }
            }
            // Horizontal speed and vertical rate over the step.
            let vertical = match self.profile {
                Some(p) => Vertical::Profile(p),
                None => Vertical::Track {
                    height: self.leg_height(impact_leg),
                    max_rate: self.plan.max_climb_mps.min(MAX_PATH_SIN * v_avg),
                },
            };
            let (v_h, vz) = match vertical {
                Vertical::Profile(p) => {
                    let k = p.slope(d);
                    let v_h = v_avg / (1.0 + k * k).sqrt();
                    (v_h, -k * v_h)
                }
                Vertical::Track { height, max_rate } => {
                    let vz = ((height - self.alt) / h).clamp(-max_rate, max_rate);
                    ((v_avg * v_avg - vz * vz).sqrt(), vz)
                }
            };
            let travel = v_h * h;
            let beta = wrap_pi(bearing.azimuth - self.heading);
            let (sin_beta, cos_beta) = beta.sin_cos();

            // Reached within this step: put the threat on the point. A
            // waypoint beside or behind is passed instead (below), but a
            // target within one step's travel counts as hit from any side.
            if d <= travel && (cos_beta >= 0.0 || impact_leg) {
                let tau = if v_h > 0.0 { d / v_h } else { 0.0 };
                let alt = if impact_leg {
                    wp.pos.alt_m
                } else {
                    self.alt + vz * tau
                };
                self.arrive(alt);
                self.speed += (wp.speed_mps - self.speed).clamp(-accel * tau, accel * tau);
                self.vz = vz;
                rem -= tau;
                if last {
                    return Some(self.end());
                }
                self.leg += 1;
                continue;
            }

            let turn_radius = v_h / self.turn_rate;
            let turn = if d < 2.0 * turn_radius * sin_beta.abs() {
                if !impact_leg && d < turn_radius {
                    // Flying past it: sequence it (fly-by).
                    if last {
                        return Some(EndReason::RouteComplete);
                    }
                    self.leg += 1;
                    continue;
                }
                // Hold the heading until the point leaves the turning
                // circle, then turn back onto it.
                0.0
            } else {
                beta.clamp(-self.turn_rate * h, self.turn_rate * h)
            };

            // A constant-rate arc of length `travel` turning by `turn` has a
            // chord of travel·sinc(turn/2) along the mid-arc heading.
            let half = 0.5 * turn;
            let chord = if half.abs() > 1e-9 {
                travel * half.sin() / half
            } else {
                travel
            };
            let step = self
                .site
                .geodesic_step(self.alt + 0.5 * vz * h, self.heading + half, chord);
            self.site = Site::new(step.lat, step.lon);
            self.heading = wrap_pi(self.heading + turn + step.azimuth_change);
            self.speed = v_end;
            match vertical {
                Vertical::Profile(p) => {
                    let d_new = self.site.bearing_to(&self.targets[self.leg]).distance;
                    self.alt = p.height(d_new);
                    let k = p.slope(d_new);
                    self.vz = -k * v_end / (1.0 + k * k).sqrt();
                }
                Vertical::Track { height, max_rate } => {
                    // The rate was clamped unless the height is reached.
                    if (height - self.alt).abs() <= max_rate * h {
                        self.alt = height;
                        self.vz = 0.0;
                    } else {
                        self.alt += vz * h;
                        self.vz = vz;
                    }
                }
            }
            rem -= h;
        }
        None
    }

    pub(crate) fn position(&self) -> Ecef {
        Ecef(self.site.point(self.alt))
    }

    pub(crate) fn velocity(&self) -> Vector3<f64> {
        let v_h = (self.speed * self.speed - self.vz * self.vz)
            .max(0.0)
            .sqrt();
        let (s, c) = self.heading.sin_cos();
        self.site.enu_to_ecef(v_h * s, v_h * c, self.vz)
    }

    pub(crate) fn geodetic(&self) -> Geodetic {
        Geodetic::new(
            self.site.lat().to_degrees(),
            self.site.lon().to_degrees(),
            self.alt,
        )
    }

    pub(crate) fn speed(&self) -> f64 {
        self.speed
    }
}

#[cfg(test)]
mod tests;
