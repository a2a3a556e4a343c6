//! Interceptor flyout and guidance for Canopy (issue "Engagement", part 6).
//!
//! Where it sits: the C2 plans an engagement with a [`FlyoutTable`] (nominal time to reach a
//! point, [`FlyoutTable::predict_intercept`] for a constant-velocity target); the engine then
//! launches an [`Interceptor`] and steps it each tick with the engagement radar's
//! [`TargetEstimate`], until a terminal [`FlightEvent`] reports the [`ClosestApproach`] (miss
//! distance), the time-of-flight self-destruct or a ground impact.
//!
//! Main types:
//! - [`InterceptorParams`] (mass, [`ThrustPhase`]s, drag, lateral-g limit, N', time of flight,
//!   [`Midcourse`] mode, [`Environment`]) and [`Interceptor`], the 3-DOF point mass in ECEF
//!   (treated as inertial; see [`earth`]) with central gravity, [`Atmosphere`] drag and 3-D true
//!   proportional navigation ([`guidance`]).
//! - [`FlyoutTable`], the precomputed nominal flyout fan used for planning: straight rays for a
//!   round that flies PN from launch, rays flown point by point by a fast planar model of the
//!   same flight for a lofting one.
//! - [`Loft`] ([`Midcourse::Loft`]), lofted mid-course guidance: PN toward an aim point raised
//!   above the target, so long-range rounds climb into thin air before diving on the target.
//! - [`Seeker`], the round's terminal seeker: acquisition range scaling as σ^¼, a gimbal
//!   limit, angular noise; the engine hands its view to guidance in place of the track.
//! - [`linear`], Zarchan's linearised homing loop: the regression harness validating PN against
//!   the closed forms of MODELS §7.
//!
//! Model choices (details in each module):
//! - Frame: ECEF treated as inertial, central μ/r² gravity; Coriolis, centrifugal and J2 are
//!   neglected for flights of seconds to minutes ([`earth`]). Altitude from WGS-84 (or a sphere).
//! - Forces: thrust and drag along the velocity (zero angle of attack), mass linear in time
//!   within each motor phase, constant Cd·A, U.S. 1976 or exponential density ([`atmosphere`]).
//! - Guidance, once per integration step (10 ms default) and held over it: true PN
//!   a = N'·Vc·(Ω × û_LOS) on the target estimate; optional mid-course, either heading
//!   alignment onto the predicted intercept point until a seeker range or a loft (PN toward a
//!   raised aim point until a switch distance); lateral gravity compensation; the
//!   command keeps only its part perpendicular to the velocity, is limited to `max_lateral_g`
//!   and is followed through a first-order autopilot lag.
//! - End of flight: when the range to the target estimate starts to open (armed at motor
//!   burnout, or earlier within [`PASS_ARM_S`] of flight of the estimate), the closest approach
//!   is found on the straight chord of the relative motion within the last step (not the
//!   sampled minimum); also at the maximum time of flight and on ground impact.
//!
//! Everything is deterministic (no randomness, no clock, no I/O); bad inputs give
//! [`FlyoutError`], never a panic.

pub mod atmosphere;
pub mod earth;
mod error;
pub mod guidance;
mod integrate;
mod interceptor;
pub mod linear;
pub mod loft;
mod params;
mod seeker;
mod table;

pub use atmosphere::Atmosphere;
pub use earth::EarthModel;
pub use error::FlyoutError;
pub use integrate::Integrator;
pub use interceptor::{
    ClosestApproach, FlightEvent, GuidancePhase, Interceptor, OUTRUN_COS, PASS_ARM_S, STEPS_TO_GO,
    Segment, TargetEstimate,
};
pub use loft::{Loft, MIN_LAUNCH_ELEVATION_DEG};
pub use params::{Environment, InterceptorParams, Midcourse, ThrustPhase};
pub use seeker::Seeker;
pub use table::{FlyoutSample, FlyoutTable, FlyoutTableConfig, InterceptPrediction, TimeSlopes};
