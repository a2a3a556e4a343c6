use super::*;
use proptest::prelude::*;

/// g at the mean radius, as MODELS.md §9 and reference_values.py use it.
const G0: f64 = MU_EARTH / (R_EARTH_MEAN * R_EARTH_MEAN);

/// The sphere of radius Re of the MODELS.md §9 closed forms.
struct Sphere;

impl Ground for Sphere {
    fn height(&self, r: &Vector3<f64>) -> f64 {
        r.norm() - R_EARTH_MEAN
    }

    fn surely_above(&self, _r: &Vector3<f64>) -> bool {
        false
    }
}

/// What an integrated spherical flight did.
struct Flown {
    range_m: f64,
    apogee_m: f64,
    time_s: f64,
}

/// Integrates a flight from the surface of the sphere of radius Re at
/// `speed` and flight-path angle `gamma_deg`, ticking `dt` seconds.
fn fly_sphere(speed: f64, gamma_deg: f64, dt: f64) -> Flown {
    let (s, c) = gamma_deg.to_radians().sin_cos();
    let r0 = Vector3::new(R_EARTH_MEAN, 0.0, 0.0);
    let state = State {
        r: r0,
        v: Vector3::new(s, c, 0.0) * speed,
    };
    let mut flight = FreeFlight::new(state, Sphere, 0.0);
    let (mut t, mut apogee) = (0.0, 0.0f64);
    loop {
        if let Some(tau) = flight.advance(dt) {
            t += tau;
            break;
        }
        t += dt;
        apogee = apogee.max(flight.state.r.norm() - R_EARTH_MEAN);
        assert!(t < 1e5, "flight never came down");
    }
    let r = flight.state.r;
    Flown {
        range_m: R_EARTH_MEAN * r0.cross(&r).norm().atan2(r0.dot(&r)),
        apogee_m: apogee,
        time_s: t,
    }
}

/// Checks one row of the MODELS.md §9 spherical table.
fn check_s9_row(speed: f64, table_km: f64, table_gamma_deg: f64) {
    let range = max_range_m(speed);
    // Done criterion: within 0.5 % of the table. The table is printed to
    // 0.1 km, so the closed form must also agree to rounding (0.05 km).
    assert!(
        (range / 1e3 / table_km - 1.0).abs() < 0.005,
        "{range} m vs {table_km} km"
    );
    assert!(
        (range / 1e3 - table_km).abs() <= 0.05 + 1e-9,
        "{range} m vs {table_km} km"
    );
    let gamma = optimal_flight_path_angle_deg(range);
    // The table prints γ_opt to 0.01°; ±0.005° rounding + slack = ±0.01°.
    assert!(
        (gamma - table_gamma_deg).abs() <= 0.01,
        "γ_opt {gamma} vs {table_gamma_deg}"
    );
    // The inverse gives back the speed (1e-9 relative: same closed form).
    let back = required_burnout_speed(range, BallisticShape::MinimumEnergy).unwrap();
    assert!((back / speed - 1.0).abs() < 1e-9, "{back}");
    // An RK4 flight under μ/r² from the sphere travels the table range
    // within 0.5 %, and the closed-form range within 1 cm (measured 1e-6 m).
    for dt in [0.1, 1.0] {
        let flown = fly_sphere(speed, gamma, dt);
        assert!(
            (flown.range_m / 1e3 / table_km - 1.0).abs() < 0.005,
            "dt {dt}: {} m",
            flown.range_m
        );
        assert!(
            (flown.range_m - range).abs() < 0.01,
            "dt {dt}: {} vs {range}",
            flown.range_m
        );
    }
}

#[test]
fn val_models_s9_max_range_v1000() {
    check_s9_row(1000.0, 102.7, 44.77);
}

#[test]
fn val_models_s9_max_range_v2000() {
    check_s9_row(2000.0, 420.8, 44.05);
}

#[test]
fn val_models_s9_max_range_v3000() {
    check_s9_row(3000.0, 988.5, 42.78);
}

#[test]
fn val_models_s9_flat_earth_limit() {
    // MODELS.md §9 flat earth: max range v²/g at 45°. At 100 m/s (~1 km)
    // the sphere must agree within 1 %, closed form and integrated.
    let v = 100.0;
    let flat = v * v / G0;
    assert!((max_range_m(v) / flat - 1.0).abs() < 0.01);
    assert!((range_m(v, 45.0).unwrap() / flat - 1.0).abs() < 0.01);
    assert!((optimal_flight_path_angle_deg(max_range_m(v)) - 45.0).abs() < 0.01);
    let flown = fly_sphere(v, 45.0, 0.1);
    assert!(
        (flown.range_m / flat - 1.0).abs() < 0.01,
        "{}",
        flown.range_m
    );
    // The table's flat column: 101.8 / 407.3 / 916.5 km = v²/g.
    for (v, km) in [(1000.0, 101.8), (2000.0, 407.3), (3000.0, 916.5)] {
        assert!((v * v / G0 / 1e3 - km).abs() <= 0.05, "{v}");
    }
}

#[test]
fn val_models_s9_apogee_and_time_of_flight_v1000() {
    // At 1000 m/s and 45°, flat earth gives apogee v²/(4g) = 25.46 km and
    // time of flight 2v·sinγ/g = 144.0 s (MODELS.md §9). Gravity weakening
    // with height and the curving ground lengthen both by ~1–2 %: within 3 %.
    let (v, gamma) = (1000.0, 45.0f64);
    let flown = fly_sphere(v, gamma, 1.0);
    let flat_apogee = v * v / (4.0 * G0);
    let flat_time = 2.0 * v * gamma.to_radians().sin() / G0;
    assert!(
        (flown.apogee_m / flat_apogee - 1.0).abs() < 0.03,
        "{}",
        flown.apogee_m
    );
    assert!(
        (flown.time_s / flat_time - 1.0).abs() < 0.03,
        "{}",
        flown.time_s
    );
    assert!(flown.apogee_m > flat_apogee && flown.time_s > flat_time);
}

#[test]
fn integrated_flight_matches_the_exact_kepler_conic() {
    // Apogee radius a(1 + e) and the time of flight from Kepler's equation
    // are exact for μ/r². RK4 must match the time of flight within 1 µs
    // (measured 3e-10 s) and the apogee within 1 cm; the apogee is only
    // sampled at tick ends, so it is taken from 0.1 s ticks, where sampling
    // costs at most g·0.05²/2 = 1.2 cm (measured 3 mm).
    for (v, gamma) in [
        (1000.0, 45.0f64),
        (3000.0, 42.78),
        (3000.0, 65.0),
        (2000.0, 20.0),
    ] {
        let (s, c) = gamma.to_radians().sin_cos();
        let r0 = R_EARTH_MEAN;
        let a = 1.0 / (2.0 / r0 - v * v / MU_EARTH);
        let p = (r0 * v * c).powi(2) / MU_EARTH;
        let e = (1.0 - p / a).sqrt();
        let apogee = a * (1.0 + e) - r0;
        // True anomaly at burnout (ascending: between perigee and apogee).
        let f0 = ((p / r0 - 1.0) / e).clamp(-1.0, 1.0).acos();
        let e0 = 2.0 * (((1.0 - e) / (1.0 + e)).sqrt() * (0.5 * f0).tan()).atan();
        let m0 = e0 - e * e0.sin();
        let time = 2.0 * (PI - m0) * (a * a * a / MU_EARTH).sqrt();
        assert!(s > 0.0);
        let flown = fly_sphere(v, gamma, 1.0);
        assert!(
            (flown.time_s - time).abs() < 1e-6,
            "v {v} γ {gamma}: {} vs {time}",
            flown.time_s
        );
        let fine = fly_sphere(v, gamma, 0.1);
        assert!(
            (fine.apogee_m - apogee).abs() < 0.0125,
            "v {v} γ {gamma}: {} vs {apogee}",
            fine.apogee_m
        );
        assert!((fine.time_s - time).abs() < 1e-6);
    }
}

#[test]
fn closed_forms_reject_impossible_inputs() {
    for bad in [0.0, -1.0, f64::NAN] {
        assert_eq!(max_range_m(bad), 0.0);
        assert_eq!(range_m(bad, 45.0), None);
    }
    // At or above circular speed every point is reachable.
    assert_eq!(max_range_m(8_000.0), PI * R_EARTH_MEAN);
    assert_eq!(max_range_m(f64::INFINITY), PI * R_EARTH_MEAN);
    for deg in [0.0, 90.0, -5.0, 120.0, f64::NAN] {
        assert_eq!(range_m(1000.0, deg), None);
        let shape = BallisticShape::FlightPathAngle { deg };
        assert_eq!(required_burnout_speed(100e3, shape), None);
    }
    for range in [0.0, -5.0, PI * R_EARTH_MEAN, 1e9, f64::NAN] {
        assert_eq!(
            required_burnout_speed(range, BallisticShape::MinimumEnergy),
            None
        );
    }
    // Nearly vertical to 3000 km needs more than orbital speed.
    let steep = BallisticShape::FlightPathAngle { deg: 89.99 };
    assert_eq!(required_burnout_speed(3_000e3, steep), None);
    // Fast and flat: goes into orbit instead of coming down.
    assert_eq!(range_m(8_000.0, 5.0), None);
}

proptest! {
    #[test]
    fn speed_and_range_are_inverse(range_km in 20.0f64..5_000.0, deg in 2.0f64..88.0) {
        let range = range_km * 1e3;
        let shape = BallisticShape::FlightPathAngle { deg };
        if let Some(v) = required_burnout_speed(range, shape) {
            let back = range_m(v, deg).unwrap();
            prop_assert!((back / range - 1.0).abs() < 1e-9, "{back}");
            // The minimum-energy shape needs the least speed of all angles.
            let vmin = required_burnout_speed(range, BallisticShape::MinimumEnergy).unwrap();
            prop_assert!(vmin <= v * (1.0 + 1e-12));
            prop_assert!((max_range_m(vmin) / range - 1.0).abs() < 1e-9);
        }
    }
}

/// Launch sites and azimuths for the WGS-84 aiming tests: mid-latitude,
/// equatorial and high-latitude, across the antimeridian, with launch and aim
/// at different heights.
const SITES: [(Geodetic, f64, f64); 4] = [
    (Geodetic::new(35.0, 45.0, 0.0), 30.0, 0.0),
    (Geodetic::new(0.5, 100.0, 300.0), 250.0, 1_200.0),
    (Geodetic::new(62.0, -20.0, 50.0), 0.0, 0.0),
    (Geodetic::new(-20.0, 179.0, 0.0), 95.0, 600.0),
];

fn shapes(range: f64) -> [BallisticShape; 3] {
    let opt = optimal_flight_path_angle_deg(range);
    [
        BallisticShape::MinimumEnergy,
        BallisticShape::FlightPathAngle { deg: opt + 15.0 },
        BallisticShape::FlightPathAngle { deg: opt - 15.0 },
    ]
}

/// Flies a plan at tick `dt`; returns the final mover and the apogee height.
fn fly_plan(plan: &BallisticPlan, dt: f64) -> (BallisticMover, f64) {
    let mut m = BallisticMover::new(plan).unwrap();
    let mut apogee = f64::MIN;
    // A sub-orbital flight lasts less than one low orbit (~85 min).
    for _ in 0..(6e3 / dt) as usize {
        if m.advance(dt) {
            return (m, apogee);
        }
        apogee = apogee.max(m.position().to_geodetic().alt_m);
    }
    panic!("no impact");
}

#[test]
fn lands_on_the_wgs84_aim_point() {
    // Done criterion: impact within 100 m of the aim point for 100–1000 km,
    // minimum-energy, lofted and depressed, at 0.1 s and 1 s ticks. The
    // conic aiming solution makes it exact up to RK4 truncation, so the test
    // holds it to 1 mm (measured ≤ 1.5 µm).
    for (launch, az, aim_alt) in SITES {
        for range in [100e3, 300e3, 600e3, 1_000e3] {
            let mut aim = launch.destination(az, range);
            aim.alt_m = aim_alt;
            for shape in shapes(range) {
                let plan = BallisticPlan { launch, aim, shape };
                for dt in [0.1, 1.0] {
                    let (m, _) = fly_plan(&plan, dt);
                    let miss = m.position().distance(&aim.to_ecef());
                    assert!(
                        miss < 1e-3,
                        "{launch:?} {range} {shape:?} dt {dt}: miss {miss} m"
                    );
                    // It comes down, not up.
                    let up = aim.to_ecef().0.normalize();
                    assert!(m.velocity().dot(&up) < 0.0);
                }
            }
        }
    }
}

#[test]
fn lofted_flies_higher_and_depressed_lower() {
    let launch = Geodetic::new(40.0, 30.0, 0.0);
    let aim = launch.destination(80.0, 600e3);
    let [me, lofted, depressed] = shapes(600e3).map(|shape| {
        let (m, apogee) = fly_plan(&BallisticPlan { launch, aim, shape }, 1.0);
        (m.burnout_speed(), apogee)
    });
    assert!(
        lofted.1 > me.1 && me.1 > depressed.1,
        "{lofted:?} {me:?} {depressed:?}"
    );
    // Minimum energy needs the least speed, and matches the spherical
    // closed form to within the WGS-84/sphere geometry difference (1 %).
    assert!(me.0 < lofted.0 && me.0 < depressed.0);
    let sphere = required_burnout_speed(600e3, BallisticShape::MinimumEnergy).unwrap();
    assert!((me.0 / sphere - 1.0).abs() < 0.01, "{} vs {sphere}", me.0);
}

#[test]
fn tick_length_does_not_change_the_trajectory() {
    // Sub-stepping makes the state after 300 s the same (to 1 mm) whether
    // the engine ticks 0.05 s, 1 s or 7 s.
    let launch = Geodetic::new(30.0, 50.0, 0.0);
    let plan = BallisticPlan {
        launch,
        aim: launch.destination(10.0, 800e3),
        shape: BallisticShape::MinimumEnergy,
    };
    let after = |dt: f64| {
        let mut m = BallisticMover::new(&plan).unwrap();
        for _ in 0..(300.0 / dt).round() as usize {
            assert!(!m.advance(dt));
        }
        m.position()
    };
    let reference = after(1.0);
    for dt in [0.05, 0.25, 7.5] {
        assert!(after(dt).distance(&reference) < 1e-3, "dt {dt}");
    }
}

#[test]
fn mover_rejects_bad_plans() {
    let launch = Geodetic::new(30.0, 50.0, 0.0);
    let plan = |aim: Geodetic, shape| BallisticPlan { launch, aim, shape };
    let me = BallisticShape::MinimumEnergy;
    let err = |p: BallisticPlan| BallisticMover::new(&p).unwrap_err();
    assert!(matches!(
        err(plan(launch, me)),
        MotionError::AimOutOfRange { .. }
    ));
    let antipode = Geodetic::new(-30.0, -130.0, 0.0);
    assert!(matches!(
        err(plan(antipode, me)),
        MotionError::AimOutOfRange { .. }
    ));
    let nan = Geodetic::new(f64::NAN, 50.0, 0.0);
    assert!(matches!(
        err(plan(nan, me)),
        MotionError::InvalidPosition {
            what: "aim point",
            ..
        }
    ));
    let far = launch.destination(0.0, 300e3);
    for deg in [0.0, 90.0, f64::NAN] {
        let shape = BallisticShape::FlightPathAngle { deg };
        assert!(matches!(
            err(plan(far, shape)),
            MotionError::InvalidFlightPathAngle { .. }
        ));
    }
    // 10 km away and 100 m up at 0.01°: the line of sight is steeper than
    // the launch, so the missile can never climb to the aim point.
    let mut high = launch.destination(0.0, 10e3);
    high.alt_m = 100.0;
    let flat = BallisticShape::FlightPathAngle { deg: 0.01 };
    assert!(matches!(
        err(plan(high, flat)),
        MotionError::Unreachable { .. }
    ));
    // 10 km away and 6 km up at 45°: the apex lies beyond the aim point,
    // which would be reached while climbing.
    high.alt_m = 6_000.0;
    let steep = BallisticShape::FlightPathAngle { deg: 45.0 };
    assert!(matches!(
        err(plan(high, steep)),
        MotionError::Unreachable { .. }
    ));
    // Nearly vertical over 3000 km would need orbital speed.
    let vertical = BallisticShape::FlightPathAngle { deg: 89.99 };
    let very_far = launch.destination(0.0, 3_000e3);
    assert!(matches!(
        err(plan(very_far, vertical)),
        MotionError::Unreachable { .. }
    ));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn any_reachable_aim_is_hit(
        lat in -80.0f64..80.0,
        lon in -180.0f64..180.0,
        az in 0.0f64..360.0,
        range_km in 5.0f64..5_000.0,
        alts in (0.0f64..3_000.0, 0.0f64..3_000.0),
        deg in prop::option::of(1.0f64..89.0),
        dt in prop::sample::select(vec![0.1, 0.5, 1.0]),
    ) {
        let launch = Geodetic::new(lat, lon, alts.0);
        let mut aim = launch.destination(az, range_km * 1e3);
        aim.alt_m = alts.1;
        let shape = deg.map_or(BallisticShape::MinimumEnergy, |deg| BallisticShape::FlightPathAngle { deg });
        let plan = BallisticPlan { launch, aim, shape };
        match BallisticMover::new(&plan) {
            // Either the plan is flyable and lands on the aim point to 1 mm…
            Ok(_) => {
                let (m, _) = fly_plan(&plan, dt);
                let miss = m.position().distance(&aim.to_ecef());
                prop_assert!(miss < 1e-3, "miss {miss} m");
            }
            // …or it is rejected for a stated physical reason; minimum
            // energy never is.
            Err(e) => {
                prop_assert!(matches!(e, MotionError::Unreachable { .. }), "{e}");
                prop_assert!(deg.is_some());
            }
        }
    }
}
