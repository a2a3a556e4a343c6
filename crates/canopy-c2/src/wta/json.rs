//! JSON front end: the instance format of `gen_wta.py` plus optional constraint fields.
//!
//! ```text
//! {"weapons": W, "targets": T, "value": [T numbers], "p": [W rows of T numbers],
//!  "allowed": [W rows of T booleans],        (optional)
//!  "max_shots": [T integers],                (optional salvo caps)
//!  "fire_unit": [W integers], "available": [U integers]}   (optional, together)
//! ```
//!
//! Unknown fields are rejected so that a misspelt constraint is an error, not silently ignored.

use rand::Rng;
use serde::Deserialize;

use super::{WtaError, WtaOptions, WtaProblem, WtaSolution, check_len, solve};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct InstanceJson {
    weapons: usize,
    targets: usize,
    value: Vec<f64>,
    p: Vec<Vec<f64>>,
    #[serde(default)]
    allowed: Option<Vec<Vec<bool>>>,
    #[serde(default)]
    max_shots: Option<Vec<usize>>,
    #[serde(default)]
    fire_unit: Option<Vec<usize>>,
    #[serde(default)]
    available: Option<Vec<usize>>,
}

/// Parses and validates an instance. Every defect (syntax, wrong lengths, `p` outside `[0, 1]`,
/// negative values, half-given fire units, numbers too large for a double) is an `Err` with a
/// message naming the field.
pub fn parse_instance(input: &str) -> Result<WtaProblem, WtaError> {
    let raw: InstanceJson =
        serde_json::from_str(input).map_err(|e| WtaError::Json(e.to_string()))?;
    check_len("value", raw.targets, raw.value.len())?;
    check_len("p", raw.weapons, raw.p.len())?;
    let mut pb = WtaProblem::new(raw.value, raw.p)?;
    if let Some(allowed) = raw.allowed {
        pb = pb.with_allowed(&allowed)?;
    }
    if let Some(m) = raw.max_shots {
        pb = pb.with_max_shots(m)?;
    }
    match (raw.fire_unit, raw.available) {
        (Some(unit_of), Some(available)) => pb.with_fire_units(unit_of, available),
        (None, None) => Ok(pb),
        _ => Err(WtaError::Json(
            "\"fire_unit\" and \"available\" must be given together".to_string(),
        )),
    }
}

/// Parses an instance and solves it with [`solve`]. The caller times the call and writes the
/// result with [`WtaSolution::to_json`].
pub fn solve_instance_json<R: Rng + ?Sized>(
    input: &str,
    options: &WtaOptions,
    rng: &mut R,
) -> Result<WtaSolution, WtaError> {
    let pb = parse_instance(input)?;
    Ok(solve(&pb, options, rng))
}
