//! Batch throughput: N runs of the demo scenario
//! (`scenarios/s400_regiment_mixed_raid.toml`) through `canopy_study::batch`
//! (runs, rows, CSV appends, final tables and summary), on 1 and 2 threads.
//!
//! `CANOPY_BENCH_RUNS` (default 8) sets N, `CANOPY_BENCH_REPEATS` (default 3)
//! the repeats; the table shows the median wall time of each thread count,
//! the runs per second, the projected time of 10 000 runs and the speed-up.
//! The target: 10 000 runs in under 60 s, ≥ 1.8× from 1 to 2 threads.

use canopy_study::batch::{Batch, BatchInfo, BatchSpec};
use std::path::Path;
use std::time::Instant;

const DEMO: &str = include_str!("../../../scenarios/s400_regiment_mixed_raid.toml");

fn env(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn main() {
    let runs = env("CANOPY_BENCH_RUNS", 8).max(1);
    let repeats = env("CANOPY_BENCH_REPEATS", 3).max(1);
    let base = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../scenarios");
    let loaded = canopy_scenario::load_str("demo", DEMO, &base)
        .unwrap_or_else(|e| panic!("the demo scenario is invalid:\n{}", e.render()));
    let info = BatchInfo {
        scenario: loaded.scenario.name.clone(),
        scenario_file: "scenarios/s400_regiment_mixed_raid.toml".into(),
        catalog_base: base.clone(),
        source_fingerprint: canopy_study::fingerprint(loaded.sources.texts()),
        seed: 1,
        overrides: Vec::new(),
        canopy_version: env!("CARGO_PKG_VERSION").into(),
        git_hash: "bench".into(),
    };
    println!("batch of {runs} runs of the demo scenario, median of {repeats}");
    println!("| threads | wall time (s) | runs/s | 10 000 runs (s) | speed-up |");
    println!("|---:|---:|---:|---:|---:|");
    let mut one = None;
    for threads in [1usize, 2] {
        let times: Vec<f64> = (0..repeats)
            .map(|r| {
                let dir = std::env::temp_dir().join(format!(
                    "canopy-bench-batch-{}-{threads}-{r}",
                    std::process::id()
                ));
                let _ = std::fs::remove_dir_all(&dir);
                let spec = BatchSpec {
                    runs,
                    threads,
                    resume: false,
                };
                let start = Instant::now();
                let mut b = Batch::open(&dir, &loaded.scenario, DEMO, info.clone(), spec)
                    .expect("opens the batch folder");
                b.run(&|| {}).expect("runs");
                b.finish().expect("writes the tables");
                let t = start.elapsed().as_secs_f64();
                let _ = std::fs::remove_dir_all(&dir);
                t
            })
            .collect();
        let t = median(times);
        let base = *one.get_or_insert(t);
        println!(
            "| {threads} | {t:.2} | {:.2} | {:.0} | {:.2}× |",
            runs as f64 / t,
            t / runs as f64 * 10_000.0,
            base / t
        );
    }
}
