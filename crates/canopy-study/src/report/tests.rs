use super::*;
use crate::sweep::{Sweep, Vary};
use crate::testdata;

fn no_urls(html: &str) {
    assert!(
        !html.contains("http://") && !html.contains("https://"),
        "a URL in the report"
    );
    assert!(!html.contains("<script"), "a script in the report");
    assert!(
        !html.contains("<link") && !html.contains("src="),
        "an external resource"
    );
}

/// Reports of a sweep and of one of its batches: self-contained, with the
/// charts and the denominators table, every chart stamped.
#[test]
fn reports_are_self_contained_with_their_charts() {
    let sweep = Sweep::prepare(
        testdata::SCENARIO,
        "<inline>",
        Path::new("."),
        vec![Vary::parse("raid.d.count=2..3").unwrap()],
        5,
        2,
        "test",
        "test",
    )
    .unwrap();
    let dir = testdata::temp_dir("report");
    sweep.run(&dir, 2, false, &|_, _| {}, &|| {}).unwrap();

    let path = write_report(&dir.join("p000")).unwrap();
    assert_eq!(path, dir.join("p000").join(REPORT));
    let html = std::fs::read_to_string(&path).unwrap();
    no_urls(&html);
    assert!(html.starts_with("<!DOCTYPE html>"));
    for needle in [
        "Intercept rate: three denominators",
        "per shot",
        "per engaged threat",
        "per raid threat",
        "Leakers per run",
        "Leak causes by threat type",
        "Rounds expended per run",
        "Ready rounds over time",
        "Engagement timeline: detection to confirmed track",
        "92N6-class",
        "Parameter provenance",
    ] {
        assert!(html.contains(needle), "batch report lacks `{needle}`");
    }
    let charts = html.matches("<svg").count();
    let stamps = html
        .matches("Scenario: study test · 2 runs · seed 5")
        .count();
    assert!(charts >= 6, "{charts} charts");
    assert!(stamps >= charts, "{stamps} stamps for {charts} charts");

    let path = write_report(&dir).unwrap();
    let html = std::fs::read_to_string(path).unwrap();
    no_urls(&html);
    for needle in [
        "Expected leakers per run",
        "P(zero leakers)",
        "Leak causes per point",
        "three denominators, per point",
        "raid.d.count = 3",
        "<polygon",
    ] {
        assert!(html.contains(needle), "sweep report lacks `{needle}`");
    }
    let charts = html.matches("<svg").count();
    let stamps = html
        .matches("Scenario: study test · 2 runs · seed 5")
        .count();
    assert!(
        stamps >= charts && charts >= 6,
        "{stamps} stamps, {charts} charts"
    );

    let e = write_report(&testdata::temp_dir("no-such-batch")).unwrap_err();
    assert!(e.to_string().contains("neither a batch"), "{e}");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn histogram_counts_every_value_once() {
    let h = chart::histogram(&[0.0, 1.0, 1.0, 2.0, 10.0], 5);
    assert_eq!(h.len(), 5);
    assert_eq!(h[0], (0.0, 2.0, 3.0));
    assert_eq!(h[4], (8.0, 10.0, 1.0));
    assert_eq!(h.iter().map(|b| b.2).sum::<f64>(), 5.0);
    assert!(chart::histogram(&[], 3).is_empty());
    assert_eq!(chart::histogram(&[4.0, 4.0], 3), vec![(3.5, 4.5, 2.0)]);
    let ints = chart::integer_histogram(&[2.0, 4.0, 4.0], 10);
    assert_eq!(
        ints,
        vec![(1.5, 2.5, 1.0), (2.5, 3.5, 0.0), (3.5, 4.5, 2.0)]
    );
    assert_eq!(chart::integer_histogram(&[0.0, 100.0], 10).len(), 10);
}

/// Numbers keep about four significant figures at every scale: a
/// false-alarm probability of 1e-6 is not printed as 0.0000.
#[test]
fn numbers_keep_their_significant_figures() {
    assert_eq!(num(1e-6), "1.000e-6");
    assert_eq!(num(0.0912), "0.0912");
    assert_eq!(num(7.25681), "7.26");
    assert_eq!(num(250.4), "250");
    assert_eq!(num(2.5e6), "2.500 M");
    assert_eq!(num(0.0), "0");
    assert_eq!(num(f64::NAN), "–");
}
