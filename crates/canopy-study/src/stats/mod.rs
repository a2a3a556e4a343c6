//! Estimators with confidence intervals: proportions (Wilson and
//! Clopper–Pearson), means (Student t and normal) and ratios of totals
//! (delta method).
//!
//! Every estimator takes the raw counts or values and returns the point
//! estimate with its intervals; an estimator with no data returns `None`
//! fields (written as JSON `null`) rather than a made-up number.

mod special;
#[cfg(test)]
mod tests;

use serde::Serialize;

/// Confidence level of every interval Canopy reports.
pub const CONFIDENCE: f64 = 0.95;

/// A two-sided confidence interval.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Interval {
    /// Lower bound.
    pub lo: f64,
    /// Upper bound.
    pub hi: f64,
}

/// A binomial proportion: `successes` out of `trials`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Proportion {
    /// Successes counted.
    pub successes: u64,
    /// Trials counted (the denominator).
    pub trials: u64,
    /// successes / trials (None without trials).
    pub estimate: Option<f64>,
    /// Wilson score interval at [`CONFIDENCE`].
    pub wilson: Option<Interval>,
    /// Clopper–Pearson ("exact") interval at [`CONFIDENCE`].
    pub clopper_pearson: Option<Interval>,
}

impl Proportion {
    /// The proportion and its two intervals; `successes` is clamped to
    /// `trials` (callers count both from the same rows, so a larger value is
    /// a bug upstream, not user input).
    pub fn new(successes: u64, trials: u64) -> Proportion {
        let successes = successes.min(trials);
        if trials == 0 {
            return Proportion {
                successes,
                trials,
                estimate: None,
                wilson: None,
                clopper_pearson: None,
            };
        }
        Proportion {
            successes,
            trials,
            estimate: Some(successes as f64 / trials as f64),
            wilson: Some(wilson(successes, trials, CONFIDENCE)),
            clopper_pearson: Some(clopper_pearson(successes, trials, CONFIDENCE)),
        }
    }
}

/// Wilson score interval (the canopy-c2 closed form; `trials` > 0,
/// `successes` ≤ `trials`, `confidence` in (0, 1)).
pub fn wilson(successes: u64, trials: u64, confidence: f64) -> Interval {
    let (lo, hi) =
        canopy_c2::salvo::proportion_interval(successes, trials, confidence).unwrap_or((0.0, 1.0));
    Interval { lo, hi }
}

/// Clopper–Pearson interval: the bounds are beta quantiles,
///
/// lo = B⁻¹(α/2; k, n − k + 1) (0 when k = 0),
/// hi = B⁻¹(1 − α/2; k + 1, n − k) (1 when k = n),
///
/// with α = 1 − `confidence`. It never undercovers, at the price of being
/// wider than Wilson's. `trials` > 0 and `successes` ≤ `trials`.
pub fn clopper_pearson(successes: u64, trials: u64, confidence: f64) -> Interval {
    let (k, n) = (successes as f64, trials as f64);
    let alpha = 1.0 - confidence;
    let lo = if successes == 0 {
        0.0
    } else {
        special::beta_quantile(alpha / 2.0, k, n - k + 1.0)
    };
    let hi = if successes >= trials {
        1.0
    } else {
        special::beta_quantile(1.0 - alpha / 2.0, k + 1.0, n - k)
    };
    Interval { lo, hi }
}

/// Quantile of Student's t distribution with `dof` > 0 degrees of freedom,
/// for p in (0, 1), through the incomplete beta function:
/// P(|T| > t) = I_x(ν/2, 1/2) with x = ν/(ν + t²).
pub fn student_t_quantile(p: f64, dof: f64) -> f64 {
    if p == 0.5 {
        return 0.0;
    }
    let tail = 2.0 * p.min(1.0 - p);
    let x = special::beta_quantile(tail, dof / 2.0, 0.5);
    let t = (dof * (1.0 - x) / x).sqrt();
    if p > 0.5 { t } else { -t }
}

/// Standard normal quantile (canopy-c2's AS 241; p in (0, 1)).
fn normal_quantile(p: f64) -> f64 {
    canopy_c2::salvo::normal_quantile(p).unwrap_or(f64::NAN)
}

/// Lower end of the support of a non-negative sample: 0 when every value
/// is non-negative (counts, rounds, times), else −∞. A mean of non-negative
/// quantities cannot be negative, so clipping an interval there loses no
/// coverage, while a symmetric interval over few runs would report
/// impossible values such as −0.3 leakers.
fn support_floor(mut values: impl Iterator<Item = f64>) -> f64 {
    if values.all(|v| v >= 0.0) {
        0.0
    } else {
        f64::NEG_INFINITY
    }
}

/// A sample mean with its intervals.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Mean {
    /// Sample size.
    pub n: u64,
    /// Sample mean (None when empty).
    pub mean: Option<f64>,
    /// Sample standard deviation, n − 1 denominator (None below 2 values).
    pub sd: Option<f64>,
    /// Student t interval at [`CONFIDENCE`] (None below 2 values).
    pub t: Option<Interval>,
    /// Normal-approximation interval at [`CONFIDENCE`] (None below 2 values).
    pub normal: Option<Interval>,
}

impl Mean {
    /// The mean of `values` and its t and normal intervals,
    /// mean ± q·sd/√n with q the t (n − 1 dof) or normal quantile, clipped
    /// at 0 when every value is non-negative (see [`support_floor`]).
    pub fn of(values: &[f64]) -> Mean {
        let n = values.len();
        if n == 0 {
            return Mean {
                n: 0,
                mean: None,
                sd: None,
                t: None,
                normal: None,
            };
        }
        let mean = values.iter().sum::<f64>() / n as f64;
        if n < 2 {
            return Mean {
                n: n as u64,
                mean: Some(mean),
                sd: None,
                t: None,
                normal: None,
            };
        }
        let var = values.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / (n - 1) as f64;
        let sd = var.sqrt();
        let se = sd / (n as f64).sqrt();
        let p = 0.5 * (1.0 + CONFIDENCE);
        let floor = support_floor(values.iter().copied());
        let around = |q: f64| Interval {
            lo: (mean - q * se).max(floor),
            hi: mean + q * se,
        };
        Mean {
            n: n as u64,
            mean: Some(mean),
            sd: Some(sd),
            t: Some(around(student_t_quantile(p, (n - 1) as f64))),
            normal: Some(around(normal_quantile(p))),
        }
    }
}

/// A ratio of totals over runs, Σy / Σx (e.g. rounds per kill), with a
/// delta-method interval: the runs are the independent units.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Ratio {
    /// Runs.
    pub n: u64,
    /// Σy.
    pub numerator: f64,
    /// Σx.
    pub denominator: f64,
    /// Σy / Σx (None when Σx = 0).
    pub estimate: Option<f64>,
    /// R ± t·se with se = √(Σ(yᵢ − R·xᵢ)² / (n − 1) / n) / x̄, clipped at 0
    /// when every y and x is non-negative (None below 2 runs or when Σx = 0).
    pub t: Option<Interval>,
}

impl Ratio {
    /// The ratio of totals of `(y, x)` pairs, one pair per run.
    pub fn of(pairs: &[(f64, f64)]) -> Ratio {
        let n = pairs.len();
        // Folded from +0: `sum` starts at −0, which would print as `-0`.
        let numerator = pairs.iter().fold(0.0, |a, p| a + p.0);
        let denominator = pairs.iter().fold(0.0, |a, p| a + p.1);
        let estimate = (denominator != 0.0).then(|| numerator / denominator);
        let t = estimate.filter(|_| n >= 2).map(|r| {
            let xbar = denominator / n as f64;
            let s2 = pairs.iter().map(|(y, x)| (y - r * x).powi(2)).sum::<f64>() / (n - 1) as f64;
            let se = (s2 / n as f64).sqrt() / xbar.abs();
            let q = student_t_quantile(0.5 * (1.0 + CONFIDENCE), (n - 1) as f64);
            Interval {
                lo: (r - q * se).max(support_floor(pairs.iter().flat_map(|p| [p.0, p.1]))),
                hi: r + q * se,
            }
        });
        Ratio {
            n: n as u64,
            numerator,
            denominator,
            estimate,
            t,
        }
    }
}

/// Order statistics of a sample: the quantile at `q` in [0, 1] by linear
/// interpolation between closest ranks (R's and NumPy's default, "type 7").
/// `sorted` must be sorted ascending; None when empty.
pub fn quantile(sorted: &[f64], q: f64) -> Option<f64> {
    let n = sorted.len();
    if n == 0 {
        return None;
    }
    let h = (n - 1) as f64 * q.clamp(0.0, 1.0);
    let (i, frac) = (h.floor() as usize, h - h.floor());
    let next = sorted[(i + 1).min(n - 1)];
    Some(sorted[i] + frac * (next - sorted[i]))
}
