//! The validated scenario: every reference resolved to an index, every number
//! in SI units and checked. Nothing downstream of this crate sees raw input.

use canopy_core::geo::Geodetic;
use canopy_core::{Provenance, SimTime};
pub use canopy_flyout::Seeker;

/// A catalog entry's parameter, as listed by `canopy catalog`.
#[derive(Clone, Debug, PartialEq)]
pub struct Param {
    /// Field name as written in the catalog, unit suffix included (`max_range_km`).
    pub key: String,
    /// The value as written (before unit conversion).
    pub value: f64,
    /// Where the value came from.
    pub provenance: Provenance,
}

/// What every catalog entry carries besides its typed fields.
#[derive(Clone, Debug, PartialEq)]
pub struct Entry {
    /// Unique name within its section.
    pub name: String,
    /// One line saying what this is.
    pub description: String,
    /// Every number of the entry with its provenance, in file order.
    pub params: Vec<Param>,
}

/// What a radar is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RadarRole {
    /// Long-range surveillance (early warning, cueing).
    Surveillance,
    /// Low-altitude / all-altitude detector.
    LowAltitude,
    /// Multifunction engagement radar: searches, tracks tasked targets, guides missiles.
    Engagement,
}

/// How the pulses of one look are integrated.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Integration {
    /// Coherent: SNR × N.
    Coherent,
    /// Non-coherent (square-law sum).
    NonCoherent,
}

/// A radar type.
#[derive(Clone, Debug, PartialEq)]
pub struct RadarType {
    /// Name, description, listed parameters.
    pub entry: Entry,
    /// Role in the system.
    pub role: RadarRole,
    /// Carrier frequency, Hz.
    pub frequency_hz: f64,
    /// Peak transmitted power, W.
    pub peak_power_w: f64,
    /// Antenna gain (transmit = receive), dB.
    pub gain_db: f64,
    /// Pulse width, s (matched filter: τ·B ≈ 1).
    pub pulse_width_s: f64,
    /// System noise temperature, K.
    pub noise_temperature_k: f64,
    /// Total system losses, dB.
    pub losses_db: f64,
    /// Pulses integrated per look.
    pub pulses: u32,
    /// How they are integrated.
    pub integration: Integration,
    /// Probability of false alarm per resolution cell.
    pub pfa: f64,
    /// Whether search detections are confirmed by a second dwell before they are
    /// reported (alert-confirm; catalog `alert_confirm`, default false).
    pub alert_confirm: bool,
    /// Search revisit period, s.
    pub revisit_s: f64,
    /// Instrumented range, m.
    pub instrumented_range_m: f64,
    /// Antenna phase-centre height above the site, m.
    pub antenna_height_m: f64,
    /// Elevation coverage, degrees.
    pub min_elevation_deg: f64,
    /// Elevation coverage, degrees.
    pub max_elevation_deg: f64,
    /// Half-width of the azimuth sector about the unit heading, degrees (180 = all round).
    pub sector_half_width_deg: f64,
    /// Range resolution after pulse compression, m (defaults to c·τ/2).
    pub range_resolution_m: f64,
    /// Azimuth and elevation beamwidth, degrees (defaults to √(4π/G)).
    pub beamwidth_deg: f64,
    /// Range accuracy floor, m (1σ).
    pub range_sigma_m: f64,
    /// Azimuth accuracy floor, degrees (1σ).
    pub azimuth_sigma_deg: f64,
    /// Elevation accuracy floor, degrees (1σ).
    pub elevation_sigma_deg: f64,
    /// Fixed measurement bias: range (m), azimuth and elevation (degrees).
    pub bias: [f64; 3],
    /// Targets it can engage at once (engagement radars).
    pub target_channels: u32,
    /// Missiles it can guide at once (engagement radars).
    pub missile_channels: u32,
    /// Revisit period of targets it is tasked to track, s (engagement radars).
    pub track_revisit_s: f64,
    /// Detection range claimed in public sources, m (drawn beside the model).
    pub claimed_range_m: Option<f64>,
}

/// An interceptor missile type.
#[derive(Clone, Debug, PartialEq)]
pub struct InterceptorType {
    /// Name, description, listed parameters.
    pub entry: Entry,
    /// Minimum engagement range, m.
    pub min_range_m: f64,
    /// Maximum engagement range against aerodynamic targets, m.
    pub max_range_m: f64,
    /// Maximum engagement range against ballistic targets, m.
    pub max_range_ballistic_m: f64,
    /// Lowest target altitude, m.
    pub min_altitude_m: f64,
    /// Highest target altitude, m.
    pub max_altitude_m: f64,
    /// Average fly-out speed used for planning, m/s.
    pub average_speed_mps: f64,
    /// Maximum lateral acceleration, g.
    pub max_g: f64,
    /// Single-shot kill probability against a non-manoeuvring target.
    pub sspk: f64,
    /// Unit cost, US dollars.
    pub cost_usd: f64,
    /// What flies: mass, motor and drag (NOTIONAL), for the 3-DOF flyout.
    pub airframe: Airframe,
    /// The terminal seeker, if the round has one: it guides on its own view of the target
    /// once it acquires it, instead of the engagement radar's track.
    pub seeker: Option<Seeker>,
}

/// An interceptor's airframe and motor for the 3-DOF flyout: a boost and a
/// sustain phase of constant thrust, burning propellant at the specific
/// impulse, and drag on the body's cross-section.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Airframe {
    /// Mass at launch, kg.
    pub launch_mass_kg: f64,
    /// Boost thrust, N.
    pub boost_thrust_n: f64,
    /// Boost burn time, s.
    pub boost_s: f64,
    /// Sustain thrust, N.
    pub sustain_thrust_n: f64,
    /// Sustain burn time, s.
    pub sustain_s: f64,
    /// Specific impulse of the propellant, s.
    pub specific_impulse_s: f64,
    /// Body diameter, m (the drag reference area is its disc).
    pub diameter_m: f64,
    /// Zero-lift drag coefficient.
    pub drag_coefficient: f64,
    /// Self-destruct time after launch, s.
    pub max_time_of_flight_s: f64,
    /// Rise of the lofted mid-course aim point per metre of ground distance
    /// to go (`canopy_flyout::Loft`), or `None` for a round that flies
    /// proportional navigation on the target from launch.
    pub loft_rise: Option<f64>,
}

/// A launcher type.
#[derive(Clone, Debug, PartialEq)]
pub struct LauncherType {
    /// Name, description, listed parameters.
    pub entry: Entry,
    /// Index into [`Catalog::interceptors`].
    pub interceptor: usize,
    /// Ready rounds.
    pub rounds: u32,
    /// Time to reload the whole launcher, s.
    pub reload_s: f64,
    /// Full reloads carried for it (0: its first load is all it fires).
    pub reloads: u32,
    /// Minimum time between two launches from this launcher, s.
    pub min_launch_interval_s: f64,
}

/// A command post type.
#[derive(Clone, Debug, PartialEq)]
pub struct CommandPostType {
    /// Name, description, listed parameters.
    pub entry: Entry,
    /// Time from a confirmed track to a fire decision, s.
    pub reaction_s: f64,
}

/// A battalion (fire unit) in a unit template: one engagement radar and its launchers.
#[derive(Clone, Debug, PartialEq)]
pub struct BattalionTemplate {
    /// Index into [`Catalog::radars`].
    pub radar: usize,
    /// Index into [`Catalog::launchers`].
    pub launcher: usize,
    /// Launchers in the battalion.
    pub launchers: u32,
    /// Identical battalions of this kind.
    pub count: u32,
}

/// A unit template, e.g. an S-400-class regiment or a Patriot-class battery.
#[derive(Clone, Debug, PartialEq)]
pub struct UnitTemplate {
    /// Name, description, listed parameters.
    pub entry: Entry,
    /// Index into [`Catalog::command_posts`].
    pub command_post: Option<usize>,
    /// Indices into [`Catalog::radars`] of the unit-level sensors.
    pub sensors: Vec<usize>,
    /// Fire units.
    pub battalions: Vec<BattalionTemplate>,
}

/// What kind of threat this is, which decides how it moves.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ThreatClass {
    /// Fixed-wing combat aircraft on a route.
    Fighter,
    /// Helicopter on a route.
    Helicopter,
    /// Subsonic cruise missile.
    CruiseSubsonic,
    /// Supersonic (BrahMos-class) cruise missile.
    CruiseSupersonic,
    /// Ballistic missile.
    Ballistic,
    /// Drone or loitering munition.
    Drone,
}

impl ThreatClass {
    /// The names used in catalog files.
    pub const NAMES: [&'static str; 6] = [
        "fighter",
        "helicopter",
        "cruise-subsonic",
        "cruise-supersonic",
        "ballistic",
        "drone",
    ];

    /// The catalog name.
    pub fn name(self) -> &'static str {
        match self {
            ThreatClass::Fighter => "fighter",
            ThreatClass::Helicopter => "helicopter",
            ThreatClass::CruiseSubsonic => "cruise-subsonic",
            ThreatClass::CruiseSupersonic => "cruise-supersonic",
            ThreatClass::Ballistic => "ballistic",
            ThreatClass::Drone => "drone",
        }
    }

    /// Parses a catalog name.
    pub fn from_name(s: &str) -> Option<ThreatClass> {
        [
            ThreatClass::Fighter,
            ThreatClass::Helicopter,
            ThreatClass::CruiseSubsonic,
            ThreatClass::CruiseSupersonic,
            ThreatClass::Ballistic,
            ThreatClass::Drone,
        ]
        .into_iter()
        .find(|c| c.name() == s)
    }

    /// Whether the threat aims at a target and ends there (missiles, one-way
    /// drones) rather than flying a route and leaving (aircraft).
    pub fn is_munition(self) -> bool {
        !matches!(self, ThreatClass::Fighter | ThreatClass::Helicopter)
    }
}

/// How a threat type flies.
#[derive(Clone, Debug, PartialEq)]
pub enum ThreatKinematics {
    /// Waypoint routes (aircraft, helicopters, cruise missiles, drones).
    Route {
        /// Default speed, m/s.
        cruise_speed_mps: f64,
        /// Default height above the ellipsoid, m.
        cruise_altitude_m: f64,
        /// Maximum turn rate, degrees per second.
        max_turn_rate_dps: f64,
        /// Maximum climb or descent rate, m/s.
        max_climb_mps: f64,
        /// Maximum along-track acceleration, m/s².
        max_accel_mps2: f64,
        /// Endurance, s (how long it can fly).
        endurance_s: f64,
    },
    /// Ballistic missiles.
    Ballistic {
        /// Burnout speed, m/s: fixes the maximum range.
        burnout_speed_mps: f64,
    },
}

/// A threat type.
#[derive(Clone, Debug, PartialEq)]
pub struct ThreatType {
    /// Name, description, listed parameters.
    pub entry: Entry,
    /// Class.
    pub class: ThreatClass,
    /// Mean radar cross-section, m².
    pub rcs_m2: f64,
    /// Swerling fluctuation case (0–4).
    pub swerling: u8,
    /// Motion parameters.
    pub kinematics: ThreatKinematics,
    /// Unit cost, US dollars.
    pub cost_usd: f64,
}

/// Every type a scenario can use.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Catalog {
    /// Radar types.
    pub radars: Vec<RadarType>,
    /// Interceptor types.
    pub interceptors: Vec<InterceptorType>,
    /// Launcher types.
    pub launchers: Vec<LauncherType>,
    /// Command post types.
    pub command_posts: Vec<CommandPostType>,
    /// Unit templates.
    pub units: Vec<UnitTemplate>,
    /// Threat types.
    pub threats: Vec<ThreatType>,
}

/// A defended asset.
#[derive(Clone, Debug, PartialEq)]
pub struct Asset {
    /// Unique name.
    pub name: String,
    /// Where it is.
    pub position: Geodetic,
    /// Relative value (dimensionless, > 0).
    pub value: f64,
}

/// A radar placed in the scenario.
#[derive(Clone, Debug, PartialEq)]
pub struct PlacedRadar {
    /// Index into [`Catalog::radars`].
    pub radar: usize,
    /// Site (ground level; the antenna is `antenna_height_m` above it).
    pub site: Geodetic,
    /// Boresight azimuth for sectored radars, degrees.
    pub heading_deg: f64,
}

/// A fire unit placed in the scenario.
#[derive(Clone, Debug, PartialEq)]
pub struct Battalion {
    /// Its engagement radar.
    pub radar: PlacedRadar,
    /// Index into [`Catalog::launchers`].
    pub launcher: usize,
    /// Number of launchers.
    pub launchers: u32,
}

/// A unit's engagement doctrine and the quality of its kill assessment
/// (`[doctrine]` / `[unit.doctrine]`; NOTIONAL defaults).
#[derive(Clone, Debug, PartialEq)]
pub struct UnitDoctrine {
    /// Weapon release rules.
    pub rules: canopy_c2::doctrine::Doctrine,
    /// Probability that kill assessment sees a survivor as a survivor
    /// (MODELS.md §4's p_look); a survivor seen as killed is not
    /// re-engaged on that track. A kill is always seen as a kill.
    pub p_look: f64,
}

impl Default for UnitDoctrine {
    fn default() -> Self {
        UnitDoctrine {
            rules: canopy_c2::doctrine::Doctrine::default(),
            p_look: 1.0,
        }
    }
}

/// An air-defence unit placed at a site.
#[derive(Clone, Debug, PartialEq)]
pub struct Unit {
    /// Unique name.
    pub name: String,
    /// The template it was built from, if any.
    pub template: Option<usize>,
    /// Site.
    pub site: Geodetic,
    /// Heading, degrees.
    pub heading_deg: f64,
    /// Index into [`Catalog::command_posts`].
    pub command_post: Option<usize>,
    /// Unit-level sensors.
    pub sensors: Vec<PlacedRadar>,
    /// Fire units.
    pub battalions: Vec<Battalion>,
    /// How its fire units engage.
    pub doctrine: UnitDoctrine,
}

/// Where a raid's threats are launched from.
#[derive(Clone, Debug, PartialEq)]
pub struct LaunchArea {
    /// Centre.
    pub centre: Geodetic,
    /// Radius of the disc launch points are drawn from, m (0 = a point).
    pub radius_m: f64,
}

/// How a ballistic raid shapes its trajectory.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Trajectory {
    /// Minimum-energy.
    MinimumEnergy,
    /// Launched at this flight-path angle (above optimal: lofted; below: depressed).
    FlightPathAngle(f64),
}

/// Terminal manoeuvre of a cruise missile: the motion model's own type, so
/// the scenario and the mover cannot drift apart.
pub use canopy_motion::Terminal as TerminalManoeuvre;

/// A route point; altitude and speed default to the threat type's cruise values.
#[derive(Clone, Debug, PartialEq)]
pub struct RoutePoint {
    /// Position (altitude above the ellipsoid).
    pub position: Geodetic,
    /// Speed on the leg ending here, m/s.
    pub speed_mps: f64,
}

/// Where a raid is going.
#[derive(Clone, Debug, PartialEq)]
pub enum RaidGoal {
    /// Fly the route and leave (aircraft).
    Route,
    /// Strike this asset (index into [`Scenario::assets`]).
    Asset(usize),
    /// Strike this point.
    Point(Geodetic),
}

/// A group of identical threats.
#[derive(Clone, Debug, PartialEq)]
pub struct Raid {
    /// Unique name.
    pub name: String,
    /// Index into [`Catalog::threats`].
    pub threat: usize,
    /// Number of threats.
    pub count: u32,
    /// Launch point or area.
    pub launch: LaunchArea,
    /// First launch time.
    pub launch_time: SimTime,
    /// Time between successive launches.
    pub interval: SimTime,
    /// Intermediate route points (launch and goal excluded).
    pub route: Vec<RoutePoint>,
    /// Where it ends.
    pub goal: RaidGoal,
    /// Ballistic shape (ballistic threats only).
    pub trajectory: Trajectory,
    /// Terminal manoeuvre (cruise missiles only).
    pub terminal: TerminalManoeuvre,
}

/// The engine's default step, seconds. Radar looks happen on ticks, and
/// the built-in engagement radars' tracking dwells (0.5 s) and search
/// revisits (1–10 s) are multiples of it, so it quantises no look. Threats
/// move 425 m per tick at 850 m/s, and a round is resolved against the
/// straight chord of the threat's tick: under a metre off a 3°/s turn at
/// 250 m/s. Interceptors and ballistic missiles integrate with their own,
/// finer steps inside a tick.
pub const DEFAULT_TICK_S: f64 = 0.5;

/// A validated scenario.
#[derive(Clone, Debug, PartialEq)]
pub struct Scenario {
    /// Name.
    pub name: String,
    /// Free text.
    pub description: String,
    /// Wall-clock start, RFC 3339 UTC with a `T` between date and time
    /// (`2026-01-01T06:00:00Z`; the loader writes a space as `T`), for
    /// outputs and the replay clock.
    pub start_utc: String,
    /// How long the simulation runs.
    pub duration: SimTime,
    /// Sampling interval of `truth.csv`.
    pub truth_interval: SimTime,
    /// The engine's step (`[scenario] tick_s`, default [`DEFAULT_TICK_S`]).
    /// Every radar of the scenario revisits no more often than this.
    pub tick: SimTime,
    /// Every type available.
    pub catalog: Catalog,
    /// Defended assets.
    pub assets: Vec<Asset>,
    /// Air-defence units.
    pub units: Vec<Unit>,
    /// Raids.
    pub raids: Vec<Raid>,
}

impl Scenario {
    /// Total number of threats over all raids.
    pub fn threat_count(&self) -> u64 {
        self.raids.iter().map(|r| u64::from(r.count)).sum()
    }
}
