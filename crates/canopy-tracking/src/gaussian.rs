//! Gaussian state estimate (mean and covariance) on fixed-size matrices.

use nalgebra::{Cholesky, Const, SMatrix, SVector};

use crate::error::{Result, TrackingError};

#[cfg(test)]
mod tests;

/// Relative asymmetry above which a user-supplied covariance is rejected rather than
/// symmetrised: round-off from a few matrix products stays far below this, a typo does not.
const SYMMETRY_TOLERANCE: f64 = 1e-9;

/// A Gaussian estimate `N(mean, covariance)` of an `N`-dimensional state.
///
/// The covariance is symmetric positive definite whenever a value of this type exists:
/// [`Gaussian::new`] checks it and every filter step keeps it (Joseph-form update, explicit
/// symmetrisation).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Gaussian<const N: usize> {
    mean: SVector<f64, N>,
    covariance: SMatrix<f64, N, N>,
}

impl<const N: usize> Gaussian<N> {
    /// Builds an estimate after checking that every entry is finite and that the
    /// covariance is symmetric (to a relative 1e-9, then symmetrised) and positive definite.
    pub fn new(mean: SVector<f64, N>, covariance: SMatrix<f64, N, N>) -> Result<Self> {
        if let Some(&value) = mean.iter().find(|v| !v.is_finite()) {
            return Err(TrackingError::NonFinite {
                what: "state mean",
                value,
            });
        }
        let covariance = checked_covariance("state covariance", &covariance)?;
        Ok(Self { mean, covariance })
    }

    /// Wraps parts produced by the filter code, which maintains the invariants itself.
    pub(crate) fn from_parts(mean: SVector<f64, N>, covariance: SMatrix<f64, N, N>) -> Self {
        Self { mean, covariance }
    }

    /// The mean.
    pub fn mean(&self) -> &SVector<f64, N> {
        &self.mean
    }

    /// The covariance.
    pub fn covariance(&self) -> &SMatrix<f64, N, N> {
        &self.covariance
    }

    /// Normalised estimation error squared `(x − m)ᵀ P⁻¹ (x − m)` of a true state `x`.
    ///
    /// For a consistent filter it is chi-square distributed with `N` degrees of freedom.
    pub fn nees(&self, truth: &SVector<f64, N>) -> Result<f64> {
        let chol = cholesky("state covariance", self.covariance)?;
        let error = truth - self.mean;
        let value = error.dot(&chol.solve(&error));
        crate::error::finite("NEES", value)
    }
}

/// Moment-matched mixture `Σ w_i N(x_i, P_i)` → `N(x̄, Σ w_i (P_i + (x_i − x̄)(x_i − x̄)ᵀ))`,
/// for weights that sum to one. Used for IMM mixing and combination and for the JPDA
/// (probabilistic data association) update, which is the mixture of the per-hypothesis
/// posteriors.
#[inline]
pub(crate) fn mixture<'a, const N: usize>(
    parts: impl Iterator<Item = (f64, &'a Gaussian<N>)> + Clone,
) -> Gaussian<N> {
    let mut mean = SVector::<f64, N>::zeros();
    for (w, g) in parts.clone() {
        mean.axpy(w, g.mean(), 1.0);
    }
    let mut cov = SMatrix::<f64, N, N>::zeros();
    for (w, g) in parts {
        cov += g.covariance() * w;
        let d = g.mean() - mean;
        crate::linalg::add_mul_tr(&mut cov, w, &d, &d);
    }
    crate::linalg::mirror_lower(&mut cov);
    Gaussian::from_parts(mean, cov)
}

/// Returns `(m + mᵀ)/2`: removes the round-off asymmetry matrix products leave behind.
pub(crate) fn symmetrize<const N: usize>(m: &SMatrix<f64, N, N>) -> SMatrix<f64, N, N> {
    (m + m.transpose()) * 0.5
}

/// Cholesky factor of a matrix that must be symmetric positive definite.
pub(crate) fn cholesky<const N: usize>(
    what: &'static str,
    m: SMatrix<f64, N, N>,
) -> Result<Cholesky<f64, Const<N>>> {
    Cholesky::new(m).ok_or(TrackingError::NotPositiveDefinite { what })
}

/// Validates a user-supplied covariance: finite, symmetric to a relative 1e-9, positive
/// definite. Returns it exactly symmetrised.
pub(crate) fn checked_covariance<const N: usize>(
    what: &'static str,
    m: &SMatrix<f64, N, N>,
) -> Result<SMatrix<f64, N, N>> {
    if let Some(&value) = m.iter().find(|v| !v.is_finite()) {
        return Err(TrackingError::NonFinite { what, value });
    }
    // Every entry is finite, so these maxima are exact and do not depend on the order of
    // the entries; `|m_ij − m_ji|` is the same either way round, and zero on the diagonal.
    let scale = m.iter().fold(0.0, |a: f64, v| a.max(v.abs()));
    let mut asymmetry = 0.0;
    for c in 0..N {
        for r in c + 1..N {
            asymmetry = f64::max(asymmetry, (m[(r, c)] - m[(c, r)]).abs());
        }
    }
    if asymmetry > SYMMETRY_TOLERANCE * scale {
        return Err(TrackingError::NotPositiveDefinite { what });
    }
    let m = symmetrize(m);
    if !positive_definite(&m) {
        return Err(TrackingError::NotPositiveDefinite { what });
    }
    Ok(m)
}

/// Whether nalgebra's `Cholesky::new` accepts `m`: the same operations in the same order
/// (column `j` minus `L_jk` times column `k`, then divided by the square root of its
/// diagonal, which must be positive), so the verdict is the same for every input, without
/// the factor nalgebra would build and the caller discard. Every converted measurement
/// passes through here (twice in the engine), so the generic code's cost showed.
fn positive_definite<const N: usize>(m: &SMatrix<f64, N, N>) -> bool {
    let mut a = m.data.0;
    for j in 0..N {
        for k in 0..j {
            let factor = -a[k][j];
            let column_k = a[k];
            for (y, &x) in a[j][j..].iter_mut().zip(&column_k[j..]) {
                // nalgebra's `factor * x + 1 * y`: the same sum (addition commutes).
                *y += factor * x;
            }
        }
        let diagonal = a[j][j];
        // nalgebra rejects a zero, then takes the root only of `>= 0` (so not of NaN).
        if diagonal.is_nan() || diagonal <= 0.0 {
            return false;
        }
        let root = diagonal.sqrt();
        for y in &mut a[j][j + 1..] {
            *y /= root;
        }
    }
    true
}
