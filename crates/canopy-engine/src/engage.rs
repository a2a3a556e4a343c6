//! Engagement, first cut (issue "Engagement"): the phases after **track** —
//! **evaluate → assign → fly out → resolve** — and the accounting of every
//! threat's and every interceptor's fate.
//!
//! * **Evaluate + assign**, every [`C2_CYCLE`]: the fused tracks (or, with
//!   [`crate::RunConfig::perfect_sensing`], exact truth-derived tracks, a
//!   validation option) go through `canopy_c2::evaluate`; in the doctrine's
//!   engagement order each track not already engaged is offered to the fire
//!   units (battalions, in scenario order) whose command post's reaction
//!   time has passed since the track was first seen confirmed; the first
//!   unit for which `canopy_c2::feasibility::assess` and
//!   `canopy_c2::doctrine::Doctrine::decide` say "fire" launches. This is a
//!   greedy assignment: the WTA solver (`canopy_c2::wta`) is meant to replace
//!   it. At most [`MAX_ASSESSMENTS`] feasibility calls per cycle (≈ 1.2 ms
//!   each in release).
//! * **Target of a track**: the engine privately links each track to the
//!   nearest flying threat within [`ASSOCIATION_GATE_M`] of its estimate; a
//!   track with no such threat (a false track) is not engaged. The link is
//!   used to task the engagement radar's target channel, to measure the true
//!   miss and for accounting — never for guidance or decisions.
//! * **Fly out**: each round is a `canopy_flyout::Interceptor` stepped every
//!   tick (with its own sub-steps), guided on the fused track's predicted
//!   state (truth with perfect sensing). The true miss is the closest
//!   approach of the round's chord over each tick to the threat's true chord
//!   over the same tick, minimised over the flight.
//! * **Resolve**: a round kills if its true miss is below [`LETHAL_RADIUS_M`]
//!   and a draw from its own stream (`Subsystem::Kill`, round index) is below
//!   the catalog SSPK. Kill assessment comes the doctrine's assessment delay
//!   after the round ends and is perfect; a survivor can then be re-engaged.
//!
//! Simplifications of this first cut: launchers are not reloaded; every
//! interceptor type flies the notional long-range flyout
//! (`InterceptorParams::notional_long_range` with the catalog's lateral-g
//! limit) inside its catalog envelope; the unit's reaction time is counted
//! from the first C2 cycle that sees a track confirmed, and a launch happens
//! at the decision.

use crate::event::{Event, Sink};
use crate::sensors::{Sensor, SensorId};
use crate::tracking::Tracking;
use crate::world::ThreatId;
use canopy_c2::doctrine::{
    Doctrine, FireDecision, HoldReason, Opportunity, TargetState, UnitState,
};
use canopy_c2::evaluate::{AssetView, EvaluationParams, TrackView, evaluate};
use canopy_c2::feasibility::{
    EngagementRadar, Envelope, FireUnit, FireUnitSpec, ScanConfig, WeaponType, assess,
};
use canopy_core::geo::{Ecef, Enu, LocalFrame};
use canopy_core::{SimTime, Streams, Subsystem};
use canopy_flyout::{
    FlightEvent, FlyoutTableConfig, Interceptor, InterceptorParams, Segment, TargetEstimate,
};
use canopy_scenario::Scenario;
use canopy_sensors::horizon::EarthModel;
use nalgebra::Vector3;
use rand::RngExt;
use std::collections::BTreeMap;

/// Period of the command-and-control cycle.
pub const C2_CYCLE: SimTime = SimTime::from_millis(2_000);

/// Largest number of feasibility assessments per C2 cycle (bounds the cost
/// of a cycle when many tracks are waiting).
pub const MAX_ASSESSMENTS: usize = 16;

/// A track is linked to the nearest flying threat within this distance of
/// its estimate (m): long-range radar angle errors are hundreds of metres.
pub const ASSOCIATION_GATE_M: f64 = 2_000.0;

/// Lethal radius of a round's warhead (m), NOTIONAL: a true miss at or
/// beyond it never kills; inside it the kill draw uses the catalog SSPK.
pub const LETHAL_RADIUS_M: f64 = 30.0;

/// Lowest launch elevation (degrees), NOTIONAL.
pub const MIN_LAUNCH_ELEVATION_DEG: f64 = 10.0;

/// Why a threat was not killed. The order is the engagement chain: a threat's
/// cause is the furthest step it reached.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum LeakCause {
    /// No track, even tentative, ever held it at a C2 cycle.
    NeverDetected,
    /// Only tentative tracks held it.
    NeverConfirmed,
    /// Confirmed, but no unit decided to fire (reaction time, firing range,
    /// doctrine, or the cycle's assessment budget).
    NotAssigned,
    /// Every feasibility assessment put it outside the envelope.
    OutsideEnvelope,
    /// A unit would have fired but had no free target or missile channel.
    NoFreeChannel,
    /// A unit would have fired but had no ready round.
    NoReadyRound,
    /// Rounds were fired and none killed it.
    AllShotsMissed,
}

impl LeakCause {
    /// Every cause, in chain order.
    pub const ALL: [LeakCause; 7] = [
        LeakCause::NeverDetected,
        LeakCause::NeverConfirmed,
        LeakCause::NotAssigned,
        LeakCause::OutsideEnvelope,
        LeakCause::NoFreeChannel,
        LeakCause::NoReadyRound,
        LeakCause::AllShotsMissed,
    ];

    /// Name used in output tables.
    pub fn name(self) -> &'static str {
        match self {
            LeakCause::NeverDetected => "never-detected",
            LeakCause::NeverConfirmed => "never-confirmed",
            LeakCause::NotAssigned => "not-assigned",
            LeakCause::OutsideEnvelope => "outside-envelope",
            LeakCause::NoFreeChannel => "no-free-channel",
            LeakCause::NoReadyRound => "no-ready-round",
            LeakCause::AllShotsMissed => "all-shots-missed",
        }
    }
}

/// How an interceptor's flight ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ShotResult {
    /// Still flying when the run ended.
    InFlight,
    /// It killed its threat.
    Kill,
    /// It passed within reach of its flying threat and did not kill it.
    Miss,
    /// It self-destructed (time of flight, ground, or its threat was gone).
    SelfDestruct,
}

impl ShotResult {
    /// Name used in output tables.
    pub fn name(self) -> &'static str {
        match self {
            ShotResult::InFlight => "in-flight",
            ShotResult::Kill => "kill",
            ShotResult::Miss => "miss",
            ShotResult::SelfDestruct => "self-destruct",
        }
    }
}

/// One interceptor fired in a run.
#[derive(Clone, Debug, PartialEq)]
pub struct ShotRecord {
    /// Index of the round in the run (launch order).
    pub index: u32,
    /// Fire unit name, `<unit>/bn<k>`.
    pub unit: String,
    /// Interceptor type name.
    pub type_name: String,
    /// Track it was fired at.
    pub track: u64,
    /// The threat that track held (engine-private link, for accounting).
    pub threat: ThreatId,
    /// Salvo number against that threat (1 = first engagement).
    pub salvo: u32,
    /// Launch time.
    pub launch_time: SimTime,
    /// End of flight, if it ended.
    pub end_time: Option<SimTime>,
    /// True miss distance against the threat's trajectory (m), if it ended
    /// while the threat flew.
    pub miss_m: Option<f64>,
    /// Outcome.
    pub result: ShotResult,
}

/// How a threat's part in the run ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ThreatFate {
    /// Killed by this shot.
    Killed {
        /// Index of the killing round in [`EngagementSummary::shots`].
        shot: u32,
    },
    /// Not killed.
    Leaked(LeakCause),
}

/// One threat's fate.
#[derive(Clone, Debug, PartialEq)]
pub struct ThreatRecord {
    /// Which threat.
    pub threat: ThreatId,
    /// Its name, `<raid>#<k>`.
    pub name: String,
    /// Catalog type name.
    pub type_name: String,
    /// Killed or leaked, and why.
    pub fate: ThreatFate,
    /// When it was killed or stopped flying (None: still flying at the end).
    pub time: Option<SimTime>,
}

/// What the engagement phases produced in a run.
#[derive(Clone, Debug, PartialEq)]
pub struct EngagementSummary {
    /// Threats killed.
    pub killed: usize,
    /// Threats not killed, per cause, in [`LeakCause::ALL`] order.
    pub leaked: Vec<(LeakCause, usize)>,
    /// Rounds launched.
    pub rounds_expended: usize,
    /// Every round, in launch order.
    pub shots: Vec<ShotRecord>,
    /// Every threat, in handle order.
    pub threats: Vec<ThreatRecord>,
}

/// A threat's true state over the current tick, as the world gives it.
#[derive(Clone, Copy, Debug)]
pub(crate) struct TruthSample {
    /// Position at the start of the tick (at launch if launched inside it).
    pub p0: Vector3<f64>,
    /// Position at the end of the tick.
    pub p1: Vector3<f64>,
    /// Velocity at the end of the tick.
    pub velocity: Vector3<f64>,
    /// Flying at the end of the tick.
    pub flying: bool,
}

/// One launcher's magazine.
struct Launcher {
    rounds: u32,
    next_launch: SimTime,
}

/// One fire unit (battalion).
struct Unit {
    name: String,
    fire_unit: FireUnit,
    weapon: usize,
    sensor: SensorId,
    launchers: Vec<Launcher>,
    min_interval: SimTime,
    missile_channels: u32,
    reaction: SimTime,
    sspk: f64,
    type_name: String,
    launch_point: Vector3<f64>,
}

/// One round.
struct Round {
    record: ShotRecord,
    unit: usize,
    flight: Option<Interceptor>,
    estimate: TargetEstimate,
    best_miss: f64,
    assess_at: Option<SimTime>,
}

/// Per-threat engagement state.
#[derive(Default, Clone, Copy)]
struct Engaged {
    state: TargetState,
    cause: Option<LeakCause>,
    killed_by: Option<u32>,
}

impl Engaged {
    fn note(&mut self, cause: LeakCause) {
        self.cause = Some(self.cause.map_or(cause, |c| c.max(cause)));
    }
}

/// A track as C2 sees it, and the threat the engine links it to.
struct C2Track {
    view: TrackView,
    threat: Option<u32>,
}

/// The engagement phases of one run.
pub(crate) struct Engagement {
    frame: LocalFrame,
    doctrine: Doctrine,
    eval: EvaluationParams,
    scan: ScanConfig,
    perfect: bool,
    assets: Vec<AssetView>,
    weapons: Vec<(WeaponType, InterceptorParams)>,
    units: Vec<Unit>,
    rounds: Vec<Round>,
    threats: Vec<Engaged>,
    confirmed_at: BTreeMap<u64, SimTime>,
    next_cycle: SimTime,
}

/// Closest approach of two straight chords over `[t0, t1]`.
fn chord_miss(
    t0: f64,
    t1: f64,
    p: (Vector3<f64>, Vector3<f64>),
    q: (Vector3<f64>, Vector3<f64>),
) -> f64 {
    let seg = Segment {
        t0,
        t1,
        p0: p.0,
        p1: p.1,
    };
    seg.closest_approach(&q.0, &q.1).miss_m
}

impl Engagement {
    /// The fire units of `scenario`, in the tracking frame `frame`.
    pub fn new(scenario: &Scenario, frame: LocalFrame, doctrine: Doctrine, perfect: bool) -> Self {
        let cat = &scenario.catalog;
        let enu = |p: &canopy_core::geo::Geodetic| frame.to_enu(&p.to_ecef()).0;
        let mut weapons: Vec<(WeaponType, InterceptorParams)> = Vec::new();
        let mut weapon_of: BTreeMap<usize, usize> = BTreeMap::new();
        let mut units = Vec::new();
        // Radar handles are positions in the engine's one list of radars.
        let radars = crate::sensors::scenario_radars(scenario);
        for u in &scenario.units {
            let reaction = u.command_post.map_or(SimTime::ZERO, |c| {
                SimTime::from_secs_f64(cat.command_posts[c].reaction_s)
            });
            for (k, b) in u.battalions.iter().enumerate() {
                let id = SensorId(
                    radars
                        .iter()
                        .position(|r| std::ptr::eq(r.placed, &b.radar))
                        .expect("every battalion radar is in the scenario's radar list")
                        as u32,
                );
                let l = &cat.launchers[b.launcher];
                let it = &cat.interceptors[l.interceptor];
                let w = *weapon_of.entry(l.interceptor).or_insert_with(|| {
                    let mut params = InterceptorParams::notional_long_range();
                    params.max_lateral_g = it.max_g;
                    let envelope = Envelope {
                        min_range_m: it.min_range_m,
                        max_range_m: it.max_range_m,
                        max_range_ballistic_m: it.max_range_ballistic_m,
                        min_altitude_m: it.min_altitude_m,
                        max_altitude_m: it.max_altitude_m,
                        max_time_of_flight_s: params.max_time_of_flight_s,
                        max_target_speed_mps: Envelope::notional_long_range().max_target_speed_mps,
                    };
                    let table = FlyoutTableConfig {
                        launch_altitude_m: b.radar.site.alt_m.max(0.0),
                        ..FlyoutTableConfig::default()
                    };
                    // Catalog validation bounds every field the flyout checks.
                    let weapon = WeaponType::new(&params, table, envelope)
                        .expect("validated interceptor yields a valid weapon type");
                    weapons.push((weapon, params));
                    weapons.len() - 1
                });
                let rt = &cat.radars[b.radar.radar];
                let site = enu(&b.radar.site);
                let spec = FireUnitSpec {
                    launcher: [site.x, site.y, site.z],
                    radar: EngagementRadar {
                        site: [site.x, site.y, site.z],
                        antenna_height_m: rt.antenna_height_m,
                        instrumented_range_m: rt.instrumented_range_m,
                        min_elevation_deg: rt.min_elevation_deg,
                        max_elevation_deg: rt.max_elevation_deg,
                        boresight_azimuth_deg: b.radar.heading_deg,
                        sector_half_width_deg: rt.sector_half_width_deg,
                        earth: EarthModel::default(),
                    },
                    // The launch follows the decision; the command post's
                    // reaction is applied from the track's confirmation.
                    reaction_time_s: 0.0,
                };
                let fire_unit = FireUnit::new(&frame, spec)
                    .expect("validated battalion yields a valid fire unit");
                units.push(Unit {
                    name: format!("{}/bn{}", u.name, k + 1),
                    fire_unit,
                    weapon: w,
                    sensor: id,
                    launchers: (0..b.launchers)
                        .map(|_| Launcher {
                            rounds: l.rounds,
                            next_launch: SimTime::ZERO,
                        })
                        .collect(),
                    min_interval: SimTime::from_secs_f64(l.min_launch_interval_s),
                    missile_channels: rt.missile_channels,
                    reaction,
                    sspk: it.sspk,
                    type_name: it.entry.name.clone(),
                    launch_point: b.radar.site.to_ecef().0,
                });
            }
        }
        let assets = scenario
            .assets
            .iter()
            .enumerate()
            .map(|(index, a)| {
                let p = enu(&a.position);
                AssetView {
                    index,
                    position: [p.x, p.y, p.z],
                    value: a.value,
                }
            })
            .collect();
        Engagement {
            frame,
            doctrine,
            eval: EvaluationParams::default(),
            scan: ScanConfig::default(),
            perfect,
            assets,
            weapons,
            units,
            rounds: Vec::new(),
            threats: vec![Engaged::default(); scenario.threat_count() as usize],
            confirmed_at: BTreeMap::new(),
            next_cycle: SimTime::ZERO,
        }
    }

    /// One tick of fly-out, resolution, assessment and (on the C2 cycle)
    /// evaluation and assignment. `truth` is indexed by threat; returns the
    /// threats killed in this tick.
    #[allow(clippy::too_many_arguments)]
    pub fn step(
        &mut self,
        t0: SimTime,
        t1: SimTime,
        truth: &[TruthSample],
        tracking: Option<&Tracking>,
        sensors: &mut [Sensor],
        streams: &Streams,
        sink: &mut dyn Sink,
    ) -> Vec<ThreatId> {
        let kills = self.fly_out(t0, t1, truth, tracking, streams, sink);
        self.assess_kills(t1, sensors);
        if t1 >= self.next_cycle {
            self.next_cycle = t1 + C2_CYCLE;
            let tracks = self.picture(t1, truth, tracking);
            self.assign(t1, &tracks, sensors, sink);
        }
        kills
    }

    /// What guidance sees of the threat round `r` is fired at at `t`.
    fn estimate(
        &self,
        r: &Round,
        t: SimTime,
        truth: &[TruthSample],
        tracking: Option<&Tracking>,
    ) -> TargetEstimate {
        let ts = t.as_secs_f64();
        if self.perfect {
            let s = &truth[r.record.threat.0 as usize];
            if s.flying {
                return TargetEstimate {
                    position: s.p1,
                    velocity: s.velocity,
                    time_s: ts,
                };
            }
        } else if let Some(tr) = tracking
            && let Some(track) = tr.tracker().tracks().find(|k| k.id().0 == r.record.track)
            && let Ok(k) = track.predict_to(ts)
        {
            return TargetEstimate {
                position: self.frame.to_ecef(&Enu(k.position)).0,
                velocity: self.frame.vec_to_ecef(&k.velocity),
                time_s: ts,
            };
        }
        // Track lost (or target gone): fly on the last estimate.
        r.estimate
    }

    fn fly_out(
        &mut self,
        t0: SimTime,
        t1: SimTime,
        truth: &[TruthSample],
        tracking: Option<&Tracking>,
        streams: &Streams,
        sink: &mut dyn Sink,
    ) -> Vec<ThreatId> {
        let mut kills = Vec::new();
        let (s0, s1) = (t0.as_secs_f64(), t1.as_secs_f64());
        for i in 0..self.rounds.len() {
            if self.rounds[i].flight.is_none() {
                continue;
            }
            let estimate = self.estimate(&self.rounds[i], t1, truth, tracking);
            let r = &mut self.rounds[i];
            r.estimate = estimate;
            let Some(flight) = r.flight.as_mut() else {
                continue;
            };
            let th = r.record.threat.0 as usize;
            let target = truth[th];
            // A round launched at t0 flies the whole tick.
            let start = flight.time_s().max(s0);
            if s1 - start <= 0.0 {
                continue;
            }
            let p0 = flight.position();
            let event = flight
                .step(s1 - start, Some(&estimate))
                .unwrap_or(FlightEvent::MaxTimeOfFlight { time_s: start });
            let end = flight.time_s().clamp(start, s1);
            let p1 = flight.position();
            let lerp = |t: f64| {
                target
                    .p0
                    .lerp(&target.p1, ((t - s0) / (s1 - s0)).clamp(0.0, 1.0))
            };
            let alive = target.flying && self.threats[th].killed_by.is_none();
            if alive && end > start {
                let m = chord_miss(start, end, (p0, p1), (lerp(start), lerp(end)));
                r.best_miss = r.best_miss.min(m);
            }
            if !event.is_terminal() {
                continue;
            }
            r.flight = None;
            let end_time = SimTime::from_secs_f64(end);
            r.record.end_time = Some(end_time);
            r.assess_at = Some(end_time + SimTime::from_secs_f64(self.doctrine.assessment_delay_s));
            let sspk = self.units[r.unit].sspk;
            let reached = r.best_miss.is_finite();
            let killed = alive
                && r.best_miss < LETHAL_RADIUS_M
                && streams
                    .block(Subsystem::Kill, u64::from(r.record.index), 0)
                    .random::<f64>()
                    < sspk;
            r.record.miss_m = reached.then_some(r.best_miss);
            r.record.result = if killed {
                ShotResult::Kill
            } else if alive && matches!(event, FlightEvent::TargetPassed(_)) {
                ShotResult::Miss
            } else {
                ShotResult::SelfDestruct
            };
            let t = &mut self.threats[th];
            if killed {
                t.killed_by = Some(r.record.index);
                kills.push(r.record.threat);
            } else if t.killed_by.is_none() {
                t.note(LeakCause::AllShotsMissed);
            }
            sink.event(&Event::Intercept {
                time: end_time,
                shot: r.record.index,
                threat: r.record.threat,
                miss_m: r.record.miss_m,
                killed,
            });
        }
        kills
    }

    /// Perfect kill assessment, the doctrine's delay after each round ends:
    /// frees the target for re-engagement and its radar channel.
    fn assess_kills(&mut self, now: SimTime, sensors: &mut [Sensor]) {
        for r in &mut self.rounds {
            if r.assess_at.is_some_and(|t| t <= now) {
                r.assess_at = None;
                let th = r.record.threat;
                let s = &mut self.threats[th.0 as usize].state;
                s.rounds_in_flight = s.rounds_in_flight.saturating_sub(1);
                if s.rounds_in_flight == 0 {
                    sensors[self.units[r.unit].sensor.0 as usize].release(th.0);
                }
            }
        }
    }

    /// The tracks C2 sees at `now`, each linked to the nearest flying threat.
    fn picture(
        &mut self,
        now: SimTime,
        truth: &[TruthSample],
        tracking: Option<&Tracking>,
    ) -> Vec<C2Track> {
        let ts = now.as_secs_f64();
        let mut out = Vec::new();
        let enu_view =
            |id: u64, p: Vector3<f64>, v: Vector3<f64>, cov: [[f64; 3]; 3], confirmed| TrackView {
                id,
                time_s: ts,
                position: [p.x, p.y, p.z],
                velocity: [v.x, v.y, v.z],
                position_cov: cov,
                confirmed,
                acceleration: None,
                history: Vec::new(),
            };
        if self.perfect {
            for (i, s) in truth.iter().enumerate().filter(|(_, s)| s.flying) {
                let p = self.frame.to_enu(&Ecef(s.p1)).0;
                let v = self.frame.vec_to_enu(&s.velocity);
                // Exact tracks: a nominal 1 m² covariance (the evaluator needs one).
                let cov = [[1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 1.0]];
                out.push(C2Track {
                    view: enu_view(i as u64, p, v, cov, true),
                    threat: Some(i as u32),
                });
            }
        } else if let Some(tr) = tracking {
            for track in tr.tracker().tracks() {
                let Ok(k) = track.predict_to(ts) else {
                    continue;
                };
                let c = k.position_covariance();
                let cov = [0, 1, 2].map(|r| [0, 1, 2].map(|col| c[(r, col)]));
                let e = self.frame.to_ecef(&Enu(k.position)).0;
                let threat = truth
                    .iter()
                    .enumerate()
                    .filter(|(_, s)| s.flying)
                    .map(|(i, s)| (i as u32, (s.p1 - e).norm()))
                    .filter(|(_, d)| *d <= ASSOCIATION_GATE_M)
                    .min_by(|a, b| a.1.total_cmp(&b.1))
                    .map(|(i, _)| i);
                out.push(C2Track {
                    view: enu_view(
                        track.id().0,
                        k.position,
                        k.velocity,
                        cov,
                        track.is_confirmed(),
                    ),
                    threat,
                });
            }
        }
        for t in &out {
            if t.view.confirmed {
                self.confirmed_at.entry(t.view.id).or_insert(now);
            }
            if let Some(th) = t.threat {
                self.threats[th as usize].note(if t.view.confirmed {
                    LeakCause::NotAssigned
                } else {
                    LeakCause::NeverConfirmed
                });
            }
        }
        out
    }

    /// Evaluation and greedy assignment at `now`.
    fn assign(
        &mut self,
        now: SimTime,
        tracks: &[C2Track],
        sensors: &mut [Sensor],
        sink: &mut dyn Sink,
    ) {
        let ts = now.as_secs_f64();
        let views: Vec<TrackView> = tracks.iter().map(|t| t.view.clone()).collect();
        let Ok(evaluation) = evaluate(&self.frame, ts, &views, &self.assets, &self.eval) else {
            return;
        };
        let mut budget = MAX_ASSESSMENTS;
        for i in self.doctrine.engagement_order(&evaluation) {
            let Some(th) = tracks[i].threat else { continue };
            let a = &evaluation.assessments[i];
            if self.threats[th as usize].state.rounds_in_flight > 0 {
                continue;
            }
            let confirmed = self.confirmed_at.get(&a.track_id).copied().unwrap_or(now);
            for u in 0..self.units.len() {
                if confirmed + self.units[u].reaction > now {
                    continue;
                }
                if budget == 0 {
                    return;
                }
                budget -= 1;
                let unit = &self.units[u];
                let (weapon, _) = &self.weapons[unit.weapon];
                let deadline = a.target.map(|t| t.arrival_time_s);
                let Ok(feas) = assess(
                    &unit.fire_unit,
                    weapon,
                    &a.path,
                    a.class,
                    ts,
                    deadline,
                    &self.scan,
                ) else {
                    continue;
                };
                let ready = unit
                    .launchers
                    .iter()
                    .filter(|l| l.rounds > 0 && l.next_launch <= now)
                    .count() as u32;
                let guiding = self
                    .rounds
                    .iter()
                    .filter(|r| r.unit == u && r.flight.is_some())
                    .count() as u32;
                let state = UnitState {
                    ready_rounds: ready,
                    free_channels: unit.missile_channels.saturating_sub(guiding),
                };
                let opp = Opportunity::new(a, &feas, weapon.envelope());
                let target = self.threats[th as usize].state;
                let Ok(decision) = self.doctrine.decide(&opp, &state, &target) else {
                    continue;
                };
                let cause = match decision {
                    FireDecision::Fire { rounds } => {
                        if sensors[unit.sensor.0 as usize].task(th, now).is_err() {
                            LeakCause::NoFreeChannel
                        } else {
                            let sol = feas.solution.map(|s| s.point);
                            let v = &tracks[i].view;
                            let estimate = TargetEstimate {
                                position: self.frame.to_ecef(&Enu(Vector3::from(v.position))).0,
                                velocity: self.frame.vec_to_ecef(&Vector3::from(v.velocity)),
                                time_s: ts,
                            };
                            self.launch(u, rounds, a.track_id, th, sol, now, estimate, sink);
                            break;
                        }
                    }
                    FireDecision::Hold(HoldReason::NotFeasible) => LeakCause::OutsideEnvelope,
                    FireDecision::Hold(HoldReason::NoRoundsAvailable) => LeakCause::NoReadyRound,
                    FireDecision::Hold(HoldReason::NoFreeChannel) => LeakCause::NoFreeChannel,
                    FireDecision::Hold(_) => LeakCause::NotAssigned,
                };
                self.threats[th as usize].note(cause);
            }
        }
    }

    /// Launches `rounds` from unit `u`'s ready launchers at track `track`.
    #[allow(clippy::too_many_arguments)]
    fn launch(
        &mut self,
        u: usize,
        rounds: u32,
        track: u64,
        threat: u32,
        aim: Option<[f64; 3]>,
        now: SimTime,
        estimate: TargetEstimate,
        sink: &mut dyn Sink,
    ) {
        let ts = now.as_secs_f64();
        let unit = &mut self.units[u];
        let params = &self.weapons[unit.weapon].1;
        let origin = unit.launch_point;
        let up = self.frame.vec_to_ecef(&Vector3::z());
        // Along the line of sight to the predicted intercept point, raised
        // to at least MIN_LAUNCH_ELEVATION (a low line of sight would fly
        // the unguided first half second into the ground).
        let dir = aim
            .map(|p| Vector3::from(p) - self.frame.to_enu(&Ecef(origin)).0)
            .filter(|d| d.xy().norm() > 1.0)
            .map_or(up, |d| {
                let el =
                    d.z.atan2(d.xy().norm())
                        .max(MIN_LAUNCH_ELEVATION_DEG.to_radians());
                let h = d.xy().normalize();
                self.frame
                    .vec_to_ecef(&Vector3::new(h.x * el.cos(), h.y * el.cos(), el.sin()))
            });
        let engaged = &mut self.threats[threat as usize];
        engaged.state.salvos_fired += 1;
        let salvo = engaged.state.salvos_fired;
        let mut fired = 0;
        for l in &mut unit.launchers {
            if fired == rounds {
                break;
            }
            if l.rounds == 0 || l.next_launch > now {
                continue;
            }
            let Ok(flight) = Interceptor::launch(params.clone(), origin, dir, ts) else {
                continue;
            };
            l.rounds -= 1;
            l.next_launch = now + unit.min_interval;
            fired += 1;
            engaged.state.rounds_in_flight += 1;
            let index = self.rounds.len() as u32;
            let record = ShotRecord {
                index,
                unit: unit.name.clone(),
                type_name: unit.type_name.clone(),
                track,
                threat: ThreatId(threat),
                salvo,
                launch_time: now,
                end_time: None,
                miss_m: None,
                result: ShotResult::InFlight,
            };
            sink.event(&Event::InterceptorLaunched {
                time: now,
                shot: index,
                unit: &record.unit,
                track,
                threat: ThreatId(threat),
            });
            self.rounds.push(Round {
                record,
                unit: u,
                flight: Some(flight),
                estimate,
                best_miss: f64::INFINITY,
                assess_at: None,
            });
        }
    }

    /// The cause of a threat that was not killed.
    pub fn leak_cause(&self, threat: ThreatId) -> LeakCause {
        self.threats[threat.0 as usize]
            .cause
            .unwrap_or(LeakCause::NeverDetected)
    }

    /// The round that killed `threat`, if any.
    pub fn killed_by(&self, threat: ThreatId) -> Option<u32> {
        self.threats[threat.0 as usize].killed_by
    }

    /// The records of every round.
    pub fn shots(&self) -> Vec<ShotRecord> {
        self.rounds.iter().map(|r| r.record.clone()).collect()
    }
}
