use nalgebra::{Matrix2, SMatrix, SVector, Vector2, Vector3};

use super::*;
use crate::kalman::KalmanFilter;
use crate::measurement::CartesianPosition;
use crate::motion::{ConstantVelocityTurnLayout, CoordinatedTurn, TurnModel};

fn initial() -> Gaussian<7> {
    let mean = SVector::<f64, 7>::from([0.0, 200.0, 0.0, 0.0, 0.0, 1000.0, 0.0]);
    let cov = SMatrix::<f64, 7, 7>::from_diagonal(&SVector::from([
        100.0, 100.0, 100.0, 100.0, 1e-3, 100.0, 10.0,
    ]));
    Gaussian::new(mean, cov).unwrap()
}

fn switching() -> Matrix2<f64> {
    Matrix2::new(0.95, 0.05, 0.1, 0.9)
}

#[test]
fn mixture_moments() {
    // Two 2-D Gaussians, weights 0.25 / 0.75: mean 0.25·a + 0.75·b, covariance adds the
    // spread of the means, Σ w (P_i + d_i d_iᵀ).
    let a = Gaussian::new(SVector::from([0.0, 0.0]), SMatrix::<f64, 2, 2>::identity()).unwrap();
    let b = Gaussian::new(
        SVector::from([4.0, 0.0]),
        SMatrix::<f64, 2, 2>::identity() * 2.0,
    )
    .unwrap();
    let m = mix(&[a, b], &Vector2::new(0.25, 0.75));
    assert!((m.mean() - SVector::<f64, 2>::from([3.0, 0.0])).amax() < 1e-15);
    // x: 0.25·(1 + 9) + 0.75·(2 + 1) = 4.75; y: 0.25·1 + 0.75·2 = 1.75.
    let want = SMatrix::<f64, 2, 2>::new(4.75, 0.0, 0.0, 1.75);
    assert!((m.covariance() - want).amax() < 1e-14);
}

#[test]
fn identical_modes_reduce_to_a_single_kalman_filter() {
    // With both modes the same model, mixing is the identity and every likelihood is
    // equal, so the IMM must reproduce the plain filter and keep μ on the Markov chain.
    let cv = TurnModel::ConstantVelocity(ConstantVelocityTurnLayout::new(2.0, 1.0, 1e-4).unwrap());
    let mut imm = Imm::new([cv, cv], switching(), initial(), Vector2::new(0.5, 0.5)).unwrap();
    let mut kf = KalmanFilter::new(cv, initial());
    let sensor = CartesianPosition::isotropic(20.0).unwrap();
    let mut mu = Vector2::new(0.5, 0.5);
    for k in 1..=10 {
        imm.predict(1.0).unwrap();
        kf.predict(1.0).unwrap();
        let z = Vector3::new(200.0 * k as f64 + 5.0, -3.0, 1001.0);
        let gate_imm = imm.update(&sensor, &z).unwrap();
        let gate_kf = kf.update(&sensor, &z).unwrap();
        assert!((gate_imm.nis() - gate_kf.nis()).abs() < 1e-9);
        mu = switching().transpose() * mu;
        let est = imm.estimate();
        assert!((est.mean() - kf.state().mean()).amax() < 1e-9);
        assert!((est.covariance() - kf.state().covariance()).amax() < 1e-9);
        assert!((imm.probabilities() - mu).amax() < 1e-12, "step {k}");
    }
}

#[test]
fn turn_evidence_moves_probability_to_the_turn_mode() {
    let cv = TurnModel::ConstantVelocity(ConstantVelocityTurnLayout::new(0.1, 0.1, 1e-6).unwrap());
    let ct = TurnModel::CoordinatedTurn(CoordinatedTurn::new(0.1, 1e-3, 0.1).unwrap());
    let start = Gaussian::new(
        SVector::from([0.0, 200.0, 0.0, 0.0, 0.2, 1000.0, 0.0]),
        SMatrix::<f64, 7, 7>::from_diagonal(&SVector::from([
            25.0, 4.0, 25.0, 4.0, 1e-4, 25.0, 1.0,
        ])),
    )
    .unwrap();
    let mut imm = Imm::new([cv, ct], switching(), start, Vector2::new(0.5, 0.5)).unwrap();
    let sensor = CartesianPosition::isotropic(5.0).unwrap();
    // Truth turns at 0.2 rad/s (4 g at 200 m/s) from the same start.
    let model = CoordinatedTurn::new(0.0, 0.0, 0.0).unwrap();
    let mut truth = *start.mean();
    for _ in 0..8 {
        truth = model.propagate(&truth, 1.0).unwrap();
        imm.predict(1.0).unwrap();
        imm.update(&sensor, &Vector3::new(truth[0], truth[2], truth[5]))
            .unwrap();
    }
    // Each step the constant-velocity mode misses the turn by a·dt²/2 = 20 m against a
    // 5 m sensor. μ_CT cannot reach 1: every predict hands 10 % of it back to CV (the
    // switching matrix) and CV, mixed mostly from the turn estimate, stays half-plausible
    // (likelihood ratio ≈ 0.3); the fixed point is μ_CT ≈ 0.97.
    assert!(imm.probabilities()[1] > 0.95, "μ = {}", imm.probabilities());
    assert!((imm.probabilities().sum() - 1.0).abs() < 1e-12);
}

#[test]
fn constructor_rejects_non_stochastic_inputs() {
    let cv = TurnModel::ConstantVelocity(ConstantVelocityTurnLayout::new(1.0, 1.0, 1e-4).unwrap());
    let ok = Vector2::new(0.5, 0.5);
    let bad_row = Matrix2::new(0.9, 0.2, 0.1, 0.9);
    let negative = Matrix2::new(1.1, -0.1, 0.1, 0.9);
    assert!(Imm::new([cv, cv], bad_row, initial(), ok).is_err());
    assert!(Imm::new([cv, cv], negative, initial(), ok).is_err());
    assert!(Imm::new([cv, cv], switching(), initial(), Vector2::new(0.7, 0.7)).is_err());
    assert!(
        Imm::new(
            [cv, cv],
            switching(),
            initial(),
            Vector2::new(f64::NAN, 1.0)
        )
        .is_err()
    );
    assert!(Imm::new([cv, cv], switching(), initial(), ok).is_ok());
}

#[test]
fn failed_update_leaves_the_imm_unchanged() {
    let cv = TurnModel::ConstantVelocity(ConstantVelocityTurnLayout::new(1.0, 1.0, 1e-4).unwrap());
    let mut imm = Imm::new([cv, cv], switching(), initial(), Vector2::new(0.5, 0.5)).unwrap();
    imm.predict(1.0).unwrap();
    let before = imm.clone();
    let sensor = CartesianPosition::isotropic(5.0).unwrap();
    assert!(
        imm.update(&sensor, &Vector3::new(0.0, f64::INFINITY, 0.0))
            .is_err()
    );
    assert!(imm.predict(-2.0).is_err());
    assert_eq!(imm, before);
}
