//! Parameter sweeps: `--vary PATH=A..B[:STEP]` (paths as in
//! `canopy_scenario::overrides`), the grid of points, and one batch per
//! point.
//!
//! Folder layout (`DIR/`): `sweep.json` (the sweep: scenario, seed, runs,
//! varied paths and every point's values), `sweep.csv` (one row per point:
//! the varied values and the headline metrics with their intervals), and
//! one batch folder per point, `DIR/p000/`, `DIR/p001/`, … (see
//! [`crate::batch`]). Every point uses the same master seed: common random
//! numbers, so differences between points are the parameter's, not the
//! draws'.

#[cfg(test)]
mod tests;

use crate::StudyError;
use crate::batch::{
    Batch, BatchInfo, BatchSpec, OverrideValue, is_empty_dir, replace_file, write_json,
};
use crate::metrics::Metrics;
use crate::rows::leak_column;
use crate::stats::{Interval, Mean, Proportion, Ratio};
use canopy_engine::LeakCause;
use canopy_scenario::overrides::{Override, apply_overrides, parse_path};
use canopy_scenario::{Scenario, load_str};
use serde::{Deserialize, Serialize};
use std::io::Write;
use std::path::{Path, PathBuf};

/// The sweep manifest file.
pub const MANIFEST: &str = "sweep.json";
/// The per-point metrics table.
pub const TABLE: &str = "sweep.csv";
/// Largest number of values one `--vary` may give.
pub const MAX_VALUES: usize = 1_000;

/// One varied parameter and its values.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Vary {
    /// Dotted path.
    pub path: String,
    /// Values, ascending.
    pub values: Vec<f64>,
}

/// Decimal places written in a number (None with an exponent).
fn decimals(s: &str) -> Option<i32> {
    if s.contains(['e', 'E']) {
        return None;
    }
    Some(s.split_once('.').map_or(0, |(_, f)| f.len() as i32))
}

impl Vary {
    /// Parses `PATH=A..B[:STEP]` (or `PATH=A` for one value). Without a
    /// step, integer bounds step by 1. Values are A + k·STEP up to B
    /// inclusive, rounded to the decimals written (0.5..0.9:0.1 gives 0.5,
    /// 0.6, …, 0.9 exactly as written).
    pub fn parse(spec: &str) -> Result<Vary, StudyError> {
        let usage = |why: String| {
            StudyError::Usage(format!(
                "--vary `{spec}`: {why}\n = hint: write PATH=A..B[:STEP], e.g. raid.\"West cruise missiles\".count=2..12:2 or catalog.interceptor.48N6-class.sspk=0.5..0.9:0.1"
            ))
        };
        let Some((path, range)) = spec.rsplit_once('=') else {
            return Err(usage("no `=`".into()));
        };
        parse_path(path).map_err(|e| StudyError::Usage(e.to_string()))?;
        let number = |s: &str| -> Result<f64, StudyError> {
            s.trim()
                .parse::<f64>()
                .ok()
                .filter(|v| v.is_finite())
                .ok_or_else(|| usage(format!("`{s}` is not a number")))
        };
        let (a_s, b_s, step_s) = match range.split_once("..") {
            None => (range, range, None),
            Some((a, rest)) => match rest.split_once(':') {
                Some((b, step)) => (a, b, Some(step)),
                None => (a, rest, None),
            },
        };
        let (a, b) = (number(a_s)?, number(b_s)?);
        if b < a {
            return Err(usage(format!("the range {a}..{b} is empty (B < A)")));
        }
        let step = match step_s {
            Some(s) => number(s)?,
            None if a.fract() == 0.0
                && b.fract() == 0.0
                && !(a_s.contains('.') || b_s.contains('.')) =>
            {
                1.0
            }
            None if a == b => 1.0,
            None => return Err(usage("non-integer bounds need a step (A..B:STEP)".into())),
        };
        if step <= 0.0 {
            return Err(usage(format!("the step {step} is not positive")));
        }
        let n = ((b - a) / step + 1e-9).floor();
        if n + 1.0 > MAX_VALUES as f64 {
            return Err(usage(format!("{} values; at most {MAX_VALUES}", n + 1.0)));
        }
        let places = [Some(a_s), Some(b_s), step_s]
            .into_iter()
            .flatten()
            .map(|s| decimals(s.trim()))
            .try_fold(0, |acc, d| d.map(|d| acc.max(d)));
        let values = (0..=n as u64)
            .map(|k| {
                let v = a + k as f64 * step;
                match places {
                    Some(p) => {
                        let scale = 10f64.powi(p);
                        (v * scale).round() / scale
                    }
                    None => v,
                }
            })
            .collect();
        Ok(Vary {
            path: path.to_string(),
            values,
        })
    }
}

/// One point of a sweep.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Point {
    /// Folder name under the sweep folder (`p000`, …).
    pub name: String,
    /// The value of each varied path, in `--vary` order.
    pub values: Vec<f64>,
}

/// The grid: every combination of values, the first parameter outermost.
pub fn grid(vary: &[Vary]) -> Vec<Point> {
    let mut combos: Vec<Vec<f64>> = vec![Vec::new()];
    for v in vary {
        combos = combos
            .into_iter()
            .flat_map(|c| {
                v.values.iter().map(move |x| {
                    let mut c = c.clone();
                    c.push(*x);
                    c
                })
            })
            .collect();
    }
    combos
        .into_iter()
        .enumerate()
        .map(|(i, values)| Point {
            name: format!("p{i:03}"),
            values,
        })
        .collect()
}

/// `sweep.json`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SweepInfo {
    /// Scenario name.
    pub scenario: String,
    /// Scenario file as given.
    pub scenario_file: String,
    /// Fingerprint of the scenario source before overrides.
    pub source_fingerprint: String,
    /// Master seed (every point).
    pub seed: u64,
    /// Runs per point.
    pub runs: u64,
    /// The varied parameters.
    pub vary: Vec<Vary>,
    /// The points.
    pub points: Vec<Point>,
    /// Canopy version.
    pub canopy_version: String,
    /// Git commit.
    pub git_hash: String,
}

/// A point's scenario, ready to run.
pub struct PreparedPoint {
    /// The point.
    pub point: Point,
    /// Its source (overrides applied).
    pub source: String,
    /// [`crate::fingerprint`] of every source it was loaded from.
    pub fingerprint: String,
    /// Its validated scenario.
    pub scenario: Scenario,
}

/// A sweep with every point's scenario applied and validated up front, so
/// a bad value fails before any run.
pub struct Sweep {
    /// Identification (written to `sweep.json`).
    pub info: SweepInfo,
    /// Folder the scenario's catalog paths are relative to.
    pub catalog_base: PathBuf,
    /// The points.
    pub points: Vec<PreparedPoint>,
}

impl Sweep {
    /// Applies each point's overrides to `source` and loads it. `base` is
    /// the folder its catalog paths are relative to.
    #[allow(clippy::too_many_arguments)]
    pub fn prepare(
        source: &str,
        scenario_file: &str,
        base: &Path,
        vary: Vec<Vary>,
        seed: u64,
        runs: u64,
        canopy_version: &str,
        git_hash: &str,
    ) -> Result<Sweep, StudyError> {
        if vary.is_empty() || vary.len() > 2 {
            return Err(StudyError::Usage(format!(
                "a sweep varies one or two parameters, not {}",
                vary.len()
            )));
        }
        if vary.len() == 2 && vary[0].path == vary[1].path {
            return Err(StudyError::Usage(format!(
                "`{}` is varied twice",
                vary[0].path
            )));
        }
        let mut points = Vec::new();
        let mut name = String::new();
        for point in grid(&vary) {
            let overrides: Vec<Override> = vary
                .iter()
                .zip(&point.values)
                .map(|(v, x)| Override {
                    path: v.path.clone(),
                    value: *x,
                })
                .collect();
            let text = apply_overrides(source, base, &overrides)
                .map_err(|e| StudyError::Usage(e.to_string()))?;
            let label = format!("{scenario_file} at {}", describe(&vary, &point.values));
            let loaded =
                load_str(&label, &text, base).map_err(|e| StudyError::Scenario(e.render()))?;
            name = loaded.scenario.name.clone();
            points.push(PreparedPoint {
                point,
                fingerprint: crate::fingerprint(loaded.sources.texts()),
                source: text,
                scenario: loaded.scenario,
            });
        }
        let info = SweepInfo {
            scenario: name,
            scenario_file: scenario_file.to_string(),
            // The points' sources carry the scenario and every catalog read.
            source_fingerprint: crate::fingerprint(points.iter().map(|p| p.fingerprint.as_str())),
            seed,
            runs,
            points: points.iter().map(|p| p.point.clone()).collect(),
            vary,
            canopy_version: canopy_version.to_string(),
            git_hash: git_hash.to_string(),
        };
        Ok(Sweep {
            info,
            catalog_base: base.to_path_buf(),
            points,
        })
    }

    /// Runs over every point (the length of a progress bar).
    pub fn total_runs(&self) -> u64 {
        self.info.runs * self.points.len() as u64
    }

    /// Runs every point's batch into `dir/<point>/` and writes `sweep.json`
    /// and `sweep.csv`. `on_run` is called after every run; `on_point` when
    /// a point starts, with the runs already done in its folder.
    pub fn run(
        &self,
        dir: &Path,
        threads: usize,
        resume: bool,
        on_point: &dyn Fn(&Point, u64),
        on_run: &(dyn Fn() + Sync),
    ) -> Result<Vec<Metrics>, StudyError> {
        let fresh = is_empty_dir(dir)?;
        if !fresh {
            if !resume {
                return Err(StudyError::Usage(format!(
                    "{} is not empty; pass --resume to finish the sweep in it, or choose another --out",
                    dir.display()
                )));
            }
            let old = read_manifest(dir)?;
            if old.vary != self.info.vary
                || old.source_fingerprint != self.info.source_fingerprint
                || old.seed != self.info.seed
                || (&old.canopy_version, &old.git_hash)
                    != (&self.info.canopy_version, &self.info.git_hash)
            {
                return Err(StudyError::Usage(format!(
                    "{} holds another sweep (scenario, catalogs, seed, --vary or build differ); choose another --out",
                    dir.display()
                )));
            }
        }
        std::fs::create_dir_all(dir).map_err(|e| StudyError::io(dir, e))?;
        write_json(dir, MANIFEST, &self.info)?;
        let mut all = Vec::new();
        for p in &self.points {
            let info = BatchInfo {
                scenario: p.scenario.name.clone(),
                scenario_file: self.info.scenario_file.clone(),
                catalog_base: self.catalog_base.clone(),
                source_fingerprint: p.fingerprint.clone(),
                seed: self.info.seed,
                overrides: self
                    .info
                    .vary
                    .iter()
                    .zip(&p.point.values)
                    .map(|(v, x)| OverrideValue {
                        path: v.path.clone(),
                        value: *x,
                    })
                    .collect(),
                canopy_version: self.info.canopy_version.clone(),
                git_hash: self.info.git_hash.clone(),
            };
            let spec = BatchSpec {
                runs: self.info.runs,
                threads,
                resume,
            };
            let mut batch =
                Batch::open(&dir.join(&p.point.name), &p.scenario, &p.source, info, spec)?;
            on_point(&p.point, batch.previously_done());
            batch.run(on_run)?;
            all.push(batch.finish()?.metrics);
        }
        write_table(dir, &self.info, &all)?;
        Ok(all)
    }
}

/// `path = value, path = value`.
pub fn describe(vary: &[Vary], values: &[f64]) -> String {
    vary.iter()
        .zip(values)
        .map(|(v, x)| format!("{} = {x}", v.path))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Reads a sweep folder's `sweep.json`.
pub fn read_manifest(dir: &Path) -> Result<SweepInfo, StudyError> {
    let path = dir.join(MANIFEST);
    let text = std::fs::read_to_string(&path).map_err(|e| StudyError::io(&path, e))?;
    serde_json::from_str(&text).map_err(|e| StudyError::Format {
        path,
        message: format!("not a Canopy sweep manifest: {e}"),
    })
}

/// The headline metrics as named numbers: the columns of `sweep.csv`.
pub fn headline(m: &Metrics) -> Vec<(String, Option<f64>)> {
    let mut out: Vec<(String, Option<f64>)> = Vec::new();
    let mut prop = |name: &str, p: &Proportion| {
        out.push((name.to_string(), p.estimate));
        let w = p.wilson;
        let cp = p.clopper_pearson;
        out.push((format!("{name}_wilson_lo"), w.map(|i| i.lo)));
        out.push((format!("{name}_wilson_hi"), w.map(|i| i.hi)));
        out.push((format!("{name}_cp_lo"), cp.map(|i| i.lo)));
        out.push((format!("{name}_cp_hi"), cp.map(|i| i.hi)));
    };
    prop("p_zero_leakers", &m.p_zero_leakers);
    prop("raid_fraction_stopped", &m.raid_fraction_stopped);
    prop("per_engaged_threat_kill", &m.per_engaged_threat_kill);
    prop("per_shot_kill", &m.per_shot_kill);
    prop("engaged_fraction", &m.engaged_fraction);
    let mut interval = |name: &str, estimate: Option<f64>, i: Option<Interval>| {
        out.push((name.to_string(), estimate));
        out.push((format!("{name}_lo"), i.map(|i| i.lo)));
        out.push((format!("{name}_hi"), i.map(|i| i.hi)));
    };
    let mean = |m: &Mean| (m.mean, m.t);
    let ratio = |r: &Ratio| (r.estimate, r.t);
    for (name, (e, i)) in [
        ("expected_leakers", mean(&m.expected_leakers)),
        ("rounds_per_run", mean(&m.rounds_per_run)),
        ("rounds_per_threat", ratio(&m.rounds_per_threat)),
        (
            "rounds_per_leaker_prevented",
            ratio(&m.rounds_per_leaker_prevented),
        ),
        ("cost_exchange_ratio", ratio(&m.cost.exchange_ratio)),
        ("value_protected", mean(&m.value.protected)),
    ] {
        interval(name, e, i);
    }
    for (&cause, c) in LeakCause::ALL.iter().zip(&m.leak_causes) {
        out.push((leak_column(cause), c.per_run.mean));
    }
    out
}

/// Writes `sweep.csv`: `point`, the varied paths, `runs`, then
/// [`headline`]'s columns (empty cells where a metric has no data).
fn write_table(dir: &Path, info: &SweepInfo, metrics: &[Metrics]) -> Result<(), StudyError> {
    use canopy_output::csv_field;
    let path = dir.join(TABLE);
    let mut s = String::from("point");
    for v in &info.vary {
        s.push(',');
        s.push_str(&csv_field(&v.path));
    }
    s.push_str(",runs");
    if let Some(m) = metrics.first() {
        for (name, _) in headline(m) {
            s.push(',');
            s.push_str(&name);
        }
    }
    s.push('\n');
    for (p, m) in info.points.iter().zip(metrics) {
        s.push_str(&p.name);
        for x in &p.values {
            s.push_str(&format!(",{x}"));
        }
        s.push_str(&format!(",{}", m.runs));
        for (_, v) in headline(m) {
            s.push(',');
            if let Some(v) = v {
                s.push_str(&v.to_string());
            }
        }
        s.push('\n');
    }
    replace_file(dir, TABLE, |w| {
        w.write_all(s.as_bytes())
            .map_err(|e| StudyError::io(&path, e))
    })
}
