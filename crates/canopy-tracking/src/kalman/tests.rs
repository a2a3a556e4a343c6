use nalgebra::{Matrix3, SMatrix, SVector, Vector3};

use super::*;
use crate::measurement::{CartesianPosition, RangeAzEl};
use crate::motion::{ConstantVelocity, CoordinatedTurn};

fn cv_prior() -> Gaussian<6> {
    let mean = SVector::<f64, 6>::from([1000.0, 50.0, 2000.0, -20.0, 300.0, 1.0]);
    let cov =
        SMatrix::<f64, 6, 6>::from_diagonal(&SVector::from([400.0, 25.0, 900.0, 16.0, 100.0, 4.0]));
    Gaussian::new(mean, cov).unwrap()
}

#[test]
fn position_update_matches_scalar_formula() {
    // With a diagonal prior the axes decouple: posterior variance P·R/(P + R) and mean
    // x + P/(P + R)·(z − x) on each position axis.
    let prior = cv_prior();
    let sensor = CartesianPosition::isotropic(30.0).unwrap();
    let z = Vector3::new(1030.0, 1950.0, 310.0);
    let (post, innov) = update(&prior, ConstantVelocity::POSITION, &sensor, &z).unwrap();
    for (axis, (&i, &p)) in [0usize, 2, 4]
        .iter()
        .zip(&[400.0, 900.0, 100.0])
        .enumerate()
    {
        let r = 900.0;
        let want_var = p * r / (p + r);
        let want_mean = prior.mean()[i] + p / (p + r) * (z[axis] - prior.mean()[i]);
        assert!((post.covariance()[(i, i)] - want_var).abs() < 1e-9);
        assert!((post.mean()[i] - want_mean).abs() < 1e-9);
    }
    // Velocities are uncorrelated with positions in this prior: untouched.
    assert_eq!(post.mean()[1], 50.0);
    assert_eq!(post.covariance()[(1, 1)], 25.0);
    let s = innov.covariance();
    assert_eq!(
        *s,
        Matrix3::from_diagonal(&Vector3::new(1300.0, 1800.0, 1000.0))
    );
    let nis = 30.0f64.powi(2) / 1300.0 + 50.0f64.powi(2) / 1800.0 + 10.0f64.powi(2) / 1000.0;
    assert!((innov.nis() - nis).abs() < 1e-12);
    assert!((innov.mahalanobis() - nis.sqrt()).abs() < 1e-12);
    let ll = -0.5 * (nis + (1300.0f64 * 1800.0 * 1000.0).ln() + 3.0 * LN_2PI);
    assert!((innov.log_likelihood() - ll).abs() < 1e-12);
    assert!(innov.within_gate(innov.nis()) && !innov.within_gate(innov.nis() * 0.999));
}

/// The textbook dense Joseph update, `K = P Hᵀ S⁻¹`, `(I − KH) P (I − KH)ᵀ + K R Kᵀ`.
fn dense_update<const N: usize>(
    prior: &Gaussian<N>,
    h: &SMatrix<f64, 3, N>,
    r: &Matrix3<f64>,
    nu: &Vector3<f64>,
) -> (SVector<f64, N>, SMatrix<f64, N, N>) {
    let p = prior.covariance();
    let s = h * p * h.transpose() + r;
    let k = p * h.transpose() * s.try_inverse().unwrap();
    let i_kh = SMatrix::<f64, N, N>::identity() - k * h;
    (
        prior.mean() + k * nu,
        i_kh * p * i_kh.transpose() + k * r * k.transpose(),
    )
}

#[test]
fn ekf_sparse_joseph_update_matches_dense_formula() {
    // Correlated 7-state prior (after a few CT predictions) and a range/azimuth/elevation
    // measurement: the position-selector shortcut must equal the dense H products.
    let ct = CoordinatedTurn::new(5.0, 1e-3, 1.0).unwrap();
    let mean = SVector::<f64, 7>::from([20e3, -150.0, 35e3, 200.0, 0.05, 6e3, 3.0]);
    let cov = SMatrix::<f64, 7, 7>::from_diagonal(&SVector::from([
        2500.0, 400.0, 2500.0, 400.0, 1e-3, 900.0, 25.0,
    ]));
    let mut prior = Gaussian::new(mean, cov).unwrap();
    for _ in 0..3 {
        prior = predict(&ct, &prior, 2.0).unwrap();
    }
    let sensor = RangeAzEl::new(Vector3::new(500.0, 800.0, 20.0), 15.0, 2e-3, 3e-3).unwrap();
    let truth = Vector3::new(
        prior.mean()[0] + 40.0,
        prior.mean()[2] - 70.0,
        prior.mean()[5],
    );
    let z = sensor.measure(&truth).unwrap();
    let (post, innov) = update(&prior, CoordinatedTurn::POSITION, &sensor, &z).unwrap();

    let position = Vector3::new(prior.mean()[0], prior.mean()[2], prior.mean()[5]);
    let (_, j) = sensor.predict(&position).unwrap();
    let mut h = SMatrix::<f64, 3, 7>::zeros();
    for (c, &i) in CoordinatedTurn::POSITION.iter().enumerate() {
        h.set_column(i, &j.column(c));
    }
    let (mean_dense, cov_dense) = dense_update(&prior, &h, sensor.noise(), innov.residual());
    let mean_err = (post.mean() - mean_dense).amax() / mean_dense.amax();
    let cov_err = (post.covariance() - cov_dense).amax() / cov_dense.amax();
    assert!(mean_err < 1e-12, "mean differs by {mean_err} relative");
    assert!(cov_err < 1e-10, "covariance differs by {cov_err} relative");
}

#[test]
fn predict_is_f_p_ft_plus_q() {
    let cv = ConstantVelocity::new(3.0).unwrap();
    let prior = cv_prior();
    let t = cv.transition(prior.mean(), 1.5);
    let post = predict(&cv, &prior, 1.5).unwrap();
    let want = t.jacobian * prior.covariance() * t.jacobian.transpose() + t.noise;
    assert!((post.covariance() - want).amax() < 1e-12);
    assert_eq!(*post.mean(), t.state);
    // dt = 0 is the identity.
    assert_eq!(predict(&cv, &prior, 0.0).unwrap(), prior);
}

#[test]
fn failed_steps_leave_the_filter_unchanged() {
    let mut kf = KalmanFilter::new(ConstantVelocity::new(1.0).unwrap(), cv_prior());
    let before = kf;
    let sensor = CartesianPosition::isotropic(10.0).unwrap();
    assert!(
        kf.update(&sensor, &Vector3::new(f64::NAN, 0.0, 0.0))
            .is_err()
    );
    assert!(kf.predict(-1.0).is_err());
    assert!(kf.predict(f64::NAN).is_err());
    // A sensor right below the target: azimuth undefined.
    let overhead = RangeAzEl::new(Vector3::new(1000.0, 2000.0, 0.0), 10.0, 1e-3, 1e-3).unwrap();
    assert!(matches!(
        kf.update(&overhead, &Vector3::new(300.0, 0.0, 1.5)),
        Err(TrackingError::DegenerateGeometry { .. })
    ));
    assert_eq!(kf, before);
}

#[test]
fn bad_position_index_is_an_error() {
    let sensor = CartesianPosition::isotropic(10.0).unwrap();
    let err = innovation(&cv_prior(), [0, 2, 6], &sensor, &Vector3::zeros()).unwrap_err();
    assert_eq!(err, TrackingError::BadStateIndex { index: 6, dim: 6 });
}

#[test]
fn gaussian_checks_and_nees() {
    let mean = SVector::<f64, 2>::new(1.0, 2.0);
    let cov = SMatrix::<f64, 2, 2>::new(4.0, 0.0, 0.0, 9.0);
    let g = Gaussian::new(mean, cov).unwrap();
    // (2/2)² + (3/3)² = 2.
    assert!((g.nees(&SVector::from([3.0, 5.0])).unwrap() - 2.0).abs() < 1e-12);
    assert!(Gaussian::new(mean, SMatrix::<f64, 2, 2>::new(4.0, 1.0, 0.0, 9.0)).is_err());
    assert!(Gaussian::new(mean, SMatrix::<f64, 2, 2>::new(1.0, 2.0, 2.0, 1.0)).is_err());
    assert!(Gaussian::new(SVector::from([f64::NAN, 0.0]), cov).is_err());
}

#[test]
fn filter_accessors_read_the_layout() {
    let ct = CoordinatedTurn::new(1.0, 1e-3, 1.0).unwrap();
    let mean = SVector::<f64, 7>::from([1.0, 2.0, 3.0, 4.0, 0.1, 5.0, 6.0]);
    let cov = SMatrix::<f64, 7, 7>::from_fn(|r, c| if r == c { 1.0 + r as f64 } else { 0.0 });
    let kf = KalmanFilter::new(ct, Gaussian::new(mean, cov).unwrap());
    assert_eq!(kf.position(), Vector3::new(1.0, 3.0, 5.0));
    assert_eq!(kf.velocity(), Vector3::new(2.0, 4.0, 6.0));
    assert_eq!(
        kf.position_covariance(),
        Matrix3::from_diagonal(&Vector3::new(1.0, 3.0, 6.0))
    );
}
