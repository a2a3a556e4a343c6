//! Inline SVG charts for reports: lines with interval bands, stacked bars
//! and histograms on one frame. The axis arithmetic (ticks, mappings) and
//! escaping are canopy-output's `svg` module's; this adds the filled
//! shapes its line charts do not draw. Output has no XML namespace
//! declaration (HTML5 inline SVG needs none), so a report holds no URL.

use canopy_output::svg::{Mapping, PALETTE, Scale, escape, linear_ticks};
use std::fmt::Write as _;

/// Something drawn in the plot area.
#[derive(Clone, Debug, PartialEq)]
pub enum Layer {
    /// A filled band between `lo` and `hi`: (x, lo, hi) points.
    Band {
        /// Legend text (empty: not listed).
        name: String,
        /// CSS colour.
        color: String,
        /// (x, lo, hi), by increasing x.
        points: Vec<(f64, f64, f64)>,
    },
    /// A polyline with markers.
    Line {
        /// Legend text.
        name: String,
        /// CSS colour.
        color: String,
        /// (x, y).
        points: Vec<(f64, f64)>,
    },
    /// Filled rectangles (bars, histogram bins, stacked segments).
    Rects {
        /// Legend text.
        name: String,
        /// CSS colour.
        color: String,
        /// (x0, x1, y0, y1).
        rects: Vec<(f64, f64, f64, f64)>,
    },
}

/// A chart: frame, axes and layers.
#[derive(Clone, Debug, PartialEq)]
pub struct Chart {
    /// Title.
    pub title: String,
    /// Second line: scenario, runs, seed.
    pub subtitle: String,
    /// x-axis title.
    pub x_label: String,
    /// y-axis title.
    pub y_label: String,
    /// Categorical x axis: category i is centred at x = i.
    pub categories: Option<Vec<String>>,
    /// Fixed y range (otherwise from 0 to the data's maximum).
    pub y_range: Option<(f64, f64)>,
    /// Layers, drawn in order.
    pub layers: Vec<Layer>,
    /// Small print under the chart.
    pub footnotes: Vec<String>,
}

/// The i-th palette colour.
pub fn color(i: usize) -> String {
    PALETTE[i % PALETTE.len()].to_string()
}

const WIDTH: f64 = 820.0;
const HEIGHT: f64 = 400.0;
const NOTE: f64 = 15.0;

fn px(v: f64) -> String {
    format!("{:.1}", v)
}

/// Nice axis bounds and ticks covering [lo, hi].
fn axis(lo: f64, hi: f64) -> (f64, f64, Vec<f64>) {
    let (lo, hi) = if hi > lo {
        (lo, hi)
    } else {
        (lo - 0.5, lo + 0.5)
    };
    let mut ticks = linear_ticks(lo, hi, 7);
    if ticks.len() >= 2 {
        let step = ticks[1] - ticks[0];
        if ticks[0] > lo + 1e-12 * step {
            ticks.insert(0, ticks[0] - step);
        }
        if ticks[ticks.len() - 1] < hi - 1e-12 * step {
            ticks.push(ticks[ticks.len() - 1] + step);
        }
        (ticks[0], ticks[ticks.len() - 1], ticks)
    } else {
        (lo, hi, ticks)
    }
}

fn tick_label(v: f64) -> String {
    if v == 0.0 {
        return "0".into();
    }
    let a = v.abs();
    if a >= 1e6 {
        format!("{}M", trim(v / 1e6))
    } else if a >= 1e4 {
        format!("{}k", trim(v / 1e3))
    } else {
        trim(v)
    }
}

fn trim(v: f64) -> String {
    let s = format!("{v:.3}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    s.to_string()
}

impl Chart {
    /// A chart with no layers.
    pub fn new(title: &str, subtitle: &str, x_label: &str, y_label: &str) -> Chart {
        Chart {
            title: title.into(),
            subtitle: subtitle.into(),
            x_label: x_label.into(),
            y_label: y_label.into(),
            categories: None,
            y_range: None,
            layers: Vec::new(),
            footnotes: Vec::new(),
        }
    }

    fn x_values(&self) -> Vec<f64> {
        let mut xs = Vec::new();
        for l in &self.layers {
            match l {
                Layer::Band { points, .. } => xs.extend(points.iter().map(|p| p.0)),
                Layer::Line { points, .. } => xs.extend(points.iter().map(|p| p.0)),
                Layer::Rects { rects, .. } => xs.extend(rects.iter().flat_map(|r| [r.0, r.1])),
            }
        }
        xs.retain(|v| v.is_finite());
        xs
    }

    fn y_max(&self) -> f64 {
        let mut m: f64 = 0.0;
        for l in &self.layers {
            let ys: Vec<f64> = match l {
                Layer::Band { points, .. } => points.iter().map(|p| p.2).collect(),
                Layer::Line { points, .. } => points.iter().map(|p| p.1).collect(),
                Layer::Rects { rects, .. } => rects.iter().map(|r| r.3).collect(),
            };
            m = ys.into_iter().filter(|v| v.is_finite()).fold(m, f64::max);
        }
        m
    }

    /// The `<svg>` element.
    pub fn render(&self) -> String {
        let (x_lo, x_hi, x_ticks) = match &self.categories {
            Some(c) => (
                -0.5,
                c.len().max(1) as f64 - 0.5,
                (0..c.len()).map(|i| i as f64).collect(),
            ),
            None => {
                let xs = self.x_values();
                let lo = xs.iter().copied().fold(f64::INFINITY, f64::min);
                let hi = xs.iter().copied().fold(f64::NEG_INFINITY, f64::max);
                if lo.is_finite() {
                    axis(lo, hi)
                } else {
                    axis(0.0, 1.0)
                }
            }
        };
        let (y_lo, y_hi, y_ticks) = match self.y_range {
            Some((lo, hi)) => (lo, hi, linear_ticks(lo, hi, 6)),
            None => axis(0.0, self.y_max().max(1e-9)),
        };
        let legend: Vec<(&str, &str, bool)> = self
            .layers
            .iter()
            .map(|l| match l {
                Layer::Band { name, color, .. } => (name.as_str(), color.as_str(), true),
                Layer::Line { name, color, .. } => (name.as_str(), color.as_str(), false),
                Layer::Rects { name, color, .. } => (name.as_str(), color.as_str(), true),
            })
            .filter(|(n, _, _)| !n.is_empty())
            .collect();
        let legend_chars = legend
            .iter()
            .map(|l| l.0.chars().count())
            .max()
            .unwrap_or(0);
        let right = if legend.is_empty() {
            20.0
        } else {
            (legend_chars as f64 * 6.5 + 40.0).clamp(100.0, 260.0)
        };
        let (left, top, bottom) = (70.0, 56.0, 52.0);
        let total = HEIGHT + self.footnotes.len() as f64 * NOTE;
        let (x0, x1, y0, y1) = (left, WIDTH - right, top, HEIGHT - bottom);
        let xm = Mapping::new(Scale::Linear, x_lo, x_hi, x0, x1);
        let ym = Mapping::new(Scale::Linear, y_lo, y_hi, y1, y0);
        let mut s = String::new();
        let _ = writeln!(
            s,
            r#"<svg class="chart" width="{WIDTH}" height="{total}" viewBox="0 0 {WIDTH} {total}" role="img" aria-label="{}">"#,
            escape(&self.title)
        );
        let _ = writeln!(s, "<title>{}</title>", escape(&self.title));
        let _ = writeln!(
            s,
            r#"<rect width="{WIDTH}" height="{total}" fill="white"/>"#
        );
        let _ = writeln!(
            s,
            r#"<text x="{left}" y="22" class="t">{}</text><text x="{left}" y="41" class="s">{}</text>"#,
            escape(&self.title),
            escape(&self.subtitle)
        );
        for &t in &y_ticks {
            let y = px(ym.map(t));
            let _ = writeln!(
                s,
                r##"<line x1="{}" y1="{y}" x2="{}" y2="{y}" stroke="#e3e3e3"/><text x="{}" y="{}" text-anchor="end" class="k">{}</text>"##,
                px(x0),
                px(x1),
                px(x0 - 6.0),
                px(ym.map(t) + 4.0),
                tick_label(t)
            );
        }
        for (i, &t) in x_ticks.iter().enumerate() {
            let x = px(xm.map(t));
            let label = match &self.categories {
                Some(c) => c.get(i).cloned().unwrap_or_default(),
                None => tick_label(t),
            };
            let _ = writeln!(
                s,
                r##"<line x1="{x}" y1="{}" x2="{x}" y2="{}" stroke="#e3e3e3"/><text x="{x}" y="{}" text-anchor="middle" class="k">{}</text>"##,
                px(y0),
                px(y1),
                px(y1 + 16.0),
                escape(&label)
            );
        }
        let clip = |v: f64, lo: f64, hi: f64| v.clamp(lo.min(hi), hi.max(lo));
        let (mx, my) = (
            |v: f64| clip(xm.map(v), x0, x1),
            |v: f64| clip(ym.map(v), y0, y1),
        );
        for l in &self.layers {
            match l {
                Layer::Band { color, points, .. } if points.len() >= 2 => {
                    let upper = points
                        .iter()
                        .map(|p| format!("{},{}", px(mx(p.0)), px(my(p.2))));
                    let lower = points
                        .iter()
                        .rev()
                        .map(|p| format!("{},{}", px(mx(p.0)), px(my(p.1))));
                    let pts: Vec<String> = upper.chain(lower).collect();
                    let _ = writeln!(
                        s,
                        r#"<polygon points="{}" fill="{}" fill-opacity="0.22" stroke="none"/>"#,
                        pts.join(" "),
                        escape(color)
                    );
                }
                Layer::Band { color, points, .. } => {
                    // One point: an error bar.
                    for p in points {
                        let _ = writeln!(
                            s,
                            r#"<line x1="{x}" y1="{}" x2="{x}" y2="{}" stroke="{}" stroke-width="6" stroke-opacity="0.3"/>"#,
                            px(my(p.1)),
                            px(my(p.2)),
                            escape(color),
                            x = px(mx(p.0))
                        );
                    }
                }
                Layer::Line { color, points, .. } => {
                    let pts: Vec<String> = points
                        .iter()
                        .filter(|p| p.0.is_finite() && p.1.is_finite())
                        .map(|p| format!("{},{}", px(mx(p.0)), px(my(p.1))))
                        .collect();
                    let _ = writeln!(
                        s,
                        r#"<polyline points="{}" fill="none" stroke="{}" stroke-width="2"/>"#,
                        pts.join(" "),
                        escape(color)
                    );
                    for p in pts {
                        let (cx, cy) = p.split_once(',').unwrap_or(("0", "0"));
                        let _ = writeln!(
                            s,
                            r#"<circle cx="{cx}" cy="{cy}" r="2.5" fill="{}"/>"#,
                            escape(color)
                        );
                    }
                }
                Layer::Rects { color, rects, .. } => {
                    for r in rects {
                        let (a, b) = (mx(r.0), mx(r.1));
                        let (c, d) = (my(r.3), my(r.2));
                        if (d - c).abs() < 1e-9 {
                            continue;
                        }
                        let _ = writeln!(
                            s,
                            r#"<rect x="{}" y="{}" width="{}" height="{}" fill="{}"/>"#,
                            px(a.min(b)),
                            px(c.min(d)),
                            px((b - a).abs()),
                            px((d - c).abs()),
                            escape(color)
                        );
                    }
                }
            }
        }
        let _ = writeln!(
            s,
            r##"<rect x="{}" y="{}" width="{}" height="{}" fill="none" stroke="#666"/>"##,
            px(x0),
            px(y0),
            px(x1 - x0),
            px(y1 - y0)
        );
        let _ = writeln!(
            s,
            r#"<text x="{}" y="{}" text-anchor="middle" class="a">{}</text>"#,
            px((x0 + x1) / 2.0),
            px(y1 + 38.0),
            escape(&self.x_label)
        );
        let (lx, ly) = (px(16.0), px((y0 + y1) / 2.0));
        let _ = writeln!(
            s,
            r#"<text x="{lx}" y="{ly}" text-anchor="middle" class="a" transform="rotate(-90 {lx} {ly})">{}</text>"#,
            escape(&self.y_label)
        );
        for (i, (name, color, filled)) in legend.iter().enumerate() {
            let y = y0 + 8.0 + 18.0 * i as f64;
            let lx = x1 + 12.0;
            if *filled {
                let _ = writeln!(
                    s,
                    r#"<rect x="{}" y="{}" width="18" height="10" fill="{}" fill-opacity="0.6"/>"#,
                    px(lx),
                    px(y - 5.0),
                    escape(color)
                );
            } else {
                let _ = writeln!(
                    s,
                    r#"<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}" stroke-width="2"/>"#,
                    px(lx),
                    px(y),
                    px(lx + 18.0),
                    px(y),
                    escape(color)
                );
            }
            let _ = writeln!(
                s,
                r#"<text x="{}" y="{}" class="k">{}</text>"#,
                px(lx + 24.0),
                px(y + 4.0),
                escape(name)
            );
        }
        for (i, n) in self.footnotes.iter().enumerate() {
            let _ = writeln!(
                s,
                r#"<text x="10" y="{}" class="n">{}</text>"#,
                px(HEIGHT - 4.0 + i as f64 * NOTE),
                escape(n)
            );
        }
        s.push_str("</svg>\n");
        s
    }
}

/// Histogram bins of `values`: `bins` equal-width bins over their range,
/// as (x0, x1, count); a sample with one distinct value gets one bin of
/// width 1 centred on it.
pub fn histogram(values: &[f64], bins: usize) -> Vec<(f64, f64, f64)> {
    let finite: Vec<f64> = values.iter().copied().filter(|v| v.is_finite()).collect();
    let lo = finite.iter().copied().fold(f64::INFINITY, f64::min);
    let hi = finite.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    if !lo.is_finite() {
        return Vec::new();
    }
    if hi - lo <= 1e-9 * hi.abs().max(1.0) {
        return vec![(lo - 0.5, lo + 0.5, finite.len() as f64)];
    }
    let bins = bins.max(1);
    let width = (hi - lo) / bins as f64;
    let mut counts = vec![0.0; bins];
    for v in finite {
        let k = (((v - lo) / width) as usize).min(bins - 1);
        counts[k] += 1.0;
    }
    counts
        .into_iter()
        .enumerate()
        .map(|(k, c)| (lo + k as f64 * width, lo + (k + 1) as f64 * width, c))
        .collect()
}

/// Histogram of whole numbers: one bin of width 1 centred on each value
/// from the smallest to the largest (at most `max_bins`; beyond, equal-width
/// bins as [`histogram`]).
pub fn integer_histogram(values: &[f64], max_bins: usize) -> Vec<(f64, f64, f64)> {
    let lo = values.iter().copied().fold(f64::INFINITY, f64::min);
    let hi = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    if !lo.is_finite() || !hi.is_finite() {
        return Vec::new();
    }
    let n = (hi - lo).round() as usize + 1;
    if n > max_bins {
        return histogram(values, max_bins);
    }
    let mut counts = vec![0.0; n];
    for v in values {
        counts[((v - lo).round() as usize).min(n - 1)] += 1.0;
    }
    counts
        .into_iter()
        .enumerate()
        .map(|(k, c)| {
            let x = lo + k as f64;
            (x - 0.5, x + 0.5, c)
        })
        .collect()
}
