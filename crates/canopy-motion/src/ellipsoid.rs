//! Cheap WGS-84 kinematics for one integration step: the local frame at a
//! point, the bearing and distance to a nearby point, and a short geodesic
//! step.
//!
//! The route mover calls these every tick for every threat, so they avoid
//! geographiclib (an inverse/direct solution per tick costs several times
//! more; see docs/bench/canopy-motion.md) and instead use the local radii
//! of curvature, which are exact to second order in the step length.

use canopy_core::geo::{WGS84_A, WGS84_E2};
use nalgebra::Vector3;
use std::f64::consts::{FRAC_PI_2, PI, TAU};

/// Meridian (north–south) and prime-vertical (east–west) radii of curvature
/// at a latitude with sine `sin_lat`, metres.
fn radii(sin_lat: f64) -> (f64, f64) {
    let w2 = 1.0 - WGS84_E2 * sin_lat * sin_lat;
    let n = WGS84_A / w2.sqrt();
    (n * (1.0 - WGS84_E2) / w2, n)
}

/// Keeps `cos(lat)` away from zero so an east–west step at a pole stays
/// finite; routes across the poles are outside the model's scope.
const MIN_COS_LAT: f64 = 1e-12;

/// A point on the ellipsoid with its local east/north/up axes.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Site {
    lat: f64,
    lon: f64,
    sin_lat: f64,
    cos_lat: f64,
    sin_lon: f64,
    cos_lon: f64,
    /// Meridian and prime-vertical radii of curvature here, m.
    m_rad: f64,
    n_rad: f64,
    /// The point on the ellipsoid surface (altitude 0), ECEF metres.
    surface: Vector3<f64>,
}

/// Direction and distance from a [`Site`] to another surface point.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Bearing {
    /// Azimuth of the normal section through the target, radians clockwise
    /// from north. It differs from the geodesic azimuth by under 1e-5 rad at
    /// 500 km, and the mover re-steers every tick.
    pub azimuth: f64,
    /// Surface distance, metres: the chord turned into an arc on the
    /// osculating circle of the normal section (Euler's radius), good to
    /// decimetres at 500 km and to micrometres at the few-kilometre ranges
    /// where waypoint capture and terminal profiles use it.
    pub distance: f64,
}

impl Site {
    /// The site at latitude/longitude in radians.
    pub(crate) fn new(lat: f64, lon: f64) -> Site {
        let (sin_lat, cos_lat) = lat.sin_cos();
        let (sin_lon, cos_lon) = lon.sin_cos();
        let (m_rad, n) = radii(sin_lat);
        Site {
            lat,
            lon,
            sin_lat,
            cos_lat,
            sin_lon,
            cos_lon,
            m_rad,
            n_rad: n,
            surface: Vector3::new(
                n * cos_lat * cos_lon,
                n * cos_lat * sin_lon,
                n * (1.0 - WGS84_E2) * sin_lat,
            ),
        }
    }

    /// Latitude, radians.
    pub(crate) fn lat(&self) -> f64 {
        self.lat
    }

    /// Longitude, radians.
    pub(crate) fn lon(&self) -> f64 {
        self.lon
    }

    /// The surface point, ECEF metres.
    pub(crate) fn surface(&self) -> Vector3<f64> {
        self.surface
    }

    /// The ellipsoid normal (geodetic up), ECEF unit vector.
    fn up(&self) -> Vector3<f64> {
        Vector3::new(
            self.cos_lat * self.cos_lon,
            self.cos_lat * self.sin_lon,
            self.sin_lat,
        )
    }

    /// The point `alt_m` above the surface along the normal, ECEF metres.
    /// Exact: this is how geodetic altitude is defined.
    pub(crate) fn point(&self, alt_m: f64) -> Vector3<f64> {
        self.surface + alt_m * self.up()
    }

    /// A vector given in local east/north/up components, in ECEF axes.
    pub(crate) fn enu_to_ecef(&self, e: f64, n: f64, u: f64) -> Vector3<f64> {
        let (sl, cl, so, co) = (self.sin_lat, self.cos_lat, self.sin_lon, self.cos_lon);
        Vector3::new(
            -so * e - sl * co * n + cl * co * u,
            co * e - sl * so * n + cl * so * u,
            cl * n + sl * u,
        )
    }

    /// Bearing and distance to the surface point `target` (ECEF metres).
    pub(crate) fn bearing_to(&self, target: &Vector3<f64>) -> Bearing {
        let (sl, cl, so, co) = (self.sin_lat, self.cos_lat, self.sin_lon, self.cos_lon);
        let d = target - self.surface;
        let e = -so * d.x + co * d.y;
        let n = -sl * co * d.x - sl * so * d.y + cl * d.z;
        let horiz2 = e * e + n * n;
        let (m_rad, n_rad) = (self.m_rad, self.n_rad);
        // Euler: 1/R(α) = cos²α/M + sin²α/N.
        let radius = if horiz2 > 0.0 {
            horiz2 / (n * n / m_rad + e * e / n_rad)
        } else {
            n_rad
        };
        let chord = d.norm();
        Bearing {
            azimuth: e.atan2(n),
            distance: 2.0 * radius * (0.5 * chord / radius).min(1.0).asin(),
        }
    }
}

/// The end of a short geodesic step.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Step {
    /// Latitude, radians.
    pub lat: f64,
    /// Longitude, radians, in (-π, π].
    pub lon: f64,
    /// Change of azimuth along the geodesic (meridian convergence), radians.
    pub azimuth_change: f64,
}

impl Site {
    /// Moves `length` metres along the geodesic that leaves this site at
    /// `azimuth` (radians), at height `alt` (metres) above the ellipsoid.
    ///
    /// Integrates the geodesic equations dφ/ds = cos α/(M+h),
    /// dλ/ds = sin α/((N+h) cos φ), dα/ds = sin α tan φ/(N+h) with the
    /// midpoint rule: the error per step is O(s³/R²), about 0.2 mm for a
    /// 1 km step.
    pub(crate) fn geodesic_step(&self, alt: f64, azimuth: f64, length: f64) -> Step {
        let (m0, n0) = (self.m_rad, self.n_rad);
        let (sa, ca) = azimuth.sin_cos();
        let half = 0.5 * length;
        let lat_mid = self.lat + half * ca / (m0 + alt);
        let az_mid =
            azimuth + half * sa * self.sin_lat / ((n0 + alt) * self.cos_lat.max(MIN_COS_LAT));
        let (sin_mid, cos_mid) = lat_mid.sin_cos();
        let (m, n) = radii(sin_mid);
        let (sa, ca) = az_mid.sin_cos();
        let dlon = length * sa / ((n + alt) * cos_mid.max(MIN_COS_LAT));
        Step {
            lat: (self.lat + length * ca / (m + alt)).clamp(-FRAC_PI_2, FRAC_PI_2),
            lon: wrap_pi(self.lon + dlon),
            // Clairaut: along a geodesic dα = sin φ dλ.
            azimuth_change: dlon * sin_mid,
        }
    }
}

/// Wraps an angle into (-π, π].
pub(crate) fn wrap_pi(a: f64) -> f64 {
    // The mover's angles are within one turn of the range: avoid fmod.
    let w = if a > PI && a <= 3.0 * PI {
        a - TAU
    } else if a <= -PI && a > -3.0 * PI {
        a + TAU
    } else if a.abs() <= PI {
        a
    } else {
        (a + PI).rem_euclid(TAU) - PI
    };
    if w == -PI { PI } else { w }
}

#[cfg(test)]
mod tests;
