//! Bit-exact port of the benchmark instance generator `gen_wta.py` (shared/bench/wta).
//!
//! The Python generator draws from SplitMix64 (not numpy) precisely so that other languages can
//! rebuild its instances; porting it lets tests and benchmarks regenerate large reference
//! instances instead of storing them. This is a fixed, seeded specification, not a source of
//! model randomness, which is why it does not take a `rand::Rng`.

use super::WtaProblem;

/// The SplitMix64 generator of `gen_wta.py`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SplitMix64 {
    state: u64,
}

const GOLDEN: u64 = 0x9E37_79B9_7F4A_7C15;

impl SplitMix64 {
    /// Generator with the given initial state.
    pub fn new(seed: u64) -> SplitMix64 {
        SplitMix64 { state: seed }
    }

    /// Next 64-bit output.
    pub fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(GOLDEN);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `[0, 1)` from the top 53 bits.
    pub fn uniform(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }
}

/// Instance family of `gen_wta.py`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WtaFamily {
    /// Ahuja et al. (2007) ranges: `v ~ U{25..100}`, `p ~ U[0.6, 0.9]`.
    Ahuja,
    /// Heterogeneous (after Andersen et al. 2022): `v ~ U{1..100}`, `p ~ U(0, 1)`.
    Hetero,
}

impl WtaFamily {
    /// Salt XOR-ed into the stream seed (`FAMILY_SALT` in the Python code).
    fn salt(self) -> u64 {
        match self {
            WtaFamily::Ahuja => 0,
            WtaFamily::Hetero => 0x5EED_0000_0000_A1E5,
        }
    }
}

/// Python's `round(x, 6)`: correctly rounded to 6 decimals, then back to the nearest double.
fn round6(x: f64) -> f64 {
    format!("{x:.6}").parse().unwrap_or(x)
}

/// The instance `gen_wta.py W T SEED --family F` writes, bit for bit.
pub fn generate(weapons: usize, targets: usize, seed: u64, family: WtaFamily) -> WtaProblem {
    let stream = seed
        .wrapping_mul(GOLDEN)
        .wrapping_add((weapons as u64) << 32)
        .wrapping_add(targets as u64);
    let mut rng = SplitMix64::new(stream ^ family.salt());
    let (v_lo, v_hi) = match family {
        WtaFamily::Ahuja => (25u64, 100u64),
        WtaFamily::Hetero => (1, 100),
    };
    let span = v_hi - v_lo + 1;
    let value: Vec<f64> = (0..targets)
        .map(|_| (v_lo + ((rng.uniform() * span as f64) as u64).min(span - 1)) as f64)
        .collect();
    let mut p = Vec::with_capacity(weapons * (targets + 1));
    for _ in 0..weapons {
        for _ in 0..targets {
            let u = rng.uniform();
            p.push(match family {
                // Python: P_LO + (P_HI - P_LO) * u, with the float difference 0.9 - 0.6.
                WtaFamily::Ahuja => round6(0.6 + (0.9 - 0.6) * u),
                WtaFamily::Hetero => round6(u).clamp(1e-6, 0.999_999),
            });
        }
        p.push(0.0);
    }
    WtaProblem::from_flat(value, p, weapons)
}
