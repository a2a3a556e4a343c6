"""Stone Soup peer for `benches/filters.rs`: microseconds per predict+update.

The same problems as the Rust bench, built from Stone Soup's own components:

* KF-CV: KalmanPredictor on CombinedLinearGaussianTransitionModel([ConstantVelocity(1)] * 3),
  KalmanUpdater with a LinearGaussian 3-D position model (sigma 30 m), state
  [x, vx, y, vy, z, vz] as ours.
* EKF-RAE: the same predictor, ExtendedKalmanUpdater with
  CartesianToElevationBearingRange (sigma 20 m, 1 mrad, 1 mrad).
* EKF-CT: ExtendedKalmanPredictor on CombinedGaussianTransitionModel([ConstantTurn,
  ConstantVelocity]), i.e. the state [x, vx, y, vy, omega, z, vz] as our CoordinatedTurn,
  with the 3-D position update.

Stone Soup 1.9.1 has no IMM, so there is no IMM row.

Each case runs one track through CYCLES predict+update cycles (1 s apart) and reports the
median over REPEATS of wall and CPU time per cycle. Run with the venv that has stonesoup:

    /work/venvs/canopy-tracking/bin/python benches/stonesoup_peer.py
"""

import datetime
import statistics
import time

import numpy as np
from stonesoup.models.measurement.linear import LinearGaussian
from stonesoup.models.measurement.nonlinear import CartesianToElevationBearingRange
from stonesoup.models.transition.base import CombinedGaussianTransitionModel
from stonesoup.models.transition.linear import (
    CombinedLinearGaussianTransitionModel,
    ConstantVelocity,
)
from stonesoup.models.transition.nonlinear import ConstantTurn
from stonesoup.predictor.kalman import ExtendedKalmanPredictor, KalmanPredictor
from stonesoup.types.detection import Detection
from stonesoup.types.hypothesis import SingleHypothesis
from stonesoup.types.state import GaussianState
from stonesoup.updater.kalman import ExtendedKalmanUpdater, KalmanUpdater

CYCLES = 500
REPEATS = 7
T0 = datetime.datetime(2026, 1, 1)
DT = datetime.timedelta(seconds=1)


def run(predictor, updater, prior, measurement_model, truth_at):
    """Median wall and CPU microseconds per predict+update cycle (detections are built
    before the clock starts, as the Rust bench builds its measurements up front)."""
    n = len(prior.state_vector)
    detections = []
    for k in range(1, CYCLES + 1):
        t = T0 + k * DT
        z = measurement_model.function(GaussianState(truth_at(k), np.eye(n)), noise=False)
        detections.append(Detection(z, timestamp=t, measurement_model=measurement_model))
    walls, cpus = [], []
    for _ in range(REPEATS):
        state = prior
        w0, c0 = time.perf_counter(), time.process_time()
        for detection in detections:
            prediction = predictor.predict(state, timestamp=detection.timestamp)
            state = updater.update(SingleHypothesis(prediction, detection))
        walls.append((time.perf_counter() - w0) / CYCLES * 1e6)
        cpus.append((time.process_time() - c0) / CYCLES * 1e6)
    return statistics.median(walls), statistics.median(cpus)


def main():
    cv = CombinedLinearGaussianTransitionModel([ConstantVelocity(1.0)] * 3)
    position = LinearGaussian(ndim_state=6, mapping=(0, 2, 4), noise_covar=np.eye(3) * 900.0)
    radar = CartesianToElevationBearingRange(
        ndim_state=6,
        mapping=(0, 2, 4),
        noise_covar=np.diag([1e-6, 1e-6, 400.0]),
    )

    def cv_truth(k):
        return np.array([[30e3 + 200.0 * k], [200.0], [40e3 - 50.0 * k], [-50.0], [5e3], [0.0]])

    cv_prior = GaussianState(cv_truth(0), np.diag([1e4, 400.0, 1e4, 400.0, 1e4, 25.0]), T0)

    ct = CombinedGaussianTransitionModel(
        [ConstantTurn(linear_noise_coeffs=np.array([1.0, 1.0]), turn_noise_coeff=1e-3),
         ConstantVelocity(1.0)]
    )
    position7 = LinearGaussian(ndim_state=7, mapping=(0, 2, 5), noise_covar=np.eye(3) * 900.0)

    def ct_truth(k):
        return np.array([[30e3 + 200.0 * k], [200.0], [40e3], [-50.0], [0.01], [5e3], [0.0]])

    ct_prior = GaussianState(
        ct_truth(0), np.diag([1e4, 400.0, 1e4, 400.0, 1e-4, 1e4, 25.0]), T0
    )

    rows = [
        ("KF-CV (6-state, 3-D position)",
         run(KalmanPredictor(cv), KalmanUpdater(position), cv_prior, position, cv_truth)),
        ("EKF-RAE (CV 6-state, range/az/el)",
         run(KalmanPredictor(cv), ExtendedKalmanUpdater(radar), cv_prior, radar, cv_truth)),
        ("EKF-CT (7-state, 3-D position)",
         run(ExtendedKalmanPredictor(ct), ExtendedKalmanUpdater(position7), ct_prior,
             position7, ct_truth)),
    ]
    print(f"cycles per repeat: {CYCLES}, repeats: {REPEATS} (median reported)")
    print("| case | Stone Soup wall µs/cycle | Stone Soup CPU µs/cycle |")
    print("|---|---|---|")
    for name, (wall, cpu) in rows:
        print(f"| {name} | {wall:.1f} | {cpu:.1f} |")


if __name__ == "__main__":
    main()
