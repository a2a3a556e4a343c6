//! Measurement models: Cartesian position, and range/azimuth/elevation (for an EKF, or
//! converted to Cartesian with debiasing).
//!
//! Angles are in **radians** everywhere in this crate's API. Azimuth is measured clockwise
//! from north (north = 0, east = π/2) and elevation up from the horizontal plane, both as
//! seen from the sensor, whose axes are the local frame's east, north and up.

mod rae;

#[cfg(test)]
mod tests;

use nalgebra::{Matrix3, SMatrix, SVector, Vector3};

pub use rae::{RangeAzEl, wrap_angle};

use crate::error::{Result, positive};
use crate::gaussian::checked_covariance;

/// A measurement `z = h(p) + v`, `v ~ N(0, R)`, that depends on the target's position `p`
/// (east, north, up metres) only.
///
/// Depending on position only (not velocity) is what all our sensors do today; it lets the
/// update exploit that the state Jacobian is nonzero in three columns only.
pub trait MeasurementModel<const M: usize> {
    /// The predicted measurement `h(p)` and its Jacobian `∂h/∂p` (M×3) at position `p`.
    fn predict(&self, position: &Vector3<f64>) -> Result<(SVector<f64, M>, SMatrix<f64, M, 3>)>;

    /// The measurement noise covariance `R` (symmetric positive definite).
    fn noise(&self) -> &SMatrix<f64, M, M>;

    /// The residual `z − h`, with angular components wrapped into `[−π, π)`.
    fn residual(&self, measured: &SVector<f64, M>, predicted: &SVector<f64, M>) -> SVector<f64, M> {
        measured - predicted
    }
}

/// A linear measurement of the target's position in the local frame, `z = p + v`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CartesianPosition {
    noise: Matrix3<f64>,
}

impl CartesianPosition {
    /// Position measurement with noise covariance `noise` (m², symmetric positive definite).
    pub fn new(noise: Matrix3<f64>) -> Result<Self> {
        Ok(Self {
            noise: checked_covariance("position measurement noise", &noise)?,
        })
    }

    /// Position measurement with independent noise of standard deviation `sigma` (m, `> 0`)
    /// on each axis.
    pub fn isotropic(sigma: f64) -> Result<Self> {
        let sigma = positive("position noise standard deviation", sigma)?;
        Ok(Self {
            noise: Matrix3::from_diagonal_element(sigma * sigma),
        })
    }
}

impl CartesianPosition {
    /// The same noise restricted to east/north, with a unit, uncorrelated up component:
    /// what the planar tracker updates with. A principal 2×2 block of a positive definite
    /// matrix is positive definite, so no check is needed.
    pub(crate) fn planar(&self) -> Self {
        let r = &self.noise;
        Self {
            noise: Matrix3::new(
                r[(0, 0)],
                r[(0, 1)],
                0.0,
                r[(1, 0)],
                r[(1, 1)],
                0.0,
                0.0,
                0.0,
                1.0,
            ),
        }
    }
}

impl MeasurementModel<3> for CartesianPosition {
    fn predict(&self, position: &Vector3<f64>) -> Result<(Vector3<f64>, Matrix3<f64>)> {
        Ok((*position, Matrix3::identity()))
    }

    fn noise(&self) -> &Matrix3<f64> {
        &self.noise
    }
}

/// How a filter processes a range/azimuth/elevation measurement.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RaeProcessing {
    /// Extended Kalman update with the nonlinear model and its Jacobian.
    Extended,
    /// Linear update with the debiased converted measurement
    /// ([`RangeAzEl::convert_debiased`]).
    Converted,
}

/// A measurement as a tracker receives it: the measured value with its sensor model.
///
/// When one range/azimuth/elevation report is gated against many tracks with
/// [`RaeProcessing::Converted`], convert it once with [`RangeAzEl::convert_debiased`] and
/// pass the result as [`Measurement::Position`] instead of converting per track.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Measurement {
    /// A Cartesian position in the local frame (m).
    Position {
        /// Measured east, north, up (m).
        value: Vector3<f64>,
        /// Its noise model.
        sensor: CartesianPosition,
    },
    /// A range/azimuth/elevation report (m, rad, rad).
    Rae {
        /// Measured `[range, azimuth, elevation]`.
        value: Vector3<f64>,
        /// The sensor's position and noise.
        sensor: RangeAzEl,
        /// EKF or converted-measurement processing.
        processing: RaeProcessing,
    },
}

/// A [`Measurement`] reduced to a value and a concrete model (conversion done).
pub(crate) enum Resolved {
    /// Linear position measurement.
    Cartesian(Vector3<f64>, CartesianPosition),
    /// Nonlinear range/azimuth/elevation for the EKF.
    Rae(Vector3<f64>, RangeAzEl),
}

impl Measurement {
    /// Performs the debiased conversion if requested.
    pub(crate) fn resolve(&self) -> Result<Resolved> {
        Ok(match *self {
            Self::Position { value, sensor } => Resolved::Cartesian(value, sensor),
            Self::Rae {
                value,
                sensor,
                processing: RaeProcessing::Extended,
            } => Resolved::Rae(value, sensor),
            Self::Rae {
                value,
                sensor,
                processing: RaeProcessing::Converted,
            } => {
                let (position, model) = sensor.convert_debiased(&value)?;
                Resolved::Cartesian(position, model)
            }
        })
    }
}
