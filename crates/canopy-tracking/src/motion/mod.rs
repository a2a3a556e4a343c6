//! Motion models: how a target state and its uncertainty move forward in time.
//!
//! Every model works in the local east-north-up Cartesian frame (metres, seconds) and
//! interleaves position and velocity per axis, as MathWorks' `constvel`, `constacc` and
//! `constturn` do:
//!
//! | model | dim | state layout |
//! |---|---|---|
//! | [`ConstantVelocity`] | 6 | `[x, vx, y, vy, z, vz]` |
//! | [`ConstantAcceleration`] | 9 | `[x, vx, ax, y, vy, ay, z, vz, az]` |
//! | [`CoordinatedTurn`] | 7 | `[x, vx, y, vy, ω, z, vz]`, ω in rad/s, positive = counter-clockwise seen from above |
//! | [`ConstantVelocityTurnLayout`] | 7 | same as `CoordinatedTurn`, ω held at zero (IMM partner) |
//!
//! x is east, y north, z up. The turn-rate sign follows the maths convention (ω > 0 turns
//! from east towards north), like MathWorks; their ω is in degrees per second, ours in
//! radians per second.

mod ca;
mod ct;
mod cv;

#[cfg(test)]
mod tests;

use nalgebra::{SMatrix, SVector};

pub use ca::ConstantAcceleration;
pub(crate) use ct::OMEGA;
pub use ct::{ConstantVelocityTurnLayout, CoordinatedTurn, TurnModel};
pub use cv::ConstantVelocity;

use crate::error::{Result, non_negative};
use crate::linalg;

/// One discrete step of a motion model, linearised at the prior mean.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Transition<const N: usize> {
    /// The propagated mean `f(x, dt)`.
    pub state: SVector<f64, N>,
    /// The Jacobian `∂f/∂x` at the prior mean (the transition matrix `F` for linear models).
    pub jacobian: SMatrix<f64, N, N>,
    /// The discrete process-noise covariance `Q(dt)`.
    pub noise: SMatrix<f64, N, N>,
}

/// A discrete-time motion model with additive Gaussian process noise.
///
/// Implementations describe their state layout through [`MotionModel::POSITION`] and
/// [`MotionModel::VELOCITY`], which is all the measurement models need to know about it.
pub trait MotionModel<const N: usize> {
    /// Indices of the east, north and up position components in the state vector.
    const POSITION: [usize; 3];
    /// Indices of the east, north and up velocity components in the state vector.
    const VELOCITY: [usize; 3];

    /// Mean, Jacobian and process noise of a step of `dt` seconds from `state`.
    ///
    /// `dt` is assumed finite and non-negative; [`crate::kalman::predict`] checks that
    /// before calling.
    fn transition(&self, state: &SVector<f64, N>, dt: f64) -> Transition<N>;

    /// The predicted covariance `F P Fᵀ + Q` for the step `transition` of `dt` seconds.
    ///
    /// The default multiplies dense matrices. Kinematic models override it with the few
    /// row and column operations their sparse `F` amounts to (the predict is a large share
    /// of a filter cycle, and a tracker runs one per track per scan).
    fn predict_covariance(
        &self,
        transition: &Transition<N>,
        dt: f64,
        covariance: &SMatrix<f64, N, N>,
    ) -> SMatrix<f64, N, N> {
        let _ = dt;
        linalg::congruence_add(&transition.jacobian, covariance, &transition.noise)
    }

    /// The noise-free propagation `f(x, dt)` of a state (e.g. to move truth in a simulation).
    fn propagate(&self, state: &SVector<f64, N>, dt: f64) -> Result<SVector<f64, N>> {
        let dt = non_negative("time step", dt)?;
        Ok(self.transition(state, dt).state)
    }
}

/// Transition block `[[1, dt], [0, 1]]` of one NCV axis, placed at `(i, i)`.
fn ncv_transition<const N: usize>(f: &mut SMatrix<f64, N, N>, i: usize, dt: f64) {
    f[(i, i)] = 1.0;
    f[(i, i + 1)] = dt;
    f[(i + 1, i + 1)] = 1.0;
}

/// Process noise of one axis driven by continuous white acceleration of spectral density
/// `q` (m²/s³), placed at `(i, i)`: `q·[[dt³/3, dt²/2], [dt²/2, dt]]` (Stone Soup's
/// `ConstantVelocity(q)`; Bar-Shalom, Li & Kirubarajan 2001, §6.2.2).
fn ncv_noise<const N: usize>(noise: &mut SMatrix<f64, N, N>, i: usize, q: f64, dt: f64) {
    let dt2 = dt * dt;
    noise[(i, i)] = q * dt2 * dt / 3.0;
    noise[(i, i + 1)] = q * dt2 / 2.0;
    noise[(i + 1, i)] = q * dt2 / 2.0;
    noise[(i + 1, i + 1)] = q * dt;
}
