//! What the radars of a scenario can see: the products of `canopy coverage`.
//!
//! [`study`] evaluates [`canopy_sensors::coverage::detection_range`] for every radar of a
//! scenario (named as in a run, see [`canopy_engine::scenario_radars`]) over a grid of
//! target altitude × RCS × Swerling case × [`DetectionCriterion`], and the sector-aware
//! [`canopy_sensors::coverage::footprint`] of a reference target at a few altitudes. The
//! resulting [`CoverageStudy`] writes
//!
//! * `coverage.csv` ([`CoverageStudy::write_csv`]): one row per radar and grid point;
//! * `footprints.geojson` ([`CoverageStudy::write_geojson`]): footprint polygons and the
//!   catalog's claimed-range rings as RFC 7946 features;
//! * one SVG chart per radar ([`CoverageStudy::chart`], drawn with [`crate::svg`]):
//!   detection range against altitude, one line per RCS, with the radar horizon and the
//!   claimed range;
//! * a plain-text summary ([`CoverageStudy::summary_table`]).
//!
//! Two criteria are evaluated: single-look Pd ≥ [`SINGLE_LOOK_PD`] (the conventional
//! "detection range") and cumulative Pd ≥ [`CUMULATIVE_PD`] over k looks at the same
//! range (k = [`CoverageSpec::looks`], default [`DEFAULT_LOOKS`]: three scans, a few
//! seconds of a surveillance radar's revisit, a common confirmation rule). Everything
//! is computed in closed form: no randomness, so files are byte-identical between runs.

use crate::csv_field;
use crate::svg::{Axis, Dash, LineChart, Orientation, ReferenceLine, Series};
use canopy_core::Provenance;
use canopy_core::geo::{Geodetic, normalize_lon};
use canopy_engine::{antenna_position, radar_params, role_name, scenario_radars};
use canopy_scenario::{RadarType, Scenario};
use canopy_sensors::SensorError;
use canopy_sensors::coverage::{
    CoverageTarget, DetectionCriterion, DetectionRange, FootprintPoint, RangeLimit,
    detection_range, footprint,
};
use canopy_sensors::detection::Swerling;
use canopy_sensors::radar::Radar;
use serde::Serialize;
use std::collections::HashSet;
use std::io::{self, Write};

/// Default target altitudes, m: dense near the ground where the horizon bites, then up to
/// the ceiling of aircraft and cruise phases of ballistic missiles' end game.
pub const DEFAULT_ALTITUDES_M: [f64; 13] = [
    10.0, 25.0, 50.0, 100.0, 200.0, 500.0, 1000.0, 2000.0, 5000.0, 10000.0, 15000.0, 20000.0,
    30000.0,
];
/// Default mean RCS values, m²: from small drones and stealthy missiles (0.001) to
/// fighters (10).
pub const DEFAULT_RCS_M2: [f64; 5] = [0.001, 0.01, 0.1, 1.0, 10.0];
/// Default Swerling cases: steady (0), fluctuating scan to scan (1), one dominant
/// scatterer (3).
pub const DEFAULT_SWERLINGS: [u8; 3] = [0, 1, 3];
/// Default number of looks of the cumulative criterion.
pub const DEFAULT_LOOKS: u32 = 3;
/// Most looks accepted (beyond this the cumulative criterion says nothing useful).
pub const MAX_LOOKS: u32 = 1000;
/// Default altitudes of the footprints and the summary table, m (sea skimmer, low-level
/// aircraft, high-level aircraft).
pub const DEFAULT_FOOTPRINT_ALTITUDES_M: [f64; 3] = [50.0, 1000.0, 10000.0];
/// Single-look Pd of the first criterion (and of footprints).
pub const SINGLE_LOOK_PD: f64 = 0.5;
/// Cumulative Pd of the second criterion.
pub const CUMULATIVE_PD: f64 = 0.9;
/// Azimuth samples of a footprint (1° spacing, plus the sector edges).
pub const FOOTPRINT_AZIMUTHS: usize = 360;
/// Highest target altitude accepted, m (a target above this is no air-defence problem
/// and the flat-layer horizon model stops being meaningful).
pub const MAX_ALTITUDE_M: f64 = 1.0e6;

/// Why a coverage study cannot be made.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum CoverageError {
    /// A list or value of the [`CoverageSpec`] is unusable.
    #[error("{what}: {why}")]
    InvalidSpec {
        /// Which setting.
        what: &'static str,
        /// What is wrong with it.
        why: String,
    },
    /// The sensor model rejected a radar (a catalog entry it cannot model).
    #[error("radar `{radar}`: {source}")]
    Sensor {
        /// Radar name.
        radar: String,
        /// The model's reason.
        source: SensorError,
    },
}

/// What to compute.
#[derive(Debug, Clone, PartialEq)]
pub struct CoverageSpec {
    /// Target altitudes of the grid, m above the ellipsoid (> 0: the charts' altitude axis
    /// is logarithmic).
    pub altitudes_m: Vec<f64>,
    /// Mean RCS values of the grid, m² (> 0).
    pub rcs_m2: Vec<f64>,
    /// Swerling cases of the grid.
    pub swerlings: Vec<Swerling>,
    /// Looks k of the cumulative criterion (1 to [`MAX_LOOKS`]).
    pub looks: u32,
    /// Altitudes of the footprints and the summary table, m (> 0).
    pub footprint_altitudes_m: Vec<f64>,
    /// RCS of the footprints' reference target, m² (> 0).
    pub reference_rcs_m2: f64,
    /// Swerling case of the reference target.
    pub reference_swerling: Swerling,
}

impl Default for CoverageSpec {
    fn default() -> Self {
        CoverageSpec {
            altitudes_m: DEFAULT_ALTITUDES_M.to_vec(),
            rcs_m2: DEFAULT_RCS_M2.to_vec(),
            swerlings: vec![Swerling::Zero, Swerling::One, Swerling::Three],
            looks: DEFAULT_LOOKS,
            footprint_altitudes_m: DEFAULT_FOOTPRINT_ALTITUDES_M.to_vec(),
            reference_rcs_m2: 1.0,
            reference_swerling: Swerling::One,
        }
    }
}

/// Sorts and deduplicates a list of positive values, or says what is wrong with it.
fn positive_list(what: &'static str, values: &[f64], max: f64) -> Result<Vec<f64>, CoverageError> {
    let invalid = |why: String| CoverageError::InvalidSpec { what, why };
    if values.is_empty() {
        return Err(invalid("the list is empty".to_string()));
    }
    if let Some(v) = values
        .iter()
        .find(|v| !(v.is_finite() && **v > 0.0 && **v <= max))
    {
        return Err(invalid(format!("{v} is not a number in (0, {max}]")));
    }
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    sorted.dedup();
    Ok(sorted)
}

impl CoverageSpec {
    /// The same spec with every list sorted and deduplicated, or the first problem.
    pub fn normalized(&self) -> Result<CoverageSpec, CoverageError> {
        let rcs_max = 1.0e6;
        let reference_rcs_m2 =
            positive_list("reference RCS", &[self.reference_rcs_m2], rcs_max)?[0];
        if !(1..=MAX_LOOKS).contains(&self.looks) {
            return Err(CoverageError::InvalidSpec {
                what: "looks",
                why: format!("{} is not between 1 and {MAX_LOOKS}", self.looks),
            });
        }
        if self.swerlings.is_empty() {
            return Err(CoverageError::InvalidSpec {
                what: "Swerling cases",
                why: "the list is empty".to_string(),
            });
        }
        let mut swerlings = self.swerlings.clone();
        swerlings.sort_by_key(|s| s.case());
        swerlings.dedup();
        Ok(CoverageSpec {
            altitudes_m: positive_list("altitudes", &self.altitudes_m, MAX_ALTITUDE_M)?,
            rcs_m2: positive_list("RCS values", &self.rcs_m2, rcs_max)?,
            swerlings,
            looks: self.looks,
            footprint_altitudes_m: positive_list(
                "footprint altitudes",
                &self.footprint_altitudes_m,
                MAX_ALTITUDE_M,
            )?,
            reference_rcs_m2,
            reference_swerling: self.reference_swerling,
        })
    }

    /// The criteria evaluated at every grid point: single-look, then cumulative.
    pub fn criteria(&self) -> [DetectionCriterion; 2] {
        [
            DetectionCriterion::SingleLook { pd: SINGLE_LOOK_PD },
            DetectionCriterion::Cumulative {
                pd: CUMULATIVE_PD,
                looks: self.looks,
            },
        ]
    }

    /// The Swerling case the charts are drawn for: Swerling 1 if the grid has it (the case
    /// the catalog's powers are calibrated with), else the first case of the grid.
    pub fn chart_swerling(&self) -> Swerling {
        if self.swerlings.contains(&Swerling::One) {
            Swerling::One
        } else {
            self.swerlings.first().copied().unwrap_or(Swerling::One)
        }
    }
}

/// The name of a criterion in files: `single-look-pd0.5`, `cumulative-pd0.9-3-looks`.
pub fn criterion_name(c: &DetectionCriterion) -> String {
    match *c {
        DetectionCriterion::SingleLook { pd } => format!("single-look-pd{pd}"),
        DetectionCriterion::Cumulative { pd, looks } => format!("cumulative-pd{pd}-{looks}-looks"),
    }
}

/// The name of what limits a detection range in files (`undetected` when the target
/// meets the criterion nowhere).
pub fn limit_name(range: Option<&DetectionRange>) -> &'static str {
    match range.map(|r| r.limit) {
        None => "undetected",
        Some(RangeLimit::Snr) => "snr",
        Some(RangeLimit::InstrumentedRange) => "instrumented",
        Some(RangeLimit::Horizon) => "horizon",
        Some(RangeLimit::MinElevation) => "min-elevation",
        Some(RangeLimit::MaxElevation) => "max-elevation",
    }
}

/// One grid point of one radar.
#[derive(Debug, Clone, PartialEq)]
pub struct CoverageRow {
    /// Fluctuation model.
    pub swerling: Swerling,
    /// Mean RCS, m².
    pub rcs_m2: f64,
    /// Target altitude, m.
    pub altitude_m: f64,
    /// Criterion.
    pub criterion: DetectionCriterion,
    /// Farthest detection, `None` if the target meets the criterion nowhere.
    pub range: Option<DetectionRange>,
}

/// A footprint of the reference target at one altitude.
#[derive(Debug, Clone, PartialEq)]
pub struct Footprint {
    /// Target altitude, m.
    pub altitude_m: f64,
    /// Detection range inside the sector, `None` if never detected.
    pub range: Option<DetectionRange>,
    /// Closed, counter-clockwise `[lon, lat]` ring, degrees; empty if never detected.
    pub ring: Vec<[f64; 2]>,
}

/// Everything computed for one radar.
#[derive(Debug, Clone, PartialEq)]
pub struct RadarCoverage {
    /// `<unit>/<type>` or `<unit>/bn<k>/<type>`, as in a run.
    pub name: String,
    /// Catalog type name.
    pub type_name: String,
    /// Role name (`surveillance`, `low-altitude`, `engagement`).
    pub role: &'static str,
    /// Antenna position.
    pub antenna: Geodetic,
    /// The sensor model.
    pub radar: Radar,
    /// Claimed detection range from the catalog, m.
    pub claimed_range_m: Option<f64>,
    /// Where the claim comes from.
    pub claimed_provenance: Option<Provenance>,
    /// Where the peak power comes from (how the model was calibrated).
    pub power_provenance: Option<Provenance>,
    /// The grid, ordered by Swerling case, RCS, criterion, altitude.
    pub rows: Vec<CoverageRow>,
    /// Reference-target footprints, one per footprint altitude.
    pub footprints: Vec<Footprint>,
    /// Closed, counter-clockwise `[lon, lat]` ring at the claimed range (sector-aware).
    pub claimed_ring: Option<Vec<[f64; 2]>>,
}

/// The coverage of every radar of a scenario.
#[derive(Debug, Clone, PartialEq)]
pub struct CoverageStudy {
    /// Scenario name.
    pub scenario: String,
    /// The (normalized) spec it was computed for.
    pub spec: CoverageSpec,
    /// One entry per radar, in run order.
    pub radars: Vec<RadarCoverage>,
}

fn provenance(t: &RadarType, key: &str) -> Option<Provenance> {
    t.entry
        .params
        .iter()
        .find(|p| p.key == key)
        .map(|p| p.provenance.clone())
}

/// The closed, counter-clockwise (RFC 7946) `[lon, lat]` ring of a footprint around
/// `antenna`: each azimuth sample at its ground range on the WGS-84 ellipsoid, samples
/// at range 0 (outside the sector) collapsing to the antenna. Longitudes are kept
/// continuous about the antenna's, so a ring that crosses the antimeridian leaves
/// [-180, 180] rather than being cut (RFC 7946 §3.1.9 prefers cutting; Canopy's
/// scenarios stay far from it). Fewer than three distinct vertices give an empty ring.
pub fn footprint_ring(antenna: &Geodetic, points: &[FootprintPoint]) -> Vec<[f64; 2]> {
    let site = [antenna.lon_deg, antenna.lat_deg];
    let mut ring: Vec<[f64; 2]> = Vec::with_capacity(points.len() + 1);
    // Azimuth grows clockwise seen from above: walk it backwards for a counter-clockwise ring.
    for p in points.iter().rev() {
        let v = if p.ground_range_m > 0.0 {
            let g = antenna.destination(p.azimuth_rad.to_degrees(), p.ground_range_m);
            [
                antenna.lon_deg + normalize_lon(g.lon_deg - antenna.lon_deg),
                g.lat_deg,
            ]
        } else {
            site
        };
        if ring.last() != Some(&v) {
            ring.push(v);
        }
    }
    if ring.len() > 1 && ring.first() == ring.last() {
        ring.pop();
    }
    if ring.len() < 3 {
        return Vec::new();
    }
    ring.push(ring[0]);
    ring
}

/// Computes the coverage of every radar of `scenario`.
pub fn study(scenario: &Scenario, spec: &CoverageSpec) -> Result<CoverageStudy, CoverageError> {
    let spec = spec.normalized()?;
    let mut radars = Vec::new();
    for named in scenario_radars(scenario) {
        let t = named.radar_type;
        let sensor_error = |source| CoverageError::Sensor {
            radar: named.name.clone(),
            source,
        };
        let radar = Radar::new(radar_params(t, named.placed)).map_err(sensor_error)?;
        let mut rows = Vec::new();
        for &swerling in &spec.swerlings {
            for &rcs_m2 in &spec.rcs_m2 {
                for criterion in spec.criteria() {
                    for &altitude_m in &spec.altitudes_m {
                        let target = CoverageTarget {
                            altitude_m,
                            rcs_m2,
                            swerling,
                        };
                        let range =
                            detection_range(&radar, &target, criterion).map_err(sensor_error)?;
                        rows.push(CoverageRow {
                            swerling,
                            rcs_m2,
                            altitude_m,
                            criterion,
                            range,
                        });
                    }
                }
            }
        }
        let antenna = antenna_position(t, named.placed);
        let reference = DetectionCriterion::SingleLook { pd: SINGLE_LOOK_PD };
        let mut footprints = Vec::new();
        let mut azimuths = Vec::new();
        for &altitude_m in &spec.footprint_altitudes_m {
            let target = CoverageTarget {
                altitude_m,
                rcs_m2: spec.reference_rcs_m2,
                swerling: spec.reference_swerling,
            };
            let points =
                footprint(&radar, &target, reference, FOOTPRINT_AZIMUTHS).map_err(sensor_error)?;
            let range = detection_range(&radar, &target, reference).map_err(sensor_error)?;
            let ring = footprint_ring(&antenna, &points);
            azimuths = points;
            footprints.push(Footprint {
                altitude_m,
                range,
                ring,
            });
        }
        let claimed_ring = t.claimed_range_m.map(|claimed| {
            let sector = radar.params().sector;
            let points: Vec<FootprintPoint> = azimuths
                .iter()
                .map(|p| FootprintPoint {
                    azimuth_rad: p.azimuth_rad,
                    ground_range_m: if sector.is_none_or(|s| s.contains(p.azimuth_rad)) {
                        claimed
                    } else {
                        0.0
                    },
                })
                .collect();
            footprint_ring(&antenna, &points)
        });
        radars.push(RadarCoverage {
            name: named.name,
            type_name: t.entry.name.clone(),
            role: role_name(t.role),
            antenna,
            radar,
            claimed_range_m: t.claimed_range_m,
            claimed_provenance: provenance(t, "claimed_range_km"),
            power_provenance: provenance(t, "peak_power_kw"),
            rows,
            footprints,
            claimed_ring,
        });
    }
    Ok(CoverageStudy {
        scenario: scenario.name.clone(),
        spec,
        radars,
    })
}

/// A GeoJSON Feature, with `type` first as RFC 7946's examples have it (a
/// `serde_json::Value` would sort the keys).
#[derive(Serialize)]
struct GeoFeature {
    #[serde(rename = "type")]
    kind: &'static str,
    properties: serde_json::Value,
    geometry: Polygon,
}

/// A GeoJSON Polygon with its exterior ring only.
#[derive(Serialize)]
struct Polygon {
    #[serde(rename = "type")]
    kind: &'static str,
    coordinates: [Vec<[f64; 2]>; 1],
}

/// A kilometre figure for text: `49.7 km`.
fn km(m: f64) -> String {
    format!("{:.1} km", m / 1e3)
}

/// An altitude for text: `50 m`, `1 km`, `10 km`, `1.5 km`.
fn altitude_label(m: f64) -> String {
    if m >= 1000.0 {
        format!("{} km", m / 1e3)
    } else {
        format!("{m} m")
    }
}

/// An RCS for a legend: `0.001 m²`.
fn rcs_label(rcs: f64) -> String {
    format!("σ = {rcs} m²")
}

/// The y-axis top of a chart: 15 % above the largest range of interest, rounded up to
/// 50 km so that labels sit on round numbers.
fn chart_top_m(r: &RadarCoverage) -> f64 {
    let largest = r
        .radar
        .params()
        .instrumented_range_m
        .max(r.claimed_range_m.unwrap_or(0.0));
    (largest * 1.15 / 50e3).ceil() * 50e3
}

/// Altitudes of the horizon curve: log-spaced so the curve is smooth on a log axis.
fn horizon_altitudes(lo: f64, hi: f64) -> Vec<f64> {
    const N: usize = 80;
    (0..=N)
        .map(|i| lo * (hi / lo).powf(i as f64 / N as f64))
        .collect()
}

impl CoverageStudy {
    /// Writes `coverage.csv`: `radar,type,role,swerling,rcs_m2,altitude_m,criterion,
    /// ground_range_km,slant_range_km,limit,claimed_range_km`. Ranges are empty when the
    /// limit is `undetected`; `claimed_range_km` is empty when the catalog claims none.
    pub fn write_csv(&self, out: impl Write) -> io::Result<()> {
        let mut out = io::BufWriter::new(out);
        writeln!(
            out,
            "radar,type,role,swerling,rcs_m2,altitude_m,criterion,ground_range_km,slant_range_km,limit,claimed_range_km"
        )?;
        for r in &self.radars {
            let claimed = r
                .claimed_range_m
                .map_or(String::new(), |c| format!("{:.3}", c / 1e3));
            for row in &r.rows {
                let (ground, slant) = row.range.map_or((String::new(), String::new()), |d| {
                    (
                        format!("{:.3}", d.ground_range_m / 1e3),
                        format!("{:.3}", d.slant_range_m / 1e3),
                    )
                });
                writeln!(
                    out,
                    "{},{},{},{},{},{},{},{ground},{slant},{},{claimed}",
                    csv_field(&r.name),
                    csv_field(&r.type_name),
                    r.role,
                    row.swerling.case(),
                    row.rcs_m2,
                    row.altitude_m,
                    criterion_name(&row.criterion),
                    limit_name(row.range.as_ref()),
                )?;
            }
        }
        out.flush()
    }

    /// Writes `footprints.geojson`: one FeatureCollection with a `kind = "footprint"`
    /// Polygon per radar and footprint altitude where the reference target is detected
    /// (properties radar, type, altitude_m, rcs_m2, swerling, criterion, ground_range_km,
    /// limit), and a `kind = "claimed"` Polygon per radar with a claimed range
    /// (properties radar, type, claimed_range_km, provenance). One feature per line.
    pub fn write_geojson(&self, out: impl Write) -> io::Result<()> {
        let mut out = io::BufWriter::new(out);
        let criterion = criterion_name(&DetectionCriterion::SingleLook { pd: SINGLE_LOOK_PD });
        let polygon = |ring: &[[f64; 2]]| {
            // 1e-7° ≈ 1 cm: enough, and keeps the file small.
            let ring: Vec<[f64; 2]> = ring
                .iter()
                .map(|p| p.map(|c| (c * 1e7).round() / 1e7))
                .collect();
            Polygon {
                kind: "Polygon",
                coordinates: [ring],
            }
        };
        let feature = |properties, geometry| GeoFeature {
            kind: "Feature",
            properties,
            geometry,
        };
        let mut features = Vec::new();
        for r in &self.radars {
            for f in &r.footprints {
                let Some(d) = f.range.filter(|_| !f.ring.is_empty()) else {
                    continue;
                };
                features.push(feature(
                    serde_json::json!({
                        "kind": "footprint",
                        "radar": r.name,
                        "type": r.type_name,
                        "altitude_m": f.altitude_m,
                        "rcs_m2": self.spec.reference_rcs_m2,
                        "swerling": self.spec.reference_swerling.case(),
                        "criterion": criterion,
                        "ground_range_km": d.ground_range_m.round() / 1e3,
                        "limit": limit_name(Some(&d)),
                    }),
                    polygon(&f.ring),
                ));
            }
            if let (Some(claimed), Some(ring)) = (r.claimed_range_m, &r.claimed_ring)
                && !ring.is_empty()
            {
                features.push(feature(
                    serde_json::json!({
                        "kind": "claimed",
                        "radar": r.name,
                        "type": r.type_name,
                        "claimed_range_km": claimed / 1e3,
                        "provenance": r.claimed_provenance.as_ref().map(ToString::to_string),
                    }),
                    polygon(ring),
                ));
            }
        }
        writeln!(
            out,
            "{{\"type\":\"FeatureCollection\",\"name\":{},\"features\":[",
            serde_json::to_string(&self.scenario)?
        )?;
        for (i, f) in features.iter().enumerate() {
            serde_json::to_writer(&mut out, f)?;
            out.write_all(if i + 1 < features.len() {
                b",\n"
            } else {
                b"\n"
            })?;
        }
        writeln!(out, "]}}")?;
        out.flush()
    }

    /// File names of the charts, one per radar in order: `coverage_<radar>.svg` with the
    /// name lower-cased and `/`, spaces and other punctuation replaced by `_` (a numeric
    /// suffix keeps two radars from sharing a file).
    pub fn chart_file_names(&self) -> Vec<String> {
        let mut seen = HashSet::new();
        self.radars
            .iter()
            .map(|r| {
                let slug: String = r
                    .name
                    .chars()
                    .map(|c| {
                        if c.is_ascii_alphanumeric() || c == '-' {
                            c.to_ascii_lowercase()
                        } else {
                            '_'
                        }
                    })
                    .collect();
                let mut name = format!("coverage_{slug}.svg");
                let mut k = 2;
                while !seen.insert(name.clone()) {
                    name = format!("coverage_{slug}_{k}.svg");
                    k += 1;
                }
                name
            })
            .collect()
    }

    /// The chart of radar `index` (None if out of range): detection ground range against
    /// target altitude (log scale), one line per RCS for [`CoverageSpec::chart_swerling`]
    /// and single-look Pd ≥ 0.5, with the radar horizon, the instrumented range, the
    /// claimed range and the lowest altitude in line of sight at the claimed range, and
    /// the provenance of the claim and of the power in footnotes.
    pub fn chart(&self, index: usize) -> Option<LineChart> {
        let r = self.radars.get(index)?;
        let p = r.radar.params();
        let swerling = self.spec.chart_swerling();
        let single = DetectionCriterion::SingleLook { pd: SINGLE_LOOK_PD };
        let alts = &self.spec.altitudes_m;
        let (lo, hi) = (alts[0], alts[alts.len() - 1]);
        let mut x = Axis::log("Target altitude above sea level (m, log scale)");
        if lo < hi {
            x = x.with_range(lo, hi);
        }
        let top = chart_top_m(r);
        let y = Axis::linear("Detection range (ground range, km)").with_range(0.0, top / 1e3);
        let mut chart = LineChart::new(format!("{}: {}", self.scenario, r.name), x, y);
        chart.id = format!("coverage-{index}");
        chart.subtitle = Some(format!(
            "{} ({}): range at which single-look Pd ≥ {SINGLE_LOOK_PD}, Swerling {}, Pfa {:e}",
            r.type_name,
            r.role,
            swerling.case(),
            p.pfa
        ));
        for &rcs in &self.spec.rcs_m2 {
            let points = r
                .rows
                .iter()
                .filter(|row| {
                    row.swerling == swerling && row.rcs_m2 == rcs && row.criterion == single
                })
                .map(|row| {
                    (
                        row.altitude_m,
                        row.range.map_or(f64::NAN, |d| d.ground_range_m / 1e3),
                    )
                })
                .collect();
            chart.series.push(Series::new(rcs_label(rcs), points));
        }
        let horizon = horizon_altitudes(lo, hi.max(lo * 2.0))
            .into_iter()
            .map(|h| {
                let d = p
                    .earth
                    .horizon_ground_range(p.antenna_height_m, h)
                    .map_or(f64::NAN, |d| d / 1e3);
                (h, d)
            })
            .collect();
        chart.series.push(
            Series::new(
                format!(
                    "radar horizon (4/3 earth, antenna {} m)",
                    p.antenna_height_m
                ),
                horizon,
            )
            .guide("#555555", Dash::Dashed),
        );
        let instrumented = p.instrumented_range_m;
        let claim_status = r
            .claimed_provenance
            .as_ref()
            .map_or(String::new(), |p| format!(" ({})", p.status));
        match r.claimed_range_m {
            Some(c) if (c - instrumented).abs() < 1.0 => {
                chart.references.push(ReferenceLine {
                    orientation: Orientation::Horizontal,
                    value: c / 1e3,
                    label: format!("claimed {}{claim_status} = instrumented range", km(c)),
                    color: "#c0392b".to_string(),
                    dash: Dash::Dashed,
                });
            }
            claimed => {
                chart.references.push(ReferenceLine {
                    orientation: Orientation::Horizontal,
                    value: instrumented / 1e3,
                    label: format!("instrumented range {}", km(instrumented)),
                    color: "#777777".to_string(),
                    dash: Dash::Dotted,
                });
                if let Some(c) = claimed {
                    chart.references.push(ReferenceLine {
                        orientation: Orientation::Horizontal,
                        value: c / 1e3,
                        label: format!("claimed {}{claim_status}", km(c)),
                        color: "#c0392b".to_string(),
                        dash: Dash::Dashed,
                    });
                }
            }
        }
        // Where the horizon alone rules the claim out: below this altitude nothing at
        // the claimed range is in line of sight (MODELS.md §3, "8 472 m at 400 km").
        if let Some(c) = r.claimed_range_m
            && let Ok(h) = p.earth.lowest_visible_altitude(p.antenna_height_m, c)
            && h > 0.0
        {
            chart.references.push(ReferenceLine {
                orientation: Orientation::Vertical,
                value: h,
                label: format!("line of sight at {} only above {}", km(c), km(h)),
                color: "#555555".to_string(),
                dash: Dash::Dotted,
            });
        }
        chart
            .footnotes
            .push(match (&r.claimed_range_m, &r.claimed_provenance) {
                (Some(c), Some(prov)) => format!("Claimed range {}: {prov}.", km(*c)),
                (Some(c), None) => format!("Claimed range {}: no provenance recorded.", km(*c)),
                _ => format!("The catalog states no claimed range for {}.", r.type_name),
            });
        if let Some(prov) = &r.power_provenance {
            chart.footnotes.push(format!("Peak power: {prov}."));
        }
        chart.footnotes.push(format!(
            "Model: radar equation with {} pulse(s) per look, Swerling {} fluctuation, Pfa {:e}; smooth 4/3 earth at sea level (no terrain, clutter, multipath or ducting); antenna {} m above the ellipsoid, searching elevations {}° to {}° (below the horizon curve where the lowest elevation binds first). Every parameter is notional: `canopy catalog {}`.",
            p.pulses_per_look,
            swerling.case(),
            p.pfa,
            p.antenna_height_m,
            // Rounded: the catalog's whole degrees come back from radians as 59.999….
            (p.min_elevation_rad.to_degrees() * 100.0).round() / 100.0,
            (p.max_elevation_rad.to_degrees() * 100.0).round() / 100.0,
            r.type_name
        ));
        Some(chart)
    }

    /// Detection ranges of the reference target at the footprint altitudes, one line per
    /// radar, with the claimed range: what `canopy coverage` prints.
    pub fn summary_table(&self) -> String {
        let spec = &self.spec;
        let mut header = vec!["radar".to_string(), "type".to_string()];
        header.extend(
            spec.footprint_altitudes_m
                .iter()
                .map(|&a| altitude_label(a)),
        );
        header.push("claimed".to_string());
        let mut rows = vec![header];
        for r in &self.radars {
            let mut row = vec![r.name.clone(), r.type_name.clone()];
            row.extend(r.footprints.iter().map(|f| match &f.range {
                Some(d) => format!("{} ({})", km(d.ground_range_m), limit_name(Some(d))),
                None => "not detected".to_string(),
            }));
            row.push(match (&r.claimed_range_m, &r.claimed_provenance) {
                (Some(c), Some(p)) => format!("{} ({})", km(*c), p.status),
                (Some(c), None) => km(*c),
                _ => "-".to_string(),
            });
            rows.push(row);
        }
        let columns = rows[0].len();
        let widths: Vec<usize> = (0..columns)
            .map(|c| rows.iter().map(|r| r[c].chars().count()).max().unwrap_or(0))
            .collect();
        let mut out = format!(
            "{}: ground range at which a {} m² Swerling {} target is seen with single-look Pd ≥ {SINGLE_LOOK_PD} (what limits it), by target altitude\n",
            self.scenario,
            spec.reference_rcs_m2,
            spec.reference_swerling.case()
        );
        for row in &rows {
            let cells: Vec<String> = row
                .iter()
                .zip(&widths)
                .map(|(cell, &w)| format!("{cell:<w$}"))
                .collect();
            out.push_str(cells.join("  ").trim_end());
            out.push('\n');
        }
        out
    }
}

#[cfg(test)]
mod tests;
