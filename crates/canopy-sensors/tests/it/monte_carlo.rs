//! Monte Carlo proof of the detection formulas: simulate the square-law detector pulse by
//! pulse (complex Gaussian noise plus a target echo with the Swerling RCS fluctuation),
//! count threshold crossings with a fixed ChaCha8 seed, and require the empirical rate to
//! sit inside the 99.99 % binomial interval of the exact Pd.

use std::f64::consts::TAU;

use canopy_sensors::detection::{Detector, Swerling};
use rand::{Rng, RngExt};

use crate::common::{assert_rate, rng};

fn normal<R: Rng + ?Sized>(rng: &mut R) -> f64 {
    // Box–Muller, written out here so the test does not reuse the crate's own sampler.
    let u: f64 = 1.0 - rng.random::<f64>();
    (-2.0 * u.ln()).sqrt() * (TAU * rng.random::<f64>()).cos()
}

/// RCS factor with mean 1: exponential (chi-square 2 d.o.f.) or chi-square 4 d.o.f.,
/// each built from squared Gaussians exactly as the Swerling definitions state.
fn rcs_factor<R: Rng + ?Sized>(rng: &mut R, dof: u32) -> f64 {
    (0..dof).map(|_| normal(rng).powi(2)).sum::<f64>() / f64::from(dof)
}

/// One look: N pulses, unit-power complex noise (each quadrature N(0, ½)), echo power S·x
/// with x redrawn per look (SW1/3) or per pulse (SW2/4), random phase; square-law sum.
fn simulate_look<R: Rng + ?Sized>(rng: &mut R, sw: Swerling, snr: f64, pulses: u32) -> f64 {
    let dof = match sw {
        Swerling::Zero => 0,
        Swerling::One | Swerling::Two => 2,
        Swerling::Three | Swerling::Four => 4,
    };
    let per_pulse = matches!(sw, Swerling::Two | Swerling::Four);
    let draw = |rng: &mut R| if dof == 0 { 1.0 } else { rcs_factor(rng, dof) };
    let mut x = draw(rng);
    (0..pulses)
        .map(|_| {
            if per_pulse {
                x = draw(rng);
            }
            let amplitude = (snr * x).sqrt();
            let phase = TAU * rng.random::<f64>();
            let sd = std::f64::consts::FRAC_1_SQRT_2;
            let re = amplitude * phase.cos() + sd * normal(rng);
            let im = amplitude * phase.sin() + sd * normal(rng);
            re * re + im * im
        })
        .sum()
}

#[test]
fn monte_carlo_detector_matches_exact_pd_all_swerling_cases() {
    // 100 000 looks per case (99.99 % half-width ≈ 0.006), Pfa 1e-3, at the SNR giving an
    // exact Pd of 0.6 and at 3 dB more.
    const TRIALS: u64 = 100_000;
    let mut rng = rng(0x5eed_0001);
    for pulses in [1u32, 4] {
        let d = Detector::new(1e-3, pulses).unwrap();
        for sw in Swerling::ALL {
            let snr = d.required_snr(sw, 0.6).unwrap();
            for s in [snr, 2.0 * snr] {
                let exact = d.pd(sw, s);
                let hits = (0..TRIALS)
                    .filter(|_| simulate_look(&mut rng, sw, s, pulses) > d.threshold())
                    .count() as u64;
                assert_rate(
                    &format!("SW{} N={pulses} S={s:.3}", sw.case()),
                    hits,
                    TRIALS,
                    exact,
                );
            }
        }
    }
}

#[test]
fn monte_carlo_false_alarm_rate_matches_pfa() {
    // Noise only (SNR 0): crossings must occur at Pfa = 1e-2, N = 1, 4, 10; 99.99 % interval.
    const TRIALS: u64 = 100_000;
    let mut rng = rng(0x5eed_0002);
    for pulses in [1u32, 4, 10] {
        let d = Detector::new(1e-2, pulses).unwrap();
        let hits = (0..TRIALS)
            .filter(|_| simulate_look(&mut rng, Swerling::Zero, 0.0, pulses) > d.threshold())
            .count() as u64;
        assert_rate(&format!("false alarms N={pulses}"), hits, TRIALS, 1e-2);
    }
}
