use super::*;
use crate::atmosphere::Atmosphere;
use crate::earth::EarthModel;
use crate::params::Environment;
use std::f64::consts::FRAC_PI_2;

fn table(params: &InterceptorParams) -> FlyoutTable {
    FlyoutTable::build(params, FlyoutTableConfig::default()).expect("valid table")
}

#[test]
fn vertical_vacuum_coast_is_free_fall() {
    // No thrust, no air: straight up at 300 m/s, s(t) = v₀t − g t²/2 with g = μ/Re² (the decrease
    // of g over 4.6 km is 0.15 %, on the g·t²/2 term only: tolerance 0.2 % of that term).
    let params = InterceptorParams {
        propellant_mass_kg: 0.0,
        thrust_phases: Vec::new(),
        launch_speed_mps: 300.0,
        environment: Environment {
            earth: EarthModel::Sphere {
                radius_m: 6_371_000.0,
            },
            atmosphere: Atmosphere::Vacuum,
        },
        ..InterceptorParams::notional_long_range()
    };
    let t = table(&params);
    let g = MU_EARTH / 6_371_000.0_f64.powi(2);
    for time in [5.0, 10.0, 20.0, 30.0] {
        let s = t.sample(FRAC_PI_2, time).expect("still climbing");
        let drop = 0.5 * g * time * time;
        assert!(
            (s.slant_range_m - (300.0 * time - drop)).abs() < 2e-3 * drop,
            "t = {time}: {}",
            s.slant_range_m
        );
        assert!((s.altitude_m - s.slant_range_m).abs() < 1e-6 && s.ground_range_m.abs() < 1e-6);
        assert!((s.speed_mps - (300.0 - g * time)).abs() < 2e-3 * g * time);
    }
    // The ray stops when the round stalls at apogee (≈ 30.5 s).
    assert!(t.sample(FRAC_PI_2, 31.0).is_none());
    assert!(t.time_to_reach_slant(4_500.0, FRAC_PI_2).is_some());
    assert!(t.time_to_reach_slant(4_700.0, FRAC_PI_2).is_none());
}

#[test]
fn time_to_reach_inverts_the_samples() {
    let t = table(&InterceptorParams::notional_long_range());
    for elevation_deg in [0.0, 5.0, 30.0, 60.0, 90.0] {
        let e = f64::to_radians(elevation_deg);
        let mut previous = 0.0;
        for time in [1.0, 3.0, 7.5, 15.0, 40.0, 90.0] {
            let s = t.sample(e, time).expect("within the flight");
            // On a ray the inverse is exact up to rounding.
            let back = t
                .time_to_reach_slant(s.slant_range_m, e)
                .expect("reachable");
            assert!(
                (back - time).abs() < 1e-9,
                "{elevation_deg}° t = {time}: {back}"
            );
            assert!(s.slant_range_m > previous);
            previous = s.slant_range_m;
            // The ground range / altitude form gives the same answer.
            let via_ground = t
                .time_to_reach(s.ground_range_m, s.altitude_m)
                .expect("reachable");
            assert!(
                (via_ground - back).abs() < 1e-6 * time,
                "{via_ground} vs {back}"
            );
        }
    }
}

#[test]
fn interpolation_between_rays_matches_a_finer_table() {
    // 5° rays interpolated vs 0.5° rays; observed worst 0.7 % at 50 km on the 2.5° ray (a slow
    // coast in dense air, where time grows fast with range). Tolerance 1 % of the time.
    let params = InterceptorParams::notional_long_range();
    let coarse = table(&params);
    let fine = FlyoutTable::build(
        &params,
        FlyoutTableConfig {
            elevation_step_deg: 0.5,
            ..FlyoutTableConfig::default()
        },
    )
    .expect("valid");
    for elevation_deg in [2.5, 12.5, 33.0, 47.5, 71.5] {
        let e = f64::to_radians(elevation_deg);
        for slant in [2e3, 10e3, 30e3, 50e3] {
            let (Some(a), Some(b)) = (
                coarse.time_to_reach_slant(slant, e),
                fine.time_to_reach_slant(slant, e),
            ) else {
                panic!("{elevation_deg}° {slant} m must be reachable");
            };
            assert!(
                (a / b - 1.0).abs() < 1e-2,
                "{elevation_deg}° {slant} m: {a} vs {b}"
            );
        }
    }
}

#[test]
fn stationary_and_unreachable_targets() {
    let params = InterceptorParams::notional_long_range();
    let t = table(&params);
    let launcher = Vector3::new(6_371_008.8, 0.0, 0.0);
    // A hovering target 20 km east at 5 km: the PIP is the target, reached in the nominal time.
    let up = EarthModel::Wgs84.up(&launcher);
    let point = launcher + Vector3::new(0.0, 20_000.0, 0.0) + up * 5_000.0;
    let hover = TargetEstimate {
        position: point,
        velocity: Vector3::zeros(),
        time_s: 3.0,
    };
    let pip = t
        .predict_intercept(&launcher, &hover, 3.0)
        .expect("reachable");
    let direct = t.time_to_point(&launcher, &up, &point).expect("reachable");
    assert!(
        (pip.time_to_intercept_s - direct).abs() < 2e-4,
        "{} vs {direct}",
        pip.time_to_intercept_s
    );
    assert!((pip.intercept_time_s - 3.0 - pip.time_to_intercept_s).abs() < 1e-12);
    assert!((pip.point - point).norm() < 1e-9);
    assert!((pip.launch_direction.norm() - 1.0).abs() < 1e-12);
    assert!((pip.elevation_rad - (5.0_f64 / 20.0).atan()).abs() < 0.01);
    // Too far for the nominal flyout, and a target running away faster than the round.
    let far = TargetEstimate {
        position: launcher + Vector3::new(0.0, 900e3, 0.0),
        ..hover
    };
    assert!(t.predict_intercept(&launcher, &far, 3.0).is_none());
    let runner = TargetEstimate {
        velocity: Vector3::new(0.0, 3_000.0, 0.0),
        ..hover
    };
    assert!(t.predict_intercept(&launcher, &runner, 3.0).is_none());
    assert!(t.time_to_reach(900e3, 10e3).is_none());
    assert!(t.time_to_reach_slant(f64::NAN, 0.1).is_none());
    assert!(t.sample(0.1, -1.0).is_none());
}

#[test]
fn bad_configs_are_errors() {
    let params = InterceptorParams::notional_long_range();
    for config in [
        FlyoutTableConfig {
            elevation_step_deg: 0.0,
            ..FlyoutTableConfig::default()
        },
        FlyoutTableConfig {
            elevation_step_deg: 91.0,
            ..FlyoutTableConfig::default()
        },
        FlyoutTableConfig {
            sample_interval_s: f64::NAN,
            ..FlyoutTableConfig::default()
        },
        FlyoutTableConfig {
            launch_altitude_m: -7e6,
            ..FlyoutTableConfig::default()
        },
        FlyoutTableConfig {
            sample_interval_s: 1e-6,
            ..FlyoutTableConfig::default()
        },
    ] {
        assert!(FlyoutTable::build(&params, config).is_err(), "{config:?}");
    }
    let bad = InterceptorParams {
        nav_ratio: f64::NAN,
        ..params
    };
    assert!(FlyoutTable::build(&bad, FlyoutTableConfig::default()).is_err());
}

/// The slant-range index finds the same sample as a binary search over the whole ray, at every
/// sample, between samples and beyond either end.
#[test]
fn slant_index_matches_a_binary_search() {
    let t = table(&InterceptorParams::notional_long_range());
    for ray in &t.rays {
        let probes = ray
            .points
            .iter()
            .flat_map(|p| [p.slant_m, p.slant_m + 0.3, p.slant_m.next_down()])
            .chain([-1.0, 0.0, 1e9, f64::INFINITY]);
        for slant in probes {
            let expected = ray.points.partition_point(|p| p.slant_m <= slant);
            assert_eq!(ray.count_within(slant), expected, "slant {slant}");
        }
    }
}

/// `reach_between` and `time_slopes` bound the table: points nearer than the smaller reach are
/// reachable, points beyond the larger are not, and the time to reach changes between two
/// nearby reachable points by no more than the slopes allow (plus 1e-9 s of rounding).
#[test]
fn reach_and_slope_bounds_hold() {
    let t = table(&InterceptorParams::notional_long_range());
    let mut checked = (0, 0);
    for i in 0..40 {
        for j in 0..30 {
            let slant = 1e3 + 5e3 * i as f64;
            let elevation = 0.05 * j as f64;
            for (ds, de) in [
                (300.0, 0.01),
                (-450.0, 0.004),
                (120.0, -0.015),
                (-40.0, -0.02),
            ] {
                let (s2, e2) = (slant + ds, elevation + de);
                let (e_lo, e_hi) = (elevation.min(e2), elevation.max(e2));
                let (s_lo, s_hi) = (slant.min(s2), slant.max(s2));
                let (reach_lo, reach_hi) = t.reach_between(e_lo, e_hi);
                let a = t.time_to_reach_slant(slant, elevation);
                let b = t.time_to_reach_slant(s2, e2);
                if s_hi < reach_lo {
                    let (a, b) = (a.expect("inside the reach"), b.expect("inside the reach"));
                    let slopes = t.time_slopes(s_lo, s_hi, e_lo, e_hi);
                    let bound = slopes.max_along_s_per_m * ds.abs()
                        + slopes.max_across_s_per_rad * de.abs();
                    assert!((a - b).abs() <= bound + 1e-9, "{a} {b} {bound} {slopes:?}");
                    assert!(slopes.min_along_s_per_m <= slopes.max_along_s_per_m);
                    checked.0 += 1;
                }
                if s_lo >= reach_hi {
                    assert!(a.is_none() && b.is_none(), "{slant} {elevation}");
                    checked.1 += 1;
                }
            }
        }
    }
    // Both kinds of region were exercised.
    assert!(checked.0 > 1000 && checked.1 > 500, "{checked:?}");
}

#[test]
fn a_lofted_table_reaches_farther_low_down_with_times_increasing_along_its_rays() {
    let straight = InterceptorParams::notional_long_range();
    let lofted = InterceptorParams {
        midcourse: Midcourse::Loft(crate::Loft::notional(0.5)),
        ..straight.clone()
    };
    let (s, l) = (table(&straight), table(&lofted));
    let low = 2f64.to_radians();
    assert!(l.reach_between(0.0, low).0 > 1.5 * s.reach_between(0.0, low).1);
    let mut last = 0.0;
    for km in 1..150 {
        let Some(t) = l.time_to_reach_slant(km as f64 * 1e3, low) else {
            break;
        };
        assert!(t > last, "{km} km: {t} s after {last} s");
        last = t;
    }
    assert!(last > 60.0, "the lofted ray ends at {last} s");
}
