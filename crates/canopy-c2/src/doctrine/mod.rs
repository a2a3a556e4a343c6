//! Engagement doctrine (issue "Engagement", item 4): per-unit weapon release rules in the
//! spirit of Command: Modern Operations' doctrine and weapon release authority (WRA): weapon
//! control status, salvo size and firing policy per threat class, firing range as a fraction
//! of maximum range, class priorities and rounds held in reserve.
//!
//! [`Doctrine::decide`] answers, for one engagement [`Opportunity`] (a threat assessment and
//! its feasibility from a unit) and the unit's and target's state, how many rounds to fire
//! now ([`FireDecision`]). The checks run in a fixed order and the first failing one is the
//! [`HoldReason`]:
//!
//! 1. weapon control [`WeaponControl::Hold`] → [`HoldReason::WeaponsHold`];
//! 2. tentative track → [`HoldReason::NotConfirmed`];
//! 3. [`WeaponControl::Tight`] and P(munition) below [`Doctrine::tight_threshold`] →
//!    [`HoldReason::NotHostile`]. Without IFF, "tight" means: engage only tracks classified as
//!    a hostile munition (ballistic, cruise or drone) with at least that probability; crewed
//!    aircraft and helicopters are not engaged;
//! 4. class salvo size 0 → [`HoldReason::ClassNotEngaged`];
//! 5. rounds still in flight at the target → [`HoldReason::AwaitingAssessment`] (both
//!    policies wait for the outcome before re-engaging);
//! 6. launching now is infeasible → [`HoldReason::NotFeasible`];
//! 7. predicted intercept beyond [`Doctrine::firing_range_fraction`] × the envelope's maximum
//!    range for the class → [`HoldReason::BeyondFiringRange`] (wait for the threat to close);
//! 8. rounds in the magazine beyond the reserve (unless the class may use the reserve)
//!    → [`HoldReason::NoRoundsAvailable`];
//! 9. a free missile-guidance channel → [`HoldReason::NoFreeChannel`];
//! 10. a ready launcher (not waiting out its launch interval or a reload)
//!     → [`HoldReason::NoRoundsAvailable`].
//!
//! Channels come before ready launchers: right after a volley every launcher waits out its
//! launch interval for a second while the volley's rounds hold their channels to the
//! intercept, and the channels are the limit that matters.
//!
//! Salvo size: [`FirePolicy::ShootShoot`] fires `first_salvo` rounds at each engagement;
//! [`FirePolicy::ShootLookShoot`] fires `first_salvo`, waits for the kill assessment, then
//! `later_salvo` per further engagement — unless the launch window closes before a second
//! launch could follow the first intercept's assessment, in which case the first engagement
//! fires `first_salvo + later_salvo` at once (degrading to a salvo rather than forgoing the
//! second shot). The number fired is capped by the rounds available and the free channels.

#[cfg(test)]
mod tests;

use crate::evaluate::{Evaluation, PerClass, ThreatAssessment, ThreatClass};
use crate::feasibility::{Envelope, Feasibility};
use crate::salvo::{InvalidInput, check, finite, non_negative, positive, probability};

/// Weapon control status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum WeaponControl {
    /// Engage any confirmed track (IFF is not modelled: every track is presumed hostile).
    Free,
    /// Engage only confirmed tracks classified as munitions with probability at least
    /// [`Doctrine::tight_threshold`].
    Tight,
    /// Do not fire.
    Hold,
}

/// Firing policy for one threat class.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FirePolicy {
    /// Fire the whole salvo at once.
    ShootShoot,
    /// Fire, assess the kill, fire again at a survivor.
    ShootLookShoot,
}

/// Doctrine for one threat class.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ClassRule {
    /// Firing policy.
    pub policy: FirePolicy,
    /// Rounds of the first engagement (0: never engage this class).
    pub first_salvo: u32,
    /// Rounds of each later shoot-look-shoot engagement.
    pub later_salvo: u32,
    /// Engagement priority: lower values are engaged first.
    pub priority: u8,
    /// Whether this class may draw on the rounds held in reserve.
    pub may_use_reserve: bool,
}

/// A fire unit's engagement doctrine.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Doctrine {
    /// Weapon control status.
    pub control: WeaponControl,
    /// Minimum P(munition) to engage under [`WeaponControl::Tight`].
    pub tight_threshold: f64,
    /// Rules per threat class.
    pub rules: PerClass<ClassRule>,
    /// Fire only when the predicted intercept is within this fraction of the envelope's
    /// maximum range for the class, in (0, 1].
    pub firing_range_fraction: f64,
    /// Ready rounds kept back for classes with `may_use_reserve`.
    pub reserve_rounds: u32,
    /// Time from an intercept to its kill assessment (s), used to decide whether a
    /// shoot-look-shoot second engagement still fits in the launch window.
    pub assessment_delay_s: f64,
}

impl Default for Doctrine {
    /// Notional S-400-class doctrine (NOTIONAL, inspired by public descriptions, not sourced):
    ///
    /// | class | policy | rounds | priority | reserve |
    /// |---|---|---|---|---|
    /// | ballistic | shoot-shoot | 2 | 0 | may use |
    /// | cruise | shoot-shoot | 2 | 1 | no |
    /// | aircraft | shoot-look-shoot | 1, then 1 | 2 | no |
    /// | helicopter | shoot-look-shoot | 1, then 1 | 3 | no |
    /// | drone | shoot-look-shoot | 1, then 1 | 3 | no |
    ///
    /// Two rounds per fast, short-window threat (the "36 targets / 72 missiles" claim is
    /// two per target); one at a time where the window allows a look. Weapons free, tight
    /// threshold 0.8, fire within 90 % of maximum range, 4 rounds (one launcher) held for
    /// ballistic threats, assessment 5 s after intercept.
    fn default() -> Self {
        let salvo = |priority, may_use_reserve| ClassRule {
            policy: FirePolicy::ShootShoot,
            first_salvo: 2,
            later_salvo: 2,
            priority,
            may_use_reserve,
        };
        let sls = |priority| ClassRule {
            policy: FirePolicy::ShootLookShoot,
            first_salvo: 1,
            later_salvo: 1,
            priority,
            may_use_reserve: false,
        };
        Doctrine {
            control: WeaponControl::Free,
            tight_threshold: 0.8,
            rules: PerClass([salvo(0, true), salvo(1, false), sls(2), sls(3), sls(3)]),
            firing_range_fraction: 0.9,
            reserve_rounds: 4,
            assessment_delay_s: 5.0,
        }
    }
}

/// One engagement opportunity: what the doctrine needs from the evaluation and feasibility.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Opportunity {
    /// Whether the track is confirmed.
    pub confirmed: bool,
    /// Most probable class.
    pub class: ThreatClass,
    /// Probability that the track is a munition.
    pub munition_probability: f64,
    /// Whether a launch at the earliest possible time is feasible.
    pub feasible_now: bool,
    /// Slant range of that launch's predicted intercept (m).
    pub intercept_range_m: Option<f64>,
    /// Time of that launch's predicted intercept (s).
    pub intercept_time_s: Option<f64>,
    /// The envelope's maximum range for the class (m).
    pub max_range_m: f64,
    /// End of the launch window (s).
    pub latest_launch_s: Option<f64>,
}

impl Opportunity {
    /// The opportunity of `assessment` from a unit whose feasibility is `feasibility`, for an
    /// interceptor with `envelope`.
    pub fn new(
        assessment: &ThreatAssessment,
        feasibility: &Feasibility,
        envelope: &Envelope,
    ) -> Self {
        Opportunity {
            confirmed: assessment.confirmed,
            class: assessment.class,
            munition_probability: assessment.munition_probability,
            feasible_now: feasibility.feasible_now(),
            intercept_range_m: feasibility.solution.map(|s| s.range_m),
            intercept_time_s: feasibility.solution.map(|s| s.intercept_time_s),
            max_range_m: envelope.max_range_for(assessment.class),
            latest_launch_s: feasibility.window.map(|w| w.latest_launch_s),
        }
    }

    fn validate(&self) -> Result<(), InvalidInput> {
        probability("munition_probability", self.munition_probability)?;
        if let Some(r) = self.intercept_range_m {
            non_negative("intercept_range_m", r)?;
        }
        if let Some(t) = self.intercept_time_s {
            finite("intercept_time_s", t)?;
        }
        positive("max_range_m", self.max_range_m)?;
        if let Some(t) = self.latest_launch_s {
            finite("latest_launch_s", t)?;
        }
        Ok(())
    }
}

/// The fire unit's state.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct UnitState {
    /// Rounds ready to fire now (a launcher fires one round per launch
    /// interval, so this can be far below the rounds on the launchers).
    pub ready_rounds: u32,
    /// Missile-guidance channels free.
    pub free_channels: u32,
    /// Rounds on the unit's launchers, ready or not: the reserve is kept
    /// from these.
    pub magazine_rounds: u32,
}

/// The state of the engagement of one target by this unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct TargetState {
    /// Rounds fired at the target and not yet assessed.
    pub rounds_in_flight: u32,
    /// Engagements (salvos) already fired at the target.
    pub salvos_fired: u32,
}

/// Why a unit holds fire.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum HoldReason {
    /// Weapon control status is hold.
    WeaponsHold,
    /// The track is tentative.
    NotConfirmed,
    /// Weapons tight and the track is not a munition with enough probability.
    NotHostile,
    /// The doctrine does not engage this class.
    ClassNotEngaged,
    /// Rounds are in flight at the target: wait for the kill assessment.
    AwaitingAssessment,
    /// A launch now is outside the envelope.
    NotFeasible,
    /// The predicted intercept is beyond the doctrine's firing range.
    BeyondFiringRange,
    /// No ready rounds beyond the reserve.
    NoRoundsAvailable,
    /// No free guidance channel.
    NoFreeChannel,
}

/// What to do now about one opportunity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FireDecision {
    /// Fire this many rounds now (≥ 1).
    Fire {
        /// Rounds to launch.
        rounds: u32,
    },
    /// Do not fire now.
    Hold(HoldReason),
}

impl Doctrine {
    /// Checks the thresholds and delays.
    pub fn validate(&self) -> Result<(), InvalidInput> {
        probability("tight_threshold", self.tight_threshold)?;
        check(
            "firing_range_fraction",
            self.firing_range_fraction,
            self.firing_range_fraction > 0.0 && self.firing_range_fraction <= 1.0,
            "a fraction in (0, 1]",
        )?;
        non_negative("assessment_delay_s", self.assessment_delay_s)?;
        Ok(())
    }

    /// How many rounds to fire now at `opportunity`, given the unit's and the target's state
    /// (the order of checks is in the module documentation).
    pub fn decide(
        &self,
        opportunity: &Opportunity,
        unit: &UnitState,
        target: &TargetState,
    ) -> Result<FireDecision, InvalidInput> {
        self.validate()?;
        opportunity.validate()?;
        let hold = |reason| Ok(FireDecision::Hold(reason));
        let rule = &self.rules[opportunity.class];
        match self.control {
            WeaponControl::Hold => return hold(HoldReason::WeaponsHold),
            _ if !opportunity.confirmed => return hold(HoldReason::NotConfirmed),
            WeaponControl::Tight if opportunity.munition_probability < self.tight_threshold => {
                return hold(HoldReason::NotHostile);
            }
            _ => {}
        }
        if rule.first_salvo == 0 {
            return hold(HoldReason::ClassNotEngaged);
        }
        if target.rounds_in_flight > 0 {
            return hold(HoldReason::AwaitingAssessment);
        }
        let (Some(range), true) = (opportunity.intercept_range_m, opportunity.feasible_now) else {
            return hold(HoldReason::NotFeasible);
        };
        if range > self.firing_range_fraction * opportunity.max_range_m {
            return hold(HoldReason::BeyondFiringRange);
        }
        let wanted = match rule.policy {
            FirePolicy::ShootShoot => rule.first_salvo,
            FirePolicy::ShootLookShoot if target.salvos_fired > 0 => rule.later_salvo,
            FirePolicy::ShootLookShoot => {
                // Room for a look: the second launch can follow the first intercept's
                // assessment inside the window.
                let room = match (opportunity.intercept_time_s, opportunity.latest_launch_s) {
                    (Some(t), Some(latest)) => t + self.assessment_delay_s <= latest,
                    _ => false,
                };
                if room {
                    rule.first_salvo
                } else {
                    rule.first_salvo.saturating_add(rule.later_salvo)
                }
            }
        };
        let usable = if rule.may_use_reserve {
            unit.magazine_rounds
        } else {
            unit.magazine_rounds.saturating_sub(self.reserve_rounds)
        };
        let available = unit.ready_rounds.min(usable);
        if wanted == 0 {
            // A shoot-look-shoot rule with no later salvo does not re-engage.
            return hold(HoldReason::ClassNotEngaged);
        }
        if usable == 0 {
            return hold(HoldReason::NoRoundsAvailable);
        }
        if unit.free_channels == 0 {
            return hold(HoldReason::NoFreeChannel);
        }
        if available == 0 {
            return hold(HoldReason::NoRoundsAvailable);
        }
        Ok(FireDecision::Fire {
            rounds: wanted.min(available).min(unit.free_channels),
        })
    }

    /// The confirmed tracks of `evaluation` in engagement order: by the class rule's priority
    /// (of the most probable class), then by the evaluation's own priority order.
    pub fn engagement_order(&self, evaluation: &Evaluation) -> Vec<usize> {
        let mut order = evaluation.priority.clone();
        // A stable sort keeps the evaluation's order within a class priority.
        order.sort_by_key(|&i| self.rules[evaluation.assessments[i].class].priority);
        order
    }
}
