//! Shared foundations of Canopy: simulation time, random streams, geodesy and
//! parameter provenance.
//!
//! # Brief overview
//!
//! * [`SimTime`] — integer nanoseconds since scenario start. Every ordering
//!   decision in the engine compares `SimTime`, never `f64` seconds.
//! * [`Streams`] — derives one ChaCha8 random stream per
//!   `(master seed, run, subsystem, entity)`, so results do not depend on the
//!   thread count and adding an entity does not shift anyone else's draws.
//! * [`geo`] — WGS-84 geodetic ↔ ECEF ↔ local ENU ↔ azimuth/elevation/range,
//!   and geodesics. Frames are distinct types ([`geo::Ecef`], [`geo::Enu`]).
//! * [`Provenance`] — where a number came from (CLAIM / REPORT / RECALLED /
//!   DERIVED / NOTIONAL plus a source text).
//!
//! This crate does no I/O and reads no clock.

pub mod geo;
mod provenance;
mod rng;
mod time;

pub use provenance::{Provenance, Status};
pub use rng::{Streams, Subsystem};
pub use time::SimTime;
