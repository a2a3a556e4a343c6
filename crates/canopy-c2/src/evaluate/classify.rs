//! Track classification from kinematics: a naive-Bayes posterior over the five
//! [`ThreatClass`](super::ThreatClass)es.
//!
//! # Model
//!
//! Features, measured at the track's position on WGS-84 ([`Kinematics`]): speed v, altitude h,
//! the magnitude of the flight-path angle |γ| (angle of the velocity above or below the local
//! horizontal), and, when the track carries an acceleration estimate or a history, the
//! vertical acceleration ḧ (second derivative of altitude: ≈ −9.8 m/s² for a ballistic body,
//! slightly less in magnitude because of the v_h²/r curvature term; ≈ 0 for level flight).
//!
//! Posterior P(c | x) ∝ prior(c) · Π_f L_c,f(x_f), with the features treated as independent
//! given the class. Each per-feature likelihood is a mixture
//! L = (1 − ε) · model density + ε · broad density, where the broad densities are log-uniform
//! over 1 m/s … 10 km/s and 1 m … 1000 km, uniform over 0 … 90° and over ±50 m/s². The ε
//! part bounds how strongly any single feature can veto a class (a bad altitude estimate
//! cannot on its own make a cruise missile a ballistic missile), so the posterior degrades
//! gracefully instead of snapping to 0/1 on one outlier. Speeds and altitudes are floored at
//! 1 m/s and 1 m before evaluation (a hovering helicopter, a sea-skimmer at 0 m).
//!
//! # Notional defaults ([`ClassifierParams::default`])
//!
//! | class | prior | speed median, σ_ln | altitude median, σ_ln | \|γ\| | ḧ (m/s²) |
//! |---|---|---|---|---|---|
//! | ballistic | 0.2 | 1800 m/s, 0.55 | 20 km, 1.5 | uniform 0–90° | N(−9.3, 2.0) |
//! | cruise | 0.2 | 280 m/s, 0.55 | 60 m, 1.0 | half-normal σ 10° | N(0, 5) |
//! | aircraft | 0.2 | 250 m/s, 0.4 | 6 km, 1.0 | half-normal σ 10° | N(0, 5) |
//! | helicopter | 0.2 | 55 m/s, 0.35 | 40 m, 0.8 | half-normal σ 10° | N(0, 5) |
//! | drone | 0.2 | 50 m/s, 0.45 | 500 m, 1.0 | half-normal σ 15° | N(0, 5) |
//!
//! Speeds and altitudes are log-normal (their spread is multiplicative: 50 m/s drones and
//! 90 m/s drones are as alike as 250 and 450 m/s jets); the priors are uniform because the
//! evaluator knows nothing of the raid's composition (a scenario can set them).
//!
//! # Confusions this model makes (by design, tested)
//!
//! - Drone ↔ helicopter at 50–60 m/s between ~100 m and ~250 m altitude: split (55 m/s at
//!   150 m: 0.56 helicopter, 0.43 drone).
//! - Subsonic cruise missile ↔ aircraft at ~250 m/s between ~400 m and ~800 m altitude:
//!   split (500 m: 0.60 cruise, 0.38 aircraft); an aircraft flying at 100 m at 250 m/s is
//!   called a cruise missile.
//! - Supersonic cruise missile at low altitude is cruise (altitude dominates); a high-altitude
//!   supersonic cruise missile (Kh-22 style) is called aircraft or ballistic.
//! - Ballistic: speed above ~1 km/s, or ḧ ≈ −g, dominates; a 700 m/s jet at 18 km without
//!   an acceleration estimate is split (0.56 aircraft, 0.42 ballistic), and ḧ settles it.
//!
//! The track's estimation uncertainty is not propagated into the likelihoods: the ε floor is
//! the only allowance for a poor estimate.

use crate::salvo::{InvalidInput, check, finite, non_negative, positive};

use super::PerClass;

/// Speeds and altitudes below this are evaluated at this value (m/s, m).
const FEATURE_FLOOR: f64 = 1.0;
/// Broad (outlier) density of speed: log-uniform over [1, 10⁴] m/s.
const SPEED_DECADES_LN: f64 = 4.0 * std::f64::consts::LN_10;
/// Broad density of altitude: log-uniform over [1, 10⁶] m.
const ALTITUDE_DECADES_LN: f64 = 6.0 * std::f64::consts::LN_10;
/// Broad density of |γ|: uniform over [0, 90] degrees.
const ANGLE_SPAN_DEG: f64 = 90.0;
/// Broad density of the vertical acceleration: uniform over ±50 m/s².
const ACCEL_SPAN_MPS2: f64 = 100.0;

/// A one-dimensional likelihood (probability density) for one feature of one class.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Likelihood {
    /// ln x ~ N(ln median, σ_ln²), for positive features.
    LogNormal {
        /// Median of x.
        median: f64,
        /// Standard deviation of ln x.
        sigma_ln: f64,
    },
    /// x ~ N(mean, σ²).
    Normal {
        /// Mean.
        mean: f64,
        /// Standard deviation (> 0).
        sigma: f64,
    },
    /// |x| ~ half-normal with scale σ (density 2·φ(x/σ)/σ for x ≥ 0).
    HalfNormal {
        /// Scale σ (> 0).
        sigma: f64,
    },
    /// x uniform on [low, high].
    Uniform {
        /// Lower bound.
        low: f64,
        /// Upper bound (> low).
        high: f64,
    },
}

impl Likelihood {
    /// Probability density at `x`.
    pub fn density(&self, x: f64) -> f64 {
        let gauss = |z: f64| (-0.5 * z * z).exp() / (2.0 * std::f64::consts::PI).sqrt();
        match *self {
            Likelihood::LogNormal { median, sigma_ln } => {
                if x <= 0.0 {
                    0.0
                } else {
                    gauss((x / median).ln() / sigma_ln) / (x * sigma_ln)
                }
            }
            Likelihood::Normal { mean, sigma } => gauss((x - mean) / sigma) / sigma,
            Likelihood::HalfNormal { sigma } => 2.0 * gauss(x.abs() / sigma) / sigma,
            Likelihood::Uniform { low, high } => {
                if (low..=high).contains(&x) {
                    1.0 / (high - low)
                } else {
                    0.0
                }
            }
        }
    }

    fn validate(&self, what: &str) -> Result<(), InvalidInput> {
        match *self {
            Likelihood::LogNormal { median, sigma_ln } => {
                positive(format!("{what}.median"), median)?;
                positive(format!("{what}.sigma_ln"), sigma_ln)?;
            }
            Likelihood::Normal { mean, sigma } => {
                finite(format!("{what}.mean"), mean)?;
                positive(format!("{what}.sigma"), sigma)?;
            }
            Likelihood::HalfNormal { sigma } => {
                positive(format!("{what}.sigma"), sigma)?;
            }
            Likelihood::Uniform { low, high } => {
                finite(format!("{what}.low"), low)?;
                check(
                    format!("{what}.high"),
                    high,
                    high.is_finite() && high > low,
                    "a finite number above `low`",
                )?;
            }
        }
        Ok(())
    }
}

/// The class-conditional model of one [`ThreatClass`](super::ThreatClass).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ClassModel {
    /// Prior probability (weights are renormalised over the classes).
    pub prior: f64,
    /// Likelihood of the speed (m/s).
    pub speed: Likelihood,
    /// Likelihood of the altitude above WGS-84 (m).
    pub altitude: Likelihood,
    /// Likelihood of |flight-path angle| (degrees).
    pub flight_path_angle: Likelihood,
    /// Likelihood of the vertical acceleration ḧ (m/s²), used when it is known.
    pub vertical_accel: Likelihood,
}

/// Parameters of the naive-Bayes classifier.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ClassifierParams {
    /// One model per class.
    pub classes: PerClass<ClassModel>,
    /// Weight ε of the broad outlier density in every feature likelihood, in [0, 1).
    pub outlier_weight: f64,
}

impl Default for ClassifierParams {
    /// The notional models tabulated in the module documentation.
    fn default() -> Self {
        let air = |speed_median: f64, speed_sigma: f64, alt_median: f64, alt_sigma: f64| {
            move |angle_sigma_deg: f64| ClassModel {
                prior: 0.2,
                speed: Likelihood::LogNormal {
                    median: speed_median,
                    sigma_ln: speed_sigma,
                },
                altitude: Likelihood::LogNormal {
                    median: alt_median,
                    sigma_ln: alt_sigma,
                },
                flight_path_angle: Likelihood::HalfNormal {
                    sigma: angle_sigma_deg,
                },
                vertical_accel: Likelihood::Normal {
                    mean: 0.0,
                    sigma: 5.0,
                },
            }
        };
        ClassifierParams {
            classes: PerClass([
                ClassModel {
                    prior: 0.2,
                    speed: Likelihood::LogNormal {
                        median: 1800.0,
                        sigma_ln: 0.55,
                    },
                    altitude: Likelihood::LogNormal {
                        median: 20_000.0,
                        sigma_ln: 1.5,
                    },
                    flight_path_angle: Likelihood::Uniform {
                        low: 0.0,
                        high: 90.0,
                    },
                    vertical_accel: Likelihood::Normal {
                        mean: -9.3,
                        sigma: 2.0,
                    },
                },
                air(280.0, 0.55, 60.0, 1.0)(10.0),
                air(250.0, 0.4, 6_000.0, 1.0)(10.0),
                air(55.0, 0.35, 40.0, 0.8)(10.0),
                air(50.0, 0.45, 500.0, 1.0)(15.0),
            ]),
            outlier_weight: 0.02,
        }
    }
}

impl ClassifierParams {
    /// Checks every model and the outlier weight.
    pub fn validate(&self) -> Result<(), InvalidInput> {
        check(
            "classifier.outlier_weight",
            self.outlier_weight,
            (0.0..1.0).contains(&self.outlier_weight),
            "a weight in [0, 1)",
        )?;
        let mut prior_sum = 0.0;
        for (class, model) in self.classes.iter() {
            let name = class.name();
            prior_sum += non_negative(format!("classifier.{name}.prior"), model.prior)?;
            model.speed.validate(&format!("classifier.{name}.speed"))?;
            model
                .altitude
                .validate(&format!("classifier.{name}.altitude"))?;
            model
                .flight_path_angle
                .validate(&format!("classifier.{name}.flight_path_angle"))?;
            model
                .vertical_accel
                .validate(&format!("classifier.{name}.vertical_accel"))?;
        }
        check(
            "classifier priors (sum)",
            prior_sum,
            prior_sum > 0.0,
            "at least one positive prior",
        )?;
        Ok(())
    }
}

/// The kinematic features of a track, on WGS-84 at its position.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Kinematics {
    /// Speed (m/s).
    pub speed_mps: f64,
    /// Altitude above the WGS-84 ellipsoid (m).
    pub altitude_m: f64,
    /// Rate of change of altitude (m/s, positive climbing).
    pub vertical_speed_mps: f64,
    /// Flight-path angle above the local horizontal (degrees, negative diving).
    pub flight_path_angle_deg: f64,
    /// Vertical acceleration ḧ (m/s²), when the track carries an acceleration or a history.
    pub vertical_accel_mps2: Option<f64>,
}

/// Posterior class probabilities of a track with kinematics `kin` (they sum to 1).
///
/// `params` must have passed [`ClassifierParams::validate`]; [`super::evaluate`] does that.
pub fn classify(params: &ClassifierParams, kin: &Kinematics) -> PerClass<f64> {
    let eps = params.outlier_weight;
    let speed = kin.speed_mps.max(FEATURE_FLOOR);
    let altitude = kin.altitude_m.max(FEATURE_FLOOR);
    let angle = kin.flight_path_angle_deg.abs().min(ANGLE_SPAN_DEG);
    let mix = |model: &Likelihood, x: f64, broad: f64| {
        ((1.0 - eps) * model.density(x) + eps * broad).ln()
    };
    let log_post = PerClass::from_fn(|class| {
        let m = &params.classes[class];
        if m.prior <= 0.0 {
            return f64::NEG_INFINITY;
        }
        let mut lp = m.prior.ln()
            + mix(&m.speed, speed, 1.0 / (speed * SPEED_DECADES_LN))
            + mix(
                &m.altitude,
                altitude,
                1.0 / (altitude * ALTITUDE_DECADES_LN),
            )
            + mix(&m.flight_path_angle, angle, 1.0 / ANGLE_SPAN_DEG);
        if let Some(a) = kin.vertical_accel_mps2 {
            let broad = if a.abs() <= 0.5 * ACCEL_SPAN_MPS2 {
                1.0 / ACCEL_SPAN_MPS2
            } else {
                0.0
            };
            lp += mix(&m.vertical_accel, a, broad);
        }
        // ln 0 = −∞ when ε = 0 and a density vanishes: the class is ruled out.
        lp
    });
    let max = log_post.0.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    if !max.is_finite() {
        // Every class ruled out (ε = 0 and features outside every support): no information,
        // fall back on the priors.
        let total: f64 = params.classes.0.iter().map(|m| m.prior).sum();
        return PerClass::from_fn(|c| params.classes[c].prior / total);
    }
    let weights = PerClass::from_fn(|c| (log_post[c] - max).exp());
    let total: f64 = weights.0.iter().sum();
    PerClass::from_fn(|c| weights[c] / total)
}
