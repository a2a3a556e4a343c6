use super::*;
use canopy_engine::{RunConfig, ThreatId, TrackReport, run};
use proptest::prelude::*;
use serde_json::Value;
use std::collections::{HashMap, HashSet};
use std::path::Path as FsPath;

const SMALL: &str = r#"
[scenario]
name = "czml small"
start = 2026-01-01T06:00:00Z
duration_s = 120
truth_interval_s = 10
[[asset]]
name = "Airbase <A>"
lat_deg = 48.0
lon_deg = 68.0
[[unit]]
name = "U"
lat_deg = 48.0
lon_deg = 68.0
sensors = ["96L6-class"]
[[raid]]
name = "cm"
threat = "tomahawk-class"
count = 2
launch = { lat_deg = 48.5, lon_deg = 68.0 }
target = "Airbase <A>"
"#;

const SHIPPED: &str = include_str!("../../../../scenarios/s400_regiment_mixed_raid.toml");

fn scenario(text: &str) -> Scenario {
    canopy_scenario::load_str("test.toml", text, FsPath::new("."))
        .map_err(|e| e.render())
        .expect("test scenario is valid")
        .scenario
}

fn s(secs: f64) -> SimTime {
    SimTime::from_secs_f64(secs)
}

fn at(lat: f64, lon: f64, alt: f64) -> Geodetic {
    Geodetic::new(lat, lon, alt)
}

fn entity(k: u32, name: &str, class: &'static str) -> EntityInfo {
    EntityInfo {
        id: ThreatId(k),
        name: name.to_string(),
        type_name: "tomahawk-class".to_string(),
        class,
        raid: 0,
        launch_time: SimTime::ZERO,
    }
}

/// A hand-written run: threat 0 is engaged and killed at 35 s, threat 1
/// impacts at 50 s unengaged, one track follows threat 0; the run ends at 60 s.
fn story(w: &mut CzmlWriter) {
    let entities = [
        entity(0, "cm#1", "cruise-subsonic"),
        entity(1, "cm#2", "drone"),
    ];
    w.event(&Event::Start {
        entities: &entities,
        sensors: &[],
    });
    w.event(&Event::Launched {
        time: s(0.0),
        threat: ThreatId(0),
        position: at(48.5, 68.0, 30.0),
    });
    w.event(&Event::Launched {
        time: s(5.0),
        threat: ThreatId(1),
        position: at(48.5, 68.1, 30.0),
    });
    for k in 0..=3 {
        let t = 10.0 * f64::from(k);
        w.event(&Event::Truth {
            time: s(t),
            threat: ThreatId(0),
            position: at(48.5 - 0.002 * t, 68.0, 30.0),
            speed_mps: 250.0,
        });
        w.event(&Event::Track(TrackReport {
            time: s(t + 10.0),
            id: 7,
            confirmed: k >= 2,
            position: at(48.5 - 0.002 * t + 1e-4, 68.0, 40.0),
            velocity_enu: [0.0, -250.0, 0.0],
            position_sigma_m: 50.0,
            quality: 0.9,
        }));
    }
    // A false alarm's track, never confirmed: not drawn.
    w.event(&Event::Track(TrackReport {
        time: s(20.0),
        id: 8,
        confirmed: false,
        position: at(48.2, 68.2, 500.0),
        velocity_enu: [0.0; 3],
        position_sigma_m: 300.0,
        quality: 0.3,
    }));
    let origin = at(48.0, 68.0, 5.0);
    w.event(&Event::InterceptorLaunched {
        time: s(20.0),
        origin,
        shot: 0,
        unit: "U/bn1",
        track: 7,
        threat: ThreatId(0),
    });
    w.event(&Event::InterceptorState {
        time: s(30.0),
        shot: 0,
        position: at(48.3, 68.0, 2000.0),
    });
    w.event(&Event::Intercept {
        time: s(35.0),
        shot: 0,
        threat: ThreatId(0),
        miss_m: Some(4.25),
        killed: true,
    });
    w.event(&Event::Ended {
        time: s(35.0),
        threat: ThreatId(0),
        cause: EndCause::Killed,
        position: at(48.43, 68.0, 30.0),
    });
    w.event(&Event::Assessed {
        time: s(40.0),
        shot: 0,
        track: 7,
        threat: ThreatId(0),
        judged_killed: true,
        killed: true,
    });
    for t in [10.0, 20.0, 30.0, 40.0] {
        w.event(&Event::Truth {
            time: s(t),
            threat: ThreatId(1),
            position: at(48.5 - 0.002 * t, 68.1 - 0.002 * t, 30.0),
            speed_mps: 50.0,
        });
    }
    w.event(&Event::Ended {
        time: s(50.0),
        threat: ThreatId(1),
        cause: EndCause::Impact,
        position: at(48.4, 68.0, 0.0),
    });
    w.event(&Event::Leaked {
        time: s(50.0),
        threat: ThreatId(1),
        cause: LeakCause::NotAssigned,
    });
    w.event(&Event::Finish { time: s(60.0) });
}

fn document(w: &CzmlWriter) -> Value {
    let mut out = Vec::new();
    w.write(&mut out).expect("write to memory");
    serde_json::from_slice(&out).expect("the file is JSON")
}

/// Parses an ISO 8601 time the writer emits, as milliseconds since the Unix epoch.
fn epoch_ms(s: &str) -> i64 {
    Utc::parse(s).unwrap_or_else(|| panic!("bad time {s}")).0
}

fn interval(s: &str) -> (i64, i64) {
    let (a, b) = s.split_once('/').expect("an interval");
    (epoch_ms(a), epoch_ms(b))
}

/// The CZML invariants: a document packet with a clock first; unique ids;
/// every availability inside the clock and not reversed; sampled positions in
/// groups of 4 with strictly increasing times inside the availability; every
/// parent and every `id#position` reference resolves to a packet (with a
/// position, for references).
fn check(doc: &Value) -> Result<(), String> {
    let packets = doc.as_array().ok_or("not an array")?;
    let first = packets.first().ok_or("empty")?;
    if first["id"] != "document" || first["version"] != "1.0" {
        return Err("first packet is not the document".into());
    }
    let (c0, c1) = interval(first["clock"]["interval"].as_str().ok_or("no clock")?);
    if c1 < c0 {
        return Err("clock runs backwards".into());
    }
    let current = epoch_ms(first["clock"]["currentTime"].as_str().ok_or("no time")?);
    if !(c0..=c1).contains(&current) {
        return Err("current time outside the clock".into());
    }
    let mut ids = HashSet::new();
    let mut positioned = HashSet::new();
    for p in packets {
        let id = p["id"].as_str().ok_or("packet without id")?;
        if !ids.insert(id) {
            return Err(format!("duplicate id {id}"));
        }
        if id.contains(['#', '\\']) {
            return Err(format!("id {id} would need escaping in references"));
        }
        if p.get("position").is_some() {
            positioned.insert(id);
        }
    }
    for p in &packets[1..] {
        let id = p["id"].as_str().unwrap_or_default();
        let (a0, a1) = match p.get("availability") {
            Some(a) => interval(a.as_str().ok_or("availability not a string")?),
            None => (c0, c1),
        };
        if a1 < a0 || a0 < c0 || a1 > c1 {
            return Err(format!(
                "{id}: availability {a0}..{a1} not inside the clock {c0}..{c1}"
            ));
        }
        if let Some(pos) = p.get("position") {
            let v: Vec<f64> = pos["cartographicDegrees"]
                .as_array()
                .ok_or(format!("{id}: no cartographicDegrees"))?
                .iter()
                .map(|x| x.as_f64().ok_or(format!("{id}: not a number")))
                .collect::<Result<_, _>>()?;
            match pos.get("epoch") {
                None if v.len() == 3 => {}
                None => return Err(format!("{id}: static position of {} numbers", v.len())),
                Some(e) => {
                    let epoch = epoch_ms(e.as_str().ok_or("epoch not a string")?);
                    if v.is_empty() || !v.len().is_multiple_of(4) {
                        return Err(format!(
                            "{id}: {} numbers is not [t, lon, lat, h]…",
                            v.len()
                        ));
                    }
                    // Offsets are whole milliseconds written as seconds.
                    let times: Vec<i64> = v
                        .chunks(4)
                        .map(|c| epoch + (c[0] * 1e3).round() as i64)
                        .collect();
                    if times.windows(2).any(|w| w[1] <= w[0]) {
                        return Err(format!("{id}: sample times not strictly increasing"));
                    }
                    let (lo, hi) = (times[0], times[times.len() - 1]);
                    if lo < a0 || hi > a1 {
                        return Err(format!(
                            "{id}: samples {lo}..{hi} outside availability {a0}..{a1}"
                        ));
                    }
                    // The entity must be defined over its whole availability.
                    if lo != a0 || hi != a1 {
                        return Err(format!(
                            "{id}: samples {lo}..{hi} do not span availability {a0}..{a1}"
                        ));
                    }
                }
            }
            for c in v.chunks(if pos.get("epoch").is_some() { 4 } else { 3 }) {
                let (lon, lat) = if c.len() == 4 {
                    (c[1], c[2])
                } else {
                    (c[0], c[1])
                };
                if !(-90.0..=90.0).contains(&lat) || !(-540.0..=540.0).contains(&lon) {
                    return Err(format!("{id}: lon {lon} lat {lat} out of range"));
                }
            }
        }
        if let Some(parent) = p.get("parent") {
            let parent = parent.as_str().ok_or("parent not a string")?;
            if !ids.contains(parent) {
                return Err(format!("{id}: parent {parent} missing"));
            }
        }
        if let Some(refs) = p.pointer("/polyline/positions/references") {
            for r in refs.as_array().ok_or("references not an array")? {
                let r = r.as_str().ok_or("reference not a string")?;
                let target = r
                    .strip_suffix("#position")
                    .ok_or(format!("{id}: reference {r} is not to a position"))?;
                if !positioned.contains(target) {
                    return Err(format!("{id}: reference {r} does not resolve"));
                }
            }
        }
    }
    Ok(())
}

/// Replaces long number arrays (coverage rings) by their length and ends, so
/// the snapshot stays readable.
fn compact(v: &mut Value) {
    match v {
        Value::Array(a) if a.len() > 24 && a.iter().all(Value::is_number) => {
            let head: Vec<Value> = a[..6].to_vec();
            let tail: Vec<Value> = a[a.len() - 3..].to_vec();
            *v = serde_json::json!({ "numbers": a.len(), "first": head, "last": tail });
        }
        Value::Array(a) => a.iter_mut().for_each(compact),
        Value::Object(o) => o.values_mut().for_each(compact),
        _ => {}
    }
}

#[test]
fn snapshot_of_a_small_run() {
    let sc = scenario(SMALL);
    let options = CzmlOptions {
        coverage_altitudes_m: vec![100.0, 5000.0],
        trail_s: 60.0,
    };
    let mut w = CzmlWriter::new(&sc, &options).expect("writer");
    story(&mut w);
    let mut doc = document(&w);
    check(&doc).expect("invariants");
    compact(&mut doc);
    insta::assert_json_snapshot!("small_run", doc);
}

#[test]
fn small_run_has_each_kind_of_entity() {
    let sc = scenario(SMALL);
    let mut w = CzmlWriter::new(&sc, &CzmlOptions::default()).expect("writer");
    story(&mut w);
    let doc = document(&w);
    let ids: Vec<&str> = doc
        .as_array()
        .expect("array")
        .iter()
        .filter_map(|p| p["id"].as_str())
        .collect();
    let count = |prefix: &str| ids.iter().filter(|id| id.starts_with(prefix)).count();
    assert_eq!(count("threat-"), 2);
    assert_eq!(count("interceptor-"), 1);
    assert_eq!(count("engagement-"), 1);
    assert_eq!(count("fire-unit-"), 1);
    assert_eq!(count("kill-"), 1, "threat 0 was killed");
    assert_eq!(count("leak-"), 1, "threat 1 leaked");
    assert_eq!(count("track-"), 1, "track 8 was never confirmed");
    assert_eq!(count("asset-"), 1);
    assert_eq!(count("radar-"), 1);
    // One ring per default altitude (50 m, 1 km, 10 km): all within range of a 96L6.
    assert_eq!(count("coverage-"), 3);
    let by_id: HashMap<&str, &Value> = doc
        .as_array()
        .expect("array")
        .iter()
        .map(|p| (p["id"].as_str().unwrap_or_default(), p))
        .collect();
    // The interceptor's last sample is the threat's position at the intercept.
    let i = &by_id["interceptor-0"]["position"]["cartographicDegrees"];
    let v: Vec<f64> = i
        .as_array()
        .expect("samples")
        .iter()
        .filter_map(Value::as_f64)
        .collect();
    assert_eq!(&v[v.len() - 4..], &[35.0, 68.0, 48.43, 30.0]);
    assert_eq!(&v[..4], &[20.0, 68.0, 48.0, 5.0], "starts at the launcher");
    // The track turns green when confirmed (status from the third report, 30 s).
    let colors = by_id["track-7"]["point"]["color"]
        .as_array()
        .expect("intervals");
    assert_eq!(colors.len(), 2);
    assert_eq!(
        colors[0]["interval"],
        "2026-01-01T06:00:10Z/2026-01-01T06:00:30Z"
    );
    assert_eq!(
        colors[1]["interval"],
        "2026-01-01T06:00:30Z/2026-01-01T06:00:40Z"
    );
    // Names are escaped in descriptions.
    let d = by_id["asset-0"]["description"].as_str().expect("text");
    assert!(d.contains("Airbase &lt;A&gt;") && !d.contains("<A>"), "{d}");
    // The threat's description tells its engagement story in time order.
    let d = by_id["threat-0"]["description"].as_str().expect("text");
    let fired = d.find("round 0 fired by U/bn1").expect("fire note");
    let hit = d.find("round 0: kill, miss 4.2 m").expect("intercept note");
    let assessed = d
        .find("assessed after round 0: killed (truth: killed)")
        .expect("assessment");
    assert!(fired < hit && hit < assessed, "{d}");
}

#[test]
fn coverage_rings_sit_at_their_altitude_and_match_the_study() {
    let sc = scenario(SMALL);
    let alts = vec![200.0, 3000.0];
    let w = CzmlWriter::new(
        &sc,
        &CzmlOptions {
            coverage_altitudes_m: alts.clone(),
            trail_s: 60.0,
        },
    )
    .expect("writer");
    let spec = CoverageSpec {
        footprint_altitudes_m: alts.clone(),
        ..CoverageSpec::default()
    };
    let studied = study(&sc, &spec).expect("study");
    let doc = document(&w);
    for (j, alt) in alts.iter().enumerate() {
        let p = doc
            .as_array()
            .expect("array")
            .iter()
            .find(|p| p["id"] == format!("coverage-0-{alt}"))
            .expect("a ring per altitude");
        let v: Vec<f64> = p["polyline"]["positions"]["cartographicDegrees"]
            .as_array()
            .expect("positions")
            .iter()
            .filter_map(Value::as_f64)
            .collect();
        let ring = &studied.radars[0].footprints[j].ring;
        assert_eq!(v.len(), 3 * ring.len());
        for (c, r) in v.chunks(3).zip(ring) {
            assert_eq!(c[2], *alt);
            // Same vertex to the 1e-6° rounding.
            assert!((c[0] - r[0]).abs() <= 5e-7 && (c[1] - r[1]).abs() <= 5e-7);
        }
    }
    // No altitudes: radars but no rings.
    let w = CzmlWriter::new(
        &sc,
        &CzmlOptions {
            coverage_altitudes_m: Vec::new(),
            trail_s: 60.0,
        },
    )
    .expect("writer");
    let doc = document(&w);
    let ids: Vec<&str> = doc
        .as_array()
        .expect("array")
        .iter()
        .filter_map(|p| p["id"].as_str())
        .collect();
    assert!(ids.contains(&"radar-0"));
    assert!(!ids.iter().any(|id| id.starts_with("coverage-")));
    check(&doc).expect("invariants without events");
}

#[test]
fn bad_start_and_bad_altitudes_are_errors() {
    let mut sc = scenario(SMALL);
    let ok = CzmlOptions::default();
    let bad = CzmlOptions {
        coverage_altitudes_m: vec![-5.0],
        ..CzmlOptions::default()
    };
    assert!(matches!(
        CzmlWriter::new(&sc, &bad),
        Err(CzmlError::Coverage(CoverageError::InvalidSpec { .. }))
    ));
    // A start the loader accepts is one the writer reads, in either RFC 3339
    // form (`T` or a space between date and time).
    let spaced = scenario(&SMALL.replace(
        "start = 2026-01-01T06:00:00Z",
        "start = \"2026-01-01 06:00:00Z\"",
    ));
    assert_eq!(spaced.start_utc, "2026-01-01T06:00:00Z");
    assert!(CzmlWriter::new(&spaced, &ok).is_ok());
    sc.start_utc = "yesterday".to_string();
    let e = CzmlWriter::new(&sc, &ok).expect_err("bad start");
    assert_eq!(e, CzmlError::BadStart("yesterday".to_string()));
    assert!(e.to_string().contains("2026-01-01T00:00:00Z"));
}

#[test]
fn utc_times_parse_and_format() {
    let start = Utc::parse("2026-01-01T06:00:00Z").expect("valid");
    assert_eq!(start.iso(SimTime::ZERO), "2026-01-01T06:00:00Z");
    assert_eq!(start.iso(s(5.25)), "2026-01-01T06:00:05.250Z");
    assert_eq!(start.iso(s(18.0 * 3600.0)), "2026-01-02T00:00:00Z");
    assert_eq!(
        Utc::parse("1970-01-01T00:00:00Z"),
        Some(Utc(0)),
        "the Unix epoch"
    );
    // 2026-01-01 is 20 454 days after 1970-01-01 (date arithmetic check).
    assert_eq!(start.0, (20_454 * 86_400 + 6 * 3600) * 1000);
    let leap = Utc::parse("2024-02-28T23:59:59.5Z").expect("valid");
    assert_eq!(leap.iso(s(0.5)), "2024-02-29T00:00:00Z");
    assert_eq!(leap.iso(s(86_400.5)), "2024-03-01T00:00:00Z");
    assert_eq!(
        Utc::parse("1999-12-31T23:59:59Z")
            .expect("valid")
            .iso(s(1.0)),
        "2000-01-01T00:00:00Z"
    );
    assert_eq!(
        start.interval(SimTime::ZERO, s(1.0)),
        "2026-01-01T06:00:00Z/2026-01-01T06:00:01Z"
    );
    for bad in [
        "",
        "2026-01-01T06:00:00",
        "2026-01-01 06:00:00Z",
        "2026-13-01T06:00:00Z",
        "2026-01-01T24:00:00Z",
        "2026-01-01T06:00:00.Z",
        "2026-01-01T06:00:00+01Z",
        "2026-01-01T06:0a:00Z",
        "2026-01-01T06:00:00.5éZ",
    ] {
        assert_eq!(Utc::parse(bad), None, "{bad}");
    }
}

#[test]
fn interpolation_between_samples() {
    let mut v = Samples::default();
    v.push(s(10.0), at(1.0, 179.0, 100.0));
    v.push(s(0.0), at(0.0, 179.0, 0.0));
    v.push(s(20.0), at(2.0, -179.0, 300.0));
    let p = v.at(s(5.0), s(100.0)).expect("inside");
    assert!((p.lat_deg - 0.5).abs() < 1e-12 && (p.alt_m - 50.0).abs() < 1e-9);
    // Across the antimeridian: halfway between 179° and -179° is ±180°.
    let p = v.at(s(15.0), s(100.0)).expect("inside");
    assert!((p.lon_deg.abs() - 180.0).abs() < 1e-9, "{}", p.lon_deg);
    assert_eq!(v.at(s(10.0), s(100.0)), Some(at(1.0, 179.0, 100.0)));
    assert_eq!(v.at(s(21.0), s(100.0)), None, "no extrapolation");
    assert_eq!(v.at(s(-1.0), s(100.0)), None);
}

/// A full engagement run of the shipped scenario, shortened to keep the test fast.
#[test]
fn engine_run_satisfies_the_invariants() {
    let sc = scenario(&SHIPPED.replace("duration_s = 1800", "duration_s = 600"));
    let mut w = CzmlWriter::new(&sc, &CzmlOptions::default()).expect("writer");
    let summary = run(
        &sc,
        RunConfig {
            engage: true,
            ..RunConfig::new(1, 0)
        },
        &mut w,
    );
    let doc = document(&w);
    check(&doc).expect("invariants");
    let packets = doc.as_array().expect("array");
    let count = |prefix: &str| {
        packets
            .iter()
            .filter(|p| p["id"].as_str().is_some_and(|id| id.starts_with(prefix)))
            .count()
    };
    let e = summary.engagement.expect("an engagement run");
    assert!(e.rounds_expended > 0, "the regiment fires within 600 s");
    assert_eq!(count("interceptor-"), e.rounds_expended);
    assert_eq!(count("engagement-"), e.rounds_expended);
    assert_eq!(count("kill-"), e.killed);
    let launched = w.threats.values().filter(|t| t.launched.is_some()).count();
    assert_eq!(count("threat-"), launched);
    assert!(count("track-") > 0);
    assert_eq!(count("radar-"), canopy_engine::scenario_radars(&sc).len());
}

/// Events in any order and at any time (within reason) still give a valid
/// document: the writer sorts, deduplicates and clamps.
fn arbitrary_event(n_threats: u32) -> impl Strategy<Value = (u8, u32, u32, f64, f64, f64, bool)> {
    (
        0u8..9,
        0..n_threats,
        0u32..4,
        0.0..200.0f64,
        47.0..49.0f64,
        67.0..69.0f64,
        any::<bool>(),
    )
}

fn replay(events: &[(u8, u32, u32, f64, f64, f64, bool)], finish: Option<f64>) -> Value {
    let sc = scenario(SMALL);
    let mut w = CzmlWriter::new(
        &sc,
        &CzmlOptions {
            coverage_altitudes_m: vec![1000.0],
            trail_s: 60.0,
        },
    )
    .expect("writer");
    let entities = [
        entity(0, "a", "fighter"),
        entity(1, "b", "ballistic"),
        entity(2, "c", "drone"),
    ];
    w.event(&Event::Start {
        entities: &entities,
        sensors: &[],
    });
    for &(kind, threat, shot, t, lat, lon, flag) in events {
        let (time, threat, position) = (s(t), ThreatId(threat), at(lat, lon, 1000.0));
        let e = match kind {
            0 => Event::Launched {
                time,
                threat,
                position,
            },
            1 | 2 => Event::Truth {
                time,
                threat,
                position,
                speed_mps: 200.0,
            },
            3 => Event::Ended {
                time,
                threat,
                cause: if flag {
                    EndCause::Killed
                } else {
                    EndCause::Impact
                },
                position,
            },
            4 => Event::Leaked {
                time,
                threat,
                cause: LeakCause::AllShotsMissed,
            },
            5 => Event::Track(TrackReport {
                time,
                id: u64::from(shot),
                confirmed: flag,
                position,
                velocity_enu: [0.0; 3],
                position_sigma_m: 10.0,
                quality: 1.0,
            }),
            6 => Event::InterceptorLaunched {
                time,
                origin: at(48.0, 68.0, 0.0),
                shot,
                unit: if flag { "U/bn1" } else { "U/bn2" },
                track: 1,
                threat,
            },
            7 => Event::InterceptorState {
                time,
                shot,
                position,
            },
            _ => Event::Intercept {
                time,
                shot,
                threat,
                miss_m: Some(3.0),
                killed: flag,
            },
        };
        w.event(&e);
    }
    if let Some(f) = finish {
        w.event(&Event::Finish { time: s(f) });
    }
    document(&w)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn any_event_stream_gives_a_valid_document(
        events in proptest::collection::vec(arbitrary_event(3), 0..60),
        finish in proptest::option::of(0.0..250.0f64),
    ) {
        let doc = replay(&events, finish);
        if let Err(e) = check(&doc) {
            return Err(TestCaseError::fail(e));
        }
    }
}

#[test]
fn identical_runs_give_identical_files() {
    let sc = scenario(SMALL);
    let bytes = || {
        let mut w = CzmlWriter::new(&sc, &CzmlOptions::default()).expect("writer");
        story(&mut w);
        let mut out = Vec::new();
        w.write(&mut out).expect("write");
        out
    };
    let a = bytes();
    assert_eq!(a, bytes());
    let text = String::from_utf8(a).expect("utf-8");
    assert!(text.starts_with("[\n{\"id\":\"document\""));
    assert!(text.ends_with("}\n]\n"));
    assert!(!text.contains("-0.0") && !text.contains("NaN"));
    // What keeps "-0.0" out: a value that rounds to zero from below.
    let z = round_to(-1e-9, 1e6);
    assert!(z == 0.0 && z.is_sign_positive(), "{z:?}");
}
