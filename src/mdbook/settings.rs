//! `[preprocessor.journey]` in `book.toml`, checked like `waymark.toml`: every unknown
//! key and bad value in one run, each at its line and column in `book.toml`.

use super::cache;
use crate::diagnostics::{self, Diagnostic};
use crate::journey::{Layout, Span};
use crate::resolve::Choices;
use crate::settings::{self, Key, Kind};
use serde_json::Value;
use std::path::{Path, PathBuf};

/// What to do when a journey has errors.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OnError {
    /// Print the diagnostics and fail the build.
    Fail,
    /// Print them and show an error box where the map would be.
    Continue,
}

/// Settings from `[preprocessor.journey]` in `book.toml`.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Layout, theme and interface language unless a journey names its own.
    pub choices: Choices,
    /// Where the theme was written, to report an unknown one there.
    pub theme_span: Option<Span>,
    /// Fail or continue on errors.
    pub on_error: OnError,
    /// Also read ```mermaid fences holding a journey.
    pub mermaid: bool,
    /// Where rendered maps are cached between runs: the cache keeps them in its own
    /// `waymark-cache` folder inside this one.
    pub cache_dir: PathBuf,
    /// `book.toml` as checked (or the table as mdBook passed it), for reports.
    pub source: (PathBuf, String),
}

/// The keys waymark reads from its table.
const KEYS: &[Key] = &[
    Key {
        name: "layout",
        kind: Kind::OneOf(Layout::NAMES),
    },
    Key {
        name: "theme",
        kind: Kind::Name,
    },
    Key {
        name: "lang",
        kind: Kind::Text,
    },
    Key {
        name: "on-error",
        kind: Kind::OneOf(&["fail", "continue"]),
    },
    Key {
        name: "mermaid",
        kind: Kind::Bool,
    },
    Key {
        name: "cache-dir",
        kind: Kind::Text,
    },
];

/// Keys of every preprocessor table that belong to mdBook itself.
const MDBOOK_KEYS: &[&str] = &["command", "renderers", "before", "after", "optional"];

const TABLE: &str = "[preprocessor.journey]";

/// The table's text with spans: from `book.toml` when it has the table, else the table
/// as mdBook passed it (tests and books configured through the environment).
fn source(root: &Path, passed: &Value) -> (PathBuf, String, Option<toml_edit::Document<String>>) {
    let path = root.join("book.toml");
    if let Ok(text) = crate::files::read_text_in(root, "book.toml", crate::files::TEXT_LIMIT) {
        if let Ok(doc) = toml_edit::Document::parse(text.clone()) {
            let has_table = doc
                .get("preprocessor")
                .and_then(|p| p.get("journey"))
                .is_some_and(|t| t.is_table_like());
            if has_table {
                return (path, text, Some(doc));
            }
        }
    }
    let body = toml::to_string(passed).unwrap_or_default();
    let text = format!("{TABLE}\n{body}");
    let doc = toml_edit::Document::parse(text.clone()).ok();
    (path, text, doc)
}

/// Reads and checks the settings, with the report of any warnings; on errors, the report
/// of every problem.
pub(super) fn read(context: &Value, root: &Path) -> Result<(Settings, String), String> {
    let passed = context
        .pointer("/config/preprocessor/journey")
        .cloned()
        .unwrap_or(Value::Object(Default::default()));
    let (path, text, doc) = source(root, &passed);
    let empty = toml_edit::Table::new();
    let table = doc
        .as_ref()
        .and_then(|d| d.get("preprocessor"))
        .and_then(|p| p.get("journey"))
        .and_then(|t| t.as_table())
        .unwrap_or(&empty);
    let (checked, mut problems) = settings::check(table, KEYS, MDBOOK_KEYS, TABLE);
    if let (Some(lang), Some(span)) = (checked.text("lang"), checked.span("lang")) {
        problems.extend(crate::resolve::Resolver::check_lang(lang, span));
    }
    if problems.iter().any(Diagnostic::is_error) {
        return Err(diagnostics::report(&path, &text, &problems, false));
    }
    let warnings = if problems.is_empty() {
        String::new()
    } else {
        diagnostics::report(&path, &text, &problems, false)
    };
    // The book's own language, unless the table names one.
    let book_lang = context
        .pointer("/config/book/language")
        .and_then(Value::as_str)
        .map(str::to_string);
    let settings = Settings {
        choices: Choices {
            layout: checked.text("layout").and_then(Layout::from_name),
            theme: checked.text("theme").map(str::to_string),
            lang: checked.text("lang").map(str::to_string).or(book_lang),
        },
        theme_span: checked.span("theme"),
        on_error: match checked.text("on-error") {
            Some("continue") => OnError::Continue,
            _ => OnError::Fail,
        },
        mermaid: checked.bool("mermaid").unwrap_or(false),
        cache_dir: match checked.text("cache-dir") {
            Some(d) => root.join(d),
            None => cache::default_base(root),
        },
        source: (path, text),
    };
    Ok((settings, warnings))
}
