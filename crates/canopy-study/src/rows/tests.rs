use super::*;
use crate::tables::{columns, csv_header, csv_line};
use crate::testdata;

/// One real run of the test scenario: its rows agree with its summary.
#[test]
fn run_record_agrees_with_the_engine_summary() {
    let s = testdata::scenario();
    let ctx = Context::new(&s);
    // One battalion of three 5P85-class launchers.
    assert_eq!(ctx.initial_rounds(), 12);
    let config = canopy_engine::RunConfig {
        engage: true,
        ..canopy_engine::RunConfig::new(3, 1)
    };
    let mut ends = EndSink::default();
    let summary = canopy_engine::run(&s, config, &mut ends);
    let rec = RunRecord::new(&ctx, 3, 1, &summary, &ends);
    let e = summary.engagement.as_ref().expect("an engagement run");
    let r = &rec.run;
    assert_eq!((r.run, r.seed, r.threats), (1, 3, 4));
    assert_eq!(r.killed as usize, e.killed);
    assert_eq!(r.killed + r.leaked, r.threats);
    assert_eq!(r.leaks.iter().sum::<u64>(), r.leaked);
    assert_eq!(r.rounds as usize, e.rounds_expended);
    assert_eq!(
        r.rounds,
        r.rounds_kill + r.rounds_miss + r.rounds_self_destruct + r.rounds_in_flight
    );
    assert_eq!(rec.threats.len(), 4);
    assert_eq!(rec.shots.len() as u64, r.rounds);
    assert_eq!(rec.threats.iter().map(|t| t.rounds).sum::<u64>(), r.rounds);
    assert_eq!(
        rec.threats.iter().filter(|t| t.rounds > 0).count() as u64,
        r.engaged
    );
    // Costs: the catalog's unit costs times the rounds and threats.
    let round_cost = s
        .catalog
        .interceptors
        .iter()
        .find(|i| i.entry.name == "48N6-class")
        .unwrap()
        .cost_usd;
    let drone_cost = s
        .catalog
        .threats
        .iter()
        .find(|t| t.entry.name == "shahed-class")
        .unwrap()
        .cost_usd;
    assert_eq!(r.interceptor_cost_usd, r.rounds as f64 * round_cost);
    assert_eq!(r.threat_cost_usd, 4.0 * drone_cost);
    assert_eq!(r.engaged_threat_cost_usd, r.engaged as f64 * drone_cost);
    // Every drone aims at A (value 10): targeted 10, lost 10 if one reached it.
    assert_eq!(r.value_targeted, 10.0);
    let reached = rec.threats.iter().any(|t| t.end == "impact");
    assert_eq!(r.value_lost, if reached { 10.0 } else { 0.0 });
    assert_eq!(reached, r.impacts > 0);
    // The magazine starts full and its low point is recorded.
    assert_eq!(rec.magazine[0].ready_rounds, 12);
    assert_eq!(rec.magazine[0].time_s, 0.0);
    assert_eq!(
        r.min_ready_rounds,
        rec.magazine.iter().map(|m| m.ready_rounds).min().unwrap()
    );
    // Timelines are copied from the engine.
    for (row, t) in rec.threats.iter().zip(&e.threats) {
        assert_eq!(
            row.detected_s,
            t.timeline.first_detected.map(|x| x.as_secs_f64())
        );
        assert_eq!(
            row.first_launch_s,
            t.timeline.first_launch.map(|x| x.as_secs_f64())
        );
        assert_eq!(row.killed(), matches!(t.fate, ThreatFate::Killed { .. }));
        assert_eq!(row.raid, "d");
        assert_eq!(row.asset.as_deref(), Some("A"));
    }
    assert!(r.gospa_mean_m.is_some() || r.never_tracked == Some(4));
}

#[test]
fn leak_columns_follow_the_cause_names() {
    assert_eq!(
        leak_column(LeakCause::NoFreeChannel),
        "leak_no_free_channel"
    );
    let h = csv_header::<RunRow>();
    for c in LeakCause::ALL {
        assert!(h.contains(&leak_column(c)), "{h}");
    }
    let mut row = RunRow::default();
    let mut line = String::new();
    csv_line(&mut row, &mut line);
    assert_eq!(line.matches(',').count() + 1, columns::<RunRow>().len());
}

/// The end sink keeps the last end event of each threat and nothing else.
#[test]
fn end_sink_keeps_flight_ends() {
    let mut ends = EndSink::default();
    let p = canopy_core::geo::Geodetic::new(48.0, 68.0, 0.0);
    ends.event(&Event::Ended {
        time: SimTime::from_secs_f64(12.0),
        threat: canopy_engine::ThreatId(2),
        cause: EndCause::Impact,
        position: p,
    });
    ends.event(&Event::Finish {
        time: SimTime::from_secs_f64(20.0),
    });
    assert_eq!(ends.end(0), None);
    assert_eq!(
        ends.end(2),
        Some((EndCause::Impact, SimTime::from_secs_f64(12.0)))
    );
    assert_eq!(ends.end(9), None);
}
