//! WGS-84 geodesy: geodetic ↔ ECEF ↔ local ENU ↔ azimuth/elevation/range, and
//! geodesics on the ellipsoid.
//!
//! # Primer
//!
//! * **Geodetic** — latitude and longitude in degrees on the WGS-84 ellipsoid,
//!   altitude in metres above it (not above mean sea level).
//! * **ECEF** — Earth-centred, Earth-fixed Cartesian metres. The simulation
//!   frame: every entity's state lives here.
//! * **ENU** — east/north/up metres in a plane tangent to the ellipsoid at a
//!   site ([`LocalFrame`]); what a radar at that site measures.
//! * **AER** — azimuth clockwise from true north, elevation above the local
//!   horizontal plane, slant range: a radar's measurement coordinates.
//!
//! Frames are separate types so a position in one frame cannot be passed
//! where another is expected.

use nalgebra::{Matrix3, Vector3};
use serde::Serialize;

/// WGS-84 semi-major axis (m).
pub const WGS84_A: f64 = 6_378_137.0;
/// WGS-84 flattening.
pub const WGS84_F: f64 = 1.0 / 298.257_223_563;
/// WGS-84 first eccentricity squared.
pub const WGS84_E2: f64 = WGS84_F * (2.0 - WGS84_F);
/// Earth's gravitational parameter μ = GM (m³/s², WGS-84).
pub const MU_EARTH: f64 = 3.986_004_418e14;
/// Mean Earth radius used by the spherical models of MODELS.md (m).
pub const R_EARTH_MEAN: f64 = 6_371_000.0;

/// A geodetic position on WGS-84.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Geodetic {
    /// Latitude, degrees north.
    pub lat_deg: f64,
    /// Longitude, degrees east.
    pub lon_deg: f64,
    /// Height above the ellipsoid, metres.
    pub alt_m: f64,
}

/// A position in Earth-centred, Earth-fixed metres.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Ecef(pub Vector3<f64>);

/// A position in a [`LocalFrame`]'s east/north/up metres.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Enu(pub Vector3<f64>);

impl Enu {
    /// Distance from the frame's origin: bit for bit [`enu_to_aer`]'s `range_m`, without
    /// the two arctangents of the angles.
    pub fn range(&self) -> f64 {
        self.0.x.hypot(self.0.y).hypot(self.0.z)
    }
}

/// Azimuth, elevation and slant range from a site.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Aer {
    /// Azimuth, degrees clockwise from true north, in [0, 360).
    pub az_deg: f64,
    /// Elevation above the local horizontal, degrees.
    pub el_deg: f64,
    /// Slant range, metres.
    pub range_m: f64,
}

impl Geodetic {
    /// Constructs from degrees and metres.
    pub const fn new(lat_deg: f64, lon_deg: f64, alt_m: f64) -> Geodetic {
        Geodetic {
            lat_deg,
            lon_deg,
            alt_m,
        }
    }

    /// The ECEF position.
    pub fn to_ecef(&self) -> Ecef {
        let (sl, cl) = self.lat_deg.to_radians().sin_cos();
        let (so, co) = self.lon_deg.to_radians().sin_cos();
        let n = WGS84_A / (1.0 - WGS84_E2 * sl * sl).sqrt();
        Ecef(Vector3::new(
            (n + self.alt_m) * cl * co,
            (n + self.alt_m) * cl * so,
            (n * (1.0 - WGS84_E2) + self.alt_m) * sl,
        ))
    }

    /// Geodesic distance and azimuths to `other` on the ellipsoid (Karney's
    /// algorithm, via geographiclib-rs). Altitudes are ignored.
    pub fn geodesic_to(&self, other: &Geodetic) -> Geodesic {
        use geographiclib_rs::{Geodesic as G, InverseGeodesic};
        let (s12, azi1, azi2, _a12): (f64, f64, f64, f64) =
            G::wgs84().inverse(self.lat_deg, self.lon_deg, other.lat_deg, other.lon_deg);
        Geodesic {
            distance_m: s12,
            azimuth_deg: azi1.rem_euclid(360.0),
            final_azimuth_deg: azi2.rem_euclid(360.0),
        }
    }

    /// The point reached by travelling `distance_m` along the geodesic that
    /// starts at azimuth `azimuth_deg`; the altitude is kept.
    pub fn destination(&self, azimuth_deg: f64, distance_m: f64) -> Geodetic {
        use geographiclib_rs::{DirectGeodesic, Geodesic as G};
        let (lat, lon): (f64, f64) =
            G::wgs84().direct(self.lat_deg, self.lon_deg, azimuth_deg, distance_m);
        Geodetic::new(lat, normalize_lon(lon), self.alt_m)
    }
}

/// Wraps a longitude into [-180, 180).
pub fn normalize_lon(lon_deg: f64) -> f64 {
    (lon_deg + 180.0).rem_euclid(360.0) - 180.0
}

/// The answer to the inverse geodesic problem.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Geodesic {
    /// Length of the geodesic, metres.
    pub distance_m: f64,
    /// Azimuth at the start, degrees clockwise from north in [0, 360).
    pub azimuth_deg: f64,
    /// Azimuth at the end (direction of travel), degrees in [0, 360).
    pub final_azimuth_deg: f64,
}

impl Ecef {
    /// The geodetic position, by Vermeille's exact closed form
    /// (J. Geodesy 76, 2002), valid everywhere outside a small region around
    /// the Earth's centre, far below any altitude a scenario accepts.
    pub fn to_geodetic(&self) -> Geodetic {
        let (x, y, z) = (self.0.x, self.0.y, self.0.z);
        let e2 = WGS84_E2;
        let e4 = e2 * e2;
        let a2 = WGS84_A * WGS84_A;
        let rho2 = x * x + y * y;
        let p = rho2 / a2;
        let q = (1.0 - e2) / a2 * z * z;
        let r = (p + q - e4) / 6.0;
        let s = e4 * p * q / (4.0 * r * r * r);
        let t = (1.0 + s + (s * (2.0 + s)).sqrt()).cbrt();
        let u = r * (1.0 + t + 1.0 / t);
        let v = (u * u + e4 * q).sqrt();
        let w = e2 * (u + v - q) / (2.0 * v);
        let k = (u + v + w * w).sqrt() - w;
        let d = k * rho2.sqrt() / (k + e2);
        let dz = (d * d + z * z).sqrt();
        let lat = 2.0 * z.atan2(d + dz);
        let alt = (k + e2 - 1.0) / k * dz;
        Geodetic::new(lat.to_degrees(), y.atan2(x).to_degrees(), alt)
    }

    /// Straight-line distance to another ECEF point.
    pub fn distance(&self, other: &Ecef) -> f64 {
        (self.0 - other.0).norm()
    }
}

/// A local east/north/up tangent frame at a site.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LocalFrame {
    origin: Ecef,
    geodetic: Geodetic,
    /// Rows are the east, north and up unit vectors in ECEF.
    ecef_to_enu: Matrix3<f64>,
}

impl LocalFrame {
    /// The frame whose origin is `site`.
    pub fn new(site: Geodetic) -> LocalFrame {
        let (sl, cl) = site.lat_deg.to_radians().sin_cos();
        let (so, co) = site.lon_deg.to_radians().sin_cos();
        #[rustfmt::skip]
        let ecef_to_enu = Matrix3::new(
            -so,       co,       0.0,
            -sl * co,  -sl * so, cl,
            cl * co,   cl * so,  sl,
        );
        LocalFrame {
            origin: site.to_ecef(),
            geodetic: site,
            ecef_to_enu,
        }
    }

    /// The origin in ECEF.
    pub fn origin(&self) -> Ecef {
        self.origin
    }

    /// The origin as given.
    pub fn site(&self) -> Geodetic {
        self.geodetic
    }

    /// A point in this frame.
    pub fn to_enu(&self, p: &Ecef) -> Enu {
        Enu(self.ecef_to_enu * (p.0 - self.origin.0))
    }

    /// A point of this frame in ECEF.
    pub fn to_ecef(&self, p: &Enu) -> Ecef {
        Ecef(self.ecef_to_enu.transpose() * p.0 + self.origin.0)
    }

    /// Rotates an ECEF vector (a velocity, say) into ENU axes.
    pub fn vec_to_enu(&self, v: &Vector3<f64>) -> Vector3<f64> {
        self.ecef_to_enu * v
    }

    /// Rotates an ENU vector into ECEF axes.
    pub fn vec_to_ecef(&self, v: &Vector3<f64>) -> Vector3<f64> {
        self.ecef_to_enu.transpose() * v
    }

    /// Azimuth, elevation and range of `p` as seen from the origin.
    pub fn aer(&self, p: &Ecef) -> Aer {
        enu_to_aer(&self.to_enu(p))
    }

    /// The ECEF point at the given azimuth, elevation and range.
    pub fn from_aer(&self, aer: &Aer) -> Ecef {
        self.to_ecef(&aer_to_enu(aer))
    }
}

/// ENU → AER.
pub fn enu_to_aer(p: &Enu) -> Aer {
    let (e, n, u) = (p.0.x, p.0.y, p.0.z);
    let horiz = e.hypot(n);
    Aer {
        az_deg: e.atan2(n).to_degrees().rem_euclid(360.0),
        el_deg: u.atan2(horiz).to_degrees(),
        range_m: horiz.hypot(u),
    }
}

/// AER → ENU.
pub fn aer_to_enu(aer: &Aer) -> Enu {
    let (sa, ca) = aer.az_deg.to_radians().sin_cos();
    let (se, ce) = aer.el_deg.to_radians().sin_cos();
    Enu(Vector3::new(
        aer.range_m * ce * sa,
        aer.range_m * ce * ca,
        aer.range_m * se,
    ))
}

#[cfg(test)]
mod tests;
