//! `canopy catalog`: the types a scenario can use, with provenance.

use anyhow::Result;
use canopy_scenario::{Catalog, Entry, builtin_catalog, load_file};
use std::fmt::Write as _;
use std::path::Path;
use std::process::ExitCode;

/// Every catalog entry with its section name.
fn sections(c: &Catalog) -> Vec<(&'static str, Vec<&Entry>)> {
    vec![
        ("radar", c.radars.iter().map(|x| &x.entry).collect()),
        (
            "interceptor",
            c.interceptors.iter().map(|x| &x.entry).collect(),
        ),
        ("launcher", c.launchers.iter().map(|x| &x.entry).collect()),
        (
            "command_post",
            c.command_posts.iter().map(|x| &x.entry).collect(),
        ),
        ("unit", c.units.iter().map(|x| &x.entry).collect()),
        ("threat", c.threats.iter().map(|x| &x.entry).collect()),
    ]
}

/// The full listing of one entry.
fn detail(section: &str, e: &Entry) -> String {
    let mut s = format!("[{section}.{}]  {}\n", e.name, e.description);
    let w = e.params.iter().map(|p| p.key.len()).max().unwrap_or(0);
    for p in &e.params {
        let _ = writeln!(s, "  {:w$} = {:<12} {}", p.key, p.value, p.provenance);
    }
    s
}

pub fn catalog(name: Option<&str>, scenario: Option<&Path>) -> Result<ExitCode> {
    let cat = match scenario {
        Some(path) => load_file(path).map(|l| l.scenario.catalog),
        None => builtin_catalog(),
    };
    let cat = match cat {
        Ok(c) => c,
        Err(e) => {
            eprint!("{}", e.render());
            return Ok(ExitCode::FAILURE);
        }
    };
    let secs = sections(&cat);
    let mut out = String::new();
    match name {
        None => {
            for (sec, entries) in &secs {
                let _ = writeln!(out, "{sec}:");
                for e in entries {
                    let _ = writeln!(out, "  {:22} {}", e.name, e.description);
                }
            }
            out.push_str(
                "\n`canopy catalog NAME` shows a type's parameters and their provenance.\n",
            );
        }
        Some(n) => {
            if let Some((sec, entries)) = secs.iter().find(|(s, _)| *s == n) {
                for e in entries {
                    out.push_str(&detail(sec, e));
                    out.push('\n');
                }
            } else if let Some((sec, e)) = secs
                .iter()
                .flat_map(|(s, es)| es.iter().map(move |e| (*s, *e)))
                .find(|(_, e)| e.name == n)
            {
                out.push_str(&detail(sec, e));
            } else {
                let all = secs.iter().flat_map(|(s, es)| {
                    std::iter::once(*s).chain(es.iter().map(|e| e.name.as_str()))
                });
                let hint = canopy_scenario::diag::nearest(n, all)
                    .map(|x| format!("did you mean `{x}`?"))
                    .unwrap_or_else(|| "run `canopy catalog` to list every type".into());
                eprintln!("error: no catalog type or section named `{n}`\n = hint: {hint}");
                return Ok(ExitCode::FAILURE);
            }
        }
    }
    print!("{out}");
    Ok(ExitCode::SUCCESS)
}
