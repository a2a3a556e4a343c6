//! Kalman / extended Kalman filter steps, the innovation and its gating statistics, and
//! the [`Filter`] trait shared by [`KalmanFilter`] and [`crate::Imm`].
//!
//! One code path serves the linear KF and the EKF: a motion model returns its Jacobian
//! (the transition matrix when it is linear) and a measurement model its Jacobian with
//! respect to position (the identity for a Cartesian position). The covariance update is
//! the Joseph form `P⁺ = (I − KH)P(I − KH)ᵀ + KRKᵀ`, which stays symmetric positive
//! semi-definite under round-off and for any gain.

#[cfg(test)]
mod tests;

use nalgebra::{Matrix3, SMatrix, SVector, Vector3};

use crate::error::{Result, TrackingError, finite, non_negative};
use crate::gaussian::Gaussian;
use crate::linalg;
use crate::measurement::{CartesianPosition, Measurement, MeasurementModel, Resolved};
use crate::motion::MotionModel;

/// ln(2π), for Gaussian log-likelihoods.
const LN_2PI: f64 = 1.837_877_066_409_345_5;

/// The innovation `ν = z − h(x̂⁻)` of a measurement against a predicted estimate, with its
/// covariance `S = H P⁻ Hᵀ + R`: what gating and IMM mode likelihoods need.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Innovation<const M: usize> {
    residual: SVector<f64, M>,
    covariance: SMatrix<f64, M, M>,
    nis: f64,
    /// Diagonal of the Cholesky factor of `S`; `ln det S` is computed from it only when a
    /// likelihood is asked for, since gating never needs the logarithms.
    chol_diagonal: SVector<f64, M>,
}

impl<const M: usize> Innovation<M> {
    /// The residual `ν` (angles wrapped).
    pub fn residual(&self) -> &SVector<f64, M> {
        &self.residual
    }

    /// The innovation covariance `S`.
    pub fn covariance(&self) -> &SMatrix<f64, M, M> {
        &self.covariance
    }

    /// Normalised innovation squared `νᵀ S⁻¹ ν`, the squared Mahalanobis distance; chi-square
    /// with `M` degrees of freedom for a consistent filter.
    pub fn nis(&self) -> f64 {
        self.nis
    }

    /// Mahalanobis distance `√(νᵀ S⁻¹ ν)`.
    pub fn mahalanobis(&self) -> f64 {
        self.nis.sqrt()
    }

    /// Gaussian log-likelihood `ln N(ν; 0, S)` of the measurement under this prediction.
    pub fn log_likelihood(&self) -> f64 {
        let log_det = 2.0 * self.chol_diagonal.iter().map(|d| d.ln()).sum::<f64>();
        -0.5 * (self.nis + log_det + M as f64 * LN_2PI)
    }

    /// Whether the measurement falls inside an ellipsoidal gate `NIS <= threshold`
    /// (threshold e.g. from [`crate::chi2::gate_threshold`]).
    pub fn within_gate(&self, threshold: f64) -> bool {
        self.nis <= threshold
    }
}

/// The linearised measurement step shared by [`innovation`] and [`update`].
struct Linearized<const N: usize, const M: usize> {
    innovation: Innovation<M>,
    /// Cholesky factor of `S`, to solve for the gain.
    chol: linalg::Cholesky<M>,
    /// Measurement Jacobian with respect to position.
    jacobian: SMatrix<f64, M, 3>,
    /// `P Eᵀ`: the covariance columns of the position states (`E` selects them).
    p_pos: SMatrix<f64, N, 3>,
    /// `E P Eᵀ`: the position block of the covariance.
    p_pp: SMatrix<f64, 3, 3>,
}

#[inline]
fn linearize<S: MeasurementModel<M>, const N: usize, const M: usize>(
    prior: &Gaussian<N>,
    position_index: [usize; 3],
    sensor: &S,
    measured: &SVector<f64, M>,
) -> Result<Linearized<N, M>> {
    let position = checked_position(prior, position_index, measured)?;
    let p = prior.covariance();
    let (predicted, jacobian) = sensor.predict(&position)?;
    // H = J·E with E the 3×N position selector, so P Hᵀ = (P Eᵀ) Jᵀ and
    // H P Hᵀ = J (E P Eᵀ) Jᵀ: no product ever touches the zero columns of H.
    let p_pos = SMatrix::<f64, N, 3>::from_fn(|r, c| p[(r, position_index[c])]);
    let p_pp = SMatrix::<f64, 3, 3>::from_fn(|r, c| p_pos[(position_index[r], c)]);
    let mut covariance = *sensor.noise();
    linalg::add_mul_tr(
        &mut covariance,
        1.0,
        &linalg::mul(&jacobian, &p_pp),
        &jacobian,
    );
    linalg::mirror_lower(&mut covariance);
    let residual = sensor.residual(measured, &predicted);
    let (innovation, chol) = factor_innovation(covariance, residual)?;
    Ok(Linearized {
        innovation,
        chol,
        jacobian,
        p_pos,
        p_pp,
    })
}

/// Checks a measured value (finite) and a state layout (position indices inside the
/// state), and returns the prior's position.
#[inline]
fn checked_position<const N: usize, const M: usize>(
    prior: &Gaussian<N>,
    position_index: [usize; 3],
    measured: &SVector<f64, M>,
) -> Result<Vector3<f64>> {
    for &c in measured.iter() {
        finite("measurement", c)?;
    }
    if let Some(&index) = position_index.iter().find(|&&i| i >= N) {
        return Err(TrackingError::BadStateIndex { index, dim: N });
    }
    let x = prior.mean();
    Ok(Vector3::from_fn(|i, _| x[position_index[i]]))
}

/// The innovation of residual `residual` with (symmetric) covariance `covariance`, and
/// the Cholesky factor of that covariance.
#[inline]
fn factor_innovation<const M: usize>(
    covariance: SMatrix<f64, M, M>,
    residual: SVector<f64, M>,
) -> Result<(Innovation<M>, linalg::Cholesky<M>)> {
    let chol = linalg::Cholesky::new(&covariance).ok_or(TrackingError::NotPositiveDefinite {
        what: "innovation covariance",
    })?;
    let whitened = chol.solve_lower(&residual);
    let nis = finite("normalised innovation squared", whitened.norm_squared())?;
    let innovation = Innovation {
        residual,
        covariance,
        nis,
        chol_diagonal: chol.diagonal(),
    };
    Ok((innovation, chol))
}

/// [`innovation`] for a Cartesian position measurement, whose Jacobian is the identity:
/// `S = R + E P Eᵀ` directly, without the two 3×3 products by `J = I` of the general path.
///
/// The general path adds the same numbers (the products with `J`'s zeros contribute only
/// zeros, which leave a nonzero sum unchanged), so the residual, the NIS and the Cholesky
/// diagonal are bit-identical to it; an entry of `S` can differ only in the sign of an
/// exact zero, which none of them depends on. A covariance that is not finite takes the
/// general path, whose NaN products reject it the same way as before.
#[inline]
fn position_innovation<const N: usize>(
    prior: &Gaussian<N>,
    position_index: [usize; 3],
    sensor: &CartesianPosition,
    measured: &Vector3<f64>,
) -> Result<Innovation<3>> {
    let position = checked_position(prior, position_index, measured)?;
    let p = prior.covariance();
    let p_pp = Matrix3::from_fn(|r, c| p[(position_index[r], position_index[c])]);
    if !linalg::all_finite(&p_pp) {
        return innovation(prior, position_index, sensor, measured);
    }
    let mut covariance = sensor.noise() + p_pp;
    linalg::mirror_lower(&mut covariance);
    let residual = sensor.residual(measured, &position);
    Ok(factor_innovation(covariance, residual)?.0)
}

/// Prediction step: `x⁻ = f(x, dt)`, `P⁻ = F P Fᵀ + Q` (EKF prediction when `f` is
/// nonlinear). `dt` must be finite and `>= 0`.
#[inline]
pub fn predict<Mo: MotionModel<N>, const N: usize>(
    model: &Mo,
    prior: &Gaussian<N>,
    dt: f64,
) -> Result<Gaussian<N>> {
    let dt = non_negative("time step", dt)?;
    let t = model.transition(prior.mean(), dt);
    let covariance = model.predict_covariance(&t, dt, prior.covariance());
    check_finite(&t.state, &covariance)?;
    Ok(Gaussian::from_parts(t.state, covariance))
}

/// The innovation of `measured` against the predicted estimate `prior`, for gating, without
/// updating. `position_index` is the motion model's [`MotionModel::POSITION`].
pub fn innovation<S: MeasurementModel<M>, const N: usize, const M: usize>(
    prior: &Gaussian<N>,
    position_index: [usize; 3],
    sensor: &S,
    measured: &SVector<f64, M>,
) -> Result<Innovation<M>> {
    Ok(linearize(prior, position_index, sensor, measured)?.innovation)
}

/// [`innovation`] of a tracker-level [`Measurement`] (EKF or converted processing as it
/// asks): what [`Filter::measurement_innovation`] computes for a filter whose estimate is
/// `prior`.
pub(crate) fn measurement_innovation<const N: usize>(
    prior: &Gaussian<N>,
    position_index: [usize; 3],
    measurement: &Measurement,
) -> Result<Innovation<3>> {
    match measurement.resolve()? {
        Resolved::Cartesian(z, sensor) => position_innovation(prior, position_index, &sensor, &z),
        Resolved::Rae(z, sensor) => innovation(prior, position_index, &sensor, &z),
    }
}

/// Measurement update (KF, or EKF for a nonlinear sensor) with the Joseph-form covariance.
/// Returns the posterior and the innovation it used.
#[inline]
pub fn update<S: MeasurementModel<M>, const N: usize, const M: usize>(
    prior: &Gaussian<N>,
    position_index: [usize; 3],
    sensor: &S,
    measured: &SVector<f64, M>,
) -> Result<(Gaussian<N>, Innovation<M>)> {
    let lin = linearize(prior, position_index, sensor, measured)?;
    // K = P Hᵀ S⁻¹, from Kᵀ = S⁻¹ (H P) by two triangular solves with S's Cholesky factor
    // instead of an explicit inverse.
    let hp = linalg::mul_tr(&lin.jacobian, &lin.p_pos);
    let gain = lin.chol.solve(&hp).transpose();
    let mean = prior.mean() + linalg::mul(&gain, &lin.innovation.residual);
    // Joseph form (I − KH) P (I − KH)ᵀ + K R Kᵀ with H = J·E and G = K·J (N×3):
    //   A = (I − KH) P = P − G (E P),       A Eᵀ = P Eᵀ − G (E P Eᵀ),
    //   P⁺ = A − (A Eᵀ) Gᵀ + (K R) Kᵀ.
    // P⁺ is symmetric; the round-off difference between its triangles is removed by
    // mirroring the lower one.
    let g = linalg::mul(&gain, &lin.jacobian);
    let a_pos = lin.p_pos - linalg::mul(&g, &lin.p_pp);
    let mut covariance = *prior.covariance();
    linalg::add_mul_tr(&mut covariance, -1.0, &g, &lin.p_pos);
    linalg::add_mul_tr(&mut covariance, -1.0, &a_pos, &g);
    linalg::add_mul_tr(
        &mut covariance,
        1.0,
        &linalg::mul(&gain, sensor.noise()),
        &gain,
    );
    linalg::mirror_lower(&mut covariance);
    check_finite(&mean, &covariance)?;
    Ok((Gaussian::from_parts(mean, covariance), lin.innovation))
}

/// Whether a motion model's position and velocity indices lie inside its state; the
/// filter constructors assert it at compile time, so the accessors can index freely.
pub(crate) const fn layout_fits<Mo: MotionModel<N>, const N: usize>() -> bool {
    let (p, v) = (Mo::POSITION, Mo::VELOCITY);
    p[0] < N && p[1] < N && p[2] < N && v[0] < N && v[1] < N && v[2] < N
}

/// Rejects a step whose result overflowed (e.g. absurd time steps or noise levels), so a
/// filter never stores a non-finite estimate.
#[inline]
fn check_finite<const N: usize>(mean: &SVector<f64, N>, cov: &SMatrix<f64, N, N>) -> Result<()> {
    if linalg::all_finite(mean) && linalg::all_finite(cov) {
        Ok(())
    } else {
        Err(TrackingError::NonFinite {
            what: "filter step result",
            value: f64::NAN,
        })
    }
}

/// A recursive Gaussian filter of an `N`-dimensional state: what a track holds.
///
/// Implemented by [`KalmanFilter`] (KF or EKF, depending on the models) and
/// [`crate::Imm`]. Every method leaves the filter unchanged when it returns an error.
pub trait Filter<const N: usize> {
    /// Moves the estimate forward by `dt` seconds (finite, `>= 0`).
    fn predict(&mut self, dt: f64) -> Result<()>;

    /// Incorporates a measurement; returns the innovation against the prediction.
    fn update<S: MeasurementModel<M>, const M: usize>(
        &mut self,
        sensor: &S,
        measured: &SVector<f64, M>,
    ) -> Result<Innovation<M>>;

    /// The innovation a measurement would have (for gating), without updating.
    fn innovation<S: MeasurementModel<M>, const M: usize>(
        &self,
        sensor: &S,
        measured: &SVector<f64, M>,
    ) -> Result<Innovation<M>>;

    /// The current estimate (for an IMM, the moment-matched mixture of the modes).
    fn estimate(&self) -> Gaussian<N>;

    /// Indices of east, north, up position in the state vector.
    fn position_index(&self) -> [usize; 3];

    /// Indices of east, north, up velocity in the state vector.
    fn velocity_index(&self) -> [usize; 3];

    /// Updates with a tracker-level [`Measurement`] (EKF or converted processing as it
    /// asks); returns the innovation.
    fn update_measurement(&mut self, measurement: &Measurement) -> Result<Innovation<3>> {
        match measurement.resolve()? {
            Resolved::Cartesian(z, sensor) => self.update(&sensor, &z),
            Resolved::Rae(z, sensor) => self.update(&sensor, &z),
        }
    }

    /// The innovation of a tracker-level [`Measurement`], for gating.
    fn measurement_innovation(&self, measurement: &Measurement) -> Result<Innovation<3>> {
        match measurement.resolve()? {
            Resolved::Cartesian(z, sensor) => self.innovation(&sensor, &z),
            Resolved::Rae(z, sensor) => self.innovation(&sensor, &z),
        }
    }

    /// Estimated position (east, north, up, m).
    fn position(&self) -> Vector3<f64> {
        select(&self.estimate(), self.position_index())
    }

    /// Estimated velocity (east, north, up, m/s).
    fn velocity(&self) -> Vector3<f64> {
        select(&self.estimate(), self.velocity_index())
    }

    /// Covariance of the estimated position (m²).
    fn position_covariance(&self) -> Matrix3<f64> {
        let estimate = self.estimate();
        let index = self.position_index();
        Matrix3::from_fn(|r, c| estimate.covariance()[(index[r], index[c])])
    }
}

/// The three state components at `index`.
fn select<const N: usize>(estimate: &Gaussian<N>, index: [usize; 3]) -> Vector3<f64> {
    Vector3::from_fn(|i, _| estimate.mean()[index[i]])
}

/// A single-model Kalman filter: the linear KF with a linear motion model and a Cartesian
/// sensor, an EKF otherwise (coordinated turn, range/azimuth/elevation).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct KalmanFilter<Mo, const N: usize> {
    model: Mo,
    estimate: Gaussian<N>,
}

impl<Mo: MotionModel<N>, const N: usize> KalmanFilter<Mo, N> {
    /// A filter running `model` from the initial estimate `initial`.
    pub fn new(model: Mo, initial: Gaussian<N>) -> Self {
        const {
            assert!(
                layout_fits::<Mo, N>(),
                "motion model indices exceed the state"
            )
        };
        Self {
            model,
            estimate: initial,
        }
    }

    /// The motion model.
    pub fn model(&self) -> &Mo {
        &self.model
    }

    /// The current estimate, by reference (no copy).
    pub fn state(&self) -> &Gaussian<N> {
        &self.estimate
    }
}

impl<Mo: MotionModel<N>, const N: usize> Filter<N> for KalmanFilter<Mo, N> {
    fn predict(&mut self, dt: f64) -> Result<()> {
        self.estimate = predict(&self.model, &self.estimate, dt)?;
        Ok(())
    }

    fn update<S: MeasurementModel<M>, const M: usize>(
        &mut self,
        sensor: &S,
        measured: &SVector<f64, M>,
    ) -> Result<Innovation<M>> {
        let (posterior, innovation) = update(&self.estimate, Mo::POSITION, sensor, measured)?;
        self.estimate = posterior;
        Ok(innovation)
    }

    fn innovation<S: MeasurementModel<M>, const M: usize>(
        &self,
        sensor: &S,
        measured: &SVector<f64, M>,
    ) -> Result<Innovation<M>> {
        innovation(&self.estimate, Mo::POSITION, sensor, measured)
    }

    fn estimate(&self) -> Gaussian<N> {
        self.estimate
    }

    fn position_index(&self) -> [usize; 3] {
        Mo::POSITION
    }

    fn velocity_index(&self) -> [usize; 3] {
        Mo::VELOCITY
    }
}
