//! The planning table's predicted intercept against simulated 3-DOF flights.

use crate::common::{SITE, Target, fly};
use canopy_flyout::{FlightEvent, FlyoutTable, FlyoutTableConfig, InterceptorParams, Midcourse};

#[test]
fn predicted_intercept_time_matches_the_3dof_flight() {
    // Task bar: the PIP solver's time matches the simulated intercept "within a few %".
    // Asserted: within 3 %, launching along the predicted direction with mid-course to the PIP.
    let params = InterceptorParams {
        midcourse: Midcourse::PredictedInterceptPoint {
            seeker_range_m: 15e3,
            heading_time_constant_s: 1.0,
        },
        ..InterceptorParams::notional_long_range()
    };
    let table = FlyoutTable::build(
        &params,
        FlyoutTableConfig {
            launch_altitude_m: SITE.alt,
            ..FlyoutTableConfig::default()
        },
    )
    .expect("valid table");
    let cases = [
        ([60e3, 0.0, 8e3], [-300.0, 0.0, 0.0]),
        ([20e3, 40e3, 5e3], [250.0, 0.0, 0.0]),
        ([40e3, 5e3, 25e3], [-1_400.0, 0.0, -1_400.0]),
        ([-30e3, 50e3, 15e3], [100.0, -250.0, 0.0]),
    ];
    for (pos, vel) in cases {
        let target = Target::straight(SITE.point(pos), SITE.dir(vel));
        let pip = table
            .predict_intercept(&SITE.origin(), &target.truth(0.0), 0.0)
            .expect("reachable");
        let (event, _) = fly(
            params.clone(),
            SITE.origin(),
            pip.launch_direction,
            &target,
            0.1,
        );
        let FlightEvent::TargetPassed(ca) = event else {
            panic!("{pos:?}: {event:?}")
        };
        let err = ca.time_s / pip.time_to_intercept_s - 1.0;
        assert!(
            err.abs() < 0.03,
            "{pos:?}: predicted {} s, flown {} s",
            pip.time_to_intercept_s,
            ca.time_s
        );
        // The intercept happens near the predicted point (within 3 % of the slant range).
        let off = (ca.target_position - pip.point).norm();
        assert!(
            off < 0.03 * pip.slant_range_m,
            "{pos:?}: {off} m from the PIP"
        );
    }
}
