//! Cost of flying interceptors: 3-DOF flights (integration steps per second and wall time per
//! simulated second of flight, and the miss, so a speed-up that changes results shows), the
//! planning table and the linear Zarchan harness.
//! Run: `cargo bench -p canopy-flyout --bench flyout`. Prints medians over repeated runs.

use std::hint::black_box;
use std::time::Instant;

use canopy_flyout::linear::{self, FlightControl, LinearEngagement};
use canopy_flyout::{
    Atmosphere, FlightEvent, FlyoutTable, FlyoutTableConfig, Integrator, Interceptor,
    InterceptorParams, Loft, Midcourse, TargetEstimate,
};
use nalgebra::Vector3;

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

/// Times `f` `runs` times and returns the median seconds per call.
fn time_it<T>(runs: usize, mut f: impl FnMut() -> T) -> f64 {
    median(
        (0..runs)
            .map(|_| {
                let start = Instant::now();
                black_box(f());
                start.elapsed().as_secs_f64()
            })
            .collect(),
    )
}

/// Launcher on the equator at sea level; "up" is +x, "east" +y, "north" +z.
fn launcher() -> Vector3<f64> {
    Vector3::new(6_378_147.0, 0.0, 0.0)
}

/// Head-on aircraft 60 km east at 8 km, 300 m/s: a ~44 s flight.
fn head_on(t: f64) -> TargetEstimate {
    cv_target(
        Vector3::new(8_000.0, 60_000.0, 0.0),
        Vector3::new(0.0, -300.0, 0.0),
        t,
    )
}

/// Crossing aircraft at 10 km, 50 km east and 20 km south, flying north at 250 m/s: it passes
/// abeam of the launcher mid-flight, so the round turns across the line of sight.
fn crossing(t: f64) -> TargetEstimate {
    cv_target(
        Vector3::new(10_000.0, 50_000.0, -20_000.0),
        Vector3::new(0.0, 0.0, 250.0),
        t,
    )
}

/// Constant-velocity target at `offset` (up, east, north) from the launcher at t = 0.
fn cv_target(offset: Vector3<f64>, v: Vector3<f64>, t: f64) -> TargetEstimate {
    TargetEstimate {
        position: launcher() + offset + v * t,
        velocity: v,
        time_s: t,
    }
}

/// One full engagement with a 100 ms engine tick, guided on the exact target;
/// returns (simulated seconds, integration steps, miss distance in m or NaN if no pass).
fn fly(params: &InterceptorParams, target: fn(f64) -> TargetEstimate) -> (f64, f64, f64) {
    let mut m = Interceptor::launch(params.clone(), launcher(), Vector3::x(), 0.0).expect("valid");
    loop {
        let event = m.step(0.1, Some(&target(m.time_s()))).expect("valid");
        if event.is_terminal() {
            let t = m.flight_time_s();
            let miss = match event {
                FlightEvent::TargetPassed(ca) => ca.miss_m,
                _ => f64::NAN,
            };
            return (t, (t / params.integration_step_s).ceil(), miss);
        }
    }
}

fn main() {
    let base = InterceptorParams {
        midcourse: Midcourse::PredictedInterceptPoint {
            seeker_range_m: 15e3,
            heading_time_constant_s: 1.0,
        },
        ..InterceptorParams::notional_long_range()
    };
    println!(
        "| case | runs | simulated s / flight | steps / flight | miss (m) | median wall / flight | steps/s | wall µs per simulated s |"
    );
    println!("|---|---|---|---|---|---|---|---|");
    let variants = [
        (
            "3-DOF, US 1976, τ = 0.1 s, head-on",
            base.clone(),
            head_on as fn(f64) -> TargetEstimate,
            201,
        ),
        (
            "3-DOF, US 1976, τ = 0.1 s, crossing",
            base.clone(),
            crossing,
            1_001,
        ),
        (
            "3-DOF, exponential atmosphere, head-on",
            InterceptorParams {
                environment: canopy_flyout::Environment {
                    atmosphere: Atmosphere::STANDARD_EXPONENTIAL,
                    ..base.environment
                },
                ..base.clone()
            },
            head_on,
            201,
        ),
        (
            "3-DOF, ideal autopilot (τ = 0), head-on",
            InterceptorParams {
                autopilot_time_constant_s: 0.0,
                ..base.clone()
            },
            head_on,
            201,
        ),
    ];
    for (name, params, target, runs) in variants {
        let (sim_s, steps, miss) = fly(&params, target);
        let wall = time_it(runs, || fly(&params, target));
        println!(
            "| {name} | {runs} | {sim_s:.2} | {steps:.0} | {miss:.3e} | {:.3} ms | {:.2e} | {:.1} |",
            wall * 1e3,
            steps / wall,
            wall / sim_s * 1e6
        );
    }

    let build = time_it(11, || {
        FlyoutTable::build(&base, FlyoutTableConfig::default()).expect("valid")
    });
    let lofted = InterceptorParams {
        midcourse: Midcourse::Loft(Loft::notional(0.5)),
        ..base.clone()
    };
    let lofted_build = time_it(5, || {
        FlyoutTable::build(&lofted, FlyoutTableConfig::default()).expect("valid")
    });
    let table = FlyoutTable::build(&base, FlyoutTableConfig::default()).expect("valid");
    let pip = time_it(1_001, || {
        table.predict_intercept(&launcher(), &head_on(0.0), 0.0)
    });
    let reach = time_it(10_001, || {
        table.time_to_reach(black_box(40e3), black_box(9e3))
    });
    println!();
    println!("| planning call | median |");
    println!("|---|---|");
    println!(
        "| FlyoutTable::build (19 rays × 180 s, 10 ms steps) | {:.2} ms |",
        build * 1e3
    );
    println!(
        "| FlyoutTable::build, lofted (19 rays, one fast flight per 2 km of slant range) | {:.1} ms |",
        lofted_build * 1e3
    );
    println!("| FlyoutTable::predict_intercept | {:.1} µs |", pip * 1e6);
    println!("| FlyoutTable::time_to_reach | {:.0} ns |", reach * 1e9);

    // Same loop as reference_values.py `pn_linear_miss(3, 5.0, tau=1.0, n_t=1.0)`: RK2, 1 ms.
    let case = LinearEngagement {
        nav_ratio: 3.0,
        closing_speed: 1.0,
        missile_speed: 1.0,
        flight_time_s: 5.0,
        heading_error_rad: 0.0,
        target_accel: 1.0,
        flight_control: FlightControl::SingleLag {
            time_constant_s: 1.0,
        },
        step_s: 1e-3,
        integrator: Integrator::Rk2,
        record_history: false,
    };
    let lin = time_it(201, || {
        linear::simulate(black_box(&case)).expect("valid").miss
    });
    println!();
    println!("| linear harness | median | steps/s |");
    println!("|---|---|---|");
    println!(
        "| linear::simulate, single lag, RK2, 5000 steps | {:.1} µs | {:.2e} |",
        lin * 1e6,
        5_000.0 / lin
    );
}
