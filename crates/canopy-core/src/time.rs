//! Integer simulation time.

use std::fmt;
use std::ops::{Add, AddAssign, Sub};

/// Simulation time in integer nanoseconds since the scenario start.
///
/// Integer time makes event ordering exact and platform independent: two
/// events scheduled "at the same time" compare equal, which `f64` seconds
/// accumulated over thousands of ticks would not guarantee. `i64` nanoseconds
/// span ±292 years.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SimTime(pub i64);

impl SimTime {
    /// The scenario start.
    pub const ZERO: SimTime = SimTime(0);
    /// Nanoseconds per second.
    pub const NANOS_PER_SEC: i64 = 1_000_000_000;

    /// Whole seconds.
    pub const fn from_secs(s: i64) -> SimTime {
        SimTime(s * Self::NANOS_PER_SEC)
    }

    /// Milliseconds.
    pub const fn from_millis(ms: i64) -> SimTime {
        SimTime(ms * 1_000_000)
    }

    /// Seconds as a float, rounded to the nearest nanosecond. Callers validate
    /// that `s` is finite and within ±292 years first; out-of-range values
    /// saturate rather than wrap.
    pub fn from_secs_f64(s: f64) -> SimTime {
        SimTime((s * Self::NANOS_PER_SEC as f64).round() as i64)
    }

    /// Seconds as a float (for physics, never for ordering).
    pub fn as_secs_f64(self) -> f64 {
        self.0 as f64 / Self::NANOS_PER_SEC as f64
    }

    /// Nanoseconds.
    pub const fn as_nanos(self) -> i64 {
        self.0
    }
}

impl Add for SimTime {
    type Output = SimTime;
    fn add(self, rhs: SimTime) -> SimTime {
        SimTime(self.0 + rhs.0)
    }
}

impl AddAssign for SimTime {
    fn add_assign(&mut self, rhs: SimTime) {
        self.0 += rhs.0;
    }
}

impl Sub for SimTime {
    type Output = SimTime;
    fn sub(self, rhs: SimTime) -> SimTime {
        SimTime(self.0 - rhs.0)
    }
}

impl fmt::Display for SimTime {
    /// Seconds with millisecond precision, as written in output tables.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let ms = self.0.div_euclid(1_000_000);
        let sign = if ms < 0 { "-" } else { "" };
        let ms = ms.abs();
        write!(f, "{sign}{}.{:03}", ms / 1000, ms % 1000)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seconds_round_trip_and_display() {
        let t = SimTime::from_secs_f64(12.3456789);
        assert_eq!(t.as_nanos(), 12_345_678_900);
        assert_eq!(t.to_string(), "12.345");
        assert_eq!((t + SimTime::from_millis(655)).to_string(), "13.000");
        assert_eq!(SimTime::from_secs(-2).to_string(), "-2.000");
        assert!(SimTime::from_secs(1) < SimTime::from_millis(1001));
    }
}
