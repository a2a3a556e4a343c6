use canopy_core::geo::{Ecef, Enu, Geodetic, MU_EARTH};
use proptest::prelude::*;

use super::*;

/// The command post: the evaluation frame's origin.
fn frame() -> LocalFrame {
    LocalFrame::new(Geodetic::new(48.0, 68.0, 0.0))
}

/// Geodetic point `distance_m` from the command post on `azimuth_deg`, at `alt_m`.
fn place(azimuth_deg: f64, distance_m: f64, alt_m: f64) -> Geodetic {
    let mut g = frame().site().destination(azimuth_deg, distance_m);
    g.alt_m = alt_m;
    g
}

/// ENU position (in the command post's frame) of a geodetic point.
fn enu(g: Geodetic) -> [f64; 3] {
    frame().to_enu(&g.to_ecef()).0.into()
}

/// A vector given in the local ENU axes at `site`, expressed in the command post's axes.
fn local_vec(site: Geodetic, v: [f64; 3]) -> [f64; 3] {
    let ecef = LocalFrame::new(site).vec_to_ecef(&Vector3::from(v));
    frame().vec_to_enu(&ecef).into()
}

/// A confirmed track at `site` flying `speed` m/s on `heading_deg` with flight-path angle
/// `gamma_deg`, 100 m (1σ) position error per axis, estimate time 0.
fn track(id: u64, site: Geodetic, speed: f64, heading_deg: f64, gamma_deg: f64) -> TrackView {
    let (sg, cg) = gamma_deg.to_radians().sin_cos();
    let (sh, ch) = heading_deg.to_radians().sin_cos();
    TrackView {
        id,
        time_s: 0.0,
        position: enu(site),
        velocity: local_vec(site, [speed * cg * sh, speed * cg * ch, speed * sg]),
        position_cov: [[1e4, 0.0, 0.0], [0.0, 1e4, 0.0], [0.0, 0.0, 1e4]],
        confirmed: true,
        acceleration: None,
        history: Vec::new(),
    }
}

fn assess_one(t: &TrackView) -> ThreatAssessment {
    evaluate(
        &frame(),
        0.0,
        std::slice::from_ref(t),
        &[],
        &EvaluationParams::default(),
    )
    .unwrap()
    .assessments
    .remove(0)
}

#[test]
fn classifies_each_class_from_kinematics() {
    let mut ballistic = track(3, place(10.0, 120e3, 40e3), 2000.0, 190.0, -40.0);
    ballistic.acceleration = Some(local_vec(place(10.0, 120e3, 40e3), [0.0, 0.0, -9.8]));
    for (t, class, min_p) in [
        (
            track(1, place(300.0, 150e3, 8000.0), 250.0, 135.0, 0.0),
            ThreatClass::Aircraft,
            0.99,
        ),
        (
            track(2, place(270.0, 60e3, 15.0), 850.0, 90.0, 0.0),
            ThreatClass::Cruise,
            0.95,
        ),
        (ballistic, ThreatClass::Ballistic, 0.999),
        (
            track(4, place(200.0, 30e3, 300.0), 50.0, 20.0, 0.0),
            ThreatClass::Drone,
            0.85,
        ),
        (
            track(5, place(100.0, 20e3, 50.0), 60.0, 280.0, 0.0),
            ThreatClass::Helicopter,
            0.95,
        ),
    ] {
        let a = assess_one(&t);
        assert_eq!(
            a.class, class,
            "track {}: {:?}",
            t.id, a.class_probabilities
        );
        assert!(
            a.class_probabilities[class] >= min_p,
            "track {}: P({class:?}) = {} < {min_p}",
            t.id,
            a.class_probabilities[class]
        );
        // The features are measured on WGS-84, not on the command post's tangent plane.
        let expected_alt = [8000.0, 15.0, 40e3, 300.0, 50.0][t.id as usize - 1];
        assert!((a.kinematics.altitude_m - expected_alt).abs() < 2.0);
    }
}

#[test]
fn ambiguous_tracks_get_split_probabilities() {
    // Documented confusions: drone ↔ helicopter at 55 m/s, 150 m; cruise ↔ aircraft at
    // 250 m/s, 500 m. Neither class may take more than 0.7 and both must keep at least 0.3.
    for (speed, alt, a, b) in [
        (55.0, 150.0, ThreatClass::Helicopter, ThreatClass::Drone),
        (250.0, 500.0, ThreatClass::Cruise, ThreatClass::Aircraft),
    ] {
        let p = assess_one(&track(1, place(0.0, 30e3, alt), speed, 180.0, 0.0)).class_probabilities;
        for class in [a, b] {
            assert!(
                (0.3..=0.7).contains(&p[class]),
                "{speed} m/s at {alt} m: P({class:?}) = {}",
                p[class]
            );
        }
    }
}

#[test]
fn vertical_acceleration_separates_a_fast_jet_from_a_ballistic_missile() {
    let site = place(0.0, 100e3, 18_000.0);
    let base = track(1, site, 700.0, 180.0, 0.0);
    let p = |accel_up: Option<f64>| {
        let mut t = base.clone();
        t.acceleration = accel_up.map(|a| local_vec(site, [0.0, 0.0, a]));
        assess_one(&t).class_probabilities
    };
    let unknown = p(None);
    assert!(unknown[ThreatClass::Aircraft] > 0.3 && unknown[ThreatClass::Ballistic] > 0.3);
    // Level flight: ḧ = v²/r ≈ 0.08 m/s²; free fall: ḧ ≈ −9.8 + 0.08.
    assert!(p(Some(0.0))[ThreatClass::Aircraft] > 0.9);
    assert!(p(Some(-9.8))[ThreatClass::Ballistic] > 0.9);
}

#[test]
fn vertical_acceleration_is_fitted_from_history() {
    // A body falling vertically: ENU of its own ground point, z = 30 km + 100 t − 4.9 t².
    let ground = place(45.0, 80e3, 0.0);
    let at = |t: f64| {
        let mut g = ground;
        g.alt_m = 30_000.0 + 100.0 * t - 4.9 * t * t;
        (enu(g), local_vec(ground, [0.0, 0.0, 100.0 - 9.8 * t]))
    };
    let (position, velocity) = at(0.0);
    let mut t = TrackView {
        position,
        velocity,
        ..track(1, ground, 1.0, 0.0, 0.0)
    };
    t.history = [-4.0, -3.0, -1.0]
        .into_iter()
        .map(|time_s| {
            let (position, velocity) = at(time_s);
            TrackSample {
                time_s,
                position,
                velocity,
            }
        })
        .collect();
    let k = kinematics(&frame(), &t, 2.0).unwrap();
    assert!((k.vertical_accel_mps2.unwrap() + 9.8).abs() < 1e-6, "{k:?}");
    // Too short a history: no estimate.
    assert_eq!(
        kinematics(&frame(), &t, 5.0).unwrap().vertical_accel_mps2,
        None
    );

    // A straight line in space tangent to the Earth: ḧ = v²/r from the curvature, both from a
    // history and from a zero acceleration estimate (1 % tolerance: the ellipsoid's radii of
    // curvature differ from |r| by up to 0.5 %).
    let site = place(0.0, 50e3, 10_000.0);
    let v = local_vec(site, [2000.0, 0.0, 0.0]);
    let p0 = Vector3::from(enu(site));
    let mut line = track(2, site, 2000.0, 90.0, 0.0);
    line.history = (1..=4)
        .map(|k| {
            let dt = -(k as f64);
            TrackSample {
                time_s: dt,
                position: (p0 + Vector3::from(v) * dt).into(),
                velocity: v,
            }
        })
        .collect();
    let r = frame().to_ecef(&Enu(p0)).0.norm();
    let expected = 2000.0f64.powi(2) / r;
    let fitted = kinematics(&frame(), &line, 2.0)
        .unwrap()
        .vertical_accel_mps2
        .unwrap();
    assert!(
        (fitted / expected - 1.0).abs() < 0.01,
        "{fitted} vs {expected}"
    );
    line.acceleration = Some([0.0; 3]);
    let given = kinematics(&frame(), &line, 2.0)
        .unwrap()
        .vertical_accel_mps2
        .unwrap();
    assert!(
        (given / expected - 1.0).abs() < 0.01,
        "{given} vs {expected}"
    );
}

fn assets() -> Vec<AssetView> {
    vec![
        AssetView {
            index: 10,
            position: enu(place(90.0, 40e3, 0.0)),
            value: 100.0,
        },
        AssetView {
            index: 20,
            position: enu(place(0.0, 40e3, 0.0)),
            value: 50.0,
        },
    ]
}

/// A ballistic track that impacts `aim` after `time_to_impact_s`, arriving at 1500 m/s and
/// 45° from the north: built by flying the time-reversed state up from the aim point.
fn ballistic_toward(aim: Geodetic, time_to_impact_s: f64) -> TrackView {
    let mut up = aim;
    up.alt_m = 1.0;
    let (s, c) = 45f64.to_radians().sin_cos();
    // Reversed impact velocity: climbing, heading north.
    let v = LocalFrame::new(up).vec_to_ecef(&Vector3::new(0.0, 1500.0 * c, 1500.0 * s));
    let start = PathState {
        time_s: 0.0,
        position: up.to_ecef().0,
        velocity: v,
    };
    let back = PredictedPath::new(MotionModel::Ballistic, start, time_to_impact_s, 0.5)
        .unwrap()
        .state_at(time_to_impact_s)
        .unwrap();
    TrackView {
        position: frame().to_enu(&Ecef(back.position)).0.into(),
        velocity: frame().vec_to_enu(&(-back.velocity)).into(),
        ..track(99, aim, 1.0, 0.0, 0.0)
    }
}

#[test]
fn predicts_the_threatened_asset_and_time_to_go() {
    let params = EvaluationParams::default();
    let tracks = vec![
        // Sea-skimmer from 100 km north flying south over asset 20 (40 km north): 60 km to go.
        track(1, place(0.0, 100e3, 15.0), 250.0, 180.0, 0.0),
        // Ballistic missile impacting asset 10 in 60 s.
        ballistic_toward(place(90.0, 40e3, 0.0), 60.0),
        // A drone flying away from everything.
        track(3, place(180.0, 50e3, 300.0), 50.0, 180.0, 0.0),
    ];
    let eval = evaluate(&frame(), 0.0, &tracks, &assets(), &params).unwrap();
    let [cruise, ballistic, drone] = &eval.assessments[..] else {
        panic!("three assessments")
    };

    assert_eq!(cruise.class, ThreatClass::Cruise);
    let t = cruise.target.unwrap();
    assert_eq!(t.asset_index, 20);
    // Over the asset at 15 m altitude; 60 km at 250 m/s (great circle ≈ geodesic here).
    assert!(t.miss_distance_m < 100.0, "{t:?}");
    assert!((t.time_to_go_s - 240.0).abs() < 1.0, "{t:?}");
    assert!((cruise.threat_value - 50.0 * cruise.p_damage).abs() < 1e-9);

    assert_eq!(ballistic.class, ThreatClass::Ballistic);
    assert_eq!(ballistic.path.model(), MotionModel::Ballistic);
    assert!(ballistic.path.ends_on_ground());
    let t = ballistic.target.unwrap();
    assert_eq!(t.asset_index, 10);
    assert!(
        t.miss_distance_m < 50.0 && (t.time_to_go_s - 60.0).abs() < 0.1,
        "{t:?}"
    );

    assert_eq!(drone.target, None);
    assert_eq!((drone.threat_value, drone.priority_score), (0.0, 0.0));
    // All confirmed; the ballistic missile (value 100 · 0.9, 60 s) outranks the cruise
    // missile (50 · 0.8, 240 s); the drone threatens nothing and comes last.
    assert_eq!(eval.priority, vec![1, 0, 2]);
}

#[test]
fn priority_order_is_total_and_deterministic() {
    let a = track(7, place(0.0, 100e3, 15.0), 250.0, 180.0, 0.0);
    let mut same = a.clone();
    same.id = 3;
    let mut tentative = a.clone();
    tentative.id = 1;
    tentative.confirmed = false;
    let faster = TrackView {
        id: 9,
        ..track(9, place(0.0, 100e3, 15.0), 300.0, 180.0, 0.0)
    };
    let tracks = vec![a, same, tentative, faster];
    let eval = evaluate(
        &frame(),
        0.0,
        &tracks,
        &assets(),
        &EvaluationParams::default(),
    )
    .unwrap();
    // Same score: lower id first; the faster one arrives sooner and scores higher; the
    // tentative track is assessed but not prioritised.
    assert_eq!(eval.priority, vec![3, 1, 0]);
    assert_eq!(eval.assessments.len(), 4);
    // Evaluating again, or in another order, gives the same ranking of track ids.
    let ids = |e: &Evaluation| -> Vec<u64> {
        e.priority
            .iter()
            .map(|&i| e.assessments[i].track_id)
            .collect()
    };
    let mut reversed = tracks.clone();
    reversed.reverse();
    let again = evaluate(
        &frame(),
        0.0,
        &reversed,
        &assets(),
        &EvaluationParams::default(),
    )
    .unwrap();
    assert_eq!(ids(&eval), ids(&again));
    assert_eq!(ids(&eval), vec![9, 3, 7]);
}

#[test]
fn evaluator_memo_gives_the_results_of_a_fresh_evaluation() {
    // Four cycles 2 s apart: one track never updated (its memo is reused), one updated every
    // cycle, a ballistic track confirmed from the second cycle on, and one that drops out for
    // a cycle and comes back; in the last cycle an asset's value changes. Every cycle's
    // result must equal a stateless evaluation of the same input, time-to-go included.
    let params = EvaluationParams::default();
    let mut evaluator = Evaluator::new(params).unwrap();
    let still = track(1, place(90.0, 150e3, 100.0), 250.0, 270.0, 0.0);
    let mut moving = track(2, place(0.0, 120e3, 50.0), 850.0, 180.0, 0.0);
    let mut ballistic = ballistic_toward(place(90.0, 40e3, 0.0), 120.0);
    ballistic.id = 3;
    ballistic.confirmed = false;
    let dropping = track(4, place(45.0, 90e3, 3_000.0), 200.0, 225.0, 0.0);
    let mut assets = assets();
    let mut reused = 0;
    let mut previous: Option<Evaluation> = None;
    for cycle in 0..4 {
        let now = 2.0 * f64::from(cycle);
        moving.time_s = now;
        moving.position[1] -= 850.0 * 2.0;
        ballistic.confirmed = cycle > 0;
        if cycle == 3 {
            assets[1].value = 80.0;
        }
        let mut tracks = vec![still.clone(), moving.clone(), ballistic.clone()];
        if cycle != 1 {
            tracks.push(dropping.clone());
        }
        let memo = evaluator.evaluate(&frame(), now, &tracks, &assets).unwrap();
        let fresh = evaluate(&frame(), now, &tracks, &assets, &params).unwrap();
        assert_eq!(memo, fresh, "cycle {cycle}");
        if let Some(p) = &previous {
            reused += memo
                .assessments
                .iter()
                .filter(|a| {
                    p.assessments
                        .iter()
                        .any(|b| b.track_id == a.track_id && Arc::ptr_eq(&a.path, &b.path))
                })
                .count();
        }
        previous = Some(memo);
    }
    // Reused: the still track in cycles 1–2, the ballistic one in 1–2 (its confirmation does
    // not change the estimate), the dropping one in 3 is new again; nothing in cycle 3
    // (the asset change clears the memo).
    assert_eq!(reused, 4);
    let last = previous.unwrap();
    assert!(last.assessments.iter().any(|a| a.target.is_some()));
}

#[test]
fn great_circle_path_holds_altitude_and_speed() {
    let sea_skimmer = track(1, place(250.0, 150e3, 15.0), 850.0, 45.0, 0.0);
    let path = PredictedPath::new(
        MotionModel::GreatCircle,
        sea_skimmer.ecef_state(&frame()),
        600.0,
        1.0,
    )
    .unwrap();
    assert_eq!(path.states().len(), 601);
    for s in path.states() {
        // Exact geodetic height (Vermeille) within 0.5 m after 510 km.
        let alt = Ecef(s.position).to_geodetic().alt_m;
        assert!((alt - 15.0).abs() < 0.5, "t = {}: {alt} m", s.time_s);
        assert!((s.velocity.norm() / 850.0 - 1.0).abs() < 1e-3);
    }
    // A climbing drone climbs for CLIMB_HOLD_S only; a diving one stops at the ground.
    let climbing = track(2, place(0.0, 10e3, 300.0), 50.0, 0.0, 5.0);
    let descending = track(3, place(0.0, 10e3, 300.0), 50.0, 0.0, -20.0);
    for (t, final_alt) in [
        (
            climbing,
            300.0 + 50.0 * 5f64.to_radians().sin() * CLIMB_HOLD_S,
        ),
        (descending, 0.0),
    ] {
        let path = PredictedPath::new(MotionModel::GreatCircle, t.ecef_state(&frame()), 300.0, 1.0)
            .unwrap();
        let last = *path.states().last().unwrap();
        let alt = Ecef(last.position).to_geodetic().alt_m;
        assert!(
            (alt - final_alt).abs() < 0.5,
            "track {}: {alt} vs {final_alt}",
            t.id
        );
        assert!(!path.ends_on_ground());
    }
}

#[test]
fn ballistic_path_conserves_energy_and_stops_at_the_ground() {
    let t = track(1, place(30.0, 200e3, 60e3), 2500.0, 210.0, -20.0);
    let path =
        PredictedPath::new(MotionModel::Ballistic, t.ecef_state(&frame()), 600.0, 1.0).unwrap();
    let energy = |s: &PathState| 0.5 * s.velocity.norm_squared() - MU_EARTH / s.position.norm();
    let momentum = |s: &PathState| s.position.cross(&s.velocity).norm();
    let (e0, h0) = (energy(&path.states()[0]), momentum(&path.states()[0]));
    for s in &path.states() {
        assert!(
            (energy(s) / e0 - 1.0).abs() < 1e-9,
            "energy drift at {}",
            s.time_s
        );
        assert!((momentum(s) / h0 - 1.0).abs() < 1e-9);
    }
    assert!(path.ends_on_ground() && path.end_time_s() < 600.0);
    let impact = *path.states().last().unwrap();
    assert!(Ecef(impact.position).to_geodetic().alt_m.abs() < 1.0);
}

/// RK4 with a fixed step `h` for `n` steps, every step stored: the reference for the
/// coarse-step integration of [`PredictedPath`] (same dynamics, 100 times finer step).
fn fine_rk4(start: PathState, h: f64, n: usize) -> Vec<PathState> {
    let g = |r: &Vector3<f64>| r * (-MU_EARTH / r.norm().powi(3));
    let mut out = vec![start];
    let mut s = start;
    for k in 1..=n {
        let (p, v) = (s.position, s.velocity);
        let (k1p, k1v) = (v, g(&p));
        let (k2p, k2v) = (v + 0.5 * h * k1v, g(&(p + 0.5 * h * k1p)));
        let (k3p, k3v) = (v + 0.5 * h * k2v, g(&(p + 0.5 * h * k2p)));
        let (k4p, k4v) = (v + h * k3v, g(&(p + h * k3p)));
        s = PathState {
            time_s: start.time_s + k as f64 * h,
            position: p + h / 6.0 * (k1p + 2.0 * k2p + 2.0 * k3p + k4p),
            velocity: v + h / 6.0 * (k1v + 2.0 * k2v + 2.0 * k3v + k4v),
        };
        out.push(s);
    }
    out
}

/// The ballistic path integrates with 10 s RK4 steps and fills its 1 s samples by quintic
/// Hermite interpolation (it used to take 1 s RK4 steps). Stated tolerance: every sample, and
/// `state_at` every 0.3 s between them, within 1 cm and 0.1 mm/s of a 0.1 s RK4 reference
/// over a 600 s, 3 km/s arc (70° climb from 50 km, ~550 km high at its apex). Measured:
/// 0.9 mm and 7 µm/s. Both are far below the track errors (≥ 100 m) and threat radii (km)
/// the path serves.
#[test]
fn ballistic_path_matches_a_fine_step_reference() {
    let start = PathState {
        time_s: 40.0,
        position: Geodetic::new(48.0, 68.0, 50e3).to_ecef().0,
        velocity: LocalFrame::new(Geodetic::new(48.0, 68.0, 50e3)).vec_to_ecef(&Vector3::new(
            3000.0 * 20f64.to_radians().cos() * 0.6,
            3000.0 * 20f64.to_radians().cos() * 0.8,
            3000.0 * 70f64.to_radians().sin(),
        )),
    };
    let reference = fine_rk4(start, 0.1, 6070);
    // 600 s: whole 10 s steps; 601 s and 607 s: a last step of one and of seven samples.
    for horizon in [600, 601, 607] {
        let path = PredictedPath::new(MotionModel::Ballistic, start, horizon as f64, 1.0).unwrap();
        assert!(!path.ends_on_ground());
        assert_eq!(path.states().len(), horizon + 1);
        let (mut worst_p, mut worst_v) = (0.0f64, 0.0f64);
        for (k, s) in path.states().iter().enumerate() {
            let r = &reference[10 * k];
            assert!((s.time_s - r.time_s).abs() < 1e-9, "time of sample {k}");
            worst_p = worst_p.max((s.position - r.position).norm());
            worst_v = worst_v.max((s.velocity - r.velocity).norm());
        }
        for r in reference[..=10 * horizon].iter().skip(1).step_by(3) {
            let s = path.state_at(r.time_s).unwrap();
            worst_p = worst_p.max((s.position - r.position).norm());
            worst_v = worst_v.max((s.velocity - r.velocity).norm());
        }
        assert!(
            worst_p < 0.01,
            "{horizon} s: position error {worst_p} m (tolerance 1 cm)"
        );
        assert!(
            worst_v < 1e-4,
            "{horizon} s: velocity error {worst_v} m/s (tolerance 0.1 mm/s)"
        );
    }
}

#[test]
fn state_at_interpolates_smoothly() {
    let t = track(1, place(30.0, 200e3, 60e3), 2500.0, 210.0, 10.0);
    let path =
        PredictedPath::new(MotionModel::Ballistic, t.ecef_state(&frame()), 100.0, 2.0).unwrap();
    assert!(!path.ends_on_ground());
    assert_eq!(path.state_at(4.0).unwrap(), path.states()[2]);
    assert_eq!(path.state_at(-0.1), None);
    assert_eq!(path.state_at(100.1), None);
    for time in [0.3, 7.77, 51.5, 99.9] {
        let s = path.state_at(time).unwrap();
        let h = 1e-3;
        let fd = (path.state_at(time + h).unwrap().position
            - path.state_at(time - h).unwrap().position)
            / (2.0 * h);
        // Hermite velocity = derivative of the Hermite position (to the difference's error).
        assert!(
            (fd - s.velocity).norm() < 1e-3,
            "{time}: {fd} vs {}",
            s.velocity
        );
    }
}

/// `state_at` keeps the samples it computes (every fire unit scans the same path): the
/// answers must not depend on which queries came before, bit for bit.
#[test]
fn state_at_answers_do_not_depend_on_earlier_queries() {
    let t = track(1, place(30.0, 200e3, 60e3), 2500.0, 210.0, 10.0);
    let times = [0.3, 99.9, 7.77, 51.5, 4.0, 51.6, 0.0, 100.0, 33.3];
    for model in [MotionModel::Ballistic, MotionModel::GreatCircle] {
        let build = || PredictedPath::new(model, t.ecef_state(&frame()), 100.0, 2.0).unwrap();
        let (forward, backward) = (build(), build());
        let mut fresh: Vec<_> = times
            .iter()
            .map(|&time| build().state_at(time).unwrap())
            .collect();
        for (k, &time) in times.iter().enumerate() {
            assert_eq!(
                forward.state_at(time).unwrap(),
                fresh[k],
                "{model:?} at {time}"
            );
        }
        fresh.reverse();
        for (k, &time) in times.iter().rev().enumerate() {
            assert_eq!(
                backward.state_at(time).unwrap(),
                fresh[k],
                "{model:?} at {time}"
            );
        }
    }
}

#[test]
fn bad_inputs_are_errors() {
    let params = EvaluationParams::default();
    let mut t = track(1, place(0.0, 10e3, 100.0), 50.0, 0.0, 0.0);
    t.velocity[1] = f64::NAN;
    let err = evaluate(&frame(), 0.0, &[t], &[], &params).unwrap_err();
    assert_eq!(err.what, "track 1 velocity[1]");
    let t = track(1, place(0.0, 10e3, 100.0), 50.0, 0.0, 0.0);
    let bad_asset = AssetView {
        index: 4,
        position: [0.0; 3],
        value: -1.0,
    };
    assert!(
        evaluate(
            &frame(),
            0.0,
            std::slice::from_ref(&t),
            &[bad_asset],
            &params
        )
        .is_err()
    );
    let mut bad_params = params;
    bad_params.p_damage[ThreatClass::Drone] = 1.5;
    assert!(evaluate(&frame(), 0.0, std::slice::from_ref(&t), &[], &bad_params).is_err());
    let mut bad_params = params;
    bad_params.classifier.classes.0 = [ClassModel {
        prior: 0.0,
        ..params.classifier.classes[ThreatClass::Drone]
    }; 5];
    assert!(evaluate(&frame(), 0.0, std::slice::from_ref(&t), &[], &bad_params).is_err());
    assert!(evaluate(&frame(), f64::INFINITY, &[t], &[], &params).is_err());
}

/// The closest approach as the previous implementation computed it: a scan of every chord,
/// the earliest on a tie.
fn scan_every_chord(path: &PredictedPath, point: &Vector3<f64>) -> Approach {
    let states = path.states();
    let mut best = Approach {
        distance_m: (states[0].position - point).norm(),
        time_s: states[0].time_s,
    };
    for w in states.windows(2) {
        let chord = w[1].position - w[0].position;
        let len2 = chord.norm_squared();
        let u = if len2 > 0.0 {
            ((point - w[0].position).dot(&chord) / len2).clamp(0.0, 1.0)
        } else {
            0.0
        };
        let d = (w[0].position + u * chord - point).norm();
        if d < best.distance_m {
            best = Approach {
                distance_m: d,
                time_s: w[0].time_s + u * (w[1].time_s - w[0].time_s),
            };
        }
    }
    best
}

/// Distance from `point` to the chord polyline of `path` at `time_s`.
fn chord_distance_at(path: &PredictedPath, time_s: f64, point: &Vector3<f64>) -> f64 {
    let states = path.states();
    if states.len() == 1 {
        return (states[0].position - point).norm();
    }
    let k = states
        .partition_point(|s| s.time_s <= time_s)
        .clamp(1, states.len() - 1)
        - 1;
    let (a, b) = (&states[k], &states[k + 1]);
    let u = ((time_s - a.time_s) / (b.time_s - a.time_s)).clamp(0.0, 1.0);
    (a.position + u * (b.position - a.position) - point).norm()
}

#[test]
fn paths_are_equal_whether_or_not_their_states_were_built() {
    let t = track(1, place(0.0, 100e3, 15.0), 250.0, 180.0, 0.0);
    let a =
        PredictedPath::new(MotionModel::GreatCircle, t.ecef_state(&frame()), 600.0, 1.0).unwrap();
    let b = a.clone();
    assert_eq!(b.states().len(), 601);
    assert_eq!(a, b);
    let slower = track(1, place(0.0, 100e3, 15.0), 240.0, 180.0, 0.0);
    let c = PredictedPath::new(
        MotionModel::GreatCircle,
        slower.ecef_state(&frame()),
        600.0,
        1.0,
    )
    .unwrap();
    assert_ne!(a, c);
}

#[test]
fn a_path_starting_on_its_way_into_the_ground_is_one_state() {
    let t = track(1, place(0.0, 10e3, -20.0), 1000.0, 0.0, -30.0);
    let path =
        PredictedPath::new(MotionModel::Ballistic, t.ecef_state(&frame()), 60.0, 1.0).unwrap();
    assert!(path.ends_on_ground());
    assert_eq!(path.states().len(), 1);
    let point = frame().to_ecef(&Enu(Vector3::new(0.0, 0.0, 0.0))).0;
    let ca = path.closest_approach(&point);
    assert_eq!(ca.time_s, 0.0);
    assert!((ca.distance_m - (path.states()[0].position - point).norm()).abs() < 1e-9);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// The block-pruned closest approach is the minimum of the full chord scan: the same
    /// distance (to 1e-6 m, the rounding of samples recomputed from the closed form), at a
    /// time where the chords are that far; and the cut-off query agrees with it.
    #[test]
    fn closest_approach_is_the_minimum_over_every_chord(
        ballistic in any::<bool>(),
        speed in 0.0f64..3000.0,
        alt in -50.0f64..60e3,
        heading in 0.0f64..360.0,
        gamma in -89.0f64..89.0,
        step in prop_oneof![Just(1.0), 0.2f64..5.0],
        horizon in 1.0f64..600.0,
        at in 0.0f64..1.0,
        offset in prop_oneof![Just(0.0), 1.0f64..1e3, 1e3f64..3e5],
        direction in (-1.0f64..1.0, -1.0f64..1.0, -1.0f64..1.0),
    ) {
        let model = if ballistic { MotionModel::Ballistic } else { MotionModel::GreatCircle };
        let t = track(1, place(30.0, 80e3, alt), speed, heading, gamma);
        let path = PredictedPath::new(model, t.ecef_state(&frame()), horizon, step).unwrap();
        let on_path = path
            .state_at(path.start_time_s() + at * (path.end_time_s() - path.start_time_s()))
            .unwrap()
            .position;
        let dir = Vector3::new(direction.0, direction.1, direction.2);
        let point = on_path + offset * dir.try_normalize(1e-9).unwrap_or(Vector3::x());
        let got = path.closest_approach(&point);
        let want = scan_every_chord(&path, &point);
        prop_assert!((got.distance_m - want.distance_m).abs() < 1e-6, "{got:?} vs {want:?}");
        let there = chord_distance_at(&path, got.time_s, &point);
        prop_assert!((there - want.distance_m).abs() < 1e-6, "{there} at {got:?} vs {want:?}");
        prop_assert_eq!(path.approach_within(&point, want.distance_m + 1e-3), Some(got));
        prop_assert_eq!(path.approach_within(&point, want.distance_m - 1e-3), None);
    }

    #[test]
    fn posteriors_are_probabilities(
        speed in 0.0f64..6000.0,
        alt in -100.0f64..300_000.0,
        gamma in -90.0f64..90.0,
        accel in proptest::option::of(-200.0f64..200.0),
        eps in prop_oneof![Just(0.0), 0.0f64..0.5],
    ) {
        let params = ClassifierParams { outlier_weight: eps, ..ClassifierParams::default() };
        let p = classify(&params, &Kinematics {
            speed_mps: speed,
            altitude_m: alt,
            vertical_speed_mps: 0.0,
            flight_path_angle_deg: gamma,
            vertical_accel_mps2: accel,
        });
        let sum: f64 = p.0.iter().sum();
        prop_assert!((sum - 1.0).abs() < 1e-12);
        prop_assert!(p.0.iter().all(|x| (0.0..=1.0).contains(x)));
    }

    #[test]
    fn higher_altitude_favours_aircraft_over_cruise(alt in 60.0f64..5400.0) {
        // At 250 m/s the aircraft/cruise odds rise monotonically with altitude between the
        // cruise median (60 m) and the aircraft median (6 km). Outside, the outlier floors
        // take over: below 60 m the floor of the aircraft likelihood is flat while the cruise
        // density still rises, above 6 km the cruise floor is flat while the aircraft density
        // falls.
        let params = ClassifierParams::default();
        let odds = |h: f64| {
            let p = classify(&params, &Kinematics {
                speed_mps: 250.0,
                altitude_m: h,
                vertical_speed_mps: 0.0,
                flight_path_angle_deg: 0.0,
                vertical_accel_mps2: None,
            });
            p[ThreatClass::Aircraft] / p[ThreatClass::Cruise]
        };
        prop_assert!(odds(alt * 1.1) > odds(alt));
    }
}
