//! The scenarios shipped under scenarios/ load and say what they should.

use crate::{repo_root, toml_files};
use canopy_core::SimTime;
use canopy_scenario::{RaidGoal, ThreatClass, load_file, load_str};
use std::collections::HashSet;

#[test]
fn every_shipped_scenario_is_valid() {
    let files = toml_files(&repo_root().join("scenarios"));
    assert!(files.len() >= 2);
    for f in files {
        if let Err(e) = load_file(&f) {
            panic!("{} is invalid:\n{}", f.display(), e.render());
        }
    }
}

/// Scenario (a) of the issue: a regiment, two assets, every threat class,
/// three or more directions.
#[test]
fn regiment_scenario_has_every_threat_class_from_several_axes() {
    let l = load_file(&repo_root().join("scenarios/s400_regiment_mixed_raid.toml")).expect("valid");
    let s = &l.scenario;
    assert_eq!(s.assets.len(), 2);
    assert_eq!(s.units.len(), 1);
    let unit = &s.units[0];
    assert_eq!(
        unit.battalions.len(),
        3,
        "template expands to three battalions"
    );
    assert_eq!(unit.sensors.len(), 2);
    let classes: HashSet<ThreatClass> = s
        .raids
        .iter()
        .map(|r| s.catalog.threats[r.threat].class)
        .collect();
    assert_eq!(
        classes.len(),
        6,
        "fighters, helicopters, both cruise classes, ballistic, drones"
    );
    // Launch bearings from the unit fall in at least three distinct quadrants.
    let quadrants: HashSet<u32> = s
        .raids
        .iter()
        .map(|r| (unit.site.geodesic_to(&r.launch.centre).azimuth_deg / 90.0) as u32)
        .collect();
    assert!(quadrants.len() >= 3, "{quadrants:?}");
    assert!(s.raids.iter().any(|r| matches!(r.goal, RaidGoal::Asset(_))));
}

/// The tick defaults to half a second; a scenario with a radar that revisits
/// more often is refused (tests/broken) until it sets a tick at least as fine.
#[test]
fn the_tick_defaults_to_half_a_second_and_a_finer_one_admits_a_quicker_radar() {
    let l = load_file(&repo_root().join("scenarios/s400_regiment_mixed_raid.toml")).expect("valid");
    assert_eq!(l.scenario.tick, SimTime::from_millis(500));
    assert_eq!(canopy_scenario::DEFAULT_TICK_S, 0.5);
    let broken = repo_root().join("crates/canopy-scenario/tests/broken");
    let text = std::fs::read_to_string(broken.join("radar_revisits_faster_than_the_tick.toml"))
        .expect("readable");
    let fixed = text.replace("duration_s = 600", "duration_s = 600\ntick_s = 0.2");
    let l = load_str("fixed.toml", &fixed, &broken).unwrap_or_else(|e| panic!("{}", e.render()));
    assert_eq!(l.scenario.tick, SimTime::from_millis(200));
}
