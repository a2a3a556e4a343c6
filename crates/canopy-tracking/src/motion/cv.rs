//! Nearly-constant-velocity model, 6 states.

use nalgebra::{SMatrix, SVector};

use super::{MotionModel, Transition, ncv_noise, ncv_transition};
use crate::error::{Result, non_negative};
use crate::linalg;

/// Nearly constant velocity in 3-D, state `[x, vx, y, vy, z, vz]`.
///
/// Each axis is an independent continuous white-noise-acceleration process with spectral
/// density `q` (m²/s³), so `Q = q·[[dt³/3, dt²/2], [dt²/2, dt]]` per axis (Stone Soup
/// `ConstantVelocity(q)`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ConstantVelocity {
    q: [f64; 3],
}

impl ConstantVelocity {
    /// The same spectral density `q` (m²/s³, `>= 0`) on all three axes.
    pub fn new(q: f64) -> Result<Self> {
        Self::per_axis([q, q, q])
    }

    /// Separate spectral densities for east, north and up (m²/s³, each `>= 0`); useful
    /// because aircraft manoeuvre far less vertically than horizontally.
    pub fn per_axis(q: [f64; 3]) -> Result<Self> {
        for &qi in &q {
            non_negative("velocity-model spectral density", qi)?;
        }
        Ok(Self { q })
    }

    /// Spectral densities for east, north and up (m²/s³).
    pub fn spectral_density(&self) -> [f64; 3] {
        self.q
    }
}

impl MotionModel<6> for ConstantVelocity {
    const POSITION: [usize; 3] = [0, 2, 4];
    const VELOCITY: [usize; 3] = [1, 3, 5];

    #[inline]
    fn transition(&self, state: &SVector<f64, 6>, dt: f64) -> Transition<6> {
        let mut f = SMatrix::<f64, 6, 6>::zeros();
        let mut noise = SMatrix::<f64, 6, 6>::zeros();
        for (axis, &q) in self.q.iter().enumerate() {
            ncv_transition(&mut f, 2 * axis, dt);
            ncv_noise(&mut noise, 2 * axis, q, dt);
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
        transition: &Transition<6>,
        dt: f64,
        covariance: &SMatrix<f64, 6, 6>,
    ) -> SMatrix<f64, 6, 6> {
        let shears = [(0, 1, dt), (2, 3, dt), (4, 5, dt)];
        linalg::shear_congruence_add(covariance, &shears, &transition.noise)
    }
}
