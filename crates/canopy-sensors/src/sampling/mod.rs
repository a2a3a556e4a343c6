//! Random variates the look and false-alarm draws need: standard normal, exponential,
//! gamma and Poisson. Written here (rather than pulling in `rand_distr`) so the streams are
//! defined by this crate alone and stay bit-reproducible whatever features other crates
//! enable. All take the caller's generator; nothing is global.

#[cfg(test)]
mod tests;

use rand::{Rng, RngExt};

use crate::special::ln_gamma;

/// Uniform on the open interval (0, 1): safe to take the logarithm of.
fn open_unit<R: Rng + ?Sized>(rng: &mut R) -> f64 {
    loop {
        let u: f64 = rng.random();
        if u > 0.0 {
            return u;
        }
    }
}

/// Standard normal N(0, 1) by the Box–Muller transform (one of the pair is discarded, which
/// keeps the function stateless).
pub fn standard_normal<R: Rng + ?Sized>(rng: &mut R) -> f64 {
    let radius = (-2.0 * open_unit(rng).ln()).sqrt();
    let angle = std::f64::consts::TAU * rng.random::<f64>();
    radius * angle.cos()
}

/// Exponential with mean 1.
pub(crate) fn exponential<R: Rng + ?Sized>(rng: &mut R) -> f64 {
    -open_unit(rng).ln()
}

/// Gamma(shape, 1) for shape ≥ 1 by Marsaglia & Tsang (ACM TOMS 26(3), 2000): constant
/// expected cost whatever the shape, so SW2/SW4 looks with many pulses stay cheap.
pub(crate) fn gamma<R: Rng + ?Sized>(rng: &mut R, shape: f64) -> f64 {
    let d = shape - 1.0 / 3.0;
    let c = 1.0 / (9.0 * d).sqrt();
    loop {
        let x = standard_normal(rng);
        let v = (1.0 + c * x).powi(3);
        if v <= 0.0 {
            continue;
        }
        let u = open_unit(rng);
        if u.ln() < 0.5 * x * x + d - d * v + d * v.ln() {
            return d * v;
        }
    }
}

/// Poisson(mean) count: multiplication of uniforms for small means, Hörmann's PTRS
/// transformed rejection (Insurance: Math. & Econ. 12, 1993) for mean ≥ 10 so the cost does
/// not grow with the mean.
pub(crate) fn poisson<R: Rng + ?Sized>(rng: &mut R, mean: f64) -> u64 {
    if mean <= 0.0 {
        return 0;
    }
    if mean < 10.0 {
        let limit = (-mean).exp();
        let mut product = rng.random::<f64>();
        let mut count = 0;
        while product > limit {
            product *= rng.random::<f64>();
            count += 1;
        }
        return count;
    }
    let ln_mean = mean.ln();
    let b = 0.931 + 2.53 * mean.sqrt();
    let a = -0.059 + 0.02483 * b;
    let inv_alpha = 1.1239 + 1.1328 / (b - 3.4);
    let v_r = 0.9277 - 3.6224 / (b - 2.0);
    loop {
        let u = rng.random::<f64>() - 0.5;
        let v = open_unit(rng);
        let us = 0.5 - u.abs();
        let k = ((2.0 * a / us + b) * u + mean + 0.43).floor();
        if us >= 0.07 && v <= v_r {
            return k as u64;
        }
        if k < 0.0 || (us < 0.013 && v > us) {
            continue;
        }
        let log_accept = (v * inv_alpha / (a / (us * us) + b)).ln();
        if log_accept <= -mean + k * ln_mean - ln_gamma(k + 1.0) {
            return k as u64;
        }
    }
}
