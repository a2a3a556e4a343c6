//! GOSPA on hand-worked cases, its metric properties, and the run figures.

use proptest::prelude::*;

use super::*;

const C100: GospaConfig = GospaConfig {
    c: 100.0,
    p: 2.0,
    alpha: 2.0,
};

#[test]
fn hand_worked_gospa() {
    // (0,0)–(1,0) at 1 m; (10,0) is 190 m from (200,0): cut off, so one miss and one
    // false track at c²/2 = 5000 each; swapping the pairs would cost 10000 + 81.
    let g = gospa(
        &[[0.0, 0.0], [10.0, 0.0]],
        &[[1.0, 0.0], [200.0, 0.0]],
        &C100,
    )
    .unwrap();
    assert_eq!(g.pairs, vec![(0, 0)]);
    assert_eq!((g.localisation, g.missed, g.false_), (1.0, 5000.0, 5000.0));
    assert!((g.distance - 10001f64.sqrt()).abs() < 1e-12);
    assert_eq!(g.missed_count(2), 1);
    // Empty estimate: every truth missed.
    let g = gospa(&[[0.0, 0.0], [1.0, 1.0], [2.0, 2.0]], &[], &C100).unwrap();
    assert!((g.distance - 15000f64.sqrt()).abs() < 1e-12);
    // Both empty.
    assert_eq!(gospa::<2>(&[], &[], &C100).unwrap().distance, 0.0);
    // alpha = 1, p = 1, c = 10: one pair at 3 m, one extra estimate costing c/α = 10.
    let cfg = GospaConfig {
        c: 10.0,
        p: 1.0,
        alpha: 1.0,
    };
    let g = gospa(
        &[[0.0, 0.0, 0.0]],
        &[[0.0, 3.0, 0.0], [50.0, 0.0, 0.0]],
        &cfg,
    )
    .unwrap();
    assert!((g.distance - 13.0).abs() < 1e-12);
    assert_eq!(g.false_, 10.0);
}

#[test]
fn bad_parameters_and_points_are_errors() {
    for cfg in [
        GospaConfig { c: 0.0, ..C100 },
        GospaConfig { p: 0.5, ..C100 },
        GospaConfig { alpha: 2.5, ..C100 },
        GospaConfig {
            alpha: f64::NAN,
            ..C100
        },
    ] {
        assert!(matches!(
            gospa::<2>(&[], &[], &cfg),
            Err(MetricError::Parameter { .. })
        ));
    }
    assert_eq!(
        gospa(&[[0.0, 0.0]], &[[f64::NAN, 0.0]], &C100),
        Err(MetricError::NonFinite {
            set: "estimate",
            index: 0
        })
    );
    let huge = GospaConfig { c: 1e100, ..C100 };
    assert!(matches!(
        gospa(&[[0.0, 0.0]], &[[1e80, 0.0]], &huge),
        Err(MetricError::Assignment(_))
    ));
    assert_eq!(score_run::<2>(&[], &C100), Err(MetricError::NoSteps));
}

/// A small point set.
fn set() -> impl Strategy<Value = Vec<[f64; 2]>> {
    proptest::collection::vec(
        (-300.0f64..300.0, -300.0f64..300.0).prop_map(|(x, y)| [x, y]),
        0..6,
    )
}

proptest! {
    #[test]
    fn gospa_is_a_metric(x in set(), y in set(), z in set()) {
        let d = |a: &[[f64; 2]], b: &[[f64; 2]]| gospa(a, b, &C100).unwrap().distance;
        prop_assert!(d(&x, &x) < 1e-9);
        prop_assert!((d(&x, &y) - d(&y, &x)).abs() < 1e-9);
        prop_assert!(d(&x, &z) <= d(&x, &y) + d(&y, &z) + 1e-9);
    }

    #[test]
    fn alpha_two_components_add_up(x in set(), y in set()) {
        let g = gospa(&x, &y, &C100).unwrap();
        let sum = g.localisation + g.missed + g.false_;
        prop_assert!((g.distance * g.distance - sum).abs() < 1e-6 * sum.max(1.0));
    }
}

/// A truth and a track step.
fn step(time_s: f64, truth: &[(i64, f64)], tracks: &[(i64, f64)]) -> Step<2> {
    Step {
        time_s,
        truth: truth.iter().map(|&(id, x)| (id, [x, 0.0])).collect(),
        tracks: tracks.iter().map(|&(id, x)| (id, [x, 0.0])).collect(),
    }
}

#[test]
fn run_figures_count_breaks_false_tracks_and_latency() {
    // Truth 1 at x = 0, truth 2 at x = 1000 (1 s steps).
    // t=0: nothing.  t=1: track 10 holds 1.  t=2: track 11 holds 1 (a switch: break),
    // track 20 holds 2.  t=3: 1 lost, track 30 far away (false).  t=4: track 11 holds 1
    // again (lost and regained: break), 20 holds 2.
    let steps = [
        step(0.0, &[(1, 0.0), (2, 1000.0)], &[]),
        step(1.0, &[(1, 0.0), (2, 1000.0)], &[(10, 3.0)]),
        step(2.0, &[(1, 0.0), (2, 1000.0)], &[(11, 4.0), (20, 1004.0)]),
        step(3.0, &[(1, 0.0), (2, 1000.0)], &[(20, 1003.0), (30, 5000.0)]),
        step(4.0, &[(1, 0.0), (2, 1000.0)], &[(11, 0.0), (20, 1000.0)]),
    ];
    let s = score_run(&steps, &C100).unwrap();
    assert_eq!(s.steps, 5);
    assert_eq!(
        (s.breaks, s.false_tracks, s.track_ids, s.never_held),
        (2, 1, 4, 0)
    );
    assert_eq!((s.latency_mean_s, s.latency_max_s), (1.5, 2.0));
    // Held pairs: 1 + 2 + 1 + 2 = 6, squared errors 9 + 16 + 16 + 9 + 0 + 0 = 50.
    assert!((s.rms_localisation - (50.0f64 / 6.0).sqrt()).abs() < 1e-12);
    assert_eq!(s.missed_per_step, (2.0 + 1.0 + 0.0 + 1.0 + 0.0) / 5.0);
    assert_eq!(s.false_per_step, 1.0 / 5.0);
    assert_eq!(s.truths_per_step, 2.0);
    assert_eq!(s.tracks_per_step, 7.0 / 5.0);
    let by_hand: f64 = [
        10000f64.sqrt(),
        (9.0f64 + 5000.0).sqrt(),
        (16.0f64 + 16.0).sqrt(),
        (9.0f64 + 5000.0 + 5000.0).sqrt(),
        0.0,
    ]
    .iter()
    .sum::<f64>()
        / 5.0;
    assert!((s.gospa_mean - by_hand).abs() < 1e-12);
    // A truth never held.
    let s = score_run(&steps[..1], &C100).unwrap();
    assert_eq!(s.never_held, 2);
    assert!(s.latency_mean_s.is_nan() && s.rms_localisation.is_nan());
}
