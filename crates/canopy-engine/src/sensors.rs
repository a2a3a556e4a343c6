//! Radars placed in the world: catalog types turned into sensor models, and
//! the sensing phase that turns true positions into noisy detections.

use crate::event::{Detection, Event, Sink};
use crate::tracking::Report;
use canopy_core::geo::{Geodetic, LocalFrame, enu_to_aer};
use canopy_core::{SimTime, Streams, Subsystem};
use canopy_scenario::{PlacedRadar, RadarRole, RadarType, Scenario};
pub use canopy_scenario::{antenna_position, radar_params};
use canopy_sensors::detection::Swerling;
use canopy_sensors::radar::{Measurement, Radar, RadarParams, TargetGeometry};
use core::convert::Infallible;
use rand::{Rng, TryRng};
use rand_chacha::ChaCha8Rng;

/// Handle of a radar in the world.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SensorId(pub u32);

/// Static facts about one radar, announced at the start of a run.
#[derive(Clone, Debug, PartialEq)]
pub struct SensorInfo {
    /// Handle used by later events.
    pub id: SensorId,
    /// Unique name, `<unit>/<type>` or `<unit>/bn<k>/<type>`.
    pub name: String,
    /// Catalog type name.
    pub type_name: String,
    /// Role name (`surveillance`, `low-altitude`, `engagement`).
    pub role: &'static str,
    /// Antenna position (site plus mast height).
    pub antenna: Geodetic,
}

/// The name of a radar role, as in [`SensorInfo::role`].
pub fn role_name(r: RadarRole) -> &'static str {
    match r {
        RadarRole::Surveillance => "surveillance",
        RadarRole::LowAltitude => "low-altitude",
        RadarRole::Engagement => "engagement",
    }
}

/// How a look came about.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LookMode {
    /// Part of the periodic search of the whole volume.
    Search,
    /// A dwell on a target the radar is tasked to track.
    Track,
}

impl LookMode {
    /// Name used in output tables.
    pub fn name(self) -> &'static str {
        match self {
            LookMode::Search => "search",
            LookMode::Track => "track",
        }
    }
}

/// Why a radar could not take a tracking task.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TaskError {
    /// Only engagement radars track on command.
    NotAnEngagementRadar,
    /// Every target channel is busy.
    NoFreeChannel,
}

/// A target an engagement radar has been tasked to track.
#[derive(Clone, Debug)]
struct Task {
    target: u32,
    next_look: SimTime,
    looks: u64,
}

/// Block indices of tracking looks start here, far above any search scan
/// count, so the two kinds of look never share random numbers.
const TRACK_BLOCK_BASE: u64 = 1 << 40;

/// One radar in a run.
pub(crate) struct Sensor {
    pub info: SensorInfo,
    radar: Radar,
    frame: LocalFrame,
    revisit: SimTime,
    next_scan: SimTime,
    scan: u64,
    /// Target channels (0 for radars that do not track on command).
    channels: u32,
    track_revisit: SimTime,
    tasks: Vec<Task>,
}

/// What one radar's looks of a tick produced, for the tracker and the
/// engagement timeline.
#[derive(Default)]
pub(crate) struct Looks {
    /// Reports of its search scan (true and false), each with the threat it
    /// came from (`None`: a false alarm). The origin is truth: the fusion
    /// centre keeps it beside the track picture for the engine's link from
    /// tracks to threats, and the tracker never sees it.
    pub search: Vec<(Report, Option<u32>)>,
    /// Reports of its tracking dwells, each with the threat it came from.
    pub dwells: Vec<(Report, u32)>,
    /// When each threat was first detected by any radar (kept across radars
    /// and ticks).
    pub first_detected: Vec<Option<SimTime>>,
}

/// What the sensing phase needs to know about a target.
pub(crate) struct Target {
    pub index: u32,
    pub position: canopy_core::geo::Ecef,
    pub altitude_m: f64,
    pub rcs_m2: f64,
    pub swerling: Swerling,
}

/// Builds every radar of the scenario, in unit order: unit sensors first,
/// then each battalion's engagement radar.
pub(crate) fn build(scenario: &Scenario) -> Vec<Sensor> {
    let mut out = Vec::new();
    for NamedRadar {
        name,
        radar_type: t,
        placed,
    } in scenario_radars(scenario)
    {
        // Catalog validation checks every field the sensor model checks,
        // so a failure here is a bug, not bad input.
        let radar = Radar::new(radar_params(t, placed)).unwrap_or_else(|e| {
            panic!("validated radar `{name}` rejected by the sensor model: {e}")
        });
        let antenna = antenna_position(t, placed);
        out.push(Sensor {
            info: SensorInfo {
                id: SensorId(out.len() as u32),
                name,
                type_name: t.entry.name.clone(),
                role: role_name(t.role),
                antenna,
            },
            radar,
            frame: LocalFrame::new(antenna),
            revisit: SimTime::from_secs_f64(t.revisit_s),
            next_scan: SimTime::ZERO,
            scan: 0,
            channels: if t.role == RadarRole::Engagement {
                t.target_channels
            } else {
                0
            },
            track_revisit: SimTime::from_secs_f64(t.track_revisit_s),
            tasks: Vec::new(),
        });
    }
    out
}

/// A radar placed in a scenario, with the unique name the engine gives it.
#[derive(Clone, Debug)]
pub struct NamedRadar<'a> {
    /// `<unit>/<type>` for unit sensors, `<unit>/bn<k>/<type>` for the
    /// engagement radar of battalion k (from 1).
    pub name: String,
    /// Its catalog type.
    pub radar_type: &'a RadarType,
    /// Where it stands.
    pub placed: &'a PlacedRadar,
}

/// Every radar of the scenario in the order a run builds them (and numbers
/// their [`SensorId`]s): per unit, its sensors, then each battalion's
/// engagement radar. Analysis tools use it so their names match the run's.
pub fn scenario_radars(scenario: &Scenario) -> Vec<NamedRadar<'_>> {
    let mut out = Vec::new();
    for unit in &scenario.units {
        let named = unit.sensors.iter().map(|p| (p, None)).chain(
            unit.battalions
                .iter()
                .enumerate()
                .map(|(k, b)| (&b.radar, Some(k + 1))),
        );
        for (placed, battalion) in named {
            let t = &scenario.catalog.radars[placed.radar];
            let name = match battalion {
                Some(k) => format!("{}/bn{k}/{}", unit.name, t.entry.name),
                None => format!("{}/{}", unit.name, t.entry.name),
            };
            out.push(NamedRadar {
                name,
                radar_type: t,
                placed,
            });
        }
    }
    out
}

/// What the tracker is told about a measurement.
fn report(m: &Measurement) -> Report {
    Report {
        range_m: m.range_m,
        azimuth_rad: m.azimuth_rad,
        elevation_rad: m.elevation_rad,
        sigma_range_m: m.sigmas.range_m,
        sigma_azimuth_rad: m.sigmas.azimuth_rad,
        sigma_elevation_rad: m.sigmas.elevation_rad,
    }
}

/// The entity key of a (radar, target) pair for random streams; the target
/// index `u32::MAX` is the radar's false-alarm stream.
fn key(sensor: SensorId, target: u32) -> u64 {
    (u64::from(sensor.0) << 32) | u64::from(target)
}

impl Sensor {
    /// Tasks this radar to track `target` on one of its channels, from
    /// `now` on. Tasking a target it already tracks is a no-op.
    pub(crate) fn task(&mut self, target: u32, now: SimTime) -> Result<(), TaskError> {
        if self.channels == 0 {
            return Err(TaskError::NotAnEngagementRadar);
        }
        if self.tasks.iter().any(|t| t.target == target) {
            return Ok(());
        }
        if self.tasks.len() >= self.channels as usize {
            return Err(TaskError::NoFreeChannel);
        }
        self.tasks.push(Task {
            target,
            next_look: now,
            looks: 0,
        });
        Ok(())
    }

    /// Frees the channel tracking `target`, if any.
    pub(crate) fn release(&mut self, target: u32) {
        self.tasks.retain(|t| t.target != target);
    }

    /// Channels in use.
    pub(crate) fn busy_channels(&self) -> usize {
        self.tasks.len()
    }

    /// One look at one target; emits and returns the detection, if any.
    fn look(
        &self,
        now: SimTime,
        t: &Target,
        block: u64,
        mode: LookMode,
        streams: &Streams,
        sink: &mut dyn Sink,
    ) -> Option<Measurement> {
        // Most looks of a large raid are beyond reach (below the horizon, mostly): decide
        // that from the range alone, before the angles' arctangents.
        let enu = self.frame.to_enu(&t.position);
        let range = enu.range();
        if range <= 0.0 || self.radar.out_of_reach(range, t.altitude_m) {
            return None;
        }
        let aer = enu_to_aer(&enu);
        let geometry = TargetGeometry {
            slant_range_m: aer.range_m,
            azimuth_rad: aer.az_deg.to_radians(),
            elevation_rad: aer.el_deg.to_radians(),
            altitude_m: t.altitude_m,
            rcs_m2: t.rcs_m2,
            swerling: t.swerling,
        };
        let mut rng = LazyBlock {
            streams,
            entity: key(self.info.id, t.index),
            block,
            rng: None,
        };
        // Geometry computed from valid positions always passes the sensor
        // model's input checks; an error would be a bug, so skip rather than
        // stop the run.
        let outcome = match mode {
            LookMode::Search => self.radar.search_look(&geometry, &mut rng),
            LookMode::Track => self.radar.look(&geometry, &mut rng),
        };
        let m = outcome.ok()?.detection?;
        self.emit(now, &m, Some(t.index), mode, sink);
        Some(m)
    }

    /// Runs this radar's looks due by `now`: a search scan of every target
    /// when the revisit time has come, and a dwell on each tasked target
    /// whose track revisit has come. Tasks on targets no longer flying are
    /// released.
    ///
    /// A scan is modelled as one look at every target at the same instant
    /// (the tick in which the scan starts), rather than at the moment the beam
    /// sweeps past each azimuth; with revisit periods of seconds this shifts
    /// detection times by at most one revisit.
    /// Returns whether a search scan happened; its reports (true and false)
    /// are appended to `reports` for the tracker.
    pub(crate) fn sense(
        &mut self,
        now: SimTime,
        targets: &[Target],
        streams: &Streams,
        sink: &mut dyn Sink,
        out: &mut Looks,
    ) -> bool {
        let scanned = now >= self.next_scan;
        if scanned {
            for t in targets {
                if let Some(m) = self.look(now, t, self.scan, LookMode::Search, streams, sink) {
                    out.search.push((report(&m), Some(t.index)));
                    out.first_detected[t.index as usize].get_or_insert(now);
                }
            }
            let mut rng = streams.block(Subsystem::Sensor, key(self.info.id, u32::MAX), self.scan);
            for m in self.radar.false_alarms(&mut rng) {
                self.emit(now, &m, None, LookMode::Search, sink);
                out.search.push((report(&m), None));
            }
            self.scan += 1;
            self.next_scan += self.revisit;
        }
        // Targets are sorted by index, so each task finds its target by
        // binary search.
        self.tasks.retain(|task| {
            targets
                .binary_search_by_key(&task.target, |t| t.index)
                .is_ok()
        });
        for i in 0..self.tasks.len() {
            if now < self.tasks[i].next_look {
                continue;
            }
            let task = &self.tasks[i];
            if let Ok(k) = targets.binary_search_by_key(&task.target, |t| t.index)
                && let Some(m) = self.look(
                    now,
                    &targets[k],
                    TRACK_BLOCK_BASE + task.looks,
                    LookMode::Track,
                    streams,
                    sink,
                )
            {
                out.dwells.push((report(&m), task.target));
                out.first_detected[task.target as usize].get_or_insert(now);
            }
            let task = &mut self.tasks[i];
            task.looks += 1;
            task.next_look += self.track_revisit;
        }
        scanned
    }

    /// The antenna's local frame.
    pub(crate) fn frame(&self) -> &LocalFrame {
        &self.frame
    }

    /// The radar's parameters (range, sector, elevation limits).
    pub(crate) fn params(&self) -> &RadarParams {
        self.radar.params()
    }

    /// Mean false reports per m³ of searched volume per scan, for the tracker.
    pub(crate) fn clutter_density(&self) -> f64 {
        let p = self.radar.params();
        let az = p.sector.map_or(std::f64::consts::TAU, |s| s.width_rad());
        let volume = p.instrumented_range_m.powi(3) / 3.0
            * az
            * (p.max_elevation_rad.sin() - p.min_elevation_rad.sin());
        // A floor keeps the density positive for radars configured with no
        // false alarms at all; the tracker needs a positive density.
        (self.radar.expected_false_alarms() / volume).max(1e-30)
    }

    fn emit(
        &self,
        time: SimTime,
        m: &Measurement,
        origin: Option<u32>,
        mode: LookMode,
        sink: &mut dyn Sink,
    ) {
        sink.event(&Event::Detection(Detection {
            time,
            sensor: self.info.id,
            range_m: m.range_m,
            az_deg: m.azimuth_rad.to_degrees(),
            el_deg: m.elevation_rad.to_degrees(),
            frame: &self.frame,
            snr_db: 10.0 * m.snr.max(1e-30).log10(),
            sigma_range_m: m.sigmas.range_m,
            sigma_az_deg: m.sigmas.azimuth_rad.to_degrees(),
            sigma_el_deg: m.sigmas.elevation_rad.to_degrees(),
            origin: origin.map(crate::world::ThreatId),
            mode,
        }));
    }
}

/// A look's stream block, seeded only when the look first draws. Most looks of a large raid
/// are gated (sector, elevation, range, horizon) and draw nothing, and seeding a ChaCha
/// stream costs more than those gates. Every draw comes from the same block as before, so
/// the draws, and the results, are the same.
struct LazyBlock<'a> {
    streams: &'a Streams,
    entity: u64,
    block: u64,
    rng: Option<ChaCha8Rng>,
}

impl LazyBlock<'_> {
    fn stream(&mut self) -> &mut ChaCha8Rng {
        self.rng.get_or_insert_with(|| {
            self.streams
                .block(Subsystem::Sensor, self.entity, self.block)
        })
    }
}

impl TryRng for LazyBlock<'_> {
    type Error = Infallible;

    fn try_next_u32(&mut self) -> Result<u32, Infallible> {
        Ok(self.stream().next_u32())
    }

    fn try_next_u64(&mut self) -> Result<u64, Infallible> {
        Ok(self.stream().next_u64())
    }

    fn try_fill_bytes(&mut self, dst: &mut [u8]) -> Result<(), Infallible> {
        self.stream().fill_bytes(dst);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::RngExt;

    #[test]
    fn lazy_block_draws_the_block_and_seeds_nothing_until_asked() {
        let streams = Streams::new(3, 1);
        let mut lazy = LazyBlock {
            streams: &streams,
            entity: key(SensorId(2), 7),
            block: 11,
            rng: None,
        };
        assert!(lazy.rng.is_none());
        let mut eager = streams.block(Subsystem::Sensor, key(SensorId(2), 7), 11);
        let mut a = [0u8; 5];
        let mut b = [0u8; 5];
        lazy.fill_bytes(&mut a);
        eager.fill_bytes(&mut b);
        assert_eq!(a, b);
        for _ in 0..100 {
            assert_eq!(lazy.next_u32(), eager.next_u32());
            assert_eq!(lazy.random::<f64>(), eager.random::<f64>());
        }
    }
}
