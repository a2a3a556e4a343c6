//! Loading a scenario file: parse, read the catalogs it names, check
//! everything, and return a [`Scenario`] or every problem found.

use crate::catalog::{
    Lookup, NameRef, RawCatalog, battalions, lookup, name_list, names, resolve_parts,
};
use crate::diag::{Diagnostic, FileId, SourceMap, nearest, render_all};
use crate::doctrine::read_doctrine;
use crate::model::*;
use crate::reader::{Cx, Obj, Rule, Sp};
use canopy_core::SimTime;
use canopy_core::geo::Geodetic;
use canopy_motion::ballistic;
use std::path::{Path, PathBuf};
use toml::Spanned;
use toml::de::{DeTable, DeValue};

/// The built-in notional catalog, embedded in the binary.
pub const BUILTIN_CATALOG: &str = include_str!("../catalog/builtin.toml");
/// The name the built-in catalog has in diagnostics.
pub const BUILTIN_CATALOG_NAME: &str = "<built-in catalog>";

/// A scenario that passed validation, with the texts it was read from.
#[derive(Debug)]
pub struct Loaded {
    /// The validated scenario.
    pub scenario: Scenario,
    /// The files read (scenario, catalogs).
    pub sources: SourceMap,
}

/// Why a scenario could not be loaded.
#[derive(Debug)]
pub enum LoadError {
    /// The scenario file itself could not be read.
    Io {
        /// The path given.
        path: PathBuf,
        /// The operating system's message.
        message: String,
    },
    /// The input has problems; all of them are listed.
    Invalid {
        /// Every problem, in file order within each file.
        diagnostics: Vec<Diagnostic>,
        /// The texts the diagnostics point into.
        sources: SourceMap,
    },
}

impl LoadError {
    /// A human-readable report of every problem.
    pub fn render(&self) -> String {
        match self {
            LoadError::Io { path, message } => {
                format!(
                    "error: cannot read {}: {message}\n = hint: check the path\n",
                    path.display()
                )
            }
            LoadError::Invalid {
                diagnostics,
                sources,
            } => render_all(diagnostics, sources),
        }
    }
}

/// Reads and validates a scenario file. Catalog files it names are resolved
/// relative to the scenario's folder.
pub fn load_file(path: &Path) -> Result<Loaded, LoadError> {
    let text = std::fs::read_to_string(path).map_err(|e| LoadError::Io {
        path: path.to_path_buf(),
        message: e.to_string(),
    })?;
    let base = path.parent().map(Path::to_path_buf).unwrap_or_default();
    load_str(&path.display().to_string(), &text, &base)
}

/// Validates scenario text; `base` is the folder catalog paths are relative to.
pub fn load_str(name: &str, text: &str, base: &Path) -> Result<Loaded, LoadError> {
    let mut sources = SourceMap::default();
    let mut diags = Vec::new();
    let scenario = check(&mut sources, &mut diags, name, text, base);
    // Diagnostics are reported file by file, in source order.
    diags.sort_by_key(|d| (d.file.0, d.span.start));
    match scenario {
        Some(scenario) if diags.is_empty() => Ok(Loaded { scenario, sources }),
        _ => Err(LoadError::Invalid {
            diagnostics: diags,
            sources,
        }),
    }
}

/// The built-in catalog alone (for `canopy catalog`).
pub fn builtin_catalog() -> Result<Catalog, LoadError> {
    let mut sources = SourceMap::default();
    let mut diags = Vec::new();
    let mut raw = RawCatalog::default();
    read_catalog_text(
        &mut sources,
        &mut diags,
        &mut raw,
        BUILTIN_CATALOG_NAME,
        BUILTIN_CATALOG,
    );
    let cat = raw.resolve(&mut diags);
    if diags.is_empty() {
        Ok(cat)
    } else {
        Err(LoadError::Invalid {
            diagnostics: diags,
            sources,
        })
    }
}

/// Parses TOML, reporting syntax errors; `None` if there were any.
fn parse<'t>(
    diags: &mut Vec<Diagnostic>,
    file: FileId,
    text: &'t str,
) -> Option<Spanned<DeTable<'t>>> {
    let (doc, errors) = DeTable::parse_recoverable(text);
    if errors.is_empty() {
        return Some(doc);
    }
    for e in errors {
        diags.push(Diagnostic {
            file,
            span: e.span().unwrap_or(0..0),
            message: format!("TOML syntax: {}", e.message().trim()),
            hint: Some("see https://toml.io for the syntax".into()),
        });
    }
    None
}

fn read_catalog_text(
    sources: &mut SourceMap,
    diags: &mut Vec<Diagnostic>,
    raw: &mut RawCatalog,
    name: &str,
    text: &str,
) {
    let file = sources.add(name, text);
    let Some(doc) = parse(diags, file, text) else {
        return;
    };
    let mut cx = Cx { file, diags };
    raw.read_file(&mut cx, name, &doc);
}

/// Everything resolved from the catalog needed to check the scenario body.
struct Names {
    radars: Vec<String>,
    launchers: Vec<String>,
    command_posts: Vec<String>,
    units: Vec<String>,
    threats: Vec<String>,
}

fn check(
    sources: &mut SourceMap,
    diags: &mut Vec<Diagnostic>,
    name: &str,
    text: &str,
    base: &Path,
) -> Option<Scenario> {
    let mut raw = RawCatalog::default();
    read_catalog_text(
        sources,
        diags,
        &mut raw,
        BUILTIN_CATALOG_NAME,
        BUILTIN_CATALOG,
    );
    let file = sources.add(name, text);
    let doc = parse(diags, file, text)?;
    let mut root = Obj::new(doc.get_ref(), doc.span(), "the scenario file");

    // The [scenario] header, and the catalogs it names.
    let header = {
        let mut cx = Cx { file, diags };
        match root.raw("scenario") {
            Some(v) => Obj::from_value(&mut cx, v, "[scenario]"),
            None => {
                cx.error(
                    0..0,
                    "missing [scenario] table",
                    Some("start the file with `[scenario]` and `name = \"…\"`".into()),
                );
                None
            }
        }
    };
    let mut cx = Cx { file, diags };
    let mut header = header?;
    let sc_name = header.str(&mut cx, "name");
    let description = header.opt_str(&mut cx, "description");
    let start = read_start(&mut cx, &mut header);
    let duration = header.num(&mut cx, "duration_s", Rule::Within(1.0, 30.0 * 86_400.0));
    let truth_dt = header.opt_num(&mut cx, "truth_interval_s", Rule::Within(0.01, 3_600.0));
    let tick = header
        .opt_num(&mut cx, "tick_s", Rule::Within(0.01, 1.0))
        .map_or(DEFAULT_TICK_S, |t| t.v);
    let catalog_paths: Vec<(Sp<String>, FileId)> = name_list(&mut cx, &mut header, "catalogs")
        .into_iter()
        .map(|r| (r.name, r.file))
        .collect();
    header.finish(&mut cx);
    for (path, pfile) in catalog_paths {
        let full = base.join(&path.v);
        match std::fs::read_to_string(&full) {
            Ok(t) => read_catalog_text(sources, diags, &mut raw, &full.display().to_string(), &t),
            Err(e) => diags.push(Diagnostic {
                file: pfile,
                span: path.span,
                message: format!("cannot read catalog `{}`: {e}", full.display()),
                hint: Some("catalog paths are relative to the scenario file's folder".into()),
            }),
        }
    }
    // Catalog sections written inside the scenario file itself come last, so
    // they override both the built-in and the named catalogs.
    if let Some(v) = root.raw("catalog") {
        let mut cx = Cx { file, diags };
        if let DeValue::Table(t) = v.get_ref() {
            raw.read_file(&mut cx, name, &Spanned::new(v.span(), t.clone()));
        } else {
            cx.error(
                v.span(),
                "`catalog` must be a table of catalog sections",
                None,
            );
        }
    }
    let catalog = raw.resolve(diags);
    let names = Names {
        radars: names(&catalog.radars, |r| &r.entry),
        launchers: names(&catalog.launchers, |l| &l.entry),
        command_posts: names(&catalog.command_posts, |c| &c.entry),
        units: names(&catalog.units, |u| &u.entry),
        threats: names(&catalog.threats, |t| &t.entry),
    };

    let mut cx = Cx { file, diags };
    let duration_s = duration.as_ref().map(|d| d.v);
    let assets = read_list(&mut cx, &mut root, "asset", read_asset);
    let asset_names: Vec<String> = assets.iter().map(|a| a.name.clone()).collect();
    let doctrine = match root.opt_table(&mut cx, "doctrine") {
        Some(o) => read_doctrine(&mut cx, o, &UnitDoctrine::default()),
        None => UnitDoctrine::default(),
    };
    let units = read_list(&mut cx, &mut root, "unit", |cx, o| {
        read_unit(cx, o, &names, &catalog, &doctrine, tick)
    });
    let raids = read_list(&mut cx, &mut root, "raid", |cx, o| {
        read_raid(cx, o, &names, &catalog, &asset_names, &assets, duration_s)
    });
    root.finish(&mut cx);

    Some(Scenario {
        name: sc_name?.v,
        description: description.map(|d| d.v).unwrap_or_default(),
        start_utc: start?,
        duration: SimTime::from_secs_f64(duration?.v),
        truth_interval: SimTime::from_secs_f64(truth_dt.map_or(5.0, |t| t.v)),
        tick: SimTime::from_secs_f64(tick),
        catalog,
        assets,
        units,
        raids,
    })
}

/// `start` is an RFC 3339 UTC time, as a TOML date-time or a string.
fn read_start(cx: &mut Cx<'_>, header: &mut Obj<'_, '_>) -> Option<String> {
    const DEFAULT: &str = "2026-01-01T00:00:00Z";
    let Some(v) = header.raw("start") else {
        return Some(DEFAULT.to_string());
    };
    let text = match v.get_ref() {
        DeValue::Datetime(d) => d.to_string(),
        DeValue::String(s) => s.to_string(),
        _ => String::new(),
    };
    if is_utc_timestamp(&text) {
        // One canonical form for every reader of `start_utc` (RFC 3339
        // allows a space for the `T`; the replay writer expects the `T`).
        Some(text.replacen(' ', "T", 1))
    } else {
        cx.error(
            v.span(),
            "`start` must be a UTC date-time like 2026-01-01T00:00:00Z",
            Some("write `start = 2026-01-01T06:00:00Z`".into()),
        );
        None
    }
}

/// `YYYY-MM-DDTHH:MM:SS[.fff]Z` with plausible field values.
fn is_utc_timestamp(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() < 20 || !s.ends_with('Z') {
        return false;
    }
    let digits = |r: std::ops::Range<usize>| b[r].iter().all(u8::is_ascii_digit);
    let num = |r: std::ops::Range<usize>| s[r].parse::<u32>().unwrap_or(99);
    digits(0..4)
        && b[4] == b'-'
        && digits(5..7)
        && b[7] == b'-'
        && digits(8..10)
        && (b[10] == b'T' || b[10] == b' ')
        && digits(11..13)
        && b[13] == b':'
        && digits(14..16)
        && b[16] == b':'
        && digits(17..19)
        && (1..=12).contains(&num(5..7))
        && (1..=31).contains(&num(8..10))
        && num(11..13) < 24
        && num(14..16) < 60
        && num(17..19) < 61
        && (b.len() == 20 || (b.len() > 21 && b[19] == b'.' && digits(20..b.len() - 1)))
}

/// A named item of an array of tables, for the duplicate check.
trait Named {
    fn name(&self) -> &str;
}
impl Named for Asset {
    fn name(&self) -> &str {
        &self.name
    }
}
impl Named for Unit {
    fn name(&self) -> &str {
        &self.name
    }
}
impl Named for Raid {
    fn name(&self) -> &str {
        &self.name
    }
}

/// Reads `[[key]]` tables, each by `read`, and checks names are unique.
fn read_list<T: Named>(
    cx: &mut Cx<'_>,
    root: &mut Obj<'_, '_>,
    key: &'static str,
    mut read: impl FnMut(&mut Cx<'_>, &mut Obj<'_, '_>) -> Option<T>,
) -> Vec<T> {
    let Some(arr) = root.opt_array(cx, key) else {
        return Vec::new();
    };
    let mut out: Vec<T> = Vec::new();
    for (i, v) in arr.v.iter().enumerate() {
        let Some(mut obj) = Obj::from_value(cx, v, format!("{key} #{}", i + 1)) else {
            continue;
        };
        let name_span = obj.raw("name").map(Spanned::span);
        let item = read(cx, &mut obj);
        obj.finish(cx);
        let Some(item) = item else { continue };
        if out.iter().any(|o| o.name() == item.name()) {
            cx.error(
                name_span.unwrap_or(v.span()),
                format!("duplicate {key} name `{}`", item.name()),
                Some(format!("every {key} needs a unique name")),
            );
            continue;
        }
        out.push(item);
    }
    out
}

/// Highest place on the ground (Everest, rounded up), m: sites, assets and aim
/// points sit on the ground.
const GROUND_MAX_M: f64 = 9_000.0;
/// Highest launch or route point accepted, m (above every air-breathing threat).
const AIR_MAX_M: f64 = 100_000.0;
/// Lowest altitude accepted anywhere, m (the Dead Sea shore is at −430 m).
const ALT_MIN_M: f64 = -500.0;

/// `lat_deg`, `lon_deg` and `alt_m` (default `alt_default`, at most `alt_max`).
fn read_position(
    cx: &mut Cx<'_>,
    o: &mut Obj<'_, '_>,
    alt_default: f64,
    alt_max: f64,
) -> Option<Sp<Geodetic>> {
    let lat = o.num(cx, "lat_deg", Rule::Within(-90.0, 90.0));
    let lon = o.num(cx, "lon_deg", Rule::Within(-180.0, 180.0));
    let alt = o.opt_num(cx, "alt_m", Rule::Within(ALT_MIN_M, alt_max));
    let alt_given = o.raw("alt_m").is_some();
    let span = lat.as_ref().map_or(o.span(), |l| l.span.clone());
    // A given but rejected altitude has been reported; stop here.
    let alt = match alt {
        Some(a) => a.v,
        None if alt_given => return None,
        None => alt_default,
    };
    Some(Sp {
        v: Geodetic::new(lat?.v, lon?.v, alt),
        span,
    })
}

fn read_asset(cx: &mut Cx<'_>, o: &mut Obj<'_, '_>) -> Option<Asset> {
    let name = o.str(cx, "name");
    let pos = read_position(cx, o, 0.0, GROUND_MAX_M);
    let value = o.opt_num(cx, "value", Rule::Positive);
    Some(Asset {
        name: name?.v,
        position: pos?.v,
        value: value.map_or(1.0, |v| v.v),
    })
}

fn read_unit(
    cx: &mut Cx<'_>,
    o: &mut Obj<'_, '_>,
    names: &Names,
    catalog: &Catalog,
    doctrine: &UnitDoctrine,
    tick_s: f64,
) -> Option<Unit> {
    let name = o.str(cx, "name");
    let doctrine = match o.opt_table(cx, "doctrine") {
        Some(d) => read_doctrine(cx, d, doctrine),
        None => doctrine.clone(),
    };
    let template = o.opt_str(cx, "template").map(|n| NameRef {
        name: n,
        file: cx.file,
    });
    let site = read_position(cx, o, 0.0, GROUND_MAX_M);
    let heading = o.opt_num(cx, "heading_deg", Rule::Within(0.0, 360.0));
    let cp = o.opt_str(cx, "command_post").map(|n| NameRef {
        name: n,
        file: cx.file,
    });
    let sensors = name_list(cx, o, "sensors");
    let bats = battalions(cx, o);
    let template = template.and_then(|t| lookup(cx.diags, &t, "unit", &names.units));
    let parts = resolve_parts(
        cx.diags,
        cp.as_ref(),
        &sensors,
        &bats,
        &Lookup {
            radars: &names.radars,
            launchers: &names.launchers,
            command_posts: &names.command_posts,
            catalog_radars: &catalog.radars,
        },
    )?;
    let (site, heading_deg) = (site?.v, heading.map_or(0.0, |h| h.v));
    // A unit is its template's parts plus any parts given inline.
    let (mut cp_idx, mut sensor_idx, mut bat_tpl) = template
        .map(|t| {
            let t = &catalog.units[t];
            (t.command_post, t.sensors.clone(), t.battalions.clone())
        })
        .unwrap_or_default();
    cp_idx = parts.0.or(cp_idx);
    sensor_idx.extend(parts.1);
    bat_tpl.extend(parts.2);
    if sensor_idx.is_empty() && bat_tpl.is_empty() {
        cx.error(
            o.span(),
            format!("{} has no template, sensors or battalions", o.what()),
            Some("add `template = \"…\"` (see `canopy catalog unit`)".into()),
        );
        return None;
    }
    // The engine looks at most once per tick, so a radar that revisits more
    // often would silently look less often than its catalog says.
    for r in sensor_idx.iter().chain(bat_tpl.iter().map(|b| &b.radar)) {
        let r = &catalog.radars[*r];
        let fastest = r.revisit_s.min(r.track_revisit_s);
        if fastest < tick_s * (1.0 - 1e-9) {
            cx.error(
                o.span(),
                format!(
                    "radar `{}` of {} revisits every {fastest} s, more often than the scenario's tick of {tick_s} s",
                    r.entry.name,
                    o.what()
                ),
                Some(format!(
                    "set `tick_s = {fastest}` (or less) in [scenario]: the engine looks at most once per tick"
                )),
            );
            return None;
        }
    }
    let place = |radar| PlacedRadar {
        radar,
        site,
        heading_deg,
    };
    Some(Unit {
        name: name?.v,
        template,
        site,
        heading_deg,
        command_post: cp_idx,
        sensors: sensor_idx.into_iter().map(place).collect(),
        battalions: bat_tpl
            .iter()
            .flat_map(|b| {
                (0..b.count).map(move |_| Battalion {
                    radar: place(b.radar),
                    launcher: b.launcher,
                    launchers: b.launchers,
                })
            })
            .collect(),
        doctrine,
    })
}

#[allow(clippy::too_many_arguments)]
fn read_raid(
    cx: &mut Cx<'_>,
    o: &mut Obj<'_, '_>,
    names: &Names,
    catalog: &Catalog,
    asset_names: &[String],
    assets: &[Asset],
    duration_s: Option<f64>,
) -> Option<Raid> {
    let name = o.str(cx, "name");
    let threat_ref = o.str(cx, "threat").map(|n| NameRef {
        name: n,
        file: cx.file,
    });
    let count = o.count(cx, "count", 0);
    let launch = o.opt_table(cx, "launch");
    if launch.is_none() && o.raw("launch").is_none() {
        cx.error(
            o.span(),
            format!("missing field `launch` in {}", o.what()),
            Some("add `launch = { lat_deg = …, lon_deg = … }`".into()),
        );
    }
    let t0 = o.opt_num(cx, "launch_time_s", Rule::NonNegative);
    let dt = o.opt_num(cx, "interval_s", Rule::NonNegative);
    let route_arr = o.opt_array(cx, "route");
    let target = o.opt_str(cx, "target");
    let aim = o.opt_table(cx, "aim");
    let traj = o.opt_choice(cx, "trajectory", &["minimum-energy", "lofted", "depressed"]);
    let fpa = o.opt_num(cx, "flight_path_angle_deg", Rule::Within(1.0, 89.0));
    let term = o.opt_choice(cx, "terminal", &["none", "pop-up", "dive"]);
    let popup_h = o.opt_num(cx, "popup_height_m", Rule::Positive);
    let term_d = o.opt_num(cx, "terminal_distance_km", Rule::Positive);

    let threat_idx = threat_ref
        .as_ref()
        .and_then(|t| lookup(cx.diags, t, "threat", &names.threats));
    let threat = threat_idx.map(|i| &catalog.threats[i]);
    let (cruise_v, cruise_h) = match threat.map(|t| &t.kinematics) {
        Some(ThreatKinematics::Route {
            cruise_speed_mps,
            cruise_altitude_m,
            ..
        }) => (*cruise_speed_mps, *cruise_altitude_m),
        _ => (0.0, 0.0),
    };

    // Empty raid.
    if let Some(c) = &count
        && c.v == 0
    {
        cx.error(
            c.span.clone(),
            "raid has no threats (count = 0)",
            Some("set count to 1 or more, or delete the raid".into()),
        );
    }

    // A route threat with no launch altitude given enters flight at its
    // cruise altitude; a ballistic missile starts on the ground.
    let launch = launch.and_then(|mut l| {
        let pos = read_position(cx, &mut l, cruise_h, AIR_MAX_M);
        let radius = l.opt_num(cx, "radius_km", Rule::NonNegative);
        l.finish(cx);
        let pos = pos?;
        if pos.v.alt_m < 0.0 {
            cx.error(
                pos.span.clone(),
                "launch point is below the ground (alt_m < 0)",
                None,
            );
        }
        Some(LaunchArea {
            centre: pos.v,
            radius_m: radius.map_or(0.0, |r| r.v * 1e3),
        })
    });

    // Route points; altitude and speed default to the type's cruise values.
    let mut route = Vec::new();
    if let Some(arr) = &route_arr {
        for (i, v) in arr.v.iter().enumerate() {
            let Some(mut w) = Obj::from_value(cx, v, format!("route point #{}", i + 1)) else {
                continue;
            };
            let pos = read_position(cx, &mut w, cruise_h, AIR_MAX_M);
            let alt_span = w.raw("alt_m").map(Spanned::span);
            let speed = w.opt_num(cx, "speed_mps", Rule::Positive);
            w.finish(cx);
            let Some(pos) = pos else { continue };
            if pos.v.alt_m < 0.0 {
                cx.error(
                    alt_span.unwrap_or(pos.span),
                    format!(
                        "route point #{} is below the ground ({} m)",
                        i + 1,
                        pos.v.alt_m
                    ),
                    Some("altitudes are metres above the WGS-84 ellipsoid; use 0 or more".into()),
                );
                continue;
            }
            route.push(RoutePoint {
                position: pos.v,
                speed_mps: speed.map_or(cruise_v, |s| s.v),
            });
        }
    }

    // Goal: an asset, a point, or (aircraft) the end of the route.
    let goal = match (&target, &aim) {
        (Some(t), Some(_)) => {
            cx.error(
                t.span.clone(),
                "give either `target` or `aim`, not both",
                None,
            );
            None
        }
        (Some(t), None) => match asset_names.iter().position(|n| *n == t.v) {
            Some(i) => Some(RaidGoal::Asset(i)),
            None => {
                let hint = match nearest(&t.v, asset_names.iter().map(String::as_str)) {
                    Some(n) => format!("did you mean `{n}`?"),
                    None if asset_names.is_empty() => "the scenario defines no [[asset]]".into(),
                    None => format!("assets: {}", asset_names.join(", ")),
                };
                cx.error(
                    t.span.clone(),
                    format!("unknown asset `{}`", t.v),
                    Some(hint),
                );
                None
            }
        },
        (None, Some(_)) => {
            let mut a = o.opt_table(cx, "aim")?;
            let p = read_position(cx, &mut a, 0.0, GROUND_MAX_M);
            a.finish(cx);
            p.map(|p| RaidGoal::Point(p.v))
        }
        (None, None) => Some(RaidGoal::Route),
    };
    let goal_span = target
        .as_ref()
        .map(|t| t.span.clone())
        .or_else(|| aim.as_ref().map(Obj::span))
        .unwrap_or(o.span());

    // Class-specific rules.
    let mut trajectory = Trajectory::MinimumEnergy;
    let mut terminal = TerminalManoeuvre::None;
    if let (Some(t), Some(goal), Some(launch)) = (threat, &goal, &launch) {
        let is_ballistic = t.class == ThreatClass::Ballistic;
        if t.class.is_munition() && *goal == RaidGoal::Route {
            cx.error(
                o.span(),
                format!(
                    "{} (a {}) needs a `target` asset or an `aim` point",
                    o.what(),
                    t.class.name()
                ),
                Some("add `target = \"<asset name>\"`".into()),
            );
        }
        if !t.class.is_munition() && *goal != RaidGoal::Route {
            cx.error(
                goal_span.clone(),
                format!(
                    "`{}` is a {}: it flies its route and leaves",
                    t.entry.name,
                    t.class.name()
                ),
                Some("remove `target`/`aim`; give the route instead".into()),
            );
        }
        if !t.class.is_munition() && route.is_empty() {
            cx.error(
                o.span(),
                format!("{} needs a `route` with at least one point", o.what()),
                None,
            );
        }
        if is_ballistic && !route.is_empty() {
            cx.error(
                route_arr.as_ref().map_or(o.span(), |r| r.span.clone()),
                "ballistic missiles do not fly routes",
                Some("remove `route`; the trajectory goes from `launch` to the target".into()),
            );
        }
        if !is_ballistic && (traj.is_some() || fpa.is_some()) {
            let span = traj.as_ref().map_or_else(
                || fpa.as_ref().map_or(o.span(), |f| f.span.clone()),
                |t| t.span.clone(),
            );
            cx.error(
                span,
                "`trajectory` applies to ballistic missiles only",
                None,
            );
        }
        let is_cruise = matches!(
            t.class,
            ThreatClass::CruiseSubsonic | ThreatClass::CruiseSupersonic
        );
        if !is_cruise && term.is_some() {
            cx.error(
                term.as_ref().map_or(o.span(), |s| s.span.clone()),
                "`terminal` applies to cruise missiles only",
                None,
            );
        }
        let aim_point = match goal {
            RaidGoal::Asset(i) => Some(assets[*i].position),
            RaidGoal::Point(p) => Some(*p),
            RaidGoal::Route => None,
        };
        if is_ballistic
            && let (Some(aim), ThreatKinematics::Ballistic { burnout_speed_mps }) =
                (aim_point, &t.kinematics)
        {
            trajectory = match (traj.as_ref().map(|s| s.v), &fpa) {
                (_, Some(a)) => Trajectory::FlightPathAngle(a.v),
                (Some("lofted"), None) | (Some("depressed"), None) => {
                    cx.error(
                        traj.as_ref().map_or(o.span(), |s| s.span.clone()),
                        "a lofted or depressed trajectory needs `flight_path_angle_deg`",
                        Some(
                            "add e.g. `flight_path_angle_deg = 60` (lofted) or `25` (depressed)"
                                .into(),
                        ),
                    );
                    Trajectory::MinimumEnergy
                }
                _ => Trajectory::MinimumEnergy,
            };
            let range = launch.centre.geodesic_to(&aim).distance_m + launch.radius_m;
            let reach = ballistic::max_range_m(*burnout_speed_mps);
            let shape = match trajectory {
                Trajectory::MinimumEnergy => canopy_motion::BallisticShape::MinimumEnergy,
                Trajectory::FlightPathAngle(deg) => {
                    canopy_motion::BallisticShape::FlightPathAngle { deg }
                }
            };
            let needed = ballistic::required_burnout_speed(range, shape);
            if range > reach {
                cx.error(
                    goal_span.clone(),
                    format!(
                        "aim point is {:.0} km from the launch point, beyond the {:.0} km reach of `{}`",
                        range / 1e3,
                        reach / 1e3,
                        t.entry.name
                    ),
                    Some("move the launch point closer or use a longer-range threat type".into()),
                );
            } else if needed.is_none_or(|v| v > *burnout_speed_mps) {
                cx.error(
                    fpa.as_ref().map_or(goal_span.clone(), |f| f.span.clone()),
                    format!("`{}` cannot reach its aim point with this flight-path angle", t.entry.name),
                    Some("use a flight-path angle nearer the minimum-energy one, or `trajectory = \"minimum-energy\"`".into()),
                );
            }
        }
        if is_cruise {
            let dist = term_d.as_ref().map_or(20_000.0, |d| d.v * 1e3);
            terminal = match term.as_ref().map(|s| s.v) {
                Some("pop-up") => TerminalManoeuvre::PopUp {
                    height_m: popup_h.as_ref().map_or(1_000.0, |h| h.v),
                    start_distance_m: dist,
                },
                Some("dive") => TerminalManoeuvre::Dive {
                    start_distance_m: dist,
                },
                _ => TerminalManoeuvre::None,
            };
        }
        // Endurance: the route must be flyable.
        if let ThreatKinematics::Route { endurance_s, .. } = &t.kinematics {
            let mut pts: Vec<(Geodetic, f64)> = vec![(launch.centre, cruise_v)];
            pts.extend(route.iter().map(|r| (r.position, r.speed_mps)));
            if let Some(a) = aim_point {
                pts.push((a, cruise_v));
            }
            let time: f64 = pts
                .windows(2)
                .map(|w| w[0].0.geodesic_to(&w[1].0).distance_m / w[1].1)
                .sum();
            if time > *endurance_s {
                cx.error(
                    route_arr
                        .as_ref()
                        .map_or(goal_span.clone(), |r| r.span.clone()),
                    format!(
                        "the route takes {:.0} s to fly, longer than the {:.0} s endurance of `{}`",
                        time, endurance_s, t.entry.name
                    ),
                    Some("shorten the route or raise the speed".into()),
                );
            }
        }
    }

    // Launch times must fall inside the scenario.
    let (t0v, dtv) = (
        t0.as_ref().map_or(0.0, |t| t.v),
        dt.as_ref().map_or(0.0, |t| t.v),
    );
    if let (Some(end), Some(c)) = (duration_s, &count) {
        let last = t0v + dtv * f64::from(c.v.saturating_sub(1));
        if t0v >= end {
            cx.error(
                t0.as_ref().map_or(o.span(), |t| t.span.clone()),
                format!("raid launches at {t0v} s, after the scenario ends at {end} s"),
                Some("launch_time_s must be less than the scenario's duration_s".into()),
            );
        } else if last >= end {
            cx.error(
                dt.as_ref().map_or(o.span(), |t| t.span.clone()),
                format!(
                    "the last of {} launches is at {last} s, after the scenario ends at {end} s",
                    c.v
                ),
                Some("shorten interval_s or lengthen duration_s".into()),
            );
        }
    }

    Some(Raid {
        name: name?.v,
        threat: threat_idx?,
        count: count?.v,
        launch: launch?,
        launch_time: SimTime::from_secs_f64(t0v),
        interval: SimTime::from_secs_f64(dtv),
        route,
        goal: goal?,
        trajectory,
        terminal,
    })
}

#[cfg(test)]
mod tests {
    use super::is_utc_timestamp;

    #[test]
    fn utc_timestamps() {
        assert!(is_utc_timestamp("2026-01-01T06:00:00Z"));
        assert!(is_utc_timestamp("2026-01-01T06:00:00.250Z"));
        assert!(!is_utc_timestamp("2026-13-01T06:00:00Z"));
        assert!(!is_utc_timestamp("2026-01-01T06:00:00+02:00"));
        assert!(!is_utc_timestamp("yesterday"));
        assert!(!is_utc_timestamp("2026-01-01T06:00:00.Z"));
    }
}
