//! Finding the page's files, fetching npm packages when missing, checking the run folder.

use crate::{Fixture, remove};
use canopy_view::{Assets, RunDir, ViewError};
use std::ffi::OsStr;

#[test]
fn complete_assets_need_no_npm() {
    let f = Fixture::new();
    let a = Assets::new(f.web());
    assert!(a.missing().is_empty(), "{:?}", a.missing());
    // A missing npm would fail if it were run: it must not be.
    let ran = a
        .ensure_with(OsStr::new("canopy-test-no-such-npm"))
        .expect("nothing to fetch");
    assert!(!ran);
}

#[test]
fn missing_packages_without_npm_is_a_clear_error() {
    let f = Fixture::new();
    remove(&f.web().join("node_modules"));
    let a = Assets::new(f.web());
    assert_eq!(a.missing().len(), 3, "one marker per package");
    let e = a
        .ensure_with(OsStr::new("canopy-test-no-such-npm"))
        .expect_err("npm cannot run");
    assert!(matches!(e, ViewError::NpmMissing { .. }), "{e:?}");
    let msg = e.to_string();
    assert!(msg.contains("npm") && msg.contains("install"), "{msg}");
}

#[test]
fn missing_page_file_is_reported_before_npm() {
    let f = Fixture::new();
    std::fs::remove_file(f.web().join("app.js")).expect("remove");
    let e = Assets::new(f.web())
        .ensure_with(OsStr::new("canopy-test-no-such-npm"))
        .expect_err("page incomplete");
    match e {
        ViewError::MissingPage(p) => assert!(p.ends_with("app.js"), "{p:?}"),
        other => panic!("wrong error: {other:?}"),
    }
}

#[cfg(unix)]
fn fake_npm(dir: &std::path::Path, body: &str) -> std::path::PathBuf {
    use std::os::unix::fs::PermissionsExt;
    let p = dir.join("fake-npm");
    std::fs::write(&p, format!("#!/bin/sh\n{body}\n")).expect("write script");
    std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    p
}

#[cfg(unix)]
#[test]
fn npm_ci_runs_in_the_web_folder_when_packages_are_missing() {
    let f = Fixture::new();
    remove(&f.web().join("node_modules"));
    // Records its arguments and recreates the packages, as `npm ci` would.
    let npm = fake_npm(
        &f.path(""),
        "echo \"$@\" > args.txt\n\
         mkdir -p node_modules/cesium/Build/Cesium node_modules/world-atlas node_modules/topojson-client/dist\n\
         touch node_modules/cesium/Build/Cesium/Cesium.js node_modules/world-atlas/countries-110m.json \
         node_modules/topojson-client/dist/topojson-client.min.js",
    );
    let a = Assets::new(f.web());
    assert!(a.ensure_with(npm.as_os_str()).expect("fake npm works"));
    let args = std::fs::read_to_string(f.web().join("args.txt")).expect("ran in web/");
    assert!(args.starts_with("ci"), "{args}");
    assert!(a.missing().is_empty());
}

#[cfg(unix)]
#[test]
fn failing_npm_ci_is_an_error() {
    let f = Fixture::new();
    remove(&f.web().join("node_modules"));
    let npm = fake_npm(&f.path(""), "exit 3");
    let e = Assets::new(f.web())
        .ensure_with(npm.as_os_str())
        .expect_err("npm failed");
    assert!(matches!(e, ViewError::NpmFailed { .. }), "{e:?}");
    // npm "succeeding" without producing the files is a failure too.
    let npm = fake_npm(&f.path(""), "exit 0");
    let e = Assets::new(f.web())
        .ensure_with(npm.as_os_str())
        .expect_err("files still missing");
    assert!(e.to_string().contains("still missing"), "{e}");
}

#[test]
fn run_folder_must_hold_a_replay() {
    let f = Fixture::new();
    assert!(RunDir::open(f.run()).is_ok());
    let e = RunDir::open(f.path("nowhere")).expect_err("absent");
    assert!(matches!(e, ViewError::NotAFolder(_)), "{e:?}");
    let e = RunDir::open(f.path("secret.txt")).expect_err("a file");
    assert!(matches!(e, ViewError::NotAFolder(_)), "{e:?}");
    let e = RunDir::open(f.web()).expect_err("no replay.czml");
    assert!(matches!(e, ViewError::NoReplay(_)), "{e:?}");
    assert!(e.to_string().contains("canopy demo"), "{e}");
}
