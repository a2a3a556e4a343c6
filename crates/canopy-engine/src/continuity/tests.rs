use super::*;

fn est(x: f64, vx: f64, t: f64) -> Estimate {
    Estimate {
        position: Vector3::new(x, 1000.0, 5000.0),
        velocity: Vector3::new(vx, 0.0, 0.0),
        time_s: t,
    }
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
}
