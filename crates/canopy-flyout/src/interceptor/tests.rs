use super::*;
use crate::atmosphere::Atmosphere;
use crate::earth::{EarthModel, MU_EARTH};
use crate::params::Environment;
use proptest::prelude::*;

const RE: f64 = 6_371_000.0;

/// Unpowered round on a spherical, airless Earth, launched from (RE, 0, 0).
fn coasting(speed: f64) -> InterceptorParams {
    InterceptorParams {
        propellant_mass_kg: 0.0,
        thrust_phases: Vec::new(),
        launch_speed_mps: speed,
        environment: Environment {
            earth: EarthModel::Sphere { radius_m: RE },
            atmosphere: Atmosphere::Vacuum,
        },
        ..InterceptorParams::notional_long_range()
    }
}

fn vec3() -> impl Strategy<Value = Vector3<f64>> {
    (-1e3f64..1e3, -1e3f64..1e3, -1e3f64..1e3).prop_map(|(x, y, z)| Vector3::new(x, y, z))
}

#[test]
fn closest_approach_inside_the_step() {
    // Head-on pass 5 m apart: the ends are 100 m apart, the CPA is mid-step at 5 m.
    let seg = Segment {
        t0: 1.0,
        t1: 1.1,
        p0: Vector3::zeros(),
        p1: Vector3::new(100.0, 0.0, 0.0),
    };
    let ca = seg.closest_approach(&Vector3::new(100.0, 5.0, 0.0), &Vector3::new(0.0, 5.0, 0.0));
    assert!((ca.miss_m - 5.0).abs() < 1e-12);
    assert!((ca.time_s - 1.05).abs() < 1e-12);
    assert!((ca.interceptor_position - Vector3::new(50.0, 0.0, 0.0)).norm() < 1e-12);
    // No relative motion: the start point.
    let still = seg.closest_approach(&Vector3::new(0.0, 3.0, 0.0), &Vector3::new(100.0, 3.0, 0.0));
    assert!((still.miss_m - 3.0).abs() < 1e-12 && still.time_s == 1.0);
}

proptest! {
    #[test]
    fn closest_approach_is_the_minimum_over_the_chord(p0 in vec3(), p1 in vec3(), q0 in vec3(), q1 in vec3()) {
        let seg = Segment { t0: 0.0, t1: 1.0, p0, p1 };
        let ca = seg.closest_approach(&q0, &q1);
        let brute = (0..=2_000)
            .map(|i| {
                let s = f64::from(i) / 2_000.0;
                (p0.lerp(&p1, s) - q0.lerp(&q1, s)).norm()
            })
            .fold(f64::INFINITY, f64::min);
        prop_assert!(ca.miss_m <= brute + 1e-9);
        // The sampled minimum is within one sample spacing of the exact one.
        prop_assert!(brute - ca.miss_m <= ((p1 - q1) - (p0 - q0)).norm() / 2_000.0 + 1e-9);
    }
}

#[test]
fn ground_impact_is_interpolated_onto_the_surface() {
    // 300 m/s at 45° without air or thrust. Range: the MODELS §9 spherical free-flight formula
    // tan(Ψ/2) = ν·sinγ·cosγ/(1 − ν·cos²γ), ν = v²·Re/μ, within 1 cm. Time: flat-Earth
    // 2·v·sinγ/g = 43.20 s with g = μ/Re², which the curvature and the weaker gravity aloft
    // lengthen by ~0.1 % (tolerance 0.3 %). The impact point is on the sphere (< 1 mm).
    let gamma = std::f64::consts::FRAC_PI_4;
    let mut m = Interceptor::launch(
        coasting(300.0),
        Vector3::new(RE, 0.0, 0.0),
        Vector3::new(1.0, 1.0, 0.0),
        0.0,
    )
    .expect("valid");
    let event = m.step(100.0, None).expect("step");
    let FlightEvent::GroundImpact { time_s, position } = event else {
        panic!("{event:?}")
    };
    let g = MU_EARTH / (RE * RE);
    let flat = 2.0 * 300.0 * gamma.sin() / g;
    assert!((time_s / flat - 1.0).abs() < 3e-3, "{time_s} vs {flat}");
    let nu = 300.0 * 300.0 * RE / MU_EARTH;
    let psi = 2.0 * (nu * gamma.sin() * gamma.cos() / (1.0 - nu * gamma.cos().powi(2))).atan();
    let flown = RE * Vector3::x().angle(&position);
    assert!((flown - RE * psi).abs() < 0.01, "{flown} vs {}", RE * psi);
    assert!((position.norm() - RE).abs() < 1e-3);
    // Inside the last step (with no target, steps are the longest).
    assert!(time_s < m.time_s() && time_s > m.time_s() - m.params().max_integration_step_s);
    assert_eq!(m.ended(), Some(event));
}

#[test]
fn guidance_phases_follow_delay_seeker_range_and_latch() {
    let params = InterceptorParams {
        midcourse: Midcourse::PredictedInterceptPoint {
            seeker_range_m: 10_000.0,
            heading_time_constant_s: 1.0,
        },
        guidance_delay_s: 0.5,
        ..coasting(1_000.0)
    };
    let r0 = Vector3::new(RE + 10_000.0, 0.0, 0.0);
    let mut m = Interceptor::launch(params, r0, Vector3::new(0.0, 1.0, 0.0), 0.0).expect("valid");
    let far = TargetEstimate {
        position: r0 + Vector3::new(0.0, 30_000.0, 2_000.0),
        velocity: Vector3::zeros(),
        time_s: 0.0,
    };
    m.step(0.2, Some(&far)).expect("step");
    assert_eq!(m.phase(), GuidancePhase::Unguided);
    assert_eq!(m.commanded_acceleration(), Vector3::zeros());
    m.step(0.5, Some(&far)).expect("step");
    assert_eq!(m.phase(), GuidancePhase::Midcourse);
    assert!(m.commanded_acceleration().norm() > 0.0);
    // No estimate this update: no command.
    m.step(0.01, None).expect("step");
    assert_eq!(m.phase(), GuidancePhase::Unguided);
    assert_eq!(m.commanded_acceleration(), Vector3::zeros());
    // Inside the seeker range: terminal, and it stays terminal when the estimate jumps away.
    let near = TargetEstimate {
        position: m.position() + Vector3::new(0.0, 8_000.0, 0.0),
        velocity: Vector3::zeros(),
        time_s: m.time_s(),
    };
    m.step(0.01, Some(&near)).expect("step");
    assert_eq!(m.phase(), GuidancePhase::Terminal);
    m.step(0.01, Some(&far)).expect("step");
    assert_eq!(m.phase(), GuidancePhase::Terminal);
}

#[test]
fn lateral_command_is_limited_perpendicular_and_lagged() {
    // A target abeam demands far more than 3 g: the command saturates at 3 g, perpendicular to
    // the velocity; the achieved acceleration lags it with τ = 0.1 s (ideal when τ = 0).
    let r0 = Vector3::new(RE + 10_000.0, 0.0, 0.0);
    let target = TargetEstimate {
        position: r0 + Vector3::new(0.0, 3_000.0, 3_000.0),
        velocity: Vector3::zeros(),
        time_s: 0.0,
    };
    for tau in [0.0, 0.1] {
        let params = InterceptorParams {
            max_lateral_g: 3.0,
            autopilot_time_constant_s: tau,
            guidance_delay_s: 0.0,
            gravity_compensation: false,
            ..coasting(1_000.0)
        };
        let mut m =
            Interceptor::launch(params, r0, Vector3::new(0.0, 1.0, 0.0), 0.0).expect("valid");
        m.step(0.01, Some(&target)).expect("step");
        let cmd = m.commanded_acceleration();
        assert!(
            (cmd.norm() - 3.0 * STANDARD_GRAVITY).abs() < 1e-9,
            "{}",
            cmd.norm()
        );
        assert!(
            cmd.dot(&Vector3::y()).abs() < 1e-9,
            "perpendicular to the launch velocity"
        );
        let achieved = m.lateral_acceleration().norm() / cmd.norm();
        if tau == 0.0 {
            assert_eq!(m.lateral_acceleration(), cmd);
        } else {
            // One 10 ms step of a first-order lag: 1 − e^(−0.1) = 0.0952 (2 % tolerance).
            assert!(
                (achieved / (1.0 - (-0.1_f64).exp()) - 1.0).abs() < 0.02,
                "{achieved}"
            );
            m.step(1.0, Some(&target)).expect("step");
            assert!(m.lateral_acceleration().norm() <= 3.0 * STANDARD_GRAVITY * (1.0 + 1e-9));
        }
    }
}
