//! Air density models for the flyout's drag.

use std::sync::LazyLock;

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
    /// first layer's formula extended down to −5 km below sea level. Up to 86 km it is read
    /// from a table of cubic pieces built once from the formula, within 2e-7 relative of it.
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

impl Layer {
    /// Temperature (K) at geopotential altitude `h` (m), extending the layer's line.
    fn temperature(&self, h: f64) -> f64 {
        self.t_base + self.lapse * (h - self.h_base)
    }

    /// The standard's exact density (kg/m³) at geopotential altitude `h` (m) on this layer's
    /// formula: hydrostatic pressure over R·T.
    fn density(&self, h: f64) -> f64 {
        let dh = h - self.h_base;
        let t = self.temperature(h);
        let p = if self.lapse == 0.0 {
            self.p_base * (-G0 * dh / (R_AIR * self.t_base)).exp()
        } else {
            self.p_base * (self.t_base / t).powf(G0 / (R_AIR * self.lapse))
        };
        p / (R_AIR * t)
    }

    /// dρ/dh (kg/m⁴) on this layer's formula: ρ ∝ p/T with dp/dh = −g₀·p/(R·T) and dT/dh = L,
    /// so d ln ρ/dh = −(g₀/R + L)/T.
    fn density_slope(&self, h: f64) -> f64 {
        -self.density(h) * (G0 / R_AIR + self.lapse) / self.temperature(h)
    }
}

/// Geopotential altitude (m) of the geometric altitude `z` (m), as the 1976 standard defines it.
fn geopotential(z: f64) -> f64 {
    R0_GEOPOTENTIAL * z / (R0_GEOPOTENTIAL + z)
}

/// Geometric altitude (m) of the geopotential altitude `h` (m): the inverse of [`geopotential`].
fn geometric(h: f64) -> f64 {
    R0_GEOPOTENTIAL * h / (R0_GEOPOTENTIAL - h)
}

/// The layer whose formula holds at geopotential altitude `h`; the first layer below 0.
fn layer_at(h: f64) -> &'static Layer {
    US76_LAYERS
        .iter()
        .rev()
        .find(|l| h >= l.h_base)
        .unwrap_or(&US76_LAYERS[0])
}

/// Widest cell of the density table (m of geometric altitude). The cubic Hermite error bound
/// Δ⁴·max|ρ⁗|/384 ≈ Δ⁴/(384·H⁴), with the smallest local density scale height H ≈ 5.8 km
/// (the cold top layer), is ≈ 1.4e-7 relative at 500 m.
const TABLE_MAX_CELL_M: f64 = 500.0;

/// One layer's stretch of the table: equal cells (at most [`TABLE_MAX_CELL_M`]) from the
/// layer's geometric base to the next one's, so no cell straddles a change of temperature
/// gradient (a kink in ρ that a cubic would smear over the whole cell).
#[derive(Debug, Clone, Copy, Default)]
struct Span {
    /// Geometric altitude of the span's first knot (m).
    z_base: f64,
    /// Cells per metre: a multiplication instead of a division in the hot lookup.
    cells_per_m: f64,
    /// Index of the span's first cell in [`Us76Table::cells`].
    first_cell: usize,
    /// Number of cells (≥ 1).
    n_cells: usize,
}

/// The U.S. 1976 density from −5 km to 86 km as one cubic Hermite polynomial in ρ per cell of
/// at most 500 m of geometric altitude, with the standard's exact values and slopes at the
/// knots. Drag needs the density at every Runge–Kutta stage of every flying round and the exact
/// formula costs a `powf` and a division (a third of a whole flyout), while each stage waits
/// on it; the lookup is a short search over seven layers, a multiplication and a cubic, and it
/// stays within 1.7e-7 of the formula (asserted to 1e-6 in the tests).
struct Us76Table {
    /// One span per layer of [`US76_LAYERS`], in order.
    spans: [Span; 7],
    /// Per cell, coefficients c₀..c₃ of ρ = c₀ + s·c₁ + s²·c₂ + s³·c₃ with s ∈ [0, 1] the
    /// position inside the cell.
    cells: Vec<[f64; 4]>,
    /// Exact density at the 86 km top (kg/m³), the start of the exponential tail.
    top_density: f64,
}

impl Us76Table {
    fn build() -> Self {
        let mut spans = [Span::default(); 7];
        let mut cells = Vec::new();
        for (k, layer) in US76_LAYERS.iter().enumerate() {
            let z_base = if k == 0 {
                US76_BOTTOM_M
            } else {
                geometric(layer.h_base)
            };
            let z_top = US76_LAYERS
                .get(k + 1)
                .map_or(US76_TOP_M, |next| geometric(next.h_base));
            let n_cells = ((z_top - z_base) / TABLE_MAX_CELL_M).ceil() as usize;
            let width = (z_top - z_base) / n_cells as f64;
            spans[k] = Span {
                z_base,
                cells_per_m: 1.0 / width,
                first_cell: cells.len(),
                n_cells,
            };
            // ρ(z) on this layer's own formula, and dρ/dz = dρ/dh · dh/dz with
            // dh/dz = (R₀/(R₀ + z))², so each cell interpolates one smooth function.
            let rho = |z: f64| layer.density(geopotential(z));
            let slope = |z: f64| {
                let dh_dz = (R0_GEOPOTENTIAL / (R0_GEOPOTENTIAL + z)).powi(2);
                layer.density_slope(geopotential(z)) * dh_dz * width
            };
            cells.extend((0..n_cells).map(|i| {
                let z0 = z_base + width * i as f64;
                let z1 = z0 + width;
                let (r0, r1, d0, d1) = (rho(z0), rho(z1), slope(z0), slope(z1));
                [
                    r0,
                    d0,
                    3.0 * (r1 - r0) - 2.0 * d0 - d1,
                    2.0 * (r0 - r1) + d0 + d1,
                ]
            }));
        }
        let top_h = geopotential(US76_TOP_M);
        Us76Table {
            spans,
            cells,
            top_density: layer_at(top_h).density(top_h),
        }
    }

    /// Density (kg/m³) at geometric altitude `z` in [−5 km, 86 km].
    fn density(&self, z: f64) -> f64 {
        // Along a trajectory the layer rarely changes, so this search is well predicted and
        // stays off the data path that the Runge–Kutta stage waits on.
        let span = self
            .spans
            .iter()
            .rev()
            .find(|s| z >= s.z_base)
            .unwrap_or(&self.spans[0]);
        let x = (z - span.z_base) * span.cells_per_m;
        // `as` saturates (NaN to 0), and the clamp keeps a span's top knot in its last cell.
        let i = (x as usize).min(span.n_cells - 1);
        let s = x - i as f64;
        let [c0, c1, c2, c3] = self.cells[span.first_cell + i];
        // Estrin's split: s² and the two halves are independent, a shorter chain than Horner.
        (c0 + s * c1) + (s * s) * (c2 + s * c3)
    }
}

/// Built on first use and shared by every [`Atmosphere`]: the 1976 standard is a fixed
/// constant, so this is a lazily computed constant, not state (nothing ever changes it).
static US76_TABLE: LazyLock<Us76Table> = LazyLock::new(Us76Table::build);

fn us76_density(z: f64) -> f64 {
    let table = &*US76_TABLE;
    if z > US76_TOP_M {
        table.top_density * (-(z - US76_TOP_M) / US76_TAIL_SCALE_HEIGHT_M).exp()
    } else {
        table.density(z.max(US76_BOTTOM_M))
    }
}

#[cfg(test)]
mod tests;
