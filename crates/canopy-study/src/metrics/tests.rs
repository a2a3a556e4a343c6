use super::*;
use crate::rows::{MagazineRow, RunRow, ThreatRow};
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// A run with the given counts; leaks all of cause 0 unless set after.
fn run(run: u64, threats: u64, killed: u64, engaged: u64, rounds: (u64, u64, u64)) -> RunRow {
    let leaked = threats - killed;
    let mut leaks = vec![0; LeakCause::ALL.len()];
    leaks[6] = leaked;
    RunRow {
        run,
        threats,
        killed,
        leaked,
        engaged,
        rounds: rounds.0 + rounds.1 + rounds.2,
        rounds_kill: rounds.0,
        rounds_miss: rounds.1,
        rounds_self_destruct: rounds.2,
        leaks,
        ..RunRow::default()
    }
}

fn three_runs() -> Vec<RunRow> {
    vec![
        run(0, 10, 8, 9, (8, 3, 1)),
        run(1, 10, 10, 10, (10, 2, 2)),
        run(2, 10, 6, 7, (6, 4, 0)),
    ]
}

/// The three denominators by hand: kills 24 of 33 rounds that reached a
/// live threat (8+3, 10+2, 6+4), self-destructs excluded; 24 kills of 26
/// engaged; 24 of 30 threats; 24 kills of 36 rounds fired.
#[test]
fn intercept_rate_denominators_by_hand() {
    let r = three_runs();
    let p = per_shot_kill(&r);
    assert_eq!((p.successes, p.trials), (24, 33));
    let p = per_engaged_threat_kill(&r);
    assert_eq!((p.successes, p.trials), (24, 26));
    let p = raid_fraction_stopped(&r);
    assert_eq!((p.successes, p.trials), (24, 30));
    assert_eq!(p.estimate, Some(0.8));
    let p = kills_per_round(&r);
    assert_eq!((p.successes, p.trials), (24, 36));
    let p = engaged_fraction(&r);
    assert_eq!((p.successes, p.trials), (26, 30));
}

/// Leakers 2, 0, 4: P(zero leakers) 1/3; expected leakers 2 with sd 2.
#[test]
fn leakers_by_hand() {
    let r = three_runs();
    let p = p_zero_leakers(&r);
    assert_eq!((p.successes, p.trials), (1, 3));
    let m = expected_leakers(&r);
    assert_eq!(m.mean, Some(2.0));
    assert_eq!(m.sd, Some(2.0));
    let causes = leak_causes(&r);
    assert_eq!(causes.len(), LeakCause::ALL.len());
    let missed = &causes[6];
    assert_eq!(missed.cause, "all-shots-missed");
    assert_eq!((missed.share.successes, missed.share.trials), (6, 6));
    assert_eq!(missed.per_run.mean, Some(2.0));
    assert_eq!(causes[0].share.successes, 0);
    assert_eq!(causes[0].per_run.mean, Some(0.0));
}

/// Rounds 12, 14, 10 over 30 threats: 1.2 per threat; over 24 kills: 1.5
/// per leaker prevented.
#[test]
fn rounds_per_threat_and_per_leaker_prevented() {
    let r = three_runs();
    assert_eq!(rounds_per_threat(&r).estimate, Some(1.2));
    assert_eq!(rounds_per_leaker_prevented(&r).estimate, Some(1.5));
    assert_eq!(
        Metrics::compute(&r, &[], &[]).rounds_per_run.mean,
        Some(12.0)
    );
}

/// MODELS.md §6: CER = n_shots · C_interceptor / C_threat. Two runs: 3 and
/// 1 rounds at $2 M against engaged threats worth $1 M and $0.5 M: CER =
/// 8 M / 1.5 M; cost per kill 8 M / 3 kills.
#[test]
fn cost_exchange_by_hand() {
    let mut a = run(0, 2, 2, 2, (2, 1, 0));
    a.interceptor_cost_usd = 6e6;
    a.engaged_threat_cost_usd = 1e6;
    let mut b = run(1, 1, 1, 1, (1, 0, 0));
    b.interceptor_cost_usd = 2e6;
    b.engaged_threat_cost_usd = 0.5e6;
    let c = cost(&[a, b]);
    assert_eq!(c.exchange_ratio.estimate, Some(8e6 / 1.5e6));
    assert_eq!(c.cost_per_leaker_prevented.estimate, Some(8e6 / 3.0));
    assert_eq!(c.interceptor_cost_per_run.mean, Some(4e6));
}

/// Targeted 160 in both runs, lost 60 and 0: protected 100 and 160, mean
/// 130, fraction 260/320.
#[test]
fn value_protected_by_hand() {
    let mut a = run(0, 1, 0, 0, (0, 0, 0));
    a.value_targeted = 160.0;
    a.value_lost = 60.0;
    let mut b = a.clone();
    b.value_lost = 0.0;
    let v = value(&[a, b]);
    assert_eq!(v.protected.mean, Some(130.0));
    assert_eq!(v.lost.mean, Some(30.0));
    assert_eq!(v.protected_fraction.estimate, Some(260.0 / 320.0));
}

fn threat(detected: Option<f64>, confirmed: Option<f64>, launch: Option<f64>) -> ThreatRow {
    ThreatRow {
        detected_s: detected,
        confirmed_s: confirmed,
        first_launch_s: launch,
        first_intercept_s: launch.map(|l| l + 30.0),
        assessed_s: launch.map(|l| l + 35.0),
        type_name: "t".into(),
        ..ThreatRow::default()
    }
}

/// Stage durations use only threats that reached both ends.
#[test]
fn timeline_stages_by_hand() {
    let t = vec![
        threat(Some(10.0), Some(14.0), Some(20.0)),
        threat(Some(5.0), Some(11.0), None),
        threat(None, None, None),
    ];
    assert_eq!(
        stage_durations(&t, "detected_s", "confirmed_s"),
        vec![4.0, 6.0]
    );
    assert_eq!(
        stage_durations(&t, "confirmed_s", "first_launch_s"),
        vec![6.0]
    );
    let tl = timeline(&t);
    assert_eq!(tl.len(), STAGES.len());
    assert_eq!(tl[0].seconds.mean.mean, Some(5.0));
    assert_eq!(tl[0].seconds.p50, Some(5.0));
    assert_eq!(tl[2].seconds.mean.mean, Some(30.0));
    assert_eq!(tl[3].seconds.mean.mean, Some(5.0));
    assert_eq!(tl[4].seconds.mean.mean, Some(10.0));
}

fn mag(run: u64, t: f64, n: u64) -> MagazineRow {
    MagazineRow {
        run,
        time_s: t,
        ready_rounds: n,
    }
}

/// Ready rounds are a step function per run: the last change at or before t.
#[test]
fn magazine_state_over_time_by_hand() {
    let rows = vec![
        mag(0, 0.0, 8),
        mag(0, 10.0, 6),
        mag(0, 30.0, 0),
        mag(1, 0.0, 8),
        mag(1, 20.0, 7),
    ];
    assert_eq!(ready_at(&rows, 0.0), vec![8.0, 8.0]);
    assert_eq!(ready_at(&rows, 15.0), vec![6.0, 8.0]);
    assert_eq!(ready_at(&rows, 25.0), vec![6.0, 7.0]);
    assert_eq!(ready_at(&rows, 100.0), vec![0.0, 7.0]);
    let mut runs = vec![run(0, 1, 1, 1, (1, 0, 0)), run(1, 1, 1, 1, (1, 0, 0))];
    runs[0].end_time_s = 40.0;
    runs[0].min_ready_rounds = 0;
    runs[1].end_time_s = 40.0;
    runs[1].min_ready_rounds = 7;
    let m = magazine(&runs, &rows, 5);
    let times: Vec<f64> = m.curve.iter().map(|c| c.0).collect();
    assert_eq!(times, vec![0.0, 10.0, 20.0, 30.0, 40.0]);
    let means: Vec<f64> = m.curve.iter().map(|c| c.1.mean.unwrap()).collect();
    assert_eq!(means, vec![8.0, 7.0, 6.5, 3.5, 3.5]);
    assert_eq!((m.exhausted.successes, m.exhausted.trials), (1, 2));
    assert_eq!(m.min_ready_rounds.mean, Some(3.5));
}

#[test]
fn fraction_stopped_by_type() {
    let mk = |ty: &str, fate: &str, rounds: u64| ThreatRow {
        type_name: ty.into(),
        fate: fate.into(),
        rounds,
        ..ThreatRow::default()
    };
    let t = vec![
        mk("a", "killed", 2),
        mk("b", "leaked", 0),
        mk("a", "leaked", 1),
        mk("a", "killed", 1),
    ];
    let by = by_type(&t);
    assert_eq!(by.len(), 2);
    assert_eq!(by[0].type_name, "a");
    assert_eq!((by[0].stopped.successes, by[0].stopped.trials), (2, 3));
    assert_eq!(
        (
            by[1].killed_given_engaged.successes,
            by[1].killed_given_engaged.trials
        ),
        (0, 0)
    );
}

/// MODELS.md §4: a raid of M = 10 independent threats each leaking with
/// q = 0.09 has P(zero leakers) = 0.91¹⁰ = 0.3894 and E[leakers] = 0.9.
/// 20 000 synthetic runs (ChaCha8, seed 6) must estimate both within 4
/// standard errors (σ ≈ 0.0034 and 0.0064).
#[test]
fn val_models_s4_p_zero_leakers_m10_q009() {
    let mut rng = ChaCha8Rng::seed_from_u64(6);
    let runs: Vec<RunRow> = (0..20_000)
        .map(|k| {
            let leaked = (0..10).filter(|_| rng.random::<f64>() < 0.09).count() as u64;
            run(k, 10, 10 - leaked, 10, (10 - leaked, leaked, 0))
        })
        .collect();
    // The closed forms (canopy-c2's salvo module) against MODELS.md's table.
    let p0 = canopy_c2::salvo::p_zero_leakers(0.09, 10).expect("valid");
    assert!((p0 - 0.3894).abs() < 1e-4, "{p0}");
    let e0 = canopy_c2::salvo::expected_leakers(0.09, 10).expect("valid");
    assert!((e0 - 0.9).abs() < 1e-12, "{e0}");
    let est = p_zero_leakers(&runs).estimate.unwrap();
    let sigma = (p0 * (1.0 - p0) / 20_000.0).sqrt();
    assert!((est - p0).abs() < 4.0 * sigma, "{est} vs {p0} ± 4·{sigma}");
    let e = expected_leakers(&runs).mean.unwrap();
    let sigma = (10.0 * 0.09 * 0.91 / 20_000.0f64).sqrt();
    assert!((e - e0).abs() < 4.0 * sigma, "{e} vs {e0}");
    // The per-shot estimate is then SSPK 0.91 within its own interval.
    let ps = per_shot_kill(&runs);
    let cp = ps.clopper_pearson.unwrap();
    let sigma = (0.91 * 0.09 / 200_000.0f64).sqrt();
    assert!((ps.estimate.unwrap() - 0.91).abs() < 4.0 * sigma);
    assert!(cp.lo < 0.91 + 4.0 * sigma && cp.hi > 0.91 - 4.0 * sigma);
}
