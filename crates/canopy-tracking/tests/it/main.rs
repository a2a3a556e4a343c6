//! Integration tests: external oracles, Monte Carlo consistency, the IMM manoeuvre
//! scenario and property tests. One binary, one module per theme.

mod common;
mod consistency;
mod conversion;
mod imm_turn;
mod oracle;
mod properties;
mod track_filter;
