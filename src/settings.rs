//! Tables of settings (`waymark.toml`, `[preprocessor.journey]` in `book.toml`) read the
//! way a compiler reads code: every unknown key and every bad value is reported in one
//! run, each at its line and column, with "did you mean" where a known key is close.
//!
//! The keys a table takes are declared once as data ([`Key`]); callers read the checked
//! values back by name.

use crate::diagnostics::Diagnostic;
use crate::journey::keywords::did_you_mean;
use crate::journey::Span;
use std::collections::BTreeMap;
use toml_edit::{Item, TableLike, Value};

/// What a key's value must be.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Kind {
    /// Any string.
    Text,
    /// `true` or `false`.
    Bool,
    /// A whole number from 0 up.
    Count,
    /// One of these words.
    OneOf(&'static [&'static str]),
    /// A `YYYY-MM-DD` date.
    Date,
    /// A name made of letters, digits, `-` and `_` (themes).
    Name,
    /// An absolute `http(s)://` address.
    Url,
    /// A table of its own (`[data]`); the caller checks its entries.
    Table,
    /// A whole number from 1 up.
    Positive,
    /// A range of scores, lowest first: `1..5`.
    Scale,
}

/// One key a table takes.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Key {
    /// The key as written.
    pub(crate) name: &'static str,
    /// What its value must be.
    pub(crate) kind: Kind,
}

/// A checked value.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Setting {
    /// A string (also dates, names and URLs).
    Text(String),
    /// A boolean.
    Bool(bool),
    /// A whole number.
    Count(u32),
    /// A table, read by the caller.
    Table,
}

/// The good values of a table, by key, each with the span of its value.
#[derive(Debug, Default)]
pub(crate) struct Checked {
    values: BTreeMap<&'static str, (Setting, Span)>,
}

impl Checked {
    /// The string value of `key`, if it was set and good.
    pub(crate) fn text(&self, key: &str) -> Option<&str> {
        match self.values.get(key) {
            Some((Setting::Text(s), _)) => Some(s),
            _ => None,
        }
    }

    /// The boolean value of `key`, if it was set and good.
    pub(crate) fn bool(&self, key: &str) -> Option<bool> {
        match self.values.get(key) {
            Some((Setting::Bool(b), _)) => Some(*b),
            _ => None,
        }
    }

    /// The whole-number value of `key`, if it was set and good.
    pub(crate) fn count(&self, key: &str) -> Option<u32> {
        match self.values.get(key) {
            Some((Setting::Count(n), _)) => Some(*n),
            _ => None,
        }
    }

    /// Where the value of `key` was written.
    pub(crate) fn span(&self, key: &str) -> Option<Span> {
        self.values.get(key).map(|(_, s)| *s)
    }
}

fn span_of(range: Option<std::ops::Range<usize>>) -> Span {
    range.map_or(Span::default(), |r| Span::new(r.start, r.end))
}

/// The words of a list, as `a, b or c`.
pub(crate) fn or_list(words: &[&str]) -> String {
    match words {
        [] => String::new(),
        [one] => format!("`{one}`"),
        [rest @ .., last] => {
            let rest: Vec<String> = rest.iter().map(|w| format!("`{w}`")).collect();
            format!("{} or `{last}`", rest.join(", "))
        }
    }
}

/// Checks `table` (from a document parsed with spans) against `keys`. `ignored` are keys
/// that belong to someone else (mdBook's own `command`, `renderers`, …) and pass
/// unchecked; `what` names the table in messages (`waymark.toml`).
pub(crate) fn check(
    table: &dyn TableLike,
    keys: &[Key],
    ignored: &[&str],
    what: &str,
) -> (Checked, Vec<Diagnostic>) {
    let mut checked = Checked::default();
    let mut problems = Vec::new();
    let names: Vec<&str> = keys.iter().map(|k| k.name).collect();
    for (name, item) in table.iter() {
        let key_span = span_of(table.key(name).and_then(toml_edit::Key::span));
        if ignored.contains(&name) {
            continue;
        }
        let Some(key) = keys.iter().find(|k| k.name == name) else {
            let d = Diagnostic::error(key_span, format!("unknown key `{name}` in {what}"));
            problems.push(match did_you_mean(name, &names) {
                Some(s) => d.with_help(format!("did you mean `{s}`?")),
                None => d.with_help(format!("the keys {what} takes are {}", or_list(&names))),
            });
            continue;
        };
        // A value without a recorded place is reported at its key.
        let value_span = match span_of(item.span()) {
            s if s.start == s.end => key_span,
            s => s,
        };
        match value(key, item) {
            Ok(v) => {
                checked.values.insert(key.name, (v, value_span));
            }
            Err((message, help)) => {
                problems.push(Diagnostic::error(value_span, message).with_help(help));
            }
        }
    }
    (checked, problems)
}

/// The value of `item` as `key` wants it, or what is wrong and how to fix it.
fn value(key: &Key, item: &Item) -> Result<Setting, (String, String)> {
    let name = key.name;
    let v = item.as_value();
    let shown = v.map_or_else(
        || "a table".to_string(),
        |v| v.to_string().trim().to_string(),
    );
    let string = || match v {
        Some(Value::String(s)) => Ok(s.value().to_string()),
        _ => Err((
            format!("`{name}` takes a string, not {shown}"),
            format!("put the value in quotes: {name} = \"…\""),
        )),
    };
    match key.kind {
        Kind::Text => string().map(Setting::Text),
        Kind::Table => {
            if item.is_table_like() {
                Ok(Setting::Table)
            } else {
                Err((
                    format!("`{name}` is a table, not {shown}"),
                    format!("write its entries under a `[{name}]` line"),
                ))
            }
        }
        Kind::Positive => match v.and_then(Value::as_integer).map(u32::try_from) {
            Some(Ok(n)) if n > 0 => Ok(Setting::Count(n)),
            _ => Err((
                format!("`{name}` is a whole number from 1 up, not {shown}"),
                format!("write a number without quotes, e.g. {name} = 10"),
            )),
        },
        Kind::Scale => {
            let s = string()?;
            if scale_of(&s).is_some() {
                Ok(Setting::Text(s))
            } else {
                Err((
                    format!("`{s}` is not a scale"),
                    format!("write the lowest and highest score with `..` between them, e.g. {name} = \"1..5\""),
                ))
            }
        }
        Kind::Bool => match v.and_then(Value::as_bool) {
            Some(b) => Ok(Setting::Bool(b)),
            None => Err((
                format!("`{name}` is `true` or `false`, not {shown}"),
                format!("write {name} = true or {name} = false, without quotes"),
            )),
        },
        Kind::Count => match v.and_then(Value::as_integer).map(u32::try_from) {
            Some(Ok(n)) => Ok(Setting::Count(n)),
            _ => Err((
                format!("`{name}` is a whole number from 0 up, not {shown}"),
                format!("write a number without quotes, e.g. {name} = 180"),
            )),
        },
        Kind::OneOf(words) => {
            let s = string()?;
            if words.contains(&s.as_str()) {
                return Ok(Setting::Text(s));
            }
            let help = match did_you_mean(&s, words) {
                Some(w) => format!("did you mean `{w}`?"),
                None => format!("use {}", or_list(words)),
            };
            Err((format!("`{s}` is not a {name} waymark knows"), help))
        }
        Kind::Date => {
            let s = string()?;
            if crate::journey::validate::days_from_date(&s).is_some() {
                Ok(Setting::Text(s))
            } else {
                Err((
                    format!("`{s}` is not a date"),
                    "write it as YYYY-MM-DD".to_string(),
                ))
            }
        }
        Kind::Name => {
            let s = string()?;
            let ok = !s.is_empty()
                && s.chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
            if ok {
                Ok(Setting::Text(s))
            } else {
                Err((
                    format!("`{s}` is not a {name} name"),
                    "names use letters, digits, `-` and `_`".to_string(),
                ))
            }
        }
        Kind::Url => {
            let s = string()?;
            let lower = s.to_ascii_lowercase();
            if lower.starts_with("https://") || lower.starts_with("http://") {
                Ok(Setting::Text(s))
            } else {
                Err((
                    format!("`{s}` is not an http(s) address"),
                    format!("write the full address, e.g. {name} = \"https://cx.example.com/\""),
                ))
            }
        }
    }
}

/// `1..5` as (lowest, highest); `None` unless both are numbers and the lowest is lower.
pub(crate) fn scale_of(text: &str) -> Option<(f64, f64)> {
    let (a, b) = text.split_once("..")?;
    let (min, max): (f64, f64) = (a.trim().parse().ok()?, b.trim().parse().ok()?);
    (min.is_finite() && max.is_finite() && min < max).then_some((min, max))
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEYS: &[Key] = &[
        Key {
            name: "theme",
            kind: Kind::Name,
        },
        Key {
            name: "layout",
            kind: Kind::OneOf(&["map", "table"]),
        },
        Key {
            name: "days",
            kind: Kind::Count,
        },
        Key {
            name: "mermaid",
            kind: Kind::Bool,
        },
    ];

    fn run(text: &str) -> (Checked, Vec<Diagnostic>) {
        let doc = toml_edit::Document::parse(text).expect("toml");
        check(doc.as_table(), KEYS, &["command"], "the test")
    }

    #[test]
    fn every_problem_at_its_place() {
        let text = "command = 'x'\nthemee = 'dark'\nlayout = 'mapp'\ndays = -1\nmermaid = 'yes'\nother = 1\n";
        let (_, problems) = run(text);
        let found: Vec<(&str, Option<&str>)> = problems
            .iter()
            .map(|d| (&text[d.span.start..d.span.end], d.help.as_deref()))
            .collect();
        assert_eq!(
            found,
            [
                ("themee", Some("did you mean `theme`?")),
                ("'mapp'", Some("did you mean `map`?")),
                ("-1", Some("write a number without quotes, e.g. days = 180")),
                (
                    "'yes'",
                    Some("write mermaid = true or mermaid = false, without quotes")
                ),
                (
                    "other",
                    Some("the keys the test takes are `theme`, `layout`, `days` or `mermaid`")
                ),
            ]
        );
    }

    #[test]
    fn good_values_read_back() {
        let (c, problems) = run("theme = \"dark\"\nlayout = \"table\"\ndays = 9\nmermaid = true\n");
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(c.text("theme"), Some("dark"));
        assert_eq!(c.text("layout"), Some("table"));
        assert_eq!(c.count("days"), Some(9));
        assert_eq!(c.bool("mermaid"), Some(true));
        assert_eq!(c.span("theme"), Some(Span::new(8, 14)));
    }
}
