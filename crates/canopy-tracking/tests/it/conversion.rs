//! Debiased converted measurement: Monte Carlo check of unbiasedness and covariance.

use canopy_tracking::{RangeAzEl, chi2};
use nalgebra::{Matrix3, Vector3};

use crate::common::{normal, run_rng};

/// Sample mean and covariance of the mean (covariance / n) of a set of 3-vectors.
struct Moments {
    sum: Vector3<f64>,
    outer: Matrix3<f64>,
    n: usize,
}

impl Moments {
    fn new() -> Self {
        Self {
            sum: Vector3::zeros(),
            outer: Matrix3::zeros(),
            n: 0,
        }
    }

    fn add(&mut self, v: Vector3<f64>) {
        self.sum += v;
        self.outer += v * v.transpose();
        self.n += 1;
    }

    /// Hotelling-type statistic `n (x̄ − μ)ᵀ C⁻¹ (x̄ − μ)`: approximately χ²(3) when the
    /// population mean is `mu` (n is large here).
    fn mean_test(&self, mu: &Vector3<f64>) -> f64 {
        let n = self.n as f64;
        let mean = self.sum / n;
        let cov = self.outer / n - mean * mean.transpose();
        let d = mean - mu;
        n * d.dot(&(cov.try_inverse().unwrap() * d))
    }
}

#[test]
fn debiased_conversion_is_unbiased_and_plain_conversion_is_not() {
    // Large angle noise (2°) at 50 km, where Lerro & Bar-Shalom's criterion
    // r·σ²/σ_r ≈ 6 ≫ 0.4 says the plain conversion's bias matters.
    let sigma_angle = 2f64.to_radians();
    let s = RangeAzEl::new(Vector3::zeros(), 10.0, sigma_angle, sigma_angle).unwrap();
    let truth_rae = Vector3::new(50e3, 0.5, 0.2);
    let truth = s.to_position(&truth_rae).unwrap();
    let mut rng = run_rng(11, 0);
    let n = 40_000;
    let (mut debiased, mut plain) = (Moments::new(), Moments::new());
    let mut sum_cov = Matrix3::zeros();
    let mut sum_err = Matrix3::zeros();
    for _ in 0..n {
        let z = truth_rae
            + s.sigma()
                .component_mul(&Vector3::from_fn(|_, _| normal(&mut rng)));
        let (u, model) = s.convert_debiased(&z).unwrap();
        debiased.add(u);
        plain.add(s.to_position(&z).unwrap());
        sum_cov += canopy_tracking::MeasurementModel::noise(&model);
        sum_err += (u - truth) * (u - truth).transpose();
    }
    // 99.99 % point of χ²(3): the mean test of a correct mean exceeds it 1 time in 10⁴.
    let limit = chi2::quantile(3.0, 0.9999).unwrap();
    let t_debiased = debiased.mean_test(&truth);
    assert!(
        t_debiased < limit,
        "debiased mean test {t_debiased:.2} > {limit:.2}"
    );
    // E[plain | truth] = (λa·λe·e, λa·λe·n, λe·u) exactly, λ = exp(−σ²/2).
    let lam = (-0.5 * sigma_angle * sigma_angle).exp();
    let plain_expected = Vector3::new(truth[0] * lam * lam, truth[1] * lam * lam, truth[2] * lam);
    let t_plain_closed = plain.mean_test(&plain_expected);
    assert!(
        t_plain_closed < limit,
        "plain bias differs from the closed form: {t_plain_closed:.2}"
    );
    let t_plain_truth = plain.mean_test(&truth);
    assert!(
        t_plain_truth > 2.0 * limit,
        "plain conversion should be detectably biased (~60 m): test {t_plain_truth:.2}"
    );
    // The conditional covariance, averaged over measurements, matches the true error
    // covariance to first order; with these (large) angle errors the second-order
    // mismatch plus sampling error (~1 %) stays below 5 % of the matrix.
    let rel = (sum_cov - sum_err).norm() / sum_err.norm();
    assert!(rel < 0.05, "converted covariance off by {rel:.4} relative");
}
