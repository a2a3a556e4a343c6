use super::*;

fn est(x: f64, vx: f64, t: f64) -> Estimate {
    Estimate {
        position: Vector3::new(x, 1000.0, 5000.0),
        velocity: Vector3::new(vx, 0.0, 0.0),
        time_s: t,
    }
}

fn at(s: f64) -> SimTime {
    SimTime::from_secs_f64(s)
}

#[test]
fn an_estimate_is_continued_within_the_gates_only() {
    // 250 m/s for 4 s: extrapolated to x = 1 000 m; the later estimate is
    // 300 m beyond it.
    let a = est(0.0, 250.0, 10.0);
    let d = a
        .continued_by(&est(1300.0, 260.0, 14.0))
        .expect("within both gates");
    assert!((d - 300.0).abs() < 1e-9, "{d}");
    // 2 001 m from the extrapolation: outside the 2 km gate.
    assert_eq!(a.continued_by(&est(3001.0, 250.0, 14.0)), None);
    // Same place, velocity 101 m/s off: outside the 100 m/s floor.
    assert_eq!(a.continued_by(&est(1000.0, 351.0, 14.0)), None);
    // A 2 000 m/s target may change speed by a quarter (500 m/s), not more.
    let fast = est(0.0, 2000.0, 0.0);
    assert!(fast.continued_by(&est(4000.0, 2490.0, 2.0)).is_some());
    assert_eq!(fast.continued_by(&est(4000.0, 2510.0, 2.0)), None);
}

#[test]
fn the_nearest_continuation_wins_and_ties_go_to_the_lowest_id() {
    let lost = est(0.0, 250.0, 0.0);
    let later = [
        (7, est(1900.0, 250.0, 4.0)),
        (5, est(1400.0, 250.0, 4.0)),
        (3, est(600.0, 250.0, 4.0)),
        (9, est(9000.0, 250.0, 4.0)),
    ];
    // Distances 900, 400, 400 and 8 000 m: ids 5 and 3 tie.
    assert_eq!(lost.successor(later), Some(3));
    assert_eq!(lost.successor([(9, est(9000.0, 250.0, 4.0))]), None);
    // The other way round: which earlier estimate a new one continues.
    let new = est(1000.0, 250.0, 4.0);
    assert_eq!(
        new.predecessor([(4, lost), (2, est(5000.0, 250.0, 0.0))]),
        Some(4)
    );
}

#[test]
fn a_reinitiated_track_inherits_the_start_of_the_track_it_continues() {
    let mut h = History::default();
    // Track 1 first seen confirmed at 10 s, again at 12 s.
    h.see(1, est(0.0, 250.0, 10.0), at(10.0), |_| true);
    h.see(1, est(500.0, 250.0, 12.0), at(12.0), |_| true);
    assert_eq!(h.since(1), Some(at(10.0)));
    // Track 2 appears at 16 s where track 1 would be, while track 1 is still
    // in the picture: a second track on the object starts its own history.
    h.see(2, est(1400.0, 250.0, 16.0), at(16.0), |_| true);
    assert_eq!(h.since(2), Some(at(16.0)));
    // Track 1 is gone; track 3 continues it at 18 s and inherits 10 s.
    h.see(3, est(2000.0, 250.0, 18.0), at(18.0), |id| id != 1);
    assert_eq!(h.since(3), Some(at(10.0)));
    // A new track far from every vanished one starts now.
    h.see(4, est(90_000.0, 250.0, 18.0), at(18.0), |id| id != 1);
    assert_eq!(h.since(4), Some(at(18.0)));
    // Unseen for more than the window, a track is forgotten (and can no
    // longer pass its history on); a track seen within it is kept.
    h.prune(at(12.0 + WINDOW_S));
    assert_eq!(h.since(1), Some(at(10.0)));
    h.prune(at(12.1 + WINDOW_S));
    assert_eq!(h.since(1), None);
    assert_eq!(h.since(3), Some(at(10.0)));
    // At 30 s tracks 2, 3 and 4 are gone; track 5 is 10 m from where track 3
    // would be and 110 m from track 2's: it continues track 3.
    h.see(5, est(5010.0, 250.0, 30.0), at(30.0), |id| id == 5);
    assert_eq!(h.since(5), Some(at(10.0)));
}
