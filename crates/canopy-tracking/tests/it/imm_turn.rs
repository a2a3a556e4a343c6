//! IMM(CV, CT) against a CV-only filter on a target that flies straight, then pulls a
//! 5 g coordinated turn, seen by a range/azimuth/elevation radar (EKF updates).

use canopy_tracking::{
    ConstantVelocity, ConstantVelocityTurnLayout, CoordinatedTurn, Filter, Gaussian, Imm,
    KalmanFilter, Measurement, MotionModel, RaeProcessing, RangeAzEl, TurnModel,
};
use nalgebra::{Matrix2, SMatrix, SVector, Vector2, Vector3};

use crate::common::{gaussian, normal, run_rng};

const RUNS: usize = 50;
const STRAIGHT: usize = 40;
const TURN: usize = 20;
const DT: f64 = 1.0;
const SPEED: f64 = 300.0;
const G: f64 = 9.806_65;

struct Scores {
    /// Sum over runs of the squared position error, per step.
    sq_err_cv: Vec<f64>,
    sq_err_imm: Vec<f64>,
    /// Sum over runs of the CT mode probability, per step.
    mu_ct: Vec<f64>,
}

fn simulate() -> Scores {
    let steps = STRAIGHT + TURN;
    let omega = 5.0 * G / SPEED;
    let truth_model = CoordinatedTurn::new(0.0, 0.0, 0.0).unwrap();
    let radar = RangeAzEl::new(Vector3::zeros(), 20.0, 2e-3, 2e-3).unwrap();
    let cv = ConstantVelocity::new(1.0).unwrap();
    let modes = [
        TurnModel::ConstantVelocity(ConstantVelocityTurnLayout::new(1.0, 1.0, 1e-6).unwrap()),
        TurnModel::CoordinatedTurn(CoordinatedTurn::new(1.0, 1e-3, 1.0).unwrap()),
    ];
    let switching = Matrix2::new(0.95, 0.05, 0.05, 0.95);
    let p0 = SMatrix::<f64, 7, 7>::from_diagonal(&SVector::from([
        1e4, 900.0, 1e4, 900.0, 1e-4, 1e4, 100.0,
    ]));
    let mut s = Scores {
        sq_err_cv: vec![0.0; steps],
        sq_err_imm: vec![0.0; steps],
        mu_ct: vec![0.0; steps],
    };
    for run in 0..RUNS {
        let mut rng = run_rng(5, run);
        // East at 300 m/s, 6 km up, ~25 km north of the radar; ω = 0 until the turn.
        let mut truth = SVector::<f64, 7>::from([-8e3, SPEED, 25e3, 0.0, 0.0, 6e3, 0.0]);
        let start = truth + gaussian(&mut rng, &p0);
        let mut imm = Imm::new(
            modes,
            switching,
            Gaussian::new(start, p0).unwrap(),
            Vector2::new(0.9, 0.1),
        )
        .unwrap();
        let drop_omega =
            |x: &SVector<f64, 7>| SVector::<f64, 6>::from([x[0], x[1], x[2], x[3], x[5], x[6]]);
        let p0_cv = SMatrix::<f64, 6, 6>::from_fn(|r, c| {
            let m = [0, 1, 2, 3, 5, 6];
            p0[(m[r], m[c])]
        });
        let mut kf = KalmanFilter::new(cv, Gaussian::new(drop_omega(&start), p0_cv).unwrap());
        for k in 0..steps {
            truth[4] = if k >= STRAIGHT { omega } else { 0.0 };
            truth = truth_model.propagate(&truth, DT).unwrap();
            let p = Vector3::new(truth[0], truth[2], truth[5]);
            let z = radar.measure(&p).unwrap()
                + radar
                    .sigma()
                    .component_mul(&Vector3::from_fn(|_, _| normal(&mut rng)));
            let m = Measurement::Rae {
                value: z,
                sensor: radar,
                processing: RaeProcessing::Extended,
            };
            kf.predict(DT).unwrap();
            kf.update_measurement(&m).unwrap();
            imm.predict(DT).unwrap();
            imm.update_measurement(&m).unwrap();
            s.sq_err_cv[k] += (kf.position() - p).norm_squared();
            s.sq_err_imm[k] += (imm.position() - p).norm_squared();
            s.mu_ct[k] += imm.probabilities()[1];
        }
    }
    s
}

fn rms(sq: &[f64]) -> f64 {
    (sq.iter().sum::<f64>() / (sq.len() * RUNS) as f64).sqrt()
}

fn mean(v: &[f64]) -> f64 {
    v.iter().sum::<f64>() / (v.len() * RUNS) as f64
}

#[test]
fn imm_beats_cv_in_a_5g_turn_and_detects_it() {
    let s = simulate();
    let turn = STRAIGHT..STRAIGHT + TURN;
    let steady = 10..STRAIGHT;
    let (cv_turn, imm_turn) = (
        rms(&s.sq_err_cv[turn.clone()]),
        rms(&s.sq_err_imm[turn.clone()]),
    );
    let (cv_straight, imm_straight) = (
        rms(&s.sq_err_cv[steady.clone()]),
        rms(&s.sq_err_imm[steady.clone()]),
    );
    let mu_straight = mean(&s.mu_ct[steady]);
    // Skip the first 3 turn steps: the mode switch needs evidence to accumulate.
    let mu_turn = mean(&s.mu_ct[STRAIGHT + 3..STRAIGHT + TURN]);
    // Measured with this seed: turn CV 1133.7 m vs IMM 58.4 m; straight CV 31.2 m vs IMM
    // 32.0 m; μ_CT 0.150 straight, 0.904 in the turn. Asserted with margins:
    let summary = format!(
        "turn RMS: CV {cv_turn:.1} m, IMM {imm_turn:.1} m; straight RMS: CV {cv_straight:.1} m, \
         IMM {imm_straight:.1} m; mean μ_CT straight {mu_straight:.3}, turn {mu_turn:.3}"
    );
    // The CV filter (q = 1 m²/s³, tuned for straight flight) lags a 49 m/s² turn by
    // hundreds of metres; the IMM stays within a few radar resolution cells.
    assert!(imm_turn < 0.2 * cv_turn && imm_turn < 100.0, "{summary}");
    // In straight flight the IMM pays little for carrying the turn hypothesis.
    assert!(imm_straight < 1.2 * cv_straight, "{summary}");
    // The turn mode is unlikely in straight flight and dominant in the turn.
    assert!(mu_straight < 0.25, "{summary}");
    assert!(mu_turn > 0.8, "{summary}");
}
