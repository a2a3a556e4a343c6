//! `canopy coverage`: the classic horizon results on the shipped regiment, the
//! files' formats, and clean failures.

use super::{canopy, temp_dir, text};
use std::collections::HashMap;
use std::path::Path;

const SCENARIO: &str = "scenarios/s400_regiment_mixed_raid.toml";

/// One row of coverage.csv, by column name.
type Row = HashMap<String, String>;

fn read_csv(path: &Path) -> Vec<Row> {
    let body = std::fs::read_to_string(path).expect("coverage.csv written");
    let mut lines = body.lines();
    let header: Vec<String> = lines
        .next()
        .expect("header")
        .split(',')
        .map(String::from)
        .collect();
    assert_eq!(
        header.join(","),
        "radar,type,role,swerling,rcs_m2,altitude_m,criterion,ground_range_km,slant_range_km,limit,claimed_range_km"
    );
    lines
        .map(|l| {
            let cells: Vec<&str> = l.split(',').collect();
            assert_eq!(cells.len(), header.len(), "{l}");
            header
                .iter()
                .cloned()
                .zip(cells.into_iter().map(String::from))
                .collect()
        })
        .collect()
}

/// The single-look Pd ≥ 0.5 row of `radar` for a Swerling case, RCS and altitude.
fn row<'a>(rows: &'a [Row], radar: &str, swerling: &str, rcs: &str, altitude: &str) -> &'a Row {
    rows.iter()
        .find(|r| {
            r["radar"] == radar
                && r["swerling"] == swerling
                && r["rcs_m2"] == rcs
                && r["altitude_m"] == altitude
                && r["criterion"] == "single-look-pd0.5"
        })
        .unwrap_or_else(|| panic!("no row for {radar} SW{swerling} {rcs} m² {altitude} m"))
}

fn num(r: &Row, key: &str) -> f64 {
    r[key]
        .parse()
        .unwrap_or_else(|_| panic!("{key} = `{}` in {r:?}", r[key]))
}

const MASTED: [&str; 4] = [
    "Regiment 1/96L6-class",
    "Regiment 1/bn1/92N6-class",
    "Regiment 1/bn2/92N6-class",
    "Regiment 1/bn3/92N6-class",
];

/// Opening elements (not closing, not self-closed) equal closing ones.
fn balanced(svg: &str) -> bool {
    let mut open = 0i64;
    for (i, _) in svg.match_indices('<') {
        let tag = &svg[i..=i + svg[i..].find('>').expect("tag ends")];
        if tag.starts_with("</") {
            open -= 1;
        } else if !tag.ends_with("/>") {
            open += 1;
        }
        if open < 0 {
            return false;
        }
    }
    open == 0
}

/// Twice the signed area of a lon/lat ring (> 0 counter-clockwise).
fn signed_area(ring: &[serde_json::Value]) -> f64 {
    let p: Vec<(f64, f64)> = ring
        .iter()
        .map(|v| (v[0].as_f64().expect("lon"), v[1].as_f64().expect("lat")))
        .collect();
    p.windows(2)
        .map(|w| w[0].0 * w[1].1 - w[1].0 * w[0].1)
        .sum()
}

/// MODELS.md §3: a 25 m antenna sees a 50 m target to 49.75 km (4/3 earth), and at
/// 400 km only targets above 8 472 m. The shipped regiment stands at sea level; its
/// 96L6- and 92N6-class radars have 25 m masts.
#[test]
fn val_models_s3_coverage_of_the_shipped_regiment() {
    let d = temp_dir();
    let o = canopy(&["coverage", SCENARIO, "--out", d.to_str().expect("utf-8")]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    let rows = read_csv(&d.join("coverage.csv"));
    // 5 radars × 13 altitudes × 5 RCS × Swerling 0, 1, 3 × 2 criteria.
    assert_eq!(rows.len(), 5 * 13 * 5 * 3 * 2);
    assert!(
        rows.iter()
            .any(|r| r["criterion"] == "cumulative-pd0.9-3-looks")
    );

    for radar in MASTED {
        // 50 m: the horizon, 49.75 km (tolerance 0.1 km: MODELS.md uses the √(2kRe·h)
        // approximation, the model the exact tangent geometry), for every RCS that the
        // radar equation would carry further.
        let r = row(&rows, radar, "1", "1", "50");
        assert_eq!(r["limit"], "horizon", "{r:?}");
        assert!((num(r, "ground_range_km") - 49.75).abs() < 0.1, "{r:?}");
        let small = row(&rows, radar, "1", "0.001", "50");
        assert!(num(small, "ground_range_km") <= num(r, "ground_range_km") + 1e-9);
    }
    // The 91N6-class stands on 10 m and searches from 0° elevation up: a 50 m target
    // drops below its horizontal before the horizon (42.2 km), where the 40 m height
    // difference equals the 4/3-earth drop d²/(2ka): d = √(2 · 8 494.7 km · 40 m) =
    // 26.07 km (tolerance 0.05 km: ground vs slant range, h² terms). A 10 m target,
    // never above its horizontal, is never seen.
    let r = row(&rows, "Regiment 1/91N6-class", "1", "1", "50");
    assert_eq!(r["limit"], "min-elevation", "{r:?}");
    assert!((num(r, "ground_range_km") - 26.07).abs() < 0.05, "{r:?}");
    assert_eq!(
        row(&rows, "Regiment 1/91N6-class", "1", "10", "10")["limit"],
        "undetected"
    );

    for radar in &MASTED[1..] {
        // A 5 km target is never seen at 400 km, whatever its size.
        for x in rows
            .iter()
            .filter(|x| x["radar"] == *radar && x["altitude_m"] == "5000")
        {
            assert!(
                x["limit"] == "undetected" || num(x, "ground_range_km") < 400.0,
                "{x:?}"
            );
        }
        // A 10 km, 10 m² target is: the instrumented range (400 km slant) binds, not
        // the horizon (432.8 km at 10 km, MODELS.md §3) nor the power.
        let big = row(&rows, radar, "1", "10", "10000");
        assert_eq!(big["limit"], "instrumented", "{big:?}");
        assert!((num(big, "slant_range_km") - 400.0).abs() < 1e-6, "{big:?}");
        assert!(num(big, "ground_range_km") > 399.0, "{big:?}");
        // A 1 m² target at 10 km runs out of power first.
        assert_eq!(row(&rows, radar, "1", "1", "10000")["limit"], "snr");
        assert_eq!(big["claimed_range_km"], "400.000");
        assert_eq!(big["role"], "engagement");
    }
    assert_eq!(
        row(&rows, "Regiment 1/91N6-class", "1", "1", "50")["claimed_range_km"],
        "600.000"
    );
    assert_eq!(
        row(&rows, "Regiment 1/96L6-class", "1", "1", "50")["claimed_range_km"],
        ""
    );

    // The summary on stdout.
    let out = text(&o.stdout);
    assert!(out.contains("1 m² Swerling 1 target"), "{out}");
    let line = |name: &str| {
        out.lines()
            .find(|l| l.starts_with(name))
            .unwrap_or_else(|| panic!("no line for {name} in\n{out}"))
            .to_string()
    };
    assert!(
        line("Regiment 1/96L6-class").contains("49.8 km (horizon)"),
        "{out}"
    );
    assert!(
        line("Regiment 1/91N6-class").contains("600.0 km (CLAIM)"),
        "{out}"
    );
    assert!(
        line("Regiment 1/bn1/92N6-class").contains("400.0 km (RECALLED)"),
        "{out}"
    );
    assert!(out.contains("results in"), "{out}");
    let _ = std::fs::remove_dir_all(d);
}

/// MODELS.md §3: "8 472 m at 400 km" for a 25 m antenna. Just below, the horizon stops
/// the 92N6-class short of its 400 km instrumented range; just above, it does not.
#[test]
fn val_models_s3_lowest_altitude_visible_at_400_km() {
    let d = temp_dir();
    let o = canopy(&[
        "coverage",
        SCENARIO,
        "--out",
        d.to_str().expect("utf-8"),
        "--altitudes",
        "8400,8600",
        "--rcs",
        "10",
        "--swerling",
        "1",
        "--looks",
        "5",
    ]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    let rows = read_csv(&d.join("coverage.csv"));
    assert_eq!(rows.len(), 5 * 2 * 2);
    assert!(
        rows.iter()
            .any(|r| r["criterion"] == "cumulative-pd0.9-5-looks")
    );
    let low = row(&rows, "Regiment 1/bn2/92N6-class", "1", "10", "8400");
    assert_eq!(low["limit"], "horizon", "{low:?}");
    assert!(num(low, "slant_range_km") < 400.0, "{low:?}");
    let high = row(&rows, "Regiment 1/bn2/92N6-class", "1", "10", "8600");
    assert_eq!(high["limit"], "instrumented", "{high:?}");
    let _ = std::fs::remove_dir_all(d);
}

#[test]
fn coverage_charts_and_footprints_are_well_formed() {
    let d = temp_dir();
    let o = canopy(&["coverage", SCENARIO, "--out", d.to_str().expect("utf-8")]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    let charts = [
        (
            "coverage_regiment_1_91n6-class.svg",
            Some("claimed 600.0 km (CLAIM) = instrumented range"),
        ),
        ("coverage_regiment_1_96l6-class.svg", None),
        (
            "coverage_regiment_1_bn1_92n6-class.svg",
            Some("claimed 400.0 km (RECALLED)"),
        ),
        (
            "coverage_regiment_1_bn2_92n6-class.svg",
            Some("claimed 400.0 km (RECALLED)"),
        ),
        (
            "coverage_regiment_1_bn3_92n6-class.svg",
            Some("claimed 400.0 km (RECALLED)"),
        ),
    ];
    for (file, claim) in charts {
        let svg =
            std::fs::read_to_string(d.join(file)).unwrap_or_else(|_| panic!("{file} written"));
        assert!(
            svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""),
            "{file}"
        );
        assert!(svg.trim_end().ends_with("</svg>"), "{file}");
        assert!(balanced(&svg), "{file}: unbalanced tags");
        assert!(
            svg.contains("S-400-class regiment vs mixed raid"),
            "{file}: title"
        );
        assert!(
            svg.contains("σ = 0.001 m²") && svg.contains("σ = 10 m²"),
            "{file}: legend"
        );
        assert!(svg.contains("radar horizon (4/3 earth"), "{file}");
        assert!(svg.contains("Target altitude"), "{file}: axis label");
        match claim {
            Some(label) => assert!(svg.contains(label), "{file}: {label}"),
            None => assert!(svg.contains("states no claimed range"), "{file}"),
        }
    }
    // MODELS.md §3: from a 25 m mast, "8 472 m at 400 km" (printed to 0.1 km).
    let svg = std::fs::read_to_string(d.join(charts[2].0)).expect("written");
    assert!(svg.contains("line of sight at 400.0 km only above 8.5 km"));
    assert_eq!(
        std::fs::read_dir(&d).expect("dir").count(),
        2 + charts.len(),
        "coverage.csv, footprints.geojson and the charts, nothing else"
    );

    let g: serde_json::Value =
        serde_json::from_slice(&std::fs::read(d.join("footprints.geojson")).expect("written"))
            .expect("valid JSON");
    assert_eq!(g["type"], "FeatureCollection");
    let features = g["features"].as_array().expect("features");
    // 5 radars × 3 altitudes, plus the claimed rings of the 91N6 and the three 92N6.
    assert_eq!(features.len(), 5 * 3 + 4);
    for f in features {
        assert_eq!(f["type"], "Feature");
        assert_eq!(f["geometry"]["type"], "Polygon");
        let ring = f["geometry"]["coordinates"][0].as_array().expect("ring");
        assert!(ring.len() >= 4);
        assert_eq!(ring.first(), ring.last(), "closed ring");
        assert!(signed_area(ring) > 0.0, "counter-clockwise (RFC 7946)");
        let p = &f["properties"];
        assert!(p["radar"].is_string() && p["type"].is_string());
        match p["kind"].as_str() {
            Some("footprint") => {
                assert_eq!(p["rcs_m2"], 1.0);
                assert_eq!(p["swerling"], 1);
                assert_eq!(p["criterion"], "single-look-pd0.5");
                assert!(
                    [50.0, 1000.0, 10000.0].contains(&p["altitude_m"].as_f64().expect("altitude"))
                );
            }
            Some("claimed") => assert!(p["claimed_range_km"].as_f64().expect("km") >= 400.0),
            other => panic!("unexpected kind {other:?}"),
        }
    }
    let low = features
        .iter()
        .find(|f| {
            f["properties"]["radar"] == "Regiment 1/96L6-class"
                && f["properties"]["altitude_m"] == 50.0
        })
        .expect("96L6 footprint at 50 m");
    assert_eq!(low["properties"]["limit"], "horizon");
    assert!((low["properties"]["ground_range_km"].as_f64().expect("km") - 49.75).abs() < 0.1);
    let _ = std::fs::remove_dir_all(d);
}

#[test]
fn coverage_refuses_bad_options_cleanly() {
    let d = temp_dir();
    let out = d.to_str().expect("utf-8");
    let cases: [(&[&str], &str); 9] = [
        (&["--altitudes", "10,abc"], "`abc` is not a number"),
        (&["--altitudes=0"], "must be > 0"),
        (&["--altitudes=-50"], "must be > 0"),
        (&["--altitudes", ""], "is not a number"),
        (&["--rcs", "nan"], "must be > 0"),
        (&["--rcs", "1e9"], "at most"),
        (&["--swerling", "1,7"], "not a Swerling case"),
        (&["--looks", "0"], "--looks"),
        (&["--footprint-swerling", "x"], "not a Swerling case"),
    ];
    for (extra, message) in cases {
        let mut args = vec!["coverage", SCENARIO, "--out", out];
        args.extend_from_slice(extra);
        let o = canopy(&args);
        assert_eq!(o.status.code(), Some(2), "{extra:?}");
        let err = text(&o.stderr);
        assert!(err.contains(message), "{extra:?}: {err}");
        assert!(!err.contains("panicked"), "{err}");
        assert!(!d.exists(), "{extra:?}: nothing written on bad usage");
    }
    let o = canopy(&["coverage", "no/such/file.toml", "--out", out]);
    assert_eq!(o.status.code(), Some(1));
    assert!(text(&o.stderr).contains("cannot read no/such/file.toml"));
    assert!(!d.exists());
}

#[test]
fn coverage_protects_a_non_empty_folder() {
    let d = temp_dir();
    std::fs::create_dir_all(&d).expect("mkdir");
    std::fs::write(d.join("keep.txt"), "mine").expect("write");
    let out = d.to_str().expect("utf-8");
    let o = canopy(&["coverage", SCENARIO, "--out", out, "--altitudes", "50"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(text(&o.stderr).contains("--force"), "{}", text(&o.stderr));
    assert!(!d.join("coverage.csv").exists());
    let o = canopy(&[
        "coverage",
        SCENARIO,
        "--out",
        out,
        "--altitudes",
        "50",
        "--force",
    ]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    assert!(d.join("coverage.csv").exists() && d.join("keep.txt").exists());
    let _ = std::fs::remove_dir_all(d);
}

#[test]
fn coverage_help_documents_the_defaults() {
    let o = canopy(&["coverage", "--help"]);
    assert!(o.status.success());
    let help = text(&o.stdout);
    for s in [
        "Usage: canopy coverage",
        "--looks <K>",
        "cumulative Pd >= 0.9",
        "[default: 3]",
        "[default: 0 1 3]",
        "[default: 0.001 0.01 0.1 1 10]",
        "[default: 50 1000 10000]",
    ] {
        assert!(help.contains(s), "{s} missing from\n{help}");
    }
}
