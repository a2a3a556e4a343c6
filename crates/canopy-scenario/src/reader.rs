//! A reader over TOML's spanned document tree that collects every problem
//! instead of stopping at the first, and rejects unknown fields with a
//! nearest-name hint.
//!
//! serde's `deny_unknown_fields` stops at the first error and loses spans for
//! semantic checks; walking `toml::de::DeTable` directly keeps a span for
//! every key and value.

use crate::diag::{Diagnostic, FileId, nearest};
use std::ops::Range;
use toml::Spanned;
use toml::de::{DeTable, DeValue};

/// A value with the byte span it was read from.
#[derive(Clone, Debug, PartialEq)]
pub struct Sp<T> {
    /// The value.
    pub v: T,
    /// Where it is in its file.
    pub span: Range<usize>,
}

/// Collects diagnostics for one file.
pub(crate) struct Cx<'d> {
    pub file: FileId,
    pub diags: &'d mut Vec<Diagnostic>,
}

impl Cx<'_> {
    pub fn error(&mut self, span: Range<usize>, message: impl Into<String>, hint: Option<String>) {
        self.diags.push(Diagnostic {
            file: self.file,
            span,
            message: message.into(),
            hint,
        });
    }
}

/// The constraint a number must satisfy.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Rule {
    /// Strictly positive.
    Positive,
    /// Zero or more.
    NonNegative,
    /// Within a closed interval.
    Within(f64, f64),
}

impl Rule {
    fn check(self, x: f64) -> Result<(), String> {
        match self {
            Rule::Positive if x > 0.0 => Ok(()),
            Rule::Positive => Err(format!("must be greater than zero, got {x}")),
            Rule::NonNegative if x >= 0.0 => Ok(()),
            Rule::NonNegative => Err(format!("must not be negative, got {x}")),
            Rule::Within(lo, hi) if (lo..=hi).contains(&x) => Ok(()),
            Rule::Within(lo, hi) => Err(format!("must be between {lo} and {hi}, got {x}")),
        }
    }
}

/// A TOML table being read: remembers which keys were asked for so that
/// [`Obj::finish`] can report the rest as unknown.
pub(crate) struct Obj<'a, 'i> {
    table: &'a DeTable<'i>,
    span: Range<usize>,
    what: String,
    known: Vec<&'static str>,
    /// Every number read, in reading order, for catalog listings.
    pub numbers: Vec<(&'static str, f64)>,
}

fn type_name(v: &DeValue<'_>) -> &'static str {
    match v {
        DeValue::String(_) => "a string",
        DeValue::Integer(_) => "an integer",
        DeValue::Float(_) => "a number",
        DeValue::Boolean(_) => "a boolean",
        DeValue::Datetime(_) => "a date-time",
        DeValue::Array(_) => "an array",
        DeValue::Table(_) => "a table",
    }
}

/// The number a TOML integer or float holds, if any.
fn as_f64(v: &DeValue<'_>) -> Option<f64> {
    match v {
        DeValue::Integer(i) => i64::from_str_radix(&i.as_str().replace('_', ""), i.radix())
            .ok()
            .map(|x| x as f64),
        DeValue::Float(f) => f.as_str().replace('_', "").parse::<f64>().ok(),
        _ => None,
    }
}

impl<'a, 'i> Obj<'a, 'i> {
    /// Wraps a table; `what` names it in messages ("raid `North wave`").
    pub fn new(table: &'a DeTable<'i>, span: Range<usize>, what: impl Into<String>) -> Self {
        Obj {
            table,
            span,
            what: what.into(),
            known: Vec::new(),
            numbers: Vec::new(),
        }
    }

    /// Interprets a spanned value as a table, or reports that it is not one.
    pub fn from_value(
        cx: &mut Cx<'_>,
        v: &'a Spanned<DeValue<'i>>,
        what: impl Into<String>,
    ) -> Option<Self> {
        let what = what.into();
        match v.get_ref() {
            DeValue::Table(t) => Some(Obj::new(t, v.span(), what)),
            other => {
                cx.error(
                    v.span(),
                    format!("{what} must be a table, found {}", type_name(other)),
                    None,
                );
                None
            }
        }
    }

    /// The span of the whole table.
    pub fn span(&self) -> Range<usize> {
        self.span.clone()
    }

    /// What the table is called in messages.
    pub fn what(&self) -> &str {
        &self.what
    }

    /// The raw value of `key`, marking it known.
    pub fn raw(&mut self, key: &'static str) -> Option<&'a Spanned<DeValue<'i>>> {
        self.known.push(key);
        self.table.get(key)
    }

    fn missing(&self, cx: &mut Cx<'_>, key: &str, example: &str) {
        cx.error(
            self.span.clone(),
            format!("missing field `{key}` in {}", self.what),
            Some(format!("add `{key} = {example}`")),
        );
    }

    /// An optional number checked against `rule`.
    pub fn opt_num(&mut self, cx: &mut Cx<'_>, key: &'static str, rule: Rule) -> Option<Sp<f64>> {
        let v = self.raw(key)?;
        let Some(x) = as_f64(v.get_ref()) else {
            cx.error(
                v.span(),
                format!("`{key}` must be a number, found {}", type_name(v.get_ref())),
                None,
            );
            return None;
        };
        if !x.is_finite() {
            cx.error(
                v.span(),
                format!("`{key}` must be a finite number, got {x}"),
                None,
            );
            return None;
        }
        if let Err(msg) = rule.check(x) {
            cx.error(v.span(), format!("`{key}` {msg}"), None);
            return None;
        }
        self.numbers.push((key, x));
        Some(Sp {
            v: x,
            span: v.span(),
        })
    }

    /// A required number checked against `rule`.
    pub fn num(&mut self, cx: &mut Cx<'_>, key: &'static str, rule: Rule) -> Option<Sp<f64>> {
        if self.table.get(key).is_none() {
            self.known.push(key);
            self.missing(cx, key, "…");
            return None;
        }
        self.opt_num(cx, key, rule)
    }

    /// An optional whole number ≥ `min`.
    pub fn opt_count(&mut self, cx: &mut Cx<'_>, key: &'static str, min: u32) -> Option<Sp<u32>> {
        let v = self.raw(key)?;
        let ok = match v.get_ref() {
            DeValue::Integer(i) => i64::from_str_radix(&i.as_str().replace('_', ""), i.radix())
                .ok()
                .filter(|&n| n >= i64::from(min) && n <= i64::from(u32::MAX)),
            _ => None,
        };
        match ok {
            Some(n) => {
                self.numbers.push((key, n as f64));
                Some(Sp {
                    v: n as u32,
                    span: v.span(),
                })
            }
            None => {
                cx.error(
                    v.span(),
                    format!("`{key}` must be a whole number of at least {min}"),
                    None,
                );
                None
            }
        }
    }

    /// A required whole number ≥ `min`.
    pub fn count(&mut self, cx: &mut Cx<'_>, key: &'static str, min: u32) -> Option<Sp<u32>> {
        if self.table.get(key).is_none() {
            self.known.push(key);
            self.missing(cx, key, &min.max(1).to_string());
            return None;
        }
        self.opt_count(cx, key, min)
    }

    /// An optional string.
    pub fn opt_str(&mut self, cx: &mut Cx<'_>, key: &'static str) -> Option<Sp<String>> {
        let v = self.raw(key)?;
        match v.get_ref() {
            DeValue::String(s) => Some(Sp {
                v: s.to_string(),
                span: v.span(),
            }),
            other => {
                cx.error(
                    v.span(),
                    format!("`{key}` must be a string, found {}", type_name(other)),
                    Some(format!("quote it: `{key} = \"…\"`")),
                );
                None
            }
        }
    }

    /// A required string.
    pub fn str(&mut self, cx: &mut Cx<'_>, key: &'static str) -> Option<Sp<String>> {
        if self.table.get(key).is_none() {
            self.known.push(key);
            self.missing(cx, key, "\"…\"");
            return None;
        }
        self.opt_str(cx, key)
    }

    /// An optional string that must be one of `choices`.
    pub fn opt_choice(
        &mut self,
        cx: &mut Cx<'_>,
        key: &'static str,
        choices: &[&'static str],
    ) -> Option<Sp<&'static str>> {
        let s = self.opt_str(cx, key)?;
        match choices.iter().find(|&&c| c == s.v) {
            Some(&c) => Some(Sp { v: c, span: s.span }),
            None => {
                let hint = match nearest(&s.v, choices.iter().copied()) {
                    Some(n) => format!("did you mean `{n}`?"),
                    None => format!("expected one of: {}", choices.join(", ")),
                };
                cx.error(s.span, format!("unknown {key} `{}`", s.v), Some(hint));
                None
            }
        }
    }

    /// An optional array; each element is returned with its span.
    pub fn opt_array(
        &mut self,
        cx: &mut Cx<'_>,
        key: &'static str,
    ) -> Option<Sp<&'a [Spanned<DeValue<'i>>]>> {
        let v = self.raw(key)?;
        match v.get_ref() {
            DeValue::Array(a) => Some(Sp {
                v: &a[..],
                span: v.span(),
            }),
            other => {
                cx.error(
                    v.span(),
                    format!("`{key}` must be an array, found {}", type_name(other)),
                    None,
                );
                None
            }
        }
    }

    /// An optional boolean.
    pub fn opt_bool(&mut self, cx: &mut Cx<'_>, key: &'static str) -> Option<Sp<bool>> {
        let v = self.raw(key)?;
        match v.get_ref() {
            DeValue::Boolean(b) => Some(Sp {
                v: *b,
                span: v.span(),
            }),
            other => {
                cx.error(
                    v.span(),
                    format!("`{key}` must be true or false, found {}", type_name(other)),
                    Some(format!(
                        "write `{key} = true` or `{key} = false`, without quotes"
                    )),
                );
                None
            }
        }
    }

    /// An optional sub-table.
    pub fn opt_table(&mut self, cx: &mut Cx<'_>, key: &'static str) -> Option<Obj<'a, 'i>> {
        let what = format!("`{key}` of {}", self.what);
        let v = self.raw(key)?;
        Obj::from_value(cx, v, what)
    }

    /// The entries of a table whose keys are user-chosen names
    /// (`[threat.brahmos-class]`), with each key's span.
    pub fn entries(&self) -> impl Iterator<Item = (Sp<String>, &'a Spanned<DeValue<'i>>)> {
        self.table.iter().map(|(k, v)| {
            (
                Sp {
                    v: k.get_ref().to_string(),
                    span: k.span(),
                },
                v,
            )
        })
    }

    /// Reports every key that was never asked for.
    pub fn finish(self, cx: &mut Cx<'_>) {
        for (k, _) in self.table.iter() {
            let name: &str = k.get_ref();
            if self.known.contains(&name) {
                continue;
            }
            let hint = match nearest(name, self.known.iter().copied()) {
                Some(n) => format!("did you mean `{n}`?"),
                None => {
                    let mut fields: Vec<&str> = self.known.clone();
                    fields.sort_unstable();
                    fields.dedup();
                    format!("valid fields here: {}", fields.join(", "))
                }
            };
            cx.error(
                k.span(),
                format!("unknown field `{name}` in {}", self.what),
                Some(hint),
            );
        }
    }
}
