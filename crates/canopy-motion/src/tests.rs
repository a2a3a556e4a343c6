use super::*;

fn fighter_route() -> Plan {
    // Turns of 60–120°, a climb, a descent and speed changes.
    let start = Geodetic::new(45.0, 35.0, 500.0);
    let a = Geodetic {
        alt_m: 6_000.0,
        ..start.destination(0.0, 60e3)
    };
    let b = Geodetic {
        alt_m: 2_000.0,
        ..a.destination(120.0, 50e3)
    };
    let c = b.destination(240.0, 40e3);
    Plan::Route(RoutePlan {
        waypoints: vec![
            Waypoint {
                pos: start,
                speed_mps: 200.0,
            },
            Waypoint {
                pos: a,
                speed_mps: 300.0,
            },
            Waypoint {
                pos: b,
                speed_mps: 250.0,
            },
            Waypoint {
                pos: c,
                speed_mps: 220.0,
            },
        ],
        max_turn_rate_dps: 8.0,
        max_climb_mps: 80.0,
        max_accel_mps2: 4.0,
        terminal: Terminal::None,
        impact_at_end: false,
    })
}

fn ballistic_plan() -> Plan {
    let launch = Geodetic::new(32.0, 48.0, 0.0);
    Plan::Ballistic(BallisticPlan {
        launch,
        aim: launch.destination(300.0, 700e3),
        shape: BallisticShape::FlightPathAngle { deg: 35.0 },
    })
}

/// Positions and velocities after every tick until the end.
fn trace(plan: Plan, dt: f64) -> Vec<(Vector3<f64>, Vector3<f64>)> {
    let mut m = Mover::new(plan).unwrap();
    let mut out = vec![(m.position().0, m.velocity())];
    while m.advance(dt) == Status::Flying {
        out.push((m.position().0, m.velocity()));
        assert!(out.len() < 100_000);
    }
    out
}

#[test]
fn route_velocity_matches_the_motion() {
    // Over each tick, the mean velocity (Δposition/dt) equals the mean of
    // the velocities at its ends to 0.1 % of the speed (+1 cm/s), except in
    // the ticks where a climb or descent starts or stops (the vertical rate
    // switches inside the tick): at most 2 per leg, and even there the
    // mismatch is about half the climb limit (vertical rate: half of it;
    // horizontal speed: half of v − √(v² − climb²)), bounded by 0.65 of it.
    let dt = 0.1;
    let t = trace(fighter_route(), dt);
    let mut switching = 0;
    for w in t.windows(2) {
        let mean = (w[1].0 - w[0].0) / dt;
        let ends = (w[0].1 + w[1].1) / 2.0;
        let err = (mean - ends).norm();
        assert!(err < 0.65 * 80.0, "{err}");
        if err > 1e-3 * ends.norm() + 0.01 {
            switching += 1;
        }
    }
    assert!(switching <= 6, "{switching} ticks with a mismatch");
}

#[test]
fn ballistic_velocity_matches_the_motion() {
    // RK4 states: the central difference of positions matches the velocity
    // to 1 cm/s at 1 s ticks (the O(dt²) difference error is ~jerk·dt²/6).
    let dt = 1.0;
    let t = trace(ballistic_plan(), dt);
    for w in t.windows(3).take(t.len() - 3) {
        let central = (w[2].0 - w[0].0) / (2.0 * dt);
        assert!(
            (central - w[1].1).norm() < 0.01,
            "{}",
            (central - w[1].1).norm()
        );
    }
}

#[test]
fn accessors_agree() {
    for plan in [fighter_route(), ballistic_plan()] {
        let mut m = Mover::new(plan).unwrap();
        for _ in 0..200 {
            m.advance(0.5);
            let g = m.geodetic();
            assert!(g.to_ecef().distance(&m.position()) < 1e-6);
            assert!((m.speed_mps() - m.velocity().norm()).abs() < 1e-9 * m.speed_mps());
        }
    }
}

#[test]
fn ended_movers_stay_put_and_bad_ticks_do_nothing() {
    for (plan, reason) in [
        (fighter_route(), EndReason::RouteComplete),
        (ballistic_plan(), EndReason::Impact),
    ] {
        let mut m = Mover::new(plan).unwrap();
        let start = m.position();
        for bad in [0.0, -1.0, f64::NAN, f64::INFINITY] {
            assert_eq!(m.advance(bad), Status::Flying);
            assert_eq!(m.position(), start);
        }
        while m.advance(1.0) == Status::Flying {}
        assert_eq!(m.status(), Status::Ended(reason));
        let end = m.position();
        assert_eq!(m.advance(1.0), Status::Ended(reason));
        assert_eq!(m.position(), end);
    }
}

#[test]
fn burnout_speed_is_reported_for_ballistic_only() {
    assert_eq!(
        Mover::new(fighter_route()).unwrap().burnout_speed_mps(),
        None
    );
    let v = Mover::new(ballistic_plan())
        .unwrap()
        .burnout_speed_mps()
        .unwrap();
    // 700 km at 35° (depressed) on the sphere needs ~2.7 km/s.
    let sphere =
        ballistic::required_burnout_speed(700e3, BallisticShape::FlightPathAngle { deg: 35.0 });
    assert!((v / sphere.unwrap() - 1.0).abs() < 0.01, "{v}");
}

#[test]
fn bad_plans_are_errors_not_panics() {
    let empty = Plan::Route(RoutePlan {
        waypoints: vec![],
        max_turn_rate_dps: 1.0,
        max_climb_mps: 1.0,
        max_accel_mps2: 1.0,
        terminal: Terminal::None,
        impact_at_end: true,
    });
    assert_eq!(
        Mover::new(empty).unwrap_err(),
        MotionError::TooFewWaypoints { count: 0 }
    );
    let p = Geodetic::new(0.0, 0.0, 0.0);
    let same = Plan::Ballistic(BallisticPlan {
        launch: p,
        aim: p,
        shape: BallisticShape::MinimumEnergy,
    });
    assert!(matches!(
        Mover::new(same),
        Err(MotionError::AimOutOfRange { .. })
    ));
}
