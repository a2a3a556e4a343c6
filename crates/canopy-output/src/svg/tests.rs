use super::*;

fn close(a: &[f64], b: &[f64]) -> bool {
    a.len() == b.len()
        && a.iter()
            .zip(b)
            .all(|(x, y)| (x - y).abs() <= 1e-9 * y.abs().max(1.0))
}

/// Opening elements (not closing, not self-closed, not comments) equal closing ones.
fn balanced(svg: &str) -> bool {
    let mut open = 0i64;
    for (i, _) in svg.match_indices('<') {
        let rest = &svg[i..];
        let end = rest.find('>').expect("tag ends");
        let tag = &rest[..=end];
        if tag.starts_with("</") {
            open -= 1;
        } else if !tag.ends_with("/>") {
            open += 1;
        }
        if open < 0 {
            return false;
        }
    }
    open == 0
}

fn sample() -> LineChart {
    let mut c = LineChart::new(
        "Range <vs> altitude & more",
        Axis::log("Altitude (m)"),
        Axis::linear("Range (km)"),
    );
    c.series.push(Series::new(
        "σ = 1 m²",
        vec![(10.0, 30.0), (100.0, 60.0), (1000.0, 150.0)],
    ));
    c.series.push(Series::new(
        "with gap",
        vec![
            (10.0, 20.0),
            (100.0, f64::NAN),
            (1000.0, 100.0),
            (10000.0, 120.0),
        ],
    ));
    c.references.push(ReferenceLine {
        orientation: Orientation::Horizontal,
        value: 400.0,
        label: "claimed 400 km".into(),
        color: "#c00".into(),
        dash: Dash::Dashed,
    });
    c.footnotes.push("Source: a long footnote ".repeat(20));
    c
}

#[test]
fn linear_ticks_are_round_and_inside() {
    assert!(close(
        &linear_ticks(0.0, 600.0, 8),
        &[0.0, 100.0, 200.0, 300.0, 400.0, 500.0, 600.0]
    ));
    assert!(close(
        &linear_ticks(0.0, 1.0, 6),
        &[0.0, 0.2, 0.4, 0.6, 0.8, 1.0]
    ));
    assert!(close(
        &linear_ticks(-3.0, 7.0, 11),
        &(-3..=7).map(f64::from).collect::<Vec<_>>()
    ));
    assert!(close(&linear_ticks(0.13, 0.91, 5), &[0.2, 0.4, 0.6, 0.8]));
    // At most max_ticks, whatever the range; a nice step is at most 2.5 times the raw
    // one, so from 4 asked for at least one falls inside.
    for (lo, hi) in [(0.0, 1.0), (3.3, 977.0), (-1e6, 2.5e6), (0.001, 0.0017)] {
        for n in 2..12 {
            let t = linear_ticks(lo, hi, n);
            assert!(
                t.len() <= n && (n < 4 || !t.is_empty()),
                "{lo} {hi} {n}: {t:?}"
            );
            assert!(t.iter().all(|v| *v >= lo - 1e-12 && *v <= hi + 1e-12));
        }
    }
    assert!(linear_ticks(1.0, 1.0, 5).is_empty());
    assert!(linear_ticks(f64::NAN, 1.0, 5).is_empty());
}

#[test]
fn log_ticks_use_one_two_five_then_decades() {
    assert!(close(
        &log_ticks(10.0, 30000.0, 12),
        &[
            10.0, 20.0, 50.0, 100.0, 200.0, 500.0, 1e3, 2e3, 5e3, 1e4, 2e4
        ]
    ));
    assert!(close(
        &log_ticks(10.0, 30000.0, 6),
        &[10.0, 100.0, 1e3, 1e4]
    ));
    assert!(close(&log_ticks(1e-3, 1e9, 5), &[1e-3, 1e0, 1e3, 1e6, 1e9]));
    assert!(log_ticks(0.0, 10.0, 5).is_empty());
    assert!(log_ticks(10.0, 1.0, 5).is_empty());
}

#[test]
fn mapping_is_affine_or_logarithmic() {
    let m = Mapping::new(Scale::Linear, 0.0, 600.0, 500.0, 100.0);
    assert_eq!(m.map(0.0), 500.0);
    assert_eq!(m.map(600.0), 100.0);
    assert_eq!(m.map(300.0), 300.0);
    let l = Mapping::new(Scale::Log, 10.0, 10000.0, 0.0, 300.0);
    assert!((l.map(10.0) - 0.0).abs() < 1e-9);
    assert!((l.map(100.0) - 100.0).abs() < 1e-9);
    assert!((l.map(10000.0) - 300.0).abs() < 1e-9);
}

#[test]
fn tick_labels_have_the_decimals_they_need() {
    assert_eq!(format_tick(0.2, Scale::Linear, &[0.0, 0.2]), "0.2");
    assert_eq!(format_tick(100.0, Scale::Linear, &[0.0, 100.0]), "100");
    assert_eq!(format_tick(-0.0, Scale::Linear, &[-0.5, 0.0]), "0.0");
    assert_eq!(format_tick(0.05, Scale::Log, &[]), "0.05");
    assert_eq!(format_tick(20000.0, Scale::Log, &[]), "20\u{2009}000");
    assert_eq!(format_tick(1000.0, Scale::Log, &[]), "1000");
    assert_eq!(group_thousands("-1234567.5"), "-1\u{2009}234\u{2009}567.5");
}

#[test]
fn render_is_well_formed_and_escaped() {
    let svg = sample().render().expect("renders");
    assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
    assert!(svg.trim_end().ends_with("</svg>"));
    assert!(balanced(&svg), "unbalanced tags");
    assert!(svg.contains("Range &lt;vs&gt; altitude &amp; more"));
    assert!(!svg.contains("<vs>"));
    assert!(svg.contains("σ = 1 m²") && svg.contains("claimed 400 km"));
    // Deterministic.
    assert_eq!(svg, sample().render().expect("renders"));
}

#[test]
fn non_finite_points_split_a_series() {
    let svg = sample().render().expect("renders");
    // One polyline for the first series, two for the gapped one, one per legend entry
    // is a <line>, not a polyline.
    assert_eq!(svg.matches("<polyline").count(), 3);
    assert_eq!(
        segments(&[(1.0, 1.0), (2.0, f64::NAN), (3.0, 3.0), (4.0, 4.0)]).len(),
        2
    );
    assert!(segments(&[(f64::INFINITY, 1.0)]).is_empty());
}

#[test]
fn fitted_range_includes_reference_lines_and_data_maps_inside_the_plot() {
    let mut c = sample();
    c.x.range = None;
    let svg = c.render().expect("renders");
    // The reference at 400 km is above all data but inside the fitted y range, so drawn.
    assert!(svg.contains("claimed 400 km"));
    let (lo, hi, ticks) = fit_axis("y", &c.y, [30.0, 150.0, 400.0].into_iter(), 8).expect("fits");
    assert!(lo <= 30.0 && hi >= 400.0 && ticks.contains(&400.0));
    // A fixed range that excludes it hides the line and its label.
    c.y.range = Some((0.0, 200.0));
    assert!(!c.render().expect("renders").contains("claimed 400 km"));
}

#[test]
fn bad_axes_are_errors_not_panics() {
    let mut c = sample();
    c.series[0].points.push((0.0, 1.0));
    assert_eq!(
        c.render(),
        Err(ChartError::NonPositiveOnLog {
            axis: "x",
            value: 0.0
        })
    );
    let mut c = sample();
    c.y.range = Some((5.0, 5.0));
    assert!(matches!(
        c.render(),
        Err(ChartError::InvalidRange { axis: "y", .. })
    ));
    let mut c = sample();
    c.x.range = Some((-1.0, 10.0));
    assert!(matches!(
        c.render(),
        Err(ChartError::InvalidRange { axis: "x", .. })
    ));
    let empty = LineChart::new("empty", Axis::linear("x"), Axis::linear("y"));
    assert_eq!(empty.render(), Err(ChartError::NoData { axis: "x" }));
    let mut c = sample();
    c.width = f64::NAN;
    assert!(matches!(c.render(), Err(ChartError::InvalidSize { .. })));
}

#[test]
fn a_single_value_gets_a_range_around_it() {
    let (lo, hi, _) = fit_axis("x", &Axis::linear("x"), [5.0].into_iter(), 8).expect("fits");
    assert!(lo < 5.0 && hi > 5.0);
    let (lo, hi, _) = fit_axis("x", &Axis::log("x"), [5.0].into_iter(), 8).expect("fits");
    assert!(lo < 5.0 && hi > 5.0 && lo > 0.0);
}

#[test]
fn footnotes_wrap_at_word_boundaries() {
    let lines = wrap("aaa bbb ccc dddd", 8);
    assert_eq!(lines, vec!["aaa bbb", "ccc dddd"]);
    assert_eq!(wrap("", 8), Vec::<String>::new());
    assert_eq!(
        wrap("averyveryverylongword x", 5),
        vec!["averyveryverylongword", "x"]
    );
    let c = sample();
    let svg = c.render().expect("renders");
    // The long footnote needs several lines, and the canvas grows to hold them.
    assert!(svg.matches("Source: a long").count() >= 1);
    let height: f64 = svg
        .split("height=\"")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .and_then(|s| s.parse().ok())
        .expect("height");
    assert!(height > c.height);
}

#[test]
fn ids_are_sanitized() {
    let mut c = sample();
    c.id = "a b\"<c".into();
    let svg = c.render().expect("renders");
    assert!(svg.contains("clipPath id=\"abc-plot\"") && svg.contains("url(#abc-plot)"));
}

#[test]
fn the_smallest_canvas_with_a_long_legend_still_renders() {
    let mut c = sample();
    (c.width, c.height) = (300.0, 200.0);
    c.series[0].name = "a very long legend entry ".repeat(10);
    let svg = c.render().expect("renders");
    assert!(balanced(&svg));
    c.width = 299.0;
    assert!(matches!(c.render(), Err(ChartError::InvalidSize { .. })));
}
