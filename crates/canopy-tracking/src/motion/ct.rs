//! Coordinated turn in the horizontal plane with a turn-rate state, and its
//! constant-velocity partner on the same 7-state layout for IMM.

use nalgebra::{SMatrix, SVector};

use super::{MotionModel, Transition, ncv_noise, ncv_transition};
use crate::error::{Result, non_negative};
use crate::linalg;

/// Index of the turn rate ω in the 7-state layout `[x, vx, y, vy, ω, z, vz]`.
pub(crate) const OMEGA: usize = 4;

/// Below this |ω·dt| the turn terms use their Taylor series: the closed forms divide by ω
/// and cancel catastrophically near zero. At 0.05 the series (to θ⁶/θ⁷) is exact to
/// ~1e-16 and the closed forms are still accurate to ~1e-13.
const SERIES_THRESHOLD: f64 = 0.05;

/// Coordinated (constant-rate) turn in the horizontal plane with nearly constant vertical
/// velocity, state `[x, vx, y, vy, ω, z, vz]`, ω in rad/s (positive counter-clockwise seen
/// from above, i.e. from east towards north).
///
/// Mean propagation (MathWorks `constturn`, with θ = ω·dt):
///
/// ```text
/// x' = x + (vx·sin θ − vy·(1 − cos θ))/ω     vx' = vx·cos θ − vy·sin θ
/// y' = y + (vx·(1 − cos θ) + vy·sin θ)/ω     vy' = vx·sin θ + vy·cos θ
/// ```
///
/// It is nonlinear in ω, so [`MotionModel::transition`] returns the analytic Jacobian for
/// EKF prediction. Process noise: NCV blocks `q·[[dt³/3, dt²/2], [dt²/2, dt]]` on each
/// axis (horizontal density on x and y, vertical on z) plus a turn-rate random walk
/// `Q_ωω = q_ω·dt`. The horizontal blocks ignore the rotation of the noise during the
/// step, the usual approximation (Bar-Shalom, Li & Kirubarajan 2001, §11.7.2).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CoordinatedTurn {
    q_horizontal: f64,
    q_turn_rate: f64,
    q_vertical: f64,
}

impl CoordinatedTurn {
    /// Horizontal and vertical acceleration spectral densities (m²/s³) and turn-rate
    /// spectral density (rad²/s³), each `>= 0`.
    pub fn new(q_horizontal: f64, q_turn_rate: f64, q_vertical: f64) -> Result<Self> {
        Ok(Self {
            q_horizontal: non_negative("horizontal spectral density", q_horizontal)?,
            q_turn_rate: non_negative("turn-rate spectral density", q_turn_rate)?,
            q_vertical: non_negative("vertical spectral density", q_vertical)?,
        })
    }
}

/// `sin θ`, `cos θ`, `s = sin(θ)/ω`, `c = (1 − cos θ)/ω` and their ω-derivatives.
struct TurnTerms {
    sin: f64,
    cos: f64,
    s: f64,
    c: f64,
    ds: f64,
    dc: f64,
}

fn turn_terms(omega: f64, dt: f64) -> TurnTerms {
    let theta = omega * dt;
    let (sin, cos) = theta.sin_cos();
    if theta.abs() < SERIES_THRESHOLD {
        let t2 = theta * theta;
        let dt2 = dt * dt;
        TurnTerms {
            sin,
            cos,
            s: dt * (1.0 - t2 / 6.0 * (1.0 - t2 / 20.0 * (1.0 - t2 / 42.0))),
            c: dt * theta * (0.5 - t2 / 24.0 * (1.0 - t2 / 30.0 * (1.0 - t2 / 56.0))),
            ds: dt2 * theta * (-1.0 / 3.0 + t2 / 30.0 - t2 * t2 / 840.0),
            dc: dt2 * (0.5 - t2 / 8.0 + t2 * t2 / 144.0 - t2 * t2 * t2 / 5760.0),
        }
    } else {
        // 2·sin²(θ/2) instead of 1 − cos θ avoids cancellation for moderate θ.
        let half = (0.5 * theta).sin();
        let one_minus_cos = 2.0 * half * half;
        let omega2 = omega * omega;
        TurnTerms {
            sin,
            cos,
            s: sin / omega,
            c: one_minus_cos / omega,
            ds: (theta * cos - sin) / omega2,
            dc: (theta * sin - one_minus_cos) / omega2,
        }
    }
}

impl MotionModel<7> for CoordinatedTurn {
    const POSITION: [usize; 3] = [0, 2, 5];
    const VELOCITY: [usize; 3] = [1, 3, 6];

    #[inline]
    fn transition(&self, state: &SVector<f64, 7>, dt: f64) -> Transition<7> {
        let (vx, vy, omega) = (state[1], state[3], state[OMEGA]);
        let t = turn_terms(omega, dt);
        let vx_new = vx * t.cos - vy * t.sin;
        let vy_new = vx * t.sin + vy * t.cos;
        let mut next = *state;
        next[0] += vx * t.s - vy * t.c;
        next[1] = vx_new;
        next[2] += vx * t.c + vy * t.s;
        next[3] = vy_new;
        next[5] += dt * state[6];

        let mut f = SMatrix::<f64, 7, 7>::identity();
        f[(0, 1)] = t.s;
        f[(0, 3)] = -t.c;
        f[(0, OMEGA)] = vx * t.ds - vy * t.dc;
        f[(1, 1)] = t.cos;
        f[(1, 3)] = -t.sin;
        f[(1, OMEGA)] = -dt * vy_new;
        f[(2, 1)] = t.c;
        f[(2, 3)] = t.s;
        f[(2, OMEGA)] = vx * t.dc + vy * t.ds;
        f[(3, 1)] = t.sin;
        f[(3, 3)] = t.cos;
        f[(3, OMEGA)] = dt * vx_new;
        f[(5, 6)] = dt;

        let mut noise = SMatrix::<f64, 7, 7>::zeros();
        ncv_noise(&mut noise, 0, self.q_horizontal, dt);
        ncv_noise(&mut noise, 2, self.q_horizontal, dt);
        noise[(OMEGA, OMEGA)] = self.q_turn_rate * dt;
        ncv_noise(&mut noise, 5, self.q_vertical, dt);
        Transition {
            state: next,
            jacobian: f,
            noise,
        }
    }
}

/// Nearly constant velocity on the coordinated-turn layout `[x, vx, y, vy, ω, z, vz]`,
/// with the turn rate forced to zero.
///
/// This is the straight-flight partner of [`CoordinatedTurn`] in an IMM: sharing the
/// layout makes mixing well-defined. Each step sets ω to 0 with variance
/// `turn_rate_variance` and no correlation with the kinematic states, so the CV-conditioned
/// estimate says "not turning" with a stated confidence, and the kinematics never see ω.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ConstantVelocityTurnLayout {
    q_horizontal: f64,
    q_vertical: f64,
    turn_rate_variance: f64,
}

impl ConstantVelocityTurnLayout {
    /// Horizontal and vertical acceleration spectral densities (m²/s³, `>= 0`) and the
    /// variance (rad²/s², `> 0`, so the covariance stays positive definite) of the
    /// zero turn rate.
    pub fn new(q_horizontal: f64, q_vertical: f64, turn_rate_variance: f64) -> Result<Self> {
        Ok(Self {
            q_horizontal: non_negative("horizontal spectral density", q_horizontal)?,
            q_vertical: non_negative("vertical spectral density", q_vertical)?,
            turn_rate_variance: crate::error::positive("turn-rate variance", turn_rate_variance)?,
        })
    }
}

impl MotionModel<7> for ConstantVelocityTurnLayout {
    const POSITION: [usize; 3] = CoordinatedTurn::POSITION;
    const VELOCITY: [usize; 3] = CoordinatedTurn::VELOCITY;

    #[inline]
    fn transition(&self, state: &SVector<f64, 7>, dt: f64) -> Transition<7> {
        let mut f = SMatrix::<f64, 7, 7>::zeros();
        let mut noise = SMatrix::<f64, 7, 7>::zeros();
        for (i, q) in [
            (0, self.q_horizontal),
            (2, self.q_horizontal),
            (5, self.q_vertical),
        ] {
            ncv_transition(&mut f, i, dt);
            ncv_noise(&mut noise, i, q, dt);
        }
        // F[ω][ω] stays 0: the prior turn rate is discarded, not propagated.
        noise[(OMEGA, OMEGA)] = self.turn_rate_variance;
        Transition {
            state: linalg::mul(&f, state),
            jacobian: f,
            noise,
        }
    }

    #[inline]
    fn predict_covariance(
        &self,
        transition: &Transition<7>,
        dt: f64,
        covariance: &SMatrix<f64, 7, 7>,
    ) -> SMatrix<f64, 7, 7> {
        // F is the three NCV shears after zeroing ω, and they do not touch ω.
        let mut p = *covariance;
        p.row_mut(OMEGA).fill(0.0);
        p.column_mut(OMEGA).fill(0.0);
        let shears = [(0, 1, dt), (2, 3, dt), (5, 6, dt)];
        linalg::shear_congruence_add(&p, &shears, &transition.noise)
    }
}

/// The modes of a turn-manoeuvre IMM: straight flight or a coordinated turn, on the shared
/// 7-state layout `[x, vx, y, vy, ω, z, vz]`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum TurnModel {
    /// Straight flight (ω held at zero).
    ConstantVelocity(ConstantVelocityTurnLayout),
    /// Coordinated turn with estimated ω.
    CoordinatedTurn(CoordinatedTurn),
}

impl MotionModel<7> for TurnModel {
    const POSITION: [usize; 3] = CoordinatedTurn::POSITION;
    const VELOCITY: [usize; 3] = CoordinatedTurn::VELOCITY;

    #[inline]
    fn transition(&self, state: &SVector<f64, 7>, dt: f64) -> Transition<7> {
        match self {
            Self::ConstantVelocity(m) => m.transition(state, dt),
            Self::CoordinatedTurn(m) => m.transition(state, dt),
        }
    }

    #[inline]
    fn predict_covariance(
        &self,
        transition: &Transition<7>,
        dt: f64,
        covariance: &SMatrix<f64, 7, 7>,
    ) -> SMatrix<f64, 7, 7> {
        match self {
            Self::ConstantVelocity(m) => m.predict_covariance(transition, dt, covariance),
            Self::CoordinatedTurn(m) => m.predict_covariance(transition, dt, covariance),
        }
    }
}
