//! From a catalog interceptor type to the flyout's parameters: the one place
//! that maps the catalog's airframe (motor, mass, drag, limits) onto
//! `canopy_flyout::InterceptorParams`, so that catalog validation and the
//! engine fly the same round.

use crate::model::{Airframe, InterceptorType};
use canopy_flyout::earth::STANDARD_GRAVITY;
use canopy_flyout::{InterceptorParams, Loft, Midcourse, ThrustPhase};

impl Airframe {
    /// The 3-DOF flyout parameters of this airframe with a lateral limit of
    /// `max_g`, lofting with the notional switch distances if it has a
    /// `loft_rise`; the other guidance settings (navigation ratio, autopilot
    /// lag, launch speed, guidance delay) are the notional long-range
    /// round's.
    pub fn flyout_params(&self, max_g: f64) -> InterceptorParams {
        let exhaust = self.specific_impulse_s * STANDARD_GRAVITY;
        let phase = |thrust_n: f64, duration_s: f64| ThrustPhase {
            thrust_n,
            duration_s,
            mass_flow_kg_s: thrust_n / exhaust,
        };
        let thrust_phases = vec![
            phase(self.boost_thrust_n, self.boost_s),
            phase(self.sustain_thrust_n, self.sustain_s),
        ];
        let propellant_mass_kg = thrust_phases
            .iter()
            .map(|p| p.mass_flow_kg_s * p.duration_s)
            .sum();
        InterceptorParams {
            launch_mass_kg: self.launch_mass_kg,
            propellant_mass_kg,
            thrust_phases,
            drag_coefficient: self.drag_coefficient,
            reference_area_m2: std::f64::consts::PI * 0.25 * self.diameter_m * self.diameter_m,
            max_lateral_g: max_g,
            max_time_of_flight_s: self.max_time_of_flight_s,
            midcourse: self.loft_rise.map_or(Midcourse::None, |rise| {
                Midcourse::Loft(Loft::notional(rise))
            }),
            ..InterceptorParams::notional_long_range()
        }
    }
}

impl InterceptorType {
    /// The flyout parameters of this type.
    pub fn flyout_params(&self) -> InterceptorParams {
        self.airframe.flyout_params(self.max_g)
    }
}
