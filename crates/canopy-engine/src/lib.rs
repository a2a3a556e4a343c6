//! The Canopy engine: one deterministic, single-threaded run of a scenario.
//!
//! # Brief overview
//!
//! * [`World`] — the state of one run, kept in sets indexed by typed handles
//!   ([`ThreatId`]); no object graph, no shared ownership.
//! * [`run`] — builds the world from a validated [`canopy_scenario::Scenario`]
//!   and steps it with a fixed tick through a fixed phase order (see
//!   [`world::World::step`]), emitting [`Event`]s to a [`Sink`].
//! * [`Sink`] — the seam to the outside. The engine knows no file format:
//!   CSV, JSON, replay writers are sinks in `canopy-output`.
//!
//! * Engagement (opt-in, [`RunConfig::engage`]): evaluate → assign → fly
//!   out → resolve after the track phase, with every threat's and round's
//!   fate in [`EngagementSummary`].
//!
//! Invariants: no I/O, no wall clock, no global state; every random draw
//! comes from a [`canopy_core::Streams`] stream keyed by subsystem and
//! entity, so a run's outputs depend only on (scenario, seed, run index).

mod continuity;
mod engage;
mod event;
mod sensors;
mod tracking;
mod world;

pub use engage::{
    Armoury, C2_CYCLE, EngagementSummary, FIRM_TRACK_HITS, FlightEnd, LAUNCH_TOF_MARGIN,
    LETHAL_RADIUS_M, LeakCause, MAX_ASSESSMENTS, MAX_DEFER, MIN_TARGET_VALUE, ShotRecord,
    ShotResult, ThreatFate, ThreatRecord, Timeline,
};
pub use event::{Detection, EndCause, EntityInfo, Event, Sink, TrackReport, VecSink};
pub use sensors::{
    LookMode, NamedRadar, SensorId, SensorInfo, TaskError, antenna_position, radar_params,
    role_name, scenario_radars,
};
pub use tracking::GOSPA_CUTOFF_M;
pub use world::{RunConfig, RunSummary, ThreatId, TrackScore, World, run, run_with};
