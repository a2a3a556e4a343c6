//! A radar as the engine sees it: parameters ([`RadarParams`]), a validated radar with its
//! detector precomputed ([`Radar`]), the deterministic assessment of one target
//! ([`Radar::assess`]: gates, SNR, Pd), the random outcome of one look ([`Radar::look`]:
//! detected or not, and a noisy range/azimuth/elevation measurement) and false alarms
//! ([`Radar::false_alarms`]).
//!
//! # Conventions
//!
//! * Azimuth is clockwise from north in radians; measurements are wrapped to [0, 2π).
//! * Elevation is above the radar's local horizontal; the caller supplies it from its own
//!   geometry (on the k-earth see [`crate::horizon::EarthModel::slant_geometry`]).
//! * SNRs are linear power ratios. "Single-pulse SNR" is the radar equation's S; the
//!   "integrated SNR" of a look is N·S (coherent: exactly the detection SNR; non-coherent:
//!   the energy that sets measurement precision, ignoring non-coherent integration loss).
//!
//! # Measurement accuracy
//!
//! Thermal-noise-limited precision (Barton, *Radar Equations for Modern Radar*, 2013; Curry,
//! *Radar System Performance Modeling*, 2005, ch. 7; Richards, Scheer & Holm, *Principles of
//! Modern Radar*, vol. I, 2010, ch. 18) combined in root-sum-square with an SNR-independent
//! floor (residual errors independent of the noise, which Barton adds in RSS):
//!
//! ```text
//! σ_R  = √( σ_R,floor²  + (ΔR / √(2·SNR))² )
//! σ_az = √( σ_az,floor² + (θ_az / (k_m·√(2·SNR)))² )        (same for elevation)
//! ```
//!
//! ΔR is the range resolution, θ the 3-dB beamwidth, k_m the normalised monopulse slope
//! (≈ 1.6), SNR the integrated SNR of the look. A constant bias may be added on top.

use std::f64::consts::{FRAC_PI_2, PI, TAU};

use rand::{Rng, RngExt};

use crate::detection::{Detector, MAX_PULSES, Swerling};
use crate::error::{Result, check, finite, non_negative, positive};
use crate::horizon::EarthModel;
use crate::radar_equation::RadarEquation;
use crate::sampling::{exponential, gamma, poisson, standard_normal};

/// How the pulses of one look are combined before the threshold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Integration {
    /// Coherent integration: SNR × N, then a single-sample detector. The echo is assumed
    /// coherent over the look, so pulse-to-pulse Swerling cases act as their dwell-to-dwell
    /// counterparts ([`Swerling::dwell_correlated`]).
    Coherent,
    /// Non-coherent (post-detection) integration of N square-law samples.
    NonCoherent,
}

/// Wraps an angle to (−π, π].
fn wrap_pi(angle: f64) -> f64 {
    let wrapped = angle.rem_euclid(TAU);
    if wrapped > PI { wrapped - TAU } else { wrapped }
}

/// The azimuth sector a sector-scanning radar covers.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct AzimuthSector {
    /// Sector centre, rad clockwise from north.
    pub center_rad: f64,
    /// Half the sector width, rad, in (0, π].
    pub half_width_rad: f64,
}

impl AzimuthSector {
    /// A sector of `half_width_rad` either side of `center_rad`.
    pub fn new(center_rad: f64, half_width_rad: f64) -> Result<Self> {
        let sector = Self {
            center_rad,
            half_width_rad,
        };
        sector.validate()?;
        Ok(sector)
    }

    /// Checks the centre is finite and the half-width in (0, π].
    pub fn validate(&self) -> Result<()> {
        finite("sector center_rad", self.center_rad)?;
        check(
            "sector half_width_rad",
            self.half_width_rad,
            self.half_width_rad > 0.0 && self.half_width_rad <= PI,
            "an angle in (0, π]",
        )?;
        Ok(())
    }

    /// Whether `azimuth_rad` lies in the sector (edges included).
    pub fn contains(&self, azimuth_rad: f64) -> bool {
        wrap_pi(azimuth_rad - self.center_rad).abs() <= self.half_width_rad
    }

    /// Full sector width, rad.
    pub fn width_rad(&self) -> f64 {
        2.0 * self.half_width_rad
    }
}

/// A constant error added to every measurement of a radar (alignment, survey, timing).
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct MeasurementBias {
    /// Range bias, m.
    pub range_m: f64,
    /// Azimuth bias, rad.
    pub azimuth_rad: f64,
    /// Elevation bias, rad.
    pub elevation_rad: f64,
}

/// One-sigma measurement errors.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MeasurementSigmas {
    /// Range standard deviation, m.
    pub range_m: f64,
    /// Azimuth standard deviation, rad.
    pub azimuth_rad: f64,
    /// Elevation standard deviation, rad.
    pub elevation_rad: f64,
}

/// What sets measurement accuracy (see the module docs for the formula).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MeasurementAccuracy {
    /// Range resolution ΔR, m (c·τ/2 for an uncompressed pulse).
    pub range_resolution_m: f64,
    /// Azimuth 3-dB beamwidth θ_az, rad.
    pub azimuth_beamwidth_rad: f64,
    /// Elevation 3-dB beamwidth θ_el, rad.
    pub elevation_beamwidth_rad: f64,
    /// Normalised monopulse slope k_m (≈ 1.6 for a typical monopulse antenna).
    pub monopulse_slope: f64,
    /// SNR-independent range error floor, m.
    pub range_floor_m: f64,
    /// SNR-independent azimuth error floor, rad.
    pub azimuth_floor_rad: f64,
    /// SNR-independent elevation error floor, rad.
    pub elevation_floor_rad: f64,
    /// Constant bias added to every measurement (zero for none).
    pub bias: MeasurementBias,
}

impl MeasurementAccuracy {
    /// Checks resolutions and beamwidths are > 0, floors ≥ 0 and the bias finite.
    pub fn validate(&self) -> Result<()> {
        positive("range_resolution_m", self.range_resolution_m)?;
        positive("azimuth_beamwidth_rad", self.azimuth_beamwidth_rad)?;
        positive("elevation_beamwidth_rad", self.elevation_beamwidth_rad)?;
        positive("monopulse_slope", self.monopulse_slope)?;
        non_negative("range_floor_m", self.range_floor_m)?;
        non_negative("azimuth_floor_rad", self.azimuth_floor_rad)?;
        non_negative("elevation_floor_rad", self.elevation_floor_rad)?;
        finite("bias range_m", self.bias.range_m)?;
        finite("bias azimuth_rad", self.bias.azimuth_rad)?;
        finite("bias elevation_rad", self.bias.elevation_rad)?;
        Ok(())
    }

    /// Measurement standard deviations at integrated SNR `snr` (linear, > 0).
    pub fn sigmas(&self, snr: f64) -> MeasurementSigmas {
        let noise = 1.0 / (2.0 * snr).sqrt();
        let rss = |floor: f64, thermal: f64| floor.hypot(thermal);
        MeasurementSigmas {
            range_m: rss(self.range_floor_m, self.range_resolution_m * noise),
            azimuth_rad: rss(
                self.azimuth_floor_rad,
                self.azimuth_beamwidth_rad / self.monopulse_slope * noise,
            ),
            elevation_rad: rss(
                self.elevation_floor_rad,
                self.elevation_beamwidth_rad / self.monopulse_slope * noise,
            ),
        }
    }
}

/// Everything that defines a radar for detection and measurement.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RadarParams {
    /// Radar-equation parameters (power, gains, wavelength, pulse width, noise, losses).
    pub equation: RadarEquation,
    /// Height of the antenna phase centre above the reference surface, m.
    pub antenna_height_m: f64,
    /// Earth and refraction model for line of sight.
    pub earth: EarthModel,
    /// False-alarm probability per resolution cell and look, in (0, 0.5).
    pub pfa: f64,
    /// Pulses integrated in one look (1 ..= [`MAX_PULSES`]).
    pub pulses_per_look: u32,
    /// How the pulses of a look are integrated.
    pub integration: Integration,
    /// Instrumented (maximum processed) slant range, m.
    pub instrumented_range_m: f64,
    /// Lowest elevation searched, rad.
    pub min_elevation_rad: f64,
    /// Highest elevation searched, rad (above it: the cone of silence).
    pub max_elevation_rad: f64,
    /// Azimuth sector covered, or `None` for 360°.
    pub sector: Option<AzimuthSector>,
    /// Time between looks at the same point of the search volume, s.
    pub revisit_period_s: f64,
    /// Measurement accuracy model.
    pub accuracy: MeasurementAccuracy,
    /// Alert-confirm search: every search detection is re-examined at once by a
    /// confirmation dwell in its direction, and is reported only if that dwell detects too
    /// (see [`Radar::search_look`] and [`Radar::false_alarms`]).
    pub alert_confirm: bool,
}

impl RadarParams {
    /// Checks every field (see each field's documented domain).
    pub fn validate(&self) -> Result<()> {
        self.equation.validate()?;
        non_negative("antenna_height_m", self.antenna_height_m)?;
        self.earth.validate()?;
        // Pd = 0.5 must stay reachable: the marginal-detection accuracy reported for false
        // alarms is defined there.
        check(
            "pfa",
            self.pfa,
            self.pfa > 0.0 && self.pfa < 0.5,
            "a probability in (0, 0.5)",
        )?;
        let pulses = self.pulses_per_look;
        check(
            "pulses_per_look",
            f64::from(pulses),
            (1..=MAX_PULSES).contains(&pulses),
            "an integer in 1..=MAX_PULSES (10000)",
        )?;
        positive("instrumented_range_m", self.instrumented_range_m)?;
        let elevation_ok = |e: f64| e.abs() <= FRAC_PI_2;
        check(
            "min_elevation_rad",
            self.min_elevation_rad,
            elevation_ok(self.min_elevation_rad),
            "an angle in [−π/2, π/2]",
        )?;
        check(
            "max_elevation_rad",
            self.max_elevation_rad,
            elevation_ok(self.max_elevation_rad) && self.max_elevation_rad > self.min_elevation_rad,
            "an angle in [−π/2, π/2] above min_elevation_rad",
        )?;
        if let Some(sector) = &self.sector {
            sector.validate()?;
        }
        positive("revisit_period_s", self.revisit_period_s)?;
        self.accuracy.validate()
    }
}

/// A target as seen by one radar at one instant.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TargetGeometry {
    /// Slant range from the antenna, m (> 0).
    pub slant_range_m: f64,
    /// Azimuth, rad clockwise from north.
    pub azimuth_rad: f64,
    /// Elevation, rad in [−π/2, π/2].
    pub elevation_rad: f64,
    /// Target altitude above the reference surface, m (negative values count as 0 for line
    /// of sight: terrain and sea are not modelled below the reference surface).
    pub altitude_m: f64,
    /// Mean radar cross-section, m² (≥ 0).
    pub rcs_m2: f64,
    /// RCS fluctuation model.
    pub swerling: Swerling,
}

impl TargetGeometry {
    fn validate(&self) -> Result<()> {
        positive("slant_range_m", self.slant_range_m)?;
        finite("azimuth_rad", self.azimuth_rad)?;
        check(
            "elevation_rad",
            self.elevation_rad,
            self.elevation_rad.abs() <= FRAC_PI_2,
            "an angle in [−π/2, π/2]",
        )?;
        finite("altitude_m", self.altitude_m)?;
        non_negative("rcs_m2", self.rcs_m2)?;
        Ok(())
    }
}

/// Why a target can or cannot be detected on a look, checked in this order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Gate {
    /// All gates pass: detection is decided by Pd.
    Open,
    /// Outside the azimuth sector.
    OutsideSector,
    /// Below the lowest searched elevation.
    BelowMinElevation,
    /// Above the highest searched elevation (cone of silence).
    AboveMaxElevation,
    /// Beyond the instrumented range.
    BeyondInstrumentedRange,
    /// Below the radar horizon (no line of sight on the k-earth).
    BelowHorizon,
}

/// Deterministic detection assessment of one target.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Assessment {
    /// The first gate that blocks detection, or [`Gate::Open`].
    pub gate: Gate,
    /// Mean single-pulse SNR from the radar equation (linear; computed even when gated).
    pub snr: f64,
    /// Mean integrated SNR of a look, N·S (linear).
    pub integrated_snr: f64,
    /// Probability of detection on one look (0 when gated).
    pub pd: f64,
}

/// One detection report: a noisy position in radar coordinates.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Measurement {
    /// Measured slant range, m (≥ 0).
    pub range_m: f64,
    /// Measured azimuth, rad clockwise from north, in [0, 2π).
    pub azimuth_rad: f64,
    /// Measured elevation, rad.
    pub elevation_rad: f64,
    /// Standard deviations of the noise that was applied (what a tracker should assume).
    pub sigmas: MeasurementSigmas,
    /// Realised integrated SNR of the look (mean SNR times the look's RCS draw).
    pub snr: f64,
    /// Whether this report is a false alarm (no target behind it).
    pub false_alarm: bool,
}

/// Result of one look at one target.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LookOutcome {
    /// The deterministic part: gate, mean SNR, Pd.
    pub assessment: Assessment,
    /// The report, if the target was detected on this look.
    pub detection: Option<Measurement>,
}

/// Most false alarms per scan a radar may be configured for.
pub const MAX_FALSE_ALARMS_PER_SCAN: f64 = 1e6;

/// See [`Radar::resolution_cells`].
fn resolution_cells(p: &RadarParams) -> f64 {
    let acc = &p.accuracy;
    let sector_width = p.sector.map_or(TAU, |s| s.width_rad());
    let range_cells = p.instrumented_range_m / acc.range_resolution_m;
    let azimuth_cells = sector_width / acc.azimuth_beamwidth_rad;
    let elevation_cells =
        ((p.max_elevation_rad - p.min_elevation_rad) / acc.elevation_beamwidth_rad).max(1.0);
    range_cells * azimuth_cells * elevation_cells
}

/// A validated radar with its detector and radar constant precomputed.
#[derive(Debug, Clone, PartialEq)]
pub struct Radar {
    params: RadarParams,
    detector: Detector,
    /// SNR = snr_constant · σ / R⁴.
    snr_constant: f64,
    /// N for coherent integration (the detector sees N·S), 1 for non-coherent.
    detector_gain: f64,
    /// Accuracy reported for false alarms: that of a marginal (Pd = 0.5, steady) detection.
    marginal_sigmas: MeasurementSigmas,
    /// Integrated SNR of such a marginal detection.
    marginal_snr: f64,
}

impl Radar {
    /// Validates `params` and precomputes the detector threshold and radar constant.
    pub fn new(params: RadarParams) -> Result<Self> {
        params.validate()?;
        let n = params.pulses_per_look;
        let (detector_pulses, detector_gain) = match params.integration {
            Integration::Coherent => (1, f64::from(n)),
            Integration::NonCoherent => (n, 1.0),
        };
        let detector = Detector::new(params.pfa, detector_pulses)?;
        let radar_cells = resolution_cells(&params);
        // Guards the per-scan false-alarm list against absurd configurations (sub-metre
        // cells, Pfa near 0.5) that would ask for billions of reports.
        check(
            "pfa",
            params.pfa,
            params.pfa * radar_cells <= MAX_FALSE_ALARMS_PER_SCAN,
            "small enough that Pfa × resolution cells ≤ 1e6 false alarms per scan",
        )?;
        let marginal_snr =
            f64::from(detector_pulses) * detector.required_snr(Swerling::Zero, 0.5)?;
        Ok(Self {
            snr_constant: params.equation.snr_constant()?,
            marginal_sigmas: params.accuracy.sigmas(marginal_snr),
            marginal_snr,
            detector,
            detector_gain,
            params,
        })
    }

    /// The parameters this radar was built from.
    pub fn params(&self) -> &RadarParams {
        &self.params
    }

    /// The detector deciding each look (N = 1 for coherent integration).
    pub fn detector(&self) -> &Detector {
        &self.detector
    }

    /// The Swerling model the detector effectively sees for a target of model `swerling`.
    pub fn effective_swerling(&self, swerling: Swerling) -> Swerling {
        match self.params.integration {
            Integration::Coherent => swerling.dwell_correlated(),
            Integration::NonCoherent => swerling,
        }
    }

    /// SNR per detector sample for single-pulse SNR `snr` (×N when integrating coherently).
    pub fn detector_snr(&self, snr: f64) -> f64 {
        snr * self.detector_gain
    }

    /// The inverse of [`Self::detector_snr`].
    pub fn single_pulse_snr_for_detector_snr(&self, detector_snr: f64) -> f64 {
        detector_snr / self.detector_gain
    }

    /// The radar constant K with single-pulse SNR = K·σ/R⁴.
    pub fn snr_constant(&self) -> f64 {
        self.snr_constant
    }

    /// Which gate, if any, blocks a target (in the order of [`Gate`]).
    fn gate(&self, target: &TargetGeometry) -> Result<Gate> {
        let p = &self.params;
        if p.sector.is_some_and(|s| !s.contains(target.azimuth_rad)) {
            return Ok(Gate::OutsideSector);
        }
        if target.elevation_rad < p.min_elevation_rad {
            return Ok(Gate::BelowMinElevation);
        }
        if target.elevation_rad > p.max_elevation_rad {
            return Ok(Gate::AboveMaxElevation);
        }
        if target.slant_range_m > p.instrumented_range_m {
            return Ok(Gate::BeyondInstrumentedRange);
        }
        if self.below_horizon(target.slant_range_m, target.altitude_m)? {
            return Ok(Gate::BelowHorizon);
        }
        Ok(Gate::Open)
    }

    /// Whether a target at `slant_range_m` and `altitude_m` is below the radar horizon.
    fn below_horizon(&self, slant_range_m: f64, altitude_m: f64) -> Result<bool> {
        let p = &self.params;
        // Slant range grows with ground range at a fixed altitude, so "within the horizon
        // ground range" is "within the grazing-ray slant range".
        let altitude = altitude_m.max(0.0);
        Ok(slant_range_m > p.earth.horizon_slant_range(p.antenna_height_m, altitude)?)
    }

    /// Whether a look at a target at `slant_range_m` and `altitude_m` is sure to be gated
    /// beyond the instrumented range or below the horizon, whatever its angles: a caller can
    /// skip computing them, since such a look detects nothing and draws nothing. False when
    /// the inputs are invalid (then [`Self::assess`] reports the error).
    pub fn out_of_reach(&self, slant_range_m: f64, altitude_m: f64) -> bool {
        slant_range_m > self.params.instrumented_range_m
            || self
                .below_horizon(slant_range_m, altitude_m)
                .unwrap_or(false)
    }

    /// Gates, mean SNR and Pd of one look at `target`.
    pub fn assess(&self, target: &TargetGeometry) -> Result<Assessment> {
        target.validate()?;
        let snr = self.snr_constant * target.rcs_m2 / target.slant_range_m.powi(4);
        let gate = self.gate(target)?;
        let pd = match gate {
            Gate::Open => self.detector.pd(
                self.effective_swerling(target.swerling),
                self.detector_snr(snr),
            ),
            _ => 0.0,
        };
        Ok(Assessment {
            gate,
            snr,
            integrated_snr: snr * f64::from(self.params.pulses_per_look),
            pd,
        })
    }

    /// One look at `target`: draws this look's RCS fluctuation, decides detection and, if
    /// detected, draws a noisy measurement.
    ///
    /// The fluctuation is drawn afresh on every call (never reused between looks): the
    /// look-averaged RCS factor X ~ Gamma(k, 1/k) with k from
    /// [`Swerling::look_fluctuation_shape`] (k = 1 SW1, 2 SW3, N SW2, 2N SW4). Given X, the
    /// detector faces a steady target of integrated SNR N·S·X, so the detection probability
    /// is the Swerling 0 one; averaged over X it is exactly the Swerling Pd of
    /// [`Self::assess`]. The realised SNR N·S·X sets the measurement noise.
    pub fn look<R: Rng + ?Sized>(
        &self,
        target: &TargetGeometry,
        rng: &mut R,
    ) -> Result<LookOutcome> {
        let assessment = self.assess(target)?;
        if assessment.gate != Gate::Open {
            return Ok(LookOutcome {
                assessment,
                detection: None,
            });
        }
        let factor = self.fluctuation(self.effective_swerling(target.swerling), rng);
        let realised_snr = assessment.integrated_snr * factor;
        let pd = self.detector.pd_steady(realised_snr);
        if rng.random::<f64>() >= pd {
            return Ok(LookOutcome {
                assessment,
                detection: None,
            });
        }
        let sigmas = self.params.accuracy.sigmas(realised_snr);
        let bias = &self.params.accuracy.bias;
        let detection = Measurement {
            range_m: (target.slant_range_m + bias.range_m + sigmas.range_m * standard_normal(rng))
                .max(0.0),
            azimuth_rad: (target.azimuth_rad
                + bias.azimuth_rad
                + sigmas.azimuth_rad * standard_normal(rng))
            .rem_euclid(TAU),
            elevation_rad: target.elevation_rad
                + bias.elevation_rad
                + sigmas.elevation_rad * standard_normal(rng),
            sigmas,
            snr: realised_snr,
            false_alarm: false,
        };
        Ok(LookOutcome {
            assessment,
            detection: Some(detection),
        })
    }

    /// The look-averaged RCS factor X of one dwell on a target the detector sees as
    /// `swerling` (see [`Swerling::look_fluctuation_shape`]).
    fn fluctuation<R: Rng + ?Sized>(&self, swerling: Swerling, rng: &mut R) -> f64 {
        match swerling.look_fluctuation_shape(self.detector.pulses()) {
            None => 1.0,
            // Gamma(1) is the exponential, which has a cheaper exact sampler.
            Some(1.0) => exponential(rng),
            Some(shape) => gamma(rng, shape) / shape,
        }
    }

    /// One look of a search scan: [`Self::look`], then, with
    /// [`RadarParams::alert_confirm`], a confirmation dwell on each detection.
    ///
    /// The confirmation dwell follows the alert within milliseconds, so a target whose RCS
    /// is constant over a dwell (Swerling 0, 1, 3 as the detector sees it) presents the
    /// same realised SNR again and is confirmed with the steady-target Pd at that SNR; a
    /// pulse-to-pulse fluctuating one (Swerling 2, 4) is drawn afresh. Only the noise is
    /// new either way. The report is the alert's measurement; the confirmation only decides
    /// whether it is reported. The assessment's `pd` stays that of a single dwell.
    pub fn search_look<R: Rng + ?Sized>(
        &self,
        target: &TargetGeometry,
        rng: &mut R,
    ) -> Result<LookOutcome> {
        let mut outcome = self.look(target, rng)?;
        if self.params.alert_confirm
            && let Some(alert) = outcome.detection
        {
            let swerling = self.effective_swerling(target.swerling);
            let snr = if swerling.dwell_correlated() == swerling {
                alert.snr
            } else {
                outcome.assessment.integrated_snr * self.fluctuation(swerling, rng)
            };
            if rng.random::<f64>() >= self.detector.pd_steady(snr) {
                outcome.detection = None;
            }
        }
        Ok(outcome)
    }

    /// Number of resolution cells in one scan of the search volume:
    /// (R_instr/ΔR) · (sector width/θ_az) · max(1, (E_max − E_min)/θ_el).
    pub fn resolution_cells(&self) -> f64 {
        resolution_cells(&self.params)
    }

    /// Mean number of false alarms reported per scan: Pfa × [`Self::resolution_cells`]
    /// (each cell is an independent threshold test with probability Pfa), times Pfa again
    /// with [`RadarParams::alert_confirm`] (the confirmation dwell on a cell with no target
    /// crosses the same threshold with probability Pfa, independently).
    pub fn expected_false_alarms(&self) -> f64 {
        let confirmed = if self.params.alert_confirm {
            self.params.pfa
        } else {
            1.0
        };
        self.params.pfa * self.resolution_cells() * confirmed
    }

    /// The false alarms reported in one scan: a Poisson count with mean
    /// [`Self::expected_false_alarms`] (the binomial over millions of cells, thinned by the
    /// confirmation dwell when there is one), each in a cell drawn uniformly, i.e. uniform
    /// in range, azimuth (over the sector) and elevation (over the searched band) — every
    /// cell is equally likely to fire, so false alarms are uniform in radar coordinates,
    /// not in Cartesian volume. Each is reported with the accuracy of a marginal detection.
    pub fn false_alarms<R: Rng + ?Sized>(&self, rng: &mut R) -> Vec<Measurement> {
        let p = &self.params;
        let count = poisson(rng, self.expected_false_alarms());
        (0..count)
            .map(|_| {
                let azimuth = match p.sector {
                    Some(s) => s.center_rad + s.half_width_rad * (2.0 * rng.random::<f64>() - 1.0),
                    None => TAU * rng.random::<f64>(),
                };
                Measurement {
                    range_m: p.instrumented_range_m * rng.random::<f64>(),
                    azimuth_rad: azimuth.rem_euclid(TAU),
                    elevation_rad: p.min_elevation_rad
                        + (p.max_elevation_rad - p.min_elevation_rad) * rng.random::<f64>(),
                    sigmas: self.marginal_sigmas,
                    snr: self.marginal_snr,
                    false_alarm: true,
                }
            })
            .collect()
    }
}
