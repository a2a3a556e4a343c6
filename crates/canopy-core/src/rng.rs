//! Random streams with common random numbers.

use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

/// The subsystems that draw random numbers. Each gets its own family of
/// streams, so adding draws to one subsystem never shifts another's.
///
/// The discriminants are part of the output-stability contract: never
/// renumber them, only append.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[repr(u16)]
pub enum Subsystem {
    /// Raid generation: launch points inside areas, launch-time jitter.
    Raid = 1,
    /// Radar detection draws, false alarms and measurement noise.
    Sensor = 2,
    /// Kill draws of interceptors.
    Kill = 3,
    /// Kill-assessment errors.
    Assessment = 4,
    /// Tracker-internal randomness (none today; reserved).
    Tracker = 5,
    /// Command and control (tie breaking in heuristics).
    Command = 6,
    /// Interceptor seekers' measurement noise.
    Seeker = 7,
}

/// Derives independent ChaCha8 streams from `(seed, run, subsystem, entity)`.
///
/// The ChaCha key is built from the master seed and the run index; the
/// 64-bit stream number is `subsystem << 48 | entity`. ChaCha8 with a given key,
/// stream and word position is a fixed function, so the numbers are stable
/// across platforms and crate versions, and independent of which thread runs
/// a Monte Carlo replication.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Streams {
    seed: u64,
    run: u64,
}

impl Streams {
    /// Streams for one run of a batch.
    pub fn new(seed: u64, run: u64) -> Streams {
        Streams { seed, run }
    }

    /// The master seed.
    pub fn seed(&self) -> u64 {
        self.seed
    }

    /// The run index.
    pub fn run(&self) -> u64 {
        self.run
    }

    /// The stream for one entity of one subsystem. `entity` must be below
    /// 2^48; higher bits are discarded (entity counts are far below that).
    pub fn stream(&self, subsystem: Subsystem, entity: u64) -> ChaCha8Rng {
        let mut key = [0u8; 32];
        key[..8].copy_from_slice(&self.seed.to_le_bytes());
        key[8..16].copy_from_slice(&self.run.to_le_bytes());
        // A constant tag in the rest of the key keeps these keys apart from
        // any plain `seed_from_u64` generator a test might build.
        key[16..24].copy_from_slice(b"canopy01");
        let mut rng = ChaCha8Rng::from_seed(key);
        rng.set_stream(((subsystem as u64) << 48) | (entity & ((1 << 48) - 1)));
        rng
    }

    /// The stream of one entity positioned at block `index` of its draws
    /// (say, the k-th radar look at one target). Blocks are 2^16 words apart,
    /// far more than one look consumes, so what one look draws never changes
    /// the next look's numbers, and nothing has to be stored between looks.
    pub fn block(&self, subsystem: Subsystem, entity: u64, index: u64) -> ChaCha8Rng {
        let mut rng = self.stream(subsystem, entity);
        rng.set_word_pos(u128::from(index) << 16);
        rng
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::RngExt;

    fn draws(s: &Streams, sub: Subsystem, e: u64) -> Vec<u64> {
        let mut r = s.stream(sub, e);
        (0..4).map(|_| r.random::<u64>()).collect()
    }

    #[test]
    fn streams_are_reproducible_and_distinct() {
        let s = Streams::new(42, 7);
        assert_eq!(
            draws(&s, Subsystem::Sensor, 3),
            draws(&s, Subsystem::Sensor, 3)
        );
        assert_ne!(
            draws(&s, Subsystem::Sensor, 3),
            draws(&s, Subsystem::Sensor, 4)
        );
        assert_ne!(
            draws(&s, Subsystem::Sensor, 3),
            draws(&s, Subsystem::Kill, 3)
        );
        assert_ne!(
            draws(&s, Subsystem::Sensor, 3),
            draws(&Streams::new(42, 8), Subsystem::Sensor, 3)
        );
        assert_ne!(
            draws(&s, Subsystem::Sensor, 3),
            draws(&Streams::new(43, 7), Subsystem::Sensor, 3)
        );
    }

    #[test]
    fn blocks_are_independent_of_how_much_earlier_blocks_drew() {
        let s = Streams::new(9, 0);
        let mut a = s.block(Subsystem::Sensor, 1, 0);
        let _: u64 = a.random();
        let mut b = s.block(Subsystem::Sensor, 1, 0);
        for _ in 0..100 {
            let _: u64 = b.random();
        }
        let next = |_| s.block(Subsystem::Sensor, 1, 1).random::<u64>();
        assert_eq!(next(a), next(b));
        assert_ne!(
            s.block(Subsystem::Sensor, 1, 1).random::<u64>(),
            s.block(Subsystem::Sensor, 1, 2).random::<u64>()
        );
    }

    #[test]
    fn regress_first_draw_is_version_stable() {
        // Pins the derivation: if this changes, every published result changes.
        let first = draws(&Streams::new(1, 0), Subsystem::Raid, 0)[0];
        assert_eq!(first, REGRESS_FIRST_DRAW);
    }

    const REGRESS_FIRST_DRAW: u64 = 14_734_053_375_514_324_709;
}
