//! JSON front end: clear errors for bad instances, the output format, constraint fields.

use canopy_c2::wta::{WtaError, WtaOptions, WtaProblem, parse_instance, solve_instance_json};
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use serde_json::Value;

fn err(input: &str) -> WtaError {
    parse_instance(input).expect_err("must be rejected")
}

#[test]
fn malformed_instances_are_errors_with_messages() {
    let cases = [
        // (input, substring the message must contain)
        ("not json", "invalid WTA instance JSON"),
        (
            r#"{"weapons": 1, "targets": 1, "value": [1]}"#,
            "missing field `p`",
        ),
        (
            r#"{"weapons": 1, "targets": 2, "value": [1], "p": [[0.5]]}"#,
            "value: expected length 2, got 1",
        ),
        (
            r#"{"weapons": 2, "targets": 1, "value": [1], "p": [[0.5]]}"#,
            "p: expected length 2, got 1",
        ),
        (
            r#"{"weapons": 2, "targets": 2, "value": [1, 2], "p": [[0.5, 0.1], [0.5]]}"#,
            "p[1]: expected length 2, got 1",
        ),
        (
            r#"{"weapons": 1, "targets": 1, "value": [1], "p": [[1.5]]}"#,
            "p[0][0] = 1.5 is not in [0, 1]",
        ),
        (
            r#"{"weapons": 1, "targets": 1, "value": [1], "p": [[-0.1]]}"#,
            "p[0][0] = -0.1 is not in [0, 1]",
        ),
        (
            r#"{"weapons": 1, "targets": 1, "value": [-3], "p": [[0.5]]}"#,
            "value[0] = -3",
        ),
        (
            r#"{"weapons": 1, "targets": 1, "value": [1], "p": [[NaN]]}"#,
            "invalid WTA instance JSON",
        ),
        (
            r#"{"weapons": 1, "targets": 1, "value": [1e999], "p": [[0.5]]}"#,
            "invalid WTA instance JSON",
        ),
        (
            r#"{"weapons": 1, "targets": 1, "value": [1], "p": [[0.5]], "max_shot": [1]}"#,
            "unknown field `max_shot`",
        ),
        (
            r#"{"weapons": 1, "targets": 1, "value": [1], "p": [[0.5]], "max_shots": [1, 2]}"#,
            "max_shots: expected length 1, got 2",
        ),
        (
            r#"{"weapons": 1, "targets": 1, "value": [1], "p": [[0.5]], "allowed": [[true, false]]}"#,
            "allowed[0]: expected length 1, got 2",
        ),
        (
            r#"{"weapons": 1, "targets": 1, "value": [1], "p": [[0.5]], "fire_unit": [0]}"#,
            "must be given together",
        ),
        (
            r#"{"weapons": 1, "targets": 1, "value": [1], "p": [[0.5]], "fire_unit": [2], "available": [1]}"#,
            "fire unit 2, but only 1 units",
        ),
        (
            r#"{"weapons": -1, "targets": 1, "value": [1], "p": []}"#,
            "invalid WTA instance JSON",
        ),
    ];
    for (input, want) in cases {
        let msg = err(input).to_string();
        assert!(
            msg.contains(want),
            "{input}\n  gave {msg:?}\n  wanted {want:?}"
        );
    }
}

#[test]
fn output_has_minus_one_for_unfired_weapons_and_the_recomputed_objective() {
    // Weapon 1 may not fire at the only target, so it must stay unfired (-1).
    let input = r#"{"weapons": 2, "targets": 1, "value": [10], "p": [[0.5], [0.9]],
                    "allowed": [[true], [false]]}"#;
    let sol = solve_instance_json(
        input,
        &WtaOptions::default(),
        &mut ChaCha8Rng::seed_from_u64(1),
    )
    .expect("valid");
    let out: Value = serde_json::from_str(&sol.to_json(0.25)).expect("output is JSON");
    assert_eq!(out["assignment"], serde_json::json!([0, -1]));
    assert_eq!(out["objective"].as_f64(), Some(5.0));
    assert_eq!(out["time_s"].as_f64(), Some(0.25));
}

#[test]
fn constraint_fields_bind() {
    // Three strong weapons, one valuable target capped at one shot, one cheap target; two of
    // the weapons share a fire unit with a single ready round.
    let input = r#"{"weapons": 3, "targets": 2, "value": [100, 1],
                    "p": [[0.9, 0.9], [0.8, 0.8], [0.7, 0.7]],
                    "max_shots": [1, 3], "fire_unit": [0, 1, 1], "available": [1, 1]}"#;
    let pb: WtaProblem = parse_instance(input).expect("valid");
    let sol = solve_instance_json(
        input,
        &WtaOptions::default(),
        &mut ChaCha8Rng::seed_from_u64(2),
    )
    .expect("valid");
    pb.check(&sol.assignment).expect("feasible");
    // Optimum: weapon 0 on target 0, one of weapons 1/2 (the better, 1) on target 1.
    assert_eq!(sol.assignment, vec![Some(0), Some(1), None]);
    assert!((sol.objective - (100.0 * 0.1 + 1.0 * 0.2)).abs() < 1e-12);
}

#[test]
fn empty_instances_solve_to_nothing_fired() {
    for input in [
        r#"{"weapons": 0, "targets": 2, "value": [3, 4], "p": []}"#,
        r#"{"weapons": 2, "targets": 0, "value": [], "p": [[], []]}"#,
    ] {
        let sol = solve_instance_json(
            input,
            &WtaOptions::default(),
            &mut ChaCha8Rng::seed_from_u64(3),
        )
        .expect("valid");
        assert!(sol.assignment.iter().all(Option::is_none));
        let total: f64 = parse_instance(input)
            .map(|pb| (0..pb.targets()).map(|j| pb.value(j)).sum())
            .expect("valid");
        assert_eq!(sol.objective, total);
    }
}

proptest::proptest! {
    /// Arbitrary text never panics the parser.
    #[test]
    fn parser_never_panics_on_arbitrary_text(s in ".{0,200}") {
        let _ = parse_instance(&s);
    }

    /// Well-formed JSON with arbitrary numbers is either accepted (and then solvable) or rejected
    /// with an error, never a panic.
    #[test]
    fn parser_never_panics_on_arbitrary_numbers(
        v in proptest::collection::vec(-1e3f64..1e3, 0..4),
        p in proptest::collection::vec(proptest::collection::vec(-0.5f64..1.5, 0..4), 0..4),
        w in 0usize..5,
        t in 0usize..5,
    ) {
        let input = serde_json::json!({"weapons": w, "targets": t, "value": v, "p": p}).to_string();
        if let Ok(pb) = parse_instance(&input) {
            let options = WtaOptions { iterations: 5, ..WtaOptions::default() };
            let sol = canopy_c2::wta::solve(&pb, &options, &mut ChaCha8Rng::seed_from_u64(4));
            proptest::prop_assert!(pb.check(&sol.assignment).is_ok());
        }
    }
}
