//! `waymark.toml`: what a handbook may set, with defaults for everything, and clear errors
//! (file, line, column) for anything unknown.

use crate::diagnostics::Diagnostic;
use crate::evidence::SharedSource;
use crate::journey::{Columns, DataSource, Filter, Scale, Span};
use crate::settings::{self, Key, Kind};
use std::path::{Path, PathBuf};

/// The name of the config file at a handbook's root.
pub(crate) const FILE: &str = "waymark.toml";

/// A handbook's settings.
#[derive(Debug, Clone, PartialEq)]
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
    /// A commit's page at the handbook's host, `{commit}` standing for its hash
    /// (`https://github.com/o/r/commit/{commit}`): the "since last review" view links there.
    pub commit_url: Option<String>,
    /// The output folder, relative to the handbook.
    pub output: PathBuf,
    /// A map reviewed longer ago than this many days is due for review.
    pub stale_after_days: u32,
    /// Also render ```mermaid fences that hold a journey.
    pub mermaid: bool,
    /// The date to measure staleness against (`YYYY-MM-DD`); today when unset.
    pub today: Option<String>,
    /// Data sources every journey may use (`[data]`); a journey's own of the same name wins.
    pub data: Vec<SharedSource>,
    /// Answers a score from data needs not to be weak evidence (`[evidence] min_n`).
    pub min_n: u32,
    /// Data whose newest row is older than this many days is stale
    /// (`[evidence] stale_after_days`; else `stale_after_days`).
    pub data_stale_after_days: u32,
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
            commit_url: None,
            output: PathBuf::from("_site"),
            stale_after_days: 180,
            mermaid: false,
            today: None,
            data: Vec::new(),
            min_n: crate::evidence::DEFAULT_MIN_N,
            data_stale_after_days: 180,
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
        name: "commit_url",
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
    Key {
        name: "data",
        kind: Kind::Table,
    },
    Key {
        name: "evidence",
        kind: Kind::Table,
    },
];

/// The keys of `[evidence]`.
const EVIDENCE_KEYS: &[Key] = &[
    Key {
        name: "min_n",
        kind: Kind::Positive,
    },
    Key {
        name: "stale_after_days",
        kind: Kind::Count,
    },
];

/// The keys of a data source written as a table under `[data]`: its file, then the
/// options a journey's `data` line takes in braces.
const SOURCE_KEYS: &[Key] = &[
    Key {
        name: "path",
        kind: Kind::Text,
    },
    Key {
        name: "step",
        kind: Kind::Text,
    },
    Key {
        name: "score",
        kind: Kind::Text,
    },
    Key {
        name: "date",
        kind: Kind::Text,
    },
    Key {
        name: "text",
        kind: Kind::Text,
    },
    Key {
        name: "source",
        kind: Kind::Text,
    },
    Key {
        name: "scale",
        kind: Kind::Scale,
    },
    Key {
        name: "since",
        kind: Kind::Date,
    },
    Key {
        name: "until",
        kind: Kind::Date,
    },
    Key {
        name: "min_n",
        kind: Kind::Positive,
    },
    Key {
        name: "persona",
        kind: Kind::Text,
    },
    Key {
        name: "market",
        kind: Kind::Text,
    },
    Key {
        name: "segment",
        kind: Kind::Text,
    },
    Key {
        name: "channel",
        kind: Kind::Text,
    },
    Key {
        name: "region",
        kind: Kind::Text,
    },
    Key {
        name: "country",
        kind: Kind::Text,
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
    let (checked, mut problems) = settings::check(doc.as_table(), KEYS, &[], FILE);
    let data = match doc.get("data").and_then(toml_edit::Item::as_table_like) {
        Some(t) => shared_sources(t, &mut problems),
        None => Vec::new(),
    };
    let evidence = match doc.get("evidence").and_then(toml_edit::Item::as_table_like) {
        Some(t) => {
            let (c, p) = settings::check(t, EVIDENCE_KEYS, &[], "[evidence] in waymark.toml");
            problems.extend(p);
            c
        }
        None => settings::Checked::default(),
    };
    if !problems.is_empty() {
        return Err(problems);
    }
    let d = Config::default();
    let stale_after_days = checked
        .count("stale_after_days")
        .unwrap_or(d.stale_after_days);
    let text_or = |key: &str, default: String| checked.text(key).map_or(default, str::to_string);
    Ok(Config {
        title: text_or("title", d.title),
        description: text_or("description", d.description),
        language: text_or("language", d.language),
        theme: text_or("theme", d.theme),
        theme_span: checked.span("theme"),
        layout: text_or("layout", d.layout),
        base_url: checked.text("base_url").map(str::to_string),
        commit_url: checked.text("commit_url").map(str::to_string),
        output: checked.text("output").map_or(d.output, PathBuf::from),
        stale_after_days,
        mermaid: checked.bool("mermaid").unwrap_or(d.mermaid),
        today: checked.text("today").map(str::to_string),
        data,
        min_n: evidence.count("min_n").unwrap_or(d.min_n),
        data_stale_after_days: evidence
            .count("stale_after_days")
            .unwrap_or(stale_after_days),
    })
}

/// The sources under `[data]`: `survey = "research/survey.csv"`, or a table with `path`
/// and the options of a journey's `data` line. Paths are relative to `waymark.toml`.
fn shared_sources(
    table: &dyn toml_edit::TableLike,
    problems: &mut Vec<Diagnostic>,
) -> Vec<SharedSource> {
    let mut out = Vec::new();
    for (name, item) in table.iter() {
        let key_span = table
            .key(name)
            .and_then(toml_edit::Key::span)
            .map_or(Span::default(), |r| Span::new(r.start, r.end));
        let good_name = !name.is_empty()
            && name
                .chars()
                .all(|c| c.is_alphanumeric() || c == '-' || c == '_');
        if !good_name {
            problems.push(
                Diagnostic::error(key_span, format!("`{name}` is not a data source name"))
                    .with_help("name it with letters, digits, `-` and `_`, e.g. survey = \"research/survey.csv\""),
            );
            continue;
        }
        let mut source = DataSource {
            name: name.to_string(),
            path: String::new(),
            columns: Columns::default(),
            scale: None,
            filters: Vec::new(),
            since: None,
            until: None,
            min_n: None,
            // Problems with a shared source are shown where a journey uses it.
            span: Span::default(),
            option_spans: Vec::new(),
        };
        if let Some(path) = item.as_str() {
            source.path = path.to_string();
        } else if let Some(t) = item.as_table_like() {
            let what = format!("the data source `{name}` in waymark.toml");
            let (c, p) = settings::check(t, SOURCE_KEYS, &[], &what);
            let failed = !p.is_empty();
            problems.extend(p);
            let Some(path) = c.text("path") else {
                if !failed {
                    problems.push(
                        Diagnostic::error(
                            key_span,
                            format!("the data source `{name}` names no file"),
                        )
                        .with_help(format!(
                            "add its file: {name} = {{ path = \"research/{name}.csv\" }}"
                        )),
                    );
                }
                continue;
            };
            source.path = path.to_string();
            let text = |k: &str| c.text(k).map(str::to_string);
            let cols = &mut source.columns;
            for (k, field) in [
                ("step", &mut cols.step),
                ("score", &mut cols.score),
                ("date", &mut cols.date),
                ("text", &mut cols.text),
                ("source", &mut cols.source),
            ] {
                if let Some(v) = text(k) {
                    *field = v;
                }
            }
            source.scale = c
                .text("scale")
                .and_then(settings::scale_of)
                .map(|(min, max)| Scale { min, max });
            source.since = text("since");
            source.until = text("until");
            source.min_n = c.count("min_n");
            for column in crate::journey::keywords::DATA_FILTERS {
                if let Some(value) = text(column) {
                    source.filters.push(Filter {
                        column: (*column).to_string(),
                        value,
                    });
                }
            }
        } else {
            let shown = item
                .as_value()
                .map_or_else(|| "this".to_string(), |v| v.to_string().trim().to_string());
            let at = item.span().map_or(key_span, |r| Span::new(r.start, r.end));
            problems.push(
                Diagnostic::error(at, format!("the data source `{name}` is a file path or a table, not {shown}"))
                    .with_help(format!("write {name} = \"research/{name}.csv\", or {name} = {{ path = \"…\", step = \"touchpoint\" }}")),
            );
            continue;
        }
        if source.path.trim().is_empty() {
            problems.push(
                Diagnostic::error(key_span, format!("the data source `{name}` names no file"))
                    .with_help(format!("write its path: {name} = \"research/{name}.csv\"")),
            );
            continue;
        }
        out.push(SharedSource {
            source,
            base: String::new(),
        });
    }
    out
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
    fn data_sources_and_evidence_thresholds() {
        let c = parse("stale_after_days = 90\n[data]\nsurvey = \"research/s.csv\"\nmaya = { path = \"r/m.tsv\", step = \"touchpoint\", scale = \"0..10\", persona = \"Maya\", since = \"2026-01-01\", min_n = 5 }\n").unwrap();
        assert_eq!((c.min_n, c.data_stale_after_days), (10, 90), "defaults");
        let names: Vec<(&str, &str)> = c
            .data
            .iter()
            .map(|d| (d.source.name.as_str(), d.source.path.as_str()))
            .collect();
        assert_eq!(names, [("survey", "research/s.csv"), ("maya", "r/m.tsv")]);
        let maya = &c.data[1].source;
        assert_eq!(maya.columns.step, "touchpoint");
        assert_eq!(
            maya.scale,
            Some(Scale {
                min: 0.0,
                max: 10.0
            })
        );
        assert_eq!(
            (maya.since.as_deref(), maya.min_n),
            (Some("2026-01-01"), Some(5))
        );
        assert_eq!(maya.filters[0].value, "Maya");
        let c = parse("[evidence]\nmin_n = 30\nstale_after_days = 30\n").unwrap();
        assert_eq!(
            (c.min_n, c.data_stale_after_days, c.stale_after_days),
            (30, 30, 180)
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
