//! Air density models for the flyout's drag.

use crate::error::{FlyoutError, positive};

/// Specific gas constant of dry air in the 1976 standard, R*/M₀ = 8314.32/28.9644 (J/(kg·K)).
const R_AIR: f64 = 287.053_07;
/// g₀ as used by the 1976 standard for the hydrostatic exponent (m/s²).
const G0: f64 = 9.806_65;
/// Earth radius used by the 1976 standard to convert geometric to geopotential altitude (m).
const R0_GEOPOTENTIAL: f64 = 6_356_766.0;
/// Geometric altitude where the 1976 temperature profile tabulated here ends (m).
const US76_TOP_M: f64 = 86_000.0;
/// Density scale height above 86 km (m), fitted to the 1976 table's values at 86 and 100 km
/// (6.958e-6 and 5.604e-7 kg/m³); drag is negligible there, so the tail only needs to be smooth.
const US76_TAIL_SCALE_HEIGHT_M: f64 = 5_558.0;
/// Lowest geometric altitude the 1976 profile is evaluated at (m): the standard starts at −5 km.
const US76_BOTTOM_M: f64 = -5_000.0;

/// One 1976 layer: base geopotential altitude (m), base temperature (K), lapse rate (K/m) and
/// base pressure (Pa), from the standard's Table 4.
struct Layer {
    h_base: f64,
    t_base: f64,
    lapse: f64,
    p_base: f64,
}

const US76_LAYERS: [Layer; 7] = [
    Layer {
        h_base: 0.0,
        t_base: 288.15,
        lapse: -0.0065,
        p_base: 101_325.0,
    },
    Layer {
        h_base: 11_000.0,
        t_base: 216.65,
        lapse: 0.0,
        p_base: 22_632.06,
    },
    Layer {
        h_base: 20_000.0,
        t_base: 216.65,
        lapse: 0.001,
        p_base: 5_474.889,
    },
    Layer {
        h_base: 32_000.0,
        t_base: 228.65,
        lapse: 0.0028,
        p_base: 868.018_7,
    },
    Layer {
        h_base: 47_000.0,
        t_base: 270.65,
        lapse: 0.0,
        p_base: 110.906_3,
    },
    Layer {
        h_base: 51_000.0,
        t_base: 270.65,
        lapse: -0.0028,
        p_base: 66.938_87,
    },
    Layer {
        h_base: 71_000.0,
        t_base: 214.65,
        lapse: -0.002,
        p_base: 3.956_420,
    },
];

/// Air density as a function of altitude.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub enum Atmosphere {
    /// U.S. Standard Atmosphere 1976, the seven piecewise temperature layers up to 86 km
    /// (geometric altitude converted to geopotential), an exponential tail above 86 km and the
    /// first layer's formula extended down to −5 km below sea level.
    #[default]
    UsStandard1976,
    /// ρ = ρ₀·exp(−h/H) (typical ρ₀ = 1.225 kg/m³, H ≈ 7.2 km): cheaper, within ~10–30 % of the
    /// 1976 profile below 30 km.
    Exponential {
        /// Sea-level density ρ₀ (kg/m³).
        sea_level_density_kg_m3: f64,
        /// Scale height H (m).
        scale_height_m: f64,
    },
    /// No air: no drag (for checks against Keplerian motion).
    Vacuum,
}

impl Atmosphere {
    /// The exponential model with ρ₀ = 1.225 kg/m³ and H = 7.2 km.
    pub const STANDARD_EXPONENTIAL: Atmosphere = Atmosphere::Exponential {
        sea_level_density_kg_m3: 1.225,
        scale_height_m: 7_200.0,
    };

    pub(crate) fn validate(&self) -> Result<(), FlyoutError> {
        if let Atmosphere::Exponential {
            sea_level_density_kg_m3,
            scale_height_m,
        } = *self
        {
            positive(
                "atmosphere.sea_level_density_kg_m3",
                sea_level_density_kg_m3,
            )?;
            positive("atmosphere.scale_height_m", scale_height_m)?;
        }
        Ok(())
    }

    /// Air density (kg/m³) at geometric altitude `altitude_m` above the surface.
    pub fn density(&self, altitude_m: f64) -> f64 {
        match *self {
            Atmosphere::UsStandard1976 => us76_density(altitude_m),
            Atmosphere::Exponential {
                sea_level_density_kg_m3,
                scale_height_m,
            } => sea_level_density_kg_m3 * (-altitude_m / scale_height_m).exp(),
            Atmosphere::Vacuum => 0.0,
        }
    }
}

fn us76_layer_density(z: f64) -> f64 {
    let h = R0_GEOPOTENTIAL * z / (R0_GEOPOTENTIAL + z);
    let layer = US76_LAYERS
        .iter()
        .rev()
        .find(|l| h >= l.h_base)
        .unwrap_or(&US76_LAYERS[0]);
    let dh = h - layer.h_base;
    let t = layer.t_base + layer.lapse * dh;
    let p = if layer.lapse == 0.0 {
        layer.p_base * (-G0 * dh / (R_AIR * layer.t_base)).exp()
    } else {
        layer.p_base * (layer.t_base / t).powf(G0 / (R_AIR * layer.lapse))
    };
    p / (R_AIR * t)
}

fn us76_density(z: f64) -> f64 {
    if z > US76_TOP_M {
        us76_layer_density(US76_TOP_M) * (-(z - US76_TOP_M) / US76_TAIL_SCALE_HEIGHT_M).exp()
    } else {
        us76_layer_density(z.max(US76_BOTTOM_M))
    }
}

#[cfg(test)]
mod tests;
