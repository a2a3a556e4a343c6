//! Range/azimuth/elevation measurements: the nonlinear model for the EKF and the debiased
//! converted-measurement alternative.

use std::f64::consts::TAU;

use nalgebra::{Matrix3, Vector3};

use super::{CartesianPosition, MeasurementModel};
use crate::error::{Result, TrackingError, finite, non_negative, positive};

/// Wraps an angle into `[−π, π)`.
pub fn wrap_angle(angle: f64) -> f64 {
    angle - TAU * (angle / TAU + 0.5).floor()
}

/// A sensor at `sensor_position` (local frame, metres) measuring `[range, azimuth,
/// elevation]` (metres, radians, radians) with independent Gaussian errors.
///
/// Azimuth is clockwise from north, elevation up from the horizontal. The sensor's axes are
/// the frame's axes (no rotation): the engine converts to the tracking frame before this.
///
/// Two ways to use it, both with the same sensor description:
/// - as a [`MeasurementModel`] in an EKF (nonlinear `h`, analytic Jacobian, azimuth
///   residual wrapped into `[−π, π)`);
/// - through [`RangeAzEl::convert_debiased`], which turns a measurement into a Cartesian
///   position and covariance for a linear update (unbiased converted measurement).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RangeAzEl {
    sensor: Vector3<f64>,
    sigma: Vector3<f64>,
    noise: Matrix3<f64>,
}

impl RangeAzEl {
    /// A sensor at `sensor_position` with noise standard deviations in range (m) and
    /// azimuth and elevation (rad), each `> 0`.
    pub fn new(
        sensor_position: Vector3<f64>,
        sigma_range: f64,
        sigma_azimuth: f64,
        sigma_elevation: f64,
    ) -> Result<Self> {
        for &c in sensor_position.iter() {
            finite("sensor position", c)?;
        }
        let sigma = Vector3::new(
            positive("range noise standard deviation", sigma_range)?,
            positive("azimuth noise standard deviation", sigma_azimuth)?,
            positive("elevation noise standard deviation", sigma_elevation)?,
        );
        Ok(Self {
            sensor: sensor_position,
            sigma,
            noise: Matrix3::from_diagonal(&sigma.component_mul(&sigma)),
        })
    }

    /// The sensor position in the local frame (m).
    pub fn sensor_position(&self) -> &Vector3<f64> {
        &self.sensor
    }

    /// Noise standard deviations `[range (m), azimuth (rad), elevation (rad)]`.
    pub fn sigma(&self) -> &Vector3<f64> {
        &self.sigma
    }

    /// The noise-free measurement `[range, azimuth ∈ [0, 2π), elevation]` of a target at
    /// `position`. Fails straight above or below the sensor, where azimuth is undefined.
    pub fn measure(&self, position: &Vector3<f64>) -> Result<Vector3<f64>> {
        Ok(self.predict(position)?.0)
    }

    /// The plain (biased) inverse: the position that a noise-free `[range, azimuth,
    /// elevation]` measurement corresponds to.
    pub fn to_position(&self, rae: &Vector3<f64>) -> Result<Vector3<f64>> {
        let (r, az, el) = checked_rae(rae)?;
        let (sin_az, cos_az) = az.sin_cos();
        let (sin_el, cos_el) = el.sin_cos();
        Ok(self.sensor + r * Vector3::new(sin_az * cos_el, cos_az * cos_el, sin_el))
    }

    /// Unbiased converted measurement (Longbin, Xiaoquan, Yiyu, Kirubarajan & Bar-Shalom,
    /// "Unbiased converted measurements for tracking", IEEE TAES 34(3), 1998).
    ///
    /// The plain conversion `r·(sin az·cos el, cos az·cos el, sin el)` is biased towards
    /// the sensor by the factors `λ = E[cos w] = exp(−σ²/2)` of the angle errors; dividing
    /// by them removes the bias. The covariance is the measurement-conditioned
    /// `E[(p − p_u)(p − p_u)ᵀ | z]`, computed from the exact conditional moments
    /// `E[cos α] = λ·cos α_m`, `E[cos² α] = (1 + λ⁴·cos 2α_m)/2`, etc. Returns the converted
    /// position (local frame, including the sensor offset) and a [`CartesianPosition`]
    /// model carrying that covariance, ready for a linear Kalman update.
    pub fn convert_debiased(
        &self,
        rae: &Vector3<f64>,
    ) -> Result<(Vector3<f64>, CartesianPosition)> {
        let (r, az, el) = checked_rae(rae)?;
        let (var_r, var_az, var_el) = (self.noise[(0, 0)], self.noise[(1, 1)], self.noise[(2, 2)]);
        let lam_az = (-0.5 * var_az).exp();
        let lam_el = (-0.5 * var_el).exp();
        // λ⁴ = E[cos 2w].
        let lam4_az = (-2.0 * var_az).exp();
        let lam4_el = (-2.0 * var_el).exp();
        let (sin_az, cos_az) = az.sin_cos();
        let (sin_el, cos_el) = el.sin_cos();
        let (sin_2az, cos_2az) = (2.0 * az).sin_cos();
        let (sin_2el, cos_2el) = (2.0 * el).sin_cos();

        // Each component is r·a_i(α)·b_i(ε) with a = (sin α, cos α, 1) and
        // b = (cos ε, cos ε, sin ε); the angle errors are independent, so every moment
        // factors into an azimuth part and an elevation part.
        let a = [sin_az, cos_az, 1.0];
        let b = [cos_el, cos_el, sin_el];
        let mean_a = [lam_az * sin_az, lam_az * cos_az, 1.0];
        let mean_b = [lam_el * cos_el, lam_el * cos_el, lam_el * sin_el];
        let ss = 0.5 * (1.0 - lam4_az * cos_2az);
        let cc = 0.5 * (1.0 + lam4_az * cos_2az);
        let sc = 0.5 * lam4_az * sin_2az;
        let second_a = Matrix3::new(
            ss, sc, mean_a[0], //
            sc, cc, mean_a[1], //
            mean_a[0], mean_a[1], 1.0,
        );
        let cc_el = 0.5 * (1.0 + lam4_el * cos_2el);
        let cs_el = 0.5 * lam4_el * sin_2el;
        let ss_el = 0.5 * (1.0 - lam4_el * cos_2el);
        let second_b = Matrix3::new(
            cc_el, cc_el, cs_el, //
            cc_el, cc_el, cs_el, //
            cs_el, cs_el, ss_el,
        );
        // Debiased conversion p_u and the conditional mean m = E[p | z].
        let debias = [lam_az * lam_el, lam_az * lam_el, lam_el];
        let converted = Vector3::from_fn(|i, _| r * a[i] * b[i] / debias[i]);
        let mean = Vector3::from_fn(|i, _| r * mean_a[i] * mean_b[i]);
        let second_r = r * r + var_r;
        let cov = Matrix3::from_fn(|i, j| {
            second_r * second_a[(i, j)] * second_b[(i, j)]
                - converted[i] * mean[j]
                - mean[i] * converted[j]
                + converted[i] * converted[j]
        });
        Ok((self.sensor + converted, CartesianPosition::new(cov)?))
    }
}

/// Checks a `[range, azimuth, elevation]` measurement: finite, range `>= 0`.
fn checked_rae(rae: &Vector3<f64>) -> Result<(f64, f64, f64)> {
    Ok((
        non_negative("measured range", rae[0])?,
        finite("measured azimuth", rae[1])?,
        finite("measured elevation", rae[2])?,
    ))
}

impl MeasurementModel<3> for RangeAzEl {
    fn predict(&self, position: &Vector3<f64>) -> Result<(Vector3<f64>, Matrix3<f64>)> {
        let d = position - self.sensor;
        let (e, n, u) = (d[0], d[1], d[2]);
        let rho2 = e * e + n * n;
        if rho2 <= 0.0 || !rho2.is_finite() {
            return Err(TrackingError::DegenerateGeometry {
                reason: "target straight above or below the sensor (azimuth undefined)",
            });
        }
        let rho = rho2.sqrt();
        let r2 = rho2 + u * u;
        let r = r2.sqrt();
        let h = Vector3::new(r, e.atan2(n).rem_euclid(TAU), u.atan2(rho));
        let jacobian = Matrix3::new(
            e / r,
            n / r,
            u / r,
            n / rho2,
            -e / rho2,
            0.0,
            -u * e / (r2 * rho),
            -u * n / (r2 * rho),
            rho / r2,
        );
        Ok((h, jacobian))
    }

    fn noise(&self) -> &Matrix3<f64> {
        &self.noise
    }

    fn residual(&self, measured: &Vector3<f64>, predicted: &Vector3<f64>) -> Vector3<f64> {
        let mut nu = measured - predicted;
        nu[1] = wrap_angle(nu[1]);
        nu
    }
}
