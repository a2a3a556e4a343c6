//! Reading catalog files: the built-in notional catalog and user catalogs that
//! extend or override it by name.
//!
//! A catalog file has one table per section, keyed by type name:
//!
//! ```toml
//! [interceptor.48N6-class]
//! description = "long-range SAM round"
//! max_range_km = 250
//! provenance = { default = "NOTIONAL: round number", max_range_km = "RECALLED: Wikipedia 48N6" }
//! ```
//!
//! Every number carries its unit in its key (`_km`, `_m`, `_s`, `_mps`, `_deg`,
//! `_db`, `_m2`, `_usd`, …) and a provenance tag `STATUS: source`, given per
//! key or through `default`. Entries of a user catalog without provenance are
//! tagged `NOTIONAL: user catalog <file>`.

use crate::diag::{Diagnostic, FileId, nearest};
use crate::model::*;
use crate::reader::{Cx, Obj, Rule, Sp};
use canopy_core::{Provenance, Status};
use toml::Spanned;
use toml::de::{DeTable, DeValue};

/// The sections of a catalog file, in dependency order.
pub(crate) const SECTIONS: [&str; 6] = [
    "radar",
    "interceptor",
    "launcher",
    "command_post",
    "unit",
    "threat",
];

/// A name reference still to be resolved once every catalog file is merged.
#[derive(Clone, Debug)]
pub(crate) struct NameRef {
    pub name: Sp<String>,
    pub file: FileId,
}

/// A catalog entry read from one file, references unresolved.
#[derive(Clone, Debug)]
pub(crate) struct Raw<T> {
    pub name: Sp<String>,
    pub value: T,
}

/// A launcher with its interceptor reference unresolved.
#[derive(Clone, Debug)]
pub(crate) struct RawLauncher {
    pub entry: Entry,
    pub interceptor: NameRef,
    pub rounds: u32,
    pub reload_s: f64,
    pub reloads: u32,
    pub min_launch_interval_s: f64,
}

/// A battalion template with its references unresolved.
#[derive(Clone, Debug)]
pub(crate) struct RawBattalion {
    pub radar: NameRef,
    pub launcher: NameRef,
    pub launchers: u32,
    pub count: u32,
}

/// A unit template with its references unresolved.
#[derive(Clone, Debug)]
pub(crate) struct RawUnit {
    pub entry: Entry,
    pub command_post: Option<NameRef>,
    pub sensors: Vec<NameRef>,
    pub battalions: Vec<RawBattalion>,
}

/// Every entry of every catalog file read so far; later files override
/// earlier entries of the same name.
#[derive(Default)]
pub(crate) struct RawCatalog {
    pub radars: Vec<Raw<RadarType>>,
    pub interceptors: Vec<Raw<InterceptorType>>,
    pub launchers: Vec<Raw<RawLauncher>>,
    pub command_posts: Vec<Raw<CommandPostType>>,
    pub units: Vec<Raw<RawUnit>>,
    pub threats: Vec<Raw<ThreatType>>,
}

/// Inserts or replaces by name.
fn upsert<T>(list: &mut Vec<Raw<T>>, item: Raw<T>) {
    match list.iter_mut().find(|r| r.name.v == item.name.v) {
        Some(slot) => *slot = item,
        None => list.push(item),
    }
}

/// Parses `STATUS: source`.
fn parse_provenance(text: &str) -> Option<Provenance> {
    let (status, source) = text.split_once(':')?;
    let status = status.trim().parse::<Status>().ok()?;
    let source = source.trim();
    (!source.is_empty()).then(|| Provenance {
        status,
        source: source.to_string(),
    })
}

/// Reads `description` and `provenance` and turns the numbers read into the
/// entry's parameter listing; reports unknown fields.
fn finish_entry(cx: &mut Cx<'_>, mut obj: Obj<'_, '_>, name: &str, file_name: &str) -> Entry {
    let description = obj
        .opt_str(cx, "description")
        .map(|s| s.v)
        .unwrap_or_default();
    let mut default = Provenance {
        status: Status::Notional,
        source: format!("user catalog {file_name}"),
    };
    let mut explicit: Vec<(String, Provenance, std::ops::Range<usize>)> = Vec::new();
    if let Some(p) = obj.opt_table(cx, "provenance") {
        for (key, v) in p.entries() {
            let Some(text) = v.get_ref().as_str() else {
                cx.error(
                    v.span(),
                    format!("provenance of `{}` must be a string", key.v),
                    Some("write it as \"STATUS: source\"".into()),
                );
                continue;
            };
            let Some(prov) = parse_provenance(text) else {
                cx.error(
                    v.span(),
                    format!("bad provenance `{text}`"),
                    Some(
                        "write \"STATUS: source\" with STATUS one of CLAIM, REPORT, RECALLED, DERIVED, NOTIONAL"
                            .into(),
                    ),
                );
                continue;
            };
            if key.v == "default" {
                default = prov;
            } else {
                explicit.push((key.v, prov, key.span));
            }
        }
    }
    let numbers = std::mem::take(&mut obj.numbers);
    for (key, _, span) in &explicit {
        if !numbers.iter().any(|(k, _)| k == key) {
            let hint = nearest(key, numbers.iter().map(|(k, _)| *k))
                .map(|n| format!("did you mean `{n}`?"));
            cx.error(
                span.clone(),
                format!("provenance given for `{key}`, which is not a number of `{name}`"),
                hint,
            );
        }
    }
    let params = numbers
        .into_iter()
        .map(|(key, value)| Param {
            key: key.to_string(),
            value,
            provenance: explicit
                .iter()
                .find(|(k, _, _)| k == key)
                .map(|(_, p, _)| p.clone())
                .unwrap_or_else(|| default.clone()),
        })
        .collect();
    obj.finish(cx);
    Entry {
        name: name.to_string(),
        description,
        params,
    }
}

fn name_ref(obj: &mut Obj<'_, '_>, cx: &mut Cx<'_>, key: &'static str) -> Option<NameRef> {
    let file = cx.file;
    obj.str(cx, key).map(|name| NameRef { name, file })
}

/// Reads a radar and checks it the way the engine will use it: through the
/// sensor model's own parameter checks (e.g. at most 1e6 false alarms per
/// scan), so the engine never meets a radar it cannot build.
fn read_radar(cx: &mut Cx<'_>, obj: &mut Obj<'_, '_>) -> Option<RadarType> {
    let radar = read_radar_fields(cx, obj)?;
    let placed = PlacedRadar {
        radar: 0,
        site: canopy_core::geo::Geodetic::new(0.0, 0.0, 0.0),
        heading_deg: 0.0,
    };
    match canopy_sensors::radar::Radar::new(crate::radar::radar_params(&radar, &placed)) {
        Ok(_) => Some(radar),
        Err(e) => {
            cx.error(
                obj.span(),
                format!("{} is not a valid radar: {e}", obj.what()),
                Some("adjust the parameter named above (see `canopy catalog radar` for working values)".into()),
            );
            None
        }
    }
}

fn read_radar_fields(cx: &mut Cx<'_>, obj: &mut Obj<'_, '_>) -> Option<RadarType> {
    let role = obj.opt_choice(cx, "role", &["surveillance", "low-altitude", "engagement"]);
    if role.is_none() && obj.raw("role").is_none() {
        cx.error(
            obj.span(),
            format!("missing field `role` in {}", obj.what()),
            Some("add `role = \"surveillance\"` (or \"low-altitude\", \"engagement\")".into()),
        );
    }
    let f = obj.num(cx, "frequency_ghz", Rule::Within(0.03, 100.0));
    let p = obj.num(cx, "peak_power_kw", Rule::Positive);
    let g = obj.num(cx, "gain_db", Rule::Within(0.0, 80.0));
    let tau = obj.num(cx, "pulse_width_us", Rule::Positive);
    let ts = obj.num(cx, "noise_temperature_k", Rule::Positive);
    let l = obj.num(cx, "losses_db", Rule::Within(0.0, 60.0));
    let n = obj.count(cx, "pulses", 1);
    let integ = obj.opt_choice(cx, "integration", &["coherent", "noncoherent"]);
    let pfa = obj.num(cx, "pfa", Rule::Within(1e-12, 0.1));
    let confirm = obj.opt_bool(cx, "alert_confirm");
    let rev = obj.num(cx, "revisit_s", Rule::Positive);
    let rmax = obj.num(cx, "instrumented_range_km", Rule::Positive);
    let h = obj.num(cx, "antenna_height_m", Rule::Within(0.0, 1000.0));
    let elmin = obj.opt_num(cx, "min_elevation_deg", Rule::Within(-10.0, 90.0));
    let elmax = obj.opt_num(cx, "max_elevation_deg", Rule::Within(-10.0, 90.0));
    let sector = obj.opt_num(cx, "sector_half_width_deg", Rule::Within(1.0, 180.0));
    let res = obj.opt_num(cx, "range_resolution_m", Rule::Positive);
    let bw = obj.opt_num(cx, "beamwidth_deg", Rule::Within(0.01, 90.0));
    let sr = obj.num(cx, "range_sigma_m", Rule::Positive);
    let sa = obj.num(cx, "azimuth_sigma_deg", Rule::Positive);
    let se = obj.num(cx, "elevation_sigma_deg", Rule::Positive);
    let bias = ["range_bias_m", "azimuth_bias_deg", "elevation_bias_deg"].map(|k| {
        obj.opt_num(cx, k, Rule::Within(-1e4, 1e4))
            .map_or(0.0, |b| b.v)
    });
    let tc = obj.opt_count(cx, "target_channels", 1);
    let mc = obj.opt_count(cx, "missile_channels", 1);
    let trev = obj.opt_num(cx, "track_revisit_s", Rule::Positive);
    let claimed = obj.opt_num(cx, "claimed_range_km", Rule::Positive);
    let (elmin_v, elmax_v) = (
        elmin.as_ref().map_or(0.0, |s| s.v),
        elmax.as_ref().map_or(85.0, |s| s.v),
    );
    if elmin_v >= elmax_v {
        let span = elmax.or(elmin).map_or(obj.span(), |s| s.span);
        cx.error(
            span,
            format!("elevation coverage is empty: min {elmin_v}° ≥ max {elmax_v}°"),
            Some("min_elevation_deg must be below max_elevation_deg".into()),
        );
    }
    let role = match role?.v {
        "surveillance" => RadarRole::Surveillance,
        "low-altitude" => RadarRole::LowAltitude,
        _ => RadarRole::Engagement,
    };
    if role == RadarRole::Engagement && (tc.is_none() || mc.is_none()) {
        cx.error(
            obj.span(),
            format!(
                "engagement radar {} needs `target_channels` and `missile_channels`",
                obj.what()
            ),
            Some("add e.g. `target_channels = 6` and `missile_channels = 12`".into()),
        );
        return None;
    }
    Some(RadarType {
        entry: Entry::placeholder(),
        role,
        frequency_hz: f?.v * 1e9,
        peak_power_w: p?.v * 1e3,
        gain_db: g.as_ref()?.v,
        pulse_width_s: tau.as_ref()?.v * 1e-6,
        noise_temperature_k: ts?.v,
        losses_db: l?.v,
        pulses: n?.v,
        integration: match integ.map(|s| s.v) {
            Some("coherent") => Integration::Coherent,
            _ => Integration::NonCoherent,
        },
        pfa: pfa?.v,
        alert_confirm: confirm.is_some_and(|c| c.v),
        revisit_s: rev.as_ref()?.v,
        instrumented_range_m: rmax?.v * 1e3,
        antenna_height_m: h?.v,
        min_elevation_deg: elmin_v,
        max_elevation_deg: elmax_v,
        sector_half_width_deg: sector.map_or(180.0, |s| s.v),
        // A matched filter with τ·B ≈ 1 resolves c·τ/2; a compressed pulse
        // resolves finer, so catalogs may say so.
        range_resolution_m: res.map_or(299_792_458.0 * tau.as_ref()?.v * 1e-6 / 2.0, |r| r.v),
        // A uniformly illuminated aperture of gain G has a beam of about
        // √(4π/G) radians (Skolnik, Introduction to Radar Systems, ch. 9).
        beamwidth_deg: bw.map_or_else(
            || {
                (4.0 * std::f64::consts::PI / 10f64.powf(g.as_ref().map_or(30.0, |g| g.v) / 10.0))
                    .sqrt()
                    .to_degrees()
            },
            |b| b.v,
        ),
        range_sigma_m: sr?.v,
        azimuth_sigma_deg: sa?.v,
        elevation_sigma_deg: se?.v,
        bias,
        target_channels: tc.map_or(0, |s| s.v),
        missile_channels: mc.map_or(0, |s| s.v),
        track_revisit_s: trev.map_or(rev.as_ref()?.v, |s| s.v),
        claimed_range_m: claimed.map(|s| s.v * 1e3),
    })
}

fn read_interceptor(cx: &mut Cx<'_>, obj: &mut Obj<'_, '_>) -> Option<InterceptorType> {
    let rmin = obj.num(cx, "min_range_km", Rule::NonNegative);
    let rmax = obj.num(cx, "max_range_km", Rule::Positive);
    let rbal = obj.opt_num(cx, "max_range_ballistic_km", Rule::NonNegative);
    let amin = obj.num(cx, "min_altitude_m", Rule::NonNegative);
    let amax = obj.num(cx, "max_altitude_km", Rule::Positive);
    let v = obj.num(cx, "average_speed_mps", Rule::Within(50.0, 10_000.0));
    let g = obj.num(cx, "max_g", Rule::Positive);
    let pk = obj.num(cx, "sspk", Rule::Within(0.0, 1.0));
    let cost = obj.num(cx, "cost_usd", Rule::NonNegative);
    let airframe = read_airframe(cx, obj);
    let seeker = read_seeker(cx, obj);
    let (rmin, rmax, amin, amax) = (rmin?, rmax?, amin?, amax?);
    if rmin.v >= rmax.v {
        cx.error(
            rmin.span,
            format!(
                "min_range_km {} is not below max_range_km {}",
                rmin.v, rmax.v
            ),
            None,
        );
        return None;
    }
    if amin.v >= amax.v * 1e3 {
        cx.error(
            amin.span,
            format!(
                "min_altitude_m {} is not below max_altitude_km {}",
                amin.v, amax.v
            ),
            None,
        );
        return None;
    }
    let rbal_v = rbal.map_or(0.0, |s| s.v);
    Some(InterceptorType {
        entry: Entry::placeholder(),
        min_range_m: rmin.v * 1e3,
        max_range_m: rmax.v * 1e3,
        max_range_ballistic_m: rbal_v * 1e3,
        min_altitude_m: amin.v,
        max_altitude_m: amax.v * 1e3,
        average_speed_mps: v?.v,
        max_g: g?.v,
        sspk: pk?.v,
        cost_usd: cost?.v,
        airframe: airframe?,
        seeker: seeker?,
    })
}

/// The optional terminal seeker of an interceptor: all three keys or none (a round without
/// them guides on the engagement radar's track to the end). `None` inside means an error
/// was reported.
fn read_seeker(cx: &mut Cx<'_>, obj: &mut Obj<'_, '_>) -> Option<Option<Seeker>> {
    const KEYS: [&str; 3] = [
        "seeker_acquisition_km",
        "seeker_gimbal_deg",
        "seeker_noise_mrad",
    ];
    let range = obj.opt_num(cx, KEYS[0], Rule::Positive);
    let gimbal = obj.opt_num(cx, KEYS[1], Rule::Within(1.0, 180.0));
    let noise = obj.opt_num(cx, KEYS[2], Rule::Within(0.0, 100.0));
    let given = [&range, &gimbal, &noise];
    let Some(first) = given.iter().find_map(|k| k.as_ref()) else {
        return Some(None);
    };
    let missing: Vec<&str> = KEYS
        .iter()
        .zip(given)
        .filter(|(_, k)| k.is_none())
        .map(|(name, _)| *name)
        .collect();
    if !missing.is_empty() {
        cx.error(
            first.span.clone(),
            format!("a seeker needs all three of {}", KEYS.join(", ")),
            Some(format!(
                "add {}, or remove the seeker keys for a round that guides on the track alone",
                missing.join(" and ")
            )),
        );
        return None;
    }
    Some(Some(Seeker {
        acquisition_range_m: range?.v * 1e3,
        gimbal_limit_rad: gimbal?.v.to_radians(),
        angle_noise_rad: noise?.v * 1e-3,
    }))
}

/// The airframe keys of an interceptor (all required: a round's flyout is
/// part of its type), checked by the flyout model itself so that a type the
/// catalog accepts always flies.
fn read_airframe(cx: &mut Cx<'_>, obj: &mut Obj<'_, '_>) -> Option<Airframe> {
    let mass = obj.num(cx, "launch_mass_kg", Rule::Positive);
    let boost = obj.num(cx, "boost_thrust_kn", Rule::NonNegative);
    let boost_s = obj.num(cx, "boost_s", Rule::NonNegative);
    let sustain = obj.num(cx, "sustain_thrust_kn", Rule::NonNegative);
    let sustain_s = obj.num(cx, "sustain_s", Rule::NonNegative);
    let isp = obj.num(cx, "specific_impulse_s", Rule::Within(50.0, 500.0));
    let d = obj.num(cx, "diameter_m", Rule::Within(0.01, 5.0));
    let cd = obj.num(cx, "drag_coefficient", Rule::Within(0.0, 5.0));
    let tof = obj.num(cx, "max_time_of_flight_s", Rule::Within(1.0, 3_600.0));
    let loft = obj.opt_num(cx, "loft_rise", Rule::Within(0.01, 2.0));
    let airframe = Airframe {
        launch_mass_kg: mass.as_ref()?.v,
        boost_thrust_n: boost?.v * 1e3,
        boost_s: boost_s?.v,
        sustain_thrust_n: sustain?.v * 1e3,
        sustain_s: sustain_s?.v,
        specific_impulse_s: isp?.v,
        diameter_m: d?.v,
        drag_coefficient: cd?.v,
        max_time_of_flight_s: tof?.v,
        loft_rise: loft.map(|l| l.v),
    };
    let params = airframe.flyout_params(1.0);
    let problem = if params.propellant_mass_kg >= params.launch_mass_kg {
        Some(format!(
            "its boost and sustain phases burn {:.0} kg of propellant, not less than launch_mass_kg",
            params.propellant_mass_kg
        ))
    } else {
        params.validate().err().map(|e| e.to_string())
    };
    if let Some(problem) = problem {
        cx.error(
            mass.map_or_else(|| obj.span(), |m| m.span),
            format!("this airframe cannot fly: {problem}"),
            Some(
                "propellant burnt = thrust × burn time / (specific_impulse_s × 9.807 m/s²)".into(),
            ),
        );
        return None;
    }
    Some(airframe)
}

fn read_launcher(cx: &mut Cx<'_>, obj: &mut Obj<'_, '_>) -> Option<RawLauncher> {
    let interceptor = name_ref(obj, cx, "interceptor");
    let rounds = obj.count(cx, "rounds", 1);
    let reload = obj.num(cx, "reload_s", Rule::NonNegative);
    let reloads = obj.opt_count(cx, "reloads", 0);
    let gap = obj.num(cx, "min_launch_interval_s", Rule::NonNegative);
    Some(RawLauncher {
        entry: Entry::placeholder(),
        interceptor: interceptor?,
        rounds: rounds?.v,
        reload_s: reload?.v,
        reloads: reloads.map_or(0, |r| r.v),
        min_launch_interval_s: gap?.v,
    })
}

fn read_command_post(cx: &mut Cx<'_>, obj: &mut Obj<'_, '_>) -> Option<CommandPostType> {
    let r = obj.num(cx, "reaction_s", Rule::NonNegative);
    Some(CommandPostType {
        entry: Entry::placeholder(),
        reaction_s: r?.v,
    })
}

/// Reads a list of names (`sensors = ["91N6-class"]`).
pub(crate) fn name_list(cx: &mut Cx<'_>, obj: &mut Obj<'_, '_>, key: &'static str) -> Vec<NameRef> {
    let Some(arr) = obj.opt_array(cx, key) else {
        return Vec::new();
    };
    let file = cx.file;
    arr.v
        .iter()
        .filter_map(|v| match v.get_ref() {
            DeValue::String(s) => Some(NameRef {
                name: Sp {
                    v: s.to_string(),
                    span: v.span(),
                },
                file,
            }),
            _ => {
                cx.error(
                    v.span(),
                    format!("`{key}` must list type names as strings"),
                    None,
                );
                None
            }
        })
        .collect()
}

/// Reads `[[…battalion]]` tables.
pub(crate) fn battalions(cx: &mut Cx<'_>, obj: &mut Obj<'_, '_>) -> Vec<RawBattalion> {
    let Some(arr) = obj.opt_array(cx, "battalion") else {
        return Vec::new();
    };
    let what = format!("a battalion of {}", obj.what());
    arr.v
        .iter()
        .filter_map(|v| {
            let mut b = Obj::from_value(cx, v, what.clone())?;
            let radar = name_ref(&mut b, cx, "radar");
            let launcher = name_ref(&mut b, cx, "launcher");
            let launchers = b.count(cx, "launchers", 1);
            let count = b.opt_count(cx, "count", 1);
            b.finish(cx);
            Some(RawBattalion {
                radar: radar?,
                launcher: launcher?,
                launchers: launchers?.v,
                count: count.map_or(1, |c| c.v),
            })
        })
        .collect()
}

fn read_unit(cx: &mut Cx<'_>, obj: &mut Obj<'_, '_>) -> Option<RawUnit> {
    let command_post = obj.opt_str(cx, "command_post").map(|name| NameRef {
        name,
        file: cx.file,
    });
    let sensors = name_list(cx, obj, "sensors");
    let battalions = battalions(cx, obj);
    if sensors.is_empty() && battalions.is_empty() {
        cx.error(
            obj.span(),
            format!("{} has neither sensors nor battalions", obj.what()),
            Some("add `sensors = [\"…\"]` or a `[[unit.NAME.battalion]]` table".into()),
        );
        return None;
    }
    Some(RawUnit {
        entry: Entry::placeholder(),
        command_post,
        sensors,
        battalions,
    })
}

fn read_threat(cx: &mut Cx<'_>, obj: &mut Obj<'_, '_>) -> Option<ThreatType> {
    let class = obj.opt_choice(cx, "class", &ThreatClass::NAMES);
    if class.is_none() && obj.raw("class").is_none() {
        cx.error(
            obj.span(),
            format!("missing field `class` in {}", obj.what()),
            Some(format!(
                "add `class = \"…\"`, one of: {}",
                ThreatClass::NAMES.join(", ")
            )),
        );
    }
    let rcs = obj.num(cx, "rcs_m2", Rule::Positive);
    let sw = obj.count(cx, "swerling", 0);
    if let Some(s) = &sw
        && s.v > 4
    {
        cx.error(
            s.span.clone(),
            format!("swerling must be 0 to 4, got {}", s.v),
            None,
        );
    }
    let cost = obj.num(cx, "cost_usd", Rule::NonNegative);
    let class = ThreatClass::from_name(class?.v)?;
    let kinematics = if class == ThreatClass::Ballistic {
        // Above ~7 km/s a "ballistic missile" would be in orbit.
        let v = obj.num(cx, "burnout_speed_mps", Rule::Within(100.0, 7_000.0));
        ThreatKinematics::Ballistic {
            burnout_speed_mps: v?.v,
        }
    } else {
        let v = obj.num(cx, "cruise_speed_mps", Rule::Within(1.0, 3_000.0));
        let h = obj.num(cx, "cruise_altitude_m", Rule::Within(0.0, 30_000.0));
        let turn = obj.num(cx, "max_turn_rate_dps", Rule::Positive);
        let climb = obj.num(cx, "max_climb_mps", Rule::Positive);
        let acc = obj.num(cx, "max_accel_mps2", Rule::Positive);
        let end = obj.num(cx, "endurance_s", Rule::Positive);
        ThreatKinematics::Route {
            cruise_speed_mps: v?.v,
            cruise_altitude_m: h?.v,
            max_turn_rate_dps: turn?.v,
            max_climb_mps: climb?.v,
            max_accel_mps2: acc?.v,
            endurance_s: end?.v,
        }
    };
    Some(ThreatType {
        entry: Entry::placeholder(),
        class,
        rcs_m2: rcs?.v,
        swerling: sw?.v.min(4) as u8,
        kinematics,
        cost_usd: cost?.v,
    })
}

impl Entry {
    /// An empty entry, filled in once the common fields are read.
    pub(crate) fn placeholder() -> Entry {
        Entry {
            name: String::new(),
            description: String::new(),
            params: Vec::new(),
        }
    }
}

/// Something whose [`Entry`] can be set after its typed fields are read.
trait HasEntry {
    fn entry_mut(&mut self) -> &mut Entry;
}

macro_rules! has_entry {
    ($($t:ty),*) => {$(impl HasEntry for $t { fn entry_mut(&mut self) -> &mut Entry { &mut self.entry } })*};
}
has_entry!(
    RadarType,
    InterceptorType,
    RawLauncher,
    CommandPostType,
    RawUnit,
    ThreatType
);

/// Reads one section's entries into `list`.
fn read_section<T: HasEntry>(
    cx: &mut Cx<'_>,
    file_name: &str,
    section: &str,
    table: &Spanned<DeValue<'_>>,
    list: &mut Vec<Raw<T>>,
    read: fn(&mut Cx<'_>, &mut Obj<'_, '_>) -> Option<T>,
) {
    let Some(sec) = Obj::from_value(cx, table, format!("section `{section}`")) else {
        return;
    };
    // TOML itself rejects duplicate keys, so names are unique within a file.
    for (name, v) in sec.entries() {
        let Some(mut obj) = Obj::from_value(cx, v, format!("{section} `{}`", name.v)) else {
            continue;
        };
        let value = read(cx, &mut obj);
        let entry = finish_entry(cx, obj, &name.v, file_name);
        if let Some(mut value) = value {
            *value.entry_mut() = entry;
            upsert(list, Raw { name, value });
        }
    }
}

impl RawCatalog {
    /// Reads one catalog document (its top-level tables are sections).
    pub(crate) fn read_file(
        &mut self,
        cx: &mut Cx<'_>,
        file_name: &str,
        doc: &Spanned<DeTable<'_>>,
    ) {
        for (key, v) in doc.get_ref().iter() {
            let section: &str = key.get_ref();
            match section {
                "radar" => read_section(cx, file_name, section, v, &mut self.radars, read_radar),
                "interceptor" => read_section(
                    cx,
                    file_name,
                    section,
                    v,
                    &mut self.interceptors,
                    read_interceptor,
                ),
                "launcher" => read_section(
                    cx,
                    file_name,
                    section,
                    v,
                    &mut self.launchers,
                    read_launcher,
                ),
                "command_post" => read_section(
                    cx,
                    file_name,
                    section,
                    v,
                    &mut self.command_posts,
                    read_command_post,
                ),
                "unit" => read_section(cx, file_name, section, v, &mut self.units, read_unit),
                "threat" => read_section(cx, file_name, section, v, &mut self.threats, read_threat),
                other => {
                    let hint = match nearest(other, SECTIONS) {
                        Some(n) => format!("did you mean `{n}`?"),
                        None => format!("catalog sections are: {}", SECTIONS.join(", ")),
                    };
                    cx.error(
                        key.span(),
                        format!("unknown catalog section `{other}`"),
                        Some(hint),
                    );
                }
            }
        }
    }

    /// Resolves every cross-reference and produces the final catalog.
    pub(crate) fn resolve(self, diags: &mut Vec<Diagnostic>) -> Catalog {
        let radars: Vec<RadarType> = self.radars.into_iter().map(|r| r.value).collect();
        let interceptors: Vec<InterceptorType> =
            self.interceptors.into_iter().map(|r| r.value).collect();
        let command_posts: Vec<CommandPostType> =
            self.command_posts.into_iter().map(|r| r.value).collect();
        let ints = names(&interceptors, |i| &i.entry);
        let launchers: Vec<LauncherType> = self
            .launchers
            .into_iter()
            .filter_map(|r| {
                let l = r.value;
                let interceptor = lookup(diags, &l.interceptor, "interceptor", &ints)?;
                Some(LauncherType {
                    entry: l.entry,
                    interceptor,
                    rounds: l.rounds,
                    reload_s: l.reload_s,
                    reloads: l.reloads,
                    min_launch_interval_s: l.min_launch_interval_s,
                })
            })
            .collect();
        let rads = names(&radars, |r| &r.entry);
        let lnch = names(&launchers, |l| &l.entry);
        let cps = names(&command_posts, |c| &c.entry);
        let units = self
            .units
            .into_iter()
            .filter_map(|r| {
                let u = r.value;
                let res = resolve_parts(
                    diags,
                    u.command_post.as_ref(),
                    &u.sensors,
                    &u.battalions,
                    &Lookup {
                        radars: &rads,
                        launchers: &lnch,
                        command_posts: &cps,
                        catalog_radars: &radars,
                    },
                )?;
                Some(UnitTemplate {
                    entry: u.entry,
                    command_post: res.0,
                    sensors: res.1,
                    battalions: res.2,
                })
            })
            .collect();
        Catalog {
            threats: self.threats.into_iter().map(|r| r.value).collect(),
            radars,
            interceptors,
            launchers,
            command_posts,
            units,
        }
    }
}

/// The names of a list of entries, in order.
pub(crate) fn names<T>(list: &[T], entry: fn(&T) -> &Entry) -> Vec<String> {
    list.iter().map(|t| entry(t).name.clone()).collect()
}

/// Name tables for resolving unit parts.
pub(crate) struct Lookup<'a> {
    pub radars: &'a [String],
    pub launchers: &'a [String],
    pub command_posts: &'a [String],
    pub catalog_radars: &'a [RadarType],
}

/// Resolves a name against a list, reporting an unknown name with a hint.
pub(crate) fn lookup(
    diags: &mut Vec<Diagnostic>,
    r: &NameRef,
    kind: &str,
    names: &[String],
) -> Option<usize> {
    if let Some(i) = names.iter().position(|n| *n == r.name.v) {
        return Some(i);
    }
    let hint = match nearest(&r.name.v, names.iter().map(String::as_str)) {
        Some(n) => format!("did you mean `{n}`?"),
        None if names.is_empty() => format!("the catalog has no {kind} types"),
        None => format!("known {kind} types: {}", names.join(", ")),
    };
    diags.push(Diagnostic {
        file: r.file,
        span: r.name.span.clone(),
        message: format!("unknown {kind} type `{}`", r.name.v),
        hint: Some(hint),
    });
    None
}

/// Resolved unit parts: command post, sensors, battalions.
pub(crate) type Parts = (Option<usize>, Vec<usize>, Vec<BattalionTemplate>);

/// Resolves the parts of a unit (template or placed unit).
pub(crate) fn resolve_parts(
    diags: &mut Vec<Diagnostic>,
    command_post: Option<&NameRef>,
    sensors: &[NameRef],
    battalions: &[RawBattalion],
    names: &Lookup<'_>,
) -> Option<Parts> {
    let before = diags.len();
    let cp = command_post.and_then(|c| lookup(diags, c, "command_post", names.command_posts));
    let sensors: Vec<usize> = sensors
        .iter()
        .filter_map(|s| lookup(diags, s, "radar", names.radars))
        .collect();
    let bats: Vec<BattalionTemplate> = battalions
        .iter()
        .filter_map(|b| {
            let radar = lookup(diags, &b.radar, "radar", names.radars)?;
            if names.catalog_radars[radar].role != RadarRole::Engagement {
                diags.push(Diagnostic {
                    file: b.radar.file,
                    span: b.radar.name.span.clone(),
                    message: format!("radar `{}` is not an engagement radar", b.radar.name.v),
                    hint: Some("a battalion needs a radar with role = \"engagement\"".into()),
                });
                return None;
            }
            let launcher = lookup(diags, &b.launcher, "launcher", names.launchers)?;
            Some(BattalionTemplate {
                radar,
                launcher,
                launchers: b.launchers,
                count: b.count,
            })
        })
        .collect();
    (diags.len() == before).then_some((cp, sensors, bats))
}
