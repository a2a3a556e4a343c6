//! The radar range equation: single-pulse SNR for a monostatic or bistatic radar, coherent
//! integration gain, and its inversions (required peak power, maximum range).
//!
//! ```text
//! SNR = Pt · τ · Gt · Gr · λ² · σ / ( (4π)³ · k · Ts · R⁴ · L )        (bistatic: R⁴ → Rt²·Rr²)
//! ```
//!
//! This is the form of MathWorks `radareqsnr`/`radareqpow`/`radareqrng` (MODELS.md §1): the
//! matched-filter assumption τ·B ≈ 1 turns the noise power k·Ts·B into k·Ts/τ. The constants
//! are MATLAB's `physconst` values so the documented examples reproduce to the printed digit.

use std::f64::consts::PI;

use crate::error::{Result, finite, non_negative, positive};
use crate::units::{db_to_linear, linear_to_db};

/// Speed of light in vacuum, m/s (MATLAB `physconst('LightSpeed')`).
pub const SPEED_OF_LIGHT: f64 = 299_792_458.0;

/// Boltzmann's constant, J/K, CODATA 2014 (MATLAB `physconst('Boltzmann')`).
///
/// The current SI value is 1.380649e-23; we keep MATLAB's so that its documented examples,
/// which are our validation cases, reproduce exactly.
pub const BOLTZMANN: f64 = 1.380_648_52e-23;

/// Standard reference noise temperature, K (MATLAB's default `Ts`).
pub const REFERENCE_TEMPERATURE_K: f64 = 290.0;

/// Wavelength (m) of a carrier frequency (Hz): λ = c / f.
pub fn wavelength(frequency_hz: f64) -> Result<f64> {
    Ok(SPEED_OF_LIGHT / positive("frequency_hz", frequency_hz)?)
}

/// SNR after coherently integrating `pulses` pulses: N · SNR (ideal, no integration loss).
pub fn coherent_integration(snr: f64, pulses: u32) -> f64 {
    snr * f64::from(pulses)
}

/// Factor by which detection range changes when the RCS is multiplied by `rcs_ratio`, at
/// fixed required SNR and not limited by anything but the radar equation: `ratio^(1/4)`.
///
/// 1/100 of the RCS gives 0.316 of the range (MODELS.md §1, "derived rule").
pub fn range_scale_for_rcs_ratio(rcs_ratio: f64) -> Result<f64> {
    Ok(non_negative("rcs_ratio", rcs_ratio)?.powf(0.25))
}

/// Everything in the radar equation except the target (RCS) and the geometry (ranges).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RadarEquation {
    /// Peak transmitted power Pt, W.
    pub peak_power_w: f64,
    /// Transmit antenna gain Gt, dB.
    pub tx_gain_db: f64,
    /// Receive antenna gain Gr, dB.
    pub rx_gain_db: f64,
    /// Carrier wavelength λ, m (see [`wavelength`]).
    pub wavelength_m: f64,
    /// Pulse width τ, s. With τ·B ≈ 1 this is also 1/noise bandwidth.
    pub pulse_width_s: f64,
    /// System noise temperature Ts, K.
    pub noise_temperature_k: f64,
    /// Total system losses L, dB (≥ 0 means a loss).
    pub losses_db: f64,
}

impl RadarEquation {
    /// A radar with MATLAB's defaults for everything not given: Gt = Gr = 20 dB,
    /// Ts = 290 K, no losses.
    pub fn new(peak_power_w: f64, wavelength_m: f64, pulse_width_s: f64) -> Result<Self> {
        let eq = Self {
            peak_power_w,
            tx_gain_db: 20.0,
            rx_gain_db: 20.0,
            wavelength_m,
            pulse_width_s,
            noise_temperature_k: REFERENCE_TEMPERATURE_K,
            losses_db: 0.0,
        };
        eq.validate()?;
        Ok(eq)
    }

    /// Checks every field (powers, wavelength, pulse width and temperature > 0; gains and
    /// losses finite).
    pub fn validate(&self) -> Result<()> {
        positive("peak_power_w", self.peak_power_w)?;
        self.validate_except_power()
    }

    fn validate_except_power(&self) -> Result<()> {
        finite("tx_gain_db", self.tx_gain_db)?;
        finite("rx_gain_db", self.rx_gain_db)?;
        positive("wavelength_m", self.wavelength_m)?;
        positive("pulse_width_s", self.pulse_width_s)?;
        positive("noise_temperature_k", self.noise_temperature_k)?;
        finite("losses_db", self.losses_db)?;
        Ok(())
    }

    /// SNR per watt of peak power per m² of RCS at 1 m range (the part of the equation that
    /// does not depend on Pt, σ or R).
    fn snr_per_watt(&self) -> f64 {
        let gains = db_to_linear(self.tx_gain_db + self.rx_gain_db - self.losses_db);
        self.pulse_width_s * gains * self.wavelength_m.powi(2)
            / ((4.0 * PI).powi(3) * BOLTZMANN * self.noise_temperature_k)
    }

    /// The radar constant K with SNR = K · σ / (Rt²·Rr²): everything but target and geometry.
    /// Precompute it when evaluating many targets with the same radar.
    pub fn snr_constant(&self) -> Result<f64> {
        self.validate()?;
        Ok(self.peak_power_w * self.snr_per_watt())
    }

    /// Monostatic single-pulse SNR (linear) of a target of `rcs_m2` at `range_m`.
    pub fn snr(&self, rcs_m2: f64, range_m: f64) -> Result<f64> {
        self.bistatic_snr(rcs_m2, range_m, range_m)
    }

    /// [`Self::snr`] in dB.
    pub fn snr_db(&self, rcs_m2: f64, range_m: f64) -> Result<f64> {
        Ok(linear_to_db(self.snr(rcs_m2, range_m)?))
    }

    /// Bistatic single-pulse SNR (linear): R⁴ becomes Rt²·Rr² (transmitter–target and
    /// target–receiver ranges).
    pub fn bistatic_snr(&self, rcs_m2: f64, tx_range_m: f64, rx_range_m: f64) -> Result<f64> {
        let k = self.snr_constant()?;
        let rcs = non_negative("rcs_m2", rcs_m2)?;
        let rt = positive("tx_range_m", tx_range_m)?;
        let rr = positive("rx_range_m", rx_range_m)?;
        Ok(k * rcs / (rt * rt * rr * rr))
    }

    /// Peak power (W) needed for a single-pulse SNR of `snr_db` on `rcs_m2` at `range_m`
    /// (MATLAB `radareqpow`); `peak_power_w` of `self` is ignored.
    pub fn required_peak_power(&self, snr_db: f64, rcs_m2: f64, range_m: f64) -> Result<f64> {
        self.validate_except_power()?;
        let snr = db_to_linear(finite("snr_db", snr_db)?);
        let rcs = positive("rcs_m2", rcs_m2)?;
        let range = positive("range_m", range_m)?;
        Ok(snr * range.powi(4) / (self.snr_per_watt() * rcs))
    }

    /// Largest monostatic range (m) at which the single-pulse SNR still reaches `snr_db`
    /// (MATLAB `radareqrng`, free space, no horizon).
    pub fn max_range(&self, snr_db: f64, rcs_m2: f64) -> Result<f64> {
        let k = self.snr_constant()?;
        let snr = db_to_linear(finite("snr_db", snr_db)?);
        let rcs = non_negative("rcs_m2", rcs_m2)?;
        Ok((k * rcs / snr).powf(0.25))
    }
}
