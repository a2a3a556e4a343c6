//! Unit tests of the covariance checks.

use nalgebra::{Cholesky, Matrix3, Matrix6};
use proptest::prelude::*;

use super::*;

proptest! {
    #[test]
    fn positive_definite_agrees_with_nalgebra(
        entries in proptest::array::uniform9(-10.0f64..10.0),
        shift in -5.0f64..5.0,
    ) {
        // A Gram matrix (semi-definite, often near the boundary) moved by a diagonal shift
        // of either sign, so both verdicts and the cases near zero pivots occur.
        let a = Matrix3::from_column_slice(&entries);
        let m = a * a.transpose() + Matrix3::from_diagonal_element(shift);
        let m = symmetrize(&m);
        prop_assert_eq!(positive_definite(&m), Cholesky::new(m).is_some(), "{}", m);
    }

    #[test]
    fn positive_definite_agrees_with_nalgebra_6x6(
        entries in proptest::collection::vec(-10.0f64..10.0, 36),
        shift in -20.0f64..20.0,
    ) {
        let a = Matrix6::from_column_slice(&entries);
        let m = symmetrize(&(a * a.transpose() + Matrix6::from_diagonal_element(shift)));
        prop_assert_eq!(positive_definite(&m), Cholesky::new(m).is_some(), "{}", m);
    }
}

#[test]
fn positive_definite_rejects_zero_nan_and_negative_pivots() {
    for bad in [0.0, -0.0, -1.0, f64::NAN] {
        let mut m = Matrix3::identity();
        m[(1, 1)] = bad;
        assert!(!positive_definite(&m), "pivot {bad}");
        assert!(Cholesky::new(m).is_none(), "nalgebra at pivot {bad}");
    }
    // Rank one: the second pivot cancels to exactly zero.
    let v = nalgebra::Vector3::new(1.0, 2.0, 3.0);
    let m = v * v.transpose();
    assert!(!positive_definite(&m));
    assert!(Cholesky::new(m).is_none());
    assert!(positive_definite(&Matrix3::identity()));
}

#[test]
fn checked_covariance_rejects_asymmetry_and_symmetrises_round_off() {
    let mut m = Matrix3::identity() * 4.0;
    m[(0, 1)] = 1.0;
    m[(1, 0)] = 1.0 + 1e-12;
    let s = checked_covariance("test", &m).unwrap();
    assert_eq!(s[(0, 1)], s[(1, 0)]);
    assert_eq!(s[(0, 1)], (1.0 + (1.0 + 1e-12)) * 0.5);
    m[(1, 0)] = 1.1;
    assert_eq!(
        checked_covariance("test", &m),
        Err(TrackingError::NotPositiveDefinite { what: "test" })
    );
    m[(1, 0)] = f64::INFINITY;
    assert!(matches!(
        checked_covariance("test", &m),
        Err(TrackingError::NonFinite { .. })
    ));
}
