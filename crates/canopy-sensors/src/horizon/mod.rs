//! Line of sight over a smooth spherical earth with standard refraction folded into an
//! effective earth radius a = k·Re (k = 4/3 by default, Re = 6371 km), MODELS.md §3.
//!
//! On the effective earth radar rays are straight lines, so every question is plane geometry
//! in the great-circle plane through the radar and the target: two points at radii
//! r1 = a + h1 (antenna) and r2 = a + h2 (target), separated by the central angle
//! θ = d/a where d is the ground range along the effective earth's surface.
//!
//! * The ray between them clears the earth iff θ ≤ θ1 + θ2 with θi = acos(a/ri)
//!   (each point's angle to its tangent point), see [`EarthModel::visible`].
//! * Slant range R² = (r2 − r1)² + 4·r1·r2·sin²(θ/2); elevation at the radar
//!   E = atan2(r2·cos θ − r1, r2·sin θ), see [`EarthModel::slant_geometry`].
//!
//! Heights are above the same smooth reference surface (sea level); terrain is not modelled.

use crate::error::{Result, check, non_negative, positive};

/// Mean earth radius, m.
pub const EARTH_RADIUS_M: f64 = 6_371_000.0;

/// Standard-atmosphere effective-earth factor (the "4/3 earth").
pub const STANDARD_K_FACTOR: f64 = 4.0 / 3.0;

/// Smooth earth with refraction modelled by an effective radius `k_factor · radius_m`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct EarthModel {
    /// Effective-earth factor k (4/3 standard atmosphere; 1 = no refraction).
    pub k_factor: f64,
    /// True earth radius Re, m.
    pub radius_m: f64,
}

impl Default for EarthModel {
    /// The 4/3 earth with Re = 6371 km.
    fn default() -> Self {
        Self {
            k_factor: STANDARD_K_FACTOR,
            radius_m: EARTH_RADIUS_M,
        }
    }
}

/// Slant range and elevation of a target seen from the radar.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SlantGeometry {
    /// Straight-line (refracted-ray) range, m.
    pub slant_range_m: f64,
    /// Elevation above the radar's local horizontal, rad (negative below it).
    pub elevation_rad: f64,
}

/// Where a target is on the effective earth, relative to the radar.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct GroundGeometry {
    /// Target altitude above the reference surface, m.
    pub altitude_m: f64,
    /// Ground range along the surface, m.
    pub ground_range_m: f64,
}

impl EarthModel {
    /// An earth with effective factor `k_factor` and radius `radius_m` (both > 0).
    pub fn new(k_factor: f64, radius_m: f64) -> Result<Self> {
        let model = Self { k_factor, radius_m };
        model.validate()?;
        Ok(model)
    }

    /// Checks that k and Re are finite and positive.
    pub fn validate(&self) -> Result<()> {
        positive("k_factor", self.k_factor)?;
        positive("radius_m", self.radius_m)?;
        Ok(())
    }

    /// Effective radius a = k·Re, m.
    pub fn effective_radius(&self) -> f64 {
        self.k_factor * self.radius_m
    }

    fn radii(&self, antenna_height_m: f64, target_altitude_m: f64) -> Result<(f64, f64, f64)> {
        self.validate()?;
        let a = self.effective_radius();
        let h1 = non_negative("antenna_height_m", antenna_height_m)?;
        let h2 = non_negative("target_altitude_m", target_altitude_m)?;
        Ok((a, a + h1, a + h2))
    }

    /// Textbook horizon distance √(2·a·h1) + √(2·a·h2), m (≈ 4.12·(√h1 + √h2) km for h in m
    /// on the 4/3 earth; the FS-1037C "radio horizon range"). Drops the h² terms.
    pub fn horizon_range_approx(
        &self,
        antenna_height_m: f64,
        target_altitude_m: f64,
    ) -> Result<f64> {
        let (a, r1, r2) = self.radii(antenna_height_m, target_altitude_m)?;
        Ok((2.0 * a * (r1 - a)).sqrt() + (2.0 * a * (r2 - a)).sqrt())
    }

    /// Exact straight-line distance from antenna to target when the ray grazes the
    /// effective earth: the two tangent lengths √(r1² − a²) + √(r2² − a²), m. This is the
    /// largest slant range at which the target can be in line of sight.
    pub fn horizon_slant_range(
        &self,
        antenna_height_m: f64,
        target_altitude_m: f64,
    ) -> Result<f64> {
        let (a, r1, r2) = self.radii(antenna_height_m, target_altitude_m)?;
        Ok(tangent_length(a, r1) + tangent_length(a, r2))
    }

    /// Exact ground range (along the effective earth) to the grazing-ray point:
    /// a·(acos(a/r1) + acos(a/r2)), m. The largest ground range with line of sight.
    pub fn horizon_ground_range(
        &self,
        antenna_height_m: f64,
        target_altitude_m: f64,
    ) -> Result<f64> {
        let (a, r1, r2) = self.radii(antenna_height_m, target_altitude_m)?;
        Ok(a * (tangent_angle(a, r1) + tangent_angle(a, r2)))
    }

    /// Whether a target at `target_altitude_m` and `ground_range_m` is in line of sight of an
    /// antenna at `antenna_height_m` (exact: θ ≤ acos(a/r1) + acos(a/r2)).
    pub fn visible(
        &self,
        antenna_height_m: f64,
        target_altitude_m: f64,
        ground_range_m: f64,
    ) -> Result<bool> {
        let horizon = self.horizon_ground_range(antenna_height_m, target_altitude_m)?;
        Ok(non_negative("ground_range_m", ground_range_m)? <= horizon)
    }

    /// Lowest target altitude (m) in line of sight at `ground_range_m` (exact: the target on
    /// the ray tangent to the earth, r2 = a / cos(θ − θ1); 0 inside the antenna's horizon).
    pub fn lowest_visible_altitude(
        &self,
        antenna_height_m: f64,
        ground_range_m: f64,
    ) -> Result<f64> {
        let (a, r1, _) = self.radii(antenna_height_m, 0.0)?;
        let beyond = non_negative("ground_range_m", ground_range_m)? / a - tangent_angle(a, r1);
        // Past a quarter turn beyond the tangent point no finite altitude is visible.
        check(
            "ground_range_m",
            ground_range_m,
            beyond < std::f64::consts::FRAC_PI_2,
            "less than a quarter of the effective earth's circumference beyond the antenna's horizon",
        )?;
        Ok(if beyond <= 0.0 {
            0.0
        } else {
            a / beyond.cos() - a
        })
    }

    /// The parabolic approximation of [`Self::lowest_visible_altitude`]:
    /// (d − √(2·a·h1))² / (2a), m — the form MODELS.md §3 tabulates.
    pub fn lowest_visible_altitude_approx(
        &self,
        antenna_height_m: f64,
        ground_range_m: f64,
    ) -> Result<f64> {
        let (a, r1, _) = self.radii(antenna_height_m, 0.0)?;
        let d = non_negative("ground_range_m", ground_range_m)?;
        let beyond = (d - (2.0 * a * (r1 - a)).sqrt()).max(0.0);
        Ok(beyond * beyond / (2.0 * a))
    }

    /// Slant range and elevation of a target at `target_altitude_m` and `ground_range_m`.
    pub fn slant_geometry(
        &self,
        antenna_height_m: f64,
        target_altitude_m: f64,
        ground_range_m: f64,
    ) -> Result<SlantGeometry> {
        let (a, r1, r2) = self.radii(antenna_height_m, target_altitude_m)?;
        let theta = non_negative("ground_range_m", ground_range_m)? / a;
        let half = (0.5 * theta).sin();
        // Forms without the cancellation of r2·cos θ − r1 at short range.
        let slant = ((r2 - r1).powi(2) + 4.0 * r1 * r2 * half * half).sqrt();
        let elevation = ((r2 - r1) - 2.0 * r2 * half * half).atan2(r2 * theta.sin());
        Ok(SlantGeometry {
            slant_range_m: slant,
            elevation_rad: elevation,
        })
    }

    /// Altitude and ground range of the point at `slant_range_m` along a ray leaving the
    /// antenna at `elevation_rad` (the inverse of [`Self::slant_geometry`]).
    pub fn target_from_slant(
        &self,
        antenna_height_m: f64,
        slant_range_m: f64,
        elevation_rad: f64,
    ) -> Result<GroundGeometry> {
        let (a, r1, _) = self.radii(antenna_height_m, 0.0)?;
        let range = non_negative("slant_range_m", slant_range_m)?;
        let el = check(
            "elevation_rad",
            elevation_rad,
            elevation_rad.abs() <= std::f64::consts::FRAC_PI_2,
            "an angle in [−π/2, π/2]",
        )?;
        let (horizontal, vertical) = (range * el.cos(), r1 + range * el.sin());
        Ok(GroundGeometry {
            altitude_m: horizontal.hypot(vertical) - a,
            ground_range_m: a * horizontal.atan2(vertical),
        })
    }

    /// Ground range (m) of a target at `target_altitude_m` seen at `slant_range_m`.
    ///
    /// Slant ranges shorter than the height difference (possible when the caller's geometry
    /// comes from another earth model) are read as "directly overhead" and give 0.
    pub fn ground_range_from_slant(
        &self,
        antenna_height_m: f64,
        target_altitude_m: f64,
        slant_range_m: f64,
    ) -> Result<f64> {
        let (a, r1, r2) = self.radii(antenna_height_m, target_altitude_m)?;
        let range = non_negative("slant_range_m", slant_range_m)?;
        Ok(a * central_angle(r1, r2, range))
    }
}

/// Central angle between points at radii r1, r2 a straight distance `range` apart
/// (law of cosines in the half-angle form; clamped to the feasible range).
pub(crate) fn central_angle(r1: f64, r2: f64, range: f64) -> f64 {
    let half_sq = (range * range - (r2 - r1).powi(2)) / (4.0 * r1 * r2);
    2.0 * half_sq.clamp(0.0, 1.0).sqrt().asin()
}

/// Length of the tangent from radius r to a sphere of radius a.
fn tangent_length(a: f64, r: f64) -> f64 {
    ((r - a) * (r + a)).sqrt()
}

/// Central angle from a point at radius r to its tangent point on the sphere of radius a.
fn tangent_angle(a: f64, r: f64) -> f64 {
    // atan2 rather than acos(a/r): acos loses digits next to 1, i.e. for low antennas.
    tangent_length(a, r).atan2(a)
}
