//! The scenarios shipped under scenarios/ load and say what they should.

use crate::{repo_root, toml_files};
use canopy_scenario::{RaidGoal, ThreatClass, load_file};
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
