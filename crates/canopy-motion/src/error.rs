//! The crate's error type.

use thiserror::Error;

/// Why a motion plan was rejected by [`crate::Mover::new`].
#[derive(Debug, Clone, Copy, PartialEq, Error)]
pub enum MotionError {
    /// A route needs a launch point and at least one more waypoint.
    #[error("a route needs at least 2 waypoints (launch and end), got {count}")]
    TooFewWaypoints {
        /// Number of waypoints given.
        count: usize,
    },
    /// A position has a non-finite coordinate or a latitude outside ±90°.
    #[error("{what} has an invalid position ({lat_deg}°, {lon_deg}°, {alt_m} m)")]
    InvalidPosition {
        /// Which point ("waypoint 3", "launch point", "aim point").
        what: &'static str,
        /// Index of the waypoint, when the point is one.
        index: Option<usize>,
        /// Latitude given, degrees.
        lat_deg: f64,
        /// Longitude given, degrees.
        lon_deg: f64,
        /// Altitude given, metres.
        alt_m: f64,
    },
    /// A waypoint speed is non-finite or not positive.
    #[error("waypoint {index} has speed {speed_mps} m/s: speeds must be finite and positive")]
    InvalidSpeed {
        /// Index of the waypoint.
        index: usize,
        /// The speed given.
        speed_mps: f64,
    },
    /// A performance limit (turn rate, climb rate, acceleration) is
    /// non-finite or not positive.
    #[error("{name} is {value}: it must be finite and positive")]
    InvalidLimit {
        /// Which limit.
        name: &'static str,
        /// The value given.
        value: f64,
    },
    /// A terminal manoeuvre has a non-finite or negative parameter.
    #[error("terminal manoeuvre {name} is {value}: it must be finite and {requirement}")]
    InvalidTerminal {
        /// Which parameter.
        name: &'static str,
        /// The value given.
        value: f64,
        /// What it must be ("positive", "non-negative").
        requirement: &'static str,
    },
    /// A ballistic flight-path angle outside (0°, 90°).
    #[error("flight-path angle {deg}° is outside (0°, 90°)")]
    InvalidFlightPathAngle {
        /// The angle given, degrees.
        deg: f64,
    },
    /// The ballistic aim point is (nearly) the launch point or its antipode,
    /// so no unique trajectory plane exists.
    #[error(
        "aim point is {range_m:.1} m from the launch point: a ballistic flight needs 1 m to half the Earth's circumference"
    )]
    AimOutOfRange {
        /// Surface distance between launch and aim (great-circle, mean radius), metres.
        range_m: f64,
    },
    /// No free-flight trajectory with the requested shape lands on the aim
    /// point (it would need orbital speed, come down short of the aim point's
    /// height, or reach the aim point still climbing).
    #[error("no ballistic trajectory with this shape reaches the aim point: {reason}")]
    Unreachable {
        /// Why.
        reason: &'static str,
    },
}
