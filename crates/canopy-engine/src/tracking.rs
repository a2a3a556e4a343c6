//! The track picture: central, measurement-level fusion of every radar's
//! search reports, and of the engagement radars' tracking dwells on their
//! assigned targets, into one set of tracks, in a local frame at the first
//! air defence unit. Command and control reads these tracks, never truth.
//!
//! Beside the picture, and apart from it, the fusion centre keeps which
//! threat each track is following: the origin (truth) of the last threat
//! detection the track took. The engine uses that link for its accounting
//! and to point seekers and engagement radars at a real threat; the
//! tracker and command and control never see it.
//!
//! Each report is converted in its own radar's frame with the debiased
//! range/azimuth/elevation conversion (Longbin / Bar-Shalom), then rotated
//! with its covariance into the tracking frame, so radars at different sites
//! fuse without any flat-earth approximation.

use crate::event::{Event, TrackReport};
use canopy_core::SimTime;
use canopy_core::geo::{Ecef, Enu, LocalFrame};
use canopy_sensors::horizon::{EARTH_RADIUS_M, EarthModel};
use canopy_sensors::radar::{AzimuthSector, RadarParams};
use canopy_tracking::metrics::{GospaConfig, RunScore, Step, score_run};
use canopy_tracking::{
    CartesianPosition, CellHasher, Coverage, Measurement, MeasurementModel, MotionConfig,
    RangeAzEl, ScanReport, SensorScan, TrackId, Tracker, TrackerConfig,
};
use nalgebra::{Matrix3, Vector3};
use std::collections::HashMap;
use std::f64::consts::{FRAC_PI_2, PI};
use std::hash::BuildHasherDefault;

/// A radar report handed to the tracker: what the radar measured and how
/// noisy it says it is, nothing else.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Report {
    pub range_m: f64,
    pub azimuth_rad: f64,
    pub elevation_rad: f64,
    pub sigma_range_m: f64,
    pub sigma_azimuth_rad: f64,
    pub sigma_elevation_rad: f64,
}

/// Where one radar sits relative to the tracking frame, and what it sees.
pub(crate) struct SensorGeometry {
    /// Antenna position in the tracking frame.
    pub origin: Vector3<f64>,
    /// Rotation from the radar's ENU axes to the tracking frame's.
    pub rotation: Matrix3<f64>,
    /// Instrumented range (m).
    pub max_range_m: f64,
    /// False reports per m³ per scan.
    pub clutter_density: f64,
    /// The azimuth sector the radar searches, widened by
    /// [`SECTOR_MARGIN_RAD`] each side; `None` for 360°.
    sector: Option<AzimuthSector>,
    /// Sine of the highest elevation the radar searches plus
    /// [`SECTOR_MARGIN_RAD`]; `None` when that reaches the zenith.
    max_elevation_sin: Option<f64>,
    /// Antenna height above the ellipsoid (m).
    antenna_alt_m: f64,
    /// Centre of the sphere (radius [`EARTH_RADIUS_M`]) tangent to the
    /// ellipsoid at the tracking frame's origin, in the tracking frame: the
    /// altitude of a tracking-frame point is its distance from here minus
    /// the radius (to ~100 m over 400 km, plenty for a horizon test).
    earth_centre: Vector3<f64>,
}

impl SensorGeometry {
    /// The geometry of a radar whose antenna frame is `radar`.
    pub fn new(
        track: &LocalFrame,
        radar: &LocalFrame,
        params: &RadarParams,
        clutter_density: f64,
    ) -> Self {
        let axis = |i: usize| {
            let mut e = Vector3::zeros();
            e[i] = 1.0;
            track.vec_to_enu(&radar.vec_to_ecef(&e))
        };
        let frame_alt = track.origin().to_geodetic().alt_m;
        SensorGeometry {
            origin: track.to_enu(&radar.origin()).0,
            rotation: Matrix3::from_columns(&[axis(0), axis(1), axis(2)]),
            max_range_m: params.instrumented_range_m,
            clutter_density,
            sector: params.sector.map(|s| AzimuthSector {
                center_rad: s.center_rad,
                half_width_rad: (s.half_width_rad + SECTOR_MARGIN_RAD).min(PI),
            }),
            max_elevation_sin: Some(params.max_elevation_rad + SECTOR_MARGIN_RAD)
                .filter(|&e| e < FRAC_PI_2)
                .map(f64::sin),
            antenna_alt_m: radar.origin().to_geodetic().alt_m.max(0.0),
            earth_centre: Vector3::new(0.0, 0.0, -(EARTH_RADIUS_M + frame_alt)),
        }
    }

    /// Whether a point (tracking frame) is where this radar could report a
    /// target: within its instrumented range, azimuth sector and elevation
    /// limit and above its radar horizon (4/3 earth), or below the ground. A
    /// track a radar cannot see is not charged a miss by its scan: with
    /// several sites, a low flyer seen by one radar is below the horizon of
    /// the others, and a sector radar facing west never sees the east.
    fn covers(&self, p: &Vector3<f64>) -> bool {
        let d = p - self.origin;
        let slant = d.norm();
        if slant > self.max_range_m {
            return false;
        }
        // The radar's own ENU axes: `rotation` is orthonormal.
        let enu = self.rotation.transpose() * d;
        if self.sector.is_some_and(|s| !s.contains(enu.x.atan2(enu.y))) {
            return false;
        }
        if self.max_elevation_sin.is_some_and(|s| enu.z > slant * s) {
            return false;
        }
        let alt = (p - self.earth_centre).norm() - EARTH_RADIUS_M;
        // A track below the ground holds no target (clutter at negative
        // elevation): keep charging it misses so it dies.
        alt < 0.0
            || EarthModel::default()
                .horizon_slant_range(self.antenna_alt_m, alt + HORIZON_MARGIN_M)
                .is_ok_and(|h| slant <= h)
    }
}

/// A track counts as above a radar's horizon if it would be with this much
/// more altitude (m). Coverage decides both which tracks a scan's reports
/// may update and which are charged a miss; a track estimated just below
/// the horizon (its altitude error at long range is hundreds of metres)
/// must still take its target's reports, or they start a duplicate.
const HORIZON_MARGIN_M: f64 = 1_000.0;

/// Angular margin of a sector radar's coverage for the tracker (rad): a
/// track estimated just outside the sector edge must still take its
/// target's reports, for the same reason as [`HORIZON_MARGIN_M`].
const SECTOR_MARGIN_RAD: f64 = 2.0 * PI / 180.0;

/// Tracker settings for air-defence targets, in one place.
///
/// The process noise (q = 40 m²/s³ per axis) lets a constant-velocity filter
/// follow a 4 g turn and a ballistic arc between 2 s revisits; the initial
/// velocity spread (1 500 m/s) lets a second report of a 3 km/s ballistic
/// missile fall inside the gate of the track its first report started.
fn tracker_config() -> TrackerConfig {
    TrackerConfig {
        motion: MotionConfig::ConstantVelocity { q: [40.0; 3] },
        initial_velocity_std_mps: 1_500.0,
        max_coast_s: 30.0,
        ..TrackerConfig::default()
    }
}

/// Probability a target inside a radar's coverage is reported, as the tracker
/// assumes it (the true Pd varies with range and RCS; 0.9 is a planning value).
const ASSUMED_PD: f64 = 0.9;

/// Extent of a tracking dwell's cell, in measurement standard deviations
/// (its largest, range or cross-range): a track predicted farther than this
/// from the dwell's measurement is not in the cell.
const DWELL_SIGMAS: f64 = 6.0;

/// GOSPA cut-off for the track-picture score: radar angle errors at hundreds
/// of kilometres are kilometres, so a 100 m cut-off would call every
/// long-range track false.
pub const GOSPA_CUTOFF_M: f64 = 2_000.0;

/// The fusion centre of one run.
pub(crate) struct Tracking {
    tracker: Tracker,
    frame: LocalFrame,
    sensors: Vec<SensorGeometry>,
    steps: Vec<Step<3>>,
    measurements: Vec<Measurement>,
    /// The threat each of `measurements` came from (`None`: a false alarm).
    origins: Vec<Option<u32>>,
    /// The threat each track is following (see the module docs); a track
    /// that never took a threat's detection has no entry.
    links: HashMap<TrackId, u32, BuildHasherDefault<CellHasher>>,
}

impl Tracking {
    pub fn new(frame: LocalFrame, sensors: Vec<SensorGeometry>) -> Tracking {
        Tracking {
            // The configuration is a constant checked by the engine tests.
            tracker: Tracker::new(tracker_config()).expect("valid tracker configuration"),
            frame,
            sensors,
            steps: Vec::new(),
            measurements: Vec::new(),
            origins: Vec::new(),
            links: HashMap::default(),
        }
    }

    /// The threat track `id` is following: the origin of the last threat
    /// detection it took. Truth, for the engine only.
    pub fn origin(&self, id: TrackId) -> Option<u32> {
        self.links.get(&id).copied()
    }

    /// Follows a scan's effect on the links: each track takes the origin of
    /// the detection it took, if that was a threat's (a false alarm in a
    /// track's gate does not make it follow nothing), and deleted tracks
    /// drop theirs.
    fn relink(&mut self, report: &ScanReport) {
        for &(id, j) in &report.detections {
            if let Some(Some(threat)) = self.origins.get(j) {
                self.links.insert(id, *threat);
            }
        }
        for (id, _) in &report.deleted {
            self.links.remove(id);
        }
    }

    /// The tracker, for command and control to read the picture (engagement
    /// hook: C2 reads estimates only, never truth).
    pub fn tracker(&self) -> &Tracker {
        &self.tracker
    }

    /// One report of radar `sensor` as a position measurement in the
    /// tracking frame. A report the conversion rejects (degenerate geometry,
    /// e.g. straight overhead) is dropped, as a real tracker would.
    fn convert(&self, sensor: usize, r: &Report) -> Option<Measurement> {
        let g = &self.sensors[sensor];
        let model = RangeAzEl::new(
            Vector3::zeros(),
            r.sigma_range_m,
            r.sigma_azimuth_rad,
            r.sigma_elevation_rad,
        )
        .ok()?;
        let (p, cart) = model
            .convert_debiased(&Vector3::new(r.range_m, r.azimuth_rad, r.elevation_rad))
            .ok()?;
        let noise = g.rotation * cart.noise() * g.rotation.transpose();
        let sensor = CartesianPosition::new(0.5 * (noise + noise.transpose())).ok()?;
        Some(Measurement::Position {
            value: g.origin + g.rotation * p,
            sensor,
        })
    }

    /// Feeds one radar's search scan (possibly empty: an empty scan is
    /// evidence of absence for tracks in its coverage).
    pub fn process(&mut self, time: SimTime, sensor: usize, reports: &[(Report, Option<u32>)]) {
        self.measurements.clear();
        self.origins.clear();
        for (r, origin) in reports {
            if let Some(m) = self.convert(sensor, r) {
                self.measurements.push(m);
                self.origins.push(*origin);
            }
        }
        let g = &self.sensors[sensor];
        let scan = SensorScan {
            sensor_id: sensor as u32,
            measurements: &self.measurements,
            detection_probability: ASSUMED_PD,
            clutter_density: g.clutter_density,
            coverage: Coverage::Custom(&|p| g.covers(p)),
        };
        // The tracker rejects only malformed input, which the conversion above
        // cannot produce; a failed scan leaves the picture unchanged.
        if let Ok(report) = self.tracker.process_scan(time.as_secs_f64(), &scan) {
            self.relink(&report);
        }
    }

    /// Feeds one detection of an engagement radar's tracking dwell: it
    /// updates the confirmed track it falls in and never starts a track.
    /// The dwell covers only the resolution cell around its measurement
    /// ([`DWELL_SIGMAS`] standard deviations): a neighbouring threat of the
    /// same raid, a few hundred metres away, is not in it and is not charged
    /// a miss.
    pub fn maintain(&mut self, time: SimTime, sensor: usize, report: &Report, origin: u32) {
        let Some(m) = self.convert(sensor, report) else {
            return;
        };
        let Measurement::Position { value, .. } = &m else {
            return;
        };
        let centre = *value;
        let cross = report.range_m * report.sigma_azimuth_rad.max(report.sigma_elevation_rad);
        let reach = DWELL_SIGMAS * report.sigma_range_m.max(cross);
        let beam = |p: &Vector3<f64>| (p - centre).norm() <= reach;
        let measurements = [m];
        self.origins.clear();
        self.origins.push(Some(origin));
        let scan = SensorScan {
            sensor_id: sensor as u32,
            measurements: &measurements,
            detection_probability: ASSUMED_PD,
            clutter_density: self.sensors[sensor].clutter_density,
            coverage: Coverage::Custom(&beam),
        };
        // As in `process`: only malformed input fails, which cannot happen.
        if let Ok(report) = self.tracker.maintain_scan(time.as_secs_f64(), &scan) {
            self.relink(&report);
        }
    }

    /// Emits every track's estimate at `time` and stores the confirmed ones
    /// against `truth` (threat index, true position) for the end-of-run score.
    pub fn record(&mut self, time: SimTime, truth: &[(u32, Ecef)], sink: &mut dyn crate::Sink) {
        let t = time.as_secs_f64();
        let mut step = Step {
            time_s: t,
            truth: truth
                .iter()
                .map(|(i, p)| {
                    let e = self.frame.to_enu(p).0;
                    (i64::from(*i), [e.x, e.y, e.z])
                })
                .collect(),
            tracks: Vec::new(),
        };
        for track in self.tracker.tracks() {
            let Ok(s) = track.predict_to(t) else { continue };
            let p = s.position;
            if track.is_confirmed() {
                step.tracks.push((track.id().0 as i64, [p.x, p.y, p.z]));
            }
            sink.event(&Event::Track(TrackReport {
                time,
                id: track.id().0,
                confirmed: track.is_confirmed(),
                position: self.frame.to_ecef(&Enu(p)).to_geodetic(),
                velocity_enu: [s.velocity.x, s.velocity.y, s.velocity.z],
                position_sigma_m: s.position_covariance().trace().max(0.0).sqrt(),
                quality: track.quality(),
            }));
        }
        self.steps.push(step);
    }

    /// GOSPA and continuity of the confirmed picture against truth, if any
    /// step was recorded.
    pub fn score(&self) -> Option<RunScore> {
        let config = GospaConfig {
            c: GOSPA_CUTOFF_M,
            ..GospaConfig::default()
        };
        score_run(&self.steps, &config).ok()
    }
}

#[cfg(test)]
mod tests;
