//! Row tables and their two file formats: CSV (appendable, human-readable)
//! and Parquet (columnar, for pandas, polars and DuckDB).
//!
//! A row type lists its columns once, in [`Record::fields`], through a
//! [`Fields`] visitor; the schema, the CSV writer and reader and the Arrow
//! column builders are all visitors, so the formats cannot drift apart.
//! Numbers are written in Rust's shortest round-trip form, so reading a CSV
//! back gives the very same values (a resumed batch rewrites its tables from
//! what it reads).

#[cfg(test)]
mod tests;

use crate::StudyError;
use arrow_array::builder::{Float64Builder, StringBuilder, UInt64Builder};
use arrow_array::{ArrayRef, RecordBatch};
use arrow_schema::{DataType, Field, Schema};
use parquet::arrow::ArrowWriter;
use parquet::basic::Compression;
use parquet::file::properties::WriterProperties;
use std::io::Write;
use std::path::Path;
use std::sync::Arc;

/// A mutable view of one field of a row.
pub enum FieldRef<'a> {
    /// An unsigned integer.
    U64(&'a mut u64),
    /// A float.
    F64(&'a mut f64),
    /// An optional unsigned integer (empty cell / null).
    OptU64(&'a mut Option<u64>),
    /// An optional float (empty cell / null).
    OptF64(&'a mut Option<f64>),
    /// Text.
    Text(&'a mut String),
    /// Optional text (empty cell / null).
    OptText(&'a mut Option<String>),
}

/// Visits the fields of a row in column order.
pub trait Fields {
    /// One column: its name and the row's value.
    fn field(&mut self, name: &str, value: FieldRef<'_>);
}

/// A row of a results table.
pub trait Record: Default {
    /// File stem: `runs` → `runs.csv`, `runs.parquet`.
    const TABLE: &'static str;
    /// Calls `f.field` once per column, in column order.
    fn fields(&mut self, f: &mut dyn Fields);
    /// The run this row belongs to (every table has a `run` column).
    fn run(&self) -> u64;
}

/// Column types.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// Unsigned 64-bit integer.
    UInt,
    /// 64-bit float.
    Float,
    /// UTF-8 text.
    Text,
}

/// One column of a table.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Column {
    /// Header name.
    pub name: String,
    /// Type.
    pub kind: Kind,
    /// Whether it may be empty (null).
    pub nullable: bool,
}

impl FieldRef<'_> {
    fn kind(&self) -> (Kind, bool) {
        match self {
            FieldRef::U64(_) => (Kind::UInt, false),
            FieldRef::F64(_) => (Kind::Float, false),
            FieldRef::OptU64(_) => (Kind::UInt, true),
            FieldRef::OptF64(_) => (Kind::Float, true),
            FieldRef::Text(_) => (Kind::Text, false),
            FieldRef::OptText(_) => (Kind::Text, true),
        }
    }

    /// The value as a CSV cell (unquoted).
    fn cell(&self) -> String {
        match self {
            FieldRef::U64(v) => v.to_string(),
            FieldRef::F64(v) => v.to_string(),
            FieldRef::OptU64(v) => v.map_or(String::new(), |v| v.to_string()),
            FieldRef::OptF64(v) => v.map_or(String::new(), |v| v.to_string()),
            FieldRef::Text(v) => (*v).clone(),
            FieldRef::OptText(v) => v.as_deref().unwrap_or_default().to_string(),
        }
    }

    /// Sets the value from a CSV cell; false if it does not parse.
    fn set(self, cell: &str) -> bool {
        fn opt<T: std::str::FromStr>(cell: &str, into: &mut Option<T>) -> bool {
            if cell.is_empty() {
                *into = None;
                return true;
            }
            cell.parse().map(|v| *into = Some(v)).is_ok()
        }
        match self {
            FieldRef::U64(v) => cell.parse().map(|x| *v = x).is_ok(),
            FieldRef::F64(v) => cell.parse().map(|x| *v = x).is_ok(),
            FieldRef::OptU64(v) => opt(cell, v),
            FieldRef::OptF64(v) => opt(cell, v),
            FieldRef::Text(v) => {
                *v = cell.to_string();
                true
            }
            FieldRef::OptText(v) => {
                *v = (!cell.is_empty()).then(|| cell.to_string());
                true
            }
        }
    }
}

/// The columns of `R`.
pub fn columns<R: Record>() -> Vec<Column> {
    struct Schema(Vec<Column>);
    impl Fields for Schema {
        fn field(&mut self, name: &str, value: FieldRef<'_>) {
            let (kind, nullable) = value.kind();
            self.0.push(Column {
                name: name.to_string(),
                kind,
                nullable,
            });
        }
    }
    let mut s = Schema(Vec::new());
    R::default().fields(&mut s);
    s.0
}

/// The CSV header line of `R` (with its newline).
pub fn csv_header<R: Record>() -> String {
    let names: Vec<String> = columns::<R>()
        .into_iter()
        .map(|c| canopy_output::csv_field(&c.name).into_owned())
        .collect();
    format!("{}\n", names.join(","))
}

/// Appends `row` as one CSV line (with its newline) to `out`.
pub fn csv_line<R: Record>(row: &mut R, out: &mut String) {
    struct Line<'o> {
        out: &'o mut String,
        first: bool,
    }
    impl Fields for Line<'_> {
        fn field(&mut self, _: &str, value: FieldRef<'_>) {
            if !self.first {
                self.out.push(',');
            }
            self.first = false;
            self.out.push_str(&canopy_output::csv_field(&value.cell()));
        }
    }
    row.fields(&mut Line { out, first: true });
    out.push('\n');
}

/// What [`read_csv`] found in a file.
#[derive(Debug)]
pub struct ReadRows<R> {
    /// Complete, well-formed rows, in file order.
    pub rows: Vec<R>,
    /// Whether anything was dropped: a torn last line (no newline), or a
    /// line that does not parse.
    pub dropped: bool,
}

/// Reads a CSV table written by [`csv_header`] and [`csv_line`]. A missing
/// file is an empty table; a last line without its newline (a write cut by
/// a crash) is dropped, as is any line that does not parse. A header that
/// is not `R`'s is an error: the folder holds another kind of table.
pub fn read_csv<R: Record>(path: &Path) -> Result<ReadRows<R>, StudyError> {
    let text = match std::fs::read(path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Ok(ReadRows {
                rows: Vec::new(),
                dropped: false,
            });
        }
        Err(e) => return Err(StudyError::io(path, e)),
    };
    let complete = text.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
    let mut dropped = complete < text.len();
    let header = csv_header::<R>();
    if complete == 0 {
        return Ok(ReadRows {
            rows: Vec::new(),
            dropped,
        });
    }
    if !text.starts_with(header.as_bytes()) {
        return Err(StudyError::Format {
            path: path.to_path_buf(),
            message: format!(
                "its header is not `{}` (a file from another Canopy version or another tool)",
                header.trim_end()
            ),
        });
    }
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(true)
        .from_reader(&text[..complete]);
    let mut rows = Vec::new();
    for record in reader.records() {
        let Ok(record) = record else {
            dropped = true;
            continue;
        };
        match parse_row::<R>(&record) {
            Some(r) => rows.push(r),
            None => dropped = true,
        }
    }
    Ok(ReadRows { rows, dropped })
}

fn parse_row<R: Record>(record: &csv::StringRecord) -> Option<R> {
    struct Parse<'r> {
        cells: csv::StringRecordIter<'r>,
        ok: bool,
    }
    impl Fields for Parse<'_> {
        fn field(&mut self, _: &str, value: FieldRef<'_>) {
            match self.cells.next() {
                Some(cell) if self.ok => self.ok = value.set(cell),
                _ => self.ok = false,
            }
        }
    }
    let mut row = R::default();
    let mut p = Parse {
        cells: record.iter(),
        ok: true,
    };
    row.fields(&mut p);
    (p.ok && p.cells.next().is_none()).then_some(row)
}

/// Writes a whole table as CSV: header and rows.
pub fn write_csv<R: Record>(out: &mut impl Write, rows: &mut [R]) -> std::io::Result<()> {
    let mut s = csv_header::<R>();
    for r in rows {
        csv_line(r, &mut s);
    }
    out.write_all(s.as_bytes())
}

/// The rows as one Arrow record batch.
pub fn record_batch<R: Record>(rows: &mut [R]) -> Result<RecordBatch, StudyError> {
    enum Builder {
        UInt(UInt64Builder),
        Float(Float64Builder),
        Text(StringBuilder),
    }
    struct Append<'b>(std::slice::IterMut<'b, Builder>);
    impl Fields for Append<'_> {
        fn field(&mut self, _: &str, value: FieldRef<'_>) {
            let Some(b) = self.0.next() else { return };
            match (b, value) {
                (Builder::UInt(b), FieldRef::U64(v)) => b.append_value(*v),
                (Builder::UInt(b), FieldRef::OptU64(v)) => b.append_option(*v),
                (Builder::Float(b), FieldRef::F64(v)) => b.append_value(*v),
                (Builder::Float(b), FieldRef::OptF64(v)) => b.append_option(*v),
                (Builder::Text(b), FieldRef::Text(v)) => b.append_value(v.as_str()),
                (Builder::Text(b), FieldRef::OptText(v)) => b.append_option(v.as_deref()),
                // The schema comes from the same `fields`: kinds always match.
                _ => {}
            }
        }
    }
    let cols = columns::<R>();
    let mut builders: Vec<Builder> = cols
        .iter()
        .map(|c| match c.kind {
            Kind::UInt => Builder::UInt(UInt64Builder::with_capacity(rows.len())),
            Kind::Float => Builder::Float(Float64Builder::with_capacity(rows.len())),
            Kind::Text => Builder::Text(StringBuilder::new()),
        })
        .collect();
    for r in rows.iter_mut() {
        r.fields(&mut Append(builders.iter_mut()));
    }
    let schema = Schema::new(
        cols.iter()
            .map(|c| {
                let t = match c.kind {
                    Kind::UInt => DataType::UInt64,
                    Kind::Float => DataType::Float64,
                    Kind::Text => DataType::Utf8,
                };
                Field::new(&c.name, t, c.nullable)
            })
            .collect::<Vec<_>>(),
    );
    let arrays: Vec<ArrayRef> = builders
        .into_iter()
        .map(|b| -> ArrayRef {
            match b {
                Builder::UInt(mut b) => Arc::new(b.finish()),
                Builder::Float(mut b) => Arc::new(b.finish()),
                Builder::Text(mut b) => Arc::new(b.finish()),
            }
        })
        .collect();
    RecordBatch::try_new(Arc::new(schema), arrays).map_err(|e| StudyError::Parquet {
        table: R::TABLE,
        message: e.to_string(),
    })
}

/// Writes the rows as a Parquet file (Snappy-compressed, one row group).
pub fn write_parquet<R: Record>(out: impl Write + Send, rows: &mut [R]) -> Result<(), StudyError> {
    let batch = record_batch(rows)?;
    let err = |e: parquet::errors::ParquetError| StudyError::Parquet {
        table: R::TABLE,
        message: e.to_string(),
    };
    let props = WriterProperties::builder()
        .set_compression(Compression::SNAPPY)
        .build();
    let mut w = ArrowWriter::try_new(out, batch.schema(), Some(props)).map_err(err)?;
    w.write(&batch).map_err(err)?;
    w.close().map_err(err)?;
    Ok(())
}
