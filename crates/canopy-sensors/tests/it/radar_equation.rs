//! Radar equation against the MathWorks documentation examples (MODELS.md §1).

use canopy_sensors::SensorError;
use canopy_sensors::radar_equation::{
    RadarEquation, coherent_integration, range_scale_for_rcs_ratio, wavelength,
};
use canopy_sensors::units::{db_to_linear, linear_to_db};
use proptest::prelude::*;

/// MATLAB defaults (20 dB gains, 290 K, no loss) at `frequency_hz`.
fn matlab(frequency_hz: f64, peak_power_w: f64, pulse_width_s: f64) -> RadarEquation {
    RadarEquation::new(
        peak_power_w,
        wavelength(frequency_hz).unwrap(),
        pulse_width_s,
    )
    .unwrap()
}

#[test]
fn val_mathworks_radareqsnr_case_a() {
    // radareqsnr example 1: 1 GHz, 50 km, 1 MW, 0.2 µs → 5.5868 dB [doc]; tol 5e-5 dB (printed digits).
    let snr = matlab(1e9, 1e6, 0.2e-6).snr_db(1.0, 50e3).unwrap();
    assert!((snr - 5.5868).abs() < 5e-5, "{snr}");
}

#[test]
fn val_mathworks_radareqsnr_case_b() {
    // radareqsnr example 2: 10 GHz, 100 km, 1 MW, 1 µs, G 40 dB, σ 0.5, Ts 300 K, L 3 dB → 14.3778 dB.
    let eq = RadarEquation {
        tx_gain_db: 40.0,
        rx_gain_db: 40.0,
        noise_temperature_k: 300.0,
        losses_db: 3.0,
        ..matlab(10e9, 1e6, 1e-6)
    };
    let snr = eq.snr_db(0.5, 100e3).unwrap();
    assert!((snr - 14.3778).abs() < 5e-5, "{snr}");
}

#[test]
fn val_mathworks_radareqsnr_case_c() {
    // radareqsnr example 3 (bistatic): 10 GHz, Rt 50 km, Rr 75 km, 1 MW, 1 µs, Gt 40, Gr 20 dB → 9.0547 dB.
    let eq = RadarEquation {
        tx_gain_db: 40.0,
        rx_gain_db: 20.0,
        ..matlab(10e9, 1e6, 1e-6)
    };
    let snr = linear_to_db(eq.bistatic_snr(1.0, 50e3, 75e3).unwrap());
    assert!((snr - 9.0547).abs() < 5e-5, "{snr}");
}

#[test]
fn val_mathworks_radareqpow_case_d() {
    // radareqpow example 1: 6 dB at 50 km, 1 GHz, 1 µs, σ 1 m² → 2.1996e5 W [doc]; tol 5 W (printed digits).
    let pt = matlab(1e9, 1.0, 1e-6)
        .required_peak_power(6.0, 1.0, 50e3)
        .unwrap();
    assert!((pt - 2.1996e5).abs() < 5.0, "{pt}");
}

#[test]
fn val_models_rcs_fourth_root_rule() {
    // MODELS.md §1 derived rule: 1/100 of the RCS → 0.316 × the range; tol 5e-4 (printed digits).
    assert!((range_scale_for_rcs_ratio(0.01).unwrap() - 0.316).abs() < 5e-4);
    let eq = matlab(3e9, 1e6, 1e-6);
    let ratio = eq.max_range(13.0, 0.01).unwrap() / eq.max_range(13.0, 1.0).unwrap();
    assert!((ratio - 0.1f64.sqrt()).abs() < 1e-12, "{ratio}");
}

#[test]
fn coherent_integration_multiplies_by_n() {
    assert_eq!(coherent_integration(2.5, 10), 25.0);
    // 10 pulses coherently = +10 dB.
    let s = matlab(1e9, 1e6, 1e-6).snr(1.0, 80e3).unwrap();
    assert!((linear_to_db(coherent_integration(s, 10)) - linear_to_db(s) - 10.0).abs() < 1e-12);
}

#[test]
fn bad_parameters_are_errors() {
    assert!(matches!(
        RadarEquation::new(-1.0, 0.1, 1e-6),
        Err(SensorError::InvalidParameter {
            name: "peak_power_w",
            ..
        })
    ));
    assert!(RadarEquation::new(1e6, 0.0, 1e-6).is_err());
    assert!(wavelength(f64::NAN).is_err());
    let eq = matlab(1e9, 1e6, 1e-6);
    assert!(eq.snr(1.0, 0.0).is_err());
    assert!(eq.snr(-1.0, 1e3).is_err());
    assert!(eq.max_range(f64::INFINITY, 1.0).is_err());
    assert!(
        RadarEquation {
            noise_temperature_k: 0.0,
            ..eq
        }
        .snr(1.0, 1e3)
        .is_err()
    );
}

proptest! {
    #[test]
    fn inverses_round_trip(power_db in 30.0f64..70.0, range_km in 1.0f64..800.0, rcs in 1e-3f64..1e3) {
        let eq = RadarEquation { peak_power_w: db_to_linear(power_db), ..matlab(3e9, 1.0, 1e-5) };
        let snr_db = eq.snr_db(rcs, range_km * 1e3).unwrap();
        let pt = eq.required_peak_power(snr_db, rcs, range_km * 1e3).unwrap();
        prop_assert!((pt / eq.peak_power_w - 1.0).abs() < 1e-10);
        let r = eq.max_range(snr_db, rcs).unwrap();
        prop_assert!((r / (range_km * 1e3) - 1.0).abs() < 1e-10);
        // Monostatic is the bistatic form with Rt = Rr.
        prop_assert!((eq.bistatic_snr(rcs, range_km * 1e3, range_km * 1e3).unwrap() - db_to_linear(snr_db)).abs() <= 1e-9 * db_to_linear(snr_db));
    }
}
