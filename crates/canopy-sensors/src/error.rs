//! The crate's error type and the small argument checks every public entry point shares.

/// Everything that can go wrong when a caller hands this crate bad numbers.
///
/// Library functions never panic on user data: they validate and return one of these.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum SensorError {
    /// A parameter is NaN, infinite, negative or otherwise outside its domain.
    #[error("{name} = {value} is invalid: expected {expected}")]
    InvalidParameter {
        /// Name of the offending parameter.
        name: &'static str,
        /// The value that was passed.
        value: f64,
        /// What the parameter must be.
        expected: &'static str,
    },
    /// The requested detection probability cannot be achieved at any SNR
    /// (it is not above the false-alarm probability, or not below 1).
    #[error("Pd = {pd} is unreachable with Pfa = {pfa}: it must lie strictly between Pfa and 1")]
    UnreachablePd {
        /// Requested probability of detection.
        pd: f64,
        /// False-alarm probability of the detector.
        pfa: f64,
    },
    /// An empirical approximation (Albersheim, Shnidman) was asked for outside the
    /// range in which its formula is defined.
    #[error("{method} is not defined for {name} = {value}: valid range is {valid}")]
    OutsideApproximation {
        /// Name of the approximation.
        method: &'static str,
        /// Name of the offending argument.
        name: &'static str,
        /// The value that was passed.
        value: f64,
        /// The range in which the approximation is defined.
        valid: &'static str,
    },
}

/// Shorthand for results of this crate.
pub type Result<T> = std::result::Result<T, SensorError>;

/// Returns `value` if `ok`, otherwise an [`SensorError::InvalidParameter`] error.
pub(crate) fn check(
    name: &'static str,
    value: f64,
    ok: bool,
    expected: &'static str,
) -> Result<f64> {
    if ok {
        Ok(value)
    } else {
        Err(SensorError::InvalidParameter {
            name,
            value,
            expected,
        })
    }
}

/// A finite, strictly positive number.
pub(crate) fn positive(name: &'static str, value: f64) -> Result<f64> {
    check(
        name,
        value,
        value.is_finite() && value > 0.0,
        "a finite number > 0",
    )
}

/// A finite number ≥ 0.
pub(crate) fn non_negative(name: &'static str, value: f64) -> Result<f64> {
    check(
        name,
        value,
        value.is_finite() && value >= 0.0,
        "a finite number >= 0",
    )
}

/// Any finite number.
pub(crate) fn finite(name: &'static str, value: f64) -> Result<f64> {
    check(name, value, value.is_finite(), "a finite number")
}

/// A probability strictly between 0 and 1.
pub(crate) fn open_probability(name: &'static str, value: f64) -> Result<f64> {
    check(
        name,
        value,
        value > 0.0 && value < 1.0,
        "a probability strictly between 0 and 1",
    )
}
