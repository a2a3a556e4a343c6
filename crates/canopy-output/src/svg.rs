//! A small, dependency-free SVG line-chart builder.
//!
//! [`LineChart`] holds a title, two [`Axis`] (linear or logarithmic, fixed or fitted
//! range), any number of [`Series`] (polylines with a legend entry), labelled
//! [`ReferenceLine`]s (horizontal or vertical) and footnotes; [`LineChart::render`] turns
//! it into a standalone SVG document. Written by hand rather than with a plotting crate
//! so that the output is small, byte-for-byte deterministic and diffable, and the
//! dependency tree stays lean. `canopy coverage` draws its detection-range charts with
//! it; reports reuse it.
//!
//! Conventions: a point with a non-finite coordinate breaks its series into separate
//! segments (how gaps are drawn); lines are clipped to the plot area; reference lines
//! outside the axis range are not drawn. Fitted ranges include every finite data value
//! and every reference line, and linear ones are widened to round tick values.

use std::fmt::Write as _;

/// Why a chart cannot be drawn.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ChartError {
    /// An axis has no finite value to fit its range to, and no fixed range.
    #[error("the {axis} axis has no data to fit its range to; give it a fixed range")]
    NoData {
        /// `x` or `y`.
        axis: &'static str,
    },
    /// A fixed range is empty, reversed or not finite, or not positive on a log axis.
    #[error("the {axis} axis range [{lo}, {hi}] is invalid: {why}")]
    InvalidRange {
        /// `x` or `y`.
        axis: &'static str,
        /// Lower bound.
        lo: f64,
        /// Upper bound.
        hi: f64,
        /// What is wrong with it.
        why: &'static str,
    },
    /// A value that is not positive on a logarithmic axis.
    #[error("the {axis} axis is logarithmic but has the value {value} (must be > 0)")]
    NonPositiveOnLog {
        /// `x` or `y`.
        axis: &'static str,
        /// The offending value.
        value: f64,
    },
    /// The requested canvas is too small or not finite.
    #[error("the chart size {width} x {height} px is too small (at least 300 x 200)")]
    InvalidSize {
        /// Requested width, px.
        width: f64,
        /// Requested height, px.
        height: f64,
    },
}

/// How values map to positions along an axis.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scale {
    /// Position proportional to the value.
    Linear,
    /// Position proportional to log10 of the value (values must be > 0).
    Log,
}

/// One axis of a chart.
#[derive(Debug, Clone, PartialEq)]
pub struct Axis {
    /// Axis title, units included (e.g. `Target altitude (m)`).
    pub label: String,
    /// Linear or logarithmic.
    pub scale: Scale,
    /// Fixed `(low, high)`; `None` fits the data and reference lines.
    pub range: Option<(f64, f64)>,
}

impl Axis {
    /// A linear axis with a fitted range.
    pub fn linear(label: impl Into<String>) -> Self {
        Axis {
            label: label.into(),
            scale: Scale::Linear,
            range: None,
        }
    }

    /// A logarithmic axis with a fitted range.
    pub fn log(label: impl Into<String>) -> Self {
        Axis {
            label: label.into(),
            scale: Scale::Log,
            range: None,
        }
    }

    /// The same axis with a fixed range.
    pub fn with_range(mut self, lo: f64, hi: f64) -> Self {
        self.range = Some((lo, hi));
        self
    }
}

/// Stroke pattern of a line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dash {
    /// Continuous.
    Solid,
    /// Long dashes.
    Dashed,
    /// Dots.
    Dotted,
}

impl Dash {
    fn attribute(self) -> &'static str {
        match self {
            Dash::Solid => "",
            Dash::Dashed => " stroke-dasharray=\"8 5\"",
            Dash::Dotted => " stroke-dasharray=\"2 4\"",
        }
    }
}

/// The colours given to series without one, in order (the Tableau 10 palette, chosen
/// because its hues stay distinguishable for the common colour-vision deficiencies).
pub const PALETTE: [&str; 10] = [
    "#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7",
    "#9c755f", "#bab0ac",
];

/// A polyline with a legend entry.
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    /// Legend text.
    pub name: String,
    /// `(x, y)` points in data units, drawn in order; a non-finite coordinate breaks the line.
    pub points: Vec<(f64, f64)>,
    /// CSS colour; `None` takes the next colour of [`PALETTE`] (by series index).
    pub color: Option<String>,
    /// Stroke pattern.
    pub dash: Dash,
    /// Stroke width, px.
    pub width: f64,
    /// Whether to draw a dot at each point.
    pub markers: bool,
}

impl Series {
    /// A solid 2 px line with markers and a palette colour.
    pub fn new(name: impl Into<String>, points: Vec<(f64, f64)>) -> Self {
        Series {
            name: name.into(),
            points,
            color: None,
            dash: Dash::Solid,
            width: 2.0,
            markers: true,
        }
    }

    /// The same series in a fixed colour, dash pattern and without markers: for
    /// curves that frame the data (limits, models) rather than being it.
    pub fn guide(mut self, color: impl Into<String>, dash: Dash) -> Self {
        self.color = Some(color.into());
        self.dash = dash;
        self.width = 1.5;
        self.markers = false;
        self
    }
}

/// Which way a reference line runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Orientation {
    /// y = value, across the plot.
    Horizontal,
    /// x = value, from bottom to top.
    Vertical,
}

/// A labelled straight line at a fixed value (a threshold, a claim, a limit).
#[derive(Debug, Clone, PartialEq)]
pub struct ReferenceLine {
    /// Horizontal (y = value) or vertical (x = value).
    pub orientation: Orientation,
    /// Position in data units.
    pub value: f64,
    /// Text written along the line.
    pub label: String,
    /// CSS colour.
    pub color: String,
    /// Stroke pattern.
    pub dash: Dash,
}

/// A line chart; fill the fields, then [`render`](LineChart::render).
#[derive(Debug, Clone, PartialEq)]
pub struct LineChart {
    /// Prefix of the SVG element ids (clip path), so that several charts can be inlined
    /// in one HTML page; letters, digits, `-` and `_` only are kept.
    pub id: String,
    /// Main title.
    pub title: String,
    /// Second title line, smaller.
    pub subtitle: Option<String>,
    /// Horizontal axis.
    pub x: Axis,
    /// Vertical axis.
    pub y: Axis,
    /// Data lines, drawn in order, listed in the legend.
    pub series: Vec<Series>,
    /// Labelled reference lines, drawn under the series.
    pub references: Vec<ReferenceLine>,
    /// Lines of small print under the chart (sources, assumptions); long ones are wrapped.
    pub footnotes: Vec<String>,
    /// Canvas width, px.
    pub width: f64,
    /// Height of the canvas above the footnotes, px (each footnote line adds to it).
    pub height: f64,
}

impl LineChart {
    /// An empty 900 × 540 px chart.
    pub fn new(title: impl Into<String>, x: Axis, y: Axis) -> Self {
        LineChart {
            id: "chart".to_string(),
            title: title.into(),
            subtitle: None,
            x,
            y,
            series: Vec::new(),
            references: Vec::new(),
            footnotes: Vec::new(),
            width: 900.0,
            height: 540.0,
        }
    }

    /// The SVG document.
    pub fn render(&self) -> Result<String, ChartError> {
        if !(self.width.is_finite() && self.height.is_finite())
            || self.width < 300.0
            || self.height < 200.0
        {
            return Err(ChartError::InvalidSize {
                width: self.width,
                height: self.height,
            });
        }
        let xs = self
            .series
            .iter()
            .flat_map(|s| s.points.iter().map(|p| p.0));
        let ys = self
            .series
            .iter()
            .flat_map(|s| s.points.iter().map(|p| p.1));
        let refs = |o: Orientation| {
            self.references
                .iter()
                .filter(move |r| r.orientation == o)
                .map(|r| r.value)
        };
        let (x_lo, x_hi, x_ticks) =
            fit_axis("x", &self.x, xs.chain(refs(Orientation::Vertical)), 8)?;
        let (y_lo, y_hi, y_ticks) =
            fit_axis("y", &self.y, ys.chain(refs(Orientation::Horizontal)), 8)?;

        let id: String = self
            .id
            .chars()
            .filter(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
            .collect();
        let clip = format!("{}-plot", if id.is_empty() { "chart" } else { &id });

        // Layout: title block on top, axis labels left and below, legend on the right,
        // footnotes at the bottom.
        let top = if self.subtitle.is_some() { 64.0 } else { 46.0 };
        let legend_chars = self
            .series
            .iter()
            .map(|s| s.name.chars().count())
            .max()
            .unwrap_or(0);
        let right = if self.series.is_empty() {
            24.0
        } else {
            // At most about a third of the canvas, so that the plot keeps its room.
            (legend_chars as f64 * 6.6 + 56.0)
                .max(120.0)
                .min(self.width * 0.35)
        };
        let (left, bottom) = (78.0, 58.0);
        let note_chars = ((self.width - 24.0) / (0.56 * NOTE_SIZE)) as usize;
        let notes: Vec<String> = self
            .footnotes
            .iter()
            .flat_map(|n| wrap(n, note_chars))
            .collect();
        let total_height = self.height + notes.len() as f64 * (NOTE_SIZE + 4.0);
        let plot = Rect {
            x0: left,
            y0: top,
            x1: self.width - right,
            y1: self.height - bottom,
        };
        let xm = Mapping::new(self.x.scale, x_lo, x_hi, plot.x0, plot.x1);
        let ym = Mapping::new(self.y.scale, y_lo, y_hi, plot.y1, plot.y0);

        let mut s = String::new();
        let (w, h) = (self.width, total_height);
        // Writing to a String cannot fail; the `let _` keep that explicit.
        let _ = writeln!(
            s,
            r#"<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" viewBox="0 0 {w} {h}" font-family="DejaVu Sans, Helvetica, Arial, sans-serif" font-size="12">"#
        );
        let _ = writeln!(s, "<title>{}</title>", escape(&self.title));
        let _ = writeln!(s, r#"<rect width="{w}" height="{h}" fill="white"/>"#);
        let _ = writeln!(
            s,
            r#"<defs><clipPath id="{clip}"><rect x="{}" y="{}" width="{}" height="{}"/></clipPath></defs>"#,
            px(plot.x0),
            px(plot.y0),
            px(plot.x1 - plot.x0),
            px(plot.y1 - plot.y0)
        );
        let _ = writeln!(
            s,
            r#"<text x="{}" y="24" font-size="17" font-weight="bold">{}</text>"#,
            px(left),
            escape(&self.title)
        );
        if let Some(sub) = &self.subtitle {
            let _ = writeln!(
                s,
                r##"<text x="{}" y="44" font-size="13" fill="#444">{}</text>"##,
                px(left),
                escape(sub)
            );
        }

        // Grid, ticks and tick labels.
        s.push_str("<g stroke=\"#e3e3e3\" stroke-width=\"1\">\n");
        for &t in &x_ticks {
            let x = px(xm.map(t));
            let _ = writeln!(
                s,
                r#"<line x1="{x}" y1="{}" x2="{x}" y2="{}"/>"#,
                px(plot.y0),
                px(plot.y1)
            );
        }
        for &t in &y_ticks {
            let y = px(ym.map(t));
            let _ = writeln!(
                s,
                r#"<line x1="{}" y1="{y}" x2="{}" y2="{y}"/>"#,
                px(plot.x0),
                px(plot.x1)
            );
        }
        s.push_str("</g>\n<g fill=\"#333\">\n");
        for &t in &x_ticks {
            let _ = writeln!(
                s,
                r#"<text x="{}" y="{}" text-anchor="middle">{}</text>"#,
                px(xm.map(t)),
                px(plot.y1 + 17.0),
                escape(&format_tick(t, self.x.scale, &x_ticks))
            );
        }
        for &t in &y_ticks {
            let _ = writeln!(
                s,
                r#"<text x="{}" y="{}" text-anchor="end">{}</text>"#,
                px(plot.x0 - 6.0),
                px(ym.map(t) + 4.0),
                escape(&format_tick(t, self.y.scale, &y_ticks))
            );
        }
        s.push_str("</g>\n");
        let _ = writeln!(
            s,
            r##"<rect x="{}" y="{}" width="{}" height="{}" fill="none" stroke="#666"/>"##,
            px(plot.x0),
            px(plot.y0),
            px(plot.x1 - plot.x0),
            px(plot.y1 - plot.y0)
        );
        let _ = writeln!(
            s,
            r#"<text x="{}" y="{}" text-anchor="middle" font-size="13">{}</text>"#,
            px((plot.x0 + plot.x1) / 2.0),
            px(plot.y1 + 40.0),
            escape(&self.x.label)
        );
        let (ly_x, ly_y) = (px(20.0), px((plot.y0 + plot.y1) / 2.0));
        let _ = writeln!(
            s,
            r#"<text x="{ly_x}" y="{ly_y}" text-anchor="middle" font-size="13" transform="rotate(-90 {ly_x} {ly_y})">{}</text>"#,
            escape(&self.y.label)
        );

        // Data and reference lines, clipped to the plot.
        let _ = writeln!(s, r#"<g clip-path="url(#{clip})" fill="none">"#);
        let visible = |r: &&ReferenceLine| match r.orientation {
            Orientation::Horizontal => y_lo <= r.value && r.value <= y_hi,
            Orientation::Vertical => x_lo <= r.value && r.value <= x_hi,
        };
        for r in self.references.iter().filter(visible) {
            let (x1, y1, x2, y2) = match r.orientation {
                Orientation::Horizontal => {
                    let y = ym.map(r.value);
                    (plot.x0, y, plot.x1, y)
                }
                Orientation::Vertical => {
                    let x = xm.map(r.value);
                    (x, plot.y0, x, plot.y1)
                }
            };
            let _ = writeln!(
                s,
                r#"<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}" stroke-width="1.5"{}/>"#,
                px(x1),
                px(y1),
                px(x2),
                px(y2),
                escape(&r.color),
                r.dash.attribute()
            );
        }
        for (i, series) in self.series.iter().enumerate() {
            let color = series_color(series, i);
            for segment in segments(&series.points) {
                let pts: Vec<String> = segment
                    .iter()
                    .map(|&(x, y)| format!("{},{}", px(xm.map(x)), px(ym.map(y))))
                    .collect();
                let _ = writeln!(
                    s,
                    r#"<polyline points="{}" stroke="{}" stroke-width="{}" stroke-linejoin="round"{}/>"#,
                    pts.join(" "),
                    escape(&color),
                    px(series.width),
                    series.dash.attribute()
                );
                if series.markers {
                    for &(x, y) in &segment {
                        let _ = writeln!(
                            s,
                            r#"<circle cx="{}" cy="{}" r="2.5" fill="{}"/>"#,
                            px(xm.map(x)),
                            px(ym.map(y)),
                            escape(&color)
                        );
                    }
                }
            }
        }
        s.push_str("</g>\n");

        // Reference labels, inside the plot next to their line.
        for r in self.references.iter().filter(visible) {
            let (x, y, anchor) = match r.orientation {
                Orientation::Horizontal => {
                    let y = ym.map(r.value);
                    // Above the line, unless that would leave the plot.
                    let y = if y - 5.0 < plot.y0 + 12.0 {
                        y + 15.0
                    } else {
                        y - 5.0
                    };
                    (plot.x1 - 6.0, y, "end")
                }
                Orientation::Vertical => {
                    let x = xm.map(r.value);
                    if x + 6.0 > plot.x1 - 120.0 {
                        (x - 5.0, plot.y0 + 15.0, "end")
                    } else {
                        (x + 5.0, plot.y0 + 15.0, "start")
                    }
                }
            };
            let _ = writeln!(
                s,
                r#"<text x="{}" y="{}" text-anchor="{anchor}" fill="{}">{}</text>"#,
                px(x),
                px(y),
                escape(&r.color),
                escape(&r.label)
            );
        }

        // Legend.
        if !self.series.is_empty() {
            let lx = plot.x1 + 14.0;
            s.push_str("<g>\n");
            for (i, series) in self.series.iter().enumerate() {
                let y = plot.y0 + 8.0 + 20.0 * i as f64;
                let color = series_color(series, i);
                let _ = writeln!(
                    s,
                    r#"<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}" stroke-width="{}"{}/>"#,
                    px(lx),
                    px(y),
                    px(lx + 28.0),
                    px(y),
                    escape(&color),
                    px(series.width),
                    series.dash.attribute()
                );
                let _ = writeln!(
                    s,
                    r#"<text x="{}" y="{}">{}</text>"#,
                    px(lx + 34.0),
                    px(y + 4.0),
                    escape(&series.name)
                );
            }
            s.push_str("</g>\n");
        }

        if !notes.is_empty() {
            let _ = writeln!(s, r##"<g font-size="{NOTE_SIZE}" fill="#555">"##);
            for (i, line) in notes.iter().enumerate() {
                let _ = writeln!(
                    s,
                    r#"<text x="12" y="{}">{}</text>"#,
                    px(self.height - 6.0 + i as f64 * (NOTE_SIZE + 4.0)),
                    escape(line)
                );
            }
            s.push_str("</g>\n");
        }
        s.push_str("</svg>\n");
        Ok(s)
    }
}

/// Footnote font size, px.
const NOTE_SIZE: f64 = 11.0;

struct Rect {
    x0: f64,
    y0: f64,
    x1: f64,
    y1: f64,
}

fn series_color(series: &Series, index: usize) -> String {
    series
        .color
        .clone()
        .unwrap_or_else(|| PALETTE[index % PALETTE.len()].to_string())
}

/// Maps data values on one axis to pixel positions.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Mapping {
    scale: Scale,
    lo: f64,
    hi: f64,
    px_lo: f64,
    px_hi: f64,
}

impl Mapping {
    /// `lo` maps to `px_lo` and `hi` to `px_hi` (either may be the larger: SVG's y grows
    /// downwards, so a y axis maps `lo` to the bottom pixel). `lo < hi`, both > 0 on a log
    /// scale (the caller checks).
    pub fn new(scale: Scale, lo: f64, hi: f64, px_lo: f64, px_hi: f64) -> Self {
        Mapping {
            scale,
            lo,
            hi,
            px_lo,
            px_hi,
        }
    }

    /// The pixel position of `v` (extrapolated outside [lo, hi]).
    pub fn map(&self, v: f64) -> f64 {
        let t = match self.scale {
            Scale::Linear => (v - self.lo) / (self.hi - self.lo),
            Scale::Log => (v / self.lo).log10() / (self.hi / self.lo).log10(),
        };
        self.px_lo + t * (self.px_hi - self.px_lo)
    }
}

/// The range and ticks of one axis: fixed or fitted to `values` (non-finite ones ignored).
fn fit_axis(
    axis: &'static str,
    a: &Axis,
    values: impl Iterator<Item = f64>,
    max_ticks: usize,
) -> Result<(f64, f64, Vec<f64>), ChartError> {
    let mut lo = f64::INFINITY;
    let mut hi = f64::NEG_INFINITY;
    for v in values.filter(|v| v.is_finite()) {
        if a.scale == Scale::Log && v <= 0.0 {
            return Err(ChartError::NonPositiveOnLog { axis, value: v });
        }
        lo = lo.min(v);
        hi = hi.max(v);
    }
    let invalid = |lo, hi, why| ChartError::InvalidRange { axis, lo, hi, why };
    let (lo, hi) = match a.range {
        Some((lo, hi)) => {
            if !(lo.is_finite() && hi.is_finite()) {
                return Err(invalid(lo, hi, "bounds must be finite"));
            }
            if lo >= hi {
                return Err(invalid(lo, hi, "low must be below high"));
            }
            if a.scale == Scale::Log && lo <= 0.0 {
                return Err(invalid(lo, hi, "a log axis needs bounds > 0"));
            }
            (lo, hi)
        }
        None if lo > hi => return Err(ChartError::NoData { axis }),
        None => {
            // A single value gets a range around it.
            let (lo, hi) = if lo < hi {
                (lo, hi)
            } else if a.scale == Scale::Log {
                (lo / 2.0, hi * 2.0)
            } else {
                let pad = if lo == 0.0 { 1.0 } else { lo.abs() * 0.1 };
                (lo - pad, hi + pad)
            };
            match a.scale {
                Scale::Log => (lo, hi),
                Scale::Linear => {
                    let step = tick_step(lo, hi, max_ticks);
                    ((lo / step).floor() * step, (hi / step).ceil() * step)
                }
            }
        }
    };
    let ticks = match a.scale {
        Scale::Linear => linear_ticks(lo, hi, max_ticks),
        Scale::Log => {
            let t = log_ticks(lo, hi, max_ticks);
            // Less than a decade wide: round linear values read better.
            if t.len() < 2 {
                linear_ticks(lo, hi, max_ticks)
            } else {
                t
            }
        }
    };
    Ok((lo, hi, ticks))
}

/// The smallest "nice" step (1, 2 or 5 × 10ⁿ) that puts at most `max_ticks` ticks in
/// [lo, hi].
fn tick_step(lo: f64, hi: f64, max_ticks: usize) -> f64 {
    let intervals = max_ticks.max(2) as f64 - 1.0;
    let raw = (hi - lo) / intervals;
    let magnitude = 10f64.powf(raw.log10().floor());
    [1.0, 2.0, 5.0, 10.0]
        .into_iter()
        .map(|m| m * magnitude)
        .find(|&step| step >= raw * (1.0 - 1e-9))
        .unwrap_or(10.0 * magnitude)
}

/// Round tick values (multiples of 1, 2 or 5 × 10ⁿ) inside [lo, hi], at most `max_ticks`
/// of them (at least 2 asked for); empty if the range is empty or not finite.
pub fn linear_ticks(lo: f64, hi: f64, max_ticks: usize) -> Vec<f64> {
    if !(lo.is_finite() && hi.is_finite()) || lo >= hi {
        return Vec::new();
    }
    let step = tick_step(lo, hi, max_ticks);
    let first = (lo / step - 1e-9).ceil() as i64;
    let last = (hi / step + 1e-9).floor() as i64;
    (first..=last)
        // Multiplying the integer index (rather than accumulating) keeps values such as
        // 0.3 exact to the last digit, and 0 is exactly 0.
        .map(|k| k as f64 * step)
        .collect()
}

/// Ticks of a logarithmic axis on [lo, hi] (lo > 0): 1-2-5 × 10ⁿ if there are at most
/// `max_ticks` of those, else powers of ten (thinned to every m-th decade for very wide
/// ranges). Empty if the range is invalid.
pub fn log_ticks(lo: f64, hi: f64, max_ticks: usize) -> Vec<f64> {
    if !(lo.is_finite() && hi.is_finite()) || lo <= 0.0 || lo >= hi {
        return Vec::new();
    }
    let (d0, d1) = (lo.log10().floor() as i32, hi.log10().ceil() as i32);
    let inside = |v: &f64| *v >= lo * (1.0 - 1e-9) && *v <= hi * (1.0 + 1e-9);
    let decade = |d: i32| 10f64.powi(d);
    let fine: Vec<f64> = (d0..=d1)
        .flat_map(|d| [1.0, 2.0, 5.0].map(|m| m * decade(d)))
        .filter(inside)
        .collect();
    if fine.len() <= max_ticks.max(2) {
        return fine;
    }
    let decades: Vec<i32> = (d0..=d1).filter(|&d| inside(&decade(d))).collect();
    let every = decades.len().div_ceil(max_ticks.max(2)).max(1);
    decades
        .iter()
        .filter(|&&d| ((d - decades[0]) as usize).is_multiple_of(every))
        .map(|&d| decade(d))
        .collect()
}

/// Tick label: as many decimals as the spacing needs, thousands grouped with thin spaces.
fn format_tick(v: f64, scale: Scale, ticks: &[f64]) -> String {
    let decimals = |step: f64| (-(step.abs().log10() + 1e-9).floor()).max(0.0) as usize;
    let d = match scale {
        // Each log tick needs its own decimals (0.01, 0.02, 0.05, 0.1, …).
        Scale::Log => decimals(v),
        Scale::Linear => match ticks {
            [a, b, ..] => decimals(b - a),
            _ => decimals(v),
        },
    };
    let text = format!("{v:.d$}");
    // -0 prints as "-0": a tick at zero is just 0.
    let text = if text
        .trim_start_matches('-')
        .chars()
        .all(|c| c == '0' || c == '.')
    {
        text.trim_start_matches('-').to_string()
    } else {
        text
    };
    group_thousands(&text)
}

/// Groups the integer digits of a formatted number in threes with a thin space
/// (`12000` → `12 000`), from five digits on, as SI typography does.
fn group_thousands(text: &str) -> String {
    let (sign, rest) = text.strip_prefix('-').map_or(("", text), |r| ("-", r));
    let (int, frac) = rest.split_once('.').map_or((rest, ""), |(i, f)| (i, f));
    if int.len() < 5 {
        return text.to_string();
    }
    let mut grouped = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            grouped.push('\u{2009}');
        }
        grouped.push(c);
    }
    if frac.is_empty() {
        format!("{sign}{grouped}")
    } else {
        format!("{sign}{grouped}.{frac}")
    }
}

/// Splits `points` into runs of finite points (a non-finite coordinate ends a run).
fn segments(points: &[(f64, f64)]) -> Vec<Vec<(f64, f64)>> {
    points
        .split(|(x, y)| !(x.is_finite() && y.is_finite()))
        .filter(|run| !run.is_empty())
        .map(<[(f64, f64)]>::to_vec)
        .collect()
}

/// A pixel coordinate with 0.01 px resolution, without trailing zeros (smaller files,
/// stable output).
fn px(v: f64) -> String {
    let r = (v * 100.0).round() / 100.0;
    // Avoid "-0".
    format!("{}", if r == 0.0 { 0.0 } else { r })
}

/// Escapes text for SVG content and attribute values.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Word-wraps `text` into lines of at most `width` characters (a longer word stays whole).
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > width {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

#[cfg(test)]
mod tests;
