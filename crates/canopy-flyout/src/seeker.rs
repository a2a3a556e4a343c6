//! The interceptor's terminal seeker: the round's own sensor, which replaces the ground radar's
//! track estimate once it sees the target.
//!
//! Midcourse guidance flies on the engagement radar's track, whose error (tens to hundreds of
//! metres) is far above a warhead's lethal radius; real long-range rounds close that gap with a
//! homing seeker (active radar, semi-active, or track-via-missile, all modelled alike here: a
//! sensor riding on the round). The model:
//! - **Acquisition.** The seeker sees a target inside its acquisition range, which scales with
//!   the target's radar cross-section as σ^¼ (the radar equation at fixed SNR, MODELS.md §1),
//!   and within its gimbal limit off the round's velocity (the seeker looks forward).
//! - **Measurement.** Angles to the target with a Gaussian angular noise of `angle_noise_rad`
//!   on each of the two axes across the line of sight, so the position error is
//!   `angle_noise_rad × range` and shrinks as the round closes. Range and target velocity are
//!   taken as exact (a seeker's Doppler and line-of-sight-rate filter resolve them far better
//!   than the angles); that is the model's simplification, stated.
//!
//! The seeker draws no random numbers itself: the caller passes the two standard-normal draws,
//! so this crate stays deterministic and the engine owns every random stream.

use nalgebra::Vector3;

use crate::error::{FlyoutError, non_negative, positive, rule};
use crate::interceptor::TargetEstimate;

/// A terminal seeker's parameters.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Seeker {
    /// Acquisition range against a 1 m² target (m).
    pub acquisition_range_m: f64,
    /// Largest angle between the round's velocity and its line of sight to the target at
    /// which the seeker sees the target (rad).
    pub gimbal_limit_rad: f64,
    /// One-sigma angular noise of one measurement, on each axis across the line of sight
    /// (rad).
    pub angle_noise_rad: f64,
}

impl Seeker {
    /// Checks every field.
    pub fn validate(&self) -> Result<(), FlyoutError> {
        positive("seeker.acquisition_range_m", self.acquisition_range_m)?;
        positive("seeker.gimbal_limit_rad", self.gimbal_limit_rad)?;
        rule(
            "seeker.gimbal_limit_rad",
            self.gimbal_limit_rad <= std::f64::consts::PI,
            "must be at most π (180°)",
        )?;
        non_negative("seeker.angle_noise_rad", self.angle_noise_rad).map(|_| ())
    }

    /// Acquisition range against a target of mean cross-section `rcs_m2` (m): the 1 m² range
    /// times σ^¼, since the received power falls as R⁻⁴ and grows linearly with σ.
    pub fn acquisition_range(&self, rcs_m2: f64) -> f64 {
        self.acquisition_range_m * rcs_m2.max(0.0).powf(0.25)
    }

    /// Whether a round at `position` flying with `velocity` sees a target at `target` of
    /// cross-section `rcs_m2`: inside the acquisition range and the gimbal limit.
    pub fn sees(
        &self,
        position: &Vector3<f64>,
        velocity: &Vector3<f64>,
        target: &Vector3<f64>,
        rcs_m2: f64,
    ) -> bool {
        let los = target - position;
        let range = los.norm();
        let speed = velocity.norm();
        if range > self.acquisition_range(rcs_m2) || speed == 0.0 {
            return false;
        }
        // On top of the target every direction is "ahead".
        range == 0.0 || los.dot(velocity) >= range * speed * self.gimbal_limit_rad.cos()
    }

    /// The seeker's view of `target` (the true state) from a round at `position`: the
    /// position moved across the line of sight by `noise` (two standard-normal draws) times
    /// the angular noise times the range; velocity and time unchanged.
    pub fn measure(
        &self,
        position: &Vector3<f64>,
        target: &TargetEstimate,
        noise: [f64; 2],
    ) -> TargetEstimate {
        let los = target.position - position;
        let range = los.norm();
        if range == 0.0 {
            return *target;
        }
        let u = los / range;
        // Any unit vector not along the line of sight seeds the two cross axes.
        let seed = if u.x.abs() < 0.9 {
            Vector3::x()
        } else {
            Vector3::y()
        };
        let a = u.cross(&seed).normalize();
        let b = u.cross(&a);
        let sigma = self.angle_noise_rad * range;
        TargetEstimate {
            position: target.position + (a * noise[0] + b * noise[1]) * sigma,
            ..*target
        }
    }
}

#[cfg(test)]
mod tests;
