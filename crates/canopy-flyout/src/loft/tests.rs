use super::*;

#[test]
fn the_switch_distance_grows_with_target_altitude() {
    let loft = Loft::notional(0.5);
    assert_eq!(loft.switch_m(1_000.0), 20_000.0);
    assert_eq!(loft.switch_m(10_000.0), 30_000.0);
    assert_eq!(loft.raise_m(20_000.0, 1_000.0), None);
    assert_eq!(loft.raise_m(100_000.0, 1_000.0), Some(50_000.0));
    assert_eq!(loft.raise_m(25_000.0, 10_000.0), None);
    // Inside the switch the law still has a value (the table's fast model uses it within a
    // step that crosses the switch); only `raise_m` says whether it applies.
    assert_eq!(loft.aim_height_m(10_000.0), 5_000.0);
}

#[test]
fn launch_elevation_lofts_only_beyond_the_switch() {
    let loft = crate::Midcourse::Loft(Loft::notional(0.5));
    let deg = |x: f64| x.to_radians();
    // Far and low: atan(2 · 0.5) = 45°.
    assert!((loft.launch_elevation_rad(deg(1.0), 150e3, 5e3) - deg(45.0)).abs() < 1e-12);
    // Far but seen higher than 45°: the line of sight.
    assert_eq!(loft.launch_elevation_rad(deg(60.0), 50e3, 10e3), deg(60.0));
    // Inside the switch distance: the line of sight, never below 10°.
    assert_eq!(loft.launch_elevation_rad(deg(20.0), 15e3, 5e3), deg(20.0));
    assert_eq!(loft.launch_elevation_rad(deg(2.0), 15e3, 500.0), deg(10.0));
    // Without a loft: the line of sight, never below 10°.
    let straight = crate::Midcourse::None;
    assert_eq!(
        straight.launch_elevation_rad(deg(2.0), 150e3, 500.0),
        deg(10.0)
    );
}

#[test]
fn validation_names_the_bad_field() {
    let cases = [
        (
            Loft {
                rise: 0.0,
                ..Loft::notional(0.5)
            },
            "midcourse.loft.rise",
        ),
        (
            Loft {
                rise: 3.0,
                ..Loft::notional(0.5)
            },
            "midcourse.loft.rise",
        ),
        (
            Loft {
                min_switch_m: f64::NAN,
                ..Loft::notional(0.5)
            },
            "midcourse.loft.min_switch_m",
        ),
        (
            Loft {
                switch_altitude_factor: -1.0,
                ..Loft::notional(0.5)
            },
            "midcourse.loft.switch_altitude_factor",
        ),
    ];
    for (loft, field) in cases {
        match loft.validate() {
            Err(FlyoutError::InvalidParameter { name, .. }) => assert_eq!(name, field),
            other => panic!("{field}: expected an error, got {other:?}"),
        }
    }
    assert_eq!(Loft::notional(0.5).validate(), Ok(()));
}
