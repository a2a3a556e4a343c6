//! Unit tests of the internals: incremental deltas, exchange costs and the assignment solver
//! against recomputation or enumeration.

use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::greedy::assignment_start;
use super::lap::{Lap, Pairs};
use super::search::{Graph, apply_cycle};
use super::state::State;
use super::*;

/// Random instance with some forbidden pairs (`p = 0`), values in [0, 100).
fn random_problem(rng: &mut ChaCha8Rng, w: usize, t: usize) -> WtaProblem {
    let value = (0..t).map(|_| rng.random_range(0.0..100.0)).collect();
    let p = (0..w)
        .map(|_| {
            (0..t)
                .map(|_| {
                    if rng.random_bool(0.15) {
                        0.0
                    } else {
                        rng.random_range(0.05..1.0)
                    }
                })
                .collect()
        })
        .collect();
    WtaProblem::new(value, p).expect("valid random instance")
}

/// Random feasible internal assignment (forbidden pairs stay unfired).
fn random_assignment(rng: &mut ChaCha8Rng, pb: &WtaProblem) -> Vec<usize> {
    (0..pb.weapons)
        .map(|i| {
            let c = &pb.candidates[i];
            if c.is_empty() || rng.random_bool(0.1) {
                pb.targets
            } else {
                c[rng.random_range(0..c.len())]
            }
        })
        .collect()
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-10 * (1.0 + a.abs().max(b.abs()))
}

#[test]
fn move_and_swap_deltas_equal_recomputed_objective_change() {
    let mut rng = ChaCha8Rng::seed_from_u64(11);
    for _ in 0..30 {
        let pb = random_problem(&mut rng, 9, 5);
        let start = random_assignment(&mut rng, &pb);
        let mut st = State::new(&pb, &start);
        for _ in 0..50 {
            let i = rng.random_range(0..pb.weapons);
            let before = st.objective();
            if rng.random_bool(0.5) {
                let b = rng.random_range(0..=pb.targets);
                if st.can_move(i, b) {
                    let d = st.move_delta(i, b);
                    st.move_weapon(i, b);
                    assert!(close(st.objective() - before, d), "move delta {d}");
                }
            } else {
                let k = rng.random_range(0..pb.weapons);
                if st.assign[i] != st.assign[k] && st.can_swap(i, k) {
                    let d = st.swap_delta(i, k);
                    st.swap_weapons(i, k);
                    assert!(close(st.objective() - before, d), "swap delta {d}");
                }
            }
            // The cached state equals a fresh one built from the same assignment.
            let fresh = State::new(&pb, &st.assign);
            assert!(close(fresh.objective(), st.objective()));
            for w in 0..pb.weapons {
                assert!(close(fresh.vr[w], st.vr[w]));
            }
        }
    }
}

#[test]
fn subset_disjoint_cycles_cost_exactly_their_objective_change() {
    let mut rng = ChaCha8Rng::seed_from_u64(12);
    let mut checked = 0;
    for _ in 0..400 {
        let pb = random_problem(&mut rng, 10, 6);
        let start = random_assignment(&mut rng, &pb);
        let mut st = State::new(&pb, &start);
        let g = Graph::build(&st, true);
        // A random cycle over nodes on pairwise different targets.
        let len = rng.random_range(2..=5usize);
        let mut cycle: Vec<usize> = Vec::new();
        for _ in 0..40 {
            let x = rng.random_range(0..g.weapon.len());
            if cycle.len() < len && !cycle.iter().any(|&y| g.target[y] == g.target[x]) {
                cycle.push(x);
            }
        }
        let arcs: Option<Vec<f64>> = (0..cycle.len())
            .map(|k| g.arc(&pb, cycle[k], cycle[(k + 1) % cycle.len()]))
            .collect();
        let Some(arcs) = arcs else { continue };
        let before = st.objective();
        if apply_cycle(&mut st, &g, &cycle).is_none() {
            continue;
        }
        let predicted: f64 = arcs.iter().sum();
        assert!(
            close(st.objective() - before, predicted),
            "cycle {cycle:?}: predicted {predicted}, actual {}",
            st.objective() - before
        );
        pb.check(&pb.solution(&st.assign).assignment)
            .expect("cycle keeps feasibility");
        checked += 1;
    }
    assert!(checked > 100, "only {checked} cycles checked");
}

/// Minimum of `sum cost[i][col[i]]` over all injective `col` using listed pairs only
/// (`cost` is `INFINITY` for unlisted pairs), by enumeration.
fn brute_lap(n: usize, m: usize, cost: &[f64]) -> f64 {
    fn rec(i: usize, n: usize, m: usize, cost: &[f64], used: &mut [bool]) -> f64 {
        if i == n {
            return 0.0;
        }
        let mut best = f64::INFINITY;
        for j in 0..m {
            if !used[j] && cost[i * m + j].is_finite() {
                used[j] = true;
                best = best.min(cost[i * m + j] + rec(i + 1, n, m, cost, used));
                used[j] = false;
            }
        }
        best
    }
    rec(0, n, m, cost, &mut vec![false; m])
}

#[test]
fn assignment_solver_matches_enumeration_on_sparse_pairs() {
    let mut rng = ChaCha8Rng::seed_from_u64(13);
    let mut lap = Lap::default();
    let mut pairs = Pairs::default();
    for _ in 0..500 {
        let n = rng.random_range(1..=5usize);
        let m = rng.random_range(n..=6usize);
        // Row i always lists column i (a perfect matching exists), other pairs at random.
        let cost: Vec<f64> = (0..n * m)
            .map(|e| {
                if e / m == e % m || rng.random_bool(0.6) {
                    rng.random_range(-10.0..10.0)
                } else {
                    f64::INFINITY
                }
            })
            .collect();
        pairs.clear();
        for i in 0..n {
            for j in 0..m {
                if cost[i * m + j].is_finite() {
                    pairs.push(j, cost[i * m + j]);
                }
            }
            pairs.end_row();
        }
        let col: Vec<usize> = lap
            .solve(m, &pairs)
            .into_iter()
            .map(|c| c.expect("a perfect matching exists"))
            .collect();
        let mut seen = vec![false; m];
        for &c in &col {
            assert!(!seen[c], "column {c} used twice");
            seen[c] = true;
        }
        let got: f64 = (0..n).map(|i| cost[i * m + col[i]]).sum();
        assert!(close(got, brute_lap(n, m, &cost)), "lap {got}");
    }
}

#[test]
fn assignment_solver_leaves_unmatchable_rows_unmatched() {
    // Both rows list only column 0: the first keeps it (a matched row is never unmatched, even
    // for a cheaper one), and the empty row stays unmatched.
    let mut pairs = Pairs::default();
    pairs.push(0, -1.0);
    pairs.end_row();
    pairs.push(0, -5.0);
    pairs.end_row();
    pairs.end_row();
    let col = Lap::default().solve(2, &pairs);
    assert_eq!(col, vec![Some(0), None, None]);
}

/// Global MMR by full rescans: the definition the lazy queue must reproduce.
fn naive_mmr(pb: &WtaProblem) -> Vec<Option<usize>> {
    let mut surv = vec![1.0; pb.targets];
    let mut a = vec![None; pb.weapons];
    loop {
        let mut best: Option<(f64, usize, usize)> = None;
        for i in (0..pb.weapons).filter(|&i| a[i].is_none()) {
            for &j in &pb.candidates[i] {
                let g = pb.value[j] * surv[j] * pb.p_row(i)[j];
                if g > 0.0 && best.is_none_or(|(bg, _, _)| g > bg) {
                    best = Some((g, i, j));
                }
            }
        }
        let Some((_, i, j)) = best else { return a };
        a[i] = Some(j);
        surv[j] *= 1.0 - pb.p_row(i)[j];
    }
}

#[test]
fn lazy_greedy_equals_naive_mmr() {
    let mut rng = ChaCha8Rng::seed_from_u64(14);
    for _ in 0..100 {
        let w = rng.random_range(1..12usize);
        let t = rng.random_range(1..8usize);
        let pb = random_problem(&mut rng, w, t);
        let lazy = greedy_mmr(&pb);
        let naive = naive_mmr(&pb);
        assert!(close(
            lazy.objective,
            pb.objective(&naive).expect("feasible")
        ));
    }
}

#[test]
fn descent_ends_where_no_single_move_or_swap_improves() {
    let mut rng = ChaCha8Rng::seed_from_u64(15);
    for _ in 0..40 {
        let pb = random_problem(&mut rng, 8, 5);
        let start = pb.solution(&random_assignment(&mut rng, &pb)).assignment;
        let ls = local_search(&pb, &start).expect("feasible start");
        assert!(ls.objective <= pb.objective(&start).expect("feasible") + 1e-12);
        let f = ls.objective;
        for i in 0..pb.weapons {
            for b in (0..pb.targets).map(Some).chain([None]) {
                let mut x = ls.assignment.clone();
                x[i] = b;
                if let Ok(g) = pb.objective(&x) {
                    assert!(g >= f - 1e-9 * (1.0 + f), "move {i}->{b:?} improves");
                }
            }
            for k in 0..pb.weapons {
                let mut x = ls.assignment.clone();
                x.swap(i, k);
                if let Ok(g) = pb.objective(&x) {
                    assert!(g >= f - 1e-9 * (1.0 + f), "swap {i}<->{k} improves");
                }
            }
        }
    }
}

#[test]
fn assignment_start_is_optimal_when_one_shot_per_target_is() {
    // W <= T with p in [0.6, 0.9]: one weapon per target is optimal (ANCHORS.md, takeaway 1),
    // and the assignment start must reach the linear-assignment optimum exactly.
    let mut rng = ChaCha8Rng::seed_from_u64(16);
    let mut lap = Lap::default();
    for _ in 0..20 {
        let pb = generate(6, 7, rng.random_range(0..1000), WtaFamily::Ahuja);
        let start = pb.solution(&assignment_start(&pb, &mut lap));
        let exact = branch_and_bound(&pb, None, 10_000_000).expect("no incumbent");
        assert!(exact.proven_optimal);
        assert!(close(start.objective, exact.solution.objective));
    }
}

#[test]
fn small_instances_are_solved_to_the_proven_optimum() {
    // Instances within `exact_max_cells` skip the VLSN search when the branch-and-bound
    // proves them from the descended start: the value must be the enumerated optimum (an
    // unseeded search with a budget it never exhausts), and with a budget too small to
    // prove anything the answer must still be at least as good as the VLSN search's.
    let mut rng = ChaCha8Rng::seed_from_u64(17);
    let options = WtaOptions::default();
    for (w, t) in [(8, 8), (10, 6), (6, 10), (12, 5), (3, 1), (1, 4)] {
        assert!(w * t <= options.exact_max_cells);
        for _ in 0..5 {
            let pb = random_problem(&mut rng, w, t);
            let optimum = exact::branch_and_bound(&pb, None, u64::MAX).unwrap();
            assert!(optimum.proven_optimal);
            let solved = solve(&pb, &options, &mut ChaCha8Rng::seed_from_u64(1));
            assert!(
                close(solved.objective, optimum.solution.objective),
                "{w}x{t}: {} vs optimum {}",
                solved.objective,
                optimum.solution.objective
            );
            let starved = WtaOptions {
                exact_node_limit: 1,
                ..options.clone()
            };
            let greedy = search::to_internal(&pb, &greedy_mmr(&pb).assignment);
            let by_lap = assignment_start(&pb, &mut Lap::default());
            let start = search::better_after_descent(&pb, greedy, by_lap);
            let heuristic =
                search::improve_internal(&pb, &start, &starved, &mut ChaCha8Rng::seed_from_u64(2));
            let fallback = solve(&pb, &starved, &mut ChaCha8Rng::seed_from_u64(2));
            assert!(
                fallback.objective <= heuristic.objective + 1e-9 * (1.0 + heuristic.objective),
                "{w}x{t}: fallback {} vs VLSN {}",
                fallback.objective,
                heuristic.objective
            );
        }
    }
}
