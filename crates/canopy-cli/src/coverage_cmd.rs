//! `canopy coverage`: what each radar of a scenario can see, as a CSV table,
//! GeoJSON footprints, one SVG chart per radar and a summary on stdout.

use crate::run_cmd::{create, load_reporting, prepare_out};
use anyhow::{Context, Result, bail};
use canopy_output::coverage::{
    CoverageSpec, DEFAULT_ALTITUDES_M, DEFAULT_FOOTPRINT_ALTITUDES_M, DEFAULT_LOOKS,
    DEFAULT_RCS_M2, DEFAULT_SWERLINGS, MAX_ALTITUDE_M, MAX_LOOKS, study,
};
use canopy_sensors::detection::Swerling;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

/// Largest RCS accepted, m² (a ship is ~10⁴; beyond 10⁶ is a typing error).
const MAX_RCS_M2: f64 = 1.0e6;

/// Arguments of `canopy coverage`.
#[derive(clap::Args)]
pub struct CoverageArgs {
    /// Scenario file (TOML).
    file: PathBuf,
    /// Output folder (coverage.csv, footprints.geojson, coverage_<radar>.svg).
    #[arg(long)]
    out: PathBuf,
    /// Overwrite a non-empty output folder.
    #[arg(long)]
    force: bool,
    /// Target altitudes of the table and charts, m above sea level, comma-separated.
    #[arg(long, value_name = "M,...", value_delimiter = ',', value_parser = altitude,
          default_values_t = DEFAULT_ALTITUDES_M)]
    altitudes: Vec<f64>,
    /// Mean target RCS values, m², comma-separated.
    #[arg(long, value_name = "M2,...", value_delimiter = ',', value_parser = rcs,
          default_values_t = DEFAULT_RCS_M2)]
    rcs: Vec<f64>,
    /// Swerling cases (0-4), comma-separated. Charts show case 1 if listed, else the first.
    #[arg(long, value_name = "CASE,...", value_delimiter = ',', value_parser = swerling_case,
          default_values_t = DEFAULT_SWERLINGS)]
    swerling: Vec<u8>,
    /// Looks k of the cumulative criterion (cumulative Pd >= 0.9 over k independent
    /// looks at the same range; the other criterion is single-look Pd >= 0.5).
    #[arg(long, value_name = "K", default_value_t = DEFAULT_LOOKS,
          value_parser = clap::value_parser!(u32).range(1..=i64::from(MAX_LOOKS)))]
    looks: u32,
    /// Altitudes of the footprints and the printed summary, m, comma-separated.
    #[arg(long, value_name = "M,...", value_delimiter = ',', value_parser = altitude,
          default_values_t = DEFAULT_FOOTPRINT_ALTITUDES_M)]
    footprint_altitudes: Vec<f64>,
    /// RCS of the footprints' reference target, m² (criterion: single-look Pd >= 0.5).
    #[arg(long, value_name = "M2", value_parser = rcs, default_value_t = 1.0)]
    footprint_rcs: f64,
    /// Swerling case of the footprints' reference target.
    #[arg(long, value_name = "CASE", value_parser = swerling_case, default_value_t = 1)]
    footprint_swerling: u8,
}

/// A number in (0, max], for clap.
fn positive(s: &str, what: &str, unit: &str, max: f64) -> Result<f64, String> {
    let v: f64 = s
        .trim()
        .parse()
        .map_err(|_| format!("`{s}` is not a number ({what} in {unit})"))?;
    if !(v.is_finite() && v > 0.0 && v <= max) {
        return Err(format!("{what} must be > 0 and at most {max} {unit}"));
    }
    Ok(v)
}

fn altitude(s: &str) -> Result<f64, String> {
    // Strictly positive: the charts' altitude axis is logarithmic.
    positive(s, "an altitude", "m", MAX_ALTITUDE_M)
}

fn rcs(s: &str) -> Result<f64, String> {
    positive(s, "an RCS", "m²", MAX_RCS_M2)
}

fn swerling_case(s: &str) -> Result<u8, String> {
    s.trim()
        .parse::<u8>()
        .ok()
        .filter(|c| Swerling::from_case(*c).is_ok())
        .ok_or_else(|| format!("`{s}` is not a Swerling case (0, 1, 2, 3 or 4)"))
}

/// Parsers only pass cases 0-4, so the conversion cannot fail; keep it an error anyway.
fn to_swerling(case: u8) -> Result<Swerling> {
    Swerling::from_case(case).with_context(|| format!("Swerling case {case}"))
}

pub fn coverage(args: &CoverageArgs) -> Result<ExitCode> {
    let Some(loaded) = load_reporting(&args.file) else {
        return Ok(ExitCode::FAILURE);
    };
    let spec = CoverageSpec {
        altitudes_m: args.altitudes.clone(),
        rcs_m2: args.rcs.clone(),
        swerlings: args
            .swerling
            .iter()
            .map(|&c| to_swerling(c))
            .collect::<Result<_>>()?,
        looks: args.looks,
        footprint_altitudes_m: args.footprint_altitudes.clone(),
        reference_rcs_m2: args.footprint_rcs,
        reference_swerling: to_swerling(args.footprint_swerling)?,
    };
    let result = study(&loaded.scenario, &spec)?;
    if result.radars.is_empty() {
        bail!(
            "scenario '{}' places no radar: there is no coverage to compute",
            result.scenario
        );
    }
    // Everything is computed before the folder is touched, so a failure leaves it as it was.
    prepare_out(&args.out, args.force, |_| false)?;
    let mut csv = create(&args.out, "coverage.csv")?;
    result.write_csv(&mut csv).context("writing coverage.csv")?;
    let mut geojson = create(&args.out, "footprints.geojson")?;
    result
        .write_geojson(&mut geojson)
        .context("writing footprints.geojson")?;
    let names = result.chart_file_names();
    for (i, name) in names.iter().enumerate() {
        let chart = result
            .chart(i)
            .with_context(|| format!("no chart for radar {i}"))?;
        let svg = chart.render().with_context(|| format!("drawing {name}"))?;
        let mut f = create(&args.out, name)?;
        f.write_all(svg.as_bytes())
            .and_then(|()| f.flush())
            .with_context(|| format!("writing {name}"))?;
    }
    print!("{}", result.summary_table());
    println!(
        "results in {}/ (coverage.csv, footprints.geojson, {} charts: {})",
        args.out.display(),
        names.len(),
        names.join(", ")
    );
    Ok(ExitCode::SUCCESS)
}
