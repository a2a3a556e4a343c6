//! Each file under tests/broken starts with `# expect: LINE:COL message`;
//! loading it must fail with a diagnostic at exactly that place whose message
//! contains that text, and must not panic.

use crate::toml_files;
use canopy_scenario::{LoadError, load_file};
use std::path::PathBuf;

fn broken_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/broken")
}

#[test]
fn every_broken_scenario_reports_the_expected_location() {
    let files = toml_files(&broken_dir());
    assert!(
        files.len() >= 20,
        "the issue asks for at least 20 broken scenarios"
    );
    let mut failures = Vec::new();
    for f in &files {
        let text = std::fs::read_to_string(f).expect("readable");
        let header = text.lines().next().unwrap_or_default();
        let spec = header
            .strip_prefix("# expect: ")
            .unwrap_or_else(|| panic!("{} lacks an `# expect:` header", f.display()));
        let (loc, msg) = spec.split_once(' ').expect("LINE:COL message");
        let result = std::panic::catch_unwind(|| load_file(f));
        let Ok(result) = result else {
            failures.push(format!("{}: PANICKED", f.display()));
            continue;
        };
        match result {
            Ok(_) => failures.push(format!("{}: loaded without error", f.display())),
            Err(LoadError::Io { .. }) => failures.push(format!("{}: I/O error", f.display())),
            Err(e @ LoadError::Invalid { .. }) => {
                let LoadError::Invalid {
                    diagnostics,
                    sources,
                } = &e
                else {
                    unreachable!()
                };
                let want = format!("{}:{loc}", f.display());
                let hit = diagnostics
                    .iter()
                    .any(|d| d.location(sources) == want && d.message.contains(msg));
                if !hit {
                    failures.push(format!(
                        "{}: expected `{msg}` at {loc}; got:\n{}",
                        f.display(),
                        e.render()
                    ));
                } else {
                    assert!(
                        e.render().contains(&want),
                        "rendered report names the location"
                    );
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// Several independent problems in one file are all reported at once.
#[test]
fn all_problems_are_reported_together() {
    let text = r#"
[scenario]
name = "many"
duration_s = -5

[[asset]]
name = "A"
lat_deg = 91
lon_deg = 0

[[raid]]
name = "R"
threat = "tomahwak-class"
count = 0
launch = { lat_deg = 0, lon_deg = 0 }
target = "B"
speling = 1
"#;
    let Err(LoadError::Invalid {
        diagnostics,
        sources,
    }) = canopy_scenario::load_str("many.toml", text, std::path::Path::new("."))
    else {
        panic!("must fail")
    };
    let locs: Vec<String> = diagnostics.iter().map(|d| d.location(&sources)).collect();
    for want in [
        "many.toml:4:14",
        "many.toml:8:11",
        "many.toml:13:10",
        "many.toml:14:9",
        "many.toml:16:10",
        "many.toml:17:1",
    ] {
        assert!(locs.iter().any(|l| l == want), "missing {want} in {locs:?}");
    }
    let typo = diagnostics
        .iter()
        .find(|d| d.message.contains("tomahwak"))
        .expect("typo reported");
    assert_eq!(typo.hint.as_deref(), Some("did you mean `tomahawk-class`?"));
}
