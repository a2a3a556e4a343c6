//! Where a parameter value came from.

use serde::Serialize;
use std::fmt;
use std::str::FromStr;

/// How much a number can be trusted, following ../shared/reference/PUBLIC_FACTS.md.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Status {
    /// Stated by the producer's government, state media or the manufacturer.
    Claim,
    /// Stated by independent press or analysts.
    Report,
    /// An encyclopedic figure that could not be re-checked against its source.
    Recalled,
    /// Arithmetic on other tagged values.
    Derived,
    /// Chosen by us as a plausible round number; no source claims it.
    Notional,
}

impl Status {
    /// All statuses, in the order they are documented.
    pub const ALL: [Status; 5] = [
        Status::Claim,
        Status::Report,
        Status::Recalled,
        Status::Derived,
        Status::Notional,
    ];

    /// The upper-case tag used in catalog files.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Claim => "CLAIM",
            Status::Report => "REPORT",
            Status::Recalled => "RECALLED",
            Status::Derived => "DERIVED",
            Status::Notional => "NOTIONAL",
        }
    }
}

impl FromStr for Status {
    type Err = ();
    fn from_str(s: &str) -> Result<Status, ()> {
        Status::ALL
            .into_iter()
            .find(|st| st.as_str() == s)
            .ok_or(())
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A status plus the source it came from, e.g. `CLAIM: TASS via armyrecognition.com 2015`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Provenance {
    /// Trust level.
    pub status: Status,
    /// Free-text source.
    pub source: String,
}

impl fmt::Display for Provenance {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.status, self.source)
    }
}
