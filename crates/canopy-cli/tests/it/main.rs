//! End-to-end tests of the `canopy` binary: exit codes, messages, files.

mod coverage;
mod study;
mod track;

use std::path::PathBuf;
use std::process::{Command, Output};
use std::sync::atomic::{AtomicU32, Ordering};

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn canopy(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_canopy"))
        .args(args)
        .current_dir(repo())
        .output()
        .expect("the binary runs")
}

/// A fresh, empty temporary folder unique to this test process and call.
fn temp_dir() -> PathBuf {
    static N: AtomicU32 = AtomicU32::new(0);
    let d = std::env::temp_dir().join(format!(
        "canopy-cli-test-{}-{}",
        std::process::id(),
        N.fetch_add(1, Ordering::SeqCst)
    ));
    let _ = std::fs::remove_dir_all(&d);
    d
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

#[test]
fn help_exists_for_every_command() {
    for cmd in [
        vec!["--help"],
        vec!["validate", "--help"],
        vec!["run", "--help"],
        vec!["demo", "--help"],
        vec!["catalog", "--help"],
        vec!["coverage", "--help"],
        vec!["wta", "--help"],
        vec!["track", "--help"],
        vec!["score", "--help"],
        vec!["batch", "--help"],
        vec!["sweep", "--help"],
        vec!["report", "--help"],
        vec!["view", "--help"],
    ] {
        let o = canopy(&cmd);
        assert!(o.status.success(), "{cmd:?}");
        assert!(text(&o.stdout).contains("Usage:"), "{cmd:?}");
    }
}

#[test]
fn validate_accepts_shipped_scenarios() {
    let o = canopy(&[
        "validate",
        "scenarios/s400_regiment_mixed_raid.toml",
        "scenarios/patriot_battery_mixed_raid.toml",
    ]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    let out = text(&o.stdout);
    assert_eq!(out.lines().count(), 2);
    assert!(out.contains("ok: scenarios/s400_regiment_mixed_raid.toml — scenario 'S-400-class regiment vs mixed raid'"), "{out}");
}

/// Every broken scenario exits 1 with its expected file:line:column on stderr.
#[test]
fn validate_rejects_each_broken_scenario_with_its_location() {
    let dir = repo().join("crates/canopy-scenario/tests/broken");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("dir")
        .map(|e| e.expect("entry").path())
        .collect();
    files.sort();
    assert!(files.len() >= 20);
    for f in files {
        let rel = f.strip_prefix(repo()).expect("inside repo").to_path_buf();
        let first = std::fs::read_to_string(&f).expect("read");
        let loc = first
            .lines()
            .next()
            .and_then(|l| l.strip_prefix("# expect: "))
            .and_then(|l| l.split_once(' '))
            .map(|(l, _)| l.to_string())
            .expect("header");
        let o = canopy(&["validate", rel.to_str().expect("utf-8")]);
        assert_eq!(o.status.code(), Some(1), "{}", rel.display());
        let err = text(&o.stderr);
        assert!(
            err.contains(&format!("{}:{loc}", rel.display())),
            "{}: {err}",
            rel.display()
        );
        assert!(!err.contains("panicked"), "{err}");
    }
}

#[test]
fn run_writes_files_deterministically_and_protects_output() {
    let (a, b) = (temp_dir(), temp_dir());
    for d in [&a, &b] {
        let o = canopy(&[
            "run",
            "scenarios/s400_regiment_mixed_raid.toml",
            "--seed",
            "3",
            "--out",
            d.to_str().expect("utf-8"),
        ]);
        assert!(o.status.success(), "{}", text(&o.stderr));
    }
    for f in [
        "truth.csv",
        "events.csv",
        "detections.csv",
        "detection_labels.csv",
        "tracks.csv",
        "summary.json",
    ] {
        let (x, y) = (
            std::fs::read(a.join(f)).expect("written"),
            std::fs::read(b.join(f)).expect("written"),
        );
        assert!(x == y, "{f} differs between identical runs");
    }
    let truth = std::fs::read_to_string(a.join("truth.csv")).expect("truth");
    assert!(truth.starts_with("time_s,entity,kind,type,lat_deg,lon_deg,alt_m,speed_mps\n"));
    assert!(truth.lines().count() > 1000, "27 threats sampled every 5 s");
    let summary: serde_json::Value =
        serde_json::from_slice(&std::fs::read(a.join("summary.json")).expect("summary"))
            .expect("json");
    for key in ["scenario", "seed", "canopy_version", "git_hash", "threats"] {
        assert!(summary.get(key).is_some(), "summary.json lacks {key}");
    }
    assert_eq!(summary["threats"], 27);
    assert!(
        summary["tracking"]["gospa_mean_m"]
            .as_f64()
            .is_some_and(|g| g > 0.0)
    );
    let dets = std::fs::read_to_string(a.join("detections.csv")).expect("detections");
    let labels = std::fs::read_to_string(a.join("detection_labels.csv")).expect("labels");
    assert_eq!(
        dets.lines().count(),
        labels.lines().count(),
        "one label per detection"
    );
    assert!(
        !dets.lines().next().unwrap_or_default().contains("origin"),
        "no truth in detections.csv"
    );
    assert_eq!(summary["seed"], 3);
    // Every round says what ended its flight; a miss is a pass by a live
    // threat, and nothing ends by its time of flight with the launch margin.
    let shots = std::fs::read_to_string(a.join("engagements.csv")).expect("engagements");
    let mut lines = shots.lines();
    assert_eq!(
        lines.next(),
        Some(
            "shot,unit,type,track,threat,salvo,launch_time_s,intercept_time_s,miss_m,result,ended_by,seeker_time_s"
        )
    );
    let mut rounds = 0;
    for line in lines {
        let f: Vec<&str> = line.split(',').collect();
        let (result, ended_by) = (f[f.len() - 3], f[f.len() - 2]);
        assert!(
            ["pass", "outrun", "time-of-flight", "ground"].contains(&ended_by),
            "{line}"
        );
        if result == "miss" {
            assert_eq!(ended_by, "pass", "{line}");
        }
        assert_ne!(ended_by, "time-of-flight", "{line}");
        rounds += 1;
    }
    assert!(rounds > 10, "the regiment fires: {rounds} rounds");
    // A non-empty folder is refused without --force, and nothing is lost.
    let o = canopy(&[
        "run",
        "scenarios/s400_regiment_mixed_raid.toml",
        "--out",
        a.to_str().expect("utf-8"),
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(text(&o.stderr).contains("--force"));
    assert_eq!(
        std::fs::read_to_string(a.join("truth.csv")).expect("kept"),
        truth
    );
    let o = canopy(&[
        "run",
        "scenarios/s400_regiment_mixed_raid.toml",
        "--seed",
        "4",
        "--force",
        "--out",
        a.to_str().expect("utf-8"),
    ]);
    assert!(o.status.success());
    assert_ne!(
        std::fs::read_to_string(a.join("truth.csv")).expect("rewritten"),
        truth,
        "seed 4 moves launch points"
    );
    for d in [a, b] {
        let _ = std::fs::remove_dir_all(d);
    }
}

#[test]
fn demo_runs_and_can_rerun_into_its_own_folder() {
    let d = temp_dir();
    for _ in 0..2 {
        let o = canopy(&[
            "demo",
            "--out",
            d.to_str().expect("utf-8"),
            "--batch-runs",
            "2",
        ]);
        assert!(o.status.success(), "{}", text(&o.stderr));
        let out = text(&o.stdout);
        assert!(out.contains(&format!("demo results in {}", d.display())));
        assert!(out.contains("2 runs in"), "{out}");
        assert!(out.contains("report.html"), "{out}");
    }
    assert!(d.join("truth.csv").exists() && d.join("summary.json").exists());
    assert!(d.join("replay.czml").exists());
    let report = std::fs::read_to_string(d.join("batch/report.html")).expect("report");
    assert!(report.contains("<svg"), "the report has charts");
    let _ = std::fs::remove_dir_all(d);
}

#[test]
fn run_of_a_missing_file_is_a_clear_error() {
    let o = canopy(&[
        "run",
        "no/such/file.toml",
        "--out",
        temp_dir().to_str().expect("utf-8"),
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(text(&o.stderr).contains("cannot read no/such/file.toml"));
}

#[test]
fn catalog_lists_types_with_provenance() {
    let o = canopy(&["catalog"]);
    assert!(o.status.success());
    assert!(text(&o.stdout).contains("brahmos-class"));
    let o = canopy(&["catalog", "92N6-class"]);
    assert!(o.status.success());
    let out = text(&o.stdout);
    assert!(out.contains("target_channels"), "{out}");
    assert!(out.contains("DERIVED: system claim 36 targets"), "{out}");
    let o = canopy(&["catalog", "brahmos"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(text(&o.stderr).contains("did you mean `brahmos-class`?"));
}

#[test]
fn wta_solves_an_instance_file() {
    let d = temp_dir();
    std::fs::create_dir_all(&d).expect("mkdir");
    let f = d.join("inst.json");
    // Two weapons, two targets: the optimum sends each weapon to the target
    // it is best against: F = 10·(1−0.9) + 5·(1−0.8) = 2.0.
    std::fs::write(
        &f,
        r#"{"weapons": 2, "targets": 2, "value": [10, 5], "p": [[0.9, 0.5], [0.6, 0.8]]}"#,
    )
    .expect("write");
    let o = canopy(&["wta", f.to_str().expect("utf-8")]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
    assert_eq!(v["assignment"], serde_json::json!([0, 1]));
    assert!((v["objective"].as_f64().expect("number") - 2.0).abs() < 1e-12);
    assert!(v["time_s"].as_f64().expect("number") >= 0.0);
    std::fs::write(
        &f,
        r#"{"weapons": 2, "targets": 2, "value": [10], "p": []}"#,
    )
    .expect("write");
    let o = canopy(&["wta", f.to_str().expect("utf-8")]);
    assert_eq!(o.status.code(), Some(1));
    let _ = std::fs::remove_dir_all(d);
}

/// Output into a pipe whose reader has gone (`canopy catalog | head -1`)
/// ends the command quietly, as SIGPIPE ends a C tool: no panic report.
#[test]
fn closed_stdout_pipe_exits_quietly() {
    use std::process::Stdio;
    // The reading end is closed before canopy starts, so its first write
    // fails (no race with a reader closing later).
    let (reader, writer) = std::io::pipe().expect("a pipe");
    drop(reader);
    let out = Command::new(env!("CARGO_BIN_EXE_canopy"))
        .arg("catalog")
        .stdout(writer)
        .stderr(Stdio::piped())
        .output()
        .expect("canopy runs");
    let err = text(&out.stderr);
    assert!(!err.contains("panicked"), "stderr: {err}");
    assert_eq!(out.status.code(), Some(141), "stderr: {err}");
}
