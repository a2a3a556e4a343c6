//! A batch: N runs of one scenario with one master seed, in parallel,
//! recorded run by run so that an interrupted batch can be resumed.
//!
//! Folder layout (`DIR/`):
//!
//! * `batch.json` — what the batch is (scenario, source fingerprint, seed,
//!   overrides), written first; `--resume` checks it.
//! * `scenario.toml` — the scenario source the runs used (overrides
//!   applied), so the batch can be reproduced and reported.
//! * `runs.csv`, `threats.csv`, `engagements.csv`, `magazine.csv` — the
//!   tables. While the batch runs, each finished run appends its rows, one
//!   write per file, its `runs.csv` row last: a run counts as done only once
//!   its `runs.csv` row is complete. At the end they are rewritten sorted by
//!   run (each run's rows in generation order).
//! * `runs.parquet`, `threats.parquet`, `engagements.parquet`,
//!   `magazine.parquet` — the same final tables.
//! * `summary.json` — identification, metrics with intervals, and the
//!   provenance of every catalog type the scenario uses.
//!
//! Determinism: run k is `canopy_engine::run` with `RunConfig::new(seed, k)`,
//! whose random streams depend only on (seed, k); the final tables are
//! sorted by run; nothing records the thread count or the wall clock. So
//! the outputs are byte-identical for any thread count, and a resumed batch
//! ends identical to one never interrupted.

#[cfg(test)]
mod tests;

use crate::StudyError;
use crate::metrics::Metrics;
use crate::rows::{Context, EndSink, MagazineRow, RunRecord, RunRow, ShotRow, ThreatRow};
use crate::tables::{self, Record};
use canopy_engine::{Armoury, RunConfig, run_with};
use canopy_scenario::{Entry, Scenario};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;
use std::fs::{File, OpenOptions};
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// The batch manifest file.
pub const MANIFEST: &str = "batch.json";
/// The copy of the scenario source the batch ran.
pub const SCENARIO_COPY: &str = "scenario.toml";
/// The summary file.
pub const SUMMARY: &str = "summary.json";

/// One parameter override of the batch's scenario (a sweep point).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OverrideValue {
    /// Dotted path.
    pub path: String,
    /// Value.
    pub value: f64,
}

/// What a batch is: written to `batch.json` and `summary.json`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BatchInfo {
    /// Scenario name.
    pub scenario: String,
    /// Scenario file as given (or a label for a built-in scenario).
    pub scenario_file: String,
    /// Folder the scenario's catalog paths are relative to.
    pub catalog_base: PathBuf,
    /// [`crate::fingerprint`] of the source the runs used.
    pub source_fingerprint: String,
    /// Master seed.
    pub seed: u64,
    /// Overrides applied to the scenario file (sweep points).
    pub overrides: Vec<OverrideValue>,
    /// Canopy version.
    pub canopy_version: String,
    /// Git commit of the code.
    pub git_hash: String,
}

/// How to run a batch.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BatchSpec {
    /// Runs wanted: indices 0..runs (a resume with more runs extends the
    /// batch; with fewer, the rows of runs beyond are dropped).
    pub runs: u64,
    /// Worker threads (each run is single-threaded).
    pub threads: usize,
    /// Finish an existing batch in the folder instead of refusing it.
    pub resume: bool,
}

/// Runs one run of `scenario` with the full loop (sense, track, engage) and
/// returns its rows; events other than flight ends are dropped. `armoury`
/// is the scenario's (built once per batch).
pub fn run_one(
    scenario: &Scenario,
    armoury: &Armoury,
    ctx: &Context,
    seed: u64,
    index: u64,
) -> RunRecord {
    let config = RunConfig {
        engage: true,
        ..RunConfig::new(seed, index)
    };
    let mut ends = EndSink::default();
    let summary = run_with(scenario, armoury, config, &mut ends);
    RunRecord::new(ctx, seed, index, &summary, &ends)
}

/// The four tables' files, open for appending.
struct Appender {
    runs: File,
    threats: File,
    shots: File,
    magazine: File,
    dir: PathBuf,
}

fn table_path<R: Record>(dir: &Path, ext: &str) -> PathBuf {
    dir.join(format!("{}.{ext}", R::TABLE))
}

/// Writes `dir/name` through a temporary file and a rename, so the file is
/// either the old or the new one, never a mix (batches and sweeps).
pub(crate) fn replace_file(
    dir: &Path,
    name: &str,
    write: impl FnOnce(&mut BufWriter<File>) -> Result<(), StudyError>,
) -> Result<(), StudyError> {
    let tmp = dir.join(format!(".{name}.tmp"));
    let path = dir.join(name);
    let file = File::create(&tmp).map_err(|e| StudyError::io(&tmp, e))?;
    let mut w = BufWriter::new(file);
    write(&mut w)?;
    w.flush().map_err(|e| StudyError::io(&tmp, e))?;
    drop(w);
    std::fs::rename(&tmp, &path).map_err(|e| StudyError::io(&path, e))
}

/// Rewrites a table's CSV with exactly `rows`.
fn rewrite_csv<R: Record>(dir: &Path, rows: &mut [R]) -> Result<(), StudyError> {
    let name = format!("{}.csv", R::TABLE);
    let path = dir.join(&name);
    replace_file(dir, &name, |w| {
        tables::write_csv(w, rows).map_err(|e| StudyError::io(&path, e))
    })
}

fn open_append<R: Record>(dir: &Path) -> Result<File, StudyError> {
    let p = table_path::<R>(dir, "csv");
    OpenOptions::new()
        .append(true)
        .open(&p)
        .map_err(|e| StudyError::io(&p, e))
}

impl Appender {
    fn open(dir: &Path) -> Result<Appender, StudyError> {
        Ok(Appender {
            runs: open_append::<RunRow>(dir)?,
            threats: open_append::<ThreatRow>(dir)?,
            shots: open_append::<ShotRow>(dir)?,
            magazine: open_append::<MagazineRow>(dir)?,
            dir: dir.to_path_buf(),
        })
    }

    /// Appends one run's rows: one write per file, `runs.csv` last.
    fn append(&mut self, lines: &RunLines) -> Result<(), StudyError> {
        let dir = self.dir.clone();
        let write = |f: &mut File, s: &str, table: &str| {
            f.write_all(s.as_bytes())
                .and_then(|()| f.flush())
                .map_err(|e| StudyError::io(&dir.join(format!("{table}.csv")), e))
        };
        write(&mut self.threats, &lines.threats, ThreatRow::TABLE)?;
        write(&mut self.shots, &lines.shots, ShotRow::TABLE)?;
        write(&mut self.magazine, &lines.magazine, MagazineRow::TABLE)?;
        write(&mut self.runs, &lines.run, RunRow::TABLE)
    }
}

/// One run's rows as CSV lines, formatted before the appender's lock is
/// taken so that workers hold it only to write.
struct RunLines {
    threats: String,
    shots: String,
    magazine: String,
    run: String,
}

impl RunLines {
    fn of(rec: &mut RunRecord) -> RunLines {
        fn lines<R: Record>(rows: &mut [R]) -> String {
            let mut s = String::new();
            for r in rows {
                tables::csv_line(r, &mut s);
            }
            s
        }
        RunLines {
            threats: lines(&mut rec.threats),
            shots: lines(&mut rec.shots),
            magazine: lines(&mut rec.magazine),
            run: lines(std::slice::from_mut(&mut rec.run)),
        }
    }
}

/// The rows of every complete run found in a batch folder.
#[derive(Clone, Debug, Default)]
pub struct Tables {
    /// `runs`.
    pub runs: Vec<RunRow>,
    /// `threats`.
    pub threats: Vec<ThreatRow>,
    /// `engagements`.
    pub shots: Vec<ShotRow>,
    /// `magazine`.
    pub magazine: Vec<MagazineRow>,
}

impl Tables {
    /// Reads a batch folder's CSV tables, keeping only the rows of runs
    /// whose `runs.csv` row is complete and whose index is below `limit`.
    pub fn read(dir: &Path, limit: u64) -> Result<Tables, StudyError> {
        let mut runs = tables::read_csv::<RunRow>(&table_path::<RunRow>(dir, "csv"))?.rows;
        runs.retain(|r| r.run < limit);
        // A run recorded twice (impossible unless files were edited) counts once.
        let mut seen = BTreeSet::new();
        runs.retain(|r| seen.insert(r.run));
        let keep = |run: u64| seen.contains(&run);
        fn filtered<R: Record>(
            dir: &Path,
            keep: impl Fn(u64) -> bool,
        ) -> Result<Vec<R>, StudyError> {
            let mut rows = tables::read_csv::<R>(&table_path::<R>(dir, "csv"))?.rows;
            rows.retain(|r| keep(r.run()));
            Ok(rows)
        }
        Ok(Tables {
            threats: filtered(dir, keep)?,
            shots: filtered(dir, keep)?,
            magazine: filtered(dir, keep)?,
            runs,
        })
    }

    fn done(&self) -> BTreeSet<u64> {
        self.runs.iter().map(|r| r.run).collect()
    }

    /// Rewrites the four CSVs with exactly these rows (dropping torn lines
    /// and the rows of unfinished runs).
    fn rewrite(&mut self, dir: &Path) -> Result<(), StudyError> {
        rewrite_csv(dir, &mut self.threats)?;
        rewrite_csv(dir, &mut self.shots)?;
        rewrite_csv(dir, &mut self.magazine)?;
        rewrite_csv(dir, &mut self.runs)
    }

    /// Sorts every table by run, keeping each run's rows in order.
    fn sort(&mut self) {
        self.runs.sort_by_key(|r| r.run);
        self.threats.sort_by_key(|r| r.run);
        self.shots.sort_by_key(|r| r.run);
        self.magazine.sort_by_key(|r| r.run);
    }
}

/// A batch folder being filled.
pub struct Batch<'s> {
    scenario: &'s Scenario,
    /// The batch's `spec.threads` workers: they build the flyout tables, then fly the runs.
    pool: rayon::ThreadPool,
    armoury: Armoury,
    ctx: Context,
    info: BatchInfo,
    spec: BatchSpec,
    dir: PathBuf,
    missing: Vec<u64>,
    previously_done: u64,
}

/// What a finished batch wrote.
#[derive(Clone, Debug)]
pub struct BatchResult {
    /// The metrics (also in `summary.json`).
    pub metrics: Metrics,
    /// The files written, relative to the folder.
    pub files: Vec<String>,
}

pub(crate) fn write_json<T: Serialize>(
    dir: &Path,
    name: &str,
    value: &T,
) -> Result<(), StudyError> {
    let path = dir.join(name);
    replace_file(dir, name, |w| {
        serde_json::to_writer_pretty(&mut *w, value)
            .map_err(|e| StudyError::io(&path, e.into()))?;
        w.write_all(b"\n").map_err(|e| StudyError::io(&path, e))
    })
}

/// Reads a batch folder's `batch.json`.
pub fn read_manifest(dir: &Path) -> Result<BatchInfo, StudyError> {
    let path = dir.join(MANIFEST);
    let text = std::fs::read_to_string(&path).map_err(|e| StudyError::io(&path, e))?;
    serde_json::from_str(&text).map_err(|e| StudyError::Format {
        path,
        message: format!("not a Canopy batch manifest: {e}"),
    })
}

/// Whether `dir` is absent or empty.
pub(crate) fn is_empty_dir(dir: &Path) -> Result<bool, StudyError> {
    match std::fs::read_dir(dir) {
        Ok(mut d) => Ok(d.next().is_none()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(true),
        Err(e) => Err(StudyError::io(dir, e)),
    }
}

impl<'s> Batch<'s> {
    /// Prepares `dir` for the batch. A fresh batch needs an absent or empty
    /// folder; with `spec.resume` an existing batch of the same scenario
    /// source and seed is continued (an absent or empty folder starts
    /// fresh). `source` is the scenario text the runs use.
    pub fn open(
        dir: &Path,
        scenario: &'s Scenario,
        source: &str,
        info: BatchInfo,
        spec: BatchSpec,
    ) -> Result<Batch<'s>, StudyError> {
        if spec.runs == 0 {
            return Err(StudyError::Usage("--runs must be at least 1".into()));
        }
        if spec.threads == 0 {
            return Err(StudyError::Usage("--threads must be at least 1".into()));
        }
        if dir.exists() && !dir.is_dir() {
            return Err(StudyError::Usage(format!(
                "{} exists and is not a folder",
                dir.display()
            )));
        }
        let fresh = is_empty_dir(dir)?;
        if !fresh && !spec.resume {
            return Err(StudyError::Usage(format!(
                "{} is not empty; pass --resume to finish the batch in it, or choose another --out",
                dir.display()
            )));
        }
        let mut existing = Tables::default();
        if fresh {
            std::fs::create_dir_all(dir).map_err(|e| StudyError::io(dir, e))?;
            write_json(dir, MANIFEST, &info)?;
            replace_file(dir, SCENARIO_COPY, |w| {
                w.write_all(source.as_bytes())
                    .map_err(|e| StudyError::io(&dir.join(SCENARIO_COPY), e))
            })?;
        } else {
            let old = read_manifest(dir)?;
            if old.source_fingerprint != info.source_fingerprint || old.overrides != info.overrides
            {
                return Err(StudyError::Usage(format!(
                    "{} holds a batch of another scenario source ({} {}); resume it with the same scenario file, or choose another --out",
                    dir.display(),
                    old.scenario_file,
                    old.source_fingerprint
                )));
            }
            if (&old.canopy_version, &old.git_hash) != (&info.canopy_version, &info.git_hash) {
                return Err(StudyError::Usage(format!(
                    "{} holds a batch run by another build (canopy {} at {}, this is {} at {}): its runs would not match this build's; rebuild that commit to resume, or choose another --out",
                    dir.display(),
                    old.canopy_version,
                    old.git_hash,
                    info.canopy_version,
                    info.git_hash
                )));
            }
            if old.seed != info.seed {
                return Err(StudyError::Usage(format!(
                    "{} holds a batch with seed {}, not {}; resume it with --seed {}",
                    dir.display(),
                    old.seed,
                    info.seed,
                    old.seed
                )));
            }
            existing = Tables::read(dir, spec.runs)?;
        }
        // Fresh files get their headers; resumed ones lose torn lines and
        // the rows of unfinished runs.
        existing.rewrite(dir)?;
        let done = existing.done();
        let missing = (0..spec.runs).filter(|r| !done.contains(r)).collect();
        // The flyout tables fly their rays in parallel: on the batch's own threads, so
        // `--threads` bounds the whole batch.
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(spec.threads)
            .build()
            .map_err(|e| {
                StudyError::Usage(format!("cannot start {} threads: {e}", spec.threads))
            })?;
        let armoury = pool.install(|| Armoury::new(scenario));
        Ok(Batch {
            pool,
            armoury,
            ctx: Context::new(scenario),
            scenario,
            info,
            spec,
            dir: dir.to_path_buf(),
            missing,
            previously_done: done.len() as u64,
        })
    }

    /// Run indices still to run, ascending.
    pub fn missing(&self) -> &[u64] {
        &self.missing
    }

    /// Runs already complete when the batch was opened.
    pub fn previously_done(&self) -> u64 {
        self.previously_done
    }

    /// Runs every missing run on `spec.threads` threads, appending each
    /// run's rows as it finishes; `on_run` is called after each.
    pub fn run(&mut self, on_run: &(dyn Fn() + Sync)) -> Result<(), StudyError> {
        let appender = Mutex::new(Appender::open(&self.dir)?);
        let (scenario, armoury, ctx, seed) =
            (self.scenario, &self.armoury, &self.ctx, self.info.seed);
        self.pool.install(|| {
            self.missing.par_iter().with_max_len(1).try_for_each(|&k| {
                let lines = RunLines::of(&mut run_one(scenario, armoury, ctx, seed, k));
                // A poisoned lock means another worker panicked mid-write;
                // the files are still valid up to their last complete run.
                let mut a = appender.lock().unwrap_or_else(|p| p.into_inner());
                a.append(&lines)?;
                drop(a);
                on_run();
                Ok(())
            })
        })?;
        self.missing.clear();
        Ok(())
    }

    /// Writes the final tables (sorted CSV and Parquet) and `summary.json`.
    /// Fails if some run is still missing.
    pub fn finish(self) -> Result<BatchResult, StudyError> {
        let mut t = Tables::read(&self.dir, self.spec.runs)?;
        if t.runs.len() as u64 != self.spec.runs {
            return Err(StudyError::Usage(format!(
                "{} has {} of {} runs; run again with --resume to finish it",
                self.dir.display(),
                t.runs.len(),
                self.spec.runs
            )));
        }
        t.sort();
        t.rewrite(&self.dir)?;
        write_parquet(&self.dir, &mut t.runs)?;
        write_parquet(&self.dir, &mut t.threats)?;
        write_parquet(&self.dir, &mut t.shots)?;
        write_parquet(&self.dir, &mut t.magazine)?;
        let metrics = Metrics::compute(&t.runs, &t.threats, &t.magazine);
        let mut files: Vec<String> = vec![MANIFEST.into(), SCENARIO_COPY.into()];
        for table in [
            RunRow::TABLE,
            ThreatRow::TABLE,
            ShotRow::TABLE,
            MagazineRow::TABLE,
        ] {
            files.push(format!("{table}.csv"));
            files.push(format!("{table}.parquet"));
        }
        files.push(SUMMARY.into());
        let summary = Summary {
            info: &self.info,
            runs: self.spec.runs,
            initial_rounds: self.ctx.initial_rounds(),
            metrics: &metrics,
            provenance: provenance(self.scenario),
            files: &files,
        };
        write_json(&self.dir, SUMMARY, &summary)?;
        Ok(BatchResult { metrics, files })
    }
}

fn write_parquet<R: Record>(dir: &Path, rows: &mut [R]) -> Result<(), StudyError> {
    let name = format!("{}.parquet", R::TABLE);
    replace_file(dir, &name, |w| tables::write_parquet(w, rows))
}

/// `summary.json`.
#[derive(Serialize)]
struct Summary<'a> {
    #[serde(flatten)]
    info: &'a BatchInfo,
    runs: u64,
    initial_rounds: u64,
    metrics: &'a Metrics,
    provenance: UsedTypes,
    files: &'a [String],
}

/// A catalog parameter with its provenance.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ParamProvenance {
    /// Key as written (unit suffix included).
    pub key: String,
    /// Value as written.
    pub value: f64,
    /// `STATUS: source`.
    pub provenance: String,
}

/// A catalog type with every parameter's provenance.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TypeProvenance {
    /// Type name.
    pub name: String,
    /// Description.
    pub description: String,
    /// Parameters.
    pub params: Vec<ParamProvenance>,
}

/// The catalog types a scenario uses, by section.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct UsedTypes {
    /// Radar types.
    pub radar: Vec<TypeProvenance>,
    /// Interceptor types.
    pub interceptor: Vec<TypeProvenance>,
    /// Launcher types.
    pub launcher: Vec<TypeProvenance>,
    /// Command post types.
    pub command_post: Vec<TypeProvenance>,
    /// Threat types.
    pub threat: Vec<TypeProvenance>,
}

/// The catalog types `scenario` uses, each once, in order of first use.
pub fn provenance(scenario: &Scenario) -> UsedTypes {
    fn list<'a>(entries: impl Iterator<Item = &'a Entry>) -> Vec<TypeProvenance> {
        let mut out: Vec<TypeProvenance> = Vec::new();
        for e in entries {
            if out.iter().any(|t| t.name == e.name) {
                continue;
            }
            out.push(TypeProvenance {
                name: e.name.clone(),
                description: e.description.clone(),
                params: e
                    .params
                    .iter()
                    .map(|p| ParamProvenance {
                        key: p.key.clone(),
                        value: p.value,
                        provenance: p.provenance.to_string(),
                    })
                    .collect(),
            });
        }
        out
    }
    let cat = &scenario.catalog;
    let battalions = || scenario.units.iter().flat_map(|u| &u.battalions);
    UsedTypes {
        radar: list(
            scenario
                .units
                .iter()
                .flat_map(|u| {
                    u.sensors
                        .iter()
                        .chain(u.battalions.iter().map(|b| &b.radar))
                })
                .map(|r| &cat.radars[r.radar].entry),
        ),
        interceptor: list(
            battalions().map(|b| &cat.interceptors[cat.launchers[b.launcher].interceptor].entry),
        ),
        launcher: list(battalions().map(|b| &cat.launchers[b.launcher].entry)),
        command_post: list(
            scenario
                .units
                .iter()
                .filter_map(|u| u.command_post)
                .map(|c| &cat.command_posts[c].entry),
        ),
        threat: list(scenario.raids.iter().map(|r| &cat.threats[r.threat].entry)),
    }
}
