//! Regression of the command post's feasibility assessment against the implementation it
//! replaced (re-linearised flyout prediction and a full 1 s scan, before the stride scan of
//! `feasibility/scan.rs`): the expected values below were printed by that implementation for
//! the regiment-like cases of `cases.rs` (default `ScanConfig`, `EvaluationParams`).
//!
//! Verdicts are exact: class, reasons at the earliest launch, whether there is an intercept
//! and a window, and the window blockers. Numbers within tolerances: the intercept time
//! within 0.1 s and its point within 50 m (the old prediction stopped when the time moved by
//! less than 10 ms, the new one brackets it to 10 ms); the window's launch and intercept
//! times within 0.1 s. Both implementations refine window edges to 1 ms, and these agreed to
//! 0.01 s until the flyout stopped handing the last Runge–Kutta stage of a step that ends at a
//! motor phase's end the next phase's thrust: that fix moved the nominal flyout table, and
//! with it these times, by up to 0.08 s.

use canopy_c2::evaluate::ThreatClass;
use canopy_c2::feasibility::Infeasible as R;

use super::cases;

/// What the previous implementation answered for one track.
struct Expected {
    name: &'static str,
    class: ThreatClass,
    reasons: &'static [R],
    /// Intercept time (s) and ENU point (m) of a launch now.
    solution: Option<(f64, [f64; 3])>,
    /// Earliest and latest launch, their intercept times (s).
    window: Option<[f64; 4]>,
    blockers: &'static [R],
}

/// Assesses `tracks` as the engine does and compares with `expected`, in order.
fn check(tracks: &[canopy_c2::evaluate::TrackView], expected: &[Expected]) {
    let (unit, weapon) = (cases::unit(), cases::weapon());
    let evaluated = cases::evaluate_tracks(tracks);
    assert_eq!(evaluated.len(), expected.len());
    for (a, e) in evaluated.iter().zip(expected) {
        let f = cases::assess_track(&unit, &weapon, a);
        let name = e.name;
        assert_eq!(a.class, e.class, "{name}: class");
        assert_eq!(f.reasons, e.reasons, "{name}: reasons");
        assert_eq!(f.window_blockers, e.blockers, "{name}: blockers");
        match (f.solution, e.solution) {
            (None, None) => {}
            (Some(s), Some((t, p))) => {
                assert!((s.intercept_time_s - t).abs() < 0.1, "{name}: {s:?} vs {t}");
                let miss = (0..3)
                    .map(|i| (s.point[i] - p[i]).powi(2))
                    .sum::<f64>()
                    .sqrt();
                assert!(miss < 50.0, "{name}: point {:?} vs {p:?}", s.point);
            }
            (got, want) => panic!("{name}: solution {got:?}, expected {want:?}"),
        }
        match (f.window, e.window) {
            (None, None) => {}
            (Some(w), Some(x)) => {
                let got = [
                    w.earliest_launch_s,
                    w.latest_launch_s,
                    w.earliest_intercept_s,
                    w.latest_intercept_s,
                ];
                for (g, x) in got.iter().zip(x) {
                    assert!((g - x).abs() < 0.1, "{name}: window {got:?} vs {x:?}");
                }
            }
            (got, want) => panic!("{name}: window {got:?}, expected {want:?}"),
        }
    }
}

#[test]
fn regiment_cases_match_the_previous_implementation() {
    let tracks: Vec<_> = cases::cases().into_iter().map(|(_, t)| t).collect();
    check(&tracks, &CASES);
}

#[test]
fn regiment_raid_matches_the_previous_implementation() {
    check(&cases::raid(), &RAID);
}

/// The previous implementation's answers for `cases::cases()`.
const CASES: [Expected; 6] = [
    Expected {
        name: "fighter",
        class: ThreatClass::Aircraft,
        reasons: &[R::NoInterceptSolution],
        solution: None,
        window: Some([
            199.05741521110116,
            661.6021077654294,
            362.7880859375,
            672.8758862162924,
        ]),
        blockers: &[],
    },
    Expected {
        name: "cruise",
        class: ThreatClass::Cruise,
        reasons: &[R::NoLineOfSight, R::OutsideRadarCoverage],
        solution: Some((
            234.0875244140625,
            [-31394.87700244109, 60343.80779941408, -312.9094931876789],
        )),
        window: Some([
            421.7488981261945,
            503.1739224326329,
            438.24609375,
            511.70310090428313,
        ]),
        blockers: &[],
    },
    Expected {
        name: "ballistic",
        class: ThreatClass::Ballistic,
        reasons: &[],
        solution: Some((
            136.27874755859375,
            [800.7394054489905, 41791.07035375225, 27704.59451458646],
        )),
        window: Some([100.0, 151.43643826477376, 136.279296875, 159.9765625]),
        blockers: &[],
    },
    Expected {
        name: "drone",
        class: ThreatClass::Drone,
        reasons: &[],
        solution: Some((
            136.7353515625,
            [24531.909250725814, 29235.99566836629, 185.83167005128053],
        )),
        window: Some([100.0, 691.0032912039096, 136.7353515625, 700.0]),
        blockers: &[],
    },
    Expected {
        name: "far",
        class: ThreatClass::Aircraft,
        reasons: &[R::NoInterceptSolution],
        solution: None,
        window: None,
        blockers: &[
            R::NoInterceptSolution,
            R::OutOfRange,
            R::BeyondRadarRange,
            R::NoLineOfSight,
            R::OutsideRadarCoverage,
            R::TooLate,
        ],
    },
    Expected {
        name: "rear",
        class: ThreatClass::Aircraft,
        reasons: &[R::OutsideRadarCoverage],
        solution: Some((
            211.280029296875,
            [1866.0117747450458, -72366.7207975898, 7589.262059870147],
        )),
        window: Some([
            507.78300666096266,
            514.9979805461476,
            517.623046875,
            525.411512384345,
        ]),
        blockers: &[],
    },
];

/// The previous implementation's answers for `cases::raid()`.
const RAID: [Expected; 30] = [
    Expected {
        name: "raid 100",
        class: ThreatClass::Aircraft,
        reasons: &[],
        solution: Some((
            249.915283203125,
            [-49954.34957332062, 64219.85606949267, 8481.731169405488],
        )),
        window: Some([100.0, 552.729013291875, 249.916015625, 563.5635333226256]),
        blockers: &[],
    },
    Expected {
        name: "raid 101",
        class: ThreatClass::Cruise,
        reasons: &[R::NoLineOfSight, R::OutsideRadarCoverage],
        solution: Some((
            212.47509765625,
            [-41300.251481876505, 48780.04399982282, -280.21794621660956],
        )),
        window: None,
        blockers: &[
            R::NoInterceptSolution,
            R::NoLineOfSight,
            R::OutsideRadarCoverage,
        ],
    },
    Expected {
        name: "raid 102",
        class: ThreatClass::Ballistic,
        reasons: &[],
        solution: Some((
            133.8310546875,
            [-17683.935443275026, 35533.521013240315, 23653.451238165122],
        )),
        window: Some([100.0, 151.44346021153532, 133.8310546875, 159.9716796875]),
        blockers: &[],
    },
    Expected {
        name: "raid 103",
        class: ThreatClass::Drone,
        reasons: &[],
        solution: Some((
            154.85296630859375,
            [-24514.536918232967, 40605.24366830716, 323.58739122379484],
        )),
        window: Some([100.0, 680.6803545483501, 154.853515625, 700.0]),
        blockers: &[],
    },
    Expected {
        name: "raid 104",
        class: ThreatClass::Aircraft,
        reasons: &[R::NoInterceptSolution],
        solution: None,
        window: None,
        blockers: &[
            R::NoInterceptSolution,
            R::OutOfRange,
            R::BeyondRadarRange,
            R::NoLineOfSight,
            R::OutsideRadarCoverage,
            R::TooLate,
        ],
    },
    Expected {
        name: "raid 105",
        class: ThreatClass::Aircraft,
        reasons: &[R::OutsideRadarCoverage],
        solution: Some((
            180.4332275390625,
            [41295.39018198168, -45890.61108178322, 5701.583506777846],
        )),
        window: Some([
            433.8289714809728,
            440.84376549335997,
            443.462890625,
            450.5026935684232,
        ]),
        blockers: &[],
    },
    Expected {
        name: "raid 110",
        class: ThreatClass::Aircraft,
        reasons: &[],
        solution: Some((
            275.40069580078125,
            [-26016.99844733667, 80649.53638580735, 8437.275712849572],
        )),
        window: Some([
            103.58721534986967,
            578.7618192644653,
            275.4013671875,
            589.5958538138299,
        ]),
        blockers: &[],
    },
    Expected {
        name: "raid 111",
        class: ThreatClass::Cruise,
        reasons: &[R::NoLineOfSight, R::OutsideRadarCoverage],
        solution: Some((
            223.13665771484375,
            [-21758.534232474725, 62344.91568636799, -302.09932277157714],
        )),
        window: None,
        blockers: &[
            R::NoInterceptSolution,
            R::NoLineOfSight,
            R::OutsideRadarCoverage,
        ],
    },
    Expected {
        name: "raid 112",
        class: ThreatClass::Ballistic,
        reasons: &[],
        solution: Some((
            135.55120849609375,
            [-5743.914264536483, 41303.81114486115, 24348.297992360378],
        )),
        window: Some([100.0, 151.43621443873263, 135.5517578125, 159.9736328125]),
        blockers: &[],
    },
    Expected {
        name: "raid 113",
        class: ThreatClass::Drone,
        reasons: &[],
        solution: Some((
            154.692138671875,
            [-8908.121972983743, 46518.479409272644, 323.96899385095094],
        )),
        window: Some([100.0, 682.1441894691353, 154.6923828125, 700.0]),
        blockers: &[],
    },
    Expected {
        name: "raid 114",
        class: ThreatClass::Aircraft,
        reasons: &[R::NoInterceptSolution],
        solution: None,
        window: None,
        blockers: &[
            R::NoInterceptSolution,
            R::OutOfRange,
            R::BeyondRadarRange,
            R::NoLineOfSight,
            R::OutsideRadarCoverage,
            R::TooLate,
        ],
    },
    Expected {
        name: "raid 115",
        class: ThreatClass::Aircraft,
        reasons: &[R::OutsideRadarCoverage],
        solution: Some((
            180.3822021484375,
            [22913.66630770233, -57306.730583739394, 5701.478654280083],
        )),
        window: Some([
            447.3482286724195,
            454.335172428877,
            456.68359375,
            463.99382194058575,
        ]),
        blockers: &[],
    },
    Expected {
        name: "raid 120",
        class: ThreatClass::Aircraft,
        reasons: &[R::NoInterceptSolution],
        solution: None,
        window: Some([
            141.96045031942757,
            606.0714713191164,
            313.7763671875,
            616.9047945653604,
        ]),
        blockers: &[],
    },
    Expected {
        name: "raid 121",
        class: ThreatClass::Cruise,
        reasons: &[R::NoLineOfSight, R::OutsideRadarCoverage],
        solution: Some((
            234.2437744140625,
            [2510.887948787946, 68002.93410337316, -323.42945348150533],
        )),
        window: Some([
            451.6486047942731,
            489.30276175619025,
            464.74609375,
            499.130859375,
        ]),
        blockers: &[],
    },
    Expected {
        name: "raid 122",
        class: ThreatClass::Ballistic,
        reasons: &[],
        solution: Some((
            136.99578857421875,
            [7106.600998240095, 42749.06645817319, 25053.27920802749],
        )),
        window: Some([100.0, 151.43073948248232, 136.99609375, 159.9755859375]),
        blockers: &[],
    },
    Expected {
        name: "raid 123",
        class: ThreatClass::Drone,
        reasons: &[],
        solution: Some((
            154.56719970703125,
            [7792.431956733111, 46664.89043913327, 324.35621851158066],
        )),
        window: Some([100.0, 683.2929626321124, 154.5673828125, 700.0]),
        blockers: &[],
    },
    Expected {
        name: "raid 124",
        class: ThreatClass::Aircraft,
        reasons: &[R::NoInterceptSolution],
        solution: None,
        window: None,
        blockers: &[
            R::NoInterceptSolution,
            R::OutOfRange,
            R::BeyondRadarRange,
            R::NoLineOfSight,
            R::OutsideRadarCoverage,
            R::TooLate,
        ],
    },
    Expected {
        name: "raid 125",
        class: ThreatClass::Aircraft,
        reasons: &[R::OutsideRadarCoverage],
        solution: Some((
            180.29534912109375,
            [1525.0817914037398, -61669.52108760593, 5701.641449493116],
        )),
        window: Some([
            457.9122164408527,
            465.79938223236707,
            466.9052734375,
            475.45782081263815,
        ]),
        blockers: &[],
    },
    Expected {
        name: "raid 130",
        class: ThreatClass::Aircraft,
        reasons: &[R::NoInterceptSolution],
        solution: None,
        window: Some([
            180.21678903622075,
            636.1547265008396,
            352.03125,
            646.98753391523,
        ]),
        blockers: &[],
    },
    Expected {
        name: "raid 131",
        class: ThreatClass::Cruise,
        reasons: &[R::NoLineOfSight, R::OutsideRadarCoverage],
        solution: Some((
            246.0174560546875,
            [28147.91929713822, 64100.07708519386, -344.46871521990033],
        )),
        window: Some([
            460.47677441404215,
            530.6349992874124,
            473.57421875,
            536.212890625,
        ]),
        blockers: &[],
    },
    Expected {
        name: "raid 132",
        class: ThreatClass::Ballistic,
        reasons: &[],
        solution: Some((
            138.120849609375,
            [19492.606757744205, 40043.849573895764, 25888.567640403075],
        )),
        window: Some([100.0, 151.42606614869524, 138.12109375, 159.9765625]),
        blockers: &[],
    },
    Expected {
        name: "raid 133",
        class: ThreatClass::Drone,
        reasons: &[],
        solution: Some((
            154.49969482421875,
            [23515.549151941574, 41020.25147456194, 324.6832450986403],
        )),
        window: Some([100.0, 683.9192993133752, 154.5, 700.0]),
        blockers: &[],
    },
    Expected {
        name: "raid 134",
        class: ThreatClass::Aircraft,
        reasons: &[R::NoInterceptSolution],
        solution: None,
        window: None,
        blockers: &[
            R::NoInterceptSolution,
            R::OutOfRange,
            R::BeyondRadarRange,
            R::NoLineOfSight,
            R::OutsideRadarCoverage,
            R::TooLate,
        ],
    },
    Expected {
        name: "raid 135",
        class: ThreatClass::Aircraft,
        reasons: &[R::OutsideRadarCoverage],
        solution: Some((
            180.2098388671875,
            [-20171.883439035053, -58266.47139094734, 5702.013970078831],
        )),
        window: Some([
            463.5754746427513,
            474.08582860993795,
            472.056640625,
            483.74411933632757,
        ]),
        blockers: &[],
    },
    Expected {
        name: "raid 140",
        class: ThreatClass::Aircraft,
        reasons: &[R::NoInterceptSolution],
        solution: None,
        window: Some([
            218.52925032956713,
            670.1575892565584,
            390.3388671875,
            680.99051194717,
        ]),
        blockers: &[],
    },
    Expected {
        name: "raid 141",
        class: ThreatClass::Cruise,
        reasons: &[R::NoLineOfSight, R::OutsideRadarCoverage],
        solution: Some((
            258.63409423828125,
            [51253.73528403255, 50471.530744948104, -365.4802881710639],
        )),
        window: Some([
            479.05004016822556,
            528.5329381772416,
            492.1474609375,
            534.8173828125,
        ]),
        blockers: &[],
    },
    Expected {
        name: "raid 142",
        class: ThreatClass::Ballistic,
        reasons: &[],
        solution: Some((
            138.9130859375,
            [30291.651973735727, 33654.094258494544, 26957.28541117187],
        )),
        window: Some([100.0, 151.4263029393069, 138.9130859375, 159.978515625]),
        blockers: &[],
    },
    Expected {
        name: "raid 143",
        class: ThreatClass::Drone,
        reasons: &[],
        solution: Some((
            154.49945068359375,
            [36313.63096114253, 30281.4053091092, 324.86304059490067],
        )),
        window: Some([100.0, 683.9192788124906, 154.5, 700.0]),
        blockers: &[],
    },
    Expected {
        name: "raid 144",
        class: ThreatClass::Aircraft,
        reasons: &[R::NoInterceptSolution],
        solution: None,
        window: None,
        blockers: &[
            R::NoInterceptSolution,
            R::OutOfRange,
            R::BeyondRadarRange,
            R::NoLineOfSight,
            R::OutsideRadarCoverage,
            R::TooLate,
        ],
    },
    Expected {
        name: "raid 145",
        class: ThreatClass::Aircraft,
        reasons: &[R::OutsideRadarCoverage],
        solution: Some((
            180.15777587890625,
            [-39366.28012210121, -47434.43132737323, 5702.447101506572],
        )),
        window: Some([
            459.0690385037663,
            478.4224523233136,
            466.4384765625,
            488.0808828060272,
        ]),
        blockers: &[],
    },
];
