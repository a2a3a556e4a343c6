//! Unit tests of the tracker: M-of-N confirmation and deletion, ids, coverage, errors,
//! the spatial index and the JPDA marginals.

use nalgebra::Vector3;
use proptest::prelude::*;

use super::grid::{Grid, floor_to_i32};
use super::jpda::{Edge, Jpda};
use super::*;
use crate::CartesianPosition;

/// A planar tracker with the default (Stone Soup parity) management.
fn planar(config: TrackerConfig) -> Tracker {
    Tracker::new(TrackerConfig {
        space: Space::Planar,
        ..config
    })
    .unwrap()
}

/// Position measurements with 10 m noise at the given east/north points.
fn points(xy: &[(f64, f64)]) -> Vec<Measurement> {
    let sensor = CartesianPosition::isotropic(10.0).unwrap();
    xy.iter()
        .map(|&(x, y)| Measurement::Position {
            value: Vector3::new(x, y, 0.0),
            sensor,
        })
        .collect()
}

/// Processes one scan of `xy` at `t` seen everywhere (Pd 0.9, clutter 1e-9 /m²).
fn step(tracker: &mut Tracker, t: f64, xy: &[(f64, f64)]) -> ScanReport {
    let m = points(xy);
    tracker
        .process_scan(
            t,
            &SensorScan {
                sensor_id: 7,
                measurements: &m,
                detection_probability: 0.9,
                clutter_density: 1e-9,
                coverage: Coverage::Everywhere,
            },
        )
        .unwrap()
}

/// A target at 100 m/s east from the origin, seen at scan `k` (1 s apart) when
/// `pattern[k]` is true. Returns the reports.
fn run_pattern(tracker: &mut Tracker, pattern: &[bool]) -> Vec<ScanReport> {
    pattern
        .iter()
        .enumerate()
        .map(|(k, &seen)| {
            let t = k as f64;
            let xy = if seen { vec![(100.0 * t, 0.0)] } else { vec![] };
            step(tracker, t, &xy)
        })
        .collect()
}

#[test]
fn confirms_on_the_third_detection_and_reports_births() {
    let mut tracker = planar(TrackerConfig::default());
    let r = run_pattern(&mut tracker, &[true, true, true]);
    assert_eq!(r[0].born, vec![TrackId(0)]);
    assert!(r[0].confirmed.is_empty() && r[1].confirmed.is_empty());
    assert_eq!(r[1].updated, vec![TrackId(0)]);
    assert_eq!(r[2].confirmed, vec![TrackId(0)]);
    let t = tracker.track(TrackId(0)).unwrap();
    assert!(t.is_confirmed());
    assert_eq!(
        (t.hits(), t.opportunities(), t.confirmed_s()),
        (3, 3, Some(2.0))
    );
    assert_eq!(t.last_sensor(), 7);
    assert_eq!(tracker.confirmed().count(), 1);
}

#[test]
fn single_misses_delay_confirmation_two_in_a_row_delete() {
    // Stone Soup parity: H M H M H confirms at the 5th scan.
    let mut tracker = planar(TrackerConfig::default());
    let r = run_pattern(&mut tracker, &[true, false, true, false, true]);
    assert_eq!(r[1].missed, vec![TrackId(0)]);
    assert!(r[..4].iter().all(|r| r.confirmed.is_empty()));
    assert_eq!(r[4].confirmed, vec![TrackId(0)]);
    // H M M: the tentative track dies at its second miss in a row.
    let mut tracker = planar(TrackerConfig::default());
    let r = run_pattern(&mut tracker, &[true, false, false]);
    assert!(r[1].deleted.is_empty());
    assert_eq!(r[2].deleted, vec![(TrackId(0), DeletionReason::Misses)]);
    assert_eq!(tracker.tracks().count(), 0);
}

#[test]
fn m_of_n_window_deletes_tracks_that_cannot_confirm() {
    let config = TrackerConfig {
        confirm_hits: 4,
        confirm_window: 5,
        tentative_max_misses: 3,
        ..TrackerConfig::default()
    };
    let mut tracker = planar(config);
    let r = run_pattern(&mut tracker, &[true, false, true, false, true]);
    assert_eq!(
        r[4].deleted,
        vec![(TrackId(0), DeletionReason::NotConfirmed)]
    );
    // 4 of the first 5 confirms.
    let mut tracker = planar(config);
    let r = run_pattern(&mut tracker, &[true, true, false, true, true]);
    assert_eq!(r[4].confirmed, vec![TrackId(0)]);
    // One-hit confirmation confirms at birth.
    let mut tracker = planar(TrackerConfig {
        confirm_hits: 1,
        ..TrackerConfig::default()
    });
    let r = run_pattern(&mut tracker, &[true]);
    assert_eq!(
        (r[0].born.clone(), r[0].confirmed.clone()),
        (vec![TrackId(0)], vec![TrackId(0)])
    );
}

#[test]
fn confirmed_tracks_coast_then_die_after_max_misses() {
    let mut tracker = planar(TrackerConfig::default());
    let r = run_pattern(
        &mut tracker,
        &[true, true, true, false, false, false, false],
    );
    for (k, report) in r.iter().enumerate().take(6).skip(3) {
        assert_eq!(report.missed, vec![TrackId(0)], "scan {k} coasts");
        assert!(report.deleted.is_empty());
    }
    assert_eq!(r[6].deleted, vec![(TrackId(0), DeletionReason::Misses)]);
}

#[test]
fn coasting_track_is_predicted_to_the_scan_time() {
    let mut tracker = planar(TrackerConfig {
        initial_velocity_std_mps: 150.0,
        ..TrackerConfig::default()
    });
    run_pattern(&mut tracker, &[true; 8]);
    step(&mut tracker, 8.0, &[]);
    let t = tracker.track(TrackId(0)).unwrap();
    assert_eq!(t.time_s(), 8.0);
    assert_eq!(t.last_update_s(), 7.0);
    let s = t.state();
    // Truth is at 800 m; the filter has converged on 100 m/s from 10 m measurements.
    assert!((s.position[0] - 800.0).abs() < 30.0, "{}", s.position[0]);
    assert!((s.velocity[0] - 100.0).abs() < 10.0, "{}", s.velocity[0]);
    assert_eq!(
        (s.position[2], s.velocity[2]),
        (0.0, 0.0),
        "planar height stays zero"
    );
}

#[test]
fn covariance_deletion_removes_uncertain_tracks() {
    // Confirmed after two 10 m detections, the track coasts: its position standard
    // deviation grows past 20 m (about 17 m after one coast, 30 m after two) before the
    // fourth miss would delete it.
    let mut tracker = planar(TrackerConfig {
        max_position_std_m: 20.0,
        confirm_hits: 2,
        ..TrackerConfig::default()
    });
    let r = run_pattern(&mut tracker, &[true, true, false, false, false]);
    let deleted: Vec<(usize, DeletionReason)> = r
        .iter()
        .enumerate()
        .flat_map(|(k, r)| r.deleted.iter().map(move |d| (k, d.1)))
        .collect();
    assert_eq!(deleted.len(), 1);
    assert_eq!(deleted[0].1, DeletionReason::Covariance);
    assert!(deleted[0].0 < 5, "before the miss limit: {deleted:?}");
}

#[test]
fn coverage_spares_tracks_outside_it_until_they_coast_too_long() {
    let mut tracker = planar(TrackerConfig {
        max_coast_s: 5.0,
        ..TrackerConfig::default()
    });
    run_pattern(&mut tracker, &[true, true, true]);
    let far = |p: &Vector3<f64>| p[0] > 1e6;
    for k in 3..8 {
        let m = points(&[]);
        let r = tracker
            .process_scan(
                k as f64,
                &SensorScan {
                    sensor_id: 1,
                    measurements: &m,
                    detection_probability: 0.9,
                    clutter_density: 1e-9,
                    coverage: Coverage::Custom(&far),
                },
            )
            .unwrap();
        assert!(r.missed.is_empty(), "not covered, not missed");
        if k < 8 {
            let t = tracker.track(TrackId(0)).unwrap();
            assert_eq!(t.time_s(), 2.0, "not predicted either");
            assert_eq!(t.consecutive_misses(), 0);
        }
    }
    // At t = 8 the last update (t = 2) is 6 s old: deleted for coasting.
    let r = step(&mut tracker, 8.0, &[]);
    assert_eq!(r.deleted, vec![(TrackId(0), DeletionReason::Coasting)]);
    let within = Coverage::Within {
        center: Vector3::zeros(),
        max_range_m: 10.0,
    };
    assert!(within.contains(&Vector3::new(6.0, 8.0, 0.0)));
    assert!(!within.contains(&Vector3::new(6.0, 8.1, 0.0)));
}

#[test]
fn maintenance_scans_update_but_never_start_tracks() {
    let mut tracker = planar(TrackerConfig::default());
    run_pattern(&mut tracker, &[true, true, true]);
    let m = points(&[(300.0, 0.0), (5e4, 5e4)]);
    let r = tracker
        .maintain_scan(
            3.0,
            &SensorScan {
                sensor_id: 2,
                measurements: &m,
                detection_probability: 0.9,
                clutter_density: 1e-9,
                coverage: Coverage::Everywhere,
            },
        )
        .unwrap();
    assert_eq!(r.updated, vec![TrackId(0)]);
    assert!(r.born.is_empty());
    assert_eq!(tracker.tracks().count(), 1);
    assert_eq!(tracker.track(TrackId(0)).unwrap().last_sensor(), 2);
}

#[test]
fn predict_to_leaves_the_track_alone_and_extrapolates() {
    let mut tracker = planar(TrackerConfig::default());
    run_pattern(&mut tracker, &[true; 6]);
    let before = tracker.track(TrackId(0)).unwrap().clone();
    let now = before.state();
    let later = before.predict_to(15.0).unwrap();
    assert_eq!(tracker.track(TrackId(0)).unwrap(), &before);
    let expected = now.position + now.velocity * (15.0 - now.time_s);
    assert!((later.position - expected).norm() < 1e-9);
    assert_eq!(later.time_s, 15.0);
    assert!(later.position_covariance()[(0, 0)] > now.position_covariance()[(0, 0)]);
    assert!(before.predict_to(4.0).is_err(), "no backwards prediction");
}

#[test]
fn quality_is_the_recent_detection_fraction() {
    let mut tracker = planar(TrackerConfig {
        quality_window: 4,
        ..TrackerConfig::default()
    });
    run_pattern(&mut tracker, &[true, true, true, false, true, false]);
    let t = tracker.track(TrackId(0)).unwrap();
    assert_eq!(t.quality(), 0.5, "last four: H M H M");
    let mut young = planar(TrackerConfig::default());
    run_pattern(&mut young, &[true, true]);
    assert_eq!(young.track(TrackId(0)).unwrap().quality(), 1.0);
}

/// Two targets 2 km apart crossing paths; a fixed scan list.
fn crossing_scans() -> Vec<Vec<(f64, f64)>> {
    (0..30)
        .map(|k| {
            let t = k as f64;
            let mut v = vec![(100.0 * t, 1000.0 - 60.0 * t), (3000.0 - 80.0 * t, 0.0)];
            if k % 7 == 3 {
                v.remove(0);
            }
            v.push((5e4 + 1e3 * t, -5e4));
            v
        })
        .collect()
}

#[test]
fn ids_are_stable_unique_and_never_reused() {
    let mut tracker = planar(TrackerConfig::default());
    let mut seen = std::collections::BTreeSet::new();
    let mut deleted = std::collections::BTreeSet::new();
    let mut max_id = None;
    for (k, xy) in crossing_scans().iter().enumerate() {
        let r = step(&mut tracker, k as f64, xy);
        for id in &r.born {
            assert!(Some(*id) > max_id, "new ids increase");
            max_id = Some(*id);
            assert!(seen.insert(*id));
        }
        deleted.extend(r.deleted.iter().map(|d| d.0));
        let ids: Vec<TrackId> = tracker.tracks().map(Track::id).collect();
        assert!(ids.windows(2).all(|w| w[0] < w[1]), "id order");
        assert!(ids.iter().all(|id| !deleted.contains(id)));
    }
    // The two crossing targets keep the ids of their first tracks throughout.
    let confirmed: Vec<TrackId> = tracker.confirmed().map(Track::id).collect();
    assert_eq!(confirmed, vec![TrackId(0), TrackId(1)], "{confirmed:?}");
    let a = tracker.track(TrackId(0)).unwrap().state().position;
    assert!((a - Vector3::new(2900.0, -740.0, 0.0)).norm() < 40.0, "{a}");
}

#[test]
fn equal_inputs_give_equal_outputs() {
    let run = || {
        let mut tracker = planar(TrackerConfig {
            association: Association::Jpda { max_events: 100 },
            ..TrackerConfig::default()
        });
        let reports: Vec<ScanReport> = crossing_scans()
            .iter()
            .enumerate()
            .map(|(k, xy)| step(&mut tracker, k as f64, xy))
            .collect();
        (reports, tracker.tracks().cloned().collect::<Vec<_>>())
    };
    assert_eq!(run(), run());
}

#[test]
fn errors_leave_the_picture_unchanged() {
    let mut tracker = planar(TrackerConfig::default());
    run_pattern(&mut tracker, &[true, true, true]);
    let before: Vec<Track> = tracker.tracks().cloned().collect();
    let good = points(&[(300.0, 0.0)]);
    let scan = |m: &'static [Measurement]| SensorScan {
        sensor_id: 0,
        measurements: m,
        detection_probability: 0.9,
        clutter_density: 1e-9,
        coverage: Coverage::Everywhere,
    };
    let leaked =
        |v: Vec<Measurement>| -> &'static [Measurement] { Box::leak(v.into_boxed_slice()) };
    let good = leaked(good);
    assert!(matches!(
        tracker.process_scan(1.0, &scan(good)),
        Err(TrackingError::OutOfOrder { .. })
    ));
    assert!(tracker.process_scan(f64::NAN, &scan(good)).is_err());
    let mut bad = points(&[(300.0, 0.0), (f64::NAN, 0.0)]);
    assert!(matches!(
        tracker.process_scan(3.0, &scan(leaked(bad.clone()))),
        Err(TrackingError::BadMeasurement { index: 1, .. })
    ));
    let radar = crate::RangeAzEl::new(Vector3::zeros(), 10.0, 1e-3, 1e-3).unwrap();
    bad[1] = Measurement::Rae {
        value: Vector3::new(1e3, 0.1, 0.0),
        sensor: radar,
        processing: RaeProcessing::Extended,
    };
    assert!(matches!(
        tracker.process_scan(3.0, &scan(leaked(bad))),
        Err(TrackingError::BadMeasurement { index: 1, .. })
    ));
    for (pd, density) in [(0.0, 1e-9), (1.5, 1e-9), (0.9, 0.0), (0.9, f64::INFINITY)] {
        let s = SensorScan {
            detection_probability: pd,
            clutter_density: density,
            ..scan(good)
        };
        assert!(tracker.process_scan(3.0, &s).is_err(), "{pd} {density}");
    }
    assert_eq!(tracker.tracks().cloned().collect::<Vec<_>>(), before);
    assert_eq!(tracker.time_s(), 2.0);
}

#[test]
fn bad_configurations_are_rejected() {
    let ok = TrackerConfig::default();
    let bad = [
        TrackerConfig {
            gate_probability: 1.0,
            ..ok
        },
        TrackerConfig {
            confirm_hits: 6,
            ..ok
        },
        TrackerConfig {
            confirm_hits: 0,
            ..ok
        },
        TrackerConfig {
            confirmed_max_misses: 0,
            ..ok
        },
        TrackerConfig {
            max_position_std_m: f64::NAN,
            ..ok
        },
        TrackerConfig {
            max_coast_s: 0.0,
            ..ok
        },
        TrackerConfig {
            initial_velocity_std_mps: -1.0,
            ..ok
        },
        TrackerConfig {
            quality_window: 65,
            ..ok
        },
        TrackerConfig {
            association: Association::Jpda { max_events: 0 },
            ..ok
        },
        TrackerConfig {
            motion: MotionConfig::ConstantVelocity {
                q: [1.0, f64::NAN, 1.0],
            },
            ..ok
        },
        TrackerConfig {
            motion: MotionConfig::TurnImm(ImmConfig {
                switch_probability: 1.0,
                ..ImmConfig::default()
            }),
            ..ok
        },
    ];
    for c in bad {
        assert!(
            matches!(Tracker::new(c), Err(TrackingError::InvalidConfig { .. })),
            "{c:?}"
        );
    }
    let t = Tracker::new(ok).unwrap();
    assert!(
        (t.gate_threshold() - 16.266).abs() < 1e-3,
        "χ²₃ 0.999 quantile"
    );
    assert_eq!(t.time_s(), f64::NEG_INFINITY);
}

#[test]
fn gnn_gives_each_detection_to_at_most_one_track() {
    // Two stationary confirmed tracks at x = 0 and x = 60 (10 m noise, tight velocity
    // prior). Both gate both detections at 25 and 35; the optimum keeps the order.
    let two_tracks = || {
        let mut tracker = planar(TrackerConfig {
            initial_velocity_std_mps: 1.0,
            ..TrackerConfig::default()
        });
        for k in 0..5 {
            step(&mut tracker, k as f64, &[(0.0, 0.0), (60.0, 0.0)]);
        }
        tracker
    };
    let mut tracker = two_tracks();
    let r = step(&mut tracker, 5.0, &[(35.0, 0.0), (25.0, 0.0)]);
    assert_eq!(r.updated, vec![TrackId(0), TrackId(1)]);
    assert!(r.born.is_empty());
    let x0 = tracker.track(TrackId(0)).unwrap().state().position[0];
    let x1 = tracker.track(TrackId(1)).unwrap().state().position[0];
    assert!(x0 < x1, "no swap ({x0}, {x1})");
    // One detection between them, nearer track 1: only track 1 takes it.
    let mut tracker = two_tracks();
    let r = step(&mut tracker, 5.0, &[(32.0, 0.0)]);
    assert_eq!((r.updated, r.missed), (vec![TrackId(1)], vec![TrackId(0)]));
}

#[test]
fn spatial_tracker_takes_radar_measurements() {
    // A 3-D tracker fed converted and EKF range/azimuth/elevation reports of a target
    // flying north at 200 m/s, 20 km east of the radar at 3 km height.
    let radar = crate::RangeAzEl::new(Vector3::new(0.0, 0.0, 10.0), 20.0, 1e-3, 1e-3).unwrap();
    for processing in [RaeProcessing::Extended, RaeProcessing::Converted] {
        let mut tracker = Tracker::new(TrackerConfig::default()).unwrap();
        for k in 0..10 {
            let t = k as f64;
            let truth = Vector3::new(20e3, 200.0 * t, 3e3);
            let m = [Measurement::Rae {
                value: radar.measure(&truth).unwrap(),
                sensor: radar,
                processing,
            }];
            tracker
                .process_scan(
                    t,
                    &SensorScan {
                        sensor_id: 0,
                        measurements: &m,
                        detection_probability: 0.9,
                        clutter_density: 1e-3,
                        coverage: Coverage::Everywhere,
                    },
                )
                .unwrap();
        }
        let confirmed: Vec<&Track> = tracker.confirmed().collect();
        assert_eq!(confirmed.len(), 1, "{processing:?}");
        let s = confirmed[0].state();
        assert!(
            (s.position - Vector3::new(20e3, 1800.0, 3e3)).norm() < 5.0,
            "{}",
            s.position
        );
        assert!(
            (s.velocity - Vector3::new(0.0, 200.0, 0.0)).norm() < 5.0,
            "{}",
            s.velocity
        );
    }
}

/// Brute-force marginals: every feasible joint event listed explicitly.
fn brute_marginals(rows: usize, edges: &[Edge]) -> (Vec<f64>, Vec<f64>) {
    let mut beta = vec![0.0; edges.len()];
    let mut missed = vec![0.0; rows];
    let mut total = 0.0;
    // Each row picks an edge of its own or none: enumerate the product space.
    let options: Vec<Vec<Option<usize>>> = (0..rows)
        .map(|r| {
            std::iter::once(None)
                .chain((0..edges.len()).filter(|&e| edges[e].row == r).map(Some))
                .collect()
        })
        .collect();
    let mut idx = vec![0usize; rows];
    loop {
        let choice: Vec<Option<usize>> = (0..rows).map(|r| options[r][idx[r]]).collect();
        let cols: Vec<usize> = choice.iter().flatten().map(|&e| edges[e].col).collect();
        let mut unique = cols.clone();
        unique.sort_unstable();
        unique.dedup();
        if unique.len() == cols.len() {
            let w: f64 = choice.iter().flatten().map(|&e| edges[e].weight).product();
            total += w;
            for (r, c) in choice.iter().enumerate() {
                match c {
                    Some(e) => beta[*e] += w,
                    None => missed[r] += w,
                }
            }
        }
        let mut r = 0;
        loop {
            if r == rows {
                beta.iter_mut().for_each(|b| *b /= total);
                missed.iter_mut().for_each(|m| *m /= total);
                return (beta, missed);
            }
            idx[r] += 1;
            if idx[r] < options[r].len() {
                break;
            }
            idx[r] = 0;
            r += 1;
        }
    }
}

/// A random cluster: rows × cols, each pair present with probability 3/4, weights up to
/// `max_weight`.
fn cluster(max_weight: f64) -> impl Strategy<Value = (usize, usize, Vec<Edge>)> {
    (1usize..5, 1usize..5).prop_flat_map(move |(rows, cols)| {
        proptest::collection::vec(
            (any::<bool>(), any::<bool>(), 0.01f64..max_weight),
            rows * cols,
        )
        .prop_map(move |cells| {
            let edges = cells
                .iter()
                .enumerate()
                .filter(|(_, (a, b, _))| *a || *b)
                .map(|(k, &(_, _, w))| Edge {
                    row: k / cols,
                    col: k % cols,
                    weight: w,
                })
                .collect();
            (rows, cols, edges)
        })
    })
}

proptest! {
    #[test]
    fn exact_jpda_matches_brute_force((rows, cols, edges) in cluster(50.0)) {
        let mut jpda = Jpda::default();
        let mut beta = vec![0.0; edges.len()];
        let mut missed = vec![0.0; rows];
        prop_assert!(jpda.marginals(rows, cols, &edges, 100_000, &mut beta, &mut missed));
        let (b, m) = brute_marginals(rows, &edges);
        for (x, y) in beta.iter().zip(&b).chain(missed.iter().zip(&m)) {
            prop_assert!((x - y).abs() < 1e-12, "{x} vs {y}");
        }
    }

    #[test]
    fn belief_propagation_marginals_are_probabilities((rows, cols, edges) in cluster(50.0)) {
        let mut jpda = Jpda::default();
        let mut beta = vec![0.0; edges.len()];
        let mut missed = vec![0.0; rows];
        prop_assert!(!jpda.marginals(rows, cols, &edges, 0, &mut beta, &mut missed));
        for (r, m) in missed.iter().enumerate() {
            let sum: f64 = m
                + edges.iter().zip(&beta).filter(|(e, _)| e.row == r).map(|(_, b)| b).sum::<f64>();
            prop_assert!((sum - 1.0).abs() < 1e-9, "row {r} sums to {sum}");
        }
        for c in 0..cols {
            let sum: f64 = edges.iter().zip(&beta).filter(|(e, _)| e.col == c).map(|(_, b)| b).sum();
            prop_assert!(sum <= 1.0 + 1e-6, "column {c} sums to {sum}");
        }
    }

    #[test]
    fn belief_propagation_is_close_to_exact_for_weak_coupling(
        (rows, cols, edges) in cluster(1.0)
    ) {
        // Belief propagation is approximate on loopy graphs; its error shrinks with the
        // coupling (Williams & Lau 2014 report a few hundredths in tracking scenarios).
        // With likelihood ratios up to 1 (a detection no likelier than a miss), 0.05 holds;
        // strongly coupled complete graphs can be off by 0.2 or more (that is why exact
        // enumeration is used below the event cap).
        let mut jpda = Jpda::default();
        let mut beta = vec![0.0; edges.len()];
        let mut missed = vec![0.0; rows];
        jpda.marginals(rows, cols, &edges, 0, &mut beta, &mut missed);
        let (b, m) = brute_marginals(rows, &edges);
        for (x, y) in beta.iter().zip(&b).chain(missed.iter().zip(&m)) {
            prop_assert!((x - y).abs() < 0.05, "{x} vs {y}");
        }
    }

    #[test]
    fn floor_to_i32_is_the_saturating_floor(x in any::<f64>(), small in -1e4f64..1e4) {
        for v in [x, small, small.round()] {
            prop_assert_eq!(floor_to_i32(v), v.floor() as i32, "at {}", v);
        }
    }

    #[test]
    fn grid_query_finds_every_point_in_the_box(
        pts in proptest::collection::vec((-1e4f64..1e4, -1e4f64..1e4), 0..60),
        cell in 10.0f64..5e3,
        lo in (-1.2e4f64..1.2e4, -1.2e4f64..1.2e4),
        size in (0.0f64..2e4, 0.0f64..2e4),
    ) {
        let mut grid = Grid::default();
        grid.build(cell, pts.iter().enumerate().map(|(i, &(x, y))| (i as u32, [x, y])));
        let hi = (lo.0 + size.0, lo.1 + size.1);
        let mut found = Vec::new();
        grid.query([lo.0, lo.1], [hi.0, hi.1], |i| found.push(i as usize));
        let mut unique = found.clone();
        unique.sort_unstable();
        unique.dedup();
        prop_assert_eq!(unique.len(), found.len(), "each point at most once");
        for (i, &(x, y)) in pts.iter().enumerate() {
            if (lo.0..=hi.0).contains(&x) && (lo.1..=hi.1).contains(&y) {
                prop_assert!(found.contains(&i), "point {} missed", i);
            }
        }
    }
}

#[test]
fn floor_to_i32_matches_floor_at_the_edges() {
    let edges = [
        0.0,
        -0.0,
        0.5,
        -0.5,
        -1.0,
        -1.0 - f64::EPSILON,
        f64::from(i32::MAX),
        f64::from(i32::MAX) + 0.5,
        f64::from(i32::MAX) + 1.0,
        f64::from(i32::MIN),
        f64::from(i32::MIN) + 0.5,
        f64::from(i32::MIN) - 0.5,
        f64::from(i32::MIN) - 1.0,
        1e300,
        -1e300,
        f64::INFINITY,
        f64::NEG_INFINITY,
        f64::NAN,
        f64::MIN_POSITIVE,
        -f64::MIN_POSITIVE,
    ];
    for v in edges {
        assert_eq!(floor_to_i32(v), v.floor() as i32, "at {v}");
    }
}

#[test]
fn belief_propagation_is_exact_on_a_tree() {
    // One track, three detections: a tree, where belief propagation is exact.
    let edges: Vec<Edge> = [2.0, 0.5, 7.0]
        .iter()
        .enumerate()
        .map(|(c, &w)| Edge {
            row: 0,
            col: c,
            weight: w,
        })
        .collect();
    let mut jpda = Jpda::default();
    let (mut beta, mut missed) = (vec![0.0; 3], vec![0.0; 1]);
    jpda.marginals(1, 3, &edges, 0, &mut beta, &mut missed);
    let total = 1.0 + 2.0 + 0.5 + 7.0;
    assert!((missed[0] - 1.0 / total).abs() < 1e-12);
    assert!((beta[2] - 7.0 / total).abs() < 1e-12);
}

#[test]
fn maintenance_scans_leave_tentative_tracks_alone() {
    let mut tracker = planar(TrackerConfig::default());
    // One detection: a tentative track at the origin.
    run_pattern(&mut tracker, &[true]);
    assert!(!tracker.track(TrackId(0)).unwrap().is_confirmed());
    let m = points(&[(100.0, 0.0)]);
    let r = tracker
        .maintain_scan(
            1.0,
            &SensorScan {
                sensor_id: 2,
                measurements: &m,
                detection_probability: 0.9,
                clutter_density: 1e-9,
                coverage: Coverage::Everywhere,
            },
        )
        .unwrap();
    assert!(r.updated.is_empty() && r.missed.is_empty(), "{r:?}");
    assert!(r.born.is_empty());
    let t = tracker.track(TrackId(0)).unwrap();
    assert_eq!(t.consecutive_misses(), 0);
    assert_ne!(t.last_sensor(), 2, "not updated by the maintenance scan");
}

/// One scan of sensor `sensor` at `t` with detections at `xy`, seen everywhere.
fn sensor_step(tracker: &mut Tracker, sensor: u32, t: f64, xy: &[(f64, f64)]) -> ScanReport {
    let m = points(xy);
    tracker
        .process_scan(
            t,
            &SensorScan {
                sensor_id: sensor,
                measurements: &m,
                detection_probability: 0.9,
                clutter_density: 1e-9,
                coverage: Coverage::Everywhere,
            },
        )
        .unwrap()
}

#[test]
fn a_confirmed_track_is_charged_misses_only_by_sensors_that_detected_it() {
    // Sensor 0 detects a target at 100 m/s every 5 s; sensors 1–4 cover it but never
    // detect it, and each scans once between two of sensor 0's looks. Once confirmed the
    // track lives: four blind sensors in a row would be four misses under a global count
    // (`confirmed_max_misses` = 4) and delete it between two looks.
    let mut tracker = planar(TrackerConfig::default());
    let at = |t: f64| [(100.0 * t, 0.0)];
    for k in 0..3 {
        let t = 5.0 * f64::from(k);
        sensor_step(&mut tracker, 0, t, &at(t));
    }
    let id = TrackId(0);
    assert!(tracker.track(id).unwrap().is_confirmed());
    for k in 3..10 {
        let t = 5.0 * f64::from(k);
        for blind in 1..=4u32 {
            let r = sensor_step(&mut tracker, blind, t - 5.0 + f64::from(blind), &[]);
            assert!(r.missed.is_empty() && r.deleted.is_empty(), "t {t}: {r:?}");
        }
        let r = sensor_step(&mut tracker, 0, t, &at(t));
        assert_eq!(r.updated, vec![id]);
    }
    assert_eq!(tracker.track(id).unwrap().consecutive_misses(), 0);
    // Sensor 1 detects it once: from then on its misses count, but only the fewest of the
    // two sensors' counts decides, so sensor 0's next detection keeps the track.
    sensor_step(&mut tracker, 1, 46.0, &at(46.0));
    for t in [47.0, 48.0, 49.0] {
        let r = sensor_step(&mut tracker, 1, t, &[]);
        assert_eq!(r.missed, vec![id]);
    }
    assert_eq!(tracker.track(id).unwrap().consecutive_misses(), 0);
    // The target is gone: once each sensor that saw it has missed it four times in a row
    // since, it is deleted for misses.
    let mut deleted = Vec::new();
    for (k, sensor) in [0, 1, 0, 0, 0].into_iter().enumerate() {
        let r = sensor_step(&mut tracker, sensor, 50.0 + k as f64, &[]);
        deleted.extend(r.deleted);
    }
    assert_eq!(deleted, vec![(id, DeletionReason::Misses)]);
}

#[test]
fn a_tentative_track_is_charged_misses_by_every_covering_sensor() {
    // A false alarm of sensor 0 starts a tentative track; two blind looks of another sensor
    // delete it (`tentative_max_misses` = 2), as before any sensor confirms it.
    let mut tracker = planar(TrackerConfig::default());
    sensor_step(&mut tracker, 0, 0.0, &[(500.0, 0.0)]);
    sensor_step(&mut tracker, 3, 1.0, &[]);
    let r = sensor_step(&mut tracker, 3, 2.0, &[]);
    assert_eq!(r.deleted, vec![(TrackId(0), DeletionReason::Misses)]);
}

/// Each updated or born track names the detection it took, under both association
/// methods: two targets 2 km apart, reported in alternating order, plus a false alarm
/// far from both that starts its own track.
#[test]
fn scan_reports_name_the_detection_each_track_took() {
    for association in [Association::Gnn, Association::Jpda { max_events: 100 }] {
        let mut tracker = planar(TrackerConfig {
            association,
            ..TrackerConfig::default()
        });
        let born = step(&mut tracker, 0.0, &[(0.0, 0.0), (0.0, 2_000.0)]);
        assert_eq!(
            born.detections,
            vec![(TrackId(0), 0), (TrackId(1), 1)],
            "{association:?}"
        );
        for k in 1..4 {
            let t = f64::from(k);
            let a = (100.0 * t, 0.0);
            let b = (100.0 * t, 2_000.0);
            // Odd scans list b first; the clutter point comes last on scan 2.
            let mut xy = if k % 2 == 1 { vec![b, a] } else { vec![a, b] };
            if k == 2 {
                xy.push((50_000.0, 50_000.0));
            }
            let r = step(&mut tracker, t, &xy);
            let (ia, ib) = if k % 2 == 1 { (1, 0) } else { (0, 1) };
            let mut want = vec![(TrackId(0), ia), (TrackId(1), ib)];
            if k == 2 {
                want.push((TrackId(2), 2));
            }
            assert_eq!(r.updated, vec![TrackId(0), TrackId(1)], "{association:?}");
            assert_eq!(r.detections, want, "{association:?} scan {k}");
        }
    }
}
