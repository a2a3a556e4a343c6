//! A small engagement scenario shared by the unit tests: one battalion of
//! three launchers (12 rounds, none held in reserve), four drones; about a
//! second per run in the dev profile.

use canopy_scenario::{Scenario, load_str};
use std::path::{Path, PathBuf};

/// Source of the test scenario.
pub(crate) const SCENARIO: &str = r#"
[scenario]
name = "study test"
duration_s = 420

[doctrine]
reserve_rounds = 0

[[asset]]
name = "A"
lat_deg = 48.0
lon_deg = 68.0
value = 10

[[unit]]
name = "U"
lat_deg = 48.0
lon_deg = 68.0
command_post = "55K6-class"
battalion = [{ radar = "92N6-class", launcher = "5P85-class", launchers = 3 }]

[[raid]]
name = "d"
threat = "shahed-class"
count = 4
launch = { lat_deg = 48.15, lon_deg = 68.0, radius_km = 2 }
interval_s = 4
target = "A"
"#;

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
