//! Radar gates, per-look draws, measurement noise and false alarms.

use canopy_sensors::SensorError;
use canopy_sensors::detection::Swerling;
use canopy_sensors::radar::{
    AzimuthSector, Gate, Integration, MeasurementBias, Radar, RadarParams, TargetGeometry,
};
use rand::RngExt;

use crate::common::{Z_9999, assert_rate, rng, surveillance_params, surveillance_radar, target_at};

#[test]
fn assessment_uses_the_radar_equation_and_detector() {
    let radar = surveillance_radar();
    let p = radar.params();
    let t = target_at(p, 5_000.0, 150e3, 30.0, 2.0, Swerling::One);
    let a = radar.assess(&t).unwrap();
    let snr = p.equation.snr(2.0, t.slant_range_m).unwrap();
    assert_eq!(a.gate, Gate::Open);
    assert!((a.snr / snr - 1.0).abs() < 1e-12);
    assert!((a.integrated_snr - 4.0 * a.snr).abs() < 1e-9 * a.snr);
    assert!((a.pd - radar.detector().pd(Swerling::One, snr)).abs() < 1e-15);
    assert!(a.pd > 0.0 && a.pd < 1.0);
}

#[test]
fn every_gate_blocks_detection() {
    let params = RadarParams {
        sector: Some(AzimuthSector::new(0.0, 45f64.to_radians()).unwrap()),
        instrumented_range_m: 300e3,
        max_elevation_rad: 30f64.to_radians(),
        ..surveillance_params()
    };
    let radar = Radar::new(params).unwrap();
    let p = radar.params();
    let cases = [
        (
            target_at(p, 5_000.0, 100e3, 10.0, 10.0, Swerling::Zero),
            Gate::Open,
        ),
        // Sector edges wrap through north: 350° is inside ±45° of 0°.
        (
            target_at(p, 5_000.0, 100e3, 350.0, 10.0, Swerling::Zero),
            Gate::Open,
        ),
        (
            target_at(p, 5_000.0, 100e3, 90.0, 10.0, Swerling::Zero),
            Gate::OutsideSector,
        ),
        (
            target_at(p, 20_000.0, 20e3, 0.0, 10.0, Swerling::Zero),
            Gate::AboveMaxElevation,
        ),
        (
            target_at(p, 15_000.0, 350e3, 0.0, 10.0, Swerling::Zero),
            Gate::BeyondInstrumentedRange,
        ),
        // 50 m sea skimmer at 60 km: below the 49.75 km horizon of a 25 m mast.
        (
            target_at(p, 50.0, 60e3, 0.0, 1e4, Swerling::Zero),
            Gate::BelowHorizon,
        ),
    ];
    for (t, want) in cases {
        let a = radar.assess(&t).unwrap();
        assert_eq!(a.gate, want, "{t:?}");
        if want != Gate::Open {
            assert_eq!(a.pd, 0.0);
            let outcome = radar.look(&t, &mut rng(1)).unwrap();
            assert!(outcome.detection.is_none());
        }
    }
    // Below the lowest searched elevation (−1°): a low target seen from a tall mast.
    let mast = Radar::new(RadarParams {
        antenna_height_m: 3_000.0,
        ..surveillance_params()
    })
    .unwrap();
    let t = target_at(mast.params(), 0.0, 20e3, 0.0, 10.0, Swerling::Zero);
    assert_eq!(mast.assess(&t).unwrap().gate, Gate::BelowMinElevation);
}

/// Runs `trials` looks and returns the number of detections.
fn count_detections(radar: &Radar, t: &TargetGeometry, trials: u64, seed: u64) -> u64 {
    let mut g = rng(seed);
    (0..trials)
        .filter(|_| radar.look(t, &mut g).unwrap().detection.is_some())
        .count() as u64
}

/// Ground range at which a 1 m² target at `altitude_m` has single-look Pd `pd`.
fn ground_range_for_pd(radar: &Radar, sw: Swerling, pd: f64, altitude_m: f64) -> f64 {
    let p = radar.params();
    let s = radar
        .detector()
        .required_snr(radar.effective_swerling(sw), pd)
        .unwrap();
    let slant = (radar.snr_constant() / radar.single_pulse_snr_for_detector_snr(s)).powf(0.25);
    p.earth
        .ground_range_from_slant(p.antenna_height_m, altitude_m, slant)
        .unwrap()
}

#[test]
fn look_detection_rate_matches_pd_all_cases() {
    // Per-look RCS draw + Swerling-0 conditional Pd must average to the exact Swerling Pd:
    // 30 000 looks per case, 99.99 % binomial interval, non-coherent and coherent radars.
    const TRIALS: u64 = 30_000;
    for integration in [Integration::NonCoherent, Integration::Coherent] {
        let radar = Radar::new(RadarParams {
            integration,
            ..surveillance_params()
        })
        .unwrap();
        for (i, sw) in Swerling::ALL.into_iter().enumerate() {
            // Place the target where Pd = 0.6 (mid-curve, where a wrong mixture shows most).
            let t = target_at(
                radar.params(),
                6_000.0,
                ground_range_for_pd(&radar, sw, 0.6, 6_000.0),
                0.0,
                1.0,
                sw,
            );
            let pd = radar.assess(&t).unwrap().pd;
            assert!(
                (pd - 0.6).abs() < 1e-6,
                "{integration:?} SW{}: Pd {pd}",
                sw.case()
            );
            let hits = count_detections(&radar, &t, TRIALS, 100 + i as u64);
            assert_rate(
                &format!("{integration:?} SW{}", sw.case()),
                hits,
                TRIALS,
                pd,
            );
        }
    }
}

#[test]
fn swerling1_fluctuation_is_redrawn_every_look() {
    // Two looks at the same SW1 target: if the RCS draw were reused the joint detection
    // probability would be E[p(X)²] (here ≈ 0.34) instead of Pd² (≈ 0.25). The empirical
    // joint rate must be inside the 99.99 % interval around Pd², and that interval must
    // exclude E[p(X)²], so the test can tell the two apart.
    const TRIALS: u64 = 40_000;
    let radar = Radar::new(RadarParams {
        pulses_per_look: 1,
        ..surveillance_params()
    })
    .unwrap();
    let t = target_at(
        radar.params(),
        6_000.0,
        ground_range_for_pd(&radar, Swerling::One, 0.5, 6_000.0),
        0.0,
        1.0,
        Swerling::One,
    );
    let pd = radar.assess(&t).unwrap().pd;
    let mut g = rng(7);
    let both = (0..TRIALS)
        .filter(|_| {
            radar.look(&t, &mut g).unwrap().detection.is_some()
                && radar.look(&t, &mut g).unwrap().detection.is_some()
        })
        .count() as u64;
    // Careful: && short-circuits, but the first look's draw is the same either way; the
    // second look only happens after a detection, which is exactly P(both).
    assert_rate("joint detection", both, TRIALS, pd * pd);
    // E[p(X)²] by quadrature over the exponential RCS factor.
    let s = radar.assess(&t).unwrap().integrated_snr;
    let d = radar.detector();
    let m = 20_000;
    let h = 40.0 / f64::from(m);
    let reused: f64 = (0..m)
        .map(|i| (f64::from(i) + 0.5) * h)
        .map(|x| (-x).exp() * d.pd_steady(s * x).powi(2) * h)
        .sum();
    let half = Z_9999 * (pd * pd * (1.0 - pd * pd) / TRIALS as f64).sqrt();
    assert!(
        (reused - pd * pd).abs() > 3.0 * half,
        "test cannot discriminate: {reused} vs {}",
        pd * pd
    );
}

#[test]
fn measurement_noise_has_the_stated_sigma_and_bias() {
    // High-SNR steady target: range/az/el errors must have mean = bias (99.99 % interval of
    // the mean) and standard deviation = the reported sigma (±4σ of the sample sd, ≈ σ/√(2n)).
    const TRIALS: usize = 20_000;
    let bias = MeasurementBias {
        range_m: 40.0,
        azimuth_rad: 0.002,
        elevation_rad: -0.001,
    };
    let mut params = surveillance_params();
    params.accuracy.bias = bias;
    let radar = Radar::new(params).unwrap();
    let t = target_at(radar.params(), 8_000.0, 90e3, 123.0, 5.0, Swerling::Zero);
    let mut g = rng(11);
    let reports: Vec<_> = (0..TRIALS)
        .filter_map(|_| radar.look(&t, &mut g).unwrap().detection)
        .collect();
    assert_eq!(reports.len(), TRIALS, "Pd should be 1 at this SNR");
    let sig = reports[0].sigmas;
    assert!(reports.iter().all(|r| r.sigmas == sig && !r.false_alarm));
    let n = TRIALS as f64;
    let checks = [
        (
            "range",
            reports
                .iter()
                .map(|r| r.range_m - t.slant_range_m)
                .collect::<Vec<_>>(),
            bias.range_m,
            sig.range_m,
        ),
        (
            "azimuth",
            reports
                .iter()
                .map(|r| r.azimuth_rad - t.azimuth_rad)
                .collect(),
            bias.azimuth_rad,
            sig.azimuth_rad,
        ),
        (
            "elevation",
            reports
                .iter()
                .map(|r| r.elevation_rad - t.elevation_rad)
                .collect(),
            bias.elevation_rad,
            sig.elevation_rad,
        ),
    ];
    for (label, errors, mean_want, sd_want) in checks {
        let mean = errors.iter().sum::<f64>() / n;
        let sd = (errors.iter().map(|e| (e - mean).powi(2)).sum::<f64>() / (n - 1.0)).sqrt();
        assert!(
            (mean - mean_want).abs() < Z_9999 * sd_want / n.sqrt(),
            "{label} mean {mean} vs {mean_want}"
        );
        assert!(
            (sd / sd_want - 1.0).abs() < Z_9999 / (2.0 * n).sqrt(),
            "{label} sd {sd} vs {sd_want}"
        );
    }
}

#[test]
fn accuracy_formula_values() {
    // σ_R = √(5² + (150/√(2·10))²) = √(25 + 1125) m at SNR 10; σ_az = √(0.05² + (1.5/(1.6·√20))²)°.
    let acc = surveillance_params().accuracy;
    let s = acc.sigmas(10.0);
    assert!((s.range_m - 1150f64.sqrt()).abs() < 1e-9);
    let az_deg = (0.05f64.powi(2) + (1.5 / (1.6 * 20f64.sqrt())).powi(2)).sqrt();
    assert!((s.azimuth_rad.to_degrees() - az_deg).abs() < 1e-12);
    // Precision improves with SNR and saturates at the floor.
    assert!(acc.sigmas(1e12).range_m - 5.0 < 1e-6);
}

#[test]
fn false_alarm_count_and_positions() {
    // Mean count per scan must equal Pfa × cells (99.99 % interval of a Poisson mean over
    // 2 000 scans); positions inside the instrumented volume and sector.
    let params = RadarParams {
        pfa: 1e-4,
        sector: Some(AzimuthSector::new(350f64.to_radians(), 30f64.to_radians()).unwrap()),
        ..surveillance_params()
    };
    let radar = Radar::new(params).unwrap();
    let p = radar.params();
    // 4000 range cells × 40 azimuth beams × 30.5 elevation beams.
    let cells = 600e3 / 150.0 * (60.0 / 1.5) * (61.0 / 2.0);
    assert!((radar.resolution_cells() / cells - 1.0).abs() < 1e-12);
    let mean = radar.expected_false_alarms();
    let mut g = rng(21);
    let scans = 2_000;
    let mut total = 0usize;
    for _ in 0..scans {
        let fas = radar.false_alarms(&mut g);
        total += fas.len();
        for fa in &fas {
            assert!(fa.false_alarm);
            assert!(fa.range_m >= 0.0 && fa.range_m <= p.instrumented_range_m);
            assert!(
                p.sector.unwrap().contains(fa.azimuth_rad)
                    && fa.azimuth_rad >= 0.0
                    && fa.azimuth_rad < std::f64::consts::TAU
            );
            assert!(
                fa.elevation_rad >= p.min_elevation_rad && fa.elevation_rad <= p.max_elevation_rad
            );
        }
    }
    let empirical = total as f64 / f64::from(scans);
    let half = Z_9999 * (mean / f64::from(scans)).sqrt();
    assert!(
        (empirical - mean).abs() < half,
        "false alarms per scan {empirical} vs {mean} ± {half}"
    );
}

#[test]
fn looks_are_reproducible_with_a_seed() {
    let radar = surveillance_radar();
    let t = target_at(radar.params(), 3_000.0, 200e3, 45.0, 1.0, Swerling::Three);
    let run = |seed| {
        let mut g = rng(seed);
        (0..50)
            .map(|_| radar.look(&t, &mut g).unwrap().detection)
            .collect::<Vec<_>>()
    };
    assert_eq!(run(5), run(5));
    assert_ne!(run(5), run(6));
}

#[test]
fn bad_inputs_are_errors() {
    let bad = [
        RadarParams {
            pfa: 0.5,
            ..surveillance_params()
        },
        RadarParams {
            pulses_per_look: 0,
            ..surveillance_params()
        },
        RadarParams {
            min_elevation_rad: 0.5,
            max_elevation_rad: 0.4,
            ..surveillance_params()
        },
        RadarParams {
            instrumented_range_m: f64::NAN,
            ..surveillance_params()
        },
        RadarParams {
            revisit_period_s: 0.0,
            ..surveillance_params()
        },
        RadarParams {
            antenna_height_m: -1.0,
            ..surveillance_params()
        },
        // 0.4 × 2.9e7 cells ≈ 1.2e7 false alarms per scan: over the 1e6 cap.
        RadarParams {
            pfa: 0.4,
            ..surveillance_params()
        },
    ];
    for params in bad {
        assert!(
            matches!(
                Radar::new(params),
                Err(SensorError::InvalidParameter { .. })
            ),
            "{params:?}"
        );
    }
    assert!(AzimuthSector::new(0.0, 4.0).is_err());
    let radar = surveillance_radar();
    let good = target_at(radar.params(), 1_000.0, 50e3, 0.0, 1.0, Swerling::One);
    for t in [
        TargetGeometry {
            slant_range_m: 0.0,
            ..good
        },
        TargetGeometry {
            rcs_m2: -1.0,
            ..good
        },
        TargetGeometry {
            elevation_rad: f64::NAN,
            ..good
        },
        TargetGeometry {
            azimuth_rad: f64::INFINITY,
            ..good
        },
    ] {
        assert!(radar.assess(&t).is_err());
        assert!(radar.look(&t, &mut rng(0)).is_err());
    }
    // A slightly negative altitude (geoid vs sphere) is a surface target, not an error.
    assert!(
        radar
            .assess(&TargetGeometry {
                altitude_m: -3.0,
                ..good
            })
            .is_ok()
    );
}

#[test]
fn out_of_reach_agrees_with_the_range_gates() {
    // The engine skips a look's angles when `out_of_reach` says so; that must happen exactly
    // when the look would be gated beyond the instrumented range or below the horizon (or
    // earlier, by an angle gate), so that skipping changes no outcome. Ranges from 1 km to
    // 700 km (the fixture's instrumented range is 600 km) at altitudes 0–20 km.
    let radar = surveillance_radar();
    let mut g = rng(31);
    for _ in 0..20_000 {
        let range = 1e3 + 699e3 * g.random::<f64>();
        let altitude = 20e3 * g.random::<f64>() * g.random::<f64>();
        let t = TargetGeometry {
            slant_range_m: range,
            azimuth_rad: 1.0,
            elevation_rad: 0.01,
            altitude_m: altitude,
            rcs_m2: 1.0,
            swerling: Swerling::One,
        };
        let gate = radar.assess(&t).unwrap().gate;
        let range_gated = matches!(gate, Gate::BeyondInstrumentedRange | Gate::BelowHorizon);
        assert_eq!(
            radar.out_of_reach(range, altitude),
            range_gated,
            "range {range} m, altitude {altitude} m: {gate:?}"
        );
    }
}
