//! Monte Carlo studies of Canopy scenarios: batches of runs, parameter
//! sweeps, metrics with honest denominators and intervals, and
//! self-contained HTML reports.
//!
//! # Where it sits
//!
//! ```text
//! Scenario ──► batch: canopy_engine::run × N (rayon, one run per task) ──► rows ──► tables (CSV, Parquet)
//!                                                                           └──► metrics ──► summary.json, report.html
//! ```
//!
//! # Brief overview
//!
//! * [`batch::Batch`] — a batch of runs into a folder: opens (or resumes)
//!   it, runs the missing run indices in parallel, appends each run's rows
//!   as it finishes, and writes the final sorted tables and `summary.json`.
//!   Results are identical for any thread count: run k depends only on
//!   (scenario, seed, k).
//! * [`rows`] — [`rows::RunRow`], [`rows::ThreatRow`], [`rows::ShotRow`],
//!   [`rows::MagazineRow`]: what one run contributes to each table.
//! * [`tables`] — the [`tables::Record`] trait and the CSV and Parquet
//!   writers and the CSV reader, all driven by one field list per row type.
//! * [`metrics`] — pure functions from the tables to the metrics of
//!   QUESTIONS.md Q2–Q5 and Q8, gathered in [`metrics::Metrics`].
//! * [`stats`] — [`stats::Proportion`] (Wilson and Clopper–Pearson),
//!   [`stats::Mean`] (t and normal), [`stats::Ratio`] (delta method).
//! * [`sweep`] — `--vary PATH=A..B[:STEP]` specifications, the grid of
//!   points, and a sweep as one batch per point.
//! * [`report`] — `report.html`: inline SVG charts and tables, no network.
//!
//! This crate reads and writes files (it is an output stage, like
//! canopy-output); it never prints: progress is reported through callbacks.

pub mod batch;
pub mod metrics;
pub mod report;
pub mod rows;
pub mod stats;
pub mod sweep;
pub mod tables;
#[cfg(test)]
mod testdata;

use std::path::{Path, PathBuf};

/// Why a study step failed.
#[derive(Debug, thiserror::Error)]
pub enum StudyError {
    /// A file could not be read or written.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// The operating system's error.
        source: std::io::Error,
    },
    /// A file is not in the expected format.
    #[error("{}: {message}", path.display())]
    Format {
        /// The file.
        path: PathBuf,
        /// What is wrong.
        message: String,
    },
    /// A Parquet file could not be written.
    #[error("writing {table}.parquet: {message}")]
    Parquet {
        /// The table.
        table: &'static str,
        /// The writer's message.
        message: String,
    },
    /// The request cannot be carried out as given (a folder in use, a
    /// resume of another batch, a bad sweep specification).
    #[error("{0}")]
    Usage(String),
    /// A scenario (or an overridden scenario) is invalid; the rendered
    /// diagnostics.
    #[error("{0}")]
    Scenario(String),
}

impl StudyError {
    /// An I/O error on `path`.
    pub fn io(path: &Path, source: std::io::Error) -> StudyError {
        StudyError::Io {
            path: path.to_path_buf(),
            source,
        }
    }
}

/// FNV-1a (64-bit), in hex, of texts each followed by a NUL: identifies the
/// sources a batch was run on (the scenario and every catalog it read,
/// `Loaded::sources`), so `--resume` refuses to mix two scenarios or a
/// scenario whose catalog changed.
pub fn fingerprint<'a>(texts: impl IntoIterator<Item = &'a str>) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for text in texts {
        for b in text.bytes().chain([0]) {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    format!("{h:016x}")
}
