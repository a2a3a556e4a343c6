//! Engagement feasibility (issue "Engagement", item 2): can this fire unit, with this
//! interceptor type, intercept this track, and when must it launch?
//!
//! For a (track, [`FireUnit`], [`WeaponType`]) triple, [`assess`] answers two questions:
//!
//! - **Launch at the earliest possible time** (now + the unit's reaction time): the predicted
//!   intercept ([`InterceptSolution`]) on the nominal flyout of `canopy-flyout`'s
//!   [`FlyoutTable`] and the reasons ([`Infeasible`]) it fails, if any.
//! - **Launch window** ([`LaunchWindow`]): the first contiguous interval of launch times whose
//!   intercept falls inside every envelope before the threat reaches its asset or the
//!   prediction ends (ground impact); when there is none, every reason met on the way
//!   ([`Feasibility::window_blockers`]), which is what leak accounting reports as "outside
//!   every envelope".
//!
//! # Intercept prediction
//!
//! A round launched at L meets the target at the first intercept time T at which the nominal
//! flyout ([`FlyoutTable::time_to_reach_slant`]) gets to the path's point: T − L ≥ TOF(path(T)),
//! i.e. L(T) ≥ L with L(T) = T − TOF(path(T)), the launch time for an intercept at T. This is
//! the root that [`FlyoutTable::predict_intercept`] finds for a constant-velocity target, taken
//! on the curved [`PredictedPath`] itself (gravity for a ballistic target, the Earth's
//! curvature for a sea-skimmer) rather than on a straight-line extrapolation. The first grid
//! point of the scan below with L(T) ≥ L brackets it, and secant steps on L(T) refine it to
//! [`ScanConfig::convergence_s`]; flights longer than the table's
//! ([`FlyoutTable::max_time_of_flight_s`]) find no intercept. On a path that hits the ground
//! before any grid point is reached, re-linearised `predict_intercept` (against the path's
//! tangent at the current guess, until the guess moves less than `convergence_s`) tells an
//! intercept after the impact ([`Infeasible::TooLate`]) from one out of reach.
//!
//! # Envelope checks at an intercept point
//!
//! Time of flight ≤ the envelope's; slant range from the launcher within [min, max] (and ≤ the
//! ballistic limit against a ballistic target); altitude within [min, max]; target speed ≤ the
//! envelope's; and for the engagement radar: slant range ≤ instrumented range, line of sight
//! over the 4/3 earth from the antenna (site altitude + mast) to the point
//! (`canopy_sensors::horizon`), and refracted elevation and azimuth inside its coverage.
//! Terrain is not modelled: the WGS-84 ellipsoid is the smooth earth.
//!
//! # Launch window
//!
//! Every check depends only on the intercept time T (the point is the path at T), and the
//! launch time for an intercept at T is L(T) = T − TOF(path(T)). A launch at L intercepts at
//! the first T with L(T) ≥ L (this is what `predict_intercept` finds). So the window comes
//! from one scan of T on a grid ([`ScanConfig::step_s`]): each grid point that raises the
//! running maximum of L(T) is the first crossing of the launches between the previous maximum
//! and L(T), and those launches are feasible iff the point is; edges are refined to
//! [`ScanConfig::edge_tolerance_s`] in T, by bisection where feasibility switches and by
//! secant steps on L(T) where a launch time is crossed. The intercept of a launch at the
//! earliest time comes from the same scan.
//!
//! Cost: the scan strides over stretches of grid points where bounds prove that no check can
//! switch and L(T) keeps rising (see `scan.rs`), so it evaluates tens of points instead of one
//! per second of the path, each with one flyout-table lookup and radar checks that avoid
//! `atan2` and `sin_cos` (`coverage.rs`); the answers are those of the full grid.

mod coverage;
mod scan;
#[cfg(test)]
mod tests;

use canopy_core::geo::{Ecef, Enu, LocalFrame};
use canopy_flyout::{FlyoutError, FlyoutTable, FlyoutTableConfig, InterceptorParams};
use canopy_sensors::horizon::EarthModel as HorizonEarth;
use nalgebra::Vector3;

use crate::evaluate::{EARTH, PredictedPath, ThreatClass};
use crate::salvo::{InvalidInput, check, finite, non_negative, positive};
use coverage::Coverage;
use scan::Context;

/// Errors of this module.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum FeasibilityError {
    /// A numeric input is out of its domain.
    #[error(transparent)]
    Invalid(#[from] InvalidInput),
    /// The interceptor parameters were rejected by the flyout model.
    #[error("interceptor flyout: {0}")]
    Flyout(#[from] FlyoutError),
    /// [`predict_intercept`] found no intercept, for this reason.
    #[error("no intercept: {0:?}")]
    NoIntercept(Infeasible),
}

/// Why an intercept (at a given launch time, or anywhere in the scan) is not possible.
/// Ordered from the interceptor's kinematics to the sensor to timing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Infeasible {
    /// The round cannot reach the target within its flight time (flyout table).
    NoInterceptSolution,
    /// Time of flight longer than the envelope allows.
    BeyondMaxTimeOfFlight,
    /// Intercept closer to the launcher than the minimum range.
    InsideMinRange,
    /// Intercept beyond the maximum range.
    OutOfRange,
    /// Ballistic target and intercept beyond the ballistic range limit (the claimed 60 km).
    BeyondBallisticLimit,
    /// Intercept below the minimum target altitude.
    BelowMinAltitude,
    /// Intercept above the maximum target altitude.
    AboveMaxAltitude,
    /// Target faster than the interceptor can engage.
    TargetTooFast,
    /// Intercept point beyond the engagement radar's instrumented range.
    BeyondRadarRange,
    /// Intercept point below the engagement radar's 4/3-earth horizon.
    NoLineOfSight,
    /// Intercept point outside the radar's elevation or azimuth coverage.
    OutsideRadarCoverage,
    /// The intercept would come after the threat reaches its asset or the ground, or would
    /// need a launch before the earliest possible one.
    TooLate,
}

impl Infeasible {
    const ALL: [Infeasible; 12] = [
        Infeasible::NoInterceptSolution,
        Infeasible::BeyondMaxTimeOfFlight,
        Infeasible::InsideMinRange,
        Infeasible::OutOfRange,
        Infeasible::BeyondBallisticLimit,
        Infeasible::BelowMinAltitude,
        Infeasible::AboveMaxAltitude,
        Infeasible::TargetTooFast,
        Infeasible::BeyondRadarRange,
        Infeasible::NoLineOfSight,
        Infeasible::OutsideRadarCoverage,
        Infeasible::TooLate,
    ];
}

/// A set of [`Infeasible`] reasons (bit `i` = `Infeasible::ALL[i]`), cheap to build per scan
/// point.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
struct Reasons(u16);

impl Reasons {
    fn insert(&mut self, reason: Infeasible) {
        self.0 |= 1 << reason as u16;
    }
    fn is_empty(self) -> bool {
        self.0 == 0
    }
    fn union(self, other: Reasons) -> Reasons {
        Reasons(self.0 | other.0)
    }
    fn to_vec(self) -> Vec<Infeasible> {
        Infeasible::ALL
            .into_iter()
            .filter(|&r| self.0 & (1 << r as u16) != 0)
            .collect()
    }
}

/// The kinematic engagement envelope of an interceptor type (catalog `interceptor` fields).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Envelope {
    /// Minimum slant range from the launcher to the intercept point (m).
    pub min_range_m: f64,
    /// Maximum slant range against aerodynamic targets (m).
    pub max_range_m: f64,
    /// Maximum slant range against ballistic targets (m).
    pub max_range_ballistic_m: f64,
    /// Lowest intercept altitude above WGS-84 (m).
    pub min_altitude_m: f64,
    /// Highest intercept altitude (m).
    pub max_altitude_m: f64,
    /// Longest time of flight (s); the flyout table's own limit also applies.
    pub max_time_of_flight_s: f64,
    /// Fastest target speed the round can engage (m/s).
    pub max_target_speed_mps: f64,
}

impl Envelope {
    /// The built-in catalog's `48N6-class` envelope: 3–250 km, 60 km against ballistic
    /// targets (CLAIM, PUBLIC_FACTS §1.3), 10 m–30 km altitude, 180 s flight (the notional
    /// flyout's), targets up to 4.8 km/s (CLAIM, PUBLIC_FACTS §1.3).
    pub fn notional_long_range() -> Self {
        Envelope {
            min_range_m: 3_000.0,
            max_range_m: 250_000.0,
            max_range_ballistic_m: 60_000.0,
            min_altitude_m: 10.0,
            max_altitude_m: 30_000.0,
            max_time_of_flight_s: 180.0,
            max_target_speed_mps: 4_800.0,
        }
    }

    /// Maximum range against a target of `class` (m).
    pub fn max_range_for(&self, class: ThreatClass) -> f64 {
        if class == ThreatClass::Ballistic {
            self.max_range_m.min(self.max_range_ballistic_m)
        } else {
            self.max_range_m
        }
    }

    fn validate(&self) -> Result<(), InvalidInput> {
        non_negative("envelope.min_range_m", self.min_range_m)?;
        check(
            "envelope.max_range_m",
            self.max_range_m,
            self.max_range_m.is_finite() && self.max_range_m >= self.min_range_m,
            "a finite range ≥ min_range_m",
        )?;
        non_negative("envelope.max_range_ballistic_m", self.max_range_ballistic_m)?;
        finite("envelope.min_altitude_m", self.min_altitude_m)?;
        check(
            "envelope.max_altitude_m",
            self.max_altitude_m,
            self.max_altitude_m.is_finite() && self.max_altitude_m >= self.min_altitude_m,
            "a finite altitude ≥ min_altitude_m",
        )?;
        positive("envelope.max_time_of_flight_s", self.max_time_of_flight_s)?;
        positive("envelope.max_target_speed_mps", self.max_target_speed_mps)?;
        Ok(())
    }
}

/// An interceptor type: its flyout table for intercept prediction and its envelope.
#[derive(Debug, Clone)]
pub struct WeaponType {
    table: FlyoutTable,
    earth: canopy_flyout::EarthModel,
    envelope: Envelope,
}

impl WeaponType {
    /// Builds the flyout table of `params` with `table` settings (whose launch altitude should
    /// match the fire units' sites) and checks `envelope`.
    pub fn new(
        params: &InterceptorParams,
        table: FlyoutTableConfig,
        envelope: Envelope,
    ) -> Result<Self, FeasibilityError> {
        envelope.validate()?;
        Ok(WeaponType {
            table: FlyoutTable::build(params, table)?,
            earth: params.environment.earth,
            envelope,
        })
    }

    /// The nominal flyout table.
    pub fn table(&self) -> &FlyoutTable {
        &self.table
    }

    /// The envelope.
    pub fn envelope(&self) -> &Envelope {
        &self.envelope
    }
}

/// The engagement (fire-control) radar of a fire unit.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct EngagementRadar {
    /// Ground position of the radar, ENU metres in the caller's frame.
    pub site: [f64; 3],
    /// Antenna phase-centre height above the site (m).
    pub antenna_height_m: f64,
    /// Instrumented range (m).
    pub instrumented_range_m: f64,
    /// Lowest elevation covered (degrees, refracted).
    pub min_elevation_deg: f64,
    /// Highest elevation covered (degrees).
    pub max_elevation_deg: f64,
    /// Centre of the azimuth sector (degrees clockwise from true north).
    pub boresight_azimuth_deg: f64,
    /// Half-width of the azimuth sector (degrees; 180 = all round).
    pub sector_half_width_deg: f64,
    /// Effective earth for line of sight (4/3 by default).
    pub earth: HorizonEarth,
}

impl EngagementRadar {
    /// A notional S-400-class engagement radar (PUBLIC_FACTS §4: 400 km instrumented,
    /// 25 m mast), all-round, elevation −1° to 85° (NOTIONAL), on the standard 4/3 earth.
    pub fn notional(site: [f64; 3]) -> Self {
        EngagementRadar {
            site,
            antenna_height_m: 25.0,
            instrumented_range_m: 400_000.0,
            min_elevation_deg: -1.0,
            max_elevation_deg: 85.0,
            boresight_azimuth_deg: 0.0,
            sector_half_width_deg: 180.0,
            earth: HorizonEarth::default(),
        }
    }
}

/// What defines a fire unit for feasibility.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FireUnitSpec {
    /// Launcher position, ENU metres in the caller's frame (launchers of a unit are treated
    /// as co-located).
    pub launcher: [f64; 3],
    /// The engagement radar.
    pub radar: EngagementRadar,
    /// Time from the decision to fire to the launch (s): the system reaction time.
    pub reaction_time_s: f64,
}

/// A fire unit with its geometry precomputed in ECEF.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FireUnit {
    spec: FireUnitSpec,
    frame: LocalFrame,
    launcher: Vector3<f64>,
    radar: Vector3<f64>,
    /// The radar's horizon and coverage, for an antenna at site altitude + mast above the
    /// smooth earth.
    coverage: Coverage,
}

impl FireUnit {
    /// Checks `spec` and places it with `frame` (the frame of the tracks and assets).
    pub fn new(frame: &LocalFrame, spec: FireUnitSpec) -> Result<Self, InvalidInput> {
        for (what, v) in [
            ("launcher", &spec.launcher),
            ("radar.site", &spec.radar.site),
        ] {
            for (i, c) in v.iter().enumerate() {
                finite(format!("fire unit {what}[{i}]"), *c)?;
            }
        }
        let r = &spec.radar;
        non_negative("radar.antenna_height_m", r.antenna_height_m)?;
        positive("radar.instrumented_range_m", r.instrumented_range_m)?;
        check(
            "radar.min_elevation_deg",
            r.min_elevation_deg,
            r.min_elevation_deg >= -90.0 && r.min_elevation_deg <= r.max_elevation_deg,
            "an elevation in [−90°, max_elevation_deg]",
        )?;
        check(
            "radar.max_elevation_deg",
            r.max_elevation_deg,
            r.max_elevation_deg <= 90.0,
            "an elevation ≤ 90°",
        )?;
        finite("radar.boresight_azimuth_deg", r.boresight_azimuth_deg)?;
        check(
            "radar.sector_half_width_deg",
            r.sector_half_width_deg,
            (0.0..=180.0).contains(&r.sector_half_width_deg),
            "a half-width in [0°, 180°]",
        )?;
        positive("radar.earth.k_factor", r.earth.k_factor)?;
        positive("radar.earth.radius_m", r.earth.radius_m)?;
        non_negative("reaction_time_s", spec.reaction_time_s)?;
        let radar_site = frame.to_ecef(&Enu(Vector3::from(r.site)));
        let site = radar_site.to_geodetic();
        Ok(FireUnit {
            spec,
            frame: *frame,
            launcher: frame.to_ecef(&Enu(Vector3::from(spec.launcher))).0,
            radar: radar_site.0,
            coverage: Coverage::new(
                r,
                radar_site.0,
                &LocalFrame::new(site),
                (site.alt_m + r.antenna_height_m).max(0.0),
            ),
        })
    }

    /// The specification it was built from.
    pub fn spec(&self) -> &FireUnitSpec {
        &self.spec
    }

    /// The [`InterceptSolution`] of a launch at `launch_s` meeting the target at `probe`.
    fn solution(&self, launch_s: f64, probe: &scan::Probe) -> InterceptSolution {
        let state = &probe.state;
        let p = &state.position;
        InterceptSolution {
            launch_time_s: launch_s,
            intercept_time_s: state.time_s,
            time_of_flight_s: state.time_s - launch_s,
            point: self.frame.to_enu(&Ecef(*p)).0.into(),
            altitude_m: EARTH.altitude(p),
            range_m: probe.slant_m,
            radar_range_m: (p - self.radar).norm(),
            target_speed_mps: state.velocity.norm(),
        }
    }
}

/// Numerical settings of [`assess`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ScanConfig {
    /// Grid step of the intercept-time scan (s).
    pub step_s: f64,
    /// Tolerance of the window edges (s).
    pub edge_tolerance_s: f64,
    /// Largest number of secant steps per refinement of a crossing of L(T) (bisection
    /// finishes a refinement that has spent them), and of re-linearisations of the intercept
    /// prediction on a path that hits the ground before any grid point is reached.
    pub max_tangent_iterations: u32,
    /// Tolerance of the predicted intercept time of a launch (s), and the move below which a
    /// re-linearisation has converged.
    pub convergence_s: f64,
}

impl Default for ScanConfig {
    /// 1 s grid (a window shorter than that can be missed), 1 ms edges, intercept times to
    /// 10 ms with up to 8 secant steps.
    fn default() -> Self {
        ScanConfig {
            step_s: 1.0,
            edge_tolerance_s: 1e-3,
            max_tangent_iterations: 8,
            convergence_s: 0.01,
        }
    }
}

impl ScanConfig {
    fn validate(&self) -> Result<(), InvalidInput> {
        positive("scan.step_s", self.step_s)?;
        positive("scan.edge_tolerance_s", self.edge_tolerance_s)?;
        check(
            "scan.max_tangent_iterations",
            f64::from(self.max_tangent_iterations),
            self.max_tangent_iterations > 0,
            "at least 1",
        )?;
        positive("scan.convergence_s", self.convergence_s)?;
        Ok(())
    }
}

/// A predicted intercept for one launch time.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct InterceptSolution {
    /// Launch time (s).
    pub launch_time_s: f64,
    /// Predicted intercept time (s).
    pub intercept_time_s: f64,
    /// Nominal time of flight (s).
    pub time_of_flight_s: f64,
    /// Predicted intercept point, ENU metres in the caller's frame.
    pub point: [f64; 3],
    /// Its altitude above WGS-84 (m).
    pub altitude_m: f64,
    /// Slant range from the launcher (m).
    pub range_m: f64,
    /// Slant range from the engagement radar (m).
    pub radar_range_m: f64,
    /// Predicted target speed at intercept (m/s).
    pub target_speed_mps: f64,
}

/// The first contiguous interval of feasible launch times.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LaunchWindow {
    /// Earliest feasible launch (s), never before [`Feasibility::earliest_launch_s`].
    pub earliest_launch_s: f64,
    /// Latest feasible launch (s).
    pub latest_launch_s: f64,
    /// Intercept time of a launch at `earliest_launch_s`, from the scan (s).
    pub earliest_intercept_s: f64,
    /// Intercept time of a launch at `latest_launch_s`, from the scan (s).
    pub latest_intercept_s: f64,
}

/// Result of [`assess`].
#[derive(Debug, Clone, PartialEq)]
pub struct Feasibility {
    /// Earliest possible launch: now + the unit's reaction time (s).
    pub earliest_launch_s: f64,
    /// Intercept predicted for a launch at `earliest_launch_s` (None if the flyout finds none).
    pub solution: Option<InterceptSolution>,
    /// Why a launch at `earliest_launch_s` fails; empty iff it is feasible.
    pub reasons: Vec<Infeasible>,
    /// The launch window, if any.
    pub window: Option<LaunchWindow>,
    /// When there is no window: every reason met over the scanned intercept times (plus
    /// [`Infeasible::TooLate`] if no intercept could follow a launch from
    /// `earliest_launch_s` on). Empty when there is a window.
    pub window_blockers: Vec<Infeasible>,
}

impl Feasibility {
    /// Whether launching at the earliest possible time gives a feasible intercept.
    pub fn feasible_now(&self) -> bool {
        self.reasons.is_empty()
    }
}

/// Feasibility of engaging the track whose predicted path is `path` and whose class is
/// `class` from `unit` with `weapon`, deciding at simulation time `now_s`; `deadline_s` is
/// when the threat reaches its asset (e.g. [`crate::evaluate::AssetThreat::arrival_time_s`]),
/// after which an intercept is too late.
pub fn assess(
    unit: &FireUnit,
    weapon: &WeaponType,
    path: &PredictedPath,
    class: ThreatClass,
    now_s: f64,
    deadline_s: Option<f64>,
    config: &ScanConfig,
) -> Result<Feasibility, InvalidInput> {
    config.validate()?;
    let now_s = finite("now_s", now_s)?;
    if let Some(d) = deadline_s {
        finite("deadline_s", d)?;
    }
    let deadline_s = deadline_s.unwrap_or(f64::INFINITY);
    let ctx = Context::new(unit, weapon, path, class, deadline_s, config);
    let earliest = now_s + unit.spec.reaction_time_s;
    let scan = ctx.scan(earliest);
    let mut reasons = Reasons::default();
    let solution = match scan.intercept {
        Ok(probe) => {
            reasons = ctx.check(&probe).reasons;
            if probe.state.time_s > deadline_s {
                reasons.insert(Infeasible::TooLate);
            }
            Some(unit.solution(earliest, &probe))
        }
        Err(reason) => {
            reasons.insert(reason);
            None
        }
    };
    Ok(Feasibility {
        earliest_launch_s: earliest,
        solution,
        reasons: reasons.to_vec(),
        window: scan.window,
        window_blockers: scan.blockers.to_vec(),
    })
}

/// The intercept predicted for a launch at `launch_s` (see "Intercept prediction" in the module
/// documentation), without envelope checks: what the engine
/// needs at launch for the round's predicted intercept point. When there is no prediction the
/// error is [`FeasibilityError::NoIntercept`] with [`Infeasible::NoInterceptSolution`], or
/// [`Infeasible::TooLate`] past a ground impact.
pub fn predict_intercept(
    unit: &FireUnit,
    weapon: &WeaponType,
    path: &PredictedPath,
    launch_s: f64,
    config: &ScanConfig,
) -> Result<InterceptSolution, FeasibilityError> {
    config.validate()?;
    let launch_s = finite("launch_s", launch_s)?;
    // Neither the class nor the deadline enters the prediction itself.
    let ctx = Context::new(
        unit,
        weapon,
        path,
        ThreatClass::Aircraft,
        f64::INFINITY,
        config,
    );
    let probe = ctx.solve(launch_s).map_err(FeasibilityError::NoIntercept)?;
    Ok(unit.solution(launch_s, &probe))
}
