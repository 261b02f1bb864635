//! Every word the language reserves, where it may stand, and "did you mean" suggestions.

use super::lanes;

/// Journey-level keywords, written `keyword value` before or between stages.
pub(crate) const JOURNEY: &[&str] = &[
    "title",
    "persona",
    "scale",
    "reviewed",
    "owner",
    "market",
    "region",
    "lang",
    "layout",
    "theme",
    "loop",
    "goal",
    "data",
    "state",
    "counterpart",
];

/// Step attributes that are not lanes: a stable key for matching data rows, and the
/// scores of other personas.
pub(crate) const STEP_ATTRIBUTES: &[&str] = &["id", "scores"];

/// Keywords that start a stage.
pub(crate) const STAGE_START: &[&str] = &["section", "stage"];

/// Stage attributes, written `key: value` under a `section` line.
pub(crate) const STAGE: &[&str] = &["goal", "phase", "metric"];

/// Step lanes, written `key: value` indented under a step: every lane's keyword and its
/// other reserved words, in the order of `journey::lanes::LANES`, where they are declared.
pub(crate) const STEP: &[&str] = &STEP_WORDS;

const STEP_WORDS: [&str; lanes::word_count(lanes::LANES)] = lanes::words(lanes::LANES);

/// Persona attributes, indented under a `persona Name` line.
pub(crate) const PERSONA: &[&str] = &[
    "role",
    "about",
    "description",
    "goal",
    "frustration",
    "quote",
    "image",
];

/// Persona attributes that mean nothing anywhere else, so one written at the wrong
/// indentation right under a `persona` line can only be the persona's.
pub(crate) const PERSONA_ONLY: &[&str] = &["role", "about", "description", "frustration"];

/// Options in braces after a pain point.
pub(crate) const PAIN_OPTIONS: &[&str] = &["severity"];

/// Options in braces after an opportunity.
pub(crate) const OPPORTUNITY_OPTIONS: &[&str] = &["impact", "effort"];

/// Columns a `data` line can filter its rows on.
pub(crate) const DATA_FILTERS: &[&str] = &[
    "persona", "market", "segment", "channel", "region", "country",
];

/// Options in braces after a `data` line: its columns, its scale, which rows it keeps.
pub(crate) const DATA_OPTIONS: &[&str] = &[
    "step", "score", "date", "text", "source", "scale", "since", "until", "min_n", "persona",
    "market", "segment", "channel", "region", "country",
];

/// Options in braces after a metric drawn from data.
pub(crate) const METRIC_OPTIONS: &[&str] = &["data", "column", "target"];

/// Options in braces after `quotes: SOURCE`.
pub(crate) const QUOTE_OPTIONS: &[&str] = &["limit"];

/// Attributes after the word `journey` in a fence's info string.
pub(crate) const FENCE: &[&str] = &["layout", "theme", "lang"];

/// Plural and other common forms people write for a lane or persona attribute, mapped
/// to the word they stand for.
pub(crate) fn canonical(word: &str) -> Option<&'static str> {
    // Lane aliases are declared with their lane; persona attributes have these.
    const PERSONA_ALIASES: &[(&str, &str)] = &[("goals", "goal"), ("frustrations", "frustration")];
    lanes::alias(word).or_else(|| {
        PERSONA_ALIASES
            .iter()
            .find(|(alias, _)| alias.eq_ignore_ascii_case(word))
            .map(|(_, canon)| *canon)
    })
}

/// The known word closest to `word`, if it is close enough to be a likely typo.
pub(crate) fn did_you_mean<'a>(word: &str, candidates: &[&'a str]) -> Option<&'a str> {
    if word.is_empty() || word.len() > 24 {
        return None;
    }
    let lower = word.to_lowercase();
    if let Some(c) = canonical(&lower) {
        if let Some(found) = candidates.iter().find(|k| **k == c) {
            return Some(found);
        }
    }
    candidates
        .iter()
        .map(|k| (strsim::damerau_levenshtein(&lower, &k.to_lowercase()), *k))
        .filter(|(d, k)| *d > 0 && *d <= if k.len() <= 4 { 1 } else { 2 })
        .min_by_key(|(d, _)| *d)
        .map(|(_, k)| k)
}

/// Whether `word` is one of `list`, ignoring ASCII case.
pub(crate) fn is_one_of(word: &str, list: &[&str]) -> bool {
    list.iter().any(|k| k.eq_ignore_ascii_case(word))
}
