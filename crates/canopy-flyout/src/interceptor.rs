//! The 3-DOF point-mass interceptor: launch, fixed-step flight under thrust, drag, gravity and
//! guidance, and the end-of-flight events (target passed, time of flight, ground impact).
//!
//! State is position, velocity and achieved lateral acceleration in ECEF (treated as inertial,
//! see [`crate::earth`]); mass and thrust are functions of time since launch. Thrust and drag act
//! along the velocity (zero angle of attack), lift supplies the lateral acceleration. Each
//! integration step is one guidance update: the command is computed at the start of the step
//! from the state and the target estimate and held over the step (a 100 Hz guidance computer at
//! the default 10 ms), and the step is integrated with RK4, split at motor phase ends.

use nalgebra::{SVector, Vector3};

use crate::earth::{STANDARD_GRAVITY, gravity};
use crate::error::{FlyoutError, finite, finite_vec, nonzero_vec, positive};
use crate::guidance::{constant_speed_intercept, heading_alignment, limit_lateral, true_pn};
use crate::params::{Airframe, InterceptorParams, Midcourse};

/// [`FlightEvent::Outrun`]: the range stops closing with the target within 45° of the round's
/// nose (cos 45°).
pub const OUTRUN_COS: f64 = std::f64::consts::FRAC_1_SQRT_2;

/// Before motor burnout the range test that ends a flight ([`FlightEvent::TargetPassed`],
/// [`FlightEvent::Outrun`]) is armed only within this many seconds of flight, at the round's
/// speed, of the target estimate: a round still accelerating may open the range for a while
/// (slower than a receding target, or turning onto its course) and then close it.
pub const PASS_ARM_S: f64 = 1.0;

/// Integration steps per time to go far from the target (see [`Interceptor::step`]): 100
/// keeps the step at the fine `integration_step_s` of 10 ms over the last second.
pub const STEPS_TO_GO: f64 = 100.0;

/// Position and velocity of the target as the guidance sees it, e.g. a track estimate from the
/// engagement radar or the truth. The interceptor extrapolates it at constant velocity.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TargetEstimate {
    /// ECEF position (m) at `time_s`.
    pub position: Vector3<f64>,
    /// ECEF velocity (m/s).
    pub velocity: Vector3<f64>,
    /// Simulation time the estimate refers to (s).
    pub time_s: f64,
}

impl TargetEstimate {
    /// Constant-velocity extrapolation of the position to `time_s`.
    pub fn position_at(&self, time_s: f64) -> Vector3<f64> {
        self.position + self.velocity * (time_s - self.time_s)
    }

    fn validate(&self) -> Result<(), FlyoutError> {
        finite_vec("target.position", &self.position)?;
        finite_vec("target.velocity", &self.velocity)?;
        finite("target.time_s", self.time_s).map(|_| ())
    }
}

/// Which guidance law produced the current command.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GuidancePhase {
    /// No lateral command: inside the guidance delay after launch, or no target estimate was
    /// supplied for this update.
    Unguided,
    /// Heading alignment toward the predicted intercept point
    /// (see [`Midcourse::PredictedInterceptPoint`]).
    Midcourse,
    /// PN on the target estimate (terminal homing; latched once entered).
    Terminal,
}

/// Closest point of approach between the interceptor and a target.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ClosestApproach {
    /// Miss distance (m).
    pub miss_m: f64,
    /// Simulation time of closest approach (s).
    pub time_s: f64,
    /// Interceptor ECEF position at closest approach (m).
    pub interceptor_position: Vector3<f64>,
    /// Target ECEF position at closest approach (m).
    pub target_position: Vector3<f64>,
}

/// The interceptor's straight-line chord over one integration step.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Segment {
    /// Start time (s).
    pub t0: f64,
    /// End time (s).
    pub t1: f64,
    /// ECEF position at `t0` (m).
    pub p0: Vector3<f64>,
    /// ECEF position at `t1` (m).
    pub p1: Vector3<f64>,
}

impl Segment {
    /// Closest approach to a target at `target_p0` (time `t0`) and `target_p1` (time `t1`),
    /// taking both as moving linearly over the step: the minimum of the relative chord, not just
    /// the nearer end point. This is how the engine measures the true miss against the truth
    /// when the guidance flew on an estimate.
    pub fn closest_approach(
        &self,
        target_p0: &Vector3<f64>,
        target_p1: &Vector3<f64>,
    ) -> ClosestApproach {
        let d0 = self.p0 - target_p0;
        let dd = (self.p1 - target_p1) - d0;
        let dd2 = dd.norm_squared();
        let s = if dd2 > 0.0 {
            (-d0.dot(&dd) / dd2).clamp(0.0, 1.0)
        } else {
            0.0
        };
        ClosestApproach {
            miss_m: (d0 + dd * s).norm(),
            time_s: self.t0 + s * (self.t1 - self.t0),
            interceptor_position: self.p0.lerp(&self.p1, s),
            target_position: target_p0.lerp(target_p1, s),
        }
    }
}

/// What happened during a call to [`Interceptor::step`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum FlightEvent {
    /// Still flying.
    InFlight,
    /// The range to the target estimate stopped closing (the interceptor passed it) and the
    /// round self-destructed; the closest approach was inside the last step.
    TargetPassed(ClosestApproach),
    /// The range to the target estimate stopped closing while the target was still ahead of
    /// the round, drawing away along the line of sight at more than [`OUTRUN_COS`] of the
    /// round's speed: the round could not catch it (a lost tail chase, at the end of its
    /// energy) and self-destructed. The closest approach was inside the last step. A pass
    /// (any fly-by, where the line of sight is perpendicular to the relative velocity) needs
    /// the target to recede along it that fast, so a fast round never ends this way.
    Outrun(ClosestApproach),
    /// The maximum time of flight was reached and the round self-destructed.
    MaxTimeOfFlight {
        /// Simulation time (s).
        time_s: f64,
    },
    /// The round came down through the surface (the ellipsoid, or the launch height if that is
    /// lower; terrain is not modelled).
    GroundImpact {
        /// Simulation time of impact, interpolated within the step (s).
        time_s: f64,
        /// ECEF impact point (m).
        position: Vector3<f64>,
    },
}

impl FlightEvent {
    /// True for every event that ends the flight.
    pub fn is_terminal(&self) -> bool {
        !matches!(self, FlightEvent::InFlight)
    }
}

/// The rate at which the range `|r|` shrinks (m/s) for a relative position `r` and its
/// rate `v` (both taken the same way round); NaN at zero range.
fn closing_speed(r: &Vector3<f64>, v: &Vector3<f64>) -> f64 {
    -r.dot(v) / r.norm()
}

/// Integration state: position, velocity, achieved lateral acceleration (ECEF).
type State = SVector<f64, 9>;

fn part(y: &State, i: usize) -> Vector3<f64> {
    y.fixed_rows::<3>(3 * i).into_owned()
}

/// One interceptor in flight.
#[derive(Debug, Clone)]
pub struct Interceptor {
    params: InterceptorParams,
    airframe: Airframe,
    launch_time_s: f64,
    time_s: f64,
    state: State,
    command: Vector3<f64>,
    phase: GuidancePhase,
    /// Terminal homing (PN on the target) has started; it is latched.
    terminal: bool,
    /// Simulation time of the planned intercept, if the launch was planned (see
    /// [`Interceptor::plan_intercept_at`]).
    planned_intercept_s: Option<f64>,
    /// The range to the target estimate was closing at the last step, or (before the range
    /// test is armed) at some step since it last was armed.
    closing: bool,
    impact_altitude_m: f64,
    last_segment: Option<Segment>,
    ended: Option<FlightEvent>,
}

impl Interceptor {
    /// Launches an interceptor from the ECEF `position` along `direction` (any non-zero length)
    /// at `params.launch_speed_mps`, at simulation time `time_s`.
    pub fn launch(
        params: InterceptorParams,
        position: Vector3<f64>,
        direction: Vector3<f64>,
        time_s: f64,
    ) -> Result<Self, FlyoutError> {
        params.validate()?;
        finite_vec("position", &position)?;
        nonzero_vec("direction", &direction)?;
        finite("time_s", time_s)?;
        let velocity = direction.normalize() * params.launch_speed_mps;
        let mut state = State::zeros();
        state.fixed_rows_mut::<3>(0).copy_from(&position);
        state.fixed_rows_mut::<3>(3).copy_from(&velocity);
        let impact_altitude_m = params.environment.earth.altitude(&position).min(0.0);
        Ok(Interceptor {
            airframe: Airframe::new(&params),
            params,
            launch_time_s: time_s,
            time_s,
            state,
            command: Vector3::zeros(),
            phase: GuidancePhase::Unguided,
            terminal: false,
            planned_intercept_s: None,
            closing: false,
            impact_altitude_m,
            last_segment: None,
            ended: None,
        })
    }

    /// Records the simulation time at which the launch plan expects the intercept. A lofting
    /// round ([`Midcourse::Loft`]) then lofts toward the predicted intercept point, where the
    /// target estimate will be at that time, as the planning table assumes; without a plan it
    /// lofts toward the estimate's current position, which over-lofts against a closing
    /// target. Other guidance ignores it.
    pub fn plan_intercept_at(mut self, time_s: f64) -> Self {
        self.planned_intercept_s = Some(time_s).filter(|t| t.is_finite());
        self
    }

    /// Flies `dt` seconds in integration steps, each a guidance update on `target`
    /// (extrapolated to the step's start). A step is 1/[`STEPS_TO_GO`] of the time to go,
    /// between `params.integration_step_s` and `params.max_integration_step_s` (the longest
    /// before guidance starts, or with no target or no closing speed), and the steps left in
    /// `dt` are made equal. With `None` the round flies with no lateral command. Returns the
    /// first terminal event, or [`FlightEvent::InFlight`]; after a terminal event further
    /// calls are an error.
    pub fn step(
        &mut self,
        dt: f64,
        target: Option<&TargetEstimate>,
    ) -> Result<FlightEvent, FlyoutError> {
        if self.ended.is_some() {
            return Err(FlyoutError::FlightEnded {
                time_s: self.time_s,
            });
        }
        positive("dt", dt)?;
        if let Some(t) = target {
            t.validate()?;
        }
        let end_of_flight = self.launch_time_s + self.params.max_time_of_flight_s;
        let end = self.time_s + dt;
        let mut left = dt;
        while left > 0.0 {
            let longest = self.step_for(target);
            let h = left / (left / longest * (1.0 - 1e-12)).ceil().max(1.0);
            let remaining = end_of_flight - self.time_s;
            let event = if remaining <= 1e-9 * h {
                FlightEvent::MaxTimeOfFlight {
                    time_s: self.time_s,
                }
            } else {
                self.substep(h.min(remaining), target)
            };
            if event.is_terminal() {
                self.ended = Some(event);
                return Ok(event);
            }
            // Counted down from the span rather than compared with the clock, so the
            // rounding of `time_s` never adds a sliver of a step.
            left = if h >= left * (1.0 - 1e-12) {
                0.0
            } else {
                left - h
            };
        }
        debug_assert!((self.time_s - end).abs() <= 1e-9 * end.abs().max(1.0));
        Ok(FlightEvent::InFlight)
    }

    /// The longest next integration step (see [`Interceptor::step`]).
    fn step_for(&self, target: Option<&TargetEstimate>) -> f64 {
        let p = &self.params;
        let longest = p.max_integration_step_s;
        let Some(target) = target else {
            return longest;
        };
        if self.flight_time_s() < p.guidance_delay_s {
            return longest
                .min(p.guidance_delay_s - self.flight_time_s())
                .max(p.integration_step_s);
        }
        let r = target.position_at(self.time_s) - self.position();
        let closing = closing_speed(&r, &(target.velocity - self.velocity()));
        // Opening (or no defined closing speed, on top of the target): nothing to resolve.
        if closing.is_nan() || closing <= 0.0 {
            return longest;
        }
        (r.norm() / closing / STEPS_TO_GO).clamp(p.integration_step_s, longest)
    }

    fn guidance_command(&mut self, target: Option<&TargetEstimate>) -> Vector3<f64> {
        let p = &self.params;
        let target = match target {
            Some(t) if self.flight_time_s() >= p.guidance_delay_s => t,
            _ => {
                self.phase = GuidancePhase::Unguided;
                return Vector3::zeros();
            }
        };
        let r = self.position();
        let v = self.velocity();
        let q = target.position_at(self.time_s);
        let to_target = q - r;
        if let Midcourse::PredictedInterceptPoint { seeker_range_m, .. } = p.midcourse {
            self.terminal |= to_target.norm() <= seeker_range_m;
        }
        let midcourse = match p.midcourse {
            _ if self.terminal => None,
            Midcourse::PredictedInterceptPoint {
                heading_time_constant_s,
                ..
            } => {
                let aim = constant_speed_intercept(&r, v.norm(), &q, &target.velocity)
                    .map_or(q, |(pip, _)| pip);
                Some(heading_alignment(&v, &(aim - r), heading_time_constant_s))
            }
            Midcourse::Loft(loft) => {
                let earth = &p.environment.earth;
                // Toward the predicted intercept point, which holds still, or else toward the
                // estimate, which moves on.
                let (point, point_velocity) = match self.planned_intercept_s {
                    Some(t) => (target.position_at(t.max(self.time_s)), Vector3::zeros()),
                    None => (q, target.velocity),
                };
                let ground = earth.ground_distance_m(&r, &point);
                loft.raise_m(ground, earth.altitude(&point)).map(|h| {
                    let aim = point + earth.up(&point) * h;
                    true_pn(&(aim - r), &(point_velocity - v), p.nav_ratio).acceleration
                })
            }
            Midcourse::None => None,
        };
        let mut command = match midcourse {
            Some(command) => {
                self.phase = GuidancePhase::Midcourse;
                command
            }
            None => {
                // Terminal homing is latched once entered.
                self.terminal = true;
                self.phase = GuidancePhase::Terminal;
                true_pn(&to_target, &(target.velocity - v), p.nav_ratio).acceleration
            }
        };
        if p.gravity_compensation {
            // limit_lateral drops the along-velocity part, leaving minus the lateral gravity.
            command -= gravity(&r);
        }
        let speed = v.norm();
        if speed == 0.0 {
            return Vector3::zeros();
        }
        limit_lateral(&command, &(v / speed), p.max_lateral_g * STANDARD_GRAVITY)
    }

    fn derivative(&self, t_flight: f64, y: &State) -> State {
        let r = part(y, 0);
        let v = part(y, 1);
        let a_lat = part(y, 2);
        let speed = v.norm();
        let tau = self.params.autopilot_time_constant_s;
        let mut accel = gravity(&r);
        if speed > 0.0 {
            let u = v / speed;
            let altitude = self.params.environment.earth.altitude(&r);
            let lift = if tau > 0.0 { a_lat } else { self.command };
            // Lift stays perpendicular to the velocity at every stage, so it does no work.
            accel += u * self.airframe.axial_acceleration(t_flight, speed, altitude)
                + (lift - u * u.dot(&lift));
        }
        let a_lat_rate = if tau > 0.0 {
            (self.command - a_lat) / tau
        } else {
            Vector3::zeros()
        };
        let mut dy = State::zeros();
        dy.fixed_rows_mut::<3>(0).copy_from(&v);
        dy.fixed_rows_mut::<3>(3).copy_from(&accel);
        dy.fixed_rows_mut::<3>(6).copy_from(&a_lat_rate);
        dy
    }

    fn substep(&mut self, h: f64, target: Option<&TargetEstimate>) -> FlightEvent {
        self.command = self.guidance_command(target);
        let t0 = self.time_s;
        let p0 = self.position();
        let altitude0 = self.altitude_m();
        let mut y = self.airframe.integrate(
            |s, y| self.derivative(s, y),
            t0 - self.launch_time_s,
            self.state,
            h,
        );
        if self.params.autopilot_time_constant_s == 0.0 {
            y.fixed_rows_mut::<3>(6).copy_from(&self.command);
        }
        self.state = y;
        self.time_s = t0 + h;
        let segment = Segment {
            t0,
            t1: self.time_s,
            p0,
            p1: self.position(),
        };
        self.last_segment = Some(segment);

        if let Some(target) = target {
            let d1 = segment.p1 - target.position_at(segment.t1);
            let closing = closing_speed(&d1, &(self.velocity() - target.velocity));
            let armed = self.flight_time_s() >= self.airframe.burnout_s()
                || d1.norm() <= self.speed_mps() * PASS_ARM_S;
            if armed && self.closing && closing < 0.0 {
                let approach = segment
                    .closest_approach(&target.position_at(t0), &target.position_at(segment.t1));
                // Cosine between the round's velocity and its line of sight to the target.
                let v = self.velocity();
                let ahead = -d1.dot(&v) / (d1.norm() * v.norm());
                return if ahead > OUTRUN_COS {
                    FlightEvent::Outrun(approach)
                } else {
                    FlightEvent::TargetPassed(approach)
                };
            }
            // Unarmed, an opening range leaves the flag set, so that a range still opening
            // when the test arms ends the flight then.
            if armed || closing > 0.0 {
                self.closing = closing > 0.0;
            }
        }
        let altitude1 = self.altitude_m();
        if altitude1 < self.impact_altitude_m {
            let s =
                ((altitude0 - self.impact_altitude_m) / (altitude0 - altitude1)).clamp(0.0, 1.0);
            return FlightEvent::GroundImpact {
                time_s: t0 + s * h,
                position: p0.lerp(&segment.p1, s),
            };
        }
        if self.flight_time_s() >= self.params.max_time_of_flight_s * (1.0 - 1e-12) {
            return FlightEvent::MaxTimeOfFlight {
                time_s: self.time_s,
            };
        }
        FlightEvent::InFlight
    }

    /// Parameters the round was launched with.
    pub fn params(&self) -> &InterceptorParams {
        &self.params
    }

    /// Current simulation time (s).
    pub fn time_s(&self) -> f64 {
        self.time_s
    }

    /// Simulation time of launch (s).
    pub fn launch_time_s(&self) -> f64 {
        self.launch_time_s
    }

    /// Time since launch (s).
    pub fn flight_time_s(&self) -> f64 {
        self.time_s - self.launch_time_s
    }

    /// ECEF position (m).
    pub fn position(&self) -> Vector3<f64> {
        part(&self.state, 0)
    }

    /// ECEF velocity (m/s).
    pub fn velocity(&self) -> Vector3<f64> {
        part(&self.state, 1)
    }

    /// Speed (m/s).
    pub fn speed_mps(&self) -> f64 {
        self.velocity().norm()
    }

    /// Altitude above the surface of the configured Earth model (m).
    pub fn altitude_m(&self) -> f64 {
        self.params.environment.earth.altitude(&self.position())
    }

    /// Current mass (kg).
    pub fn mass_kg(&self) -> f64 {
        self.airframe.mass_kg(self.flight_time_s())
    }

    /// Lateral acceleration command of the last guidance update (m/s², ECEF).
    pub fn commanded_acceleration(&self) -> Vector3<f64> {
        self.command
    }

    /// Achieved lateral acceleration (m/s², ECEF): the command through the autopilot lag.
    pub fn lateral_acceleration(&self) -> Vector3<f64> {
        part(&self.state, 2)
    }

    /// Guidance law of the last guidance update.
    pub fn phase(&self) -> GuidancePhase {
        self.phase
    }

    /// Chord of the last integration step, for measuring a true miss against the truth.
    pub fn last_segment(&self) -> Option<Segment> {
        self.last_segment
    }

    /// The terminal event, once the flight has ended.
    pub fn ended(&self) -> Option<FlightEvent> {
        self.ended
    }
}

#[cfg(test)]
mod tests;
