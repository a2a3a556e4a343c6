use super::*;
use nalgebra::Vector1;

/// Integrates y' = y from 0 to 1 and returns the error against e.
fn exp_error(scheme: Integrator, n: usize) -> f64 {
    let h = 1.0 / n as f64;
    let mut y = Vector1::new(1.0);
    for i in 0..n {
        y = scheme.step(|_, y| *y, i as f64 * h, &y, h);
    }
    (y[0] - std::f64::consts::E).abs()
}

#[test]
fn rk2_and_rk4_have_their_orders() {
    // Halving the step must divide the error by ~2^order (within 10 %).
    let r2 = exp_error(Integrator::Rk2, 50) / exp_error(Integrator::Rk2, 100);
    let r4 = exp_error(Integrator::Rk4, 50) / exp_error(Integrator::Rk4, 100);
    assert!((r2 / 4.0 - 1.0).abs() < 0.1, "RK2 ratio {r2}");
    assert!((r4 / 16.0 - 1.0).abs() < 0.1, "RK4 ratio {r4}");
    assert!(exp_error(Integrator::Rk4, 100) < 3e-10);
}

#[test]
fn time_argument_reaches_the_stages() {
    // y' = t integrates exactly to t^2/2 with both schemes (quadrature of a linear function).
    for scheme in [Integrator::Rk2, Integrator::Rk4] {
        let y = scheme.step(|t, _| Vector1::new(t), 1.0, &Vector1::new(0.0), 2.0);
        assert!((y[0] - 4.0).abs() < 1e-12, "{scheme:?}: {}", y[0]);
    }
}
