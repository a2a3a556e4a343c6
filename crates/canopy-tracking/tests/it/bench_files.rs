//! The committed peer-benchmark fixture (`bench/tracking/fixtures/small`, made by
//! `bench/tracking/make_fixtures.sh` with gen_scenario.py, run_stonesoup.py and score.py):
//! readers for its CSV and JSON files, and the planar tracker run the way `canopy track`
//! runs it.

use std::collections::BTreeMap;
use std::path::PathBuf;

use canopy_tracking::metrics::Step;
use canopy_tracking::{
    Association, CartesianPosition, Coverage, Measurement, MotionConfig, SensorScan, Space,
    Tracker, TrackerConfig,
};
use nalgebra::Vector3;

/// A file of the small fixture.
pub fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../bench/tracking/fixtures/small")
        .join(name)
}

/// Rows of a CSV file as `column name → value` (numbers only).
pub fn read_csv(name: &str) -> Vec<BTreeMap<String, f64>> {
    let text = std::fs::read_to_string(fixture(name)).expect("fixture exists");
    let mut lines = text.lines();
    let header: Vec<String> = lines
        .next()
        .expect("header")
        .split(',')
        .map(str::to_string)
        .collect();
    lines
        .map(|l| {
            header
                .iter()
                .cloned()
                .zip(l.split(',').map(|v| v.parse::<f64>().expect("number")))
                .collect()
        })
        .collect()
}

/// A JSON file of the fixture.
pub fn read_json(name: &str) -> serde_json::Value {
    serde_json::from_str(&std::fs::read_to_string(fixture(name)).expect("fixture exists"))
        .expect("valid JSON")
}

/// Labelled points of a truth or tracks file grouped by time in microseconds, as
/// score.py groups them.
pub fn points(name: &str, id: &str) -> BTreeMap<i64, Vec<(i64, [f64; 2])>> {
    let mut out: BTreeMap<i64, Vec<(i64, [f64; 2])>> = BTreeMap::new();
    for r in read_csv(name) {
        out.entry((r["time_s"] * 1e6).round() as i64)
            .or_default()
            .push((r[id] as i64, [r["x_m"], r["y_m"]]));
    }
    out
}

/// Scoring steps: every truth time after `skip` (at most `steps` of them) with the
/// tracks reported at that time.
pub fn steps(
    truth: &BTreeMap<i64, Vec<(i64, [f64; 2])>>,
    tracks: &BTreeMap<i64, Vec<(i64, [f64; 2])>>,
    skip: usize,
    steps: usize,
) -> Vec<Step<2>> {
    truth
        .iter()
        .skip(skip)
        .take(steps)
        .map(|(&t, pts)| Step {
            time_s: t as f64 * 1e-6,
            truth: pts.clone(),
            tracks: tracks.get(&t).cloned().unwrap_or_default(),
        })
        .collect()
}

/// Runs the planar tracker on the fixture's detections with the scenario's σ, q, Pd and
/// clutter density, and returns the confirmed tracks of every scan grouped by time.
pub fn run_tracker(
    association: Association,
    motion: Option<MotionConfig>,
) -> BTreeMap<i64, Vec<(i64, [f64; 2])>> {
    let scenario = read_json("scenario.json");
    let num = |k: &str| scenario[k].as_f64().expect("number");
    let (sigma, q) = (num("meas_sigma_m"), num("process_noise_q_m2ps3"));
    let mut tracker = Tracker::new(TrackerConfig {
        space: Space::Planar,
        motion: motion.unwrap_or(MotionConfig::ConstantVelocity { q: [q, q, 0.0] }),
        association,
        ..TrackerConfig::default()
    })
    .expect("valid config");
    let sensor = CartesianPosition::isotropic(sigma).expect("sigma > 0");
    let mut scans: BTreeMap<i64, Vec<Measurement>> = BTreeMap::new();
    for s in 0..num("scans") as i64 {
        scans.insert(s, Vec::new());
    }
    for r in read_csv("detections.csv") {
        scans
            .entry(r["scan"] as i64)
            .or_default()
            .push(Measurement::Position {
                value: Vector3::new(r["x_m"], r["y_m"], 0.0),
                sensor,
            });
    }
    let mut out = BTreeMap::new();
    for (s, m) in &scans {
        let t = *s as f64 * num("scan_period_s");
        tracker
            .process_scan(
                t,
                &SensorScan {
                    sensor_id: 0,
                    measurements: m,
                    detection_probability: num("pd"),
                    clutter_density: num("clutter_spatial_density_per_m2"),
                    coverage: Coverage::Everywhere,
                },
            )
            .expect("scan processed");
        // Rounded to the millimetre as tracks.csv stores them.
        let rows = tracker
            .confirmed()
            .map(|tr| {
                let p = tr.filter().position();
                (
                    tr.id().0 as i64,
                    [(p[0] * 1e3).round() / 1e3, (p[1] * 1e3).round() / 1e3],
                )
            })
            .collect();
        out.insert((t * 1e6).round() as i64, rows);
    }
    out
}
