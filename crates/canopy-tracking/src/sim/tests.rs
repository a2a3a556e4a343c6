//! The generator's statistics against their closed forms, and its input checks.

use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

use super::*;

#[test]
fn counts_and_noise_match_the_model() {
    let spec = PlanarSpec {
        targets: 50,
        scans: 200,
        clutter_per_scan: 30.0,
        ..PlanarSpec::default()
    };
    let scans = planar_scenario(&spec, &mut ChaCha8Rng::seed_from_u64(5)).unwrap();
    assert_eq!(scans.len(), 200);
    let clutter: usize = scans
        .iter()
        .map(|s| s.origins.iter().filter(|&&o| o < 0).count())
        .sum();
    let hits: usize = scans
        .iter()
        .map(|s| s.origins.iter().filter(|&&o| o >= 0).count())
        .sum();
    // Poisson total over 200 scans: mean 6000, sd √6000 ≈ 77; 4 sd.
    assert!(
        (clutter as f64 - 6000.0).abs() < 4.0 * 6000f64.sqrt(),
        "{clutter}"
    );
    // Binomial(10 000, 0.9): mean 9000, sd 30; 4 sd.
    assert!((hits as f64 - 9000.0).abs() < 120.0, "{hits}");
    // Measurement error per axis ~ N(0, 30²): the sample variance of ~18 000 values is
    // within 4 sd (relative sd √(2/n) ≈ 1.05 %) of 900.
    let mut sum2 = 0.0;
    let mut n = 0.0;
    for s in &scans {
        for (d, &o) in s.detections.iter().zip(&s.origins) {
            if o >= 0 {
                let t = s.truth[o as usize];
                sum2 += (d[0] - t[0]).powi(2) + (d[1] - t[1]).powi(2);
                n += 2.0;
            }
        }
    }
    let var = sum2 / n;
    assert!(
        (var / 900.0 - 1.0).abs() < 4.0 * (2.0f64 / n).sqrt(),
        "{var}"
    );
    // Clutter stays inside the region; speeds start in range.
    for s in &scans {
        for (d, &o) in s.detections.iter().zip(&s.origins) {
            if o < 0 {
                assert!(d[0].abs() <= spec.half_width_m && d[1].abs() <= spec.half_width_m);
            }
        }
    }
    for t in &scans[0].truth {
        let speed = t[2].hypot(t[3]);
        assert!((50.0..=250.0).contains(&speed), "{speed}");
    }
}

#[test]
fn seeded_generation_is_reproducible_and_specs_are_checked() {
    let spec = PlanarSpec::default();
    let a = planar_scenario(&spec, &mut ChaCha8Rng::seed_from_u64(1)).unwrap();
    let b = planar_scenario(&spec, &mut ChaCha8Rng::seed_from_u64(1)).unwrap();
    assert_eq!(a, b);
    assert!((spec.clutter_density() - 2e-9).abs() < 1e-24);
    for bad in [
        PlanarSpec { pd: 1.5, ..spec },
        PlanarSpec {
            sigma_m: 0.0,
            ..spec
        },
        PlanarSpec {
            period_s: f64::NAN,
            ..spec
        },
        PlanarSpec {
            speed_mps: (100.0, 50.0),
            ..spec
        },
        PlanarSpec {
            clutter_per_scan: -1.0,
            ..spec
        },
    ] {
        assert!(
            planar_scenario(&bad, &mut ChaCha8Rng::seed_from_u64(1)).is_err(),
            "{bad:?}"
        );
    }
}
