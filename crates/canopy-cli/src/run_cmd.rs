//! `canopy validate`, `canopy run` and `canopy demo`.

use crate::batch_cmd::{Source, run_batch, threads};
use anyhow::{Context, Result, bail};
use canopy_engine::{RunConfig, run};
use canopy_output::czml::{CzmlOptions, CzmlWriter};
use canopy_output::{
    DetectionsCsv, EventsCsv, RunMeta, Tee, TracksCsv, TruthCsv, write_engagements, write_summary,
    write_threats,
};
use canopy_scenario::{Loaded, Scenario, load_file, load_str};
use canopy_study::batch::BatchSpec;
use std::fs::File;
use std::io::BufWriter;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// The scenario `canopy demo` runs, embedded so it needs no files.
const DEMO: &str = include_str!("../../../scenarios/s400_regiment_mixed_raid.toml");
const DEMO_NAME: &str = "<built-in demo: scenarios/s400_regiment_mixed_raid.toml>";

/// One line describing a valid scenario.
fn describe(s: &Scenario) -> String {
    let radars: usize = s
        .units
        .iter()
        .map(|u| u.sensors.len() + u.battalions.len())
        .sum();
    let launchers: u32 = s
        .units
        .iter()
        .flat_map(|u| &u.battalions)
        .map(|b| b.launchers)
        .sum();
    format!(
        "scenario '{}': {} assets, {} units ({radars} radars, {launchers} launchers), {} raids with {} threats, {} s",
        s.name,
        s.assets.len(),
        s.units.len(),
        s.raids.len(),
        s.threat_count(),
        s.duration.as_secs_f64()
    )
}

pub fn validate(files: &[PathBuf]) -> Result<ExitCode> {
    let mut failed = 0;
    for f in files {
        match load_file(f) {
            Ok(l) => println!("ok: {} — {}", f.display(), describe(&l.scenario)),
            Err(e) => {
                failed += 1;
                eprint!("{}", e.render());
            }
        }
    }
    if failed > 0 {
        eprintln!("{failed} of {} file(s) invalid", files.len());
        return Ok(ExitCode::FAILURE);
    }
    Ok(ExitCode::SUCCESS)
}

/// Makes sure `out` can receive results: absent or empty, or `force`.
pub(crate) fn prepare_out(
    out: &Path,
    force: bool,
    may_replace: impl Fn(&Path) -> bool,
) -> Result<()> {
    if out.exists() {
        if !out.is_dir() {
            bail!("{} exists and is not a folder", out.display());
        }
        let non_empty = std::fs::read_dir(out)
            .with_context(|| format!("cannot list {}", out.display()))?
            .next()
            .is_some();
        if non_empty && !force && !may_replace(out) {
            bail!(
                "{} is not empty; pass --force to overwrite, or choose another --out",
                out.display()
            );
        }
    }
    std::fs::create_dir_all(out).with_context(|| format!("cannot create {}", out.display()))
}

/// Creates (truncates) `out/name` for buffered writing.
pub(crate) fn create(out: &Path, name: &str) -> Result<BufWriter<File>> {
    let p = out.join(name);
    Ok(BufWriter::new(File::create(&p).with_context(|| {
        format!("cannot create {}", p.display())
    })?))
}

/// Which run of a scenario to play: run `run` of a batch with master seed
/// `seed` draws exactly what that batch's run drew.
#[derive(Clone, Copy)]
pub(crate) struct RunChoice {
    pub seed: u64,
    pub run: u64,
    /// VALIDATION OPTION: command and control sees truth.
    pub perfect_sensing: bool,
}

/// `canopy run` plays the whole loop (sense, track, engage) into `out`;
/// returns the names of the files written.
pub(crate) fn run_into(
    loaded: &Loaded,
    scenario_file: &str,
    choice: RunChoice,
    out: &Path,
) -> Result<Vec<&'static str>> {
    let scenario = &loaded.scenario;
    let RunChoice {
        seed,
        run: index,
        perfect_sensing,
    } = choice;
    let config = RunConfig {
        engage: true,
        perfect_sensing,
        ..RunConfig::new(seed, index)
    };
    if perfect_sensing {
        println!(
            "VALIDATION OPTION: perfect sensing — command and control sees truth, not the track picture"
        );
    }
    let mut truth = TruthCsv::new(create(out, "truth.csv")?);
    let mut events = EventsCsv::new(create(out, "events.csv")?);
    let mut detections = DetectionsCsv::new(
        create(out, "detections.csv")?,
        create(out, "detection_labels.csv")?,
    );
    let mut tracks = TracksCsv::new(create(out, "tracks.csv")?);
    let mut replay =
        CzmlWriter::new(scenario, &CzmlOptions::default()).context("preparing replay.czml")?;
    let summary = run(
        scenario,
        config,
        &mut Tee(vec![
            &mut truth,
            &mut events,
            &mut detections,
            &mut tracks,
            &mut replay,
        ]),
    );
    tracks.finish().context("writing tracks.csv")?;
    truth.finish().context("writing truth.csv")?;
    events.finish().context("writing events.csv")?;
    detections
        .finish()
        .context("writing detections.csv and detection_labels.csv")?;
    let mut files = vec![
        "truth.csv",
        "events.csv",
        "detections.csv",
        "detection_labels.csv",
        "tracks.csv",
    ];
    replay
        .write(create(out, "replay.czml")?)
        .context("writing replay.czml")?;
    files.push("replay.czml");
    if let Some(e) = &summary.engagement {
        write_engagements(create(out, "engagements.csv")?, e).context("writing engagements.csv")?;
        write_threats(create(out, "threats.csv")?, e).context("writing threats.csv")?;
        files.extend(["engagements.csv", "threats.csv"]);
    }
    files.push("summary.json");
    let (canopy_version, git_hash) = crate::batch_cmd::version();
    let meta = RunMeta {
        scenario: scenario.name.clone(),
        scenario_file: scenario_file.to_string(),
        seed,
        run: index,
        canopy_version,
        git_hash,
        tick_s: scenario.tick.as_secs_f64(),
        perfect_sensing,
    };
    write_summary(create(out, "summary.json")?, &meta, &summary, &files)
        .context("writing summary.json")?;
    println!(
        "{}: {} threats — {} impacts, {} routes completed, {} unfinished at t = {} s",
        scenario.name,
        summary.threats,
        summary.impacts,
        summary.routes_completed,
        summary.unfinished,
        summary.end_time
    );
    if let Some(e) = &summary.engagement {
        let leaks: Vec<String> = e
            .leaked
            .iter()
            .filter(|(_, n)| *n > 0)
            .map(|(c, n)| format!("{n} {}", c.name()))
            .collect();
        println!(
            "engagement: {} killed, {} rounds expended; leaked: {}",
            e.killed,
            e.rounds_expended,
            if leaks.is_empty() {
                "none".to_string()
            } else {
                leaks.join(", ")
            }
        );
    }
    if let Some(t) = &summary.tracking {
        println!(
            "track picture: mean GOSPA {:.0} m (c = {} m), RMS error {:.0} m, {} confirmed tracks, {} false, {} breaks, {} threats never tracked",
            t.gospa_mean_m,
            canopy_engine::GOSPA_CUTOFF_M,
            t.rms_error_m,
            t.tracks,
            t.false_tracks,
            t.breaks,
            t.never_held
        );
    }
    Ok(files)
}

/// Loads a scenario file; if it is invalid, prints every diagnostic to stderr
/// and returns `None` (the caller exits 1).
pub(crate) fn load_reporting(file: &Path) -> Option<Loaded> {
    load_file(file).map_err(|e| eprint!("{}", e.render())).ok()
}

pub fn run_file(file: &Path, choice: RunChoice, out: &Path, force: bool) -> Result<ExitCode> {
    let Some(loaded) = load_reporting(file) else {
        return Ok(ExitCode::FAILURE);
    };
    prepare_out(out, force, |_| false)?;
    let files = run_into(&loaded, &file.display().to_string(), choice, out)?;
    println!("results in {}/ ({})", out.display(), files.join(", "));
    Ok(ExitCode::SUCCESS)
}

pub fn demo(out: &Path, seed: u64, batch_runs: u64) -> Result<ExitCode> {
    let loaded = load_str(DEMO_NAME, DEMO, Path::new("."))
        .map_err(|e| anyhow::anyhow!("the built-in demo is invalid (a bug):\n{}", e.render()))?;
    // A folder holding a previous demo's results may be overwritten; anything
    // else is protected as for `canopy run`.
    let previous_demo = |dir: &Path| {
        std::fs::read_to_string(dir.join("summary.json")).is_ok_and(|s| s.contains(DEMO_NAME))
    };
    prepare_out(out, false, previous_demo)?;
    let choice = RunChoice {
        seed,
        run: 0,
        perfect_sensing: false,
    };
    let files = run_into(&loaded, DEMO_NAME, choice, out)?;
    println!("demo results in {}/ ({})", out.display(), files.join(", "));
    // Then what one run cannot say: a short Monte Carlo batch and its report.
    let batch_dir = out.join("batch");
    if batch_dir.exists() {
        // Only a previous demo's batch can be here (the folder passed the
        // check above), and a batch needs an empty folder.
        std::fs::remove_dir_all(&batch_dir)
            .with_context(|| format!("cannot clear {}", batch_dir.display()))?;
    }
    let source = Source {
        text: DEMO,
        loaded: &loaded,
        file: DEMO_NAME,
        catalog_base: PathBuf::from("."),
    };
    let spec = BatchSpec {
        runs: batch_runs,
        threads: threads(None),
        resume: false,
    };
    run_batch(&source, seed, spec, &batch_dir)?;
    crate::report_cmd::report(&batch_dir)
}
