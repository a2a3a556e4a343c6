//! The local replay viewer: a small HTTP server for one run folder and the
//! CesiumJS page that plays its `replay.czml` on a globe, offline.
//!
//! # Brief overview
//!
//! * [`Assets`] — where the viewer's files are: the page itself (`web/index.html`,
//!   `app.js`, `style.css`) and the npm packages under `web/node_modules` it loads
//!   (CesiumJS with its bundled NaturalEarthII imagery, world-atlas borders,
//!   topojson-client). [`Assets::ensure`] runs `npm ci` once when they are missing.
//! * [`RunDir`] — a checked run folder (one holding `replay.czml`).
//! * [`router`] — the routes: the page at `/`, the three packages under
//!   `/vendor/…`, the run folder under `/run/…`; nothing else is reachable
//!   (`..` and encoded variants are refused by `tower_http::services::ServeDir`).
//! * [`bind`] and [`serve`] — listen (a taken port is a [`ViewError::PortInUse`],
//!   not a panic) and serve until the future given to `serve` completes.
//!
//! It sits at the end of the pipeline: `canopy run` writes the run folder (with
//! `canopy_output::czml`), `canopy view` hands it to this crate. The page sends
//! no request off the machine: every URL it uses is served here, and a
//! Content-Security-Policy header tells the browser to refuse any other origin.

mod assets;
mod error;
mod server;

pub use assets::{Assets, RunDir};
pub use error::ViewError;
pub use server::{CONTENT_SECURITY_POLICY, bind, router, serve};
