//! Cost of one `Mover::advance` for route and ballistic threats, and the
//! peer comparison the route model was designed against: stepping with
//! geographiclib (one inverse for steering plus one direct for the step per
//! tick, via `canopy_core::geo::Geodetic`).
//!
//! Run: `cargo bench -p canopy-motion --bench advance`. Prints a table of
//! medians over repetitions; results are recorded in
//! docs/bench/canopy-motion.md.

use canopy_core::geo::Geodetic;
use canopy_motion::{
    BallisticPlan, BallisticShape, Mover, Plan, RoutePlan, Status, Terminal, Waypoint,
};
use std::hint::black_box;
use std::time::Instant;

const REPEATS: usize = 7;
const MOVERS: usize = 200;

fn median(mut xs: Vec<f64>) -> f64 {
    xs.sort_by(f64::total_cmp);
    xs[xs.len() / 2]
}

/// A cruise missile on a 2 000 km zig-zag at 30 m.
fn cruise(speed: f64) -> Plan {
    let mut pos = Geodetic::new(40.0, 30.0, 30.0);
    let mut waypoints = vec![Waypoint {
        pos,
        speed_mps: speed,
    }];
    for k in 0..10 {
        pos = pos.destination(if k % 2 == 0 { 60.0 } else { 120.0 }, 200e3);
        waypoints.push(Waypoint {
            pos,
            speed_mps: speed,
        });
    }
    Plan::Route(RoutePlan {
        waypoints,
        max_turn_rate_dps: 4.0,
        max_climb_mps: 30.0,
        max_accel_mps2: 10.0,
        terminal: Terminal::None,
        impact_at_end: true,
    })
}

/// A 1 000 km minimum-energy ballistic missile (flight ≈ 530 s).
fn ballistic() -> Plan {
    let launch = Geodetic::new(30.0, 50.0, 0.0);
    Plan::Ballistic(BallisticPlan {
        launch,
        aim: launch.destination(20.0, 1_000e3),
        shape: BallisticShape::MinimumEnergy,
    })
}

/// Median ns per `advance` over `ticks` ticks of `MOVERS` movers.
fn ns_per_advance(plan: &Plan, dt: f64, ticks: usize) -> f64 {
    let runs = (0..REPEATS)
        .map(|_| {
            let mut movers: Vec<Mover> = (0..MOVERS)
                .map(|_| Mover::new(plan.clone()).expect("valid plan"))
                .collect();
            let t0 = Instant::now();
            for _ in 0..ticks {
                for m in &mut movers {
                    black_box(m.advance(black_box(dt)));
                }
            }
            let ns = t0.elapsed().as_nanos() as f64 / (ticks * MOVERS) as f64;
            assert!(movers.iter().all(|m| m.status() == Status::Flying));
            ns
        })
        .collect();
    median(runs)
}

/// The geographiclib peer: a straight leg flown by steering with the
/// geodesic inverse and stepping with the geodesic direct every tick.
fn peer_straight(start: Geodetic, end: Geodetic, speed: f64, dt: f64, ticks: usize) -> Geodetic {
    let mut pos = start;
    for _ in 0..ticks {
        let az = pos.geodesic_to(&end).azimuth_deg;
        pos = pos.destination(az, speed * dt);
    }
    pos
}

fn main() {
    println!("canopy-motion advance, median of {REPEATS} runs, {MOVERS} movers");
    println!("{:<44} {:>6} {:>12}", "case", "dt s", "ns/advance");
    let cases: [(&str, Plan, f64, usize); 6] = [
        ("route, subsonic cruise 250 m/s", cruise(250.0), 0.1, 2_000),
        ("route, subsonic cruise 250 m/s", cruise(250.0), 1.0, 2_000),
        (
            "route, supersonic cruise 950 m/s",
            cruise(950.0),
            0.1,
            2_000,
        ),
        (
            "route, supersonic cruise 950 m/s",
            cruise(950.0),
            1.0,
            1_500,
        ),
        ("ballistic 1000 km min-energy", ballistic(), 0.1, 4_000),
        ("ballistic 1000 km min-energy", ballistic(), 1.0, 400),
    ];
    for (name, plan, dt, ticks) in &cases {
        println!(
            "{name:<44} {dt:>6} {:>12.1}",
            ns_per_advance(plan, *dt, *ticks)
        );
    }

    // Peer: the same straight 500 km leg at 950 m/s, 1 s ticks.
    let start = Geodetic::new(40.0, 30.0, 30.0);
    let end = start.destination(60.0, 600e3);
    let (speed, dt, ticks) = (950.0, 1.0, 526);
    let leg = Plan::Route(RoutePlan {
        waypoints: vec![
            Waypoint {
                pos: start,
                speed_mps: speed,
            },
            Waypoint {
                pos: end,
                speed_mps: speed,
            },
        ],
        max_turn_rate_dps: 4.0,
        max_climb_mps: 30.0,
        max_accel_mps2: 10.0,
        terminal: Terminal::None,
        impact_at_end: false,
    });
    let ours = ns_per_advance(&leg, dt, ticks);
    let peer = median(
        (0..REPEATS)
            .map(|_| {
                let t0 = Instant::now();
                for _ in 0..MOVERS / 10 {
                    black_box(peer_straight(black_box(start), end, speed, dt, ticks));
                }
                t0.elapsed().as_nanos() as f64 / (ticks * MOVERS / 10) as f64
            })
            .collect(),
    );
    println!(
        "{:<44} {dt:>6} {ours:>12.1}",
        "straight leg 950 m/s, canopy-motion"
    );
    println!(
        "{:<44} {dt:>6} {peer:>12.1}",
        "straight leg 950 m/s, geographiclib step"
    );
    println!("ratio geographiclib / canopy-motion: {:.2}", peer / ours);

    // Accuracy of both against the exact geodesic point at the distance each
    // flew: geographiclib steps measure ground distance; canopy-motion flies
    // its speed at the 30 m height, so its ground distance is scaled by
    // R/(R + 30).
    let mut m = Mover::new(leg).expect("valid plan");
    for _ in 0..ticks {
        m.advance(dt);
    }
    let flown = speed * dt * ticks as f64;
    let az = start.geodesic_to(&end).azimuth_deg;
    let ours_exact = start.destination(az, flown * 6_371_000.0 / (6_371_000.0 + 30.0));
    let peer_exact = start.destination(az, flown);
    let peer_end = peer_straight(start, end, speed, dt, ticks);
    println!(
        "distance from the exact geodesic point after {:.1} km: canopy-motion {:.3} m, geographiclib step {:.3} m",
        flown / 1e3,
        m.geodetic().geodesic_to(&ours_exact).distance_m,
        peer_end.geodesic_to(&peer_exact).distance_m,
    );
}
