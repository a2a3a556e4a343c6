//! `canopy`: the command-line front end of the Canopy air-defence simulator.
//!
//! Commands: `validate`, `run`, `demo`, `catalog`, `coverage`, `wta`, `track`, `score`, `view`, `batch`, `sweep`, `report`. Each is a thin layer
//! over the library crates; this is the only crate that parses arguments,
//! prints to the terminal and chooses exit codes (0 success, 1 bad input or
//! failed output, 2 bad usage).

mod batch_cmd;
mod catalog_cmd;
mod coverage_cmd;
mod report_cmd;
mod run_cmd;
mod score_cmd;
mod sweep_cmd;
mod track_cmd;
mod view_cmd;
mod wta_cmd;

use clap::{Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

/// Canopy — a simulator of a layered air-defence system of the S-400 class,
/// for analysis. Simulation only; every parameter is notional and public-source.
#[derive(Parser)]
#[command(name = "canopy", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Check scenario files and report every problem with file:line:column.
    Validate {
        /// Scenario files (TOML).
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// Run one scenario and write its results to a folder.
    Run {
        /// Scenario file (TOML).
        file: PathBuf,
        /// Master random seed.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Run index: `--seed S --run K` replays run K of a batch with seed S
        /// exactly (its draws are keyed by seed and run index).
        #[arg(long, default_value_t = 0)]
        run: u64,
        /// Output folder (truth.csv, events.csv, summary.json).
        #[arg(long)]
        out: PathBuf,
        /// Overwrite a non-empty output folder.
        #[arg(long)]
        force: bool,
        /// VALIDATION OPTION: command and control sees exact truth-derived
        /// tracks and guidance flies on truth (labelled in the output and in
        /// summary.json); for checking engagement models against closed forms.
        #[arg(long)]
        perfect_sensing: bool,
    },
    /// Run the built-in demonstration scenario (no files needed), then a short
    /// Monte Carlo batch of it and its report.
    Demo {
        /// Output folder.
        #[arg(long, default_value = "out/demo")]
        out: PathBuf,
        /// Master random seed.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Runs of the Monte Carlo batch that follows the run (its report is
        /// `OUT/batch/report.html`).
        #[arg(long, default_value_t = 10, value_parser = clap::value_parser!(u64).range(1..))]
        batch_runs: u64,
    },
    /// List catalog types with their parameters and provenance.
    Catalog {
        /// A type name (e.g. `brahmos-class`) or a section (`radar`, `threat`, …).
        name: Option<String>,
        /// Also read this scenario's catalogs (user types and overrides).
        #[arg(long)]
        scenario: Option<PathBuf>,
    },
    /// Compute what each radar of a scenario can see: detection range by target
    /// altitude, RCS, Swerling case and criterion (coverage.csv), footprints
    /// (footprints.geojson) and one chart per radar (coverage_<radar>.svg).
    Coverage(coverage_cmd::CoverageArgs),
    /// Run the multi-target tracker on a detections CSV (shared/bench/tracking/FORMAT.md)
    /// and write the confirmed tracks of every scan (tracks CSV), with the loop's timing.
    Track(track_cmd::TrackArgs),
    /// Score a tracks CSV against a truth CSV: mean GOSPA and its components (as
    /// shared/bench/tracking/score.py), track breaks, false tracks, confirmation latency.
    Score(score_cmd::ScoreArgs),
    /// Replay a run folder on a 3-D globe in the browser, offline: serves the
    /// viewer and the folder's replay.czml on 127.0.0.1 until Ctrl-C.
    View(view_cmd::ViewArgs),
    /// Run a scenario N times in parallel (Monte Carlo): per-run, per-threat,
    /// per-round and magazine tables (CSV and Parquet) and summary.json with
    /// metrics and 95 % intervals; --resume finishes an interrupted batch.
    Batch(batch_cmd::BatchArgs),
    /// Vary one or two scenario or catalog parameters by path (PATH=A..B[:STEP]):
    /// one batch per point and sweep.csv with the metrics per point.
    Sweep(sweep_cmd::SweepArgs),
    /// Write DIR/report.html (self-contained: inline SVG charts, no network)
    /// for a batch or sweep folder.
    Report {
        /// A folder written by `canopy batch` or `canopy sweep`.
        dir: PathBuf,
    },
    /// Solve a static weapon-target assignment instance (JSON) and print the
    /// assignment, the expected surviving value F and the solve time.
    Wta {
        /// Instance: {"weapons": W, "targets": T, "value": [T], "p": [[T] x W]}.
        file: PathBuf,
        /// Seed of the search's random perturbations.
        #[arg(long, default_value_t = 1)]
        seed: u64,
    },
}

/// Exit status of a process killed by SIGPIPE (128 + 13), as shells report it.
const CLOSED_PIPE_EXIT: i32 = 141;

/// `println!` panics when stdout is a pipe whose reader has gone
/// (`canopy catalog | head`): Rust ignores SIGPIPE, so the write fails with
/// EPIPE. That is not a bug to report but the end of the output: exit
/// quietly, as a C tool killed by SIGPIPE would; other panics keep the
/// default report.
fn quiet_on_closed_pipe() {
    let default = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let message = info
            .payload()
            .downcast_ref::<String>()
            .map(String::as_str)
            .or_else(|| info.payload().downcast_ref::<&str>().copied())
            .unwrap_or("");
        if message.starts_with("failed printing to stdout") && message.contains("Broken pipe") {
            std::process::exit(CLOSED_PIPE_EXIT);
        }
        default(info);
    }));
}

fn main() -> ExitCode {
    quiet_on_closed_pipe();
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Validate { files } => run_cmd::validate(&files),
        Command::Run {
            file,
            seed,
            run,
            out,
            force,
            perfect_sensing,
        } => run_cmd::run_file(
            &file,
            run_cmd::RunChoice {
                seed,
                run,
                perfect_sensing,
            },
            &out,
            force,
        ),
        Command::Demo {
            out,
            seed,
            batch_runs,
        } => run_cmd::demo(&out, seed, batch_runs),
        Command::Catalog { name, scenario } => {
            catalog_cmd::catalog(name.as_deref(), scenario.as_deref())
        }
        Command::Coverage(args) => coverage_cmd::coverage(&args),
        Command::Track(args) => track_cmd::track(&args),
        Command::Score(args) => score_cmd::score(&args),
        Command::Wta { file, seed } => wta_cmd::wta(&file, seed),
        Command::View(args) => view_cmd::view(&args),
        Command::Batch(args) => batch_cmd::batch(&args),
        Command::Sweep(args) => sweep_cmd::sweep(&args),
        Command::Report { dir } => report_cmd::report(&dir),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}
