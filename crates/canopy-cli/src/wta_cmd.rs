//! `canopy wta`: the standalone weapon-target assignment solver.

use anyhow::{Context, Result};
use canopy_c2::wta::{WtaOptions, solve_instance_json};
use canopy_core::{Streams, Subsystem};
use std::path::Path;
use std::process::ExitCode;
use std::time::Instant;

pub fn wta(file: &Path, seed: u64) -> Result<ExitCode> {
    let text =
        std::fs::read_to_string(file).with_context(|| format!("cannot read {}", file.display()))?;
    let mut rng = Streams::new(seed, 0).stream(Subsystem::Command, 0);
    // The clock is read here, in the CLI, never inside the solver.
    let start = Instant::now();
    let solution = solve_instance_json(&text, &WtaOptions::default(), &mut rng);
    let elapsed = start.elapsed().as_secs_f64();
    match solution {
        Ok(s) => {
            println!("{}", s.to_json(elapsed));
            Ok(ExitCode::SUCCESS)
        }
        Err(e) => {
            eprintln!(
                "error: {}: {e}\n = hint: the format is {{\"weapons\": W, \"targets\": T, \"value\": [T numbers], \"p\": [W rows of T probabilities]}}",
                file.display()
            );
            Ok(ExitCode::FAILURE)
        }
    }
}
