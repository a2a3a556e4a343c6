use super::*;
use crate::testdata;
use arrow_array::{Array, UInt64Array};
use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
use std::sync::atomic::{AtomicU64, Ordering};

const RUNS: u64 = 6;

fn info(seed: u64) -> BatchInfo {
    BatchInfo {
        scenario: "study test".into(),
        scenario_file: "<inline>".into(),
        catalog_base: ".".into(),
        source_fingerprint: crate::fingerprint([testdata::SCENARIO]),
        seed,
        overrides: Vec::new(),
        canopy_version: "test".into(),
        git_hash: "test".into(),
    }
}

fn spec(threads: usize, resume: bool) -> BatchSpec {
    BatchSpec {
        runs: RUNS,
        threads,
        resume,
    }
}

/// Runs a whole batch into `dir`; returns how many runs it ran.
fn batch(dir: &Path, s: &Scenario, threads: usize, resume: bool) -> u64 {
    let mut b =
        Batch::open(dir, s, testdata::SCENARIO, info(11), spec(threads, resume)).expect("opens");
    let n = AtomicU64::new(0);
    b.run(&|| {
        n.fetch_add(1, Ordering::SeqCst);
    })
    .expect("runs");
    b.finish().expect("finishes");
    n.into_inner()
}

/// Every file of `a` has the same bytes in `b`.
fn assert_same_files(a: &Path, b: &Path) {
    let mut names: Vec<String> = std::fs::read_dir(a)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names.len(), 4 * 2 + 3, "{names:?}");
    for n in names {
        let (x, y) = (
            std::fs::read(a.join(&n)).unwrap(),
            std::fs::read(b.join(&n)).unwrap(),
        );
        assert!(
            x == y,
            "{n} differs between {} and {}",
            a.display(),
            b.display()
        );
    }
}

/// The batch's files are byte-identical whether it runs on one thread or
/// two; a resumed batch (runs cut mid-write, torn lines) ends identical to
/// an uninterrupted one; its Parquet reads back.
#[test]
fn batches_are_identical_for_any_threads_and_after_resume() {
    let s = testdata::scenario();
    let one = testdata::temp_dir("threads-1");
    let two = testdata::temp_dir("threads-2");
    assert_eq!(batch(&one, &s, 1, false), RUNS);
    assert_eq!(batch(&two, &s, 2, false), RUNS);
    assert_same_files(&one, &two);

    // The batch did something worth comparing: rounds were fired.
    let t = Tables::read(&one, u64::MAX).unwrap();
    assert_eq!(t.runs.len() as u64, RUNS);
    assert!(t.runs.iter().map(|r| r.rounds).sum::<u64>() > 0);
    let runs: Vec<u64> = t.runs.iter().map(|r| r.run).collect();
    assert_eq!(runs, (0..RUNS).collect::<Vec<_>>());
    assert!(t.threats.windows(2).all(|w| w[0].run <= w[1].run));

    // Interrupt: drop the runs.csv rows of runs 4 and 5 (their other rows
    // stay, as if they were in flight), tear the last line of runs.csv and
    // of engagements.csv.
    let cut = testdata::temp_dir("resumed");
    std::fs::create_dir_all(&cut).unwrap();
    for e in std::fs::read_dir(&one).unwrap() {
        let e = e.unwrap();
        std::fs::copy(e.path(), cut.join(e.file_name())).unwrap();
    }
    let runs_csv = std::fs::read_to_string(cut.join("runs.csv")).unwrap();
    let kept: Vec<&str> = runs_csv.lines().take(1 + 4).collect();
    let torn = &runs_csv.lines().nth(5).unwrap()[..10];
    std::fs::write(cut.join("runs.csv"), format!("{}\n{torn}", kept.join("\n"))).unwrap();
    let mut shots = std::fs::read_to_string(cut.join("engagements.csv")).unwrap();
    shots.push_str("5,99,U/bn1,48N6");
    std::fs::write(cut.join("engagements.csv"), shots).unwrap();
    for f in ["runs.parquet", "summary.json"] {
        std::fs::remove_file(cut.join(f)).unwrap();
    }
    let mut resumed = Batch::open(&cut, &s, testdata::SCENARIO, info(11), spec(2, true)).unwrap();
    assert_eq!(resumed.missing(), &[4, 5]);
    assert_eq!(resumed.previously_done(), 4);
    resumed.run(&|| {}).unwrap();
    resumed.finish().unwrap();
    assert_same_files(&one, &cut);

    // Resuming a complete batch runs nothing and changes nothing.
    assert_eq!(batch(&cut, &s, 1, true), 0);
    assert_same_files(&one, &cut);

    // Parquet: the runs table reads back with the parquet crate's reader,
    // one row per run, the CSV's columns.
    let file = File::open(one.join("runs.parquet")).unwrap();
    let reader = ParquetRecordBatchReaderBuilder::try_new(file)
        .unwrap()
        .build()
        .unwrap();
    let batches: Vec<_> = reader.map(|b| b.unwrap()).collect();
    let rows: usize = batches.iter().map(|b| b.num_rows()).sum();
    assert_eq!(rows as u64, RUNS);
    let b = &batches[0];
    let names: Vec<String> = b
        .schema()
        .fields()
        .iter()
        .map(|f| f.name().clone())
        .collect();
    let header = std::fs::read_to_string(one.join("runs.csv")).unwrap();
    assert_eq!(names.join(","), header.lines().next().unwrap());
    let rounds = b
        .column_by_name("rounds")
        .unwrap()
        .as_any()
        .downcast_ref::<UInt64Array>()
        .unwrap();
    let csv_rounds: Vec<u64> = t.runs.iter().map(|r| r.rounds).collect();
    assert_eq!(rounds.values().to_vec(), csv_rounds);
    let threats = File::open(one.join("threats.parquet")).unwrap();
    let threats: usize = ParquetRecordBatchReaderBuilder::try_new(threats)
        .unwrap()
        .build()
        .unwrap()
        .map(|b| b.unwrap().num_rows())
        .sum();
    assert_eq!(threats, t.threats.len());
    assert_eq!(threats as u64, 4 * RUNS);

    // summary.json: identification, metrics with intervals, provenance.
    let summary: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(one.join(SUMMARY)).unwrap()).unwrap();
    assert_eq!(summary["seed"], 11);
    assert_eq!(summary["runs"], RUNS);
    assert_eq!(summary["initial_rounds"], 12);
    let p0 = &summary["metrics"]["p_zero_leakers"];
    assert_eq!(p0["trials"], RUNS);
    assert!(p0["clopper_pearson"]["hi"].as_f64().is_some());
    let interceptors = summary["provenance"]["interceptor"].as_array().unwrap();
    assert_eq!(interceptors[0]["name"], "48N6-class");
    let sspk = interceptors[0]["params"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["key"] == "sspk")
        .unwrap();
    assert!(sspk["provenance"].as_str().unwrap().contains(':'));
    assert_eq!(summary["provenance"]["threat"][0]["name"], "shahed-class");
    for d in [one, two, cut] {
        std::fs::remove_dir_all(d).unwrap();
    }
}

/// A fresh batch refuses a folder in use; a resume refuses another seed
/// or scenario source; zero runs or threads are refused.
#[test]
fn batches_refuse_what_they_cannot_resume() {
    let s = testdata::scenario();
    let dir = testdata::temp_dir("refuse");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("other.txt"), "x").unwrap();
    let e = Batch::open(&dir, &s, testdata::SCENARIO, info(11), spec(1, false))
        .err()
        .unwrap();
    assert!(e.to_string().contains("--resume"), "{e}");
    let e = Batch::open(&dir, &s, testdata::SCENARIO, info(11), spec(1, true))
        .err()
        .unwrap();
    assert!(e.to_string().contains("batch.json"), "{e}");
    std::fs::remove_dir_all(&dir).unwrap();

    let mut b = Batch::open(
        &dir,
        &s,
        testdata::SCENARIO,
        info(11),
        BatchSpec {
            runs: 1,
            threads: 1,
            resume: false,
        },
    )
    .unwrap();
    b.run(&|| {}).unwrap();
    let e = Batch::open(&dir, &s, testdata::SCENARIO, info(12), spec(1, true))
        .err()
        .unwrap();
    assert!(e.to_string().contains("--seed 11"), "{e}");
    let mut other = info(11);
    other.source_fingerprint = crate::fingerprint(["another scenario"]);
    let e = Batch::open(&dir, &s, "another scenario", other, spec(1, true))
        .err()
        .unwrap();
    assert!(e.to_string().contains("another scenario source"), "{e}");
    // Runs of another build are not mixed in either.
    let mut rebuilt = info(11);
    rebuilt.git_hash = "0123456789ab".into();
    let e = Batch::open(&dir, &s, testdata::SCENARIO, rebuilt, spec(1, true))
        .err()
        .unwrap();
    assert!(e.to_string().contains("another build"), "{e}");
    // Extending the batch to more runs resumes it.
    let b = Batch::open(&dir, &s, testdata::SCENARIO, info(11), spec(1, true)).unwrap();
    assert_eq!(b.missing(), &[1, 2, 3, 4, 5]);
    std::fs::remove_dir_all(&dir).unwrap();

    for (runs, threads) in [(0, 1), (1, 0)] {
        let e = Batch::open(
            &dir,
            &s,
            testdata::SCENARIO,
            info(11),
            BatchSpec {
                runs,
                threads,
                resume: false,
            },
        )
        .err()
        .unwrap();
        assert!(e.to_string().contains("at least 1"), "{e}");
    }
    // Finishing with runs missing is refused.
    let b = Batch::open(&dir, &s, testdata::SCENARIO, info(11), spec(1, false)).unwrap();
    let e = b.finish().err().unwrap();
    assert!(e.to_string().contains("0 of 6 runs"), "{e}");
    std::fs::remove_dir_all(&dir).unwrap();
}
