//! Nearly-constant-acceleration model, 9 states.

use nalgebra::{SMatrix, SVector};

use super::{MotionModel, Transition};
use crate::error::{Result, non_negative};
use crate::linalg;

/// Nearly constant acceleration in 3-D, state `[x, vx, ax, y, vy, ay, z, vz, az]`.
///
/// Each axis is a continuous white-noise-jerk (Wiener-process acceleration) model with
/// spectral density `q` (m²/s⁵): `F = [[1, dt, dt²/2], [0, 1, dt], [0, 0, 1]]` and
/// `Q = q·[[dt⁵/20, dt⁴/8, dt³/6], [dt⁴/8, dt³/3, dt²/2], [dt³/6, dt²/2, dt]]`
/// (Bar-Shalom, Li & Kirubarajan 2001, §6.2.3).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ConstantAcceleration {
    q: [f64; 3],
}

impl ConstantAcceleration {
    /// The same jerk spectral density `q` (m²/s⁵, `>= 0`) on all three axes.
    pub fn new(q: f64) -> Result<Self> {
        Self::per_axis([q, q, q])
    }

    /// Separate jerk spectral densities for east, north and up (m²/s⁵, each `>= 0`).
    pub fn per_axis(q: [f64; 3]) -> Result<Self> {
        for &qi in &q {
            non_negative("acceleration-model spectral density", qi)?;
        }
        Ok(Self { q })
    }

    /// Jerk spectral densities for east, north and up (m²/s⁵).
    pub fn spectral_density(&self) -> [f64; 3] {
        self.q
    }
}

impl MotionModel<9> for ConstantAcceleration {
    const POSITION: [usize; 3] = [0, 3, 6];
    const VELOCITY: [usize; 3] = [1, 4, 7];

    #[inline]
    fn transition(&self, state: &SVector<f64, 9>, dt: f64) -> Transition<9> {
        let mut f = SMatrix::<f64, 9, 9>::zeros();
        let mut noise = SMatrix::<f64, 9, 9>::zeros();
        let dt2 = dt * dt;
        let dt3 = dt2 * dt;
        let f_axis = [[1.0, dt, dt2 / 2.0], [0.0, 1.0, dt], [0.0, 0.0, 1.0]];
        let q_axis = [
            [dt3 * dt2 / 20.0, dt2 * dt2 / 8.0, dt3 / 6.0],
            [dt2 * dt2 / 8.0, dt3 / 3.0, dt2 / 2.0],
            [dt3 / 6.0, dt2 / 2.0, dt],
        ];
        for (axis, &q) in self.q.iter().enumerate() {
            let i = 3 * axis;
            for r in 0..3 {
                for c in 0..3 {
                    f[(i + r, i + c)] = f_axis[r][c];
                    noise[(i + r, i + c)] = q * q_axis[r][c];
                }
            }
        }
        Transition {
            state: linalg::mul(&f, state),
            jacobian: f,
            noise,
        }
    }

    #[inline]
    fn predict_covariance(
        &self,
        transition: &Transition<9>,
        dt: f64,
        covariance: &SMatrix<f64, 9, 9>,
    ) -> SMatrix<f64, 9, 9> {
        // Per axis: x += dt·v + dt²/2·a (reading the old v), then v += dt·a.
        let half = 0.5 * dt * dt;
        let shears = [
            (0, 1, dt),
            (0, 2, half),
            (1, 2, dt),
            (3, 4, dt),
            (3, 5, half),
            (4, 5, dt),
            (6, 7, dt),
            (6, 8, half),
            (7, 8, dt),
        ];
        linalg::shear_congruence_add(covariance, &shears, &transition.noise)
    }
}
