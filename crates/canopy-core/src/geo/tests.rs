use super::*;
use proptest::prelude::*;

fn geodetic() -> impl Strategy<Value = Geodetic> {
    (-90.0f64..=90.0, -180.0f64..180.0, -1_000.0f64..1_000_000.0)
        .prop_map(|(la, lo, h)| Geodetic::new(la, lo, h))
}

/// Published value: the ECEF coordinates of the point 0°N 0°E at 0 m are
/// (a, 0, 0) and those of the north pole are (0, 0, b), b = a(1 − f) =
/// 6 356 752.314 245 m (NIMA TR8350.2, table 3.1).
#[test]
fn val_nima_tr8350_axes() {
    let e = Geodetic::new(0.0, 0.0, 0.0).to_ecef().0;
    assert!((e - Vector3::new(WGS84_A, 0.0, 0.0)).norm() < 1e-9);
    let p = Geodetic::new(90.0, 0.0, 0.0).to_ecef().0;
    assert!(p.x.abs() < 1e-6 && p.y.abs() < 1e-9);
    assert!((p.z - 6_356_752.314_245).abs() < 1e-6, "b = {}", p.z);
}

/// Oracle: map_3d (a port of pymap3d) agrees with our geodetic → ECEF →
/// ENU/AER chain to 1e-6 m and 1e-9 degrees.
#[test]
fn val_pymap3d_oracle_aer() {
    let site = Geodetic::new(55.75, 37.62, 180.0);
    let tgt = Geodetic::new(56.9, 39.1, 9_000.0);
    let frame = LocalFrame::new(site);
    let ours = frame.aer(&tgt.to_ecef());
    let (az, el, r) = map_3d::geodetic2aer(
        tgt.lat_deg.to_radians(),
        tgt.lon_deg.to_radians(),
        tgt.alt_m,
        site.lat_deg.to_radians(),
        site.lon_deg.to_radians(),
        site.alt_m,
        map_3d::Ellipsoid::WGS84,
    );
    assert!((ours.range_m - r).abs() < 1e-6, "{} vs {}", ours.range_m, r);
    assert!((ours.az_deg - az.to_degrees()).abs() < 1e-9);
    assert!((ours.el_deg - el.to_degrees()).abs() < 1e-9);
    let (x, y, z) = map_3d::geodetic2ecef(
        tgt.lat_deg.to_radians(),
        tgt.lon_deg.to_radians(),
        tgt.alt_m,
        map_3d::Ellipsoid::WGS84,
    );
    assert!((tgt.to_ecef().0 - Vector3::new(x, y, z)).norm() < 1e-6);
}

/// Published geodesic: the GeodSolve(1) man page example (GeographicLib),
/// JFK (40:38:23N 073:46:44W) to Singapore Changi (01:21:33N 103:59:22E):
/// `GeodSolve -i -: -p 0` prints `003:18:29.9 177:29:09.2 15347628`, i.e.
/// s12 = 15 347 628 m (printed to 1 m) and azimuths to 0.1 arc-second.
#[test]
fn val_geodsolve_jfk_singapore() {
    let dms = |d: f64, m: f64, s: f64| d + m / 60.0 + s / 3600.0;
    let jfk = Geodetic::new(dms(40.0, 38.0, 23.0), -dms(73.0, 46.0, 44.0), 0.0);
    let sin = Geodetic::new(dms(1.0, 21.0, 33.0), dms(103.0, 59.0, 22.0), 0.0);
    let g = jfk.geodesic_to(&sin);
    assert!(
        (g.distance_m - 15_347_628.0).abs() <= 0.5,
        "{}",
        g.distance_m
    );
    let half_tenth_arcsec = 0.05 / 3600.0;
    assert!((g.azimuth_deg - dms(3.0, 18.0, 29.9)).abs() <= half_tenth_arcsec);
    assert!((g.final_azimuth_deg - dms(177.0, 29.0, 9.2)).abs() <= half_tenth_arcsec);
}

#[test]
fn destination_inverts_geodesic() {
    let a = Geodetic::new(10.0, 170.0, 0.0);
    let b = a.destination(80.0, 1_500_000.0);
    assert!(b.lon_deg < -170.0, "wrapped across the antimeridian: {b:?}");
    let g = a.geodesic_to(&b);
    assert!((g.distance_m - 1_500_000.0).abs() < 1e-6);
    assert!((g.azimuth_deg - 80.0).abs() < 1e-9);
}

proptest! {
    /// Geodetic → ECEF → geodetic round trip within 1e-6 m (the bar),
    /// measured as ECEF distance so it means the same at the poles.
    #[test]
    fn geodetic_ecef_round_trip(g in geodetic()) {
        let e = g.to_ecef();
        let back = e.to_geodetic();
        prop_assert!((back.to_ecef().0 - e.0).norm() < 1e-6);
        prop_assert!((back.alt_m - g.alt_m).abs() < 1e-6);
        prop_assert!((back.lat_deg - g.lat_deg).abs() < 1e-10);
    }

    /// ECEF → ENU → ECEF and ENU → AER → ENU round trips within 1e-6 m.
    #[test]
    fn enu_aer_round_trip(site in geodetic(), tgt in geodetic()) {
        let f = LocalFrame::new(site);
        let p = tgt.to_ecef();
        prop_assert!((f.to_ecef(&f.to_enu(&p)).0 - p.0).norm() < 1e-6);
        let aer = f.aer(&p);
        prop_assert!((f.from_aer(&aer).0 - p.0).norm() < 1e-6);
        prop_assert!((0.0..360.0).contains(&aer.az_deg));
        let v = Vector3::new(1.0, -2.0, 3.0);
        prop_assert!((f.vec_to_ecef(&f.vec_to_enu(&v)) - v).norm() < 1e-12);
        // The range alone is the AER's range, bit for bit (radars gate on it first).
        prop_assert_eq!(f.to_enu(&p).range().to_bits(), aer.range_m.to_bits());
    }

    /// The up axis of the local frame is the ellipsoid normal: a point 1 km
    /// straight up has altitude +1 km and elevation 90°.
    #[test]
    fn up_is_the_normal(site in geodetic()) {
        let f = LocalFrame::new(site);
        let up = f.to_ecef(&Enu(Vector3::new(0.0, 0.0, 1_000.0))).to_geodetic();
        prop_assert!((up.alt_m - site.alt_m - 1_000.0).abs() < 1e-6);
    }
}
