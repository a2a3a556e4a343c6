use super::*;
use std::f64::consts::TAU;
use std::path::Path;

const SHIPPED: &str = include_str!("../../../../scenarios/s400_regiment_mixed_raid.toml");
const PATRIOT: &str = include_str!("../../../../scenarios/patriot_battery_mixed_raid.toml");

fn scenario(text: &str) -> Scenario {
    canopy_scenario::load_str("test.toml", text, Path::new("."))
        .map_err(|e| e.render())
        .expect("shipped scenario is valid")
        .scenario
}

/// Twice the signed area of a lon/lat ring (> 0 counter-clockwise).
fn signed_area(ring: &[[f64; 2]]) -> f64 {
    ring.windows(2)
        .map(|w| w[0][0] * w[1][1] - w[1][0] * w[0][1])
        .sum()
}

fn circle(n: usize, range_m: f64) -> Vec<FootprintPoint> {
    (0..n)
        .map(|i| FootprintPoint {
            azimuth_rad: TAU * i as f64 / n as f64,
            ground_range_m: range_m,
        })
        .collect()
}

#[test]
fn footprint_ring_is_closed_counter_clockwise_and_at_range() {
    let antenna = Geodetic::new(48.0, 68.0, 25.0);
    let ring = footprint_ring(&antenna, &circle(360, 100e3));
    assert_eq!(ring.len(), 361);
    assert_eq!(ring.first(), ring.last());
    assert!(
        signed_area(&ring) > 0.0,
        "RFC 7946: exterior rings are counter-clockwise"
    );
    for &[lon, lat] in &ring {
        let d = antenna
            .geodesic_to(&Geodetic::new(lat, lon, 0.0))
            .distance_m;
        assert!(
            (d - 100e3).abs() < 1e-3,
            "vertex at {d} m, expected 100 km (±1 mm)"
        );
    }
}

#[test]
fn sector_ring_passes_through_the_radar() {
    let antenna = Geodetic::new(10.0, -179.9, 0.0);
    // A 90° sector about east, across the antimeridian.
    let points: Vec<FootprintPoint> = circle(360, 50e3)
        .into_iter()
        .map(|mut p| {
            if (p.azimuth_rad - TAU / 4.0).abs() > TAU / 8.0 + 1e-12 {
                p.ground_range_m = 0.0;
            }
            p
        })
        .collect();
    let ring = footprint_ring(&antenna, &points);
    let site = [antenna.lon_deg, antenna.lat_deg];
    assert_eq!(
        ring.iter().filter(|v| **v == site).count(),
        2,
        "start and end at the site"
    );
    assert_eq!(ring.first(), ring.last());
    assert_eq!(ring.len(), 91 + 2);
    assert!(signed_area(&ring) > 0.0);
    // Longitudes stay continuous about the site instead of jumping by 360°.
    assert!(ring.iter().all(|v| (v[0] - site[0]).abs() < 1.0));
    // Nothing detected anywhere: no polygon.
    assert!(footprint_ring(&antenna, &circle(360, 0.0)).is_empty());
}

#[test]
fn spec_is_sorted_deduplicated_and_checked() {
    let spec = CoverageSpec {
        altitudes_m: vec![1000.0, 10.0, 1000.0],
        swerlings: vec![Swerling::Three, Swerling::Zero, Swerling::Three],
        ..CoverageSpec::default()
    };
    let n = spec.normalized().expect("valid");
    assert_eq!(n.altitudes_m, vec![10.0, 1000.0]);
    assert_eq!(n.swerlings, vec![Swerling::Zero, Swerling::Three]);
    assert_eq!(n.chart_swerling(), Swerling::Zero);
    assert_eq!(CoverageSpec::default().chart_swerling(), Swerling::One);
    let bad = [
        CoverageSpec {
            altitudes_m: vec![],
            ..CoverageSpec::default()
        },
        CoverageSpec {
            altitudes_m: vec![0.0],
            ..CoverageSpec::default()
        },
        CoverageSpec {
            rcs_m2: vec![1.0, f64::NAN],
            ..CoverageSpec::default()
        },
        CoverageSpec {
            rcs_m2: vec![-1.0],
            ..CoverageSpec::default()
        },
        CoverageSpec {
            looks: 0,
            ..CoverageSpec::default()
        },
        CoverageSpec {
            swerlings: vec![],
            ..CoverageSpec::default()
        },
        CoverageSpec {
            footprint_altitudes_m: vec![f64::INFINITY],
            ..CoverageSpec::default()
        },
        CoverageSpec {
            reference_rcs_m2: 0.0,
            ..CoverageSpec::default()
        },
    ];
    for spec in bad {
        assert!(
            matches!(spec.normalized(), Err(CoverageError::InvalidSpec { .. })),
            "{spec:?}"
        );
    }
}

#[test]
fn names_of_criteria_and_limits() {
    let [single, cumulative] = CoverageSpec::default().criteria();
    assert_eq!(criterion_name(&single), "single-look-pd0.5");
    assert_eq!(criterion_name(&cumulative), "cumulative-pd0.9-3-looks");
    assert_eq!(limit_name(None), "undetected");
}

/// MODELS.md §3: a 25 m antenna sees a 50 m target to 49.75 km on the 4/3 earth
/// (4.12·(√25 + √50) km); the shipped regiment's 96L6- and 92N6-class radars stand on
/// 25 m masts at sea level. Tolerance 0.1 km: the table uses the √(2kRe·h) form, the
/// model the exact tangent geometry.
#[test]
fn val_models_s3_horizon_25m_mast_50m_target() {
    let s = study(&scenario(SHIPPED), &CoverageSpec::default()).expect("study");
    let names: Vec<&str> = s.radars.iter().map(|r| r.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "Regiment 1/91N6-class",
            "Regiment 1/96L6-class",
            "Regiment 1/bn1/92N6-class",
            "Regiment 1/bn2/92N6-class",
            "Regiment 1/bn3/92N6-class"
        ]
    );
    for r in &s.radars[1..] {
        let row = r
            .rows
            .iter()
            .find(|row| {
                row.altitude_m == 50.0
                    && row.rcs_m2 == 1.0
                    && row.swerling == Swerling::One
                    && matches!(row.criterion, DetectionCriterion::SingleLook { .. })
            })
            .expect("grid point");
        let d = row.range.expect("detected");
        assert_eq!(d.limit, RangeLimit::Horizon, "{}", r.name);
        assert!(
            (d.ground_range_m - 49.75e3).abs() < 100.0,
            "{}: {}",
            r.name,
            d.ground_range_m
        );
        // The footprint at 50 m is the same horizon-limited disc.
        let f = &r.footprints[0];
        assert_eq!(f.altitude_m, 50.0);
        assert_eq!(f.range, Some(d));
    }
    // Grid size: 13 altitudes × 5 RCS × 3 Swerling cases × 2 criteria per radar.
    assert!(s.radars.iter().all(|r| r.rows.len() == 13 * 5 * 3 * 2));
}

#[test]
fn cumulative_criterion_reaches_no_further_than_single_look_at_pd_half() {
    // Pc ≥ 0.9 over 3 looks needs a single-look Pd of 0.536 > 0.5: a shorter (or equal,
    // where a geometric gate binds) range.
    let s = study(&scenario(SHIPPED), &CoverageSpec::default()).expect("study");
    for r in &s.radars {
        for pair in r.rows.chunks(2 * 13) {
            let (single, cumulative) = pair.split_at(13);
            for (a, b) in single.iter().zip(cumulative) {
                let (ra, rb) = (
                    a.range.map_or(0.0, |d| d.slant_range_m),
                    b.range.map_or(0.0, |d| d.slant_range_m),
                );
                assert!(rb <= ra + 1e-6, "{} {a:?} {b:?}", r.name);
            }
        }
    }
}

#[test]
fn chart_and_table_show_the_claim_and_the_horizon() {
    let s = study(&scenario(SHIPPED), &CoverageSpec::default()).expect("study");
    let svg = s.chart(0).expect("first radar").render().expect("renders");
    assert!(
        svg.contains("claimed 600.0 km (CLAIM) = instrumented range"),
        "91N6 claim"
    );
    assert!(svg.contains("radar horizon (4/3 earth, antenna 10 m)"));
    assert!(svg.contains("almanar"), "provenance footnote");
    let svg = s.chart(1).expect("96L6").render().expect("renders");
    assert!(svg.contains("states no claimed range"));
    assert!(s.chart(99).is_none());
    let names = s.chart_file_names();
    assert_eq!(names[2], "coverage_regiment_1_bn1_92n6-class.svg");
    assert_eq!(names.iter().collect::<HashSet<_>>().len(), names.len());
    let table = s.summary_table();
    assert_eq!(table.lines().count(), 2 + 5);
    assert!(table.contains("49.8 km (horizon)"), "{table}");
}

#[test]
fn sector_radar_footprint_and_claim_are_sector_shaped() {
    let s = study(&scenario(PATRIOT), &CoverageSpec::default()).expect("study");
    let r = &s.radars[0];
    assert_eq!(r.type_name, "mpq65-class");
    let site = [r.antenna.lon_deg, r.antenna.lat_deg];
    for ring in r
        .footprints
        .iter()
        .map(|f| &f.ring)
        .chain(r.claimed_ring.iter())
    {
        assert!(ring.contains(&site), "a sector footprint is a pie slice");
        assert!(signed_area(ring) > 0.0);
        assert_eq!(ring.first(), ring.last());
    }
    let mut geojson = Vec::new();
    s.write_geojson(&mut geojson).expect("writes");
    let v: serde_json::Value = serde_json::from_slice(&geojson).expect("valid JSON");
    assert_eq!(v["type"], "FeatureCollection");
    assert_eq!(v["features"].as_array().expect("features").len(), 3 + 1);
}

#[test]
fn csv_has_one_row_per_grid_point() {
    let spec = CoverageSpec {
        altitudes_m: vec![50.0, 10000.0],
        rcs_m2: vec![1.0],
        swerlings: vec![Swerling::One],
        ..CoverageSpec::default()
    };
    let s = study(&scenario(SHIPPED), &spec).expect("study");
    let mut csv = Vec::new();
    s.write_csv(&mut csv).expect("writes");
    let text = String::from_utf8(csv).expect("utf-8");
    let mut lines = text.lines();
    assert_eq!(
        lines.next(),
        Some(
            "radar,type,role,swerling,rcs_m2,altitude_m,criterion,ground_range_km,slant_range_km,limit,claimed_range_km"
        )
    );
    assert_eq!(lines.count(), 5 * 2 * 2);
    assert!(
        text.contains("Regiment 1/91N6-class,91N6-class,surveillance,1,1,50,single-look-pd0.5,")
    );
}
