//! `canopy track` and `canopy score` on the committed peer-benchmark fixture
//! (`bench/tracking/fixtures/small`, from `bench/tracking/make_fixtures.sh`): the Stone
//! Soup comparison, agreement with score.py, and clean failures on bad files.

use super::{canopy, temp_dir, text};
use std::path::Path;

const FIXTURE: &str = "bench/tracking/fixtures/small";

/// The JSON object after `prefix` on a line of `stdout`.
fn json_line(stdout: &str, prefix: &str) -> serde_json::Value {
    let line = stdout
        .lines()
        .find_map(|l| l.strip_prefix(prefix))
        .unwrap_or_else(|| panic!("no {prefix} line in {stdout}"));
    serde_json::from_str(line).expect("valid JSON")
}

/// A JSON file of the fixture.
fn fixture_json(name: &str) -> serde_json::Value {
    let path = super::repo().join(FIXTURE).join(name);
    serde_json::from_str(&std::fs::read_to_string(path).expect("fixture")).expect("JSON")
}

/// Runs `canopy track` on the fixture into `out`, asserting success.
fn track(out: &Path, extra: &[&str]) -> String {
    let detections = format!("{FIXTURE}/detections.csv");
    let mut args = vec!["track", &detections, "--out", out.to_str().expect("utf-8")];
    args.extend_from_slice(extra);
    let o = canopy(&args);
    assert!(o.status.success(), "{}", text(&o.stderr));
    text(&o.stdout)
}

#[test]
fn help_exists_for_track_and_score() {
    for cmd in ["track", "score"] {
        let o = canopy(&[cmd, "--help"]);
        assert!(o.status.success(), "{cmd}");
        assert!(text(&o.stdout).contains("Usage:"), "{cmd}");
    }
}

#[test]
fn track_and_score_reproduce_the_stonesoup_comparison() {
    let dir = temp_dir();
    std::fs::create_dir_all(&dir).expect("mkdir");
    let (a, b) = (dir.join("a.csv"), dir.join("b.csv"));
    let stdout = track(&a, &[]);
    assert!(stdout.contains("detections: 1910"), "{stdout}");
    let summary = json_line(&stdout, "SUMMARY ");
    assert_eq!(summary["scans"], 50);
    assert!(summary["detections_per_s"].as_f64().expect("number") > 0.0);
    track(&b, &["--repeat", "2"]);
    let tracks = std::fs::read_to_string(&a).expect("written");
    assert!(tracks.starts_with("time_s,track_id,x_m,y_m\n"));
    assert_eq!(
        tracks,
        std::fs::read_to_string(&b).expect("written"),
        "deterministic"
    );
    let truth = format!("{FIXTURE}/truth.csv");
    let o = canopy(&["score", &truth, a.to_str().expect("utf-8")]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    let ours = json_line(&text(&o.stdout), "SCORE ")["gospa_mean_m"]
        .as_f64()
        .expect("number");
    // Stone Soup's GNN tracker on the same detections, scored by score.py (committed
    // by make_fixtures.sh): 125.743 m.
    let stonesoup = fixture_json("score_default.json")["gospa_mean_m"]
        .as_f64()
        .expect("number");
    assert!(
        ours <= stonesoup,
        "canopy {ours} m > Stone Soup {stonesoup} m"
    );
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn score_agrees_with_score_py_to_1e_6() {
    let dir = temp_dir();
    std::fs::create_dir_all(&dir).expect("mkdir");
    let truth = format!("{FIXTURE}/truth.csv");
    let tracks = format!("{FIXTURE}/tracks_stonesoup.csv");
    for (reference, args) in [
        ("score_default.json", vec![]),
        ("score_skip5.json", vec!["--skip", "5"]),
        (
            "score_c50p1.json",
            vec!["--c", "50", "--p", "1", "--steps", "30"],
        ),
    ] {
        let json = dir.join(reference);
        let mut all = vec!["score", truth.as_str(), tracks.as_str(), "--json"];
        all.push(json.to_str().expect("utf-8"));
        all.extend(args);
        let o = canopy(&all);
        assert!(o.status.success(), "{}", text(&o.stderr));
        let ours: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&json).expect("written")).expect("JSON");
        let expected = fixture_json(reference);
        for key in [
            "gospa_mean_m",
            "localisation_mean_pth",
            "missed_mean_pth",
            "false_mean_pth",
            "missed_targets_per_step",
            "false_tracks_per_step",
            "rms_loc_error_m",
            "truths_per_step",
            "tracks_per_step",
            "time_steps",
        ] {
            let (x, y) = (
                ours[key].as_f64().expect(key),
                expected[key].as_f64().expect(key),
            );
            assert!(
                (x - y).abs() <= 1e-6 * y.abs().max(1.0),
                "{reference} {key}: canopy {x}, score.py {y}"
            );
        }
    }
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn jpda_and_imm_variants_run() {
    let dir = temp_dir();
    std::fs::create_dir_all(&dir).expect("mkdir");
    let out = dir.join("t.csv");
    let stdout = track(&out, &["--tracker", "jpda", "--model", "imm"]);
    assert_eq!(json_line(&stdout, "SUMMARY ")["tracker"], "canopy-jpda-imm");
    assert!(
        std::fs::read_to_string(&out)
            .expect("written")
            .lines()
            .count()
            > 100
    );
    let _ = std::fs::remove_dir_all(dir);
}

/// Writes `content` as `name` in a fresh folder; returns the path as a string.
fn write(dir: &Path, name: &str, content: &str) -> String {
    std::fs::create_dir_all(dir).expect("mkdir");
    let p = dir.join(name);
    std::fs::write(&p, content).expect("write");
    p.to_str().expect("utf-8").to_string()
}

#[test]
fn bad_detection_files_fail_with_file_line_and_hint() {
    let dir = temp_dir();
    let out = dir.join("t.csv");
    let out = out.to_str().expect("utf-8");
    let cases = [
        (
            "scan,time_s,x_m,y_m\n0,0.000,1.0,2.0\n0,0.000,abc,2.0\n",
            ":3: column `x_m`: `abc` is not a finite number",
        ),
        ("scan,time_s,x_m\n0,0.000,1.0\n", ":1: missing column `y_m`"),
        ("", ":1: empty file"),
        (
            "scan,time_s,x_m,y_m\n0,0.000,1.0\n",
            ":2: 3 fields, but the header has 4",
        ),
        (
            "scan,time_s,x_m,y_m\n1,1.000,1.0,2.0\n0,0.000,1.0,2.0\n",
            ":3: scan 0 at 0 s comes after scan 1",
        ),
        (
            "scan,time_s,x_m,y_m\n0,0.000,1.0,2.0\n0,0.500,1.0,2.0\n",
            ":3: scan 0 has time_s 0.5",
        ),
        (
            "scan,time_s,x_m,y_m\n0.5,0.000,1.0,2.0\n",
            ":2: column `scan`: `0.5` is not an integer",
        ),
        (
            "scan,time_s,x_m,y_m\n0,0.000,inf,2.0\n",
            ":2: column `x_m`: `inf` is not a finite number",
        ),
    ];
    for (k, (content, expected)) in cases.iter().enumerate() {
        let path = write(&dir, &format!("bad{k}.csv"), content);
        let o = canopy(&["track", &path, "--out", out]);
        assert_eq!(o.status.code(), Some(1), "case {k}");
        let err = text(&o.stderr);
        assert!(
            err.contains(&format!("{path}{expected}")),
            "case {k}: {err}"
        );
        assert!(err.contains("hint:"), "case {k}: {err}");
        assert!(!err.contains("panicked"), "{err}");
    }
    // A bad scenario file is named with its line.
    let det = write(&dir, "ok.csv", "scan,time_s,x_m,y_m\n0,0.000,1.0,2.0\n");
    let scenario = write(&dir, "scenario.json", "{\n  \"meas_sigma_m\": -3\n}\n");
    let o = canopy(&["track", &det, "--out", out, "--scenario", &scenario]);
    assert_eq!(o.status.code(), Some(1));
    assert!(text(&o.stderr).contains("`meas_sigma_m` is -3, expected a positive number"));
    let broken = write(&dir, "broken.json", "{\n  \"pd\": 0.9,\n  oops\n}\n");
    let o = canopy(&["track", &det, "--out", out, "--scenario", &broken]);
    assert_eq!(o.status.code(), Some(1));
    assert!(text(&o.stderr).contains(&format!("{broken}:3: not valid JSON")));
    // Missing input and usage errors.
    let o = canopy(&["track", "no/such/detections.csv", "--out", out]);
    assert_eq!(o.status.code(), Some(1));
    assert!(text(&o.stderr).contains("cannot read no/such/detections.csv"));
    assert_eq!(
        canopy(&["track", &det]).status.code(),
        Some(2),
        "--out is required"
    );
    assert_eq!(
        canopy(&["track", &det, "--out", out, "--tracker", "mht"])
            .status
            .code(),
        Some(2)
    );
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn bad_score_inputs_fail_cleanly() {
    let dir = temp_dir();
    let truth = write(
        &dir,
        "truth.csv",
        "time_s,target_id,x_m,y_m\n0.000,0,1.0,2.0\n",
    );
    let tracks = write(
        &dir,
        "tracks.csv",
        "time_s,track_id,x_m,y_m\n0.000,7.5,1.0,2.0\n",
    );
    let o = canopy(&["score", &truth, &tracks]);
    assert_eq!(o.status.code(), Some(1));
    assert!(text(&o.stderr).contains(&format!(
        "{tracks}:2: column `track_id`: `7.5` is not an integer"
    )));
    let o = canopy(&["score", &truth, &truth]);
    assert_eq!(o.status.code(), Some(1), "truth has no track_id column");
    assert!(text(&o.stderr).contains(":1: missing column `track_id`"));
    let good = write(
        &dir,
        "good.csv",
        "time_s,track_id,x_m,y_m\n0.000,3,1.0,2.0\n",
    );
    let o = canopy(&["score", &truth, &good, "--alpha", "3"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(text(&o.stderr).contains("alpha"));
    let o = canopy(&["score", &truth, &good, "--skip", "1"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(text(&o.stderr).contains("no truth time steps to score"));
    let o = canopy(&["score", &truth, &good]);
    assert!(o.status.success());
    let s = json_line(&text(&o.stdout), "SCORE ");
    assert_eq!(s["gospa_mean_m"], 0.0);
    assert_eq!(s["track_breaks"], 0);
    let _ = std::fs::remove_dir_all(dir);
}
