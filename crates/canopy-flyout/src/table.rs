//! Precomputed nominal flyouts for engagement planning: the C2 predicts an intercept point and
//! time from a table lookup instead of simulating a flight.
//!
//! **Model.** Each table row ("ray") is a flyout along a straight line from the launcher at a
//! fixed elevation above the local horizontal of a spherical Earth, from launch speed, with the
//! same thrust, mass and drag (density at the altitude along the ray) as the 3-DOF flyout and
//! the component of inverse-square gravity along the ray. The lateral component of gravity is
//! assumed cancelled by lift, as the 3-DOF's gravity compensation does, so a round launched
//! toward a collision course flies close to this straight line. Not modelled: the turnover of a
//! vertical launch, and the induced drag of manoeuvring; a C2 can add a fixed turnover delay.
//! Rays are spaced in elevation from 0° to 90°; times in between are interpolated linearly in
//! elevation and in slant range.
//!
//! **Lofted rounds** ([`Midcourse::Loft`]) do not fly along the line of sight, so their rays
//! are built point by point instead: every 2 km of slant range along the ray's elevation a fast
//! planar model flies the lofted round to the point, and the times are resampled into the same
//! samples (`lofted`). A sample then says when and how fast the round reaches that point, not
//! where it is on the way. [`FlyoutTable::launch_direction`] gives the launch that goes with
//! the table (lofted, or the line of sight raised to [`crate::MIN_LAUNCH_ELEVATION_DEG`]).

use nalgebra::{Vector2, Vector3};
use rayon::prelude::*;

use crate::earth::MU_EARTH;
use crate::error::{FlyoutError, finite, positive, rule};
use crate::interceptor::TargetEstimate;
use crate::params::{Airframe, InterceptorParams, Midcourse};
use lofted::LoftedFlight;

mod lofted;

/// How to build a [`FlyoutTable`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FlyoutTableConfig {
    /// Spacing of the rays in elevation (degrees, in (0, 90]).
    pub elevation_step_deg: f64,
    /// Time between tabulated samples along a ray (s).
    pub sample_interval_s: f64,
    /// Launcher altitude above the surface (m).
    pub launch_altitude_m: f64,
}

impl Default for FlyoutTableConfig {
    fn default() -> Self {
        FlyoutTableConfig {
            elevation_step_deg: 5.0,
            sample_interval_s: 0.1,
            launch_altitude_m: 0.0,
        }
    }
}

/// Slant range and speed along one ray at one tabulated time.
#[derive(Debug, Clone, Copy, PartialEq)]
struct RayPoint {
    slant_m: f64,
    speed_mps: f64,
}

/// Interpolated nominal flyout state.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FlyoutSample {
    /// Time since launch (s).
    pub time_s: f64,
    /// Straight-line distance from the launcher (m).
    pub slant_range_m: f64,
    /// Distance along the surface from the launcher (m).
    pub ground_range_m: f64,
    /// Altitude above the surface (m).
    pub altitude_m: f64,
    /// Speed (m/s).
    pub speed_mps: f64,
}

/// Predicted intercept of a constant-velocity target.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct InterceptPrediction {
    /// Time from launch to intercept (s).
    pub time_to_intercept_s: f64,
    /// Simulation time of intercept (s).
    pub intercept_time_s: f64,
    /// ECEF predicted intercept point (m).
    pub point: Vector3<f64>,
    /// The nominal launch direction ([`FlyoutTable::launch_direction`]).
    pub launch_direction: Vector3<f64>,
    /// Slant range to the point (m).
    pub slant_range_m: f64,
    /// Elevation of the point above the launcher's horizontal (rad): the table's elevation.
    pub elevation_rad: f64,
}

/// One ray of the table: its samples every `interval_s`, and an index from slant range to
/// sample so that a lookup reads a handful of samples instead of binary-searching the whole
/// ray (the C2's feasibility scans make thousands of lookups per assessment).
#[derive(Debug, Clone)]
struct Ray {
    points: Vec<RayPoint>,
    /// `within[j]` = number of samples with slant range ≤ j·`bucket_m`, for j = 0..=n with
    /// n·`bucket_m` = the last sample's slant range.
    within: Vec<u32>,
    bucket_m: f64,
}

impl Ray {
    fn new(points: Vec<RayPoint>) -> Self {
        let reach = points.last().map_or(0.0, |p| p.slant_m);
        let n = points.len().max(1);
        let bucket_m = if reach > 0.0 { reach / n as f64 } else { 1.0 };
        let within = (0..=n)
            .map(|j| {
                let edge = j as f64 * bucket_m;
                points.partition_point(|p| p.slant_m <= edge) as u32
            })
            .collect();
        Ray {
            points,
            within,
            bucket_m,
        }
    }

    /// Number of samples with slant range ≤ `slant_m` (slant ranges increase along a ray):
    /// the same count as a binary search over the whole ray.
    fn count_within(&self, slant_m: f64) -> usize {
        if slant_m.is_nan() || slant_m < 0.0 {
            return self.points.partition_point(|p| p.slant_m <= slant_m);
        }
        let last = self.within.len() - 1;
        let j = (slant_m / self.bucket_m).min(last as f64) as usize;
        // One bucket of slack on each side absorbs the rounding of slant_m / bucket_m.
        let lo = self.within[j.saturating_sub(1)] as usize;
        let hi = if j + 2 <= last {
            self.within[j + 2] as usize
        } else {
            self.points.len()
        };
        lo + self.points[lo..hi].partition_point(|p| p.slant_m <= slant_m)
    }
}

/// Bounds on the partial derivatives of the nominal time to reach a point,
/// [`FlyoutTable::time_to_reach_slant`], over a region of slant ranges and elevations
/// ([`FlyoutTable::time_slopes`]).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TimeSlopes {
    /// Smallest ∂T/∂slant (s/m): the inverse of the fastest nominal speed.
    pub min_along_s_per_m: f64,
    /// Largest ∂T/∂slant (s/m): the inverse of the slowest nominal speed.
    pub max_along_s_per_m: f64,
    /// Largest |∂T/∂elevation| (s/rad).
    pub max_across_s_per_rad: f64,
}

/// [`TimeSlopes`] per pair of adjacent rays and band of slant range, so that a caller can
/// bound how fast the time to reach a moving point changes without looking it up everywhere.
#[derive(Debug, Clone, Default)]
struct Slopes {
    band_m: f64,
    bands: usize,
    /// Indexed by pair × `bands` + band.
    cells: Vec<TimeSlopes>,
}

impl Slopes {
    /// Index of the band holding `slant_m` (clamped to the table).
    fn band(&self, slant_m: f64) -> usize {
        ((slant_m / self.band_m).max(0.0) as usize).min(self.bands - 1)
    }

    fn cell(&mut self, pair: usize, band: usize) -> &mut TimeSlopes {
        &mut self.cells[pair * self.bands + band]
    }
}

/// Nominal flyouts tabulated against time for a fan of launch elevations.
#[derive(Debug, Clone)]
pub struct FlyoutTable {
    elevations_rad: Vec<f64>,
    rays: Vec<Ray>,
    interval_s: f64,
    earth_radius_m: f64,
    launch_radius_m: f64,
    earth: crate::earth::EarthModel,
    /// The round's mid-course guidance, which sets its launch (see [`Self::launch_direction`]).
    midcourse: Midcourse,
    slopes: Slopes,
}

impl FlyoutTable {
    /// Flies the nominal rays for `params` (each until the time of flight ends or the speed
    /// reaches zero).
    pub fn build(
        params: &InterceptorParams,
        config: FlyoutTableConfig,
    ) -> Result<Self, FlyoutError> {
        params.validate()?;
        let step_deg = positive("elevation_step_deg", config.elevation_step_deg)?;
        rule("elevation_step_deg", step_deg <= 90.0, "must be at most 90")?;
        let interval_s = positive("sample_interval_s", config.sample_interval_s)?;
        let earth_radius_m = params.environment.earth.mean_radius_m();
        let launch_altitude_m = finite("launch_altitude_m", config.launch_altitude_m)?;
        rule(
            "launch_altitude_m",
            launch_altitude_m > -0.5 * earth_radius_m,
            "is below the Earth's centre",
        )?;
        let launch_radius_m = earth_radius_m + launch_altitude_m;
        let airframe = Airframe::new(params);

        let n_rays = (90.0 / step_deg - 1e-9).ceil() as usize + 1;
        let elevations_rad: Vec<f64> = (0..n_rays)
            .map(|k| (k as f64 * step_deg).min(90.0).to_radians())
            .collect();
        let n_samples = (params.max_time_of_flight_s / interval_s).floor();
        rule(
            "sample_interval_s",
            n_samples <= 1e6,
            "gives more than 1e6 samples per ray over the time of flight",
        )?;
        let n_samples = n_samples as usize;
        // The rays are independent flights, so they are flown in parallel (on the caller's
        // rayon pool: a batch's `--threads`); collected in order, the table is the same.
        // A batch builds its tables once, before any run, so this is its serial part.
        let rays = match params.midcourse {
            Midcourse::Loft(loft) => {
                let flight =
                    LoftedFlight::new(&airframe, loft, params, earth_radius_m, launch_radius_m);
                elevations_rad
                    .par_iter()
                    .map(|&gamma| Ray::new(flight.ray(gamma, interval_s)))
                    .collect()
            }
            _ => elevations_rad
                .par_iter()
                .map(|&gamma| {
                    Ray::new(straight_ray(
                        &airframe,
                        params,
                        gamma,
                        (earth_radius_m, launch_radius_m),
                        (interval_s, n_samples),
                    ))
                })
                .collect(),
        };
        let mut table = FlyoutTable {
            elevations_rad,
            rays,
            interval_s,
            earth_radius_m,
            launch_radius_m,
            earth: params.environment.earth,
            midcourse: params.midcourse,
            slopes: Slopes::default(),
        };
        table.slopes = table.measure_slopes();
        Ok(table)
    }

    /// Reach of ray `k`: slant ranges from it on are out of its time of flight.
    fn ray_reach(&self, k: usize) -> f64 {
        self.rays[k].points.last().map_or(0.0, |p| p.slant_m)
    }

    /// The slope bounds of the built table, in bands of about 1 km (at most 1024 bands).
    /// T(s, e) interpolates linearly between samples along a ray and between rays, so its
    /// slopes are extreme at the samples: ∂T/∂s lies between the slopes of the two rays'
    /// segments (a segment's interval / its length), and ∂T/∂e is the difference of the two
    /// rays' times (piecewise linear in s) over their spacing, extreme at either ray's samples
    /// or at a band edge.
    fn measure_slopes(&self) -> Slopes {
        let reach = (0..self.rays.len())
            .map(|k| self.ray_reach(k))
            .fold(0.0, f64::max);
        let bands = ((reach / 1000.0).ceil() as usize).clamp(1, 1024);
        let pairs = self.rays.len() - 1;
        let mut slopes = Slopes {
            band_m: if reach > 0.0 {
                reach / bands as f64
            } else {
                1.0
            },
            bands,
            cells: vec![
                TimeSlopes {
                    min_along_s_per_m: f64::INFINITY,
                    max_along_s_per_m: 0.0,
                    max_across_s_per_rad: 0.0,
                };
                pairs * bands
            ],
        };
        for k in 0..pairs {
            for ray in &self.rays[k..=k + 1] {
                for w in ray.points.windows(2) {
                    let slope = self.interval_s / (w[1].slant_m - w[0].slant_m);
                    for j in slopes.band(w[0].slant_m)..=slopes.band(w[1].slant_m) {
                        let c = slopes.cell(k, j);
                        c.min_along_s_per_m = c.min_along_s_per_m.min(slope);
                        c.max_along_s_per_m = c.max_along_s_per_m.max(slope);
                    }
                }
            }
            let spacing = self.elevations_rad[k + 1] - self.elevations_rad[k];
            let reach = self.ray_reach(k).min(self.ray_reach(k + 1));
            let rate = |s: f64| match (self.ray_time(k, s), self.ray_time(k + 1, s)) {
                (Some(a), Some(b)) => (b - a).abs() / spacing,
                _ => 0.0,
            };
            let samples = self.rays[k]
                .points
                .iter()
                .chain(&self.rays[k + 1].points)
                .map(|p| p.slant_m)
                .chain(std::iter::once(reach.next_down()))
                .filter(|&s| s < reach)
                .map(|s| (slopes.band(s), slopes.band(s), rate(s)));
            // Band edges belong to the bands on both sides.
            let edges = (1..bands)
                .map(|j| (j, j as f64 * slopes.band_m))
                .filter(|&(_, edge)| edge < reach)
                .map(|(j, edge)| (j - 1, j, rate(edge)));
            let found: Vec<(usize, usize, f64)> = samples.chain(edges).collect();
            for (first, last, r) in found {
                for j in first..=last {
                    let c = slopes.cell(k, j);
                    c.max_across_s_per_rad = c.max_across_s_per_rad.max(r);
                }
            }
        }
        for c in &mut slopes.cells {
            // A band no segment reaches: no lower bound.
            if c.min_along_s_per_m == f64::INFINITY {
                c.min_along_s_per_m = 0.0;
            }
        }
        slopes
    }

    /// Bounds on how fast [`Self::time_to_reach_slant`] changes over slant ranges between
    /// `lo_m` and `hi_m` and elevations between `lo_rad` and `hi_rad`, where it is defined.
    pub fn time_slopes(&self, lo_m: f64, hi_m: f64, lo_rad: f64, hi_rad: f64) -> TimeSlopes {
        let s = &self.slopes;
        let (first, _) = self.bracket(lo_rad);
        let (last, _) = self.bracket(hi_rad.max(lo_rad));
        let bands = s.band(lo_m)..=s.band(hi_m.max(lo_m));
        let mut out = TimeSlopes {
            min_along_s_per_m: f64::INFINITY,
            max_along_s_per_m: 0.0,
            max_across_s_per_rad: 0.0,
        };
        for k in first..=last {
            for c in &s.cells[k * s.bands + bands.start()..=k * s.bands + bands.end()] {
                out.min_along_s_per_m = out.min_along_s_per_m.min(c.min_along_s_per_m);
                out.max_along_s_per_m = out.max_along_s_per_m.max(c.max_along_s_per_m);
                out.max_across_s_per_rad = out.max_across_s_per_rad.max(c.max_across_s_per_rad);
            }
        }
        out
    }

    /// The smallest and largest reach over elevations between `lo_rad` and `hi_rad`:
    /// [`Self::time_to_reach_slant`] is `Some` at every such elevation for slant ranges below the
    /// first, and `None` at every one from the second on. (At an elevation bracketed by rays k
    /// and k + 1 the reach is the shorter of theirs.)
    pub fn reach_between(&self, lo_rad: f64, hi_rad: f64) -> (f64, f64) {
        let (first, _) = self.bracket(lo_rad);
        let (last, _) = self.bracket(hi_rad.max(lo_rad));
        (first..=last)
            .map(|k| self.ray_reach(k).min(self.ray_reach(k + 1)))
            .fold((f64::INFINITY, 0.0), |(lo, hi), r| (lo.min(r), hi.max(r)))
    }

    /// Brackets `elevation_rad` (clamped to [0, π/2]) between two rays: (lower index, weight of
    /// the upper one).
    fn bracket(&self, elevation_rad: f64) -> (usize, f64) {
        let e = elevation_rad.clamp(0.0, std::f64::consts::FRAC_PI_2);
        let rays = &self.elevations_rad;
        let last = rays.len() - 1;
        // The rays are evenly spaced (the last one possibly closer): start from the quotient,
        // then step to the count of rays at or below e, as a binary search would give it.
        let mut count = ((e / rays[1]) as usize + 1).min(rays.len());
        while count < rays.len() && rays[count] <= e {
            count += 1;
        }
        while count > 0 && rays[count - 1] > e {
            count -= 1;
        }
        let k = count.clamp(1, last) - 1;
        let (lo, hi) = (self.elevations_rad[k], self.elevations_rad[k + 1]);
        (k, ((e - lo) / (hi - lo)).clamp(0.0, 1.0))
    }

    /// Time for ray `k` to reach slant range `slant_m`, or `None` beyond its reach.
    fn ray_time(&self, k: usize, slant_m: f64) -> Option<f64> {
        let ray = &self.rays[k].points;
        let i = self.rays[k].count_within(slant_m);
        if i == 0 {
            return Some(0.0);
        }
        let (a, b) = (ray[i - 1], *ray.get(i)?);
        let frac = (slant_m - a.slant_m) / (b.slant_m - a.slant_m);
        Some(((i - 1) as f64 + frac) * self.interval_s)
    }

    /// The longest tabulated flight (s): no point takes longer to reach.
    pub fn max_time_of_flight_s(&self) -> f64 {
        let longest = self.rays.iter().map(|r| r.points.len()).max().unwrap_or(1);
        (longest - 1) as f64 * self.interval_s
    }

    /// Nominal time (s) to fly `slant_range_m` along elevation `elevation_rad` (clamped to
    /// [0, π/2]), or `None` if the round cannot get that far within its time of flight.
    pub fn time_to_reach_slant(&self, slant_range_m: f64, elevation_rad: f64) -> Option<f64> {
        if !(slant_range_m.is_finite() && elevation_rad.is_finite()) {
            return None;
        }
        let (k, w) = self.bracket(elevation_rad);
        let lo = self.ray_time(k, slant_range_m)?;
        let hi = self.ray_time(k + 1, slant_range_m)?;
        Some(lo + w * (hi - lo))
    }

    /// Nominal time (s) to reach a point at `ground_range_m` along the surface and `altitude_m`
    /// above it (spherical Earth), or `None` if it is out of reach.
    pub fn time_to_reach(&self, ground_range_m: f64, altitude_m: f64) -> Option<f64> {
        let theta = ground_range_m / self.earth_radius_m;
        let radius = self.earth_radius_m + altitude_m;
        let x = radius * theta.sin();
        let y = radius * theta.cos() - self.launch_radius_m;
        self.time_to_reach_slant(x.hypot(y), y.atan2(x))
    }

    /// Nominal flyout state at `time_s` after launch along elevation `elevation_rad`, or `None`
    /// past the end of either bracketing ray.
    pub fn sample(&self, elevation_rad: f64, time_s: f64) -> Option<FlyoutSample> {
        if !(elevation_rad.is_finite() && time_s >= 0.0) {
            return None;
        }
        let (k, w) = self.bracket(elevation_rad);
        let i = (time_s / self.interval_s).floor() as usize;
        let frac = time_s / self.interval_s - i as f64;
        let at = |ray: &[RayPoint]| -> Option<RayPoint> {
            let a = ray.get(i)?;
            let b = if frac > 0.0 { ray.get(i + 1)? } else { a };
            Some(RayPoint {
                slant_m: a.slant_m + frac * (b.slant_m - a.slant_m),
                speed_mps: a.speed_mps + frac * (b.speed_mps - a.speed_mps),
            })
        };
        let (lo, hi) = (at(&self.rays[k].points)?, at(&self.rays[k + 1].points)?);
        let slant = lo.slant_m + w * (hi.slant_m - lo.slant_m);
        let gamma = elevation_rad.clamp(0.0, std::f64::consts::FRAC_PI_2);
        let p = Vector2::new(
            slant * gamma.cos(),
            self.launch_radius_m + slant * gamma.sin(),
        );
        Some(FlyoutSample {
            time_s,
            slant_range_m: slant,
            ground_range_m: self.earth_radius_m * p.x.atan2(p.y),
            altitude_m: p.norm() - self.earth_radius_m,
            speed_mps: lo.speed_mps + w * (hi.speed_mps - lo.speed_mps),
        })
    }

    /// Nominal time for the round launched from the ECEF point `launcher` to reach the ECEF point
    /// `point`, with the elevation measured from the launcher's local vertical.
    fn time_to_point(
        &self,
        launcher: &Vector3<f64>,
        up: &Vector3<f64>,
        point: &Vector3<f64>,
    ) -> Option<f64> {
        let rel = point - launcher;
        let slant = rel.norm();
        if slant == 0.0 {
            return Some(0.0);
        }
        self.time_to_reach_slant(slant, (rel.dot(up) / slant).clamp(-1.0, 1.0).asin())
    }

    /// Predicted intercept of a constant-velocity target by a round launched from the ECEF point
    /// `launcher` at simulation time `launch_time_s`: the earliest time t after launch at which
    /// the nominal flyout reaches the target's extrapolated position, found by scanning
    /// f(t) = T(target(t)) − t in steps of 5 table intervals for the first sign change and
    /// bisecting it to 1e-4 s. `None` if the target is never reachable within the time of
    /// flight.
    pub fn predict_intercept(
        &self,
        launcher: &Vector3<f64>,
        target: &TargetEstimate,
        launch_time_s: f64,
    ) -> Option<InterceptPrediction> {
        if !(launcher.iter().all(|c| c.is_finite()) && launch_time_s.is_finite()) {
            return None;
        }
        let up = self.earth.up(launcher);
        let point_at = |t: f64| target.position_at(launch_time_s + t);
        // Unreachable points count as "still too far" so the search moves on.
        let gap = |t: f64| {
            self.time_to_point(launcher, &up, &point_at(t))
                .map_or(f64::INFINITY, |tr| tr - t)
        };
        let scan = 5.0 * self.interval_s;
        let max_t = self.max_time_of_flight_s();
        let mut lo = 0.0;
        let mut hi = None;
        if gap(0.0) <= 0.0 {
            hi = Some(0.0);
        }
        while hi.is_none() && lo < max_t {
            let t = (lo + scan).min(max_t);
            if gap(t) <= 0.0 {
                hi = Some(t);
            } else {
                lo = t;
            }
        }
        let mut hi = hi?;
        while hi - lo > 1e-4 {
            let mid = 0.5 * (lo + hi);
            if gap(mid) <= 0.0 {
                hi = mid;
            } else {
                lo = mid;
            }
        }
        let point = point_at(hi);
        let rel = point - launcher;
        let slant = rel.norm();
        Some(InterceptPrediction {
            time_to_intercept_s: hi,
            intercept_time_s: launch_time_s + hi,
            point,
            launch_direction: self.launch_direction(launcher, &point),
            slant_range_m: slant,
            elevation_rad: (rel.dot(&up) / slant).clamp(-1.0, 1.0).asin(),
        })
    }

    /// Direction (ECEF unit vector) in which a round from the ECEF point `launcher` leaves the
    /// rail toward the planned intercept point `point`: in the vertical plane through both, at
    /// [`Midcourse::launch_elevation_rad`] (lofted, or the line of sight raised to at
    /// least [`crate::MIN_LAUNCH_ELEVATION_DEG`]); straight up when the point is overhead.
    pub fn launch_direction(&self, launcher: &Vector3<f64>, point: &Vector3<f64>) -> Vector3<f64> {
        let up = self.earth.up(launcher);
        let rel = point - launcher;
        let across = rel - up * rel.dot(&up);
        let Some(horizontal) = across.try_normalize(1e-9 * rel.norm()) else {
            return up;
        };
        let los = rel.dot(&up).atan2(across.norm());
        let ground = self.earth.ground_distance_m(launcher, point);
        let el = self
            .midcourse
            .launch_elevation_rad(los, ground, self.earth.altitude(point));
        horizontal * el.cos() + up * el.sin()
    }
}

/// A straight ray at elevation `gamma` (see the module documentation), sampled every
/// `interval_s` for at most `n_samples` samples after launch.
fn straight_ray(
    airframe: &Airframe,
    params: &InterceptorParams,
    gamma: f64,
    (earth_radius_m, launch_radius_m): (f64, f64),
    (interval_s, n_samples): (f64, usize),
) -> Vec<RayPoint> {
    let substeps = (interval_s / params.integration_step_s * (1.0 - 1e-12))
        .ceil()
        .max(1.0);
    let h = interval_s / substeps;
    let (sin_g, cos_g) = gamma.sin_cos();
    // State (s, v) along the ray; P(s) = (s·cosγ, R_L + s·sinγ) from the Earth's centre.
    let f = |t: f64, y: &Vector2<f64>| {
        let (s, v) = (y[0], y[1]);
        let p = Vector2::new(s * cos_g, launch_radius_m + s * sin_g);
        let r = p.norm();
        let along_gravity = -MU_EARTH * (s + launch_radius_m * sin_g) / (r * r * r);
        Vector2::new(
            v,
            airframe.axial_acceleration(t, v, r - earth_radius_m) + along_gravity,
        )
    };
    let mut y = Vector2::new(0.0, params.launch_speed_mps);
    let mut points = vec![RayPoint {
        slant_m: 0.0,
        speed_mps: y[1],
    }];
    for i in 0..n_samples {
        for j in 0..substeps as usize {
            y = airframe.integrate(f, i as f64 * interval_s + j as f64 * h, y, h);
        }
        // Stalled (or non-finite): the ray ends, so slant range stays increasing.
        if y[1] <= 0.0 || y[1].is_nan() {
            break;
        }
        points.push(RayPoint {
            slant_m: y[0],
            speed_mps: y[1],
        });
    }
    points
}

#[cfg(test)]
mod tests;
