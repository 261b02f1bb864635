//! The words a map shows that the author did not write (lane names, legends), so a
//! handbook in another language can translate them.
//!
//! Keys: one per lane (`touchpoint`, `channel`, `thought`, `feeling`, `need`, `barrier`,
//! `pain`, `opportunity`, `frontstage`, `backstage`, `support`, `metric`, `quote`, `link`,
//! `image`, `note`), and `actions`, `touchpoints`, `emotion`, `needs`, `line_of_visibility`,
//! `persona`, `owner`, `reviewed`, `market`, `scale`, `stage`, `step`, `score`, `severity`,
//! `impact`, `effort`, `phase`, `goal`, `loop`, `actors`, `highest`, `lowest`, `no_score`,
//! `table`, `low`, `medium`, `high`, `critical`.

use std::collections::BTreeMap;

const ENGLISH: &[(&str, &str)] = &[
    ("actions", "Actions"),
    ("actors", "Actors"),
    ("backstage", "Backstage"),
    ("barrier", "Barriers"),
    ("channel", "Channels"),
    ("critical", "critical"),
    ("effort", "Effort"),
    ("emotion", "Emotion"),
    ("feeling", "Feelings"),
    ("frontstage", "Frontstage"),
    ("goal", "Goal"),
    ("high", "high"),
    ("highest", "Highest"),
    ("image", "Images"),
    ("impact", "Impact"),
    ("line_of_visibility", "Line of visibility"),
    ("link", "Links"),
    ("loop", "Loops back to"),
    ("low", "low"),
    ("lowest", "Lowest"),
    ("market", "Market"),
    ("medium", "medium"),
    ("metric", "Metrics"),
    ("need", "Needs"),
    ("needs", "Needs & barriers"),
    ("no_score", "no score"),
    ("note", "Notes"),
    ("opportunity", "Opportunities"),
    ("owner", "Owner"),
    ("pain", "Pain points"),
    ("persona", "Persona"),
    ("phase", "Phase"),
    ("quote", "Quotes & evidence"),
    ("reviewed", "Reviewed"),
    ("scale", "Scale"),
    ("score", "Score"),
    ("severity", "Severity"),
    ("stage", "Stage"),
    ("step", "Step"),
    ("support", "Support processes"),
    ("table", "Journey as a table"),
    ("thought", "Thoughts"),
    ("touchpoint", "Touchpoints"),
    ("touchpoints", "Touchpoints & channels"),
];

/// Interface words by key, English unless overridden.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Labels {
    overrides: BTreeMap<String, String>,
}

impl Labels {
    /// English words, with `map`'s entries taking their place.
    pub fn from_map(map: BTreeMap<String, String>) -> Labels {
        Labels { overrides: map }
    }

    /// The word for `key`; the key itself when nobody knows it.
    pub fn get<'a>(&'a self, key: &'a str) -> &'a str {
        if let Some(v) = self.overrides.get(key) {
            return v;
        }
        ENGLISH
            .iter()
            .find(|(k, _)| *k == key)
            .map_or(key, |(_, v)| v)
    }

    /// Every key with its English word.
    pub fn english() -> &'static [(&'static str, &'static str)] {
        ENGLISH
    }
}
