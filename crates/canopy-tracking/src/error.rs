//! The crate's error type.

use thiserror::Error;

/// Everything that can go wrong when building a model or running a filter step.
///
/// Filter steps are transactional: when one of these is returned, the filter state is
/// unchanged.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum TrackingError {
    /// A number that must be finite was NaN or infinite.
    #[error("{what} must be finite (got {value})")]
    NonFinite {
        /// Which input was bad.
        what: &'static str,
        /// The offending value.
        value: f64,
    },
    /// A number that must be non-negative (or strictly positive) was not.
    #[error("{what} must be {bound} (got {value})")]
    OutOfRange {
        /// Which input was bad.
        what: &'static str,
        /// The bound it violated, in words.
        bound: &'static str,
        /// The offending value.
        value: f64,
    },
    /// A covariance matrix was not symmetric positive definite.
    #[error("{what} is not symmetric positive definite")]
    NotPositiveDefinite {
        /// Which matrix.
        what: &'static str,
    },
    /// The measurement function is singular at this geometry (target at the sensor, or
    /// straight above or below it, where azimuth is undefined).
    #[error("measurement geometry is degenerate: {reason}")]
    DegenerateGeometry {
        /// What made it degenerate.
        reason: &'static str,
    },
    /// A motion model named a state index outside the state vector.
    #[error("state index {index} is outside a state of dimension {dim}")]
    BadStateIndex {
        /// The index.
        index: usize,
        /// The state dimension.
        dim: usize,
    },
    /// A probability vector or Markov transition matrix was not stochastic.
    #[error("{what} is not a probability distribution: {reason}")]
    NotStochastic {
        /// Which vector or matrix.
        what: &'static str,
        /// What was wrong with it.
        reason: &'static str,
    },
    /// No IMM mode could explain the measurement (every likelihood underflowed or every
    /// mode update failed).
    #[error("no IMM mode has a usable likelihood for this measurement")]
    NoModeLikelihood,
    /// The measurement kind cannot be used in this tracker's configuration.
    #[error("unsupported measurement: {reason}")]
    UnsupportedMeasurement {
        /// Why, in words.
        reason: &'static str,
    },
    /// A tracker configuration value is unusable.
    #[error("tracker configuration: {what} {problem}")]
    InvalidConfig {
        /// Which setting.
        what: &'static str,
        /// What is wrong with it, in words.
        problem: &'static str,
    },
    /// A scan arrived with a time earlier than the tracker's current time (scans must be
    /// processed in non-decreasing time order).
    #[error("scan at t = {time_s} s is earlier than the tracker's time {current_s} s")]
    OutOfOrder {
        /// The scan's time (s).
        time_s: f64,
        /// The tracker's current time (s).
        current_s: f64,
    },
    /// One measurement of a scan was rejected; the scan was not processed.
    #[error("measurement {index} of the scan: {source}")]
    BadMeasurement {
        /// Index of the measurement in the scan.
        index: usize,
        /// Why it was rejected.
        source: Box<TrackingError>,
    },
}

/// Result alias for this crate.
pub type Result<T> = std::result::Result<T, TrackingError>;

/// Returns `value` if it is finite.
pub(crate) fn finite(what: &'static str, value: f64) -> Result<f64> {
    if value.is_finite() {
        Ok(value)
    } else {
        Err(TrackingError::NonFinite { what, value })
    }
}

/// Returns `value` if it is finite and `>= 0`.
pub(crate) fn non_negative(what: &'static str, value: f64) -> Result<f64> {
    if finite(what, value)? >= 0.0 {
        Ok(value)
    } else {
        Err(TrackingError::OutOfRange {
            what,
            bound: ">= 0",
            value,
        })
    }
}

/// Returns `value` if it is finite and `> 0`.
pub(crate) fn positive(what: &'static str, value: f64) -> Result<f64> {
    if finite(what, value)? > 0.0 {
        Ok(value)
    } else {
        Err(TrackingError::OutOfRange {
            what,
            bound: "> 0",
            value,
        })
    }
}
