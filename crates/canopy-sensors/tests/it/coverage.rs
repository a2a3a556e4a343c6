//! Detection ranges and footprints.

use canopy_sensors::coverage::{
    CoverageTarget, DetectionCriterion, RangeLimit, detection_range, footprint,
};
use canopy_sensors::detection::Swerling;
use canopy_sensors::radar::{AzimuthSector, Gate, Radar, RadarParams, TargetGeometry};
use proptest::prelude::*;

use crate::common::{surveillance_params, surveillance_radar};

const HALF: DetectionCriterion = DetectionCriterion::SingleLook { pd: 0.5 };

fn target(altitude_m: f64, rcs_m2: f64, swerling: Swerling) -> CoverageTarget {
    CoverageTarget {
        altitude_m,
        rcs_m2,
        swerling,
    }
}

#[test]
fn val_models_cruise_missile_hidden_beyond_horizon_whatever_its_rcs() {
    // MODELS.md §3: a 50 m cruise missile and a 25 m mast: horizon 49.75 km (tol 0.01 km),
    // whatever the RCS (0.1 m² to 10⁴ m²); with a big RCS the horizon is the binding limit.
    let radar = surveillance_radar();
    for rcs in [0.1, 1.0, 100.0, 1e4] {
        let r = detection_range(&radar, &target(50.0, rcs, Swerling::One), HALF)
            .unwrap()
            .unwrap();
        assert!(
            r.ground_range_m <= 49.76e3,
            "RCS {rcs}: {}",
            r.ground_range_m
        );
        if rcs >= 1.0 {
            assert_eq!(r.limit, RangeLimit::Horizon, "RCS {rcs}");
            assert!(
                (r.ground_range_m - 49.75e3).abs() < 10.0,
                "{}",
                r.ground_range_m
            );
        }
    }
}

#[test]
fn val_models_only_high_targets_reach_400_km() {
    // MODELS.md §3: at 400 km a 25 m mast sees only targets above ~8.5 km (8479 m exact).
    let radar = surveillance_radar();
    let big = |alt| {
        detection_range(&radar, &target(alt, 1e4, Swerling::Zero), HALF)
            .unwrap()
            .unwrap()
    };
    assert!(big(8_000.0).ground_range_m < 400e3);
    assert_eq!(big(8_000.0).limit, RangeLimit::Horizon);
    assert!(big(9_000.0).ground_range_m > 400e3);
}

#[test]
fn val_models_rcs_rule_in_coverage() {
    // MODELS.md §1: RCS × 1/100 → slant detection range × 0.316 (0.31623) when SNR-limited; tol 1e-9.
    let radar = surveillance_radar();
    for sw in Swerling::ALL {
        let big = detection_range(&radar, &target(10_000.0, 1.0, sw), HALF)
            .unwrap()
            .unwrap();
        let small = detection_range(&radar, &target(10_000.0, 0.01, sw), HALF)
            .unwrap()
            .unwrap();
        assert_eq!((big.limit, small.limit), (RangeLimit::Snr, RangeLimit::Snr));
        assert!((small.slant_range_m / big.slant_range_m - 0.1f64.sqrt()).abs() < 1e-9);
    }
}

#[test]
fn fluctuating_targets_need_more_snr_than_steady_ones() {
    // At Pd 0.9 the SW1 fluctuation loss (≈ 8 dB, MODELS.md §2.4) shortens the range by
    // ≈ 10^(−8/40) ≈ 0.63; SW0 must reach farther than SW3, and SW3 farther than SW1.
    let radar = surveillance_radar();
    let crit = DetectionCriterion::SingleLook { pd: 0.9 };
    let range = |sw| {
        detection_range(&radar, &target(10_000.0, 0.1, sw), crit)
            .unwrap()
            .unwrap()
            .slant_range_m
    };
    assert!(
        range(Swerling::Zero) > range(Swerling::Three)
            && range(Swerling::Three) > range(Swerling::One)
    );
}

#[test]
fn cumulative_criterion_uses_independent_looks_at_the_same_range() {
    // Pc 0.9 over 3 looks ⇔ single-look Pd 1 − 0.1^(1/3) = 0.5358.
    let radar = surveillance_radar();
    let t = target(6_000.0, 1.0, Swerling::One);
    let cum = detection_range(
        &radar,
        &t,
        DetectionCriterion::Cumulative { pd: 0.9, looks: 3 },
    )
    .unwrap()
    .unwrap();
    let single = detection_range(
        &radar,
        &t,
        DetectionCriterion::SingleLook {
            pd: 1.0 - 0.1f64.powf(1.0 / 3.0),
        },
    )
    .unwrap()
    .unwrap();
    assert!((cum.slant_range_m - single.slant_range_m).abs() < 1e-6);
    let one_look = detection_range(
        &radar,
        &t,
        DetectionCriterion::Cumulative { pd: 0.9, looks: 1 },
    )
    .unwrap()
    .unwrap();
    assert!(cum.slant_range_m > one_look.slant_range_m);
}

#[test]
fn cone_of_silence_and_undetectable_targets() {
    let radar = Radar::new(RadarParams {
        max_elevation_rad: 10f64.to_radians(),
        ..surveillance_params()
    })
    .unwrap();
    // A huge-RCS target at 30 km altitude is limited at the far end by the instrumented
    // range, so this checks the near edge: it is in the cone inside ~170 km.
    let r = detection_range(&radar, &target(30_000.0, 1e3, Swerling::Zero), HALF)
        .unwrap()
        .unwrap();
    assert_eq!(r.limit, RangeLimit::InstrumentedRange);
    // Tiny target at 30 km altitude: the SNR range is inside the cone of silence → never detected.
    assert!(
        detection_range(&radar, &target(30_000.0, 1e-4, Swerling::Zero), HALF)
            .unwrap()
            .is_none()
    );
    // A zero-RCS target is never detected.
    assert!(
        detection_range(&radar, &target(1_000.0, 0.0, Swerling::Zero), HALF)
            .unwrap()
            .is_none()
    );
    // Reported ranges are all errors for bad input.
    assert!(detection_range(&radar, &target(-5.0, 1.0, Swerling::Zero), HALF).is_err());
    assert!(
        detection_range(
            &radar,
            &target(1e3, 1.0, Swerling::Zero),
            DetectionCriterion::SingleLook { pd: 1.0 }
        )
        .is_err()
    );
}

#[test]
fn footprint_is_sector_aware() {
    // ±55°: no 10° sample falls on an edge, where rounding would decide membership.
    let sector = AzimuthSector::new(0.0, 55f64.to_radians()).unwrap();
    let radar = Radar::new(RadarParams {
        sector: Some(sector),
        ..surveillance_params()
    })
    .unwrap();
    let t = target(5_000.0, 1.0, Swerling::One);
    let range = detection_range(&radar, &t, HALF)
        .unwrap()
        .unwrap()
        .ground_range_m;
    let points = footprint(&radar, &t, HALF, 36).unwrap();
    assert_eq!(points.len(), 38, "36 samples + 2 sector edges");
    assert!(
        points
            .windows(2)
            .all(|w| w[0].azimuth_rad <= w[1].azimuth_rad)
    );
    for p in &points {
        let want = if sector.contains(p.azimuth_rad) {
            range
        } else {
            0.0
        };
        assert_eq!(p.ground_range_m, want, "az {}", p.azimuth_rad.to_degrees());
    }
    // Samples 310°…50° (11) plus the two edges.
    assert_eq!(
        points.iter().filter(|p| p.ground_range_m > 0.0).count(),
        11 + 2
    );
    let full = footprint(&surveillance_radar(), &t, HALF, 8).unwrap();
    assert!(full.len() == 8 && full.iter().all(|p| p.ground_range_m == range));
    assert!(footprint(&radar, &t, HALF, 2).is_err());
    assert!(footprint(&radar, &t, HALF, 2_000_000).is_err());
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    #[test]
    fn detection_range_is_where_assess_stops_meeting_the_criterion(
        alt in 0.0f64..30_000.0,
        rcs_db in -25.0f64..35.0,
        case in 0u8..5,
        max_el_deg in 5.0f64..90.0,
        mast in 0.0f64..3_000.0,
        min_el_deg in -3.0f64..2.0,
    ) {
        let params = RadarParams {
            max_elevation_rad: max_el_deg.to_radians(),
            min_elevation_rad: min_el_deg.to_radians(),
            antenna_height_m: mast,
            ..surveillance_params()
        };
        let radar = Radar::new(params).unwrap();
        let sw = Swerling::from_case(case).unwrap();
        let t = target(alt, 10f64.powf(rcs_db / 10.0), sw);
        let earth = params.earth;
        let at = |ground: f64| {
            let s = earth.slant_geometry(mast, alt, ground).unwrap();
            let geom = TargetGeometry { slant_range_m: s.slant_range_m, azimuth_rad: 0.0, elevation_rad: s.elevation_rad, altitude_m: alt, rcs_m2: t.rcs_m2, swerling: sw };
            radar.assess(&geom).unwrap()
        };
        let meets = |ground: f64| { let a = at(ground); a.gate == Gate::Open && a.pd >= 0.5 - 1e-9 };
        match detection_range(&radar, &t, HALF).unwrap() {
            Some(r) => {
                let d = r.ground_range_m;
                // 1 m inside: detected at Pd ≥ 0.5; 1 m beyond: not.
                prop_assert!(meets((d - 1.0).max(0.0)) || d < 1.0, "inside {:?}: {:?}", r, at(d - 1.0));
                prop_assert!(!meets(d + 1.0), "beyond {:?}: {:?}", r, at(d + 1.0));
            }
            None => {
                // Nowhere on a fine grid out to the instrumented range is the criterion met.
                let step = 600e3 / 4000.0;
                for i in 0..=4000 {
                    prop_assert!(!meets(f64::from(i) * step), "met at {} m", f64::from(i) * step);
                }
            }
        }
    }
}
