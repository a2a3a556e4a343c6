//! Property: whatever sequence of predictions and updates a filter sees, its covariance
//! stays symmetric positive definite.

use canopy_tracking::{
    CartesianPosition, ConstantAcceleration, ConstantVelocity, ConstantVelocityTurnLayout,
    CoordinatedTurn, Filter, Gaussian, Imm, KalmanFilter, Measurement, RaeProcessing, RangeAzEl,
    TurnModel,
};
use nalgebra::{Matrix2, SMatrix, SVector, Vector2, Vector3};
use proptest::prelude::*;
use proptest::test_runner::TestCaseError;

#[derive(Debug, Clone)]
enum Op {
    Predict(f64),
    /// Position report offset from the current estimate, with its noise σ.
    Position([f64; 3], f64),
    /// Radar report of the estimate plus an offset: σ range, σ azimuth, σ elevation,
    /// converted (true) or EKF (false).
    Rae([f64; 3], [f64; 3], bool),
}

fn op() -> impl Strategy<Value = Op> {
    let offset = || prop::array::uniform3(-500.0f64..500.0);
    prop_oneof![
        (0.0f64..10.0).prop_map(Op::Predict),
        (offset(), 0.5f64..300.0).prop_map(|(o, s)| Op::Position(o, s)),
        (
            offset(),
            (0.5f64..100.0, 1e-4f64..3e-2, 1e-4f64..3e-2),
            any::<bool>()
        )
            .prop_map(|(o, (r, a, e), converted)| Op::Rae(o, [r, a, e], converted)),
    ]
}

fn check_spd<const N: usize>(g: &Gaussian<N>) -> Result<(), TestCaseError> {
    let p = g.covariance();
    prop_assert!(*p == p.transpose(), "covariance not exactly symmetric");
    prop_assert!(
        p.cholesky().is_some(),
        "covariance not positive definite:{p}"
    );
    Ok(())
}

fn run<F: Filter<N>, const N: usize>(mut f: F, ops: &[Op]) -> Result<(), TestCaseError> {
    for op in ops {
        match *op {
            Op::Predict(dt) => f.predict(dt).unwrap(),
            Op::Position(o, sigma) => {
                let m = Measurement::Position {
                    value: f.position() + Vector3::from(o),
                    sensor: CartesianPosition::isotropic(sigma).unwrap(),
                };
                f.update_measurement(&m).unwrap();
            }
            Op::Rae(o, [r, a, e], converted) => {
                let sensor = RangeAzEl::new(Vector3::new(-2e3, 1e3, 50.0), r, a, e).unwrap();
                let m = Measurement::Rae {
                    value: sensor.measure(&(f.position() + Vector3::from(o))).unwrap(),
                    sensor,
                    processing: if converted {
                        RaeProcessing::Converted
                    } else {
                        RaeProcessing::Extended
                    },
                };
                f.update_measurement(&m).unwrap();
            }
        }
        check_spd(&f.estimate())?;
    }
    Ok(())
}

/// A 7-state prior ~36 km from the sensor, turning gently.
fn prior7() -> Gaussian<7> {
    Gaussian::new(
        SVector::from([20e3, 150.0, 30e3, -80.0, 0.02, 5e3, 2.0]),
        SMatrix::from_diagonal(&SVector::from([1e4, 900.0, 1e4, 900.0, 1e-3, 2500.0, 25.0])),
    )
    .unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn covariance_stays_spd(ops in prop::collection::vec(op(), 1..40)) {
        let p7 = prior7();
        let m = p7.mean();
        let keep = [0, 1, 2, 3, 5, 6];
        let mean6 = SVector::<f64, 6>::from_fn(|i, _| m[keep[i]]);
        let cov6 = SMatrix::<f64, 6, 6>::from_fn(|r, c| p7.covariance()[(keep[r], keep[c])]);
        let cv = KalmanFilter::new(
            ConstantVelocity::new(5.0).unwrap(),
            Gaussian::new(mean6, cov6).unwrap(),
        );
        run(cv, &ops)?;

        let mean9 = SVector::<f64, 9>::from([m[0], m[1], 0.0, m[2], m[3], 0.0, m[5], m[6], 0.0]);
        let cov9 = SMatrix::<f64, 9, 9>::from_diagonal(&SVector::from([
            1e4, 900.0, 100.0, 1e4, 900.0, 100.0, 2500.0, 25.0, 4.0,
        ]));
        let ca = KalmanFilter::new(
            ConstantAcceleration::new(1.0).unwrap(),
            Gaussian::new(mean9, cov9).unwrap(),
        );
        run(ca, &ops)?;

        let ct = CoordinatedTurn::new(5.0, 1e-3, 1.0).unwrap();
        run(KalmanFilter::new(ct, p7), &ops)?;

        let imm = Imm::new(
            [
                TurnModel::ConstantVelocity(ConstantVelocityTurnLayout::new(5.0, 1.0, 1e-6).unwrap()),
                TurnModel::CoordinatedTurn(ct),
            ],
            Matrix2::new(0.9, 0.1, 0.1, 0.9),
            p7,
            Vector2::new(0.5, 0.5),
        )
        .unwrap();
        run(imm, &ops)?;
    }
}
