//! The intercept-time scan behind [`assess`](super::assess) and
//! [`predict_intercept`](super::predict_intercept): the state and nominal time of flight at an
//! intercept time, the envelope checks there, the launch window and the intercept of one
//! launch (see the module documentation of [`feasibility`](super)).
//!
//! # Strides
//!
//! The window logic reads the grid points in order. Where every check keeps its verdict and
//! L(T) keeps rising over a stretch of grid points, the points inside the stretch change
//! nothing that its two ends do not: the reasons are the same, the running maximum of L(T) is
//! at the far end, and a crossing of a launch time inside it is unique and found by
//! refinement between the ends. So the scan strides over such stretches, evaluating only their
//! ends, once [`Context::certify`] proves the property from bounds: every point in between is
//! within r = speed × half the stride of one end, so a check whose threshold is farther than r
//! from both ends (in the check's own geometry) cannot switch, and L(T) rises while the
//! time of flight changes slower than time itself (slopes of the flyout table,
//! [`FlyoutTable::time_slopes`](canopy_flyout::FlyoutTable::time_slopes)). Strides double
//! after each success up to [`MAX_STRIDE`] grid steps; an uncertified stride is split in
//! half, down to single grid steps, which are read as before. The answers are those of the
//! full grid; the cost falls from one evaluation per grid step to a few per event (a window
//! edge, a check switching).

use std::f64::consts::FRAC_PI_2;

use canopy_flyout::TargetEstimate;
use nalgebra::Vector3;

use super::coverage::RadarView;
use super::{FireUnit, Infeasible, LaunchWindow, Reasons, ScanConfig, WeaponType};
use crate::evaluate::{EARTH, MotionModel, PathState, PredictedPath, ThreatClass};

/// Longest stride, in grid steps.
const MAX_STRIDE: usize = 128;
/// Bound on the acceleration of a ballistic path (m/s²): gravity, 9.83 m/s² at most.
const BALLISTIC_ACCEL_MPS2: f64 = 10.0;
/// Smallest geocentric radius of a point above the WGS-84 ellipsoid (its semi-minor axis, m,
/// rounded down). A great-circle path accelerates at V²/R as it follows the Earth; its climb
/// stops at a kink that the velocity difference between the stride's ends covers.
const MIN_RADIUS_M: f64 = 6.35e6;
/// Strides are not certified where the line to the point is this steep (rad): the elevation
/// rate bound divides by its cosine.
const MAX_ELEVATION_RAD: f64 = 1.4;
/// Safety factor on the displacement bound (Hermite interpolation of the path overshoots the
/// sampled speeds by far less).
const SAFETY: f64 = 1.1;
/// Certified strides need dTOF/dT below this, so L(T) rises at least a fifth as fast as T.
const MAX_TOF_RATE: f64 = 0.8;
/// Bound on |∇altitude| for the geocentric WGS-84 altitude (1 + flattening, rounded up).
const ALTITUDE_GRADIENT: f64 = 1.01;
/// Bound on the altitude rate that the ellipsoid's shape adds to the radial speed, as a
/// fraction of the speed (the ellipsoid radius changes by a·e² ≈ 21 km per radian of
/// latitude, over a geocentric radius of 6 357 km or more).
const ELLIPSOID_RATE: f64 = 0.004;

/// Bounds over a stride: how much the velocity can differ from either end's (m/s), the
/// largest speed (m/s), and how far a point in between can be from the nearer end (m).
#[derive(Debug, Clone, Copy)]
struct Bounds {
    /// Length of the stride (s).
    dt: f64,
    dv: f64,
    speed: f64,
    r: f64,
}

/// Whether `x` and `y` are both farther than `margin` from `threshold`.
fn apart(x: f64, y: f64, threshold: f64, margin: f64) -> bool {
    (x - threshold).abs() > margin && (y - threshold).abs() > margin
}

/// One (track, fire unit, weapon) question, with what does not depend on the intercept time.
pub(super) struct Context<'a> {
    unit: &'a FireUnit,
    weapon: &'a WeaponType,
    path: &'a PredictedPath,
    class: ThreatClass,
    deadline_s: f64,
    config: &'a ScanConfig,
    /// The launcher's local vertical in the weapon's earth model (the flyout's elevations are
    /// measured from it).
    up: Vector3<f64>,
}

/// The path at one intercept time, seen from the launcher.
#[derive(Debug, Clone, Copy)]
pub(super) struct Probe {
    /// The target's state (its time is the intercept time).
    pub state: PathState,
    /// Slant range from the launcher (m).
    pub slant_m: f64,
    /// Elevation above the launcher's horizontal, as the flyout table measures it (rad).
    pub elevation_rad: f64,
    /// Nominal time of flight to the point, `None` if out of the round's reach.
    pub tof: Option<f64>,
}

impl Probe {
    /// L(T) = T − TOF: when a round must leave to be there at T (−∞ if unreachable).
    fn launch(&self) -> f64 {
        self.tof
            .map_or(f64::NEG_INFINITY, |tof| self.state.time_s - tof)
    }
}

/// The checks at one probe, with the quantities they compare.
#[derive(Debug, Clone, Copy)]
pub(super) struct Checked {
    /// Every reason the intercept there fails.
    pub reasons: Reasons,
    /// Altitude of the point above WGS-84 (m).
    altitude_m: f64,
    /// Slant range from the engagement radar (m).
    radar_range_m: f64,
    /// What the radar sees of it.
    view: RadarView,
}

/// One point of the intercept-time scan.
#[derive(Debug, Clone, Copy)]
struct ScanPoint {
    /// Intercept time T (s).
    t: f64,
    /// Launch time L(T) = T − TOF, −∞ if unreachable.
    launch: f64,
    reasons: Reasons,
    probe: Probe,
    checked: Checked,
}

/// The feasible launches of one scan cell: those above `lower` whose intercepts lie between
/// `a` and `b` (both feasible), and whether they run to the end of the cell (so a window may
/// continue into the next).
#[derive(Debug, Clone, Copy)]
struct Cell {
    a: ScanPoint,
    b: ScanPoint,
    lower: f64,
    open_end: bool,
}

impl Cell {
    /// First launch of the cell.
    fn start_launch(&self) -> f64 {
        self.a.launch.max(self.lower)
    }
}

/// The intercept of one launch (its probe's time of flight is the intercept time minus the
/// launch time), or why there is none.
pub(super) type Intercept = Result<Probe, Infeasible>;

/// What [`Context::scan`] finds.
pub(super) struct Scan {
    /// The first launch window.
    pub window: Option<LaunchWindow>,
    /// Every reason met on the scan when there is no window (see
    /// [`Feasibility::window_blockers`](super::Feasibility::window_blockers)).
    pub blockers: Reasons,
    /// The intercept of a launch at the earliest time.
    pub intercept: Intercept,
}

/// (intercept time, launch time) of a scan sample.
type Sample = (f64, f64);

impl<'a> Context<'a> {
    pub fn new(
        unit: &'a FireUnit,
        weapon: &'a WeaponType,
        path: &'a PredictedPath,
        class: ThreatClass,
        deadline_s: f64,
        config: &'a ScanConfig,
    ) -> Self {
        Context {
            unit,
            weapon,
            path,
            class,
            deadline_s,
            config,
            up: weapon.earth.up(&unit.launcher),
        }
    }

    /// The path at intercept time `t` (inside the path) and the nominal time of flight to it.
    pub fn probe(&self, t: f64) -> Option<Probe> {
        let state = self.path.state_at(t)?;
        let rel = state.position - self.unit.launcher;
        let slant_m = rel.norm();
        let (elevation_rad, tof) = if slant_m == 0.0 {
            (0.0, Some(0.0))
        } else {
            let elevation = (rel.dot(&self.up) / slant_m).clamp(-1.0, 1.0).asin();
            let tof = self.weapon.table.time_to_reach_slant(slant_m, elevation);
            (elevation, tof)
        };
        Some(Probe {
            state,
            slant_m,
            elevation_rad,
            tof,
        })
    }

    /// Every envelope and sensor check at `probe`, with the flight lasting `probe.tof`.
    pub fn check(&self, probe: &Probe) -> Checked {
        let env = &self.weapon.envelope;
        let p = &probe.state.position;
        let mut reasons = Reasons::default();
        match probe.tof {
            None => reasons.insert(Infeasible::NoInterceptSolution),
            Some(t) if t > env.max_time_of_flight_s => {
                reasons.insert(Infeasible::BeyondMaxTimeOfFlight)
            }
            Some(_) => {}
        }
        let range = probe.slant_m;
        if range < env.min_range_m {
            reasons.insert(Infeasible::InsideMinRange);
        }
        if range > env.max_range_m {
            reasons.insert(Infeasible::OutOfRange);
        }
        if self.class == ThreatClass::Ballistic && range > env.max_range_ballistic_m {
            reasons.insert(Infeasible::BeyondBallisticLimit);
        }
        let altitude = EARTH.altitude(p);
        if altitude < env.min_altitude_m {
            reasons.insert(Infeasible::BelowMinAltitude);
        }
        if altitude > env.max_altitude_m {
            reasons.insert(Infeasible::AboveMaxAltitude);
        }
        let speed2 = probe.state.velocity.norm_squared();
        if speed2 > env.max_target_speed_mps * env.max_target_speed_mps {
            reasons.insert(Infeasible::TargetTooFast);
        }
        let unit = self.unit;
        let radar_range = if unit.radar == unit.launcher {
            range
        } else {
            (p - unit.radar).norm()
        };
        if radar_range > unit.spec.radar.instrumented_range_m {
            reasons.insert(Infeasible::BeyondRadarRange);
        }
        let view = unit.coverage.view(p, altitude);
        if !view.line_of_sight {
            reasons.insert(Infeasible::NoLineOfSight);
        }
        if !view.covered {
            reasons.insert(Infeasible::OutsideRadarCoverage);
        }
        Checked {
            reasons,
            altitude_m: altitude,
            radar_range_m: radar_range,
            view,
        }
    }

    /// Launch time L(T) at intercept time `t` (−∞ if unreachable), `None` outside the path.
    fn launch_at(&self, t: f64) -> Option<f64> {
        self.probe(t).map(|p| p.launch())
    }

    /// The scan point at intercept time `t` (inside the path).
    fn point(&self, t: f64) -> Option<ScanPoint> {
        let probe = self.probe(t)?;
        let checked = self.check(&probe);
        Some(ScanPoint {
            t,
            launch: probe.launch(),
            reasons: checked.reasons,
            probe,
            checked,
        })
    }

    /// What a failed search for an intercept reports: past the end of a path that hits the
    /// ground the launch is too late, otherwise the round cannot reach the target.
    fn past_end(&self) -> Infeasible {
        if self.path.ends_on_ground() {
            Infeasible::TooLate
        } else {
            Infeasible::NoInterceptSolution
        }
    }

    /// Bisects the feasibility switch of intercept times between `a` and `b` (feasibility
    /// differs at the two ends); returns the point on the feasible side.
    fn edge(&self, a: ScanPoint, b: ScanPoint) -> ScanPoint {
        let (mut good, mut bad) = if a.reasons.is_empty() { (a, b) } else { (b, a) };
        while (good.t - bad.t).abs() > self.config.edge_tolerance_s {
            let t = 0.5 * (good.t + bad.t);
            // A tolerance below the resolution of the times cannot be met.
            if t == good.t || t == bad.t {
                break;
            }
            let Some(mid) = self.point(t) else {
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

    /// First intercept time, to within `tol`, of the launch at `launch` whose crossing lies
    /// between the samples `a` and `b` (L(a) < launch ≤ L(b)); the returned time has
    /// L(T) ≥ launch. L(T) is smooth where the target is reachable, so secant steps on
    /// L(T) − launch, each followed by a probe `tol` / 2 beyond it to close the bracket, find it
    /// in two to four lookups; bisection takes over once `ScanConfig::max_tangent_iterations`
    /// secant steps are spent, where L is −∞, or after a secant step that failed to halve the
    /// bracket.
    fn crossing(&self, a: Sample, b: Sample, launch: f64, tol: f64) -> f64 {
        let (mut lo, mut hi) = ((a.0, a.1 - launch), (b.0, b.1 - launch));
        let mut secants = self.config.max_tangent_iterations;
        while hi.0 - lo.0 > tol {
            let width = hi.0 - lo.0;
            let secant = secants > 0 && lo.1.is_finite();
            let x = if secant {
                secants -= 1;
                let x = lo.0 + width * (lo.1 / (lo.1 - hi.1));
                x.clamp(lo.0 + 0.5 * tol, hi.0 - 0.5 * tol)
            } else {
                0.5 * (lo.0 + hi.0)
            };
            // A tolerance below the resolution of the times cannot be met.
            if !(x > lo.0 && x < hi.0) {
                break;
            }
            let Some(gx) = self.launch_at(x).map(|l| l - launch) else {
                break;
            };
            let nudge = if gx >= 0.0 {
                hi = (x, gx);
                x - 0.5 * tol
            } else {
                lo = (x, gx);
                x + 0.5 * tol
            };
            if !secant || hi.0 - lo.0 <= tol {
                continue;
            }
            let Some(gn) = self.launch_at(nudge).map(|l| l - launch) else {
                break;
            };
            if gn >= 0.0 {
                hi = (nudge, gn);
            } else {
                lo = (nudge, gn);
            }
            if hi.0 - lo.0 > 0.5 * width {
                // A poor secant (L strongly curved): spend the remaining budget on bisection.
                secants = 0;
            }
        }
        hi.0
    }

    /// The intercept of the launch at `launch` whose crossing lies between `previous` and
    /// `found` (`previous` is `None` when `found` is the first intercept time considered).
    fn intercept(&self, previous: Option<Sample>, found: Sample, launch: f64) -> Intercept {
        let t = match previous {
            Some(p) => self.crossing(p, found, launch, self.config.convergence_s),
            None => found.0,
        };
        // The flyout table only predicts flights up to its longest one.
        if t - launch > self.weapon.table.max_time_of_flight_s() {
            return Err(Infeasible::NoInterceptSolution);
        }
        let probe = self.probe(t).ok_or_else(|| self.past_end())?;
        Ok(Probe {
            tof: Some(t - launch),
            ..probe
        })
    }

    /// The intercept of a launch at `launch`, scanning intercept times on the grid from
    /// `from` (the sample before it, if any, is `previous`) to the end of the path or of the
    /// round's longest flight.
    fn search(&self, launch: f64, from: f64, mut previous: Option<Sample>) -> Intercept {
        let max_tof = self.weapon.table.max_time_of_flight_s();
        let end = self.path.end_time_s();
        let stop = end.min(launch + max_tof);
        let mut k = 0.0;
        loop {
            let t = (from + k * self.config.step_s).min(stop);
            if previous.is_some_and(|p| t <= p.0) {
                break;
            }
            let Some(l) = self.launch_at(t) else { break };
            if l >= launch {
                return self.intercept(previous, (t, l), launch);
            }
            previous = Some((t, l));
            k += 1.0;
        }
        if self.path.ends_on_ground() {
            self.relinearise(launch)
        } else {
            Err(Infeasible::NoInterceptSolution)
        }
    }

    /// The intercept of a launch at `launch` on a path that hits the ground, when no grid
    /// point reaches it: re-linearised [`FlyoutTable::predict_intercept`] (predict against the
    /// path's tangent at the current guess of the intercept time, move the guess there,
    /// repeat), which tells an intercept the impact comes before ([`Infeasible::TooLate`]) from
    /// one out of the round's reach, and finds an intercept of a grazing geometry between
    /// grid points.
    ///
    /// [`FlyoutTable::predict_intercept`]: canopy_flyout::FlyoutTable::predict_intercept
    fn relinearise(&self, launch: f64) -> Intercept {
        let path = self.path;
        let mut guess = path
            .state_at(launch.max(path.start_time_s()))
            .ok_or(Infeasible::TooLate)?;
        for _ in 0..self.config.max_tangent_iterations {
            let estimate = TargetEstimate {
                position: guess.position,
                velocity: guess.velocity,
                time_s: guess.time_s,
            };
            let t = self
                .weapon
                .table
                .predict_intercept(&self.unit.launcher, &estimate, launch)
                .ok_or(Infeasible::NoInterceptSolution)?
                .intercept_time_s;
            let moved = (t - guess.time_s).abs();
            guess = path.state_at(t).ok_or(Infeasible::TooLate)?;
            if moved < self.config.convergence_s {
                break;
            }
        }
        let probe = self.probe(guess.time_s).ok_or(Infeasible::TooLate)?;
        Ok(Probe {
            tof: Some(guess.time_s - launch),
            ..probe
        })
    }

    /// The intercept of a launch at `launch` on its own (no window).
    pub fn solve(&self, launch: f64) -> Intercept {
        let begin = launch.max(self.path.start_time_s());
        if begin > self.path.end_time_s() {
            return Err(self.past_end());
        }
        self.search(launch, begin, None)
    }

    /// The feasible part of the launches (lower, point.launch], whose first crossings lie
    /// between the scan points `previous` and `point`; feasibility is assumed to switch at
    /// most once between them.
    fn cell(&self, previous: Option<ScanPoint>, point: ScanPoint, lower: f64) -> Option<Cell> {
        let prev = previous.unwrap_or(point);
        // The feasible stretch of intercept times in the cell, from `a` to `b`.
        let (a, b, open_end) = match (prev.reasons.is_empty(), point.reasons.is_empty()) {
            (true, true) => (prev, point, true),
            (false, true) => (self.edge(prev, point), point, true),
            (true, false) => (prev, self.edge(prev, point), false),
            (false, false) => return None,
        };
        (b.launch > lower).then_some(Cell {
            a,
            b,
            lower,
            open_end,
        })
    }

    /// A window opening with `cell`: its first launch and that launch's intercept time.
    fn open(&self, cell: &Cell) -> LaunchWindow {
        let (a, b) = (cell.a, cell.b);
        let (earliest_launch_s, earliest_intercept_s) = if a.launch > cell.lower {
            (a.launch, a.t)
        } else {
            (
                cell.lower,
                self.crossing(
                    (a.t, a.launch),
                    (b.t, b.launch),
                    cell.lower,
                    self.config.edge_tolerance_s,
                ),
            )
        };
        LaunchWindow {
            earliest_launch_s,
            latest_launch_s: b.launch,
            earliest_intercept_s,
            latest_intercept_s: b.t,
        }
    }

    /// Whether the grid points strictly between the scan points `a` and `b` can be skipped:
    /// every check keeps its verdict and L(T) rises from `a` to `b` (see "Strides" in the
    /// module documentation). Conservative: `false` whenever a bound is not met.
    fn certify(&self, a: &ScanPoint, b: &ScanPoint) -> bool {
        if a.reasons != b.reasons {
            return false;
        }
        let (va, vb) = (a.probe.state.velocity, b.probe.state.velocity);
        let dt = b.t - a.t;
        let fastest = va.norm().max(vb.norm());
        let accel = match self.path.model() {
            MotionModel::Ballistic => BALLISTIC_ACCEL_MPS2,
            // Turning with the Earth at V²/R (twice that, for the interpolation).
            MotionModel::GreatCircle => 2.0 * fastest * fastest / MIN_RADIUS_M + 0.01,
        };
        let dv = 1.5 * (vb - va).norm() + accel * dt;
        let speed = fastest + dv;
        let bounds = Bounds {
            dt,
            dv,
            speed,
            r: SAFETY * speed * 0.5 * dt + 0.01,
        };
        // The cheaper checks first.
        self.checks_hold(a, b, &bounds) && self.flight_holds(a, b, &bounds)
    }

    /// Whether every envelope and radar check keeps its verdict over the stride from `a` to
    /// `b` (their reasons being equal).
    fn checks_hold(&self, a: &ScanPoint, b: &ScanPoint, bounds: &Bounds) -> bool {
        let (pa, pb) = (&a.probe, &b.probe);
        let (ca, cb) = (&a.checked, &b.checked);
        let (va, vb) = (pa.state.velocity, pb.state.velocity);
        let Bounds { dt, dv, speed, r } = *bounds;
        // Ranges from the launcher and the radar, and the target's speed.
        let env = &self.weapon.envelope;
        let (sa, sb) = (pa.slant_m, pb.slant_m);
        let mut ranges_apart =
            apart(sa, sb, env.min_range_m, r) && apart(sa, sb, env.max_range_m, r);
        if self.class == ThreatClass::Ballistic {
            ranges_apart &= apart(sa, sb, env.max_range_ballistic_m, r);
        }
        let instrumented = self.unit.spec.radar.instrumented_range_m;
        if !(ranges_apart
            && apart(ca.radar_range_m, cb.radar_range_m, instrumented, r)
            && apart(va.norm(), vb.norm(), env.max_target_speed_mps, dv))
        {
            return false;
        }

        // Altitudes: how far a point in between can be from the nearer end's altitude, or
        // beyond the ends' range.
        let dh = match self.path.model() {
            // A great-circle path climbs or dives at a constant rate, then flies level, so its
            // altitude is monotone; the interpolation strays from it by a fraction of the
            // velocity jump at the kink.
            MotionModel::GreatCircle => 0.5 + 0.25 * (vb - va).norm() * self.path.step_s(),
            // The rate of climb is bounded by the radial speed at the ends, the change of
            // velocity, and the ellipsoid's shape.
            MotionModel::Ballistic => {
                let climb = |p: &Probe| {
                    let v = p.state.velocity;
                    v.dot(&p.state.position.normalize()).abs() + ELLIPSOID_RATE * v.norm()
                };
                let climb = climb(pa).max(climb(pb))
                    + (1.0 + ELLIPSOID_RATE) * dv
                    + speed * 2.0 * r / MIN_RADIUS_M;
                (ALTITUDE_GRADIENT * r).min(SAFETY * climb * 0.5 * dt + 0.01)
            }
        };
        let (ha, hb) = (ca.altitude_m, cb.altitude_m);
        if !(apart(ha, hb, env.min_altitude_m, dh) && apart(ha, hb, env.max_altitude_m, dh)) {
            return false;
        }

        // The radar: every point lies in the box of ground ranges and altitudes spanned by the
        // ends widened by r and dh; the horizon and the elevation are monotone over it.
        let coverage = &self.unit.coverage;
        let (ga, gb) = (ca.view.ground_m, cb.view.ground_m);
        let (g_lo, g_hi) = ((ga.min(gb) - r).max(0.0), ga.max(gb) + r);
        let (h_lo, h_hi) = (ha.min(hb) - dh, ha.max(hb) + dh);
        let line_of_sight = ca.view.line_of_sight;
        let horizon_holds = if line_of_sight {
            g_hi <= coverage.horizon_m(h_lo)
        } else {
            g_lo > coverage.horizon_m(h_hi)
        };
        if !horizon_holds {
            return false;
        }
        // Inside (Some(true)) or outside (Some(false)) the elevation limits throughout.
        let elevation = if h_lo < coverage.antenna_height_m() {
            // Below the antenna the elevation is not monotone in the ground range.
            None
        } else {
            // The lowest elevation is at (g_hi, h_lo), the highest at (g_lo, h_hi).
            let (lowest_ok, ever_below_max) = coverage.elevation_within(g_hi, h_lo);
            let (ever_above_min, highest_ok) = coverage.elevation_within(g_lo, h_hi);
            if lowest_ok && highest_ok {
                Some(true)
            } else if !ever_above_min || !ever_below_max {
                Some(false)
            } else {
                None
            }
        };
        let clear = ca.view.sector_clearance_m.min(cb.view.sector_clearance_m) > r;
        let sector = (clear && ca.view.in_sector == cb.view.in_sector).then_some(ca.view.in_sector);
        match (elevation, sector) {
            (Some(true), Some(true)) => ca.view.covered,
            (Some(false), _) | (_, Some(false)) => !ca.view.covered,
            _ => false,
        }
    }

    /// Whether the round's reach and the time-of-flight check keep their verdicts over the
    /// stride from `a` to `b`, and L(T) rises along it.
    fn flight_holds(&self, a: &ScanPoint, b: &ScanPoint, bounds: &Bounds) -> bool {
        let (pa, pb) = (&a.probe, &b.probe);
        let Bounds { dt, dv, speed, r } = *bounds;
        // The round's reach and time of flight, and L(T). The elevation from the launcher
        // changes at ė = (ż − sin e · ṡ) / (s cos e); its rate changes by at most
        // (|Δv| + 3·V²·Δt/s) / (s cos e) over the stride, and the direction to the point
        // turns by at most π/2 · r/s in any case.
        let s_lo = pa.slant_m.min(pb.slant_m) - r;
        let s_hi = pa.slant_m.max(pb.slant_m) + r;
        if s_lo <= 0.0 {
            return false;
        }
        let launcher = self.unit.launcher;
        let turn = FRAC_PI_2 * (r / s_lo).min(1.0);
        let steepest = pa.elevation_rad.abs().max(pb.elevation_rad.abs()) + turn;
        if steepest >= MAX_ELEVATION_RAD {
            return false;
        }
        let cos_steepest = steepest.cos();
        let rates = |p: &Probe| {
            let rel = p.state.position - launcher;
            let v = p.state.velocity;
            let range_rate = v.dot(&rel) / p.slant_m;
            let (sin_e, cos_e) = p.elevation_rad.sin_cos();
            (
                range_rate,
                (v.dot(&self.up) - sin_e * range_rate) / (p.slant_m * cos_e),
            )
        };
        let ((ra, ea), (rb, eb)) = (rates(pa), rates(pb));
        let elevation_rate =
            ea.abs().max(eb.abs()) + (dv + 3.0 * speed * speed * dt / s_lo) / (s_lo * cos_steepest);
        let de = (SAFETY * elevation_rate * 0.5 * dt).min(turn);
        let e_lo = pa.elevation_rad.min(pb.elevation_rad) - de;
        let e_hi = pa.elevation_rad.max(pb.elevation_rad) + de;
        let table = &self.weapon.table;
        let (reach_lo, reach_hi) = table.reach_between(e_lo, e_hi);
        match (pa.tof, pb.tof) {
            (Some(ta), Some(tb)) => {
                if s_hi >= reach_lo {
                    return false;
                }
                let slopes = table.time_slopes(s_lo, s_hi, e_lo, e_hi);
                // dTOF/dT = ∂T/∂s · ṡ + ∂T/∂e · ė, with ∂T/∂s > 0.
                let closing = ra.max(rb) + dv + 2.0 * speed * r / s_lo;
                let along = if closing < 0.0 {
                    slopes.min_along_s_per_m
                } else {
                    slopes.max_along_s_per_m
                };
                let tof_rate = along * closing + slopes.max_across_s_per_rad * elevation_rate;
                // NaN (an infinite slope times zero) fails too.
                if tof_rate.is_nan() || tof_rate >= MAX_TOF_RATE {
                    return false;
                }
                let env_max = self.weapon.envelope.max_time_of_flight_s;
                let tof_change = slopes.max_along_s_per_m * r + slopes.max_across_s_per_rad * de;
                if env_max < table.max_time_of_flight_s() && !apart(ta, tb, env_max, tof_change) {
                    return false;
                }
            }
            // Out of reach throughout: L(T) = −∞.
            (None, None) => {
                if s_lo < reach_hi {
                    return false;
                }
            }
            _ => return false,
        }
        true
    }

    /// The first launch window at or after `earliest`, or the reasons there is none, and the
    /// intercept of a launch at `earliest`, in one scan of intercept times on the grid from
    /// `earliest` (or the path's start) to the deadline (or the path's end): the intercept's
    /// crossing is the first grid point whose launch time reaches `earliest`.
    pub fn scan(&self, earliest: f64) -> Scan {
        let end = self.path.end_time_s();
        // Intercept times: after the earliest launch and inside the predicted path.
        let begin = earliest.max(self.path.start_time_s());
        if begin > end {
            let mut blockers = Reasons::default();
            blockers.insert(Infeasible::TooLate);
            return Scan {
                window: None,
                blockers,
                intercept: Err(self.past_end()),
            };
        }
        let stop = end.min(self.deadline_s);
        let mut walk = Walk::new(earliest);
        if stop >= begin {
            let n = ((stop - begin) / self.config.step_s).ceil() as usize;
            let grid = |k: usize| (begin + k as f64 * self.config.step_s).min(stop);
            if let Some(first) = self.point(grid(0)) {
                walk.visit(self, first);
                let (mut k, mut a, mut stride) = (0, first, 1);
                while k < n && !walk.done {
                    let m = stride.min(n - k);
                    let Some(b) = self.point(grid(k + m)) else {
                        break;
                    };
                    if self.stride(&mut walk, &grid, (k, a), (k + m, b)) {
                        stride = (2 * m).min(MAX_STRIDE);
                    } else {
                        stride = (m / 2).max(1);
                    }
                    k += m;
                    a = b;
                }
            }
        }
        walk.finish(self, begin)
    }

    /// Visits the grid points after `a` up to `b` (grid indices with their scan points):
    /// `b` alone if the stride is certified, else both halves in turn. Returns whether it
    /// was certified whole.
    fn stride(
        &self,
        walk: &mut Walk,
        grid: &impl Fn(usize) -> f64,
        (ka, a): (usize, ScanPoint),
        (kb, b): (usize, ScanPoint),
    ) -> bool {
        if kb == ka + 1 || self.certify(&a, &b) {
            walk.visit(self, b);
            return true;
        }
        let km = (ka + kb) / 2;
        let Some(mid) = self.point(grid(km)) else {
            walk.done = true;
            return false;
        };
        self.stride(walk, grid, (ka, a), (km, mid));
        if !walk.done {
            self.stride(walk, grid, (km, mid), (kb, b));
        }
        false
    }
}

/// The window logic over the scan points, in order of intercept time.
struct Walk {
    earliest: f64,
    /// Running maximum of L(T).
    best_launch: f64,
    previous: Option<ScanPoint>,
    window: Option<LaunchWindow>,
    /// The intercept of a launch at `earliest`, once a point reaches it.
    intercept: Option<Intercept>,
    blockers: Reasons,
    /// The window has closed: later points cannot change the answer.
    done: bool,
}

impl Walk {
    fn new(earliest: f64) -> Self {
        Walk {
            earliest,
            best_launch: f64::NEG_INFINITY,
            previous: None,
            window: None,
            intercept: None,
            blockers: Reasons::default(),
            done: false,
        }
    }

    /// Takes the next scan point.
    fn visit(&mut self, ctx: &Context, point: ScanPoint) {
        let earliest = self.earliest;
        self.blockers = self.blockers.union(point.reasons);
        // Only a point that raises the running maximum of L(T) is a first crossing.
        if point.launch > self.best_launch && point.launch >= earliest {
            if self.intercept.is_none() {
                let sample = self.previous.map(|p| (p.t, p.launch));
                self.intercept = Some(ctx.intercept(sample, (point.t, point.launch), earliest));
            }
            let cell = ctx.cell(self.previous, point, self.best_launch.max(earliest));
            match (&mut self.window, cell) {
                (None, Some(c)) => {
                    self.window = Some(ctx.open(&c));
                    self.done = !c.open_end;
                }
                (Some(w), Some(c)) if c.start_launch() <= w.latest_launch_s => {
                    w.latest_launch_s = c.b.launch;
                    w.latest_intercept_s = c.b.t;
                    self.done = !c.open_end;
                }
                // A gap after the window: it has closed.
                (Some(_), _) => self.done = true,
                (None, None) => {}
            }
        }
        self.best_launch = self.best_launch.max(point.launch);
        self.previous = Some(point);
    }

    /// The scan's answer once the points are read; `begin` is the first intercept time.
    fn finish(self, ctx: &Context, begin: f64) -> Scan {
        let reachable = self.intercept.is_some();
        // No launch from `earliest` on meets the target before the deadline: its intercept, if
        // any, comes later.
        let intercept = self.intercept.unwrap_or_else(|| match self.previous {
            Some(p) => ctx.search(
                self.earliest,
                p.t + ctx.config.step_s,
                Some((p.t, p.launch)),
            ),
            None => ctx.search(self.earliest, begin, None),
        });
        if self.window.is_some() {
            return Scan {
                window: self.window,
                blockers: Reasons::default(),
                intercept,
            };
        }
        let mut blockers = self.blockers;
        if !reachable {
            blockers.insert(Infeasible::TooLate);
        }
        Scan {
            window: None,
            blockers,
            intercept,
        }
    }
}
