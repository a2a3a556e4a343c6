//! [`TrackFilter`]: the filter state a track holds, whatever its motion model.

use std::borrow::Cow;

use nalgebra::{Matrix3, Matrix6, Vector3};

use crate::error::Result;
use crate::gaussian::{self, Gaussian};
use crate::imm::Imm;
use crate::kalman::{self, Filter, Innovation, KalmanFilter};
use crate::measurement::Measurement;
use crate::motion::{ConstantAcceleration, ConstantVelocity, CoordinatedTurn, TurnModel};

/// The filter of one track: a single-model (E)KF or an IMM, chosen per track.
///
/// A closed enum rather than `Box<dyn …>` keeps dispatch a jump on the tag and lets the
/// common constant-velocity case live inline in a track table; the large variants are
/// boxed (allocated once at track creation, never in predict/update) so they do not
/// inflate every track.
#[derive(Debug, Clone, PartialEq)]
pub enum TrackFilter {
    /// Kalman filter, 6-state constant velocity.
    ConstantVelocity(KalmanFilter<ConstantVelocity, 6>),
    /// Kalman filter, 9-state constant acceleration.
    ConstantAcceleration(Box<KalmanFilter<ConstantAcceleration, 9>>),
    /// EKF, 7-state coordinated turn.
    CoordinatedTurn(KalmanFilter<CoordinatedTurn, 7>),
    /// IMM of straight flight and coordinated turn on the 7-state turn layout.
    TurnImm(Box<Imm<TurnModel, 7, 2>>),
}

/// Runs the same expression on whichever filter the enum holds.
macro_rules! each {
    ($self:expr, $f:ident => $body:expr) => {
        match $self {
            TrackFilter::ConstantVelocity($f) => $body,
            TrackFilter::ConstantAcceleration($f) => $body,
            TrackFilter::CoordinatedTurn($f) => $body,
            TrackFilter::TurnImm($f) => $body,
        }
    };
}

impl TrackFilter {
    /// Moves the estimate forward by `dt` seconds (finite, `>= 0`).
    pub fn predict(&mut self, dt: f64) -> Result<()> {
        each!(self, f => f.predict(dt))
    }

    /// Updates with a measurement; returns its innovation against the prediction.
    pub fn update(&mut self, measurement: &Measurement) -> Result<Innovation<3>> {
        each!(self, f => f.update_measurement(measurement))
    }

    /// The innovation of a measurement against the current prediction (for gating).
    pub fn innovation(&self, measurement: &Measurement) -> Result<Innovation<3>> {
        self.gate_prior().innovation(measurement)
    }

    /// The estimate that innovations are computed against, taken once so that gating many
    /// detections against one track does not rebuild it per pair (an IMM's is the
    /// moment-matched mixture of its modes; a single model's is borrowed).
    pub(crate) fn gate_prior(&self) -> GatePrior<'_> {
        match self {
            Self::ConstantVelocity(f) => GatePrior::Six(f.state(), f.position_index()),
            Self::ConstantAcceleration(f) => GatePrior::Nine(f.state(), f.position_index()),
            Self::CoordinatedTurn(f) => {
                GatePrior::Seven(Cow::Borrowed(f.state()), f.position_index())
            }
            Self::TurnImm(f) => GatePrior::Seven(Cow::Owned(f.estimate()), f.position_index()),
        }
    }

    /// Estimated position (east, north, up, m).
    pub fn position(&self) -> Vector3<f64> {
        each!(self, f => f.position())
    }

    /// Estimated velocity (east, north, up, m/s).
    pub fn velocity(&self) -> Vector3<f64> {
        each!(self, f => f.velocity())
    }

    /// Covariance of the estimated position (m²).
    pub fn position_covariance(&self) -> Matrix3<f64> {
        each!(self, f => f.position_covariance())
    }

    /// Covariance of `[east, north, up position, east, north, up velocity]` (m², m²/s,
    /// m²/s²), whatever the filter's own state layout.
    pub fn kinematic_covariance(&self) -> Matrix6<f64> {
        each!(self, f => {
            let estimate = f.estimate();
            let (p, v) = (f.position_index(), f.velocity_index());
            let index = [p[0], p[1], p[2], v[0], v[1], v[2]];
            Matrix6::from_fn(|r, c| estimate.covariance()[(index[r], index[c])])
        })
    }

    /// The weighted mixture of copies of `self` that were updated under different
    /// association hypotheses (probabilistic data association). `parts` holds the weights,
    /// which sum to one, and the copies, which must be the same variant as `self` (a part
    /// of another variant is ignored). Returns `None` when no part matches.
    pub(crate) fn mixture(&self, parts: &[(f64, TrackFilter)]) -> Option<TrackFilter> {
        /// The parts holding variant `$v`, as (weight, &filter or &Box<filter>).
        macro_rules! parts_of {
            ($v:ident) => {
                parts.iter().filter_map(|(w, f)| match f {
                    TrackFilter::$v(inner) => Some((*w, inner)),
                    _ => None,
                })
            };
        }
        /// The moment-matched mixture of single-model Kalman filters of variant `$v`.
        macro_rules! kalman {
            ($v:ident, $f:expr) => {{
                parts_of!($v).next()?;
                let mixed = gaussian::mixture(parts_of!($v).map(|(w, k)| (w, k.state())));
                KalmanFilter::new(*$f.model(), mixed)
            }};
        }
        Some(match self {
            Self::ConstantVelocity(f) => Self::ConstantVelocity(kalman!(ConstantVelocity, f)),
            Self::ConstantAcceleration(f) => {
                Self::ConstantAcceleration(Box::new(kalman!(ConstantAcceleration, f)))
            }
            Self::CoordinatedTurn(f) => Self::CoordinatedTurn(kalman!(CoordinatedTurn, f)),
            Self::TurnImm(f) => {
                parts_of!(TurnImm).next()?;
                let imms = parts_of!(TurnImm).map(|(w, imm)| (w, &**imm));
                Self::TurnImm(Box::new(Imm::mixture(f, imms)))
            }
        })
    }

    /// IMM mode probabilities `[straight, turning]`, or `None` for a single-model filter.
    pub fn mode_probabilities(&self) -> Option<[f64; 2]> {
        match self {
            Self::TurnImm(imm) => Some((*imm.probabilities()).into()),
            _ => None,
        }
    }
}

/// A track's estimate as gating sees it ([`TrackFilter::gate_prior`]), with the indices of
/// its position states.
// Built on the stack once per track and association stage and never stored: boxing the
// IMM's owned mixture would cost an allocation per track and scan to save stack space.
#[allow(clippy::large_enum_variant)]
pub(crate) enum GatePrior<'a> {
    /// 6-state layout (constant velocity).
    Six(&'a Gaussian<6>, [usize; 3]),
    /// 7-state layout (coordinated turn, IMM).
    Seven(Cow<'a, Gaussian<7>>, [usize; 3]),
    /// 9-state layout (constant acceleration).
    Nine(&'a Gaussian<9>, [usize; 3]),
}

impl GatePrior<'_> {
    /// The innovation of a measurement against this estimate: what
    /// [`Filter::measurement_innovation`] computes, bit for bit.
    pub(crate) fn innovation(&self, measurement: &Measurement) -> Result<Innovation<3>> {
        match self {
            Self::Six(g, index) => kalman::measurement_innovation(g, *index, measurement),
            Self::Seven(g, index) => kalman::measurement_innovation(g, *index, measurement),
            Self::Nine(g, index) => kalman::measurement_innovation(g, *index, measurement),
        }
    }
}
