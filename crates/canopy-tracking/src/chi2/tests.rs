use proptest::prelude::*;

use super::*;

fn rel_err(got: f64, want: f64) -> f64 {
    (got - want).abs() / want.abs()
}

#[test]
fn val_scipy_chi2_quantiles() {
    // scipy 1.17.1 `scipy.stats.chi2.ppf(p, dof)`, printed to 17 digits; we ask 1e-10
    // relative (Lanczos ln Γ and the iterations are good to ~1e-14).
    let table: [(f64, f64, f64); 20] = [
        (600.0, 0.005, 514.5288884896763),
        (600.0, 0.995, 692.9816293425289),
        (18000.0, 0.99995, 18747.630704941952),
        (18000.0, 0.00005, 17271.217808842703),
        (100000.0, 0.99, 101043.31473677837),
        (1e6, 0.5, 999999.3333334123),
        (1.0, 0.95, 3.841458820694124),
        (1.0, 0.005, 3.9270422220515944e-05),
        (2.0, 0.99, 9.21034037197618),
        (2.0, 0.95, 5.991464547107979),
        (3.0, 0.9, 6.251388631170325),
        (3.0, 0.95, 7.814727903251179),
        (3.0, 0.99, 11.344866730144373),
        (3.0, 0.999, 16.26623619623813),
        (3.0, 0.005, 0.07172177458649197),
        (3.0, 1.0 - 1e-12, 58.9198006659047),
        (3.0, 1e-10, 5.20939762143448e-07),
        (6.0, 0.995, 18.547584178511087),
        (100.0, 0.005, 67.32756330547916),
        (0.5, 0.3, 0.010982604948550948),
    ];
    for (dof, p, want) in table {
        let got = quantile(dof, p).unwrap();
        assert!(
            rel_err(got, want) < 1e-10,
            "chi2inv({p}, {dof}) = {got}, scipy {want} (rel tol 1e-10)"
        );
    }
}

#[test]
fn val_nist_gate_thresholds() {
    // NIST/SEMATECH e-Handbook 1.3.6.7.4 (upper critical values, 3 decimals): gate
    // thresholds for 2-D and 3-D measurements. Tolerance 5e-4 (table rounding).
    for (dof, p, want) in [
        (2, 0.90, 4.605),
        (2, 0.95, 5.991),
        (2, 0.99, 9.210),
        (2, 0.999, 13.816),
        (3, 0.90, 6.251),
        (3, 0.95, 7.815),
        (3, 0.99, 11.345),
        (3, 0.999, 16.266),
    ] {
        let got = gate_threshold(dof, p).unwrap();
        assert!(
            (got - want).abs() < 5e-4,
            "gate({dof}, {p}) = {got} vs {want}"
        );
    }
}

#[test]
fn val_closed_form_two_dof() {
    // χ²(2) is exponential with mean 2: quantile = −2 ln(1 − p) exactly.
    for p in [1e-8, 0.01, 0.5, 0.9, 0.99, 0.9999, 1.0 - 1e-9] {
        let got = quantile(2.0, p).unwrap();
        let want = -2.0 * (-p).ln_1p();
        assert!(
            rel_err(got, want) < 1e-12,
            "p={p}: {got} vs {want} (rel tol 1e-12)"
        );
    }
}

#[test]
fn val_scipy_chi2_cdf() {
    // scipy 1.17.1: chi2.cdf(7, 3) = 0.9281022275035349; chi2.cdf(500, 600) =
    // 0.0011623936310546142. Relative tolerance 1e-10.
    assert!(rel_err(cdf(3.0, 7.0).unwrap(), 0.9281022275035349) < 1e-10);
    assert!(rel_err(cdf(600.0, 500.0).unwrap(), 0.0011623936310546142) < 1e-10);
    assert_eq!(cdf(3.0, -1.0).unwrap(), 0.0);
}

#[test]
fn mean_interval_is_scaled_quantiles() {
    let (lo, hi) = mean_interval(3, 1, 0.99).unwrap();
    assert!(rel_err(lo, 0.07172177458649197) < 1e-10);
    assert!(rel_err(hi, 12.838156466598647) < 1e-10);
    let (lo, hi) = mean_interval(2, 50, 0.99).unwrap();
    assert!(
        rel_err(lo * 50.0, 67.32756330547916) < 1e-10,
        "χ²(100) 0.5 % point"
    );
    assert!(
        rel_err(hi * 50.0, 140.1694894423138) < 1e-10,
        "χ²(100) 99.5 % point"
    );
}

#[test]
fn bad_arguments_are_errors() {
    assert!(quantile(0.0, 0.5).is_err());
    assert!(quantile(-2.0, 0.5).is_err());
    assert!(quantile(3.0, 0.0).is_err());
    assert!(quantile(3.0, 1.0).is_err());
    assert!(quantile(3.0, f64::NAN).is_err());
    assert!(cdf(f64::INFINITY, 1.0).is_err());
    assert!(cdf(3.0, f64::NAN).is_err());
    assert!(mean_interval(3, 0, 0.99).is_err());
    assert!(mean_interval(3, 10, 1.5).is_err());
}

proptest! {
    #[test]
    fn quantile_inverts_cdf(dof in 0.5f64..3000.0, p in 1e-9f64..(1.0 - 1e-6)) {
        let x = quantile(dof, p).unwrap();
        prop_assert!(x > 0.0);
        let back = cdf(dof, x).unwrap();
        // Compare on the smaller tail, where the probability is resolved.
        let (got, want) = if p > 0.5 { (1.0 - back, 1.0 - p) } else { (back, p) };
        prop_assert!(rel_err(got, want) < 1e-7, "dof={dof} p={p}: x={x}, cdf={back}");
    }
}
