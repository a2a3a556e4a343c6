//! Tracking performance metrics: GOSPA per time step and over a run, plus track breaks,
//! false tracks and latency to confirmation.
//!
//! GOSPA (Rahmathullah, García-Fernández & Svensson, "Generalized optimal sub-pattern
//! assignment metric", FUSION 2017, arXiv:1601.05585) between a truth set `X` (`m`
//! points) and an estimate set `Y` (`n` points), with cut-off `c`, order `p` and
//! `0 < α <= 2`:
//!
//! ```text
//! d(X, Y) = ( min over assignments of the smaller set into the larger
//!             Σ min(d(x, y), c)^p  +  (c^p / α)·|m − n| )^(1/p)
//! ```
//!
//! With `α = 2` an assigned pair at distance `>= c` costs as much as a missed target plus
//! a false track, so the minimum splits into localisation (pairs closer than `c`), missed
//! and false parts; [`Gospa`] reports them in "p-th power" units as Stone Soup and
//! `shared/bench/tracking/score.py` do. The defaults `c = 100 m, p = 2, α = 2` are
//! score.py's.
//!
//! The run metrics take the pairs each step's GOSPA assignment makes (closer than `c`) as
//! "truth held by track", and from them count breaks (a truth's holding track changes or
//! is lost and regained), false tracks (tracks that never hold a truth) and the latency
//! from a truth's first step to the first step it is held.

#[cfg(test)]
mod tests;

use std::collections::BTreeMap;

use canopy_assign::{Sense, Solver};
use thiserror::Error;

/// What can be wrong with a metric's input.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum MetricError {
    /// A GOSPA parameter is out of range.
    #[error("GOSPA parameter {what} = {value} is invalid: {bound}")]
    Parameter {
        /// Which parameter.
        what: &'static str,
        /// Its value.
        value: f64,
        /// The allowed range, in words.
        bound: &'static str,
    },
    /// A point coordinate is not finite.
    #[error("{set} point {index} has a non-finite coordinate")]
    NonFinite {
        /// `"truth"` or `"estimate"`.
        set: &'static str,
        /// Index of the point in its set.
        index: usize,
    },
    /// The assignment solver rejected the cost matrix (a cut-off so large that `c^p`
    /// exceeds the solver's cost range).
    #[error("GOSPA assignment failed: {0}")]
    Assignment(#[from] canopy_assign::AssignError),
    /// A run to score has no time steps.
    #[error("there are no time steps to score")]
    NoSteps,
}

/// GOSPA parameters.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct GospaConfig {
    /// Cut-off distance `c` (m, `> 0`).
    pub c: f64,
    /// Order `p` (`>= 1`).
    pub p: f64,
    /// Cardinality-mismatch weight `α` (`0 < α <= 2`).
    pub alpha: f64,
}

impl Default for GospaConfig {
    /// `c = 100 m, p = 2, α = 2`, as `score.py`.
    fn default() -> Self {
        Self {
            c: 100.0,
            p: 2.0,
            alpha: 2.0,
        }
    }
}

impl GospaConfig {
    /// Checks the parameters.
    pub fn validate(&self) -> Result<(), MetricError> {
        if !(self.c.is_finite() && self.c > 0.0) {
            return Err(MetricError::Parameter {
                what: "c",
                value: self.c,
                bound: "finite and > 0",
            });
        }
        if !(self.p.is_finite() && self.p >= 1.0) {
            return Err(MetricError::Parameter {
                what: "p",
                value: self.p,
                bound: "finite and >= 1",
            });
        }
        if !(self.alpha > 0.0 && self.alpha <= 2.0) {
            return Err(MetricError::Parameter {
                what: "alpha",
                value: self.alpha,
                bound: "in (0, 2]",
            });
        }
        Ok(())
    }
}

/// GOSPA of one time step.
#[derive(Debug, Clone, PartialEq)]
pub struct Gospa {
    /// The GOSPA distance (m).
    pub distance: f64,
    /// `Σ d^p` over the assigned pairs closer than `c` (m^p).
    pub localisation: f64,
    /// `(c^p / α)` × truths without such a pair (m^p).
    pub missed: f64,
    /// `(c^p / α)` × estimates without such a pair (m^p).
    pub false_: f64,
    /// The pairs closer than `c`, as `(truth index, estimate index)` in truth order.
    pub pairs: Vec<(usize, usize)>,
}

impl Gospa {
    /// Number of missed truths.
    pub fn missed_count(&self, truths: usize) -> usize {
        truths - self.pairs.len()
    }
}

/// Euclidean distance of two points.
fn distance<const D: usize>(a: &[f64; D], b: &[f64; D]) -> f64 {
    a.iter()
        .zip(b)
        .map(|(x, y)| (x - y) * (x - y))
        .sum::<f64>()
        .sqrt()
}

/// Checks that every coordinate of a point set is finite.
fn check_points<const D: usize>(set: &'static str, points: &[[f64; D]]) -> Result<(), MetricError> {
    match points.iter().position(|p| p.iter().any(|v| !v.is_finite())) {
        Some(index) => Err(MetricError::NonFinite { set, index }),
        None => Ok(()),
    }
}

/// GOSPA between `truth` and `estimates` (points of dimension `D`), reusing `solver`.
pub fn gospa_with<const D: usize>(
    solver: &mut Solver,
    truth: &[[f64; D]],
    estimates: &[[f64; D]],
    config: &GospaConfig,
) -> Result<Gospa, MetricError> {
    config.validate()?;
    check_points("truth", truth)?;
    check_points("estimate", estimates)?;
    let (m, n) = (truth.len(), estimates.len());
    let unit = config.c.powf(config.p) / config.alpha;
    let mut pairs = Vec::new();
    let mut localisation = 0.0;
    let mut sum = unit * m.abs_diff(n) as f64;
    if m > 0 && n > 0 {
        let dist: Vec<f64> = truth
            .iter()
            .flat_map(|t| estimates.iter().map(move |e| distance(t, e)))
            .collect();
        let cost: Vec<f64> = dist.iter().map(|&d| cut_power(d, config)).collect();
        let assignment = solver.solve_dense(&cost, m, n, Sense::Minimize)?;
        for (i, j) in assignment.pairs() {
            let k = i * n + j;
            sum += cost[k];
            if dist[k] < config.c {
                localisation += cost[k];
                pairs.push((i, j));
            }
        }
    }
    Ok(Gospa {
        distance: sum.powf(1.0 / config.p),
        localisation,
        missed: unit * (m - pairs.len()) as f64,
        false_: unit * (n - pairs.len()) as f64,
        pairs,
    })
}

/// `min(d, c)^p`, squaring directly for `p = 2` as NumPy does.
fn cut_power(d: f64, config: &GospaConfig) -> f64 {
    let d = d.min(config.c);
    if config.p == 2.0 {
        d * d
    } else {
        d.powf(config.p)
    }
}

/// GOSPA between `truth` and `estimates` with a fresh solver.
pub fn gospa<const D: usize>(
    truth: &[[f64; D]],
    estimates: &[[f64; D]],
    config: &GospaConfig,
) -> Result<Gospa, MetricError> {
    gospa_with(&mut Solver::new(), truth, estimates, config)
}

/// One time step of a run to score: labelled truth and labelled track estimates.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Step<const D: usize> {
    /// Time of the step (s).
    pub time_s: f64,
    /// `(target id, position)` of every truth.
    pub truth: Vec<(i64, [f64; D])>,
    /// `(track id, position)` of every reported track.
    pub tracks: Vec<(i64, [f64; D])>,
}

/// Scores of a whole run: GOSPA means over the steps and track-continuity figures.
#[derive(Debug, Clone, PartialEq)]
pub struct RunScore {
    /// The parameters used.
    pub config: GospaConfig,
    /// Number of time steps scored.
    pub steps: usize,
    /// Mean GOSPA distance (m).
    pub gospa_mean: f64,
    /// Mean localisation component (m^p).
    pub localisation_mean: f64,
    /// Mean missed component (m^p).
    pub missed_mean: f64,
    /// Mean false component (m^p).
    pub false_mean: f64,
    /// Mean number of missed truths per step.
    pub missed_per_step: f64,
    /// Mean number of false tracks per step.
    pub false_per_step: f64,
    /// `(Σ localisation / pairs)^(1/p)`: RMS (for p = 2) error of the held truths (m);
    /// NaN when no pair was ever within `c`.
    pub rms_localisation: f64,
    /// Mean number of truths per step.
    pub truths_per_step: f64,
    /// Mean number of reported tracks per step.
    pub tracks_per_step: f64,
    /// Distinct track ids reported.
    pub track_ids: usize,
    /// Track breaks: over all truths, the number of times the track holding a truth
    /// changed or the truth was lost and then held again (segments − 1 per truth).
    pub breaks: usize,
    /// Tracks that never held a truth in any step.
    pub false_tracks: usize,
    /// Mean time from a truth's first scored step to the first step it is held (s),
    /// over the truths held at least once; NaN if none.
    pub latency_mean_s: f64,
    /// Largest such time (s); NaN if none.
    pub latency_max_s: f64,
    /// Truths never held in any scored step.
    pub never_held: usize,
}

/// Scores a run: GOSPA of every step (in the given order) and the continuity figures.
pub fn score_run<const D: usize>(
    steps: &[Step<D>],
    config: &GospaConfig,
) -> Result<RunScore, MetricError> {
    config.validate()?;
    if steps.is_empty() {
        return Err(MetricError::NoSteps);
    }
    let mut solver = Solver::new();
    let (mut gospa_sum, mut loc, mut missed, mut false_) = (0.0, 0.0, 0.0, 0.0);
    let (mut missed_n, mut false_n, mut pairs_n, mut truths_n, mut tracks_n) = (0, 0, 0, 0, 0);
    // Per truth: first step time, first held time, last holder, segment count.
    let mut truths: BTreeMap<i64, TruthLife> = BTreeMap::new();
    let mut tracks: BTreeMap<i64, bool> = BTreeMap::new();
    let (mut truth_pts, mut track_pts) = (Vec::new(), Vec::new());
    for step in steps {
        truth_pts.clear();
        truth_pts.extend(step.truth.iter().map(|t| t.1));
        track_pts.clear();
        track_pts.extend(step.tracks.iter().map(|t| t.1));
        let g = gospa_with(&mut solver, &truth_pts, &track_pts, config)?;
        gospa_sum += g.distance;
        loc += g.localisation;
        missed += g.missed;
        false_ += g.false_;
        missed_n += truth_pts.len() - g.pairs.len();
        false_n += track_pts.len() - g.pairs.len();
        pairs_n += g.pairs.len();
        truths_n += truth_pts.len();
        tracks_n += track_pts.len();
        for &(id, _) in &step.tracks {
            tracks.entry(id).or_insert(false);
        }
        let mut holder = vec![None; step.truth.len()];
        for &(i, j) in &g.pairs {
            let track_id = step.tracks[j].0;
            holder[i] = Some(track_id);
            tracks.insert(track_id, true);
        }
        for (&(id, _), held_by) in step.truth.iter().zip(holder) {
            let life = truths.entry(id).or_insert(TruthLife {
                first_s: step.time_s,
                first_held_s: None,
                holder: None,
                segments: 0,
            });
            if let Some(track_id) = held_by {
                life.first_held_s.get_or_insert(step.time_s);
                if life.holder != Some(track_id) {
                    life.segments += 1;
                }
            }
            life.holder = held_by;
        }
    }
    let k = steps.len() as f64;
    let latencies: Vec<f64> = truths
        .values()
        .filter_map(|l| l.first_held_s.map(|t| t - l.first_s))
        .collect();
    Ok(RunScore {
        config: *config,
        steps: steps.len(),
        gospa_mean: gospa_sum / k,
        localisation_mean: loc / k,
        missed_mean: missed / k,
        false_mean: false_ / k,
        missed_per_step: missed_n as f64 / k,
        false_per_step: false_n as f64 / k,
        rms_localisation: if pairs_n > 0 {
            (loc / pairs_n as f64).powf(1.0 / config.p)
        } else {
            f64::NAN
        },
        truths_per_step: truths_n as f64 / k,
        tracks_per_step: tracks_n as f64 / k,
        track_ids: tracks.len(),
        breaks: truths.values().map(|l| l.segments.saturating_sub(1)).sum(),
        false_tracks: tracks.values().filter(|held| !**held).count(),
        latency_mean_s: if latencies.is_empty() {
            f64::NAN
        } else {
            latencies.iter().sum::<f64>() / latencies.len() as f64
        },
        latency_max_s: latencies.iter().copied().fold(f64::NAN, f64::max),
        never_held: truths.values().filter(|l| l.first_held_s.is_none()).count(),
    })
}

/// Continuity bookkeeping of one truth.
#[derive(Debug, Clone, Copy)]
struct TruthLife {
    first_s: f64,
    first_held_s: Option<f64>,
    /// The track holding it at the previous step of its life.
    holder: Option<i64>,
    /// Maximal runs of steps held by one track.
    segments: usize,
}
