use super::special::{beta_inc, beta_quantile, ln_gamma};
use super::*;
use proptest::prelude::*;

fn close(a: f64, b: f64, rel: f64) -> bool {
    (a - b).abs() <= rel * b.abs().max(1e-300)
}

/// Clopper–Pearson bounds against SciPy 1.17.1
/// (`scipy.stats.beta.ppf(0.025, k, n−k+1)`, `beta.ppf(0.975, k+1, n−k)`);
/// (7, 10) is also R's `binom.test(7, 10)$conf.int` = 0.3475471, 0.9332605.
/// Tolerance 1e-9 relative (the bisection stops at ~1e-15).
#[test]
fn val_scipy_clopper_pearson_bounds() {
    let cases: [(u64, u64, f64, f64); 7] = [
        (7, 10, 0.3475471499400027, 0.9332604888222655),
        (0, 10, 0.0, 0.3084971078187607),
        (10, 10, 0.6915028921812392, 1.0),
        (1, 1000, 2.531748749129404e-05, 0.005558924279826672),
        (450, 500, 0.8702909143377969, 0.9248641849335745),
        (27, 270_000, 6.59016317006437e-05, 0.00014549144014521523),
        (135_000, 270_000, 0.49811218039902966, 0.5018878196009704),
    ];
    for (k, n, lo, hi) in cases {
        let i = clopper_pearson(k, n, 0.95);
        assert!(close(i.lo, lo, 1e-9), "({k}, {n}) lo {} vs {lo}", i.lo);
        assert!(close(i.hi, hi, 1e-9), "({k}, {n}) hi {} vs {hi}", i.hi);
    }
}

/// The closed forms at the edges: k = 0 gives hi = 1 − (α/2)^(1/n), k = n
/// gives lo = (α/2)^(1/n) (Clopper & Pearson 1934), to 1e-12.
#[test]
fn clopper_pearson_edges_match_closed_forms() {
    for n in [1_u64, 2, 5, 30, 1000] {
        let hi = 1.0 - 0.025_f64.powf(1.0 / n as f64);
        let i = clopper_pearson(0, n, 0.95);
        assert_eq!(i.lo, 0.0);
        assert!(close(i.hi, hi, 1e-12), "n {n}: {} vs {hi}", i.hi);
        let i = clopper_pearson(n, n, 0.95);
        assert_eq!(i.hi, 1.0);
        assert!(close(i.lo, 1.0 - hi, 1e-12), "n {n}: {}", i.lo);
    }
}

/// Wilson interval for 7/10 against SciPy 1.17.1
/// `binomtest(7, 10).proportion_ci(method='wilson')`, to 1e-9.
#[test]
fn val_scipy_wilson_interval() {
    let i = wilson(7, 10, 0.95);
    assert!(close(i.lo, 0.39677814746114526, 1e-9), "{}", i.lo);
    assert!(close(i.hi, 0.892208732593699, 1e-9), "{}", i.hi);
}

/// Student t quantiles t₀.₉₇₅ against SciPy 1.17.1 `t.ppf(0.975, ν)`
/// (the textbook table: 12.706, 4.303, 2.262, 2.045), to 1e-9.
#[test]
fn val_scipy_student_t_quantiles() {
    for (dof, t) in [
        (1.0, 12.706204736174694),
        (2.0, 4.302652729749462),
        (9.0, 2.262157162798205),
        (29.0, 2.045229642132703),
        (999.0, 1.9623414611334493),
    ] {
        let q = student_t_quantile(0.975, dof);
        assert!(close(q, t, 1e-9), "ν {dof}: {q} vs {t}");
        assert!(close(student_t_quantile(0.025, dof), -t, 1e-9));
    }
    assert_eq!(student_t_quantile(0.5, 4.0), 0.0);
}

/// The special functions against SciPy 1.17.1 `betainc(2.5, 0.5, 0.3)` and
/// Python's `math.lgamma(10.5)`, to 1e-12.
#[test]
fn special_functions_match_scipy() {
    assert!(close(beta_inc(0.3, 2.5, 0.5), 0.018927124071945658, 1e-12));
    assert!(close(ln_gamma(10.5), 13.940625219403763, 1e-12));
    assert_eq!(beta_inc(0.0, 2.0, 3.0), 0.0);
    assert_eq!(beta_inc(1.0, 2.0, 3.0), 1.0);
    // I_x(1, 1) = x: the quantile is the identity.
    assert!(close(beta_quantile(0.37, 1.0, 1.0), 0.37, 1e-13));
}

proptest! {
    /// I_x(a, b) + I_{1−x}(b, a) = 1 and the quantile inverts it.
    #[test]
    fn incomplete_beta_symmetry_and_inverse(
        x in 0.001f64..0.999, a in 0.5f64..200.0, b in 0.5f64..200.0
    ) {
        let s = beta_inc(x, a, b) + beta_inc(1.0 - x, b, a);
        prop_assert!((s - 1.0).abs() < 1e-10, "{s}");
        let p = beta_inc(x, a, b);
        if p > 1e-12 && p < 1.0 - 1e-12 {
            let back = beta_quantile(p, a, b);
            prop_assert!((beta_inc(back, a, b) - p).abs() < 1e-10 * p.max(1e-3));
        }
    }

    /// Clopper–Pearson contains the point estimate, its bounds grow with
    /// the successes, and it is at least as wide as Wilson's away from the
    /// edges (at k = 0 or n Wilson's is marginally wider).
    #[test]
    fn clopper_pearson_is_monotone_and_conservative(n in 2u64..2000, frac in 0.0f64..1.0) {
        let k = ((n as f64) * frac).floor() as u64;
        let cp = clopper_pearson(k, n, 0.95);
        let p = k as f64 / n as f64;
        prop_assert!(cp.lo <= p && p <= cp.hi);
        if k < n {
            let next = clopper_pearson(k + 1, n, 0.95);
            prop_assert!(next.lo > cp.lo && next.hi > cp.hi);
        }
        if k > 0 && k < n {
            let w = wilson(k, n, 0.95);
            prop_assert!(cp.hi - cp.lo >= w.hi - w.lo - 1e-12);
        }
    }
}

#[test]
fn proportion_without_trials_has_no_estimate() {
    let p = Proportion::new(0, 0);
    assert_eq!(
        (p.estimate, p.wilson, p.clopper_pearson),
        (None, None, None)
    );
    let p = Proportion::new(3, 4);
    assert_eq!(p.estimate, Some(0.75));
    assert!(p.wilson.is_some() && p.clopper_pearson.is_some());
}

/// Mean of 1..=5: 3, sd √2.5; t interval 3 ± 2.7764451·√2.5/√5 (t₀.₉₇₅,₄ =
/// 2.7764451051977987, SciPy), normal 3 ± 1.959963985·√0.5; to 1e-9.
#[test]
fn mean_intervals_by_hand() {
    let m = Mean::of(&[1.0, 2.0, 3.0, 4.0, 5.0]);
    assert_eq!(m.n, 5);
    assert_eq!(m.mean, Some(3.0));
    assert!(close(m.sd.unwrap(), 2.5f64.sqrt(), 1e-12));
    let half = 2.7764451051977987 * 0.5f64.sqrt();
    let t = m.t.unwrap();
    assert!(
        close(t.lo, 3.0 - half, 1e-9) && close(t.hi, 3.0 + half, 1e-9),
        "{t:?}"
    );
    let n = m.normal.unwrap();
    assert!(close(n.hi - 3.0, 1.959963984540054 * 0.5f64.sqrt(), 1e-9));
    assert_eq!(Mean::of(&[]).mean, None);
    let one = Mean::of(&[4.0]);
    assert_eq!((one.mean, one.sd, one.t), (Some(4.0), None, None));
}

/// Ratio of totals by hand: y = (2, 4, 6), x = (1, 2, 2): R = 12/5 = 2.4;
/// residuals yᵢ − R·xᵢ = (−0.4, −0.8, 1.2), Σ² = 2.24, s² = 1.12, x̄ = 5/3,
/// se = √(1.12/3)/(5/3); half-width t₀.₉₇₅,₂·se; to 1e-9.
#[test]
fn ratio_delta_method_by_hand() {
    let r = Ratio::of(&[(2.0, 1.0), (4.0, 2.0), (6.0, 2.0)]);
    assert_eq!(r.estimate, Some(2.4));
    assert_eq!((r.numerator, r.denominator), (12.0, 5.0));
    let se = (1.12f64 / 3.0).sqrt() / (5.0 / 3.0);
    let half = 4.302652729749462 * se;
    let t = r.t.unwrap();
    assert!(close(t.hi - 2.4, half, 1e-9), "{t:?}");
    assert!(close(2.4 - t.lo, half, 1e-9));
    assert_eq!(Ratio::of(&[(1.0, 0.0), (2.0, 0.0)]).estimate, None);
}

/// Two runs with 0 and 3 leakers: the t interval 1.5 ± 12.706·1.5 would
/// start at −17.6 leakers; a mean of non-negative counts is clipped at 0.
/// A sample with a negative value keeps its symmetric interval.
#[test]
fn intervals_of_non_negative_quantities_start_at_zero() {
    let m = Mean::of(&[0.0, 3.0]);
    let t = m.t.unwrap();
    assert_eq!(t.lo, 0.0);
    assert!(close(t.hi, 1.5 + 12.706204736174698 * 1.5, 1e-9), "{t:?}");
    assert_eq!(m.normal.unwrap().lo, 0.0);
    let signed = Mean::of(&[-1.0, 3.0]).t.unwrap();
    assert!(close(signed.lo, 1.0 - 12.706204736174698 * 2.0, 1e-9));
    let r = Ratio::of(&[(0.0, 1.0), (3.0, 1.0)]).t.unwrap();
    assert_eq!(r.lo, 0.0);
}

/// Type-7 quantiles: NumPy `quantile([1, 2, 3, 4], [0, 0.5, 0.95, 1])` =
/// 1, 2.5, 3.85, 4.
#[test]
fn quantiles_interpolate_like_numpy() {
    let v = [1.0, 2.0, 3.0, 4.0];
    assert_eq!(quantile(&v, 0.0), Some(1.0));
    assert_eq!(quantile(&v, 0.5), Some(2.5));
    assert!(close(quantile(&v, 0.95).unwrap(), 3.85, 1e-12));
    assert_eq!(quantile(&v, 1.0), Some(4.0));
    assert_eq!(quantile(&[], 0.5), None);
}
