//! Embeds the git commit so every results file can name the code that made it.

use std::process::Command;

fn main() {
    let hash = Command::new("git")
        .args(["rev-parse", "--short=12", "HEAD"])
        .output()
        .ok()
        .filter(|o| o.status.success())
        .and_then(|o| String::from_utf8(o.stdout).ok())
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "unknown".to_string());
    // Results from uncommitted code say so: the hash alone would name code
    // that did not make them.
    let dirty = Command::new("git")
        .args(["status", "--porcelain", "--untracked-files=no"])
        // `git status` may refresh .git/index, which would re-run this
        // script on every build; git documents this switch against that.
        .env("GIT_OPTIONAL_LOCKS", "0")
        .output()
        .ok()
        .filter(|o| o.status.success())
        .is_some_and(|o| !o.stdout.is_empty());
    let suffix = if dirty && hash != "unknown" {
        "-dirty"
    } else {
        ""
    };
    println!("cargo:rustc-env=CANOPY_GIT_HASH={hash}{suffix}");
    // Re-run when HEAD moves, the index changes or any crate's sources
    // change (paths relative to this crate; not whole crate folders, which
    // hold the viewer's node_modules).
    for path in [
        "../../.git/HEAD",
        "../../.git/refs/heads",
        "../../.git/index",
    ] {
        println!("cargo:rerun-if-changed={path}");
    }
    let crates = std::fs::read_dir("..").into_iter().flatten().flatten();
    for krate in crates {
        for part in ["src", "Cargo.toml"] {
            let path = krate.path().join(part);
            if path.exists() {
                println!("cargo:rerun-if-changed={}", path.display());
            }
        }
    }
}
