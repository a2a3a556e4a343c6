//! The world of one run and its fixed step order.

use crate::engage::{
    Armoury, Engagement, EngagementSummary, LeakCause, ThreatFate, ThreatRecord, Timeline,
    TruthSample,
};
use crate::event::{EndCause, EntityInfo, Event, Sink};
use crate::sensors::{self, Looks, Sensor, SensorId, SensorInfo, Target, TaskError};
use crate::tracking::{SensorGeometry, Tracking};
use canopy_core::geo::{Ecef, Geodetic, LocalFrame};
use canopy_core::{SimTime, Streams, Subsystem};
use canopy_motion::{
    BallisticPlan, BallisticShape, EndReason, Mover, Plan, RoutePlan, Status, Waypoint,
};
use canopy_scenario::{Raid, RaidGoal, Scenario, ThreatKinematics, Trajectory};
use canopy_sensors::detection::Swerling;
use rand::RngExt;

/// Handle of a threat in [`World::threats`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ThreatId(pub u32);

/// Settings of one run that are not part of the scenario.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct RunConfig {
    /// Master seed.
    pub seed: u64,
    /// Index of this run in a batch.
    pub run: u64,
    /// Run the engagement phases (evaluate → assign → fly out → resolve).
    /// Off by default, so sensing-and-tracking analyses are unchanged.
    pub engage: bool,
    /// VALIDATION OPTION: command and control gets exact truth-derived
    /// tracks (and guidance flies on truth) instead of the fused picture.
    pub perfect_sensing: bool,
}

impl RunConfig {
    /// A run without engagement or the validation option.
    pub fn new(seed: u64, run: u64) -> RunConfig {
        RunConfig {
            seed,
            run,
            engage: false,
            perfect_sensing: false,
        }
    }
}

/// Where a threat is in its life.
#[derive(Clone, Debug, PartialEq)]
enum Phase {
    /// Not launched yet.
    Waiting,
    /// In flight.
    Flying,
    /// Done.
    Ended(EndCause, SimTime),
}

/// One threat.
#[derive(Clone, Debug)]
struct Threat {
    info: EntityInfo,
    mover: Mover,
    phase: Phase,
    rcs_m2: f64,
    swerling: Swerling,
}

/// How good the fused track picture was, against truth, at the truth
/// sampling times (confirmed tracks only).
#[derive(Clone, Debug, PartialEq)]
pub struct TrackScore {
    /// Mean GOSPA (c = [`crate::GOSPA_CUTOFF_M`], p = 2, α = 2), m.
    pub gospa_mean_m: f64,
    /// RMS position error of the tracks that hold a threat, m.
    pub rms_error_m: f64,
    /// Mean number of flying threats not held by any track.
    pub missed_per_sample: f64,
    /// Mean number of tracks holding no threat.
    pub false_per_sample: f64,
    /// Distinct confirmed tracks.
    pub tracks: usize,
    /// Times a threat's holding track changed or was lost and regained.
    pub breaks: usize,
    /// Confirmed tracks that never held a threat.
    pub false_tracks: usize,
    /// Mean time from a threat's first sample to its first holding track, s.
    pub latency_mean_s: f64,
    /// Threats never held by a track.
    pub never_held: usize,
}

/// What a run produced, besides its events.
#[derive(Clone, Debug, PartialEq)]
pub struct RunSummary {
    /// Threats in the scenario.
    pub threats: usize,
    /// Threats that reached their target.
    pub impacts: usize,
    /// Aircraft that flew their whole route.
    pub routes_completed: usize,
    /// Threats still flying (or not yet launched) when the run ended.
    pub unfinished: usize,
    /// Simulated time at the end.
    pub end_time: SimTime,
    /// Track-picture quality, when the scenario has radars.
    pub tracking: Option<TrackScore>,
    /// Threats killed by interceptors.
    pub killed: usize,
    /// Kills, leaks and rounds, when the run engaged.
    pub engagement: Option<EngagementSummary>,
}

/// The state of one run.
pub struct World {
    time: SimTime,
    tick: SimTime,
    duration: SimTime,
    truth_interval: SimTime,
    next_truth: SimTime,
    threats: Vec<Threat>,
    infos: Vec<EntityInfo>,
    sensors: Vec<Sensor>,
    sensor_infos: Vec<SensorInfo>,
    streams: Streams,
    /// Scratch list of flying targets, reused every tick.
    targets: Vec<Target>,
    /// The fused track picture (absent when the scenario has no radar).
    tracking: Option<Tracking>,
    /// One radar's reports of the tick (reused), and first detections.
    looks: Looks,
    /// The engagement phases (absent unless [`RunConfig::engage`] and the
    /// scenario has fire units).
    engagement: Option<Engagement>,
    /// Every threat's true state over the current tick (engagement runs),
    /// indexed by threat.
    truth: Vec<TruthSample>,
}

/// Runs `scenario` to its end, emitting every event to `sink`.
pub fn run(scenario: &Scenario, config: RunConfig, sink: &mut dyn Sink) -> RunSummary {
    play(World::new(scenario, config), sink)
}

/// [`run`] with the scenario's weapon types built beforehand
/// ([`Armoury::new`] of the same scenario): what a batch does, so that its
/// runs share one set of flyout tables. Results are those of [`run`].
pub fn run_with(
    scenario: &Scenario,
    armoury: &Armoury,
    config: RunConfig,
    sink: &mut dyn Sink,
) -> RunSummary {
    play(World::build(scenario, config, Some(armoury)), sink)
}

fn play(mut world: World, sink: &mut dyn Sink) -> RunSummary {
    world.start(sink);
    while !world.is_done() {
        world.step(sink);
    }
    world.finish(sink)
}

/// The motion plan of the `k`-th threat of a raid launched from `launch`.
fn plan(scenario: &Scenario, raid: &Raid, launch: Geodetic) -> Plan {
    let threat = &scenario.catalog.threats[raid.threat];
    let aim = match raid.goal {
        RaidGoal::Asset(i) => Some(scenario.assets[i].position),
        RaidGoal::Point(p) => Some(p),
        RaidGoal::Route => None,
    };
    match &threat.kinematics {
        ThreatKinematics::Ballistic { .. } => Plan::Ballistic(BallisticPlan {
            launch,
            // Validation guarantees ballistic raids have an aim point.
            aim: aim.unwrap_or(launch),
            shape: match raid.trajectory {
                Trajectory::MinimumEnergy => BallisticShape::MinimumEnergy,
                Trajectory::FlightPathAngle(deg) => BallisticShape::FlightPathAngle { deg },
            },
        }),
        ThreatKinematics::Route {
            cruise_speed_mps,
            max_turn_rate_dps,
            max_climb_mps,
            max_accel_mps2,
            ..
        } => {
            let mut waypoints = vec![Waypoint {
                pos: launch,
                speed_mps: *cruise_speed_mps,
            }];
            waypoints.extend(raid.route.iter().map(|r| Waypoint {
                pos: r.position,
                speed_mps: r.speed_mps,
            }));
            if let Some(a) = aim {
                waypoints.push(Waypoint {
                    pos: a,
                    speed_mps: *cruise_speed_mps,
                });
            }
            Plan::Route(RoutePlan {
                waypoints,
                max_turn_rate_dps: *max_turn_rate_dps,
                max_climb_mps: *max_climb_mps,
                max_accel_mps2: *max_accel_mps2,
                terminal: raid.terminal,
                impact_at_end: aim.is_some(),
            })
        }
    }
}

impl World {
    /// Builds the world: expands raids into threats, drawing launch points
    /// inside launch areas from each threat's own raid stream.
    pub fn new(scenario: &Scenario, config: RunConfig) -> World {
        let armoury = config.engage.then(|| Armoury::new(scenario));
        World::build(scenario, config, armoury.as_ref())
    }

    /// [`World::new`] with the weapon types given (needed when
    /// `config.engage`).
    fn build(scenario: &Scenario, config: RunConfig, armoury: Option<&Armoury>) -> World {
        let streams = Streams::new(config.seed, config.run);
        let mut threats = Vec::with_capacity(scenario.threat_count() as usize);
        for (r, raid) in scenario.raids.iter().enumerate() {
            let ttype = &scenario.catalog.threats[raid.threat];
            for k in 0..raid.count {
                let id = ThreatId(threats.len() as u32);
                // The stream is keyed by (raid, k), not by the global index, so
                // adding a raid does not move the launch points of another.
                let mut rng = streams.stream(Subsystem::Raid, ((r as u64) << 24) | u64::from(k));
                let launch = if raid.launch.radius_m > 0.0 {
                    // Uniform over the disc: radius ∝ √u.
                    let d = raid.launch.radius_m * rng.random::<f64>().sqrt();
                    let az = 360.0 * rng.random::<f64>();
                    raid.launch.centre.destination(az, d)
                } else {
                    raid.launch.centre
                };
                let mover = Mover::new(plan(scenario, raid, launch))
                    .expect("validated scenarios yield valid motion plans");
                let info = EntityInfo {
                    id,
                    name: format!("{}#{}", raid.name, k + 1),
                    type_name: ttype.entry.name.clone(),
                    class: ttype.class.name(),
                    raid: r,
                    launch_time: raid.launch_time
                        + SimTime(raid.interval.as_nanos() * i64::from(k)),
                };
                threats.push(Threat {
                    info,
                    mover,
                    phase: Phase::Waiting,
                    rcs_m2: ttype.rcs_m2,
                    // Catalog validation keeps swerling in 0..=4.
                    swerling: Swerling::ALL[usize::from(ttype.swerling.min(4))],
                });
            }
        }
        let infos = threats.iter().map(|t| t.info.clone()).collect();
        let sensors = sensors::build(scenario);
        let sensor_infos = sensors.iter().map(|s| s.info.clone()).collect();
        // One fusion centre, at the first unit's site.
        let tracking = scenario
            .units
            .first()
            .filter(|_| !sensors.is_empty())
            .map(|u| {
                let frame = LocalFrame::new(u.site);
                let geometry = sensors
                    .iter()
                    .map(|s| {
                        SensorGeometry::new(&frame, s.frame(), s.params(), s.clutter_density())
                    })
                    .collect();
                Tracking::new(frame, geometry)
            });
        let engagement = scenario
            .units
            .first()
            .filter(|_| scenario.units.iter().any(|u| !u.battalions.is_empty()))
            .zip(armoury.filter(|_| config.engage))
            .map(|(u, armoury)| {
                Engagement::new(
                    scenario,
                    armoury,
                    LocalFrame::new(u.site),
                    config.perfect_sensing,
                )
            });
        World {
            looks: Looks {
                first_detected: vec![None; threats.len()],
                ..Looks::default()
            },
            truth: if engagement.is_some() {
                threats
                    .iter()
                    .map(|th| {
                        let p = th.mover.position().0;
                        TruthSample {
                            p0: p,
                            p1: p,
                            velocity: th.mover.velocity(),
                            flying: false,
                            rcs_m2: th.rcs_m2,
                        }
                    })
                    .collect()
            } else {
                Vec::new()
            },
            engagement,
            tracking,
            sensors,
            sensor_infos,
            streams,
            targets: Vec::new(),
            time: SimTime::ZERO,
            tick: scenario.tick,
            duration: scenario.duration,
            truth_interval: scenario.truth_interval,
            next_truth: SimTime::ZERO,
            threats,
            infos,
        }
    }

    /// Announces the run's entities and radars; call once before stepping.
    pub fn start(&self, sink: &mut dyn Sink) {
        sink.event(&Event::Start {
            entities: &self.infos,
            sensors: &self.sensor_infos,
        });
    }

    /// Current simulated time.
    pub fn time(&self) -> SimTime {
        self.time
    }

    /// Whether the run is over: the scenario's duration has elapsed, or
    /// every threat has ended and no interceptor is flying or awaiting its
    /// kill assessment (nothing can happen any more but false alarms).
    pub fn is_done(&self) -> bool {
        self.time >= self.duration
            || (self
                .threats
                .iter()
                .all(|t| matches!(t.phase, Phase::Ended(..)))
                && !self.engagement.as_ref().is_some_and(Engagement::busy))
    }

    /// The radars of this run, in handle order.
    pub fn sensors(&self) -> &[SensorInfo] {
        &self.sensor_infos
    }

    /// Tasks an engagement radar to track a threat on one of its target
    /// channels (the command post's decision; the radar then dwells on the
    /// target every track revisit until it is released or stops flying).
    pub fn task(&mut self, sensor: SensorId, threat: ThreatId) -> Result<(), TaskError> {
        let now = self.time;
        self.sensors[sensor.0 as usize].task(threat.0, now)
    }

    /// Releases a tracking task.
    pub fn release(&mut self, sensor: SensorId, threat: ThreatId) {
        self.sensors[sensor.0 as usize].release(threat.0);
    }

    /// Target channels in use on a radar.
    pub fn busy_channels(&self, sensor: SensorId) -> usize {
        self.sensors[sensor.0 as usize].busy_channels()
    }

    /// Advances one tick. The phase order is fixed and is part of the
    /// determinism contract:
    ///
    /// 1. **launch** — threats whose launch time has come start flying;
    /// 2. **move** — every flying threat advances by the tick; threats that
    ///    reach their target or route end stop;
    /// 3. **fly out** (with [`RunConfig::engage`]) — rounds in flight fly the
    ///    tick in guidance periods on the track picture as it stood at the
    ///    tick's start, and are resolved against truth; threats they kill end;
    /// 4. **sense** — every radar whose revisit time has come looks at every
    ///    flying threat and reports detections and false alarms;
    /// 5. **track** — each radar's scan is fused into the track picture as
    ///    soon as it is made (radars in handle order);
    /// 6. **command** (with [`RunConfig::engage`]) — kill assessments fall
    ///    due, launchers reload, and every C2 cycle the picture is evaluated
    ///    and rounds are assigned and launched (see the `engage` module);
    /// 7. **record** — truth and track samples, on the truth interval.
    pub fn step(&mut self, sink: &mut dyn Sink) {
        let t0 = self.time;
        let t1 = t0 + self.tick;
        let dt = self.tick.as_secs_f64();
        // 1. Launch. A threat launched inside this tick flies the part of the
        // tick after its launch time, so launch times need not be multiples
        // of the tick.
        for th in &mut self.threats {
            if th.phase == Phase::Waiting && th.info.launch_time < t1 {
                th.phase = Phase::Flying;
                sink.event(&Event::Launched {
                    time: th.info.launch_time,
                    threat: th.info.id,
                    position: th.mover.geodetic(),
                });
            }
        }
        // 2. Move. Each tick starts where the last one ended, so the truth
        // samples carry their end positions over instead of recomputing them.
        let engaging = self.engagement.is_some();
        for s in &mut self.truth {
            s.p0 = s.p1;
            s.flying = false;
        }
        for (i, th) in self.threats.iter_mut().enumerate() {
            if th.phase != Phase::Flying {
                continue;
            }
            let start = th.info.launch_time.max(t0);
            let step = if start > t0 {
                (t1 - start).as_secs_f64()
            } else {
                dt
            };
            let status = th.mover.advance(step);
            if engaging {
                self.truth[i] = TruthSample {
                    p1: th.mover.position().0,
                    velocity: th.mover.velocity(),
                    flying: status == Status::Flying,
                    ..self.truth[i]
                };
            }
            if let Status::Ended(reason) = status {
                let cause = match reason {
                    EndReason::Impact => EndCause::Impact,
                    EndReason::RouteComplete => EndCause::RouteComplete,
                };
                th.phase = Phase::Ended(cause, t1);
                sink.event(&Event::Ended {
                    time: t1,
                    threat: th.info.id,
                    cause,
                    position: th.mover.geodetic(),
                });
                if let Some(e) = &self.engagement {
                    sink.event(&Event::Leaked {
                        time: t1,
                        threat: th.info.id,
                        cause: e.leak_cause(th.info.id),
                    });
                }
            }
        }
        self.time = t1;
        // 3. Fly out: rounds fly the tick on the picture as it stood at its
        // start, so guidance never uses a look made after the moment it
        // steers; threats they kill are gone before the radars look.
        if let Some(e) = &mut self.engagement {
            let kills = e.fly_out(
                t0,
                t1,
                &self.truth,
                self.tracking.as_ref(),
                &self.streams,
                sink,
            );
            for k in kills {
                let th = &mut self.threats[k.0 as usize];
                th.phase = Phase::Ended(EndCause::Killed, t1);
                sink.event(&Event::Ended {
                    time: t1,
                    threat: k,
                    cause: EndCause::Killed,
                    position: th.mover.geodetic(),
                });
            }
        }
        // 4. Sense.
        self.targets.clear();
        for (i, th) in self.threats.iter().enumerate() {
            if th.phase == Phase::Flying {
                let p = th.mover.geodetic();
                self.targets.push(Target {
                    index: th.info.id.0,
                    position: self
                        .truth
                        .get(i)
                        .map_or_else(|| th.mover.position(), |s| Ecef(s.p1)),
                    altitude_m: p.alt_m,
                    rcs_m2: th.rcs_m2,
                    swerling: th.swerling,
                });
            }
        }
        // 5. Track: each radar's scan goes to the fusion centre as it happens.
        // Tracking dwells of engagement radars update the tracks they fall
        // in, after the scan.
        for (k, s) in self.sensors.iter_mut().enumerate() {
            self.looks.search.clear();
            self.looks.dwells.clear();
            let scanned = s.sense(
                self.time,
                &self.targets,
                &self.streams,
                sink,
                &mut self.looks,
            );
            if let Some(tr) = &mut self.tracking {
                if scanned {
                    tr.process(self.time, k, &self.looks.search);
                }
                for &(d, origin) in &self.looks.dwells {
                    tr.maintain(self.time, k, &d, origin);
                }
            }
        }
        // 6. Command: kill assessments, reloads, and on the C2 cycle
        // evaluation and assignment, on the picture the looks just updated.
        if let Some(e) = &mut self.engagement {
            e.command(
                t1,
                &self.truth,
                self.tracking.as_ref(),
                &mut self.sensors,
                &self.streams,
                sink,
            );
        }
        // 7. Record.
        if self.time >= self.next_truth {
            self.record_truth(sink);
            self.next_truth += self.truth_interval;
        }
    }

    fn record_truth(&mut self, sink: &mut dyn Sink) {
        if let Some(tr) = &mut self.tracking {
            let truth: Vec<(u32, canopy_core::geo::Ecef)> = self
                .threats
                .iter()
                .filter(|t| t.phase == Phase::Flying)
                .map(|t| (t.info.id.0, t.mover.position()))
                .collect();
            tr.record(self.time, &truth, sink);
        }
        for th in &self.threats {
            if th.phase == Phase::Flying {
                sink.event(&Event::Truth {
                    time: self.time,
                    threat: th.info.id,
                    position: th.mover.geodetic(),
                    speed_mps: th.mover.speed_mps(),
                });
            }
        }
        if let Some(e) = &self.engagement {
            for (shot, p) in e.flying_rounds() {
                sink.event(&Event::InterceptorState {
                    time: self.time,
                    shot,
                    position: p.to_geodetic(),
                });
            }
        }
    }

    /// Ends the run and summarises it.
    pub fn finish(self, sink: &mut dyn Sink) -> RunSummary {
        if let Some(e) = &self.engagement {
            for t in self
                .threats
                .iter()
                .filter(|t| !matches!(t.phase, Phase::Ended(..)))
            {
                sink.event(&Event::Leaked {
                    time: self.time,
                    threat: t.info.id,
                    cause: e.leak_cause(t.info.id),
                });
            }
        }
        sink.event(&Event::Finish { time: self.time });
        let count = |c: EndCause| {
            self.threats
                .iter()
                .filter(|t| matches!(t.phase, Phase::Ended(x, _) if x == c))
                .count()
        };
        let impacts = count(EndCause::Impact);
        let routes_completed = count(EndCause::RouteComplete);
        let killed = count(EndCause::Killed);
        let engagement = self.engagement.as_ref().map(|e| {
            let threats: Vec<ThreatRecord> = self
                .threats
                .iter()
                .map(|t| {
                    let id = t.info.id;
                    let (fate, time) = match (&t.phase, e.killed_by(id)) {
                        (Phase::Ended(_, at), Some(shot)) => {
                            (ThreatFate::Killed { shot }, Some(*at))
                        }
                        (Phase::Ended(_, at), None) => {
                            (ThreatFate::Leaked(e.leak_cause(id)), Some(*at))
                        }
                        _ => (ThreatFate::Leaked(e.leak_cause(id)), None),
                    };
                    ThreatRecord {
                        threat: id,
                        name: t.info.name.clone(),
                        type_name: t.info.type_name.clone(),
                        fate,
                        time,
                        timeline: Timeline {
                            first_detected: self.looks.first_detected[id.0 as usize],
                            ..e.timeline(id)
                        },
                    }
                })
                .collect();
            let leaked = LeakCause::ALL
                .iter()
                .map(|&c| {
                    let n = threats
                        .iter()
                        .filter(|r| r.fate == ThreatFate::Leaked(c))
                        .count();
                    (c, n)
                })
                .collect();
            let shots = e.shots();
            EngagementSummary {
                killed,
                leaked,
                rounds_expended: shots.len(),
                shots,
                threats,
                magazine: e.magazine().to_vec(),
            }
        });
        let tracking = self
            .tracking
            .as_ref()
            .and_then(Tracking::score)
            .map(|s| TrackScore {
                gospa_mean_m: s.gospa_mean,
                rms_error_m: s.rms_localisation,
                missed_per_sample: s.missed_per_step,
                false_per_sample: s.false_per_step,
                tracks: s.track_ids,
                breaks: s.breaks,
                false_tracks: s.false_tracks,
                latency_mean_s: s.latency_mean_s,
                never_held: s.never_held,
            });
        RunSummary {
            tracking,
            threats: self.threats.len(),
            impacts,
            routes_completed,
            unfinished: self.threats.len() - impacts - routes_completed - killed,
            killed,
            engagement,
            end_time: self.time,
        }
    }
}
