//! Parameter overrides by path, applied to a scenario's TOML source before
//! it is loaded: what `canopy sweep --vary` varies.
//!
//! # Path syntax
//!
//! A path is a TOML dotted key: segments separated by `.`, each a bare key
//! (`A-Za-z0-9_-`) or a quoted string (`"West cruise missiles"`), walked from
//! the top of the scenario file:
//!
//! * a table segment names a key: `scenario.duration_s`;
//! * after an array (`[[raid]]`, `[[asset]]`, `[[unit]]`, `route = [...]`) a
//!   segment picks an element by its `name`, or else by its 0-based index:
//!   `raid."West cruise missiles".count`, `raid.0.count`,
//!   `raid.West.route.1.alt_m`, `asset."Airbase Alpha".value`;
//! * `catalog.<section>.<type>.<key>` (`catalog.interceptor.48N6-class.sspk`,
//!   `catalog.threat.tomahawk-class.rcs_m2`) changes a catalog type. If the
//!   scenario file does not define that type inline, the type is copied
//!   from the catalog that defines it (the scenario's named catalogs, last
//!   first, then the built-in one) into the file's `[catalog]` table and
//!   changed there, so the override replaces the type for this scenario only.
//!
//! Only values already written (in the file, or in the catalog type) can be
//! varied, and only numbers: an integral value written where an integer
//! was stays an integer; the loader then checks the new value as it checks
//! any scenario (a fractional raid count is refused there). The overridden parameter's provenance becomes
//! `NOTIONAL: override <path> = <value>`, so results say what was changed.

#[cfg(test)]
mod tests;

use crate::catalog::SECTIONS;
use crate::diag::nearest;
use crate::load::{BUILTIN_CATALOG, BUILTIN_CATALOG_NAME};
use std::fmt;
use std::path::Path;
use toml::{Table, Value};

/// One override: the value at `path` becomes `value`.
#[derive(Clone, Debug, PartialEq)]
pub struct Override {
    /// Dotted path (see the module documentation).
    pub path: String,
    /// New value.
    pub value: f64,
}

/// Why an override cannot be applied.
#[derive(Clone, Debug, PartialEq)]
pub struct OverrideError {
    /// The path as given.
    pub path: String,
    /// What is wrong.
    pub message: String,
    /// A suggestion (nearest valid key, expected syntax).
    pub hint: Option<String>,
}

impl fmt::Display for OverrideError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "cannot vary `{}`: {}", self.path, self.message)?;
        if let Some(h) = &self.hint {
            write!(f, "\n = hint: {h}")?;
        }
        Ok(())
    }
}

impl std::error::Error for OverrideError {}

/// Whether `c` may appear in a bare (unquoted) TOML key.
fn is_bare(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_' || c == '-'
}

/// Splits a dotted path into its keys (bare or quoted).
pub fn parse_path(path: &str) -> Result<Vec<String>, OverrideError> {
    let err = |message: String| {
        OverrideError {
        path: path.to_string(),
        message,
        hint: Some(
            "write keys separated by `.`, quoting any with other characters than A-Z a-z 0-9 _ -: raid.\"West cruise missiles\".count"
                .into(),
        ),
    }
    };
    let mut keys = Vec::new();
    let mut chars = path.chars().peekable();
    loop {
        let mut key = String::new();
        match chars.peek() {
            Some(&q @ ('"' | '\'')) => {
                chars.next();
                loop {
                    match chars.next() {
                        None => return Err(err(format!("unclosed quote {q}"))),
                        Some(c) if c == q => break,
                        Some('\\') if q == '"' => match chars.next() {
                            Some(c @ ('"' | '\\')) => key.push(c),
                            _ => return Err(err("only \\\" and \\\\ escapes are allowed".into())),
                        },
                        Some(c) => key.push(c),
                    }
                }
            }
            _ => {
                while let Some(&c) = chars.peek() {
                    if is_bare(c) {
                        key.push(c);
                        chars.next();
                    } else {
                        break;
                    }
                }
                if key.is_empty() {
                    return Err(err(match chars.peek() {
                        None | Some('.') => "empty key".to_string(),
                        Some(c) => format!("unexpected character `{c}`"),
                    }));
                }
            }
        }
        keys.push(key);
        match chars.next() {
            None => return Ok(keys),
            Some('.') => {}
            Some(c) => return Err(err(format!("unexpected character `{c}` after a key"))),
        }
    }
}

/// Renders keys back as a dotted path, quoting where needed.
fn join(keys: &[String]) -> String {
    keys.iter()
        .map(|k| {
            if !k.is_empty() && k.chars().all(is_bare) {
                k.clone()
            } else {
                format!("\"{}\"", k.replace('\\', "\\\\").replace('"', "\\\""))
            }
        })
        .collect::<Vec<_>>()
        .join(".")
}

/// A parsed scenario (or catalog) file.
fn parse_toml(name: &str, text: &str, path: &str) -> Result<Table, OverrideError> {
    text.parse::<Table>().map_err(|e| OverrideError {
        path: path.to_string(),
        message: format!("{name} is not valid TOML: {}", e.message()),
        hint: Some("run `canopy validate` on it".into()),
    })
}

/// The catalog files a scenario names, relative to `base`, parsed; the
/// built-in catalog first.
fn catalogs(doc: &Table, base: &Path, path: &str) -> Result<Vec<Table>, OverrideError> {
    let mut out = vec![parse_toml(BUILTIN_CATALOG_NAME, BUILTIN_CATALOG, path)?];
    let names = doc
        .get("scenario")
        .and_then(|s| s.get("catalogs"))
        .and_then(Value::as_array)
        .map(|a| a.iter().filter_map(Value::as_str).collect::<Vec<_>>())
        .unwrap_or_default();
    for n in names {
        let full = base.join(n);
        let text = std::fs::read_to_string(&full).map_err(|e| OverrideError {
            path: path.to_string(),
            message: format!("cannot read catalog `{}`: {e}", full.display()),
            hint: Some("catalog paths are relative to the scenario file's folder".into()),
        })?;
        out.push(parse_toml(&full.display().to_string(), &text, path)?);
    }
    Ok(out)
}

/// Makes sure `doc.catalog.<section>.<type>` exists, copying it from the
/// catalog that defines it; errors name the nearest section or type.
fn ensure_catalog_type(
    doc: &mut Table,
    keys: &[String],
    base: &Path,
    path: &str,
) -> Result<(), OverrideError> {
    let fail = |message: String, hint: Option<String>| OverrideError {
        path: path.to_string(),
        message,
        hint,
    };
    let Some(section) = keys.get(1) else {
        return Err(fail(
            "a catalog path needs a section, a type and a key".into(),
            Some("e.g. catalog.interceptor.48N6-class.sspk".into()),
        ));
    };
    if !SECTIONS.contains(&section.as_str()) {
        return Err(fail(
            format!("no catalog section `{section}`"),
            Some(match nearest(section, SECTIONS) {
                Some(n) => format!("did you mean `{n}`? sections: {}", SECTIONS.join(", ")),
                None => format!("sections: {}", SECTIONS.join(", ")),
            }),
        ));
    }
    let Some(type_name) = keys.get(2) else {
        return Err(fail(
            format!("a catalog path needs a type after `catalog.{section}`"),
            Some(format!("e.g. catalog.{section}.<type>.<key>")),
        ));
    };
    let inline = doc
        .get("catalog")
        .and_then(|c| c.get(section.as_str()))
        .and_then(|s| s.get(type_name.as_str()))
        .is_some();
    if inline {
        return Ok(());
    }
    let sources = catalogs(doc, base, path)?;
    let found = sources
        .iter()
        .rev()
        .find_map(|c| c.get(section.as_str())?.get(type_name.as_str()).cloned());
    let Some(found) = found else {
        let mut names: Vec<&str> = sources
            .iter()
            .filter_map(|c| c.get(section.as_str())?.as_table())
            .flat_map(|t| t.keys().map(String::as_str))
            .collect();
        if let Some(t) = doc
            .get("catalog")
            .and_then(|c| c.get(section.as_str()))
            .and_then(Value::as_table)
        {
            names.extend(t.keys().map(String::as_str));
        }
        return Err(fail(
            format!("no {section} type `{type_name}` in the catalogs"),
            nearest(type_name, names.iter().copied())
                .map(|n| format!("did you mean `{n}`? (`canopy catalog {section}` lists them)")),
        ));
    };
    let catalog = doc
        .entry("catalog")
        .or_insert_with(|| Value::Table(Table::new()));
    let Value::Table(catalog) = catalog else {
        return Err(fail(
            "`catalog` in the scenario is not a table".into(),
            None,
        ));
    };
    let sec = catalog
        .entry(section.as_str())
        .or_insert_with(|| Value::Table(Table::new()));
    let Value::Table(sec) = sec else {
        return Err(fail(format!("`catalog.{section}` is not a table"), None));
    };
    sec.insert(type_name.clone(), found);
    Ok(())
}

/// The value at `keys` in `doc`, with errors naming the nearest key.
fn locate<'d>(
    doc: &'d mut Table,
    keys: &[String],
    path: &str,
) -> Result<&'d mut Value, OverrideError> {
    let fail = |at: usize, message: String, hint: Option<String>| OverrideError {
        path: path.to_string(),
        message: format!("{message} (at `{}`)", join(&keys[..=at])),
        hint,
    };
    let mut keys_iter = keys.iter().enumerate();
    let Some((_, first)) = keys_iter.next() else {
        return Err(fail(0, "empty path".into(), None));
    };
    if !doc.contains_key(first.as_str()) {
        let names: Vec<&str> = doc.keys().map(String::as_str).collect();
        let hint = nearest(first, names.iter().copied())
            .map(|n| format!("did you mean `{n}`?"))
            .unwrap_or_else(|| format!("top-level keys: {}", names.join(", ")));
        return Err(fail(
            0,
            format!("the scenario has no `{first}`"),
            Some(hint),
        ));
    }
    let mut here: &mut Value = doc
        .get_mut(first.as_str())
        .ok_or_else(|| fail(0, format!("the scenario has no `{first}`"), None))?;
    for (i, key) in keys_iter {
        here = match here {
            Value::Table(t) => {
                if !t.contains_key(key.as_str()) {
                    let names: Vec<&str> = t.keys().map(String::as_str).collect();
                    let hint = match nearest(key, names.iter().copied()) {
                        Some(n) => format!("did you mean `{n}`?"),
                        None => format!(
                            "keys here: {}; only values written in the file can be varied (write the key with its default first)",
                            names.join(", ")
                        ),
                    };
                    return Err(fail(i, format!("no key `{key}`"), Some(hint)));
                }
                t.get_mut(key.as_str())
                    .ok_or_else(|| fail(i, format!("no key `{key}`"), None))?
            }
            Value::Array(a) => {
                let by_name = a
                    .iter()
                    .position(|e| e.get("name").and_then(Value::as_str) == Some(key.as_str()));
                let index = by_name.or_else(|| key.parse::<usize>().ok().filter(|&k| k < a.len()));
                let Some(index) = index else {
                    let names: Vec<&str> = a
                        .iter()
                        .filter_map(|e| e.get("name").and_then(Value::as_str))
                        .collect();
                    let hint = match nearest(key, names.iter().copied()) {
                        Some(n) => format!("did you mean `{n}`?"),
                        None if names.is_empty() => {
                            format!("indices 0 to {}", a.len().saturating_sub(1))
                        }
                        None => format!(
                            "names here: {} (or an index, 0 to {})",
                            names.join(", "),
                            a.len().saturating_sub(1)
                        ),
                    };
                    return Err(fail(i, format!("no element named `{key}`"), Some(hint)));
                };
                &mut a[index]
            }
            _ => {
                return Err(fail(
                    i - 1,
                    "is a value, not a table or array".into(),
                    Some(format!("the path should end at `{}`", join(&keys[..i]))),
                ));
            }
        };
    }
    Ok(here)
}

/// Sets the provenance of the catalog parameter `keys[3]` of the type at
/// `keys[..3]` to say it was overridden.
fn tag_provenance(doc: &mut Table, keys: &[String], path: &str, value: f64) {
    let [_, section, type_name, key] = keys else {
        return;
    };
    let entry = doc
        .get_mut("catalog")
        .and_then(|c| c.get_mut(section.as_str()))
        .and_then(|s| s.get_mut(type_name.as_str()))
        .and_then(Value::as_table_mut);
    if let Some(entry) = entry {
        let prov = entry
            .entry("provenance")
            .or_insert_with(|| Value::Table(Table::new()));
        if let Value::Table(p) = prov {
            p.insert(
                key.clone(),
                Value::String(format!("NOTIONAL: override {path} = {value}")),
            );
        }
    }
}

/// Applies `overrides` in order to the scenario source `text` (its catalog
/// paths relative to `base`) and returns the new source, ready for
/// [`crate::load_str`].
pub fn apply_overrides(
    text: &str,
    base: &Path,
    overrides: &[Override],
) -> Result<String, OverrideError> {
    let first = overrides.first().map_or("", |o| o.path.as_str());
    let mut doc = parse_toml("the scenario", text, first)?;
    for o in overrides {
        let keys = parse_path(&o.path)?;
        if keys.first().map(String::as_str) == Some("catalog") {
            ensure_catalog_type(&mut doc, &keys, base, &o.path)?;
        }
        let slot = locate(&mut doc, &keys, &o.path)?;
        let fail = |message: String, hint: Option<String>| OverrideError {
            path: o.path.clone(),
            message,
            hint,
        };
        if !o.value.is_finite() {
            return Err(fail(format!("{} is not a finite number", o.value), None));
        }
        match slot {
            // An integral value keeps an integer an integer (counts must
            // stay integers); any other is written as a float and the loader
            // says whether the key accepts it.
            Value::Integer(_) if o.value.fract() == 0.0 && o.value.abs() < 9.0e15 => {
                *slot = Value::Integer(o.value as i64);
            }
            Value::Integer(_) => *slot = Value::Float(o.value),
            Value::Float(_) => *slot = Value::Float(o.value),
            other => {
                return Err(fail(
                    format!("it is a {}, not a number", other.type_str()),
                    Some("only numeric values can be varied".into()),
                ));
            }
        }
        if keys.first().map(String::as_str) == Some("catalog") {
            tag_provenance(&mut doc, &keys, &o.path, o.value);
        }
    }
    toml::to_string(&doc).map_err(|e| OverrideError {
        path: first.to_string(),
        message: format!("cannot write the changed scenario: {e}"),
        hint: None,
    })
}
