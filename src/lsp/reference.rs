//! The language reference (`docs/journey-language.md`) as hover and completion text: a
//! keyword's or lane's entry is its row in the reference's tables, so the editor says
//! exactly what the reference says, and a word added there is explained here too.

use crate::journey::lanes::{self, Band};
use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};

const REFERENCE: &str = include_str!("../../docs/journey-language.md");

/// One row of the reference about a word.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Entry {
    /// The heading the row is under (`Step lanes`).
    pub(crate) section: &'static str,
    /// The row's cells after the first: example, meaning, notes.
    pub(crate) cells: Vec<&'static str>,
}

/// Every row whose first cell is `` `word` `` or `` `word:` `` (ASCII case ignored); for
/// an alias, the rows that say so (`` (`stage` is an alias) ``).
pub(crate) fn entries(word: &str) -> Vec<Entry> {
    let own = rows(|first, _| {
        first
            .split(", ")
            .map(|c| c.trim_matches('`').trim_end_matches(':'))
            .any(|n| n.eq_ignore_ascii_case(word))
    });
    if !own.is_empty() {
        return own;
    }
    let (bare, colon) = (
        format!("`{word}` is an alias"),
        format!("`{word}:` is an alias"),
    );
    rows(|_, row| row.contains(&bare) || row.contains(&colon))
}

/// The rows of the reference's tables that `keep(first cell, whole row)` keeps.
fn rows(keep: impl Fn(&str, &str) -> bool) -> Vec<Entry> {
    let mut out = Vec::new();
    let mut section = "";
    for line in REFERENCE.lines() {
        if let Some(h) = line
            .strip_prefix("## ")
            .or_else(|| line.strip_prefix("### "))
        {
            section = h.trim();
            continue;
        }
        let Some(row) = line.strip_prefix('|') else {
            continue;
        };
        let mut cells = row
            .split(" | ")
            .map(|c| c.trim().trim_end_matches('|').trim());
        let Some(first) = cells.next() else {
            continue;
        };
        if keep(first, row) {
            out.push(Entry {
                section,
                cells: cells.filter(|c| !c.is_empty()).collect(),
            });
        }
    }
    out
}

/// Markdown explaining `word` (a keyword, lane or attribute), or `None` for other words.
/// Each word's text is made once: completion lists explain every keyword.
pub(crate) fn explain(word: &str) -> Option<String> {
    static MADE: OnceLock<Mutex<HashMap<String, Option<String>>>> = OnceLock::new();
    let made = MADE.get_or_init(Mutex::default);
    let key = word.to_ascii_lowercase();
    if let Some(known) = made.lock().ok().and_then(|m| m.get(&key).cloned()) {
        return known;
    }
    let text = make_explanation(word);
    if let Ok(mut m) = made.lock() {
        m.insert(key, text.clone());
    }
    text
}

fn make_explanation(word: &str) -> Option<String> {
    let found = entries(word);
    if found.is_empty() {
        return None;
    }
    let mut out = String::new();
    for e in &found {
        out.push_str(&format!("**`{word}`** · {}\n\n", e.section));
        for cell in &e.cells {
            out.push_str(&format!("{}\n\n", cell.replace("<br>", " ")));
        }
    }
    if let Some(lane) = lanes::find(word) {
        let place = match lane.map.map(|m| m.band) {
            Some(Band::Experience) => "on the map above the emotion curve",
            Some(Band::Insight) => "on the map under the emotion curve",
            Some(Band::Blueprint) => "on the map under the line of visibility",
            Some(Band::Evidence) => "on the map at the bottom, with the evidence",
            None => "in tables and storyboards, not on the map",
        };
        out.push_str(&format!("A step lane, shown {place}.\n"));
    }
    Some(out.trim_end().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::journey::keywords;

    #[test]
    fn every_keyword_and_lane_has_an_entry() {
        let all = [
            keywords::JOURNEY,
            keywords::STAGE,
            keywords::STEP,
            keywords::STAGE_START,
            keywords::PERSONA,
        ];
        for word in all.iter().flat_map(|l| l.iter()) {
            // `stage` is written up as `section`'s alias, in the `section` row.
            if *word == "stage" {
                continue;
            }
            assert!(explain(word).is_some(), "no reference entry for `{word}`");
        }
        let pain = explain("pain").unwrap_or_default();
        assert!(pain.contains("severity"), "{pain}");
        assert!(pain.contains("Step lanes"), "{pain}");
        assert_eq!(explain("nonsense"), None);
    }
}
