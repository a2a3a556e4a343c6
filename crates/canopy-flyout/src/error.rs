//! The crate's error type and the input checks shared by every constructor.

use nalgebra::Vector3;

/// Errors returned by canopy-flyout APIs that take user data.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum FlyoutError {
    /// A parameter is not finite or is outside its valid range.
    #[error("invalid parameter `{name}`: {reason}")]
    InvalidParameter {
        /// Name of the offending field or argument.
        name: &'static str,
        /// What is wrong with it.
        reason: String,
    },
    /// The interceptor's flight has already ended; it cannot be stepped again.
    #[error("the interceptor's flight already ended at t = {time_s} s")]
    FlightEnded {
        /// Simulation time at which the flight ended (s).
        time_s: f64,
    },
}

fn invalid(name: &'static str, reason: impl Into<String>) -> FlyoutError {
    FlyoutError::InvalidParameter {
        name,
        reason: reason.into(),
    }
}

pub(crate) fn finite(name: &'static str, value: f64) -> Result<f64, FlyoutError> {
    if value.is_finite() {
        Ok(value)
    } else {
        Err(invalid(name, format!("must be finite, got {value}")))
    }
}

pub(crate) fn positive(name: &'static str, value: f64) -> Result<f64, FlyoutError> {
    if finite(name, value)? > 0.0 {
        Ok(value)
    } else {
        Err(invalid(name, format!("must be > 0, got {value}")))
    }
}

pub(crate) fn non_negative(name: &'static str, value: f64) -> Result<f64, FlyoutError> {
    if finite(name, value)? >= 0.0 {
        Ok(value)
    } else {
        Err(invalid(name, format!("must be >= 0, got {value}")))
    }
}

pub(crate) fn finite_vec(name: &'static str, v: &Vector3<f64>) -> Result<(), FlyoutError> {
    if v.iter().all(|c| c.is_finite()) {
        Ok(())
    } else {
        Err(invalid(
            name,
            format!("all components must be finite, got {v:?}"),
        ))
    }
}

pub(crate) fn nonzero_vec(name: &'static str, v: &Vector3<f64>) -> Result<(), FlyoutError> {
    finite_vec(name, v)?;
    if v.norm() > 0.0 {
        Ok(())
    } else {
        Err(invalid(name, "must be a non-zero vector"))
    }
}

pub(crate) fn rule(name: &'static str, ok: bool, reason: &str) -> Result<(), FlyoutError> {
    if ok {
        Ok(())
    } else {
        Err(invalid(name, reason))
    }
}
