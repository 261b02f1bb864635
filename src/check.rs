//! Every problem in every journey of the files and folders named (what `waymark check`
//! reports): each file parsed, then checked against the personas all of them define.

use crate::diagnostics::{Diagnostic, LineIndex, Located};
use crate::error::Error;
use crate::journey::source::{is_mermaid_journey, FenceOptions};
use crate::journey::{parse_source, validate, SourceKind};
use crate::sources;
use std::path::{Path, PathBuf};

/// What to check.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CheckOptions {
    /// Also read ` ```mermaid ` fences holding a journey.
    pub mermaid: bool,
    /// A map reviewed longer ago than this many days is stale.
    pub stale_after_days: u32,
    /// Today, as days since 1970-01-01; `None` skips the staleness check.
    pub today: Option<i64>,
}

/// One file read and checked.
#[derive(Debug, Clone)]
pub struct CheckedFile {
    /// Its name: the path, or `<stdin>`.
    pub name: PathBuf,
    /// Its text.
    pub text: String,
    /// Its problems, in file order.
    pub diagnostics: Vec<Diagnostic>,
}

/// Everything found.
#[derive(Debug)]
pub struct Checked {
    /// The files read, in the order found.
    pub files: Vec<CheckedFile>,
    /// The files that could not be read: each one error.
    pub unreadable: Vec<Error>,
    /// How many journeys the files hold.
    pub journeys: usize,
}

impl Checked {
    /// How many files were checked, read or not.
    pub fn file_count(&self) -> usize {
        self.files.len() + self.unreadable.len()
    }

    /// How many errors were found; an unreadable file is one.
    pub fn errors(&self) -> usize {
        self.unreadable.len() + self.diagnostics().filter(|d| d.is_error()).count()
    }

    /// How many warnings were found.
    pub fn warnings(&self) -> usize {
        self.diagnostics().filter(|d| !d.is_error()).count()
    }

    fn diagnostics(&self) -> impl Iterator<Item = &Diagnostic> {
        self.files.iter().flat_map(|f| &f.diagnostics)
    }

    /// The JSON document for CI and editors: counts, and every problem with its file,
    /// line and column (an unreadable file at 1:1).
    pub fn to_json(&self) -> serde_json::Value {
        let mut located: Vec<serde_json::Value> = self
            .unreadable
            .iter()
            .map(|e| {
                serde_json::json!({
                    "file": unreadable_name(e).display().to_string(), "line": 1, "column": 1,
                    "end_line": 1, "end_column": 1, "severity": "error",
                    "message": with_causes(e),
                })
            })
            .collect();
        for f in self.files.iter().filter(|f| !f.diagnostics.is_empty()) {
            let name = f.name.display().to_string();
            // One pass over the file places all of its diagnostics.
            let lines = LineIndex::new(&f.text);
            for d in &f.diagnostics {
                located.push(
                    serde_json::to_value(Located::in_lines(&name, &lines, d)).unwrap_or_default(),
                );
            }
        }
        serde_json::json!({
            "files": self.file_count(),
            "journeys": self.journeys,
            "errors": self.errors(),
            "warnings": self.warnings(),
            "diagnostics": located,
        })
    }
}

/// The file an error of [`Checked::unreadable`] is about.
fn unreadable_name(e: &Error) -> &Path {
    match e {
        Error::Read { path, .. } | Error::NotUtf8 { path, .. } | Error::NotAFile { path } => path,
        _ => Path::new(""),
    }
}

/// An error and its causes on one line.
fn with_causes(e: &Error) -> String {
    let mut text = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        text.push_str(": ");
        text.push_str(&s.to_string());
        source = s.source();
    }
    text
}

/// Checks the files named by `paths` (`-` for standard input) and the `.md`, `.journey`,
/// `.mmd` and `.mermaid` files in the folders among them. A path that names nothing is an error; a file that cannot be
/// read is one of the problems found.
pub fn check(paths: &[PathBuf], opts: &CheckOptions) -> Result<Checked, Error> {
    let fences = FenceOptions {
        mermaid: opts.mermaid,
    };
    let mut unreadable = Vec::new();
    let mut parsed = Vec::new();
    for found in sources::collect(paths)? {
        match sources::read_input(&found.path) {
            // A folder may hold Mermaid files with other diagrams: those are not waymark's.
            Ok(input)
                if !found.named
                    && input.kind == SourceKind::MermaidFile
                    && !is_mermaid_journey(&input.text) => {}
            Ok(input) => {
                let mut p = parse_source(&input.text, input.kind, fences);
                let data = crate::evidence::attach_to_file(&mut p.journeys, &input.name);
                p.diagnostics.extend(data.diagnostics);
                parsed.push((input, p));
            }
            Err(e) => unreadable.push(e),
        }
    }
    let personas: Vec<_> = parsed
        .iter()
        .flat_map(|(_, p)| p.personas.iter().cloned())
        .collect();
    let ctx = validate::Context {
        personas: &personas,
        today: opts.today,
        stale_after_days: i64::from(opts.stale_after_days),
    };
    let mut journeys = 0;
    let mut files = Vec::new();
    for (input, p) in parsed {
        let mut diagnostics = p.diagnostics;
        for j in &p.journeys {
            diagnostics.extend(validate::check_journey(j, &ctx));
        }
        diagnostics.sort_by_key(|d| (d.span.start, d.span.end));
        journeys += p.journeys.len();
        files.push(CheckedFile {
            name: input.name,
            text: input.text,
            diagnostics,
        });
    }
    Ok(Checked {
        files,
        unreadable,
        journeys,
    })
}
