//! Tracker throughput at scale: 100 000 targets with clutter at one scan per second.
//!
//! The scenario follows `shared/bench/tracking/gen_scenario.py`'s model
//! (`canopy_tracking::sim`): NCV targets (q = 1 m²/s³, 50–250 m/s), σ = 30 m, Pd = 0.9,
//! Poisson clutter uniform over the square. 100 000 targets in a 1000 km × 1000 km square
//! (twice the target density of the peer benchmark's 500-target case) with 10 000 clutter
//! detections per scan. Every scan is timed (wall clock and the thread's CPU time from
//! `/proc/thread-self/schedstat`); the table gives the birth scan, the scans until every
//! target is confirmed, and the median and maximum of the steady-state scans.
//!
//! ```text
//! cargo bench -p canopy-tracking --bench tracker
//! CANOPY_BENCH_TARGETS=10000 CANOPY_BENCH_SCANS=12 cargo bench -p canopy-tracking --bench tracker
//! ```

use std::time::Instant;

use canopy_tracking::sim::{PlanarSpec, planar_scenario};
use canopy_tracking::{
    Association, CartesianPosition, Coverage, ImmConfig, Measurement, MotionConfig, SensorScan,
    Space, Tracker, TrackerConfig,
};
use nalgebra::Vector3;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

/// Thread CPU time (ns), if the system exposes it.
fn thread_cpu_ns() -> Option<u64> {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()?
        .split_whitespace()
        .next()?
        .parse()
        .ok()
}

/// An environment variable as a number, or `default`.
fn env_or(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// The median of a list.
fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn main() {
    let targets = env_or("CANOPY_BENCH_TARGETS", 100_000);
    let scans = env_or("CANOPY_BENCH_SCANS", 20).max(8);
    let spec = PlanarSpec {
        targets,
        scans,
        clutter_per_scan: 10_000.0 * targets as f64 / 100_000.0,
        half_width_m: 500_000.0 * (targets as f64 / 100_000.0).sqrt(),
        ..PlanarSpec::default()
    };
    let t0 = Instant::now();
    let data = planar_scenario(&spec, &mut ChaCha8Rng::seed_from_u64(1)).expect("valid spec");
    let sensor = CartesianPosition::isotropic(spec.sigma_m).expect("sigma > 0");
    let measurements: Vec<Vec<Measurement>> = data
        .iter()
        .map(|s| {
            s.detections
                .iter()
                .map(|d| Measurement::Position {
                    value: Vector3::new(d[0], d[1], 0.0),
                    sensor,
                })
                .collect()
        })
        .collect();
    let detections: usize = measurements.iter().map(Vec::len).sum();
    println!(
        "scenario: {targets} targets, {scans} scans of 1 s, {:.0} clutter/scan, {:.0} km square, {detections} detections (generated in {:.1} s)",
        spec.clutter_per_scan,
        2.0 * spec.half_width_m / 1e3,
        t0.elapsed().as_secs_f64()
    );
    println!();
    println!(
        "| tracker | scan 0 (births) ms | scans 1-4 max ms | steady median ms (CPU) | steady max ms (CPU) | confirmed at end | detections/s (steady, CPU) |"
    );
    println!("|---|---|---|---|---|---|---|");
    let q = spec.q;
    let variants = [
        (
            "GNN, CV",
            Association::Gnn,
            MotionConfig::ConstantVelocity { q: [q, q, 0.0] },
        ),
        (
            "JPDA, CV",
            Association::Jpda { max_events: 10_000 },
            MotionConfig::ConstantVelocity { q: [q, q, 0.0] },
        ),
        (
            "GNN, IMM",
            Association::Gnn,
            MotionConfig::TurnImm(ImmConfig {
                q_horizontal: q,
                q_vertical: 0.0,
                ..ImmConfig::default()
            }),
        ),
    ];
    for (name, association, motion) in variants {
        let mut tracker = Tracker::new(TrackerConfig {
            space: Space::Planar,
            motion,
            association,
            ..TrackerConfig::default()
        })
        .expect("valid config");
        let (mut wall, mut cpu) = (Vec::new(), Vec::new());
        for (scan, m) in data.iter().zip(&measurements) {
            let c0 = thread_cpu_ns();
            let w0 = Instant::now();
            tracker
                .process_scan(
                    scan.time_s,
                    &SensorScan {
                        sensor_id: 0,
                        measurements: m,
                        detection_probability: spec.pd,
                        clutter_density: spec.clutter_density(),
                        coverage: Coverage::Everywhere,
                    },
                )
                .expect("scan processed");
            wall.push(w0.elapsed().as_secs_f64() * 1e3);
            let c = c0.zip(thread_cpu_ns()).map(|(a, b)| (b - a) as f64 * 1e-6);
            cpu.push(c.unwrap_or(f64::NAN));
        }
        // Steady state: from scan 5 on every target has had the chance to confirm.
        let steady_cpu: Vec<f64> = cpu[5..].to_vec();
        let steady_wall: Vec<f64> = wall[5..].to_vec();
        let steady_dets: f64 = measurements[5..].iter().map(|m| m.len() as f64).sum();
        let cpu_total: f64 = steady_cpu.iter().sum();
        println!(
            "| {name} | {:.0} | {:.0} | {:.0} ({:.0}) | {:.0} ({:.0}) | {} | {:.0} |",
            wall[0],
            wall[1..5].iter().copied().fold(0.0, f64::max),
            median(steady_wall.clone()),
            median(steady_cpu.clone()),
            steady_wall.iter().copied().fold(0.0, f64::max),
            steady_cpu.iter().copied().fold(0.0, f64::max),
            tracker.confirmed().count(),
            steady_dets / (cpu_total * 1e-3),
        );
    }
}
