//! `canopy track`: run the multi-target tracker on a detections file of the peer benchmark
//! (`shared/bench/tracking/FORMAT.md`) and write the confirmed tracks of every scan.
//!
//! Also home of the small CSV reader `canopy score` shares: numeric columns picked by
//! header name, every problem reported as `file:line` with a hint.

use anyhow::{Context, Result, anyhow, bail};
use canopy_tracking::{
    Association, CartesianPosition, Coverage, ImmConfig, Measurement, MotionConfig, SensorScan,
    Space, Tracker, TrackerConfig,
};
use nalgebra::Vector3;
use std::fmt::Write as _;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

/// Where the formats are specified, for hints.
const FORMAT_DOC: &str = "shared/bench/tracking/FORMAT.md";

/// Association method of confirmed tracks.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum TrackerKind {
    /// Global nearest neighbour.
    Gnn,
    /// Joint probabilistic data association.
    Jpda,
}

/// Motion model of the tracks.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum ModelKind {
    /// Nearly constant velocity (Kalman filter).
    Cv,
    /// IMM of straight flight and coordinated turn.
    Imm,
}

/// Arguments of `canopy track`.
#[derive(clap::Args)]
pub struct TrackArgs {
    /// Detections file: scan,time_s,x_m,y_m (FORMAT.md).
    detections: PathBuf,
    /// Tracks file to write: time_s,track_id,x_m,y_m, confirmed tracks of every scan.
    #[arg(long)]
    out: PathBuf,
    /// Scenario parameters (meas_sigma_m, process_noise_q_m2ps3, pd, clutter density,
    /// scans, scan_period_s). Default: scenario.json beside the detections, if present.
    #[arg(long)]
    scenario: Option<PathBuf>,
    /// Association of confirmed tracks.
    #[arg(long, value_enum, default_value = "gnn")]
    tracker: TrackerKind,
    /// Motion model.
    #[arg(long, value_enum, default_value = "cv")]
    model: ModelKind,
    /// Run the scan loop this many times (fresh tracker each) and report the median wall
    /// time and the mean CPU time; the output file is the same every time.
    #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u32).range(1..=1000))]
    repeat: u32,
}

/// Sensor and model parameters of a scenario, with the benchmark's defaults.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Params {
    sigma_m: f64,
    q: f64,
    pd: f64,
    clutter_density: f64,
    /// `(scans, scan period)` when the scenario lists them, so empty scans still happen.
    scans: Option<(u64, f64)>,
}

impl Default for Params {
    /// `gen_scenario.py`'s defaults: σ = 30 m, q = 1, Pd = 0.9, 20 clutter per scan over
    /// a 100 km square.
    fn default() -> Self {
        Self {
            sigma_m: 30.0,
            q: 1.0,
            pd: 0.9,
            clutter_density: 20.0 / 1e10,
            scans: None,
        }
    }
}

/// Reads the parameters a tracker may use from `scenario.json` (FORMAT.md).
fn read_params(path: &Path) -> Result<Params> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    let json: serde_json::Value = serde_json::from_str(&text).map_err(|e| {
        anyhow!(
            "{}:{}: not valid JSON: {e}; hint: scenario.json is written by gen_scenario.py ({FORMAT_DOC})",
            path.display(),
            e.line()
        )
    })?;
    let mut p = Params::default();
    let number = |key: &str, slot: &mut f64, positive: bool| -> Result<()> {
        if let Some(v) = json.get(key) {
            match v.as_f64() {
                Some(x) if x.is_finite() && (!positive || x > 0.0) => *slot = x,
                _ => bail!(
                    "{}: `{key}` is {v}, expected a {} number; hint: see {FORMAT_DOC}",
                    path.display(),
                    if positive { "positive" } else { "finite" }
                ),
            }
        }
        Ok(())
    };
    number("meas_sigma_m", &mut p.sigma_m, true)?;
    number("process_noise_q_m2ps3", &mut p.q, false)?;
    number("pd", &mut p.pd, true)?;
    number(
        "clutter_spatial_density_per_m2",
        &mut p.clutter_density,
        true,
    )?;
    if p.q < 0.0 {
        bail!("{}: `process_noise_q_m2ps3` must be >= 0", path.display());
    }
    if p.pd > 1.0 {
        bail!("{}: `pd` must be in (0, 1]", path.display());
    }
    if let (Some(scans), Some(period)) = (json.get("scans"), json.get("scan_period_s")) {
        match (scans.as_u64(), period.as_f64()) {
            (Some(n), Some(dt)) if dt.is_finite() && dt > 0.0 => p.scans = Some((n, dt)),
            _ => bail!(
                "{}: `scans` must be a non-negative integer and `scan_period_s` a positive number",
                path.display()
            ),
        }
    }
    Ok(p)
}

/// The numeric columns `columns` of every data row of a CSV file, with 1-based line
/// numbers. Extra columns are ignored; every problem is an error naming `file:line`.
pub(crate) fn read_columns(path: &Path, columns: &[&str]) -> Result<Vec<(usize, Vec<f64>)>> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    let mut lines = text.lines().enumerate().map(|(i, l)| (i + 1, l));
    let expected = columns.join(",");
    let Some((_, header)) = lines.next() else {
        bail!(
            "{}:1: empty file; hint: the first line must be a header with the columns {expected} ({FORMAT_DOC})",
            path.display()
        );
    };
    let names: Vec<&str> = header.split(',').map(str::trim).collect();
    let mut index = Vec::with_capacity(columns.len());
    for c in columns {
        let Some(i) = names.iter().position(|n| n == c) else {
            bail!(
                "{}:1: missing column `{c}` in header `{header}`; hint: expected the columns {expected} ({FORMAT_DOC})",
                path.display()
            );
        };
        index.push(i);
    }
    let mut rows = Vec::new();
    for (line, text) in lines {
        if text.trim().is_empty() {
            continue;
        }
        let fields: Vec<&str> = text.split(',').map(str::trim).collect();
        if fields.len() != names.len() {
            bail!(
                "{}:{line}: {} fields, but the header has {}; hint: one value per header column, comma-separated, no quotes",
                path.display(),
                fields.len(),
                names.len()
            );
        }
        let mut values = Vec::with_capacity(columns.len());
        for (&i, c) in index.iter().zip(columns) {
            let field = fields[i];
            match field.parse::<f64>() {
                Ok(v) if v.is_finite() => values.push(v),
                _ => bail!(
                    "{}:{line}: column `{c}`: `{field}` is not a finite number; hint: plain decimal numbers with `.` as the decimal point",
                    path.display()
                ),
            }
        }
        rows.push((line, values));
    }
    Ok(rows)
}

/// A value of an integer column, or a `file:line` error.
pub(crate) fn integer(path: &Path, line: usize, column: &str, v: f64) -> Result<i64> {
    if v.fract() == 0.0 && v.abs() < 9.0e15 {
        Ok(v as i64)
    } else {
        bail!(
            "{}:{line}: column `{column}`: `{v}` is not an integer; hint: ids and scan indices are whole numbers",
            path.display()
        )
    }
}

/// One scan of the detections file.
struct Scan {
    time_s: f64,
    measurements: Vec<Measurement>,
}

/// Reads detections.csv into scans (FORMAT.md: grouped by scan in increasing order, one
/// time per scan). With `scans` from the scenario, every scan index up to it exists, empty
/// ones included, as the Stone Soup runner does.
fn read_scans(path: &Path, params: &Params) -> Result<(Vec<Scan>, usize)> {
    let sensor = CartesianPosition::isotropic(params.sigma_m)
        .map_err(|e| anyhow!("measurement sigma: {e}"))?;
    let rows = read_columns(path, &["scan", "time_s", "x_m", "y_m"])?;
    let mut scans: Vec<(i64, Scan)> = Vec::new();
    for (line, v) in &rows {
        let index = integer(path, *line, "scan", v[0])?;
        if index < 0 {
            bail!(
                "{}:{line}: scan index {index} is negative; hint: scans count from 0",
                path.display()
            );
        }
        let measurement = Measurement::Position {
            value: Vector3::new(v[2], v[3], 0.0),
            sensor,
        };
        match scans.last_mut() {
            Some((last, scan)) if *last == index => {
                if scan.time_s != v[1] {
                    bail!(
                        "{}:{line}: scan {index} has time_s {} here but {} on its earlier rows; hint: all rows of a scan share one time",
                        path.display(),
                        v[1],
                        scan.time_s
                    );
                }
                scan.measurements.push(measurement);
            }
            Some((last, scan)) if *last > index || scan.time_s > v[1] => bail!(
                "{}:{line}: scan {index} at {} s comes after scan {last} at {} s; hint: rows must be grouped by scan in increasing scan and time order",
                path.display(),
                v[1],
                scan.time_s
            ),
            _ => scans.push((
                index,
                Scan {
                    time_s: v[1],
                    measurements: vec![measurement],
                },
            )),
        }
    }
    let detections = rows.len();
    let Some((n, period)) = params.scans else {
        return Ok((scans.into_iter().map(|(_, s)| s).collect(), detections));
    };
    // Fill the dense scan list; a listed scan keeps its own time.
    let mut dense = Vec::with_capacity(n as usize);
    let mut listed = scans.into_iter().peekable();
    for k in 0..n as i64 {
        match listed.next_if(|(index, _)| *index == k) {
            Some((_, scan)) => dense.push(scan),
            None => dense.push(Scan {
                time_s: k as f64 * period,
                measurements: Vec::new(),
            }),
        }
    }
    // Scans beyond the scenario's count are still tracked.
    dense.extend(listed.map(|(_, s)| s));
    if dense.windows(2).any(|w| w[1].time_s < w[0].time_s) {
        bail!(
            "{}: scan times are not increasing once the scenario's empty scans are added; hint: check `scans` and `scan_period_s` of the scenario",
            path.display()
        );
    }
    Ok((dense, detections))
}

/// CPU time of the calling thread (ns) from the scheduler's accounting, if the system
/// exposes it (Linux `/proc/thread-self/schedstat`).
fn thread_cpu_ns() -> Option<u64> {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()?
        .split_whitespace()
        .next()?
        .parse()
        .ok()
}

/// The tracker configuration for the planar benchmark.
fn config(args: &TrackArgs, params: &Params) -> TrackerConfig {
    TrackerConfig {
        space: Space::Planar,
        motion: match args.model {
            ModelKind::Cv => MotionConfig::ConstantVelocity {
                q: [params.q, params.q, 0.0],
            },
            ModelKind::Imm => MotionConfig::TurnImm(ImmConfig {
                q_horizontal: params.q,
                q_vertical: 0.0,
                ..ImmConfig::default()
            }),
        },
        association: match args.tracker {
            TrackerKind::Gnn => Association::Gnn,
            TrackerKind::Jpda => Association::Jpda { max_events: 10_000 },
        },
        ..TrackerConfig::default()
    }
}

/// Output rows `(time, track id, x, y)` of one run, and its wall seconds.
type Run = (Vec<(f64, u64, f64, f64)>, f64);

/// Runs the scan loop once; only the loop is timed.
fn run_once(config: TrackerConfig, scans: &[Scan], params: &Params) -> Result<Run> {
    let mut tracker = Tracker::new(config).map_err(|e| anyhow!("tracker: {e}"))?;
    let mut rows = Vec::new();
    let t0 = Instant::now();
    for scan in scans {
        let sensor_scan = SensorScan {
            sensor_id: 0,
            measurements: &scan.measurements,
            detection_probability: params.pd,
            clutter_density: params.clutter_density,
            coverage: Coverage::Everywhere,
        };
        tracker
            .process_scan(scan.time_s, &sensor_scan)
            .map_err(|e| anyhow!("scan at {} s: {e}", scan.time_s))?;
        rows.extend(tracker.confirmed().map(|t| {
            let p = t.filter().position();
            (scan.time_s, t.id().0, p[0], p[1])
        }));
    }
    Ok((rows, t0.elapsed().as_secs_f64()))
}

/// The median of a non-empty list.
fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    let n = v.len();
    if n % 2 == 1 {
        v[n / 2]
    } else {
        0.5 * (v[n / 2 - 1] + v[n / 2])
    }
}

/// `canopy track`.
pub fn track(args: &TrackArgs) -> Result<ExitCode> {
    let scenario = args.scenario.clone().or_else(|| {
        let beside = args
            .detections
            .parent()
            .unwrap_or(Path::new("."))
            .join("scenario.json");
        beside.exists().then_some(beside)
    });
    let params = match &scenario {
        Some(path) => read_params(path)?,
        None => {
            eprintln!(
                "note: no scenario.json; assuming sigma 30 m, q 1 m^2/s^3, Pd 0.9, 2e-9 clutter/m^2"
            );
            Params::default()
        }
    };
    let (scans, detections) = read_scans(&args.detections, &params)?;
    let config = config(args, &params);
    let mut first = None;
    let mut walls = Vec::new();
    // The scheduler's CPU accounting can be as coarse as a 4 ms tick, too coarse for one
    // run of a few milliseconds: CPU time is taken over all repeats and averaged.
    let cpu0 = thread_cpu_ns();
    for _ in 0..args.repeat {
        let (rows, wall) = run_once(config, &scans, &params)?;
        walls.push(wall);
        first.get_or_insert(rows);
    }
    let cpu = cpu0
        .zip(thread_cpu_ns())
        .map(|(a, b)| b.saturating_sub(a) as f64 * 1e-9 / f64::from(args.repeat));
    let rows = first.unwrap_or_default();
    let mut out = String::with_capacity(32 * rows.len() + 32);
    out.push_str("time_s,track_id,x_m,y_m\n");
    for (t, id, x, y) in &rows {
        // Infallible: writing to a String.
        let _ = writeln!(out, "{t:.3},{id},{x:.3},{y:.3}");
    }
    let mut file = std::fs::File::create(&args.out)
        .with_context(|| format!("cannot create {}", args.out.display()))?;
    file.write_all(out.as_bytes())
        .with_context(|| format!("cannot write {}", args.out.display()))?;
    let wall = median(walls);
    let mut ids: Vec<u64> = rows.iter().map(|r| r.1).collect();
    ids.sort_unstable();
    ids.dedup();
    println!("scans: {}", scans.len());
    println!("detections: {detections}");
    println!(
        "wall seconds: {wall:.6} (median of {} run(s))  thread CPU seconds: {} (mean)",
        args.repeat,
        cpu.map_or("n/a".to_string(), |c| format!("{c:.6}"))
    );
    println!("detections per second: {:.1}", detections as f64 / wall);
    let summary = serde_json::json!({
        "tracker": format!("canopy-{:?}-{:?}", args.tracker, args.model).to_lowercase(),
        "scans": scans.len(),
        "detections": detections,
        "repeats": args.repeat,
        "wall_s": wall,
        "cpu_s": cpu,
        "detections_per_s": detections as f64 / wall,
        "detections_per_cpu_s": cpu.map(|c| detections as f64 / c),
        "track_ids": ids.len(),
        "rows": rows.len(),
    });
    println!("SUMMARY {summary}");
    Ok(ExitCode::SUCCESS)
}
