//! Integration tests: external oracles, Monte Carlo consistency, the IMM manoeuvre
//! scenario and property tests; the multi-target tracker against score.py and Stone Soup
//! fixtures, fusion and clutter cases. One binary, one module per theme.

mod bench_files;
mod clutter;
mod common;
mod consistency;
mod conversion;
mod fusion;
mod imm_turn;
mod oracle;
mod properties;
mod scoring;
mod track_filter;
