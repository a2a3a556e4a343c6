use super::*;
use proptest::prelude::*;

/// U.S. Standard Atmosphere 1976 densities (kg/m³) at geometric altitudes, as tabulated in the
/// standard (NOAA-S/T 76-1562, Table I) and reproduced by the Python package `ambiance` 1.3.1
/// (`Atmosphere(h).density`, run in this session): 0 km 1.225000, 10 km 0.4135103,
/// 11 km 0.3648014, 20 km 0.08890964, 30 km 0.01841010, 40 km 0.003995656,
/// 50 km 0.001026876, 60 km 3.096756e-4, 70 km 8.282797e-5, 80 km 1.845789e-5.
const US76_TABLE: [(f64, f64); 10] = [
    (0.0, 1.225_000),
    (10_000.0, 0.413_510_3),
    (11_000.0, 0.364_801_4),
    (20_000.0, 0.088_909_64),
    (30_000.0, 0.018_410_10),
    (40_000.0, 0.003_995_656),
    (50_000.0, 0.001_026_876),
    (60_000.0, 3.096_756e-4),
    (70_000.0, 8.282_797e-5),
    (80_000.0, 1.845_789e-5),
];

#[test]
fn val_us1976_density_table() {
    // Tolerance 1e-4 relative: the table is printed to 5–7 digits.
    for (z, rho) in US76_TABLE {
        let got = Atmosphere::UsStandard1976.density(z);
        assert!((got / rho - 1.0).abs() < 1e-4, "z = {z}: {got} vs {rho}");
    }
}

#[test]
fn val_us1976_density_86_and_100_km() {
    // 1976 table: 6.958e-6 kg/m³ at 86 km (top of the layered profile) and 5.604e-7 at 100 km,
    // which the exponential tail is fitted to (1 % tolerance: printed to 4 digits, fitted H).
    let at86 = Atmosphere::UsStandard1976.density(86_000.0);
    let at100 = Atmosphere::UsStandard1976.density(100_000.0);
    assert!((at86 / 6.958e-6 - 1.0).abs() < 1e-3, "{at86}");
    assert!((at100 / 5.604e-7 - 1.0).abs() < 1e-2, "{at100}");
}

#[test]
fn exponential_and_vacuum() {
    let a = Atmosphere::STANDARD_EXPONENTIAL;
    assert!((a.density(0.0) - 1.225).abs() < 1e-15);
    assert!((a.density(7_200.0) - 1.225 / std::f64::consts::E).abs() < 1e-12);
    assert_eq!(Atmosphere::Vacuum.density(0.0), 0.0);
    let bad = Atmosphere::Exponential {
        sea_level_density_kg_m3: 1.0,
        scale_height_m: 0.0,
    };
    assert!(bad.validate().is_err());
    assert!(a.validate().is_ok());
}

/// The standard's formula evaluated directly (a `powf` per call): the reference the table is
/// checked against.
fn us76_density_exact(z: f64) -> f64 {
    let h = geopotential(z.clamp(US76_BOTTOM_M, US76_TOP_M));
    let rho = layer_at(h).density(h);
    if z > US76_TOP_M {
        rho * (-(z - US76_TOP_M) / US76_TAIL_SCALE_HEIGHT_M).exp()
    } else {
        rho
    }
}

#[test]
fn us76_table_matches_the_exact_formula() {
    // Tolerance 1e-6 relative from −5 km to 200 km on a 0.25 m grid (364 001 points below the
    // 86 km top, the tail above). The cubic Hermite bound is ≈ 1.4e-7 (see TABLE_MAX_CELL_M)
    // and 1.49e-7 is measured (at 32.4 km); 1e-6 is 100× below the 1e-4 to which the
    // standard's own table is printed, so the drag is the standard's to that precision.
    let mut worst: (f64, f64) = (0.0, 0.0);
    let grid = (0..=364_000).map(|i| US76_BOTTOM_M + 0.25 * f64::from(i));
    let tail = (1..=1_140).map(|i| US76_TOP_M + 100.0 * f64::from(i) - 0.5);
    for z in grid.chain(tail) {
        let err = (us76_density(z) / us76_density_exact(z) - 1.0).abs();
        if err > worst.0 {
            worst = (err, z);
        }
    }
    assert!(
        worst.0 < 1e-6,
        "max relative error {:e} at z = {} m",
        worst.0,
        worst.1
    );
    // Below the bottom and above the top both models follow the same clamp and tail.
    for z in [-6_000.0, -5_000.0, 86_000.0, 86_000.5, 150_000.0] {
        let err = (us76_density(z) / us76_density_exact(z) - 1.0).abs();
        assert!(err < 1e-6, "z = {z}: relative error {err:e}");
    }
}

proptest! {
    #[test]
    fn us76_density_is_positive_and_decreasing(z in -5_000.0f64..200_000.0, dz in 1.0f64..5_000.0) {
        let a = Atmosphere::UsStandard1976;
        prop_assert!(a.density(z) > 0.0);
        prop_assert!(a.density(z + dz) < a.density(z));
    }
}

#[test]
fn us76_density_is_continuous_at_layer_boundaries() {
    // The base pressures are the standard's rounded values, so allow 1e-5 relative.
    for layer in &US76_LAYERS[1..] {
        let z = geometric(layer.h_base);
        let below = us76_density(z - 1e-3);
        let above = us76_density(z + 1e-3);
        assert!(
            (below / above - 1.0).abs() < 1e-5,
            "z = {z}: {below} vs {above}"
        );
    }
    let top = us76_density(US76_TOP_M);
    assert!((us76_density(US76_TOP_M + 1e-3) / top - 1.0).abs() < 1e-6);
}
