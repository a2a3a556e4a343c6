//! The tracker-facing enum: every variant predicts, gates and updates through one API.

use canopy_tracking::{
    CartesianPosition, ConstantAcceleration, ConstantVelocity, ConstantVelocityTurnLayout,
    CoordinatedTurn, Gaussian, Imm, KalmanFilter, Measurement, RaeProcessing, RangeAzEl,
    TrackFilter, TrackingError, TurnModel,
};
use nalgebra::{Matrix2, SMatrix, SVector, Vector2, Vector3};

/// One filter of each kind, all starting at (10 km, 20 km, 3 km) moving east at 200 m/s
/// with 100 m / 20 m/s uncertainty.
fn filters() -> Vec<TrackFilter> {
    let pos_vel = |n: usize, idx: &[usize]| {
        // Diagonal covariance: 1e4 on positions, 400 on everything else.
        SMatrix::<f64, 9, 9>::from_fn(|r, c| {
            if r != c || r >= n {
                0.0
            } else if idx.contains(&r) {
                1e4
            } else {
                400.0
            }
        })
    };
    let p6 = pos_vel(6, &[0, 2, 4]).fixed_view::<6, 6>(0, 0).into_owned();
    let p9 = pos_vel(9, &[0, 3, 6]);
    let mut p7 = pos_vel(7, &[0, 2, 5]).fixed_view::<7, 7>(0, 0).into_owned();
    p7[(4, 4)] = 1e-4;
    let g6 = Gaussian::new(SVector::from([10e3, 200.0, 20e3, 0.0, 3e3, 0.0]), p6).unwrap();
    let g9 = Gaussian::new(
        SVector::from([10e3, 200.0, 0.0, 20e3, 0.0, 0.0, 3e3, 0.0, 0.0]),
        p9,
    )
    .unwrap();
    let g7 = Gaussian::new(SVector::from([10e3, 200.0, 20e3, 0.0, 0.0, 3e3, 0.0]), p7).unwrap();
    let ct = CoordinatedTurn::new(1.0, 1e-4, 1.0).unwrap();
    let imm = Imm::new(
        [
            TurnModel::ConstantVelocity(ConstantVelocityTurnLayout::new(1.0, 1.0, 1e-6).unwrap()),
            TurnModel::CoordinatedTurn(ct),
        ],
        Matrix2::new(0.95, 0.05, 0.05, 0.95),
        g7,
        Vector2::new(0.8, 0.2),
    )
    .unwrap();
    vec![
        TrackFilter::ConstantVelocity(KalmanFilter::new(ConstantVelocity::new(1.0).unwrap(), g6)),
        TrackFilter::ConstantAcceleration(Box::new(KalmanFilter::new(
            ConstantAcceleration::new(0.1).unwrap(),
            g9,
        ))),
        TrackFilter::CoordinatedTurn(KalmanFilter::new(ct, g7)),
        TrackFilter::TurnImm(Box::new(imm)),
    ]
}

#[test]
fn every_variant_tracks_through_every_measurement_kind() {
    let radar = RangeAzEl::new(Vector3::new(0.0, 0.0, 20.0), 10.0, 1e-3, 1e-3).unwrap();
    let plot = CartesianPosition::isotropic(20.0).unwrap();
    for mut f in filters() {
        // Truth flies east at 200 m/s; noise-free reports, alternating kinds.
        for k in 1..=9 {
            let truth = Vector3::new(10e3 + 200.0 * k as f64, 20e3, 3e3);
            let m = match k % 3 {
                0 => Measurement::Position {
                    value: truth,
                    sensor: plot,
                },
                1 => Measurement::Rae {
                    value: radar.measure(&truth).unwrap(),
                    sensor: radar,
                    processing: RaeProcessing::Extended,
                },
                _ => Measurement::Rae {
                    value: radar.measure(&truth).unwrap(),
                    sensor: radar,
                    processing: RaeProcessing::Converted,
                },
            };
            f.predict(1.0).unwrap();
            let gate = f.innovation(&m).unwrap();
            let used = f.update(&m).unwrap();
            assert_eq!(gate, used, "gating and update see the same innovation");
            // Gate at 99.9 % for 3 dof: a noise-free report on the track must pass.
            assert!(gate.within_gate(canopy_tracking::chi2::gate_threshold(3, 0.999).unwrap()));
        }
        let truth = Vector3::new(10e3 + 1800.0, 20e3, 3e3);
        assert!((f.position() - truth).norm() < 15.0, "{f:?}");
        assert!((f.velocity() - Vector3::new(200.0, 0.0, 0.0)).norm() < 5.0);
        let pc = f.position_covariance();
        assert!(pc.cholesky().is_some() && pc.trace() < 3.0 * 20.0f64.powi(2));
        let is_imm = matches!(f, TrackFilter::TurnImm(_));
        assert_eq!(f.mode_probabilities().is_some(), is_imm);
        if let Some(mu) = f.mode_probabilities() {
            assert!(
                (mu[0] + mu[1] - 1.0).abs() < 1e-12 && mu[0] > 0.5,
                "straight: {mu:?}"
            );
        }
    }
}

#[test]
fn errors_propagate_and_leave_the_track_unchanged() {
    for mut f in filters() {
        let before = f.clone();
        assert!(matches!(
            f.predict(-1.0),
            Err(TrackingError::OutOfRange { .. })
        ));
        let bad = Measurement::Position {
            value: Vector3::new(f64::NAN, 0.0, 0.0),
            sensor: CartesianPosition::isotropic(1.0).unwrap(),
        };
        assert!(f.update(&bad).is_err());
        assert!(f.innovation(&bad).is_err());
        assert_eq!(f, before);
    }
}

#[test]
fn inline_variants_stay_small() {
    // A track table holds TrackFilter by value: the CV/CT variants are inline, the
    // 9-state and IMM variants boxed, so one entry is the 7-state filter plus a tag.
    assert!(std::mem::size_of::<TrackFilter>() <= 512);
}
