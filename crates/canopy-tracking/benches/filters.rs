//! Nanoseconds per predict+update for the filters, and for adskalman's linear KF on the
//! same constant-velocity problem as the Rust peer.
//!
//! Run: `cargo bench -p canopy-tracking --bench filters`. Each case keeps a table of
//! `TRACKS` independent tracks (like a tracker's track table), and one pass does
//! predict(1 s) + update for every track. Passes of all cases are interleaved, so on a
//! shared machine every case sees the same background load; the table reports the
//! median over `PASSES` of pass time / `TRACKS`.
//!
//! `CANOPY_BENCH_CASE=<row number>` runs only that case for `CANOPY_BENCH_PASSES` passes
//! (default 10) without timing output, for counting instructions under
//! `valgrind --tool=callgrind`, which the background load cannot disturb.

use std::hint::black_box;
use std::time::Instant;

use adskalman::{
    CovarianceUpdateMethod, ObservationModel, StateAndCovariance, TransitionModelLinearNoControl,
};
use canopy_tracking::{
    CartesianPosition, ConstantVelocity, ConstantVelocityTurnLayout, CoordinatedTurn, Filter,
    Gaussian, Imm, KalmanFilter, Measurement, MotionModel, RaeProcessing, RangeAzEl, TrackFilter,
    TurnModel,
};
use nalgebra::{Matrix2, Matrix3, SMatrix, SVector, U3, U6, Vector2, Vector3};

const TRACKS: usize = 256;
const PASSES: usize = 101;
const DT: f64 = 1.0;

/// One benchmark case: a name and one pass over its track table.
type Case = (&'static str, Box<dyn FnMut()>);

/// Track `i`'s true position: spread over a 100 km square, 5 km up.
fn truth(i: usize) -> Vector3<f64> {
    let f = i as f64;
    Vector3::new(
        -50e3 + 97.0 * f,
        10e3 + (f * 37.0) % 40e3,
        5e3 + (f * 13.0) % 1e3,
    )
}

fn cv_prior(i: usize) -> Gaussian<6> {
    let p = truth(i);
    Gaussian::new(
        SVector::from([p[0], 200.0, p[1], -50.0, p[2], 0.0]),
        SMatrix::from_diagonal(&SVector::from([1e4, 400.0, 1e4, 400.0, 1e4, 25.0])),
    )
    .unwrap()
}

fn turn_prior(i: usize) -> Gaussian<7> {
    let p = truth(i);
    Gaussian::new(
        SVector::from([p[0], 200.0, p[1], -50.0, 0.01, p[2], 0.0]),
        SMatrix::from_diagonal(&SVector::from([1e4, 400.0, 1e4, 400.0, 1e-4, 1e4, 25.0])),
    )
    .unwrap()
}

fn radar() -> RangeAzEl {
    RangeAzEl::new(Vector3::zeros(), 20.0, 1e-3, 1e-3).unwrap()
}

/// A pass of predict+update over a table of filters, each with its own measurement.
fn filter_pass<F: Filter<N> + 'static, const N: usize>(
    mut filters: Vec<F>,
    measurements: Vec<Measurement>,
) -> Box<dyn FnMut()> {
    Box::new(move || {
        for (f, m) in filters.iter_mut().zip(&measurements) {
            f.predict(black_box(DT)).unwrap();
            black_box(f.update_measurement(black_box(m)).unwrap());
        }
    })
}

/// The same through the tracker-facing enum.
fn enum_pass(mut filters: Vec<TrackFilter>, measurements: Vec<Measurement>) -> Box<dyn FnMut()> {
    Box::new(move || {
        for (f, m) in filters.iter_mut().zip(&measurements) {
            f.predict(black_box(DT)).unwrap();
            black_box(f.update(black_box(m)).unwrap());
        }
    })
}

fn position_measurements() -> Vec<Measurement> {
    let sensor = CartesianPosition::isotropic(30.0).unwrap();
    (0..TRACKS)
        .map(|i| Measurement::Position {
            value: truth(i) + Vector3::new(10.0, -5.0, 3.0),
            sensor,
        })
        .collect()
}

fn rae_measurements(processing: RaeProcessing) -> Vec<Measurement> {
    let sensor = radar();
    (0..TRACKS)
        .map(|i| Measurement::Rae {
            value: sensor.measure(&truth(i)).unwrap() + Vector3::new(5.0, 1e-4, -1e-4),
            sensor,
            processing,
        })
        .collect()
}

fn imm(i: usize) -> Imm<TurnModel, 7, 2> {
    Imm::new(
        [
            TurnModel::ConstantVelocity(ConstantVelocityTurnLayout::new(1.0, 1.0, 1e-6).unwrap()),
            TurnModel::CoordinatedTurn(CoordinatedTurn::new(1.0, 1e-3, 1.0).unwrap()),
        ],
        Matrix2::new(0.95, 0.05, 0.05, 0.95),
        turn_prior(i),
        Vector2::new(0.9, 0.1),
    )
    .unwrap()
}

struct AdsTransition {
    f: SMatrix<f64, 6, 6>,
    ft: SMatrix<f64, 6, 6>,
    q: SMatrix<f64, 6, 6>,
}

impl TransitionModelLinearNoControl<f64, U6> for AdsTransition {
    fn F(&self) -> &SMatrix<f64, 6, 6> {
        &self.f
    }
    fn FT(&self) -> &SMatrix<f64, 6, 6> {
        &self.ft
    }
    fn Q(&self) -> &SMatrix<f64, 6, 6> {
        &self.q
    }
}

struct AdsObservation {
    h: SMatrix<f64, 3, 6>,
    ht: SMatrix<f64, 6, 3>,
    r: Matrix3<f64>,
}

impl ObservationModel<f64, U6, U3> for AdsObservation {
    fn H(&self) -> &SMatrix<f64, 3, 6> {
        &self.h
    }
    fn HT(&self) -> &SMatrix<f64, 6, 3> {
        &self.ht
    }
    fn R(&self) -> &Matrix3<f64> {
        &self.r
    }
}

/// adskalman's predict + Joseph-form update on the identical CV / position problem.
fn adskalman_pass() -> Box<dyn FnMut()> {
    let cv = ConstantVelocity::new(1.0).unwrap();
    let t = cv.transition(&SVector::zeros(), DT);
    let transition = AdsTransition {
        f: t.jacobian,
        ft: t.jacobian.transpose(),
        q: t.noise,
    };
    let mut h = SMatrix::<f64, 3, 6>::zeros();
    for (row, &col) in ConstantVelocity::POSITION.iter().enumerate() {
        h[(row, col)] = 1.0;
    }
    let observation = AdsObservation {
        h,
        ht: h.transpose(),
        r: Matrix3::from_diagonal_element(900.0),
    };
    let mut states: Vec<_> = (0..TRACKS)
        .map(|i| {
            let g = cv_prior(i);
            StateAndCovariance::new(*g.mean(), *g.covariance())
        })
        .collect();
    let zs: Vec<Vector3<f64>> = (0..TRACKS)
        .map(|i| truth(i) + Vector3::new(10.0, -5.0, 3.0))
        .collect();
    Box::new(move || {
        for (s, z) in states.iter_mut().zip(&zs) {
            let prior = transition.predict(black_box(s));
            *s = observation
                .update(&prior, black_box(z), CovarianceUpdateMethod::JosephForm)
                .unwrap();
        }
    })
}

fn cases() -> Vec<Case> {
    let cv = ConstantVelocity::new(1.0).unwrap();
    let ct = CoordinatedTurn::new(1.0, 1e-3, 1.0).unwrap();
    let cv_filters = || -> Vec<_> {
        (0..TRACKS)
            .map(|i| KalmanFilter::new(cv, cv_prior(i)))
            .collect()
    };
    let imms = || -> Vec<_> { (0..TRACKS).map(imm).collect() };
    vec![
        (
            "KF-CV (6-state, 3-D position)",
            filter_pass(cv_filters(), position_measurements()),
        ),
        ("adskalman KF-CV (peer, same problem)", adskalman_pass()),
        (
            "TrackFilter::ConstantVelocity (enum dispatch)",
            enum_pass(
                (0..TRACKS)
                    .map(|i| TrackFilter::ConstantVelocity(KalmanFilter::new(cv, cv_prior(i))))
                    .collect(),
                position_measurements(),
            ),
        ),
        (
            "EKF-RAE (CV 6-state, range/az/el)",
            filter_pass(cv_filters(), rae_measurements(RaeProcessing::Extended)),
        ),
        (
            "Converted-measurement KF (CV, debiased RAE)",
            filter_pass(cv_filters(), rae_measurements(RaeProcessing::Converted)),
        ),
        (
            "EKF-CT (7-state, 3-D position)",
            filter_pass(
                (0..TRACKS)
                    .map(|i| KalmanFilter::new(ct, turn_prior(i)))
                    .collect(),
                position_measurements(),
            ),
        ),
        (
            "IMM(CV, CT) (7-state, 3-D position)",
            filter_pass(imms(), position_measurements()),
        ),
        (
            "IMM(CV, CT) (7-state, EKF range/az/el)",
            filter_pass(imms(), rae_measurements(RaeProcessing::Extended)),
        ),
    ]
}

fn main() {
    let mut cases = cases();
    if let Ok(only) = std::env::var("CANOPY_BENCH_CASE") {
        let passes: usize = std::env::var("CANOPY_BENCH_PASSES")
            .ok()
            .and_then(|p| p.parse().ok())
            .unwrap_or(10);
        let (_, pass) = &mut cases[only.parse::<usize>().expect("case row number")];
        for _ in 0..passes {
            pass();
        }
        return;
    }
    // Warm-up pass: page the tables in and let the filters reach steady state.
    for (_, pass) in cases.iter_mut() {
        pass();
    }
    let mut samples = vec![Vec::with_capacity(PASSES); cases.len()];
    for _ in 0..PASSES {
        for ((_, pass), times) in cases.iter_mut().zip(samples.iter_mut()) {
            let start = Instant::now();
            pass();
            times.push(start.elapsed().as_nanos() as f64 / TRACKS as f64);
        }
    }
    let medians: Vec<f64> = samples
        .iter_mut()
        .map(|t| {
            t.sort_by(f64::total_cmp);
            t[PASSES / 2]
        })
        .collect();
    println!("tracks per pass: {TRACKS}, passes: {PASSES} (interleaved; median reported)");
    println!("| row | case | ns per predict+update |");
    println!("|---|---|---|");
    for (row, ((name, _), ns)) in cases.iter().zip(&medians).enumerate() {
        println!("| {row} | {name} | {ns:.0} |");
    }
    println!("adskalman / ours (KF-CV): {:.2}", medians[1] / medians[0]);
}
