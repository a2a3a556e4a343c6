//! Tests of the viewer's server and asset handling, on a temporary folder of
//! fake assets: no npm, no browser, no network beyond 127.0.0.1.

mod assets;
mod server;

use std::fs;
use std::path::{Path, PathBuf};
use tempfile::TempDir;

/// Marker written into files that must never be served.
const SECRET: &str = "TOP-SECRET-NOT-FOR-THE-BROWSER";

/// A fake web folder (page plus the npm files the viewer needs), a run folder,
/// and secrets beside and inside them that must stay unreachable.
struct Fixture {
    root: TempDir,
}

impl Fixture {
    fn new() -> Fixture {
        let root = tempfile::tempdir().expect("temp dir");
        let r = root.path();
        let files: &[(&str, String)] = &[
            (
                "web/index.html",
                "<!doctype html><title>canopy</title>".into(),
            ),
            ("web/app.js", "console.log('app');".into()),
            ("web/style.css", "body { margin: 0 }".into()),
            ("web/package.json", format!("{{\"name\":\"{SECRET}\"}}")),
            ("web/node_modules/cesium/package.json", SECRET.into()),
            (
                "web/node_modules/cesium/Build/Cesium/Cesium.js",
                "var Cesium = {};".into(),
            ),
            (
                "web/node_modules/cesium/Build/Cesium/Assets/Textures/NaturalEarthII/0/0/0.jpg",
                "jpeg".into(),
            ),
            (
                "web/node_modules/world-atlas/countries-110m.json",
                "{\"type\":\"Topology\"}".into(),
            ),
            ("web/node_modules/world-atlas/package.json", SECRET.into()),
            (
                "web/node_modules/topojson-client/dist/topojson-client.min.js",
                "var topojson;".into(),
            ),
            ("web/test/e2e.mjs", SECRET.into()),
            // Big enough that parallel transfers overlap.
            (
                "run/replay.czml",
                format!("[{}]", "{\"id\":\"document\"},".repeat(40_000)),
            ),
            ("run/summary.json", "{\"threats\": 3}".into()),
            ("secret.txt", SECRET.into()),
        ];
        for (path, text) in files {
            let p = r.join(path);
            fs::create_dir_all(p.parent().expect("has a parent")).expect("mkdir");
            fs::write(p, text).expect("write");
        }
        Fixture { root }
    }

    fn path(&self, rel: &str) -> PathBuf {
        self.root.path().join(rel)
    }

    fn web(&self) -> PathBuf {
        self.path("web")
    }

    fn run(&self) -> PathBuf {
        self.path("run")
    }

    fn read(&self, rel: &str) -> Vec<u8> {
        fs::read(self.path(rel)).expect("fixture file")
    }
}

/// Removes a directory tree of the fixture.
fn remove(dir: &Path) {
    fs::remove_dir_all(dir).expect("remove");
}
