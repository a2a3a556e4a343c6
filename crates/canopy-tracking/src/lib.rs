//! Canopy's multi-target tracker: target-state filters, and the [`Tracker`] that gates,
//! associates, manages and fuses on top of them, plus the tracking metrics.
//!
//! Pipeline position: sensors produce detections → the engine converts them into this
//! crate's [`Measurement`]s in one local frame and hands each sensor's scan to the
//! [`Tracker`] → the tracker predicts, gates (spatial grid + chi-square), associates
//! (GNN through `canopy-assign`, or JPDA), updates, confirms (M-of-N) and deletes tracks,
//! fusing asynchronous radars at the measurement level → command and control reads the
//! confirmed tracks, never truth. [`metrics`] scores a track picture against truth
//! (GOSPA, breaks, false tracks, latency); [`sim`] generates the planar peer-benchmark
//! scenarios in Rust.
//!
//! # Frame and units
//!
//! All filtering happens in one local Cartesian frame, east-north-up metres, at a sensor
//! or at a fusion centre; the engine converts geodetic or other frames before calling in.
//! Time in seconds. Angles in **radians**; azimuth clockwise from north, elevation up from
//! the horizontal. State layouts interleave position and velocity per axis (MathWorks
//! order, e.g. `[x, vx, y, vy, z, vz]`), see [`motion`].
//!
//! # Main types
//!
//! - Motion models ([`MotionModel`]): [`ConstantVelocity`] (6), [`ConstantAcceleration`]
//!   (9), [`CoordinatedTurn`] (7, with turn-rate state and analytic Jacobian), and
//!   [`ConstantVelocityTurnLayout`] / [`TurnModel`] for IMM on the turn layout.
//! - Measurement models ([`MeasurementModel`]): [`CartesianPosition`] (linear) and
//!   [`RangeAzEl`] (EKF, or [`RangeAzEl::convert_debiased`] for the unbiased converted
//!   measurement); [`Measurement`] bundles a value with its model for the tracker.
//! - [`Gaussian`]: an estimate (mean, covariance), always symmetric positive definite.
//! - [`Filter`]: the trait a track's filter implements, by [`KalmanFilter`] (KF/EKF with
//!   Joseph-form update) and [`Imm`]. Free functions [`kalman::predict`],
//!   [`kalman::update`], [`kalman::innovation`] are the same steps on bare estimates.
//! - [`Innovation`]: residual, `S`, NIS, Mahalanobis distance, log-likelihood; gate
//!   thresholds from [`chi2::gate_threshold`] (a real chi-square inverse CDF).
//! - [`TrackFilter`]: what a [`Track`] holds, an enum over the concrete filters so a
//!   tracker can mix models per track without generics or `dyn`.
//! - [`Tracker`] with [`TrackerConfig`] ([`Space`], [`MotionConfig`], [`Association`],
//!   M-of-N and deletion settings): [`Tracker::process_scan`] takes a [`SensorScan`]
//!   (measurements, Pd, clutter density, [`Coverage`]) and returns a [`ScanReport`];
//!   [`Track`] is the read-only view (id, status, estimate, quality, `predict_to`).
//! - [`metrics::score_run`] / [`metrics::gospa`]: GOSPA as `shared/bench/tracking/score.py`
//!   computes it, and the continuity figures.
//!
//! # Design
//!
//! Everything is on fixed-size `nalgebra` matrices (`SMatrix`/`SVector`): no heap in a
//! predict or update. Three choices keep a 6-state CV cycle with a 3-D measurement under
//! half a microsecond (`docs/bench/canopy-tracking.md`):
//! - measurement models depend on position only, so an update touches only the three
//!   position columns of the covariance (`H = J·E`, `E` a selector);
//! - kinematic models predict the covariance with a few shear row/column operations
//!   ([`MotionModel::predict_covariance`]) instead of dense `F P Fᵀ`;
//! - the remaining products use small compile-time-sized kernels (module `linalg`),
//!   because nalgebra's generic small-matrix product does not vectorise.
//!
//! Every step is transactional: on error the filter is unchanged. Bad input returns a
//! [`TrackingError`] and never panics.

pub mod chi2;
mod error;
mod gaussian;
pub mod imm;
pub mod kalman;
mod linalg;
pub mod measurement;
pub mod metrics;
pub mod motion;
pub mod sim;
mod track;
mod tracker;

pub use error::{Result, TrackingError};
pub use gaussian::Gaussian;
pub use imm::Imm;
pub use kalman::{Filter, Innovation, KalmanFilter};
pub use measurement::{
    CartesianPosition, Measurement, MeasurementModel, RaeProcessing, RangeAzEl, wrap_angle,
};
pub use motion::{
    ConstantAcceleration, ConstantVelocity, ConstantVelocityTurnLayout, CoordinatedTurn,
    MotionModel, Transition, TurnModel,
};
pub use track::TrackFilter;
pub use tracker::{
    Association, CellHasher, Coverage, DeletionReason, ImmConfig, KinematicState, MAX_JPDA_EVENTS,
    MotionConfig, ScanReport, SensorScan, Space, Track, TrackId, TrackStatus, Tracker,
    TrackerConfig,
};
