//! Regiment-like engagement cases of one S-400-class battalion, shared by the feasibility
//! regression test (`feasibility.rs`) and the `feasibility` benchmark, which includes this file
//! with `#[path]` so both time and check the very same inputs.
//!
//! The battalion: launcher and engagement radar at the command post (48° N, 68° E, sea level);
//! a 92N6-like radar (25 m mast, 250 km instrumented range, elevation 0–75°, ±60° sector
//! around north); the notional long-range round with the default flyout table and envelope;
//! no reaction time (the engine applies it from the track's confirmation). Two assets as in
//! `scenarios/s400_regiment_mixed_raid.toml`: an airbase 9 km north-east and a power plant
//! 22 km south-west.
//!
//! Also a mass raid ([`mass_raid`]: drones, cruise missiles, ballistic missiles and fighters
//! over a 400 km square) against the eight assets of a five-regiment area
//! ([`defended_assets`]), for the `evaluate` benchmark and its regression test.

use canopy_c2::evaluate::{
    AssetView, EvaluationParams, MotionModel, PathState, PredictedPath, ThreatAssessment,
    TrackView, evaluate,
};
use canopy_c2::feasibility::{
    EngagementRadar, Envelope, Feasibility, FireUnit, FireUnitSpec, ScanConfig, WeaponType, assess,
};
use canopy_core::geo::{Enu, Geodetic, LocalFrame};
use canopy_flyout::{FlyoutTableConfig, InterceptorParams};
use canopy_sensors::horizon::EarthModel;
use nalgebra::Vector3;
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// Simulation time of every track estimate and of the decision (s).
pub const NOW_S: f64 = 100.0;

/// The command post, origin of the evaluation frame.
pub fn frame() -> LocalFrame {
    LocalFrame::new(Geodetic::new(48.0, 68.0, 0.0))
}

/// Geodetic point `distance_m` from the command post on `azimuth_deg`, at `alt_m`.
fn place(azimuth_deg: f64, distance_m: f64, alt_m: f64) -> Geodetic {
    let mut g = frame().site().destination(azimuth_deg, distance_m);
    g.alt_m = alt_m;
    g
}

fn enu(g: Geodetic) -> [f64; 3] {
    frame().to_enu(&g.to_ecef()).0.into()
}

/// A vector in the local ENU axes at `site`, expressed in the command post's axes.
fn local_vec(site: Geodetic, v: [f64; 3]) -> [f64; 3] {
    let ecef = LocalFrame::new(site).vec_to_ecef(&Vector3::from(v));
    frame().vec_to_enu(&ecef).into()
}

/// The S-400-class battalion described in the module comment.
pub fn unit() -> FireUnit {
    FireUnit::new(
        &frame(),
        FireUnitSpec {
            launcher: [0.0; 3],
            radar: EngagementRadar {
                site: [0.0; 3],
                antenna_height_m: 25.0,
                instrumented_range_m: 250_000.0,
                min_elevation_deg: 0.0,
                max_elevation_deg: 75.0,
                boresight_azimuth_deg: 0.0,
                sector_half_width_deg: 60.0,
                earth: EarthModel::default(),
            },
            reaction_time_s: 0.0,
        },
    )
    .expect("valid fire unit")
}

/// The notional long-range round (48N6-class envelope, default flyout table).
pub fn weapon() -> WeaponType {
    WeaponType::new(
        &InterceptorParams::notional_long_range(),
        FlyoutTableConfig::default(),
        Envelope::notional_long_range(),
    )
    .expect("valid weapon")
}

/// Airbase (value 100) and power plant (value 60).
pub fn assets() -> Vec<AssetView> {
    defended_assets().into_iter().take(2).collect()
}

/// A confirmed track at `site` flying `speed` m/s level toward `aim` (or on `aim`'s bearing
/// when `toward` is false), 100 m (1σ) position error per axis.
fn air_track(id: u64, site: Geodetic, speed: f64, aim: Geodetic, toward: bool) -> TrackView {
    let bearing = site.geodesic_to(&aim).azimuth_deg + if toward { 0.0 } else { 180.0 };
    let (sh, ch) = bearing.to_radians().sin_cos();
    TrackView {
        id,
        time_s: NOW_S,
        position: enu(site),
        velocity: local_vec(site, [speed * sh, speed * ch, 0.0]),
        position_cov: [[1e4, 0.0, 0.0], [0.0, 1e4, 0.0], [0.0, 0.0, 1e4]],
        confirmed: true,
        acceleration: None,
        history: Vec::new(),
    }
}

/// A ballistic track `tau` seconds before impact at `aim`, arriving at `speed` and `dive_deg`
/// below the horizontal from `from_azimuth`: the time-reversed free flight up from the aim
/// point, with its gravity as the acceleration estimate.
fn ballistic_track(
    id: u64,
    aim: Geodetic,
    speed: f64,
    dive_deg: f64,
    from_azimuth: f64,
) -> TrackView {
    ballistic_track_before(id, aim, speed, dive_deg, from_azimuth, 60.0)
}

/// As [`ballistic_track`], `tau` seconds before impact.
fn ballistic_track_before(
    id: u64,
    aim: Geodetic,
    speed: f64,
    dive_deg: f64,
    from_azimuth: f64,
    tau: f64,
) -> TrackView {
    let mut ground = aim;
    ground.alt_m = 1.0;
    let (s, c) = dive_deg.to_radians().sin_cos();
    let (sa, ca) = from_azimuth.to_radians().sin_cos();
    let v = LocalFrame::new(ground).vec_to_ecef(&Vector3::new(
        speed * c * sa,
        speed * c * ca,
        speed * s,
    ));
    let back = PredictedPath::new(
        MotionModel::Ballistic,
        PathState {
            time_s: 0.0,
            position: ground.to_ecef().0,
            velocity: v,
        },
        tau,
        0.25,
    )
    .expect("valid path")
    .state_at(tau)
    .expect("inside the path");
    let f = frame();
    let r = back.position;
    let gravity = canopy_flyout::earth::gravity(&r);
    TrackView {
        id,
        time_s: NOW_S,
        position: f.to_enu(&canopy_core::geo::Ecef(r)).0.into(),
        velocity: f.vec_to_enu(&-back.velocity).into(),
        position_cov: [[1e4, 0.0, 0.0], [0.0, 1e4, 0.0], [0.0, 0.0, 1e4]],
        confirmed: true,
        acceleration: Some(f.vec_to_enu(&gravity).into()),
        history: Vec::new(),
    }
}

/// The named single-track cases, one per threat type.
/// A ballistic track coming down within 3 km of `aim`, at a speed drawn from `speeds`, diving
/// 30–50° from a random azimuth, `before.start` s or more before impact (at most `before.end`
/// s, and at most 80 % of the time the reversed flight takes to come back down).
fn random_ballistic(
    rng: &mut ChaCha8Rng,
    id: u64,
    aim: Geodetic,
    speeds: std::ops::Range<f64>,
    before: std::ops::Range<f64>,
) -> TrackView {
    let aim = aim.destination(rng.random_range(0.0..360.0), rng.random_range(0.0..3e3));
    let speed: f64 = rng.random_range(speeds);
    let dive: f64 = rng.random_range(30.0..50.0);
    let flight = 2.0 * speed * dive.to_radians().sin() / 9.8;
    let tau = rng.random_range(before.start..(0.8 * flight).min(before.end));
    let from = rng.random_range(0.0..360.0);
    ballistic_track_before(id, aim, speed, dive, from, tau)
}

pub fn cases() -> Vec<(&'static str, TrackView)> {
    let airbase = place(50.0, 9_300.0, 0.0);
    let plant = place(220.0, 22_000.0, 0.0);
    vec![
        // Fighter at 10 km, 150 km out, inbound at 250 m/s.
        (
            "fighter",
            air_track(1, place(10.0, 150e3, 10_000.0), 250.0, airbase, true),
        ),
        // Subsonic cruise missile at 50 m, 100 km out.
        (
            "cruise",
            air_track(2, place(330.0, 100e3, 50.0), 240.0, airbase, true),
        ),
        // Short-range ballistic missile 60 s before impact on the airbase, 2 km/s, 40° dive.
        (
            "ballistic",
            ballistic_track(3, airbase, 2_000.0, 40.0, 350.0),
        ),
        // One-way attack drone at 300 m, 40 km out, 50 m/s.
        (
            "drone",
            air_track(4, place(40.0, 40e3, 300.0), 50.0, plant, true),
        ),
        // Fighter 350 km out flying away: never reachable.
        (
            "far",
            air_track(
                5,
                place(20.0, 350e3, 10_000.0),
                250.0,
                frame().site(),
                false,
            ),
        ),
        // Fighter inbound from behind the radar's sector.
        (
            "rear",
            air_track(6, place(180.0, 100e3, 8_000.0), 250.0, airbase, true),
        ),
    ]
}

/// A 30-track raid: the six cases on five axes each (bearings and ranges varied).
pub fn raid() -> Vec<TrackView> {
    let airbase = place(50.0, 9_300.0, 0.0);
    let plant = place(220.0, 22_000.0, 0.0);
    (0..5)
        .flat_map(|k| {
            let kf = k as f64;
            let id = 100 + 10 * k;
            let axis = -40.0 + 20.0 * kf;
            vec![
                air_track(
                    id,
                    place(axis, 120e3 + 10e3 * kf, 9_000.0),
                    260.0,
                    airbase,
                    true,
                ),
                air_track(
                    id + 1,
                    place(axis + 5.0, 90e3 + 5e3 * kf, 40.0),
                    240.0,
                    plant,
                    true,
                ),
                ballistic_track(id + 2, airbase, 1_800.0 + 100.0 * kf, 35.0 + kf, axis),
                air_track(id + 3, place(axis + 10.0, 50e3, 500.0), 50.0, plant, true),
                air_track(
                    id + 4,
                    place(axis, 300e3, 10_000.0),
                    250.0,
                    frame().site(),
                    false,
                ),
                air_track(
                    id + 5,
                    place(180.0 + axis, 80e3, 6_000.0),
                    230.0,
                    airbase,
                    true,
                ),
            ]
        })
        .collect()
}

/// The engine's evaluation of `tracks` against [`assets`] at [`NOW_S`] (default parameters).
pub fn evaluate_tracks(tracks: &[TrackView]) -> Vec<ThreatAssessment> {
    evaluate(
        &frame(),
        NOW_S,
        tracks,
        &assets(),
        &EvaluationParams::default(),
    )
    .expect("valid tracks")
    .assessments
}

/// Eight defended assets of a five-regiment area, up to 150 km from the command post: the
/// two of [`assets`] first, then six more (bearing, distance, value).
pub fn defended_assets() -> Vec<AssetView> {
    [
        (50.0, 9_300.0, 100.0),
        (220.0, 22_000.0, 60.0),
        (300.0, 80e3, 70.0),
        (120.0, 60e3, 50.0),
        (10.0, 120e3, 90.0),
        (180.0, 100e3, 40.0),
        (250.0, 140e3, 75.0),
        (80.0, 150e3, 65.0),
    ]
    .into_iter()
    .enumerate()
    .map(|(index, (az, d, value))| AssetView {
        index,
        position: enu(place(az, d, 0.0)),
        value,
    })
    .collect()
}

/// A raid of `n` confirmed tracks at [`NOW_S`], starting anywhere in a 400 km square around
/// the command post (fixed seed): in every ten, three drones (100–1500 m, 30–60 m/s), two
/// cruise missiles (20–100 m, 220–280 m/s), two ballistic missiles (20–250 s before impact
/// within 3 km of an asset, 1.2–2.5 km/s, 30–50° dive) and three fighters (3–12 km,
/// 200–300 m/s, one in three climbing or diving up to 5°). Three in four air-breathers head
/// for one of [`defended_assets`], the rest fly a random heading.
pub fn mass_raid(n: usize) -> Vec<TrackView> {
    let mut rng = ChaCha8Rng::seed_from_u64(400);
    let targets: Vec<Geodetic> = defended_assets()
        .iter()
        .map(|a| {
            frame()
                .to_ecef(&Enu(Vector3::from(a.position)))
                .to_geodetic()
        })
        .collect();
    (0..n)
        .map(|i| {
            let id = 1000 + i as u64;
            let aim = targets[rng.random_range(0..targets.len())];
            let kind = i % 10;
            if (5..7).contains(&kind) {
                return random_ballistic(&mut rng, id, aim, 1200.0..2500.0, 20.0..250.0);
            }
            let (alt, speed, gamma): (f64, f64, f64) = match kind {
                0..3 => (
                    rng.random_range(100.0..1500.0),
                    rng.random_range(30.0..60.0),
                    0.0,
                ),
                3..5 => (
                    rng.random_range(20.0..100.0),
                    rng.random_range(220.0..280.0),
                    0.0,
                ),
                _ => (
                    rng.random_range(3e3..12e3),
                    rng.random_range(200.0..300.0),
                    if kind == 9 {
                        rng.random_range(-5.0..5.0)
                    } else {
                        0.0
                    },
                ),
            };
            let east = rng.random_range(-200e3..200e3);
            let north = rng.random_range(-200e3..200e3);
            let mut site = frame()
                .to_ecef(&Enu(Vector3::new(east, north, 0.0)))
                .to_geodetic();
            site.alt_m = alt;
            let heading: f64 = if rng.random_range(0.0..1.0) < 0.75 {
                site.geodesic_to(&aim).azimuth_deg + rng.random_range(-3.0..3.0)
            } else {
                rng.random_range(0.0..360.0)
            };
            let (sg, cg) = gamma.to_radians().sin_cos();
            let (sh, ch) = heading.to_radians().sin_cos();
            TrackView {
                id,
                time_s: NOW_S,
                position: enu(site),
                velocity: local_vec(site, [speed * cg * sh, speed * cg * ch, speed * sg]),
                position_cov: [[1e4, 0.0, 0.0], [0.0, 1e4, 0.0], [0.0, 0.0, 1e4]],
                confirmed: true,
                acceleration: None,
                history: Vec::new(),
            }
        })
        .collect()
}

/// The demo scenario's mix at its height: `n` ballistic missiles (60–300 s before impact
/// within 3 km of one of [`defended_assets`], 1.8–3 km/s, 30–50° dive, so most of the 600 s
/// horizon is integrated) and `n` sea-skimming cruise missiles (20–100 m, 220–280 m/s, 50–200 km
/// out, heading for an asset), alternately, all confirmed at [`NOW_S`] (fixed seed).
pub fn ballistic_mix(n: usize) -> Vec<TrackView> {
    let mut rng = ChaCha8Rng::seed_from_u64(401);
    let assets = defended_assets();
    let targets: Vec<Geodetic> = assets
        .iter()
        .map(|a| {
            frame()
                .to_ecef(&Enu(Vector3::from(a.position)))
                .to_geodetic()
        })
        .collect();
    (0..2 * n)
        .map(|i| {
            let id = 2000 + i as u64;
            let aim = targets[rng.random_range(0..targets.len())];
            if i % 2 == 0 {
                return random_ballistic(&mut rng, id, aim, 1800.0..3000.0, 60.0..300.0);
            }
            let mut site =
                aim.destination(rng.random_range(0.0..360.0), rng.random_range(50e3..200e3));
            site.alt_m = rng.random_range(20.0..100.0);
            air_track(id, site, rng.random_range(220.0..280.0), aim, true)
        })
        .collect()
}

/// The engine's evaluation of `tracks` against [`defended_assets`] at [`NOW_S`] (default
/// parameters).
pub fn evaluate_defended(tracks: &[TrackView]) -> canopy_c2::evaluate::Evaluation {
    evaluate(
        &frame(),
        NOW_S,
        tracks,
        &defended_assets(),
        &EvaluationParams::default(),
    )
    .expect("valid tracks")
}

/// The engine's feasibility call for one evaluated track: default scan settings, deadline at
/// the threatened asset's arrival.
pub fn assess_track(unit: &FireUnit, weapon: &WeaponType, a: &ThreatAssessment) -> Feasibility {
    assess(
        unit,
        weapon,
        &a.path,
        a.class,
        NOW_S,
        a.target.map(|t| t.arrival_time_s),
        &ScanConfig::default(),
    )
    .expect("valid inputs")
}
