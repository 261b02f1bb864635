//! Every problem in every journey of the files and folders named (what `waymark check`
//! reports): each file parsed, then checked against the personas all of them define.

use crate::diagnostics::{Diagnostic, LineIndex, Located};
use crate::error::Error;
use crate::journey::source::{is_mermaid_journey, FenceOptions};
use crate::journey::{parse_source, validate, SourceKind};
use crate::sources;
use std::collections::HashMap;
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

/// How well one journey is backed by data (`waymark check --min-evidence`).
#[derive(Debug, Clone)]
pub struct Backing {
    /// The file it is in.
    pub file: PathBuf,
    /// Where it starts: line and column, from 1.
    pub line: usize,
    /// See `line`.
    pub column: usize,
    /// Its title (or its accessible title, or `untitled`).
    pub title: String,
    /// Steps backed by evidence.
    pub backed: usize,
    /// All steps.
    pub steps: usize,
    /// The steps that are assumptions: name and line.
    pub unbacked: Vec<(String, usize)>,
}

impl Backing {
    /// The share of backed steps, 0 to 100 (100 for a journey without steps).
    pub fn percent(&self) -> f64 {
        if self.steps == 0 {
            100.0
        } else {
            self.backed as f64 * 100.0 / self.steps as f64
        }
    }
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
    /// How well each journey is backed, in the order found.
    pub evidence: Vec<Backing>,
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

    /// The journeys backed less than `min` percent, the least backed first.
    pub fn below(&self, min: f64) -> Vec<&Backing> {
        let mut v: Vec<&Backing> = self.evidence.iter().filter(|b| b.percent() < min).collect();
        v.sort_by(|a, b| a.percent().total_cmp(&b.percent()));
        v
    }

    /// The `evidence` section of the JSON document: every journey's share of backed steps
    /// against `min`, with the steps that are assumptions.
    pub fn evidence_json(&self, min: f64) -> serde_json::Value {
        let journeys: Vec<serde_json::Value> = self
            .evidence
            .iter()
            .map(|b| {
                serde_json::json!({
                    "file": b.file.display().to_string(), "line": b.line, "column": b.column,
                    "title": b.title, "percent": (b.percent() * 10.0).round() / 10.0,
                    "backed": b.backed, "steps": b.steps, "below": b.percent() < min,
                    "unbacked": b.unbacked.iter().map(|(step, line)| serde_json::json!({"step": step, "line": line})).collect::<Vec<_>>(),
                })
            })
            .collect();
        serde_json::json!({
            "min_percent": min,
            "below": self.below(min).len(),
            "journeys": journeys,
        })
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
    let mut handbooks = Handbooks::default();
    for found in sources::collect(paths)? {
        match sources::read_input(&found.path) {
            // A folder may hold Mermaid files with other diagrams: those are not waymark's.
            Ok(input)
                if !found.named
                    && input.kind == SourceKind::MermaidFile
                    && !is_mermaid_journey(&input.text) => {}
            Ok(input) => {
                let mut p = parse_source(&input.text, input.kind, fences);
                let data = handbooks.attach(&mut p.journeys, &input.name);
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
    let mut files = handbooks.broken;
    let mut evidence = Vec::new();
    for (input, p) in parsed {
        let mut diagnostics = p.diagnostics;
        let lines = LineIndex::new(&input.text);
        for j in &p.journeys {
            diagnostics.extend(validate::check_journey(j, &ctx));
            evidence.push(backing(j, &input.name, &lines));
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
        evidence,
    })
}

/// How well `j` (in `file`, its lines indexed) is backed.
fn backing(j: &crate::journey::Journey, file: &Path, lines: &LineIndex<'_>) -> Backing {
    let (line, column) = lines.line_column(j.span.start);
    let (backed, steps) = j
        .evidence
        .as_ref()
        .map_or((0, j.steps().count()), |e| (e.backed, e.steps));
    Backing {
        file: file.to_path_buf(),
        line,
        column,
        title: j.display_title("untitled").to_string(),
        backed,
        steps,
        unbacked: j
            .steps()
            .filter(|s| !s.evidence.as_ref().is_some_and(|e| e.backed))
            .map(|s| (s.name.replace('\n', " "), lines.line_column(s.span.start).0))
            .collect(),
    }
}

/// The handbooks the files checked belong to: a file under a folder with a
/// `waymark.toml` reads data as the handbook does (its `[data]` sources and `[evidence]`
/// thresholds); a broken `waymark.toml` is reported once, as a file of its own.
#[derive(Default)]
struct Handbooks {
    /// Each root's settings, read once; `None` where it has none or they are broken.
    configs: HashMap<PathBuf, Option<crate::site::config::Config>>,
    /// The broken `waymark.toml`s, with their problems.
    broken: Vec<CheckedFile>,
}

impl Handbooks {
    fn attach(
        &mut self,
        journeys: &mut [crate::journey::Journey],
        name: &Path,
    ) -> crate::evidence::Attached {
        if sources::is_stdin(name) {
            return crate::evidence::attach_to_file(journeys.iter_mut(), name);
        }
        let (root, base) = crate::evidence::root_of_file(name);
        let config = self.configs.entry(root.clone()).or_insert_with(|| {
            if !root.join(crate::site::config::FILE).is_file() {
                return None;
            }
            match crate::site::config::load(&root) {
                Ok(c) => Some(c),
                Err(e) => {
                    self.broken.push(CheckedFile {
                        name: e.path,
                        text: e.text,
                        diagnostics: e.diagnostics,
                    });
                    None
                }
            }
        });
        let Some(config) = config.as_ref() else {
            return crate::evidence::attach_to_file(journeys.iter_mut(), name);
        };
        let today = config
            .today
            .as_deref()
            .and_then(validate::days_from_date)
            .unwrap_or_else(crate::evidence::today);
        let ctx = crate::evidence::DataContext {
            root: &root,
            base: &base,
            shared: &config.data,
            min_n: config.min_n,
            stale_after_days: config.data_stale_after_days,
            today,
        };
        let mut all = crate::evidence::Attached::default();
        for j in journeys {
            let one = crate::evidence::attach(j, &ctx);
            all.diagnostics.extend(one.diagnostics);
            all.files.extend(one.files);
        }
        all
    }
}
