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

/// A diagnostic placed in its file, ready for JSON output.
#[derive(Debug, Clone, Serialize)]
pub struct Located {
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
}

impl Located {
    /// Places `diag` in `text`, the contents of `file`.
    pub fn new(file: &str, text: &str, diag: &Diagnostic) -> Self {
        let (line, column) = line_column(text, diag.span.start);
        let (end_line, end_column) = line_column(text, diag.span.end);
        Located {
            file: file.to_string(),
            line,
            column,
            end_line,
            end_column,
            severity: diag.level,
            message: diag.message.clone(),
            help: diag.help.clone(),
        }
    }

    /// `file:line:column`
    pub fn position(&self) -> String {
        format!("{}:{}:{}", self.file, self.line, self.column)
    }
}

/// Renders `diags` for a terminal: `file:line:col`, the line, a caret, the fix.
pub fn report(path: &Path, text: &str, diags: &[Diagnostic], color: bool) -> String {
    let name = path.display().to_string();
    let file = SimpleFile::new(name, text);
    let config = term::Config::default();
    let mut out: Vec<u8> = Vec::new();
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
            let loc = Located::new(&path.display().to_string(), text, d);
            out.extend_from_slice(
                format!("{:?}: {}: {}\n", d.level, loc.position(), d.message).as_bytes(),
            );
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// A file that could not be read as text, as a one-line error naming the file and byte.
pub fn not_utf8(path: &Path, err: &std::string::FromUtf8Error) -> String {
    format!(
        "error: {} is not valid UTF-8 (first bad byte at offset {})\n  = help: save the file as UTF-8",
        path.display(),
        err.utf8_error().valid_up_to()
    )
}
