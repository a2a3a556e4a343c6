//! Threat motion: every threat class flies its true path over the WGS-84
//! ellipsoid.
//!
//! # Brief overview
//!
//! * [`Mover`] — one threat's kinematic state. Built from a [`Plan`] by
//!   [`Mover::new`] (which rejects bad plans with a [`MotionError`]), moved
//!   by [`Mover::advance`] once per engine tick, read through
//!   [`Mover::position`] / [`Mover::velocity`] (ECEF) and
//!   [`Mover::geodetic`]. It reports [`Status::Ended`] with an
//!   [`EndReason`] when the threat hits its target or finishes its route.
//! * [`RoutePlan`] — waypoint routes ([`Waypoint`]) with per-leg speed and
//!   height and bounded turn rate, climb rate and acceleration, plus an
//!   optional [`Terminal`] pop-up or dive. Fighters and helicopters fly
//!   routes that end ([`EndReason::RouteComplete`]); subsonic and supersonic
//!   cruise missiles, one-way attack drones and loitering munitions fly
//!   routes that end on a target ([`EndReason::Impact`]). The model is
//!   summarised below.
//! * [`BallisticPlan`] — launch point, aim point and [`BallisticShape`]
//!   (minimum-energy, lofted or depressed): a free flight under central
//!   inverse-square gravity, aimed exactly at the aim point. The
//!   [`ballistic`] module also holds the spherical free-flight closed forms
//!   of MODELS.md §9 ([`ballistic::max_range_m`],
//!   [`ballistic::required_burnout_speed`], …) the scenario layer checks
//!   reach with.
//!
//! # Where it sits
//!
//! `canopy-scenario` validates a scenario and builds plans; `canopy-engine`
//! owns one `Mover` per threat and calls `advance` every tick (0.05–1 s);
//! sensors, tracking and fly-out read the truth position and velocity.
//! The crate depends only on `canopy-core` (geodesy, constants).
//!
//! # Route model
//!
//! The state is geodetic (latitude, longitude, height above the ellipsoid,
//! heading, speed), stepped along the ellipsoid by a second-order geodesic
//! step using the local radii of curvature, so a cruise missile told to fly
//! at 30 m stays at 30 m however far it flies. Speed, height and heading
//! approach each leg's values within the plan's acceleration, climb-rate and
//! turn-rate limits; the heading pursues the next waypoint. Waypoints are
//! captured when reached within a step. A waypoint inside the turning circle
//! (no bounded-rate arc reaches it) is flown by if it is within one turn
//! radius, and otherwise flown away from and come back to, so a threat
//! never orbits a waypoint. On the final leg of an impact plan the threat
//! holds the previous waypoint's height (its cruise height) until its
//! terminal manoeuvre; pop-ups and dives follow straight-segment height
//! profiles onto the target. See the `route` module source for the full
//! statement of each rule.
//!
//! # Ballistic model
//!
//! Burnout at the launch point (no boost phase), no drag, non-rotating
//! spherical-gravity Earth, RK4 with sub-steps of at most
//! [`ballistic::MAX_STEP_S`] whatever the tick; the flight ends at the aim
//! point's height, with the crossing found by root-finding. Details and the
//! aiming solution are in the [`ballistic`] module docs.
//!
//! # Not modelled
//!
//! Wind, terrain (heights are above the ellipsoid, not the ground), boost
//! and re-entry drag of ballistic missiles, Earth rotation, fuel and
//! endurance (the scenario layer checks endurance), and flight across the
//! poles.
//!
//! This crate does no I/O, reads no clock and draws no random numbers.

pub mod ballistic;
mod ellipsoid;
mod error;
mod route;

pub use ballistic::{BallisticPlan, BallisticShape};
pub use error::MotionError;
pub use route::{RoutePlan, Terminal, Waypoint};

use ballistic::BallisticMover;
use canopy_core::geo::{Ecef, Geodetic};
use nalgebra::Vector3;
use route::RouteMover;

/// What a threat flies.
#[derive(Clone, Debug, PartialEq)]
pub enum Plan {
    /// A waypoint route (aircraft, cruise missiles, drones).
    Route(RoutePlan),
    /// A ballistic free flight.
    Ballistic(BallisticPlan),
}

/// Whether a threat is still flying.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    /// In flight.
    Flying,
    /// The flight is over; the mover no longer moves.
    Ended(EndReason),
}

/// Why a flight ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EndReason {
    /// Reached its target (route with `impact_at_end`) or came down at its
    /// aim point (ballistic).
    Impact,
    /// Reached the last waypoint of a route that does not end on a target.
    RouteComplete,
}

#[derive(Clone, Debug, PartialEq)]
enum Kind {
    // Boxed: a route mover carries its plan and is several times larger
    // than a ballistic one.
    Route(Box<RouteMover>),
    Ballistic(BallisticMover),
}

/// One threat's kinematic state.
#[derive(Clone, Debug, PartialEq)]
pub struct Mover {
    kind: Kind,
    status: Status,
}

impl Mover {
    /// Builds the mover at the start of its plan (launch point, launch
    /// speed). Fails on fewer than 2 waypoints, non-finite positions,
    /// non-positive speeds or limits, bad terminal parameters, and ballistic
    /// aims that no trajectory of the requested shape reaches.
    pub fn new(plan: Plan) -> Result<Mover, MotionError> {
        let kind = match plan {
            Plan::Route(p) => Kind::Route(Box::new(RouteMover::new(p)?)),
            Plan::Ballistic(p) => Kind::Ballistic(BallisticMover::new(&p)?),
        };
        Ok(Mover {
            kind,
            status: Status::Flying,
        })
    }

    /// Flies `dt_s` seconds (or until the flight ends inside the step) and
    /// returns the status. Once ended, or for a `dt_s` that is not a
    /// positive finite number, nothing moves.
    pub fn advance(&mut self, dt_s: f64) -> Status {
        if self.status != Status::Flying || !(dt_s > 0.0 && dt_s.is_finite()) {
            return self.status;
        }
        let ended = match &mut self.kind {
            Kind::Route(m) => m.advance(dt_s),
            Kind::Ballistic(m) => m.advance(dt_s).then_some(EndReason::Impact),
        };
        if let Some(reason) = ended {
            self.status = Status::Ended(reason);
        }
        self.status
    }

    /// Position, ECEF metres.
    pub fn position(&self) -> Ecef {
        match &self.kind {
            Kind::Route(m) => m.position(),
            Kind::Ballistic(m) => m.position(),
        }
    }

    /// Velocity, ECEF metres per second.
    pub fn velocity(&self) -> Vector3<f64> {
        match &self.kind {
            Kind::Route(m) => m.velocity(),
            Kind::Ballistic(m) => m.velocity(),
        }
    }

    /// Position as latitude, longitude and height above the ellipsoid.
    pub fn geodetic(&self) -> Geodetic {
        match &self.kind {
            Kind::Route(m) => m.geodetic(),
            Kind::Ballistic(m) => m.position().to_geodetic(),
        }
    }

    /// Speed, m/s.
    pub fn speed_mps(&self) -> f64 {
        match &self.kind {
            Kind::Route(m) => m.speed(),
            Kind::Ballistic(m) => m.velocity().norm(),
        }
    }

    /// Current status.
    pub fn status(&self) -> Status {
        self.status
    }

    /// The burnout speed the ballistic aiming solution chose, m/s; `None`
    /// for routes.
    pub fn burnout_speed_mps(&self) -> Option<f64> {
        match &self.kind {
            Kind::Route(_) => None,
            Kind::Ballistic(m) => Some(m.burnout_speed()),
        }
    }
}

#[cfg(test)]
mod tests;
