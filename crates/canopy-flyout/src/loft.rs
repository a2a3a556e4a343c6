//! Lofted mid-course guidance: the law shared by the 3-DOF flyout ([`crate::Interceptor`]) and
//! the lofted flyout table ([`crate::FlyoutTable`]).
//!
//! **Why.** A round flying the straight line to a distant target spends its whole flight in
//! the dense lower air and runs out of speed: the notional 48N6-class round cannot reach
//! 90 km at 10 km altitude that way, while public reporting credits the class with 250 km.
//! Long-range surface-to-air rounds climb first and dive onto the target from the thin upper
//! air. Here the climb comes from proportional navigation toward an aim point raised above the
//! target by [`Loft::rise`] times the ground distance to go; the raise shrinks as the round
//! closes, so the path rises, arcs over and descends. Once the ground distance to go falls
//! below the switch distance, max([`Loft::min_switch_m`], [`Loft::switch_altitude_factor`] ×
//! the target's altitude), the round guides on the target itself for the rest of the flight.
//!
//! **Launch.** A round whose target is beyond the switch distance at launch leaves the rail at
//! least at atan(2·rise) above the horizontal (the initial slope of a parabola whose apex sits
//! `rise` times its half-width above the chord); any round leaves at least
//! [`MIN_LAUNCH_ELEVATION_DEG`] up, so the unguided first half second stays clear of the
//! ground.
//!
//! The law is a notional energy-management rule, not any real round's: the rise and the
//! switch distances are round numbers chosen so the notional airframes reach their public
//! ranges (BENCHMARKS.md and the tests record what they reach).

use crate::error::{FlyoutError, positive, rule};

/// Lowest launch elevation above the horizontal (degrees): a round launched along a lower line
/// of sight would fly its unguided first half second into the ground.
pub const MIN_LAUNCH_ELEVATION_DEG: f64 = 10.0;

/// Lofted mid-course guidance (see the module documentation).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Loft {
    /// Height of the aim point above the target per metre of ground distance to go (> 0,
    /// at most 2).
    pub rise: f64,
    /// Shortest ground distance to go at which the round still lofts (m).
    pub min_switch_m: f64,
    /// The switch distance is at least this many times the target's altitude, so a round
    /// diving on a high target has room to turn onto it.
    pub switch_altitude_factor: f64,
}

impl Loft {
    /// The notional loft of Canopy's long-range rounds at `rise`: switch at max(20 km,
    /// 3 × target altitude).
    pub fn notional(rise: f64) -> Self {
        Loft {
            rise,
            min_switch_m: 20_000.0,
            switch_altitude_factor: 3.0,
        }
    }

    /// Checks every field.
    pub fn validate(&self) -> Result<(), FlyoutError> {
        positive("midcourse.loft.rise", self.rise)?;
        rule("midcourse.loft.rise", self.rise <= 2.0, "must be at most 2")?;
        positive("midcourse.loft.min_switch_m", self.min_switch_m)?;
        positive(
            "midcourse.loft.switch_altitude_factor",
            self.switch_altitude_factor,
        )
        .map(|_| ())
    }

    /// Ground distance to go (m) below which the round guides on the target itself, for a
    /// target at `target_altitude_m`.
    pub fn switch_m(&self, target_altitude_m: f64) -> f64 {
        (self.switch_altitude_factor * target_altitude_m).max(self.min_switch_m)
    }

    /// Height (m) of the aim point above a target at `target_altitude_m` that is
    /// `ground_to_go_m` away along the surface, or `None` once the round should guide on the
    /// target itself.
    pub fn raise_m(&self, ground_to_go_m: f64, target_altitude_m: f64) -> Option<f64> {
        (ground_to_go_m > self.switch_m(target_altitude_m))
            .then(|| self.aim_height_m(ground_to_go_m))
    }

    /// The law itself, without the switch: the aim point's height (m) above the target,
    /// `rise` times the ground distance to go. [`Loft::raise_m`] applies it before the switch;
    /// the lofted table's fast model applies it at every Runge–Kutta stage of a step that
    /// started before the switch.
    pub fn aim_height_m(&self, ground_to_go_m: f64) -> f64 {
        self.rise * ground_to_go_m
    }

    /// Lowest launch elevation (rad) toward a point `ground_m` away along the surface and
    /// `altitude_m` high: atan(2·rise) when the round will loft, 0 otherwise
    /// ([`crate::Midcourse::launch_elevation_rad`] applies it).
    pub fn launch_floor_rad(&self, ground_m: f64, altitude_m: f64) -> f64 {
        if self.raise_m(ground_m, altitude_m).is_some() {
            (2.0 * self.rise).atan()
        } else {
            0.0
        }
    }
}

#[cfg(test)]
mod tests;
