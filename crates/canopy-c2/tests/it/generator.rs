//! The Rust port of gen_wta.py against the Python generator's own output.

use canopy_c2::wta::{SplitMix64, WtaProblem};

use super::{committed, generated, reference_records};

#[test]
fn splitmix64_matches_the_reference_sequence() {
    // First outputs of Vigna's splitmix64.c from state 0.
    let mut g = SplitMix64::new(0);
    assert_eq!(g.next_u64(), 0xE220_A839_7B1D_CDAF);
    assert_eq!(g.next_u64(), 0x6E78_9E6A_A1B9_65F4);
}

fn same_bits(a: &WtaProblem, b: &WtaProblem) -> bool {
    a.weapons() == b.weapons()
        && a.targets() == b.targets()
        && (0..a.targets()).all(|j| a.value(j).to_bits() == b.value(j).to_bits())
        && (0..a.weapons()).all(|i| {
            (0..a.targets())
                .all(|j| a.kill_probability(i, j).to_bits() == b.kill_probability(i, j).to_bits())
        })
}

#[test]
fn generator_reproduces_every_committed_python_instance_bit_for_bit() {
    let mut n = 0;
    for r in reference_records() {
        if let Some(py) = committed(&r) {
            assert!(same_bits(&py, &generated(&r)), "{} differs", r["name"]);
            n += 1;
        }
    }
    assert_eq!(n, 12, "committed instances");
}

/// `sum_j (j+1) v_j` and `sum_ij (i T + j + 1) round(1e6 p_ij) mod 2^64`, as in
/// bench/wta/make_reference.py.
fn fingerprint(pb: &WtaProblem) -> (u64, u64) {
    let t = pb.targets() as u64;
    let fv = (0..pb.targets())
        .map(|j| (j as u64 + 1) * pb.value(j) as u64)
        .sum();
    let mut fp = 0u64;
    for i in 0..pb.weapons() {
        for j in 0..pb.targets() {
            let micro = (pb.kill_probability(i, j) * 1e6).round() as u64;
            fp = fp.wrapping_add((i as u64 * t + j as u64 + 1).wrapping_mul(micro));
        }
    }
    (fv, fp)
}

#[test]
fn generator_matches_python_fingerprints_of_the_large_instances() {
    for r in reference_records() {
        let want = (
            r["fingerprint_value"].as_u64().expect("fingerprint"),
            r["fingerprint_p"].as_u64().expect("fingerprint"),
        );
        assert_eq!(fingerprint(&generated(&r)), want, "{}", r["name"]);
    }
}
