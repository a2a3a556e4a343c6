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
//! Second case, `dense`: the engine's use of the tracker, central fusion of many radars
//! over a dense raid picture, one `process_scan` per radar scan with that radar's converted reports and a
//! `Coverage::Custom` closure.
//!
//! 3000 targets fly straight in raids of 10 (members within ±1.5 km of their leader, one
//! velocity per raid, 150–300 m/s, 1–10 km altitude) over a 400 km × 400 km square. Sixteen
//! radars on a 4 × 4 grid 100 km apart, each 80 km range (σ 30 m, 2 mrad), scan in turn,
//! one every 0.25 s (each revisits every 4 s); a scan reports each target in its range with
//! Pd = 0.9, plus 5 false reports, about 300 reports per scan. Reports are converted with
//! the debiased conversion in the radar's frame, as `canopy-engine` does. The tracker is
//! the engine's (CV, q = 40, 1500 m/s initial velocity spread, 30 s coast, GNN).
//!
//! After 80 warm-up scans (5 revisits per radar), 800 scans (200 s) are timed one by one (wall and
//! thread CPU time). The checksum hashes every track's id and estimate bits at the end, so
//! two builds can be compared for bit-identical results (the planar case prints one too).
//!
//! `CANOPY_BENCH_CASE=planar` or `dense` runs one case only (default: both).
//!
//! ```text
//! cargo bench -p canopy-tracking --bench tracker
//! CANOPY_BENCH_CASE=dense cargo bench -p canopy-tracking --bench tracker
//! CANOPY_BENCH_TARGETS=10000 CANOPY_BENCH_SCANS=12 cargo bench -p canopy-tracking --bench tracker
//! ```

use std::time::Instant;

use canopy_tracking::sim::{PlanarSpec, planar_scenario};
use canopy_tracking::{
    Association, CartesianPosition, Coverage, ImmConfig, Measurement, MeasurementModel,
    MotionConfig, RangeAzEl, SensorScan, Space, Tracker, TrackerConfig,
};
use nalgebra::Vector3;
use rand::{RngExt, SeedableRng};
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

/// The planar 100 000-target case.
fn planar() {
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
        println!("  checksum {name}: {:016x}", checksum(&tracker));
    }
}

const DENSE_TARGETS: usize = 3000;
const RAID: usize = 10;
const HALF_WIDTH_M: f64 = 200_000.0;
const RADAR_RANGE_M: f64 = 80_000.0;
const SCAN_PERIOD_S: f64 = 0.25;
const WARMUP: usize = 80;
const TIMED: usize = 800;
const FALSE_PER_SCAN: usize = 5;
const PD: f64 = 0.9;

/// FNV-1a over a stream of 64-bit words.
fn fnv(hash: &mut u64, word: u64) {
    for b in word.to_le_bytes() {
        *hash ^= u64::from(b);
        *hash = hash.wrapping_mul(0x100_0000_01b3);
    }
}

/// Hash of the track picture: ids, status and every estimate bit.
fn checksum(tracker: &Tracker) -> u64 {
    let mut h = 0xcbf2_9ce4_8422_2325;
    for t in tracker.tracks() {
        fnv(&mut h, t.id().0);
        fnv(&mut h, u64::from(t.is_confirmed()));
        let s = t.state();
        fnv(&mut h, s.time_s.to_bits());
        for v in s.position.iter().chain(s.velocity.iter()) {
            fnv(&mut h, v.to_bits());
        }
        for v in s.covariance.iter() {
            fnv(&mut h, v.to_bits());
        }
    }
    h
}

/// The dense multi-radar case (see the crate-level comment).
fn dense() {
    let mut rng = ChaCha8Rng::seed_from_u64(7);
    let mut targets: Vec<(Vector3<f64>, Vector3<f64>)> = Vec::with_capacity(DENSE_TARGETS);
    for _ in 0..DENSE_TARGETS / RAID {
        let centre = Vector3::new(
            rng.random_range(-HALF_WIDTH_M..HALF_WIDTH_M),
            rng.random_range(-HALF_WIDTH_M..HALF_WIDTH_M),
            rng.random_range(1_000.0..10_000.0),
        );
        let speed = rng.random_range(150.0..300.0);
        let heading: f64 = rng.random_range(0.0..std::f64::consts::TAU);
        let velocity = Vector3::new(speed * heading.sin(), speed * heading.cos(), 0.0);
        for _ in 0..RAID {
            let offset = Vector3::new(
                rng.random_range(-1_500.0..1_500.0),
                rng.random_range(-1_500.0..1_500.0),
                rng.random_range(-300.0..300.0),
            );
            targets.push((centre + offset, velocity));
        }
    }
    let radars: Vec<Vector3<f64>> = (0..16)
        .map(|k| {
            let (i, j) = ((k % 4) as f64, (k / 4) as f64);
            Vector3::new(-150_000.0 + 100_000.0 * i, -150_000.0 + 100_000.0 * j, 20.0)
        })
        .collect();
    let (sigma_r, sigma_a) = (30.0, 0.002);
    let max_elevation = 1.2_f64;
    let volume = 2.0 / 3.0 * std::f64::consts::PI * RADAR_RANGE_M.powi(3);
    let clutter_density = FALSE_PER_SCAN as f64 / volume;
    let scans = WARMUP + TIMED;
    // Pre-generate every scan's measurements so the timed loop runs the tracker only.
    let mut data: Vec<(f64, usize, Vec<Measurement>)> = Vec::with_capacity(scans);
    let model = RangeAzEl::new(Vector3::zeros(), sigma_r, sigma_a, sigma_a).expect("sigmas > 0");
    let noise = |rng: &mut ChaCha8Rng, s: f64| {
        // Box–Muller, one normal draw.
        let u1: f64 = rng.random_range(f64::MIN_POSITIVE..1.0);
        let u2: f64 = rng.random_range(0.0..1.0);
        s * (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos()
    };
    for scan in 0..scans {
        let time_s = scan as f64 * SCAN_PERIOD_S;
        let radar = scan % radars.len();
        let origin = radars[radar];
        let mut reports = Vec::new();
        for (p0, v) in &targets {
            let d = p0 + v * time_s - origin;
            if d.norm() > RADAR_RANGE_M || rng.random_range(0.0..1.0) > PD {
                continue;
            }
            let rae = model.measure(&d).expect("not overhead");
            reports.push(Vector3::new(
                rae[0] + noise(&mut rng, sigma_r),
                rae[1] + noise(&mut rng, sigma_a),
                rae[2] + noise(&mut rng, sigma_a),
            ));
        }
        for _ in 0..FALSE_PER_SCAN {
            reports.push(Vector3::new(
                rng.random_range(1_000.0..RADAR_RANGE_M),
                rng.random_range(0.0..std::f64::consts::TAU),
                rng.random_range(0.0..0.2),
            ));
        }
        let measurements = reports
            .iter()
            .filter_map(|rae| {
                let (p, cart) = model.convert_debiased(rae).ok()?;
                Some(Measurement::Position {
                    value: origin + p,
                    sensor: CartesianPosition::new(*cart.noise()).ok()?,
                })
            })
            .collect();
        data.push((time_s, radar, measurements));
    }
    let mean_reports =
        data[WARMUP..].iter().map(|d| d.2.len()).sum::<usize>() as f64 / TIMED as f64;

    let mut tracker = Tracker::new(TrackerConfig {
        motion: MotionConfig::ConstantVelocity { q: [40.0; 3] },
        initial_velocity_std_mps: 1_500.0,
        max_coast_s: 30.0,
        association: Association::Gnn,
        ..TrackerConfig::default()
    })
    .expect("valid config");
    let (mut wall, mut cpu) = (Vec::new(), Vec::new());
    let mut tracks_timed = 0usize;
    for (scan, (time_s, radar, measurements)) in data.iter().enumerate() {
        let origin = radars[*radar];
        // A coverage test of the engine's shape: range, elevation limit and a horizon.
        let covers = |p: &Vector3<f64>| {
            let d = p - origin;
            let slant = d.norm();
            slant <= RADAR_RANGE_M
                && d.z.atan2(d.xy().norm()) <= max_elevation
                && slant <= (2.0 * 8_500_000.0 * (p.z.max(0.0) + 1_000.0)).sqrt() + 20_000.0
        };
        let c0 = thread_cpu_ns();
        let w0 = Instant::now();
        tracker
            .process_scan(
                *time_s,
                &SensorScan {
                    sensor_id: *radar as u32,
                    measurements,
                    detection_probability: PD,
                    clutter_density,
                    coverage: Coverage::Custom(&covers),
                },
            )
            .expect("scan processed");
        if scan >= WARMUP {
            wall.push(w0.elapsed().as_secs_f64() * 1e3);
            let c = c0.zip(thread_cpu_ns()).map(|(a, b)| (b - a) as f64 * 1e-6);
            cpu.push(c.unwrap_or(f64::NAN));
            tracks_timed += tracker.tracks().count();
        }
    }
    println!(
        "dense: {DENSE_TARGETS} targets in raids of {RAID}, 16 radars, {mean_reports:.0} reports/scan, {:.0} tracks/scan on average, {TIMED} timed scans",
        tracks_timed as f64 / TIMED as f64
    );
    println!();
    println!(
        "| case | median ms/scan wall (CPU) | mean ms/scan wall (CPU) | confirmed at end | tracks at end | checksum |"
    );
    println!("|---|---|---|---|---|---|");
    println!(
        "| dense GNN, CV, converted RAE | {:.3} ({:.3}) | {:.3} ({:.3}) | {} | {} | {:016x} |",
        median(wall.clone()),
        median(cpu.clone()),
        wall.iter().sum::<f64>() / TIMED as f64,
        cpu.iter().sum::<f64>() / TIMED as f64,
        tracker.confirmed().count(),
        tracker.tracks().count(),
        checksum(&tracker),
    );
}

fn main() {
    let case = std::env::var("CANOPY_BENCH_CASE").unwrap_or_default();
    if case.is_empty() || case == "planar" {
        planar();
    }
    if case.is_empty() || case == "dense" {
        dense();
    }
}
