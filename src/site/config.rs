//! `waymark.toml`: what a handbook may set, with defaults for everything, and clear errors
//! (file, line, column) for anything unknown.

use crate::diagnostics::Diagnostic;
use crate::journey::Span;
use crate::settings::{self, Key, Kind};
use std::path::{Path, PathBuf};

/// The name of the config file at a handbook's root.
pub(crate) const FILE: &str = "waymark.toml";

/// A handbook's settings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    /// The handbook's name, shown on every page.
    pub title: String,
    /// One line about the handbook.
    pub description: String,
    /// The language of the interface (`en`, `de`, `bg`, `lv`, `ru`, `sv`).
    pub language: String,
    /// The map theme unless a journey names its own.
    pub theme: String,
    /// Where `theme` was written in the file, to report an unknown theme once, there.
    pub theme_span: Option<Span>,
    /// The map layout unless a journey names its own.
    pub layout: String,
    /// Where the site will live (`https://example.com/handbook/`); only the sitemap needs it.
    pub base_url: Option<String>,
    /// The output folder, relative to the handbook.
    pub output: PathBuf,
    /// A map reviewed longer ago than this many days is due for review.
    pub stale_after_days: u32,
    /// Also render ```mermaid fences that hold a journey.
    pub mermaid: bool,
    /// The date to measure staleness against (`YYYY-MM-DD`); today when unset.
    pub today: Option<String>,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            title: "Customer journeys".to_string(),
            description: String::new(),
            language: "en".to_string(),
            theme: "light".to_string(),
            theme_span: None,
            layout: "map".to_string(),
            base_url: None,
            output: PathBuf::from("_site"),
            stale_after_days: 180,
            mermaid: false,
            today: None,
        }
    }
}

/// A config that could not be used: the diagnostics and the text they point into.
#[derive(Debug, Clone)]
pub struct ConfigError {
    /// The config file.
    pub path: PathBuf,
    /// Its text.
    pub text: String,
    /// What is wrong.
    pub diagnostics: Vec<Diagnostic>,
}

/// Reads `waymark.toml` from `root`; defaults when there is none.
pub(crate) fn load(root: &Path) -> Result<Config, ConfigError> {
    let path = root.join(FILE);
    let refused = |e: crate::files::Refused| ConfigError {
        path: path.clone(),
        text: String::new(),
        diagnostics: vec![Diagnostic::error(Span::default(), e.message).with_help(e.help)],
    };
    // Read under the handbook's policy: never through a link out of it, never unbounded.
    let Some(bytes) =
        crate::files::read_optional(root, FILE, crate::files::TEXT_LIMIT).map_err(refused)?
    else {
        return Ok(Config::default());
    };
    let text = crate::files::into_text(&path, bytes).map_err(refused)?;
    parse(&text).map_err(|diagnostics| ConfigError {
        path,
        text,
        diagnostics,
    })
}

/// The keys `waymark.toml` takes, declared once: checking, messages and "did you mean"
/// all read this list.
const KEYS: &[Key] = &[
    Key {
        name: "title",
        kind: Kind::Text,
    },
    Key {
        name: "description",
        kind: Kind::Text,
    },
    Key {
        name: "language",
        kind: Kind::OneOf(crate::i18n::LANGUAGES),
    },
    Key {
        name: "theme",
        kind: Kind::Name,
    },
    Key {
        name: "layout",
        kind: Kind::OneOf(crate::journey::Layout::NAMES),
    },
    Key {
        name: "base_url",
        kind: Kind::Url,
    },
    Key {
        name: "output",
        kind: Kind::Text,
    },
    Key {
        name: "stale_after_days",
        kind: Kind::Count,
    },
    Key {
        name: "mermaid",
        kind: Kind::Bool,
    },
    Key {
        name: "today",
        kind: Kind::Date,
    },
];

/// Parses config text, reporting every unknown key and bad value at once.
pub(crate) fn parse(text: &str) -> Result<Config, Vec<Diagnostic>> {
    let doc = toml_edit::Document::parse(text).map_err(|e| {
        let span = e
            .span()
            .map_or(Span::default(), |r| Span::new(r.start, r.end));
        vec![Diagnostic::error(span, e.message().trim().to_string())
            .with_help("waymark.toml is TOML: `key = \"value\"`, one setting a line")]
    })?;
    let (checked, problems) = settings::check(doc.as_table(), KEYS, &[], FILE);
    if !problems.is_empty() {
        return Err(problems);
    }
    let d = Config::default();
    let text_or = |key: &str, default: String| checked.text(key).map_or(default, str::to_string);
    Ok(Config {
        title: text_or("title", d.title),
        description: text_or("description", d.description),
        language: text_or("language", d.language),
        theme: text_or("theme", d.theme),
        theme_span: checked.span("theme"),
        layout: text_or("layout", d.layout),
        base_url: checked.text("base_url").map(str::to_string),
        output: checked.text("output").map_or(d.output, PathBuf::from),
        stale_after_days: checked
            .count("stale_after_days")
            .unwrap_or(d.stale_after_days),
        mermaid: checked.bool("mermaid").unwrap_or(d.mermaid),
        today: checked.text("today").map(str::to_string),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_and_values() {
        assert_eq!(parse("").unwrap(), Config::default());
        let c = parse("title = \"H\"\nlanguage = \"de\"\nstale_after_days = 90\n").unwrap();
        assert_eq!(
            (c.title.as_str(), c.language.as_str(), c.stale_after_days),
            ("H", "de", 90)
        );
        assert_eq!(
            parse("theme = \"dark\"\n").unwrap().theme_span,
            Some(Span::new(8, 14))
        );
    }

    #[test]
    fn every_bad_key_and_value_in_one_run() {
        let text = "title = \"H\"\ntheme_colour = \"red\"\nlanguage = \"xx\"\nlayuot = \"map\"\nlayout = \"tabel\"\nstale_after_days = \"90\"\ntoday = \"2026-13-01\"\n";
        let e = parse(text).unwrap_err();
        let at: Vec<(&str, &str)> = e
            .iter()
            .map(|d| {
                (
                    &text[d.span.start..d.span.end],
                    d.help.as_deref().unwrap_or(""),
                )
            })
            .collect();
        assert_eq!(at.len(), 6, "{at:?}");
        assert_eq!(at[0].0, "theme_colour");
        assert_eq!(
            at[1],
            ("\"xx\"", "use `en`, `de`, `bg`, `lv`, `ru` or `sv`")
        );
        assert_eq!(at[2], ("layuot", "did you mean `layout`?"));
        assert_eq!(at[3], ("\"tabel\"", "did you mean `table`?"));
        assert_eq!(at[4].0, "\"90\"");
        assert_eq!(at[5].0, "\"2026-13-01\"");
    }
}
