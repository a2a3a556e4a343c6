use super::*;
use crate::rows::{RunRow, ShotRow, ThreatRow};
use arrow_array::{Array, Float64Array, StringArray, UInt64Array};
use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;

/// A fresh folder, removed when the returned guard drops (also when a test fails).
fn temp_dir() -> tempfile::TempDir {
    tempfile::tempdir().expect("temp dir")
}

fn shot(run: u64, shot: u64, unit: &str, miss: Option<f64>) -> ShotRow {
    ShotRow {
        run,
        shot,
        unit: unit.to_string(),
        type_name: "48N6-class".into(),
        track: 7,
        threat: "West, \"cruise\"#1".into(),
        salvo: 1,
        launch_s: 12.3,
        end_s: miss.map(|_| 40.1),
        miss_m: miss,
        result: "kill".into(),
        ended_by: miss.map_or("", |_| "pass").into(),
        cost_usd: 2e6,
        seeker_s: miss.map(|_| 31.5),
    }
}

#[test]
fn csv_header_lists_every_column_once() {
    let h = csv_header::<ShotRow>();
    assert_eq!(
        h,
        "run,shot,unit,type,track,threat,salvo,launch_s,end_s,miss_m,result,ended_by,cost_usd,seeker_s\n"
    );
    let runs = columns::<RunRow>();
    assert!(runs.iter().any(|c| c.name == "leak_no_ready_round"));
    assert_eq!(runs[0].name, "run");
    let mut names: Vec<&str> = runs.iter().map(|c| c.name.as_str()).collect();
    names.sort();
    names.dedup();
    assert_eq!(names.len(), runs.len());
    let t = columns::<ThreatRow>();
    let cause = t.iter().find(|c| c.name == "cause").unwrap();
    assert_eq!((cause.kind, cause.nullable), (Kind::Text, true));
}

/// Rows survive a CSV round trip exactly: quoted text, empty options, and
/// floats (shortest round-trip form).
#[test]
fn csv_round_trip_is_exact() {
    let mut rows = vec![
        shot(0, 0, "Regiment 1/bn1", Some(0.1 + 0.2)),
        shot(0, 1, "a,b", None),
        shot(3, 0, "x", Some(1e-7)),
    ];
    let dir = temp_dir();
    let path = dir.path().join("roundtrip.csv");
    let mut f = std::fs::File::create(&path).unwrap();
    write_csv(&mut f, &mut rows).unwrap();
    let back = read_csv::<ShotRow>(&path).unwrap();
    assert!(!back.dropped);
    assert_eq!(back.rows, rows);
}

/// A last line without its newline (a crash mid-write) is dropped, and so
/// is a line that does not parse; the rest is kept.
#[test]
fn torn_and_bad_lines_are_dropped() {
    let mut rows = [shot(0, 0, "u", Some(3.0)), shot(1, 0, "u", None)];
    let mut s = csv_header::<ShotRow>();
    csv_line(&mut rows[0], &mut s);
    s.push_str("1,0,u,48N6-class,7,x,1,not-a-number,,,kill,2000000,\n");
    csv_line(&mut rows[1], &mut s);
    s.truncate(s.len() - 5);
    let dir = temp_dir();
    let path = dir.path().join("torn.csv");
    std::fs::write(&path, &s).unwrap();
    let back = read_csv::<ShotRow>(&path).unwrap();
    assert!(back.dropped);
    assert_eq!(back.rows, vec![rows[0].clone()]);
    // A missing file is an empty table; another table's file is an error.
    let none = read_csv::<ShotRow>(&dir.path().join("absent.csv")).unwrap();
    assert!(none.rows.is_empty() && !none.dropped);
    let err = read_csv::<RunRow>(&path).unwrap_err();
    assert!(err.to_string().contains("header"), "{err}");
}

/// The Parquet file reads back with the parquet crate's reader: one row
/// per row, the columns and types of the schema, nulls where None.
#[test]
fn parquet_reads_back_with_the_parquet_reader() {
    let mut rows = vec![shot(0, 0, "u1", Some(4.5)), shot(2, 5, "u2", None)];
    let dir = temp_dir();
    let path = dir.path().join("shots.parquet");
    write_parquet(std::fs::File::create(&path).unwrap(), &mut rows).unwrap();
    let reader = ParquetRecordBatchReaderBuilder::try_new(std::fs::File::open(&path).unwrap())
        .unwrap()
        .build()
        .unwrap();
    let batches: Vec<RecordBatch> = reader.map(|b| b.unwrap()).collect();
    let b = &batches[0];
    assert_eq!(b.num_rows(), 2);
    let names: Vec<String> = b
        .schema()
        .fields()
        .iter()
        .map(|f| f.name().clone())
        .collect();
    let expected: Vec<String> = columns::<ShotRow>().into_iter().map(|c| c.name).collect();
    assert_eq!(names, expected);
    let run = b.column(0).as_any().downcast_ref::<UInt64Array>().unwrap();
    assert_eq!(run.values(), &[0, 2]);
    let unit = b.column(2).as_any().downcast_ref::<StringArray>().unwrap();
    assert_eq!(unit.value(1), "u2");
    let miss = b.column(9).as_any().downcast_ref::<Float64Array>().unwrap();
    assert_eq!(miss.value(0), 4.5);
    assert!(miss.is_null(1));
}
