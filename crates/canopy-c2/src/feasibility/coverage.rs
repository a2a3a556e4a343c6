//! The engagement radar's line-of-sight and coverage checks, precomputed per fire unit so that a
//! scan point costs one `acos`, one `asin` and a few square roots.
//!
//! The geometry is that of `canopy_sensors::horizon` (smooth 4/3 earth): ground range along the
//! true earth from the angle between the radar site and the point, visibility
//! θ ≤ θ1 + θ2 on the effective earth, and refracted elevation
//! E = atan2((r2 − r1) − 2·r2·sin²(θ/2), r2·sin θ). The elevation limits and the azimuth
//! sector are tested by sign of cross products against precomputed sines and cosines instead
//! of converting the point to angles: `atan2` and `sin_cos` were the largest costs of the scan.

use canopy_core::geo::LocalFrame;
use nalgebra::Vector3;

use super::EngagementRadar;

/// The radar's azimuth sector, as unit vectors and cosines.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Sector {
    /// East and north unit vectors at the radar site (ECEF).
    east: Vector3<f64>,
    north: Vector3<f64>,
    /// sin and cos of the boresight azimuth.
    boresight: (f64, f64),
    /// cos of the half-width: inside iff the angle off boresight has a larger cosine.
    cos_half_width: f64,
    /// (east, north) unit vectors of the sector's two edges.
    edges: [(f64, f64); 2],
}

/// What the radar sees of one point.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct RadarView {
    /// Above the radar's 4/3-earth horizon.
    pub line_of_sight: bool,
    /// Inside the elevation limits and the azimuth sector.
    pub covered: bool,
    /// Inside the elevation limits.
    pub in_elevation: bool,
    /// Inside the azimuth sector.
    pub in_sector: bool,
    /// Ground range from the radar along the true earth (m).
    pub ground_m: f64,
    /// Horizontal distance from the point to the sector's edges (m; infinite all round).
    pub sector_clearance_m: f64,
}

/// An engagement radar's coverage, precomputed.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Coverage {
    /// ECEF position of the radar site (m).
    site: Vector3<f64>,
    /// Unit vector from the Earth's centre to the site.
    site_dir: Vector3<f64>,
    /// True earth radius Re (m): ground range = Re × central angle.
    radius_m: f64,
    /// Effective earth radius a = k·Re (m).
    a: f64,
    /// a + antenna height above the smooth earth (m).
    r1: f64,
    /// Central angle from the antenna to its tangent point on the effective earth (rad).
    theta1: f64,
    /// (cos, sin) of the lowest and highest covered elevations.
    min_elevation: (f64, f64),
    max_elevation: (f64, f64),
    /// The same limits in degrees, for the overhead case.
    elevation_deg: (f64, f64),
    /// None for an all-round radar.
    sector: Option<Sector>,
}

impl Coverage {
    /// The coverage of `radar` at the ECEF point `site`, whose local frame is `site_frame`, with
    /// its antenna `antenna_height_m` above the smooth earth. `radar` is already validated.
    pub fn new(
        radar: &EngagementRadar,
        site: Vector3<f64>,
        site_frame: &LocalFrame,
        antenna_height_m: f64,
    ) -> Self {
        let a = radar.earth.effective_radius();
        let r1 = a + antenna_height_m;
        let cos_sin = |deg: f64| {
            let (s, c) = deg.to_radians().sin_cos();
            (c, s)
        };
        let sector = (radar.sector_half_width_deg < 180.0).then(|| {
            let b = radar.boresight_azimuth_deg;
            let w = radar.sector_half_width_deg;
            Sector {
                east: site_frame.vec_to_ecef(&Vector3::x()),
                north: site_frame.vec_to_ecef(&Vector3::y()),
                boresight: b.to_radians().sin_cos(),
                cos_half_width: w.to_radians().cos(),
                edges: [
                    (b - w).to_radians().sin_cos(),
                    (b + w).to_radians().sin_cos(),
                ],
            }
        });
        Coverage {
            site,
            site_dir: site.try_normalize(0.0).unwrap_or_else(Vector3::z),
            radius_m: radar.earth.radius_m,
            a,
            r1,
            // atan2 rather than acos(a/r1): acos loses digits next to 1 (low antennas).
            theta1: ((r1 - a) * (r1 + a)).sqrt().atan2(a),
            min_elevation: cos_sin(radar.min_elevation_deg),
            max_elevation: cos_sin(radar.max_elevation_deg),
            elevation_deg: (radar.min_elevation_deg, radar.max_elevation_deg),
            sector,
        }
    }

    /// What the radar sees of the ECEF point `p`, whose altitude above the smooth earth is
    /// `altitude_m` (negative altitudes count as 0).
    pub fn view(&self, p: &Vector3<f64>, altitude_m: f64) -> RadarView {
        let norm = p.norm();
        let cos_angle = if norm > 0.0 {
            (self.site_dir.dot(p) / norm).clamp(-1.0, 1.0)
        } else {
            1.0
        };
        let ground_m = self.radius_m * cos_angle.acos();
        let line_of_sight = ground_m <= self.horizon_m(altitude_m);
        let (above_min, below_max) = self.elevation_within(ground_m, altitude_m);
        let in_elevation = above_min && below_max;
        let (in_sector, sector_clearance_m) = match &self.sector {
            Some(s) => s.locate(&(p - self.site)),
            None => (true, f64::INFINITY),
        };
        RadarView {
            line_of_sight,
            covered: in_elevation && in_sector,
            in_elevation,
            in_sector,
            ground_m,
            sector_clearance_m,
        }
    }

    /// Height of the antenna above the smooth earth (m).
    pub fn antenna_height_m(&self) -> f64 {
        self.r1 - self.a
    }

    /// Ground range of the horizon for a target at `altitude_m` (negative counts as 0):
    /// a·(θ1 + θ2), increasing with the altitude.
    pub fn horizon_m(&self, altitude_m: f64) -> f64 {
        let a = self.a;
        let r2 = a + altitude_m.max(0.0);
        // θ2 = atan2(√(r2² − a²), a), written as an asin of the same ratio (cheaper, as exact).
        let theta2 = (((r2 - a) * (r2 + a)).sqrt() / r2).asin();
        a * (self.theta1 + theta2)
    }

    /// Whether the refracted elevation of a target at `ground_m` and `altitude_m` (negative
    /// counts as 0) is at least the lowest covered one, and at most the highest. Above the
    /// antenna the elevation falls with the ground range and rises with the altitude.
    pub fn elevation_within(&self, ground_m: f64, altitude_m: f64) -> (bool, bool) {
        let r2 = self.a + altitude_m.max(0.0);
        let (half, sin_theta) = half_and_full_sine(ground_m / self.a);
        let num = (r2 - self.r1) - 2.0 * r2 * half * half;
        let den = r2 * sin_theta;
        // E ≥ Emin ⇔ sin(E − Emin) ≥ 0 and E ≤ Emax ⇔ sin(Emax − E) ≥ 0, both angles in
        // [−90°, 90°] and (den, num) a positive multiple of (cos E, sin E).
        if den > 0.0 {
            let (cmin, smin) = self.min_elevation;
            let (cmax, smax) = self.max_elevation;
            (
                num * cmin - den * smin >= 0.0,
                den * smax - num * cmax >= 0.0,
            )
        } else {
            let e = num.atan2(den).to_degrees();
            (e >= self.elevation_deg.0, e <= self.elevation_deg.1)
        }
    }
}

impl Sector {
    /// Whether the ECEF offset `d` from the site lies within the half-width of the boresight
    /// (cos(off) ≥ cos(half-width), cos being decreasing over [0°, 180°]), and its horizontal
    /// distance to the sector's edges (two rays from the site).
    fn locate(&self, d: &Vector3<f64>) -> (bool, f64) {
        let (e, n) = (self.east.dot(d), self.north.dot(d));
        let (sb, cb) = self.boresight;
        let horizontal = (e * e + n * n).sqrt();
        let inside = if horizontal > 0.0 {
            e * sb + n * cb >= self.cos_half_width * horizontal
        } else {
            // Straight overhead the azimuth reads as 0° (north), as atan2(0, 0) does.
            cb >= self.cos_half_width
        };
        let clearance = self
            .edges
            .iter()
            .map(|&(se, ce)| {
                if e * se + n * ce > 0.0 {
                    (e * ce - n * se).abs()
                } else {
                    horizontal
                }
            })
            .fold(f64::INFINITY, f64::min);
        (inside, clearance)
    }
}

/// sin(θ/2) and sin θ. Engagement ranges give small central angles, where a short Taylor
/// series is exact to rounding (|θ/2| ≤ 0.1: the first dropped terms are below 1e-16
/// relative) and several times cheaper than `sin_cos`.
fn half_and_full_sine(theta: f64) -> (f64, f64) {
    let x = 0.5 * theta;
    let (s, c) = if x.abs() <= 0.1 {
        let x2 = x * x;
        let s = x * (1.0 - x2 / 6.0 * (1.0 - x2 / 20.0 * (1.0 - x2 / 42.0 * (1.0 - x2 / 72.0))));
        let c = 1.0 - x2 / 2.0 * (1.0 - x2 / 12.0 * (1.0 - x2 / 30.0 * (1.0 - x2 / 56.0)));
        (s, c)
    } else {
        x.sin_cos()
    };
    (s, 2.0 * s * c)
}
