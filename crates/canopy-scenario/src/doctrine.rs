//! The `[doctrine]` table (scenario-wide) and `[unit.doctrine]` (per unit):
//! weapon release rules read into `canopy_c2::doctrine::Doctrine`, plus the
//! quality of kill assessment. Every field is optional; a unit's table
//! overrides the scenario's, which overrides the notional default
//! (`Doctrine::default()`, perfect assessment).

use crate::model::UnitDoctrine;
use crate::reader::{Cx, Obj, Rule};
use canopy_c2::doctrine::{FirePolicy, WeaponControl};
use canopy_c2::evaluate::ThreatClass;

/// Reads a doctrine table on top of `base`.
pub(crate) fn read_doctrine(
    cx: &mut Cx<'_>,
    mut o: Obj<'_, '_>,
    base: &UnitDoctrine,
) -> UnitDoctrine {
    let mut d = base.clone();
    let r = &mut d.rules;
    if let Some(c) = o.opt_choice(cx, "control", &["free", "tight", "hold"]) {
        r.control = match c.v {
            "free" => WeaponControl::Free,
            "tight" => WeaponControl::Tight,
            _ => WeaponControl::Hold,
        };
    }
    let num = |cx: &mut Cx<'_>, o: &mut Obj<'_, '_>, key, rule, into: &mut f64| {
        if let Some(v) = o.opt_num(cx, key, rule) {
            *into = v.v;
        }
    };
    num(
        cx,
        &mut o,
        "tight_threshold",
        Rule::Within(0.0, 1.0),
        &mut r.tight_threshold,
    );
    num(
        cx,
        &mut o,
        "firing_range_fraction",
        Rule::Within(0.01, 1.0),
        &mut r.firing_range_fraction,
    );
    num(
        cx,
        &mut o,
        "assessment_delay_s",
        Rule::Within(0.0, 600.0),
        &mut r.assessment_delay_s,
    );
    num(cx, &mut o, "p_look", Rule::Within(0.0, 1.0), &mut d.p_look);
    if let Some(n) = o.opt_count(cx, "reserve_rounds", 0) {
        r.reserve_rounds = n.v;
    }
    for class in ThreatClass::ALL {
        let Some(mut t) = o.opt_table(cx, class.name()) else {
            continue;
        };
        let rule = &mut r.rules[class];
        if let Some(p) = t.opt_choice(cx, "policy", &["shoot-shoot", "shoot-look-shoot"]) {
            rule.policy = if p.v == "shoot-shoot" {
                FirePolicy::ShootShoot
            } else {
                FirePolicy::ShootLookShoot
            };
        }
        if let Some(n) = t.opt_count(cx, "first_salvo", 0) {
            rule.first_salvo = n.v;
        }
        if let Some(n) = t.opt_count(cx, "later_salvo", 0) {
            rule.later_salvo = n.v;
        }
        if let Some(n) = t.opt_count(cx, "priority", 0) {
            match u8::try_from(n.v) {
                Ok(p) => rule.priority = p,
                Err(_) => cx.error(
                    n.span,
                    format!("`priority` must be at most 255, got {}", n.v),
                    Some("lower values are engaged first; 0 is the highest priority".into()),
                ),
            }
        }
        if let Some(b) = t.opt_bool(cx, "may_use_reserve") {
            rule.may_use_reserve = b.v;
        }
        t.finish(cx);
    }
    o.finish(cx);
    d
}
