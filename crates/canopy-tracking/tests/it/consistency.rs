//! Monte Carlo consistency of matched filters: run-averaged NEES (6 dof) and NIS (3 dof)
//! inside their two-sided 99 % chi-square intervals (Bar-Shalom, Li & Kirubarajan 2001,
//! §5.4), with a mismatched filter as the negative control.

use canopy_tracking::{
    CartesianPosition, ConstantVelocity, Filter, Gaussian, KalmanFilter, Measurement, MotionModel,
    RaeProcessing, RangeAzEl,
};
use nalgebra::{SMatrix, SVector, Vector3};
use rand_chacha::ChaCha8Rng;

use crate::common::{Averages, allowed_outside, gaussian, normal, run_rng};

const RUNS: usize = 100;
const STEPS: usize = 60;
const DT: f64 = 1.0;
const SEED: u64 = 20_260_522;

/// Prior mean: ~50 km from a sensor at the origin, 6 km up, 180 m/s.
fn prior_mean() -> SVector<f64, 6> {
    SVector::from([30e3, -150.0, 40e3, -100.0, 6e3, 0.0])
}

fn prior_cov() -> SMatrix<f64, 6, 6> {
    SMatrix::from_diagonal(&SVector::from([1e4, 400.0, 1e4, 400.0, 1e4, 25.0]))
}

struct Outcome {
    nees: Averages,
    nis: Averages,
}

/// Runs `RUNS` independent trials: truth drawn from the prior and moved by the CV model
/// with its own process noise, measured by `measure`, tracked by a CV filter started
/// from the prior.
fn monte_carlo(
    seed: u64,
    model: ConstantVelocity,
    measure: impl Fn(&mut ChaCha8Rng, &SVector<f64, 6>) -> Measurement,
) -> Outcome {
    let mut out = Outcome {
        nees: Averages::new(STEPS, 6),
        nis: Averages::new(STEPS, 3),
    };
    let prior = Gaussian::new(prior_mean(), prior_cov()).unwrap();
    for run in 0..RUNS {
        let mut rng = run_rng(seed, run);
        let mut truth = prior_mean() + gaussian(&mut rng, &prior_cov());
        let mut filter = KalmanFilter::new(model, prior);
        for k in 0..STEPS {
            let t = model.transition(&truth, DT);
            truth = t.state + gaussian(&mut rng, &t.noise);
            filter.predict(DT).unwrap();
            let innovation = filter
                .update_measurement(&measure(&mut rng, &truth))
                .unwrap();
            out.nis.sums[k] += innovation.nis();
            out.nees.sums[k] += filter.estimate().nees(&truth).unwrap();
        }
    }
    out
}

fn position(x: &SVector<f64, 6>) -> Vector3<f64> {
    Vector3::new(x[0], x[2], x[4])
}

fn cartesian(
    sigma_true: f64,
    sensor: CartesianPosition,
) -> impl Fn(&mut ChaCha8Rng, &SVector<f64, 6>) -> Measurement {
    move |rng, x| Measurement::Position {
        value: position(x) + Vector3::from_fn(|_, _| sigma_true * normal(rng)),
        sensor,
    }
}

fn rae(
    sensor: RangeAzEl,
    processing: RaeProcessing,
) -> impl Fn(&mut ChaCha8Rng, &SVector<f64, 6>) -> Measurement {
    move |rng, x| {
        let clean = sensor.measure(&position(x)).unwrap();
        let noise = sensor
            .sigma()
            .component_mul(&Vector3::from_fn(|_, _| normal(rng)));
        Measurement::Rae {
            value: clean + noise,
            sensor,
            processing,
        }
    }
}

/// Asserts the per-step run averages of NEES and NIS lie inside their 99 % intervals
/// except for at most the binomial 99.99 % allowance of chance misses, and that the
/// grand-mean NIS (independent samples for a matched filter: white innovations) lies in
/// its 99.99 % interval.
fn assert_consistent(name: &str, out: &Outcome) {
    let allowed = allowed_outside(STEPS);
    for (what, avg) in [("NEES", &out.nees), ("NIS", &out.nis)] {
        let (outside, (lo, hi)) = avg.outside_99(RUNS);
        assert!(
            outside.len() <= allowed,
            "{name}: {what} run-average outside [{lo:.3}, {hi:.3}] at {} of {STEPS} steps \
             (allowed {allowed}): {outside:?}",
            outside.len()
        );
    }
    let (mean, (lo, hi)) = out.nis.grand_mean(RUNS);
    assert!(
        (lo..=hi).contains(&mean),
        "{name}: grand-mean NIS {mean:.4} outside the 99.99 % interval [{lo:.4}, {hi:.4}]"
    );
}

#[test]
fn linear_kf_cv_is_consistent() {
    let model = ConstantVelocity::new(1.0).unwrap();
    let sensor = CartesianPosition::isotropic(30.0).unwrap();
    let out = monte_carlo(SEED, model, cartesian(30.0, sensor));
    assert_consistent("KF-CV", &out);
}

#[test]
fn ekf_rae_is_consistent() {
    // Moderate noise: 20 m in range, 1 mrad in angle (50 m cross-range at 50 km).
    let sensor = RangeAzEl::new(Vector3::zeros(), 20.0, 1e-3, 1e-3).unwrap();
    let model = ConstantVelocity::new(1.0).unwrap();
    let out = monte_carlo(SEED + 1, model, rae(sensor, RaeProcessing::Extended));
    assert_consistent("EKF-RAE", &out);
}

#[test]
fn converted_measurement_kf_is_consistent() {
    // Same radar, 3 mrad angles (150 m cross-range), processed as debiased Cartesian.
    let sensor = RangeAzEl::new(Vector3::zeros(), 20.0, 3e-3, 3e-3).unwrap();
    let model = ConstantVelocity::new(1.0).unwrap();
    let out = monte_carlo(SEED + 2, model, rae(sensor, RaeProcessing::Converted));
    assert_consistent("converted KF", &out);
}

#[test]
fn mismatched_filter_fails_the_same_check() {
    // Negative control: the filter believes σ = 15 m while the sensor has 30 m. The same
    // statistics must flag it at (nearly) every step, or the checks above prove nothing.
    let model = ConstantVelocity::new(1.0).unwrap();
    let believed = CartesianPosition::isotropic(15.0).unwrap();
    let out = monte_carlo(SEED, model, cartesian(30.0, believed));
    let (outside_nis, (_, hi)) = out.nis.outside_99(RUNS);
    assert!(
        outside_nis.len() >= STEPS - 2,
        "NIS flagged only {} of {STEPS} steps",
        outside_nis.len()
    );
    let (mean, _) = out.nis.grand_mean(RUNS);
    assert!(
        mean > 2.0 * hi,
        "grand-mean NIS {mean} should be far above {hi}"
    );
    let (outside_nees, _) = out.nees.outside_99(RUNS);
    assert!(
        outside_nees.len() >= STEPS / 2,
        "NEES flagged {} steps",
        outside_nees.len()
    );
}
