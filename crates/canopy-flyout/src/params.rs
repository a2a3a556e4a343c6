//! Interceptor parameters and the propulsion/drag model shared by the 3-DOF flyout and the
//! flyout table.

use nalgebra::SVector;

use crate::atmosphere::Atmosphere;
use crate::earth::EarthModel;
use crate::error::{FlyoutError, finite, non_negative, positive, rule};
use crate::integrate::Integrator;
use crate::loft::{Loft, MIN_LAUNCH_ELEVATION_DEG};

/// One constant-thrust motor phase (boost, sustain, ...). Phases burn back to back from launch;
/// after the last one the interceptor coasts.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ThrustPhase {
    /// Thrust along the velocity vector (N).
    pub thrust_n: f64,
    /// Burn time (s).
    pub duration_s: f64,
    /// Propellant mass flow (kg/s); the mass decreases linearly during the phase.
    pub mass_flow_kg_s: f64,
}

/// The world the interceptor flies through.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Environment {
    /// Shape used for altitude and the local vertical.
    pub earth: EarthModel,
    /// Density model used for drag.
    pub atmosphere: Atmosphere,
}

/// Guidance before the seeker takes over.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub enum Midcourse {
    /// Proportional navigation on the target estimate from the end of the guidance delay.
    #[default]
    None,
    /// Steer the velocity toward the predicted intercept point (PIP) of a constant-velocity
    /// target for an interceptor holding its current speed, recomputed every guidance update
    /// ([`crate::guidance::heading_alignment`]; the target estimate itself when no PIP exists),
    /// until the range to the target estimate drops below `seeker_range_m`; then PN on the
    /// target (terminal homing) for the rest of the flight. This is what turns a vertically
    /// launched round over onto its collision course.
    PredictedInterceptPoint {
        /// Range (m) at which the seeker acquires and terminal homing starts.
        seeker_range_m: f64,
        /// Time constant T of the heading alignment (s): turn rate = heading error / T.
        heading_time_constant_s: f64,
    },
    /// Proportional navigation toward an aim point raised above the predicted intercept point
    /// ([`crate::Interceptor::plan_intercept_at`]; the target estimate without a plan), which
    /// makes the round climb into thin air before diving on the target, then PN on the target
    /// itself once the ground distance to go is below the switch distance ([`Loft`]).
    Loft(Loft),
}

/// Everything that defines an interceptor's flyout. Units are SI.
#[derive(Debug, Clone, PartialEq)]
pub struct InterceptorParams {
    /// Mass at launch, propellant included (kg).
    pub launch_mass_kg: f64,
    /// Propellant mass (kg); the phases may not burn more than this.
    pub propellant_mass_kg: f64,
    /// Motor phases in burn order; empty for an unpowered round.
    pub thrust_phases: Vec<ThrustPhase>,
    /// Drag coefficient, constant over Mach number (referenced to `reference_area_m2`).
    pub drag_coefficient: f64,
    /// Aerodynamic reference area (m²), usually the body cross-section.
    pub reference_area_m2: f64,
    /// Limit on the lateral (perpendicular-to-velocity) acceleration, in g₀.
    pub max_lateral_g: f64,
    /// Effective navigation ratio N' of proportional navigation.
    pub nav_ratio: f64,
    /// Self-destruct time after launch (s).
    pub max_time_of_flight_s: f64,
    /// First-order lag τ of the achieved lateral acceleration behind the command (s); 0 is an
    /// ideal airframe/autopilot.
    pub autopilot_time_constant_s: f64,
    /// Speed leaving the launcher (m/s); must be > 0 so the velocity direction is defined.
    pub launch_speed_mps: f64,
    /// Time after launch before guidance starts (s): the round flies unguided off the rail.
    pub guidance_delay_s: f64,
    /// Mid-course guidance mode.
    pub midcourse: Midcourse,
    /// Add the lateral component of gravity to the command so lift holds the flight path up;
    /// PN alone would let the trajectory sag and spend its lateral budget late.
    pub gravity_compensation: bool,
    /// Integration step near the target, which is also the guidance update interval there
    /// (s, ≥ 1 µs).
    pub integration_step_s: f64,
    /// Longest integration step (s, ≥ `integration_step_s`). Far from the target the line of
    /// sight turns slowly, so the step grows with the time to go (1/[`crate::STEPS_TO_GO`] of it)
    /// up to this; equal to `integration_step_s` for a fixed step.
    pub max_integration_step_s: f64,
    /// Earth and atmosphere models.
    pub environment: Environment,
}

impl InterceptorParams {
    /// A notional long-range, single-pulse-with-sustain interceptor of the 48N6 class, sized to
    /// public order-of-magnitude figures (PUBLIC_FACTS: ~1.8 t, ~2 km/s class, 0.5 m body),
    /// not to any real round: 1800 kg at launch, 920 kg of propellant burnt as a 4 s, 200 kN
    /// boost and a 10 s, 60 kN sustain (specific impulse ≈ 255 s), Cd 0.3 on 0.208 m²,
    /// 25 g lateral limit, N' = 4, 0.1 s autopilot lag, 180 s time of flight, 10 ms step in
    /// the last second before intercept and up to 50 ms before.
    pub fn notional_long_range() -> Self {
        InterceptorParams {
            launch_mass_kg: 1_800.0,
            propellant_mass_kg: 1_040.0,
            thrust_phases: vec![
                ThrustPhase {
                    thrust_n: 450_000.0,
                    duration_s: 5.0,
                    mass_flow_kg_s: 170.0,
                },
                ThrustPhase {
                    thrust_n: 50_000.0,
                    duration_s: 10.0,
                    mass_flow_kg_s: 19.0,
                },
            ],
            drag_coefficient: 0.25,
            reference_area_m2: 0.208,
            max_lateral_g: 25.0,
            nav_ratio: 4.0,
            max_time_of_flight_s: 180.0,
            autopilot_time_constant_s: 0.1,
            launch_speed_mps: 30.0,
            guidance_delay_s: 0.5,
            midcourse: Midcourse::None,
            gravity_compensation: true,
            integration_step_s: 0.01,
            max_integration_step_s: 0.05,
            environment: Environment::default(),
        }
    }

    /// Checks every field; the flyout and the table call this before using the parameters.
    pub fn validate(&self) -> Result<(), FlyoutError> {
        positive("launch_mass_kg", self.launch_mass_kg)?;
        non_negative("propellant_mass_kg", self.propellant_mass_kg)?;
        rule(
            "propellant_mass_kg",
            self.propellant_mass_kg < self.launch_mass_kg,
            "must be less than launch_mass_kg",
        )?;
        let mut burnt = 0.0;
        for phase in &self.thrust_phases {
            non_negative("thrust_phases.thrust_n", phase.thrust_n)?;
            non_negative("thrust_phases.duration_s", phase.duration_s)?;
            non_negative("thrust_phases.mass_flow_kg_s", phase.mass_flow_kg_s)?;
            burnt += phase.duration_s * phase.mass_flow_kg_s;
        }
        rule(
            "thrust_phases",
            burnt <= self.propellant_mass_kg * (1.0 + 1e-12),
            "the phases burn more than propellant_mass_kg",
        )?;
        non_negative("drag_coefficient", self.drag_coefficient)?;
        non_negative("reference_area_m2", self.reference_area_m2)?;
        positive("max_lateral_g", self.max_lateral_g)?;
        non_negative("nav_ratio", self.nav_ratio)?;
        positive("max_time_of_flight_s", self.max_time_of_flight_s)?;
        non_negative("autopilot_time_constant_s", self.autopilot_time_constant_s)?;
        positive("launch_speed_mps", self.launch_speed_mps)?;
        non_negative("guidance_delay_s", self.guidance_delay_s)?;
        if let Midcourse::PredictedInterceptPoint {
            seeker_range_m,
            heading_time_constant_s,
        } = self.midcourse
        {
            positive("midcourse.seeker_range_m", seeker_range_m)?;
            positive("midcourse.heading_time_constant_s", heading_time_constant_s)?;
        }
        if let Midcourse::Loft(loft) = &self.midcourse {
            loft.validate()?;
        }
        positive("integration_step_s", self.integration_step_s)?;
        // A smaller step would make a single call run for hours, which is a bug, not a setting.
        rule(
            "integration_step_s",
            self.integration_step_s >= 1e-6,
            "must be at least 1 µs",
        )?;
        finite("max_integration_step_s", self.max_integration_step_s)?;
        rule(
            "max_integration_step_s",
            self.max_integration_step_s >= self.integration_step_s,
            "must be at least integration_step_s",
        )?;
        self.environment.earth.validate()?;
        self.environment.atmosphere.validate()
    }
}

impl Midcourse {
    /// Launch elevation (rad) toward a planned intercept point seen at `los_elevation_rad`
    /// from the launcher, `ground_m` away along the surface and `altitude_m` high: the line of
    /// sight, raised to the loft's floor ([`Loft::launch_floor_rad`]) for a lofting round and
    /// to [`MIN_LAUNCH_ELEVATION_DEG`] for any.
    pub fn launch_elevation_rad(
        &self,
        los_elevation_rad: f64,
        ground_m: f64,
        altitude_m: f64,
    ) -> f64 {
        let floor = match self {
            Midcourse::Loft(loft) => loft.launch_floor_rad(ground_m, altitude_m),
            _ => 0.0,
        };
        los_elevation_rad
            .max(floor)
            .max(MIN_LAUNCH_ELEVATION_DEG.to_radians())
    }
}

/// One phase compiled to absolute times after launch.
#[derive(Debug, Clone, Copy)]
struct Burn {
    end_s: f64,
    start_s: f64,
    thrust_n: f64,
    mass_flow_kg_s: f64,
    mass_at_start_kg: f64,
}

/// Propulsion and drag compiled from validated parameters: thrust and mass are known functions
/// of time since launch, so mass is not an integration state.
#[derive(Debug, Clone)]
pub(crate) struct Airframe {
    burns: Vec<Burn>,
    burnout_mass_kg: f64,
    drag_area_m2: f64,
    atmosphere: Atmosphere,
}

impl Airframe {
    pub(crate) fn new(params: &InterceptorParams) -> Self {
        let mut start_s = 0.0;
        let mut mass = params.launch_mass_kg;
        let mut burns = Vec::with_capacity(params.thrust_phases.len());
        for phase in params.thrust_phases.iter().filter(|p| p.duration_s > 0.0) {
            burns.push(Burn {
                start_s,
                end_s: start_s + phase.duration_s,
                thrust_n: phase.thrust_n,
                mass_flow_kg_s: phase.mass_flow_kg_s,
                mass_at_start_kg: mass,
            });
            start_s += phase.duration_s;
            mass -= phase.duration_s * phase.mass_flow_kg_s;
        }
        Airframe {
            burns,
            burnout_mass_kg: mass,
            drag_area_m2: params.drag_coefficient * params.reference_area_m2,
            atmosphere: params.environment.atmosphere,
        }
    }

    /// Time after launch at which the motor has burnt out (s).
    pub(crate) fn burnout_s(&self) -> f64 {
        self.burns.last().map_or(0.0, |b| b.end_s)
    }

    fn burn_at(&self, t: f64) -> Option<&Burn> {
        self.burns.iter().find(|b| t < b.end_s && t >= b.start_s)
    }

    /// Mass (kg) at `t` ≥ 0 seconds after launch (the burns run back to back from t = 0, so
    /// outside them the motor has burnt out).
    pub(crate) fn mass_kg(&self, t: f64) -> f64 {
        self.burn_at(t).map_or(self.burnout_mass_kg, |b| {
            b.mass_at_start_kg - b.mass_flow_kg_s * (t - b.start_s)
        })
    }

    /// End of the motor phase running at `t`, if any.
    pub(crate) fn next_switch_after(&self, t: f64) -> Option<f64> {
        self.burn_at(t).map(|b| b.end_s)
    }

    /// Integrates `dy/dt = f(t, y)` with RK4 from `t` (time since launch) over `h`, split at
    /// motor phase ends so a thrust discontinuity never falls inside a Runge–Kutta step (which
    /// would cut the step to first order).
    pub(crate) fn integrate<const N: usize>(
        &self,
        f: impl Fn(f64, &SVector<f64, N>) -> SVector<f64, N>,
        mut t: f64,
        mut y: SVector<f64, N>,
        h: f64,
    ) -> SVector<f64, N> {
        let t_end = t + h;
        while t < t_end {
            let phase_end = self.next_switch_after(t);
            let next = phase_end.filter(|&end| end < t_end).unwrap_or(t_end);
            // A stage at the phase's end still belongs to the phase: the step integrates that
            // phase's smooth thrust, and the next phase's at its last stage would be an O(h)
            // error (≈ 3 m/s on the notional round's boost end at a 50 ms step).
            let last_in_phase = phase_end.map_or(f64::INFINITY, f64::next_down);
            y = Integrator::Rk4.step(
                |s, y: &SVector<f64, N>| f(s.min(last_in_phase), y),
                t,
                &y,
                next - t,
            );
            t = next;
        }
        y
    }

    /// Thrust minus drag over mass (m/s²) along the velocity, at `t` s after launch.
    pub(crate) fn axial_acceleration(&self, t: f64, speed: f64, altitude_m: f64) -> f64 {
        // One phase lookup for both thrust and mass: this runs at every Runge–Kutta stage.
        let (thrust, mass) = self.burn_at(t).map_or((0.0, self.burnout_mass_kg), |b| {
            (
                b.thrust_n,
                b.mass_at_start_kg - b.mass_flow_kg_s * (t - b.start_s),
            )
        });
        // Each stage waits on altitude → density → drag, so everything that does not need the
        // density (1/m, ½·v²·Cd·A/m) is formed beside that chain and the density enters with a
        // single multiplication.
        let inv_mass = 1.0 / mass;
        let drag_accel = if self.drag_area_m2 > 0.0 {
            self.atmosphere.density(altitude_m)
                * (0.5 * speed * speed * self.drag_area_m2 * inv_mass)
        } else {
            0.0
        };
        thrust * inv_mass - drag_accel
    }
}

#[cfg(test)]
mod tests;
