//! `canopy score`: GOSPA and track-continuity scores of a tracks file against truth, as
//! `shared/bench/tracking/score.py` computes them (same steps, same means, same JSON keys),
//! plus track breaks, false tracks and latency to confirmation.

use crate::track_cmd::{integer, read_columns};
use anyhow::{Context, Result, anyhow, bail};
use canopy_tracking::metrics::{GospaConfig, Step, score_run};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Arguments of `canopy score`.
#[derive(clap::Args)]
pub struct ScoreArgs {
    /// Truth file: time_s,target_id,x_m,y_m (FORMAT.md).
    truth: PathBuf,
    /// Tracks file: time_s,track_id,x_m,y_m.
    tracks: PathBuf,
    /// GOSPA cut-off c (m).
    #[arg(long, default_value_t = 100.0)]
    c: f64,
    /// GOSPA order p.
    #[arg(long, default_value_t = 2.0)]
    p: f64,
    /// GOSPA alpha (0 < alpha <= 2).
    #[arg(long, default_value_t = 2.0)]
    alpha: f64,
    /// Ignore the first N truth time steps (track start-up).
    #[arg(long, default_value_t = 0)]
    skip: usize,
    /// Score only the first N truth time steps after --skip.
    #[arg(long)]
    steps: Option<usize>,
    /// Also write the scores as JSON to this file.
    #[arg(long)]
    json: Option<PathBuf>,
}

/// Time key of a row: microseconds, as score.py groups times rounded to 6 decimals.
fn time_key(t: f64) -> i64 {
    (t * 1e6).round() as i64
}

/// Labelled 2-D points of a file, grouped by time key.
type Points = BTreeMap<i64, Vec<(i64, [f64; 2])>>;

/// Reads `time_s`, the id column and `x_m`, `y_m` of a truth or tracks file.
fn read_points(path: &Path, id: &str) -> Result<Points> {
    let mut points = Points::new();
    for (line, v) in read_columns(path, &["time_s", id, "x_m", "y_m"])? {
        let label = integer(path, line, id, v[1])?;
        points
            .entry(time_key(v[0]))
            .or_default()
            .push((label, [v[2], v[3]]));
    }
    Ok(points)
}

/// `canopy score`.
pub fn score(args: &ScoreArgs) -> Result<ExitCode> {
    let config = GospaConfig {
        c: args.c,
        p: args.p,
        alpha: args.alpha,
    };
    config.validate().map_err(|e| anyhow!("{e}"))?;
    let truth = read_points(&args.truth, "target_id")?;
    let tracks = read_points(&args.tracks, "track_id")?;
    let steps: Vec<Step<2>> = truth
        .iter()
        .skip(args.skip)
        .take(args.steps.unwrap_or(usize::MAX))
        .map(|(&key, points)| Step {
            time_s: key as f64 * 1e-6,
            truth: points.clone(),
            tracks: tracks.get(&key).cloned().unwrap_or_default(),
        })
        .collect();
    if steps.is_empty() {
        bail!(
            "{}: no truth time steps to score (the file has {}, --skip {})",
            args.truth.display(),
            truth.len(),
            args.skip
        );
    }
    let s = score_run(&steps, &config).map_err(|e| anyhow!("{e}"))?;
    let json = serde_json::json!({
        "c_m": s.config.c,
        "p": s.config.p,
        "alpha": s.config.alpha,
        "time_steps": s.steps,
        "skipped": args.skip,
        "gospa_mean_m": s.gospa_mean,
        "localisation_mean_pth": s.localisation_mean,
        "missed_mean_pth": s.missed_mean,
        "false_mean_pth": s.false_mean,
        "missed_targets_per_step": s.missed_per_step,
        "false_tracks_per_step": s.false_per_step,
        "rms_loc_error_m": s.rms_localisation,
        "truths_per_step": s.truths_per_step,
        "tracks_per_step": s.tracks_per_step,
        "track_ids": s.track_ids,
        "track_breaks": s.breaks,
        "false_tracks": s.false_tracks,
        "latency_mean_s": s.latency_mean_s,
        "latency_max_s": s.latency_max_s,
        "truths_never_held": s.never_held,
    });
    println!(
        "GOSPA (c={} m, p={}, alpha={}) mean over {} steps: {:.3} m",
        s.config.c, s.config.p, s.config.alpha, s.steps, s.gospa_mean
    );
    println!(
        "  components (mean, m^p): localisation {:.3}, missed {:.3}, false {:.3}",
        s.localisation_mean, s.missed_mean, s.false_mean
    );
    println!(
        "  missed targets/step {:.3}, false tracks/step {:.3}, RMS loc error {:.2} m",
        s.missed_per_step, s.false_per_step, s.rms_localisation
    );
    println!(
        "  track ids {}, track breaks {}, false tracks {}, latency to confirmation mean {:.2} s, max {:.2} s, truths never held {}",
        s.track_ids, s.breaks, s.false_tracks, s.latency_mean_s, s.latency_max_s, s.never_held
    );
    println!("SCORE {json}");
    if let Some(path) = &args.json {
        std::fs::write(path, format!("{json:#}\n"))
            .with_context(|| format!("cannot write {}", path.display()))?;
    }
    Ok(ExitCode::SUCCESS)
}
