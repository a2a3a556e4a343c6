//! The built-in catalog is valid, and every number in it has provenance.

use canopy_core::Status;
use canopy_scenario::{RadarRole, builtin_catalog};

#[test]
fn builtin_catalog_is_valid_and_fully_tagged() {
    let c = match builtin_catalog() {
        Ok(c) => c,
        Err(e) => panic!("built-in catalog invalid:\n{}", e.render()),
    };
    let entries = c
        .radars
        .iter()
        .map(|x| &x.entry)
        .chain(c.interceptors.iter().map(|x| &x.entry))
        .chain(c.launchers.iter().map(|x| &x.entry))
        .chain(c.command_posts.iter().map(|x| &x.entry))
        .chain(c.units.iter().map(|x| &x.entry))
        .chain(c.threats.iter().map(|x| &x.entry));
    for e in entries {
        assert!(!e.description.is_empty(), "{} has no description", e.name);
        for p in &e.params {
            // The built-in catalog never falls back to the user-catalog default.
            assert!(
                !p.provenance.source.starts_with("user catalog"),
                "{}.{} has no provenance",
                e.name,
                p.key
            );
        }
    }
}

/// The regiment-level channel claim (36 targets / 72 missiles, PUBLIC_FACTS
/// §1.4) comes out of the per-battalion numbers of the template.
#[test]
fn regiment_channels_add_up_to_the_claim() {
    let c = builtin_catalog().expect("valid");
    let t = c
        .units
        .iter()
        .find(|u| u.entry.name == "s400-regiment")
        .expect("template");
    let (mut targets, mut missiles) = (0, 0);
    for b in &t.battalions {
        let r = &c.radars[b.radar];
        assert_eq!(r.role, RadarRole::Engagement);
        targets += r.target_channels * b.count;
        missiles += r.missile_channels * b.count;
    }
    assert_eq!((targets, missiles), (36, 72));
    let r = c
        .radars
        .iter()
        .find(|r| r.entry.name == "92N6-class")
        .expect("radar");
    let p = r
        .entry
        .params
        .iter()
        .find(|p| p.key == "target_channels")
        .expect("param");
    assert_eq!(p.provenance.status, Status::Derived);
}
