use super::*;
use proptest::prelude::*;

fn wp(pos: Geodetic, speed_mps: f64) -> Waypoint {
    Waypoint { pos, speed_mps }
}

fn at(p: Geodetic, alt_m: f64) -> Geodetic {
    Geodetic { alt_m, ..p }
}

/// A cruise-missile-like plan: 5°/s, 30 m/s climb, 5 m/s².
fn plan(waypoints: Vec<Waypoint>, impact_at_end: bool, terminal: Terminal) -> RoutePlan {
    RoutePlan {
        waypoints,
        max_turn_rate_dps: 5.0,
        max_climb_mps: 30.0,
        max_accel_mps2: 5.0,
        terminal,
        impact_at_end,
    }
}

/// The state after each tick.
#[derive(Clone, Copy, Debug)]
struct Tick {
    geo: Geodetic,
    ecef: Ecef,
    speed: f64,
    heading: f64,
    vz: f64,
    /// Distance to go to the final waypoint.
    to_go: f64,
}

struct Flight {
    ticks: Vec<Tick>,
    end: EndReason,
    time_s: f64,
}

/// Flies `plan` at tick `dt` until it ends (panics after `max_s`).
fn fly(plan: &RoutePlan, dt: f64, max_s: f64) -> Flight {
    let mut m = RouteMover::new(plan.clone()).unwrap();
    let last = *m.targets.last().unwrap();
    let mut ticks = Vec::new();
    let mut t = 0.0;
    while t < max_s {
        let end = m.advance(dt);
        t += dt;
        ticks.push(Tick {
            geo: m.geodetic(),
            ecef: m.position(),
            speed: m.speed,
            heading: m.heading,
            vz: m.vz,
            to_go: m.site.bearing_to(&last).distance,
        });
        if let Some(end) = end {
            return Flight {
                ticks,
                end,
                time_s: t,
            };
        }
    }
    panic!("still flying after {max_s} s");
}

fn max_alt_error(f: &Flight, alt: f64) -> f64 {
    // Recover the height from the ECEF position, so the check covers the
    // whole state, not just the height variable.
    f.ticks
        .iter()
        .map(|t| (t.ecef.to_geodetic().alt_m - alt).abs())
        .fold(0.0, f64::max)
}

#[test]
fn cruise_holds_30_m_over_a_500_km_straight_leg() {
    // Done criterion: |alt − 30| < 1 m over 500 km at 0.1 s and 1 s ticks.
    // The height is a state variable, so the ECEF round trip is all that
    // can disturb it: the test holds it to 1 mm.
    for (start, az) in [
        (Geodetic::new(35.0, 45.0, 30.0), 60.0),
        (Geodetic::new(60.0, 10.0, 30.0), 0.0),
    ] {
        let end = start.destination(az, 500e3);
        let geodesic = start.geodesic_to(&end);
        for speed in [250.0, 950.0] {
            for dt in [0.1, 1.0] {
                let p = plan(
                    vec![wp(start, speed), wp(end, speed)],
                    false,
                    Terminal::None,
                );
                let f = fly(&p, dt, 1e4);
                assert_eq!(f.end, EndReason::RouteComplete);
                let err = max_alt_error(&f, 30.0);
                assert!(err < 1e-3, "{speed} m/s dt {dt}: {err} m");
                // It flies the geodesic: every point lies within 1 m of the
                // WGS-84 geodesic from start to end (geographiclib oracle).
                for t in f.ticks.iter().step_by(50) {
                    let g = start.geodesic_to(&t.geo);
                    let xt =
                        g.distance_m * (g.azimuth_deg - geodesic.azimuth_deg).to_radians().sin();
                    assert!(xt.abs() < 1.0, "cross-track {xt} m");
                }
                // It ends exactly on the end point, after the geodesic length
                // over the speed (speed is measured at 30 m: +5e-6; last
                // partial tick: +dt).
                assert!(f.ticks.last().unwrap().ecef.distance(&end.to_ecef()) < 1e-6);
                let want = geodesic.distance_m / speed;
                assert!(
                    f.time_s >= want && f.time_s < want + dt + 0.01,
                    "{} vs {want}",
                    f.time_s
                );
            }
        }
    }
}

#[test]
fn cruise_holds_30_m_over_a_500_km_route_with_turns() {
    // Done criterion again, with 30–90° turns at 5°/s: heading changes must
    // not leak into the height.
    let start = Geodetic::new(48.0, 30.0, 30.0);
    let mut points = vec![start];
    for (az, d) in [
        (90.0, 120e3),
        (150.0, 100e3),
        (60.0, 90e3),
        (0.0, 110e3),
        (90.0, 80e3),
    ] {
        let next = points.last().unwrap().destination(az, d);
        points.push(next);
    }
    let waypoints = points.iter().map(|p| wp(*p, 270.0)).collect();
    let p = plan(waypoints, false, Terminal::None);
    for dt in [0.1, 1.0] {
        let f = fly(&p, dt, 1e4);
        assert_eq!(f.end, EndReason::RouteComplete);
        let err = max_alt_error(&f, 30.0);
        assert!(err < 1e-3, "dt {dt}: {err} m");
        // 500 km at 270 m/s, plus a little for the turns.
        assert!(
            f.time_s > 500e3 / 270.0 && f.time_s < 500e3 / 270.0 + 30.0,
            "{}",
            f.time_s
        );
    }
}

#[test]
fn fighter_accelerates_and_climbs_within_its_limits() {
    // Leg 1: 250 → 400 m/s at 5 m/s² (30 s) and 1000 → 8000 m at 100 m/s
    // (70 s). Leg 2: back down to 2000 m and 300 m/s.
    let start = Geodetic::new(50.0, 20.0, 1_000.0);
    let a = at(start.destination(45.0, 100e3), 8_000.0);
    let b = at(a.destination(135.0, 100e3), 2_000.0);
    let p = RoutePlan {
        waypoints: vec![wp(start, 250.0), wp(a, 400.0), wp(b, 300.0)],
        max_turn_rate_dps: 10.0,
        max_climb_mps: 100.0,
        max_accel_mps2: 5.0,
        terminal: Terminal::None,
        impact_at_end: false,
    };
    let dt = 0.1;
    let f = fly(&p, dt, 1e4);
    assert_eq!(f.end, EndReason::RouteComplete);
    let at_s = |s: f64| f.ticks[(s / dt).round() as usize - 1];
    assert!(
        (at_s(15.0).speed - 325.0).abs() < 1e-6,
        "{}",
        at_s(15.0).speed
    );
    assert!((at_s(40.0).speed - 400.0).abs() < 1e-9);
    assert!(
        (at_s(35.0).geo.alt_m - 4_500.0).abs() < 1e-6,
        "{}",
        at_s(35.0).geo.alt_m
    );
    assert!((at_s(80.0).geo.alt_m - 8_000.0).abs() < 1e-9);
    let last = f.ticks.last().unwrap();
    assert!((last.speed - 300.0).abs() < 1e-9 && (last.geo.alt_m - 2_000.0).abs() < 1e-9);
    assert!(last.ecef.distance(&at(b, 2_000.0).to_ecef()) < 1e-6);
}

/// A 250 m/s cruise missile at 50 m that pops up 1 000 m at 20 km from a
/// target at 0 m, 100 km away; returns the plan and the target.
fn popup_plan() -> (RoutePlan, Geodetic) {
    let start = Geodetic::new(33.0, 44.0, 50.0);
    let target = at(start.destination(120.0, 100e3), 0.0);
    let terminal = Terminal::PopUp {
        height_m: 1_000.0,
        start_distance_m: 20e3,
    };
    let p = plan(vec![wp(start, 250.0), wp(target, 250.0)], true, terminal);
    (p, target)
}

#[test]
fn popup_climbs_to_its_apex_then_dives_onto_the_target() {
    let (p, target) = popup_plan();
    let f = fly(&p, 0.1, 1e4);
    assert_eq!(f.end, EndReason::Impact);
    let last = f.ticks.last().unwrap();
    assert!(last.ecef.distance(&target.to_ecef()) < 1e-6);
    // Level at 50 m until 20 km to go.
    assert!(
        f.ticks
            .iter()
            .filter(|t| t.to_go > 20.05e3)
            .all(|t| (t.geo.alt_m - 50.0).abs() < 1e-9)
    );
    // The apex: 1000 m at 10 km to go, to within one tick of the profile
    // (slope ~0.1 × 25 m per tick = 2.5 m, 50 m of distance).
    let apex = f
        .ticks
        .iter()
        .max_by(|a, b| a.geo.alt_m.total_cmp(&b.geo.alt_m))
        .unwrap();
    assert!((apex.geo.alt_m - 1_000.0).abs() < 2.5, "{}", apex.geo.alt_m);
    assert!((apex.to_go - 10e3).abs() < 50.0, "{}", apex.to_go);
    // Diving at the end: the final vertical speed is −slope·v_h.
    assert!(last.vz < -20.0, "{}", last.vz);
}

/// A step that would carry a threat past the start of its terminal
/// manoeuvre ends there, so the manoeuvre starts at its start distance
/// whatever the step: the pop-up climbs from (20 km, 50 m) to its apex
/// (10 km, 1 000 m) and dives to (0, 0 m) on the same lines with 0.1 s,
/// 0.5 s and 1 s steps. Started at the first step boundary inside 20 km, as
/// before, it would start up to one step late (250 m at 1 s) and its climb
/// would run up to 24 m below these lines.
#[test]
fn terminal_manoeuvres_start_at_their_start_distance_whatever_the_step() {
    let (p, _) = popup_plan();
    for dt in [0.1, 0.5, 1.0] {
        let f = fly(&p, dt, 1e4);
        assert_eq!(f.end, EndReason::Impact);
        for t in f.ticks.iter().filter(|t| t.to_go < 20e3) {
            let line = if t.to_go > 10e3 {
                50.0 + 950.0 * (20e3 - t.to_go) / 10e3
            } else {
                1_000.0 * t.to_go / 10e3
            };
            // 1 m of slack in the start at a slope of 0.1, and the apex
            // split point placed within it.
            assert!(
                (t.geo.alt_m - line).abs() < 0.5,
                "dt {dt}: {} m at {} m to go, line {line}",
                t.geo.alt_m,
                t.to_go
            );
        }
    }
}

#[test]
fn dive_descends_in_a_straight_line_onto_the_target() {
    let start = Geodetic::new(33.0, 44.0, 4_000.0);
    let target = at(start.destination(200.0, 60e3), 500.0);
    let terminal = Terminal::Dive {
        start_distance_m: 10e3,
    };
    let p = plan(vec![wp(start, 300.0), wp(target, 300.0)], true, terminal);
    let f = fly(&p, 0.5, 1e4);
    assert_eq!(f.end, EndReason::Impact);
    assert!(f.ticks.last().unwrap().ecef.distance(&target.to_ecef()) < 1e-6);
    for t in f.ticks.iter().filter(|t| t.to_go < 9.9e3) {
        // On the line from (10 km, 4000 m) to (0, 500 m): the dive starts
        // at 10 km to go, within 1 m at a 0.35 slope.
        let line = 500.0 + 3_500.0 * t.to_go / 10e3;
        assert!(
            (t.geo.alt_m - line).abs() < 0.5,
            "{} at {}",
            t.geo.alt_m,
            t.to_go
        );
    }
}

#[test]
fn level_terminal_descends_at_the_climb_limit_at_the_end() {
    // Cruise at 50 m onto a target at 0 m: descent starts 50·250/30 ≈ 417 m
    // out and runs at ~30 m/s.
    let start = Geodetic::new(10.0, 10.0, 50.0);
    let target = at(start.destination(10.0, 50e3), 0.0);
    let p = plan(
        vec![wp(start, 250.0), wp(target, 250.0)],
        true,
        Terminal::None,
    );
    let f = fly(&p, 0.1, 1e4);
    assert_eq!(f.end, EndReason::Impact);
    assert!(f.ticks.last().unwrap().ecef.distance(&target.to_ecef()) < 1e-6);
    assert!(
        f.ticks
            .iter()
            .filter(|t| t.to_go > 450.0)
            .all(|t| (t.geo.alt_m - 50.0).abs() < 1e-9)
    );
    let steepest = f.ticks.iter().map(|t| -t.vz).fold(0.0, f64::max);
    assert!((steepest - 30.0).abs() < 1.0, "{steepest}");
}

/// A 300 m/s, 3°/s (turn radius 5.7 km) route north that turns at `a`
/// toward a point `offset` east of it, then flies 30 km north.
fn abeam_route(offset: f64) -> (RoutePlan, Geodetic, Geodetic) {
    let start = Geodetic::new(40.0, 20.0, 1_000.0);
    let a = start.destination(0.0, 50e3);
    let side = a.destination(90.0, offset);
    let end = side.destination(0.0, 30e3);
    let mut p = plan(
        vec![
            wp(start, 300.0),
            wp(a, 300.0),
            wp(side, 300.0),
            wp(end, 300.0),
        ],
        false,
        Terminal::None,
    );
    p.max_turn_rate_dps = 3.0;
    (p, side, end)
}

#[test]
fn close_waypoint_inside_the_turning_circle_is_flown_by() {
    // 2 km abeam, within one turn radius: no bounded arc reaches it, and
    // the threat is flying past it, so it is sequenced and the route goes on.
    let (p, side, end) = abeam_route(2e3);
    let f = fly(&p, 0.5, 1_000.0);
    assert_eq!(f.end, EndReason::RouteComplete);
    let side_e = side.to_ecef();
    assert!(f.ticks.iter().all(|t| t.ecef.distance(&side_e) > 1e3));
    assert!(
        f.ticks
            .last()
            .unwrap()
            .ecef
            .distance(&at(end, 1_000.0).to_ecef())
            < 1e-6
    );
}

#[test]
fn far_waypoint_inside_the_turning_circle_is_come_back_to() {
    // 8 km abeam: inside the turning circle (2R = 11.5 km) but farther than
    // one radius. The threat flies on, turns back and reaches it, then ends
    // on the last waypoint; two full turns at most.
    let (p, side, end) = abeam_route(8e3);
    let f = fly(&p, 0.5, 1_000.0);
    assert_eq!(f.end, EndReason::RouteComplete);
    let side_e = side.to_ecef();
    let closest = f
        .ticks
        .iter()
        .map(|t| t.ecef.distance(&side_e))
        .fold(f64::INFINITY, f64::min);
    assert!(closest <= 300.0 * 0.5, "{closest}");
    assert!(
        f.ticks
            .last()
            .unwrap()
            .ecef
            .distance(&at(end, 1_000.0).to_ecef())
            < 1e-6
    );
    assert!(
        f.time_s < (50e3 + 8e3 + 30e3) / 300.0 + 240.0,
        "{}",
        f.time_s
    );
}

#[test]
fn target_inside_the_turning_circle_is_come_back_to() {
    // The target sits 2 km abeam of the last turn point: the missile flies
    // on, turns back (radius 2.9 km at 250 m/s and 5°/s) and hits it.
    let start = Geodetic::new(40.0, 20.0, 50.0);
    let a = start.destination(0.0, 50e3);
    let target = at(a.destination(90.0, 2e3), 50.0);
    let p = plan(
        vec![wp(start, 250.0), wp(a, 250.0), wp(target, 250.0)],
        true,
        Terminal::None,
    );
    let f = fly(&p, 0.2, 1_000.0);
    assert_eq!(f.end, EndReason::Impact);
    assert!(f.ticks.last().unwrap().ecef.distance(&target.to_ecef()) < 1e-6);
    // 50 km plus a loop of at most a few turning circles.
    assert!(f.time_s < (50e3 + 8.0 * 2.9e3) / 250.0, "{}", f.time_s);
}

#[test]
fn rejects_bad_plans() {
    let a = Geodetic::new(10.0, 10.0, 0.0);
    let b = a.destination(0.0, 10e3);
    let good = plan(vec![wp(a, 100.0), wp(b, 100.0)], true, Terminal::None);
    assert!(RouteMover::new(good.clone()).is_ok());
    let err = |f: &dyn Fn(&mut RoutePlan)| {
        let mut p = good.clone();
        f(&mut p);
        RouteMover::new(p).unwrap_err()
    };
    assert_eq!(
        err(&|p| p.waypoints.truncate(1)),
        MotionError::TooFewWaypoints { count: 1 }
    );
    assert!(matches!(
        err(&|p| p.waypoints[1].pos.lat_deg = 95.0),
        MotionError::InvalidPosition { index: Some(1), .. }
    ));
    assert!(matches!(
        err(&|p| p.waypoints[0].pos.alt_m = f64::NAN),
        MotionError::InvalidPosition { index: Some(0), .. }
    ));
    assert!(matches!(
        err(&|p| p.waypoints[0].pos.lon_deg = f64::INFINITY),
        MotionError::InvalidPosition { .. }
    ));
    for bad in [0.0, -5.0, f64::NAN, f64::INFINITY] {
        assert!(matches!(
            err(&|p| p.waypoints[1].speed_mps = bad),
            MotionError::InvalidSpeed { index: 1, .. }
        ));
        assert!(matches!(
            err(&|p| p.max_turn_rate_dps = bad),
            MotionError::InvalidLimit {
                name: "max_turn_rate_dps",
                ..
            }
        ));
        assert!(matches!(
            err(&|p| p.max_climb_mps = bad),
            MotionError::InvalidLimit {
                name: "max_climb_mps",
                ..
            }
        ));
        assert!(matches!(
            err(&|p| p.max_accel_mps2 = bad),
            MotionError::InvalidLimit {
                name: "max_accel_mps2",
                ..
            }
        ));
        assert!(matches!(
            err(&|p| p.terminal = Terminal::Dive {
                start_distance_m: bad
            }),
            MotionError::InvalidTerminal {
                name: "start_distance_m",
                ..
            }
        ));
    }
    let popup = |height_m| Terminal::PopUp {
        height_m,
        start_distance_m: 1e3,
    };
    assert!(matches!(
        err(&|p| p.terminal = popup(-1.0)),
        MotionError::InvalidTerminal {
            name: "height_m",
            ..
        }
    ));
    assert!(matches!(
        err(&|p| p.terminal = popup(f64::NAN)),
        MotionError::InvalidTerminal { .. }
    ));
}

/// A random route: 2–5 waypoints, legs up to 80 km, heights to 10 km.
fn arb_plan() -> impl Strategy<Value = RoutePlan> {
    let leg = (0.0f64..360.0, 0.0f64..80e3, 0.0f64..10e3, 50.0f64..1_000.0);
    (
        (
            -60.0f64..60.0,
            -180.0f64..180.0,
            0.0f64..10e3,
            50.0f64..1_000.0,
        ),
        prop::collection::vec(leg, 1..5),
        (1.0f64..30.0, 1.0f64..200.0, 0.5f64..50.0),
        any::<bool>(),
        (0u8..3, 0.0f64..3e3, 1.0f64..30e3),
    )
        .prop_map(
            |(first, legs, (turn, climb, accel), impact, (kind, h, d))| {
                let mut pos = Geodetic::new(first.0, first.1, first.2);
                let mut waypoints = vec![wp(pos, first.3)];
                for (az, dist, alt, speed) in legs {
                    pos = at(pos.destination(az, dist), alt);
                    waypoints.push(wp(pos, speed));
                }
                let terminal = match kind {
                    0 => Terminal::None,
                    1 => Terminal::PopUp {
                        height_m: h,
                        start_distance_m: d,
                    },
                    _ => Terminal::Dive {
                        start_distance_m: d,
                    },
                };
                RoutePlan {
                    waypoints,
                    max_turn_rate_dps: turn,
                    max_climb_mps: climb,
                    max_accel_mps2: accel,
                    terminal,
                    impact_at_end: impact,
                }
            },
        )
}

/// A generous bound on the flight time: the legs at half the slowest speed
/// (60° path-angle guard), plus two full turns per waypoint, plus the time
/// to change speed.
fn time_bound(p: &RoutePlan) -> f64 {
    let w = &p.waypoints;
    let length: f64 = w
        .windows(2)
        .map(|x| x[0].pos.geodesic_to(&x[1].pos).distance_m)
        .sum();
    let v_min = w.iter().map(|x| x.speed_mps).fold(f64::INFINITY, f64::min);
    2.0 * length / v_min
        + w.len() as f64 * 720.0 / p.max_turn_rate_dps
        + 1_000.0 / p.max_accel_mps2
        + 60.0
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn any_route_ends_within_its_limits(p in arb_plan(), dt in prop::sample::select(vec![0.1, 0.5, 1.0])) {
        let f = fly(&p, dt, time_bound(&p));
        let last = p.waypoints.last().unwrap();
        let turn = p.max_turn_rate_dps.to_radians() * dt;
        let m0 = RouteMover::new(p.clone()).unwrap();
        let mut prev = Tick {
            geo: m0.geodetic(),
            ecef: m0.position(),
            speed: m0.speed,
            heading: m0.heading,
            vz: 0.0,
            to_go: 0.0,
        };
        for t in &f.ticks {
            // Speed changes by at most a·dt per tick.
            prop_assert!((t.speed - prev.speed).abs() <= p.max_accel_mps2 * dt * (1.0 + 1e-9));
            // Heading turns by at most ω·dt, plus the geodesic's own
            // azimuth change (< 1e-3 rad for a 1 km step below 60° latitude).
            prop_assert!(wrap_pi(t.heading - prev.heading).abs() <= turn + 1e-3);
            // Outside a terminal manoeuvre the height changes by at most
            // max_climb·dt per tick.
            let climb = (t.geo.alt_m - prev.geo.alt_m).abs();
            if !p.impact_at_end {
                prop_assert!(climb <= p.max_climb_mps * dt * (1.0 + 1e-9) + 1e-9, "{climb}");
            }
            prev = *t;
        }
        let end = f.ticks.last().unwrap();
        if p.impact_at_end {
            // Impacts land exactly on the target.
            prop_assert_eq!(f.end, EndReason::Impact);
            prop_assert!(end.ecef.distance(&last.pos.to_ecef()) < 1e-3);
        } else {
            // Routes end on the last waypoint, or fly by it within one turn
            // radius (at the step's mean speed, up to a·dt/2 above the
            // final one).
            prop_assert_eq!(f.end, EndReason::RouteComplete);
            let v = end.speed + 0.5 * p.max_accel_mps2 * dt;
            let radius = v / p.max_turn_rate_dps.to_radians();
            prop_assert!(end.to_go <= radius, "{} vs {radius}", end.to_go);
        }
    }
}
