//! Closed forms of engagement effectiveness (MODELS.md §4 and §5.2) and the confidence interval
//! that Monte Carlo validation checks them with.
//!
//! Every function assumes independent shots with the same single-shot kill probability (SSPK)
//! `p`; that independence is the assumption the engine-level validation tests, not a property of
//! the simulated world.
//!
//! - Salvo ("shoot-shoot"): [`kill_probability`] Pk(n) = 1 − (1 − p)ⁿ, [`salvo_leak`] (1 − p)ⁿ.
//! - Shoot-look-shoot: [`shoot_look_shoot`], with an imperfect look `p_look`.
//! - Raid of M independent threats with per-threat leak q: [`p_zero_leakers`],
//!   [`p_at_least_leakers`], [`expected_leakers`], and the inverse problem [`shots_per_threat`].
//! - Wilkening's system leak with common-mode detection, tracking, discrimination and
//!   interceptor reliability: [`system_leak`] on a [`DefenceChain`].
//! - Channel-limited saturation (§5.2): [`channel_limited`] on a [`ChannelLimitedRaid`].
//! - Statistics for Monte Carlo checks: [`normal_quantile`] and the Wilson score
//!   [`proportion_interval`].
//!
//! [`InvalidInput`] is also the input error of the [`crate::evaluate`] and [`crate::doctrine`]
//! modules: this leaf module holds the checks the engagement modules share.

#[cfg(test)]
mod tests;

/// A numeric argument outside its domain: NaN, infinite, negative, a probability outside
/// [0, 1], ... Engagement functions return this instead of panicking on caller data.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{what} = {value} is invalid: expected {expected}")]
pub struct InvalidInput {
    /// Which argument or field (with its index when it sits in a list).
    pub what: String,
    /// The value passed (counts are converted to `f64`).
    pub value: f64,
    /// What the argument must be.
    pub expected: &'static str,
}

/// `Ok(value)` if `ok`, else the [`InvalidInput`] naming `what`.
pub(crate) fn check(
    what: impl Into<String>,
    value: f64,
    ok: bool,
    expected: &'static str,
) -> Result<f64, InvalidInput> {
    if ok {
        Ok(value)
    } else {
        Err(InvalidInput {
            what: what.into(),
            value,
            expected,
        })
    }
}

/// A finite number.
pub(crate) fn finite(what: impl Into<String>, value: f64) -> Result<f64, InvalidInput> {
    check(what, value, value.is_finite(), "a finite number")
}

/// A finite number ≥ 0.
pub(crate) fn non_negative(what: impl Into<String>, value: f64) -> Result<f64, InvalidInput> {
    check(
        what,
        value,
        value.is_finite() && value >= 0.0,
        "a finite number ≥ 0",
    )
}

/// A finite number > 0.
pub(crate) fn positive(what: impl Into<String>, value: f64) -> Result<f64, InvalidInput> {
    check(
        what,
        value,
        value.is_finite() && value > 0.0,
        "a finite number > 0",
    )
}

/// A probability in [0, 1].
pub(crate) fn probability(what: impl Into<String>, value: f64) -> Result<f64, InvalidInput> {
    check(
        what,
        value,
        (0.0..=1.0).contains(&value),
        "a probability in [0, 1]",
    )
}

/// A probability strictly inside (0, 1).
fn open_probability(what: &str, value: f64) -> Result<f64, InvalidInput> {
    check(
        what,
        value,
        value > 0.0 && value < 1.0,
        "a probability strictly between 0 and 1",
    )
}

/// Kill probability of a salvo of `shots` independent rounds, Pk(n) = 1 − (1 − p)ⁿ.
pub fn kill_probability(sspk: f64, shots: u32) -> Result<f64, InvalidInput> {
    Ok(1.0 - salvo_leak(sspk, shots)?)
}

/// Probability that a threat survives a salvo of `shots` independent rounds, (1 − p)ⁿ.
pub fn salvo_leak(sspk: f64, shots: u32) -> Result<f64, InvalidInput> {
    let p = probability("sspk", sspk)?;
    Ok((1.0 - p).powf(f64::from(shots)))
}

/// Outcome of a shoot-look-shoot engagement of one threat.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ShootLookShoot {
    /// Probability the threat is killed, 1 − `leak`.
    pub kill: f64,
    /// Probability the threat survives both stages.
    pub leak: f64,
    /// Expected number of rounds fired.
    pub expected_shots: f64,
}

/// Shoot-look-shoot: `first` rounds, a kill assessment that sees a survivor with probability
/// `p_look` (a missed look means no second stage), then `second` rounds at a seen survivor:
///
/// `P_leak = (1 − p)^n1 · [1 − p_look · (1 − (1 − p)^n2)]`,
/// `E[shots] = n1 + n2 · p_look · (1 − p)^n1`.
///
/// A kill is never misjudged as a survivor here (no wasted second stage), as in MODELS.md §4.
pub fn shoot_look_shoot(
    sspk: f64,
    first: u32,
    second: u32,
    p_look: f64,
) -> Result<ShootLookShoot, InvalidInput> {
    let survive_first = salvo_leak(sspk, first)?;
    let p_look = probability("p_look", p_look)?;
    let kill_second = kill_probability(sspk, second)?;
    let leak = survive_first * (1.0 - p_look * kill_second);
    Ok(ShootLookShoot {
        kill: 1.0 - leak,
        leak,
        expected_shots: f64::from(first) + f64::from(second) * p_look * survive_first,
    })
}

/// Probability that none of `raid` independent threats, each leaking with probability `leak`,
/// gets through: (1 − q)^M.
pub fn p_zero_leakers(leak: f64, raid: u32) -> Result<f64, InvalidInput> {
    let q = probability("leak", leak)?;
    Ok((1.0 - q).powf(f64::from(raid)))
}

/// Probability that at least `k` of `raid` independent threats leak: the upper tail of
/// Binomial(M, q), summed from the lower side as 1 − Σ_{i<k} C(M, i) qⁱ (1 − q)^(M−i).
pub fn p_at_least_leakers(leak: f64, raid: u32, k: u32) -> Result<f64, InvalidInput> {
    let q = probability("leak", leak)?;
    if k == 0 {
        return Ok(1.0);
    }
    if k > raid {
        return Ok(0.0);
    }
    // Terms by the recurrence pmf(i+1) = pmf(i) · (M − i)/(i + 1) · q/(1 − q); with q = 1 only
    // i = M has mass, which k ≤ M always includes.
    if q == 1.0 {
        return Ok(1.0);
    }
    let m = f64::from(raid);
    let mut pmf = (1.0 - q).powf(m);
    let mut below = 0.0;
    for i in 0..k {
        below += pmf;
        let i = f64::from(i);
        pmf *= (m - i) / (i + 1.0) * q / (1.0 - q);
    }
    Ok((1.0 - below).clamp(0.0, 1.0))
}

/// Expected number of leakers among `raid` independent threats, M · q.
pub fn expected_leakers(leak: f64, raid: u32) -> Result<f64, InvalidInput> {
    Ok(f64::from(raid) * probability("leak", leak)?)
}

/// Shots per threat needed for P(zero leakers) ≥ Q over a raid of M threats.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ShotsPerThreat {
    /// The real-valued solution n = ln(1 − Q^(1/M)) / ln(1 − p).
    pub exact: f64,
    /// The whole number of shots to fire, ⌈n⌉ (at least 1).
    pub whole: u32,
}

/// Shots per threat (salvo, independent shots of SSPK `sspk` in (0, 1)) so that all `raid`
/// threats are stopped with probability at least `p_zero_target` in (0, 1).
pub fn shots_per_threat(
    sspk: f64,
    raid: u32,
    p_zero_target: f64,
) -> Result<ShotsPerThreat, InvalidInput> {
    let p = open_probability("sspk", sspk)?;
    let target = open_probability("p_zero_target", p_zero_target)?;
    check("raid", f64::from(raid), raid > 0, "at least one threat")?;
    // Per-threat kill probability needed: Q^(1/M); ln_1p keeps digits when it is close to 1.
    let per_threat = target.powf(1.0 / f64::from(raid));
    let exact = (-per_threat).ln_1p() / (-p).ln_1p();
    // A tolerance so a solution that is an integer up to rounding does not round up a shot.
    let whole = (exact - 1e-9).ceil().max(1.0);
    Ok(ShotsPerThreat {
        exact,
        whole: whole.min(f64::from(u32::MAX)) as u32,
    })
}

/// The common-mode links of a defence chain (Wilkening 2000): a failure of any of them lets a
/// threat through however many rounds are fired.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DefenceChain {
    /// Probability the threat is detected in time.
    pub p_detect: f64,
    /// Probability a fire-control track is formed and held.
    pub p_track: f64,
    /// Probability the warhead is discriminated from decoys and debris.
    pub p_discriminate: f64,
    /// Probability an interceptor works (launches, flies, fuzes) — applied per round.
    pub reliability: f64,
}

impl Default for DefenceChain {
    /// A perfect chain: the system leak reduces to the salvo leak.
    fn default() -> Self {
        DefenceChain {
            p_detect: 1.0,
            p_track: 1.0,
            p_discriminate: 1.0,
            reliability: 1.0,
        }
    }
}

/// Wilkening's system leak probability for `shots` rounds of SSPK `sspk`:
/// P_leak = 1 − P_det · P_track · P_disc · [1 − (1 − p·R)ⁿ].
pub fn system_leak(chain: &DefenceChain, sspk: f64, shots: u32) -> Result<f64, InvalidInput> {
    let common = probability("p_detect", chain.p_detect)?
        * probability("p_track", chain.p_track)?
        * probability("p_discriminate", chain.p_discriminate)?;
    let per_round = probability("sspk", sspk)? * probability("reliability", chain.reliability)?;
    Ok(1.0 - common * kill_probability(per_round, shots)?)
}

/// The channel-limited saturation toy model of MODELS.md §5.2.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ChannelLimitedRaid {
    /// Threats in the raid, M.
    pub raid: u32,
    /// Fire channels, C: engagements the fire units can guide at once.
    pub channels: u32,
    /// Engagement window W: time each threat spends inside the engagement envelope (s).
    pub window_s: f64,
    /// Time one engagement holds a channel, t_e (s).
    pub engagement_time_s: f64,
    /// Rounds per engaged threat, n.
    pub shots_per_target: u32,
    /// Single-shot kill probability p.
    pub sspk: f64,
}

/// What a channel-limited defence achieves against a raid.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SaturationOutcome {
    /// Threats engaged, min(M, ⌊C · ⌊W / t_e⌋ / n⌋).
    pub engaged: u32,
    /// Threats never engaged; they leak with probability 1.
    pub unengaged: u32,
    /// Expected leakers, unengaged + engaged · (1 − p)ⁿ.
    pub expected_leakers: f64,
}

/// Channel-limited saturation: each channel serves ⌊W / t_e⌋ engagements during the window,
/// each engaged threat takes `shots_per_target` of those channel-engagements, whole threats
/// only; everything else leaks. The defensive capacity is a threshold, so the leak curve is
/// flat and then rises one for one with raid size.
pub fn channel_limited(raid: &ChannelLimitedRaid) -> Result<SaturationOutcome, InvalidInput> {
    let window = non_negative("window_s", raid.window_s)?;
    let t_e = positive("engagement_time_s", raid.engagement_time_s)?;
    check(
        "shots_per_target",
        f64::from(raid.shots_per_target),
        raid.shots_per_target > 0,
        "at least one shot",
    )?;
    let leak = salvo_leak(raid.sspk, raid.shots_per_target)?;
    let slots = f64::from(raid.channels) * (window / t_e).floor();
    let capacity = (slots / f64::from(raid.shots_per_target)).floor();
    let engaged = capacity.min(f64::from(raid.raid)) as u32;
    let unengaged = raid.raid - engaged;
    Ok(SaturationOutcome {
        engaged,
        unengaged,
        expected_leakers: f64::from(unengaged) + f64::from(engaged) * leak,
    })
}

/// Quantile of the standard normal distribution, Φ⁻¹(p) for p in (0, 1): Wichura's
/// algorithm AS 241 (PPND16, Applied Statistics 37, 1988), relative accuracy about 1e-16.
pub fn normal_quantile(p: f64) -> Result<f64, InvalidInput> {
    let p = open_probability("p", p)?;
    let q = p - 0.5;
    if q.abs() <= 0.425 {
        let r = 0.180625 - q * q;
        return Ok(q * poly(&AS241_A, r) / poly(&AS241_B, r));
    }
    let r = if q < 0.0 { p } else { 1.0 - p };
    let r = (-r.ln()).sqrt();
    let x = if r <= 5.0 {
        let r = r - 1.6;
        poly(&AS241_C, r) / poly(&AS241_D, r)
    } else {
        let r = r - 5.0;
        poly(&AS241_E, r) / poly(&AS241_F, r)
    };
    Ok(if q < 0.0 { -x } else { x })
}

/// Evaluates c₀ + c₁·x + … by Horner's rule.
fn poly(coefficients: &[f64], x: f64) -> f64 {
    coefficients.iter().rev().fold(0.0, |acc, &c| acc * x + c)
}

const AS241_A: [f64; 8] = [
    3.387_132_872_796_366_5,
    1.331_416_678_917_843_8e2,
    1.971_590_950_306_551_3e3,
    1.373_169_376_550_946e4,
    4.592_195_393_154_987e4,
    6.726_577_092_700_87e4,
    3.343_057_558_358_813e4,
    2.509_080_928_730_122_7e3,
];
const AS241_B: [f64; 8] = [
    1.0,
    4.231_333_070_160_091e1,
    6.871_870_074_920_579e2,
    5.394_196_021_424_751e3,
    2.121_379_430_158_659_7e4,
    3.930_789_580_009_271e4,
    2.872_908_573_572_194_3e4,
    5.226_495_278_852_854e3,
];
const AS241_C: [f64; 8] = [
    1.423_437_110_749_683_5,
    4.630_337_846_156_546,
    5.769_497_221_460_691,
    3.647_848_324_763_204_5,
    1.270_458_252_452_368_4,
    2.417_807_251_774_506e-1,
    2.272_384_498_926_918_4e-2,
    7.745_450_142_783_414e-4,
];
const AS241_D: [f64; 8] = [
    1.0,
    2.053_191_626_637_759,
    1.676_384_830_183_803_8,
    6.897_673_349_851e-1,
    1.481_039_764_274_800_8e-1,
    1.519_866_656_361_645_7e-2,
    5.475_938_084_995_345e-4,
    1.050_750_071_644_416_9e-9,
];
const AS241_E: [f64; 8] = [
    6.657_904_643_501_103,
    5.463_784_911_164_114,
    1.784_826_539_917_291_3,
    2.965_605_718_285_048_7e-1,
    2.653_218_952_657_612_4e-2,
    1.242_660_947_388_078_4e-3,
    2.711_555_568_743_487_6e-5,
    2.010_334_399_292_288_1e-7,
];
const AS241_F: [f64; 8] = [
    1.0,
    5.998_322_065_558_88e-1,
    1.369_298_809_227_358e-1,
    1.487_536_129_085_061_5e-2,
    7.868_691_311_456_133e-4,
    1.846_318_317_510_054_8e-5,
    1.421_511_758_316_446e-7,
    2.044_263_103_389_939_8e-15,
];

/// Wilson score interval for a binomial proportion: `successes` out of `trials`, two-sided at
/// `confidence` (e.g. 0.9999). With z = Φ⁻¹((1 + confidence)/2) and p̂ = successes/trials,
///
/// centre = (p̂ + z²/2n) / (1 + z²/n),  half-width = z/(1 + z²/n) · √(p̂(1 − p̂)/n + z²/4n²).
///
/// Unlike the normal ("Wald") interval it stays inside [0, 1] and keeps its coverage near
/// p̂ = 0 or 1, which is where leak rates live.
pub fn proportion_interval(
    successes: u64,
    trials: u64,
    confidence: f64,
) -> Result<(f64, f64), InvalidInput> {
    check("trials", trials as f64, trials > 0, "at least one trial")?;
    check(
        "successes",
        successes as f64,
        successes <= trials,
        "at most the number of trials",
    )?;
    let confidence = open_probability("confidence", confidence)?;
    let z = normal_quantile(0.5 * (1.0 + confidence))?;
    let n = trials as f64;
    let p = successes as f64 / n;
    let z2n = z * z / n;
    let denom = 1.0 + z2n;
    let centre = (p + 0.5 * z2n) / denom;
    let half = z / denom * (p * (1.0 - p) / n + 0.25 * z2n / n).sqrt();
    Ok(((centre - half).max(0.0), (centre + half).min(1.0)))
}
