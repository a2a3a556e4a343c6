//! `[doctrine]` and `[unit.doctrine]`: defaults, scenario-wide settings and
//! per-unit overrides.

use canopy_c2::doctrine::{Doctrine, FirePolicy, WeaponControl};
use canopy_c2::evaluate::ThreatClass;
use canopy_scenario::load_str;

const UNITS: &str = r#"
[scenario]
name = "doctrine"
duration_s = 600
[doctrine]
control = "tight"
p_look = 0.9
reserve_rounds = 0
[doctrine.cruise]
first_salvo = 3
[[unit]]
name = "A"
template = "s400-regiment"
lat_deg = 48.0
lon_deg = 68.0
[[unit]]
name = "B"
template = "s400-regiment"
lat_deg = 48.5
lon_deg = 68.0
[unit.doctrine]
p_look = 0.8
[unit.doctrine.drone]
policy = "shoot-shoot"
first_salvo = 2
priority = 0
may_use_reserve = true
"#;

#[test]
fn scenario_doctrine_applies_to_every_unit_and_units_override_it() {
    let s = load_str("doctrine.toml", UNITS, std::path::Path::new("."))
        .expect("loads")
        .scenario;
    let (a, b) = (&s.units[0].doctrine, &s.units[1].doctrine);
    let default = Doctrine::default();
    // Scenario-wide settings on top of the default.
    assert_eq!(a.rules.control, WeaponControl::Tight);
    assert_eq!(a.rules.reserve_rounds, 0);
    assert_eq!(a.rules.rules[ThreatClass::Cruise].first_salvo, 3);
    assert_eq!(
        a.rules.rules[ThreatClass::Cruise].policy,
        default.rules[ThreatClass::Cruise].policy
    );
    assert_eq!(a.p_look, 0.9);
    assert_eq!(
        a.rules.rules[ThreatClass::Drone],
        default.rules[ThreatClass::Drone]
    );
    // Unit B: the scenario's settings, then its own.
    assert_eq!(b.rules.control, WeaponControl::Tight);
    assert_eq!(b.rules.rules[ThreatClass::Cruise].first_salvo, 3);
    assert_eq!(b.p_look, 0.8);
    let drone = b.rules.rules[ThreatClass::Drone];
    assert_eq!(drone.policy, FirePolicy::ShootShoot);
    assert_eq!((drone.first_salvo, drone.priority), (2, 0));
    assert!(drone.may_use_reserve);
}

#[test]
fn without_doctrine_tables_units_get_the_default_and_a_perfect_look() {
    let text = UNITS.replace("[doctrine]", "[ignored]");
    let text = &text[..text.find("[ignored]").expect("marker")];
    let text = format!(
        "{text}[[unit]]\nname = \"C\"\ntemplate = \"s400-regiment\"\nlat_deg = 48.0\nlon_deg = 68.0\n"
    );
    let s = load_str("plain.toml", &text, std::path::Path::new("."))
        .expect("loads")
        .scenario;
    assert_eq!(s.units[0].doctrine.rules, Doctrine::default());
    assert_eq!(s.units[0].doctrine.p_look, 1.0);
}
