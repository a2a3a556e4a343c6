use super::*;

#[test]
fn notional_params_are_valid() {
    assert_eq!(InterceptorParams::notional_long_range().validate(), Ok(()));
}

#[test]
fn mass_and_thrust_follow_the_phases() {
    let mut p = InterceptorParams::notional_long_range();
    p.environment.atmosphere = Atmosphere::Vacuum;
    let a = Airframe::new(&p);
    // In vacuum the axial acceleration is thrust over mass.
    let thrust = |t: f64| a.axial_acceleration(t, 1_000.0, 0.0) * a.mass_kg(t);
    assert!((thrust(0.0) - 450_000.0).abs() < 1e-6);
    assert!((thrust(4.999) - 450_000.0).abs() < 1e-6);
    assert!((thrust(5.0) - 50_000.0).abs() < 1e-6);
    assert_eq!(thrust(15.0), 0.0);
    assert!((a.mass_kg(2.0) - (1_800.0 - 340.0)).abs() < 1e-9);
    assert!((a.mass_kg(9.0) - (1_800.0 - 850.0 - 76.0)).abs() < 1e-9);
    assert!((a.mass_kg(100.0) - 760.0).abs() < 1e-9);
    assert_eq!(a.next_switch_after(1.0), Some(5.0));
    assert_eq!(a.next_switch_after(5.0), Some(15.0));
    assert_eq!(a.next_switch_after(15.0), None);
}

#[test]
fn axial_acceleration_is_thrust_minus_drag_over_mass() {
    let mut p = InterceptorParams::notional_long_range();
    p.environment.atmosphere = Atmosphere::STANDARD_EXPONENTIAL;
    let a = Airframe::new(&p);
    // At launch, sea level, 500 m/s: drag = 0.5·1.225·500²·0.25·0.208.
    let drag = 0.5 * 1.225 * 500.0_f64.powi(2) * 0.25 * 0.208;
    let expected = (450_000.0 - drag) / 1_800.0;
    assert!((a.axial_acceleration(0.0, 500.0, 0.0) - expected).abs() < 1e-9);
    // Coasting in vacuum: no axial acceleration at all.
    p.environment.atmosphere = Atmosphere::Vacuum;
    assert_eq!(
        Airframe::new(&p).axial_acceleration(50.0, 2_000.0, 0.0),
        0.0
    );
}

#[test]
fn validation_rejects_bad_fields() {
    let good = InterceptorParams::notional_long_range();
    type Mutation = Box<dyn Fn(&mut InterceptorParams)>;
    let cases: Vec<(&str, Mutation)> = vec![
        ("launch_mass_kg", Box::new(|p| p.launch_mass_kg = 0.0)),
        (
            "propellant_mass_kg",
            Box::new(|p| p.propellant_mass_kg = 2_000.0),
        ),
        (
            "thrust_phases",
            Box::new(|p| p.thrust_phases[1].duration_s = 100.0),
        ),
        (
            "thrust_phases.thrust_n",
            Box::new(|p| p.thrust_phases[0].thrust_n = f64::NAN),
        ),
        ("max_lateral_g", Box::new(|p| p.max_lateral_g = 0.0)),
        ("nav_ratio", Box::new(|p| p.nav_ratio = -1.0)),
        (
            "integration_step_s",
            Box::new(|p| p.integration_step_s = f64::INFINITY),
        ),
        (
            "integration_step_s",
            Box::new(|p| p.integration_step_s = 1e-9),
        ),
        (
            "max_integration_step_s",
            Box::new(|p| p.max_integration_step_s = 0.005),
        ),
        (
            "max_integration_step_s",
            Box::new(|p| p.max_integration_step_s = f64::NAN),
        ),
        ("launch_speed_mps", Box::new(|p| p.launch_speed_mps = 0.0)),
        (
            "midcourse.seeker_range_m",
            Box::new(|p| {
                p.midcourse = Midcourse::PredictedInterceptPoint {
                    seeker_range_m: -5.0,
                    heading_time_constant_s: 1.0,
                }
            }),
        ),
        (
            "midcourse.heading_time_constant_s",
            Box::new(|p| {
                p.midcourse = Midcourse::PredictedInterceptPoint {
                    seeker_range_m: 5.0,
                    heading_time_constant_s: 0.0,
                }
            }),
        ),
        (
            "earth.radius_m",
            Box::new(|p| p.environment.earth = EarthModel::Sphere { radius_m: 0.0 }),
        ),
    ];
    for (field, mutate) in cases {
        let mut p = good.clone();
        mutate(&mut p);
        match p.validate() {
            Err(FlyoutError::InvalidParameter { name, .. }) => assert_eq!(name, field),
            other => panic!("{field}: expected an error, got {other:?}"),
        }
    }
}

#[test]
fn a_step_ending_at_a_burn_end_integrates_that_burn() {
    let mut p = InterceptorParams::notional_long_range();
    p.environment.atmosphere = Atmosphere::Vacuum;
    let a = Airframe::new(&p);
    // dv/dt = F/m(t) alone; over [4.9, 5.0] s the boost burns 170 kg/s of a round at 1 800 kg
    // at launch, so Δv = F/ṁ · ln(m(4.9)/m(5.0)) (the rocket equation).
    let f = |t: f64, _: &nalgebra::SVector<f64, 1>| {
        nalgebra::SVector::<f64, 1>::new(a.axial_acceleration(t, 1.0, 0.0))
    };
    let dv = a.integrate(f, 4.9, nalgebra::SVector::<f64, 1>::zeros(), 0.1)[0];
    let exact = 450_000.0 / 170.0 * (a.mass_kg(4.9) / (1_800.0 - 170.0 * 5.0)).ln();
    // RK4 on a smooth integrand over 0.1 s: far below a millimetre per second. Handing the
    // last stage the sustain phase's thrust would be off by ≈ 7 m/s.
    assert!((dv - exact).abs() < 1e-6, "{dv} vs {exact}");
}
