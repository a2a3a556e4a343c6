//! Integration tests: of the WTA module (exact search against enumeration, JSON front end,
//! generator against the Python generator, validation against HiGHS optima), and of the
//! feasibility assessment and the threat evaluation against the implementations they
//! replaced, on regiment-like cases and a mass raid.

mod cases;
mod evaluate;
mod exact;
mod feasibility;
mod generator;
mod io;
mod validation;

use canopy_c2::wta::{WtaFamily, WtaProblem, generate, parse_instance};
use serde_json::Value;

/// Directory of the committed instances and reference values.
pub const DATA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data");

/// The records of `tests/data/reference.json`.
pub fn reference_records() -> Vec<Value> {
    let text = std::fs::read_to_string(format!("{DATA}/reference.json")).expect("reference.json");
    let v: Value = serde_json::from_str(&text).expect("reference.json parses");
    v["records"].as_array().expect("records array").clone()
}

/// The record named `name`.
pub fn record(name: &str) -> Value {
    reference_records()
        .into_iter()
        .find(|r| r["name"] == name)
        .unwrap_or_else(|| panic!("no reference record {name}"))
}

/// Family of a record.
pub fn family(r: &Value) -> WtaFamily {
    match r["family"].as_str() {
        Some("hetero") => WtaFamily::Hetero,
        _ => WtaFamily::Ahuja,
    }
}

/// The instance of a record, regenerated with the Rust port of gen_wta.py.
pub fn generated(r: &Value) -> WtaProblem {
    let n = |k: &str| r[k].as_u64().expect("integer field");
    generate(
        n("weapons") as usize,
        n("targets") as usize,
        n("seed"),
        family(r),
    )
}

/// The committed JSON instance of a record, if it has one.
pub fn committed(r: &Value) -> Option<WtaProblem> {
    let file = r["file"].as_str()?;
    let text = std::fs::read_to_string(format!("{DATA}/{file}")).expect("instance file");
    Some(parse_instance(&text).expect("committed instance parses"))
}
