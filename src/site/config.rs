//! `waymark.toml`: what a handbook may set, with defaults for everything, and clear errors
//! (file, line, column) for anything unknown.

use crate::diagnostics::Diagnostic;
use crate::journey::Span;
use serde::Deserialize;
use std::path::{Path, PathBuf};

/// The name of the config file at a handbook's root.
pub const FILE: &str = "waymark.toml";

/// A handbook's settings.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    /// The handbook's name, shown on every page.
    pub title: String,
    /// One line about the handbook.
    pub description: String,
    /// The language of the interface (`en`, `de`, `bg`, `lv`, `ru`, `sv`).
    pub language: String,
    /// The map theme unless a journey names its own.
    pub theme: String,
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
pub fn load(root: &Path) -> Result<Config, ConfigError> {
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

/// Parses config text.
pub fn parse(text: &str) -> Result<Config, Vec<Diagnostic>> {
    let config: Config = toml::from_str(text).map_err(|e| {
        let span = e.span().map_or(Span::default(), |r| Span::new(r.start, r.end));
        let message = e.message().to_string();
        let help = if message.contains("unknown field") {
            "the keys waymark.toml takes are title, description, language, theme, layout, base_url, output, stale_after_days, mermaid and today"
        } else {
            "see the README for the keys and their values"
        };
        vec![Diagnostic::error(span, message).with_help(help)]
    })?;
    let mut problems = Vec::new();
    if crate::journey::Layout::from_name(&config.layout).is_none() {
        problems.push(
            Diagnostic::error(
                find(text, "layout"),
                format!("unknown layout `{}`", config.layout),
            )
            .with_help("use map, timeline, table or storyboard"),
        );
    }
    if !super::i18n::LANGUAGES.contains(&config.language.as_str()) {
        problems.push(
            Diagnostic::error(
                find(text, "language"),
                format!("no interface text for the language `{}`", config.language),
            )
            .with_help(format!(
                "waymark speaks {}",
                super::i18n::LANGUAGES.join(", ")
            )),
        );
    }
    if let Some(t) = &config.today {
        if crate::journey::validate::days_from_date(t).is_none() {
            problems.push(
                Diagnostic::error(find(text, "today"), format!("`{t}` is not a date"))
                    .with_help("write it as YYYY-MM-DD"),
            );
        }
    }
    if problems.is_empty() {
        Ok(config)
    } else {
        Err(problems)
    }
}

/// The span of `key`'s line, for errors about its value.
fn find(text: &str, key: &str) -> Span {
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        if line.trim_start().starts_with(key) {
            let start = offset + (line.len() - line.trim_start().len());
            return Span::new(start, offset + line.trim_end().len());
        }
        offset += line.len();
    }
    Span::default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_and_unknown_keys() {
        assert_eq!(parse("").unwrap(), Config::default());
        let c = parse("title = \"H\"\nlanguage = \"de\"\nstale_after_days = 90\n").unwrap();
        assert_eq!(
            (c.title.as_str(), c.language.as_str(), c.stale_after_days),
            ("H", "de", 90)
        );
        let e = parse("title = \"H\"\ntheme_colour = \"red\"\n").unwrap_err();
        assert!(e[0].message.contains("unknown field"), "{:?}", e);
        assert_eq!(e[0].span.start, 12);
        assert!(parse("language = \"xx\"\n").is_err());
    }
}
