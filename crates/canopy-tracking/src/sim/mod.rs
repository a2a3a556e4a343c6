//! Planar multi-target scenarios for tests and benchmarks: the model of
//! `shared/bench/tracking/gen_scenario.py` (FORMAT.md, "Scenario model") driven by any
//! `rand` generator.
//!
//! Targets start uniformly in a square, with a uniform speed and heading, and move by the
//! discrete nearly-constant-velocity model with spectral density `q` per axis. Each scan
//! detects each target with probability `pd`, adds `N(0, σ²)` per axis, and adds a Poisson
//! number of clutter points uniform over the region. The draws are not gen_scenario.py's
//! (different generator), only the model is.

#[cfg(test)]
mod tests;

use rand::{Rng, RngExt};

use crate::error::{Result, TrackingError, non_negative, positive};

/// Parameters of a planar scenario (SI units).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PlanarSpec {
    /// Number of targets, all alive for the whole run.
    pub targets: usize,
    /// Number of scans.
    pub scans: usize,
    /// Scan period (s).
    pub period_s: f64,
    /// Detection probability.
    pub pd: f64,
    /// Mean clutter detections per scan.
    pub clutter_per_scan: f64,
    /// Position noise standard deviation per axis (m).
    pub sigma_m: f64,
    /// NCV spectral density (m²/s³).
    pub q: f64,
    /// Speed range (m/s).
    pub speed_mps: (f64, f64),
    /// Half-width of the square surveillance region centred on the origin (m).
    pub half_width_m: f64,
}

impl Default for PlanarSpec {
    /// gen_scenario.py's defaults (10 targets, 100 scans, 100 km square).
    fn default() -> Self {
        Self {
            targets: 10,
            scans: 100,
            period_s: 1.0,
            pd: 0.9,
            clutter_per_scan: 20.0,
            sigma_m: 30.0,
            q: 1.0,
            speed_mps: (50.0, 250.0),
            half_width_m: 50_000.0,
        }
    }
}

impl PlanarSpec {
    /// Clutter density per m² of the region.
    pub fn clutter_density(&self) -> f64 {
        self.clutter_per_scan / (4.0 * self.half_width_m * self.half_width_m)
    }
}

/// One scan of a generated scenario.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct PlanarScan {
    /// Scan time (s).
    pub time_s: f64,
    /// True `[x, y, vx, vy]` of every target, by target index.
    pub truth: Vec<[f64; 4]>,
    /// Detected `[x, y]`, targets and clutter shuffled together.
    pub detections: Vec<[f64; 2]>,
    /// Origin of each detection: the target index, or `-1` for clutter (for scoring).
    pub origins: Vec<i64>,
}

/// A standard normal draw (Box–Muller).
fn normal<R: Rng>(rng: &mut R) -> f64 {
    // 1 − U is in (0, 1], so the logarithm is finite.
    let u1 = 1.0 - rng.random::<f64>();
    let u2 = rng.random::<f64>();
    (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos()
}

/// A Poisson draw: Knuth's product method on chunks of mean at most 16 (a sum of
/// independent Poisson variables is Poisson), so large means neither underflow nor loop
/// long per chunk.
fn poisson<R: Rng>(rng: &mut R, mean: f64) -> usize {
    let mut remaining = mean;
    let mut count = 0;
    while remaining > 0.0 {
        let chunk = remaining.min(16.0);
        remaining -= chunk;
        let limit = (-chunk).exp();
        let mut product = rng.random::<f64>();
        while product > limit {
            count += 1;
            product *= rng.random::<f64>();
        }
    }
    count
}

/// Generates the scans of `spec`.
pub fn planar_scenario<R: Rng>(spec: &PlanarSpec, rng: &mut R) -> Result<Vec<PlanarScan>> {
    positive("scan period", spec.period_s)?;
    positive("measurement sigma", spec.sigma_m)?;
    positive("region half-width", spec.half_width_m)?;
    non_negative("process noise q", spec.q)?;
    non_negative("clutter per scan", spec.clutter_per_scan)?;
    non_negative("minimum speed", spec.speed_mps.0)?;
    if !(spec.pd >= 0.0 && spec.pd <= 1.0) || spec.speed_mps.1 < spec.speed_mps.0 {
        return Err(TrackingError::OutOfRange {
            what: "detection probability or speed range",
            bound: "pd in [0, 1], min speed <= max speed",
            value: spec.pd,
        });
    }
    let (dt, half, q) = (spec.period_s, spec.half_width_m, spec.q);
    let travel = spec.speed_mps.1 * dt * spec.scans.saturating_sub(1) as f64;
    let inner = (half - travel).max(0.1 * half);
    let mut state: Vec<[f64; 4]> = (0..spec.targets)
        .map(|_| {
            let x = rng.random_range(-inner..=inner);
            let y = rng.random_range(-inner..=inner);
            let speed = rng.random_range(spec.speed_mps.0..=spec.speed_mps.1);
            let heading = rng.random_range(0.0..std::f64::consts::TAU);
            [x, y, speed * heading.cos(), speed * heading.sin()]
        })
        .collect();
    // Cholesky factor of q·[[dt³/3, dt²/2], [dt²/2, dt]].
    let l11 = (q * dt * dt * dt / 3.0).sqrt();
    let l21 = if l11 > 0.0 {
        q * dt * dt / 2.0 / l11
    } else {
        0.0
    };
    let l22 = (q * dt - l21 * l21).max(0.0).sqrt();
    let mut scans = Vec::with_capacity(spec.scans);
    for k in 0..spec.scans {
        if k > 0 {
            for s in &mut state {
                for axis in 0..2 {
                    let (w1, w2) = (normal(rng), normal(rng));
                    s[axis] += dt * s[axis + 2] + l11 * w1;
                    s[axis + 2] += l21 * w1 + l22 * w2;
                }
            }
        }
        let mut detections = Vec::new();
        let mut origins = Vec::new();
        for (i, s) in state.iter().enumerate() {
            if rng.random::<f64>() < spec.pd {
                detections.push([
                    s[0] + spec.sigma_m * normal(rng),
                    s[1] + spec.sigma_m * normal(rng),
                ]);
                origins.push(i as i64);
            }
        }
        for _ in 0..poisson(rng, spec.clutter_per_scan) {
            detections.push([rng.random_range(-half..half), rng.random_range(-half..half)]);
            origins.push(-1);
        }
        // Fisher–Yates shuffle, so the tracker cannot learn anything from the order.
        for i in (1..detections.len()).rev() {
            let j = rng.random_range(0..=i);
            detections.swap(i, j);
            origins.swap(i, j);
        }
        scans.push(PlanarScan {
            time_s: k as f64 * dt,
            truth: state.clone(),
            detections,
            origins,
        });
    }
    Ok(scans)
}
