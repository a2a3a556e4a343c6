//! Catalog radars as sensor models: the one place that maps a [`RadarType`]
//! onto `canopy_sensors::radar::RadarParams`. Validation builds every
//! catalog radar through it, so the engine can never be handed a radar the
//! sensor model rejects.

use crate::model::{Integration, PlacedRadar, RadarType};
use canopy_core::geo::Geodetic;
use canopy_sensors::horizon::EarthModel;
use canopy_sensors::radar::{
    AzimuthSector, Integration as SensorIntegration, MeasurementAccuracy, MeasurementBias,
    RadarParams,
};
use canopy_sensors::radar_equation::{RadarEquation, SPEED_OF_LIGHT};

/// The sensor-model parameters of a catalog radar placed at `placed.site`.
///
/// The antenna height handed to the line-of-sight model is measured from the
/// WGS-84 ellipsoid (site altitude plus mast), because Canopy has no terrain
/// yet: the ellipsoid is the ground everywhere.
pub fn radar_params(t: &RadarType, placed: &PlacedRadar) -> RadarParams {
    let bw = t.beamwidth_deg.to_radians();
    RadarParams {
        equation: RadarEquation {
            peak_power_w: t.peak_power_w,
            tx_gain_db: t.gain_db,
            rx_gain_db: t.gain_db,
            wavelength_m: SPEED_OF_LIGHT / t.frequency_hz,
            pulse_width_s: t.pulse_width_s,
            noise_temperature_k: t.noise_temperature_k,
            losses_db: t.losses_db,
        },
        antenna_height_m: (placed.site.alt_m + t.antenna_height_m).max(0.0),
        earth: EarthModel::default(),
        pfa: t.pfa,
        pulses_per_look: t.pulses,
        integration: match t.integration {
            Integration::Coherent => SensorIntegration::Coherent,
            Integration::NonCoherent => SensorIntegration::NonCoherent,
        },
        instrumented_range_m: t.instrumented_range_m,
        min_elevation_rad: t.min_elevation_deg.to_radians(),
        max_elevation_rad: t.max_elevation_deg.to_radians(),
        sector: (t.sector_half_width_deg < 180.0).then(|| AzimuthSector {
            center_rad: placed.heading_deg.to_radians(),
            half_width_rad: t.sector_half_width_deg.to_radians(),
        }),
        revisit_period_s: t.revisit_s,
        alert_confirm: t.alert_confirm,
        accuracy: MeasurementAccuracy {
            range_resolution_m: t.range_resolution_m,
            azimuth_beamwidth_rad: bw,
            elevation_beamwidth_rad: bw,
            // A monopulse slope of 1.6 is the textbook value for a sum/difference
            // pattern (Sherman & Barton, Monopulse Principles and Techniques).
            monopulse_slope: 1.6,
            range_floor_m: t.range_sigma_m,
            azimuth_floor_rad: t.azimuth_sigma_deg.to_radians(),
            elevation_floor_rad: t.elevation_sigma_deg.to_radians(),
            bias: MeasurementBias {
                range_m: t.bias[0],
                azimuth_rad: t.bias[1].to_radians(),
                elevation_rad: t.bias[2].to_radians(),
            },
        },
    }
}

/// The antenna position of a placed radar.
pub fn antenna_position(t: &RadarType, placed: &PlacedRadar) -> Geodetic {
    Geodetic::new(
        placed.site.lat_deg,
        placed.site.lon_deg,
        placed.site.alt_m + t.antenna_height_m,
    )
}
