use nalgebra::{SMatrix, SVector};

use super::*;
use crate::error::TrackingError;

fn close(a: f64, b: f64, tol: f64) -> bool {
    (a - b).abs() <= tol
}

#[test]
fn val_mathworks_constvel_example() {
    // MODELS.md §8: constvel([1;1;2;1], 1.5) -> [2.5; 1; 3.5; 1] (2-D); our CV is 3-D,
    // so the example sits in x/y with z at rest. Exact arithmetic: tolerance 1e-12.
    let cv = ConstantVelocity::new(1.0).unwrap();
    let x = SVector::<f64, 6>::from([1.0, 1.0, 2.0, 1.0, 0.0, 0.0]);
    let next = cv.propagate(&x, 1.5).unwrap();
    let expected = [2.5, 1.0, 3.5, 1.0, 0.0, 0.0];
    for (got, want) in next.iter().zip(expected) {
        assert!(
            close(*got, want, 1e-12),
            "{next} vs {expected:?} (tol 1e-12)"
        );
    }
}

/// The MathWorks `constturn([500,0,0,100,12]')` example in our 7-state layout, ω converted
/// from deg/s (MathWorks) to rad/s (ours).
fn mathworks_turn_state() -> SVector<f64, 7> {
    SVector::<f64, 7>::from([500.0, 0.0, 0.0, 100.0, 12f64.to_radians(), 0.0, 0.0])
}

fn check_constturn(dt: f64, expected: [f64; 4]) {
    let ct = CoordinatedTurn::new(1.0, 1e-4, 1.0).unwrap();
    let next = ct.propagate(&mathworks_turn_state(), dt).unwrap();
    let got = [next[0], next[1], next[2], next[3]];
    for (g, w) in got.iter().zip(expected) {
        // MathWorks prints 4 decimals: tolerance 1e-4.
        assert!(
            close(*g, w, 1e-4),
            "dt={dt}: {got:?} vs {expected:?} (tol 1e-4)"
        );
    }
    assert!(
        close(next[4].to_degrees(), 12.0, 1e-12),
        "turn rate must be unchanged"
    );
}

#[test]
fn val_mathworks_constturn_dt1() {
    // MODELS.md §8: constturn([500,0,0,100,12]') -> [489.5662; -20.7912; 99.2705; 97.8148; 12].
    check_constturn(1.0, [489.5662, -20.7912, 99.2705, 97.8148]);
}

#[test]
fn val_mathworks_constturn_dt01() {
    // MODELS.md §8: dt = 0.1 -> [499.8953; -2.0942; 9.9993; 99.9781; 12].
    check_constturn(0.1, [499.8953, -2.0942, 9.9993, 99.9781]);
}

#[test]
fn val_stonesoup_constvel_noise() {
    // Stone Soup 1.9.1: ConstantVelocity(0.5).covar(time_interval=2 s)
    // = [[1.33333333, 1], [1, 1]] (q·[[dt³/3, dt²/2], [dt²/2, dt]]). Tolerance 1e-12.
    let cv = ConstantVelocity::per_axis([0.5, 0.5, 0.5]).unwrap();
    let t = cv.transition(&SVector::<f64, 6>::zeros(), 2.0);
    let block = [[4.0 / 3.0, 1.0], [1.0, 1.0]];
    for axis in 0..3 {
        for r in 0..2 {
            for c in 0..2 {
                let got = t.noise[(2 * axis + r, 2 * axis + c)];
                assert!(
                    close(got, block[r][c], 1e-12),
                    "Q[{axis}] = {got} (tol 1e-12)"
                );
                assert_eq!(
                    t.jacobian[(2 * axis + r, 2 * axis + c)],
                    [[1.0, 2.0], [0.0, 1.0]][r][c]
                );
            }
        }
    }
    // Axes are independent.
    assert_eq!(t.noise[(0, 2)], 0.0);
    assert_eq!(t.jacobian[(0, 3)], 0.0);
}

#[test]
fn val_stonesoup_constacc_noise() {
    // Stone Soup 1.9.1: ConstantAcceleration(0.5) at 2 s: covar
    // [[0.8, 1, 0.66666667], [1, 1.33333333, 1], [0.66666667, 1, 1]],
    // matrix [[1, 2, 2], [0, 1, 2], [0, 0, 1]]. Tolerance 1e-12.
    let ca = ConstantAcceleration::new(0.5).unwrap();
    let t = ca.transition(&SVector::<f64, 9>::zeros(), 2.0);
    let q = [
        [0.8, 1.0, 2.0 / 3.0],
        [1.0, 4.0 / 3.0, 1.0],
        [2.0 / 3.0, 1.0, 1.0],
    ];
    let f = [[1.0, 2.0, 2.0], [0.0, 1.0, 2.0], [0.0, 0.0, 1.0]];
    for axis in 0..3 {
        for r in 0..3 {
            for c in 0..3 {
                let (i, j) = (3 * axis + r, 3 * axis + c);
                assert!(
                    close(t.noise[(i, j)], q[r][c], 1e-12),
                    "Q({i},{j}) (tol 1e-12)"
                );
                assert!(
                    close(t.jacobian[(i, j)], f[r][c], 1e-12),
                    "F({i},{j}) (tol 1e-12)"
                );
            }
        }
    }
}

/// Central finite-difference Jacobian of a model's mean propagation.
fn numeric_jacobian<Mo: MotionModel<N>, const N: usize>(
    model: &Mo,
    x: &SVector<f64, N>,
    dt: f64,
) -> SMatrix<f64, N, N> {
    let mut j = SMatrix::<f64, N, N>::zeros();
    for c in 0..N {
        let h = 1e-6 * x[c].abs().max(1e-2);
        let mut plus = *x;
        let mut minus = *x;
        plus[c] += h;
        minus[c] -= h;
        let d =
            (model.transition(&plus, dt).state - model.transition(&minus, dt).state) / (2.0 * h);
        j.set_column(c, &d);
    }
    j
}

#[test]
fn ct_jacobian_matches_finite_differences() {
    let ct = CoordinatedTurn::new(1.0, 1e-4, 1.0).unwrap();
    // Turn rates on both sides of the series threshold, both signs, and zero.
    for &omega in &[0.0, 1e-7, -0.004, 0.02, 0.049, 0.051, -0.3, 1.2] {
        for &dt in &[0.1, 1.0, 2.5] {
            let x = SVector::<f64, 7>::from([1200.0, 250.0, -800.0, -90.0, omega, 3000.0, 5.0]);
            let analytic = ct.transition(&x, dt).jacobian;
            let numeric = numeric_jacobian(&ct, &x, dt);
            let err = (analytic - numeric).amax();
            // Central differences with h ~ 1e-6 relative: truncation + round-off ~1e-6
            // of the entries' scale (up to ~600 m per rad/s).
            assert!(
                err < 1e-5 * analytic.amax(),
                "ω={omega} dt={dt}: max error {err}"
            );
        }
    }
}

#[test]
fn ct_series_and_closed_form_meet_at_threshold() {
    // The two branches of the turn terms must agree where they hand over (θ = 0.05):
    // any jump would show up as a discontinuity in the prediction.
    let ct = CoordinatedTurn::new(0.0, 0.0, 0.0).unwrap();
    let below = SVector::<f64, 7>::from([0.0, 300.0, 0.0, 40.0, 0.05 * (1.0 - 1e-12), 0.0, 0.0]);
    let mut above = below;
    above[4] = 0.05 * (1.0 + 1e-12);
    let (a, b) = (ct.transition(&below, 1.0), ct.transition(&above, 1.0));
    assert!(
        (a.state - b.state).amax() < 1e-9,
        "{} vs {}",
        a.state,
        b.state
    );
    assert!((a.jacobian - b.jacobian).amax() < 1e-9);
}

#[test]
fn ct_without_turn_is_constant_velocity() {
    let ct = CoordinatedTurn::new(2.0, 1e-4, 0.5).unwrap();
    let cv = ConstantVelocity::per_axis([2.0, 2.0, 0.5]).unwrap();
    let x7 = SVector::<f64, 7>::from([10.0, 200.0, -30.0, 50.0, 0.0, 1000.0, -3.0]);
    let x6 = SVector::<f64, 6>::from([10.0, 200.0, -30.0, 50.0, 1000.0, -3.0]);
    let (t7, t6) = (ct.transition(&x7, 2.0), cv.transition(&x6, 2.0));
    let map = [0, 1, 2, 3, 5, 6];
    for (i6, &i7) in map.iter().enumerate() {
        assert!(close(t7.state[i7], t6.state[i6], 1e-12));
        for (j6, &j7) in map.iter().enumerate() {
            assert!(close(t7.noise[(i7, j7)], t6.noise[(i6, j6)], 1e-12));
            assert!(close(t7.jacobian[(i7, j7)], t6.jacobian[(i6, j6)], 1e-12));
        }
    }
}

#[test]
fn cv_on_turn_layout_discards_turn_rate() {
    let cv = ConstantVelocityTurnLayout::new(1.0, 1.0, 1e-6).unwrap();
    let x = SVector::<f64, 7>::from([0.0, 100.0, 0.0, 0.0, 0.2, 0.0, 0.0]);
    let t = cv.transition(&x, 1.0);
    assert_eq!(t.state[4], 0.0);
    assert_eq!(t.state[0], 100.0, "kinematics ignore ω");
    assert_eq!(t.jacobian.row(4).amax(), 0.0);
    assert_eq!(t.jacobian.column(4).amax(), 0.0);
    assert_eq!(t.noise[(4, 4)], 1e-6);
}

#[test]
fn turn_model_dispatches_to_its_mode() {
    let cv = ConstantVelocityTurnLayout::new(1.0, 1.0, 1e-6).unwrap();
    let ct = CoordinatedTurn::new(1.0, 1e-3, 1.0).unwrap();
    let x = mathworks_turn_state();
    assert_eq!(
        TurnModel::ConstantVelocity(cv).transition(&x, 1.0),
        cv.transition(&x, 1.0)
    );
    assert_eq!(
        TurnModel::CoordinatedTurn(ct).transition(&x, 1.0),
        ct.transition(&x, 1.0)
    );
}

#[test]
fn bad_parameters_are_errors() {
    assert!(matches!(
        ConstantVelocity::new(-1.0),
        Err(TrackingError::OutOfRange { .. })
    ));
    assert!(matches!(
        ConstantAcceleration::per_axis([1.0, f64::NAN, 1.0]),
        Err(TrackingError::NonFinite { .. })
    ));
    assert!(CoordinatedTurn::new(1.0, -1e-3, 1.0).is_err());
    assert!(ConstantVelocityTurnLayout::new(1.0, 1.0, 0.0).is_err());
    let cv = ConstantVelocity::new(1.0).unwrap();
    assert!(cv.propagate(&SVector::<f64, 6>::zeros(), -0.1).is_err());
    assert!(
        cv.propagate(&SVector::<f64, 6>::zeros(), f64::INFINITY)
            .is_err()
    );
}

/// The structured `predict_covariance` of a model must equal the dense `F P Fᵀ + Q`.
fn check_structured_covariance<Mo: MotionModel<N>, const N: usize>(
    model: &Mo,
    x: &SVector<f64, N>,
) {
    let a = SMatrix::<f64, N, N>::from_fn(|i, j| ((i * 5 + j * 3) as f64 * 0.7).sin());
    let p = a * a.transpose() + SMatrix::<f64, N, N>::identity();
    for dt in [0.0, 0.3, 2.0] {
        let t = model.transition(x, dt);
        let want = t.jacobian * p * t.jacobian.transpose() + t.noise;
        let got = model.predict_covariance(&t, dt, &p);
        assert!(
            (got - want).amax() < 1e-12 * want.amax(),
            "dt={dt}: {got} vs {want}"
        );
        assert_eq!(got, got.transpose());
    }
}

#[test]
fn structured_covariance_predictions_match_dense() {
    check_structured_covariance(
        &ConstantVelocity::per_axis([1.0, 2.0, 0.5]).unwrap(),
        &SVector::from([1.0, 2.0, 3.0, 4.0, 5.0, 6.0]),
    );
    check_structured_covariance(
        &ConstantAcceleration::per_axis([1.0, 2.0, 0.5]).unwrap(),
        &SVector::from([1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0]),
    );
    let x7 = SVector::from([1.0, 200.0, 3.0, -40.0, 0.1, 6.0, 2.0]);
    check_structured_covariance(
        &ConstantVelocityTurnLayout::new(1.0, 0.5, 1e-4).unwrap(),
        &x7,
    );
    check_structured_covariance(&CoordinatedTurn::new(1.0, 1e-3, 0.5).unwrap(), &x7);
    check_structured_covariance(
        &TurnModel::ConstantVelocity(ConstantVelocityTurnLayout::new(1.0, 0.5, 1e-4).unwrap()),
        &x7,
    );
}
