use super::*;
use proptest::prelude::*;

fn vec3() -> impl Strategy<Value = Vector3<f64>> {
    (-1e4f64..1e4, -1e4f64..1e4, -1e4f64..1e4).prop_map(|(x, y, z)| Vector3::new(x, y, z))
}

#[test]
fn pn_matches_the_planar_formula() {
    // Planar check: target 10 km ahead, crossing at 300 m/s, interceptor at 1000 m/s straight on.
    // λ̇ = V_perp / R = 300/10000 rad/s, Vc = 1000 m/s, |a| = N'·Vc·λ̇ = 4·1000·0.03 = 120 m/s²,
    // directed along the crossing velocity.
    let r = Vector3::new(10_000.0, 0.0, 0.0);
    let v = Vector3::new(-1_000.0, 300.0, 0.0);
    let pn = true_pn(&r, &v, 4.0);
    assert!((pn.closing_speed - 1_000.0).abs() < 1e-9);
    assert!(
        (pn.acceleration - Vector3::new(0.0, 120.0, 0.0)).norm() < 1e-9,
        "{:?}",
        pn.acceleration
    );
    let zero = true_pn(&Vector3::zeros(), &v, 4.0);
    assert_eq!(zero.acceleration, Vector3::zeros());
}

#[test]
fn pip_head_on_and_unreachable() {
    // Head-on: target 30 km out closing at 500 m/s, interceptor at 1000 m/s -> t = 20 s.
    let (p, t) = constant_speed_intercept(
        &Vector3::zeros(),
        1_000.0,
        &Vector3::new(30_000.0, 0.0, 0.0),
        &Vector3::new(-500.0, 0.0, 0.0),
    )
    .expect("reachable");
    assert!((t - 20.0).abs() < 1e-9 && (p.x - 20_000.0).abs() < 1e-6);
    // Equal speeds, target approaching: the linear case, t = |R|/(2·s) for a head-on geometry.
    let (_, t_eq) = constant_speed_intercept(
        &Vector3::zeros(),
        500.0,
        &Vector3::new(30_000.0, 0.0, 0.0),
        &Vector3::new(-500.0, 0.0, 0.0),
    )
    .expect("reachable");
    assert!((t_eq - 30.0).abs() < 1e-9);
    // A faster receding target can never be caught.
    let none = constant_speed_intercept(
        &Vector3::zeros(),
        300.0,
        &Vector3::new(30_000.0, 0.0, 0.0),
        &Vector3::new(500.0, 0.0, 0.0),
    );
    assert!(none.is_none());
}

proptest! {
    #[test]
    fn pn_is_perpendicular_to_los(r in vec3(), v in vec3(), n in 0.0f64..6.0) {
        prop_assume!(r.norm() > 1.0);
        let pn = true_pn(&r, &v, n);
        prop_assert!(pn.acceleration.dot(&r).abs() <= 1e-9 * (1.0 + pn.acceleration.norm() * r.norm()));
    }

    #[test]
    fn pip_satisfies_the_intercept_equation(
        p in vec3(), s in 100.0f64..3_000.0, q in vec3(), v in vec3()
    ) {
        let v = v * 0.05; // target speeds up to ~870 m/s
        if let Some((point, t)) = constant_speed_intercept(&p, s, &q, &v) {
            prop_assert!(t > 0.0);
            prop_assert!(((point - p).norm() - s * t).abs() <= 1e-6 * (1.0 + s * t));
            prop_assert!((point - (q + v * t)).norm() <= 1e-6 * (1.0 + s * t));
        } else {
            // No intercept is only possible when the target is at least as fast.
            prop_assert!(v.norm() >= s * (1.0 - 1e-9) || (q - p).norm() == 0.0);
        }
    }

    #[test]
    fn limiter_is_perpendicular_and_bounded(c in vec3(), u in vec3(), max in 1.0f64..500.0) {
        prop_assume!(u.norm() > 1e-3);
        let u = u.normalize();
        let out = limit_lateral(&c, &u, max);
        prop_assert!(out.dot(&u).abs() <= 1e-9 * (1.0 + c.norm()));
        prop_assert!(out.norm() <= max * (1.0 + 1e-12));
        let lateral = c - u * u.dot(&c);
        if lateral.norm() <= max {
            prop_assert!((out - lateral).norm() <= 1e-9 * (1.0 + c.norm()));
        }
    }
}
