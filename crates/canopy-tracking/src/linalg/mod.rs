//! Fixed-size kernels for the filter hot path.
//!
//! nalgebra multiplies statically sized matrices column by column through a strided
//! `gemv`, which the compiler neither unrolls nor vectorises well at 3–9 rows (~50 ns for
//! a 6×6 product on the reference machine). These loops run on the column-major arrays
//! directly with compile-time bounds, so they unroll and vectorise; they are the only
//! reason this module exists.

use nalgebra::{ArrayStorage, SMatrix, SVector};

/// `a · b`.
#[inline]
pub(crate) fn mul<const R: usize, const K: usize, const C: usize>(
    a: &SMatrix<f64, R, K>,
    b: &SMatrix<f64, K, C>,
) -> SMatrix<f64, R, C> {
    let (a, b) = (&a.data.0, &b.data.0);
    let mut out = [[0.0; R]; C];
    for (out_col, b_col) in out.iter_mut().zip(b) {
        for (a_col, &bkj) in a.iter().zip(b_col) {
            for (o, &aik) in out_col.iter_mut().zip(a_col) {
                *o += aik * bkj;
            }
        }
    }
    SMatrix::from_data(ArrayStorage(out))
}

/// `a · bᵀ`.
#[inline]
pub(crate) fn mul_tr<const R: usize, const K: usize, const C: usize>(
    a: &SMatrix<f64, R, K>,
    b: &SMatrix<f64, C, K>,
) -> SMatrix<f64, R, C> {
    let (a, b) = (&a.data.0, &b.data.0);
    let mut out = [[0.0; R]; C];
    for (a_col, b_col) in a.iter().zip(b) {
        for (out_col, &bjk) in out.iter_mut().zip(b_col) {
            for (o, &aik) in out_col.iter_mut().zip(a_col) {
                *o += aik * bjk;
            }
        }
    }
    SMatrix::from_data(ArrayStorage(out))
}

/// `out += alpha · a · bᵀ`. Used for sums that are symmetric as a whole and finished
/// with [`mirror_lower`]: computing the full square (compile-time bounds, so it unrolls
/// and vectorises) is cheaper than a triangle with data-dependent loop starts.
#[inline]
pub(crate) fn add_mul_tr<const N: usize, const K: usize>(
    out: &mut SMatrix<f64, N, N>,
    alpha: f64,
    a: &SMatrix<f64, N, K>,
    b: &SMatrix<f64, N, K>,
) {
    let (a, b) = (&a.data.0, &b.data.0);
    for (j, out_col) in out.data.0.iter_mut().enumerate() {
        for (a_col, b_col) in a.iter().zip(b) {
            let bjk = alpha * b_col[j];
            for (o, &aik) in out_col.iter_mut().zip(a_col) {
                *o += aik * bjk;
            }
        }
    }
}

/// Copies the lower triangle onto the upper one: the two agree up to round-off in the
/// symmetric results this crate forms, and a covariance must be exactly symmetric.
#[inline]
pub(crate) fn mirror_lower<const N: usize>(m: &mut SMatrix<f64, N, N>) {
    m.fill_upper_triangle_with_lower_triangle();
}

/// `F P Fᵀ + Q` for symmetric `P` and `Q` with dense products; the result is exactly
/// symmetric (lower triangle computed, then mirrored).
#[inline]
pub(crate) fn congruence_add<const N: usize>(
    f: &SMatrix<f64, N, N>,
    p: &SMatrix<f64, N, N>,
    q: &SMatrix<f64, N, N>,
) -> SMatrix<f64, N, N> {
    let mut out = *q;
    add_mul_tr(&mut out, 1.0, &mul(f, p), f);
    mirror_lower(&mut out);
    out
}

/// `F P Fᵀ + Q` for a transition `F = Π (I + c·e_target·e_sourceᵀ)` made of shears
/// (`row target += c·row source`), as kinematic models are: constant velocity is one shear
/// per axis (`x += dt·vx`). Each shear costs `2N` multiply-adds on the rows and columns of
/// `P`, instead of the `N³` of a dense product. `ops` are applied in order, rows first,
/// then the same on columns; an op may only read a row that no earlier op has modified
/// (e.g. for constant acceleration: `x += dt·v`, `x += dt²/2·a`, then `v += dt·a`).
#[inline]
pub(crate) fn shear_congruence_add<const N: usize>(
    p: &SMatrix<f64, N, N>,
    ops: &[(usize, usize, f64)],
    q: &SMatrix<f64, N, N>,
) -> SMatrix<f64, N, N> {
    let mut m = p.data.0;
    for &(target, source, c) in ops {
        for col in m.iter_mut() {
            col[target] += c * col[source];
        }
    }
    for &(target, source, c) in ops {
        let src = m[source];
        for (t, s) in m[target].iter_mut().zip(src) {
            *t += c * s;
        }
    }
    let mut out = SMatrix::from_data(ArrayStorage(m)) + q;
    // The two triangles agree up to round-off; keep the lower one exactly.
    mirror_lower(&mut out);
    out
}

/// Cholesky factorisation `S = L Lᵀ` of a small symmetric positive definite matrix, with
/// the reciprocals of `L`'s diagonal kept so that the solves multiply instead of divide
/// (a division costs several multiplications' time, and a 3×6 gain solve has 36 of them).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Cholesky<const M: usize> {
    l: SMatrix<f64, M, M>,
    inv_diagonal: [f64; M],
}

impl<const M: usize> Cholesky<M> {
    /// Factors `s`, reading its lower triangle; `None` unless it is positive definite.
    #[inline]
    pub(crate) fn new(s: &SMatrix<f64, M, M>) -> Option<Self> {
        let s = &s.data.0;
        let mut l = [[0.0; M]; M];
        let mut inv_diagonal = [0.0; M];
        for j in 0..M {
            let mut d = s[j][j];
            for col in &l[..j] {
                d -= col[j] * col[j];
            }
            if d <= 0.0 || d.is_nan() {
                return None;
            }
            let d = d.sqrt();
            let inv = 1.0 / d;
            l[j][j] = d;
            inv_diagonal[j] = inv;
            for i in j + 1..M {
                let mut v = s[j][i];
                for col in &l[..j] {
                    v -= col[i] * col[j];
                }
                l[j][i] = v * inv;
            }
        }
        Some(Self {
            l: SMatrix::from_data(ArrayStorage(l)),
            inv_diagonal,
        })
    }

    /// The diagonal of `L` (its product is `√det S`).
    pub(crate) fn diagonal(&self) -> SVector<f64, M> {
        self.l.diagonal()
    }

    /// Solves `L y = b` for each column of `b` (forward substitution).
    #[inline]
    pub(crate) fn solve_lower<const C: usize>(&self, b: &SMatrix<f64, M, C>) -> SMatrix<f64, M, C> {
        let l = &self.l.data.0;
        let mut y = b.data.0;
        for col in y.iter_mut() {
            for j in 0..M {
                let v = col[j] * self.inv_diagonal[j];
                col[j] = v;
                for i in j + 1..M {
                    col[i] -= l[j][i] * v;
                }
            }
        }
        SMatrix::from_data(ArrayStorage(y))
    }

    /// Solves `S x = b` for each column of `b`: forward then back substitution.
    #[inline]
    pub(crate) fn solve<const C: usize>(&self, b: &SMatrix<f64, M, C>) -> SMatrix<f64, M, C> {
        let l = &self.l.data.0;
        let mut x = self.solve_lower(b).data.0;
        for col in x.iter_mut() {
            for j in (0..M).rev() {
                let mut v = col[j];
                for i in j + 1..M {
                    v -= l[j][i] * col[i];
                }
                col[j] = v * self.inv_diagonal[j];
            }
        }
        SMatrix::from_data(ArrayStorage(x))
    }
}

/// Whether every entry is finite: `x·0` is ±0 for finite `x` and NaN otherwise, so its
/// bits without the sign are all clear exactly for finite `x`; an integer OR over them
/// vectorises, unlike an early-exit search.
#[inline]
pub(crate) fn all_finite<const R: usize, const C: usize>(m: &SMatrix<f64, R, C>) -> bool {
    m.as_slice()
        .iter()
        .fold(0u64, |acc, &x| acc | ((x * 0.0).to_bits() << 1))
        == 0
}

#[cfg(test)]
mod tests;
