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
    // The electronically steered engagement radars confirm their search detections; the
    // surveillance radars report every one (the tracker's M-of-N confirms on later scans).
    for r in &c.radars {
        assert_eq!(
            r.alert_confirm,
            r.role == RadarRole::Engagement,
            "{}",
            r.entry.name
        );
    }
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

/// A catalog radar's optional measurement bias reaches the sensor model
/// (which applies it to every report; tested in canopy-sensors).
#[test]
fn radar_bias_reaches_the_sensor_model() {
    let text = r#"
[scenario]
name = "bias"
duration_s = 10
[catalog.radar.biased]
role = "surveillance"
frequency_ghz = 3
peak_power_kw = 100
gain_db = 35
pulse_width_us = 10
noise_temperature_k = 500
losses_db = 6
pulses = 1
pfa = 1e-6
revisit_s = 5
instrumented_range_km = 300
antenna_height_m = 10
range_sigma_m = 50
azimuth_sigma_deg = 0.2
elevation_sigma_deg = 0.3
range_bias_m = 500
azimuth_bias_deg = -0.5
"#;
    let s = canopy_scenario::load_str("bias.toml", text, std::path::Path::new("."))
        .expect("valid")
        .scenario;
    let r = s
        .catalog
        .radars
        .iter()
        .find(|r| r.entry.name == "biased")
        .expect("radar");
    let placed = canopy_scenario::PlacedRadar {
        radar: 0,
        site: canopy_core::geo::Geodetic::new(0.0, 0.0, 0.0),
        heading_deg: 0.0,
    };
    let params = canopy_scenario::radar_params(r, &placed);
    // Without `alert_confirm` a radar reports every search detection.
    assert!(!params.alert_confirm);
    let bias = params.accuracy.bias;
    assert_eq!(bias.range_m, 500.0);
    assert!((bias.azimuth_rad - (-0.5f64).to_radians()).abs() < 1e-15);
    assert_eq!(bias.elevation_rad, 0.0);
}

/// Every built-in interceptor type flies: its airframe passes the flyout's
/// checks, burns less than its launch mass and keeps the catalog's lateral
/// limit; the 48N6-class airframe is the flyout crate's notional long-range
/// round (same mass, thrust, burn times and drag area, propellant flow at
/// 270 s specific impulse within 1 %).
#[test]
fn builtin_interceptors_fly_their_own_airframes() {
    let cat = canopy_scenario::builtin_catalog().expect("built-in catalog");
    assert!(cat.interceptors.len() >= 5);
    for it in &cat.interceptors {
        let p = it.flyout_params();
        p.validate()
            .unwrap_or_else(|e| panic!("{}: {e}", it.entry.name));
        assert!(p.propellant_mass_kg < p.launch_mass_kg, "{}", it.entry.name);
        assert_eq!(p.max_lateral_g, it.max_g);
        assert_eq!(p.max_time_of_flight_s, it.airframe.max_time_of_flight_s);
    }
    let it = cat
        .interceptors
        .iter()
        .find(|i| i.entry.name == "48N6-class")
        .expect("48N6-class");
    let (p, n) = (
        it.flyout_params(),
        canopy_flyout::InterceptorParams::notional_long_range(),
    );
    assert_eq!(p.launch_mass_kg, n.launch_mass_kg);
    assert!((p.reference_area_m2 - n.reference_area_m2).abs() < 1e-3);
    for (a, b) in p.thrust_phases.iter().zip(&n.thrust_phases) {
        assert_eq!((a.thrust_n, a.duration_s), (b.thrust_n, b.duration_s));
        assert!((a.mass_flow_kg_s / b.mass_flow_kg_s - 1.0).abs() < 0.01);
    }
}
