//! `replay.czml`: a run as a CZML document that CesiumJS (and other CZML
//! readers) play back on a globe.
//!
//! [`CzmlWriter`] is a [`Sink`]: built from the [`Scenario`] (for the defended
//! assets and the radars' coverage), it collects the run's events and
//! [`CzmlWriter::write`] emits one JSON array, one packet per line:
//!
//! * `document` — the clock: scenario start → end of the run, paused, ×10;
//! * group packets `truth`, `tracks`, `coverage`, `engagements`, `sites`, each
//!   the `parent` of its entities so a viewer can toggle a whole layer;
//! * `asset-<k>`, `radar-<k>`, `fire-unit-<k>` (sites): static positions;
//! * `coverage-<k>-<altitude>`: the horizon-limited footprint of radar k at
//!   each chosen altitude, from [`crate::coverage::study`] (1 m² Swerling 1
//!   target, single-look Pd ≥ 0.5), drawn as a ring at that altitude;
//! * `threat-<k>` (truth): sampled positions (epoch + `cartographicDegrees`,
//!   linear interpolation, launch → end availability, a trail);
//! * `leak-<k>` (truth): where a threat that was not killed ended or was last seen;
//! * `track-<id>` (tracks): the fused track picture, the estimates C2 acted on:
//!   every track confirmed at some time, grey while tentative, green once confirmed;
//! * `interceptor-<shot>` (engagements): each round's fly-out;
//! * `engagement-<shot>` (engagements): a line from the fire unit to the
//!   threat during launch → intercept, its ends referencing both entities'
//!   positions so it follows the threat;
//! * `kill-<k>` (engagements): where a threat was killed.
//!
//! Ids contain neither `#` nor `\`, so `id#position` references need no
//! escaping. Times are rounded to 1 ms, angles to 1e-6° (≈ 0.1 m), heights to
//! 0.1 m, so files are byte-identical for identical runs.

use crate::coverage::{CoverageError, CoverageSpec, RadarCoverage, study};
use crate::svg::escape;
use canopy_core::SimTime;
use canopy_core::geo::{Geodetic, normalize_lon};
use canopy_engine::{EndCause, EntityInfo, Event, LeakCause, Sink};
use canopy_scenario::Scenario;
use canopy_sensors::detection::Swerling;
use serde::Serialize;
use std::collections::{BTreeMap, HashSet};
use std::fmt::Write as _;
use std::io::{self, Write};

/// Why a CZML writer cannot be made for a scenario.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum CzmlError {
    /// The scenario's start is not `YYYY-MM-DDTHH:MM:SS[.fff]Z`.
    #[error("scenario start `{0}` is not a UTC time like 2026-01-01T00:00:00Z")]
    BadStart(String),
    /// The coverage footprints cannot be computed.
    #[error("radar coverage for the replay: {0}")]
    Coverage(#[from] CoverageError),
}

/// What to draw besides the run itself.
#[derive(Debug, Clone, PartialEq)]
pub struct CzmlOptions {
    /// Altitudes of the radars' coverage footprints, m (none: no coverage layer).
    pub coverage_altitudes_m: Vec<f64>,
    /// Trail length behind threats and interceptors, s.
    pub trail_s: f64,
}

impl Default for CzmlOptions {
    fn default() -> Self {
        CzmlOptions {
            coverage_altitudes_m: crate::coverage::DEFAULT_FOOTPRINT_ALTITUDES_M.to_vec(),
            trail_s: 300.0,
        }
    }
}

/// The layer groups, in document order: (id, name).
const GROUPS: [(&str, &str); 5] = [
    ("truth", "Truth: threats and leaks"),
    ("tracks", "Track picture: fused estimates"),
    ("coverage", "Radar coverage"),
    ("engagements", "Engagements: rounds, fire lines, kills"),
    ("sites", "Sites: assets, radars, fire units"),
];

/// Colours, RGBA.
type Rgba = [u8; 4];
const ASSET: Rgba = [80, 160, 255, 255];
const RADAR: Rgba = [255, 255, 255, 255];
const FIRE_UNIT: Rgba = [80, 200, 255, 255];
const INTERCEPTOR: Rgba = [255, 255, 255, 255];
const INTERCEPTOR_TRAIL: Rgba = [80, 200, 255, 255];
const FIRE_LINE: Rgba = [255, 230, 80, 220];
const KILL: Rgba = [60, 255, 90, 255];
const LEAK: Rgba = [255, 60, 60, 255];
const TRACK_CONFIRMED: Rgba = [0, 230, 255, 255];
const TRACK_TENTATIVE: Rgba = [150, 150, 150, 200];
const BLACK: Rgba = [0, 0, 0, 255];
const WHITE: Rgba = [255, 255, 255, 255];
/// Coverage rings, lowest altitude first (repeats past the fourth).
const COVERAGE: [Rgba; 4] = [
    [255, 140, 40, 230],
    [255, 220, 60, 230],
    [120, 200, 255, 230],
    [200, 130, 255, 230],
];

/// The colour of a threat class (by its catalog name).
fn class_color(class: &str) -> Rgba {
    match class {
        "fighter" => [255, 150, 40, 255],
        "helicopter" => [255, 210, 60, 255],
        "cruise-subsonic" => [255, 80, 80, 255],
        "cruise-supersonic" => [255, 60, 170, 255],
        "ballistic" => [220, 90, 255, 255],
        "drone" => [255, 120, 120, 255],
        _ => [255, 80, 80, 255],
    }
}

// ---- The CZML subset Canopy writes (field names as in the CZML guide). ----

#[derive(Debug, Clone, Default, Serialize)]
#[serde(rename_all = "camelCase")]
struct Packet {
    id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    version: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    parent: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    clock: Option<Clock>,
    #[serde(skip_serializing_if = "Option::is_none")]
    availability: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    position: Option<Position>,
    #[serde(skip_serializing_if = "Option::is_none")]
    point: Option<Point>,
    #[serde(skip_serializing_if = "Option::is_none")]
    label: Option<Label>,
    #[serde(skip_serializing_if = "Option::is_none")]
    path: Option<Path>,
    #[serde(skip_serializing_if = "Option::is_none")]
    polyline: Option<Polyline>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
struct Clock {
    interval: String,
    current_time: String,
    multiplier: f64,
    range: &'static str,
    step: &'static str,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
struct Position {
    #[serde(skip_serializing_if = "Option::is_none")]
    epoch: Option<String>,
    /// `[lon, lat, h]`, or `[t, lon, lat, h, …]` with an epoch.
    cartographic_degrees: Vec<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    interpolation_algorithm: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    interpolation_degree: Option<u32>,
}

#[derive(Debug, Clone, Serialize)]
struct ColorValue {
    rgba: Rgba,
}

/// A colour that changes at given intervals (the track status).
#[derive(Debug, Clone, Serialize)]
struct ColorInterval {
    interval: String,
    rgba: Rgba,
}

#[derive(Debug, Clone, Serialize)]
#[serde(untagged)]
enum Color {
    Constant(ColorValue),
    Intervals(Vec<ColorInterval>),
}

fn color(rgba: Rgba) -> Color {
    Color::Constant(ColorValue { rgba })
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
struct Point {
    color: Color,
    pixel_size: f64,
    outline_color: ColorValue,
    outline_width: f64,
}

fn point(rgba: Rgba, pixel_size: f64, outline: Rgba, outline_width: f64) -> Point {
    Point {
        color: color(rgba),
        pixel_size,
        outline_color: ColorValue { rgba: outline },
        outline_width,
    }
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
struct Label {
    text: String,
    font: &'static str,
    style: &'static str,
    fill_color: ColorValue,
    outline_color: ColorValue,
    outline_width: f64,
    vertical_origin: &'static str,
    pixel_offset: Cartesian2,
}

#[derive(Debug, Clone, Serialize)]
struct Cartesian2 {
    cartesian2: [f64; 2],
}

fn label(text: &str) -> Label {
    Label {
        text: text.to_string(),
        font: "12px sans-serif",
        style: "FILL_AND_OUTLINE",
        fill_color: ColorValue { rgba: WHITE },
        outline_color: ColorValue { rgba: BLACK },
        outline_width: 2.0,
        vertical_origin: "BOTTOM",
        pixel_offset: Cartesian2 {
            cartesian2: [0.0, -10.0],
        },
    }
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
enum Material {
    SolidColor { color: ColorValue },
    PolylineDash { color: ColorValue, dash_length: f64 },
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
struct Path {
    width: f64,
    lead_time: f64,
    trail_time: f64,
    resolution: f64,
    material: Material,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
enum Positions {
    /// `[lon, lat, h, …]`.
    CartographicDegrees(Vec<f64>),
    /// `id#position` of each end.
    References(Vec<String>),
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
struct Polyline {
    positions: Positions,
    width: f64,
    material: Material,
}

// ---- Times. ----

/// A UTC instant, milliseconds since 1970-01-01T00:00:00Z (the replay's
/// resolution: every time written is rounded to the millisecond).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Utc(i64);

/// `t` rounded to the nearest millisecond (halves up), the one rounding used
/// for sample times and intervals alike so that they compare exactly.
fn to_ms(t: SimTime) -> i64 {
    t.as_nanos().saturating_add(500_000).div_euclid(1_000_000)
}

/// `t` rounded to the millisecond: the writer stores every time so, so that
/// what it compares is what it writes.
fn ms(t: SimTime) -> SimTime {
    SimTime(to_ms(t).saturating_mul(1_000_000))
}

/// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * (m + if m > 2 { -3 } else { 9 }) + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The date of a day count since 1970-01-01 (inverse of [`days_from_civil`]).
fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

impl Utc {
    /// Parses `YYYY-MM-DDTHH:MM:SS[.f…]Z`.
    fn parse(s: &str) -> Option<Utc> {
        let b = s.as_bytes();
        if b.len() < 20
            || !s.is_ascii()
            || b[4] != b'-'
            || b[7] != b'-'
            || b[10] != b'T'
            || b[13] != b':'
            || b[16] != b':'
            || !s.ends_with('Z')
        {
            return None;
        }
        let num = |r: std::ops::Range<usize>| -> Option<i64> {
            let part = &s[r];
            part.bytes()
                .all(|c| c.is_ascii_digit())
                .then(|| part.parse().ok())
                .flatten()
        };
        let (y, mo, d) = (num(0..4)?, num(5..7)?, num(8..10)?);
        let (h, mi, sec) = (num(11..13)?, num(14..16)?, num(17..19)?);
        if !(1..=12).contains(&mo) || !(1..=31).contains(&d) || h > 23 || mi > 59 || sec > 60 {
            return None;
        }
        let frac = &s[19..s.len() - 1];
        let ms = match frac.strip_prefix('.') {
            None if frac.is_empty() => 0,
            Some(digits) if !digits.is_empty() && digits.bytes().all(|c| c.is_ascii_digit()) => {
                // Millisecond resolution: further digits are dropped.
                let mut padded = digits.chars().take(3).collect::<String>();
                while padded.len() < 3 {
                    padded.push('0');
                }
                padded.parse::<i64>().ok()?
            }
            _ => return None,
        };
        let secs = days_from_civil(y, mo, d) * 86_400 + h * 3600 + mi * 60 + sec;
        Some(Utc(secs * 1000 + ms))
    }

    /// `self + t`, as ISO 8601 with milliseconds when they are not zero.
    fn iso(self, t: SimTime) -> String {
        let ms = self.0.saturating_add(to_ms(t));
        let (secs, ms) = (ms.div_euclid(1000), ms.rem_euclid(1000));
        let (days, sod) = (secs.div_euclid(86_400), secs.rem_euclid(86_400));
        let (y, m, d) = civil_from_days(days);
        let mut s = format!(
            "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}",
            sod / 3600,
            sod / 60 % 60,
            sod % 60
        );
        if ms != 0 {
            let _ = write!(s, ".{ms:03}");
        }
        s.push('Z');
        s
    }

    /// The ISO 8601 interval `self + a / self + b`.
    fn interval(self, a: SimTime, b: SimTime) -> String {
        format!("{}/{}", self.iso(a), self.iso(b))
    }
}

// ---- Rounding (byte-stable files that diff well). ----

fn round_to(x: f64, scale: f64) -> f64 {
    let r = (x * scale).round() / scale;
    // -0.0 prints as "-0.0": make it plain zero.
    if r == 0.0 { 0.0 } else { r }
}

/// Seconds since the epoch, to 1 ms.
fn secs(t: SimTime) -> f64 {
    to_ms(t) as f64 / 1e3
}

/// `[lon, lat, h]`, rounded.
fn lon_lat_h(p: &Geodetic) -> [f64; 3] {
    [
        round_to(p.lon_deg, 1e6),
        round_to(p.lat_deg, 1e6),
        round_to(p.alt_m, 10.0),
    ]
}

/// A description table from (label, value) rows; values are escaped here
/// (names are user data).
fn table(rows: &[(&str, String)]) -> String {
    let mut s = String::from("<table class=\"cesium-infoBox-defaultTable\"><tbody>");
    for (k, v) in rows {
        let _ = write!(s, "<tr><th>{}</th><td>{}</td></tr>", escape(k), escape(v));
    }
    s.push_str("</tbody></table>");
    s
}

// ---- What the writer collects. ----

/// A time-ordered list of positions.
#[derive(Debug, Clone, Default)]
struct Samples(Vec<(SimTime, Geodetic)>);

impl Samples {
    fn push(&mut self, t: SimTime, p: Geodetic) {
        self.0.push((t, p));
    }

    /// Times rounded to the millisecond, sorted (stably), one sample per time
    /// (the first reported), and only samples within `[lo, hi]`.
    fn cleaned(&self, lo: SimTime, hi: SimTime) -> Vec<(SimTime, Geodetic)> {
        let (lo, hi) = (to_ms(lo), to_ms(hi));
        let mut v: Vec<_> = self
            .0
            .iter()
            .map(|&(t, p)| (ms(t), p))
            .filter(|(t, p)| {
                (lo..=hi).contains(&(t.as_nanos() / 1_000_000))
                    && p.lat_deg.is_finite()
                    && p.lon_deg.is_finite()
                    && p.alt_m.is_finite()
            })
            .collect();
        v.sort_by_key(|s| s.0);
        v.dedup_by_key(|s| s.0);
        v
    }

    /// Linear interpolation at `t`, inside the samples' span only.
    fn at(&self, t: SimTime, hi: SimTime) -> Option<Geodetic> {
        let v = self.cleaned(SimTime(i64::MIN), hi);
        let k = v.partition_point(|s| s.0 < t);
        let (t1, p1) = *v.get(k)?;
        if t1 == t {
            return Some(p1);
        }
        let (t0, p0) = *v.get(k.checked_sub(1)?)?;
        let f = (t - t0).as_secs_f64() / (t1 - t0).as_secs_f64();
        let lerp = |a: f64, b: f64| a + (b - a) * f;
        Some(Geodetic {
            lat_deg: lerp(p0.lat_deg, p1.lat_deg),
            // Across the antimeridian, go the short way.
            lon_deg: normalize_lon(p0.lon_deg + normalize_lon(p1.lon_deg - p0.lon_deg) * f),
            alt_m: lerp(p0.alt_m, p1.alt_m),
        })
    }
}

/// One threat's story.
#[derive(Debug, Clone, Default)]
struct ThreatLog {
    samples: Samples,
    launched: Option<SimTime>,
    ended: Option<(SimTime, EndCause, Geodetic)>,
    leaked: Option<(SimTime, LeakCause)>,
    /// When a round first killed it (the engine ends the flight a tick later).
    killed_at: Option<SimTime>,
    /// (time, text) lines for the description.
    notes: Vec<(SimTime, String)>,
}

/// One interceptor's story.
#[derive(Debug, Clone)]
struct ShotLog {
    unit: String,
    threat: u32,
    launched: SimTime,
    fire_unit: usize,
    samples: Samples,
    /// Intercept (or self-destruct) time, miss, killed.
    ended: Option<(SimTime, Option<f64>, bool)>,
}

/// One track's samples, with its status at each.
#[derive(Debug, Clone, Default)]
struct TrackLog {
    samples: Samples,
    confirmed: Vec<(SimTime, bool)>,
}

/// The CZML writer: a [`Sink`] that keeps what a replay needs, then
/// [`CzmlWriter::write`]s `replay.czml`.
#[derive(Debug, Clone)]
pub struct CzmlWriter {
    start: Utc,
    scenario: String,
    options: CzmlOptions,
    /// Static packets: assets, radars, coverage (known before the run).
    sites: Vec<Packet>,
    coverage: Vec<Packet>,
    entities: Vec<EntityInfo>,
    threats: BTreeMap<u32, ThreatLog>,
    shots: BTreeMap<u32, ShotLog>,
    /// Distinct (unit name, launcher position), in order of first launch.
    fire_units: Vec<(String, Geodetic)>,
    tracks: BTreeMap<u64, TrackLog>,
    /// Latest time seen, and the run's end once `Finish` arrives.
    last_time: SimTime,
    finish: Option<SimTime>,
}

impl CzmlWriter {
    /// A writer for a run of `scenario`: the assets, radars and coverage
    /// footprints (at `options.coverage_altitudes_m`) are computed now.
    pub fn new(scenario: &Scenario, options: &CzmlOptions) -> Result<CzmlWriter, CzmlError> {
        let start = Utc::parse(&scenario.start_utc)
            .ok_or_else(|| CzmlError::BadStart(scenario.start_utc.clone()))?;
        let mut sites = Vec::new();
        for (k, a) in scenario.assets.iter().enumerate() {
            sites.push(Packet {
                id: format!("asset-{k}"),
                name: Some(a.name.clone()),
                parent: Some("sites"),
                description: Some(table(&[
                    ("defended asset", a.name.clone()),
                    ("value", a.value.to_string()),
                ])),
                position: Some(static_position(&a.position)),
                point: Some(point(ASSET, 11.0, WHITE, 2.0)),
                label: Some(label(&a.name)),
                ..Packet::default()
            });
        }
        let mut coverage = Vec::new();
        let radars = radar_coverage(scenario, &options.coverage_altitudes_m)?;
        for (k, r) in radars.iter().enumerate() {
            sites.push(Packet {
                id: format!("radar-{k}"),
                name: Some(r.name.clone()),
                parent: Some("sites"),
                description: Some(table(&[
                    ("radar", r.name.clone()),
                    ("type", r.type_name.clone()),
                    ("role", r.role.to_string()),
                    ("antenna height", format!("{:.0} m", r.antenna.alt_m)),
                ])),
                position: Some(static_position(&r.antenna)),
                point: Some(point(RADAR, 6.0, BLACK, 1.0)),
                ..Packet::default()
            });
            for (j, f) in r.footprints.iter().enumerate() {
                let Some(range) = f.range.filter(|_| !f.ring.is_empty()) else {
                    continue;
                };
                let ring = f
                    .ring
                    .iter()
                    .flat_map(|&[lon, lat]| lon_lat_h(&Geodetic::new(lat, lon, f.altitude_m)))
                    .collect();
                coverage.push(Packet {
                    id: format!("coverage-{k}-{}", f.altitude_m),
                    name: Some(format!("{}: coverage at {} m", r.name, f.altitude_m)),
                    parent: Some("coverage"),
                    description: Some(table(&[
                        ("radar", r.name.clone()),
                        ("target altitude", format!("{} m", f.altitude_m)),
                        (
                            "reference target",
                            "1 m², Swerling 1, single-look Pd ≥ 0.5".to_string(),
                        ),
                        (
                            "detection range",
                            format!(
                                "{:.1} km ({})",
                                range.ground_range_m / 1e3,
                                crate::coverage::limit_name(Some(&range))
                            ),
                        ),
                    ])),
                    polyline: Some(Polyline {
                        positions: Positions::CartographicDegrees(ring),
                        width: 1.5,
                        material: Material::SolidColor {
                            color: ColorValue {
                                rgba: COVERAGE[j % COVERAGE.len()],
                            },
                        },
                    }),
                    ..Packet::default()
                });
            }
        }
        Ok(CzmlWriter {
            start,
            scenario: scenario.name.clone(),
            options: options.clone(),
            sites,
            coverage,
            entities: Vec::new(),
            threats: BTreeMap::new(),
            shots: BTreeMap::new(),
            fire_units: Vec::new(),
            tracks: BTreeMap::new(),
            last_time: SimTime::ZERO,
            finish: None,
        })
    }

    /// The end of the replay's clock: the run's end, or the latest event seen.
    fn end(&self) -> SimTime {
        self.finish.unwrap_or(self.last_time).max(SimTime::ZERO)
    }

    fn threat_name(&self, k: u32) -> String {
        self.entities
            .get(k as usize)
            .map_or_else(|| format!("threat {k}"), |e| e.name.clone())
    }

    /// Every packet, in document order.
    fn packets(&self) -> Vec<Packet> {
        let end = self.end();
        let mut out = vec![Packet {
            id: "document".to_string(),
            name: Some(self.scenario.clone()),
            version: Some("1.0"),
            clock: Some(Clock {
                interval: self.start.interval(SimTime::ZERO, end),
                current_time: self.start.iso(SimTime::ZERO),
                multiplier: 10.0,
                range: "CLAMPED",
                step: "SYSTEM_CLOCK_MULTIPLIER",
            }),
            ..Packet::default()
        }];
        out.extend(GROUPS.iter().map(|(id, name)| Packet {
            id: (*id).to_string(),
            name: Some((*name).to_string()),
            ..Packet::default()
        }));
        out.extend(self.sites.iter().cloned());
        out.extend(
            self.fire_units
                .iter()
                .enumerate()
                .map(|(k, (unit, p))| Packet {
                    id: format!("fire-unit-{k}"),
                    name: Some(unit.clone()),
                    parent: Some("sites"),
                    description: Some(table(&[("fire unit", unit.clone())])),
                    position: Some(static_position(p)),
                    point: Some(point(FIRE_UNIT, 7.0, BLACK, 1.0)),
                    ..Packet::default()
                }),
        );
        out.extend(self.coverage.iter().cloned());
        let mut drawn = HashSet::new();
        for (&k, t) in &self.threats {
            let packets = self.threat_packets(k, t, end);
            if !packets.is_empty() {
                drawn.insert(k);
            }
            out.extend(packets);
        }
        for (&id, t) in &self.tracks {
            out.extend(self.track_packet(id, t, end));
        }
        for (&shot, s) in &self.shots {
            out.extend(self.shot_packets(shot, s, end, drawn.contains(&s.threat)));
        }
        out
    }

    /// A threat's sampled flight, and its leak or kill marker.
    fn threat_packets(&self, k: u32, t: &ThreatLog, end: SimTime) -> Vec<Packet> {
        let stop = t.ended.map_or(end, |e| e.0).min(end);
        let samples = t.samples.cleaned(SimTime::ZERO, stop);
        let (Some(&(first, _)), Some(&(last_time, last))) = (samples.first(), samples.last())
        else {
            return Vec::new();
        };
        let info = self.entities.get(k as usize);
        let name = self.threat_name(k);
        let class = info.map_or("", |e| e.class);
        let mut rows = vec![
            ("threat", name.clone()),
            ("type", info.map_or(String::new(), |e| e.type_name.clone())),
            ("class", class.to_string()),
        ];
        if let Some(l) = t.launched {
            rows.push(("launched", format!("{l} s")));
        }
        match (t.ended, t.leaked) {
            (Some((te, EndCause::Killed, _)), _) => {
                rows.push(("fate", format!("killed at {te} s")))
            }
            (_, Some((tl, cause))) => {
                rows.push(("fate", format!("leaked at {tl} s ({})", cause.name())))
            }
            (Some((te, cause, _)), None) => {
                rows.push(("fate", format!("{} at {te} s", cause.name())))
            }
            (None, None) => rows.push(("fate", "still flying at the end".to_string())),
        }
        let mut notes = t.notes.clone();
        notes.sort_by_key(|n| n.0);
        let note_rows: Vec<(&str, String)> = notes
            .iter()
            .map(|(time, text)| ("", format!("{time} s: {text}")))
            .collect();
        rows.extend(note_rows);
        let id = format!("threat-{k}");
        let rgba = class_color(class);
        let mut out = vec![Packet {
            id: id.clone(),
            name: Some(name.clone()),
            parent: Some("truth"),
            // Over its samples only, so its position is defined whenever it shows.
            availability: Some(self.start.interval(first, last_time)),
            description: Some(table(&rows)),
            position: Some(self.sampled(&samples)),
            point: Some(point(rgba, 9.0, BLACK, 1.0)),
            path: Some(self.path(rgba)),
            ..Packet::default()
        }];
        match (t.ended, t.leaked) {
            (Some((te, EndCause::Killed, p)), _) => out.push(Packet {
                id: format!("kill-{k}"),
                name: Some(format!("{name} killed")),
                parent: Some("engagements"),
                // From the intercept on, so it shows together with the round.
                availability: Some(
                    self.start
                        .interval(t.killed_at.unwrap_or(te).min(te).min(end), end),
                ),
                description: Some(table(&[
                    ("killed", name.clone()),
                    ("at", format!("{te} s")),
                ])),
                position: Some(static_position(&p)),
                point: Some(point(KILL, 13.0, BLACK, 2.0)),
                ..Packet::default()
            }),
            (ended, Some((tl, cause))) => {
                // Where it ended (impact, route end), else where it was last seen.
                let p = ended.map_or(last, |e| e.2);
                let at = ended.map_or(tl, |e| e.0).min(tl).clamp(first, end);
                out.push(Packet {
                    id: format!("leak-{k}"),
                    name: Some(format!("{name} leaked ({})", cause.name())),
                    parent: Some("truth"),
                    availability: Some(self.start.interval(at, end)),
                    description: Some(table(&[
                        ("leaked", name.clone()),
                        ("cause", cause.name().to_string()),
                        ("at", format!("{tl} s")),
                    ])),
                    position: Some(static_position(&p)),
                    point: Some(point(LEAK, 13.0, WHITE, 2.0)),
                    ..Packet::default()
                });
            }
            _ => {}
        }
        out
    }

    /// A track of the fused picture, grey while tentative, green when
    /// confirmed; none for a track never confirmed (C2 never saw it, and
    /// false alarms start thousands of those in a run).
    fn track_packet(&self, id: u64, t: &TrackLog, end: SimTime) -> Option<Packet> {
        let samples = t.samples.cleaned(SimTime::ZERO, end);
        let (first, last) = (samples.first()?.0, samples.last()?.0);
        let mut status = t.confirmed.clone();
        status.sort_by_key(|s| s.0);
        status.retain(|s| (first..=last).contains(&s.0));
        // Runs of equal status, each lasting until the next one starts.
        let mut runs: Vec<(SimTime, bool)> = Vec::new();
        for (time, c) in status {
            if runs.last().is_none_or(|r| r.1 != c) {
                runs.push((time, c));
            }
        }
        if let Some(r) = runs.first_mut() {
            r.0 = first;
        }
        let intervals = runs
            .iter()
            .enumerate()
            .map(|(i, &(a, c))| ColorInterval {
                interval: self
                    .start
                    .interval(a, runs.get(i + 1).map_or(last, |r| r.0)),
                rgba: if c { TRACK_CONFIRMED } else { TRACK_TENTATIVE },
            })
            .collect::<Vec<_>>();
        let confirmed_at = runs.iter().find(|r| r.1)?.0;
        Some(Packet {
            id: format!("track-{id}"),
            name: Some(format!("track {id}")),
            parent: Some("tracks"),
            availability: Some(self.start.interval(first, last)),
            description: Some(table(&[
                ("track", id.to_string()),
                ("first report", format!("{first} s")),
                ("confirmed", format!("at {confirmed_at} s")),
                ("last report", format!("{last} s")),
            ])),
            position: Some(self.sampled(&samples)),
            point: Some(Point {
                color: Color::Intervals(intervals),
                pixel_size: 7.0,
                outline_color: ColorValue { rgba: BLACK },
                outline_width: 1.0,
            }),
            path: Some(Path {
                trail_time: self.options.trail_s.min(120.0),
                ..self.path(TRACK_CONFIRMED)
            }),
            ..Packet::default()
        })
    }

    /// A round's fly-out, and its fire line if its threat is drawn.
    fn shot_packets(
        &self,
        shot: u32,
        s: &ShotLog,
        end: SimTime,
        threat_drawn: bool,
    ) -> Vec<Packet> {
        let launched = s.launched.min(end);
        let stop = s.ended.map_or(end, |e| e.0).clamp(launched, end);
        let mut samples = s.samples.clone();
        // The round ends at its target: draw its last leg to the threat's
        // position then (off by the miss distance, metres to a few hundred).
        let mut kept = samples.cleaned(launched, stop);
        if kept.last().is_none_or(|l| l.0 < stop)
            && s.ended.is_some()
            && let Some(p) = self
                .threats
                .get(&s.threat)
                .and_then(|t| t.samples.at(stop, end))
        {
            samples.push(stop, p);
            kept = samples.cleaned(launched, stop);
        }
        let (Some(&(first, _)), Some(&(last, _))) = (kept.first(), kept.last()) else {
            return Vec::new();
        };
        let threat = self.threat_name(s.threat);
        let result = match s.ended {
            Some((t, miss, killed)) => format!(
                "{} at {t} s{}",
                if killed { "kill" } else { "miss" },
                miss.map_or(String::new(), |m| format!(", miss distance {m:.1} m"))
            ),
            None => "still flying at the end".to_string(),
        };
        let description = table(&[
            ("round", shot.to_string()),
            ("fire unit", s.unit.clone()),
            ("target", threat.clone()),
            ("launched", format!("{} s", s.launched)),
            ("result", result),
        ]);
        let availability = self.start.interval(first, last);
        let mut out = vec![Packet {
            id: format!("interceptor-{shot}"),
            name: Some(format!("round {shot} → {threat}")),
            parent: Some("engagements"),
            availability: Some(availability.clone()),
            description: Some(description.clone()),
            position: Some(self.sampled(&kept)),
            point: Some(point(INTERCEPTOR, 6.0, BLACK, 1.0)),
            path: Some(self.path(INTERCEPTOR_TRAIL)),
            ..Packet::default()
        }];
        if threat_drawn {
            out.push(Packet {
                id: format!("engagement-{shot}"),
                name: Some(format!("{} → {threat}", s.unit)),
                parent: Some("engagements"),
                availability: Some(availability),
                description: Some(description),
                polyline: Some(Polyline {
                    positions: Positions::References(vec![
                        format!("fire-unit-{}#position", s.fire_unit),
                        format!("threat-{}#position", s.threat),
                    ]),
                    width: 1.5,
                    material: Material::PolylineDash {
                        color: ColorValue { rgba: FIRE_LINE },
                        dash_length: 12.0,
                    },
                }),
                ..Packet::default()
            });
        }
        out
    }

    /// A sampled position over `samples` (sorted, distinct times).
    fn sampled(&self, samples: &[(SimTime, Geodetic)]) -> Position {
        Position {
            epoch: Some(self.start.iso(SimTime::ZERO)),
            cartographic_degrees: samples
                .iter()
                .flat_map(|(t, p)| {
                    let [lon, lat, h] = lon_lat_h(p);
                    [secs(*t), lon, lat, h]
                })
                .collect(),
            interpolation_algorithm: Some("LINEAR"),
            interpolation_degree: Some(1),
        }
    }

    fn path(&self, rgba: Rgba) -> Path {
        Path {
            width: 2.0,
            lead_time: 0.0,
            trail_time: self.options.trail_s,
            resolution: 5.0,
            material: Material::SolidColor {
                color: ColorValue {
                    rgba: [rgba[0], rgba[1], rgba[2], 200],
                },
            },
        }
    }

    /// Writes the document: a JSON array, one packet per line.
    pub fn write(&self, out: impl Write) -> io::Result<()> {
        let mut out = io::BufWriter::new(out);
        let packets = self.packets();
        out.write_all(b"[\n")?;
        for (i, p) in packets.iter().enumerate() {
            serde_json::to_writer(&mut out, p)?;
            out.write_all(if i + 1 < packets.len() { b",\n" } else { b"\n" })?;
        }
        out.write_all(b"]\n")?;
        out.flush()
    }
}

/// A static position.
fn static_position(p: &Geodetic) -> Position {
    Position {
        epoch: None,
        cartographic_degrees: lon_lat_h(p).to_vec(),
        interpolation_algorithm: None,
        interpolation_degree: None,
    }
}

/// Every radar of the scenario with its footprints at `altitudes` (none: no
/// footprints), through the coverage study with a one-point grid.
fn radar_coverage(scenario: &Scenario, altitudes: &[f64]) -> Result<Vec<RadarCoverage>, CzmlError> {
    // The study needs a non-empty footprint list; with no altitudes asked for,
    // compute one and drop it (the radars themselves are still wanted).
    let footprint_altitudes_m = if altitudes.is_empty() {
        vec![1000.0]
    } else {
        altitudes.to_vec()
    };
    let spec = CoverageSpec {
        altitudes_m: footprint_altitudes_m.clone(),
        rcs_m2: vec![1.0],
        swerlings: vec![Swerling::One],
        looks: crate::coverage::DEFAULT_LOOKS,
        footprint_altitudes_m,
        reference_rcs_m2: 1.0,
        reference_swerling: Swerling::One,
    };
    let mut radars = study(scenario, &spec)?.radars;
    if altitudes.is_empty() {
        for r in &mut radars {
            r.footprints.clear();
        }
    }
    Ok(radars)
}

impl Sink for CzmlWriter {
    fn event(&mut self, event: &Event<'_>) {
        if let Some(t) = event.time() {
            self.last_time = self.last_time.max(ms(t));
        }
        match event {
            Event::Start { entities, .. } => self.entities = entities.to_vec(),
            Event::Launched {
                time,
                threat,
                position,
            } => {
                let t = self.threats.entry(threat.0).or_default();
                t.launched = Some(ms(*time));
                t.samples.push(ms(*time), *position);
            }
            Event::Truth {
                time,
                threat,
                position,
                ..
            } => self
                .threats
                .entry(threat.0)
                .or_default()
                .samples
                .push(ms(*time), *position),
            Event::Ended {
                time,
                threat,
                cause,
                position,
            } => {
                let t = self.threats.entry(threat.0).or_default();
                t.ended = Some((ms(*time), *cause, *position));
                t.samples.push(ms(*time), *position);
            }
            Event::Leaked {
                time,
                threat,
                cause,
            } => self.threats.entry(threat.0).or_default().leaked = Some((ms(*time), *cause)),
            Event::Track(r) => {
                let t = self.tracks.entry(r.id).or_default();
                t.samples.push(ms(r.time), r.position);
                t.confirmed.push((ms(r.time), r.confirmed));
            }
            Event::InterceptorLaunched {
                time,
                origin,
                shot,
                unit,
                threat,
                ..
            } => {
                let fire_unit = self
                    .fire_units
                    .iter()
                    .position(|(u, p)| u == unit && p == origin)
                    .unwrap_or_else(|| {
                        self.fire_units.push(((*unit).to_string(), *origin));
                        self.fire_units.len() - 1
                    });
                let mut samples = Samples::default();
                samples.push(ms(*time), *origin);
                self.shots.insert(
                    *shot,
                    ShotLog {
                        unit: (*unit).to_string(),
                        threat: threat.0,
                        launched: ms(*time),
                        fire_unit,
                        samples,
                        ended: None,
                    },
                );
                self.threats
                    .entry(threat.0)
                    .or_default()
                    .notes
                    .push((ms(*time), format!("round {shot} fired by {unit}")));
            }
            Event::InterceptorState {
                time,
                shot,
                position,
            } => {
                if let Some(s) = self.shots.get_mut(shot) {
                    s.samples.push(ms(*time), *position);
                }
            }
            Event::Intercept {
                time,
                shot,
                threat,
                miss_m,
                killed,
            } => {
                if let Some(s) = self.shots.get_mut(shot) {
                    s.ended = Some((ms(*time), *miss_m, *killed));
                }
                let miss = miss_m.map_or(String::new(), |m| format!(", miss {m:.1} m"));
                let result = if *killed { "kill" } else { "miss" };
                let t = self.threats.entry(threat.0).or_default();
                if *killed {
                    t.killed_at = Some(t.killed_at.map_or(ms(*time), |k| k.min(ms(*time))));
                }
                t.notes
                    .push((ms(*time), format!("round {shot}: {result}{miss}")));
            }
            Event::Assessed {
                time,
                shot,
                threat,
                judged_killed,
                killed,
                ..
            } => {
                let verdict = if *judged_killed { "killed" } else { "survivor" };
                let truth = if *killed { "killed" } else { "alive" };
                self.threats.entry(threat.0).or_default().notes.push((
                    ms(*time),
                    format!("assessed after round {shot}: {verdict} (truth: {truth})"),
                ));
            }
            Event::Finish { time } => self.finish = Some(ms(*time)),
            Event::Detection(_) | Event::Assigned { .. } => {}
        }
    }
}

#[cfg(test)]
mod tests;
