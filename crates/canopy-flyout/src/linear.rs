//! Zarchan's linearised homing loop (MODELS §7), the standard regression harness for a PN
//! implementation.
//!
//! The relative displacement y perpendicular to the initial line of sight obeys ÿ = n_T − n_L;
//! the line-of-sight angle is λ = y/(Vc·t_go), the guidance command n_c = N'·Vc·λ̇, and the
//! achieved acceleration n_L follows n_c through the flight-control dynamics (zero lag or a
//! single lag τ). A heading error HE starts the loop with ẏ(0) = −V_M·HE (small angles). Units
//! are whatever the caller uses consistently (the textbook cases are in ft and ft/s²). The
//! result is the miss y(t_F) and, optionally, the time history.

use nalgebra::Vector3;

use crate::error::{FlyoutError, finite, positive};
use crate::integrate::Integrator;

/// Flight-control (autopilot + airframe) response of the achieved acceleration.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum FlightControl {
    /// n_L = n_c.
    ZeroLag,
    /// ṅ_L = (n_c − n_L)/τ.
    SingleLag {
        /// Time constant τ (s).
        time_constant_s: f64,
    },
}

/// One linear engagement.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LinearEngagement {
    /// Effective navigation ratio N'.
    pub nav_ratio: f64,
    /// Closing speed Vc (enters λ and λ̇ but cancels from the command).
    pub closing_speed: f64,
    /// Interceptor speed V_M (scales the heading error).
    pub missile_speed: f64,
    /// Flight time t_F (s).
    pub flight_time_s: f64,
    /// Heading error HE (rad).
    pub heading_error_rad: f64,
    /// Step target acceleration n_T, applied from t = 0.
    pub target_accel: f64,
    /// Flight-control dynamics.
    pub flight_control: FlightControl,
    /// Integration step (s); rounded down so a whole number of steps ends exactly at t_F.
    pub step_s: f64,
    /// Integration scheme.
    pub integrator: Integrator,
    /// Keep the per-step history in [`LinearRun::samples`].
    pub record_history: bool,
}

/// Loop state at the start of one integration step.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LinearSample {
    /// Time (s).
    pub t: f64,
    /// Relative displacement y.
    pub y: f64,
    /// Relative velocity ẏ.
    pub y_dot: f64,
    /// Line-of-sight angle λ (rad).
    pub lambda: f64,
    /// Line-of-sight rate λ̇ (rad/s).
    pub lambda_dot: f64,
    /// Guidance command n_c.
    pub n_c: f64,
    /// Achieved acceleration n_L.
    pub n_l: f64,
}

/// Result of [`simulate`].
#[derive(Debug, Clone, PartialEq)]
pub struct LinearRun {
    /// Miss distance y(t_F) (signed, same unit as y).
    pub miss: f64,
    /// Number of integration steps taken.
    pub steps: usize,
    /// History at the start of every step (t < t_F, where λ̇ is finite), if requested.
    pub samples: Vec<LinearSample>,
}

/// Guidance at time-to-go `t_go`: (λ, λ̇, n_c). At t_go = 0 the loop is over and the command is
/// zero; this only reaches the last Runge–Kutta stage, whose slope does not enter y(t_F).
fn guidance(e: &LinearEngagement, t_go: f64, y: f64, y_dot: f64) -> (f64, f64, f64) {
    if t_go <= 0.0 {
        return (0.0, 0.0, 0.0);
    }
    let vc = e.closing_speed;
    let lambda = y / (vc * t_go);
    let lambda_dot = (y + y_dot * t_go) / (vc * t_go * t_go);
    (lambda, lambda_dot, e.nav_ratio * vc * lambda_dot)
}

/// Runs the linear engagement from t = 0 to t_F.
pub fn simulate(e: &LinearEngagement) -> Result<LinearRun, FlyoutError> {
    positive("nav_ratio", e.nav_ratio)?;
    positive("closing_speed", e.closing_speed)?;
    finite("missile_speed", e.missile_speed)?;
    let t_f = positive("flight_time_s", e.flight_time_s)?;
    finite("heading_error_rad", e.heading_error_rad)?;
    finite("target_accel", e.target_accel)?;
    let tau = match e.flight_control {
        FlightControl::ZeroLag => 0.0,
        FlightControl::SingleLag { time_constant_s } => {
            positive("time_constant_s", time_constant_s)?
        }
    };
    let steps = (t_f / positive("step_s", e.step_s)?).ceil();
    // Bounds on the work and on the history's memory (56 bytes per recorded step).
    let max_steps = if e.record_history { 1e7 } else { 1e9 };
    if steps > max_steps {
        return Err(FlyoutError::InvalidParameter {
            name: "step_s",
            reason: format!("{steps} steps is more than {max_steps:e}"),
        });
    }
    let steps = steps as usize;
    let h = t_f / steps as f64;
    // t_go at a stage: a stage time within 1e-9·h of t_F counts as t_F, so the last stage lands
    // on the singular t_go = 0 exactly rather than on a rounding residue.
    let t_go = |t: f64| {
        let left = t_f - t;
        if left <= 1e-9 * h { 0.0 } else { left }
    };
    // State (y, ẏ, n_L); with zero lag n_L is not integrated and equals n_c.
    let f = |t: f64, s: &Vector3<f64>| {
        let (_, _, n_c) = guidance(e, t_go(t), s[0], s[1]);
        if tau > 0.0 {
            Vector3::new(s[1], e.target_accel - s[2], (n_c - s[2]) / tau)
        } else {
            Vector3::new(s[1], e.target_accel - n_c, 0.0)
        }
    };
    let mut state = Vector3::new(0.0, -e.missile_speed * e.heading_error_rad, 0.0);
    let mut samples = Vec::with_capacity(if e.record_history { steps } else { 0 });
    for i in 0..steps {
        let t = i as f64 * h;
        if e.record_history {
            let (lambda, lambda_dot, n_c) = guidance(e, t_go(t), state[0], state[1]);
            let n_l = if tau > 0.0 { state[2] } else { n_c };
            samples.push(LinearSample {
                t,
                y: state[0],
                y_dot: state[1],
                lambda,
                lambda_dot,
                n_c,
                n_l,
            });
        }
        state = e.integrator.step(f, t, &state, h);
    }
    Ok(LinearRun {
        miss: state[0],
        steps,
        samples,
    })
}

#[cfg(test)]
mod tests;
