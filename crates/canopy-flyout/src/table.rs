//! Precomputed nominal flyouts for engagement planning: the C2 predicts an intercept point and
//! time from a table lookup instead of simulating a flight.
//!
//! **Model.** Each table row ("ray") is a flyout along a straight line from the launcher at a
//! fixed elevation above the local horizontal of a spherical Earth, from launch speed, with the
//! same thrust, mass and drag (density at the altitude along the ray) as the 3-DOF flyout and
//! the component of inverse-square gravity along the ray. The lateral component of gravity is
//! assumed cancelled by lift, as the 3-DOF's gravity compensation does, so a round launched
//! toward a collision course flies close to this straight line. Not modelled: the turnover of a
//! vertical launch, and the induced drag of manoeuvring; a C2 can add a fixed turnover delay.
//! Rays are spaced in elevation from 0° to 90°; times in between are interpolated linearly in
//! elevation and in slant range.

use nalgebra::{Vector2, Vector3};

use crate::earth::MU_EARTH;
use crate::error::{FlyoutError, finite, positive, rule};
use crate::interceptor::TargetEstimate;
use crate::params::{Airframe, InterceptorParams};

/// How to build a [`FlyoutTable`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FlyoutTableConfig {
    /// Spacing of the rays in elevation (degrees, in (0, 90]).
    pub elevation_step_deg: f64,
    /// Time between tabulated samples along a ray (s).
    pub sample_interval_s: f64,
    /// Launcher altitude above the surface (m).
    pub launch_altitude_m: f64,
}

impl Default for FlyoutTableConfig {
    fn default() -> Self {
        FlyoutTableConfig {
            elevation_step_deg: 5.0,
            sample_interval_s: 0.1,
            launch_altitude_m: 0.0,
        }
    }
}

/// Slant range and speed along one ray at one tabulated time.
#[derive(Debug, Clone, Copy, PartialEq)]
struct RayPoint {
    slant_m: f64,
    speed_mps: f64,
}

/// Interpolated nominal flyout state.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FlyoutSample {
    /// Time since launch (s).
    pub time_s: f64,
    /// Straight-line distance from the launcher (m).
    pub slant_range_m: f64,
    /// Distance along the surface from the launcher (m).
    pub ground_range_m: f64,
    /// Altitude above the surface (m).
    pub altitude_m: f64,
    /// Speed (m/s).
    pub speed_mps: f64,
}

/// Predicted intercept of a constant-velocity target.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct InterceptPrediction {
    /// Time from launch to intercept (s).
    pub time_to_intercept_s: f64,
    /// Simulation time of intercept (s).
    pub intercept_time_s: f64,
    /// ECEF predicted intercept point (m).
    pub point: Vector3<f64>,
    /// Unit vector from the launcher to the point: the nominal launch direction.
    pub launch_direction: Vector3<f64>,
    /// Slant range to the point (m).
    pub slant_range_m: f64,
    /// Elevation of the point above the launcher's horizontal (rad).
    pub elevation_rad: f64,
}

/// Nominal flyouts tabulated against time for a fan of launch elevations.
#[derive(Debug, Clone)]
pub struct FlyoutTable {
    elevations_rad: Vec<f64>,
    rays: Vec<Vec<RayPoint>>,
    interval_s: f64,
    earth_radius_m: f64,
    launch_radius_m: f64,
    earth: crate::earth::EarthModel,
}

impl FlyoutTable {
    /// Flies the nominal rays for `params` (each until the time of flight ends or the speed
    /// reaches zero).
    pub fn build(
        params: &InterceptorParams,
        config: FlyoutTableConfig,
    ) -> Result<Self, FlyoutError> {
        params.validate()?;
        let step_deg = positive("elevation_step_deg", config.elevation_step_deg)?;
        rule("elevation_step_deg", step_deg <= 90.0, "must be at most 90")?;
        let interval_s = positive("sample_interval_s", config.sample_interval_s)?;
        let earth_radius_m = params.environment.earth.mean_radius_m();
        let launch_altitude_m = finite("launch_altitude_m", config.launch_altitude_m)?;
        rule(
            "launch_altitude_m",
            launch_altitude_m > -0.5 * earth_radius_m,
            "is below the Earth's centre",
        )?;
        let launch_radius_m = earth_radius_m + launch_altitude_m;
        let airframe = Airframe::new(params);

        let n_rays = (90.0 / step_deg - 1e-9).ceil() as usize + 1;
        let elevations_rad: Vec<f64> = (0..n_rays)
            .map(|k| (k as f64 * step_deg).min(90.0).to_radians())
            .collect();
        let substeps = (interval_s / params.integration_step_s * (1.0 - 1e-12))
            .ceil()
            .max(1.0);
        let h = interval_s / substeps;
        let n_samples = (params.max_time_of_flight_s / interval_s).floor();
        rule(
            "sample_interval_s",
            n_samples <= 1e6,
            "gives more than 1e6 samples per ray over the time of flight",
        )?;
        let n_samples = n_samples as usize;
        let rays = elevations_rad
            .iter()
            .map(|&gamma| {
                let (sin_g, cos_g) = gamma.sin_cos();
                // State (s, v) along the ray; P(s) = (s·cosγ, R_L + s·sinγ) from the Earth's centre.
                let f = |t: f64, y: &Vector2<f64>| {
                    let (s, v) = (y[0], y[1]);
                    let p = Vector2::new(s * cos_g, launch_radius_m + s * sin_g);
                    let r = p.norm();
                    let along_gravity = -MU_EARTH * (s + launch_radius_m * sin_g) / (r * r * r);
                    Vector2::new(
                        v,
                        airframe.axial_acceleration(t, v, r - earth_radius_m) + along_gravity,
                    )
                };
                let mut y = Vector2::new(0.0, params.launch_speed_mps);
                let mut points = vec![RayPoint {
                    slant_m: 0.0,
                    speed_mps: y[1],
                }];
                for i in 0..n_samples {
                    for j in 0..substeps as usize {
                        y = airframe.integrate(f, i as f64 * interval_s + j as f64 * h, y, h);
                    }
                    // Stalled (or non-finite): the ray ends, so slant range stays increasing.
                    if y[1] <= 0.0 || y[1].is_nan() {
                        break;
                    }
                    points.push(RayPoint {
                        slant_m: y[0],
                        speed_mps: y[1],
                    });
                }
                points
            })
            .collect();
        Ok(FlyoutTable {
            elevations_rad,
            rays,
            interval_s,
            earth_radius_m,
            launch_radius_m,
            earth: params.environment.earth,
        })
    }

    /// Brackets `elevation_rad` (clamped to [0, π/2]) between two rays: (lower index, weight of
    /// the upper one).
    fn bracket(&self, elevation_rad: f64) -> (usize, f64) {
        let e = elevation_rad.clamp(0.0, std::f64::consts::FRAC_PI_2);
        let last = self.elevations_rad.len() - 1;
        let k = self
            .elevations_rad
            .partition_point(|&x| x <= e)
            .clamp(1, last)
            - 1;
        let (lo, hi) = (self.elevations_rad[k], self.elevations_rad[k + 1]);
        (k, ((e - lo) / (hi - lo)).clamp(0.0, 1.0))
    }

    /// Time for ray `k` to reach slant range `slant_m`, or `None` beyond its reach.
    fn ray_time(&self, k: usize, slant_m: f64) -> Option<f64> {
        let ray = &self.rays[k];
        let i = ray.partition_point(|p| p.slant_m <= slant_m);
        if i == 0 {
            return Some(0.0);
        }
        let (a, b) = (ray[i - 1], *ray.get(i)?);
        let frac = (slant_m - a.slant_m) / (b.slant_m - a.slant_m);
        Some(((i - 1) as f64 + frac) * self.interval_s)
    }

    /// Nominal time (s) to fly `slant_range_m` along elevation `elevation_rad` (clamped to
    /// [0, π/2]), or `None` if the round cannot get that far within its time of flight.
    pub fn time_to_reach_slant(&self, slant_range_m: f64, elevation_rad: f64) -> Option<f64> {
        if !(slant_range_m.is_finite() && elevation_rad.is_finite()) {
            return None;
        }
        let (k, w) = self.bracket(elevation_rad);
        let lo = self.ray_time(k, slant_range_m)?;
        let hi = self.ray_time(k + 1, slant_range_m)?;
        Some(lo + w * (hi - lo))
    }

    /// Nominal time (s) to reach a point at `ground_range_m` along the surface and `altitude_m`
    /// above it (spherical Earth), or `None` if it is out of reach.
    pub fn time_to_reach(&self, ground_range_m: f64, altitude_m: f64) -> Option<f64> {
        let theta = ground_range_m / self.earth_radius_m;
        let radius = self.earth_radius_m + altitude_m;
        let x = radius * theta.sin();
        let y = radius * theta.cos() - self.launch_radius_m;
        self.time_to_reach_slant(x.hypot(y), y.atan2(x))
    }

    /// Nominal flyout state at `time_s` after launch along elevation `elevation_rad`, or `None`
    /// past the end of either bracketing ray.
    pub fn sample(&self, elevation_rad: f64, time_s: f64) -> Option<FlyoutSample> {
        if !(elevation_rad.is_finite() && time_s >= 0.0) {
            return None;
        }
        let (k, w) = self.bracket(elevation_rad);
        let i = (time_s / self.interval_s).floor() as usize;
        let frac = time_s / self.interval_s - i as f64;
        let at = |ray: &[RayPoint]| -> Option<RayPoint> {
            let a = ray.get(i)?;
            let b = if frac > 0.0 { ray.get(i + 1)? } else { a };
            Some(RayPoint {
                slant_m: a.slant_m + frac * (b.slant_m - a.slant_m),
                speed_mps: a.speed_mps + frac * (b.speed_mps - a.speed_mps),
            })
        };
        let (lo, hi) = (at(&self.rays[k])?, at(&self.rays[k + 1])?);
        let slant = lo.slant_m + w * (hi.slant_m - lo.slant_m);
        let gamma = elevation_rad.clamp(0.0, std::f64::consts::FRAC_PI_2);
        let p = Vector2::new(
            slant * gamma.cos(),
            self.launch_radius_m + slant * gamma.sin(),
        );
        Some(FlyoutSample {
            time_s,
            slant_range_m: slant,
            ground_range_m: self.earth_radius_m * p.x.atan2(p.y),
            altitude_m: p.norm() - self.earth_radius_m,
            speed_mps: lo.speed_mps + w * (hi.speed_mps - lo.speed_mps),
        })
    }

    /// Nominal time for the round launched from the ECEF point `launcher` to reach the ECEF point
    /// `point`, with the elevation measured from the launcher's local vertical.
    fn time_to_point(
        &self,
        launcher: &Vector3<f64>,
        up: &Vector3<f64>,
        point: &Vector3<f64>,
    ) -> Option<f64> {
        let rel = point - launcher;
        let slant = rel.norm();
        if slant == 0.0 {
            return Some(0.0);
        }
        self.time_to_reach_slant(slant, (rel.dot(up) / slant).clamp(-1.0, 1.0).asin())
    }

    /// Predicted intercept of a constant-velocity target by a round launched from the ECEF point
    /// `launcher` at simulation time `launch_time_s`: the earliest time t after launch at which
    /// the nominal flyout reaches the target's extrapolated position, found by scanning
    /// f(t) = T(target(t)) − t in steps of 5 table intervals for the first sign change and
    /// bisecting it to 1e-4 s. `None` if the target is never reachable within the time of
    /// flight.
    pub fn predict_intercept(
        &self,
        launcher: &Vector3<f64>,
        target: &TargetEstimate,
        launch_time_s: f64,
    ) -> Option<InterceptPrediction> {
        if !(launcher.iter().all(|c| c.is_finite()) && launch_time_s.is_finite()) {
            return None;
        }
        let up = self.earth.up(launcher);
        let point_at = |t: f64| target.position_at(launch_time_s + t);
        // Unreachable points count as "still too far" so the search moves on.
        let gap = |t: f64| {
            self.time_to_point(launcher, &up, &point_at(t))
                .map_or(f64::INFINITY, |tr| tr - t)
        };
        let scan = 5.0 * self.interval_s;
        let max_t =
            (self.rays.iter().map(Vec::len).max().unwrap_or(1) - 1) as f64 * self.interval_s;
        let mut lo = 0.0;
        let mut hi = None;
        if gap(0.0) <= 0.0 {
            hi = Some(0.0);
        }
        while hi.is_none() && lo < max_t {
            let t = (lo + scan).min(max_t);
            if gap(t) <= 0.0 {
                hi = Some(t);
            } else {
                lo = t;
            }
        }
        let mut hi = hi?;
        while hi - lo > 1e-4 {
            let mid = 0.5 * (lo + hi);
            if gap(mid) <= 0.0 {
                hi = mid;
            } else {
                lo = mid;
            }
        }
        let point = point_at(hi);
        let rel = point - launcher;
        let slant = rel.norm();
        let launch_direction = rel.try_normalize(0.0).unwrap_or(up);
        Some(InterceptPrediction {
            time_to_intercept_s: hi,
            intercept_time_s: launch_time_s + hi,
            point,
            launch_direction,
            slant_range_m: slant,
            elevation_rad: launch_direction.dot(&up).clamp(-1.0, 1.0).asin(),
        })
    }
}

#[cfg(test)]
mod tests;
