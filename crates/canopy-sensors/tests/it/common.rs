//! Shared fixtures and statistics helpers.

use canopy_sensors::detection::Swerling;
use canopy_sensors::horizon::EarthModel;
use canopy_sensors::radar::{
    Integration, MeasurementAccuracy, MeasurementBias, Radar, RadarParams, TargetGeometry,
};
use canopy_sensors::radar_equation::{RadarEquation, wavelength};
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

/// z for a two-sided 99.99 % normal interval.
pub const Z_9999: f64 = 3.890_591_886;

/// Half-width of the 99.99 % binomial interval for `trials` Bernoulli(p) draws (normal
/// approximation, plus a 1/n continuity term).
pub fn binomial_halfwidth(p: f64, trials: u64) -> f64 {
    let n = trials as f64;
    Z_9999 * (p * (1.0 - p) / n).sqrt() + 1.0 / n
}

/// Asserts an empirical rate is inside the 99.99 % interval around `p`.
pub fn assert_rate(label: &str, hits: u64, trials: u64, p: f64) {
    let rate = hits as f64 / trials as f64;
    let half = binomial_halfwidth(p, trials);
    assert!(
        (rate - p).abs() <= half,
        "{label}: empirical {rate:.5} vs exact {p:.5} (99.99 % half-width {half:.5}, n = {trials})"
    );
}

/// A fixed-seed generator.
pub fn rng(seed: u64) -> ChaCha8Rng {
    ChaCha8Rng::seed_from_u64(seed)
}

/// A notional S-band surveillance radar (numbers are illustrative, not any real system).
pub fn surveillance_params() -> RadarParams {
    RadarParams {
        equation: RadarEquation {
            peak_power_w: 200e3,
            tx_gain_db: 38.0,
            rx_gain_db: 38.0,
            wavelength_m: wavelength(3e9).unwrap(),
            pulse_width_s: 20e-6,
            noise_temperature_k: 500.0,
            losses_db: 6.0,
        },
        antenna_height_m: 25.0,
        earth: EarthModel::default(),
        pfa: 1e-6,
        pulses_per_look: 4,
        integration: Integration::NonCoherent,
        instrumented_range_m: 600e3,
        min_elevation_rad: (-1.0f64).to_radians(),
        max_elevation_rad: 60f64.to_radians(),
        sector: None,
        revisit_period_s: 10.0,
        alert_confirm: false,
        accuracy: MeasurementAccuracy {
            range_resolution_m: 150.0,
            azimuth_beamwidth_rad: 1.5f64.to_radians(),
            elevation_beamwidth_rad: 2.0f64.to_radians(),
            monopulse_slope: 1.6,
            range_floor_m: 5.0,
            azimuth_floor_rad: 0.05f64.to_radians(),
            elevation_floor_rad: 0.1f64.to_radians(),
            bias: MeasurementBias::default(),
        },
    }
}

/// The fixture radar.
pub fn surveillance_radar() -> Radar {
    Radar::new(surveillance_params()).unwrap()
}

/// A target at `altitude_m` and `ground_range_m` on azimuth `azimuth_deg`, with geometry
/// from the radar's own k-earth.
pub fn target_at(
    params: &RadarParams,
    altitude_m: f64,
    ground_range_m: f64,
    azimuth_deg: f64,
    rcs_m2: f64,
    swerling: Swerling,
) -> TargetGeometry {
    let slant = params
        .earth
        .slant_geometry(params.antenna_height_m, altitude_m, ground_range_m)
        .unwrap();
    TargetGeometry {
        slant_range_m: slant.slant_range_m,
        azimuth_rad: azimuth_deg.to_radians(),
        elevation_rad: slant.elevation_rad,
        altitude_m,
        rcs_m2,
        swerling,
    }
}
