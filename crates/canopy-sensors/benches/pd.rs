//! Throughput of the detection hot path: `Detector::pd` per Swerling case and pulse count,
//! plus `Radar::assess` and `Radar::look` (what the engine calls per target per look).
//!
//! Run: `cargo bench -p canopy-sensors --bench pd`. Prints the median of 7 repetitions.

use std::hint::black_box;
use std::time::Instant;

use canopy_sensors::detection::{Detector, Swerling};
use canopy_sensors::horizon::EarthModel;
use canopy_sensors::radar::{
    Integration, MeasurementAccuracy, MeasurementBias, Radar, RadarParams, TargetGeometry,
};
use canopy_sensors::radar_equation::{RadarEquation, wavelength};
use canopy_sensors::units::db_to_linear;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

const REPS: usize = 7;

/// Median wall time per call, in ns, of `calls` calls made by `run`.
fn median_ns(calls: usize, mut run: impl FnMut()) -> f64 {
    let mut times: Vec<f64> = (0..REPS)
        .map(|_| {
            let start = Instant::now();
            run();
            start.elapsed().as_secs_f64() * 1e9 / calls as f64
        })
        .collect();
    times.sort_by(f64::total_cmp);
    times[REPS / 2]
}

fn row(label: &str, ns: f64) {
    println!("| {label:<34} | {ns:>9.1} | {:>10.2} |", 1e3 / ns);
}

fn radar() -> Radar {
    Radar::new(RadarParams {
        equation: RadarEquation {
            peak_power_w: 200e3,
            tx_gain_db: 38.0,
            rx_gain_db: 38.0,
            wavelength_m: wavelength(3e9).expect("valid frequency"),
            pulse_width_s: 20e-6,
            noise_temperature_k: 500.0,
            losses_db: 6.0,
        },
        antenna_height_m: 25.0,
        earth: EarthModel::default(),
        pfa: 1e-6,
        pulses_per_look: 4,
        integration: Integration::NonCoherent,
        instrumented_range_m: 600e3,
        min_elevation_rad: -0.02,
        max_elevation_rad: 1.0,
        sector: None,
        revisit_period_s: 10.0,
        alert_confirm: false,
        accuracy: MeasurementAccuracy {
            range_resolution_m: 150.0,
            azimuth_beamwidth_rad: 0.026,
            elevation_beamwidth_rad: 0.035,
            monopulse_slope: 1.6,
            range_floor_m: 5.0,
            azimuth_floor_rad: 1e-3,
            elevation_floor_rad: 2e-3,
            bias: MeasurementBias::default(),
        },
    })
    .expect("valid radar")
}

fn main() {
    // 1000 SNRs from −5 to 25 dB: the whole Pd transition plus both tails.
    let snrs: Vec<f64> = (0..1000)
        .map(|i| db_to_linear(-5.0 + 30.0 * f64::from(i) / 999.0))
        .collect();
    println!("| Detector::pd, Pfa 1e-6 (SNR −5…25 dB) | ns/call | M calls/s |");
    println!("|---|---:|---:|");
    for pulses in [1u32, 4, 10, 30] {
        let d = Detector::new(1e-6, pulses).expect("valid detector");
        for sw in Swerling::ALL {
            let ns = median_ns(snrs.len() * 20, || {
                for _ in 0..20 {
                    for &s in &snrs {
                        black_box(d.pd(sw, black_box(s)));
                    }
                }
            });
            row(&format!("SW{} N={pulses}", sw.case()), ns);
        }
    }

    let r = radar();
    let targets: Vec<TargetGeometry> = (0..1000)
        .map(|i| {
            let ground = 20e3 + 380e3 * f64::from(i) / 999.0;
            let s = r
                .params()
                .earth
                .slant_geometry(25.0, 6_000.0, ground)
                .expect("valid geometry");
            TargetGeometry {
                slant_range_m: s.slant_range_m,
                azimuth_rad: 0.1,
                elevation_rad: s.elevation_rad,
                altitude_m: 6_000.0,
                rcs_m2: 1.0,
                swerling: Swerling::ALL[i as usize % 5],
            }
        })
        .collect();
    println!();
    println!("| Radar (N=4 non-coherent, all cases, 20–400 km) | ns/call | M calls/s |");
    println!("|---|---:|---:|");
    let ns = median_ns(targets.len() * 20, || {
        for _ in 0..20 {
            for t in &targets {
                black_box(r.assess(black_box(t)).expect("valid target"));
            }
        }
    });
    row("Radar::assess", ns);
    let mut rng = ChaCha8Rng::seed_from_u64(1);
    let ns = median_ns(targets.len() * 20, || {
        for _ in 0..20 {
            for t in &targets {
                black_box(r.look(black_box(t), &mut rng).expect("valid target"));
            }
        }
    });
    row("Radar::look (draws + measurement)", ns);
    let ns = median_ns(100, || {
        for _ in 0..100 {
            black_box(Detector::new(black_box(1e-6), black_box(30)).expect("valid detector"));
        }
    });
    row("Detector::new (N=30, threshold)", ns);
    let d = Detector::new(1e-6, 10).expect("valid detector");
    let ns = median_ns(20, || {
        for _ in 0..20 {
            black_box(
                d.required_snr_db(Swerling::One, black_box(0.9))
                    .expect("reachable"),
            );
        }
    });
    row("Detector::required_snr_db (N=10)", ns);
}
