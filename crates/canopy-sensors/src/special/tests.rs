//! Unit tests of the special functions against independent finite sums.

use super::{gamma_pq, inverse_gamma_q, ln_gamma, ln_gamma_p, poisson_term};

/// Q(n, x) for integer n by the finite Erlang sum e^(−x)·Σ_{k<n} x^k/k!, in logs.
fn erlang_tail(n: u32, x: f64) -> f64 {
    let mut ln_fact = 0.0;
    (0..n)
        .map(|k| {
            if k > 0 {
                ln_fact += f64::from(k).ln();
            }
            (-x + f64::from(k) * x.ln() - ln_fact).exp()
        })
        .sum()
}

#[test]
fn ln_gamma_matches_log_factorials() {
    let mut ln_fact = 0.0;
    for n in 1..=200u32 {
        // Γ(n) = (n−1)!; relative error of the Lanczos form is ~1e-15.
        let got = ln_gamma(f64::from(n));
        assert!(
            (got - ln_fact).abs() <= 1e-13 * ln_fact.max(1.0),
            "n = {n}: {got} vs {ln_fact}"
        );
        ln_fact += f64::from(n).ln();
    }
    // Γ(1/2) = √π.
    assert!((ln_gamma(0.5) - std::f64::consts::PI.sqrt().ln()).abs() < 1e-14);
}

#[test]
fn incomplete_gamma_matches_erlang_sums() {
    for n in [1u32, 2, 3, 5, 10, 30, 100, 400] {
        for x in [0.01, 0.5, 1.0, 5.0, 13.8, 30.0, 99.0, 120.0, 400.0, 500.0] {
            let (p, q) = gamma_pq(f64::from(n), x);
            let want = erlang_tail(n, x);
            // The prefactor e^(−x)·x^a/Γ(a+1) is formed from terms of size ~a + x in the exponent,
            // so relative accuracy is ~eps·(a + x): allow 1e-14·(a + x + 10).
            let tol = 1e-14 * (f64::from(n) + x + 10.0);
            assert!(
                (q - want).abs() <= tol * want + 1e-300,
                "Q({n}, {x}) = {q} vs {want}"
            );
            assert!((p + q - 1.0).abs() < 1e-15);
            if p > 1e-300 {
                let lp = ln_gamma_p(f64::from(n), x);
                assert!(
                    (lp - p.ln()).abs() <= tol * p.ln().abs().max(1.0),
                    "ln P({n}, {x})"
                );
            }
        }
    }
}

#[test]
fn ln_gamma_p_survives_underflow() {
    // P(200, 1e-3) ≈ 10^(−975) underflows f64, its logarithm must not.
    let a = 200.0;
    let x: f64 = 1e-3;
    let want = -x + a * x.ln() - ln_gamma(a + 1.0) + (x / (a + 1.0)).ln_1p();
    assert!((ln_gamma_p(a, x) - want).abs() < 1e-9);
}

#[test]
fn poisson_term_is_the_gamma_step() {
    for (a, x) in [(1.0, 2.0), (10.0, 13.0), (60.0, 40.0)] {
        let step = gamma_pq(a + 1.0, x).1 - gamma_pq(a, x).1;
        assert!(
            (poisson_term(a, x) - step).abs() < 1e-14,
            "a = {a}, x = {x}"
        );
    }
    assert_eq!(poisson_term(0.0, 0.0), 1.0);
    assert_eq!(poisson_term(3.0, 0.0), 0.0);
}

#[test]
fn threshold_inverts_the_upper_gamma() {
    for n in [1.0, 2.0, 4.0, 10.0, 64.0, 1000.0] {
        for pfa in [0.5, 1e-2, 1e-6, 1e-10] {
            let t = inverse_gamma_q(n, pfa);
            let q = gamma_pq(n, t).1;
            assert!(
                (q / pfa - 1.0).abs() < 1e-10,
                "N = {n}, Pfa = {pfa}: Q(T) = {q}"
            );
        }
    }
}
