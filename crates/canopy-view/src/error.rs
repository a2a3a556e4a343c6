//! Why the viewer cannot start.

use std::net::SocketAddr;
use std::path::PathBuf;

/// Why the viewer cannot start: each message says what to do about it.
#[derive(Debug, thiserror::Error)]
pub enum ViewError {
    /// The run folder does not exist or is not a folder.
    #[error("{0} is not a folder; pass the --out folder of `canopy run` or `canopy demo`")]
    NotAFolder(PathBuf),
    /// The run folder holds no `replay.czml`.
    #[error(
        "{0} holds no replay.czml; write one with `canopy run SCENARIO --out DIR` or `canopy demo --out DIR`"
    )]
    NoReplay(PathBuf),
    /// A file of the page itself is missing (a broken checkout or a wrong `--assets`).
    #[error("viewer file {0} is missing; is this a complete Canopy checkout?")]
    MissingPage(PathBuf),
    /// The npm packages are missing and `npm` cannot be run to fetch them.
    #[error(
        "the viewer's npm packages are missing from {dir} and `npm` could not be run ({reason}); install Node.js and npm (e.g. `apt-get install npm`) and try again"
    )]
    NpmMissing {
        /// The web folder.
        dir: PathBuf,
        /// The operating system's reason.
        reason: String,
    },
    /// `npm ci` ran and failed, or did not produce the expected files.
    #[error("`npm ci` in {dir} failed: {reason}")]
    NpmFailed {
        /// The web folder.
        dir: PathBuf,
        /// What went wrong.
        reason: String,
    },
    /// Another program already listens on the address.
    #[error(
        "cannot listen on {0}: the port is already in use; choose another with --port (or --port 0 for any free port)"
    )]
    PortInUse(SocketAddr),
    /// Any other failure to listen (no such address, no permission, …).
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        /// The address asked for.
        addr: SocketAddr,
        /// The operating system's reason.
        source: std::io::Error,
    },
}
