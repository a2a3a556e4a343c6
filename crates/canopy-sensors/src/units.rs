//! Decibel conversions (power ratios: `dB = 10·log10(x)`).

/// Converts a power ratio in dB to linear.
pub fn db_to_linear(db: f64) -> f64 {
    10f64.powf(db / 10.0)
}

/// Converts a linear power ratio to dB (`-inf` for 0).
pub fn linear_to_db(linear: f64) -> f64 {
    10.0 * linear.log10()
}
