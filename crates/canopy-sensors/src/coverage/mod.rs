//! Coverage: how far a radar detects a given target ([`detection_range`]) and the resulting
//! horizontal footprint per azimuth ([`footprint`]), with every gate of [`Radar::assess`]
//! (radar equation, instrumented range, radar horizon, elevation limits, sector) applied in
//! closed form.
//!
//! # Criterion
//!
//! Either a single-look Pd (e.g. 0.5, the conventional "detection range"), or a cumulative
//! Pd over k looks, Pc = 1 − Π(1 − Pd_i) (Skolnik, *Introduction to Radar Systems*, on
//! cumulative probability of detection) taken with the k looks **independent and at the same
//! range**, Pc = 1 − (1 − Pd)^k: the target is not moving between looks. Looks are
//! independent because noise is, and for Swerling 1/3 because the RCS is redrawn each look
//! ([`Radar::look`]). For a closing target the same-range value is an upper bound on what
//! its last k looks (made at longer ranges, with lower Pd) achieve; the engine's per-look
//! draws give the actual figure.
//!
//! # Method
//!
//! At a fixed target altitude h2 everything is a constraint on the slant range R:
//! SNR ≥ required ⇔ R ≤ (K·σ/S_req)^(1/4); R ≤ instrumented range; line of sight ⇔
//! R ≤ horizon slant range (tangent lengths). The elevation E at the radar satisfies
//! sin E = (r2² − r1² − R²)/(2·r1·R), so E ≥ E_min ⇔ R² + 2·r1·sin(E_min)·R − (r2² − r1²) ≤ 0
//! (R between the roots) and E ≤ E_max ⇔ the same quadratic in sin(E_max) is ≥ 0 (R outside
//! the roots: the cone of silence). The largest R meeting all of them is the detection
//! range; it is converted to ground range on the k-earth.

use std::f64::consts::TAU;

use crate::detection::{Swerling, single_look_pd_for_cumulative};
use crate::error::{Result, check, non_negative, open_probability};
use crate::horizon::central_angle;
use crate::radar::Radar;

/// When a target counts as detected.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum DetectionCriterion {
    /// Pd of a single look at least `pd`.
    SingleLook {
        /// Required single-look Pd.
        pd: f64,
    },
    /// Probability of at least one detection in `looks` independent looks at the same range
    /// at least `pd`.
    Cumulative {
        /// Required cumulative Pd.
        pd: f64,
        /// Number of looks.
        looks: u32,
    },
}

impl DetectionCriterion {
    /// The single-look Pd this criterion requires.
    pub fn single_look_pd(&self) -> Result<f64> {
        match *self {
            Self::SingleLook { pd } => open_probability("pd", pd),
            Self::Cumulative { pd, looks } => single_look_pd_for_cumulative(pd, looks),
        }
    }
}

/// The target a coverage is computed for.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CoverageTarget {
    /// Constant altitude above the reference surface, m.
    pub altitude_m: f64,
    /// Mean RCS, m².
    pub rcs_m2: f64,
    /// RCS fluctuation model.
    pub swerling: Swerling,
}

/// What stops detection from reaching further.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RangeLimit {
    /// The radar equation: SNR falls below the required one.
    Snr,
    /// The instrumented range.
    InstrumentedRange,
    /// The radar horizon.
    Horizon,
    /// The lowest searched elevation.
    MinElevation,
    /// The cone of silence above the highest searched elevation.
    MaxElevation,
}

/// The farthest point at which the criterion is met.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DetectionRange {
    /// Ground range along the k-earth surface, m.
    pub ground_range_m: f64,
    /// Slant range, m.
    pub slant_range_m: f64,
    /// The binding constraint.
    pub limit: RangeLimit,
}

/// One vertex of a footprint: the detection ground range on one azimuth (0 outside the
/// sector or where the target is never detected; a polygon through these points in polar
/// coordinates about the radar is the footprint).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FootprintPoint {
    /// Azimuth, rad clockwise from north, in [0, 2π).
    pub azimuth_rad: f64,
    /// Detection ground range, m.
    pub ground_range_m: f64,
}

/// Roots (ascending) of R² + 2·b·R + c = 0, or `None` if they are complex. Uses the
/// cancellation-free pair q, c/q.
fn quadratic_roots(b: f64, c: f64) -> Option<(f64, f64)> {
    let disc = b * b - c;
    if disc < 0.0 {
        return None;
    }
    let q = -(b + b.signum() * disc.sqrt());
    let (x, y) = if q == 0.0 { (0.0, 0.0) } else { (q, c / q) };
    Some((x.min(y), x.max(y)))
}

/// Farthest range at which `target` meets `criterion`, or `None` if it meets it nowhere
/// (too small, too low, or hidden in the cone of silence). Azimuth plays no part except
/// through the sector (see [`footprint`]).
pub fn detection_range(
    radar: &Radar,
    target: &CoverageTarget,
    criterion: DetectionCriterion,
) -> Result<Option<DetectionRange>> {
    let p = radar.params();
    let h2 = non_negative("altitude_m", target.altitude_m)?;
    let rcs = non_negative("rcs_m2", target.rcs_m2)?;
    let pd_look = criterion.single_look_pd()?;
    let detector = radar.detector();

    // Radar-equation limit. At or below Pfa the requirement holds at any SNR.
    let snr_range = if pd_look <= detector.pfa() {
        f64::INFINITY
    } else {
        let required = detector.required_snr(radar.effective_swerling(target.swerling), pd_look)?;
        (radar.snr_constant() * rcs / radar.single_pulse_snr_for_detector_snr(required)).powf(0.25)
    };
    let horizon = p.earth.horizon_slant_range(p.antenna_height_m, h2)?;
    let mut best = (snr_range, RangeLimit::Snr);
    for candidate in [
        (p.instrumented_range_m, RangeLimit::InstrumentedRange),
        (horizon, RangeLimit::Horizon),
    ] {
        if candidate.0 < best.0 {
            best = candidate;
        }
    }

    let a = p.earth.effective_radius();
    let (r1, r2) = (a + p.antenna_height_m, a + h2);
    let height_term = -(r2 - r1) * (r2 + r1);
    // E ≥ E_min: R within the roots.
    let Some((low, high)) = quadratic_roots(r1 * p.min_elevation_rad.sin(), height_term) else {
        return Ok(None);
    };
    if high < best.0 {
        best = (high, RangeLimit::MinElevation);
    }
    // E ≤ E_max: R outside the roots; if R lands in the excluded band, fall back to its near edge.
    if let Some((near, far)) = quadratic_roots(r1 * p.max_elevation_rad.sin(), height_term)
        && best.0 > near
        && best.0 < far
    {
        best = (near, RangeLimit::MaxElevation);
    }
    let closest = low.max((r2 - r1).abs());
    // Every bound is finite or +∞ here (inputs validated), so plain comparisons are safe.
    if best.0 < closest || best.0 <= 0.0 {
        return Ok(None);
    }
    Ok(Some(DetectionRange {
        ground_range_m: a * central_angle(r1, r2, best.0),
        slant_range_m: best.0,
        limit: best.1,
    }))
}

/// Most azimuth samples [`footprint`] accepts (0.00036° spacing; more is a caller bug).
pub const MAX_FOOTPRINT_SAMPLES: usize = 1_000_000;

/// Horizontal footprint for `target`: the detection ground range on `azimuth_samples`
/// equally spaced azimuths from north, plus the two sector edges if the radar has a
/// sector, sorted by azimuth. Ranges are 0 outside the sector.
pub fn footprint(
    radar: &Radar,
    target: &CoverageTarget,
    criterion: DetectionCriterion,
    azimuth_samples: usize,
) -> Result<Vec<FootprintPoint>> {
    check(
        "azimuth_samples",
        azimuth_samples as f64,
        (3..=MAX_FOOTPRINT_SAMPLES).contains(&azimuth_samples),
        "between 3 and 1 000 000",
    )?;
    let range = detection_range(radar, target, criterion)?.map_or(0.0, |d| d.ground_range_m);
    let sector = radar.params().sector;
    let edges = sector.map(|s| {
        [
            s.center_rad - s.half_width_rad,
            s.center_rad + s.half_width_rad,
        ]
    });
    let mut points: Vec<FootprintPoint> = (0..azimuth_samples)
        .map(|i| TAU * i as f64 / azimuth_samples as f64)
        .chain(edges.into_iter().flatten())
        .map(|azimuth| {
            let azimuth_rad = azimuth.rem_euclid(TAU);
            let inside = sector.is_none_or(|s| s.contains(azimuth));
            FootprintPoint {
                azimuth_rad,
                ground_range_m: if inside { range } else { 0.0 },
            }
        })
        .collect();
    points.sort_by(|x, y| x.azimuth_rad.total_cmp(&y.azimuth_rad));
    Ok(points)
}
