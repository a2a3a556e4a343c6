//! `canopy sweep`: one batch per value (or pair of values) of one or two
//! scenario or catalog parameters, and a table of the metrics per point.

use crate::batch_cmd::{catalog_base, progress, read_scenario, threads, version};
use anyhow::Result;
use canopy_study::sweep::{Sweep, Vary, describe};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

/// Arguments of `canopy sweep`.
#[derive(clap::Args)]
pub struct SweepArgs {
    /// Scenario file (TOML).
    file: PathBuf,
    /// PATH=A..B[:STEP]: a numeric value of the scenario file or of a catalog
    /// type, by dotted path: `raid."West cruise missiles".count=2..12:2`,
    /// `raid.0.count=1..5`, `catalog.interceptor.48N6-class.sspk=0.5..0.9:0.1`,
    /// `catalog.threat.tomahawk-class.rcs_m2=0.01..0.1:0.03`,
    /// `doctrine.drone.first_salvo=1..3`. Array elements ([[raid]], [[unit]],
    /// [[asset]], route points) by name or 0-based index; keys with spaces in
    /// quotes. Once or twice (a grid).
    #[arg(long, required = true, value_name = "PATH=A..B[:STEP]", value_parser = vary)]
    vary: Vec<Vary>,
    /// Runs per point.
    #[arg(long, value_parser = clap::value_parser!(u64).range(1..))]
    runs: u64,
    /// Master random seed, the same at every point (common random numbers).
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Output folder: sweep.json, sweep.csv and one batch folder per point.
    #[arg(long)]
    out: PathBuf,
    /// Worker threads (default: every core); results do not depend on it.
    #[arg(long, value_parser = clap::value_parser!(u64).range(1..=1024))]
    threads: Option<u64>,
    /// Finish the sweep already in --out.
    #[arg(long)]
    resume: bool,
}

fn vary(s: &str) -> Result<Vary, String> {
    Vary::parse(s).map_err(|e| e.to_string())
}

pub fn sweep(args: &SweepArgs) -> Result<ExitCode> {
    let Some((text, _)) = read_scenario(&args.file)? else {
        return Ok(ExitCode::FAILURE);
    };
    let (canopy_version, git_hash) = version();
    let base = catalog_base(&args.file);
    let sweep = Sweep::prepare(
        &text,
        &args.file.display().to_string(),
        &base,
        args.vary.clone(),
        args.seed,
        args.runs,
        &canopy_version,
        &git_hash,
    )?;
    let start = Instant::now();
    let bar = progress(sweep.total_runs(), 0);
    let metrics = sweep.run(
        &args.out,
        threads(args.threads),
        args.resume,
        &|_, done| {
            bar.inc(done);
            bar.reset_eta();
        },
        &|| bar.inc(1),
    )?;
    bar.finish_and_clear();
    println!(
        "{}: {} points × {} runs in {:.1} s (seed {})",
        sweep.info.scenario,
        sweep.points.len(),
        args.runs,
        start.elapsed().as_secs_f64(),
        args.seed
    );
    for (p, m) in sweep.info.points.iter().zip(&metrics) {
        let e = m.expected_leakers.mean.unwrap_or(f64::NAN);
        let p0 = m.p_zero_leakers.estimate.unwrap_or(f64::NAN);
        println!(
            "  {} {}: expected leakers {e:.3}, P(zero leakers) {:.1} %",
            p.name,
            describe(&sweep.info.vary, &p.values),
            100.0 * p0
        );
    }
    println!(
        "results in {}/ (sweep.csv, sweep.json, one folder per point)",
        args.out.display()
    );
    Ok(ExitCode::SUCCESS)
}
