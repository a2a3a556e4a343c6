//! The track picture: central, measurement-level fusion of every radar's
//! search reports into one set of tracks, in a local frame at the first air
//! defence unit. Command and control will read these tracks, never truth.
//!
//! Each report is converted in its own radar's frame with the debiased
//! range/azimuth/elevation conversion (Longbin / Bar-Shalom), then rotated
//! with its covariance into the tracking frame, so radars at different sites
//! fuse without any flat-earth approximation.

use crate::event::{Event, TrackReport};
use canopy_core::SimTime;
use canopy_core::geo::{Ecef, Enu, LocalFrame};
use canopy_tracking::metrics::{GospaConfig, RunScore, Step, score_run};
use canopy_tracking::{
    CartesianPosition, Coverage, Measurement, MeasurementModel, MotionConfig, RangeAzEl,
    SensorScan, Tracker, TrackerConfig,
};
use nalgebra::{Matrix3, Vector3};

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
}

impl SensorGeometry {
    /// The geometry of a radar whose antenna frame is `radar`.
    pub fn new(
        track: &LocalFrame,
        radar: &LocalFrame,
        max_range_m: f64,
        clutter_density: f64,
    ) -> Self {
        let axis = |i: usize| {
            let mut e = Vector3::zeros();
            e[i] = 1.0;
            track.vec_to_enu(&radar.vec_to_ecef(&e))
        };
        SensorGeometry {
            origin: track.to_enu(&radar.origin()).0,
            rotation: Matrix3::from_columns(&[axis(0), axis(1), axis(2)]),
            max_range_m,
            clutter_density,
        }
    }
}

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
        }
    }

    /// The tracker, for command and control to read the picture (engagement
    /// hook: C2 reads estimates only, never truth).
    pub fn tracker(&self) -> &Tracker {
        &self.tracker
    }

    /// Feeds one radar's search scan (possibly empty: an empty scan is
    /// evidence of absence for tracks in its coverage).
    pub fn process(&mut self, time: SimTime, sensor: usize, reports: &[Report]) {
        let g = &self.sensors[sensor];
        self.measurements.clear();
        for r in reports {
            // A report the conversion rejects (degenerate geometry, e.g.
            // straight overhead) is dropped, as a real tracker would.
            let Ok(model) = RangeAzEl::new(
                Vector3::zeros(),
                r.sigma_range_m,
                r.sigma_azimuth_rad,
                r.sigma_elevation_rad,
            ) else {
                continue;
            };
            let Ok((p, cart)) =
                model.convert_debiased(&Vector3::new(r.range_m, r.azimuth_rad, r.elevation_rad))
            else {
                continue;
            };
            let noise = g.rotation * cart.noise() * g.rotation.transpose();
            if let Ok(sensor) = CartesianPosition::new(0.5 * (noise + noise.transpose())) {
                self.measurements.push(Measurement::Position {
                    value: g.origin + g.rotation * p,
                    sensor,
                });
            }
        }
        let scan = SensorScan {
            sensor_id: sensor as u32,
            measurements: &self.measurements,
            detection_probability: ASSUMED_PD,
            clutter_density: g.clutter_density,
            coverage: Coverage::Within {
                center: g.origin,
                max_range_m: g.max_range_m,
            },
        };
        // The tracker rejects only malformed input, which the conversion above
        // cannot produce; a failed scan leaves the picture unchanged.
        let _ = self.tracker.process_scan(time.as_secs_f64(), &scan);
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
