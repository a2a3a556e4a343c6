//! The regularised incomplete beta function and its inverse, behind the
//! Clopper–Pearson bounds and Student's t quantiles.
//!
//! Algorithms of Numerical Recipes (Press et al., 3rd ed., §6.1, §6.4): the
//! Lanczos approximation for ln Γ, and for I_x(a, b) the continued fraction
//! evaluated by the modified Lentz method, on whichever of x and 1 − x makes
//! it converge fast (the other side by symmetry). The inverse bisects, since
//! I_x is monotone in x and bisection cannot diverge for extreme arguments.
//! ln Γ is canopy-sensors'; the incomplete beta is needed only here.

/// Relative accuracy of the continued fraction.
const EPS: f64 = 1e-16;
/// Guards the continued fraction against division by zero.
const FPMIN: f64 = 1e-300;

/// ln Γ: the one Lanczos implementation, canopy-sensors'.
pub(super) use canopy_sensors::special::ln_gamma;

/// Continued fraction of I_x(a, b) (NR `betacf`), converging fast for
/// x < (a + 1)/(a + b + 2).
fn continued_fraction(a: f64, b: f64, x: f64) -> f64 {
    let (qab, qap, qam) = (a + b, a + 1.0, a - 1.0);
    let mut c = 1.0;
    let mut d = 1.0 - qab * x / qap;
    if d.abs() < FPMIN {
        d = FPMIN;
    }
    d = 1.0 / d;
    let mut h = d;
    // Convergence takes O(√max(a, b)) terms; the cap only stops absurd inputs.
    let max_iter = 10_000 + 10 * (a.max(b).sqrt() as usize);
    for m in 1..=max_iter {
        let m = m as f64;
        let m2 = 2.0 * m;
        let aa = m * (b - m) * x / ((qam + m2) * (a + m2));
        d = 1.0 + aa * d;
        if d.abs() < FPMIN {
            d = FPMIN;
        }
        c = 1.0 + aa / c;
        if c.abs() < FPMIN {
            c = FPMIN;
        }
        d = 1.0 / d;
        h *= d * c;
        let aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2));
        d = 1.0 + aa * d;
        if d.abs() < FPMIN {
            d = FPMIN;
        }
        c = 1.0 + aa / c;
        if c.abs() < FPMIN {
            c = FPMIN;
        }
        d = 1.0 / d;
        let delta = d * c;
        h *= delta;
        if (delta - 1.0).abs() <= EPS {
            break;
        }
    }
    h
}

/// The regularised incomplete beta function I_x(a, b), a, b ≥ 1/2.
pub(super) fn beta_inc(x: f64, a: f64, b: f64) -> f64 {
    if x <= 0.0 {
        return 0.0;
    }
    if x >= 1.0 {
        return 1.0;
    }
    let ln_front = ln_gamma(a + b) - ln_gamma(a) - ln_gamma(b) + a * x.ln() + b * (-x).ln_1p();
    let front = ln_front.exp();
    if x < (a + 1.0) / (a + b + 2.0) {
        front * continued_fraction(a, b, x) / a
    } else {
        1.0 - front * continued_fraction(b, a, 1.0 - x) / b
    }
}

/// x with I_x(a, b) = p, for p in [0, 1] and a, b ≥ 1/2, to a relative
/// accuracy of about 1e-15 in x.
pub(super) fn beta_quantile(p: f64, a: f64, b: f64) -> f64 {
    if p <= 0.0 {
        return 0.0;
    }
    if p >= 1.0 {
        return 1.0;
    }
    let (mut lo, mut hi) = (0.0_f64, 1.0_f64);
    for _ in 0..400 {
        let mid = 0.5 * (lo + hi);
        if mid <= lo || mid >= hi || hi - lo <= 1e-15 * mid {
            break;
        }
        if beta_inc(mid, a, b) < p {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    0.5 * (lo + hi)
}
