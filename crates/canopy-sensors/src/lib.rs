//! Radar detection physics for Canopy: given a radar and a target's geometry, how likely is
//! a detection, and what does the report look like.
//!
//! In the pipeline this crate sits between motion (which yields target positions) and
//! tracking (which consumes [`radar::Measurement`]s): the engine turns geometry into a
//! [`radar::TargetGeometry`], asks a [`radar::Radar`] for a [`radar::Radar::look`] each
//! revisit, and adds [`radar::Radar::false_alarms`] per scan. Analysis tools use
//! [`coverage`] for detection ranges and footprints.
//!
//! Modules, in dependency order:
//! * [`radar_equation`] — [`radar_equation::RadarEquation`]: monostatic/bistatic SNR,
//!   coherent integration, required power, maximum range (MODELS.md §1).
//! * [`detection`] — [`detection::Detector`]: exact Pd for Swerling 0–4 with N pulses
//!   non-coherently integrated, required SNR, Albersheim and Shnidman (MODELS.md §2).
//! * [`horizon`] — [`horizon::EarthModel`]: line of sight, horizon ranges, slant
//!   geometry on the 4/3 earth (MODELS.md §3).
//! * [`radar`] — [`radar::RadarParams`], [`radar::Radar`]: gates, Pd, per-look draws,
//!   measurement noise, false alarms.
//! * [`coverage`] — [`coverage::detection_range`], [`coverage::footprint`].
//!
//! Everything is pure: no I/O, no clock, no global state; randomness comes in as `&mut R`.

pub mod coverage;
pub mod detection;
mod error;
pub mod horizon;
pub mod radar;
pub mod radar_equation;
pub mod sampling;
pub mod special;
pub mod units;

pub use error::{Result, SensorError};
