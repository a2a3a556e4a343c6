//! Output sinks: the file formats of Canopy's results.
//!
//! # Brief overview
//!
//! * [`TruthCsv`] — `truth.csv`, sampled ground truth of every threat.
//! * [`EventsCsv`] — `events.csv`, one row per discrete event.
//! * [`TracksCsv`] — `tracks.csv`, the fused track picture on the truth interval.
//! * [`DetectionsCsv`] — `detections.csv` (what the radars reported, no truth)
//!   and `detection_labels.csv` (which threat, if any, caused each report).
//! * [`RunMeta`] and [`write_summary`] — `summary.json` with the scenario,
//!   seed, version and git hash, so every result can be reproduced.
//! * [`write_engagements`] and [`write_threats`] — `engagements.csv` (one
//!   row per interceptor) and `threats.csv` (one row per threat's fate),
//!   from an engagement run's [`canopy_engine::EngagementSummary`].
//! * [`Tee`] — fans one event stream out to several sinks.
//! * [`coverage`] — `canopy coverage`'s products: detection-range table,
//!   footprints as GeoJSON, charts.
//! * [`czml`] — `replay.czml`, the run on a globe for `canopy view` (CesiumJS).
//! * [`svg`] — a small hand-written SVG line-chart builder.
//!
//! Sinks never panic on I/O errors: they keep the first error and report it
//! from `finish`, so the engine stays infallible and the caller decides.

pub mod coverage;
pub mod czml;
pub mod svg;

use canopy_core::SimTime;
use canopy_engine::{
    EngagementSummary, EntityInfo, Event, FlightEnd, RunSummary, SensorInfo, Sink, ThreatFate,
};
use serde::Serialize;
use std::io::{self, Write};

/// Writes rows, remembering the first I/O error instead of failing.
struct Rows<W: Write> {
    out: W,
    error: Option<io::Error>,
}

impl<W: Write> Rows<W> {
    fn new(out: W, header: &str) -> Self {
        let mut r = Rows { out, error: None };
        r.line(format_args!("{header}"));
        r
    }

    fn line(&mut self, args: std::fmt::Arguments<'_>) {
        if self.error.is_none()
            && let Err(e) = self
                .out
                .write_fmt(args)
                .and_then(|()| self.out.write_all(b"\n"))
        {
            self.error = Some(e);
        }
    }

    fn finish(mut self) -> io::Result<W> {
        if let Some(e) = self.error.take() {
            return Err(e);
        }
        self.out.flush()?;
        Ok(self.out)
    }
}

/// Quotes a CSV field if it needs it (RFC 4180).
pub fn csv_field(s: &str) -> std::borrow::Cow<'_, str> {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\"")).into()
    } else {
        s.into()
    }
}

/// The `truth.csv` writer: `time_s,entity,kind,type,lat_deg,lon_deg,alt_m,speed_mps`.
///
/// Numbers have fixed decimals (7 for degrees ≈ 1 cm, 2 for metres) so files
/// are byte-identical for identical runs and diff well.
pub struct TruthCsv<W: Write> {
    rows: Rows<W>,
    entities: Vec<EntityInfo>,
}

impl<W: Write> TruthCsv<W> {
    /// Starts the file with its header.
    pub fn new(out: W) -> Self {
        TruthCsv {
            rows: Rows::new(
                out,
                "time_s,entity,kind,type,lat_deg,lon_deg,alt_m,speed_mps",
            ),
            entities: Vec::new(),
        }
    }

    /// Flushes and returns the first I/O error, if any.
    pub fn finish(self) -> io::Result<W> {
        self.rows.finish()
    }
}

impl<W: Write> Sink for TruthCsv<W> {
    fn event(&mut self, event: &Event<'_>) {
        match event {
            Event::Start { entities, .. } => self.entities = entities.to_vec(),
            Event::Truth {
                time,
                threat,
                position: p,
                speed_mps,
            } => {
                let e = &self.entities[threat.0 as usize];
                self.rows.line(format_args!(
                    "{time},{},{},{},{:.7},{:.7},{:.2},{:.2}",
                    csv_field(&e.name),
                    e.class,
                    csv_field(&e.type_name),
                    p.lat_deg,
                    p.lon_deg,
                    p.alt_m,
                    speed_mps
                ));
            }
            _ => {}
        }
    }
}

/// The `events.csv` writer: `time_s,event,entity,detail,lat_deg,lon_deg,alt_m`.
///
/// `entity` is the threat; `event` is `launch` / `end` (the threat's flight,
/// with its position), and in engagement runs `assign`
/// (`unit=…;track=…;rounds=…`), `fire` (`shot=…;unit=…;track=…`, at the
/// launcher), `intercept` (`shot=…;miss_m=…;killed=…`), `assess`
/// (`shot=…;track=…;judged=killed|survivor`) and `leak` (the cause); rows
/// without a position leave the last three fields empty.
pub struct EventsCsv<W: Write> {
    rows: Rows<W>,
    entities: Vec<EntityInfo>,
}

impl<W: Write> EventsCsv<W> {
    /// Starts the file with its header.
    pub fn new(out: W) -> Self {
        EventsCsv {
            rows: Rows::new(out, "time_s,event,entity,detail,lat_deg,lon_deg,alt_m"),
            entities: Vec::new(),
        }
    }

    /// Flushes and returns the first I/O error, if any.
    pub fn finish(self) -> io::Result<W> {
        self.rows.finish()
    }

    fn row(
        &mut self,
        time: SimTime,
        kind: &str,
        who: usize,
        detail: &str,
        p: Option<&canopy_core::geo::Geodetic>,
    ) {
        let name = csv_field(&self.entities[who].name).into_owned();
        let detail = csv_field(detail);
        match p {
            Some(p) => self.rows.line(format_args!(
                "{time},{kind},{name},{detail},{:.7},{:.7},{:.2}",
                p.lat_deg, p.lon_deg, p.alt_m
            )),
            None => self
                .rows
                .line(format_args!("{time},{kind},{name},{detail},,,")),
        }
    }
}

impl<W: Write> Sink for EventsCsv<W> {
    fn event(&mut self, event: &Event<'_>) {
        match event {
            Event::Start { entities, .. } => self.entities = entities.to_vec(),
            Event::Launched {
                time,
                threat,
                position,
            } => self.row(*time, "launch", threat.0 as usize, "", Some(position)),
            Event::Ended {
                time,
                threat,
                cause,
                position,
            } => self.row(
                *time,
                "end",
                threat.0 as usize,
                cause.name(),
                Some(position),
            ),
            Event::Assigned {
                time,
                unit,
                track,
                threat,
                rounds,
            } => {
                let detail = format!("unit={unit};track={track};rounds={rounds}");
                self.row(*time, "assign", threat.0 as usize, &detail, None);
            }
            Event::InterceptorLaunched {
                time,
                origin,
                shot,
                unit,
                track,
                threat,
            } => {
                let detail = format!("shot={shot};unit={unit};track={track}");
                self.row(*time, "fire", threat.0 as usize, &detail, Some(origin));
            }
            Event::Intercept {
                time,
                shot,
                threat,
                miss_m,
                killed,
            } => {
                let miss = miss_m.map_or("none".to_string(), |m| format!("{m:.1}"));
                let detail = format!("shot={shot};miss_m={miss};killed={killed}");
                self.row(*time, "intercept", threat.0 as usize, &detail, None);
            }
            Event::Assessed {
                time,
                shot,
                track,
                threat,
                judged_killed,
                ..
            } => {
                let verdict = if *judged_killed { "killed" } else { "survivor" };
                let detail = format!("shot={shot};track={track};judged={verdict}");
                self.row(*time, "assess", threat.0 as usize, &detail, None);
            }
            Event::Leaked {
                time,
                threat,
                cause,
            } => self.row(*time, "leak", threat.0 as usize, cause.name(), None),
            _ => {}
        }
    }
}

/// The `detections.csv` and `detection_labels.csv` writers.
///
/// `detections.csv` (`time_s,sensor,mode,range_m,az_deg,el_deg,lat_deg,lon_deg,alt_m,snr_db,
/// sigma_range_m,sigma_az_deg,sigma_el_deg`) holds only what a radar
/// measured; the truth behind each row is in `detection_labels.csv`
/// (`det_index,time_s,sensor,origin`, origin = threat name or `clutter`), row
/// for row, so a tracker can be given the first file and scored with the second.
pub struct DetectionsCsv<W: Write> {
    rows: Rows<W>,
    labels: Rows<W>,
    entities: Vec<EntityInfo>,
    sensors: Vec<SensorInfo>,
    count: u64,
}

impl<W: Write> DetectionsCsv<W> {
    /// Starts both files with their headers.
    pub fn new(detections: W, labels: W) -> Self {
        DetectionsCsv {
            rows: Rows::new(
                detections,
                "time_s,sensor,mode,range_m,az_deg,el_deg,lat_deg,lon_deg,alt_m,snr_db,sigma_range_m,sigma_az_deg,sigma_el_deg",
            ),
            labels: Rows::new(labels, "det_index,time_s,sensor,origin"),
            entities: Vec::new(),
            sensors: Vec::new(),
            count: 0,
        }
    }

    /// Flushes both files and returns the first I/O error, if any.
    pub fn finish(self) -> io::Result<(W, W)> {
        let d = self.rows.finish()?;
        let l = self.labels.finish()?;
        Ok((d, l))
    }
}

impl<W: Write> Sink for DetectionsCsv<W> {
    fn event(&mut self, event: &Event<'_>) {
        match event {
            Event::Start { entities, sensors } => {
                self.entities = entities.to_vec();
                self.sensors = sensors.to_vec();
            }
            Event::Detection(d) => {
                let sensor = csv_field(&self.sensors[d.sensor.0 as usize].name).into_owned();
                let p = d.position();
                self.rows.line(format_args!(
                    "{},{sensor},{},{:.2},{:.4},{:.4},{:.7},{:.7},{:.2},{:.2},{:.2},{:.4},{:.4}",
                    d.time,
                    d.mode.name(),
                    d.range_m,
                    d.az_deg,
                    d.el_deg,
                    p.lat_deg,
                    p.lon_deg,
                    p.alt_m,
                    d.snr_db,
                    d.sigma_range_m,
                    d.sigma_az_deg,
                    d.sigma_el_deg
                ));
                let origin = d.origin.map_or_else(
                    || "clutter".to_string(),
                    |o| csv_field(&self.entities[o.0 as usize].name).into_owned(),
                );
                self.labels
                    .line(format_args!("{},{},{sensor},{origin}", self.count, d.time));
                self.count += 1;
            }
            _ => {}
        }
    }
}

/// The `tracks.csv` writer: `time_s,track,status,lat_deg,lon_deg,alt_m,ve_mps,vn_mps,vu_mps,sigma_m,quality`.
pub struct TracksCsv<W: Write> {
    rows: Rows<W>,
}

impl<W: Write> TracksCsv<W> {
    /// Starts the file with its header.
    pub fn new(out: W) -> Self {
        TracksCsv {
            rows: Rows::new(
                out,
                "time_s,track,status,lat_deg,lon_deg,alt_m,ve_mps,vn_mps,vu_mps,sigma_m,quality",
            ),
        }
    }

    /// Flushes and returns the first I/O error, if any.
    pub fn finish(self) -> io::Result<W> {
        self.rows.finish()
    }
}

impl<W: Write> Sink for TracksCsv<W> {
    fn event(&mut self, event: &Event<'_>) {
        if let Event::Track(t) = event {
            let p = &t.position;
            let [ve, vn, vu] = t.velocity_enu;
            self.rows.line(format_args!(
                "{},{},{},{:.7},{:.7},{:.2},{:.2},{:.2},{:.2},{:.2},{:.3}",
                t.time,
                t.id,
                if t.confirmed {
                    "confirmed"
                } else {
                    "tentative"
                },
                p.lat_deg,
                p.lon_deg,
                p.alt_m,
                ve,
                vn,
                vu,
                t.position_sigma_m,
                t.quality
            ));
        }
    }
}

/// Sends every event to each of several sinks, in order.
pub struct Tee<'a>(pub Vec<&'a mut dyn Sink>);

impl Sink for Tee<'_> {
    fn event(&mut self, event: &Event<'_>) {
        for s in &mut self.0 {
            s.event(event);
        }
    }
}

/// Identifies a run for reproduction.
#[derive(Clone, Debug, Serialize)]
pub struct RunMeta {
    /// Scenario name.
    pub scenario: String,
    /// Scenario file, or `<built-in demo>`.
    pub scenario_file: String,
    /// Master seed.
    pub seed: u64,
    /// Run index.
    pub run: u64,
    /// Canopy version.
    pub canopy_version: String,
    /// Git commit the binary was built from.
    pub git_hash: String,
    /// Engine tick, s.
    pub tick_s: f64,
    /// VALIDATION OPTION in use: command and control saw truth.
    pub perfect_sensing: bool,
}

#[derive(Serialize)]
struct SummaryJson<'a> {
    #[serde(flatten)]
    meta: &'a RunMeta,
    threats: usize,
    impacts: usize,
    routes_completed: usize,
    unfinished: usize,
    end_time_s: f64,
    tracking: Option<TrackingJson>,
    engagement: Option<EngagementJson>,
    files: &'a [&'a str],
}

/// Engagement totals as written in `summary.json`.
#[derive(Serialize)]
struct EngagementJson {
    killed: usize,
    leaked: usize,
    /// Leaked threats per cause name (every cause, zero counts included).
    leaked_by_cause: serde_json::Map<String, serde_json::Value>,
    rounds_expended: usize,
}

/// Writes `engagements.csv`: one row per interceptor,
/// `shot,unit,type,track,threat,salvo,launch_time_s,intercept_time_s,miss_m,result,ended_by,seeker_time_s`
/// (intercept time and miss empty when unknown; `ended_by` what ended the
/// flight, empty while in flight; seeker time empty when the round's seeker
/// never saw its target).
pub fn write_engagements(out: impl Write, e: &EngagementSummary) -> io::Result<()> {
    let mut rows = Rows::new(
        out,
        "shot,unit,type,track,threat,salvo,launch_time_s,intercept_time_s,miss_m,result,ended_by,seeker_time_s",
    );
    for r in &e.shots {
        let threat = e
            .threats
            .get(r.threat.0 as usize)
            .map_or(String::new(), |t| csv_field(&t.name).into_owned());
        let end = r.end_time.map_or(String::new(), |t| t.to_string());
        let miss = r.miss_m.map_or(String::new(), |m| format!("{m:.2}"));
        let seeker = r.seeker_time.map_or(String::new(), |t| t.to_string());
        let ended_by = r.ended_by.map_or("", FlightEnd::name);
        rows.line(format_args!(
            "{},{},{},{},{threat},{},{},{end},{miss},{},{ended_by},{seeker}",
            r.index,
            csv_field(&r.unit),
            csv_field(&r.type_name),
            r.track,
            r.salvo,
            r.launch_time,
            r.result.name()
        ));
    }
    rows.finish().map(|_| ())
}

/// Writes `threats.csv`: one row per threat, `threat,type,fate,cause,shot,time_s`
/// (fate `killed` with the killing shot, or `leaked` with its cause; time
/// empty if it was still flying at the end).
pub fn write_threats(out: impl Write, e: &EngagementSummary) -> io::Result<()> {
    let mut rows = Rows::new(out, "threat,type,fate,cause,shot,time_s");
    for t in &e.threats {
        let (fate, cause, shot) = match t.fate {
            ThreatFate::Killed { shot } => ("killed", "", shot.to_string()),
            ThreatFate::Leaked(c) => ("leaked", c.name(), String::new()),
        };
        let time = t.time.map_or(String::new(), |t| t.to_string());
        rows.line(format_args!(
            "{},{},{fate},{cause},{shot},{time}",
            csv_field(&t.name),
            csv_field(&t.type_name)
        ));
    }
    rows.finish().map(|_| ())
}

/// Track-picture metrics as written in `summary.json`.
#[derive(Serialize)]
struct TrackingJson {
    gospa_cutoff_m: f64,
    gospa_mean_m: f64,
    rms_error_m: f64,
    missed_per_sample: f64,
    false_per_sample: f64,
    confirmed_tracks: usize,
    track_breaks: usize,
    false_tracks: usize,
    latency_to_track_mean_s: f64,
    threats_never_tracked: usize,
}

/// Writes `summary.json`.
pub fn write_summary(
    out: impl Write,
    meta: &RunMeta,
    summary: &RunSummary,
    files: &[&str],
) -> io::Result<()> {
    let s = SummaryJson {
        meta,
        threats: summary.threats,
        impacts: summary.impacts,
        routes_completed: summary.routes_completed,
        unfinished: summary.unfinished,
        end_time_s: summary.end_time.as_secs_f64(),
        // NaN (no threat ever held) is not JSON; it is written as null.
        tracking: summary.tracking.as_ref().map(|t| TrackingJson {
            gospa_cutoff_m: canopy_engine::GOSPA_CUTOFF_M,
            gospa_mean_m: t.gospa_mean_m,
            rms_error_m: t.rms_error_m,
            missed_per_sample: t.missed_per_sample,
            false_per_sample: t.false_per_sample,
            confirmed_tracks: t.tracks,
            track_breaks: t.breaks,
            false_tracks: t.false_tracks,
            latency_to_track_mean_s: t.latency_mean_s,
            threats_never_tracked: t.never_held,
        }),
        engagement: summary.engagement.as_ref().map(|e| EngagementJson {
            killed: e.killed,
            leaked: e.leaked.iter().map(|(_, n)| n).sum(),
            leaked_by_cause: e
                .leaked
                .iter()
                .map(|(c, n)| (c.name().to_string(), (*n).into()))
                .collect(),
            rounds_expended: e.rounds_expended,
        }),
        files,
    };
    let mut out = out;
    serde_json::to_writer_pretty(&mut out, &s)?;
    out.write_all(b"\n")?;
    out.flush()
}
