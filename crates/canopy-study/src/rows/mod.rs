//! The rows a batch records for each run, and how one run's
//! [`canopy_engine::RunSummary`] becomes them.
//!
//! * [`RunRow`] — `runs`: one row per run (counts, leak causes, rounds,
//!   costs, value at stake, track-picture quality).
//! * [`ThreatRow`] — `threats`: one row per threat per run (fate, cause,
//!   rounds, asset, cost, engagement timeline).
//! * [`ShotRow`] — `engagements`: one row per interceptor round per run.
//! * [`MagazineRow`] — `magazine`: the total of ready rounds after each
//!   change, per run.
//!
//! [`Context`] holds what the rows need from the scenario (raid of each
//! threat, targeted asset and its value, unit costs), computed once per batch.

#[cfg(test)]
mod tests;

use crate::tables::{FieldRef, Fields, Record};
use canopy_core::SimTime;
use canopy_engine::{
    EndCause, EngagementSummary, Event, FlightEnd, LeakCause, RunSummary, ShotResult, Sink,
    ThreatFate,
};
use canopy_scenario::{RaidGoal, Scenario};

/// Σ of floats from +0 (`Iterator::sum` starts at −0, written `-0`).
fn total(values: impl Iterator<Item = f64>) -> f64 {
    values.fold(0.0, |a, b| a + b)
}

/// Seconds of a simulated time, as written in the tables.
fn secs(t: SimTime) -> f64 {
    t.as_secs_f64()
}

/// Column name of a leak cause in `runs`: `leak_` + the cause name with `_`.
pub fn leak_column(cause: LeakCause) -> String {
    format!("leak_{}", cause.name().replace('-', "_"))
}

/// One run's totals.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RunRow {
    /// Run index (0-based).
    pub run: u64,
    /// Master seed of the batch.
    pub seed: u64,
    /// Threats in the scenario.
    pub threats: u64,
    /// Threats killed.
    pub killed: u64,
    /// Threats not killed.
    pub leaked: u64,
    /// Threats at which at least one round was fired.
    pub engaged: u64,
    /// Threats that reached their target.
    pub impacts: u64,
    /// Aircraft that flew their whole route.
    pub routes_completed: u64,
    /// Threats still flying or not launched at the end.
    pub unfinished: u64,
    /// Simulated end time, s.
    pub end_time_s: f64,
    /// Rounds launched.
    pub rounds: u64,
    /// Rounds that killed their threat.
    pub rounds_kill: u64,
    /// Rounds that passed a live threat without killing it.
    pub rounds_miss: u64,
    /// Rounds that self-destructed (time of flight, ground, outrun, threat gone).
    pub rounds_self_destruct: u64,
    /// Rounds still flying at the end.
    pub rounds_in_flight: u64,
    /// Leaked threats per cause, in [`LeakCause::ALL`] order.
    pub leaks: Vec<u64>,
    /// Cost of the rounds launched, USD.
    pub interceptor_cost_usd: f64,
    /// Cost of the threats engaged, USD.
    pub engaged_threat_cost_usd: f64,
    /// Cost of all threats, USD.
    pub threat_cost_usd: f64,
    /// Total value of the assets at least one threat aimed at.
    pub value_targeted: f64,
    /// Total value of the assets at least one threat reached.
    pub value_lost: f64,
    /// Fewest ready rounds over the run.
    pub min_ready_rounds: u64,
    /// Mean GOSPA of the track picture, m (scenarios with radars).
    pub gospa_mean_m: Option<f64>,
    /// Track breaks.
    pub track_breaks: Option<u64>,
    /// Confirmed tracks that never held a threat.
    pub false_tracks: Option<u64>,
    /// Threats never held by a track.
    pub never_tracked: Option<u64>,
}

impl Record for RunRow {
    const TABLE: &'static str = "runs";
    fn fields(&mut self, f: &mut dyn Fields) {
        f.field("run", FieldRef::U64(&mut self.run));
        f.field("seed", FieldRef::U64(&mut self.seed));
        f.field("threats", FieldRef::U64(&mut self.threats));
        f.field("killed", FieldRef::U64(&mut self.killed));
        f.field("leaked", FieldRef::U64(&mut self.leaked));
        f.field("engaged", FieldRef::U64(&mut self.engaged));
        f.field("impacts", FieldRef::U64(&mut self.impacts));
        f.field(
            "routes_completed",
            FieldRef::U64(&mut self.routes_completed),
        );
        f.field("unfinished", FieldRef::U64(&mut self.unfinished));
        f.field("end_time_s", FieldRef::F64(&mut self.end_time_s));
        f.field("rounds", FieldRef::U64(&mut self.rounds));
        f.field("rounds_kill", FieldRef::U64(&mut self.rounds_kill));
        f.field("rounds_miss", FieldRef::U64(&mut self.rounds_miss));
        f.field(
            "rounds_self_destruct",
            FieldRef::U64(&mut self.rounds_self_destruct),
        );
        f.field(
            "rounds_in_flight",
            FieldRef::U64(&mut self.rounds_in_flight),
        );
        self.leaks.resize(LeakCause::ALL.len(), 0);
        for (cause, n) in LeakCause::ALL.iter().zip(&mut self.leaks) {
            f.field(&leak_column(*cause), FieldRef::U64(n));
        }
        f.field(
            "interceptor_cost_usd",
            FieldRef::F64(&mut self.interceptor_cost_usd),
        );
        f.field(
            "engaged_threat_cost_usd",
            FieldRef::F64(&mut self.engaged_threat_cost_usd),
        );
        f.field("threat_cost_usd", FieldRef::F64(&mut self.threat_cost_usd));
        f.field("value_targeted", FieldRef::F64(&mut self.value_targeted));
        f.field("value_lost", FieldRef::F64(&mut self.value_lost));
        f.field(
            "min_ready_rounds",
            FieldRef::U64(&mut self.min_ready_rounds),
        );
        f.field("gospa_mean_m", FieldRef::OptF64(&mut self.gospa_mean_m));
        f.field("track_breaks", FieldRef::OptU64(&mut self.track_breaks));
        f.field("false_tracks", FieldRef::OptU64(&mut self.false_tracks));
        f.field("never_tracked", FieldRef::OptU64(&mut self.never_tracked));
    }
    fn run(&self) -> u64 {
        self.run
    }
}

/// One threat's part in one run.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ThreatRow {
    /// Run index.
    pub run: u64,
    /// Threat name, `<raid>#<k>`.
    pub threat: String,
    /// Raid name.
    pub raid: String,
    /// Catalog type name.
    pub type_name: String,
    /// Threat class (`cruise-subsonic`, …).
    pub class: String,
    /// `killed` or `leaked`.
    pub fate: String,
    /// Leak cause name (leaked threats).
    pub cause: Option<String>,
    /// How its flight ended: `killed`, `impact`, `route-complete`, or
    /// `flying` (still flying, or never launched, at the end).
    pub end: String,
    /// When it was killed or stopped flying, s.
    pub end_time_s: Option<f64>,
    /// Rounds fired at it.
    pub rounds: u64,
    /// Salvos fired at it.
    pub salvos: u64,
    /// Index of the round that killed it.
    pub kill_shot: Option<u64>,
    /// The asset it aimed at.
    pub asset: Option<String>,
    /// That asset's value.
    pub asset_value: Option<f64>,
    /// Unit cost of its type, USD.
    pub cost_usd: f64,
    /// First detection, s.
    pub detected_s: Option<f64>,
    /// First confirmed track, s.
    pub confirmed_s: Option<f64>,
    /// First round launched at it, s.
    pub first_launch_s: Option<f64>,
    /// End of the first interceptor flight against it, s.
    pub first_intercept_s: Option<f64>,
    /// Last kill assessment of an engagement against it, s.
    pub assessed_s: Option<f64>,
}

impl Record for ThreatRow {
    const TABLE: &'static str = "threats";
    fn fields(&mut self, f: &mut dyn Fields) {
        f.field("run", FieldRef::U64(&mut self.run));
        f.field("threat", FieldRef::Text(&mut self.threat));
        f.field("raid", FieldRef::Text(&mut self.raid));
        f.field("type", FieldRef::Text(&mut self.type_name));
        f.field("class", FieldRef::Text(&mut self.class));
        f.field("fate", FieldRef::Text(&mut self.fate));
        f.field("cause", FieldRef::OptText(&mut self.cause));
        f.field("end", FieldRef::Text(&mut self.end));
        f.field("end_time_s", FieldRef::OptF64(&mut self.end_time_s));
        f.field("rounds", FieldRef::U64(&mut self.rounds));
        f.field("salvos", FieldRef::U64(&mut self.salvos));
        f.field("kill_shot", FieldRef::OptU64(&mut self.kill_shot));
        f.field("asset", FieldRef::OptText(&mut self.asset));
        f.field("asset_value", FieldRef::OptF64(&mut self.asset_value));
        f.field("cost_usd", FieldRef::F64(&mut self.cost_usd));
        f.field("detected_s", FieldRef::OptF64(&mut self.detected_s));
        f.field("confirmed_s", FieldRef::OptF64(&mut self.confirmed_s));
        f.field("first_launch_s", FieldRef::OptF64(&mut self.first_launch_s));
        f.field(
            "first_intercept_s",
            FieldRef::OptF64(&mut self.first_intercept_s),
        );
        f.field("assessed_s", FieldRef::OptF64(&mut self.assessed_s));
    }
    fn run(&self) -> u64 {
        self.run
    }
}

impl ThreatRow {
    /// Whether it was killed.
    pub fn killed(&self) -> bool {
        self.fate == "killed"
    }
}

/// One interceptor round in one run.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ShotRow {
    /// Run index.
    pub run: u64,
    /// Round index in the run (launch order).
    pub shot: u64,
    /// Fire unit, `<unit>/bn<k>`.
    pub unit: String,
    /// Interceptor type name.
    pub type_name: String,
    /// Track fired at.
    pub track: u64,
    /// Threat that track held.
    pub threat: String,
    /// Salvo number against that threat.
    pub salvo: u64,
    /// Launch time, s.
    pub launch_s: f64,
    /// End of flight, s.
    pub end_s: Option<f64>,
    /// True miss distance, m.
    pub miss_m: Option<f64>,
    /// `kill`, `miss`, `self-destruct` or `in-flight`.
    pub result: String,
    /// What ended the flight: `pass`, `outrun`, `time-of-flight` or `ground`
    /// (empty while in flight).
    pub ended_by: String,
    /// Unit cost of the round, USD.
    pub cost_usd: f64,
    /// When the round's seeker first saw its target, s (none if it never did).
    pub seeker_s: Option<f64>,
}

impl Record for ShotRow {
    const TABLE: &'static str = "engagements";
    fn fields(&mut self, f: &mut dyn Fields) {
        f.field("run", FieldRef::U64(&mut self.run));
        f.field("shot", FieldRef::U64(&mut self.shot));
        f.field("unit", FieldRef::Text(&mut self.unit));
        f.field("type", FieldRef::Text(&mut self.type_name));
        f.field("track", FieldRef::U64(&mut self.track));
        f.field("threat", FieldRef::Text(&mut self.threat));
        f.field("salvo", FieldRef::U64(&mut self.salvo));
        f.field("launch_s", FieldRef::F64(&mut self.launch_s));
        f.field("end_s", FieldRef::OptF64(&mut self.end_s));
        f.field("miss_m", FieldRef::OptF64(&mut self.miss_m));
        f.field("result", FieldRef::Text(&mut self.result));
        f.field("ended_by", FieldRef::Text(&mut self.ended_by));
        f.field("cost_usd", FieldRef::F64(&mut self.cost_usd));
        f.field("seeker_s", FieldRef::OptF64(&mut self.seeker_s));
    }
    fn run(&self) -> u64 {
        self.run
    }
}

/// The total of ready rounds after a change, in one run.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct MagazineRow {
    /// Run index.
    pub run: u64,
    /// When, s.
    pub time_s: f64,
    /// Ready rounds over every launcher of the scenario.
    pub ready_rounds: u64,
}

impl Record for MagazineRow {
    const TABLE: &'static str = "magazine";
    fn fields(&mut self, f: &mut dyn Fields) {
        f.field("run", FieldRef::U64(&mut self.run));
        f.field("time_s", FieldRef::F64(&mut self.time_s));
        f.field("ready_rounds", FieldRef::U64(&mut self.ready_rounds));
    }
    fn run(&self) -> u64 {
        self.run
    }
}

/// Everything one run contributes to a batch's tables.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RunRecord {
    /// The run's totals.
    pub run: RunRow,
    /// Its threats, in handle order.
    pub threats: Vec<ThreatRow>,
    /// Its rounds, in launch order.
    pub shots: Vec<ShotRow>,
    /// Its magazine changes, in time order (starting at t = 0).
    pub magazine: Vec<MagazineRow>,
}

/// What a threat's rows need from the scenario.
#[derive(Clone, Debug)]
struct ThreatInfo {
    raid: String,
    class: &'static str,
    asset: Option<(String, f64)>,
    cost_usd: f64,
}

/// What the rows need from the scenario, computed once per batch.
#[derive(Clone, Debug)]
pub struct Context {
    threats: Vec<ThreatInfo>,
    interceptor_costs: Vec<(String, f64)>,
    initial_rounds: u64,
}

impl Context {
    /// The context of `scenario`.
    pub fn new(scenario: &Scenario) -> Context {
        let cat = &scenario.catalog;
        // Threat handles are given raid by raid, in raid order (the engine's
        // `World::new`).
        let threats = scenario
            .raids
            .iter()
            .flat_map(|raid| {
                let t = &cat.threats[raid.threat];
                let asset = match raid.goal {
                    RaidGoal::Asset(i) => scenario.assets.get(i).map(|a| (a.name.clone(), a.value)),
                    RaidGoal::Route | RaidGoal::Point(_) => None,
                };
                let info = ThreatInfo {
                    raid: raid.name.clone(),
                    class: t.class.name(),
                    asset,
                    cost_usd: t.cost_usd,
                };
                std::iter::repeat_n(info, raid.count as usize)
            })
            .collect();
        let interceptor_costs = cat
            .interceptors
            .iter()
            .map(|i| (i.entry.name.clone(), i.cost_usd))
            .collect();
        let initial_rounds = scenario
            .units
            .iter()
            .flat_map(|u| &u.battalions)
            .map(|b| u64::from(b.launchers) * u64::from(cat.launchers[b.launcher].rounds))
            .sum();
        Context {
            threats,
            interceptor_costs,
            initial_rounds,
        }
    }

    /// Ready rounds at the start of a run, over every launcher.
    pub fn initial_rounds(&self) -> u64 {
        self.initial_rounds
    }

    fn interceptor_cost(&self, type_name: &str) -> f64 {
        self.interceptor_costs
            .iter()
            .find(|(n, _)| n == type_name)
            .map_or(0.0, |(_, c)| *c)
    }
}

/// A sink that keeps only how each threat's flight ended; every other event
/// is dropped, so a batch run costs no more than the simulation itself.
#[derive(Debug, Default)]
pub struct EndSink {
    ends: Vec<Option<(EndCause, SimTime)>>,
}

impl EndSink {
    /// How threat `i`'s flight ended, if it did.
    pub fn end(&self, i: usize) -> Option<(EndCause, SimTime)> {
        self.ends.get(i).copied().flatten()
    }
}

impl Sink for EndSink {
    fn event(&mut self, event: &Event<'_>) {
        if let Event::Ended {
            time,
            threat,
            cause,
            ..
        } = event
        {
            let i = threat.0 as usize;
            if self.ends.len() <= i {
                self.ends.resize(i + 1, None);
            }
            self.ends[i] = Some((*cause, *time));
        }
    }
}

/// The ready-round curve of a run: the engine's record (starting load, then
/// the total after every launch and reload), or the starting load alone
/// when the run had no engagement.
fn magazine(ctx: &Context, run: u64, e: &EngagementSummary) -> Vec<MagazineRow> {
    if e.magazine.is_empty() {
        return vec![MagazineRow {
            run,
            time_s: 0.0,
            ready_rounds: ctx.initial_rounds,
        }];
    }
    e.magazine
        .iter()
        .map(|(t, n)| MagazineRow {
            run,
            time_s: secs(*t),
            ready_rounds: u64::from(*n),
        })
        .collect()
}

fn shot_rows(ctx: &Context, run: u64, e: &EngagementSummary) -> Vec<ShotRow> {
    e.shots
        .iter()
        .map(|s| ShotRow {
            run,
            shot: u64::from(s.index),
            unit: s.unit.clone(),
            type_name: s.type_name.clone(),
            track: s.track,
            threat: e
                .threats
                .get(s.threat.0 as usize)
                .map_or_else(String::new, |t| t.name.clone()),
            salvo: u64::from(s.salvo),
            launch_s: secs(s.launch_time),
            end_s: s.end_time.map(secs),
            // Centimetres are far below the model's accuracy.
            miss_m: s.miss_m.map(|m| (m * 100.0).round() / 100.0),
            result: s.result.name().to_string(),
            ended_by: s.ended_by.map_or("", FlightEnd::name).to_string(),
            cost_usd: ctx.interceptor_cost(&s.type_name),
            seeker_s: s.seeker_time.map(secs),
        })
        .collect()
}

fn threat_rows(ctx: &Context, run: u64, e: &EngagementSummary, ends: &EndSink) -> Vec<ThreatRow> {
    e.threats
        .iter()
        .enumerate()
        .map(|(i, t)| {
            let info = ctx.threats.get(i);
            let at_it = e.shots.iter().filter(|s| s.threat == t.threat);
            let (fate, cause, kill_shot) = match t.fate {
                ThreatFate::Killed { shot } => ("killed", None, Some(u64::from(shot))),
                ThreatFate::Leaked(c) => ("leaked", Some(c.name().to_string()), None),
            };
            let end = match ends.end(i) {
                Some((c, _)) => c.name(),
                None if kill_shot.is_some() => EndCause::Killed.name(),
                None => "flying",
            };
            ThreatRow {
                run,
                threat: t.name.clone(),
                raid: info.map_or_else(String::new, |x| x.raid.clone()),
                type_name: t.type_name.clone(),
                class: info.map_or("", |x| x.class).to_string(),
                fate: fate.to_string(),
                cause,
                end: end.to_string(),
                end_time_s: t.time.map(secs),
                rounds: at_it.clone().count() as u64,
                salvos: at_it.clone().map(|s| s.salvo).max().map_or(0, u64::from),
                kill_shot,
                asset: info.and_then(|x| x.asset.as_ref().map(|a| a.0.clone())),
                asset_value: info.and_then(|x| x.asset.as_ref().map(|a| a.1)),
                cost_usd: info.map_or(0.0, |x| x.cost_usd),
                detected_s: t.timeline.first_detected.map(secs),
                confirmed_s: t.timeline.first_confirmed.map(secs),
                first_launch_s: t.timeline.first_launch.map(secs),
                first_intercept_s: t.timeline.first_intercept.map(secs),
                assessed_s: t.timeline.assessed.map(secs),
            }
        })
        .collect()
}

/// Sum of the values of the distinct assets among `assets`.
fn distinct_value<'a>(assets: impl Iterator<Item = (&'a str, f64)>) -> f64 {
    let mut seen: Vec<(&str, f64)> = Vec::new();
    for (name, v) in assets {
        if !seen.iter().any(|(n, _)| *n == name) {
            seen.push((name, v));
        }
    }
    total(seen.iter().map(|(_, v)| *v))
}

impl RunRecord {
    /// The rows of run `run` (of a batch with master seed `seed`) from its
    /// summary and the flight ends its [`EndSink`] kept.
    pub fn new(
        ctx: &Context,
        seed: u64,
        run: u64,
        summary: &RunSummary,
        ends: &EndSink,
    ) -> RunRecord {
        let empty = EngagementSummary {
            killed: 0,
            leaked: Vec::new(),
            rounds_expended: 0,
            shots: Vec::new(),
            threats: Vec::new(),
            magazine: Vec::new(),
        };
        let e = summary.engagement.as_ref().unwrap_or(&empty);
        let shots = shot_rows(ctx, run, e);
        let threats = threat_rows(ctx, run, e, ends);
        let magazine = magazine(ctx, run, e);
        let count = |r: ShotResult| e.shots.iter().filter(|s| s.result == r).count() as u64;
        let assets = |reached: bool| {
            distinct_value(
                threats
                    .iter()
                    .filter(|t| !reached || t.end == EndCause::Impact.name())
                    .filter_map(|t| Some((t.asset.as_deref()?, t.asset_value?))),
            )
        };
        let engaged: Vec<&ThreatRow> = threats.iter().filter(|t| t.rounds > 0).collect();
        let row = RunRow {
            run,
            seed,
            threats: summary.threats as u64,
            killed: e.killed as u64,
            leaked: e.leaked.iter().map(|(_, n)| *n as u64).sum(),
            engaged: engaged.len() as u64,
            impacts: summary.impacts as u64,
            routes_completed: summary.routes_completed as u64,
            unfinished: summary.unfinished as u64,
            end_time_s: secs(summary.end_time),
            rounds: e.rounds_expended as u64,
            rounds_kill: count(ShotResult::Kill),
            rounds_miss: count(ShotResult::Miss),
            rounds_self_destruct: count(ShotResult::SelfDestruct),
            rounds_in_flight: count(ShotResult::InFlight),
            leaks: LeakCause::ALL
                .iter()
                .map(|c| {
                    e.leaked
                        .iter()
                        .filter(|(k, _)| k == c)
                        .map(|(_, n)| *n as u64)
                        .sum()
                })
                .collect(),
            interceptor_cost_usd: total(shots.iter().map(|s| s.cost_usd)),
            engaged_threat_cost_usd: total(engaged.iter().map(|t| t.cost_usd)),
            threat_cost_usd: total(threats.iter().map(|t| t.cost_usd)),
            value_targeted: assets(false),
            value_lost: assets(true),
            min_ready_rounds: magazine
                .iter()
                .map(|m| m.ready_rounds)
                .min()
                .unwrap_or(ctx.initial_rounds),
            gospa_mean_m: summary
                .tracking
                .as_ref()
                .map(|t| t.gospa_mean_m)
                .filter(|g| g.is_finite()),
            track_breaks: summary.tracking.as_ref().map(|t| t.breaks as u64),
            false_tracks: summary.tracking.as_ref().map(|t| t.false_tracks as u64),
            never_tracked: summary.tracking.as_ref().map(|t| t.never_held as u64),
        };
        RunRecord {
            run: row,
            threats,
            shots,
            magazine,
        }
    }
}
