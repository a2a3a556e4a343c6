//! The fusion centre's link from tracks to threats (measurement origin).

use super::*;
use crate::sensors;
use canopy_scenario::load_file;
use canopy_tracking::TrackId;
use std::path::PathBuf;

/// A fusion centre fed by the first radar of the demo scenario, in that
/// radar's own frame (so reports are positions in the tracking frame's
/// spherical coordinates).
fn centre() -> Tracking {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../scenarios/s400_regiment_mixed_raid.toml");
    let scenario = load_file(&path).expect("demo scenario").scenario;
    let radars = sensors::build(&scenario);
    let radar = &radars[0];
    let geometry = SensorGeometry::new(
        radar.frame(),
        radar.frame(),
        radar.params(),
        radar.clutter_density(),
    );
    Tracking::new(*radar.frame(), vec![geometry])
}

/// A report 100 m-accurate in range, 1 mrad in angle.
fn report(range_m: f64, azimuth_rad: f64) -> Report {
    Report {
        range_m,
        azimuth_rad,
        elevation_rad: 0.02,
        sigma_range_m: 100.0,
        sigma_azimuth_rad: 1e-3,
        sigma_elevation_rad: 1e-3,
    }
}

/// The track nearest to azimuth `azimuth_rad` (tracking-frame east/north).
fn track_at(c: &Tracking, azimuth_rad: f64) -> TrackId {
    let bearing = |id: &TrackId| {
        let p = c.tracker().track(*id).expect("track").state().position;
        (p.x.atan2(p.y) - azimuth_rad).abs()
    };
    let ids: Vec<TrackId> = c.tracker().tracks().map(|t| t.id()).collect();
    *ids.iter()
        .min_by(|a, b| bearing(a).total_cmp(&bearing(b)))
        .expect("a track")
}

/// Two threats closing at 250 m/s and a false alarm: each track follows the
/// threat whose reports it took; the false alarm's track follows none; a
/// false alarm taken by a threat's track does not unlink it; a deleted
/// track's link is dropped.
#[test]
fn tracks_follow_the_origin_of_their_reports() {
    let mut c = centre();
    let (a, b, clutter) = (0.10, 0.30, 1.20);
    for k in 0..4u32 {
        let range = 150_000.0 - 500.0 * f64::from(k);
        let mut reports = vec![(report(range, b), Some(7)), (report(range, a), Some(3))];
        if k == 0 {
            reports.push((report(120_000.0, clutter), None));
        }
        c.process(SimTime::from_millis(2_000 * i64::from(k)), 0, &reports);
        if k == 0 {
            assert_eq!(c.tracker().tracks().count(), 3);
            assert_eq!(c.origin(track_at(&c, clutter)), None);
        }
    }
    let (ta, tb) = (track_at(&c, a), track_at(&c, b));
    assert_eq!(c.tracker().confirmed().count(), 2);
    assert_eq!(c.origin(ta), Some(3));
    assert_eq!(c.origin(tb), Some(7));
    // Threat 3 unseen; a false alarm where it would be.
    let range = 150_000.0 - 500.0 * 4.0;
    let reports = [(report(range, b), Some(7)), (report(range, a), None)];
    c.process(SimTime::from_millis(8_000), 0, &reports);
    assert!(
        c.tracker()
            .track(ta)
            .is_some_and(|t| t.last_update_s() == 8.0)
    );
    assert_eq!(c.origin(ta), Some(3));
    // Nothing more: every track misses until deleted, and its link goes.
    for k in 5..40i64 {
        c.process(SimTime::from_millis(2_000 * k), 0, &[]);
    }
    assert_eq!(c.tracker().tracks().count(), 0);
    assert!(c.links.is_empty());
}
