//! Regression of the threat evaluation against the implementation it replaced (every
//! great-circle path sampled in full at construction, every chord of every path scanned for
//! every asset): the values below were printed by that implementation for nine tracks of
//! `cases::mass_raid(1000)` against `cases::defended_assets()` (default `EvaluationParams`):
//! each class with and without a threatened asset where the raid has one, and a climbing or
//! diving fighter; and the head of the priority order.
//!
//! Exact: class, threatened asset, priority order. Within tolerances (all far above the
//! differences measured, ≤ 2e-8 m and ≤ 1.4e-5 s over 8000 tracks): miss distances and
//! closest approaches within 1 mm, their times within 0.01 s (the time of a closest approach
//! is ill-conditioned where the distance is flat); P(damage), threat value and priority score
//! within 1e-6 relative; the path's end within 1 µs; `state_at` within 1 mm and 1 mm/s.

use canopy_c2::evaluate::ThreatClass;
use canopy_core::geo::Enu;
use nalgebra::Vector3;

use super::cases;

/// What the previous implementation answered for one track.
struct Expected {
    /// Position in the raid.
    index: usize,
    class: ThreatClass,
    /// Asset index, miss distance (m), arrival time (s).
    target: Option<(usize, f64, f64)>,
    p_damage: f64,
    threat_value: f64,
    priority_score: f64,
    /// `path.end_time_s()`.
    end_s: f64,
    /// `path.state_at(t)`: t, ECEF position and velocity.
    states: [(f64, [f64; 3], [f64; 3]); 2],
    /// `path.closest_approach` to the first asset: distance (m), time (s).
    approach_0: (f64, f64),
}

fn close(got: f64, want: f64, tol: f64, what: &str) {
    assert!(
        (got - want).abs() <= tol,
        "{what}: {got} vs {want} (tolerance {tol})"
    );
}

fn close_rel(got: f64, want: f64, what: &str) {
    let scale = want.abs().max(1e-300);
    assert!(
        (got - want).abs() <= 1e-6 * scale,
        "{what}: {got} vs {want} (1e-6 relative)"
    );
}

#[test]
fn mass_raid_matches_the_previous_implementation() {
    let raid = cases::mass_raid(1000);
    let eval = cases::evaluate_defended(&raid);
    let ids: Vec<u64> = eval.priority[..TOP_PRIORITY.len()]
        .iter()
        .map(|&i| eval.assessments[i].track_id)
        .collect();
    assert_eq!(ids, TOP_PRIORITY);
    let asset_0 = cases::frame()
        .to_ecef(&Enu(Vector3::from(cases::defended_assets()[0].position)))
        .0;
    for e in &EXPECTED {
        let a = &eval.assessments[e.index];
        let name = format!("track {} (raid index {})", a.track_id, e.index);
        assert_eq!(a.class, e.class, "{name}: class");
        match (a.target, e.target) {
            (None, None) => {}
            (Some(t), Some((asset, miss, arrival))) => {
                assert_eq!(t.asset_index, asset, "{name}: threatened asset");
                close(
                    t.miss_distance_m,
                    miss,
                    1e-3,
                    &format!("{name}: miss distance"),
                );
                close(t.arrival_time_s, arrival, 0.01, &format!("{name}: arrival"));
            }
            (got, want) => panic!("{name}: target {got:?}, expected {want:?}"),
        }
        close_rel(a.p_damage, e.p_damage, &format!("{name}: p_damage"));
        close_rel(
            a.threat_value,
            e.threat_value,
            &format!("{name}: threat value"),
        );
        close_rel(
            a.priority_score,
            e.priority_score,
            &format!("{name}: priority"),
        );
        close(a.path.end_time_s(), e.end_s, 1e-6, &format!("{name}: end"));
        for (t, position, velocity) in e.states {
            let s = a.path.state_at(t).expect("inside the path");
            let dp = (s.position - Vector3::from(position)).norm();
            let dv = (s.velocity - Vector3::from(velocity)).norm();
            close(dp, 0.0, 1e-3, &format!("{name}: position at {t}"));
            close(dv, 0.0, 1e-3, &format!("{name}: velocity at {t}"));
        }
        let approach = a.path.closest_approach(&asset_0);
        close(
            approach.distance_m,
            e.approach_0.0,
            1e-3,
            &format!("{name}: approach distance"),
        );
        close(
            approach.time_s,
            e.approach_0.1,
            0.01,
            &format!("{name}: approach time"),
        );
    }
}

/// The benchmark's ballistic mix: every ballistic track is classified ballistic, its path
/// ends on the ground 60–300 s ahead (the time the track was built to have before impact,
/// within 0.01 s: its start is the time-reversed flight, integrated with a 0.25 s step, of a
/// missile from its aim point) and within 3 km (+ 10 m for the 1 m aim altitude and the
/// integration) of an asset, which it therefore threatens; the cruise missiles are cruise.
#[test]
fn ballistic_mix_paths_come_down_on_their_assets() {
    let tracks = cases::ballistic_mix(30);
    let eval = cases::evaluate_defended(&tracks);
    for (k, a) in eval.assessments.iter().enumerate() {
        let name = format!("track {}", a.track_id);
        if k % 2 == 1 {
            assert_eq!(a.class, ThreatClass::Cruise, "{name}");
            continue;
        }
        assert_eq!(a.class, ThreatClass::Ballistic, "{name}");
        assert!(a.path.ends_on_ground(), "{name}: no impact");
        let flight = a.path.end_time_s() - cases::NOW_S;
        assert!((59.99..=300.01).contains(&flight), "{name}: {flight} s");
        let t = a.target.unwrap_or_else(|| panic!("{name}: no target"));
        assert!(t.miss_distance_m <= 3010.0, "{name}: {t:?}");
    }
}

/// Track ids at the head of the previous implementation's priority order.
const TOP_PRIORITY: [u64; 12] = [
    1756, 1306, 1977, 1655, 1355, 1774, 1817, 1525, 1085, 1736, 1685, 1086,
];

/// The previous implementation's answers.
const EXPECTED: [Expected; 9] = [
    Expected {
        index: 0,
        class: ThreatClass::Drone,
        target: None,
        p_damage: 0.3007549561962184,
        threat_value: 0.0,
        priority_score: 0.0,
        end_s: 700.0,
        states: [
            (
                110.5,
                [1420888.441170692, 4032814.733206266, 4717613.254223339],
                [33.387161188409664, -36.4385953922756, 20.952255269512534],
            ),
            (
                400.0,
                [1430549.7473327767, 4022253.838794273, 4723664.881119414],
                [33.35758241591975, -36.52091105468571, 20.855169231072068],
            ),
        ],
        approach_0: (160609.55949253938, 700.0),
    },
    Expected {
        index: 2,
        class: ThreatClass::Drone,
        target: Some((0, 1280.3656790326272, 372.69397370499775)),
        p_damage: 0.3007846715164304,
        threat_value: 30.07846715164304,
        priority_score: 5.4245287613740505,
        end_s: 700.0,
        states: [
            (
                110.5,
                [1584440.5693382071, 3964108.134823584, 4724595.090280156],
                [35.626258859061636, -2.0300559638999403, -10.175781469326466],
            ),
            (
                400.0,
                [1594752.1433595002, 3963514.810956698, 4721642.496070941],
                [35.61084893299267, -2.068903180770576, -10.222106287255883],
            ),
        ],
        approach_0: (1280.3656790326272, 372.69397370499775),
    },
    Expected {
        index: 3,
        class: ThreatClass::Cruise,
        target: Some((3, 2520.3459580978483, 340.70926165950334)),
        p_damage: 0.7971890096277758,
        threat_value: 39.85945048138879,
        priority_score: 7.953087363139907,
        end_s: 700.0,
        states: [
            (
                110.5,
                [1616538.9243634306, 3981158.116699277, 4697872.607521689],
                [-233.60258203721605, 108.84611750789918, -11.77831623563543],
            ),
            (
                400.0,
                [1548801.503145141, 4012395.493754069, 4694140.773201248],
                [-234.35357126872987, 106.95368826854974, -14.002636959776282],
            ),
        ],
        approach_0: (35311.08742225001, 157.68000802705652),
    },
    Expected {
        index: 4,
        class: ThreatClass::Cruise,
        target: None,
        p_damage: 0.796332115225866,
        threat_value: 0.0,
        priority_score: 0.0,
        end_s: 700.0,
        states: [
            (
                110.5,
                [1732618.008684604, 4022373.3929917617, 4621239.599237109],
                [-168.0157890463015, -74.9797534653917, 127.39785705553368],
            ),
            (
                400.0,
                [1683890.0795607439, 4000459.7951636864, 4657880.692764215],
                [-168.61638957634568, -76.4081803150475, 125.73365117423236],
            ),
        ],
        approach_0: (49405.86424785565, 700.0),
    },
    Expected {
        index: 5,
        class: ThreatClass::Ballistic,
        target: Some((6, 1520.8497536884436, 179.03914052536328)),
        p_damage: 0.8991565297850135,
        threat_value: 67.43673973387601,
        priority_score: 29.101189555285394,
        end_s: 179.89602850125812,
        states: [
            (
                110.5,
                [1773955.2359457926, 3912414.5964414994, 4735345.490400307],
                [-469.120931182896, 718.7177226706237, -493.1471169286146],
            ),
            (
                139.94801425062906,
                [1758969.9439308827, 3930986.2581295227, 4717693.556354515],
                [-548.5483134059657, 542.3815041995871, -705.6709934281346],
            ),
        ],
        approach_0: (147039.64177224974, 179.89602850125812),
    },
    Expected {
        index: 7,
        class: ThreatClass::Aircraft,
        target: Some((0, 9752.331387224152, 293.1326666783551)),
        p_damage: 0.6006369804225045,
        threat_value: 60.063698042250444,
        priority_score: 14.236889808908977,
        end_s: 700.0,
        states: [
            (
                110.5,
                [1561152.6300208236, 3991721.0257762875, 4720468.800825196],
                [193.92736380186398, -119.90849658614025, 37.01266408059746],
            ),
            (
                400.0,
                [1617207.5397517204, 3956789.632041877, 4730924.932875575],
                [193.3224359410815, -121.41142347827554, 35.222631599754095],
            ),
        ],
        approach_0: (9752.331387224152, 293.1326666783551),
    },
    Expected {
        index: 9,
        class: ThreatClass::Aircraft,
        target: Some((2, 28800.756237201793, 366.57977805151955)),
        p_damage: 0.6006455920819136,
        threat_value: 42.04519144573395,
        priority_score: 7.724640826799959,
        end_s: 700.0,
        states: [
            (
                110.5,
                [1696852.4927663687, 3867501.545703828, 4775631.565316877],
                [-209.26970444305334, 115.51024283468723, -41.227697488386184],
            ),
            (
                400.0,
                [1637239.1787257588, 3903128.7449863534, 4766404.249792818],
                [-205.50600527785718, 123.98435056675225, -30.731446482241154],
            ),
        ],
        approach_0: (46271.66780532929, 700.0),
    },
    Expected {
        index: 19,
        class: ThreatClass::Aircraft,
        target: None,
        p_damage: 0.6006117794453267,
        threat_value: 0.0,
        priority_score: 0.0,
        end_s: 700.0,
        states: [
            (
                110.5,
                [1409888.7466377756, 3902751.3813494463, 4838339.813483309],
                [151.49665099952836, 111.22733694757335, -151.6692726840265],
            ),
            (
                400.0,
                [1454413.8680734446, 3936806.315658761, 4796738.972814988],
                [154.04570980463177, 118.31576586700976, -142.85120544955134],
            ),
        ],
        approach_0: (98915.82020680362, 700.0),
    },
    Expected {
        index: 82,
        class: ThreatClass::Helicopter,
        target: None,
        p_damage: 0.30274112550025656,
        threat_value: 0.0,
        priority_score: 0.0,
        end_s: 700.0,
        states: [
            (
                110.5,
                [1722874.457306149, 3984450.274902243, 4657439.809398516],
                [-33.67140791809652, 3.612197218928486, 9.302749637048692],
            ),
            (
                400.0,
                [1713124.4192759332, 3985490.9389175284, 4660127.028798049],
                [-33.68635342922062, 3.5771903581917286, 9.261802304536104],
            ),
        ],
        approach_0: (126199.16758484536, 700.0),
    },
];
