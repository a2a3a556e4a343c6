//! Engagement (issue "Engagement"): the phases after **track** —
//! **evaluate → assign → fly out → resolve → assess** — and the accounting
//! of every threat's and every interceptor's fate.
//!
//! * **Evaluate**, every [`C2_CYCLE`]: the fused tracks (or, with
//!   [`crate::RunConfig::perfect_sensing`], exact truth-derived tracks, a
//!   validation option) go through `canopy_c2::evaluate`.
//! * **Candidate pairs**: in evaluation priority order, each track that is
//!   not awaiting a kill assessment and not judged killed is offered to the
//!   fire units (battalions) whose command post's reaction time has passed
//!   since the track was first seen confirmed; `canopy_c2::feasibility::assess`
//!   and the unit's doctrine (`Doctrine::decide`, with the unit's ready
//!   rounds and free missile channels) say whether and with how many rounds
//!   it would fire. At most [`MAX_ASSESSMENTS`] feasibility calls per cycle.
//! * **Assign**: the candidate pairs form a static weapon-target assignment
//!   (`canopy_c2::wta::solve`): one weapon per round the unit can fire now
//!   (ready rounds, bounded by free missile channels), kill probability the
//!   interceptor's SSPK on the pairs the doctrine allows, at most the
//!   doctrine's salvo on each target, target value the evaluation's threat
//!   value. The solution chooses which pairs fire; it is executed in
//!   priority order, each firing unit re-checking its doctrine against its
//!   state after the launches before it and firing the doctrine's salvo
//!   (as many rounds as that state allows), and tasking a target channel of
//!   its engagement radar.
//! * **Target of a track**: the engine privately links each track to the
//!   threat it is following, the origin of the last threat detection it
//!   took (`crate::tracking`); a track with no flying threat so linked (a
//!   false track, or one whose threat has ended) is not engaged. The link is
//!   used to task the engagement radar's target channel, to point a round's
//!   seeker, to measure the true miss and for accounting — never for
//!   guidance. It enters the command post's choices only where an
//!   abstraction stands for what a real one would see: false tracks are not
//!   engaged, and a kill verdict holds for the threat it judged (see
//!   `Engagement::judged_killed`). (It replaced the nearest flying threat to
//!   the track's estimate, which could link a track to a neighbour in a
//!   stream.)
//! * **Fly out**: each round is a `canopy_flyout::Interceptor` with its
//!   catalog type's airframe (`InterceptorType::flyout_params`), flown
//!   each tick in slices of [`GUIDANCE_PERIOD`] (with its own integration
//!   steps), guided on the fused track's predicted state as the picture
//!   stood at the tick's start (truth with perfect sensing). A round whose
//!   track is deleted in flight guides on the confirmed track that
//!   continues its last estimate (`crate::continuity`), or on that last
//!   estimate if none does. A round whose type has a terminal seeker
//!   (`canopy_flyout::Seeker`) guides instead on the seeker's measurement
//!   of the threat once the seeker sees it (acquisition range scaled by the
//!   threat's cross-section, gimbal limit; angular noise from
//!   `Subsystem::Seeker`, round index, one block per measurement): the
//!   round's own sensor, not C2. The true miss is
//!   the closest approach of the round's chord over each slice to the
//!   threat's true chord over the same slice (a piece of the threat's chord
//!   over the tick), minimised over the flight.
//! * **Resolve**: a round kills if its true miss is below [`LETHAL_RADIUS_M`]
//!   and a draw from its own stream (`Subsystem::Kill`, round index) is below
//!   the catalog SSPK.
//! * **Assess**: the doctrine's assessment delay after the last round of an
//!   engagement ends, the command post judges the outcome: a kill is seen as
//!   a kill; a survivor is seen as a survivor with the unit's `p_look`
//!   (draw from `Subsystem::Assessment`, keyed by threat and salvo) and then
//!   re-enters evaluation, or is wrongly judged killed and never engaged
//!   again on that track.
//! * **Magazines**: each launcher fires at most one round per minimum launch
//!   interval; an empty launcher is reloaded `reload_s` later while the
//!   battalion has reloads for it.
//!
//! Simplification: the unit's reaction time is counted from the first C2
//! cycle that sees a track confirmed (per track: a track that breaks and is
//! re-initiated waits again; inheriting the clock across breaks passed it
//! between neighbours in dense streams), and a launch happens at the
//! decision.

use crate::continuity::Estimate;
use crate::event::{Event, Sink};
use crate::sensors::{Sensor, SensorId};
use crate::tracking::Tracking;
use crate::world::ThreatId;
use canopy_c2::doctrine::{
    Doctrine, FireDecision, HoldReason, Opportunity, TargetState, UnitState,
};
use canopy_c2::evaluate::{AssetView, EvaluationParams, Evaluator, ThreatClass, TrackView};
use canopy_c2::feasibility::{
    EngagementRadar, Envelope, FireUnit, FireUnitSpec, InterceptSolution, ScanConfig, WeaponType,
    assess,
};
use canopy_c2::wta::{WtaOptions, WtaProblem, solve};
use canopy_core::geo::{Ecef, Enu, LocalFrame};
use canopy_core::{SimTime, Streams, Subsystem};
use canopy_flyout::earth::STANDARD_GRAVITY;
use canopy_flyout::{
    FlightEvent, FlyoutTableConfig, Interceptor, InterceptorParams, Seeker, Segment, TargetEstimate,
};
use canopy_scenario::Scenario;
use canopy_sensors::horizon::EarthModel;
use canopy_sensors::sampling::standard_normal;
use canopy_tracking::{TrackId, Tracker};
use nalgebra::Vector3;
use rand::RngExt;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

/// Period of the command-and-control cycle.
pub const C2_CYCLE: SimTime = SimTime::from_millis(2_000);

/// Largest number of feasibility assessments per C2 cycle (bounds the cost
/// of a cycle when many tracks are waiting; one costs ~10–40 µs).
pub const MAX_ASSESSMENTS: usize = 256;

/// Guidance period of rounds in flight, whatever the engine's tick: at the
/// start of each slice of a tick this long, a round takes a new track
/// estimate or seeker measurement, and its true miss is measured on the
/// chords of its own and its target's paths over the slice (a 0.5 s chord
/// of a round pulling 25 g would be 8 m off its arc; a 0.1 s one is 0.3 m).
pub const GUIDANCE_PERIOD: SimTime = SimTime::from_millis(100);

/// Lethal radius of a round's warhead (m), NOTIONAL: a true miss at or
/// beyond it never kills; inside it the kill draw uses the catalog SSPK.
pub const LETHAL_RADIUS_M: f64 = 30.0;

/// The command post launches only on intercepts planned within this
/// fraction of the round's time of flight (its self-destruct time), NOTIONAL:
/// a plan is made on a noisy track and a round flies a little longer than
/// its table says (the lofted table is within 1.5 % on stationary points, a
/// manoeuvring target adds more). Planned to the last second, 31 of 240
/// first 48N6-class rounds of study a self-destructed at 180 s.
pub const LAUNCH_TOF_MARGIN: f64 = 0.95;

/// A confirmed track is offered to weapon assignment only once it is firm:
/// at least this many detections, and detected at its latest chance (no
/// miss since its last hit). NOTIONAL. A track confirmed on three reports
/// of a dense stream (cruise missiles 480 m apart, one spacing per 2 s
/// revisit) can have taken a neighbour's report and carry a velocity
/// hundreds of m/s wrong; it then misses and dies within a few scans.
/// Fired on at once, such tracks sent salvos 10–20 km wide of any missile
/// (study b, 58 missiles, 20 runs: 102 of 1 680 rounds ended 1 km or more
/// from their missile; 26 with this rule, most of them fired on tracks
/// that had hopped from one missile of the stream to the next).
pub const FIRM_TRACK_HITS: u32 = 5;

/// Value given to a target that threatens no defended asset (asset values
/// are O(1)), so that under weapons free it is engaged when rounds are to
/// spare, after every threat to an asset.
pub const MIN_TARGET_VALUE: f64 = 1e-3;

/// The in-loop assignment's search budget: C2 instances are tens of
/// weapons and targets, re-solved every cycle, so a short search (plus the
/// exact branch-and-bound on the smallest) is enough.
fn wta_options() -> WtaOptions {
    WtaOptions {
        iterations: 100,
        ..WtaOptions::default()
    }
}

/// Longest a (track, unit) pair whose only obstacle is that its launch
/// window has not opened (or that its predicted path never enters the
/// envelope) waits before its feasibility is assessed again, instead of
/// every C2 cycle. A re-assessment is also due one cycle before the window
/// the last one predicted opens. NOTIONAL: a threat that turns towards the
/// unit is re-assessed within this time; most far threats of a raid are
/// such pairs, and their assessments were most of the C2's cost.
pub const MAX_DEFER: SimTime = SimTime::from_millis(6_000);

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
    /// It self-destructed (time of flight, ground, outrun by its target, or
    /// its threat was gone).
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

/// What ended an interceptor's flight (the result says what it did to its
/// threat; this says why the flight stopped, e.g. why a round
/// self-destructed).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FlightEnd {
    /// The range to its guidance target stopped closing: it passed the
    /// point it was steering to (a kill or miss if its threat was there and
    /// alive, else a self-destruct at an empty point).
    Pass,
    /// Its target drew away faster than it could follow: a lost tail chase.
    Outrun,
    /// It reached its maximum time of flight.
    TimeOfFlight,
    /// It came down through the ground.
    Ground,
}

impl FlightEnd {
    /// Name used in output tables.
    pub fn name(self) -> &'static str {
        match self {
            FlightEnd::Pass => "pass",
            FlightEnd::Outrun => "outrun",
            FlightEnd::TimeOfFlight => "time-of-flight",
            FlightEnd::Ground => "ground",
        }
    }

    /// The end that a terminal flight event names (`None` for
    /// [`FlightEvent::InFlight`]).
    fn of(event: &FlightEvent) -> Option<FlightEnd> {
        match event {
            FlightEvent::InFlight => None,
            FlightEvent::TargetPassed(_) => Some(FlightEnd::Pass),
            FlightEvent::Outrun(_) => Some(FlightEnd::Outrun),
            FlightEvent::MaxTimeOfFlight { .. } => Some(FlightEnd::TimeOfFlight),
            FlightEvent::GroundImpact { .. } => Some(FlightEnd::Ground),
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
    /// What ended the flight, if it ended.
    pub ended_by: Option<FlightEnd>,
    /// True miss distance against the threat's trajectory (m), if it ended
    /// while the threat flew.
    pub miss_m: Option<f64>,
    /// When the round's seeker first saw its target, if it ever did (a
    /// round whose type has no seeker never does).
    pub seeker_time: Option<SimTime>,
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
    /// Its engagement chain, step by step.
    pub timeline: Timeline,
}

/// When a threat reached each step of the engagement chain (None: never).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Timeline {
    /// First radar detection of it (search or tracking look).
    pub first_detected: Option<SimTime>,
    /// First C2 cycle at which a confirmed track held it.
    pub first_confirmed: Option<SimTime>,
    /// First interceptor launched at it.
    pub first_launch: Option<SimTime>,
    /// End of the first interceptor flight against it.
    pub first_intercept: Option<SimTime>,
    /// Last kill assessment of an engagement against it.
    pub assessed: Option<SimTime>,
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
    /// Ready rounds over all launchers: the starting load, then the total
    /// after every launch and reload.
    pub magazine: Vec<(SimTime, u32)>,
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
    /// Mean radar cross-section (m²), for the interceptors' seekers.
    pub rcs_m2: f64,
}

/// One launcher's magazine.
struct Launcher {
    rounds: u32,
    capacity: u32,
    /// Full reloads still carried for it.
    reloads: u32,
    next_launch: SimTime,
    /// When the reload under way completes.
    reloaded_at: Option<SimTime>,
}

impl Launcher {
    fn ready(&self, now: SimTime) -> bool {
        self.rounds > 0 && self.next_launch <= now
    }
}

/// One fire unit (battalion).
struct Unit {
    name: String,
    fire_unit: FireUnit,
    weapon: usize,
    sensor: SensorId,
    launchers: Vec<Launcher>,
    min_interval: SimTime,
    reload: SimTime,
    missile_channels: u32,
    reaction: SimTime,
    doctrine: Doctrine,
    p_look: f64,
    sspk: f64,
    /// The rounds' terminal seeker, if they have one.
    seeker: Option<Seeker>,
    type_name: String,
    launch_point: Vector3<f64>,
    /// The battalion's site in the tracking frame.
    site_enu: Vector3<f64>,
}

/// One round.
struct Round {
    record: ShotRecord,
    unit: usize,
    flight: Option<Interceptor>,
    estimate: TargetEstimate,
    /// Seeker measurements made so far (each draws from its own block).
    seeker_looks: u64,
    best_miss: f64,
    assess_at: Option<SimTime>,
}

/// Per-threat engagement state.
#[derive(Default, Clone, Copy)]
struct Engaged {
    state: TargetState,
    cause: Option<LeakCause>,
    killed_by: Option<u32>,
    timeline: Timeline,
}

impl Engaged {
    fn note(&mut self, cause: LeakCause) {
        self.cause = Some(self.cause.map_or(cause, |c| c.max(cause)));
    }
}

/// A track as C2 sees it, and the threat the engine links it to.
struct C2Track {
    view: TrackView,
    /// Whether weapons may be assigned to it ([`FIRM_TRACK_HITS`]).
    firm: bool,
    threat: Option<u32>,
}

/// A (fire unit, track) pair the doctrine would fire on this cycle.
struct Pair {
    unit: usize,
    /// Index into the cycle's tracks (and evaluation).
    track: usize,
    threat: u32,
    /// The doctrine's salvo.
    rounds: u32,
    /// Predicted intercept (point in the tracking frame, time), if the flyout
    /// found one.
    plan: Option<InterceptSolution>,
    /// What the doctrine decided on (feasibility does not change within a
    /// cycle, so execution re-decides on it with the unit's new state).
    opportunity: Opportunity,
}

/// The leak cause a doctrine hold stands for.
fn hold_cause(reason: HoldReason) -> LeakCause {
    match reason {
        HoldReason::NotFeasible => LeakCause::OutsideEnvelope,
        HoldReason::NoRoundsAvailable => LeakCause::NoReadyRound,
        HoldReason::NoFreeChannel => LeakCause::NoFreeChannel,
        _ => LeakCause::NotAssigned,
    }
}

/// The scenario's interceptor types as the engagement flies and assesses
/// them: one weapon type (envelope and nominal flyout table) per catalog
/// interceptor type a battalion carries, the table for the launch altitude
/// of the first battalion carrying it. The tables are most of a run's
/// set-up and depend on the scenario only, so a batch builds them once and
/// shares them across its runs ([`crate::run_with`]).
#[derive(Clone)]
pub struct Armoury {
    weapons: Arc<Vec<(WeaponType, InterceptorParams)>>,
    /// Weapon index of each catalog interceptor type carried.
    weapon_of: BTreeMap<usize, usize>,
}

impl Armoury {
    /// Builds the weapon types of `scenario`'s battalions.
    pub fn new(scenario: &Scenario) -> Armoury {
        let cat = &scenario.catalog;
        let mut weapons = Vec::new();
        let mut weapon_of = BTreeMap::new();
        for b in scenario.units.iter().flat_map(|u| &u.battalions) {
            let interceptor = cat.launchers[b.launcher].interceptor;
            weapon_of.entry(interceptor).or_insert_with(|| {
                let it = &cat.interceptors[interceptor];
                let params = it.flyout_params();
                let envelope = Envelope {
                    min_range_m: it.min_range_m,
                    max_range_m: it.max_range_m,
                    max_range_ballistic_m: it.max_range_ballistic_m,
                    min_altitude_m: it.min_altitude_m,
                    max_altitude_m: it.max_altitude_m,
                    max_time_of_flight_s: LAUNCH_TOF_MARGIN * params.max_time_of_flight_s,
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
        }
        Armoury {
            weapons: Arc::new(weapons),
            weapon_of,
        }
    }
}

/// The engagement phases of one run.
pub(crate) struct Engagement {
    frame: LocalFrame,
    /// Threat evaluation, which keeps the assessment of a track until a
    /// radar updates it.
    evaluator: Evaluator,
    scan: ScanConfig,
    perfect: bool,
    assets: Vec<AssetView>,
    weapons: Arc<Vec<(WeaponType, InterceptorParams)>>,
    units: Vec<Unit>,
    rounds: Vec<Round>,
    threats: Vec<Engaged>,
    /// When the command post first saw each track confirmed.
    confirmed_at: BTreeMap<u64, SimTime>,
    /// (track, threat) pairs the command post judged killed: that track is
    /// not engaged again while it follows that threat. The assessment is an
    /// abstraction drawn on the true outcome (`p_look`), so its verdict is
    /// about the object engaged: a track that afterwards follows another
    /// object (a killed drone's track taking its neighbour's reports)
    /// carries no verdict on it, as a command post would see a track it
    /// judged killed go on being updated and engage it.
    judged_killed: BTreeSet<(u64, u32)>,
    /// (track, unit) pairs whose launch window opens later: not re-assessed
    /// before this time (see [`MAX_DEFER`]).
    deferred: BTreeMap<(u64, usize), SimTime>,
    next_cycle: SimTime,
    cycle: u64,
    magazine: Vec<(SimTime, u32)>,
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
    pub fn new(scenario: &Scenario, armoury: &Armoury, frame: LocalFrame, perfect: bool) -> Self {
        let cat = &scenario.catalog;
        let enu = |p: &canopy_core::geo::Geodetic| frame.to_enu(&p.to_ecef()).0;
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
                let w = armoury.weapon_of[&l.interceptor];
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
                            capacity: l.rounds,
                            reloads: l.reloads,
                            next_launch: SimTime::ZERO,
                            reloaded_at: None,
                        })
                        .collect(),
                    min_interval: SimTime::from_secs_f64(l.min_launch_interval_s),
                    reload: SimTime::from_secs_f64(l.reload_s),
                    missile_channels: rt.missile_channels,
                    reaction,
                    doctrine: u.doctrine.rules,
                    p_look: u.doctrine.p_look,
                    sspk: it.sspk,
                    seeker: it.seeker,
                    type_name: it.entry.name.clone(),
                    launch_point: b.radar.site.to_ecef().0,
                    site_enu: site,
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
        let loaded = units
            .iter()
            .flat_map(|u: &Unit| &u.launchers)
            .map(|l| l.rounds)
            .sum();
        Engagement {
            frame,
            evaluator: Evaluator::new(EvaluationParams::default())
                .expect("the default evaluation parameters are valid"),
            scan: ScanConfig::default(),
            perfect,
            assets,
            weapons: Arc::clone(&armoury.weapons),
            units,
            rounds: Vec::new(),
            threats: vec![Engaged::default(); scenario.threat_count() as usize],
            confirmed_at: BTreeMap::new(),
            judged_killed: BTreeSet::new(),
            deferred: BTreeMap::new(),
            next_cycle: SimTime::ZERO,
            cycle: 0,
            magazine: vec![(SimTime::ZERO, loaded)],
        }
    }

    /// The command post's part of a tick ending at `t1`, after the radars'
    /// looks: kill assessments that fall due, reloads, and (on the C2 cycle)
    /// evaluation and assignment. `truth` is indexed by threat.
    pub fn command(
        &mut self,
        t1: SimTime,
        truth: &[TruthSample],
        tracking: Option<&Tracking>,
        sensors: &mut [Sensor],
        streams: &Streams,
        sink: &mut dyn Sink,
    ) {
        self.assess_kills(t1, sensors, streams, sink);
        self.reload(t1);
        if t1 >= self.next_cycle {
            self.next_cycle = t1 + C2_CYCLE;
            let tracks = self.picture(t1, truth, tracking);
            self.assign(t1, &tracks, sensors, streams, sink);
            self.cycle += 1;
        }
    }

    /// What guidance sees at `t` of the threat round `i` is fired at, whose
    /// true position then is `at_t`: its seeker's measurement once the
    /// seeker sees the target, the track before. A round whose track is gone
    /// takes the confirmed track that continues the last estimate it flew on
    /// (`crate::continuity`), if there is one, and keeps it.
    fn estimate(
        &mut self,
        i: usize,
        t: SimTime,
        at_t: Vector3<f64>,
        truth: &[TruthSample],
        tracking: Option<&Tracking>,
        streams: &Streams,
    ) -> TargetEstimate {
        let ts = t.as_secs_f64();
        if let Some(seen) = self.seeker_view(i, ts, at_t, truth, streams) {
            self.rounds[i].record.seeker_time.get_or_insert(t);
            return seen;
        }
        let r = &self.rounds[i];
        if self.perfect {
            let s = &truth[r.record.threat.0 as usize];
            if s.flying {
                return TargetEstimate {
                    position: at_t,
                    velocity: s.velocity,
                    time_s: ts,
                };
            }
        } else if let Some(tr) = tracking {
            let tracker = tr.tracker();
            let mut track = tracker.track(TrackId(r.record.track));
            if track.is_none()
                && let Some(id) = self.successor(&r.estimate, tracker)
            {
                self.rounds[i].record.track = id;
                track = tracker.track(TrackId(id));
            }
            if let Some(k) = track.and_then(|track| track.predict_to(ts).ok()) {
                return TargetEstimate {
                    position: self.frame.to_ecef(&Enu(k.position)).0,
                    velocity: self.frame.vec_to_ecef(&k.velocity),
                    time_s: ts,
                };
            }
        }
        // Track lost (or target gone): fly on the last estimate.
        self.rounds[i].estimate
    }

    /// Round `i`'s seeker measurement of its target at `ts`, if it has a
    /// seeker that sees the target from where the round is (the round's own
    /// sensor, so it looks at the target itself; never with perfect sensing,
    /// which already guides on the truth). Each measurement draws its noise
    /// from its own block of the round's stream.
    fn seeker_view(
        &mut self,
        i: usize,
        ts: f64,
        at_t: Vector3<f64>,
        truth: &[TruthSample],
        streams: &Streams,
    ) -> Option<TargetEstimate> {
        let r = &self.rounds[i];
        let seeker = self.units[r.unit].seeker?;
        let flight = r.flight.as_ref()?;
        let th = r.record.threat.0 as usize;
        let s = &truth[th];
        let at = flight.position();
        if self.perfect
            || !s.flying
            || self.threats[th].killed_by.is_some()
            || !seeker.sees(&at, &flight.velocity(), &at_t, s.rcs_m2)
        {
            return None;
        }
        let mut rng = streams.block(Subsystem::Seeker, u64::from(r.record.index), r.seeker_looks);
        let noise = [standard_normal(&mut rng), standard_normal(&mut rng)];
        let seen = seeker.measure(
            &at,
            &TargetEstimate {
                position: at_t,
                velocity: s.velocity,
                time_s: ts,
            },
            noise,
        );
        self.rounds[i].seeker_looks += 1;
        Some(seen)
    }

    /// The confirmed track of `tracker` that continues `last`, a round's last
    /// estimate.
    fn successor(&self, last: &TargetEstimate, tracker: &Tracker) -> Option<u64> {
        let last = Estimate {
            position: self.frame.to_enu(&Ecef(last.position)).0,
            velocity: self.frame.vec_to_enu(&last.velocity),
            time_s: last.time_s,
        };
        last.successor(tracker.confirmed().map(|t| {
            let k = t.state();
            let estimate = Estimate {
                position: k.position,
                velocity: k.velocity,
                time_s: k.time_s,
            };
            (t.id().0, estimate)
        }))
    }

    /// Rounds in flight fly the tick `t0..t1` in guidance periods, on the
    /// track picture as it stood at `t0` (before this tick's looks) or on
    /// their seekers, and are resolved against `truth` (indexed by threat);
    /// returns the threats killed.
    pub fn fly_out(
        &mut self,
        t0: SimTime,
        t1: SimTime,
        truth: &[TruthSample],
        tracking: Option<&Tracking>,
        streams: &Streams,
        sink: &mut dyn Sink,
    ) -> Vec<ThreatId> {
        let mut kills = Vec::new();
        // Slice-major, as if the tick were the guidance period: a kill in one
        // slice is seen by every round's next slice.
        let mut a = t0;
        while a < t1 {
            let b = (a + GUIDANCE_PERIOD).min(t1);
            for i in 0..self.rounds.len() {
                if let Some(k) = self.fly_slice(i, (a, b), (t0, t1), truth, tracking, streams, sink)
                {
                    kills.push(k);
                }
            }
            a = b;
        }
        kills
    }

    /// Flies round `i` over the slice `a..b` of the tick `t0..t1` on a new
    /// estimate of its target made at `a`, measures its true miss on the
    /// slice's chords, and resolves the round if its flight ended; returns
    /// the threat it killed, if it did.
    #[allow(clippy::too_many_arguments)]
    fn fly_slice(
        &mut self,
        i: usize,
        (a, b): (SimTime, SimTime),
        (t0, t1): (SimTime, SimTime),
        truth: &[TruthSample],
        tracking: Option<&Tracking>,
        streams: &Streams,
        sink: &mut dyn Sink,
    ) -> Option<ThreatId> {
        let flight = self.rounds[i].flight.as_ref()?;
        let (s0, s1) = (t0.as_secs_f64(), t1.as_secs_f64());
        // A round launched at t0 flies the whole tick.
        let start = flight.time_s().max(a.as_secs_f64());
        let stop = b.as_secs_f64();
        if stop - start <= 0.0 {
            return None;
        }
        let th = self.rounds[i].record.threat.0 as usize;
        let target = truth[th];
        // The threat's true path over the tick is its chord.
        let lerp = |t: f64| {
            target
                .p0
                .lerp(&target.p1, ((t - s0) / (s1 - s0)).clamp(0.0, 1.0))
        };
        // Guidance for the slice is what the round sees as it starts.
        let estimate = self.estimate(i, a, lerp(a.as_secs_f64()), truth, tracking, streams);
        let r = &mut self.rounds[i];
        r.estimate = estimate;
        let flight = r.flight.as_mut()?;
        let p0 = flight.position();
        let event = flight
            .step(stop - start, Some(&estimate))
            .unwrap_or(FlightEvent::MaxTimeOfFlight { time_s: start });
        let end = flight.time_s().clamp(start, stop);
        let p1 = flight.position();
        let alive = target.flying && self.threats[th].killed_by.is_none();
        if alive && end > start {
            let m = chord_miss(start, end, (p0, p1), (lerp(start), lerp(end)));
            r.best_miss = r.best_miss.min(m);
        }
        if !event.is_terminal() {
            return None;
        }
        r.flight = None;
        let end_time = SimTime::from_secs_f64(end);
        r.record.end_time = Some(end_time);
        r.record.ended_by = FlightEnd::of(&event);
        let unit = &self.units[r.unit];
        r.assess_at = Some(end_time + SimTime::from_secs_f64(unit.doctrine.assessment_delay_s));
        let sspk = unit.sspk;
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
        t.timeline.first_intercept.get_or_insert(end_time);
        if killed {
            t.killed_by = Some(r.record.index);
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
        killed.then_some(r.record.threat)
    }

    /// Kill assessment, the doctrine's delay after each round ends. When
    /// the last round of an engagement is assessed, the command post judges
    /// the outcome (see the module docs): the target's radar channel is
    /// freed, and a survivor judged alive re-enters evaluation.
    fn assess_kills(
        &mut self,
        now: SimTime,
        sensors: &mut [Sensor],
        streams: &Streams,
        sink: &mut dyn Sink,
    ) {
        for r in &mut self.rounds {
            if r.assess_at.is_none_or(|t| t > now) {
                continue;
            }
            r.assess_at = None;
            let th = r.record.threat;
            let engaged = &mut self.threats[th.0 as usize];
            let s = &mut engaged.state;
            s.rounds_in_flight = s.rounds_in_flight.saturating_sub(1);
            if s.rounds_in_flight > 0 {
                continue;
            }
            let unit = &self.units[r.unit];
            sensors[unit.sensor.0 as usize].release(th.0);
            let killed = engaged.killed_by.is_some();
            let judged_killed = killed
                || streams
                    .block(
                        Subsystem::Assessment,
                        u64::from(th.0),
                        u64::from(s.salvos_fired),
                    )
                    .random::<f64>()
                    >= unit.p_look;
            if judged_killed {
                self.judged_killed.insert((r.record.track, th.0));
            }
            engaged.timeline.assessed = Some(now);
            sink.event(&Event::Assessed {
                time: now,
                shot: r.record.index,
                track: r.record.track,
                threat: th,
                judged_killed,
                killed,
            });
        }
    }

    /// Completes the reloads due by `now` and starts one on every empty
    /// launcher that still has a reload.
    fn reload(&mut self, now: SimTime) {
        let mut changed = false;
        for u in &mut self.units {
            for l in &mut u.launchers {
                if l.reloaded_at.is_some_and(|t| t <= now) {
                    l.reloaded_at = None;
                    l.rounds = l.capacity;
                    changed = true;
                }
                if l.rounds == 0 && l.reloaded_at.is_none() && l.reloads > 0 {
                    l.reloads -= 1;
                    l.reloaded_at = Some(now + u.reload);
                }
            }
        }
        if changed {
            self.note_magazine(now);
        }
    }

    /// Records the total of ready rounds after a change.
    fn note_magazine(&mut self, now: SimTime) {
        let total = self
            .units
            .iter()
            .flat_map(|u| &u.launchers)
            .map(|l| l.rounds)
            .sum();
        self.magazine.push((now, total));
    }

    /// The confirmed tracks C2 sees at `now`, each linked to the nearest
    /// flying threat.
    /// A track is reported as its last estimate (made at the last scan that
    /// covered it), not extrapolated to `now`: the evaluation then only
    /// predicts a track again when a radar has updated it.
    fn picture(
        &mut self,
        now: SimTime,
        truth: &[TruthSample],
        tracking: Option<&Tracking>,
    ) -> Vec<C2Track> {
        let ts = now.as_secs_f64();
        let mut out = Vec::new();
        let enu_view = |id: u64,
                        time_s: f64,
                        p: Vector3<f64>,
                        v: Vector3<f64>,
                        cov: [[f64; 3]; 3],
                        confirmed| TrackView {
            id,
            time_s,
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
                    view: enu_view(i as u64, ts, p, v, cov, true),
                    firm: true,
                    threat: Some(i as u32),
                });
            }
        } else if let Some(tr) = tracking {
            for track in tr.tracker().tracks() {
                let k = track.state();
                let c = k.position_covariance();
                let cov = [0, 1, 2].map(|r| [0, 1, 2].map(|col| c[(r, col)]));
                let threat = tr
                    .origin(track.id())
                    .filter(|&th| truth[th as usize].flying);
                out.push(C2Track {
                    view: enu_view(
                        track.id().0,
                        k.time_s,
                        k.position,
                        k.velocity,
                        cov,
                        track.is_confirmed(),
                    ),
                    firm: track.hits() >= FIRM_TRACK_HITS && track.consecutive_misses() == 0,
                    threat,
                });
            }
        }
        for t in &out {
            if t.view.confirmed {
                self.confirmed_at.entry(t.view.id).or_insert(now);
            }
            if let Some(th) = t.threat {
                if t.view.confirmed {
                    self.threats[th as usize]
                        .timeline
                        .first_confirmed
                        .get_or_insert(now);
                }
                self.threats[th as usize].note(if t.view.confirmed {
                    LeakCause::NotAssigned
                } else {
                    LeakCause::NeverConfirmed
                });
            }
        }
        // Tentative tracks count for the leak accounting above but are never
        // engaged, so they are not evaluated (most are false alarms).
        out.retain(|t| t.view.confirmed);
        out
    }

    /// What unit `u` can fire now: ready launchers, and missile channels
    /// not guiding a round.
    fn unit_state(&self, u: usize, now: SimTime) -> UnitState {
        let unit = &self.units[u];
        let guiding = self
            .rounds
            .iter()
            .filter(|r| r.unit == u && r.flight.is_some())
            .count() as u32;
        UnitState {
            ready_rounds: unit.launchers.iter().filter(|l| l.ready(now)).count() as u32,
            free_channels: unit.missile_channels.saturating_sub(guiding),
            magazine_rounds: unit.launchers.iter().map(|l| l.rounds).sum(),
        }
    }

    /// Evaluation, candidate pairs and weapon-target assignment at `now`
    /// (see the module docs).
    fn assign(
        &mut self,
        now: SimTime,
        tracks: &[C2Track],
        sensors: &mut [Sensor],
        streams: &Streams,
        sink: &mut dyn Sink,
    ) {
        let ts = now.as_secs_f64();
        self.deferred.retain(|_, until| *until > now);
        let views: Vec<TrackView> = tracks.iter().map(|t| t.view.clone()).collect();
        let Ok(evaluation) = self
            .evaluator
            .evaluate(&self.frame, ts, &views, &self.assets)
        else {
            return;
        };
        let states: Vec<UnitState> = (0..self.units.len())
            .map(|u| self.unit_state(u, now))
            .collect();
        // Candidate pairs, in evaluation priority order.
        let mut pairs: Vec<Pair> = Vec::new();
        let mut budget = MAX_ASSESSMENTS;
        'tracks: for &i in &evaluation.priority {
            let Some(th) = tracks[i].threat.filter(|_| tracks[i].firm) else {
                continue;
            };
            let a = &evaluation.assessments[i];
            let target = self.threats[th as usize].state;
            if target.rounds_in_flight > 0 || self.judged_killed.contains(&(a.track_id, th)) {
                continue;
            }
            let confirmed = self.confirmed_at.get(&a.track_id).copied().unwrap_or(now);
            for (u, unit) in self.units.iter().enumerate() {
                if confirmed + unit.reaction > now {
                    continue;
                }
                let (weapon, params) = &self.weapons[unit.weapon];
                // Out of reach whatever the threat does: the intercept is
                // within the envelope's range of the launcher, before the
                // round's time of flight, and the threat cannot fly farther
                // than its speed allows meanwhile. Costs no assessment.
                let tof = params.max_time_of_flight_s;
                let fall = if a.class == ThreatClass::Ballistic {
                    STANDARD_GRAVITY * tof
                } else {
                    0.0
                };
                // The estimate may be a few seconds old: the threat has flown
                // on since.
                let age = ts - tracks[i].view.time_s;
                let reach =
                    weapon.envelope().max_range_m + (a.kinematics.speed_mps + fall) * (tof + age);
                if (Vector3::from(tracks[i].view.position) - unit.site_enu).norm() > reach {
                    self.threats[th as usize].note(LeakCause::OutsideEnvelope);
                    continue;
                }
                if self
                    .deferred
                    .get(&(a.track_id, u))
                    .is_some_and(|&until| until > now)
                {
                    self.threats[th as usize].note(hold_cause(HoldReason::NotFeasible));
                    continue;
                }
                if budget == 0 {
                    break 'tracks;
                }
                budget -= 1;
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
                let opportunity = Opportunity::new(a, &feas, weapon.envelope());
                let decision = unit.doctrine.decide(&opportunity, &states[u], &target);
                if matches!(decision, Ok(FireDecision::Hold(HoldReason::NotFeasible))) {
                    let until = feas.window.map_or(now + MAX_DEFER, |w| {
                        let due = (w.earliest_launch_s - C2_CYCLE.as_secs_f64()).max(ts);
                        SimTime::from_secs_f64(due).min(now + MAX_DEFER)
                    });
                    self.deferred.insert((a.track_id, u), until);
                }
                match decision {
                    Ok(FireDecision::Fire { rounds }) => pairs.push(Pair {
                        unit: u,
                        track: i,
                        threat: th,
                        rounds,
                        plan: feas.solution,
                        opportunity,
                    }),
                    Ok(FireDecision::Hold(reason)) => {
                        self.threats[th as usize].note(hold_cause(reason));
                    }
                    Err(_) => {}
                }
            }
        }
        if pairs.is_empty() {
            return;
        }
        let plan = self.solve_wta(&pairs, &states, &evaluation, streams);
        // Execute in priority order; each unit re-checks its doctrine
        // against what it has left after the launches before.
        for (k, p) in pairs.iter().enumerate() {
            if !plan[k] {
                continue;
            }
            let a = &evaluation.assessments[p.track];
            let state = self.unit_state(p.unit, now);
            let target = self.threats[p.threat as usize].state;
            let unit = &self.units[p.unit];
            let Ok(decision) = unit.doctrine.decide(&p.opportunity, &state, &target) else {
                continue;
            };
            let cause = match decision {
                FireDecision::Fire { rounds } => {
                    if sensors[unit.sensor.0 as usize].task(p.threat, now).is_ok() {
                        let v = &tracks[p.track].view;
                        let estimate = TargetEstimate {
                            position: self.frame.to_ecef(&Enu(Vector3::from(v.position))).0,
                            velocity: self.frame.vec_to_ecef(&Vector3::from(v.velocity)),
                            time_s: ts,
                        };
                        // The assignment chose the target (and the unit);
                        // the salvo is the doctrine's order, not an
                        // optimisation variable: a saturated WTA would
                        // otherwise spread single rounds.
                        sink.event(&Event::Assigned {
                            time: now,
                            unit: &unit.name,
                            track: a.track_id,
                            threat: ThreatId(p.threat),
                            rounds,
                        });
                        self.launch(p, rounds, a.track_id, now, estimate, sink);
                        continue;
                    }
                    LeakCause::NoFreeChannel
                }
                FireDecision::Hold(reason) => hold_cause(reason),
            };
            self.threats[p.threat as usize].note(cause);
        }
        // Targets the assignment left without a round: the doctrine says,
        // on what the unit has left, why it cannot fire now (or, if it
        // still could, the assignment preferred other targets).
        for p in &pairs {
            let target = self.threats[p.threat as usize].state;
            if target.rounds_in_flight > 0 || self.threats[p.threat as usize].killed_by.is_some() {
                continue;
            }
            let state = self.unit_state(p.unit, now);
            let cause = match self.units[p.unit]
                .doctrine
                .decide(&p.opportunity, &state, &target)
            {
                Ok(FireDecision::Hold(reason)) => hold_cause(reason),
                _ => LeakCause::NotAssigned,
            };
            self.threats[p.threat as usize].note(cause);
        }
    }

    /// Solves the cycle's weapon-target assignment over the candidate
    /// pairs; returns whether it gives each pair a round.
    fn solve_wta(
        &self,
        pairs: &[Pair],
        states: &[UnitState],
        evaluation: &canopy_c2::evaluate::Evaluation,
        streams: &Streams,
    ) -> Vec<bool> {
        // Targets in first-appearance (priority) order.
        let mut targets: Vec<usize> = Vec::new();
        for p in pairs {
            if !targets.contains(&p.track) {
                targets.push(p.track);
            }
        }
        let column = |track: usize| targets.iter().position(|&t| t == track).unwrap_or(0);
        // A threat threatening no asset still has a small value, so weapons
        // free engages it when rounds are to spare.
        let value: Vec<f64> = targets
            .iter()
            .map(|&t| evaluation.assessments[t].threat_value.max(MIN_TARGET_VALUE))
            .collect();
        let mut max_shots = vec![0usize; targets.len()];
        for p in pairs {
            let j = column(p.track);
            max_shots[j] = max_shots[j].max(p.rounds as usize);
        }
        // One weapon per round a unit can fire now.
        let mut rows: Vec<Vec<f64>> = Vec::new();
        let mut owner: Vec<usize> = Vec::new();
        let mut units: Vec<usize> = pairs.iter().map(|p| p.unit).collect();
        units.sort_unstable();
        units.dedup();
        for &u in &units {
            let s = states[u];
            let mut row = vec![0.0; targets.len()];
            for p in pairs.iter().filter(|p| p.unit == u) {
                row[column(p.track)] = self.units[u].sspk;
            }
            for _ in 0..s.ready_rounds.min(s.free_channels) {
                rows.push(row.clone());
                owner.push(u);
            }
        }
        let mut plan = vec![false; pairs.len()];
        let Ok(problem) = WtaProblem::new(value, rows).and_then(|p| p.with_max_shots(max_shots))
        else {
            return plan;
        };
        let mut rng = streams.block(Subsystem::Command, 0, self.cycle);
        let solution = solve(&problem, &wta_options(), &mut rng);
        for (w, target) in solution.assignment.iter().enumerate() {
            let Some(j) = *target else { continue };
            if let Some(k) = pairs
                .iter()
                .position(|p| p.unit == owner[w] && p.track == targets[j])
            {
                plan[k] = true;
            }
        }
        plan
    }

    /// Launches `rounds` from the pair's unit's ready launchers.
    fn launch(
        &mut self,
        pair: &Pair,
        rounds: u32,
        track: u64,
        now: SimTime,
        estimate: TargetEstimate,
        sink: &mut dyn Sink,
    ) {
        let ts = now.as_secs_f64();
        let u = pair.unit;
        let threat = pair.threat;
        let unit = &mut self.units[u];
        let params = &self.weapons[unit.weapon].1;
        let origin = unit.launch_point;
        let origin_geodetic = Ecef(origin).to_geodetic();
        // The planned launch toward the predicted intercept point (lofted, or
        // along the line of sight raised clear of the ground); straight up
        // with no plan.
        let dir = pair
            .plan
            .map_or(self.frame.vec_to_ecef(&Vector3::z()), |p| {
                let aim = self.frame.to_ecef(&Enu(Vector3::from(p.point))).0;
                self.weapons[unit.weapon]
                    .0
                    .table()
                    .launch_direction(&origin, &aim)
            });
        let engaged = &mut self.threats[threat as usize];
        engaged.state.salvos_fired += 1;
        engaged.timeline.first_launch.get_or_insert(now);
        let salvo = engaged.state.salvos_fired;
        let mut fired = 0;
        for l in &mut unit.launchers {
            if fired == rounds {
                break;
            }
            if !l.ready(now) {
                continue;
            }
            let Ok(mut flight) = Interceptor::launch(params.clone(), origin, dir, ts) else {
                continue;
            };
            if let Some(p) = pair.plan {
                flight = flight.plan_intercept_at(p.intercept_time_s);
            }
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
                ended_by: None,
                miss_m: None,
                seeker_time: None,
                result: ShotResult::InFlight,
            };
            sink.event(&Event::InterceptorLaunched {
                time: now,
                origin: origin_geodetic,
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
                seeker_looks: 0,
                best_miss: f64::INFINITY,
                assess_at: None,
            });
        }
        if fired > 0 {
            self.note_magazine(now);
        }
    }

    /// Every flying round's index and position (for replay samples).
    pub fn flying_rounds(&self) -> impl Iterator<Item = (u32, Ecef)> + '_ {
        self.rounds.iter().filter_map(|r| {
            r.flight
                .as_ref()
                .map(|f| (r.record.index, Ecef(f.position())))
        })
    }

    /// Whether any round is still flying or awaiting assessment.
    pub fn busy(&self) -> bool {
        self.rounds
            .iter()
            .any(|r| r.flight.is_some() || r.assess_at.is_some())
    }

    /// Each threat's engagement chain so far.
    pub fn timeline(&self, threat: ThreatId) -> Timeline {
        self.threats[threat.0 as usize].timeline
    }

    /// Ready rounds over time.
    pub fn magazine(&self) -> &[(SimTime, u32)] {
        &self.magazine
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
