//! Terminal homing: a seeker that acquires the target removes the track's error from the miss.

use crate::common::{SITE, Target};
use canopy_flyout::{
    FlightEvent, Interceptor, InterceptorParams, Midcourse, Seeker, TargetEstimate,
};
use nalgebra::Vector3;

/// Flies against `target` guided on the truth shifted by `bias` (a track's error), replaced by
/// the seeker's view while it sees the target (cross-section 1 m²); the seeker's noise is a
/// fixed, deterministic sequence of standard-normal-sized draws. Returns the miss.
fn miss(seeker: Option<&Seeker>, target: &Target, bias: Vector3<f64>) -> f64 {
    // Launched vertically and turned onto the collision course by mid-course guidance.
    let params = InterceptorParams {
        midcourse: Midcourse::PredictedInterceptPoint {
            seeker_range_m: 15e3,
            heading_time_constant_s: 1.0,
        },
        ..InterceptorParams::notional_long_range()
    };
    let mut m = Interceptor::launch(params, SITE.origin(), SITE.dir([0.0, 0.0, 1.0]), 0.0)
        .expect("valid launch");
    let mut k = 0.0f64;
    loop {
        let truth = target.truth(m.time_s());
        let track = TargetEstimate {
            position: truth.position + bias,
            ..truth
        };
        let estimate = match seeker {
            Some(s) if s.sees(&m.position(), &m.velocity(), &truth.position, 1.0) => {
                k += 1.0;
                s.measure(&m.position(), &truth, [(k * 1.7).sin(), (k * 2.3).cos()])
            }
            _ => track,
        };
        match m.step(0.1, Some(&estimate)).expect("valid step") {
            FlightEvent::InFlight => {}
            FlightEvent::TargetPassed(ca) => {
                // The miss that matters is to the truth, not to the estimate flown on.
                let seg = m.last_segment().expect("a step was flown");
                let t0 = target.truth(seg.t0).position;
                let t1 = target.truth(seg.t1).position;
                let truth_miss = seg.closest_approach(&t0, &t1).miss_m;
                assert!(truth_miss <= ca.miss_m + bias.norm() + 1.0);
                return truth_miss;
            }
            other => panic!("expected a pass, got {other:?}"),
        }
    }
}

#[test]
fn seeker_homing_removes_the_track_error_from_the_miss() {
    // A head-on aircraft and a diving ballistic target, the track 150 m off to one side.
    let bias = SITE.dir([0.0, 150.0, 0.0]);
    let seeker = Seeker {
        acquisition_range_m: 15_000.0,
        gimbal_limit_rad: 45f64.to_radians(),
        angle_noise_rad: 1e-3,
    };
    for (name, pos, vel) in [
        ("head-on aircraft", [60e3, 0.0, 8e3], [-300.0, 0.0, 0.0]),
        (
            "diving ballistic",
            [40e3, 5e3, 25e3],
            [-1_400.0, 0.0, -1_400.0],
        ),
    ] {
        let target = Target::straight(SITE.point(pos), SITE.dir(vel));
        let midcourse_only = miss(None, &target, bias);
        let homing = miss(Some(&seeker), &target, bias);
        // On the track alone the round flies to the track: the miss is the bias (±30 m).
        assert!(
            (midcourse_only - 150.0).abs() < 30.0,
            "{name}: {midcourse_only}"
        );
        // With the seeker the miss is a few metres, well inside a 30 m lethal radius.
        assert!(homing < 5.0, "{name}: {homing}");
    }
}
