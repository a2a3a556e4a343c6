//! Tracker configuration: motion model, association method, gate, track management.

use nalgebra::{Matrix2, SMatrix, SVector, Vector2};

use crate::error::{Result, TrackingError};
use crate::gaussian::Gaussian;
use crate::imm::Imm;
use crate::kalman::KalmanFilter;
use crate::motion::{
    ConstantVelocity, ConstantVelocityTurnLayout, CoordinatedTurn, MotionModel, OMEGA, TurnModel,
};
use crate::track::TrackFilter;

/// Largest cap on exactly enumerated JPDA events per cluster; see [`Association::Jpda`].
pub const MAX_JPDA_EVENTS: usize = 100_000;

/// Whether targets move in 3-D or in the horizontal plane only.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Space {
    /// Full 3-D east/north/up tracking (the engine's radars).
    Spatial,
    /// Flat 2-D east/north tracking (the peer benchmark of `shared/bench/tracking`).
    ///
    /// Tracks keep the 3-D filters but their height and vertical velocity stay exactly 0:
    /// measurements must be [`crate::Measurement::Position`], whose up component and
    /// up-row of the noise are replaced by 0 and unit variance, and the vertical process
    /// noise is zero. Gates and likelihoods use the east/north part only (2 degrees of
    /// freedom; the clutter density is per m²).
    Planar,
}

impl Space {
    /// Measurement dimension seen by gates and likelihoods.
    pub fn dimension(self) -> usize {
        match self {
            Self::Spatial => 3,
            Self::Planar => 2,
        }
    }
}

/// Parameters of the straight-flight / coordinated-turn IMM ([`MotionConfig::TurnImm`]).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ImmConfig {
    /// Horizontal acceleration spectral density of both modes (m²/s³).
    pub q_horizontal: f64,
    /// Vertical acceleration spectral density of both modes (m²/s³; ignored and 0 in
    /// [`Space::Planar`]).
    pub q_vertical: f64,
    /// Turn-rate spectral density of the turning mode (rad²/s³).
    pub q_turn_rate: f64,
    /// Variance of the zero turn rate of the straight mode (rad²/s², `> 0`).
    pub straight_turn_rate_variance: f64,
    /// Probability of switching mode between two predictions, either way.
    pub switch_probability: f64,
    /// Turning-mode probability of a new track.
    pub initial_turn_probability: f64,
    /// Turn-rate standard deviation of a new track (rad/s).
    pub initial_turn_rate_std: f64,
}

impl Default for ImmConfig {
    /// q = 1 m²/s³ on both axes and modes, turn-rate density 10⁻⁵ rad²/s³ (a turn rate
    /// that drifts by about 0.003 rad/s per √s), a 2 % switch probability per prediction,
    /// and new tracks 95 % straight with a 0.05 rad/s turn-rate spread. On the straight-
    /// flying peer benchmark these cost 1–2 % of GOSPA against the CV filter; see
    /// docs/bench/canopy-tracking.md.
    fn default() -> Self {
        Self {
            q_horizontal: 1.0,
            q_vertical: 1.0,
            q_turn_rate: 1e-5,
            straight_turn_rate_variance: 1e-6,
            switch_probability: 0.02,
            initial_turn_probability: 0.05,
            initial_turn_rate_std: 0.05,
        }
    }
}

/// Motion model of every track.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum MotionConfig {
    /// Nearly constant velocity (Kalman filter, 6 states) with white-acceleration spectral
    /// densities `q` for east, north and up (m²/s³), as Stone Soup's `ConstantVelocity(q)`.
    ConstantVelocity {
        /// Spectral densities east, north, up (m²/s³).
        q: [f64; 3],
    },
    /// IMM of straight flight and coordinated turn on the 7-state turn layout.
    TurnImm(ImmConfig),
}

/// How detections are associated with confirmed tracks.
///
/// Tentative tracks always use GNN on the detections confirmed tracks left over, so a
/// confirmed track is never drawn towards a detection a new track also claims.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Association {
    /// Global nearest neighbour: the single most likely assignment (log-likelihood-ratio
    /// costs, solved per cluster with `canopy-assign`).
    Gnn,
    /// Joint probabilistic data association per cluster: each track is updated with the
    /// probability-weighted mixture of its gated detections. Clusters whose event count
    /// bound exceeds `max_events` (at most [`MAX_JPDA_EVENTS`]) use belief propagation
    /// instead of exact enumeration.
    Jpda {
        /// Cap on exactly enumerated joint events per cluster.
        max_events: usize,
    },
}

/// Everything that stays fixed during a run.
///
/// The default matches the Stone Soup baseline of `shared/bench/tracking/BASELINE.md`
/// except for the space (3-D here): constant velocity with `q = 1`, GNN, confirmation on
/// the 3rd detection (birth included) within 5 scans with a tentative track dropped after 2
/// misses in a row (exactly `MultiMeasurementInitiator(min_points=3)` with
/// `UpdateTimeStepsDeleter(2)`), deletion after 4 misses in a row, and a 250 m/s velocity
/// prior.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TrackerConfig {
    /// 3-D or planar.
    pub space: Space,
    /// Motion model of every track.
    pub motion: MotionConfig,
    /// Association method for confirmed tracks.
    pub association: Association,
    /// Probability that a target's detection falls inside its track's ellipsoidal gate;
    /// the gate is the chi-square quantile with [`Space::dimension`] degrees of freedom.
    pub gate_probability: f64,
    /// M of the M-of-N confirmation: detections (the one that started the track included)
    /// a tentative track needs to become confirmed.
    pub confirm_hits: u32,
    /// N of the M-of-N confirmation: scans (from birth) within which the M detections must
    /// come, or the tentative track is deleted.
    pub confirm_window: u32,
    /// A tentative track is deleted after this many scans in a row without a detection.
    pub tentative_max_misses: u32,
    /// A confirmed track is deleted after this many scans in a row without a detection.
    pub confirmed_max_misses: u32,
    /// A track whose largest per-axis position standard deviation exceeds this (m) is
    /// deleted; `f64::INFINITY` disables the test.
    pub max_position_std_m: f64,
    /// A track not updated for longer than this (s) is deleted at the next scan, whether
    /// or not that scan covers it; `f64::INFINITY` disables the test.
    pub max_coast_s: f64,
    /// Standard deviation of each velocity component of a new track (m/s), around zero.
    pub initial_velocity_std_mps: f64,
    /// Number of most recent scans (1–64) over which [`crate::Track::quality`] is the
    /// fraction with a detection.
    pub quality_window: u32,
}

impl Default for TrackerConfig {
    fn default() -> Self {
        Self {
            space: Space::Spatial,
            motion: MotionConfig::ConstantVelocity { q: [1.0; 3] },
            association: Association::Gnn,
            gate_probability: 0.999,
            confirm_hits: 3,
            confirm_window: 5,
            tentative_max_misses: 2,
            confirmed_max_misses: 4,
            max_position_std_m: f64::INFINITY,
            max_coast_s: f64::INFINITY,
            initial_velocity_std_mps: 250.0,
            quality_window: 10,
        }
    }
}

/// An [`TrackingError::InvalidConfig`].
fn invalid(what: &'static str, problem: &'static str) -> TrackingError {
    TrackingError::InvalidConfig { what, problem }
}

/// Checks that `v` is finite and positive.
fn check_positive(what: &'static str, v: f64) -> Result<()> {
    if v.is_finite() && v > 0.0 {
        Ok(())
    } else {
        Err(invalid(what, "must be finite and > 0"))
    }
}

/// Checks that `v` is finite and non-negative.
fn check_non_negative(what: &'static str, v: f64) -> Result<()> {
    if v.is_finite() && v >= 0.0 {
        Ok(())
    } else {
        Err(invalid(what, "must be finite and >= 0"))
    }
}

/// Checks that `v` is a probability strictly between 0 and 1.
fn check_open_probability(what: &'static str, v: f64) -> Result<()> {
    if v > 0.0 && v < 1.0 {
        Ok(())
    } else {
        Err(invalid(what, "must be strictly between 0 and 1"))
    }
}

impl TrackerConfig {
    /// Checks every value; [`crate::Tracker::new`] calls this.
    pub fn validate(&self) -> Result<()> {
        match self.motion {
            MotionConfig::ConstantVelocity { q } => {
                for qi in q {
                    check_non_negative("constant-velocity spectral density q", qi)?;
                }
            }
            MotionConfig::TurnImm(imm) => {
                check_non_negative("IMM q_horizontal", imm.q_horizontal)?;
                check_non_negative("IMM q_vertical", imm.q_vertical)?;
                check_non_negative("IMM q_turn_rate", imm.q_turn_rate)?;
                check_positive(
                    "IMM straight_turn_rate_variance",
                    imm.straight_turn_rate_variance,
                )?;
                check_open_probability("IMM switch_probability", imm.switch_probability)?;
                check_open_probability(
                    "IMM initial_turn_probability",
                    imm.initial_turn_probability,
                )?;
                check_positive("IMM initial_turn_rate_std", imm.initial_turn_rate_std)?;
            }
        }
        if let Association::Jpda { max_events } = self.association
            && !(1..=MAX_JPDA_EVENTS).contains(&max_events)
        {
            return Err(invalid("JPDA max_events", "must be between 1 and 100000"));
        }
        check_open_probability("gate_probability", self.gate_probability)?;
        if self.confirm_hits == 0 || self.confirm_hits > self.confirm_window {
            return Err(invalid(
                "confirm_hits",
                "must be between 1 and confirm_window",
            ));
        }
        if self.tentative_max_misses == 0 || self.confirmed_max_misses == 0 {
            return Err(invalid("max misses", "must be at least 1"));
        }
        if self.max_position_std_m.is_nan() || self.max_position_std_m <= 0.0 {
            return Err(invalid("max_position_std_m", "must be > 0 (or infinite)"));
        }
        if self.max_coast_s.is_nan() || self.max_coast_s <= 0.0 {
            return Err(invalid("max_coast_s", "must be > 0 (or infinite)"));
        }
        check_positive("initial_velocity_std_mps", self.initial_velocity_std_mps)?;
        if !(1..=64).contains(&self.quality_window) {
            return Err(invalid("quality_window", "must be between 1 and 64"));
        }
        Ok(())
    }

    /// The filter of a new track at `position` with position covariance `position_cov`
    /// (east, north, up; positive definite, as every measurement model's noise is),
    /// velocity zero with [`Self::initial_velocity_std_mps`]. The covariance is block
    /// diagonal with positive definite blocks, so it needs no further check.
    pub(crate) fn new_filter(
        &self,
        position: &nalgebra::Vector3<f64>,
        position_cov: &nalgebra::Matrix3<f64>,
    ) -> Result<TrackFilter> {
        let planar = self.space == Space::Planar;
        let v_var = self.initial_velocity_std_mps * self.initial_velocity_std_mps;
        // Planar tracks hold height and vertical velocity at exactly zero: zero mean, no
        // vertical process noise, and a nominal unit variance that keeps P positive
        // definite without ever coupling to the horizontal states.
        let vz_var = if planar { 1.0 } else { v_var };
        match self.motion {
            MotionConfig::ConstantVelocity { q } => {
                let q = if planar { [q[0], q[1], 0.0] } else { q };
                let (mean, cov) = kinematic_prior::<ConstantVelocity, 6>(
                    position,
                    position_cov,
                    [v_var, v_var, vz_var],
                );
                Ok(TrackFilter::ConstantVelocity(KalmanFilter::new(
                    ConstantVelocity::per_axis(q)?,
                    Gaussian::from_parts(mean, cov),
                )))
            }
            MotionConfig::TurnImm(imm) => {
                let q_v = if planar { 0.0 } else { imm.q_vertical };
                let (mean, mut cov) = kinematic_prior::<CoordinatedTurn, 7>(
                    position,
                    position_cov,
                    [v_var, v_var, vz_var],
                );
                cov[(OMEGA, OMEGA)] = imm.initial_turn_rate_std * imm.initial_turn_rate_std;
                let straight = ConstantVelocityTurnLayout::new(
                    imm.q_horizontal,
                    q_v,
                    imm.straight_turn_rate_variance,
                )?;
                let turn = CoordinatedTurn::new(imm.q_horizontal, imm.q_turn_rate, q_v)?;
                let s = imm.switch_probability;
                let filter = Imm::new(
                    [
                        TurnModel::ConstantVelocity(straight),
                        TurnModel::CoordinatedTurn(turn),
                    ],
                    Matrix2::new(1.0 - s, s, s, 1.0 - s),
                    Gaussian::from_parts(mean, cov),
                    Vector2::new(
                        1.0 - imm.initial_turn_probability,
                        imm.initial_turn_probability,
                    ),
                )?;
                Ok(TrackFilter::TurnImm(Box::new(filter)))
            }
        }
    }
}

/// The prior of a new track in model `M`'s state layout: the measured position with its
/// covariance, zero velocity with the given variances, everything else zero.
fn kinematic_prior<M: MotionModel<N>, const N: usize>(
    position: &nalgebra::Vector3<f64>,
    position_cov: &nalgebra::Matrix3<f64>,
    velocity_var: [f64; 3],
) -> (SVector<f64, N>, SMatrix<f64, N, N>) {
    let (pos, vel) = (M::POSITION, M::VELOCITY);
    let mut mean = SVector::<f64, N>::zeros();
    let mut cov = SMatrix::<f64, N, N>::zeros();
    for r in 0..3 {
        mean[pos[r]] = position[r];
        for c in 0..3 {
            cov[(pos[r], pos[c])] = position_cov[(r, c)];
        }
        cov[(vel[r], vel[r])] = velocity_var[r];
    }
    (mean, cov)
}
