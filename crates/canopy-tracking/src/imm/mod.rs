//! Interacting Multiple Model (IMM) filter (Blom & Bar-Shalom 1988; Bar-Shalom, Li &
//! Kirubarajan 2001, §11.6.6).
//!
//! `K` model-conditioned EKFs share one `N`-dimensional state layout, which is what makes
//! the mixing step well-defined (e.g. [`crate::TurnModel`] puts constant velocity on the
//! coordinated-turn layout with ω held at zero). One cycle:
//!
//! 1. **Mixing** (in [`Filter::predict`]): predicted mode probabilities
//!    `c̄_j = Σ_i p_ij μ_i`, mixing weights `μ_i|j = p_ij μ_i / c̄_j`, and each mode starts
//!    from the moment-matched mixture `x⁰_j = Σ_i μ_i|j x_i`,
//!    `P⁰_j = Σ_i μ_i|j (P_i + (x_i − x⁰_j)(x_i − x⁰_j)ᵀ)`.
//! 2. **Mode-matched prediction** of each `(x⁰_j, P⁰_j)` with model `j`.
//! 3. **Mode-matched update** (in [`Filter::update`]) and mode probabilities
//!    `μ_j ∝ Λ_j c̄_j`, `Λ_j = N(ν_j; 0, S_j)`, computed in logarithms so that a very
//!    unlikely mode underflows to zero gracefully instead of to NaN.
//! 4. **Combination** (in [`Filter::estimate`]): the moment-matched mixture with weights `μ`.
//!
//! A missed detection is handled by predicting again without updating.

#[cfg(test)]
mod tests;

use nalgebra::{SMatrix, SVector};

use crate::error::{Result, TrackingError, non_negative};
use crate::gaussian::{self, Gaussian};
use crate::kalman::{self, Filter, Innovation};
use crate::measurement::MeasurementModel;
use crate::motion::MotionModel;

/// Tolerance on "sums to one" for user-supplied probabilities; they are renormalised after.
const STOCHASTIC_TOLERANCE: f64 = 1e-9;

/// An IMM filter over `K` motion models on a shared `N`-dimensional state.
#[derive(Debug, Clone, PartialEq)]
pub struct Imm<Mo, const N: usize, const K: usize> {
    models: [Mo; K],
    transition: SMatrix<f64, K, K>,
    modes: [Gaussian<N>; K],
    probabilities: SVector<f64, K>,
}

impl<Mo: MotionModel<N>, const N: usize, const K: usize> Imm<Mo, N, K> {
    /// An IMM with mode models `models`, Markov mode-transition matrix `transition`
    /// (`transition[(i, j)]` = P(mode j now | mode i one step ago); rows sum to 1), every
    /// mode starting from `initial`, with mode probabilities `probabilities` (sum to 1).
    ///
    /// The transition matrix is applied once per [`Filter::predict`] whatever `dt`, as in
    /// the textbook IMM; choose it for the usual revisit interval.
    pub fn new(
        models: [Mo; K],
        transition: SMatrix<f64, K, K>,
        initial: Gaussian<N>,
        probabilities: SVector<f64, K>,
    ) -> Result<Self> {
        const {
            assert!(
                kalman::layout_fits::<Mo, N>(),
                "motion model indices exceed the state"
            )
        };
        let mut transition = transition;
        for mut row in transition.row_iter_mut() {
            let normalised = stochastic("mode transition matrix row", row.transpose())?;
            row.copy_from(&normalised.transpose());
        }
        Ok(Self {
            models,
            transition,
            modes: [initial; K],
            probabilities: stochastic("mode probabilities", probabilities)?,
        })
    }

    /// The mode models.
    pub fn models(&self) -> &[Mo; K] {
        &self.models
    }

    /// The mode-conditioned estimates.
    pub fn modes(&self) -> &[Gaussian<N>; K] {
        &self.modes
    }

    /// The mode probabilities `μ` (after the last update, or `c̄` after a predict).
    pub fn probabilities(&self) -> &SVector<f64, K> {
        &self.probabilities
    }
}

/// Checks a probability vector (finite, `>= 0`, sums to 1 within 1e-9) and renormalises it.
fn stochastic<const K: usize>(what: &'static str, p: SVector<f64, K>) -> Result<SVector<f64, K>> {
    for &v in p.iter() {
        non_negative(what, v)?;
    }
    let sum = p.sum();
    if (sum - 1.0).abs() > STOCHASTIC_TOLERANCE {
        return Err(TrackingError::NotStochastic {
            what,
            reason: "entries do not sum to 1",
        });
    }
    Ok(p / sum)
}

/// Moment-matched mixture of the modes with weights `weights`.
#[inline]
fn mix<const N: usize, const K: usize>(
    modes: &[Gaussian<N>; K],
    weights: &SVector<f64, K>,
) -> Gaussian<N> {
    gaussian::mixture(weights.iter().copied().zip(modes.iter()))
}

impl<Mo: Clone, const N: usize, const K: usize> Imm<Mo, N, K> {
    /// The weighted mixture of IMMs that differ only in their estimates (copies of
    /// `template` updated under different association hypotheses), as one IMM: mode `m`
    /// gets probability `Σ_j w_j μ_{j,m}` and the moment-matched mixture of the parts'
    /// mode-`m` estimates with weights `w_j μ_{j,m}` (the IMM-PDA combination, Blom &
    /// Bloem 2000). The weights of `parts` sum to one.
    pub(crate) fn mixture<'a>(
        template: &Self,
        parts: impl Iterator<Item = (f64, &'a Self)> + Clone,
    ) -> Self
    where
        Mo: 'a,
    {
        let mut out = template.clone();
        let mut probabilities = SVector::<f64, K>::zeros();
        for (w, imm) in parts.clone() {
            probabilities += imm.probabilities * w;
        }
        for m in 0..K {
            if probabilities[m] > 0.0 {
                let c = probabilities[m];
                out.modes[m] = gaussian::mixture(
                    parts
                        .clone()
                        .map(|(w, imm)| (w * imm.probabilities[m] / c, &imm.modes[m])),
                );
            }
        }
        out.probabilities = probabilities / probabilities.sum();
        out
    }
}

impl<Mo: MotionModel<N>, const N: usize, const K: usize> Filter<N> for Imm<Mo, N, K> {
    fn predict(&mut self, dt: f64) -> Result<()> {
        let mu = &self.probabilities;
        let c_bar = self.transition.tr_mul(mu);
        let c_bar = c_bar / c_bar.sum();
        let mut predicted = self.modes;
        for (j, (slot, model)) in predicted.iter_mut().zip(&self.models).enumerate() {
            // A mode nobody can switch into has undefined mixing weights; start it from the
            // overall mixture (its probability is zero, so the choice only matters later).
            let weights = if c_bar[j] > 0.0 {
                SVector::<f64, K>::from_fn(|i, _| self.transition[(i, j)] * mu[i] / c_bar[j])
            } else {
                *mu
            };
            *slot = kalman::predict(model, &mix(&self.modes, &weights), dt)?;
        }
        self.modes = predicted;
        self.probabilities = c_bar;
        Ok(())
    }

    fn update<S: MeasurementModel<M>, const M: usize>(
        &mut self,
        sensor: &S,
        measured: &SVector<f64, M>,
    ) -> Result<Innovation<M>> {
        let combined = self.innovation(sensor, measured)?;
        let mut posterior = self.modes;
        let mut log_weight = [f64::NEG_INFINITY; K];
        for j in 0..K {
            let (g, innovation) = kalman::update(&self.modes[j], Mo::POSITION, sensor, measured)?;
            posterior[j] = g;
            if self.probabilities[j] > 0.0 {
                log_weight[j] = self.probabilities[j].ln() + innovation.log_likelihood();
            }
        }
        let max = log_weight.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        if !max.is_finite() {
            return Err(TrackingError::NoModeLikelihood);
        }
        let weights = SVector::<f64, K>::from_fn(|j, _| (log_weight[j] - max).exp());
        self.probabilities = weights / weights.sum();
        self.modes = posterior;
        Ok(combined)
    }

    fn innovation<S: MeasurementModel<M>, const M: usize>(
        &self,
        sensor: &S,
        measured: &SVector<f64, M>,
    ) -> Result<Innovation<M>> {
        kalman::innovation(&self.estimate(), Mo::POSITION, sensor, measured)
    }

    fn estimate(&self) -> Gaussian<N> {
        mix(&self.modes, &self.probabilities)
    }

    fn position_index(&self) -> [usize; 3] {
        Mo::POSITION
    }

    fn velocity_index(&self) -> [usize; 3] {
        Mo::VELOCITY
    }
}
