//! Diagnostics: a message tied to a byte span of a source file, rendered with
//! `file:line:column`, the source line and a caret underline, and a hint.

use std::fmt::Write as _;
use std::ops::Range;

/// Index of a file in a [`SourceMap`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct FileId(pub(crate) usize);

/// The texts of every file a scenario was read from (the scenario itself, its
/// catalogs, and the built-in catalog), so diagnostics can quote them.
#[derive(Clone, Debug, Default)]
pub struct SourceMap {
    files: Vec<SourceFile>,
}

#[derive(Clone, Debug)]
struct SourceFile {
    name: String,
    text: String,
    /// Byte offsets where each line starts.
    line_starts: Vec<usize>,
}

impl SourceMap {
    /// Every file's text, in the order added (catalogs, then the scenario).
    pub fn texts(&self) -> impl Iterator<Item = &str> {
        self.files.iter().map(|f| f.text.as_str())
    }

    /// Adds a file and returns its id.
    pub fn add(&mut self, name: impl Into<String>, text: impl Into<String>) -> FileId {
        let text = text.into();
        let line_starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        self.files.push(SourceFile {
            name: name.into(),
            text,
            line_starts,
        });
        FileId(self.files.len() - 1)
    }

    /// The file's name as given.
    pub fn name(&self, id: FileId) -> &str {
        &self.files[id.0].name
    }

    /// The file's text.
    pub fn text(&self, id: FileId) -> &str {
        &self.files[id.0].text
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub fn line_col(&self, id: FileId, offset: usize) -> (usize, usize) {
        let f = &self.files[id.0];
        let offset = offset.min(f.text.len());
        let line = f.line_starts.partition_point(|&s| s <= offset) - 1;
        let start = f.line_starts[line];
        let col = f.text[start..offset].chars().count() + 1;
        (line + 1, col)
    }

    fn line_text(&self, id: FileId, line: usize) -> &str {
        let f = &self.files[id.0];
        let start = f.line_starts[line - 1];
        let end = f.line_starts.get(line).copied().unwrap_or(f.text.len());
        f.text[start..end].trim_end_matches(['\n', '\r'])
    }
}

/// One problem found in user input.
#[derive(Clone, Debug, PartialEq)]
pub struct Diagnostic {
    /// The file the problem is in.
    pub file: FileId,
    /// Byte range of the offending text.
    pub span: Range<usize>,
    /// What is wrong.
    pub message: String,
    /// How to fix it, when we can tell.
    pub hint: Option<String>,
}

impl Diagnostic {
    /// `file:line:column` of the start of the span.
    pub fn location(&self, map: &SourceMap) -> String {
        let (l, c) = map.line_col(self.file, self.span.start);
        format!("{}:{l}:{c}", map.name(self.file))
    }

    /// Renders in the rustc style:
    ///
    /// ```text
    /// error: unknown threat type `brahmos`
    ///   --> scenario.toml:12:10
    ///    |
    /// 12 | threat = "brahmos"
    ///    |          ^^^^^^^^^
    ///    = hint: did you mean `brahmos-class`?
    /// ```
    pub fn render(&self, map: &SourceMap) -> String {
        let (line, col) = map.line_col(self.file, self.span.start);
        let text = map.line_text(self.file, line);
        let gutter = line.to_string().len();
        let pad = " ".repeat(gutter);
        // Underline to the end of the span or of the line, whichever is first,
        // and at least one caret so an empty span still points somewhere.
        let line_chars = text.chars().count();
        let span_chars = map.text(self.file)[self.span.start.min(map.text(self.file).len())
            ..self.span.end.min(map.text(self.file).len())]
            .chars()
            .take_while(|&c| c != '\n')
            .count();
        let width = span_chars.min(line_chars.saturating_sub(col - 1)).max(1);
        let mut out = String::new();
        let _ = writeln!(out, "error: {}", self.message);
        let _ = writeln!(out, "{pad}--> {}:{line}:{col}", map.name(self.file));
        let _ = writeln!(out, "{pad} |");
        let _ = writeln!(out, "{line} | {text}");
        let _ = writeln!(out, "{pad} | {}{}", " ".repeat(col - 1), "^".repeat(width));
        if let Some(h) = &self.hint {
            let _ = writeln!(out, "{pad} = hint: {h}");
        }
        out
    }
}

/// Renders a list of diagnostics, followed by a count line.
pub fn render_all(diags: &[Diagnostic], map: &SourceMap) -> String {
    let mut out = String::new();
    for d in diags {
        out.push_str(&d.render(map));
        out.push('\n');
    }
    let n = diags.len();
    let _ = writeln!(out, "{n} error{}", if n == 1 { "" } else { "s" });
    out
}

/// The candidate closest to `word` by edit distance, if it is a plausible
/// typo (distance at most a third of the longer word, min 2) or one name is a
/// prefix of the other (`brahmos` for `brahmos-class`).
pub fn nearest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let w = word.to_ascii_lowercase();
    candidates
        .into_iter()
        .map(|c| {
            let lc = c.to_ascii_lowercase();
            let prefix = !w.is_empty() && (lc.starts_with(&w) || w.starts_with(&lc));
            (edit_distance(&w, &lc), prefix, c)
        })
        .filter(|&(d, prefix, c)| prefix || d <= (w.len().max(c.len()) / 3).max(2))
        .map(|(d, _, c)| (d, c))
        .min_by_key(|&(d, c)| (d, c.len()))
        .map(|(_, c)| c)
}

/// Levenshtein distance over characters.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, ca) in a.chars().enumerate() {
        cur[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            cur[j + 1] = (prev[j] + usize::from(ca != cb))
                .min(prev[j + 1] + 1)
                .min(cur[j] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn render_points_at_the_value() {
        let mut map = SourceMap::default();
        let f = map.add("s.toml", "[raid]\nthreat = \"brahmos\"\n");
        let d = Diagnostic {
            file: f,
            span: 16..25,
            message: "unknown threat type `brahmos`".into(),
            hint: Some("did you mean `brahmos-class`?".into()),
        };
        assert_eq!(d.location(&map), "s.toml:2:10");
        let r = d.render(&map);
        assert!(r.contains("2 | threat = \"brahmos\"\n"), "{r}");
        assert!(r.contains("  |          ^^^^^^^^^\n"), "{r}");
        assert!(r.contains("= hint: did you mean `brahmos-class`?"), "{r}");
    }

    #[test]
    fn nearest_finds_typos_only() {
        let names = ["brahmos-class", "tomahawk-class", "shahed-class"];
        assert_eq!(nearest("brahmos", names), Some("brahmos-class"));
        assert_eq!(nearest("tomahwak-class", names), Some("tomahawk-class"));
        assert_eq!(nearest("zzz", names), None);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
    }
}
