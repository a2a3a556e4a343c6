//! The multi-target tracker: gating behind a spatial index, GNN or JPDA association, M-of-N
//! track management, and measurement-level fusion of asynchronous sensors.
//!
//! One [`Tracker`] holds the track picture in a local Cartesian east/north/up frame chosen
//! by the caller. Every call of [`Tracker::process_scan`] brings one sensor's detections of
//! one instant; scans of several sensors, each with its own accuracy, may be interleaved
//! in any order of non-decreasing time, which is central measurement-level fusion. A scan:
//!
//! 1. predicts every track its sensor covers ([`Coverage`]) to the scan time (tracks
//!    outside the coverage are left alone and are not charged a miss);
//! 2. gates: detections are put in a uniform grid over east/north with cells about one
//!    gate wide (module `grid`), so each track tests only the detections in the cells its
//!    gate's bounding box touches (with at most 32 unused detections, every detection's
//!    position is tested against the box instead: the same pairs, without building the
//!    grid); a pair passes if its NIS is within the chi-square gate
//!    (a position detection is first tested per axis against the gate's marginal bound,
//!    which rejects most neighbours without an innovation; the prediction an innovation
//!    needs is taken once per track, not per pair);
//! 3. associates confirmed tracks with GNN (minimum total negative log-likelihood ratio,
//!    solved per cluster by `canopy-assign`) or JPDA (module `jpda`), then tentative
//!    tracks with GNN on what is left;
//! 4. starts a tentative track on every detection still unused;
//! 5. confirms tentative tracks with M detections within their first N scans, and deletes
//!    tracks after too many misses in a row, too large a covariance, too long a coast, or
//!    a failed filter step. A confirmed track is charged a miss only by a sensor that has
//!    detected it, and counts misses in a row per sensor: it is deleted for misses when
//!    every sensor that detected it has missed it that many times since ([`SeenBy`]). With
//!    many sites, most radars whose coverage holds a target cannot detect it (a small
//!    cross-section far away, a low flyer under the horizon margin); charging their
//!    misses would delete its track between two looks of the radar that does see it.
//!
//! Work per scan is about linear in tracks plus detections: the grid makes gating local,
//! and the assignment and JPDA work is per cluster of tracks sharing detections.
//!
//! Track ids are never reused and tracks are kept in id order; nothing depends on hash
//! order, so equal inputs give equal outputs.

mod config;
mod grid;
mod jpda;
#[cfg(test)]
mod tests;

use std::fmt;

use canopy_assign::{Cardinality, Sense, Solver};
use nalgebra::{Matrix3, Matrix6, Vector3};

pub use config::{Association, ImmConfig, MAX_JPDA_EVENTS, MotionConfig, Space, TrackerConfig};
pub use grid::CellHasher;

use crate::chi2;
use crate::error::{Result, TrackingError};
use crate::kalman::Innovation;
use crate::measurement::{Measurement, RaeProcessing};
use crate::track::TrackFilter;
use grid::Grid;
use jpda::{Edge, Jpda, MAX_WEIGHT};

/// ln(2π).
const LN_2PI: f64 = 1.837_877_066_409_345_5;
/// Margin on the index box of an EKF range/azimuth/elevation detection: its gate is an
/// ellipsoid in measurement space, whose image in Cartesian space is only approximately
/// the linearised one.
const RAE_INDEX_MARGIN: f64 = 1.5;
/// Bound on a pair's log-likelihood ratio: a ratio of e^(±10⁶) is certainty either way,
/// and the bound keeps GNN costs well inside `canopy_assign::MAX_COST`.
const MAX_LOG_WEIGHT: f64 = 1e6;
/// Relative margin of the marginal gate test ([`surely_outside_gate`]) over the exact bound:
/// the computed NIS of a 3×3 Cholesky solve is within about 10 ε·cond(S) of the exact one,
/// so a pair this far beyond the bound fails the gate for any innovation covariance of
/// condition number below about 10¹², and the test never drops a pair the NIS would keep.
const MARGINAL_GATE_MARGIN: f64 = 1.01;
/// Up to this many unused detections, gating tests every detection's box against each
/// track instead of building the spatial index: a demo scan has about 20 reports, for
/// which the grid's hashing and cell walks cost more than the box tests they save.
const MAX_UNINDEXED_DETECTIONS: usize = 32;
/// A JPDA hypothesis below this probability is folded into the missed-detection one
/// instead of costing a filter update.
const MIN_HYPOTHESIS_PROBABILITY: f64 = 1e-9;

/// Stable identity of a track: assigned at birth in increasing order, never reused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TrackId(pub u64);

impl fmt::Display for TrackId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// Life-cycle stage of a track.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TrackStatus {
    /// Started by a detection, not yet confirmed (not for display or engagement).
    Tentative,
    /// Passed the M-of-N test.
    Confirmed,
}

/// Why a track was deleted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DeletionReason {
    /// Too many scans in a row without a detection.
    Misses,
    /// A tentative track did not collect its M detections within its first N scans.
    NotConfirmed,
    /// Its position uncertainty exceeded [`TrackerConfig::max_position_std_m`].
    Covariance,
    /// Not updated for longer than [`TrackerConfig::max_coast_s`].
    Coasting,
    /// A filter step failed (non-finite result); the estimate can no longer be trusted.
    Diverged,
}

/// Where a sensor can see: tracks outside are neither predicted nor charged a miss.
#[derive(Clone, Copy)]
pub enum Coverage<'a> {
    /// Everything (the planar benchmark's sensor).
    Everywhere,
    /// Within `max_range_m` of `center` (tracking-frame metres).
    Within {
        /// The sensor position.
        center: Vector3<f64>,
        /// Maximum range (m).
        max_range_m: f64,
    },
    /// A caller-supplied test of a predicted position (e.g. the engine's horizon, sector
    /// and elevation limits).
    Custom(&'a dyn Fn(&Vector3<f64>) -> bool),
}

impl fmt::Debug for Coverage<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Everywhere => write!(f, "Everywhere"),
            Self::Within {
                center,
                max_range_m,
            } => write!(
                f,
                "Within {{ center: {center:?}, max_range_m: {max_range_m} }}"
            ),
            Self::Custom(_) => write!(f, "Custom(..)"),
        }
    }
}

impl Coverage<'_> {
    /// Whether a target at `position` is inside the coverage.
    pub fn contains(&self, position: &Vector3<f64>) -> bool {
        match self {
            Self::Everywhere => true,
            Self::Within {
                center,
                max_range_m,
            } => (position - center).norm() <= *max_range_m,
            Self::Custom(test) => test(position),
        }
    }
}

/// One sensor's detections of one instant.
#[derive(Debug, Clone, Copy)]
pub struct SensorScan<'a> {
    /// Which sensor (reported back in [`Track::last_sensor`]).
    pub sensor_id: u32,
    /// The detections, each with its own noise model and, for range/azimuth/elevation,
    /// the sensor position in the tracking frame.
    pub measurements: &'a [Measurement],
    /// Probability that a target inside the coverage is detected, in `(0, 1]`.
    pub detection_probability: f64,
    /// Density of false detections (`> 0`) in the space the measurements are given in:
    /// per m³ for 3-D positions, per m² in [`Space::Planar`], per m·rad² for
    /// range/azimuth/elevation (converted internally when they are processed as converted
    /// measurements).
    pub clutter_density: f64,
    /// Which tracks this scan could have detected.
    pub coverage: Coverage<'a>,
}

/// What one scan did to the track picture (all lists in increasing id order).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ScanReport {
    /// The scan time (s).
    pub time_s: f64,
    /// The scan's sensor.
    pub sensor_id: u32,
    /// Tracks that existed before the scan and were updated with a detection (for JPDA:
    /// whose missed-detection probability was below one half).
    pub updated: Vec<TrackId>,
    /// Tracks in coverage that got no detection.
    pub missed: Vec<TrackId>,
    /// New tentative tracks started by unused detections (none from
    /// [`Tracker::maintain_scan`]).
    pub born: Vec<TrackId>,
    /// Tracks confirmed by this scan.
    pub confirmed: Vec<TrackId>,
    /// Tracks deleted by this scan, with the reason.
    pub deleted: Vec<(TrackId, DeletionReason)>,
    /// For each track in `updated` and then in `born`, the detection it took: its index
    /// in the scan's measurements (under JPDA, the detection of largest association
    /// probability). A simulation that knows where each detection came from can follow
    /// which object each track is following.
    pub detections: Vec<(TrackId, usize)>,
}

/// A track's kinematic estimate at one time, whatever its filter's state layout.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct KinematicState {
    /// Time of the estimate (s).
    pub time_s: f64,
    /// East, north, up position (m).
    pub position: Vector3<f64>,
    /// East, north, up velocity (m/s).
    pub velocity: Vector3<f64>,
    /// Covariance of `[position, velocity]` (m², m²/s, m²/s²).
    pub covariance: Matrix6<f64>,
}

impl KinematicState {
    /// The position covariance block (m²).
    pub fn position_covariance(&self) -> Matrix3<f64> {
        self.covariance.fixed_view::<3, 3>(0, 0).into_owned()
    }
}

/// One track of the picture (read-only view; the tracker owns and updates it).
#[derive(Debug, Clone, PartialEq)]
pub struct Track {
    id: TrackId,
    status: TrackStatus,
    filter: TrackFilter,
    time_s: f64,
    born_s: f64,
    last_update_s: f64,
    confirmed_s: Option<f64>,
    last_sensor: u32,
    hits: u32,
    opportunities: u32,
    consecutive_misses: u32,
    /// The sensors that detected the track, with their misses in a row since.
    seen_by: SeenBy,
    /// Detection history, most recent scan in bit 0 (1 = detected).
    history: u64,
    quality_window: u32,
}

/// How many sensors a track remembers in [`SeenBy`]; a sensor beyond them replaces the one
/// with the most misses in a row.
const SEEN_BY: usize = 8;

/// The sensors that have detected a track (at most [`SEEN_BY`]), each with its misses in a
/// row since its last detection of the track. Only they charge a confirmed track misses, and
/// the track's misses in a row are the fewest of any of them: it is lost when every sensor
/// that was seeing it has lost it. With one sensor this is the plain count.
#[derive(Debug, Clone, Copy, PartialEq)]
struct SeenBy {
    sensors: [(u32, u32); SEEN_BY],
    len: usize,
}

impl SeenBy {
    fn first(sensor: u32) -> SeenBy {
        let mut sensors = [(0, 0); SEEN_BY];
        sensors[0] = (sensor, 0);
        SeenBy { sensors, len: 1 }
    }

    fn seen(&self) -> &[(u32, u32)] {
        &self.sensors[..self.len]
    }

    fn contains(&self, sensor: u32) -> bool {
        self.seen().iter().any(|&(s, _)| s == sensor)
    }

    /// `sensor` detected the track: its count restarts (a new sensor is added).
    fn hit(&mut self, sensor: u32) {
        let slot = match self.seen().iter().position(|&(s, _)| s == sensor) {
            Some(k) => k,
            None if self.len < SEEN_BY => {
                self.len += 1;
                self.len - 1
            }
            // Full: the entry with the most misses (the first of equals) makes room.
            None => (0..SEEN_BY)
                .rev()
                .max_by_key(|&k| self.sensors[k].1)
                .unwrap_or(0),
        };
        self.sensors[slot] = (sensor, 0);
    }

    /// `sensor` (one of the seen) missed the track; returns the fewest misses in a row.
    fn miss(&mut self, sensor: u32) -> u32 {
        for e in &mut self.sensors[..self.len] {
            if e.0 == sensor {
                e.1 += 1;
            }
        }
        self.seen().iter().map(|&(_, m)| m).min().unwrap_or(0)
    }
}

impl Track {
    /// Whether a covering scan of `sensor` without a detection charges this track a miss:
    /// always for a tentative track, for a confirmed one only if `sensor` has detected it.
    fn charges(&self, sensor: u32) -> bool {
        self.status == TrackStatus::Tentative || self.seen_by.contains(sensor)
    }

    /// The track's id.
    pub fn id(&self) -> TrackId {
        self.id
    }

    /// Tentative or confirmed.
    pub fn status(&self) -> TrackStatus {
        self.status
    }

    /// Whether the track is confirmed.
    pub fn is_confirmed(&self) -> bool {
        self.status == TrackStatus::Confirmed
    }

    /// The filter (estimate, model, IMM mode probabilities).
    pub fn filter(&self) -> &TrackFilter {
        &self.filter
    }

    /// Time of the current estimate (s): the last scan that covered the track.
    pub fn time_s(&self) -> f64 {
        self.time_s
    }

    /// When the track was started (s).
    pub fn born_s(&self) -> f64 {
        self.born_s
    }

    /// When the track last took a detection (s).
    pub fn last_update_s(&self) -> f64 {
        self.last_update_s
    }

    /// When the track was confirmed (s), if it is.
    pub fn confirmed_s(&self) -> Option<f64> {
        self.confirmed_s
    }

    /// The sensor of the last detection the track took.
    pub fn last_sensor(&self) -> u32 {
        self.last_sensor
    }

    /// Detections taken over the track's life (the one that started it included).
    pub fn hits(&self) -> u32 {
        self.hits
    }

    /// Scans that covered the track (its birth scan included).
    pub fn opportunities(&self) -> u32 {
        self.opportunities
    }

    /// Misses in a row, up to now: of every covering scan for a tentative track; for a
    /// confirmed one, the fewest of any sensor that has detected it (see [`SeenBy`]).
    pub fn consecutive_misses(&self) -> u32 {
        self.consecutive_misses
    }

    /// Track quality in `[0, 1]`: the fraction of the last
    /// [`TrackerConfig::quality_window`] covering scans (fewer for a young track) in which
    /// the track took a detection.
    pub fn quality(&self) -> f64 {
        let window = self.quality_window.min(self.opportunities).max(1);
        let mask = if window >= 64 {
            u64::MAX
        } else {
            (1u64 << window) - 1
        };
        f64::from((self.history & mask).count_ones()) / f64::from(window)
    }

    /// The current estimate, at [`Track::time_s`].
    pub fn state(&self) -> KinematicState {
        kinematics(&self.filter, self.time_s)
    }

    /// The estimate predicted to time `time_s` (`>= Track::time_s`), without changing the
    /// track.
    pub fn predict_to(&self, time_s: f64) -> Result<KinematicState> {
        let mut filter = self.filter.clone();
        filter.predict(time_s - self.time_s)?;
        Ok(kinematics(&filter, time_s))
    }
}

/// The kinematic view of a filter.
fn kinematics(filter: &TrackFilter, time_s: f64) -> KinematicState {
    KinematicState {
        time_s,
        position: filter.position(),
        velocity: filter.velocity(),
        covariance: filter.kinematic_covariance(),
    }
}

/// A detection made ready for gating: resolved to the form the filters update with.
#[derive(Debug, Clone, Copy)]
struct Prepared {
    measurement: Measurement,
    /// Approximate east/north position, for the spatial index.
    xy: [f64; 2],
    /// Bound on its east/north standard deviation (m), for the index box.
    spread: f64,
    /// ln of the clutter density in the space of its innovation.
    ln_density: f64,
}

/// What happened to an existing track in the current scan.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Outcome {
    /// Outside the scan's coverage.
    NotCovered,
    /// Covered, no detection (yet).
    Missed,
    /// Took a detection.
    Hit,
    /// Predict or update failed.
    Diverged,
}

/// A pair that passed the gate.
#[derive(Debug, Clone, Copy)]
struct Gated {
    /// Row within the association stage.
    row: usize,
    /// Detection index.
    det: usize,
    /// ln of the pair's likelihood ratio against "missed, and the detection is clutter".
    log_weight: f64,
}

/// Per-scan constants of the likelihood ratios.
#[derive(Debug, Clone, Copy)]
struct ScanTerms {
    /// `ln Pd − ln(1 − Pd·P_G)`: the detection-versus-miss part of every pair's ratio.
    log_detect_ratio: f64,
}

/// Scratch space reused from scan to scan.
#[derive(Debug, Default, Clone)]
struct Work {
    solver: Solver,
    grid: Grid,
    jpda: Jpda,
    prepared: Vec<Prepared>,
    used: Vec<bool>,
    outcome: Vec<Outcome>,
    /// The detection each track took this scan (`usize::MAX`: none), by track index.
    taken: Vec<usize>,
    /// The rows of the association stage being run: the covered confirmed tracks, then the
    /// covered tentative ones (track indices, increasing).
    stage: Vec<usize>,
    /// The covered tentative tracks, listed while predicting so that picking a stage does
    /// not walk the whole track table again (tracks are large; a demo run keeps about 40
    /// tentative false-alarm tracks for every 6 confirmed ones).
    tentative: Vec<usize>,
    reach: Vec<f64>,
    /// The detections still unused at an association stage, as `(index, east/north)`.
    open: Vec<(u32, [f64; 2])>,
    gated: Vec<Gated>,
    entries: Vec<(usize, usize, f64)>,
    parent: Vec<usize>,
    det_owner: Vec<usize>,
    local_col: Vec<usize>,
    order: Vec<(usize, usize)>,
    edges: Vec<Edge>,
    edge_det: Vec<usize>,
    beta: Vec<f64>,
    missed: Vec<f64>,
    parts: Vec<(f64, TrackFilter)>,
    row_first: Vec<usize>,
    sorted: Vec<f64>,
    keep: Vec<bool>,
    det_count: Vec<u8>,
    best: Vec<usize>,
    local: Vec<usize>,
    contested: Vec<usize>,
    choice: Vec<(usize, usize)>,
}

/// The multi-target tracker. See the module documentation for the scan cycle.
#[derive(Debug, Clone)]
pub struct Tracker {
    config: TrackerConfig,
    gate: f64,
    tracks: Vec<Track>,
    next_id: u64,
    time_s: f64,
    work: Work,
}

impl Tracker {
    /// A tracker with no tracks, after validating `config`.
    pub fn new(config: TrackerConfig) -> Result<Self> {
        config.validate()?;
        let gate = chi2::gate_threshold(config.space.dimension(), config.gate_probability)?;
        Ok(Self {
            config,
            gate,
            tracks: Vec::new(),
            next_id: 0,
            time_s: f64::NEG_INFINITY,
            work: Work::default(),
        })
    }

    /// The configuration.
    pub fn config(&self) -> &TrackerConfig {
        &self.config
    }

    /// The NIS gate threshold in use.
    pub fn gate_threshold(&self) -> f64 {
        self.gate
    }

    /// Time of the last processed scan (s), `-inf` before the first.
    pub fn time_s(&self) -> f64 {
        self.time_s
    }

    /// Every track, tentative and confirmed, in increasing id order.
    pub fn tracks(&self) -> impl Iterator<Item = &Track> {
        self.tracks.iter()
    }

    /// The confirmed tracks, in increasing id order.
    pub fn confirmed(&self) -> impl Iterator<Item = &Track> {
        self.tracks.iter().filter(|t| t.is_confirmed())
    }

    /// The track with id `id`, if it exists.
    pub fn track(&self, id: TrackId) -> Option<&Track> {
        self.tracks
            .binary_search_by_key(&id, |t| t.id)
            .ok()
            .map(|i| &self.tracks[i])
    }

    /// Processes one sensor scan taken at `time_s` (s, not earlier than the previous
    /// scan): a surveillance scan, whose detections that no track takes start tentative
    /// tracks. Returns what changed.
    ///
    /// Errors (the track picture is then unchanged): a non-finite or out-of-order time,
    /// a detection probability outside `(0, 1]`, a clutter density that is not finite and
    /// positive, or a bad measurement ([`TrackingError::BadMeasurement`] names it).
    pub fn process_scan(&mut self, time_s: f64, scan: &SensorScan<'_>) -> Result<ScanReport> {
        self.scan(time_s, scan, true)
    }

    /// As [`Tracker::process_scan`], for a sensor that only maintains confirmed tracks
    /// (e.g. an engagement radar on its assigned targets): tentative tracks are treated as
    /// outside its coverage (a precise, frequent dwell must not confirm a duplicate of the
    /// track it was pointed at), and detections no confirmed track takes are dropped
    /// instead of starting tracks.
    pub fn maintain_scan(&mut self, time_s: f64, scan: &SensorScan<'_>) -> Result<ScanReport> {
        self.scan(time_s, scan, false)
    }

    /// The scan cycle; `initiate` says whether unused detections start tracks.
    fn scan(&mut self, time_s: f64, scan: &SensorScan<'_>, initiate: bool) -> Result<ScanReport> {
        if !time_s.is_finite() {
            return Err(TrackingError::NonFinite {
                what: "scan time",
                value: time_s,
            });
        }
        if time_s < self.time_s {
            return Err(TrackingError::OutOfOrder {
                time_s,
                current_s: self.time_s,
            });
        }
        let pd = scan.detection_probability;
        if !(pd > 0.0 && pd <= 1.0) {
            return Err(TrackingError::OutOfRange {
                what: "detection probability",
                bound: "in (0, 1]",
                value: pd,
            });
        }
        let density = scan.clutter_density;
        if !(density.is_finite() && density > 0.0) {
            return Err(TrackingError::OutOfRange {
                what: "clutter density",
                bound: "finite and > 0",
                value: density,
            });
        }
        self.prepare(scan)?;
        self.time_s = time_s;
        let terms = ScanTerms {
            log_detect_ratio: pd.ln() - (1.0 - pd * self.config.gate_probability).ln(),
        };
        let existing = self.tracks.len();
        self.predict_covered(time_s, &scan.coverage, initiate);

        let confirmed_method = self.config.association;
        self.associate_stage(confirmed_method, terms);
        // The confirmed stage changes no tentative track's outcome, so the tentative list
        // taken while predicting is still the tentative stage.
        std::mem::swap(&mut self.work.stage, &mut self.work.tentative);
        self.associate_stage(Association::Gnn, terms);

        let mut report = self.empty_report(time_s, scan.sensor_id, initiate);
        self.manage(existing, time_s, scan.sensor_id, &mut report);
        if initiate {
            self.births(time_s, scan.sensor_id, &mut report);
        }
        Ok(report)
    }

    /// The scan's report with its lists sized for what association decided, so that they
    /// are not grown by reallocation one doubling at a time (a demo scan's ~20 births and
    /// ~40 misses cost several reallocations per list). A scan rarely confirms a track or
    /// deletes one that did not miss, so `confirmed` starts empty and `deleted` is sized
    /// for the tracks that missed; they grow if needed.
    fn empty_report(&self, time_s: f64, sensor_id: u32, initiate: bool) -> ScanReport {
        let w = &self.work;
        let count = |o: Outcome| w.outcome.iter().filter(|&&x| x == o).count();
        let (hits, missed) = (count(Outcome::Hit), count(Outcome::Missed));
        let births = if initiate {
            w.used.iter().filter(|&&u| !u).count()
        } else {
            0
        };
        ScanReport {
            time_s,
            sensor_id,
            updated: Vec::with_capacity(hits),
            missed: Vec::with_capacity(missed),
            born: Vec::with_capacity(births),
            confirmed: Vec::new(),
            deleted: Vec::with_capacity(missed),
            detections: Vec::with_capacity(hits + births),
        }
    }

    /// Validates and resolves the scan's measurements into `work.prepared`.
    fn prepare(&mut self, scan: &SensorScan<'_>) -> Result<()> {
        let planar = self.config.space == Space::Planar;
        let ln_density = scan.clutter_density.ln();
        let prepared = &mut self.work.prepared;
        prepared.clear();
        for (index, m) in scan.measurements.iter().enumerate() {
            let p =
                prepare_one(m, planar, ln_density).map_err(|e| TrackingError::BadMeasurement {
                    index,
                    source: Box::new(e),
                })?;
            prepared.push(p);
        }
        self.work.used.clear();
        self.work.used.resize(prepared.len(), false);
        Ok(())
    }

    /// Predicts every covered track to `time_s`, sets each track's outcome, and lists the
    /// covered confirmed tracks in `work.stage` and the covered tentative ones in
    /// `work.tentative`; without `tentative`, only confirmed tracks are covered.
    fn predict_covered(&mut self, time_s: f64, coverage: &Coverage<'_>, tentative: bool) {
        let w = &mut self.work;
        w.outcome.clear();
        w.stage.clear();
        w.tentative.clear();
        w.taken.clear();
        w.taken.resize(self.tracks.len(), usize::MAX);
        for (i, track) in self.tracks.iter_mut().enumerate() {
            let dt = time_s - track.time_s;
            let expected = track.filter.position() + track.filter.velocity() * dt;
            let o = if !(tentative || track.status == TrackStatus::Confirmed)
                || !coverage.contains(&expected)
            {
                Outcome::NotCovered
            } else if track.filter.predict(dt).is_ok() {
                track.time_s = time_s;
                match track.status {
                    TrackStatus::Confirmed => w.stage.push(i),
                    TrackStatus::Tentative => w.tentative.push(i),
                }
                Outcome::Missed
            } else {
                Outcome::Diverged
            };
            w.outcome.push(o);
        }
    }

    /// Gates and associates the tracks listed in `work.stage` with the unused detections.
    fn associate_stage(&mut self, method: Association, terms: ScanTerms) {
        let w = &mut self.work;
        if w.stage.is_empty() || w.used.iter().all(|&u| u) {
            return;
        }
        self.gate_stage(terms);
        match method {
            Association::Gnn => self.assign_gnn(),
            Association::Jpda { max_events } => self.assign_jpda(max_events),
        }
    }

    /// Fills `work.gated` with the stage's pairs inside the gate, in row order.
    fn gate_stage(&mut self, terms: ScanTerms) {
        let planar = self.config.space == Space::Planar;
        let gate = self.gate;
        let w = &mut self.work;
        let spread = w
            .prepared
            .iter()
            .zip(&w.used)
            .filter(|(_, used)| !**used)
            .map(|(p, _)| p.spread)
            .fold(0.0, f64::max);
        // Half-width of each track's gate box: |Δx| <= √(γ (P_xx + R_xx)) on the gate
        // ellipsoid, bounded by √γ (σ_track + σ_detection).
        let sqrt_gate = gate.sqrt();
        w.reach.clear();
        for &i in &w.stage {
            let p = self.tracks[i].filter.position_covariance();
            let sigma = p[(0, 0)].max(p[(1, 1)]).max(0.0).sqrt();
            w.reach.push(sqrt_gate * (sigma + spread));
        }
        let (prepared, used) = (&w.prepared, &w.used);
        w.open.clear();
        w.open.extend(
            prepared
                .iter()
                .enumerate()
                .filter(|(j, _)| !used[*j])
                .map(|(j, p)| (j as u32, p.xy)),
        );
        let indexed = w.open.len() > MAX_UNINDEXED_DETECTIONS;
        if indexed {
            // Cells about one gate across: a typical box then touches at most four cells.
            w.sorted.clear();
            w.sorted.extend_from_slice(&w.reach);
            let mid = w.sorted.len() / 2;
            let median = *w.sorted.select_nth_unstable_by(mid, f64::total_cmp).1;
            let cell = (2.0 * median).max(1e-3);
            w.grid.build(cell, w.open.iter().copied());
        }
        w.gated.clear();
        for (row, (&i, &reach)) in w.stage.iter().zip(&w.reach).enumerate() {
            let filter = &self.tracks[i].filter;
            // Everything about the track that the pairs share, once per track.
            let prior = filter.gate_prior();
            let center = filter.position();
            let p = filter.position_covariance();
            let variances = [p[(0, 0)], p[(1, 1)], p[(2, 2)]];
            let lo = [center[0] - reach, center[1] - reach];
            let hi = [center[0] + reach, center[1] + reach];
            let gated = &mut w.gated;
            let first = gated.len();
            // The box test is exact for the gate's bounding box and costs far less than an
            // innovation; most neighbours of a cell (and most detections of a scan) fail it.
            let in_box = |xy: &[f64; 2]| {
                (lo[0]..=hi[0]).contains(&xy[0]) && (lo[1]..=hi[1]).contains(&xy[1])
            };
            // The rest of the gate, for a detection inside the box.
            let mut visit = |j: u32| {
                let det = j as usize;
                let p = &prepared[det];
                if surely_outside_gate(&p.measurement, &center, &variances, gate) {
                    return;
                }
                if let Ok(innovation) = prior.innovation(&p.measurement) {
                    let nis = innovation.nis();
                    if nis > gate {
                        return;
                    }
                    let log_likelihood = pair_log_likelihood(&innovation, planar);
                    let log_weight = terms.log_detect_ratio + log_likelihood - p.ln_density;
                    if log_weight.is_finite() {
                        gated.push(Gated {
                            row,
                            det,
                            // Far inside the assignment solver's cost range, so the
                            // association problem is always valid.
                            log_weight: log_weight.clamp(-MAX_LOG_WEIGHT, MAX_LOG_WEIGHT),
                        });
                    }
                }
            };
            if indexed {
                w.grid.query(lo, hi, |j| {
                    if in_box(&prepared[j as usize].xy) {
                        visit(j);
                    }
                });
                // Grid order depends on cell layout; sort each row's pairs by detection so
                // the problem handed to the solver is the same whatever the cell size (and
                // as without the grid).
                gated[first..].sort_unstable_by_key(|g| g.det);
            } else {
                // Few detections: testing each one's box costs less than building and
                // querying the grid, and visits them in increasing index order. The box
                // test admits exactly the same pairs either way.
                for (j, xy) in &w.open {
                    if in_box(xy) {
                        visit(*j);
                    }
                }
            }
        }
    }

    /// GNN: the assignment of maximum total log-likelihood ratio, each track taking at
    /// most one detection (its private dummy column means "missed", at ratio one).
    ///
    /// A track none of whose gated detections is gated by another track decides alone:
    /// it takes its best detection if that beats a miss. Only the contested tracks go to
    /// the assignment solver (most tracks are uncontested in practice, and the solver's
    /// set-up costs more than their decision).
    fn assign_gnn(&mut self) {
        let w = &mut self.work;
        let n_det = w.prepared.len();
        let rows = w.stage.len();
        w.det_count.clear();
        w.det_count.resize(n_det, 0);
        for g in &w.gated {
            w.det_count[g.det] = w.det_count[g.det].saturating_add(1);
        }
        // Each row's best pair, and the contested rows numbered in row order.
        w.best.clear();
        w.best.resize(rows, usize::MAX);
        w.local.clear();
        w.local.resize(rows, usize::MAX);
        w.contested.clear();
        for (e, g) in w.gated.iter().enumerate() {
            let best = w.best[g.row];
            if best == usize::MAX || g.log_weight > w.gated[best].log_weight {
                w.best[g.row] = e;
            }
            if w.det_count[g.det] > 1 && w.local[g.row] == usize::MAX {
                w.local[g.row] = w.contested.len();
                w.contested.push(g.row);
            }
        }
        w.choice.clear();
        for r in 0..rows {
            let best = w.best[r];
            if w.local[r] == usize::MAX && best != usize::MAX && w.gated[best].log_weight > 0.0 {
                w.choice.push((r, w.gated[best].det));
            }
        }
        if !w.contested.is_empty() {
            let k = w.contested.len();
            w.entries.clear();
            w.entries.extend(
                w.gated
                    .iter()
                    .filter(|g| w.local[g.row] != usize::MAX)
                    .map(|g| (w.local[g.row], g.det, -g.log_weight)),
            );
            w.entries.extend((0..k).map(|l| (l, n_det + l, 0.0)));
            // Every row has its own dummy column and every cost is finite and within
            // the solver's range, so the problem is always valid and feasible.
            if let Ok(assignment) =
                w.solver
                    .solve_sparse(k, n_det + k, &w.entries, Sense::Minimize, Cardinality::Full)
            {
                w.choice.extend(
                    assignment
                        .pairs()
                        .filter(|&(_, col)| col < n_det)
                        .map(|(l, col)| (w.contested[l], col)),
                );
            }
        }
        for &(row, col) in &w.choice {
            let i = w.stage[row];
            if self.tracks[i]
                .filter
                .update(&w.prepared[col].measurement)
                .is_ok()
            {
                w.outcome[i] = Outcome::Hit;
                w.taken[i] = col;
                w.used[col] = true;
            }
        }
    }

    /// JPDA: clusters of tracks linked by shared gated detections, marginal association
    /// probabilities per cluster, and the probability-weighted mixture update.
    fn assign_jpda(&mut self, max_events: usize) {
        let w = &mut self.work;
        let rows = w.stage.len();
        let n_det = w.prepared.len();
        // Union-find over rows: two rows that gate the same detection share a cluster.
        w.parent.clear();
        w.parent.extend(0..rows);
        w.det_owner.clear();
        w.det_owner.resize(n_det, usize::MAX);
        for g in &w.gated {
            let owner = w.det_owner[g.det];
            if owner == usize::MAX {
                w.det_owner[g.det] = g.row;
            } else {
                union(&mut w.parent, owner, g.row);
            }
        }
        w.order.clear();
        for r in 0..rows {
            let root = find(&mut w.parent, r);
            w.order.push((root, r));
        }
        w.order.sort_unstable();
        // Start of each row's pairs in `gated` (rows are contiguous and in order).
        let row_first = &mut w.row_first;
        row_first.clear();
        row_first.resize(rows + 1, w.gated.len());
        for (e, g) in w.gated.iter().enumerate().rev() {
            row_first[g.row] = e;
        }
        for r in (0..rows).rev() {
            row_first[r] = row_first[r].min(row_first[r + 1]);
        }
        w.local_col.clear();
        w.local_col.resize(n_det, usize::MAX);
        let mut start = 0;
        while start < w.order.len() {
            let root = w.order[start].0;
            let mut end = start;
            while end < w.order.len() && w.order[end].0 == root {
                end += 1;
            }
            let cluster = start..end;
            start = end;
            w.edges.clear();
            w.edge_det.clear();
            let mut cols = 0;
            for (local_row, k) in cluster.clone().enumerate() {
                let r = w.order[k].1;
                for g in &w.gated[row_first[r]..row_first[r + 1]] {
                    if w.local_col[g.det] == usize::MAX {
                        w.local_col[g.det] = cols;
                        cols += 1;
                    }
                    w.edges.push(Edge {
                        row: local_row,
                        col: w.local_col[g.det],
                        weight: g.log_weight.min(MAX_WEIGHT.ln()).exp(),
                    });
                    w.edge_det.push(g.det);
                }
            }
            if w.edges.is_empty() {
                continue;
            }
            let n_rows = cluster.len();
            w.beta.clear();
            w.beta.resize(w.edges.len(), 0.0);
            w.missed.clear();
            w.missed.resize(n_rows, 1.0);
            w.jpda.marginals(
                n_rows,
                cols,
                &w.edges,
                max_events,
                &mut w.beta,
                &mut w.missed,
            );
            let mut e = 0;
            for (local_row, k) in cluster.enumerate() {
                let i = w.stage[w.order[k].1];
                let first = e;
                while e < w.edges.len() && w.edges[e].row == local_row {
                    e += 1;
                }
                if first == e {
                    continue;
                }
                let filter = &mut self.tracks[i].filter;
                w.parts.clear();
                let mut missed = w.missed[local_row];
                let mut likeliest = (0.0, usize::MAX);
                for edge in first..e {
                    let beta = w.beta[edge];
                    if beta > likeliest.0 {
                        likeliest = (beta, w.edge_det[edge]);
                    }
                    let mut updated = filter.clone();
                    if beta >= MIN_HYPOTHESIS_PROBABILITY
                        && updated
                            .update(&w.prepared[w.edge_det[edge]].measurement)
                            .is_ok()
                    {
                        w.parts.push((beta, updated));
                    } else {
                        missed += beta;
                    }
                }
                w.parts.push((missed, filter.clone()));
                if let Some(mixed) = filter.mixture(&w.parts) {
                    *filter = mixed;
                }
                if missed < 0.5 {
                    w.outcome[i] = Outcome::Hit;
                    w.taken[i] = likeliest.1;
                }
            }
            for &det in &w.edge_det {
                w.local_col[det] = usize::MAX;
                // A detection inside a confirmed track's gate belongs to that track's
                // picture; it does not start a new track.
                w.used[det] = true;
            }
        }
    }

    /// Records hits and misses, confirms, and deletes, for the tracks that existed before
    /// the scan (the first `existing`).
    fn manage(&mut self, existing: usize, time_s: f64, sensor_id: u32, report: &mut ScanReport) {
        let c = self.config;
        let outcome = &self.work.outcome;
        let keep = &mut self.work.keep;
        keep.clear();
        for ((track, &o), &taken) in self.tracks[..existing]
            .iter_mut()
            .zip(outcome)
            .zip(&self.work.taken)
        {
            let mut reason = None;
            // Whether this scan counts for the track at all (see `Track::charges`).
            let charged = match o {
                Outcome::NotCovered => false,
                Outcome::Missed => track.charges(sensor_id),
                Outcome::Hit | Outcome::Diverged => true,
            };
            match o {
                Outcome::NotCovered => {}
                Outcome::Hit => {
                    track.hits += 1;
                    track.opportunities += 1;
                    track.history = (track.history << 1) | 1;
                    track.consecutive_misses = 0;
                    track.seen_by.hit(sensor_id);
                    track.last_update_s = time_s;
                    track.last_sensor = sensor_id;
                    report.updated.push(track.id);
                    report.detections.push((track.id, taken));
                }
                Outcome::Missed if !charged => {}
                Outcome::Missed => {
                    track.opportunities += 1;
                    track.history <<= 1;
                    track.consecutive_misses = match track.status {
                        TrackStatus::Tentative => track.consecutive_misses + 1,
                        TrackStatus::Confirmed => track.seen_by.miss(sensor_id),
                    };
                    report.missed.push(track.id);
                }
                Outcome::Diverged => reason = Some(DeletionReason::Diverged),
            }
            if reason.is_none() && charged {
                reason = match track.status {
                    TrackStatus::Tentative if track.hits >= c.confirm_hits => {
                        track.status = TrackStatus::Confirmed;
                        track.confirmed_s = Some(time_s);
                        report.confirmed.push(track.id);
                        None
                    }
                    TrackStatus::Tentative
                        if track.consecutive_misses >= c.tentative_max_misses =>
                    {
                        Some(DeletionReason::Misses)
                    }
                    TrackStatus::Tentative if track.opportunities >= c.confirm_window => {
                        Some(DeletionReason::NotConfirmed)
                    }
                    TrackStatus::Confirmed
                        if track.consecutive_misses >= c.confirmed_max_misses =>
                    {
                        Some(DeletionReason::Misses)
                    }
                    _ => None,
                };
            }
            if reason.is_none() && c.max_position_std_m.is_finite() {
                let p = track.filter.position_covariance();
                let largest = p[(0, 0)].max(p[(1, 1)]).max(p[(2, 2)]);
                if largest > c.max_position_std_m * c.max_position_std_m {
                    reason = Some(DeletionReason::Covariance);
                }
            }
            if reason.is_none() && time_s - track.last_update_s > c.max_coast_s {
                reason = Some(DeletionReason::Coasting);
            }
            if let Some(r) = reason {
                report.deleted.push((track.id, r));
            }
            keep.push(reason.is_none());
        }
        let mut index = 0;
        self.tracks.retain(|_| {
            let k = keep.get(index).copied().unwrap_or(true);
            index += 1;
            k
        });
    }

    /// Starts a tentative track on every detection no track took. A detection whose
    /// Cartesian covariance is degenerate (e.g. a zero range) cannot start one and is
    /// skipped.
    fn births(&mut self, time_s: f64, sensor_id: u32, report: &mut ScanReport) {
        let w = &self.work;
        for (j, p) in w.prepared.iter().enumerate().filter(|&(j, _)| !w.used[j]) {
            let Ok(filter) = cartesian(&p.measurement)
                .and_then(|(position, cov)| self.config.new_filter(&position, &cov))
            else {
                continue;
            };
            let id = TrackId(self.next_id);
            self.next_id += 1;
            let confirmed = self.config.confirm_hits <= 1;
            self.tracks.push(Track {
                id,
                status: if confirmed {
                    TrackStatus::Confirmed
                } else {
                    TrackStatus::Tentative
                },
                filter,
                time_s,
                born_s: time_s,
                last_update_s: time_s,
                confirmed_s: confirmed.then_some(time_s),
                last_sensor: sensor_id,
                hits: 1,
                opportunities: 1,
                consecutive_misses: 0,
                seen_by: SeenBy::first(sensor_id),
                history: 1,
                quality_window: self.config.quality_window,
            });
            report.born.push(id);
            report.detections.push((id, j));
            if confirmed {
                report.confirmed.push(id);
            }
        }
    }
}

/// Gaussian log-likelihood of a pair; in the planar space without the (zero) vertical
/// component, whose innovation covariance block is decoupled. (The NIS needs no such
/// correction: ν_z = 0 and S is block-diagonal, so it is already the 2-D one.) Only pairs
/// inside the gate need it, which spares the logarithms of the others.
fn pair_log_likelihood(innovation: &Innovation<3>, planar: bool) -> f64 {
    let mut log_likelihood = innovation.log_likelihood();
    if planar {
        // The density factors as N₂(ν_xy; S_xy)·N(0; S_zz): remove the second factor.
        log_likelihood += 0.5 * (innovation.covariance()[(2, 2)].ln() + LN_2PI);
    }
    log_likelihood
}

/// Whether a position measurement is certainly outside a track's gate, decided without its
/// innovation: inside the gate ellipsoid `νᵀ S⁻¹ ν ≤ γ` every component obeys
/// `ν_i² ≤ γ S_ii`, and for a position measurement `S_ii = P_ii + R_ii` (`variances` holds
/// the track's `P_ii`). The pair is only skipped when a component exceeds that bound by
/// [`MARGINAL_GATE_MARGIN`], so every skipped pair is one whose computed NIS fails the gate
/// anyway, and gating results do not change. A range/azimuth/elevation
/// measurement for the EKF is never skipped here.
fn surely_outside_gate(
    m: &Measurement,
    center: &Vector3<f64>,
    variances: &[f64; 3],
    gate: f64,
) -> bool {
    let Measurement::Position { value, sensor } = m else {
        return false;
    };
    let r = crate::measurement::MeasurementModel::noise(sensor);
    (0..3).any(|i| {
        let d = value[i] - center[i];
        d * d > MARGINAL_GATE_MARGIN * gate * (variances[i] + r[(i, i)])
    })
}

/// Validates and resolves one measurement.
fn prepare_one(m: &Measurement, planar: bool, ln_density: f64) -> Result<Prepared> {
    match *m {
        Measurement::Position { value, sensor } => {
            for &v in value.iter().take(if planar { 2 } else { 3 }) {
                crate::error::finite("measured position", v)?;
            }
            let (value, sensor) = if planar {
                (Vector3::new(value[0], value[1], 0.0), sensor.planar())
            } else {
                (value, sensor)
            };
            let r = crate::measurement::MeasurementModel::noise(&sensor);
            Ok(Prepared {
                measurement: Measurement::Position { value, sensor },
                xy: [value[0], value[1]],
                spread: r[(0, 0)].max(r[(1, 1)]).sqrt(),
                ln_density,
            })
        }
        Measurement::Rae { .. } if planar => Err(TrackingError::UnsupportedMeasurement {
            reason: "the planar tracker takes position measurements only",
        }),
        Measurement::Rae {
            value,
            sensor,
            processing: RaeProcessing::Converted,
        } => {
            let (position, model) = sensor.convert_debiased(&value)?;
            let r = crate::measurement::MeasurementModel::noise(&model);
            // The density transforms with the Jacobian of the spherical-to-Cartesian map,
            // |∂(e, n, u)/∂(r, az, el)| = r² cos(el).
            let jacobian = (value[0] * value[0] * value[2].cos()).max(f64::MIN_POSITIVE);
            Ok(Prepared {
                measurement: Measurement::Position {
                    value: position,
                    sensor: model,
                },
                xy: [position[0], position[1]],
                spread: r[(0, 0)].max(r[(1, 1)]).sqrt(),
                ln_density: ln_density - jacobian.ln(),
            })
        }
        Measurement::Rae {
            value,
            sensor,
            processing: RaeProcessing::Extended,
        } => {
            let position = sensor.to_position(&value)?;
            let s = sensor.sigma();
            let r = value[0];
            let spread = (s[0] * s[0] + r * r * (s[1] * s[1] + s[2] * s[2])).sqrt();
            Ok(Prepared {
                measurement: *m,
                xy: [position[0], position[1]],
                spread: RAE_INDEX_MARGIN * spread,
                ln_density,
            })
        }
    }
}

/// Cartesian position and covariance of a prepared measurement, to start a track on.
fn cartesian(m: &Measurement) -> Result<(Vector3<f64>, Matrix3<f64>)> {
    match *m {
        Measurement::Position { value, sensor } => {
            Ok((value, *crate::measurement::MeasurementModel::noise(&sensor)))
        }
        Measurement::Rae { value, sensor, .. } => {
            let (position, model) = sensor.convert_debiased(&value)?;
            Ok((
                position,
                *crate::measurement::MeasurementModel::noise(&model),
            ))
        }
    }
}

/// Union-find root with path halving.
fn find(parent: &mut [usize], mut x: usize) -> usize {
    while parent[x] != x {
        parent[x] = parent[parent[x]];
        x = parent[x];
    }
    x
}

/// Joins the sets of `a` and `b` (the smaller root becomes the parent, so roots, and with
/// them cluster order, do not depend on the order of unions).
fn union(parent: &mut [usize], a: usize, b: usize) {
    let (ra, rb) = (find(parent, a), find(parent, b));
    if ra != rb {
        let (lo, hi) = if ra < rb { (ra, rb) } else { (rb, ra) };
        parent[hi] = lo;
    }
}
