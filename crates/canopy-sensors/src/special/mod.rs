//! Special functions behind the detection statistics: log-gamma and the regularised
//! incomplete gamma functions P(a, x) and Q(a, x) = 1 − P(a, x).
//!
//! Algorithms are the classic ones of Numerical Recipes (Press et al., 3rd ed., §6.1–6.2):
//! the Lanczos approximation for ln Γ, the power series for P when x < a + 1 and the
//! Lentz continued fraction for Q otherwise. Both converge in O(√a) terms, and choosing the
//! branch by x < a + 1 means the smaller of P and Q is always the one computed directly, so
//! neither loses relative precision to cancellation.

#[cfg(test)]
mod tests;

/// Relative accuracy the series and continued fraction iterate to.
const EPS: f64 = 1e-16;
/// Guards the continued fraction against division by zero.
const FPMIN: f64 = 1e-300;
/// Iteration cap; convergence takes O(√a) steps, so this is only hit for absurd inputs.
const MAX_ITER: usize = 100_000;

/// Lanczos coefficients for g = 7, n = 9 (relative accuracy ~1e-15 for x ≥ 1/2).
const LANCZOS_G: f64 = 7.0;
const LANCZOS: [f64; 9] = [
    0.999_999_999_999_809_9,
    676.520_368_121_885_1,
    -1_259.139_216_722_402_8,
    771.323_428_777_653_1,
    -176.615_029_162_140_6,
    12.507_343_278_686_905,
    -0.138_571_095_265_720_12,
    9.984_369_578_019_572e-6,
    1.505_632_735_149_311_6e-7,
];

/// ln Γ(x) for x > 0 (Lanczos, g = 7, n = 9; relative error ~1e-15). The one
/// implementation in the workspace: the tracker's chi-square and the
/// studies' intervals use it too.
pub fn ln_gamma(x: f64) -> f64 {
    if x < 0.5 {
        // Lanczos is accurate for x ≥ 1/2; step up with Γ(x) = Γ(x + 1)/x.
        return ln_gamma(x + 1.0) - x.ln();
    }
    let x = x - 1.0;
    let series = LANCZOS[1..]
        .iter()
        .enumerate()
        .fold(LANCZOS[0], |acc, (i, &c)| acc + c / (x + (i + 1) as f64));
    let t = x + LANCZOS_G + 0.5;
    0.5 * (2.0 * std::f64::consts::PI).ln() + (x + 0.5) * t.ln() - t + series.ln()
}

/// ln of the leading factor e^(−x)·x^a / Γ(a + 1) shared by the series and the pdf terms.
fn ln_prefactor(a: f64, x: f64) -> f64 {
    -x + a * x.ln() - ln_gamma(a + 1.0)
}

/// Σ x^n / ((a+1)…(a+n)), the series with P(a, x) = e^(−x)·x^a/Γ(a+1) · Σ. Used for x < a + 1.
fn lower_series(a: f64, x: f64) -> f64 {
    let (mut sum, mut term, mut ap) = (1.0, 1.0, a);
    for _ in 0..MAX_ITER {
        ap += 1.0;
        term *= x / ap;
        sum += term;
        if term < sum * EPS {
            break;
        }
    }
    sum
}

/// Q(a, x) by the continued fraction (modified Lentz), for x ≥ a + 1.
fn upper_fraction(a: f64, x: f64) -> f64 {
    let mut b = x + 1.0 - a;
    let mut c = 1.0 / FPMIN;
    let mut d = 1.0 / b;
    let mut h = d;
    for i in 1..MAX_ITER {
        let an = -(i as f64) * (i as f64 - a);
        b += 2.0;
        d = an * d + b;
        if d.abs() < FPMIN {
            d = FPMIN;
        }
        c = b + an / c;
        if c.abs() < FPMIN {
            c = FPMIN;
        }
        d = 1.0 / d;
        let delta = d * c;
        h *= delta;
        if (delta - 1.0).abs() < EPS {
            break;
        }
    }
    // e^(−x)·x^a/Γ(a) = a · e^(−x)·x^a/Γ(a+1).
    (ln_prefactor(a, x) + a.ln()).exp() * h
}

/// Regularised incomplete gamma functions (P(a, x), Q(a, x)) for a > 0, x ≥ 0 (the
/// detection statistics use a ≥ 1; the tracker's chi-square CDF a = dof/2 ≥ 1/2).
pub fn gamma_pq(a: f64, x: f64) -> (f64, f64) {
    if x <= 0.0 {
        (0.0, 1.0)
    } else if x < a + 1.0 {
        let p = (ln_prefactor(a, x) + lower_series(a, x).ln()).exp();
        (p, 1.0 - p)
    } else {
        let q = upper_fraction(a, x);
        (1.0 - q, q)
    }
}

/// Regularised upper incomplete gamma Q(a, x) (the chi-square/Erlang tail).
pub(crate) fn gamma_q(a: f64, x: f64) -> f64 {
    gamma_pq(a, x).1
}

/// ln P(a, x), accurate even when P underflows (used for the scaled forms c^(−a)·P(a, c·x)).
pub(crate) fn ln_gamma_p(a: f64, x: f64) -> f64 {
    if x <= 0.0 {
        f64::NEG_INFINITY
    } else if x < a + 1.0 {
        ln_prefactor(a, x) + lower_series(a, x).ln()
    } else {
        (-upper_fraction(a, x)).ln_1p()
    }
}

/// e^(−x)·x^a/Γ(a+1): the Poisson probability of exactly `a` events at mean `x`, i.e. the
/// step Q(a+1, x) − Q(a, x). Computed in logs so large `a` and `x` do not overflow.
pub(crate) fn poisson_term(a: f64, x: f64) -> f64 {
    if x <= 0.0 {
        if a == 0.0 { 1.0 } else { 0.0 }
    } else {
        ln_prefactor(a, x).exp()
    }
}

/// Solves Q(n, t) = `q` for t (n ≥ 1, 0 < q < 1): the square-law threshold on a sum of n
/// unit-power noise samples for false-alarm probability q.
///
/// Newton's method on ln Q, safeguarded by a bracket (Q is strictly decreasing in t), to a
/// relative accuracy of 1e-14.
pub(crate) fn inverse_gamma_q(n: f64, q: f64) -> f64 {
    if n == 1.0 {
        return -q.ln();
    }
    let target = q.ln();
    let (mut lo, mut hi) = (0.0, n + 10.0);
    while gamma_q(n, hi) > q {
        lo = hi;
        hi *= 2.0;
    }
    let mut t = 0.5 * (lo + hi);
    for _ in 0..200 {
        let qt = gamma_q(n, t);
        if qt > q {
            lo = t;
        } else {
            hi = t;
        }
        // d/dt ln Q(n, t) = −(pdf of Gamma(n)) / Q = −poisson_term(n−1, t) / Q.
        let slope = -poisson_term(n - 1.0, t) / qt;
        let newton = t - (qt.ln() - target) / slope;
        let next = if newton.is_finite() && newton > lo && newton < hi {
            newton
        } else {
            0.5 * (lo + hi)
        };
        if (next - t).abs() <= 1e-14 * t {
            return next;
        }
        t = next;
    }
    t
}
