//! Earth shape and gravity for the flyout.
//!
//! The flyout works in an Earth-centred, Earth-fixed (ECEF) frame that is *treated as inertial*:
//! flights last seconds to a few minutes, and over that time the Coriolis acceleration
//! (2·Ω⊕·v ≈ 0.3 m/s² at 2 km/s) and the centrifugal term (≤ 0.034 m/s²) are small beside the
//! guidance accelerations, which close the loop on them anyway. Gravity is the central
//! inverse-square field μ/r² (no J2); the ellipsoid is used only to measure altitude.

use nalgebra::Vector3;

use crate::error::{FlyoutError, positive};

/// Earth's gravitational parameter μ (m³/s², WGS-84 / EGM96 value).
pub const MU_EARTH: f64 = 3.986_004_418e14;
/// WGS-84 semi-major axis (m).
pub const WGS84_A: f64 = 6_378_137.0;
/// WGS-84 semi-minor axis (m), from the flattening 1/298.257223563.
pub const WGS84_B: f64 = 6_356_752.314_245;
/// IUGG mean Earth radius (m); the flyout table's spherical Earth when the model is WGS-84.
pub const EARTH_MEAN_RADIUS_M: f64 = 6_371_008.8;
/// Standard gravity g₀ (m/s²), the unit of the lateral-acceleration limit.
pub const STANDARD_GRAVITY: f64 = 9.806_65;

/// Shape used to turn an ECEF position into an altitude and a local vertical.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub enum EarthModel {
    /// WGS-84 ellipsoid (the default: ECEF positions from a geodetic scenario).
    #[default]
    Wgs84,
    /// Sphere of the given radius, e.g. to check against spherical closed forms (MODELS §9).
    Sphere {
        /// Radius (m).
        radius_m: f64,
    },
}

impl EarthModel {
    pub(crate) fn validate(&self) -> Result<(), FlyoutError> {
        match *self {
            EarthModel::Wgs84 => Ok(()),
            EarthModel::Sphere { radius_m } => positive("earth.radius_m", radius_m).map(|_| ()),
        }
    }

    /// Height above the surface (m) of the ECEF point `r`.
    ///
    /// For WGS-84 this is the distance from the ellipsoid along the geocentric radius rather
    /// than along the ellipsoid normal: no iteration and no trigonometry, and because the two
    /// directions differ by at most 0.19°, the result is the geodetic height to within
    /// ~6e-6 relative (0.6 m at 100 km), far below what matters for air density.
    pub fn altitude(&self, r: &Vector3<f64>) -> f64 {
        match *self {
            EarthModel::Wgs84 => {
                let rho2 = r.x * r.x + r.y * r.y;
                let z2 = r.z * r.z;
                let norm = (rho2 + z2).sqrt();
                // Ellipsoid radius in the direction of r: a·b / sqrt(b²cos²φc + a²sin²φc).
                let denom = (WGS84_B * WGS84_B * rho2 + WGS84_A * WGS84_A * z2).sqrt();
                if denom == 0.0 {
                    return -WGS84_B;
                }
                norm - WGS84_A * WGS84_B * norm / denom
            }
            EarthModel::Sphere { radius_m } => r.norm() - radius_m,
        }
    }

    /// Local "up" unit vector at `r`: the ellipsoid normal (WGS-84) or the radial direction.
    pub fn up(&self, r: &Vector3<f64>) -> Vector3<f64> {
        let n = match *self {
            EarthModel::Wgs84 => Vector3::new(
                r.x / (WGS84_A * WGS84_A),
                r.y / (WGS84_A * WGS84_A),
                r.z / (WGS84_B * WGS84_B),
            ),
            EarthModel::Sphere { .. } => *r,
        };
        n.try_normalize(0.0).unwrap_or_else(Vector3::z)
    }

    /// Radius of the sphere the flyout table uses for this Earth (m).
    pub fn mean_radius_m(&self) -> f64 {
        match *self {
            EarthModel::Wgs84 => EARTH_MEAN_RADIUS_M,
            EarthModel::Sphere { radius_m } => radius_m,
        }
    }

    /// Distance along the surface (m) between the ECEF points `a` and `b`, on the sphere of
    /// [`Self::mean_radius_m`]: the angle between the two position vectors times the radius.
    /// The loft law and its launch rule measure ground distance to go this way.
    pub fn ground_distance_m(&self, a: &Vector3<f64>, b: &Vector3<f64>) -> f64 {
        self.mean_radius_m() * a.cross(b).norm().atan2(a.dot(b))
    }
}

/// Central inverse-square gravity acceleration −μ·r/|r|³ (m/s²) at the ECEF point `r`.
pub fn gravity(r: &Vector3<f64>) -> Vector3<f64> {
    let r2 = r.norm_squared();
    r * (-MU_EARTH / (r2 * r2.sqrt()))
}

#[cfg(test)]
mod tests;
