//! `report.html`: one self-contained page (inline CSS and SVG, no script,
//! no network) from a batch or sweep folder.
//!
//! A batch report has the three intercept-rate denominators, leakers per
//! run, leak causes stacked by threat type, rounds expended, the
//! engagement-timeline histograms, the magazine over time, cost and value,
//! the coverage chart of each radar type, and the provenance of every
//! catalog type used. A sweep report puts leakage, the probabilities and
//! rounds against the swept parameter with their interval bands, stacks the
//! leak causes per point, and tabulates the denominators per point. Every
//! chart names its scenario, runs and seed.
//!
//! Everything is recomputed from the folder's CSV tables (the metrics are
//! pure functions of them), so a report never disagrees with the data.

pub mod chart;
#[cfg(test)]
mod tests;

use crate::StudyError;
use crate::batch::{self, BatchInfo, Tables};
use crate::metrics::{self, Metrics, STAGES};
use crate::rows::RunRow;
use crate::stats::{Interval, Mean, Proportion, Ratio};
use crate::sweep::{self, SweepInfo};
use canopy_engine::LeakCause;
use canopy_output::svg::escape;
use chart::{Chart, Layer, color, histogram, integer_histogram};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// The report file name.
pub const REPORT: &str = "report.html";

const STYLE: &str = "body{font-family:DejaVu Sans,Helvetica,Arial,sans-serif;margin:24px auto;max-width:900px;color:#222;line-height:1.4}\
h1{font-size:24px}h2{font-size:19px;margin-top:32px;border-bottom:1px solid #ccc}\
table{border-collapse:collapse;margin:8px 0;font-size:13px}td,th{border:1px solid #ccc;padding:3px 7px;text-align:left;vertical-align:top}\
th{background:#f2f2f2}td.n{text-align:right;font-variant-numeric:tabular-nums}.meta{color:#555;font-size:13px}\
svg.chart{display:block;margin:10px 0;max-width:100%;height:auto}svg .t{font-size:16px;font-weight:bold}\
svg .s{font-size:12px;fill:#444}svg .k{font-size:11px;fill:#333}svg .a{font-size:12px}svg .n{font-size:10px;fill:#555}\
details{margin:6px 0}summary{cursor:pointer}";

/// A batch folder's data.
struct BatchData {
    info: BatchInfo,
    tables: Tables,
    metrics: Metrics,
}

fn load_batch(dir: &Path) -> Result<BatchData, StudyError> {
    let info = batch::read_manifest(dir)?;
    let tables = Tables::read(dir, u64::MAX)?;
    let metrics = Metrics::compute(&tables.runs, &tables.threats, &tables.magazine);
    Ok(BatchData {
        info,
        tables,
        metrics,
    })
}

/// "Scenario: … · N runs · seed S", the stamp every chart carries.
fn stamp(scenario: &str, runs: u64, seed: u64) -> String {
    format!("Scenario: {scenario} · {runs} runs · seed {seed}")
}

/// A number with about four significant figures.
fn num(v: f64) -> String {
    let a = v.abs();
    if !v.is_finite() {
        "–".into()
    } else if a >= 1e6 {
        format!("{:.3} M", v / 1e6)
    } else if a >= 100.0 || v == v.round() {
        format!("{v:.0}")
    } else if a >= 1.0 {
        format!("{v:.2}")
    } else if a >= 1e-3 {
        format!("{v:.4}")
    } else {
        // Small parameters (a false-alarm probability of 1e-6) would print
        // as 0.0000.
        format!("{v:.3e}")
    }
}

fn pct(v: f64) -> String {
    format!("{:.1} %", 100.0 * v)
}

fn interval_pct(i: Option<Interval>) -> String {
    i.map_or("–".into(), |i| format!("{} – {}", pct(i.lo), pct(i.hi)))
}

fn interval_num(i: Option<Interval>) -> String {
    i.map_or("–".into(), |i| format!("{} – {}", num(i.lo), num(i.hi)))
}

fn mean_cell(m: &Mean) -> (String, String) {
    (m.mean.map_or("–".into(), num), interval_num(m.t))
}

fn ratio_cell(r: &Ratio) -> (String, String) {
    (r.estimate.map_or("–".into(), num), interval_num(r.t))
}

/// A table row for a proportion: name, definition, k, n, estimate, Wilson, CP.
fn proportion_row(s: &mut String, name: &str, definition: &str, p: &Proportion) {
    let _ = writeln!(
        s,
        r#"<tr><td>{}</td><td>{}</td><td class="n">{}</td><td class="n">{}</td><td class="n">{}</td><td class="n">{}</td><td class="n">{}</td></tr>"#,
        escape(name),
        escape(definition),
        p.successes,
        p.trials,
        p.estimate.map_or("–".into(), pct),
        interval_pct(p.wilson),
        interval_pct(p.clopper_pearson)
    );
}

/// The three intercept-rate denominators (QUESTIONS.md Q3), plus the
/// numbers that put them in context.
fn denominators(s: &mut String, m: &Metrics) {
    s.push_str("<table><tr><th>metric</th><th>definition</th><th>numerator</th><th>denominator</th><th>estimate</th><th>Wilson 95 %</th><th>Clopper–Pearson 95 %</th></tr>\n");
    proportion_row(
        s,
        "per shot",
        "rounds that killed / rounds that reached a live threat (kill or miss)",
        &m.per_shot_kill,
    );
    proportion_row(
        s,
        "per engaged threat",
        "threats killed / threats at which at least one round was fired",
        &m.per_engaged_threat_kill,
    );
    proportion_row(
        s,
        "per raid threat",
        "threats killed / every threat of the raid (raid-level fraction stopped)",
        &m.raid_fraction_stopped,
    );
    proportion_row(
        s,
        "P(zero leakers)",
        "runs in which no threat leaked / runs",
        &m.p_zero_leakers,
    );
    proportion_row(
        s,
        "engaged",
        "threats engaged / every threat (the rest were never fired at)",
        &m.engaged_fraction,
    );
    proportion_row(
        s,
        "kills per round fired",
        "rounds that killed / every round launched",
        &m.kills_per_round,
    );
    s.push_str("</table>\n<p class=\"meta\">Shot and threat proportions treat rounds and threats as independent trials; those of one run share the defence's state, so their intervals are optimistic when outcomes cluster. P(zero leakers) counts runs, which are independent.</p>\n");
}

/// Rows of (name, estimate, 95 % t interval) for means and ratios.
fn numbers_table(s: &mut String, rows: &[(&str, (String, String))]) {
    s.push_str("<table><tr><th>metric</th><th>estimate</th><th>95 % interval (t)</th></tr>\n");
    for (name, (e, i)) in rows {
        let _ = writeln!(
            s,
            r#"<tr><td>{}</td><td class="n">{e}</td><td class="n">{i}</td></tr>"#,
            escape(name)
        );
    }
    s.push_str("</table>\n");
}

fn cost_value(s: &mut String, m: &Metrics) {
    numbers_table(
        s,
        &[
            ("expected leakers per run", mean_cell(&m.expected_leakers)),
            ("rounds expended per run", mean_cell(&m.rounds_per_run)),
            ("rounds per threat", ratio_cell(&m.rounds_per_threat)),
            (
                "rounds per leaker prevented (per kill)",
                ratio_cell(&m.rounds_per_leaker_prevented),
            ),
            (
                "interceptor cost per run (USD)",
                mean_cell(&m.cost.interceptor_cost_per_run),
            ),
            (
                "cost-exchange ratio (interceptor cost / cost of threats engaged)",
                ratio_cell(&m.cost.exchange_ratio),
            ),
            (
                "interceptor cost per leaker prevented (USD)",
                ratio_cell(&m.cost.cost_per_leaker_prevented),
            ),
            ("asset value targeted per run", mean_cell(&m.value.targeted)),
            ("asset value lost per run", mean_cell(&m.value.lost)),
            (
                "asset value protected per run",
                mean_cell(&m.value.protected),
            ),
            (
                "fraction of targeted value protected",
                ratio_cell(&m.value.protected_fraction),
            ),
            (
                "fewest ready rounds in a run",
                mean_cell(&m.magazine.min_ready_rounds),
            ),
        ],
    );
    s.push_str("<p class=\"meta\">Costs are the catalog's unit costs (their provenance is listed below). An asset counts as lost in a run when at least one threat aimed at it reached it.</p>\n");
}

/// Leakers per run by cause, stacked, one bar per category.
fn causes_chart(
    title: &str,
    stamp: &str,
    x_label: &str,
    categories: Vec<String>,
    per_cause: Vec<Vec<f64>>,
) -> Chart {
    let mut c = Chart::new(title, stamp, x_label, "Leakers per run (mean)");
    let mut base = vec![0.0; categories.len()];
    for (k, (cause, values)) in LeakCause::ALL.iter().zip(per_cause).enumerate() {
        let rects: Vec<(f64, f64, f64, f64)> = values
            .iter()
            .enumerate()
            .map(|(i, v)| {
                let r = (i as f64 - 0.35, i as f64 + 0.35, base[i], base[i] + v);
                base[i] += v;
                r
            })
            .collect();
        if values.iter().any(|v| *v > 0.0) {
            c.layers.push(Layer::Rects {
                name: cause.name().to_string(),
                color: color(k),
                rects,
            });
        }
    }
    if c.layers.is_empty() {
        c.y_range = Some((0.0, 1.0));
        c.footnotes.push("No threat leaked.".into());
    }
    c.categories = Some(categories);
    c
}

/// The rendered histogram of one count per run (at most 60 bins) with its footnote.
fn per_run_chart(
    title: &str,
    stamp: &str,
    x_label: &str,
    (runs, count): (&[RunRow], fn(&RunRow) -> u64),
    note: String,
) -> String {
    let values: Vec<f64> = runs.iter().map(|r| count(r) as f64).collect();
    let mut c = histogram_chart(title, stamp, x_label, integer_histogram(&values, 60));
    c.footnotes.push(note);
    c.render()
}

fn histogram_chart(title: &str, stamp: &str, x_label: &str, bins: Vec<(f64, f64, f64)>) -> Chart {
    let mut c = Chart::new(title, stamp, x_label, "Count");
    c.layers.push(Layer::Rects {
        name: String::new(),
        color: color(0),
        rects: bins.into_iter().map(|(a, b, n)| (a, b, 0.0, n)).collect(),
    });
    c
}

fn magazine_chart(stamp: &str, m: &Metrics, initial: Option<u64>) -> Chart {
    let mut c = Chart::new(
        "Ready rounds over time",
        stamp,
        "Time (s)",
        "Ready rounds, every launcher (mean)",
    );
    let curve = &m.magazine.curve;
    c.layers.push(Layer::Band {
        name: "95 % t interval".into(),
        color: color(0),
        points: curve
            .iter()
            .filter_map(|(t, mean)| Some((*t, mean.t?.lo, mean.t?.hi)))
            .collect(),
    });
    c.layers.push(Layer::Line {
        name: "mean".into(),
        color: color(0),
        points: curve
            .iter()
            .filter_map(|(t, mean)| Some((*t, mean.mean?)))
            .collect(),
    });
    let top = initial.map_or(1.0, |i| i as f64).max(1.0);
    c.y_range = Some((0.0, top));
    c.footnotes.push(format!(
        "Runs exhausted (zero ready rounds at some time): {} of {}.",
        m.magazine.exhausted.successes, m.magazine.exhausted.trials
    ));
    c
}

fn timeline_section(s: &mut String, stamp: &str, threats: &[crate::rows::ThreatRow]) {
    let mut empty = Vec::new();
    for (name, from, to) in STAGES {
        let d = metrics::stage_durations(threats, from, to);
        if d.is_empty() {
            empty.push(name);
            continue;
        }
        let mut c = histogram_chart(
            &format!("Engagement timeline: {name}"),
            stamp,
            "Duration (s)",
            histogram(&d, 20),
        );
        let dist = metrics::Distribution::of(&d);
        c.footnotes.push(format!(
            "{} threats; median {} s, 5–95 % {} – {} s.",
            d.len(),
            dist.p50.map_or("–".into(), num),
            dist.p05.map_or("–".into(), num),
            dist.p95.map_or("–".into(), num)
        ));
        s.push_str(&c.render());
    }
    if !empty.is_empty() {
        let _ = writeln!(
            s,
            "<p class=\"meta\">No data for: {} (no threat reached both ends).</p>",
            escape(&empty.join("; "))
        );
    }
}

/// The coverage chart of the first radar of each type, if the scenario in
/// the folder loads and has radars.
fn coverage_section(s: &mut String, dir: &Path, base: &Path, stamp: &str) {
    let path = dir.join(batch::SCENARIO_COPY);
    let loaded = std::fs::read_to_string(&path)
        .ok()
        .and_then(|text| canopy_scenario::load_str(&path.display().to_string(), &text, base).ok());
    let Some(loaded) = loaded else {
        s.push_str(
            "<p class=\"meta\">The scenario copy could not be loaded; no coverage chart.</p>\n",
        );
        return;
    };
    let spec = canopy_output::coverage::CoverageSpec::default();
    let study = match canopy_output::coverage::study(&loaded.scenario, &spec) {
        Ok(st) if !st.radars.is_empty() => st,
        Ok(_) => {
            s.push_str("<p class=\"meta\">The scenario has no radars.</p>\n");
            return;
        }
        Err(e) => {
            let _ = writeln!(
                s,
                "<p class=\"meta\">No coverage chart: {}</p>",
                escape(&e.to_string())
            );
            return;
        }
    };
    let mut seen: Vec<&str> = Vec::new();
    for (i, r) in study.radars.iter().enumerate() {
        if seen.contains(&r.type_name.as_str()) {
            continue;
        }
        seen.push(&r.type_name);
        let Some(mut chart) = study.chart(i) else {
            continue;
        };
        chart.footnotes.insert(0, stamp.to_string());
        chart.width = 820.0;
        chart.height = 470.0;
        if let Ok(svg) = chart.render() {
            // Inline SVG in HTML needs no namespace; dropping it keeps the
            // page free of URLs.
            let svg = svg.replacen(
                r#" xmlns="http://www.w3.org/2000/svg""#,
                r#" class="chart""#,
                1,
            );
            s.push_str(&svg);
        }
    }
}

fn provenance_section(s: &mut String, dir: &Path) {
    let Ok(text) = std::fs::read_to_string(dir.join(batch::SUMMARY)) else {
        return;
    };
    let Ok(json) = serde_json::from_str::<serde_json::Value>(&text) else {
        return;
    };
    let Some(sections) = json.get("provenance").and_then(|p| p.as_object()) else {
        return;
    };
    for (section, types) in sections {
        for t in types.as_array().into_iter().flatten() {
            let name = t.get("name").and_then(|v| v.as_str()).unwrap_or("");
            let _ = writeln!(
                s,
                "<details><summary>{} <b>{}</b></summary><table><tr><th>parameter</th><th>value</th><th>provenance</th></tr>",
                escape(section),
                escape(name)
            );
            for p in t
                .get("params")
                .and_then(|p| p.as_array())
                .into_iter()
                .flatten()
            {
                let _ = writeln!(
                    s,
                    r#"<tr><td>{}</td><td class="n">{}</td><td>{}</td></tr>"#,
                    escape(p.get("key").and_then(|v| v.as_str()).unwrap_or("")),
                    p.get("value")
                        .and_then(|v| v.as_f64())
                        .map_or("–".into(), num),
                    escape(p.get("provenance").and_then(|v| v.as_str()).unwrap_or(""))
                );
            }
            s.push_str("</table></details>\n");
        }
    }
}

fn page_start(s: &mut String, title: &str, meta: &[(&str, String)]) {
    let _ = writeln!(
        s,
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>{}</title><style>{STYLE}</style></head><body>",
        escape(title)
    );
    let _ = writeln!(s, "<h1>{}</h1>", escape(title));
    s.push_str("<table class=\"meta\">");
    for (k, v) in meta {
        let _ = write!(s, "<tr><th>{}</th><td>{}</td></tr>", escape(k), escape(v));
    }
    s.push_str("</table>\n<p class=\"meta\">Simulation and analysis only; every parameter is notional and public-source (provenance below).</p>\n");
}

fn batch_html(dir: &Path) -> Result<String, StudyError> {
    let d = load_batch(dir)?;
    let m = &d.metrics;
    let runs = m.runs;
    let st = stamp(&d.info.scenario, runs, d.info.seed);
    let mut s = String::new();
    let overrides = d
        .info
        .overrides
        .iter()
        .map(|o| format!("{} = {}", o.path, o.value))
        .collect::<Vec<_>>()
        .join(", ");
    page_start(
        &mut s,
        &format!("Canopy batch report: {}", d.info.scenario),
        &[
            ("scenario file", d.info.scenario_file.clone()),
            ("runs", runs.to_string()),
            ("seed", d.info.seed.to_string()),
            (
                "overrides",
                if overrides.is_empty() {
                    "none".into()
                } else {
                    overrides
                },
            ),
            (
                "canopy",
                format!("{} ({})", d.info.canopy_version, d.info.git_hash),
            ),
        ],
    );
    s.push_str("<h2>Intercept rate: three denominators</h2>\n");
    denominators(&mut s, m);

    s.push_str("<h2>Leakage</h2>\n");
    s.push_str(&per_run_chart(
        "Leakers per run",
        &st,
        "Leakers in the run",
        (&d.tables.runs, |r| r.leaked),
        format!(
            "Expected leakers {} (95 % t {}); P(zero leakers) {} (Clopper–Pearson {}).",
            m.expected_leakers.mean.map_or("–".into(), num),
            interval_num(m.expected_leakers.t),
            m.p_zero_leakers.estimate.map_or("–".into(), pct),
            interval_pct(m.p_zero_leakers.clopper_pearson)
        ),
    ));

    s.push_str("<h2>Leak causes</h2>\n");
    let types: Vec<String> = m.by_type.iter().map(|t| t.type_name.clone()).collect();
    let per_cause: Vec<Vec<f64>> = LeakCause::ALL
        .iter()
        .map(|cause| {
            types
                .iter()
                .map(|ty| {
                    d.tables
                        .threats
                        .iter()
                        .filter(|t| &t.type_name == ty && t.cause.as_deref() == Some(cause.name()))
                        .count() as f64
                        / runs.max(1) as f64
                })
                .collect()
        })
        .collect();
    s.push_str(
        &causes_chart(
            "Leak causes by threat type",
            &st,
            "Threat type",
            types,
            per_cause,
        )
        .render(),
    );
    s.push_str("<table><tr><th>threat type</th><th>stopped / threats</th><th>95 % Clopper–Pearson</th><th>killed / engaged</th><th>95 % Clopper–Pearson</th></tr>\n");
    for t in &m.by_type {
        let _ = writeln!(
            s,
            r#"<tr><td>{}</td><td class="n">{} / {} = {}</td><td class="n">{}</td><td class="n">{} / {} = {}</td><td class="n">{}</td></tr>"#,
            escape(&t.type_name),
            t.stopped.successes,
            t.stopped.trials,
            t.stopped.estimate.map_or("–".into(), pct),
            interval_pct(t.stopped.clopper_pearson),
            t.killed_given_engaged.successes,
            t.killed_given_engaged.trials,
            t.killed_given_engaged.estimate.map_or("–".into(), pct),
            interval_pct(t.killed_given_engaged.clopper_pearson)
        );
    }
    s.push_str("</table>\n");

    s.push_str("<h2>Rounds expended</h2>\n");
    s.push_str(&per_run_chart(
        "Rounds expended per run",
        &st,
        "Rounds launched in the run",
        (&d.tables.runs, |r| r.rounds),
        format!(
            "Mean {} rounds per run (95 % t {}); {} per threat, {} per leaker prevented.",
            m.rounds_per_run.mean.map_or("–".into(), num),
            interval_num(m.rounds_per_run.t),
            m.rounds_per_threat.estimate.map_or("–".into(), num),
            m.rounds_per_leaker_prevented
                .estimate
                .map_or("–".into(), num)
        ),
    ));
    let initial = std::fs::read_to_string(dir.join(batch::SUMMARY))
        .ok()
        .and_then(|t| serde_json::from_str::<serde_json::Value>(&t).ok())
        .and_then(|v| v.get("initial_rounds")?.as_u64());
    s.push_str(&magazine_chart(&st, m, initial).render());

    s.push_str("<h2>Cost and value</h2>\n");
    cost_value(&mut s, m);

    s.push_str("<h2>Engagement timeline</h2>\n");
    timeline_section(&mut s, &st, &d.tables.threats);

    s.push_str("<h2>Coverage</h2>\n");
    coverage_section(&mut s, dir, &d.info.catalog_base, &st);

    s.push_str("<h2>Parameter provenance</h2>\n");
    provenance_section(&mut s, dir);
    s.push_str("</body></html>\n");
    Ok(s)
}

/// A line with its interval band, one per series of a sweep chart.
fn band_series(
    c: &mut Chart,
    name: &str,
    k: usize,
    points: &[(f64, Option<f64>, Option<Interval>)],
) {
    c.layers.push(Layer::Band {
        name: String::new(),
        color: color(k),
        points: points
            .iter()
            .filter_map(|(x, _, i)| Some((*x, i.as_ref()?.lo, i.as_ref()?.hi)))
            .collect(),
    });
    c.layers.push(Layer::Line {
        name: name.to_string(),
        color: color(k),
        points: points
            .iter()
            .filter_map(|(x, e, _)| Some((*x, (*e)?)))
            .collect(),
    });
}

/// The last key of a path (`sspk` for `catalog.interceptor.48N6-class.sspk`),
/// for legends; axes and tables give the whole path.
fn short(path: &str) -> &str {
    path.rsplit('.').next().unwrap_or(path)
}

/// Picks an estimate and its interval from a point's metrics.
type Pick<'a> = &'a dyn Fn(&Metrics) -> (Option<f64>, Option<Interval>);

/// One series per value of the second varied parameter (or one series).
fn sweep_series(info: &SweepInfo) -> Vec<(String, Vec<usize>)> {
    match info.vary.get(1) {
        None => vec![(String::new(), (0..info.points.len()).collect())],
        Some(v2) => v2
            .values
            .iter()
            .map(|x| {
                let idx = info
                    .points
                    .iter()
                    .enumerate()
                    .filter(|(_, p)| p.values.get(1) == Some(x))
                    .map(|(i, _)| i)
                    .collect();
                (format!("{} = {x}", short(&v2.path)), idx)
            })
            .collect(),
    }
}

fn sweep_chart(
    info: &SweepInfo,
    metrics: &[Metrics],
    title: &str,
    stamp: &str,
    y_label: &str,
    pick: Pick<'_>,
) -> Chart {
    let mut c = Chart::new(title, stamp, &info.vary[0].path, y_label);
    for (k, (name, idx)) in sweep_series(info).into_iter().enumerate() {
        let pts: Vec<(f64, Option<f64>, Option<Interval>)> = idx
            .iter()
            .map(|&i| {
                let (e, iv) = pick(&metrics[i]);
                (info.points[i].values[0], e, iv)
            })
            .collect();
        let name = if name.is_empty() {
            "estimate".to_string()
        } else {
            name
        };
        band_series(&mut c, &name, k, &pts);
    }
    c
}

fn sweep_html(dir: &Path) -> Result<String, StudyError> {
    let info = sweep::read_manifest(dir)?;
    let mut datas = Vec::new();
    for p in &info.points {
        datas.push(load_batch(&dir.join(&p.name))?);
    }
    let metrics: Vec<Metrics> = datas.iter().map(|d| d.metrics.clone()).collect();
    let st = stamp(&info.scenario, info.runs, info.seed);
    let mut s = String::new();
    let varied = info
        .vary
        .iter()
        .map(|v| {
            format!(
                "{} ∈ {{{}}}",
                v.path,
                v.values
                    .iter()
                    .map(|x| x.to_string())
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        })
        .collect::<Vec<_>>()
        .join("; ");
    page_start(
        &mut s,
        &format!("Canopy sweep report: {}", info.scenario),
        &[
            ("scenario file", info.scenario_file.clone()),
            ("varied", varied),
            ("points", info.points.len().to_string()),
            ("runs per point", info.runs.to_string()),
            ("seed (every point)", info.seed.to_string()),
            (
                "canopy",
                format!("{} ({})", info.canopy_version, info.git_hash),
            ),
        ],
    );
    s.push_str("<h2>Leakage</h2>\n");
    let mut c = sweep_chart(
        &info,
        &metrics,
        "Expected leakers per run",
        &st,
        "Leakers per run (mean, 95 % t band)",
        &|m| (m.expected_leakers.mean, m.expected_leakers.t),
    );
    c.footnotes
        .push("Every point uses the same seed (common random numbers).".into());
    s.push_str(&c.render());
    for (title, pick) in [
        (
            "P(zero leakers)",
            (&|m: &Metrics| (m.p_zero_leakers.estimate, m.p_zero_leakers.clopper_pearson))
                as Pick<'_>,
        ),
        ("Raid-level fraction stopped", &|m: &Metrics| {
            (
                m.raid_fraction_stopped.estimate,
                m.raid_fraction_stopped.clopper_pearson,
            )
        }),
        (
            "Per-threat kill probability given engaged",
            &|m: &Metrics| {
                (
                    m.per_engaged_threat_kill.estimate,
                    m.per_engaged_threat_kill.clopper_pearson,
                )
            },
        ),
    ] {
        let mut c = sweep_chart(
            &info,
            &metrics,
            title,
            &st,
            "Probability (95 % Clopper–Pearson band)",
            pick,
        );
        c.y_range = Some((0.0, 1.0));
        s.push_str(&c.render());
    }

    s.push_str("<h2>Leak causes</h2>\n");
    let labels: Vec<String> = info
        .points
        .iter()
        .map(|p| {
            p.values
                .iter()
                .map(|x| x.to_string())
                .collect::<Vec<_>>()
                .join(" / ")
        })
        .collect();
    let per_cause: Vec<Vec<f64>> = (0..LeakCause::ALL.len())
        .map(|k| {
            metrics
                .iter()
                .map(|m| {
                    m.leak_causes
                        .get(k)
                        .and_then(|c| c.per_run.mean)
                        .unwrap_or(0.0)
                })
                .collect()
        })
        .collect();
    let x_label = info
        .vary
        .iter()
        .map(|v| v.path.as_str())
        .collect::<Vec<_>>()
        .join(" / ");
    s.push_str(&causes_chart("Leak causes per point", &st, &x_label, labels, per_cause).render());

    s.push_str("<h2>Rounds expended</h2>\n");
    s.push_str(
        &sweep_chart(
            &info,
            &metrics,
            "Rounds expended per run",
            &st,
            "Rounds per run (mean, 95 % t band)",
            &|m| (m.rounds_per_run.mean, m.rounds_per_run.t),
        )
        .render(),
    );
    let mut c = Chart::new(
        "Ready rounds over time, by point",
        &st,
        "Time (s)",
        "Ready rounds (mean)",
    );
    for (k, (p, m)) in info.points.iter().zip(&metrics).enumerate() {
        c.layers.push(Layer::Line {
            name: info
                .vary
                .iter()
                .zip(&p.values)
                .map(|(v, x)| format!("{} = {x}", short(&v.path)))
                .collect::<Vec<_>>()
                .join(", "),
            color: color(k),
            points: m
                .magazine
                .curve
                .iter()
                .filter_map(|(t, mean)| Some((*t, mean.mean?)))
                .collect(),
        });
    }
    s.push_str(&c.render());

    s.push_str("<h2>Intercept rate: three denominators, per point</h2>\n<table><tr><th>point</th><th>per shot</th><th>per engaged threat</th><th>per raid threat</th><th>P(zero leakers)</th><th>cost-exchange ratio</th></tr>\n");
    let cell = |p: &Proportion| {
        format!(
            "{} ({} / {}) [{}]",
            p.estimate.map_or("–".into(), pct),
            p.successes,
            p.trials,
            interval_pct(p.clopper_pearson)
        )
    };
    for (p, m) in info.points.iter().zip(&metrics) {
        let _ = writeln!(
            s,
            r#"<tr><td>{} ({})</td><td class="n">{}</td><td class="n">{}</td><td class="n">{}</td><td class="n">{}</td><td class="n">{}</td></tr>"#,
            escape(&sweep::describe(&info.vary, &p.values)),
            escape(&p.name),
            cell(&m.per_shot_kill),
            cell(&m.per_engaged_threat_kill),
            cell(&m.raid_fraction_stopped),
            cell(&m.p_zero_leakers),
            m.cost.exchange_ratio.estimate.map_or("–".into(), num)
        );
    }
    s.push_str("</table>\n<p class=\"meta\">Estimates with numerator / denominator and the 95 % Clopper–Pearson interval.</p>\n");

    s.push_str("<h2>Engagement timeline, per point</h2>\n<table><tr><th>point</th>");
    for (name, _, _) in STAGES {
        let _ = write!(s, "<th>{} (s): median [5–95 %]</th>", escape(name));
    }
    s.push_str("</tr>\n");
    for (p, m) in info.points.iter().zip(&metrics) {
        let _ = write!(s, "<tr><td>{}</td>", escape(&p.name));
        for st in &m.timeline {
            let d = &st.seconds;
            let _ = write!(
                s,
                r#"<td class="n">{}</td>"#,
                match (d.p50, d.p05, d.p95) {
                    (Some(a), Some(b), Some(c)) => format!("{} [{} – {}]", num(a), num(b), num(c)),
                    _ => "–".into(),
                }
            );
        }
        s.push_str("</tr>\n");
    }
    s.push_str("</table>\n");

    if let Some(first) = info.points.first() {
        let pdir = dir.join(&first.name);
        s.push_str("<h2>Coverage</h2>\n");
        let _ = writeln!(
            s,
            "<p class=\"meta\">Radars of the first point ({}).</p>",
            escape(&first.name)
        );
        coverage_section(&mut s, &pdir, &datas[0].info.catalog_base, &st);
        s.push_str("<h2>Parameter provenance</h2>\n");
        let _ = writeln!(
            s,
            "<p class=\"meta\">Catalog types of the first point ({}).</p>",
            escape(&first.name)
        );
        provenance_section(&mut s, &pdir);
    }
    s.push_str("</body></html>\n");
    Ok(s)
}

/// Writes `dir/report.html` for a batch folder (with `batch.json`) or a
/// sweep folder (with `sweep.json`) and returns its path.
pub fn write_report(dir: &Path) -> Result<PathBuf, StudyError> {
    let html = if dir.join(sweep::MANIFEST).exists() {
        sweep_html(dir)?
    } else if dir.join(batch::MANIFEST).exists() {
        batch_html(dir)?
    } else {
        return Err(StudyError::Usage(format!(
            "{} holds neither a batch (batch.json) nor a sweep (sweep.json)",
            dir.display()
        )));
    };
    let path = dir.join(REPORT);
    std::fs::write(&path, html).map_err(|e| StudyError::io(&path, e))?;
    Ok(path)
}
