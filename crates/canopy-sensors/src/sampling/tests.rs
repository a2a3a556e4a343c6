//! Moment checks of the samplers (fixed seed, 99.99 % intervals of the sample mean, and
//! ±4.5σ for the variance, whose sampling sd is estimated from the fourth moment).

use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

use super::{exponential, gamma, poisson, standard_normal};

const Z: f64 = 3.890_591_886;

/// Checks sample mean and variance of `draw` against the distribution's `mean`, `var` and
/// fourth central moment `mu4`.
fn check_moments(
    label: &str,
    n: usize,
    mut draw: impl FnMut() -> f64,
    mean: f64,
    var: f64,
    mu4: f64,
) {
    let xs: Vec<f64> = (0..n).map(|_| draw()).collect();
    let nf = n as f64;
    let m = xs.iter().sum::<f64>() / nf;
    let v = xs.iter().map(|x| (x - m).powi(2)).sum::<f64>() / (nf - 1.0);
    assert!(
        (m - mean).abs() < Z * (var / nf).sqrt(),
        "{label}: mean {m} vs {mean}"
    );
    let var_sd = ((mu4 - var * var) / nf).sqrt();
    assert!(
        (v - var).abs() < 4.5 * var_sd,
        "{label}: variance {v} vs {var}"
    );
}

#[test]
fn normal_exponential_gamma_moments() {
    let mut rng = ChaCha8Rng::seed_from_u64(1);
    check_moments(
        "normal",
        200_000,
        || standard_normal(&mut rng),
        0.0,
        1.0,
        3.0,
    );
    check_moments(
        "exponential",
        200_000,
        || exponential(&mut rng),
        1.0,
        1.0,
        9.0,
    );
    for k in [1.0f64, 2.0, 8.0, 40.0] {
        // Gamma(k, 1): mean k, variance k, fourth central moment 3k² + 6k.
        check_moments(
            &format!("gamma({k})"),
            100_000,
            || gamma(&mut rng, k),
            k,
            k,
            3.0 * k * k + 6.0 * k,
        );
    }
}

#[test]
fn poisson_moments_both_branches() {
    let mut rng = ChaCha8Rng::seed_from_u64(2);
    // Poisson(λ): mean = variance = λ, fourth central moment λ(1 + 3λ).
    for lambda in [0.3f64, 4.0, 9.9, 10.0, 37.5, 2_500.0] {
        check_moments(
            &format!("poisson({lambda})"),
            100_000,
            || poisson(&mut rng, lambda) as f64,
            lambda,
            lambda,
            lambda * (1.0 + 3.0 * lambda),
        );
    }
    assert_eq!(poisson(&mut rng, 0.0), 0);
}

#[test]
fn poisson_small_counts_have_the_right_pmf() {
    // P(10) and P(12) of Poisson(12) (PTRS branch) within 99.99 % binomial intervals.
    let mut rng = ChaCha8Rng::seed_from_u64(3);
    let n = 200_000;
    let draws: Vec<u64> = (0..n).map(|_| poisson(&mut rng, 12.0)).collect();
    for (k, p) in [
        (10u64, (-12f64).exp() * 12f64.powi(10) / 3_628_800.0),
        (12, (-12f64).exp() * 12f64.powi(12) / 479_001_600.0),
    ] {
        let rate = draws.iter().filter(|&&d| d == k).count() as f64 / n as f64;
        assert!(
            (rate - p).abs() < Z * (p * (1.0 - p) / n as f64).sqrt(),
            "P({k}) {rate} vs {p}"
        );
    }
}
