use super::*;
use crate::{BUILTIN_CATALOG, load_str};
use std::path::Path;

const SCENARIO: &str = r#"
[scenario]
name = "override test"
duration_s = 600

[[asset]]
name = "Airbase Alpha"
lat_deg = 48.05
lon_deg = 68.10
value = 100

[[raid]]
name = "West cruise missiles"
threat = "tomahawk-class"
count = 6
launch = { lat_deg = 47.6, lon_deg = 66.0, radius_km = 5 }
interval_s = 10
target = "Airbase Alpha"

[[raid]]
name = "drones"
threat = "shahed-class"
count = 2
launch = { lat_deg = 47.75, lon_deg = 68.6 }
interval_s = 20
route = [{ lat_deg = 47.9, lon_deg = 68.3, alt_m = 300 }]
target = "Airbase Alpha"
"#;

fn apply(path: &str, value: f64) -> Result<String, OverrideError> {
    apply_overrides(
        SCENARIO,
        Path::new("."),
        &[Override {
            path: path.to_string(),
            value,
        }],
    )
}

fn load(text: &str) -> crate::Scenario {
    match load_str("overridden", text, Path::new(".")) {
        Ok(l) => l.scenario,
        Err(e) => panic!("{}", e.render()),
    }
}

#[test]
fn paths_split_on_dots_with_quoted_keys() {
    assert_eq!(
        parse_path(r#"raid."West cruise missiles".count"#).unwrap(),
        ["raid", "West cruise missiles", "count"]
    );
    assert_eq!(
        parse_path("catalog.interceptor.48N6-class.sspk").unwrap(),
        ["catalog", "interceptor", "48N6-class", "sspk"]
    );
    assert_eq!(
        parse_path(r#"a.'x.y'."q\"z""#).unwrap(),
        ["a", "x.y", "q\"z"]
    );
    for bad in [
        "",
        "raid..count",
        "raid.",
        "raid.\"open",
        "raid.a b",
        "raid.x!",
    ] {
        let e = parse_path(bad).unwrap_err();
        assert_eq!(e.path, bad);
        assert!(e.hint.is_some(), "{bad}");
    }
    assert_eq!(
        join(&parse_path(r#"raid."West cruise".count"#).unwrap()),
        r#"raid."West cruise".count"#
    );
}

#[test]
fn raid_elements_are_picked_by_name_or_index() {
    let by_name = load(&apply(r#"raid."West cruise missiles".count"#, 9.0).unwrap());
    assert_eq!(by_name.raids[0].count, 9);
    assert_eq!(by_name.raids[1].count, 2);
    let by_index = load(&apply("raid.1.count", 5.0).unwrap());
    assert_eq!(by_index.raids[1].count, 5);
    let nested = load(&apply("raid.drones.route.0.alt_m", 450.0).unwrap());
    assert_eq!(nested.raids[1].route[0].position.alt_m, 450.0);
    let asset = load(&apply(r#"asset."Airbase Alpha".value"#, 7.5).unwrap());
    assert_eq!(asset.assets[0].value, 7.5);
    let header = load(&apply("scenario.duration_s", 900.0).unwrap());
    assert_eq!(header.duration.as_secs_f64(), 900.0);
}

/// A catalog path for a type the file does not define copies the built-in
/// type, changes one value and tags its provenance; every other value is
/// the built-in one.
#[test]
fn catalog_override_copies_the_builtin_type() {
    let base = load(SCENARIO);
    let text = apply("catalog.threat.tomahawk-class.rcs_m2", 0.01).unwrap();
    let s = load(&text);
    let find = |s: &crate::Scenario| {
        s.catalog
            .threats
            .iter()
            .find(|t| t.entry.name == "tomahawk-class")
            .cloned()
            .unwrap()
    };
    let (before, after) = (find(&base), find(&s));
    assert_eq!(after.rcs_m2, 0.01);
    assert_ne!(before.rcs_m2, 0.01);
    assert_eq!(after.kinematics, before.kinematics);
    assert_eq!(after.cost_usd, before.cost_usd);
    let p = after
        .entry
        .params
        .iter()
        .find(|p| p.key == "rcs_m2")
        .unwrap();
    assert_eq!(
        p.provenance.to_string(),
        "NOTIONAL: override catalog.threat.tomahawk-class.rcs_m2 = 0.01"
    );
    let kept = after
        .entry
        .params
        .iter()
        .find(|p| p.key == "cost_usd")
        .unwrap();
    let orig = before
        .entry
        .params
        .iter()
        .find(|p| p.key == "cost_usd")
        .unwrap();
    assert_eq!(kept.provenance, orig.provenance);
    // Applied twice (two parameters of one type), both stick.
    let two = apply_overrides(
        SCENARIO,
        Path::new("."),
        &[
            Override {
                path: "catalog.interceptor.48N6-class.sspk".into(),
                value: 0.5,
            },
            Override {
                path: "catalog.interceptor.48N6-class.max_g".into(),
                value: 15.0,
            },
        ],
    )
    .unwrap();
    let s = load(&two);
    let i = s
        .catalog
        .interceptors
        .iter()
        .find(|i| i.entry.name == "48N6-class")
        .unwrap();
    assert_eq!((i.sspk, i.max_g), (0.5, 15.0));
    assert!(BUILTIN_CATALOG.contains("[interceptor.48N6-class]"));
}

#[test]
fn unknown_paths_name_the_path_and_the_nearest_key() {
    let e = apply(r#"raid."West cruise missiles".cont"#, 3.0).unwrap_err();
    assert_eq!(e.path, r#"raid."West cruise missiles".cont"#);
    assert!(e.message.contains("no key `cont`"), "{e}");
    assert_eq!(e.hint.as_deref(), Some("did you mean `count`?"));

    let e = apply("raid.West.count", 3.0).unwrap_err();
    assert!(e.message.contains("no element named `West`"), "{e}");
    assert!(
        e.hint.as_deref().unwrap().contains("West cruise missiles"),
        "{e}"
    );

    let e = apply("raids.drones.count", 3.0).unwrap_err();
    assert_eq!(e.hint.as_deref(), Some("did you mean `raid`?"));

    let e = apply("catalog.interceptor.48N6.sspk", 0.5).unwrap_err();
    assert!(e.message.contains("no interceptor type `48N6`"), "{e}");
    assert!(e.hint.as_deref().unwrap().contains("48N6-class"), "{e}");

    let e = apply("catalog.interceptors.48N6-class.sspk", 0.5).unwrap_err();
    assert!(e.hint.as_deref().unwrap().contains("`interceptor`"), "{e}");

    let e = apply("catalog.interceptor.48N6-class.spk", 0.5).unwrap_err();
    assert_eq!(e.hint.as_deref(), Some("did you mean `sspk`?"));

    let e = apply("raid.drones.threat", 1.0).unwrap_err();
    assert!(e.message.contains("not a number"), "{e}");

    let e = apply("raid.drones.count.x", 1.0).unwrap_err();
    assert!(e.message.contains("is a value"), "{e}");

    let e = apply("raid.drones.count", f64::NAN).unwrap_err();
    assert!(e.message.contains("finite"), "{e}");
    // The message reads as one diagnostic.
    assert!(e.to_string().starts_with("cannot vary `raid.drones.count`"));
}

/// A fractional value where an integer was is written as a float, and the
/// loader refuses it as it refuses it in any file.
#[test]
fn fractional_counts_are_left_to_the_loader() {
    let text = apply("raid.drones.count", 2.5).unwrap();
    assert!(load_str("x", &text, Path::new(".")).is_err());
    let text = apply("raid.drones.count", 3.0).unwrap();
    assert_eq!(load(&text).raids[1].count, 3);
}

/// Doctrine values written in the file vary like any other: the
/// scenario-wide salvo size and a unit's own.
#[test]
fn doctrine_salvo_sizes_vary_by_path() {
    use canopy_c2::evaluate::ThreatClass;
    let text = format!(
        "{SCENARIO}\n[doctrine]\nreserve_rounds = 0\n[doctrine.drone]\nfirst_salvo = 2\n\n[[unit]]\nname = \"U\"\nlat_deg = 48.0\nlon_deg = 68.0\ncommand_post = \"55K6-class\"\nbattalion = [{{ radar = \"92N6-class\", launcher = \"5P85-class\", launchers = 2 }}]\n[unit.doctrine.drone]\nlater_salvo = 1\n"
    );
    let set = |path: &str, value: f64| {
        apply_overrides(
            &text,
            Path::new("."),
            &[Override {
                path: path.into(),
                value,
            }],
        )
        .unwrap()
    };
    let s = load(&set("doctrine.drone.first_salvo", 3.0));
    assert_eq!(
        s.units[0].doctrine.rules.rules[ThreatClass::Drone].first_salvo,
        3
    );
    let s = load(&set("unit.U.doctrine.drone.later_salvo", 4.0));
    assert_eq!(
        s.units[0].doctrine.rules.rules[ThreatClass::Drone].later_salvo,
        4
    );
    let e = apply_overrides(
        &text,
        Path::new("."),
        &[Override {
            path: "doctrine.drone.first_salv".into(),
            value: 1.0,
        }],
    )
    .unwrap_err();
    assert_eq!(e.hint.as_deref(), Some("did you mean `first_salvo`?"));
}
