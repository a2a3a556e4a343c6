//! Line-of-sight geometry against MODELS.md §3 / FS-1037C.

use canopy_sensors::horizon::EarthModel;
use proptest::prelude::*;

fn km(x: f64) -> f64 {
    x / 1e3
}

#[test]
fn val_fs1037c_horizon_10m_surface() {
    // MODELS.md §3: 10 m antenna, surface target → 13.03 km (4/3 earth); tol 0.005 km (printed digits).
    let d = km(EarthModel::default()
        .horizon_range_approx(10.0, 0.0)
        .unwrap());
    assert!((d - 13.03).abs() < 0.005, "{d}");
}

#[test]
fn val_fs1037c_horizon_25m_cruise_missile() {
    // 25 m antenna, 50 m cruise missile → 49.75 km; tol 0.005 km.
    let d = km(EarthModel::default()
        .horizon_range_approx(25.0, 50.0)
        .unwrap());
    assert!((d - 49.75).abs() < 0.005, "{d}");
}

#[test]
fn val_fs1037c_horizon_25m_100m() {
    // 25 m antenna, 100 m target → 61.83 km; tol 0.005 km.
    let d = km(EarthModel::default()
        .horizon_range_approx(25.0, 100.0)
        .unwrap());
    assert!((d - 61.83).abs() < 0.005, "{d}");
}

#[test]
fn val_fs1037c_horizon_25m_aircraft() {
    // 25 m antenna, 10 km aircraft → 432.79 km (√ form) and 432.91 km exact (tangent
    // lengths, MODELS.md §3); tol 0.005 km. The ground-range form is shorter, 432.59 km.
    let earth = EarthModel::default();
    let approx = km(earth.horizon_range_approx(25.0, 10_000.0).unwrap());
    let exact = km(earth.horizon_slant_range(25.0, 10_000.0).unwrap());
    let ground = km(earth.horizon_ground_range(25.0, 10_000.0).unwrap());
    assert!((approx - 432.79).abs() < 0.005, "{approx}");
    assert!((exact - 432.91).abs() < 0.005, "{exact}");
    assert!((ground - 432.59).abs() < 0.005, "{ground}");
}

#[test]
fn val_fs1037c_rule_of_thumb() {
    // FS-1037C: R[nmi] = 2.23·(√ht + √hr), heights in m (4/3 earth); our √ form must agree to
    // the rule's 3 significant digits (0.3 %).
    let d = EarthModel::default()
        .horizon_range_approx(25.0, 100.0)
        .unwrap()
        / 1852.0;
    let rule = 2.23 * (25f64.sqrt() + 100f64.sqrt());
    assert!((d / rule - 1.0).abs() < 3e-3, "{d} nmi vs {rule}");
}

#[test]
fn val_models_horizon_k1() {
    // MODELS.md §3: k = 1 (no refraction) gives 43.09 km for 25 m / 50 m; tol 0.005 km.
    let earth = EarthModel::new(1.0, 6_371_000.0).unwrap();
    let d = km(earth.horizon_range_approx(25.0, 50.0).unwrap());
    assert!((d - 43.09).abs() < 0.005, "{d}");
}

#[test]
fn val_models_lowest_visible_altitude() {
    // MODELS.md §3 (parabolic form): 371 m @ 100 km, 3097 m @ 250 km, 8472 m @ 400 km from a
    // 25 m antenna; tol 0.5 m (printed to the metre). The exact curved form is higher by
    // the neglected terms (0.0 m, 0.9 m, 7.0 m): stated values 371.0, 3098.2, 8479.3 m, tol 0.1 m.
    let earth = EarthModel::default();
    for (range, approx, exact) in [
        (100e3, 371.0, 371.0),
        (250e3, 3097.0, 3098.2),
        (400e3, 8472.0, 8479.3),
    ] {
        let a = earth.lowest_visible_altitude_approx(25.0, range).unwrap();
        let e = earth.lowest_visible_altitude(25.0, range).unwrap();
        assert!((a - approx).abs() < 0.5, "approx @ {range}: {a}");
        assert!((e - exact).abs() < 0.1, "exact @ {range}: {e}");
    }
}

#[test]
fn only_targets_above_8_5_km_are_visible_at_400_km() {
    // The "engages cruise missiles at 400 km" check (MODELS.md §3).
    let earth = EarthModel::default();
    assert!(!earth.visible(25.0, 8_470.0, 400e3).unwrap());
    assert!(earth.visible(25.0, 8_490.0, 400e3).unwrap());
    assert!(!earth.visible(25.0, 50.0, 50e3).unwrap());
    assert!(earth.visible(25.0, 50.0, 49e3).unwrap());
    assert_eq!(earth.lowest_visible_altitude(25.0, 10e3).unwrap(), 0.0);
}

#[test]
fn bad_inputs_are_errors() {
    let earth = EarthModel::default();
    assert!(earth.horizon_range_approx(-1.0, 0.0).is_err());
    assert!(earth.visible(10.0, f64::NAN, 1e3).is_err());
    assert!(earth.visible(10.0, 0.0, -1.0).is_err());
    assert!(EarthModel::new(0.0, 6.371e6).is_err());
    assert!(earth.target_from_slant(10.0, 1e3, 2.0).is_err());
    assert!(earth.lowest_visible_altitude(25.0, 1e8).is_err());
}

#[test]
fn straight_up_and_level_geometry() {
    let earth = EarthModel::default();
    let up = earth.slant_geometry(10.0, 1010.0, 0.0).unwrap();
    assert!(
        (up.slant_range_m - 1000.0).abs() < 1e-6
            && (up.elevation_rad - std::f64::consts::FRAC_PI_2).abs() < 1e-12
    );
    // Same height, 100 km apart: elevation −θ/2 (the chord dips below the horizontal).
    let level = earth.slant_geometry(100.0, 100.0, 100e3).unwrap();
    let theta = 100e3 / earth.effective_radius();
    assert!(
        (level.elevation_rad + theta / 2.0).abs() < 1e-12,
        "{}",
        level.elevation_rad
    );
}

proptest! {
    #[test]
    fn slant_geometry_round_trips(h1 in 0.0f64..100.0, h2 in 0.0f64..30_000.0, d in 1.0f64..600e3) {
        let earth = EarthModel::default();
        let s = earth.slant_geometry(h1, h2, d).unwrap();
        let g = earth.target_from_slant(h1, s.slant_range_m, s.elevation_rad).unwrap();
        prop_assert!((g.altitude_m - h2).abs() < 1e-4, "altitude {} vs {}", g.altitude_m, h2);
        prop_assert!((g.ground_range_m - d).abs() < 1e-4, "ground {} vs {}", g.ground_range_m, d);
        let back = earth.ground_range_from_slant(h1, h2, s.slant_range_m).unwrap();
        prop_assert!((back - d).abs() < 1e-3, "ground from slant {} vs {}", back, d);
    }

    #[test]
    fn visibility_matches_the_grazing_ray(h1 in 0.0f64..100.0, d in 1e3f64..600e3) {
        // Just above the lowest visible altitude the target is visible, just below it is not,
        // and the horizon ground range for that altitude is the given range.
        let earth = EarthModel::default();
        let h = earth.lowest_visible_altitude(h1, d).unwrap();
        prop_assert!(earth.visible(h1, h + 0.01, d).unwrap());
        if h > 0.01 {
            prop_assert!(!earth.visible(h1, h - 0.01, d).unwrap());
            prop_assert!((earth.horizon_ground_range(h1, h).unwrap() - d).abs() < 1e-3);
        }
    }
}
