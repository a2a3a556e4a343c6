//! `canopy batch`: N runs of a scenario in parallel into a folder of
//! tables (CSV and Parquet) and a summary with intervals; `--resume`
//! finishes an interrupted batch; `--replay K` replays chosen runs with
//! every output of `canopy run`.

use crate::run_cmd::{RunChoice, run_into};
use anyhow::{Context, Result, bail};
use canopy_scenario::{Loaded, load_str};
use canopy_study::batch::{Batch, BatchInfo, BatchSpec};
use canopy_study::metrics::Metrics;
use canopy_study::stats::Proportion;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

/// Arguments of `canopy batch`.
#[derive(clap::Args)]
pub struct BatchArgs {
    /// Scenario file (TOML).
    file: PathBuf,
    /// Number of runs (run indices 0 to N-1).
    #[arg(long, value_parser = clap::value_parser!(u64).range(1..))]
    runs: u64,
    /// Master random seed; run k draws from streams keyed by (seed, k).
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Output folder (must be absent or empty, unless --resume).
    #[arg(long)]
    out: PathBuf,
    /// Worker threads (default: every core); results do not depend on it.
    #[arg(long, value_parser = clap::value_parser!(u64).range(1..=1024))]
    threads: Option<u64>,
    /// Finish the batch already in --out: run only its missing run indices.
    #[arg(long)]
    resume: bool,
    /// After the batch, replay these runs with every output of `canopy run`
    /// (incl. replay.czml for `canopy view`) into OUT/replay/run-K/.
    #[arg(long, value_delimiter = ',', value_name = "K[,K...]")]
    replay: Vec<u64>,
}

/// The thread count: as asked, or every core.
pub(crate) fn threads(asked: Option<u64>) -> usize {
    asked.map_or_else(
        || std::thread::available_parallelism().map_or(1, |n| n.get()),
        |t| t as usize,
    )
}

/// The folder a scenario's catalog paths are relative to, made absolute so
/// that `canopy report` finds the catalogs from any working directory.
pub(crate) fn catalog_base(file: &Path) -> PathBuf {
    let dir = file
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf())
}

/// A scenario file's text and its validated form; diagnostics go to stderr.
pub(crate) fn read_scenario(file: &Path) -> Result<Option<(String, Loaded)>> {
    let text =
        std::fs::read_to_string(file).with_context(|| format!("cannot read {}", file.display()))?;
    match load_str(&file.display().to_string(), &text, &catalog_base(file)) {
        Ok(l) => Ok(Some((text, l))),
        Err(e) => {
            eprint!("{}", e.render());
            Ok(None)
        }
    }
}

/// A progress bar with rate and ETA on a terminal; hidden otherwise.
pub(crate) fn progress(len: u64, done: u64) -> ProgressBar {
    let target = if std::io::stderr().is_terminal() {
        ProgressDrawTarget::stderr()
    } else {
        ProgressDrawTarget::hidden()
    };
    let bar = ProgressBar::with_draw_target(Some(len), target);
    if let Ok(style) = ProgressStyle::with_template(
        "{elapsed_precise} [{bar:40}] {pos}/{len} runs  {per_sec}  ETA {eta}",
    ) {
        bar.set_style(style.progress_chars("=> "));
    }
    bar.set_position(done);
    // Runs done before this session are not this session's rate.
    bar.reset_eta();
    bar
}

/// The canopy version and git commit, for results files.
pub(crate) fn version() -> (String, String) {
    (
        env!("CARGO_PKG_VERSION").to_string(),
        env!("CANOPY_GIT_HASH").to_string(),
    )
}

fn proportion(p: &Proportion) -> String {
    match (p.estimate, p.clopper_pearson) {
        (Some(e), Some(i)) => format!(
            "{:.1} % ({}/{}; 95 % CP {:.1}–{:.1} %)",
            100.0 * e,
            p.successes,
            p.trials,
            100.0 * i.lo,
            100.0 * i.hi
        ),
        _ => "no data".into(),
    }
}

/// The headline numbers of a batch, one per line.
pub(crate) fn print_metrics(m: &Metrics) {
    println!(
        "  per-shot kill probability:      {}",
        proportion(&m.per_shot_kill)
    );
    println!(
        "  per engaged threat killed:      {}",
        proportion(&m.per_engaged_threat_kill)
    );
    println!(
        "  raid-level fraction stopped:    {}",
        proportion(&m.raid_fraction_stopped)
    );
    println!(
        "  P(zero leakers):                {}",
        proportion(&m.p_zero_leakers)
    );
    if let (Some(e), Some(i)) = (m.expected_leakers.mean, m.expected_leakers.t) {
        println!(
            "  expected leakers per run:       {e:.3} (95 % t {:.3}–{:.3})",
            i.lo, i.hi
        );
    }
    if let Some(r) = m.rounds_per_run.mean {
        println!("  rounds expended per run:        {r:.2}");
    }
}

pub fn batch(args: &BatchArgs) -> Result<ExitCode> {
    let Some((text, loaded)) = read_scenario(&args.file)? else {
        return Ok(ExitCode::FAILURE);
    };
    let source = Source {
        text: &text,
        loaded: &loaded,
        file: &args.file.display().to_string(),
        catalog_base: catalog_base(&args.file),
    };
    let spec = BatchSpec {
        runs: args.runs,
        threads: threads(args.threads),
        resume: args.resume,
    };
    if let Some(&k) = args.replay.iter().find(|&&k| k >= args.runs) {
        bail!(
            "--replay {k}: the batch has runs 0 to {} (hint: run indices start at 0)",
            args.runs - 1
        );
    }
    run_batch(&source, args.seed, spec, &args.out)?;
    for &run in &args.replay {
        let dir = args.out.join("replay").join(format!("run-{run}"));
        std::fs::create_dir_all(&dir)
            .with_context(|| format!("cannot create {}", dir.display()))?;
        let choice = RunChoice {
            seed: args.seed,
            run,
            perfect_sensing: false,
        };
        run_into(&loaded, source.file, choice, &dir)?;
        println!(
            "replay of run {run} in {}/ (view it: canopy view {})",
            dir.display(),
            dir.display()
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// A scenario as a batch needs it: its text (recorded and fingerprinted),
/// its validated form, its name for the records and its catalogs' folder.
pub(crate) struct Source<'a> {
    pub text: &'a str,
    pub loaded: &'a Loaded,
    pub file: &'a str,
    pub catalog_base: PathBuf,
}

/// Runs (or resumes) a batch into `out` with a progress bar, and prints its
/// headline metrics and files.
pub(crate) fn run_batch(source: &Source<'_>, seed: u64, spec: BatchSpec, out: &Path) -> Result<()> {
    let (canopy_version, git_hash) = version();
    let scenario = &source.loaded.scenario;
    let info = BatchInfo {
        scenario: scenario.name.clone(),
        scenario_file: source.file.to_string(),
        catalog_base: source.catalog_base.clone(),
        source_fingerprint: canopy_study::fingerprint(source.loaded.sources.texts()),
        seed,
        overrides: Vec::new(),
        canopy_version,
        git_hash,
    };
    let start = Instant::now();
    let mut batch = Batch::open(out, scenario, source.text, info, spec)?;
    let done = batch.previously_done();
    let todo = batch.missing().len() as u64;
    if done > 0 {
        println!("resuming: {done} of {} runs already done", spec.runs);
    }
    let bar = progress(spec.runs, done);
    batch.run(&|| bar.inc(1))?;
    bar.finish_and_clear();
    let result = batch.finish()?;
    let secs = start.elapsed().as_secs_f64();
    println!(
        "{}: {todo} runs in {secs:.1} s on {} thread(s) ({} in total, seed {seed})",
        scenario.name, spec.threads, spec.runs
    );
    print_metrics(&result.metrics);
    println!(
        "results in {}/ ({})",
        out.display(),
        result.files.join(", ")
    );
    Ok(())
}
