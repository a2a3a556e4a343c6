//! Threat evaluation (issue "Engagement", item 1): from the track picture to a ranked list of
//! threats.
//!
//! Every C2 cycle the engine hands [`evaluate`] its tracks ([`TrackView`], estimates only,
//! never truth) and the defended assets ([`AssetView`]), all in the east/north/up metres of one
//! [`LocalFrame`] the caller picks (e.g. at the command post). For each track it returns a
//! [`ThreatAssessment`]:
//!
//! 1. **Classification** ([`classify`]): posterior probabilities over [`ThreatClass`] from
//!    the track's [`Kinematics`] (speed, altitude, flight-path angle, vertical acceleration),
//!    a naive-Bayes model documented in [`ClassifierParams`]'s module; the most probable
//!    class picks the motion model.
//! 2. **Prediction** ([`PredictedPath`]): great-circle flight for air-breathers, free flight
//!    under gravity for ballistic tracks, over [`EvaluationParams::horizon_s`].
//! 3. **Threatened asset** ([`AssetThreat`]): the asset with the smallest closest approach of
//!    the predicted path, if that approach is within the class's threat radius widened by the
//!    track's horizontal position uncertainty; its time is the arrival time and gives the time
//!    to go.
//! 4. **Threat value** = asset value × P(damage), with P(damage) = Σ_c P(c) · p_damage(c)
//!    (notional per-class values in [`EvaluationParams::default`]).
//! 5. **Priority** ([`Evaluation::priority`]): confirmed tracks by descending priority score
//!    = threat value / (1 + time to go / urgency time), then shorter time to go, then lower
//!    track id, so the order is total and deterministic.
//!
//! Altitudes are above WGS-84 (not the frame's tangent plane, which is 3 km below a
//! sea-skimmer 200 km away); positions are converted to ECEF internally.

mod classify;
mod path;
#[cfg(test)]
mod tests;

pub use classify::{ClassModel, ClassifierParams, Kinematics, Likelihood, classify};
pub use path::{Approach, CLIMB_HOLD_S, MotionModel, PathState, PredictedPath};

use std::cmp::Ordering;
use std::collections::HashMap;
use std::ops::{Index, IndexMut};
use std::sync::Arc;

use canopy_core::geo::{Enu, LocalFrame};
use nalgebra::Vector3;

use crate::salvo::{InvalidInput, finite, non_negative, positive, probability};
pub(crate) use path::EARTH;
use path::vertical_speed;

/// What a track is believed to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ThreatClass {
    /// A ballistic missile (unpowered, on a gravity trajectory).
    Ballistic,
    /// A cruise missile (powered, low or very low altitude).
    Cruise,
    /// A fixed-wing aircraft.
    Aircraft,
    /// A helicopter.
    Helicopter,
    /// An unmanned aircraft, including one-way attack drones.
    Drone,
}

impl ThreatClass {
    /// Number of classes.
    pub const COUNT: usize = 5;
    /// Every class, in index order.
    pub const ALL: [ThreatClass; ThreatClass::COUNT] = [
        ThreatClass::Ballistic,
        ThreatClass::Cruise,
        ThreatClass::Aircraft,
        ThreatClass::Helicopter,
        ThreatClass::Drone,
    ];

    /// Position in [`ThreatClass::ALL`] and in a [`PerClass`].
    pub const fn index(self) -> usize {
        self as usize
    }

    /// Lower-case name, as used in messages.
    pub const fn name(self) -> &'static str {
        match self {
            ThreatClass::Ballistic => "ballistic",
            ThreatClass::Cruise => "cruise",
            ThreatClass::Aircraft => "aircraft",
            ThreatClass::Helicopter => "helicopter",
            ThreatClass::Drone => "drone",
        }
    }

    /// Whether the class is a munition (expended on its target: ballistic, cruise, drone)
    /// rather than a crewed platform; "weapons tight" engages munitions only
    /// (see [`crate::doctrine::WeaponControl::Tight`]).
    pub const fn is_munition(self) -> bool {
        matches!(
            self,
            ThreatClass::Ballistic | ThreatClass::Cruise | ThreatClass::Drone
        )
    }
}

/// One value per [`ThreatClass`], indexed by class.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct PerClass<T>(pub [T; ThreatClass::COUNT]);

impl<T> PerClass<T> {
    /// Builds the map from a function of the class.
    pub fn from_fn(mut f: impl FnMut(ThreatClass) -> T) -> Self {
        PerClass(std::array::from_fn(|i| f(ThreatClass::ALL[i])))
    }

    /// The (class, value) pairs in class order.
    pub fn iter(&self) -> impl Iterator<Item = (ThreatClass, &T)> {
        ThreatClass::ALL.into_iter().zip(self.0.iter())
    }
}

impl<T> Index<ThreatClass> for PerClass<T> {
    type Output = T;
    fn index(&self, class: ThreatClass) -> &T {
        &self.0[class.index()]
    }
}

impl<T> IndexMut<ThreatClass> for PerClass<T> {
    fn index_mut(&mut self, class: ThreatClass) -> &mut T {
        &mut self.0[class.index()]
    }
}

impl PerClass<f64> {
    /// The class with the largest value; ties go to the class listed first in
    /// [`ThreatClass::ALL`].
    pub fn argmax(&self) -> ThreatClass {
        let mut best = ThreatClass::ALL[0];
        for (class, &v) in self.iter() {
            if v > self[best] {
                best = class;
            }
        }
        best
    }
}

/// An earlier estimate of the same track, for the vertical-acceleration fit.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TrackSample {
    /// Simulation time of the estimate (s).
    pub time_s: f64,
    /// Position, ENU metres in the evaluation frame.
    pub position: [f64; 3],
    /// Velocity, ENU m/s in the evaluation frame's axes.
    pub velocity: [f64; 3],
}

/// A track as the evaluator sees it: a state estimate, never truth.
#[derive(Debug, Clone, PartialEq)]
pub struct TrackView {
    /// Track number.
    pub id: u64,
    /// Simulation time of the estimate (s).
    pub time_s: f64,
    /// Position, ENU metres in the evaluation frame.
    pub position: [f64; 3],
    /// Velocity, ENU m/s in the evaluation frame's axes.
    pub velocity: [f64; 3],
    /// Position error covariance, ENU m².
    pub position_cov: [[f64; 3]; 3],
    /// Whether the tracker has confirmed the track; tentative tracks are assessed but not
    /// prioritised.
    pub confirmed: bool,
    /// Acceleration estimate (ENU m/s², e.g. from a constant-acceleration filter), if any.
    pub acceleration: Option<[f64; 3]>,
    /// Earlier estimates, any order; used to fit the vertical acceleration when
    /// `acceleration` is `None`.
    pub history: Vec<TrackSample>,
}

impl TrackView {
    /// The estimate as an ECEF [`PathState`].
    pub fn ecef_state(&self, frame: &LocalFrame) -> PathState {
        to_ecef_state(frame, self.time_s, &self.position, &self.velocity)
    }
}

fn to_ecef_state(
    frame: &LocalFrame,
    time_s: f64,
    position: &[f64; 3],
    velocity: &[f64; 3],
) -> PathState {
    PathState {
        time_s,
        position: frame.to_ecef(&Enu(Vector3::from(*position))).0,
        velocity: frame.vec_to_ecef(&Vector3::from(*velocity)),
    }
}

/// A defended asset.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct AssetView {
    /// The caller's asset number, reported back in [`AssetThreat::asset_index`].
    pub index: usize,
    /// Position, ENU metres in the evaluation frame (at the asset's altitude).
    pub position: [f64; 3],
    /// Value (any non-negative scale, e.g. the scenario's `value`).
    pub value: f64,
}

/// Parameters of the threat evaluation.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct EvaluationParams {
    /// The classifier.
    pub classifier: ClassifierParams,
    /// Notional probability that a leaker of each class damages the asset it attacks.
    pub p_damage: PerClass<f64>,
    /// Closest approach within which a track of each class is deemed to attack an asset (m).
    pub threat_radius_m: PerClass<f64>,
    /// The threat radius is widened by this many horizontal position standard deviations.
    pub uncertainty_sigmas: f64,
    /// Prediction horizon (s).
    pub horizon_s: f64,
    /// Sampling step of the predicted paths (s).
    pub path_step_s: f64,
    /// Time to go at which a threat's priority score is half its threat value (s).
    pub urgency_time_s: f64,
    /// Shortest span of history (s) from which a vertical acceleration is fitted.
    pub min_history_span_s: f64,
}

impl Default for EvaluationParams {
    /// Notional values (NOTIONAL, round numbers, not sourced):
    ///
    /// | class | p_damage | threat radius | rationale |
    /// |---|---|---|---|
    /// | ballistic | 0.9 | 10 km | large warhead; radius covers the impact-point error of an early track |
    /// | cruise | 0.8 | 5 km | precise, ~450 kg class warhead |
    /// | aircraft | 0.6 | 40 km | stand-off guided bombs and missiles released short of the asset |
    /// | helicopter | 0.3 | 10 km | anti-tank missiles, ~8 km reach, little effect on hard sites |
    /// | drone | 0.3 | 3 km | one-way attack drone, ~50 kg warhead |
    ///
    /// Radii widened by 3 σ of horizontal position error; horizon 600 s at 1 s steps; urgency
    /// time 60 s; vertical acceleration fitted over at least 2 s of history.
    fn default() -> Self {
        EvaluationParams {
            classifier: ClassifierParams::default(),
            p_damage: PerClass([0.9, 0.8, 0.6, 0.3, 0.3]),
            threat_radius_m: PerClass([10_000.0, 5_000.0, 40_000.0, 10_000.0, 3_000.0]),
            uncertainty_sigmas: 3.0,
            horizon_s: 600.0,
            path_step_s: 1.0,
            urgency_time_s: 60.0,
            min_history_span_s: 2.0,
        }
    }
}

impl EvaluationParams {
    /// Checks every field.
    pub fn validate(&self) -> Result<(), InvalidInput> {
        self.classifier.validate()?;
        for (class, &p) in self.p_damage.iter() {
            probability(format!("p_damage.{}", class.name()), p)?;
        }
        for (class, &r) in self.threat_radius_m.iter() {
            non_negative(format!("threat_radius_m.{}", class.name()), r)?;
        }
        non_negative("uncertainty_sigmas", self.uncertainty_sigmas)?;
        positive("horizon_s", self.horizon_s)?;
        positive("path_step_s", self.path_step_s)?;
        positive("urgency_time_s", self.urgency_time_s)?;
        positive("min_history_span_s", self.min_history_span_s)?;
        Ok(())
    }
}

/// The asset a track is predicted to attack.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct AssetThreat {
    /// [`AssetView::index`] of the asset.
    pub asset_index: usize,
    /// Closest approach of the predicted path to the asset (m).
    pub miss_distance_m: f64,
    /// Simulation time of that closest approach (s).
    pub arrival_time_s: f64,
    /// `arrival_time_s` − now, never negative (s).
    pub time_to_go_s: f64,
}

/// The evaluator's verdict on one track.
#[derive(Debug, Clone, PartialEq)]
pub struct ThreatAssessment {
    /// [`TrackView::id`].
    pub track_id: u64,
    /// [`TrackView::confirmed`].
    pub confirmed: bool,
    /// Features used for classification.
    pub kinematics: Kinematics,
    /// Posterior class probabilities (sum to 1).
    pub class_probabilities: PerClass<f64>,
    /// Most probable class (ties to the class listed first).
    pub class: ThreatClass,
    /// Probability that the track is a munition (ballistic + cruise + drone).
    pub munition_probability: f64,
    /// Predicted trajectory (motion model from `class`), shared with the [`Evaluator`]'s
    /// memo.
    pub path: Arc<PredictedPath>,
    /// The asset it threatens, if any.
    pub target: Option<AssetThreat>,
    /// Expected probability of damage if it leaks, Σ_c P(c) · p_damage(c).
    pub p_damage: f64,
    /// Threatened asset's value × `p_damage` (0 without a target).
    pub threat_value: f64,
    /// Threat value / (1 + time to go / urgency time) (0 without a target).
    pub priority_score: f64,
}

/// Result of [`evaluate`].
#[derive(Debug, Clone, PartialEq)]
pub struct Evaluation {
    /// One assessment per input track, in input order.
    pub assessments: Vec<ThreatAssessment>,
    /// Indices into `assessments` of the confirmed tracks, highest priority first.
    pub priority: Vec<usize>,
}

/// Kinematic features of `track` (frame as in [`evaluate`]).
pub fn kinematics(
    frame: &LocalFrame,
    track: &TrackView,
    min_history_span_s: f64,
) -> Result<Kinematics, InvalidInput> {
    validate_track(track)?;
    let s = track.ecef_state(frame);
    let up = EARTH.up(&s.position);
    let vz = s.velocity.dot(&up);
    let horizontal = (s.velocity - vz * up).norm();
    let vertical_accel_mps2 = match track.acceleration {
        Some(a) => {
            // ḧ = a·û + v_h²/r: the second term is the curvature of the Earth under a
            // straight path, so level flight gives 0 and free fall gives −g + v_h²/r.
            let a = frame.vec_to_ecef(&Vector3::from(a));
            Some(a.dot(&up) + horizontal * horizontal / s.position.norm())
        }
        None => fit_vertical_accel(frame, track, vz, min_history_span_s),
    };
    Ok(Kinematics {
        speed_mps: s.velocity.norm(),
        altitude_m: EARTH.altitude(&s.position),
        vertical_speed_mps: vz,
        flight_path_angle_deg: vz.atan2(horizontal).to_degrees(),
        vertical_accel_mps2,
    })
}

/// Least-squares slope of the vertical speed over the history and the current estimate, if
/// they span at least `min_span_s`.
fn fit_vertical_accel(
    frame: &LocalFrame,
    track: &TrackView,
    vz_now: f64,
    min_span_s: f64,
) -> Option<f64> {
    let points: Vec<(f64, f64)> = track
        .history
        .iter()
        .map(|h| {
            let s = to_ecef_state(frame, h.time_s, &h.position, &h.velocity);
            (h.time_s, vertical_speed(&s))
        })
        .chain(std::iter::once((track.time_s, vz_now)))
        .collect();
    let (t_min, t_max) = points
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), &(t, _)| {
            (lo.min(t), hi.max(t))
        });
    if t_max - t_min < min_span_s {
        return None;
    }
    let n = points.len() as f64;
    let t_mean = points.iter().map(|p| p.0).sum::<f64>() / n;
    let v_mean = points.iter().map(|p| p.1).sum::<f64>() / n;
    let (num, den) = points.iter().fold((0.0, 0.0), |(num, den), &(t, v)| {
        (
            num + (t - t_mean) * (v - v_mean),
            den + (t - t_mean).powi(2),
        )
    });
    Some(num / den)
}

/// Renames the error of a failed check: the name is formatted only on failure, since the
/// checks run for every track every cycle.
fn named(what: impl FnOnce() -> String) -> impl FnOnce(InvalidInput) -> InvalidInput {
    move |e| InvalidInput { what: what(), ..e }
}

fn finite3(what: impl Fn() -> String, v: &[f64; 3]) -> Result<(), InvalidInput> {
    for (i, c) in v.iter().enumerate() {
        finite("", *c).map_err(named(|| format!("{}[{i}]", what())))?;
    }
    Ok(())
}

fn validate_track(track: &TrackView) -> Result<(), InvalidInput> {
    let id = track.id;
    finite("", track.time_s).map_err(named(|| format!("track {id} time_s")))?;
    finite3(|| format!("track {id} position"), &track.position)?;
    finite3(|| format!("track {id} velocity"), &track.velocity)?;
    for (i, row) in track.position_cov.iter().enumerate() {
        finite3(|| format!("track {id} position_cov[{i}]"), row)?;
        non_negative("", row[i]).map_err(named(|| format!("track {id} position_cov[{i}][{i}]")))?;
    }
    if let Some(a) = &track.acceleration {
        finite3(|| format!("track {id} acceleration"), a)?;
    }
    for (k, h) in track.history.iter().enumerate() {
        finite("", h.time_s).map_err(named(|| format!("track {id} history[{k}].time_s")))?;
        finite3(|| format!("track {id} history[{k}].position"), &h.position)?;
        finite3(|| format!("track {id} history[{k}].velocity"), &h.velocity)?;
    }
    Ok(())
}

/// Evaluates every track against every asset at simulation time `now_s`.
///
/// Positions are ENU in `frame`; errors name the offending track or asset.
pub fn evaluate(
    frame: &LocalFrame,
    now_s: f64,
    tracks: &[TrackView],
    assets: &[AssetView],
    params: &EvaluationParams,
) -> Result<Evaluation, InvalidInput> {
    params.validate()?;
    let now_s = finite("now_s", now_s)?;
    let asset_points = asset_points(frame, assets)?;
    let assessments = tracks
        .iter()
        .map(|track| assess(frame, now_s, track, assets, &asset_points, params))
        .collect::<Result<Vec<_>, InvalidInput>>()?;
    Ok(prioritised(assessments))
}

/// The assets in ECEF, after checking them.
fn asset_points(
    frame: &LocalFrame,
    assets: &[AssetView],
) -> Result<Vec<Vector3<f64>>, InvalidInput> {
    assets
        .iter()
        .map(|a| {
            finite3(|| format!("asset {} position", a.index), &a.position)?;
            non_negative("", a.value).map_err(named(|| format!("asset {} value", a.index)))?;
            Ok(frame.to_ecef(&Enu(Vector3::from(a.position))).0)
        })
        .collect()
}

/// The evaluation of `assessments`: the confirmed ones ranked.
fn prioritised(assessments: Vec<ThreatAssessment>) -> Evaluation {
    let mut priority: Vec<usize> = (0..assessments.len())
        .filter(|&i| assessments[i].confirmed)
        .collect();
    priority.sort_by(|&i, &j| priority_order(&assessments[i], &assessments[j]).then(i.cmp(&j)));
    Evaluation {
        assessments,
        priority,
    }
}

/// [`evaluate`] with memory, for a caller that evaluates the same picture every cycle.
///
/// Everything in an assessment but the time to go and the priority score is a function of
/// the track's estimate alone (and of the assets and parameters): a track whose estimate is
/// unchanged since the previous call keeps its classification, predicted path and threatened
/// asset, and only its time-dependent fields are recomputed. Results are exactly those of
/// [`evaluate`] (a test holds them equal), so a caller that hands over each track's last
/// estimate, rather than one extrapolated to the cycle time, pays for a prediction only when
/// a radar has updated the track.
#[derive(Debug, Clone)]
pub struct Evaluator {
    params: EvaluationParams,
    /// The assets the memo was computed against (a change clears it).
    assets: Vec<AssetView>,
    /// Frame origin the memo was computed in (a change clears it).
    origin: Option<[f64; 3]>,
    memo: HashMap<u64, Memo>,
}

/// One track's last assessment and the estimate it was made from.
#[derive(Debug, Clone)]
struct Memo {
    track: TrackView,
    assessment: ThreatAssessment,
}

/// Whether two estimates of a track are the same input to the evaluation (`confirmed` only
/// selects the track for the priority list).
fn same_estimate(a: &TrackView, b: &TrackView) -> bool {
    a.time_s == b.time_s
        && a.position == b.position
        && a.velocity == b.velocity
        && a.position_cov == b.position_cov
        && a.acceleration == b.acceleration
        && a.history == b.history
}

impl Evaluator {
    /// An evaluator with `params` (checked here, once).
    pub fn new(params: EvaluationParams) -> Result<Self, InvalidInput> {
        params.validate()?;
        Ok(Evaluator {
            params,
            assets: Vec::new(),
            origin: None,
            memo: HashMap::new(),
        })
    }

    /// Evaluates every track against every asset at `now_s`, as [`evaluate`] does, reusing
    /// the assessments of unchanged estimates. Tracks absent from `tracks` are forgotten.
    pub fn evaluate(
        &mut self,
        frame: &LocalFrame,
        now_s: f64,
        tracks: &[TrackView],
        assets: &[AssetView],
    ) -> Result<Evaluation, InvalidInput> {
        let now_s = finite("now_s", now_s)?;
        let asset_points = asset_points(frame, assets)?;
        let origin = frame.to_ecef(&Enu(Vector3::zeros())).0;
        let origin = Some([origin.x, origin.y, origin.z]);
        if self.assets != assets || self.origin != origin {
            self.memo.clear();
            self.assets = assets.to_vec();
            self.origin = origin;
        }
        let mut memo = HashMap::with_capacity(tracks.len());
        let mut assessments = Vec::with_capacity(tracks.len());
        for track in tracks {
            let assessment = match self.memo.remove(&track.id) {
                Some(m) if same_estimate(&m.track, track) => {
                    let mut a = m.assessment;
                    a.confirmed = track.confirmed;
                    a.set_time(now_s, self.params.urgency_time_s);
                    a
                }
                _ => assess(frame, now_s, track, assets, &asset_points, &self.params)?,
            };
            memo.insert(
                track.id,
                Memo {
                    track: track.clone(),
                    assessment: assessment.clone(),
                },
            );
            assessments.push(assessment);
        }
        self.memo = memo;
        Ok(prioritised(assessments))
    }
}

impl ThreatAssessment {
    /// Sets the fields that depend on the time, `now_s`: the time to go and the priority score.
    fn set_time(&mut self, now_s: f64, urgency_time_s: f64) {
        if let Some(t) = &mut self.target {
            t.time_to_go_s = (t.arrival_time_s - now_s).max(0.0);
            self.priority_score = self.threat_value / (1.0 + t.time_to_go_s / urgency_time_s);
        }
    }
}

/// Assesses one track at `now_s` (`asset_points`: the assets in ECEF).
fn assess(
    frame: &LocalFrame,
    now_s: f64,
    track: &TrackView,
    assets: &[AssetView],
    asset_points: &[Vector3<f64>],
    params: &EvaluationParams,
) -> Result<ThreatAssessment, InvalidInput> {
    let kin = kinematics(frame, track, params.min_history_span_s)?;
    let probs = classify(&params.classifier, &kin);
    let class = probs.argmax();
    let model = if class == ThreatClass::Ballistic {
        MotionModel::Ballistic
    } else {
        MotionModel::GreatCircle
    };
    let path = PredictedPath::new(
        model,
        track.ecef_state(frame),
        params.horizon_s,
        params.path_step_s,
    )?;
    let sigma_h = (track.position_cov[0][0] + track.position_cov[1][1]).sqrt();
    let radius = params.threat_radius_m[class] + params.uncertainty_sigmas * sigma_h;
    let target = threatened_asset(&path, assets, asset_points, radius);
    let p_damage: f64 = probs.iter().map(|(c, p)| p * params.p_damage[c]).sum();
    let threat_value = target.map_or(0.0, |t| {
        assets
            .iter()
            .find(|a| a.index == t.asset_index)
            .map_or(0.0, |a| a.value)
            * p_damage
    });
    let mut assessment = ThreatAssessment {
        track_id: track.id,
        confirmed: track.confirmed,
        kinematics: kin,
        munition_probability: probs
            .iter()
            .filter(|(c, _)| c.is_munition())
            .map(|(_, p)| p)
            .sum(),
        class_probabilities: probs,
        class,
        path: Arc::new(path),
        target,
        p_damage,
        threat_value,
        priority_score: 0.0,
    };
    assessment.set_time(now_s, params.urgency_time_s);
    Ok(assessment)
}

/// Highest score first, then sooner arrival (no target last), then lower track id.
fn priority_order(a: &ThreatAssessment, b: &ThreatAssessment) -> Ordering {
    let tgo = |x: &ThreatAssessment| x.target.map_or(f64::INFINITY, |t| t.time_to_go_s);
    b.priority_score
        .total_cmp(&a.priority_score)
        .then(tgo(a).total_cmp(&tgo(b)))
        .then(a.track_id.cmp(&b.track_id))
}

/// The asset with the smallest closest approach within `radius_m` (ties: higher value, then
/// lower asset index); its time to go is left for [`ThreatAssessment::set_time`].
fn threatened_asset(
    path: &PredictedPath,
    assets: &[AssetView],
    points: &[Vector3<f64>],
    radius_m: f64,
) -> Option<AssetThreat> {
    let mut best: Option<(AssetThreat, f64)> = None;
    for (asset, point) in assets.iter().zip(points) {
        let Some(approach) = path.approach_within(point, radius_m) else {
            continue;
        };
        let candidate = AssetThreat {
            asset_index: asset.index,
            miss_distance_m: approach.distance_m,
            arrival_time_s: approach.time_s,
            time_to_go_s: 0.0,
        };
        let better = match &best {
            None => true,
            Some((b, value)) => candidate
                .miss_distance_m
                .total_cmp(&b.miss_distance_m)
                .then(value.total_cmp(&asset.value))
                .then(asset.index.cmp(&b.asset_index))
                .is_lt(),
        };
        if better {
            best = Some((candidate, asset.value));
        }
    }
    best.map(|(t, _)| t)
}
