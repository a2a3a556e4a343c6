use nalgebra::{Matrix3, SMatrix};

use super::*;

fn sample<const R: usize, const C: usize>(seed: f64) -> SMatrix<f64, R, C> {
    SMatrix::from_fn(|i, j| ((i * 7 + j * 3) as f64 + seed).sin())
}

#[test]
fn kernels_match_nalgebra() {
    let a = sample::<6, 4>(0.3);
    let b = sample::<4, 5>(1.1);
    let c = sample::<5, 4>(2.0);
    assert!((mul(&a, &b) - a * b).amax() < 1e-14);
    assert!((mul_tr(&a, &c) - a * c.transpose()).amax() < 1e-14);
    let p = sample::<6, 6>(0.7);
    let p = p * p.transpose() + SMatrix::<f64, 6, 6>::identity();
    let f = sample::<6, 6>(0.2);
    let q = SMatrix::<f64, 6, 6>::identity() * 0.5;
    let fp = f * p;
    let mut got = q;
    add_mul_tr(&mut got, 2.0, &fp, &f);
    mirror_lower(&mut got);
    assert!((got - (f * p * f.transpose() * 2.0 + q)).amax() < 1e-12);
    assert_eq!(got, got.transpose());
}

#[test]
fn shear_congruence_matches_dense_products() {
    let p = sample::<9, 9>(0.4);
    let p = p * p.transpose();
    let q = SMatrix::<f64, 9, 9>::identity() * 0.3;
    // Constant acceleration on one axis at indices 3, 4, 5 with dt = 2.
    let ops = [(3, 4, 2.0), (3, 5, 2.0), (4, 5, 2.0)];
    let mut f = SMatrix::<f64, 9, 9>::identity();
    for &(t, s, c) in &ops {
        f[(t, s)] = c;
    }
    let got = shear_congruence_add(&p, &ops, &q);
    let want = f * p * f.transpose() + q;
    assert!((got - want).amax() < 1e-12 * want.amax(), "{got} vs {want}");
    assert_eq!(got, got.transpose());
    let dense = congruence_add(&f, &p, &q);
    assert!((dense - want).amax() < 1e-12 * want.amax());
    assert_eq!(dense, dense.transpose());
}

#[test]
fn cholesky_and_solves() {
    let s = Matrix3::new(4.0, 1.0, 0.5, 1.0, 3.0, -0.2, 0.5, -0.2, 2.0);
    let chol = Cholesky::new(&s).unwrap();
    let l = chol.l;
    assert!((l * l.transpose() - s).amax() < 1e-14);
    assert_eq!(l[(0, 1)], 0.0);
    assert!((chol.diagonal().product().powi(2) - s.determinant()).abs() < 1e-12);
    let b = sample::<3, 4>(0.9);
    assert!((l * chol.solve_lower(&b) - b).amax() < 1e-14);
    assert!((s * chol.solve(&b) - b).amax() < 1e-13);
    assert!(Cholesky::new(&Matrix3::new(1.0, 2.0, 0.0, 2.0, 1.0, 0.0, 0.0, 0.0, 1.0)).is_none());
    assert!(Cholesky::new(&Matrix3::from_diagonal_element(f64::NAN)).is_none());
}

#[test]
fn finiteness_check() {
    let mut m = sample::<7, 7>(0.1);
    m[(0, 0)] = -1e308;
    m[(1, 0)] = -0.0;
    assert!(all_finite(&m));
    m[(6, 5)] = f64::NEG_INFINITY;
    assert!(!all_finite(&m));
    m[(6, 5)] = f64::INFINITY;
    assert!(!all_finite(&m));
    m[(6, 5)] = f64::NAN;
    assert!(!all_finite(&m));
}
