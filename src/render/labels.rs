//! The words a map shows that the author did not write (lane names, legends), so a
//! handbook in another language can translate them.
//!
//! Keys: one per lane (its `label` in `journey::lanes::LANES`, plus `touchpoints` for the
//! map's shared touchpoints-and-channels row), and `actions`, `emotion`, `needs`,
//! `line_of_visibility`, `persona`, `owner`, `reviewed`, `market`, `scale`, `stage`,
//! `step`, `score`, `severity`, `impact`, `effort`, `phase`, `goal`, `loop`, `actors`,
//! `highest`, `lowest`, `no_score`, `table`, `low`, `medium`, `high`, `critical`,
//! `impact_means`, `effort_means` (the map's key), and for maps drawn from data
//! `evidence`, `ci`, `ci_means`, `weak`, `weak_means`, `assumption`, `assumption_means`,
//! `assumptions`, `backed`, `target`, `met`, `missed`, `better`, `worse`, `pp`, `since`,
//! `no_data`; for compared maps and several personas `curves`, `now`, `before`,
//! `added`, `added_means`, `changed`, `changed_means`, `changes`, `removed`. English
//! here matches `locales/en.toml`; the tests below check both against the lanes.

use std::collections::BTreeMap;

const ENGLISH: &[(&str, &str)] = &[
    ("removed", "Removed"),
    ("now", "Now"),
    ("curves", "Curves"),
    ("changes", "Since before"),
    ("changed_means", "Changed step"),
    ("changed", "Changed"),
    ("before", "Before"),
    ("added_means", "New step"),
    ("added", "New"),
    ("actions", "Actions"),
    ("actors", "Actors"),
    ("assumption", "Assumption"),
    ("assumption_means", "Assumption = no data behind this step"),
    ("assumptions", "Assumptions"),
    ("backed", "Backed by evidence"),
    ("backstage", "Backstage"),
    ("barrier", "Barriers"),
    ("better", "better"),
    ("channel", "Channels"),
    ("ci", "95 % CI"),
    ("ci_means", "Bar = 95 % confidence interval, n = answers"),
    ("critical", "critical"),
    ("effort", "Effort"),
    ("effort_means", "Effort = work to deliver it"),
    ("emotion", "Emotion"),
    ("evidence", "Evidence"),
    ("feeling", "Feelings"),
    ("frontstage", "Frontstage"),
    ("goal", "Goal"),
    ("high", "high"),
    ("highest", "Highest"),
    ("image", "Images"),
    ("impact", "Impact"),
    ("impact_means", "Impact = benefit to customers"),
    ("line_of_visibility", "Line of visibility"),
    ("link", "Links"),
    ("loop", "Loops back to"),
    ("low", "low"),
    ("lowest", "Lowest"),
    ("market", "Market"),
    ("medium", "medium"),
    ("met", "met"),
    ("metric", "Metrics"),
    ("missed", "missed"),
    ("need", "Needs"),
    ("needs", "Needs & barriers"),
    ("no_data", "no data yet"),
    ("no_score", "no score"),
    ("note", "Notes"),
    ("opportunity", "Opportunities"),
    ("owner", "Owner"),
    ("pain", "Pain points"),
    ("persona", "Persona"),
    ("phase", "Phase"),
    ("pp", "pp"),
    ("quote", "Quotes & evidence"),
    ("reviewed", "Reviewed"),
    ("scale", "Scale"),
    ("score", "Score"),
    ("severity", "Severity"),
    ("since", "since"),
    ("stage", "Stage"),
    ("step", "Step"),
    ("support", "Support processes"),
    ("table", "Journey as a table"),
    ("target", "target"),
    ("thought", "Thoughts"),
    ("touchpoint", "Touchpoints"),
    ("touchpoints", "Touchpoints & channels"),
    ("weak", "weak evidence"),
    ("weak_means", "Weak evidence: too few answers"),
    ("worse", "worse"),
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::journey::lanes::LANES;

    /// The `[map]` table of `locales/{lang}.toml`, as written (no English filled in).
    fn locale_map(lang: &str) -> BTreeMap<String, String> {
        let path = format!("{}/locales/{lang}.toml", env!("CARGO_MANIFEST_DIR"));
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
        let file: toml::Table = toml::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"));
        let map = file.get("map").and_then(|m| m.as_table()).cloned();
        map.unwrap_or_default()
            .into_iter()
            .map(|(k, v)| (k, v.as_str().unwrap_or_default().to_string()))
            .collect()
    }

    #[test]
    fn every_lane_has_a_label_in_every_locale() {
        let keys = LANES
            .iter()
            .flat_map(|l| std::iter::once(l.label).chain(l.map.map(|m| m.label)));
        let keys: Vec<&str> = keys.collect();
        for key in &keys {
            assert!(
                ENGLISH.iter().any(|(k, _)| k == key),
                "render/labels.rs has no English word for `{key}`"
            );
        }
        for lang in crate::i18n::LANGUAGES {
            let map = locale_map(lang);
            for key in &keys {
                assert!(
                    map.get(*key).is_some_and(|v| !v.trim().is_empty()),
                    "locales/{lang}.toml has no [map] {key}"
                );
            }
        }
    }

    #[test]
    fn english_words_are_the_english_locale() {
        let en = locale_map("en");
        let built_in: BTreeMap<String, String> = ENGLISH
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        assert_eq!(
            built_in, en,
            "render/labels.rs and locales/en.toml [map] differ"
        );
    }
}
