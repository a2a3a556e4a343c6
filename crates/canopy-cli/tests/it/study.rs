//! `canopy batch`, `canopy sweep` and `canopy report` end to end: a batch
//! killed mid-way resumes to the files of an uninterrupted one, whatever the
//! thread count; sweeps name bad paths; reports are self-contained.

use super::{canopy, temp_dir, text};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// One battalion, four drones: well under a second per run (the scenario
/// canopy-study's unit tests use).
const SCENARIO: &str = include_str!("../../../canopy-study/testdata/small_engagement.toml");

fn scenario_file(dir: &Path) -> PathBuf {
    std::fs::create_dir_all(dir).unwrap();
    let f = dir.join("scenario.toml");
    std::fs::write(&f, SCENARIO).unwrap();
    f
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// Data rows in a CSV (lines after the header that end with a newline).
fn complete_rows(path: &Path) -> usize {
    std::fs::read_to_string(path).map_or(0, |t| t.matches('\n').count().saturating_sub(1))
}

fn same_files(a: &Path, b: &Path) {
    let mut names: Vec<String> = std::fs::read_dir(a)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert!(names.contains(&"runs.parquet".to_string()), "{names:?}");
    for n in names {
        let (x, y) = (
            std::fs::read(a.join(&n)).unwrap(),
            std::fs::read(b.join(&n)).unwrap_or_default(),
        );
        assert!(x == y, "{n} differs after the resume");
    }
}

const RUNS: &str = "24";

/// A batch killed (SIGKILL) after some runs are on disk, then resumed on
/// another thread count, ends byte-identical to an uninterrupted batch.
#[test]
fn killed_batch_resumes_to_the_uninterrupted_result() {
    let dir = temp_dir();
    let file = scenario_file(&dir);
    let (whole, cut) = (dir.join("whole"), dir.join("cut"));

    let mut child = Command::new(env!("CARGO_BIN_EXE_canopy"))
        .args([
            "batch",
            s(&file),
            "--runs",
            RUNS,
            "--seed",
            "3",
            "--threads",
            "1",
        ])
        .args(["--out", s(&cut)])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let start = Instant::now();
    while complete_rows(&cut.join("runs.csv")) < 3 {
        assert!(
            child.try_wait().unwrap().is_none(),
            "the batch ended before it could be interrupted"
        );
        assert!(
            start.elapsed() < Duration::from_secs(120),
            "no run finished"
        );
        std::thread::sleep(Duration::from_millis(10));
    }
    child.kill().unwrap();
    child.wait().unwrap();
    let done = complete_rows(&cut.join("runs.csv"));
    assert!((3..24).contains(&done), "{done} runs on disk when killed");
    assert!(!cut.join("summary.json").exists());

    // Without --resume the folder is refused.
    let o = canopy(&[
        "batch",
        s(&file),
        "--runs",
        RUNS,
        "--seed",
        "3",
        "--out",
        s(&cut),
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(text(&o.stderr).contains("--resume"), "{}", text(&o.stderr));

    let o = canopy(&[
        "batch",
        s(&file),
        "--runs",
        RUNS,
        "--seed",
        "3",
        "--threads",
        "2",
        "--out",
        s(&cut),
        "--resume",
    ]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    assert!(text(&o.stdout).contains(&format!("resuming: {done} of 24 runs already done")));

    let o = canopy(&[
        "batch",
        s(&file),
        "--runs",
        RUNS,
        "--seed",
        "3",
        "--threads",
        "2",
        "--out",
        s(&whole),
    ]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    let out = text(&o.stdout);
    assert!(out.contains("per-shot kill probability"), "{out}");
    assert!(out.contains("P(zero leakers)"), "{out}");
    // No progress bar when stderr is not a terminal.
    assert!(o.stderr.is_empty(), "{}", text(&o.stderr));
    same_files(&whole, &cut);

    let o = canopy(&["report", s(&whole)]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    let html = std::fs::read_to_string(whole.join("report.html")).unwrap();
    assert!(!html.contains("http://") && !html.contains("https://"));
    assert!(html.contains("<svg") && html.contains("per engaged threat"));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn sweep_runs_points_and_names_bad_paths() {
    let dir = temp_dir();
    let file = scenario_file(&dir);
    let out = dir.join("sweep");
    let o = canopy(&[
        "sweep",
        s(&file),
        "--vary",
        "raid.d.cont=1..2",
        "--runs",
        "2",
        "--out",
        s(&out),
    ]);
    assert_eq!(o.status.code(), Some(1));
    let err = text(&o.stderr);
    assert!(
        err.contains("raid.d.cont") && err.contains("did you mean `count`?"),
        "{err}"
    );

    let o = canopy(&[
        "sweep",
        s(&file),
        "--vary",
        "raid.d.count=1..2:x",
        "--runs",
        "2",
        "--out",
        s(&out),
    ]);
    assert_eq!(o.status.code(), Some(2), "clap refuses a bad range");

    let o = canopy(&[
        "sweep",
        s(&file),
        "--vary",
        "raid.d.count=1..2",
        "--vary",
        "catalog.interceptor.48N6-class.sspk=0.5..0.9:0.4",
        "--runs",
        "2",
        "--seed",
        "4",
        "--out",
        s(&out),
    ]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    let csv = std::fs::read_to_string(out.join("sweep.csv")).unwrap();
    assert_eq!(csv.lines().count(), 1 + 4, "{csv}");
    assert!(csv.starts_with("point,raid.d.count,catalog.interceptor.48N6-class.sspk,runs,"));
    let p = std::fs::read_to_string(out.join("p003").join("summary.json")).unwrap();
    assert!(
        p.contains("NOTIONAL: override catalog.interceptor.48N6-class.sspk = 0.9"),
        "{p}"
    );
    let o = canopy(&["report", s(&out)]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    assert!(text(&o.stdout).contains("report.html"));
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    assert!(!html.contains("http://") && !html.contains("https://"));
    assert!(html.contains("catalog.interceptor.48N6-class.sspk = 0.9"));

    let o = canopy(&["report", s(&dir.join("nothing"))]);
    assert_eq!(o.status.code(), Some(1));
    std::fs::remove_dir_all(&dir).unwrap();
}

/// `canopy batch --replay K` writes run K with every output of `canopy run`,
/// and `canopy run --seed S --run K` reproduces that run: its events equal
/// the replay's, and its counts equal row K of runs.csv.
#[test]
fn batch_replays_a_chosen_run_as_canopy_run_does() {
    let dir = temp_dir();
    let file = scenario_file(&dir);
    let out = dir.join("batch");
    let o = canopy(&[
        "batch",
        s(&file),
        "--runs",
        "3",
        "--seed",
        "7",
        "--out",
        s(&out),
        "--replay",
        "2",
    ]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    let replay = out.join("replay/run-2");
    for f in ["events.csv", "replay.czml", "summary.json", "threats.csv"] {
        assert!(replay.join(f).is_file(), "missing {f}");
    }
    let single = dir.join("single");
    let o = canopy(&[
        "run",
        s(&file),
        "--seed",
        "7",
        "--run",
        "2",
        "--out",
        s(&single),
    ]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    let read = |p: PathBuf| std::fs::read_to_string(p).expect("readable");
    assert_eq!(
        read(replay.join("events.csv")),
        read(single.join("events.csv"))
    );
    // killed and rounds of run 2 in runs.csv match the replay's summary.
    let runs = read(out.join("runs.csv"));
    let header: Vec<&str> = runs.lines().next().unwrap().split(',').collect();
    let row: Vec<&str> = runs
        .lines()
        .find(|l| l.starts_with("2,"))
        .expect("run 2")
        .split(',')
        .collect();
    let col = |name: &str| row[header.iter().position(|h| *h == name).unwrap()];
    let summary: serde_json::Value =
        serde_json::from_str(&read(single.join("summary.json"))).expect("json");
    assert_eq!(summary["run"], 2);
    assert_eq!(
        summary["engagement"]["killed"].to_string(),
        col("killed"),
        "{summary}"
    );
    assert_eq!(
        summary["engagement"]["rounds_expended"].to_string(),
        col("rounds"),
        "{summary}"
    );
    // A run index outside the batch is a clear error before any run.
    let o = canopy(&[
        "batch",
        s(&file),
        "--runs",
        "3",
        "--out",
        s(&dir.join("bad")),
        "--replay",
        "3",
    ]);
    assert!(!o.status.success());
    assert!(
        text(&o.stderr).contains("--replay 3"),
        "{}",
        text(&o.stderr)
    );
    assert!(!dir.join("bad").exists(), "no run before the error");
    let _ = std::fs::remove_dir_all(&dir);
}
