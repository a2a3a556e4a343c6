//! The viewer's files on disk, and the run folder it shows.

use crate::ViewError;
use std::ffi::OsStr;
use std::io;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// An npm package directory served under a URL prefix.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Vendor {
    /// URL prefix, e.g. `/vendor/cesium`.
    pub route: &'static str,
    /// Directory relative to the web folder.
    pub dir: &'static str,
    /// A file that must be there once `npm ci` has run.
    pub marker: &'static str,
    /// Serve the marker file only, not the whole directory.
    pub marker_only: bool,
}

/// The packages the page loads, each restricted to the directory it needs (so
/// `node_modules` as a whole, with its package metadata, is never served).
pub(crate) const VENDORS: [Vendor; 3] = [
    Vendor {
        route: "/vendor/cesium",
        dir: "node_modules/cesium/Build/Cesium",
        marker: "Cesium.js",
        marker_only: false,
    },
    Vendor {
        route: "/vendor/atlas",
        dir: "node_modules/world-atlas",
        marker: "countries-110m.json",
        marker_only: true,
    },
    Vendor {
        route: "/vendor/topojson",
        dir: "node_modules/topojson-client/dist",
        marker: "topojson-client.min.js",
        marker_only: true,
    },
];

/// The page's own files, served at the root (`/` is `index.html`).
pub(crate) const PAGE_FILES: [&str; 3] = ["index.html", "app.js", "style.css"];

/// The viewer's web folder: the page (checked in) and its npm packages
/// (`node_modules`, filled by `npm ci` from the pinned `package-lock.json`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Assets {
    web: PathBuf,
}

impl Assets {
    /// The web folder at `web` (it holds `index.html` and `package.json`).
    pub fn new(web: impl Into<PathBuf>) -> Assets {
        Assets { web: web.into() }
    }

    /// The web folder of the source tree this binary was built from.
    pub fn bundled() -> Assets {
        Assets::new(Path::new(env!("CARGO_MANIFEST_DIR")).join("web"))
    }

    /// The web folder.
    pub fn web_dir(&self) -> &Path {
        &self.web
    }

    /// Files that must exist for the page to work and are not there: the page's
    /// own first, then the marker file of each npm package.
    pub fn missing(&self) -> Vec<PathBuf> {
        PAGE_FILES
            .iter()
            .map(|f| self.web.join(f))
            .chain(VENDORS.iter().map(|v| self.web.join(v.dir).join(v.marker)))
            .filter(|p| !p.is_file())
            .collect()
    }

    /// Makes sure every file is there, running `npm ci` in the web folder if an
    /// npm package is missing (it says so on stderr first). Returns whether npm ran.
    pub fn ensure(&self) -> Result<bool, ViewError> {
        self.ensure_with(OsStr::new("npm"))
    }

    /// [`Assets::ensure`] with another npm executable (tests use a missing one).
    pub fn ensure_with(&self, npm: &OsStr) -> Result<bool, ViewError> {
        let missing = self.missing();
        if let Some(page) = missing
            .iter()
            .find(|p| !p.starts_with(self.web.join("node_modules")))
        {
            return Err(ViewError::MissingPage(page.clone()));
        }
        if missing.is_empty() {
            return Ok(false);
        }
        eprintln!(
            "canopy view: the viewer's npm packages are not installed yet; running `npm ci` in {} (once, about 150 MB from the npm registry)",
            self.web.display()
        );
        let status = Command::new(npm)
            .args(["ci", "--no-audit", "--no-fund"])
            .current_dir(&self.web)
            // npm's chatter goes to stderr: stdout carries only the viewer's URL.
            .stdout(Stdio::from(io::stderr()))
            .status()
            .map_err(|e| ViewError::NpmMissing {
                dir: self.web.clone(),
                reason: e.to_string(),
            })?;
        if !status.success() {
            return Err(ViewError::NpmFailed {
                dir: self.web.clone(),
                reason: format!("it exited with {status}"),
            });
        }
        if let Some(still) = self.missing().first() {
            return Err(ViewError::NpmFailed {
                dir: self.web.clone(),
                reason: format!("{} is still missing afterwards", still.display()),
            });
        }
        Ok(true)
    }
}

/// A run folder that holds a `replay.czml`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RunDir {
    path: PathBuf,
}

impl RunDir {
    /// Checks that `path` is a folder with a `replay.czml`.
    pub fn open(path: impl Into<PathBuf>) -> Result<RunDir, ViewError> {
        let path = path.into();
        if !path.is_dir() {
            return Err(ViewError::NotAFolder(path));
        }
        if !path.join("replay.czml").is_file() {
            return Err(ViewError::NoReplay(path));
        }
        Ok(RunDir { path })
    }

    /// The folder.
    pub fn path(&self) -> &Path {
        &self.path
    }
}
