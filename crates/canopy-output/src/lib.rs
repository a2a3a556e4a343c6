//! Output sinks: the file formats of Canopy's results.
//!
//! # Brief overview
//!
//! * [`TruthCsv`] — `truth.csv`, sampled ground truth of every threat.
//! * [`EventsCsv`] — `events.csv`, one row per discrete event.
//! * [`RunMeta`] and [`write_summary`] — `summary.json` with the scenario,
//!   seed, version and git hash, so every result can be reproduced.
//! * [`Tee`] — fans one event stream out to several sinks.
//!
//! Sinks never panic on I/O errors: they keep the first error and report it
//! from `finish`, so the engine stays infallible and the caller decides.

use canopy_core::SimTime;
use canopy_engine::{EntityInfo, Event, RunSummary, Sink};
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
            && let Err(e) = self.out.write_fmt(args).and_then(|()| self.out.write_all(b"\n"))
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
            rows: Rows::new(out, "time_s,entity,kind,type,lat_deg,lon_deg,alt_m,speed_mps"),
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
            Event::Start { entities } => self.entities = entities.to_vec(),
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

    fn row(&mut self, time: SimTime, kind: &str, who: usize, detail: &str, p: &canopy_core::geo::Geodetic) {
        let name = csv_field(&self.entities[who].name).into_owned();
        self.rows.line(format_args!(
            "{time},{kind},{name},{detail},{:.7},{:.7},{:.2}",
            p.lat_deg, p.lon_deg, p.alt_m
        ));
    }
}

impl<W: Write> Sink for EventsCsv<W> {
    fn event(&mut self, event: &Event<'_>) {
        match event {
            Event::Start { entities } => self.entities = entities.to_vec(),
            Event::Launched {
                time,
                threat,
                position,
            } => self.row(*time, "launch", threat.0 as usize, "", position),
            Event::Ended {
                time,
                threat,
                cause,
                position,
            } => self.row(*time, "end", threat.0 as usize, cause.name(), position),
            _ => {}
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
    files: &'a [&'a str],
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
        files,
    };
    let mut out = out;
    serde_json::to_writer_pretty(&mut out, &s)?;
    out.write_all(b"\n")?;
    out.flush()
}
