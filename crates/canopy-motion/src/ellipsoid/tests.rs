use super::*;
use canopy_core::geo::{Geodetic, LocalFrame};

const LATS: [f64; 5] = [0.0, 30.0, 59.5, -45.0, 80.0];
const AZS: [f64; 6] = [0.0, 45.0, 90.0, 135.0, 200.0, 300.0];

fn ecef(lat: f64, lon: f64, alt: f64) -> Vector3<f64> {
    Geodetic::new(lat.to_degrees(), lon.to_degrees(), alt)
        .to_ecef()
        .0
}

#[test]
fn geodesic_step_matches_geographiclib_direct() {
    // Karney's direct solution is the oracle. A 1 km step has an O(s³/R²)
    // midpoint error (measured ≤ 1.7e-4 m); the bound is 1 mm.
    for lat in LATS {
        for az in AZS {
            let start = Geodetic::new(lat, 20.0, 0.0);
            let step = Site::new(lat.to_radians(), 20f64.to_radians()).geodesic_step(
                0.0,
                az.to_radians(),
                1_000.0,
            );
            let want = start.destination(az, 1_000.0);
            let err = (ecef(step.lat, step.lon, 0.0) - want.to_ecef().0).norm();
            assert!(err < 1e-3, "lat {lat} az {az}: {err} m");
            let fin = start.geodesic_to(&want).final_azimuth_deg.to_radians();
            let diff = wrap_pi(az.to_radians() + step.azimuth_change - fin).abs();
            assert!(diff < 1e-9, "lat {lat} az {az}: azimuth off by {diff} rad");
        }
    }
}

#[test]
fn chained_steps_follow_a_500_km_geodesic() {
    // 500 steps of 1 km carried along by the step's own azimuth change must
    // land on geographiclib's 500 km destination within 0.1 m (measured
    // ≤ 0.08 m; a 300 m step, 1 s at 300 m/s, errs 40× less per metre).
    for lat in LATS {
        for az in AZS {
            let (mut la, mut lo, mut a) = (lat.to_radians(), 0.3, az.to_radians());
            for _ in 0..500 {
                let s = Site::new(la, lo).geodesic_step(0.0, a, 1_000.0);
                (la, lo, a) = (s.lat, s.lon, a + s.azimuth_change);
            }
            let want = Geodetic::new(lat, 0.3f64.to_degrees(), 0.0).destination(az, 500_000.0);
            let err = (ecef(la, lo, 0.0) - want.to_ecef().0).norm();
            assert!(err < 0.1, "lat {lat} az {az}: {err} m");
        }
    }
}

#[test]
fn bearing_matches_geodesic_inverse() {
    // Normal-section azimuth and Euler-radius arc against Karney's inverse:
    // at 5 km within 0.01 mm and 1e-8 rad (where capture and terminal
    // profiles use them); at 500 km within 0.5 m and 1e-5 rad (steering
    // only). Measured: 2e-9 m / 3.5e-10 rad and 0.10 m / 3.5e-6 rad.
    for lat in LATS {
        for az in AZS {
            let from = Geodetic::new(lat, -10.0, 0.0);
            let site = Site::new(lat.to_radians(), (-10f64).to_radians());
            for (dist, tol_m, tol_rad) in [(5_000.0, 1e-5, 1e-8), (500_000.0, 0.5, 1e-5)] {
                let to = from.destination(az, dist);
                let b = site.bearing_to(&to.to_ecef().0);
                assert!(
                    (b.distance - dist).abs() < tol_m,
                    "lat {lat} az {az} d {dist}: {}",
                    b.distance
                );
                let g = from.geodesic_to(&to).azimuth_deg.to_radians();
                assert!(
                    wrap_pi(b.azimuth - g).abs() < tol_rad,
                    "lat {lat} az {az} d {dist}"
                );
            }
        }
    }
}

#[test]
fn site_frame_agrees_with_core() {
    for lat in LATS {
        let g = Geodetic::new(lat, 123.0, 0.0);
        let site = Site::new(lat.to_radians(), 123f64.to_radians());
        let p = site.point(8_000.0);
        let want = Geodetic::new(lat, 123.0, 8_000.0).to_ecef().0;
        assert!((p - want).norm() < 1e-6);
        let v = Vector3::new(3.0, -4.0, 5.0);
        let frame = LocalFrame::new(g);
        assert!((site.enu_to_ecef(v.x, v.y, v.z) - frame.vec_to_ecef(&v)).norm() < 1e-12);
    }
}

#[test]
fn wrap_pi_range() {
    for a in [-7.0, -PI, -1.0, 0.0, 1.0, PI, 4.0, 13.0] {
        let w = wrap_pi(a);
        assert!(w > -PI && w <= PI, "{a} -> {w}");
        assert!(((a - w) / TAU - ((a - w) / TAU).round()).abs() < 1e-12);
    }
}
