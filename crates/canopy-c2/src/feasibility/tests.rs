use canopy_core::geo::Geodetic;
use canopy_flyout::{FlyoutTableConfig, InterceptorParams};

use super::*;
use crate::evaluate::{MotionModel, PathState};

fn frame() -> LocalFrame {
    LocalFrame::new(Geodetic::new(48.0, 68.0, 0.0))
}

fn place(azimuth_deg: f64, distance_m: f64, alt_m: f64) -> Geodetic {
    let mut g = frame().site().destination(azimuth_deg, distance_m);
    g.alt_m = alt_m;
    g
}

fn weapon() -> WeaponType {
    WeaponType::new(
        &InterceptorParams::notional_long_range(),
        FlyoutTableConfig::default(),
        Envelope::notional_long_range(),
    )
    .unwrap()
}

fn unit() -> FireUnit {
    FireUnit::new(
        &frame(),
        FireUnitSpec {
            launcher: [0.0; 3],
            radar: EngagementRadar::notional([0.0; 3]),
            reaction_time_s: 10.0,
        },
    )
    .unwrap()
}

/// A level air-breathing path from `site` at `speed` on `heading_deg`, estimate time 0.
fn air_path(site: Geodetic, speed: f64, heading_deg: f64) -> PredictedPath {
    let (sh, ch) = heading_deg.to_radians().sin_cos();
    let v = LocalFrame::new(site).vec_to_ecef(&Vector3::new(speed * sh, speed * ch, 0.0));
    PredictedPath::new(
        MotionModel::GreatCircle,
        PathState {
            time_s: 0.0,
            position: site.to_ecef().0,
            velocity: v,
        },
        600.0,
        1.0,
    )
    .unwrap()
}

/// A ballistic path that impacts `aim` `tau` seconds after the estimate time 0, arriving at
/// `speed` and `dive_deg` below the horizontal from azimuth `from_azimuth`: the time-reversed
/// flight up from the aim point.
fn ballistic_path(
    aim: Geodetic,
    speed: f64,
    dive_deg: f64,
    from_azimuth: f64,
    tau: f64,
) -> PredictedPath {
    let mut up = aim;
    up.alt_m = 1.0;
    let (s, c) = dive_deg.to_radians().sin_cos();
    let (sa, ca) = from_azimuth.to_radians().sin_cos();
    let v =
        LocalFrame::new(up).vec_to_ecef(&Vector3::new(speed * c * sa, speed * c * ca, speed * s));
    let back = PredictedPath::new(
        MotionModel::Ballistic,
        PathState {
            time_s: 0.0,
            position: up.to_ecef().0,
            velocity: v,
        },
        tau,
        0.5,
    )
    .unwrap()
    .state_at(tau)
    .unwrap();
    PredictedPath::new(
        MotionModel::Ballistic,
        PathState {
            time_s: 0.0,
            position: back.position,
            velocity: -back.velocity,
        },
        600.0,
        1.0,
    )
    .unwrap()
}

const CONFIG: ScanConfig = ScanConfig {
    step_s: 0.5,
    edge_tolerance_s: 1e-3,
    max_tangent_iterations: 8,
    convergence_s: 0.01,
};

/// The solution's time of flight agrees with the flyout table's time to its point (measured
/// as predict_intercept does: slant range and elevation above the WGS-84 normal at the
/// launcher). Tolerance 0.05 s: predict_intercept bisects to 1e-4 s and the re-linearisation
/// stops when the intercept time moves by less than 0.01 s.
fn assert_consistent_with_table(w: &WeaponType, sol: &InterceptSolution) {
    let launcher = frame().origin().0;
    let point = frame().to_ecef(&Enu(Vector3::from(sol.point))).0;
    let rel = point - launcher;
    let up = canopy_flyout::EarthModel::Wgs84.up(&launcher);
    let elevation = (rel.dot(&up) / rel.norm()).asin();
    let table_time = w
        .table()
        .time_to_reach_slant(rel.norm(), elevation)
        .unwrap();
    assert!(
        (table_time - sol.time_of_flight_s).abs() < 0.05,
        "table {table_time} s vs solution {} s",
        sol.time_of_flight_s
    );
    assert!((sol.intercept_time_s - sol.launch_time_s - sol.time_of_flight_s).abs() < 0.05);
    assert!((sol.range_m - rel.norm()).abs() < 1e-6);
}

#[test]
fn head_on_aircraft_at_200_km_has_a_launch_window() {
    let (w, u) = (weapon(), unit());
    let path = air_path(place(0.0, 200e3, 10e3), 250.0, 180.0);
    let f = assess(&u, &w, &path, ThreatClass::Aircraft, 0.0, None, &CONFIG).unwrap();
    // The notional round reaches ~85 km at 10 km altitude in its 180 s: a launch now cannot
    // catch the aircraft, one once it has closed can.
    assert_eq!(f.earliest_launch_s, 10.0);
    assert_eq!(f.reasons, vec![Infeasible::NoInterceptSolution]);
    assert!(!f.feasible_now() && f.solution.is_none());
    let win = f.window.expect("a launch window");
    assert!(win.earliest_launch_s > 10.0 && win.latest_launch_s > win.earliest_launch_s + 60.0);
    assert!(f.window_blockers.is_empty());

    // The scan's edge agrees with the flyout's own intercept prediction for that launch.
    let first = predict_intercept(&u, &w, &path, win.earliest_launch_s, &CONFIG).unwrap();
    assert!((first.intercept_time_s - win.earliest_intercept_s).abs() < 0.05);
    assert_consistent_with_table(&w, &first);
    assert!((first.altitude_m - 10e3).abs() < 1.0);
    // The aircraft flew 250 m/s × T toward the unit; the intercept is where it then is.
    let flown = 200e3 - 250.0 * first.intercept_time_s;
    assert!((first.range_m - flown.hypot(10e3)).abs() < 1e3, "{first:?}");

    // Deciding when the window opens, the launch is feasible at once.
    let now = win.earliest_launch_s - 10.0 + 0.5;
    let later = assess(&u, &w, &path, ThreatClass::Aircraft, now, None, &CONFIG).unwrap();
    assert!(later.feasible_now(), "{later:?}");
    assert_eq!(later.window.unwrap().earliest_launch_s, now + 10.0);
    assert_consistent_with_table(&w, &later.solution.unwrap());
}

#[test]
fn sea_skimmer_below_the_radar_horizon_has_no_line_of_sight() {
    let (w, u) = (weapon(), unit());
    // MODELS.md §3: 25 m mast, 15 m target → 4/3-earth horizon ≈ 4.12·(√25 + √15) = 36.6 km.
    let horizon = HorizonEarth::default()
        .horizon_slant_range(25.0, 15.0)
        .unwrap();
    assert!((horizon - 36.6e3).abs() < 0.1e3);
    let path = air_path(place(0.0, 80e3, 15.0), 250.0, 180.0);
    // It reaches the unit (and the asset there) 320 s from now.
    let f = assess(
        &u,
        &w,
        &path,
        ThreatClass::Cruise,
        0.0,
        Some(320.0),
        &CONFIG,
    )
    .unwrap();
    assert_eq!(f.reasons, vec![Infeasible::NoLineOfSight]);
    let sol = f.solution.unwrap();
    assert!(sol.radar_range_m > horizon + 10e3, "{sol:?}");
    assert_consistent_with_table(&w, &sol);
    // The window opens when the intercept point comes over the horizon, and closes before
    // the deadline.
    let win = f.window.unwrap();
    let first = predict_intercept(&u, &w, &path, win.earliest_launch_s, &CONFIG).unwrap();
    assert!(
        first.radar_range_m <= horizon + 5.0 && first.radar_range_m > horizon - 300.0,
        "{first:?}"
    );
    assert!(win.latest_intercept_s <= 320.0);

    // The same missile passing 60 km abeam never comes over the horizon.
    let abeam = air_path(place(0.0, 80e3, 15.0).destination(90.0, 60e3), 250.0, 180.0);
    let f = assess(&u, &w, &abeam, ThreatClass::Cruise, 0.0, None, &CONFIG).unwrap();
    assert_eq!(f.window, None);
    assert!(f.window_blockers.contains(&Infeasible::NoLineOfSight));
}

#[test]
fn ballistic_target_is_beyond_the_60_km_limit_until_it_closes() {
    let (w, u) = (weapon(), unit());
    // 80 s from impact 40 km north of the unit, 124 km away and 73 km up, arriving at
    // 1500 m/s and 60°.
    let path = ballistic_path(place(0.0, 40e3, 0.0), 1500.0, 60.0, 0.0, 80.0);
    let start = path.states()[0];
    assert!(((start.position - frame().origin().0).norm() - 124e3).abs() < 1e3);
    let f = assess(
        &u,
        &w,
        &path,
        ThreatClass::Ballistic,
        0.0,
        Some(80.0),
        &CONFIG,
    )
    .unwrap();
    assert_eq!(f.reasons, vec![Infeasible::BeyondBallisticLimit]);
    let sol = f.solution.unwrap();
    assert!(sol.range_m > 60e3 && sol.range_m < 250e3 && sol.altitude_m < 30e3);
    // The same point is fine against an aircraft: only the ballistic limit binds.
    let aero = assess(
        &u,
        &w,
        &path,
        ThreatClass::Aircraft,
        0.0,
        Some(80.0),
        &CONFIG,
    )
    .unwrap();
    assert!(aero.feasible_now());
    // Later launches meet it inside 60 km.
    let win = f.window.unwrap();
    assert!(win.earliest_launch_s > f.earliest_launch_s);
    let first = predict_intercept(&u, &w, &path, win.earliest_launch_s, &CONFIG).unwrap();
    assert!((first.range_m - 60e3).abs() < 100.0, "{first:?}");
    let now = win.earliest_launch_s - 10.0 + 0.5;
    let later = assess(
        &u,
        &w,
        &path,
        ThreatClass::Ballistic,
        now,
        Some(80.0),
        &CONFIG,
    )
    .unwrap();
    assert!(later.feasible_now(), "{later:?}");
    assert!(later.solution.unwrap().range_m <= 60e3);
}

#[test]
fn an_intercept_after_the_deadline_is_too_late() {
    let (w, u) = (weapon(), unit());
    let path = air_path(place(0.0, 80e3, 15.0), 250.0, 180.0);
    // The asset is reached 5 s from now, before the earliest launch (10 s).
    let f = assess(&u, &w, &path, ThreatClass::Cruise, 0.0, Some(5.0), &CONFIG).unwrap();
    assert!(f.reasons.contains(&Infeasible::TooLate));
    assert_eq!(
        (f.window, f.window_blockers),
        (None, vec![Infeasible::TooLate])
    );
    // A ballistic missile that has already impacted.
    let gone = ballistic_path(place(0.0, 40e3, 0.0), 1500.0, 60.0, 0.0, 5.0);
    let f = assess(&u, &w, &gone, ThreatClass::Ballistic, 0.0, None, &CONFIG).unwrap();
    assert_eq!(f.reasons, vec![Infeasible::TooLate]);
    assert_eq!(f.window, None);
    assert_eq!(
        predict_intercept(&u, &w, &gone, 10.0, &CONFIG),
        Err(FeasibilityError::NoIntercept(Infeasible::TooLate))
    );
}

#[test]
fn radar_sector_and_minimum_range_are_enforced() {
    let w = weapon();
    // A radar looking south (±60°) cannot guide against a target from the north.
    let mut radar = EngagementRadar::notional([0.0; 3]);
    radar.boresight_azimuth_deg = 180.0;
    radar.sector_half_width_deg = 60.0;
    let south_facing = FireUnit::new(
        &frame(),
        FireUnitSpec {
            launcher: [0.0; 3],
            radar,
            reaction_time_s: 10.0,
        },
    )
    .unwrap();
    let from_north = air_path(place(0.0, 60e3, 5e3), 250.0, 180.0);
    let f = assess(
        &south_facing,
        &w,
        &from_north,
        ThreatClass::Aircraft,
        0.0,
        None,
        &CONFIG,
    )
    .unwrap();
    assert_eq!(f.reasons, vec![Infeasible::OutsideRadarCoverage]);
    let from_south = air_path(place(180.0, 60e3, 5e3), 250.0, 0.0);
    let f = assess(
        &south_facing,
        &w,
        &from_south,
        ThreatClass::Aircraft,
        0.0,
        None,
        &CONFIG,
    )
    .unwrap();
    assert!(f.feasible_now(), "{f:?}");
    // A slow drone 2 km away, flying away: inside the minimum range (3 km) at first.
    let close = air_path(place(90.0, 2e3, 500.0), 20.0, 90.0);
    let f = assess(&unit(), &w, &close, ThreatClass::Drone, 0.0, None, &CONFIG).unwrap();
    assert!(f.reasons.contains(&Infeasible::InsideMinRange), "{f:?}");
    let win = f.window.unwrap();
    let first = predict_intercept(&unit(), &w, &close, win.earliest_launch_s, &CONFIG).unwrap();
    assert!((first.range_m - 3e3).abs() < 20.0, "{first:?}");
}

#[test]
fn bad_inputs_are_errors() {
    let (w, u) = (weapon(), unit());
    let path = air_path(place(0.0, 80e3, 15.0), 250.0, 180.0);
    assert!(assess(&u, &w, &path, ThreatClass::Cruise, f64::NAN, None, &CONFIG).is_err());
    assert!(
        assess(
            &u,
            &w,
            &path,
            ThreatClass::Cruise,
            0.0,
            Some(f64::INFINITY),
            &CONFIG
        )
        .is_err()
    );
    let zero_step = ScanConfig {
        step_s: 0.0,
        ..CONFIG
    };
    assert!(assess(&u, &w, &path, ThreatClass::Cruise, 0.0, None, &zero_step).is_err());
    assert!(matches!(
        predict_intercept(&u, &w, &path, f64::NAN, &CONFIG),
        Err(FeasibilityError::Invalid(_))
    ));
    let mut radar = EngagementRadar::notional([0.0; 3]);
    radar.min_elevation_deg = 50.0;
    radar.max_elevation_deg = 40.0;
    let spec = FireUnitSpec {
        launcher: [0.0; 3],
        radar,
        reaction_time_s: 10.0,
    };
    assert!(FireUnit::new(&frame(), spec).is_err());
    let mut params = InterceptorParams::notional_long_range();
    params.launch_mass_kg = -1.0;
    let err = WeaponType::new(
        &params,
        FlyoutTableConfig::default(),
        Envelope::notional_long_range(),
    )
    .unwrap_err();
    assert!(matches!(err, FeasibilityError::Flyout(_)));
    let mut envelope = Envelope::notional_long_range();
    envelope.max_range_m = 1.0;
    let err = WeaponType::new(
        &InterceptorParams::notional_long_range(),
        FlyoutTableConfig::default(),
        envelope,
    )
    .unwrap_err();
    assert!(matches!(err, FeasibilityError::Invalid(_)));
}

/// The radar checks without `atan2` agree with `canopy_sensors::horizon` and the frame's
/// azimuth (the formulas they replace) over a grid of points around a sector radar, except
/// within 1e-6 of a threshold where rounding may decide either way.
#[test]
fn coverage_matches_the_sensor_geometry() {
    let mut radar = EngagementRadar::notional([0.0; 3]);
    radar.antenna_height_m = 25.0;
    radar.min_elevation_deg = 0.0;
    radar.max_elevation_deg = 75.0;
    radar.boresight_azimuth_deg = 30.0;
    radar.sector_half_width_deg = 60.0;
    let spec = FireUnitSpec {
        launcher: [0.0; 3],
        radar,
        reaction_time_s: 0.0,
    };
    let u = FireUnit::new(&frame(), spec).unwrap();
    let earth = radar.earth;
    let site = LocalFrame::new(frame().site());
    let mut compared = 0;
    for az in (0..36).map(|k| 10.0 * k as f64 + 3.0) {
        for d in [500.0, 3e3, 20e3, 45e3, 80e3, 150e3, 300e3] {
            for alt in [0.0, 15.0, 60.0, 400.0, 3e3, 12e3, 40e3] {
                let p = place(az, d, alt).to_ecef().0;
                let altitude = EARTH.altitude(&p);
                let h = altitude.max(0.0);
                let ground = earth.radius_m * u.radar.angle(&p);
                let visible = earth.visible(25.0, h, ground).unwrap();
                let e = earth
                    .slant_geometry(25.0, h, ground)
                    .unwrap()
                    .elevation_rad
                    .to_degrees();
                let a = site.aer(&Ecef(p)).az_deg;
                let off = (a - 30.0 + 180.0).rem_euclid(360.0) - 180.0;
                let covered = (0.0..=75.0).contains(&e) && off.abs() <= 60.0;
                let horizon = earth.horizon_ground_range(25.0, h).unwrap();
                let view = u.coverage.view(&p, altitude);
                if (ground - horizon).abs() > 1e-6 {
                    assert_eq!(view.line_of_sight, visible, "{az} {d} {alt}");
                }
                if e.abs() > 1e-6 && (e - 75.0).abs() > 1e-6 && (off.abs() - 60.0).abs() > 1e-6 {
                    assert_eq!(view.covered, covered, "{az} {d} {alt}: {e}° {off}°");
                    compared += 1;
                }
                assert!((view.ground_m - ground).abs() < 1e-6 * ground.max(1.0));
            }
        }
    }
    assert!(compared > 1500);
}
