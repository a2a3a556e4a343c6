use canopy_core::geo::{Geodetic, LocalFrame};
use canopy_flyout::{FlyoutTableConfig, InterceptorParams};
use nalgebra::Vector3;

use super::*;
use crate::evaluate::{AssetView, EvaluationParams, TrackView, evaluate};
use crate::feasibility::{EngagementRadar, FireUnit, FireUnitSpec, ScanConfig, WeaponType, assess};

/// A feasible opportunity against a confirmed track of `class`: intercept at 40 km, 60 s
/// from now, launch window open for another 100 s.
fn opportunity(class: ThreatClass) -> Opportunity {
    Opportunity {
        confirmed: true,
        class,
        munition_probability: if class.is_munition() { 0.95 } else { 0.02 },
        feasible_now: true,
        intercept_range_m: Some(40e3),
        intercept_time_s: Some(60.0),
        max_range_m: 250e3,
        latest_launch_s: Some(100.0),
    }
}

const READY: UnitState = UnitState {
    ready_rounds: 32,
    free_channels: 12,
    magazine_rounds: 32,
};

fn fire(rounds: u32) -> FireDecision {
    FireDecision::Fire { rounds }
}

#[test]
fn shoot_look_shoot_fires_one_then_waits_for_the_assessment() {
    let d = Doctrine::default();
    let opp = opportunity(ThreatClass::Aircraft);
    let fresh = TargetState::default();
    assert_eq!(d.decide(&opp, &READY, &fresh).unwrap(), fire(1));
    let in_flight = TargetState {
        rounds_in_flight: 1,
        salvos_fired: 1,
    };
    assert_eq!(
        d.decide(&opp, &READY, &in_flight).unwrap(),
        FireDecision::Hold(HoldReason::AwaitingAssessment)
    );
    // Assessed as a survivor: the second stage.
    let survived = TargetState {
        rounds_in_flight: 0,
        salvos_fired: 1,
    };
    assert_eq!(d.decide(&opp, &READY, &survived).unwrap(), fire(1));
}

#[test]
fn shoot_look_shoot_without_time_to_look_fires_both_rounds() {
    let d = Doctrine::default();
    // Intercept at 60 s, assessment 5 s later, but the window closes at 62 s.
    let opp = Opportunity {
        latest_launch_s: Some(62.0),
        ..opportunity(ThreatClass::Drone)
    };
    assert_eq!(
        d.decide(&opp, &READY, &TargetState::default()).unwrap(),
        fire(2)
    );
    let no_window = Opportunity {
        latest_launch_s: None,
        ..opportunity(ThreatClass::Drone)
    };
    assert_eq!(
        d.decide(&no_window, &READY, &TargetState::default())
            .unwrap(),
        fire(2)
    );
}

#[test]
fn shoot_shoot_fires_the_salvo() {
    let d = Doctrine::default();
    for class in [ThreatClass::Ballistic, ThreatClass::Cruise] {
        let opp = opportunity(class);
        assert_eq!(
            d.decide(&opp, &READY, &TargetState::default()).unwrap(),
            fire(2)
        );
        // A surviving target is engaged with another full salvo once assessed.
        let survived = TargetState {
            rounds_in_flight: 0,
            salvos_fired: 1,
        };
        assert_eq!(d.decide(&opp, &READY, &survived).unwrap(), fire(2));
    }
}

#[test]
fn weapons_hold_and_tight() {
    let hold = Doctrine {
        control: WeaponControl::Hold,
        ..Doctrine::default()
    };
    for class in ThreatClass::ALL {
        assert_eq!(
            hold.decide(&opportunity(class), &READY, &TargetState::default())
                .unwrap(),
            FireDecision::Hold(HoldReason::WeaponsHold)
        );
    }
    let tight = Doctrine {
        control: WeaponControl::Tight,
        ..Doctrine::default()
    };
    let decide = |opp: &Opportunity| tight.decide(opp, &READY, &TargetState::default()).unwrap();
    assert_eq!(
        decide(&opportunity(ThreatClass::Aircraft)),
        FireDecision::Hold(HoldReason::NotHostile)
    );
    assert_eq!(decide(&opportunity(ThreatClass::Cruise)), fire(2));
    // A munition-looking track below the 0.8 threshold is held.
    let doubtful = Opportunity {
        munition_probability: 0.7,
        ..opportunity(ThreatClass::Cruise)
    };
    assert_eq!(
        decide(&doubtful),
        FireDecision::Hold(HoldReason::NotHostile)
    );
}

#[test]
fn reserve_and_channels_cap_the_rounds() {
    let d = Doctrine::default();
    let fresh = TargetState::default();
    let unit = |ready_rounds, free_channels| UnitState {
        ready_rounds,
        free_channels,
        magazine_rounds: ready_rounds,
    };
    // Four rounds are held back for ballistic threats.
    assert_eq!(
        d.decide(&opportunity(ThreatClass::Cruise), &unit(5, 12), &fresh)
            .unwrap(),
        fire(1)
    );
    assert_eq!(
        d.decide(&opportunity(ThreatClass::Aircraft), &unit(4, 12), &fresh)
            .unwrap(),
        FireDecision::Hold(HoldReason::NoRoundsAvailable)
    );
    assert_eq!(
        d.decide(&opportunity(ThreatClass::Ballistic), &unit(4, 12), &fresh)
            .unwrap(),
        fire(2)
    );
    assert_eq!(
        d.decide(&opportunity(ThreatClass::Ballistic), &unit(1, 12), &fresh)
            .unwrap(),
        fire(1)
    );
    // Guidance channels.
    assert_eq!(
        d.decide(&opportunity(ThreatClass::Ballistic), &unit(32, 1), &fresh)
            .unwrap(),
        fire(1)
    );
    assert_eq!(
        d.decide(&opportunity(ThreatClass::Ballistic), &unit(32, 0), &fresh)
            .unwrap(),
        FireDecision::Hold(HoldReason::NoFreeChannel)
    );
    // Launchers waiting out their launch interval after a volley: busy
    // channels are the reason while rounds are left in the magazine...
    let after_volley = |free_channels| UnitState {
        ready_rounds: 0,
        free_channels,
        magazine_rounds: 20,
    };
    assert_eq!(
        d.decide(
            &opportunity(ThreatClass::Ballistic),
            &after_volley(0),
            &fresh
        )
        .unwrap(),
        FireDecision::Hold(HoldReason::NoFreeChannel)
    );
    assert_eq!(
        d.decide(
            &opportunity(ThreatClass::Ballistic),
            &after_volley(3),
            &fresh
        )
        .unwrap(),
        FireDecision::Hold(HoldReason::NoRoundsAvailable)
    );
    // ...and an empty magazine (beyond the reserve) is, whatever the channels.
    assert_eq!(
        d.decide(&opportunity(ThreatClass::Aircraft), &unit(4, 0), &fresh)
            .unwrap(),
        FireDecision::Hold(HoldReason::NoRoundsAvailable)
    );
}

#[test]
fn holds_for_tentative_infeasible_and_distant_opportunities() {
    let d = Doctrine::default();
    let fresh = TargetState::default();
    let hold = |opp: Opportunity| d.decide(&opp, &READY, &fresh).unwrap();
    let base = opportunity(ThreatClass::Aircraft);
    assert_eq!(
        hold(Opportunity {
            confirmed: false,
            ..base
        }),
        FireDecision::Hold(HoldReason::NotConfirmed)
    );
    assert_eq!(
        hold(Opportunity {
            feasible_now: false,
            ..base
        }),
        FireDecision::Hold(HoldReason::NotFeasible)
    );
    // 240 km is beyond 90 % of the 250 km maximum; 220 km is inside.
    assert_eq!(
        hold(Opportunity {
            intercept_range_m: Some(240e3),
            ..base
        }),
        FireDecision::Hold(HoldReason::BeyondFiringRange)
    );
    assert_eq!(
        hold(Opportunity {
            intercept_range_m: Some(220e3),
            ..base
        }),
        fire(1)
    );
    // A class the doctrine does not engage.
    let mut no_helicopters = d;
    no_helicopters.rules[ThreatClass::Helicopter].first_salvo = 0;
    assert_eq!(
        no_helicopters
            .decide(&opportunity(ThreatClass::Helicopter), &READY, &fresh)
            .unwrap(),
        FireDecision::Hold(HoldReason::ClassNotEngaged)
    );
    // Bad numbers are errors, not decisions.
    let bad = Opportunity {
        munition_probability: 1.5,
        ..base
    };
    assert!(d.decide(&bad, &READY, &fresh).is_err());
    let bad_doctrine = Doctrine {
        firing_range_fraction: 0.0,
        ..d
    };
    assert!(bad_doctrine.decide(&base, &READY, &fresh).is_err());
}

/// The pipeline the engine runs: evaluate → assess feasibility → decide.
#[test]
fn evaluation_feasibility_and_doctrine_together() {
    let frame = LocalFrame::new(Geodetic::new(48.0, 68.0, 0.0));
    let enu = |az: f64, dist: f64, alt: f64| -> [f64; 3] {
        let mut g = frame.site().destination(az, dist);
        g.alt_m = alt;
        frame.to_enu(&g.to_ecef()).0.into()
    };
    let level = |az: f64, dist: f64, alt: f64, speed: f64, heading: f64| {
        let mut g = frame.site().destination(az, dist);
        g.alt_m = alt;
        let (s, c) = heading.to_radians().sin_cos();
        let v = LocalFrame::new(g).vec_to_ecef(&Vector3::new(speed * s, speed * c, 0.0));
        (enu(az, dist, alt), <[f64; 3]>::from(frame.vec_to_enu(&v)))
    };
    let track = |id, (position, velocity): ([f64; 3], [f64; 3])| TrackView {
        id,
        time_s: 0.0,
        position,
        velocity,
        position_cov: [[1e4, 0.0, 0.0], [0.0, 1e4, 0.0], [0.0, 0.0, 1e4]],
        confirmed: true,
        acceleration: None,
        history: Vec::new(),
    };
    // A sea-skimmer from 80 km north and an aircraft from 200 km north, both toward the
    // airbase next to the battery.
    let tracks = [
        track(1, level(0.0, 80e3, 15.0, 250.0, 180.0)),
        track(2, level(0.0, 200e3, 9e3, 250.0, 180.0)),
    ];
    let assets = [AssetView {
        index: 0,
        position: enu(0.0, 0.0, 0.0),
        value: 100.0,
    }];
    let eval = evaluate(&frame, 0.0, &tracks, &assets, &EvaluationParams::default()).unwrap();
    let d = Doctrine::default();
    // Cruise missiles outrank aircraft whatever their scores.
    let order: Vec<u64> = d
        .engagement_order(&eval)
        .into_iter()
        .map(|i| eval.assessments[i].track_id)
        .collect();
    assert_eq!(order, vec![1, 2]);

    let weapon = WeaponType::new(
        &InterceptorParams::notional_long_range(),
        FlyoutTableConfig::default(),
        crate::feasibility::Envelope::notional_long_range(),
    )
    .unwrap();
    let unit = FireUnit::new(
        &frame,
        FireUnitSpec {
            launcher: [0.0; 3],
            radar: EngagementRadar::notional([0.0; 3]),
            reaction_time_s: 10.0,
        },
    )
    .unwrap();
    let cruise = &eval.assessments[0];
    let decide_at = |now: f64| {
        let f = assess(
            &unit,
            &weapon,
            &cruise.path,
            cruise.class,
            now,
            cruise.target.map(|t| t.arrival_time_s),
            &ScanConfig::default(),
        )
        .unwrap();
        let opp = Opportunity::new(cruise, &f, weapon.envelope());
        (f, d.decide(&opp, &READY, &TargetState::default()).unwrap())
    };
    // Below the horizon now: hold; from the window's opening: a two-round salvo.
    let (f, now) = decide_at(0.0);
    assert_eq!(now, FireDecision::Hold(HoldReason::NotFeasible));
    let opens = f.window.unwrap().earliest_launch_s - 10.0;
    assert_eq!(decide_at(opens + 0.5).1, fire(2));
}
