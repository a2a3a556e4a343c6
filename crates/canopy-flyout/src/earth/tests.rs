use super::*;
use map_3d::{Ellipsoid, ecef2geodetic, geodetic2ecef};

#[test]
fn wgs84_altitude_matches_geodetic_height() {
    // Oracle: map_3d's exact ECEF -> geodetic conversion. The radial shortcut must agree to
    // 1e-5 relative + 1 mm from sea level to 150 km, at every latitude.
    for lat_deg in [0.0_f64, 15.0, 30.0, 45.0, 60.0, 75.0, 89.0, -50.0] {
        for h in [0.0, 100.0, 5_000.0, 30_000.0, 100_000.0, 150_000.0] {
            let (x, y, z) = geodetic2ecef(lat_deg.to_radians(), 0.7, h, Ellipsoid::WGS84);
            let got = EarthModel::Wgs84.altitude(&Vector3::new(x, y, z));
            let (_, _, exact) = ecef2geodetic(x, y, z, Ellipsoid::WGS84);
            assert!(
                (got - exact).abs() <= 1e-5 * exact.abs() + 1e-3,
                "lat {lat_deg} h {h}: {got} vs {exact}"
            );
        }
    }
}

#[test]
fn up_is_the_ellipsoid_normal_and_radial_on_a_sphere() {
    let lat = 40_f64.to_radians();
    let lon = 30_f64.to_radians();
    let (x, y, z) = geodetic2ecef(lat, lon, 0.0, Ellipsoid::WGS84);
    let up = EarthModel::Wgs84.up(&Vector3::new(x, y, z));
    let expected = Vector3::new(lat.cos() * lon.cos(), lat.cos() * lon.sin(), lat.sin());
    assert!((up - expected).norm() < 1e-12, "{up:?}");
    let r = Vector3::new(1.0, 2.0, 3.0);
    let s = EarthModel::Sphere { radius_m: 1.0 };
    assert!((s.up(&r) - r.normalize()).norm() < 1e-15);
    assert!((s.altitude(&r) - (14_f64.sqrt() - 1.0)).abs() < 1e-15);
}

#[test]
fn gravity_is_central_inverse_square() {
    let r = Vector3::new(EARTH_MEAN_RADIUS_M, 0.0, 0.0);
    let g = gravity(&r);
    // μ/Re² = 9.820 m/s² (MODELS §9 quotes g = μ/Re² = 9.820 for Re = 6371 km).
    assert!(
        (g.x + 9.820).abs() < 1e-3 && g.y == 0.0 && g.z == 0.0,
        "{g:?}"
    );
    let g2 = gravity(&(r * 2.0));
    assert!((g2.x * 4.0 - g.x).abs() < 1e-12);
}

#[test]
fn sphere_radius_is_validated() {
    assert!(EarthModel::Sphere { radius_m: -1.0 }.validate().is_err());
    assert!(
        EarthModel::Sphere { radius_m: f64::NAN }
            .validate()
            .is_err()
    );
    assert!(EarthModel::Wgs84.validate().is_ok());
}

#[test]
fn ground_distance_is_the_arc_on_the_mean_sphere() {
    // A quarter of a great circle, whatever the two points' heights.
    let earth = EarthModel::Wgs84;
    let a = Vector3::new(6_378_137.0, 0.0, 0.0);
    let b = Vector3::new(0.0, 6_400_000.0, 0.0);
    let quarter = EARTH_MEAN_RADIUS_M * std::f64::consts::FRAC_PI_2;
    assert!((earth.ground_distance_m(&a, &b) - quarter).abs() < 1e-6);
    assert_eq!(earth.ground_distance_m(&a, &(a * 1.01)), 0.0);
}
