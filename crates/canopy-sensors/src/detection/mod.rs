//! Probability of detection of a square-law detector with N pulses non-coherently
//! integrated, for Swerling 0–4 targets, its inverse (required SNR), and the Albersheim and
//! Shnidman approximations (MODELS.md §2).
//!
//! # Model and exact forms
//!
//! Each pulse gives a complex sample `s + n` with unit-power circular Gaussian noise
//! (E|n|² = 1), so the single-pulse SNR `S` is the mean of |s|². The detector compares
//! `Y = Σ |s_i + n_i|²` over N pulses with a threshold `T` fixed by the false-alarm
//! probability: with noise only, Y ~ Gamma(N, 1), so `Pfa = Q_Γ(N, T)` (regularised upper
//! incomplete gamma) and `T = Q_Γ⁻¹(N, Pfa)`; for N = 1, T = −ln Pfa.
//!
//! Every Pd below is exact (no quadrature), derived from the moment-generating function of Y
//! and checked in the tests against numerical integration over the RCS pdf, the MODELS.md
//! §2.4 tables and Monte Carlo simulation of the detector itself:
//!
//! * **Swerling 0** (steady): Y is non-central, Pd is the generalised Marcum Q_N(√(2NS), √(2T)),
//!   evaluated as its Poisson mixture `Pd = 1 − Σ_j Pois(j; NS)·P_Γ(N+j, T)`. The sum is cut
//!   when the remaining P_Γ tail is below 1e-16, so it costs O(T + N) flops whatever the SNR.
//! * **Swerling 1** (exponential RCS, constant over the dwell): Y ~ Gamma(N−1, 1) +
//!   Exp(1+NS), hence `Pd = Q_Γ(N−1, T) + (1 + 1/(NS))^(N−1)·P_Γ(N−1, T/(1+1/(NS)))·e^(−T/(1+NS))`
//!   (the classic Swerling 1 result, e.g. Richards, *Fundamentals of Radar Signal
//!   Processing*, ch. 6; N = 1: Pfa^(1/(1+S))).
//! * **Swerling 2** (exponential, pulse to pulse): Y ~ Gamma(N, 1+S), `Pd = Q_Γ(N, T/(1+S))`.
//! * **Swerling 3** (chi-square 4 d.o.f., constant over the dwell): Y ~ Gamma(N−2, 1) +
//!   Gamma(2, β), β = 1 + NS/2. With c = 1 − 1/β and m = N − 2 ≥ 1:
//!   `Pd = Q_Γ(m, T) + e^(−T/β)·[(1 + T/β)·c^(−m)·P_Γ(m, cT) − (m/β)·c^(−m−1)·P_Γ(m+1, cT)]`;
//!   N = 2: `Q_Γ(2, T/β)`; N = 1: `e^(−T/β)·(1 + 2ST/(2+S)²)`.
//! * **Swerling 4** (chi-square 4 d.o.f., pulse to pulse): each pulse is the mixture
//!   (1/β)·Exp(β) + (1−1/β)·Gamma(2, β), β = 1 + S/2, so
//!   `Pd = Σ_k C(N,k)·β^(−(N−k))·(1−1/β)^k·Q_Γ(N+k, T/β)` (a finite sum).
//!
//! The expensive part that depends only on (Pfa, N) — the threshold and the incomplete gamma
//! values at T — is computed once in [`Detector::new`]; [`Detector::pd`] then costs one or
//! two incomplete gamma evaluations (SW1–3) or an O(N + T) loop (SW0, SW4). Measured at
//! 12 ns to 1.1 µs per call for N ≤ 30 (`benches/pd.rs`, docs/bench/canopy-sensors.md),
//! which is why there is no interpolation table: it would add approximation error to save
//! time the engine does not need.

mod approximations;

pub use approximations::{albersheim_snr_db, shnidman_snr_db};

use crate::error::{Result, SensorError, check, open_probability};
use crate::special::{gamma_pq, gamma_q, inverse_gamma_q, ln_gamma_p, poisson_term};
use crate::units::db_to_linear;

/// Most pulses a [`Detector`] integrates; beyond this the O(N) sums stop being cheap and no
/// air-defence radar dwell is that long.
pub const MAX_PULSES: u32 = 10_000;

/// Swerling target-fluctuation model (MODELS.md §2.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Swerling {
    /// Non-fluctuating RCS (also called Swerling V).
    Zero,
    /// Exponential RCS (chi-square, 2 d.o.f.), constant over a dwell, independent between dwells.
    One,
    /// Exponential RCS, independent from pulse to pulse.
    Two,
    /// Chi-square 4 d.o.f. RCS (one dominant scatterer), constant over a dwell.
    Three,
    /// Chi-square 4 d.o.f. RCS, independent from pulse to pulse.
    Four,
}

impl Swerling {
    /// All five cases, in order.
    pub const ALL: [Swerling; 5] = [Self::Zero, Self::One, Self::Two, Self::Three, Self::Four];

    /// The model with Swerling number `case` (0–4).
    pub fn from_case(case: u8) -> Result<Self> {
        Self::ALL
            .get(usize::from(case))
            .copied()
            .ok_or(SensorError::InvalidParameter {
                name: "swerling case",
                value: f64::from(case),
                expected: "0, 1, 2, 3 or 4",
            })
    }

    /// The Swerling number (0–4).
    pub fn case(self) -> u8 {
        self as u8
    }

    /// The model with the same RCS distribution but constant over the dwell (2 → 1, 4 → 3).
    ///
    /// Coherent integration presumes the echo stays coherent over the processing interval,
    /// so a coherently integrated look sees the dwell-to-dwell version of the target.
    pub fn dwell_correlated(self) -> Self {
        match self {
            Self::Two => Self::One,
            Self::Four => Self::Three,
            other => other,
        }
    }

    /// Shape k of the Gamma(k, 1/k) distribution (mean 1) of the look-averaged RCS factor
    /// X = (1/N)·Σ σ_i/σ̄ over a look of `pulses` pulses, or `None` for a steady target.
    ///
    /// Dwell-correlated cases draw one factor per look (SW1: exponential, k = 1; SW3: k = 2);
    /// pulse-to-pulse cases average N independent ones (SW2: k = N; SW4: k = 2N). Given X the
    /// detector sees a steady target of SNR S·X, which is how a look is simulated.
    pub fn look_fluctuation_shape(self, pulses: u32) -> Option<f64> {
        let n = f64::from(pulses);
        match self {
            Self::Zero => None,
            Self::One => Some(1.0),
            Self::Two => Some(n),
            Self::Three => Some(2.0),
            Self::Four => Some(2.0 * n),
        }
    }
}

/// A value kept as `mantissa · e^log_scale` so that products of many ratios (Poisson and
/// binomial weights) neither overflow nor underflow to a wrong zero on the way to their mode.
struct ScaledProduct {
    mantissa: f64,
    log_scale: f64,
    scale: f64,
}

impl ScaledProduct {
    fn from_ln(ln_value: f64) -> Self {
        Self {
            mantissa: 1.0,
            log_scale: ln_value,
            scale: ln_value.exp(),
        }
    }

    fn mul(&mut self, ratio: f64) {
        self.mantissa *= ratio;
        if self.mantissa > 1e150 {
            self.log_scale += self.mantissa.ln();
            self.mantissa = 1.0;
            self.scale = self.log_scale.exp();
        }
    }

    fn value(&self) -> f64 {
        self.mantissa * self.scale
    }
}

/// A square-law detector integrating `pulses` pulses non-coherently at false-alarm
/// probability `pfa`, with its threshold and threshold-dependent constants precomputed.
#[derive(Debug, Clone, PartialEq)]
pub struct Detector {
    pfa: f64,
    pulses: u32,
    threshold: f64,
    /// P_Γ(N, T) (≈ 1 − Pfa): start of the Swerling 0 miss-probability recursion.
    lower_at_n: f64,
    /// e^(−T)·T^N/N!: the first step P_Γ(N, T) − P_Γ(N+1, T) of that recursion.
    step_at_n: f64,
    /// Q_Γ(N−1, T) for N ≥ 2 (Swerling 1), else 0.
    upper_at_n_minus_1: f64,
    /// Q_Γ(N−2, T) for N ≥ 3 (Swerling 3), else 0.
    upper_at_n_minus_2: f64,
}

impl Detector {
    /// A detector for `0 < pfa < 1` and `1 ≤ pulses ≤` [`MAX_PULSES`].
    pub fn new(pfa: f64, pulses: u32) -> Result<Self> {
        open_probability("pfa", pfa)?;
        check(
            "pulses",
            f64::from(pulses),
            (1..=MAX_PULSES).contains(&pulses),
            "an integer between 1 and MAX_PULSES (10000)",
        )?;
        let n = f64::from(pulses);
        let threshold = inverse_gamma_q(n, pfa);
        let upper_below = |k: f64| {
            if n > k {
                gamma_q(n - k, threshold)
            } else {
                0.0
            }
        };
        Ok(Self {
            pfa,
            pulses,
            threshold,
            lower_at_n: gamma_pq(n, threshold).0,
            step_at_n: poisson_term(n, threshold),
            upper_at_n_minus_1: upper_below(1.0),
            upper_at_n_minus_2: upper_below(2.0),
        })
    }

    /// False-alarm probability per detection decision.
    pub fn pfa(&self) -> f64 {
        self.pfa
    }

    /// Number of pulses integrated.
    pub fn pulses(&self) -> u32 {
        self.pulses
    }

    /// Threshold T on the sum of N square-law samples, in units of the per-pulse noise power.
    pub fn threshold(&self) -> f64 {
        self.threshold
    }

    /// Probability of detection for mean single-pulse SNR `snr` (linear).
    ///
    /// A non-positive or NaN SNR means no signal and gives Pfa; +∞ gives 1.
    pub fn pd(&self, swerling: Swerling, snr: f64) -> f64 {
        if snr.is_nan() || snr <= 0.0 {
            return self.pfa;
        }
        if snr == f64::INFINITY {
            return 1.0;
        }
        // With one pulse, pulse-to-pulse and dwell-to-dwell fluctuation coincide (SW2 ≡ SW1,
        // SW4 ≡ SW3), and the dwell forms are the cheaper closed forms.
        let swerling = if self.pulses == 1 {
            swerling.dwell_correlated()
        } else {
            swerling
        };
        let pd = match swerling {
            Swerling::Zero => self.pd_steady(f64::from(self.pulses) * snr),
            Swerling::One => self.pd_swerling1(snr),
            Swerling::Two => gamma_q(f64::from(self.pulses), self.threshold / (1.0 + snr)),
            Swerling::Three => self.pd_swerling3(snr),
            Swerling::Four => self.pd_swerling4(snr),
        };
        pd.clamp(0.0, 1.0)
    }

    /// Swerling 0 Pd for total (integrated) SNR `lambda` = N·S: one minus the miss probability
    /// Σ_j Pois(j; λ)·P_Γ(N+j, T), with P_Γ(N+j, T) stepped down by Poisson(T) terms.
    pub fn pd_steady(&self, lambda: f64) -> f64 {
        if lambda.is_nan() || lambda <= 0.0 {
            return self.pfa;
        }
        let t = self.threshold;
        let mut order = f64::from(self.pulses);
        let mut lower = self.lower_at_n;
        let mut step = self.step_at_n;
        let mut weight = ScaledProduct::from_ln(-lambda);
        let mut miss = 0.0;
        let mut j = 0.0;
        loop {
            let w = weight.value();
            miss += w * lower;
            lower = (lower - step).max(0.0);
            order += 1.0;
            step *= t / order;
            j += 1.0;
            weight.mul(lambda / j);
            // P_Γ(order, T) ≤ step·(order+1)/(order+1−T) once order + 1 > T: nothing left to add.
            let lower_tail_done =
                order + 1.0 > t && step * (order + 1.0) / (order + 1.0 - t) < 1e-17;
            // Past the Poisson mode the remaining weights sum to ≤ w·(j+1)/(j+1−λ).
            let weights_done = j > 2.0 * lambda && weight.value() * 2.0 < 1e-17;
            if lower_tail_done || weights_done {
                break;
            }
        }
        1.0 - miss
    }

    fn pd_swerling1(&self, snr: f64) -> f64 {
        let ns = f64::from(self.pulses) * snr;
        let beta = 1.0 + ns;
        if self.pulses == 1 {
            return (-self.threshold / beta).exp();
        }
        let m = f64::from(self.pulses - 1);
        self.upper_at_n_minus_1 + self.scaled_lower(m, ns, beta)
    }

    /// e^(−T/β)·c^(−a)·P_Γ(a, cT) with c = 1 − 1/β = x/(1+x), x = β − 1, in logs because
    /// c^(−a) and P_Γ can be huge and tiny at low SNR.
    fn scaled_lower(&self, a: f64, x: f64, beta: f64) -> f64 {
        let t = self.threshold;
        let ln_c = -(1.0 / x).ln_1p();
        (-t / beta - a * ln_c + ln_gamma_p(a, t * x / (1.0 + x))).exp()
    }

    fn pd_swerling3(&self, snr: f64) -> f64 {
        let t = self.threshold;
        let half_ns = 0.5 * f64::from(self.pulses) * snr;
        let beta = 1.0 + half_ns;
        match self.pulses {
            1 => (-t / beta).exp() * (1.0 + 2.0 * snr * t / (2.0 + snr).powi(2)),
            2 => gamma_q(2.0, t / beta),
            n => {
                let m = f64::from(n - 2);
                let first = self.scaled_lower(m, half_ns, beta);
                let second = self.scaled_lower(m + 1.0, half_ns, beta);
                self.upper_at_n_minus_2 + (1.0 + t / beta) * first - m / beta * second
            }
        }
    }

    fn pd_swerling4(&self, snr: f64) -> f64 {
        let n = f64::from(self.pulses);
        let beta = 1.0 + 0.5 * snr;
        let y = self.threshold / beta;
        // Binomial(N, 1 − 1/β) weights; (1−1/β)/(1/β) = S/2.
        let odds = 0.5 * snr;
        let mut weight = ScaledProduct::from_ln(-n * (0.5 * snr).ln_1p());
        let mut upper = gamma_q(n, y);
        let mut step = poisson_term(n, y);
        let (mut sum, mut seen) = (0.0_f64, 0.0_f64);
        for k in 0..=self.pulses {
            let w = weight.value();
            if upper >= 1.0 - 1e-16 {
                // Every remaining Q_Γ is 1: the rest of the sum is the remaining weight.
                return sum + (1.0 - seen).max(0.0);
            }
            sum += w * upper;
            seen += w;
            let kf = f64::from(k);
            upper = (upper + step).min(1.0);
            step *= y / (n + kf + 1.0);
            weight.mul((n - kf) / (kf + 1.0) * odds);
        }
        sum
    }

    /// Mean single-pulse SNR (linear) at which Pd reaches `pd`.
    ///
    /// Pd is strictly increasing in SNR, so a bisection in dB on [−80, 150] dB to 1e-10 dB
    /// finds it; `pd` must lie strictly between Pfa and 1.
    pub fn required_snr(&self, swerling: Swerling, pd: f64) -> Result<f64> {
        Ok(db_to_linear(self.required_snr_db(swerling, pd)?))
    }

    /// [`Self::required_snr`] in dB.
    pub fn required_snr_db(&self, swerling: Swerling, pd: f64) -> Result<f64> {
        let unreachable = SensorError::UnreachablePd { pd, pfa: self.pfa };
        if !(pd > self.pfa && pd < 1.0) {
            return Err(unreachable);
        }
        let (mut lo, mut hi) = (-80.0, 150.0);
        if self.pd(swerling, db_to_linear(hi)) < pd {
            return Err(unreachable);
        }
        while hi - lo > 1e-10 {
            let mid = 0.5 * (lo + hi);
            if self.pd(swerling, db_to_linear(mid)) < pd {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        Ok(0.5 * (lo + hi))
    }
}

/// Probability of detection in one call (builds a [`Detector`]; prefer one `Detector` per
/// radar in loops): mean single-pulse SNR `snr_db`, `pulses` non-coherently integrated.
pub fn pd(swerling: Swerling, snr_db: f64, pfa: f64, pulses: u32) -> Result<f64> {
    Ok(Detector::new(pfa, pulses)?.pd(swerling, db_to_linear(snr_db)))
}

/// Required mean single-pulse SNR (dB) for `pd` in one call (see [`Detector::required_snr_db`]).
pub fn required_snr_db(swerling: Swerling, pd: f64, pfa: f64, pulses: u32) -> Result<f64> {
    Detector::new(pfa, pulses)?.required_snr_db(swerling, pd)
}

/// Probability of at least one detection in `looks` independent looks of probability `pd`
/// each: 1 − (1 − Pd)^k.
pub fn cumulative_pd(pd: f64, looks: u32) -> f64 {
    1.0 - (1.0 - pd).powf(f64::from(looks))
}

/// Single-look Pd needed so that `looks` independent looks reach cumulative `pd_cumulative`:
/// 1 − (1 − Pc)^(1/k).
pub fn single_look_pd_for_cumulative(pd_cumulative: f64, looks: u32) -> Result<f64> {
    open_probability("pd_cumulative", pd_cumulative)?;
    check("looks", f64::from(looks), looks >= 1, "at least 1")?;
    Ok(-((-pd_cumulative).ln_1p() / f64::from(looks)).exp_m1())
}
