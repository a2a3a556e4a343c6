//! Linear Kalman filter against the adskalman 0.18 oracle (nalgebra 0.35, Joseph form).

use adskalman::{
    CovarianceUpdateMethod, ObservationModel, StateAndCovariance, TransitionModelLinearNoControl,
};
use canopy_tracking::{
    CartesianPosition, ConstantVelocity, Filter, Gaussian, KalmanFilter, MotionModel,
};
use nalgebra::{Matrix3, SMatrix, SVector, U3, U6};

use crate::common::{gaussian, run_rng};

struct Transition {
    f: SMatrix<f64, 6, 6>,
    ft: SMatrix<f64, 6, 6>,
    q: SMatrix<f64, 6, 6>,
}

impl TransitionModelLinearNoControl<f64, U6> for Transition {
    fn F(&self) -> &SMatrix<f64, 6, 6> {
        &self.f
    }
    fn FT(&self) -> &SMatrix<f64, 6, 6> {
        &self.ft
    }
    fn Q(&self) -> &SMatrix<f64, 6, 6> {
        &self.q
    }
}

struct Observation {
    h: SMatrix<f64, 3, 6>,
    ht: SMatrix<f64, 6, 3>,
    r: Matrix3<f64>,
}

impl ObservationModel<f64, U6, U3> for Observation {
    fn H(&self) -> &SMatrix<f64, 3, 6> {
        &self.h
    }
    fn HT(&self) -> &SMatrix<f64, 6, 3> {
        &self.ht
    }
    fn R(&self) -> &Matrix3<f64> {
        &self.r
    }
}

/// Largest entry-wise difference relative to the larger magnitude (floored at 1).
fn rel_diff<const R: usize, const C: usize>(a: &SMatrix<f64, R, C>, b: &SMatrix<f64, R, C>) -> f64 {
    a.iter()
        .zip(b.iter())
        .map(|(x, y)| (x - y).abs() / x.abs().max(y.abs()).max(1.0))
        .fold(0.0, f64::max)
}

#[test]
fn val_adskalman_linear_kf_cv() {
    let dt = 1.0;
    let model = ConstantVelocity::per_axis([2.0, 2.0, 0.5]).unwrap();
    // Correlated, non-diagonal measurement noise exercises the full S and gain.
    let r = Matrix3::new(900.0, 120.0, -40.0, 120.0, 400.0, 30.0, -40.0, 30.0, 2500.0);
    let sensor = CartesianPosition::new(r).unwrap();
    let t = model.transition(&SVector::zeros(), dt);
    let oracle_transition = Transition {
        f: t.jacobian,
        ft: t.jacobian.transpose(),
        q: t.noise,
    };
    let mut h = SMatrix::<f64, 3, 6>::zeros();
    for (row, &col) in ConstantVelocity::POSITION.iter().enumerate() {
        h[(row, col)] = 1.0;
    }
    let oracle_obs = Observation {
        h,
        ht: h.transpose(),
        r,
    };

    let x0 = SVector::<f64, 6>::from([1e4, 150.0, -2e4, 80.0, 3e3, -2.0]);
    let p0 =
        SMatrix::<f64, 6, 6>::from_diagonal(&SVector::from([1e4, 400.0, 1e4, 400.0, 2500.0, 25.0]));
    let mut ours = KalmanFilter::new(model, Gaussian::new(x0, p0).unwrap());
    let mut oracle = StateAndCovariance::new(x0, p0);

    let mut rng = run_rng(7, 0);
    let mut truth = x0;
    let mut worst = (0.0f64, 0.0f64);
    for _ in 0..60 {
        truth = t.jacobian * truth + gaussian(&mut rng, &t.noise);
        let z = h * truth + gaussian(&mut rng, &r);
        ours.predict(dt).unwrap();
        ours.update(&sensor, &z).unwrap();
        let prior = oracle_transition.predict(&oracle);
        oracle = oracle_obs
            .update(&prior, &z, CovarianceUpdateMethod::JosephForm)
            .unwrap();
        let ours_now = ours.estimate();
        worst.0 = worst.0.max(rel_diff(ours_now.mean(), oracle.state()));
        worst.1 = worst
            .1
            .max(rel_diff(ours_now.covariance(), oracle.covariance()));
    }
    // States in m and m/s up to ~3e4, covariances down to ~1: agreement to 1e-9
    // relative (absolute below magnitude 1) at every one of the 60 steps.
    assert!(
        worst.0 < 1e-9,
        "state differs from adskalman by {:e}",
        worst.0
    );
    assert!(
        worst.1 < 1e-9,
        "covariance differs from adskalman by {:e}",
        worst.1
    );
}
