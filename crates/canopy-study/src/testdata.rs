//! A small engagement scenario shared by the unit tests: one battalion of
//! three launchers (12 rounds, none held in reserve), four drones; about a
//! second per run in the dev profile.

use canopy_scenario::{Scenario, load_str};
use std::path::{Path, PathBuf};

/// Source of the test scenario (also used by the CLI's study tests).
pub(crate) const SCENARIO: &str = include_str!("../testdata/small_engagement.toml");

/// The test scenario, loaded.
pub(crate) fn scenario() -> Scenario {
    match load_str("study test", SCENARIO, Path::new(".")) {
        Ok(l) => l.scenario,
        Err(e) => panic!("{}", e.render()),
    }
}

/// A fresh, absent temporary folder unique to this process and `name`.
pub(crate) fn temp_dir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("canopy-study-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    d
}
