//! `canopy report`: the self-contained HTML report of a batch or sweep folder.

use anyhow::Result;
use std::path::Path;
use std::process::ExitCode;

pub fn report(dir: &Path) -> Result<ExitCode> {
    let path = canopy_study::report::write_report(dir)?;
    println!("report: {}", path.display());
    Ok(ExitCode::SUCCESS)
}
