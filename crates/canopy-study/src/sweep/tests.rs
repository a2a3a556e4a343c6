use super::*;
use crate::testdata;

fn values(spec: &str) -> Vec<f64> {
    Vary::parse(spec).expect(spec).values
}

#[test]
fn vary_specs_give_their_values_as_written() {
    assert_eq!(values("raid.d.count=2..6:2"), [2.0, 4.0, 6.0]);
    assert_eq!(values("raid.d.count=1..3"), [1.0, 2.0, 3.0]);
    assert_eq!(
        values("catalog.interceptor.48N6-class.sspk=0.5..0.9:0.1"),
        [0.5, 0.6, 0.7, 0.8, 0.9]
    );
    assert_eq!(values("x=-1..1"), [-1.0, 0.0, 1.0]);
    assert_eq!(values("x=3"), [3.0]);
    assert_eq!(values("x=0.25"), [0.25]);
    // B is included only when the steps reach it.
    assert_eq!(values("x=0..1:0.3"), [0.0, 0.3, 0.6, 0.9]);
    let v = Vary::parse(r#"raid."West cruise".count=1..2"#).unwrap();
    assert_eq!(v.path, r#"raid."West cruise".count"#);
}

#[test]
fn bad_vary_specs_say_why() {
    for (spec, why) in [
        ("raid.d.count", "no `=`"),
        ("x=0.5..0.9", "need a step"),
        ("x=5..1", "empty"),
        ("x=1..2:0", "not positive"),
        ("x=a..2", "not a number"),
        ("x=0..5000", "at most"),
        ("raid..count=1..2", "empty key"),
    ] {
        let e = Vary::parse(spec).unwrap_err().to_string();
        assert!(e.contains(why), "{spec}: {e}");
    }
}

#[test]
fn grid_is_the_product_first_parameter_outermost() {
    let vary = [
        Vary {
            path: "a".into(),
            values: vec![1.0, 2.0],
        },
        Vary {
            path: "b".into(),
            values: vec![10.0, 20.0, 30.0],
        },
    ];
    let g = grid(&vary);
    assert_eq!(g.len(), 6);
    assert_eq!(g[0].values, [1.0, 10.0]);
    assert_eq!(g[2].values, [1.0, 30.0]);
    assert_eq!(g[3].values, [2.0, 10.0]);
    assert_eq!(g[5].name, "p005");
    assert_eq!(describe(&vary, &g[4].values), "a = 2, b = 20");
}

fn prepare(vary: Vec<Vary>) -> Result<Sweep, StudyError> {
    Sweep::prepare(
        testdata::SCENARIO,
        "<inline>",
        Path::new("."),
        vary,
        5,
        2,
        "test",
        "test",
    )
}

/// Every point's overrides are applied and validated before any run.
#[test]
fn bad_points_fail_before_running() {
    let e = prepare(vec![Vary::parse("raid.d.cont=1..2").unwrap()])
        .err()
        .unwrap()
        .to_string();
    assert!(e.contains("did you mean `count`?"), "{e}");
    let e = prepare(vec![Vary::parse("raid.d.count=0..1").unwrap()])
        .err()
        .unwrap()
        .to_string();
    assert!(e.contains("count"), "{e}");
    let three = vec![Vary::parse("raid.d.count=1").unwrap(); 3];
    assert!(prepare(three).is_err());
    let twice = vec![Vary::parse("raid.d.count=1").unwrap(); 2];
    assert!(prepare(twice).err().unwrap().to_string().contains("twice"));
}

/// A sweep over the raid size: one batch per point, `sweep.csv` with one
/// row per point, and each point's threats per run equal to its count.
#[test]
fn sweep_runs_one_batch_per_point() {
    let sweep = prepare(vec![Vary::parse("raid.d.count=1..2").unwrap()]).unwrap();
    assert_eq!(sweep.total_runs(), 4);
    let dir = testdata::temp_dir("sweep");
    let started = std::sync::Mutex::new(Vec::new());
    let metrics = sweep
        .run(
            &dir,
            2,
            false,
            &|p, done| started.lock().unwrap().push((p.name.clone(), done)),
            &|| {},
        )
        .unwrap();
    assert_eq!(
        started.into_inner().unwrap(),
        [("p000".to_string(), 0), ("p001".to_string(), 0)]
    );
    assert_eq!(metrics.len(), 2);
    assert_eq!(metrics[0].raid_fraction_stopped.trials, 2);
    assert_eq!(metrics[1].raid_fraction_stopped.trials, 4);
    let csv = std::fs::read_to_string(dir.join(TABLE)).unwrap();
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines.len(), 3);
    assert!(
        lines[0].starts_with("point,raid.d.count,runs,p_zero_leakers,"),
        "{}",
        lines[0]
    );
    assert!(lines[1].starts_with("p000,1,2,"), "{}", lines[1]);
    assert_eq!(lines[0].split(',').count(), lines[2].split(',').count());
    let info = read_manifest(&dir).unwrap();
    assert_eq!(info.points.len(), 2);
    let b = crate::batch::read_manifest(&dir.join("p001")).unwrap();
    assert_eq!(b.overrides[0].value, 2.0);
    // A second sweep into the same folder needs --resume, and then runs nothing.
    assert!(sweep.run(&dir, 1, false, &|_, _| {}, &|| {}).is_err());
    let again = sweep
        .run(&dir, 1, true, &|_, done| assert_eq!(done, 2), &|| {
            panic!("no run left")
        })
        .unwrap();
    assert_eq!(again, metrics);
    std::fs::remove_dir_all(&dir).unwrap();
}
