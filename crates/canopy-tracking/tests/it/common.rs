//! Shared helpers: seeded random streams, Gaussian draws, chi-square bookkeeping.

use canopy_tracking::chi2;
use nalgebra::{SMatrix, SVector};
use rand::{Rng, RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// The random stream of Monte Carlo run `run` under master seed `seed`: one independent
/// ChaCha8 stream per run, so runs do not share draws.
pub fn run_rng(seed: u64, run: usize) -> ChaCha8Rng {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    rng.set_stream(run as u64);
    rng
}

/// A standard normal draw (Box–Muller; rand has no normal without rand_distr).
pub fn normal<R: Rng>(rng: &mut R) -> f64 {
    // 1 − U lies in (0, 1], so the logarithm is finite.
    let u1 = 1.0 - rng.random::<f64>();
    let u2 = rng.random::<f64>();
    (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos()
}

/// A draw from `N(0, cov)` for a positive definite `cov`.
pub fn gaussian<R: Rng, const N: usize>(rng: &mut R, cov: &SMatrix<f64, N, N>) -> SVector<f64, N> {
    let l = cov.cholesky().expect("test covariance is SPD").l();
    l * SVector::<f64, N>::from_fn(|_, _| normal(rng))
}

/// Run-averaged NEES/NIS per time step, checked against the two-sided 99 % interval of
/// the mean of `runs` chi-square variables with `dof` degrees of freedom.
pub struct Averages {
    /// Sum over runs, per step.
    pub sums: Vec<f64>,
    /// Degrees of freedom of one sample.
    pub dof: usize,
}

impl Averages {
    pub fn new(steps: usize, dof: usize) -> Self {
        Self {
            sums: vec![0.0; steps],
            dof,
        }
    }

    /// Steps whose run average falls outside the 99 % interval, and the interval.
    pub fn outside_99(&self, runs: usize) -> (Vec<(usize, f64)>, (f64, f64)) {
        let (lo, hi) = chi2::mean_interval(self.dof, runs, 0.99).unwrap();
        let outside = self
            .sums
            .iter()
            .map(|s| s / runs as f64)
            .enumerate()
            .filter(|&(_, m)| m < lo || m > hi)
            .collect();
        (outside, (lo, hi))
    }

    /// Grand mean over all steps and runs, and the 99.99 % interval it would have if all
    /// samples were independent (true for the NIS of a matched linear filter, whose
    /// innovations are white).
    pub fn grand_mean(&self, runs: usize) -> (f64, (f64, f64)) {
        let n = self.sums.len() * runs;
        let mean = self.sums.iter().sum::<f64>() / n as f64;
        (mean, chi2::mean_interval(self.dof, n, 0.9999).unwrap())
    }
}

/// The largest number of the `steps` per-step checks that may fall outside their 99 %
/// interval by chance: the 99.99 % point of Binomial(steps, 0.01), so a consistent
/// filter fails this only 1 time in 10 000 (for independent steps).
pub fn allowed_outside(steps: usize) -> usize {
    let p: f64 = 0.01;
    let mut cdf = 0.0;
    let mut term = (1.0 - p).powi(steps as i32);
    for k in 0..=steps {
        cdf += term;
        if cdf >= 0.9999 {
            return k;
        }
        term *= (steps - k) as f64 / (k + 1) as f64 * p / (1.0 - p);
    }
    steps
}
