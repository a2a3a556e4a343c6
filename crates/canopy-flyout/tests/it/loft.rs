//! Lofted flights: the 3-DOF flyout with [`Midcourse::Loft`] against the lofted planning table
//! built from the fast model, and the reach lofting buys over a straight flight.

use crate::common::{SITE, Target, fly_from};
use canopy_flyout::{
    FlightEvent, FlyoutTable, FlyoutTableConfig, Interceptor, InterceptorParams, Loft, Midcourse,
    ThrustPhase,
};

/// The catalog's notional long-range airframes (crates/canopy-scenario/catalog/builtin.toml),
/// mapped to flyout parameters as the catalog maps them: (name, launch mass kg, boost kN, s,
/// sustain kN, s, diameter m, time of flight s, lateral g).
fn airframe(
    spec: (&str, f64, f64, f64, f64, f64, f64, f64, f64),
    loft: Option<f64>,
) -> InterceptorParams {
    let (_, mass, boost, boost_s, sustain, sustain_s, diameter, tof, g) = spec;
    let exhaust = 270.0 * 9.806_65;
    let phase = |kn: f64, s: f64| ThrustPhase {
        thrust_n: kn * 1e3,
        duration_s: s,
        mass_flow_kg_s: kn * 1e3 / exhaust,
    };
    let thrust_phases = vec![phase(boost, boost_s), phase(sustain, sustain_s)];
    InterceptorParams {
        launch_mass_kg: mass,
        propellant_mass_kg: thrust_phases
            .iter()
            .map(|p| p.mass_flow_kg_s * p.duration_s)
            .sum(),
        thrust_phases,
        drag_coefficient: 0.25,
        reference_area_m2: std::f64::consts::PI * 0.25 * diameter * diameter,
        max_lateral_g: g,
        max_time_of_flight_s: tof,
        midcourse: loft.map_or(Midcourse::None, |k| Midcourse::Loft(Loft::notional(k))),
        ..InterceptorParams::notional_long_range()
    }
}

const N48: (&str, f64, f64, f64, f64, f64, f64, f64, f64) = (
    "48N6-class",
    1_800.0,
    450.0,
    5.0,
    50.0,
    10.0,
    0.515,
    180.0,
    20.0,
);
const N40: (&str, f64, f64, f64, f64, f64, f64, f64, f64) = (
    "40N6-class",
    1_900.0,
    400.0,
    6.0,
    30.0,
    20.0,
    0.575,
    300.0,
    15.0,
);

fn table(params: &InterceptorParams) -> FlyoutTable {
    FlyoutTable::build(
        params,
        FlyoutTableConfig {
            launch_altitude_m: SITE.alt,
            ..FlyoutTableConfig::default()
        },
    )
    .expect("valid table")
}

/// Flies the 3-DOF round from SITE at a target, launched as the table plans; the closest
/// approach, if the flight ends passing the target.
fn flown(params: &InterceptorParams, t: &FlyoutTable, target: &Target) -> Option<(f64, f64, f64)> {
    let pip = t.predict_intercept(&SITE.origin(), &target.truth(0.0), 0.0)?;
    let round = Interceptor::launch(params.clone(), SITE.origin(), pip.launch_direction, 0.0)
        .expect("valid launch")
        .plan_intercept_at(pip.intercept_time_s);
    let (event, _) = fly_from(round, target, 0.1);
    match event {
        FlightEvent::TargetPassed(ca) => Some((pip.time_to_intercept_s, ca.time_s, ca.miss_m)),
        _ => None,
    }
}

#[test]
fn lofted_table_plans_the_3dof_flight_within_1_5_percent() {
    // The fast model behind the lofted table against the 3-DOF flight it stands for, on
    // stationary targets beyond the switch distance (at the switch itself the two models may
    // disagree on whether to loft at all, a step in the law, not a modelling error).
    let grid: [(_, &[f64]); 2] = [
        (N48, &[40e3, 80e3, 120e3, 160e3]),
        (N40, &[40e3, 80e3, 120e3, 160e3, 200e3, 250e3, 300e3]),
    ];
    for (spec, grounds) in grid {
        let params = airframe(spec, Some(0.5));
        let planned = table(&params);
        for h in [100.0, 5e3, 10e3, 20e3] {
            for &g in grounds {
                let target = Target::straight(SITE.point([g, 0.0, h]), SITE.dir([0.0; 3]));
                let (plan, flight, miss) = flown(&params, &planned, &target)
                    .unwrap_or_else(|| panic!("{} misses ({g}, {h})", spec.0));
                assert!(miss < 1.0, "{} ({g}, {h}): miss {miss} m", spec.0);
                assert!(
                    (flight / plan - 1.0).abs() < 0.015,
                    "{} ({g}, {h}): planned {plan} s, flown {flight} s",
                    spec.0
                );
            }
        }
    }
}

#[test]
fn lofting_reaches_where_a_straight_flight_cannot() {
    // At 10 km altitude the straight 48N6-class flight dies in the dense air short of 120 km;
    // lofted, it reaches 160 km, and the 40N6-class 300 km, within their times of flight.
    let at = |g: f64| Target::straight(SITE.point([g, 0.0, 10e3]), SITE.dir([0.0; 3]));
    let straight = table(&airframe(N48, None));
    assert!(
        straight
            .predict_intercept(&SITE.origin(), &at(120e3).truth(0.0), 0.0)
            .is_none()
    );
    for (spec, g, tof) in [(N48, 160e3, 180.0), (N40, 300e3, 300.0)] {
        let params = airframe(spec, Some(0.5));
        let (_, flight, miss) = flown(&params, &table(&params), &at(g)).expect("reached");
        assert!(flight < tof, "{}: {flight} s", spec.0);
        assert!(miss < 1.0, "{}: passed {miss} m off", spec.0);
    }
}

#[test]
fn lofted_rounds_meet_moving_targets_where_planned() {
    // Closing, crossing and receding targets: PN leads the raised aim point, so the table's
    // stationary-point times still plan the flight to within 3 %.
    let params = airframe(N40, Some(0.5));
    let planned = table(&params);
    let cases = [
        ([200e3, 0.0, 10e3], [-250.0, 0.0, 0.0]),
        ([150e3, 50e3, 8e3], [0.0, -300.0, 0.0]),
        ([120e3, 0.0, 12e3], [200.0, 0.0, 0.0]),
        ([250e3, 0.0, 15e3], [-600.0, 0.0, 0.0]),
    ];
    for (pos, vel) in cases {
        let target = Target::straight(SITE.point(pos), SITE.dir(vel));
        let (plan, flight, miss) = flown(&params, &planned, &target).expect("reached");
        assert!(miss < 5.0, "{pos:?}: miss {miss} m");
        assert!(
            (flight / plan - 1.0).abs() < 0.03,
            "{pos:?}: planned {plan} s, flown {flight} s"
        );
    }
}
