//! Local-frame helpers: scenarios are written in East-North-Up metres around a launcher site and
//! converted to ECEF with map_3d (an independent geodesy implementation).

use canopy_flyout::{FlightEvent, Interceptor, InterceptorParams, TargetEstimate};
use map_3d::{Ellipsoid, enu2uvw, geodetic2ecef};
use nalgebra::Vector3;

/// A launcher site.
#[derive(Clone, Copy)]
pub struct Site {
    pub lat: f64,
    pub lon: f64,
    pub alt: f64,
}

pub const SITE: Site = Site {
    lat: 0.8,
    lon: 0.5,
    alt: 10.0,
};

impl Site {
    pub fn origin(&self) -> Vector3<f64> {
        let (x, y, z) = geodetic2ecef(self.lat, self.lon, self.alt, Ellipsoid::WGS84);
        Vector3::new(x, y, z)
    }

    /// ENU direction to an ECEF vector.
    pub fn dir(&self, enu: [f64; 3]) -> Vector3<f64> {
        let (x, y, z) = enu2uvw(enu[0], enu[1], enu[2], self.lat, self.lon);
        Vector3::new(x, y, z)
    }

    /// ENU point to ECEF.
    pub fn point(&self, enu: [f64; 3]) -> Vector3<f64> {
        self.origin() + self.dir(enu)
    }
}

/// A target moving with the given ECEF state, optionally weaving with a sinusoidal
/// acceleration `weave_accel`·cos(ω t) along `weave_dir` (no drift: the position offset is
/// a/ω²·(1 − cos ωt)).
#[derive(Clone, Copy)]
pub struct Target {
    pub p0: Vector3<f64>,
    pub v0: Vector3<f64>,
    pub weave_accel: f64,
    pub weave_omega: f64,
    pub weave_dir: Vector3<f64>,
}

impl Target {
    pub fn straight(p0: Vector3<f64>, v0: Vector3<f64>) -> Self {
        Target {
            p0,
            v0,
            weave_accel: 0.0,
            weave_omega: 1.0,
            weave_dir: Vector3::zeros(),
        }
    }

    pub fn truth(&self, t: f64) -> TargetEstimate {
        let (a, w) = (self.weave_accel, self.weave_omega);
        TargetEstimate {
            position: self.p0
                + self.v0 * t
                + self.weave_dir * (a / (w * w) * (1.0 - (w * t).cos())),
            velocity: self.v0 + self.weave_dir * (a / w * (w * t).sin()),
            time_s: t,
        }
    }
}

/// Launches at t = 0 and flies against the target truth with the engine-like tick `tick_s`
/// until a terminal event.
pub fn fly(
    params: InterceptorParams,
    from: Vector3<f64>,
    dir: Vector3<f64>,
    target: &Target,
    tick_s: f64,
) -> (FlightEvent, Interceptor) {
    let m = Interceptor::launch(params, from, dir, 0.0).expect("valid launch");
    fly_from(m, target, tick_s)
}

/// Flies a launched round against the target truth with the tick `tick_s` until a terminal
/// event.
pub fn fly_from(mut m: Interceptor, target: &Target, tick_s: f64) -> (FlightEvent, Interceptor) {
    loop {
        let truth = target.truth(m.time_s());
        let ev = m.step(tick_s, Some(&truth)).expect("valid step");
        if ev.is_terminal() {
            return (ev, m);
        }
    }
}
