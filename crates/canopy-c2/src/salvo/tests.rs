use proptest::prelude::*;
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::*;

/// Asserts |actual − expected| ≤ tol with a message naming the case.
fn close(actual: f64, expected: f64, tol: f64, what: &str) {
    assert!(
        (actual - expected).abs() <= tol,
        "{what}: got {actual}, expected {expected} ± {tol}"
    );
}

// MODELS.md §4 table. The printed values are exact decimals (0.7, 0.91, ...) or rounded to the
// digits shown; each tolerance is half a unit of the last printed digit (exact ones: 1e-12).

#[test]
fn val_models_s4_salvo_pk() {
    for (n, pk) in [(1, 0.7), (2, 0.91), (3, 0.973), (4, 0.9919)] {
        close(
            kill_probability(0.7, n).unwrap(),
            pk,
            1e-12,
            "Pk(n), p = 0.7",
        );
        close(salvo_leak(0.7, n).unwrap(), 1.0 - pk, 1e-12, "leak(n)");
    }
    close(
        kill_probability(0.7, 0).unwrap(),
        0.0,
        0.0,
        "no shot kills nothing",
    );
}

#[test]
fn val_models_s4_sls_1_1_perfect_look() {
    let sls = shoot_look_shoot(0.7, 1, 1, 1.0).unwrap();
    close(sls.kill, 0.91, 1e-12, "Pk");
    close(sls.leak, 0.09, 1e-12, "leak");
    close(sls.expected_shots, 1.30, 1e-12, "E[shots]");
    // "vs 2.0 for shoot-shoot": a salvo of 2 always fires 2 and leaks the same 0.09.
    close(
        salvo_leak(0.7, 2).unwrap(),
        sls.leak,
        1e-12,
        "same leak as salvo",
    );
}

#[test]
fn val_models_s4_sls_2_2() {
    let sls = shoot_look_shoot(0.7, 2, 2, 1.0).unwrap();
    close(sls.kill, 0.9919, 1e-12, "Pk");
    close(sls.leak, 0.0081, 1e-12, "leak");
    close(sls.expected_shots, 2.18, 1e-12, "E[shots]");
}

#[test]
fn val_models_s4_sls_1_1_imperfect_look() {
    let sls = shoot_look_shoot(0.7, 1, 1, 0.9).unwrap();
    close(sls.kill, 0.889, 1e-12, "Pk");
    close(sls.leak, 0.111, 1e-12, "leak");
    close(sls.expected_shots, 1.27, 1e-12, "E[shots]");
}

#[test]
fn val_models_s4_raid_leakers() {
    // M = 10, q = 0.09: printed 0.3894 (4 d.p.), P(≥1) = 0.611, P(≥2) = 0.225 (3 d.p.).
    close(p_zero_leakers(0.09, 10).unwrap(), 0.3894, 5e-5, "P(zero)");
    close(
        p_at_least_leakers(0.09, 10, 1).unwrap(),
        0.611,
        5e-4,
        "P(≥1)",
    );
    close(
        p_at_least_leakers(0.09, 10, 2).unwrap(),
        0.225,
        5e-4,
        "P(≥2)",
    );
    close(
        expected_leakers(0.09, 10).unwrap(),
        0.9,
        1e-12,
        "E[leakers]",
    );
}

#[test]
fn val_models_s4_ninety_percent_claim() {
    // "90 % intercept rate" read as q = 0.1, M = 12: P(all stopped) 0.282 (3 d.p.), E = 1.2.
    close(
        p_zero_leakers(0.1, 12).unwrap(),
        0.282,
        5e-4,
        "P(all stopped)",
    );
    close(expected_leakers(0.1, 12).unwrap(), 1.2, 1e-12, "E[leakers]");
}

#[test]
fn val_models_s4_shots_per_threat() {
    // Printed 3.79 → 4 and 3.71 → 4 (2 d.p.).
    let a = shots_per_threat(0.7, 10, 0.9).unwrap();
    close(a.exact, 3.79, 5e-3, "M = 10, p = 0.7, Q = 0.9");
    assert_eq!(a.whole, 4);
    let b = shots_per_threat(0.8, 20, 0.95).unwrap();
    close(b.exact, 3.71, 5e-3, "M = 20, p = 0.8, Q = 0.95");
    assert_eq!(b.whole, 4);
    // Firing the whole number really meets the goal, and one fewer does not.
    let p0 = |n| p_zero_leakers(salvo_leak(0.7, n).unwrap(), 10).unwrap();
    assert!(p0(4) >= 0.9 && p0(3) < 0.9);
}

#[test]
fn val_models_s4_wilkening_system_leak() {
    // P_det = 0.98, R = 0.95, p = 0.8, n = 2 → 0.0764 (4 d.p.).
    let chain = DefenceChain {
        p_detect: 0.98,
        reliability: 0.95,
        ..DefenceChain::default()
    };
    close(system_leak(&chain, 0.8, 2).unwrap(), 0.0764, 5e-5, "P_leak");
    // Common-mode saturation: infinitely many shots cannot beat 1 − P_det.
    close(system_leak(&chain, 0.8, 200).unwrap(), 0.02, 1e-12, "floor");
    // A perfect chain is the plain salvo.
    close(
        system_leak(&DefenceChain::default(), 0.8, 2).unwrap(),
        salvo_leak(0.8, 2).unwrap(),
        1e-15,
        "perfect chain",
    );
}

#[test]
fn val_models_s5_channel_limited_saturation() {
    // Raid 40, C = 10, W = 120 s, t_e = 60 s, n = 2, p = 0.7 → 10 engaged, 30 unengaged,
    // E[leakers] = 30.9 (exact: 30 + 10 · 0.09).
    let toy = ChannelLimitedRaid {
        raid: 40,
        channels: 10,
        window_s: 120.0,
        engagement_time_s: 60.0,
        shots_per_target: 2,
        sspk: 0.7,
    };
    let out = channel_limited(&toy).unwrap();
    assert_eq!((out.engaged, out.unengaged), (10, 30));
    close(out.expected_leakers, 30.9, 1e-12, "E[leakers]");
    // Below the threshold nothing is unengaged: 8 threats leak only 8 · 0.09.
    let small = channel_limited(&ChannelLimitedRaid { raid: 8, ..toy }).unwrap();
    assert_eq!((small.engaged, small.unengaged), (8, 0));
    close(small.expected_leakers, 0.72, 1e-12, "under capacity");
    // A window shorter than one engagement engages nobody.
    let short = channel_limited(&ChannelLimitedRaid {
        window_s: 59.0,
        ..toy
    })
    .unwrap();
    assert_eq!((short.engaged, short.unengaged), (0, 40));
}

#[test]
fn normal_quantile_matches_cpython() {
    // CPython 3.11 `statistics.NormalDist().inv_cdf`, which is also AS 241, covering the
    // central branch and both tail branches; tolerance 4 ulp-scale relative.
    for (p, z) in [
        (0.975, 1.959_963_984_540_053_6),
        (0.3, -0.524_400_512_708_040_7),
        (0.01, -2.326_347_874_040_840_8),
        (0.999_95, 3.890_591_886_413_12),
        (1e-12, -7.034_483_825_301_132),
        (1e-20, -9.262_340_089_798_405),
        (0.5, 0.0),
    ] {
        close(
            normal_quantile(p).unwrap(),
            z,
            1e-15 * z.abs().max(1.0),
            "Φ⁻¹",
        );
    }
    assert!(normal_quantile(0.0).is_err() && normal_quantile(f64::NAN).is_err());
}

#[test]
fn proportion_interval_hand_computed() {
    // 8 of 10 at 95 %: z = 1.959964, z² = 3.841459, z²/n = 0.3841459;
    // centre = (0.8 + 0.1920729)/1.3841459 = 0.7167401;
    // half = 1.959964/1.3841459 · √(0.016 + 0.0096036) = 1.4160113 · 0.1600114 = 0.2265780;
    // → (0.4901621, 0.9433181).
    let (lo, hi) = proportion_interval(8, 10, 0.95).unwrap();
    close(lo, 0.490_162_1, 1e-6, "Wilson lower, 8/10");
    close(hi, 0.943_318_1, 1e-6, "Wilson upper, 8/10");
    // Newcombe (1998, Stat. Med. 17:857–872), worked examples of the score method, 4 d.p.
    for (x, n, l, u) in [
        (81, 263, 0.2553, 0.3662),
        (15, 148, 0.0624, 0.1605),
        (0, 20, 0.0, 0.1611),
        (1, 29, 0.0061, 0.1718),
    ] {
        let (lo, hi) = proportion_interval(x, n, 0.95).unwrap();
        close(lo, l, 5e-5, "Newcombe lower");
        close(hi, u, 5e-5, "Newcombe upper");
    }
    assert!(proportion_interval(11, 10, 0.95).is_err());
    assert!(proportion_interval(0, 0, 0.95).is_err());
    assert!(proportion_interval(1, 10, 1.0).is_err());
}

#[test]
fn val_models_s4_monte_carlo_salvo_and_sls() {
    // 200 000 engagements each of a salvo of 2 and of SLS 1-1 (perfect look), p = 0.7. The
    // closed forms (leak 0.09, E[shots] 1.30) must lie in the 99.99 % Wilson intervals of the
    // empirical proportions; SLS fires a second round exactly when the first misses, so
    // E[shots] = 1 + P(second round).
    const TRIALS: u64 = 200_000;
    const CONFIDENCE: f64 = 0.9999;
    let p = 0.7;
    let mut rng = ChaCha8Rng::seed_from_u64(0x5A1F0);
    let hit = |rng: &mut ChaCha8Rng| rng.random::<f64>() < p;

    let salvo_leaks = (0..TRIALS)
        .filter(|_| {
            let (a, b) = (hit(&mut rng), hit(&mut rng));
            !(a || b)
        })
        .count() as u64;
    let (mut sls_leaks, mut second_rounds) = (0u64, 0u64);
    for _ in 0..TRIALS {
        if !hit(&mut rng) {
            second_rounds += 1;
            if !hit(&mut rng) {
                sls_leaks += 1;
            }
        }
    }

    let salvo = shoot_look_shoot(p, 2, 0, 1.0).unwrap();
    let sls = shoot_look_shoot(p, 1, 1, 1.0).unwrap();
    // The imperfect-look row of the table (leak 0.111, E[shots] 1.27) must fall outside each
    // interval: the sample size resolves the differences the table is about.
    let imperfect = shoot_look_shoot(p, 1, 1, 0.9).unwrap();
    for (what, count, expected, wrong) in [
        ("salvo-of-2 leak", salvo_leaks, salvo.leak, imperfect.leak),
        ("SLS 1-1 leak", sls_leaks, sls.leak, imperfect.leak),
        (
            "SLS 1-1 shots − 1",
            second_rounds,
            sls.expected_shots - 1.0,
            imperfect.expected_shots - 1.0,
        ),
    ] {
        let (lo, hi) = proportion_interval(count, TRIALS, CONFIDENCE).unwrap();
        assert!(
            lo <= expected && expected <= hi,
            "{what}: closed form {expected} outside the 99.99 % interval [{lo}, {hi}] of {count}/{TRIALS}"
        );
        assert!(
            !(lo..=hi).contains(&wrong),
            "{what}: the interval [{lo}, {hi}] cannot tell {expected} from {wrong}"
        );
    }
    close(salvo.expected_shots, 2.0, 0.0, "a salvo always fires 2");
}

#[test]
fn bad_inputs_are_errors() {
    assert!(kill_probability(f64::NAN, 2).is_err());
    assert!(kill_probability(1.2, 2).is_err());
    assert!(shoot_look_shoot(0.7, 1, 1, -0.1).is_err());
    assert!(p_zero_leakers(-0.1, 3).is_err());
    assert!(shots_per_threat(1.0, 10, 0.9).is_err());
    assert!(shots_per_threat(0.7, 0, 0.9).is_err());
    let toy = ChannelLimitedRaid {
        raid: 4,
        channels: 1,
        window_s: 10.0,
        engagement_time_s: 0.0,
        shots_per_target: 1,
        sspk: 0.5,
    };
    assert!(channel_limited(&toy).is_err());
    let err = kill_probability(2.0, 1).unwrap_err();
    assert_eq!(err.what, "sspk");
}

proptest! {
    #[test]
    fn sls_with_perfect_look_leaks_like_the_full_salvo(
        p in 0.0f64..=1.0, n1 in 0u32..5, n2 in 0u32..5,
    ) {
        let sls = shoot_look_shoot(p, n1, n2, 1.0).unwrap();
        let salvo = salvo_leak(p, n1 + n2).unwrap();
        prop_assert!((sls.leak - salvo).abs() < 1e-12);
        prop_assert!(sls.expected_shots <= f64::from(n1 + n2) + 1e-12);
    }

    #[test]
    fn binomial_tail_is_consistent(q in 0.0f64..=1.0, m in 1u32..40, k in 0u32..45) {
        let tail = p_at_least_leakers(q, m, k).unwrap();
        prop_assert!((0.0..=1.0).contains(&tail));
        let zero = p_zero_leakers(q, m).unwrap();
        prop_assert!((p_at_least_leakers(q, m, 1).unwrap() - (1.0 - zero)).abs() < 1e-12);
        prop_assert!(p_at_least_leakers(q, m, k + 1).unwrap() <= tail + 1e-12);
    }

    #[test]
    fn wilson_interval_brackets_the_estimate(n in 1u64..10_000, frac in 0.0f64..=1.0) {
        let x = (frac * n as f64).floor() as u64;
        let (lo, hi) = proportion_interval(x, n, 0.99).unwrap();
        let p = x as f64 / n as f64;
        prop_assert!(0.0 <= lo && lo <= p + 1e-12 && p <= hi + 1e-12 && hi <= 1.0);
    }
}
