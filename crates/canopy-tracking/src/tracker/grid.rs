//! Uniform-grid spatial index over the horizontal (east, north) positions of a scan's
//! detections, so gating looks only at detections near a track instead of at all of them.
//!
//! Cells are squares of a size chosen per association stage (about one gate diameter);
//! only occupied cells are stored, in a hash table keyed by the packed cell coordinates,
//! so memory is proportional to the detections, not to the area. The table is only ever
//! looked up, never iterated, so its order cannot leak into results.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// Multiplicative hash of a packed cell key (Fibonacci hashing), for tables keyed by
/// grid cells (also the engine's truth grid). SipHash, the std default, defends against
/// adversarial keys we never see and costs several times more.
#[derive(Default, Clone, Copy)]
pub struct CellHasher(u64);

impl Hasher for CellHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.write_u64(u64::from(b));
        }
    }

    fn write_u64(&mut self, key: u64) {
        self.0 = (self.0 ^ key)
            .wrapping_mul(0x9E37_79B9_7F4A_7C15)
            .rotate_left(29);
    }
}

/// Packs two cell coordinates into one key.
fn key(ix: i32, iy: i32) -> u64 {
    (u64::from(ix as u32) << 32) | u64::from(iy as u32)
}

/// Unpacks [`key`].
fn unkey(k: u64) -> (i32, i32) {
    ((k >> 32) as u32 as i32, k as u32 as i32)
}

/// `x.floor() as i32` for every `x` (saturating; NaN gives 0 both ways), without the call
/// into libm that `floor` is on the baseline x86-64 target (no SSE4.1 `roundsd`); the grid
/// takes four per track and one per detection in each association stage. The cast
/// truncates towards zero, which is one above the floor exactly when `x` is negative and
/// not an integer.
pub(super) fn floor_to_i32(x: f64) -> i32 {
    let truncated = x as i32;
    if f64::from(truncated) > x {
        truncated.saturating_sub(1)
    } else {
        truncated
    }
}

/// The grid: detections sorted by cell, and where each occupied cell's run starts.
#[derive(Debug, Default, Clone)]
pub(crate) struct Grid {
    inv_cell: f64,
    /// `(cell key, detection index)`, sorted by key then index.
    entries: Vec<(u64, u32)>,
    /// Occupied cell → `(start, end)` range in `entries`.
    cells: HashMap<u64, (u32, u32), BuildHasherDefault<CellHasher>>,
}

impl Grid {
    /// Cell coordinate of a position along one axis. The cast saturates, so far away
    /// positions land in the edge cells instead of overflowing.
    fn coord(&self, v: f64) -> i32 {
        floor_to_i32(v * self.inv_cell)
    }

    /// Rebuilds the index with square cells of side `cell` (m, `> 0`) over `points`
    /// (`(detection index, [east, north])`).
    pub(crate) fn build(&mut self, cell: f64, points: impl Iterator<Item = (u32, [f64; 2])>) {
        self.inv_cell = 1.0 / cell;
        self.entries.clear();
        self.cells.clear();
        for (index, [x, y]) in points {
            let k = key(self.coord(x), self.coord(y));
            self.entries.push((k, index));
        }
        self.entries.sort_unstable();
        let mut start = 0;
        while start < self.entries.len() {
            let k = self.entries[start].0;
            let mut end = start + 1;
            while end < self.entries.len() && self.entries[end].0 == k {
                end += 1;
            }
            self.cells.insert(k, (start as u32, end as u32));
            start = end;
        }
    }

    /// Calls `f` with every detection whose cell overlaps the box `[lo, hi]` (a superset of
    /// the detections inside the box, each once, in increasing index order within a cell).
    pub(crate) fn query(&self, lo: [f64; 2], hi: [f64; 2], mut f: impl FnMut(u32)) {
        let (x0, x1) = (self.coord(lo[0]), self.coord(hi[0]));
        let (y0, y1) = (self.coord(lo[1]), self.coord(hi[1]));
        let span = (i64::from(x1) - i64::from(x0) + 1) * (i64::from(y1) - i64::from(y0) + 1);
        if span > self.cells.len() as i64 {
            // A box wider than the occupied area (a track with a huge covariance): walking
            // the detections is cheaper than walking empty cells.
            for &(k, index) in &self.entries {
                let (ix, iy) = unkey(k);
                if (x0..=x1).contains(&ix) && (y0..=y1).contains(&iy) {
                    f(index);
                }
            }
            return;
        }
        for ix in x0..=x1 {
            for iy in y0..=y1 {
                if let Some(&(start, end)) = self.cells.get(&key(ix, iy)) {
                    for &(_, index) in &self.entries[start as usize..end as usize] {
                        f(index);
                    }
                }
            }
        }
    }
}
