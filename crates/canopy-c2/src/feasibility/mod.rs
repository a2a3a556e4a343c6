//! Engagement feasibility (issue "Engagement", item 2): can this fire unit, with this
//! interceptor type, intercept this track, and when must it launch?
//!
//! For a (track, [`FireUnit`], [`WeaponType`]) triple, [`assess`] answers two questions:
//!
//! - **Launch at the earliest possible time** (now + the unit's reaction time): the predicted
//!   intercept ([`InterceptSolution`]) from `canopy-flyout`'s [`FlyoutTable::predict_intercept`]
//!   and the reasons ([`Infeasible`]) it fails, if any.
//! - **Launch window** ([`LaunchWindow`]): the first contiguous interval of launch times whose
//!   intercept falls inside every envelope before the threat reaches its asset or the
//!   prediction ends (ground impact); when there is none, every reason met on the way
//!   ([`Feasibility::window_blockers`]), which is what leak accounting reports as "outside
//!   every envelope".
//!
//! # Intercept prediction
//!
//! `predict_intercept` assumes a constant-velocity target; the track's [`PredictedPath`] is
//! curved (gravity for a ballistic target, the Earth's curvature for a sea-skimmer). The
//! solution is found by re-linearising: predict against the path's tangent at the current
//! guess of the intercept time, move the guess to the predicted time, repeat until it moves
//! less than [`ScanConfig::convergence_s`]. At the fixed point the tangent line touches the
//! path at the intercept time, so the predicted point lies on the path.
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
//! and L(T), and those launches are feasible iff the point is; edges are refined by bisection
//! in T to [`ScanConfig::edge_tolerance_s`]. Cost: one flyout-table lookup per grid point.

#[cfg(test)]
mod tests;

use canopy_core::geo::{Ecef, Enu, LocalFrame};
use canopy_flyout::{
    FlyoutError, FlyoutTable, FlyoutTableConfig, InterceptPrediction, InterceptorParams,
    TargetEstimate,
};
use canopy_sensors::horizon::EarthModel as HorizonEarth;
use nalgebra::Vector3;

use crate::evaluate::{EARTH, PathState, PredictedPath, ThreatClass};
use crate::salvo::{InvalidInput, check, finite, non_negative, positive};

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
    radar_frame: LocalFrame,
    /// Antenna height above the smooth earth: site altitude + mast (m).
    antenna_height_m: f64,
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
            radar_frame: LocalFrame::new(site),
            antenna_height_m: (site.alt_m + r.antenna_height_m).max(0.0),
        })
    }

    /// The specification it was built from.
    pub fn spec(&self) -> &FireUnitSpec {
        &self.spec
    }

    /// Nominal time of flight from the launcher to the ECEF point `p`, if reachable.
    fn time_of_flight(&self, weapon: &WeaponType, p: &Vector3<f64>) -> Option<f64> {
        let rel = p - self.launcher;
        let slant = rel.norm();
        if slant == 0.0 {
            return Some(0.0);
        }
        let up = weapon.earth.up(&self.launcher);
        let elevation = (rel.dot(&up) / slant).clamp(-1.0, 1.0).asin();
        weapon.table.time_to_reach_slant(slant, elevation)
    }

    /// The [`InterceptSolution`] of a launch at `launch_s` reaching `state` after `tof`.
    fn solution(&self, launch_s: f64, state: &PathState, tof: f64) -> InterceptSolution {
        let p = &state.position;
        InterceptSolution {
            launch_time_s: launch_s,
            intercept_time_s: state.time_s,
            time_of_flight_s: tof,
            point: self.frame.to_enu(&Ecef(*p)).0.into(),
            altitude_m: EARTH.altitude(p),
            range_m: (p - self.launcher).norm(),
            radar_range_m: (p - self.radar).norm(),
            target_speed_mps: state.velocity.norm(),
        }
    }

    /// Every envelope and sensor check at an intercept of `state` after a flight of `tof`.
    fn point_reasons(
        &self,
        weapon: &WeaponType,
        class: ThreatClass,
        state: &PathState,
        tof: Option<f64>,
    ) -> Reasons {
        let env = &weapon.envelope;
        let p = &state.position;
        let mut reasons = Reasons::default();
        match tof {
            None => reasons.insert(Infeasible::NoInterceptSolution),
            Some(t) if t > env.max_time_of_flight_s => {
                reasons.insert(Infeasible::BeyondMaxTimeOfFlight)
            }
            Some(_) => {}
        }
        let range = (p - self.launcher).norm();
        if range < env.min_range_m {
            reasons.insert(Infeasible::InsideMinRange);
        }
        if range > env.max_range_m {
            reasons.insert(Infeasible::OutOfRange);
        }
        if class == ThreatClass::Ballistic && range > env.max_range_ballistic_m {
            reasons.insert(Infeasible::BeyondBallisticLimit);
        }
        let altitude = EARTH.altitude(p);
        if altitude < env.min_altitude_m {
            reasons.insert(Infeasible::BelowMinAltitude);
        }
        if altitude > env.max_altitude_m {
            reasons.insert(Infeasible::AboveMaxAltitude);
        }
        if state.velocity.norm() > env.max_target_speed_mps {
            reasons.insert(Infeasible::TargetTooFast);
        }
        let radar = &self.spec.radar;
        if (p - self.radar).norm() > radar.instrumented_range_m {
            reasons.insert(Infeasible::BeyondRadarRange);
        }
        // Smooth-earth geometry: ground range along the true earth, heights above it.
        let ground = radar.earth.radius_m * self.radar.angle(p);
        let h_target = altitude.max(0.0);
        if !radar
            .earth
            .visible(self.antenna_height_m, h_target, ground)
            .unwrap_or(false)
        {
            reasons.insert(Infeasible::NoLineOfSight);
        }
        let elevation = radar
            .earth
            .slant_geometry(self.antenna_height_m, h_target, ground)
            .map_or(f64::NAN, |g| g.elevation_rad.to_degrees());
        // An all-round radar needs no azimuth (saves a frame rotation per scan point).
        let in_sector = radar.sector_half_width_deg >= 180.0 || {
            let azimuth = self.radar_frame.aer(&Ecef(*p)).az_deg;
            let off = (azimuth - radar.boresight_azimuth_deg + 180.0).rem_euclid(360.0) - 180.0;
            off.abs() <= radar.sector_half_width_deg
        };
        if !(elevation >= radar.min_elevation_deg
            && elevation <= radar.max_elevation_deg
            && in_sector)
        {
            reasons.insert(Infeasible::OutsideRadarCoverage);
        }
        reasons
    }
}

/// Numerical settings of [`assess`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ScanConfig {
    /// Grid step of the intercept-time scan (s).
    pub step_s: f64,
    /// Bisection tolerance of the window edges (s).
    pub edge_tolerance_s: f64,
    /// Largest number of re-linearisations of the intercept prediction.
    pub max_tangent_iterations: u32,
    /// The prediction has converged when the intercept time moves less than this (s).
    pub convergence_s: f64,
}

impl Default for ScanConfig {
    /// 1 s grid (a window shorter than that can be missed), 1 ms edges, up to 8
    /// re-linearisations to 10 ms.
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

/// The feasible launches of one scan cell: (launch, intercept time) at each end, and
/// whether they run to the end of the cell (so a window may continue into the next).
#[derive(Debug, Clone, Copy)]
struct Cell {
    start: (f64, f64),
    end: (f64, f64),
    open_end: bool,
}

/// One point of the intercept-time scan.
#[derive(Debug, Clone, Copy)]
struct ScanPoint {
    /// Intercept time T (s).
    t: f64,
    /// Launch time L(T) = T − TOF, −∞ if unreachable.
    launch: f64,
    reasons: Reasons,
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
    let ctx = Context {
        unit,
        weapon,
        path,
        class,
        deadline_s: deadline_s.unwrap_or(f64::INFINITY),
        config,
    };
    let earliest = now_s + unit.spec.reaction_time_s;
    let mut reasons = Reasons::default();
    let solution = match ctx.solve(earliest) {
        Ok((state, prediction)) => {
            let tof = prediction.time_to_intercept_s;
            reasons = unit.point_reasons(weapon, class, &state, Some(tof));
            if state.time_s > ctx.deadline_s {
                reasons.insert(Infeasible::TooLate);
            }
            Some(unit.solution(earliest, &state, tof))
        }
        Err(reason) => {
            reasons.insert(reason);
            None
        }
    };
    let (window, blockers) = ctx.window(earliest);
    Ok(Feasibility {
        earliest_launch_s: earliest,
        solution,
        reasons: reasons.to_vec(),
        window,
        window_blockers: blockers.to_vec(),
    })
}

/// The intercept predicted for a launch at `launch_s` (re-linearised
/// [`FlyoutTable::predict_intercept`] on the path), without envelope checks: what the engine
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
    let ctx = Context {
        unit,
        weapon,
        path,
        // Neither the class nor the deadline enters the prediction itself.
        class: ThreatClass::Aircraft,
        deadline_s: f64::INFINITY,
        config,
    };
    let (state, prediction) = ctx.solve(launch_s).map_err(FeasibilityError::NoIntercept)?;
    Ok(unit.solution(launch_s, &state, prediction.time_to_intercept_s))
}

struct Context<'a> {
    unit: &'a FireUnit,
    weapon: &'a WeaponType,
    path: &'a PredictedPath,
    class: ThreatClass,
    deadline_s: f64,
    config: &'a ScanConfig,
}

impl Context<'_> {
    /// Intercept for a launch at `launch_s` by re-linearised `predict_intercept`: the state on
    /// the path at the intercept time and the flyout prediction.
    fn solve(&self, launch_s: f64) -> Result<(PathState, InterceptPrediction), Infeasible> {
        let path = self.path;
        let past_end = || {
            if path.ends_on_ground() {
                Infeasible::TooLate
            } else {
                Infeasible::NoInterceptSolution
            }
        };
        let mut guess = path
            .state_at(launch_s.max(path.start_time_s()))
            .ok_or_else(past_end)?;
        let mut iterations = self.config.max_tangent_iterations;
        loop {
            let estimate = TargetEstimate {
                position: guess.position,
                velocity: guess.velocity,
                time_s: guess.time_s,
            };
            let prediction = self
                .weapon
                .table
                .predict_intercept(&self.unit.launcher, &estimate, launch_s)
                .ok_or(Infeasible::NoInterceptSolution)?;
            let t = prediction.intercept_time_s;
            let moved = (t - guess.time_s).abs();
            guess = path.state_at(t).ok_or_else(past_end)?;
            iterations -= 1;
            if moved < self.config.convergence_s || iterations == 0 {
                return Ok((guess, prediction));
            }
        }
    }

    /// The scan point at intercept time `t` (inside the path).
    fn point(&self, t: f64) -> Option<ScanPoint> {
        let state = self.path.state_at(t)?;
        let tof = self.unit.time_of_flight(self.weapon, &state.position);
        Some(ScanPoint {
            t,
            launch: tof.map_or(f64::NEG_INFINITY, |tof| t - tof),
            reasons: self
                .unit
                .point_reasons(self.weapon, self.class, &state, tof),
        })
    }

    /// Bisects the feasibility switch of intercept times between `a` and `b` (feasibility
    /// differs at the two ends); returns the point on the feasible side.
    fn edge(&self, a: ScanPoint, b: ScanPoint) -> ScanPoint {
        let (mut good, mut bad) = if a.reasons.is_empty() { (a, b) } else { (b, a) };
        while (good.t - bad.t).abs() > self.config.edge_tolerance_s {
            let Some(mid) = self.point(0.5 * (good.t + bad.t)) else {
                break;
            };
            if mid.reasons.is_empty() {
                good = mid;
            } else {
                bad = mid;
            }
        }
        good
    }

    /// Intercept time of the launch at `launch` whose first crossing lies between the scan
    /// points `a` and `b` (L(a) < launch ≤ L(b)): bisection on L(T) ≥ launch.
    fn crossing(&self, a: &ScanPoint, b: &ScanPoint, launch: f64) -> f64 {
        let (mut lo, mut hi) = (a.t, b.t);
        while hi - lo > self.config.edge_tolerance_s {
            let mid = 0.5 * (lo + hi);
            match self.point(mid) {
                Some(p) if p.launch >= launch => hi = mid,
                Some(_) => lo = mid,
                None => break,
            }
        }
        hi
    }

    /// The feasible part of the launches (lower, point.launch], whose first crossings lie
    /// between the grid points `previous` and `point`; feasibility is assumed to switch at
    /// most once inside a cell.
    fn cell(&self, previous: Option<ScanPoint>, point: ScanPoint, lower: f64) -> Option<Cell> {
        let prev = previous.unwrap_or(point);
        // The feasible stretch of intercept times in the cell, from `a` to `b`.
        let (a, b, open_end) = match (prev.reasons.is_empty(), point.reasons.is_empty()) {
            (true, true) => (prev, point, true),
            (false, true) => (self.edge(prev, point), point, true),
            (true, false) => (prev, self.edge(prev, point), false),
            (false, false) => return None,
        };
        if b.launch <= lower {
            return None;
        }
        let start = if a.launch > lower {
            (a.launch, a.t)
        } else {
            (lower, self.crossing(&a, &b, lower))
        };
        Some(Cell {
            start,
            end: (b.launch, b.t),
            open_end,
        })
    }

    /// The first launch window at or after `earliest`, or the reasons there is none.
    fn window(&self, earliest: f64) -> (Option<LaunchWindow>, Reasons) {
        let stop = self.path.end_time_s().min(self.deadline_s);
        // Intercept times: after the earliest launch and inside the predicted path.
        let begin = earliest.max(self.path.start_time_s());
        let mut blockers = Reasons::default();
        if stop < begin {
            blockers.insert(Infeasible::TooLate);
            return (None, blockers);
        }
        let n = ((stop - begin) / self.config.step_s).ceil() as usize;
        let mut best_launch = f64::NEG_INFINITY;
        let mut previous: Option<ScanPoint> = None;
        let mut window: Option<LaunchWindow> = None;
        let mut reachable = false;
        for k in 0..=n {
            let t = (begin + k as f64 * self.config.step_s).min(stop);
            let Some(point) = self.point(t) else { break };
            blockers = blockers.union(point.reasons);
            // Only a point that raises the running maximum of L(T) is a first crossing.
            if point.launch > best_launch && point.launch >= earliest {
                reachable = true;
                let cell = self.cell(previous, point, best_launch.max(earliest));
                match (&mut window, cell) {
                    (None, Some(c)) => {
                        window = Some(LaunchWindow {
                            earliest_launch_s: c.start.0,
                            earliest_intercept_s: c.start.1,
                            latest_launch_s: c.end.0,
                            latest_intercept_s: c.end.1,
                        });
                        if !c.open_end {
                            break;
                        }
                    }
                    (Some(w), Some(c)) if c.start.0 <= w.latest_launch_s => {
                        w.latest_launch_s = c.end.0;
                        w.latest_intercept_s = c.end.1;
                        if !c.open_end {
                            break;
                        }
                    }
                    // A gap after the window: it has closed.
                    (Some(_), _) => break,
                    (None, None) => {}
                }
            }
            best_launch = best_launch.max(point.launch);
            previous = Some(point);
        }
        if window.is_some() {
            return (window, Reasons::default());
        }
        if !reachable {
            blockers.insert(Infeasible::TooLate);
        }
        (None, blockers)
    }
}
