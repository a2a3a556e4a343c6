//! Fixed-step explicit Runge–Kutta steps shared by the linear harness, the 3-DOF flyout and the
//! flyout table, so every model in the crate integrates with the same, tested code.

use nalgebra::SVector;

/// Explicit fixed-step integration scheme.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Integrator {
    /// Heun's method (second order): the scheme of `reference_values.py`, kept so the linear
    /// harness can reproduce the reference numbers step for step.
    Rk2,
    /// Classical fourth-order Runge–Kutta.
    #[default]
    Rk4,
}

impl Integrator {
    /// Advances `y` at time `t` by one step `h` of `dy/dt = f(t, y)`.
    pub(crate) fn step<const N: usize>(
        self,
        f: impl Fn(f64, &SVector<f64, N>) -> SVector<f64, N>,
        t: f64,
        y: &SVector<f64, N>,
        h: f64,
    ) -> SVector<f64, N> {
        match self {
            Integrator::Rk2 => {
                let k1 = f(t, y);
                let k2 = f(t + h, &(y + k1 * h));
                y + (k1 + k2) * (0.5 * h)
            }
            Integrator::Rk4 => {
                let k1 = f(t, y);
                let k2 = f(t + 0.5 * h, &(y + k1 * (0.5 * h)));
                let k3 = f(t + 0.5 * h, &(y + k2 * (0.5 * h)));
                let k4 = f(t + h, &(y + k3 * h));
                y + (k1 + (k2 + k3) * 2.0 + k4) * (h / 6.0)
            }
        }
    }
}

#[cfg(test)]
mod tests;
