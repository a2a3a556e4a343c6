//! The metrics of a batch, each a pure function of its tables, each with a
//! 95 % interval, each with an explicit denominator (QUESTIONS.md Q2–Q5, Q8;
//! MODELS.md §4–§6).
//!
//! Independence: a proportion whose trials are rounds or threats treats
//! them as independent, which rounds and threats of one run are not (they
//! share the defence's state); their Wilson and Clopper–Pearson intervals
//! are therefore optimistic when outcomes cluster. Metrics counted per run
//! (P(zero leakers), expected leakers, the ratios) use the runs, which are
//! independent, as their units.

#[cfg(test)]
mod tests;

use crate::rows::{MagazineRow, RunRow, ThreatRow};
use crate::stats::{Mean, Proportion, Ratio, quantile};
use canopy_engine::LeakCause;
use serde::Serialize;

/// Per-shot kill probability: rounds that killed / rounds that reached a
/// live threat (kill or miss). Self-destructed rounds (the threat already
/// gone, time of flight, ground, outrun by the target) are not shots at a
/// threat.
pub fn per_shot_kill(runs: &[RunRow]) -> Proportion {
    let kills: u64 = runs.iter().map(|r| r.rounds_kill).sum();
    let misses: u64 = runs.iter().map(|r| r.rounds_miss).sum();
    Proportion::new(kills, kills + misses)
}

/// Kills per round fired: rounds that killed / every round launched.
pub fn kills_per_round(runs: &[RunRow]) -> Proportion {
    Proportion::new(
        runs.iter().map(|r| r.rounds_kill).sum(),
        runs.iter().map(|r| r.rounds).sum(),
    )
}

/// Per-threat kill probability given engaged: threats killed / threats at
/// which at least one round was fired.
pub fn per_engaged_threat_kill(runs: &[RunRow]) -> Proportion {
    Proportion::new(
        runs.iter().map(|r| r.killed).sum(),
        runs.iter().map(|r| r.engaged).sum(),
    )
}

/// Raid-level fraction stopped: threats killed / all threats of the raid.
pub fn raid_fraction_stopped(runs: &[RunRow]) -> Proportion {
    Proportion::new(
        runs.iter().map(|r| r.killed).sum(),
        runs.iter().map(|r| r.threats).sum(),
    )
}

/// Fraction of threats engaged at all: engaged / all threats.
pub fn engaged_fraction(runs: &[RunRow]) -> Proportion {
    Proportion::new(
        runs.iter().map(|r| r.engaged).sum(),
        runs.iter().map(|r| r.threats).sum(),
    )
}

/// P(zero leakers): runs in which no threat leaked / runs.
pub fn p_zero_leakers(runs: &[RunRow]) -> Proportion {
    Proportion::new(
        runs.iter().filter(|r| r.leaked == 0).count() as u64,
        runs.len() as u64,
    )
}

/// Expected leakers per run.
pub fn expected_leakers(runs: &[RunRow]) -> Mean {
    Mean::of(&runs.iter().map(|r| r.leaked as f64).collect::<Vec<_>>())
}

/// One leak cause's numbers.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct LeakCauseMetric {
    /// Cause name.
    pub cause: String,
    /// Leakers of this cause per run.
    pub per_run: Mean,
    /// Share of all leakers: leakers of this cause / leakers.
    pub share: Proportion,
}

/// Every leak cause, in chain order.
pub fn leak_causes(runs: &[RunRow]) -> Vec<LeakCauseMetric> {
    let leakers: u64 = runs.iter().map(|r| r.leaks.iter().sum::<u64>()).sum();
    LeakCause::ALL
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let per: Vec<f64> = runs
                .iter()
                .map(|r| r.leaks.get(i).copied().unwrap_or(0) as f64)
                .collect();
            LeakCauseMetric {
                cause: c.name().to_string(),
                share: Proportion::new(per.iter().sum::<f64>() as u64, leakers),
                per_run: Mean::of(&per),
            }
        })
        .collect()
}

/// Σ`num` / Σ`den` over runs, with the runs as units.
fn ratio(runs: &[RunRow], num: impl Fn(&RunRow) -> f64, den: impl Fn(&RunRow) -> f64) -> Ratio {
    Ratio::of(&runs.iter().map(|r| (num(r), den(r))).collect::<Vec<_>>())
}

/// Rounds expended per threat of the raid.
pub fn rounds_per_threat(runs: &[RunRow]) -> Ratio {
    ratio(runs, |r| r.rounds as f64, |r| r.threats as f64)
}

/// Rounds expended per leaker prevented (per threat killed: without the
/// defence every threat would have leaked).
pub fn rounds_per_leaker_prevented(runs: &[RunRow]) -> Ratio {
    ratio(runs, |r| r.rounds as f64, |r| r.killed as f64)
}

/// Cost metrics (MODELS.md §6), from the catalog's unit costs.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CostMetrics {
    /// Interceptor cost spent per run, USD.
    pub interceptor_cost_per_run: Mean,
    /// Cost-exchange ratio: interceptor cost spent / cost of the threats
    /// engaged (MODELS.md §6: n_shots · C_interceptor / C_threat).
    pub exchange_ratio: Ratio,
    /// Interceptor cost per leaker prevented (per threat killed), USD.
    pub cost_per_leaker_prevented: Ratio,
}

/// Cost metrics of the runs.
pub fn cost(runs: &[RunRow]) -> CostMetrics {
    CostMetrics {
        interceptor_cost_per_run: Mean::of(
            &runs
                .iter()
                .map(|r| r.interceptor_cost_usd)
                .collect::<Vec<_>>(),
        ),
        exchange_ratio: ratio(
            runs,
            |r| r.interceptor_cost_usd,
            |r| r.engaged_threat_cost_usd,
        ),
        cost_per_leaker_prevented: ratio(runs, |r| r.interceptor_cost_usd, |r| r.killed as f64),
    }
}

/// Value accounting: an asset counts as lost in a run when at least one
/// threat aimed at it reached it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ValueMetrics {
    /// Value of the assets targeted, per run.
    pub targeted: Mean,
    /// Value lost per run.
    pub lost: Mean,
    /// Value protected (targeted − lost) per run.
    pub protected: Mean,
    /// Value protected / value targeted.
    pub protected_fraction: Ratio,
}

/// Value metrics of the runs.
pub fn value(runs: &[RunRow]) -> ValueMetrics {
    let of = |f: &dyn Fn(&RunRow) -> f64| Mean::of(&runs.iter().map(f).collect::<Vec<_>>());
    ValueMetrics {
        targeted: of(&|r| r.value_targeted),
        lost: of(&|r| r.value_lost),
        protected: of(&|r| r.value_targeted - r.value_lost),
        protected_fraction: ratio(
            runs,
            |r| r.value_targeted - r.value_lost,
            |r| r.value_targeted,
        ),
    }
}

/// A sample's distribution: mean with intervals and order statistics.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Distribution {
    /// Mean and its intervals.
    pub mean: Mean,
    /// Smallest value.
    pub min: Option<f64>,
    /// 5th percentile.
    pub p05: Option<f64>,
    /// Median.
    pub p50: Option<f64>,
    /// 95th percentile.
    pub p95: Option<f64>,
    /// Largest value.
    pub max: Option<f64>,
}

impl Distribution {
    /// The distribution of `values`.
    pub fn of(values: &[f64]) -> Distribution {
        let mut sorted = values.to_vec();
        sorted.sort_by(f64::total_cmp);
        Distribution {
            mean: Mean::of(values),
            min: sorted.first().copied(),
            p05: quantile(&sorted, 0.05),
            p50: quantile(&sorted, 0.5),
            p95: quantile(&sorted, 0.95),
            max: sorted.last().copied(),
        }
    }
}

/// The engagement timeline's stages: (name, from column, to column).
pub const STAGES: [(&str, &str, &str); 5] = [
    ("detection to confirmed track", "detected_s", "confirmed_s"),
    ("confirmed track to launch", "confirmed_s", "first_launch_s"),
    ("launch to intercept", "first_launch_s", "first_intercept_s"),
    ("intercept to assessment", "first_intercept_s", "assessed_s"),
    ("detection to launch", "detected_s", "first_launch_s"),
];

/// A threat row's time by column name (one of [`STAGES`]' columns).
fn stage_time(t: &ThreatRow, column: &str) -> Option<f64> {
    match column {
        "detected_s" => t.detected_s,
        "confirmed_s" => t.confirmed_s,
        "first_launch_s" => t.first_launch_s,
        "first_intercept_s" => t.first_intercept_s,
        "assessed_s" => t.assessed_s,
        _ => None,
    }
}

/// The durations of a timeline stage, over the threats that reached both
/// of its ends, to the millisecond (the times are simulation times in
/// milliseconds; rounding drops the float noise of the subtraction).
pub fn stage_durations(threats: &[ThreatRow], from: &str, to: &str) -> Vec<f64> {
    threats
        .iter()
        .filter_map(|t| Some(stage_time(t, to)? - stage_time(t, from)?))
        .map(|d| (d * 1e3).round() / 1e3)
        .collect()
}

/// One stage of the engagement timeline.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct StageMetric {
    /// Stage name.
    pub stage: String,
    /// Durations, s.
    pub seconds: Distribution,
}

/// The engagement timeline's stage durations (Q8).
pub fn timeline(threats: &[ThreatRow]) -> Vec<StageMetric> {
    STAGES
        .iter()
        .map(|(name, from, to)| StageMetric {
            stage: name.to_string(),
            seconds: Distribution::of(&stage_durations(threats, from, to)),
        })
        .collect()
}

/// The ready rounds of each run at time `t`: the last magazine row at or
/// before `t` (rows sorted by run, then time; each run starts at t = 0).
pub fn ready_at(magazine: &[MagazineRow], t: f64) -> Vec<f64> {
    magazine
        .chunk_by(|a, b| a.run == b.run)
        .map(|rows| {
            let at = rows
                .iter()
                .take_while(|m| m.time_s <= t)
                .last()
                .unwrap_or(&rows[0]);
            at.ready_rounds as f64
        })
        .collect()
}

/// Magazine state over time (Q4).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct MagazineMetrics {
    /// Fewest ready rounds in a run.
    pub min_ready_rounds: Mean,
    /// Runs in which the ready rounds reached zero / runs.
    pub exhausted: Proportion,
    /// Mean ready rounds at times through the run: (time s, mean).
    pub curve: Vec<(f64, Mean)>,
}

/// Magazine metrics, with the curve sampled at `points` times evenly from 0
/// to the longest run's end.
pub fn magazine(runs: &[RunRow], rows: &[MagazineRow], points: usize) -> MagazineMetrics {
    let end = runs.iter().map(|r| r.end_time_s).fold(0.0, f64::max);
    let curve = (0..points)
        .map(|k| {
            let t = end * k as f64 / (points.max(2) - 1) as f64;
            (t, Mean::of(&ready_at(rows, t)))
        })
        .collect();
    MagazineMetrics {
        min_ready_rounds: Mean::of(
            &runs
                .iter()
                .map(|r| r.min_ready_rounds as f64)
                .collect::<Vec<_>>(),
        ),
        exhausted: Proportion::new(
            runs.iter().filter(|r| r.min_ready_rounds == 0).count() as u64,
            runs.len() as u64,
        ),
        curve,
    }
}

/// Per threat type: the raid-level fraction stopped of that type.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TypeMetric {
    /// Threat type name.
    pub type_name: String,
    /// Killed / threats of the type.
    pub stopped: Proportion,
    /// Killed / engaged threats of the type.
    pub killed_given_engaged: Proportion,
}

/// The fraction stopped per threat type, in order of first appearance.
pub fn by_type(threats: &[ThreatRow]) -> Vec<TypeMetric> {
    let mut names: Vec<&str> = Vec::new();
    for t in threats {
        if !names.contains(&t.type_name.as_str()) {
            names.push(&t.type_name);
        }
    }
    names
        .into_iter()
        .map(|n| {
            let of: Vec<&ThreatRow> = threats.iter().filter(|t| t.type_name == n).collect();
            let killed = of.iter().filter(|t| t.killed()).count() as u64;
            let engaged = of.iter().filter(|t| t.rounds > 0).count() as u64;
            TypeMetric {
                type_name: n.to_string(),
                stopped: Proportion::new(killed, of.len() as u64),
                killed_given_engaged: Proportion::new(killed, engaged),
            }
        })
        .collect()
}

/// Every metric of a batch.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Metrics {
    /// Runs.
    pub runs: u64,
    /// Per-shot kill probability (kills / rounds reaching a live threat).
    pub per_shot_kill: Proportion,
    /// Kills per round launched.
    pub kills_per_round: Proportion,
    /// Per-threat kill probability given engaged.
    pub per_engaged_threat_kill: Proportion,
    /// Raid-level fraction stopped.
    pub raid_fraction_stopped: Proportion,
    /// Fraction of threats engaged.
    pub engaged_fraction: Proportion,
    /// P(zero leakers).
    pub p_zero_leakers: Proportion,
    /// Expected leakers per run.
    pub expected_leakers: Mean,
    /// Leak causes.
    pub leak_causes: Vec<LeakCauseMetric>,
    /// Rounds per threat.
    pub rounds_per_threat: Ratio,
    /// Rounds per leaker prevented.
    pub rounds_per_leaker_prevented: Ratio,
    /// Rounds expended per run.
    pub rounds_per_run: Mean,
    /// Cost exchange.
    pub cost: CostMetrics,
    /// Value protected.
    pub value: ValueMetrics,
    /// Engagement timeline.
    pub timeline: Vec<StageMetric>,
    /// Magazine over time.
    pub magazine: MagazineMetrics,
    /// Fraction stopped per threat type.
    pub by_type: Vec<TypeMetric>,
    /// Mean GOSPA of the track picture per run, m.
    pub gospa_mean_m: Mean,
}

impl Metrics {
    /// Every metric of the tables of a batch.
    pub fn compute(
        runs: &[RunRow],
        threats: &[ThreatRow],
        magazine_rows: &[MagazineRow],
    ) -> Metrics {
        Metrics {
            runs: runs.len() as u64,
            per_shot_kill: per_shot_kill(runs),
            kills_per_round: kills_per_round(runs),
            per_engaged_threat_kill: per_engaged_threat_kill(runs),
            raid_fraction_stopped: raid_fraction_stopped(runs),
            engaged_fraction: engaged_fraction(runs),
            p_zero_leakers: p_zero_leakers(runs),
            expected_leakers: expected_leakers(runs),
            leak_causes: leak_causes(runs),
            rounds_per_threat: rounds_per_threat(runs),
            rounds_per_leaker_prevented: rounds_per_leaker_prevented(runs),
            rounds_per_run: Mean::of(&runs.iter().map(|r| r.rounds as f64).collect::<Vec<_>>()),
            cost: cost(runs),
            value: value(runs),
            timeline: timeline(threats),
            magazine: magazine(runs, magazine_rows, 61),
            by_type: by_type(threats),
            gospa_mean_m: Mean::of(
                &runs
                    .iter()
                    .filter_map(|r| r.gospa_mean_m)
                    .collect::<Vec<_>>(),
            ),
        }
    }
}
