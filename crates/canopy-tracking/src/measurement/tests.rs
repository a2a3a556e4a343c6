use std::f64::consts::{FRAC_PI_2, FRAC_PI_4, PI};

use nalgebra::{Matrix3, Vector3};

use super::*;
use crate::error::TrackingError;

fn sensor() -> RangeAzEl {
    RangeAzEl::new(Vector3::new(100.0, -50.0, 10.0), 10.0, 1e-3, 1e-3).unwrap()
}

#[test]
fn rae_angle_conventions() {
    let s = RangeAzEl::new(Vector3::zeros(), 1.0, 1e-3, 1e-3).unwrap();
    let north = s.measure(&Vector3::new(0.0, 1000.0, 0.0)).unwrap();
    assert!(
        (north - Vector3::new(1000.0, 0.0, 0.0)).amax() < 1e-12,
        "north: az 0"
    );
    let east = s.measure(&Vector3::new(1000.0, 0.0, 0.0)).unwrap();
    assert!(
        (east[1] - FRAC_PI_2).abs() < 1e-12,
        "east: az π/2 (clockwise from north)"
    );
    let west = s.measure(&Vector3::new(-1000.0, 0.0, 0.0)).unwrap();
    assert!(
        (west[1] - 1.5 * PI).abs() < 1e-12,
        "west: az 3π/2, reported in [0, 2π)"
    );
    let up45 = s.measure(&Vector3::new(0.0, 1000.0, 1000.0)).unwrap();
    assert!(
        (up45[2] - FRAC_PI_4).abs() < 1e-12,
        "elevation up from horizontal"
    );
    assert!((up45[0] - 1000.0 * 2f64.sqrt()).abs() < 1e-9);
}

#[test]
fn rae_round_trip_with_sensor_offset() {
    let s = sensor();
    for p in [
        Vector3::new(30e3, 40e3, 8e3),
        Vector3::new(-12e3, 3e3, 100.0),
        Vector3::new(-5e3, -70e3, -20.0),
    ] {
        let back = s.to_position(&s.measure(&p).unwrap()).unwrap();
        assert!((back - p).amax() < 1e-8, "{p} -> {back}");
    }
}

#[test]
fn rae_jacobian_matches_finite_differences() {
    let s = sensor();
    let p = Vector3::new(12e3, -30e3, 4e3);
    let (_, analytic) = s.predict(&p).unwrap();
    let h = 1.0;
    for c in 0..3 {
        let mut plus = p;
        let mut minus = p;
        plus[c] += h;
        minus[c] -= h;
        let d = s.residual(&s.measure(&plus).unwrap(), &s.measure(&minus).unwrap()) / (2.0 * h);
        for r in 0..3 {
            let err = (d[r] - analytic[(r, c)]).abs();
            // Central difference with h = 1 m at 30 km: truncation ~(h/r)² and round-off
            // ~1e-12, relative to the row's scale (1 for range, 1/r for angles).
            let scale = analytic.row(r).amax();
            assert!(
                err < 1e-8 * scale,
                "J({r},{c}) off by {err} (row scale {scale})"
            );
        }
    }
}

#[test]
fn azimuth_residual_wraps_across_north() {
    let s = sensor();
    let nu = s.residual(
        &Vector3::new(1000.0, 0.01, 0.1),
        &Vector3::new(1000.0, 2.0 * PI - 0.01, 0.1),
    );
    assert!(
        (nu[1] - 0.02).abs() < 1e-12,
        "residual {} should be +0.02",
        nu[1]
    );
    assert!((wrap_angle(3.0 * PI + 0.5) - (-PI + 0.5)).abs() < 1e-12);
    assert_eq!(wrap_angle(-PI), -PI);
    assert!((wrap_angle(PI) + PI).abs() < 1e-15, "[−π, π): π maps to −π");
}

#[test]
fn overhead_target_is_degenerate() {
    let s = sensor();
    let above = s.sensor_position() + Vector3::new(0.0, 0.0, 5000.0);
    assert!(matches!(
        s.measure(&above),
        Err(TrackingError::DegenerateGeometry { .. })
    ));
    assert!(s.measure(s.sensor_position()).is_err());
}

#[test]
fn bad_sensor_and_measurement_inputs_are_errors() {
    assert!(RangeAzEl::new(Vector3::zeros(), 0.0, 1e-3, 1e-3).is_err());
    assert!(RangeAzEl::new(Vector3::new(f64::NAN, 0.0, 0.0), 1.0, 1e-3, 1e-3).is_err());
    assert!(CartesianPosition::isotropic(-1.0).is_err());
    let asymmetric = Matrix3::new(1.0, 0.5, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0, 1.0);
    assert!(CartesianPosition::new(asymmetric).is_err());
    let indefinite = Matrix3::new(1.0, 2.0, 0.0, 2.0, 1.0, 0.0, 0.0, 0.0, 1.0);
    assert!(CartesianPosition::new(indefinite).is_err());
    let s = sensor();
    assert!(s.convert_debiased(&Vector3::new(-1.0, 0.0, 0.0)).is_err());
    assert!(
        s.convert_debiased(&Vector3::new(1e3, f64::NAN, 0.0))
            .is_err()
    );
}
