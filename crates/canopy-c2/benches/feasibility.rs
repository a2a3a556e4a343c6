//! Cost of the command post's per-cycle work: `feasibility::assess` for one battalion against
//! each regiment-like case, `evaluate::evaluate` on a 30-track raid (the cases are in
//! `tests/it/cases.rs`, shared with the regression tests), and `evaluate::evaluate` on the
//! 1000 tracks of `cases::mass_raid` (drones, cruise, ballistic, fighters over a 400 km
//! square) against the eight `cases::defended_assets`, as the engine calls it every C2 cycle:
//! split into the per-track part (classification and path, no assets) and the per-pair part
//! (threatened-asset search), plus the public `PredictedPath::closest_approach` and the
//! first `state_at` of a path (what the first feasibility call on a path adds); and
//! `evaluate::evaluate` on the demo scenario's mix (`cases::ballistic_mix`: 30 ballistic and 30
//! cruise missiles, the ballistic paths integrated over most of the 600 s horizon).
//!
//! Run: `cargo bench -p canopy-c2 --bench feasibility`. Prints medians over repeated runs.

use std::hint::black_box;
use std::time::Instant;

use canopy_c2::evaluate::{
    EvaluationParams, MotionModel, PathState, PredictedPath, ThreatClass, evaluate,
};
use canopy_core::geo::{Enu, Geodetic, LocalFrame};
use nalgebra::Vector3;

#[path = "../tests/it/cases.rs"]
mod cases;

/// Median seconds per call of `f`, over `runs` timed batches of `batch` calls.
fn time_it<T>(runs: usize, batch: usize, mut f: impl FnMut() -> T) -> f64 {
    let mut v: Vec<f64> = (0..runs)
        .map(|_| {
            let start = Instant::now();
            for _ in 0..batch {
                black_box(f());
            }
            start.elapsed().as_secs_f64() / batch as f64
        })
        .collect();
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn main() {
    let unit = cases::unit();
    let weapon = cases::weapon();
    let named = cases::cases();
    let tracks: Vec<_> = named.iter().map(|(_, t)| t.clone()).collect();
    let evaluated = cases::evaluate_tracks(&tracks);

    println!("assess (one battalion, default ScanConfig), median of 101 batches");
    println!(
        "{:<10} {:<10} {:>6} {:>10} {:>12} {:>10}",
        "case", "class", "now", "T_int s", "window", "us/call"
    );
    for ((name, _), a) in named.iter().zip(&evaluated) {
        let feas = cases::assess_track(&unit, &weapon, a);
        let secs = time_it(101, 20, || cases::assess_track(&unit, &weapon, a));
        println!(
            "{:<10} {:<10} {:>6} {:>10} {:>12} {:>10.2}",
            name,
            a.class.name(),
            feas.feasible_now(),
            feas.solution
                .map_or("-".to_string(), |s| format!("{:.2}", s.intercept_time_s)),
            feas.window.map_or("-".to_string(), |w| format!(
                "{:.0}..{:.0}",
                w.earliest_launch_s, w.latest_launch_s
            )),
            secs * 1e6
        );
    }

    let raid = cases::raid();
    let raid_eval = cases::evaluate_tracks(&raid);
    let per_assess = time_it(21, 1, || {
        raid_eval
            .iter()
            .map(|a| cases::assess_track(&unit, &weapon, a).feasible_now())
            .filter(|&f| f)
            .count()
    }) / raid.len() as f64;
    let eval = time_it(21, 1, || cases::evaluate_tracks(&raid));
    println!();
    println!("raid of {} tracks, median of 21 runs", raid.len());
    println!(
        "  assess, mean over the tracks: {:>10.2} us/call",
        per_assess * 1e6
    );
    println!(
        "  evaluate (all tracks, 2 assets): {:>7.1} us/call",
        eval * 1e6
    );
    println!();
    mass_raid();
    println!();
    ballistic_mix();
}

/// The `evaluate` rows for the mass raid.
fn mass_raid() {
    const TRACKS: usize = 1000;
    const RUNS: usize = 21;
    let frame = cases::frame();
    let tracks = cases::mass_raid(TRACKS);
    let assets = cases::defended_assets();
    let params = EvaluationParams::default();

    let eval = cases::evaluate_defended(&tracks);
    let mut counts = [0usize; ThreatClass::COUNT];
    for a in &eval.assessments {
        counts[a.class.index()] += 1;
    }
    let targeted = eval
        .assessments
        .iter()
        .filter(|a| a.target.is_some())
        .count();
    println!(
        "mass raid: {TRACKS} tracks ({}), {} assets, {targeted} with a target; median of {RUNS} runs",
        ThreatClass::ALL
            .iter()
            .map(|c| format!("{} {}", counts[c.index()], c.name()))
            .collect::<Vec<_>>()
            .join(", "),
        assets.len()
    );

    let full = time_it(RUNS, 1, || cases::evaluate_defended(&tracks));
    let bare = time_it(RUNS, 1, || {
        evaluate(&frame, cases::NOW_S, &tracks, &[], &params).expect("valid tracks")
    });
    let points: Vec<Vector3<f64>> = assets
        .iter()
        .map(|a| frame.to_ecef(&Enu(Vector3::from(a.position))).0)
        .collect();
    let approach = time_it(RUNS, 1, || {
        eval.assessments
            .iter()
            .flat_map(|a| points.iter().map(|p| a.path.closest_approach(p).distance_m))
            .sum::<f64>()
    });
    // Evaluation plus one state_at per path: the extra is what the first feasibility call on
    // a path costs beyond its own work.
    let first_state = time_it(RUNS, 1, || {
        cases::evaluate_defended(&tracks)
            .assessments
            .iter()
            .filter_map(|a| a.path.state_at(a.path.start_time_s() + 1.5))
            .count()
    });
    let pairs = (TRACKS * assets.len()) as f64;
    let per_track = |secs: f64| secs / TRACKS as f64 * 1e6;
    println!(
        "  evaluate, {} assets: {:>9.2} ms/call {:>8.2} us/track",
        assets.len(),
        full * 1e3,
        per_track(full)
    );
    println!(
        "  evaluate, no asset: {:>9.2} ms/call {:>8.2} us/track",
        bare * 1e3,
        per_track(bare)
    );
    println!(
        "  per track-asset pair (difference):  {:>8.3} us/pair",
        (full - bare) / pairs * 1e6
    );
    println!(
        "  closest_approach (public, no cutoff): {:>6.3} us/call",
        approach / pairs * 1e6
    );
    println!(
        "  first state_at of a path:           {:>8.2} us/path",
        per_track(first_state - full)
    );
}

/// The `evaluate` rows for the ballistic and cruise mix: the whole call, the bare path
/// construction of the ballistic tracks alone, and their threatened-asset search.
fn ballistic_mix() {
    const PER_CLASS: usize = 30;
    const RUNS: usize = 101;
    let frame = cases::frame();
    let tracks = cases::ballistic_mix(PER_CLASS);
    let assets = cases::defended_assets();
    let params = EvaluationParams::default();
    let eval = cases::evaluate_defended(&tracks);
    let ballistic: Vec<_> = eval
        .assessments
        .iter()
        .filter(|a| a.class == ThreatClass::Ballistic)
        .collect();
    let targeted = eval
        .assessments
        .iter()
        .filter(|a| a.target.is_some())
        .count();
    let mean_span = ballistic
        .iter()
        .map(|a| a.path.end_time_s() - a.path.start_time_s())
        .sum::<f64>()
        / ballistic.len() as f64;
    println!(
        "ballistic mix: {} tracks, {} classified ballistic (mean path {mean_span:.0} s), \
         {targeted} with a target, {} assets; median of {RUNS} runs",
        tracks.len(),
        ballistic.len(),
        assets.len()
    );
    let full = time_it(RUNS, 1, || cases::evaluate_defended(&tracks));
    let bare = time_it(RUNS, 1, || {
        evaluate(&frame, cases::NOW_S, &tracks, &[], &params).expect("valid tracks")
    });
    let starts: Vec<_> = ballistic.iter().map(|a| a.path.states()[0]).collect();
    let paths = time_it(RUNS, 1, || {
        starts
            .iter()
            .map(|s| {
                PredictedPath::new(
                    MotionModel::Ballistic,
                    *s,
                    params.horizon_s,
                    params.path_step_s,
                )
                .expect("valid path")
                .end_time_s()
            })
            .sum::<f64>()
    });
    // The longest path: a 3 km/s arc that stays up for the whole 600 s horizon (70° climb
    // from 50 km, as in the unit test of the integration's accuracy).
    let site = Geodetic::new(48.0, 68.0, 50e3);
    let (sc, cc) = 70f64.to_radians().sin_cos();
    let arc = PathState {
        time_s: cases::NOW_S,
        position: site.to_ecef().0,
        velocity: LocalFrame::new(site).vec_to_ecef(&Vector3::new(
            1800.0 * cc,
            2400.0 * cc,
            3000.0 * sc,
        )),
    };
    let arc_path = time_it(RUNS, 20, || {
        PredictedPath::new(
            MotionModel::Ballistic,
            arc,
            params.horizon_s,
            params.path_step_s,
        )
        .expect("valid path")
        .end_time_s()
    });
    println!(
        "  evaluate, {} assets: {:>9.1} us/call",
        assets.len(),
        full * 1e6
    );
    println!("  evaluate, no asset: {:>9.1} us/call", bare * 1e6);
    println!(
        "  ballistic PredictedPath::new, 600 s arc: {:>6.2} us/path",
        arc_path * 1e6
    );
    println!(
        "  ballistic PredictedPath::new:      {:>8.2} us/path",
        paths / ballistic.len() as f64 * 1e6
    );
}
