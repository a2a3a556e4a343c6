//! The scenario language of Canopy: TOML files describing a catalog of types,
//! defended assets, air-defence units and raids, checked once at this
//! boundary.
//!
//! # Brief overview
//!
//! * [`load_file`] / [`load_str`] — read and validate a scenario, returning a
//!   [`Scenario`] or a [`LoadError`] listing **every** problem, each as a
//!   [`Diagnostic`] with `file:line:column`, the source line, a caret and a hint.
//! * [`Scenario`], [`Catalog`] and the types in [`model`] — the validated form:
//!   references resolved to indices, numbers in SI units, provenance attached.
//! * [`builtin_catalog`] — the notional catalog embedded in the binary
//!   (`catalog/builtin.toml`), sourced from ../shared/reference/PUBLIC_FACTS.md.
//!
//! **API boundary.** Nothing downstream sees raw input: the engine takes a
//! `Scenario` and cannot fail on user data. This crate is the only one besides
//! the CLI that reads files (the scenario and the catalogs it names).

mod catalog;
pub mod diag;
mod doctrine;
mod interceptor;
mod load;
pub mod model;
pub mod overrides;
mod radar;
mod reader;

pub use diag::{Diagnostic, SourceMap};
pub use load::{
    BUILTIN_CATALOG, BUILTIN_CATALOG_NAME, LoadError, Loaded, builtin_catalog, load_file, load_str,
};
pub use model::*;
pub use radar::{antenna_position, radar_params};
