//! Integration tests of canopy-assign: oracles (brute force, `pathfinding`, SciPy numbers),
//! sparse/dense equivalence, error handling and scratch reuse.

mod common;
mod dense;
mod errors;
mod oracle;
mod scipy;
mod sparse;
