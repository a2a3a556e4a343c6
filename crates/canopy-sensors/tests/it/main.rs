//! Integration tests of canopy-sensors: validation against MODELS.md (`val_*`), closed forms
//! against quadrature and Monte Carlo, and properties.

mod alert_confirm;
mod common;
mod coverage;
mod detection;
mod horizon;
mod monte_carlo;
mod radar;
mod radar_equation;
