//! Closed-form approximations of the required SNR: Albersheim (steady target, linear
//! detector) and Shnidman (Swerling 0–4, square-law detector). MODELS.md §2.2–2.3.
//!
//! They are what MATLAB's `albersheim`/`shnidman` and the `sdr` Python package implement and
//! are kept for cross-checks and quick estimates; the simulator itself uses the exact forms
//! of [`super::Detector`].

use super::Swerling;
use crate::error::{Result, SensorError, check, open_probability};
use crate::units::linear_to_db;

fn pulses_at_least_one(pulses: u32) -> Result<f64> {
    check("pulses", f64::from(pulses), pulses >= 1, "at least 1")
}

/// Albersheim's equation: required single-pulse SNR (dB) of a non-fluctuating target for
/// `pd` and `pfa` with `pulses` pulses non-coherently integrated (linear detector).
///
/// ```text
/// A = ln(0.62/Pfa),  B = ln(Pd/(1−Pd))
/// SNR_dB = −5·log10 N + (6.2 + 4.54/√(N+0.44))·log10(A + 0.12·A·B + 1.7·B)
/// ```
/// Stated error < 0.2 dB for 1e-7 ≤ Pfa ≤ 1e-3, 0.1 ≤ Pd ≤ 0.9, 1 ≤ N ≤ 8096; outside that it
/// still evaluates while the log argument is positive, and errors otherwise.
pub fn albersheim_snr_db(pd: f64, pfa: f64, pulses: u32) -> Result<f64> {
    open_probability("pd", pd)?;
    open_probability("pfa", pfa)?;
    let n = pulses_at_least_one(pulses)?;
    let a = (0.62 / pfa).ln();
    let b = (pd / (1.0 - pd)).ln();
    let arg = a + 0.12 * a * b + 1.7 * b;
    if arg.is_nan() || arg <= 0.0 {
        return Err(SensorError::OutsideApproximation {
            method: "Albersheim's equation",
            name: "pd",
            value: pd,
            valid: "A + 0.12·A·B + 1.7·B > 0 (Pd well above Pfa)",
        });
    }
    Ok(-5.0 * n.log10() + (6.2 + 4.54 / (n + 0.44).sqrt()) * arg.log10())
}

/// Shnidman's equation: required single-pulse SNR (dB) for Swerling 0–4 targets, square-law
/// detector, `pulses` non-coherently integrated (Shnidman, IEEE Trans. AES 38(3), 2002).
///
/// Defined for 0.1 ≤ Pd ≤ 0.99 (the fluctuation-loss polynomial is fitted there; outside it
/// returns [`SensorError::OutsideApproximation`]); stated accuracy about ±0.5 dB for
/// 1e-9 ≤ Pfa ≤ 1e-3.
pub fn shnidman_snr_db(pd: f64, pfa: f64, pulses: u32, swerling: Swerling) -> Result<f64> {
    open_probability("pfa", pfa)?;
    let n = pulses_at_least_one(pulses)?;
    if !(0.1..=0.99).contains(&pd) {
        return Err(SensorError::OutsideApproximation {
            method: "Shnidman's equation",
            name: "pd",
            value: pd,
            valid: "0.1 <= Pd <= 0.99",
        });
    }
    let alpha = if n < 40.0 { 0.0 } else { 0.25 };
    let eta = (-0.8 * (4.0 * pfa * (1.0 - pfa)).ln()).sqrt()
        + (pd - 0.5).signum() * (-0.8 * (4.0 * pd * (1.0 - pd)).ln()).sqrt();
    let x_inf = eta * (eta + 2.0 * (n / 2.0 + alpha - 0.25).sqrt());
    // K: number of independent RCS samples seen by the detector (∞ for a steady target).
    let k = match swerling {
        Swerling::Zero => f64::INFINITY,
        Swerling::One => 1.0,
        Swerling::Two => n,
        Swerling::Three => 2.0,
        Swerling::Four => 2.0 * n,
    };
    let c1 = (((17.7006 * pd - 18.4496) * pd + 14.5339) * pd - 3.525) / k;
    let c2 = ((27.31 * pd - 25.14).exp()
        + (pd - 0.8) * (0.7 * (1e-5 / pfa).ln() + (2.0 * n - 20.0) / 80.0))
        / k;
    let c_db = if pd <= 0.872 { c1 } else { c1 + c2 };
    // For K = ∞ both terms are 0 dB (C = 1), as the formula intends for Swerling 0.
    Ok(c_db + linear_to_db(x_inf / n))
}
