//! Events the engine emits, and the sink trait that receives them.

use crate::engage::LeakCause;
use crate::sensors::{LookMode, SensorId, SensorInfo};
use crate::world::ThreatId;
use canopy_core::SimTime;
use canopy_core::geo::{Aer, Geodetic, LocalFrame};

/// Static facts about one entity, announced once at the start of a run.
#[derive(Clone, Debug, PartialEq)]
pub struct EntityInfo {
    /// Handle used by later events.
    pub id: ThreatId,
    /// Unique name, `<raid>#<k>` (1-based).
    pub name: String,
    /// Catalog type name.
    pub type_name: String,
    /// Threat class name (`fighter`, `ballistic`, …).
    pub class: &'static str,
    /// Index of the raid it belongs to.
    pub raid: usize,
    /// Scheduled launch time.
    pub launch_time: SimTime,
}

/// How a threat's flight ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EndCause {
    /// Reached its target or aim point.
    Impact,
    /// Flew its whole route (aircraft).
    RouteComplete,
    /// Killed by an interceptor.
    Killed,
}

impl EndCause {
    /// Name used in output tables.
    pub fn name(self) -> &'static str {
        match self {
            EndCause::Impact => "impact",
            EndCause::RouteComplete => "route-complete",
            EndCause::Killed => "killed",
        }
    }
}

/// Something that happened in a run.
#[derive(Clone, Debug, PartialEq)]
pub enum Event<'a> {
    /// First event of every run: the entities that will take part.
    Start {
        /// Every threat, in handle order.
        entities: &'a [EntityInfo],
        /// Every radar, in handle order.
        sensors: &'a [SensorInfo],
    },
    /// A radar report, from a target or a false alarm.
    Detection(Detection<'a>),
    /// A periodic sample of one track of the fused picture.
    Track(TrackReport),
    /// A threat was launched (or entered the scenario).
    Launched {
        /// When.
        time: SimTime,
        /// Which.
        threat: ThreatId,
        /// Where.
        position: Geodetic,
    },
    /// A periodic sample of a threat's true state.
    Truth {
        /// When.
        time: SimTime,
        /// Which.
        threat: ThreatId,
        /// Where.
        position: Geodetic,
        /// Ground-truth speed, m/s.
        speed_mps: f64,
    },
    /// A threat stopped flying.
    Ended {
        /// When.
        time: SimTime,
        /// Which.
        threat: ThreatId,
        /// Why.
        cause: EndCause,
        /// Where.
        position: Geodetic,
    },
    /// The command post assigned a fire unit to a track (engagement runs
    /// only); the launches follow at once.
    Assigned {
        /// When.
        time: SimTime,
        /// Fire unit, `<unit>/bn<k>`.
        unit: &'a str,
        /// Track engaged.
        track: u64,
        /// The threat that track holds (engine-private link, for labels).
        threat: ThreatId,
        /// Rounds the weapon-target assignment gave this unit for it.
        rounds: u32,
    },
    /// An interceptor was launched (engagement runs only).
    InterceptorLaunched {
        /// When.
        time: SimTime,
        /// Launcher position (the battalion's site).
        origin: Geodetic,
        /// Index of the round in the run.
        shot: u32,
        /// Fire unit, `<unit>/bn<k>`.
        unit: &'a str,
        /// Track it is fired at.
        track: u64,
        /// The threat that track holds (engine-private link, for labels).
        threat: ThreatId,
    },
    /// An interceptor's flight ended: the intercept (or self-destruct).
    Intercept {
        /// When.
        time: SimTime,
        /// Index of the round.
        shot: u32,
        /// Its threat.
        threat: ThreatId,
        /// True miss distance, m (None if the threat was gone).
        miss_m: Option<f64>,
        /// Whether it killed the threat.
        killed: bool,
    },
    /// A periodic sample (at the truth interval) of a flying interceptor.
    InterceptorState {
        /// When.
        time: SimTime,
        /// Index of the round.
        shot: u32,
        /// Where.
        position: Geodetic,
    },
    /// Kill assessment of an engagement, the doctrine's delay after its
    /// last round ended: what the command post now believes.
    Assessed {
        /// When.
        time: SimTime,
        /// The engagement's last round.
        shot: u32,
        /// The track engaged.
        track: u64,
        /// Its threat (engine-private link, for labels).
        threat: ThreatId,
        /// The command post's verdict: killed (not re-engaged on this
        /// track) or a survivor (re-enters evaluation).
        judged_killed: bool,
        /// Truth: whether the threat was in fact killed.
        killed: bool,
    },
    /// A threat stopped flying, or the run ended, without it being killed
    /// (engagement runs only).
    Leaked {
        /// When.
        time: SimTime,
        /// Which.
        threat: ThreatId,
        /// Why it was not killed.
        cause: LeakCause,
    },
    /// Last event of every run.
    Finish {
        /// Simulated time at the end.
        time: SimTime,
    },
}

impl Event<'_> {
    /// When the event happened (`None` for [`Event::Start`], which comes
    /// before time starts).
    pub fn time(&self) -> Option<SimTime> {
        match self {
            Event::Start { .. } => None,
            Event::Detection(d) => Some(d.time),
            Event::Track(t) => Some(t.time),
            Event::Launched { time, .. }
            | Event::Truth { time, .. }
            | Event::Ended { time, .. }
            | Event::Assigned { time, .. }
            | Event::InterceptorLaunched { time, .. }
            | Event::Intercept { time, .. }
            | Event::InterceptorState { time, .. }
            | Event::Assessed { time, .. }
            | Event::Leaked { time, .. }
            | Event::Finish { time } => Some(*time),
        }
    }
}

/// One radar report: a noisy measurement in the radar's coordinates.
#[derive(Clone, Debug, PartialEq)]
pub struct Detection<'a> {
    /// When the look happened.
    pub time: SimTime,
    /// Which radar.
    pub sensor: SensorId,
    /// Measured slant range, m.
    pub range_m: f64,
    /// Measured azimuth, degrees clockwise from north.
    pub az_deg: f64,
    /// Measured elevation, degrees.
    pub el_deg: f64,
    /// The radar's antenna frame, for [`Detection::position`].
    pub frame: &'a LocalFrame,
    /// Realised SNR of the look, dB.
    pub snr_db: f64,
    /// Standard deviation of the range noise, m.
    pub sigma_range_m: f64,
    /// Standard deviation of the azimuth noise, degrees.
    pub sigma_az_deg: f64,
    /// Standard deviation of the elevation noise, degrees.
    pub sigma_el_deg: f64,
    /// Search scan or tracking dwell.
    pub mode: LookMode,
    /// The threat behind it, or `None` for a false alarm. **Truth**: for
    /// scoring and labels only; trackers and C2 never read it.
    pub origin: Option<ThreatId>,
}

impl Detection<'_> {
    /// The measured point, converted to geodetic. Computed on demand: a run
    /// makes tens of thousands of looks and most sinks never ask.
    pub fn position(&self) -> Geodetic {
        self.frame
            .from_aer(&Aer {
                az_deg: self.az_deg,
                el_deg: self.el_deg,
                range_m: self.range_m,
            })
            .to_geodetic()
    }
}

/// One track of the fused picture at one time (what C2 sees).
#[derive(Clone, Debug, PartialEq)]
pub struct TrackReport {
    /// Sample time.
    pub time: SimTime,
    /// Track id, stable over the track's life.
    pub id: u64,
    /// Confirmed (M-of-N) or still tentative.
    pub confirmed: bool,
    /// Estimated position.
    pub position: Geodetic,
    /// Estimated velocity, east/north/up in the tracking frame (m/s).
    pub velocity_enu: [f64; 3],
    /// √trace of the position covariance (m).
    pub position_sigma_m: f64,
    /// Fraction of recent scans with a detection.
    pub quality: f64,
}

/// Receives the events of a run, in order.
pub trait Sink {
    /// Called once per event. Sinks that write files buffer and report I/O
    /// errors themselves; the engine cannot fail.
    fn event(&mut self, event: &Event<'_>);
}

/// A sink that keeps owned copies of events (for tests and small tools).
#[derive(Debug, Default)]
pub struct VecSink {
    /// Debug renderings of every event, in order.
    pub lines: Vec<String>,
}

impl Sink for VecSink {
    fn event(&mut self, event: &Event<'_>) {
        self.lines.push(format!("{event:?}"));
    }
}
