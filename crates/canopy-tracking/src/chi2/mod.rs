//! Chi-square distribution: CDF and inverse CDF for gate thresholds and consistency tests.
//!
//! The CDF is the regularised lower incomplete gamma function `P(k/2, x/2)`
//! (`canopy_sensors::special::gamma_pq`, the workspace's one implementation: power series
//! below `a + 1`, Lentz continued fraction for `Q = 1 − P` above; Press et al., *Numerical
//! Recipes*, 3rd ed., §6.2). The quantile inverts it by
//! safeguarded Newton iteration from the Wilson–Hilferty approximation, working on
//! whichever tail is smaller so that probabilities like 1 − 1e-12 stay accurate.

#[cfg(test)]
mod tests;

use crate::error::{Result, TrackingError, finite, positive};
use canopy_sensors::special::{gamma_pq, ln_gamma};

/// Relative accuracy the Newton iteration aims for.
const EPS: f64 = 1e-15;
/// Iteration cap of the bracketing and of the Newton iteration (each needs a handful).
const MAX_ITER: usize = 20_000;

/// Checks a degrees-of-freedom argument (finite, `> 0`; need not be an integer).
fn checked_dof(dof: f64) -> Result<f64> {
    positive("chi-square degrees of freedom", dof)
}

/// `P(X <= x)` for `X ~ χ²(dof)`.
pub fn cdf(dof: f64, x: f64) -> Result<f64> {
    let dof = checked_dof(dof)?;
    let x = finite("chi-square argument", x)?;
    Ok(gamma_pq(0.5 * dof, 0.5 * x.max(0.0)).0)
}

/// Standard normal quantile (Acklam's rational approximation, relative error < 1.2e-9):
/// only the starting point of the Newton iteration, so its accuracy is not critical.
fn normal_quantile(p: f64) -> f64 {
    const A: [f64; 6] = [
        -3.969_683_028_665_376e1,
        2.209_460_984_245_205e2,
        -2.759_285_104_469_687e2,
        1.383_577_518_672_69e2,
        -3.066_479_806_614_716e1,
        2.506_628_277_459_239,
    ];
    const B: [f64; 5] = [
        -5.447_609_879_822_406e1,
        1.615_858_368_580_409e2,
        -1.556_989_798_598_866e2,
        6.680_131_188_771_972e1,
        -1.328_068_155_288_572e1,
    ];
    const C: [f64; 6] = [
        -7.784_894_002_430_293e-3,
        -3.223_964_580_411_365e-1,
        -2.400_758_277_161_838,
        -2.549_732_539_343_734,
        4.374_664_141_464_968,
        2.938_163_982_698_783,
    ];
    const D: [f64; 4] = [
        7.784_695_709_041_462e-3,
        3.224_671_290_700_398e-1,
        2.445_134_137_142_996,
        3.754_408_661_907_416,
    ];
    let tail = |q: f64| {
        let q = (-2.0 * q.ln()).sqrt();
        (((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5])
            / ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1.0)
    };
    if p < 0.02425 {
        tail(p)
    } else if p > 1.0 - 0.02425 {
        -tail(1.0 - p)
    } else {
        let q = p - 0.5;
        let r = q * q;
        (((((A[0] * r + A[1]) * r + A[2]) * r + A[3]) * r + A[4]) * r + A[5]) * q
            / (((((B[0] * r + B[1]) * r + B[2]) * r + B[3]) * r + B[4]) * r + 1.0)
    }
}

/// The `p`-quantile (inverse CDF) of `χ²(dof)`: the `x` with `P(X <= x) = p`,
/// for `0 < p < 1`.
pub fn quantile(dof: f64, p: f64) -> Result<f64> {
    let dof = checked_dof(dof)?;
    let p = finite("probability", p)?;
    if p <= 0.0 || p >= 1.0 {
        return Err(TrackingError::OutOfRange {
            what: "probability",
            bound: "in (0, 1)",
            value: p,
        });
    }
    let a = 0.5 * dof;
    // Solve on the smaller tail: `upper` means we match Q(a, y) = 1 − p.
    let upper = p > 0.5;
    let target = if upper { 1.0 - p } else { p };
    let tail = |y: f64| {
        let (lower_p, upper_q) = gamma_pq(a, y);
        if upper { upper_q } else { lower_p }
    };
    // Wilson–Hilferty start, in the gamma variable y = x/2.
    let h = 2.0 / (9.0 * dof);
    let wh = dof * (1.0 - h + normal_quantile(p) * h.sqrt()).powi(3);
    let mut y = if wh > 0.0 {
        0.5 * wh
    } else {
        0.5 * dof.min(1.0)
    };
    // Bracket [lo, hi] with tail(lo) and tail(hi) on either side of the target; the lower
    // tail increases with y, the upper tail decreases.
    let below = |y: f64| (tail(y) < target) != upper;
    let (mut lo, mut hi) = (0.0_f64, y);
    for _ in 0..MAX_ITER {
        if !below(hi) {
            break;
        }
        lo = hi;
        hi *= 2.0;
    }
    if below(hi) {
        return Err(TrackingError::NonFinite {
            what: "chi-square quantile (no bracket found)",
            value: hi,
        });
    }
    let ln_gamma_a = ln_gamma(a);
    for _ in 0..MAX_ITER {
        let f = tail(y) - target;
        if f == 0.0 {
            break;
        }
        if below(y) {
            lo = y;
        } else {
            hi = y;
        }
        // d/dy P(a, y) is the gamma density; the upper tail has the opposite sign.
        let density = ((a - 1.0) * y.ln() - y - ln_gamma_a).exp();
        let slope = if upper { -density } else { density };
        let mut next = y - f / slope;
        if next.is_nan() || next <= lo || next >= hi {
            next = 0.5 * (lo + hi);
        }
        let converged = (next - y).abs() <= EPS * 10.0 * y || hi - lo <= EPS * hi;
        y = next;
        if converged {
            break;
        }
    }
    Ok(2.0 * y)
}

/// Ellipsoidal gate threshold on the NIS (squared Mahalanobis distance) that a true
/// measurement passes with probability `p_gate`: the `p_gate`-quantile of `χ²(dof)`, `dof`
/// being the measurement dimension (e.g. 3 for a 3-D position, 0.99 → 11.345).
pub fn gate_threshold(dof: usize, p_gate: f64) -> Result<f64> {
    quantile(dof as f64, p_gate)
}

/// Two-sided `confidence` interval of the mean of `runs` independent `χ²(dof)` variables,
/// e.g. the run-averaged NEES or NIS of a Monte Carlo consistency test (Bar-Shalom, Li &
/// Kirubarajan 2001, §5.4.2): `[χ²⁻¹((1−c)/2, runs·dof), χ²⁻¹((1+c)/2, runs·dof)] / runs`.
pub fn mean_interval(dof: usize, runs: usize, confidence: f64) -> Result<(f64, f64)> {
    let total = dof as f64 * runs as f64;
    let alpha = 0.5 * (1.0 - confidence);
    let runs = runs as f64;
    Ok((
        quantile(total, alpha)? / runs,
        quantile(total, 1.0 - alpha)? / runs,
    ))
}
