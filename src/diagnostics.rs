//! Problems found in what people wrote, with where they are and how to fix them, and the
//! two ways they are shown: a terminal report with the line and a caret, and JSON.

use crate::journey::Span;
use codespan_reporting::diagnostic as cs;
use codespan_reporting::files::SimpleFile;
use codespan_reporting::term;
use serde::Serialize;
use std::path::Path;

/// How bad a problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// Worth a look; the output is still made.
    Warning,
    /// The input cannot be used as written.
    Error,
}

/// A change that fixes a problem: the text at `span` replaced by `replacement` (an empty
/// span inserts it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Fix {
    /// What to replace, in bytes of the file.
    pub span: Span,
    /// What to put there.
    pub replacement: String,
}

/// One problem in one file.
#[derive(Debug, Clone, PartialEq)]
pub struct Diagnostic {
    /// Error or warning.
    pub level: Level,
    /// What is wrong, in one sentence.
    pub message: String,
    /// Where, in bytes of the file.
    pub span: Span,
    /// A short note shown under the caret.
    pub label: Option<String>,
    /// How to fix it.
    pub help: Option<String>,
    /// The edit that fixes it, when there is one obvious fix.
    pub fix: Option<Fix>,
}

impl Diagnostic {
    /// An error at `span`.
    pub fn error(span: Span, message: impl Into<String>) -> Self {
        Diagnostic {
            level: Level::Error,
            message: message.into(),
            span,
            label: None,
            help: None,
            fix: None,
        }
    }

    /// A warning at `span`.
    pub fn warning(span: Span, message: impl Into<String>) -> Self {
        Diagnostic {
            level: Level::Warning,
            ..Diagnostic::error(span, message)
        }
    }

    /// Adds a note shown under the caret.
    pub fn with_label(mut self, label: impl Into<String>) -> Self {
        self.label = Some(label.into());
        self
    }

    /// Adds advice on how to fix the problem.
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Sets the edit that fixes the problem, in place.
    pub fn fix(&mut self, fix: Fix) -> &mut Self {
        self.fix = Some(fix);
        self
    }

    /// Sets the note shown under the caret, in place.
    pub fn label(&mut self, label: impl Into<String>) -> &mut Self {
        self.label = Some(label.into());
        self
    }

    /// Sets the advice on how to fix the problem, in place.
    pub fn help(&mut self, help: impl Into<String>) -> &mut Self {
        self.help = Some(help.into());
        self
    }

    /// Whether this is an error.
    pub fn is_error(&self) -> bool {
        self.level == Level::Error
    }
}

/// The largest char boundary of `text` at or before `offset`.
fn floor_char_boundary(text: &str, offset: usize) -> usize {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// 1-based line and column (in characters) of byte `offset` in `text`.
pub fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..floor_char_boundary(text, offset)];
    let line = before.bytes().filter(|&b| b == b'\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before[line_start..].chars().count() + 1;
    (line, column)
}

/// Where each line of a text starts, found in one pass over the text. Placing a
/// diagnostic is then a binary search, so a file with many problems costs one scan, not
/// one scan per problem.
#[derive(Debug, Clone)]
pub(crate) struct LineIndex<'a> {
    text: &'a str,
    /// Byte offset where each line starts; the first is always 0.
    starts: Vec<usize>,
    /// Whether each line is plain ASCII: its columns are then byte counts.
    ascii: Vec<bool>,
}

impl<'a> LineIndex<'a> {
    /// Indexes the lines of `text`.
    pub(crate) fn new(text: &'a str) -> Self {
        let mut starts = vec![0];
        let mut ascii = Vec::new();
        for (i, _) in text.match_indices('\n') {
            let start = starts[starts.len() - 1];
            ascii.push(text[start..i].is_ascii());
            starts.push(i + 1);
        }
        let last = starts[starts.len() - 1];
        ascii.push(text[last..].is_ascii());
        LineIndex {
            text,
            starts,
            ascii,
        }
    }

    /// 1-based line and column (in characters) of byte `offset`, as [`line_column`].
    pub(crate) fn line_column(&self, offset: usize) -> (usize, usize) {
        let offset = floor_char_boundary(self.text, offset);
        // The first line start is 0, so at least one start is at or before `offset`.
        let line = self.starts.partition_point(|&s| s <= offset);
        let start = self.starts[line - 1];
        let column = if self.ascii[line - 1] {
            offset - start
        } else {
            self.text[start..offset].chars().count()
        };
        (line, column + 1)
    }
}

/// A diagnostic placed in its file, ready for JSON output.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Located {
    /// The file, as given on the command line or found in the site.
    pub file: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
    /// Line and column where the problem ends.
    pub end_line: usize,
    /// Column where the problem ends (exclusive).
    pub end_column: usize,
    /// `error` or `warning`.
    pub severity: Level,
    /// What is wrong.
    pub message: String,
    /// How to fix it, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
    /// The edit that fixes it, when there is one obvious fix.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fix: Option<LocatedFix>,
}

/// A [`Fix`] placed in its file.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct LocatedFix {
    /// 1-based line and column (in characters) where the replaced text starts.
    pub line: usize,
    /// Column of the start.
    pub column: usize,
    /// Line where the replaced text ends.
    pub end_line: usize,
    /// Column where it ends (exclusive).
    pub end_column: usize,
    /// Byte offsets of the replaced text in the file.
    pub start: usize,
    /// One past its last byte.
    pub end: usize,
    /// The new text.
    pub replacement: String,
}

impl Located {
    /// Places `diag` in the file `file` whose lines are `lines`.
    pub(crate) fn in_lines(file: &str, lines: &LineIndex, diag: &Diagnostic) -> Self {
        let (line, column) = lines.line_column(diag.span.start);
        let (end_line, end_column) = lines.line_column(diag.span.end);
        Located {
            file: file.to_string(),
            line,
            column,
            end_line,
            end_column,
            severity: diag.level,
            message: diag.message.clone(),
            help: diag.help.clone(),
            fix: diag.fix.as_ref().map(|f| {
                let (line, column) = lines.line_column(f.span.start);
                let (end_line, end_column) = lines.line_column(f.span.end);
                LocatedFix {
                    line,
                    column,
                    end_line,
                    end_column,
                    start: f.span.start,
                    end: f.span.end,
                    replacement: f.replacement.clone(),
                }
            }),
        }
    }

    /// `file:line:column`
    pub(crate) fn position(&self) -> String {
        format!("{}:{}:{}", self.file, self.line, self.column)
    }
}

/// Renders `diags` for a terminal: `file:line:col`, the line, a caret, the fix.
pub fn report(path: &Path, text: &str, diags: &[Diagnostic], color: bool) -> String {
    let name = path.display().to_string();
    let file = SimpleFile::new(name.as_str(), text);
    let config = term::Config::default();
    let mut out: Vec<u8> = Vec::new();
    let mut lines: Option<LineIndex> = None;
    for d in diags {
        let mut cs_diag = match d.level {
            Level::Error => cs::Diagnostic::error(),
            Level::Warning => cs::Diagnostic::warning(),
        }
        .with_message(&d.message);
        let start = floor_char_boundary(text, d.span.start);
        let end = floor_char_boundary(text, d.span.end.max(start));
        let mut label = cs::Label::primary((), start..end);
        if let Some(l) = &d.label {
            label = label.with_message(l);
        }
        cs_diag = cs_diag.with_labels(vec![label]);
        if let Some(h) = &d.help {
            cs_diag = cs_diag.with_notes(vec![format!("help: {h}")]);
        }
        let result = if color {
            let mut w = term::termcolor::Ansi::new(&mut out);
            term::emit(&mut w, &config, &file, &cs_diag)
        } else {
            let mut w = term::termcolor::NoColor::new(&mut out);
            term::emit(&mut w, &config, &file, &cs_diag)
        };
        if result.is_err() {
            // The span could not be placed (it never should); still say what is wrong.
            let lines = lines.get_or_insert_with(|| LineIndex::new(text));
            let loc = Located::in_lines(&name, lines, d);
            out.extend_from_slice(
                format!("{:?}: {}: {}\n", d.level, loc.position(), d.message).as_bytes(),
            );
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Whether what goes to standard error may be coloured and animated: it is a terminal
/// and `NO_COLOR` is not set.
pub fn stderr_color() -> bool {
    use std::io::IsTerminal;
    std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A text with every kind of line: empty, CRLF, multi-byte, and no final newline.
    const TEXT: &str = "journey\r\n\nsection Café ☕\n  Step: 3: Me\n\t日本語: x\n🚲🚲\nend";

    #[test]
    fn line_index_agrees_with_a_scan_at_every_offset() {
        let lines = LineIndex::new(TEXT);
        // Past the end and inside multi-byte characters included.
        for offset in 0..TEXT.len() + 3 {
            assert_eq!(
                lines.line_column(offset),
                line_column(TEXT, offset),
                "offset {offset}"
            );
        }
    }

    #[test]
    fn line_index_places_the_end_of_the_file() {
        let lines = LineIndex::new(TEXT);
        assert_eq!(lines.line_column(TEXT.len()), (7, 4));
        assert_eq!(LineIndex::new("").line_column(0), (1, 1));
        assert_eq!(LineIndex::new("a\n").line_column(2), (2, 1));
        let after_emoji = TEXT.find("🚲").unwrap_or(0) + "🚲".len();
        assert_eq!(lines.line_column(after_emoji), (6, 2));
    }

    #[test]
    fn many_diagnostics_are_placed_on_their_own_lines() {
        let mut text = String::new();
        let mut diags = Vec::new();
        for i in 0..5_000 {
            // Every other line is not ASCII, so both ways of counting columns are used.
            let prefix = if i % 2 == 0 { "  " } else { "é " };
            let start = text.len() + prefix.len();
            text.push_str(&format!("{prefix}Step {i}: lots: Me\n"));
            diags.push(Diagnostic::error(Span::new(start, start + 4), "bad"));
        }
        let lines = LineIndex::new(&text);
        for (i, d) in diags.iter().enumerate() {
            let loc = Located::in_lines("f.md", &lines, d);
            assert_eq!((loc.line, loc.column), (i + 1, 3), "diagnostic {i}");
            assert_eq!((loc.end_line, loc.end_column), (i + 1, 7));
        }
    }
}
