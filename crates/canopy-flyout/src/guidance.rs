//! Guidance laws: 3-D true proportional navigation, the constant-speed predicted intercept point
//! and the lateral-acceleration limiter.

use nalgebra::Vector3;

/// Output of proportional navigation for one relative geometry.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PnCommand {
    /// Commanded acceleration (m/s²), perpendicular to the line of sight.
    pub acceleration: Vector3<f64>,
    /// Closing speed Vc = −dR/dt (m/s); negative once the range opens.
    pub closing_speed: f64,
}

/// True proportional navigation a = N'·Vc·(Ω × û_LOS), with the line-of-sight rate
/// Ω = (R × V)/|R|² and û_LOS = R/|R|.
///
/// `relative_position` is target minus interceptor (R) and `relative_velocity` its derivative
/// (V). The command is perpendicular to the line of sight ("true" PN); the flyout then keeps only
/// its component perpendicular to the velocity, which is what lift can supply. A zero range gives
/// a zero command.
pub fn true_pn(
    relative_position: &Vector3<f64>,
    relative_velocity: &Vector3<f64>,
    nav_ratio: f64,
) -> PnCommand {
    let r2 = relative_position.norm_squared();
    if r2 == 0.0 {
        return PnCommand {
            acceleration: Vector3::zeros(),
            closing_speed: 0.0,
        };
    }
    let r = r2.sqrt();
    let los = relative_position / r;
    let omega = relative_position.cross(relative_velocity) / r2;
    let closing_speed = -relative_position.dot(relative_velocity) / r;
    PnCommand {
        acceleration: omega.cross(&los) * (nav_ratio * closing_speed),
        closing_speed,
    }
}

/// Predicted intercept point of a constant-velocity target for an interceptor flying a straight
/// line at constant `speed` from `interceptor_position`: the earliest t > 0 with
/// |target_position + target_velocity·t − interceptor_position| = speed·t.
///
/// Returns the point and t, or `None` when no such t exists (the target outruns the
/// interceptor) or the inputs are degenerate.
pub fn constant_speed_intercept(
    interceptor_position: &Vector3<f64>,
    speed: f64,
    target_position: &Vector3<f64>,
    target_velocity: &Vector3<f64>,
) -> Option<(Vector3<f64>, f64)> {
    let r = target_position - interceptor_position;
    // (|v_T|² − s²)·t² + 2·(R·v_T)·t + |R|² = 0.
    let a = target_velocity.norm_squared() - speed * speed;
    let b = 2.0 * r.dot(target_velocity);
    let c = r.norm_squared();
    let t = if a.abs() < 1e-12 * (speed * speed).max(1e-300) {
        (b < 0.0).then(|| -c / b)?
    } else {
        let disc = b * b - 4.0 * a * c;
        if disc < 0.0 {
            return None;
        }
        let sq = disc.sqrt();
        // Stable roots: q = −(b + sign(b)·√disc)/2, t₁ = q/a, t₂ = c/q.
        let q = -0.5 * (b + b.signum() * sq);
        let roots = [q / a, if q != 0.0 { c / q } else { f64::NAN }];
        roots
            .into_iter()
            .filter(|t| *t > 0.0 && t.is_finite())
            .reduce(f64::min)?
    };
    (t.is_finite() && t > 0.0).then(|| (target_position + target_velocity * t, t))
}

/// Mid-course heading alignment: a lateral acceleration turning the velocity toward
/// `to_point` at the rate θ/T, where θ is the angle between them and T `time_constant_s`
/// (|a| = |v|·θ/T, perpendicular to v, in the plane of v and `to_point`).
///
/// Unlike PN, whose command N'·Vc·λ̇ vanishes when the round flies across the line of sight
/// (Vc ≈ 0 and λ̇ ≈ v/R small), this turns a vertically launched round over onto the
/// collision course; near the course it behaves like pursuit of a fixed point.
pub fn heading_alignment(
    velocity: &Vector3<f64>,
    to_point: &Vector3<f64>,
    time_constant_s: f64,
) -> Vector3<f64> {
    let speed = velocity.norm();
    let dist = to_point.norm();
    if speed == 0.0 || dist == 0.0 {
        return Vector3::zeros();
    }
    let u = velocity / speed;
    let normal = to_point / dist - u * u.dot(to_point) / dist;
    let sin_theta = normal.norm();
    if sin_theta == 0.0 {
        // Flying straight at the point, or straight away from it (no preferred turn plane).
        return Vector3::zeros();
    }
    let theta = sin_theta.atan2(u.dot(to_point) / dist);
    normal * (speed * theta / (time_constant_s * sin_theta))
}

/// Keeps the part of `command` perpendicular to `velocity_unit` and limits its magnitude to
/// `max_acceleration`, preserving its direction.
pub fn limit_lateral(
    command: &Vector3<f64>,
    velocity_unit: &Vector3<f64>,
    max_acceleration: f64,
) -> Vector3<f64> {
    let lateral = command - velocity_unit * velocity_unit.dot(command);
    let norm = lateral.norm();
    if norm > max_acceleration {
        lateral * (max_acceleration / norm)
    } else {
        lateral
    }
}

#[cfg(test)]
mod tests;
