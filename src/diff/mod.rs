//! `waymark diff`: what changed between two versions of a file's journeys, compared as
//! models, not as lines. Each side is a file or `REV:path` read through git ([`side`]);
//! journeys are paired by title, then by place; stages and steps are matched by
//! similarity ([`matching`]), and each pair compared ([`compare`]). The result is a
//! [`DiffDocument`], written as JSON, text ([`text`]) or Markdown ([`markdown`]).

mod compare;
pub mod counterpart;
pub mod markdown;
pub(crate) mod matching;
pub mod model;
pub mod overlay;
pub mod side;
pub mod text;

pub(crate) use counterpart::overlays;
pub use counterpart::{resolve_counterpart, Counterparted};
pub use model::*;
pub use overlay::{overlay, Comparison, StepComparison, StepMark};
pub use side::{read, Side};

use crate::error::Error;
use crate::journey::Journey;
use matching::normalise;

/// The share of steps two journeys paired by place must have in common, by default.
pub const DEFAULT_MIN_MATCH: f64 = 0.3;

/// How to compare.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DiffOptions {
    /// The share (0 to 1) of the smaller journey's steps that must match for journeys of
    /// different titles to count as versions of one journey; 0 pairs them whatever they
    /// hold.
    pub min_match: f64,
}

impl Default for DiffOptions {
    fn default() -> Self {
        DiffOptions {
            min_match: DEFAULT_MIN_MATCH,
        }
    }
}

/// The JSON Schema of [`DiffDocument`], pretty-printed.
pub fn json_schema() -> String {
    let schema = schemars::schema_for!(DiffDocument);
    let mut text = serde_json::to_string_pretty(&schema).unwrap_or_default();
    text.push('\n');
    text
}

/// What changed from `old` to `new`. Journeys are paired by title (case and white space
/// aside), then the rest by their place among the journeys left, when enough of their
/// steps match ([`DiffOptions::min_match`]); journeys left unpaired are added or removed.
/// When both sides hold journeys and none pair, the journeys are unrelated and that is
/// the error, rather than a list of everything removed and added.
pub fn diff(old: &Side, new: &Side, options: DiffOptions) -> Result<DiffDocument, Error> {
    let (a, b) = (&old.journeys, &new.journeys);
    let key = |j: &Journey| {
        j.title
            .as_deref()
            .or(j.acc_title.as_deref())
            .map(normalise)
            .filter(|t| !t.is_empty())
    };
    let mut pairs: Vec<(usize, usize, PairedBy)> = Vec::new();
    let mut new_used = vec![false; b.len()];
    let mut old_used = vec![false; a.len()];
    for (i, x) in a.iter().enumerate() {
        let Some(k) = key(x) else { continue };
        if let Some(j) = (0..b.len()).find(|&j| !new_used[j] && key(&b[j]).as_ref() == Some(&k)) {
            new_used[j] = true;
            old_used[i] = true;
            pairs.push((i, j, PairedBy::Title));
        }
    }
    let old_left: Vec<usize> = (0..a.len()).filter(|&i| !old_used[i]).collect();
    let new_left: Vec<usize> = (0..b.len()).filter(|&j| !new_used[j]).collect();
    let mut unrelated = Vec::new();
    for (&i, &j) in old_left.iter().zip(&new_left) {
        let (matched, share) = compare::relatedness(&a[i], &b[j]);
        if share >= options.min_match {
            old_used[i] = true;
            new_used[j] = true;
            pairs.push((i, j, PairedBy::Position));
        } else {
            unrelated.push((i, j, matched));
        }
    }
    if pairs.is_empty() {
        if let Some(&(i, j, matched)) = unrelated.first() {
            return Err(unrelated_error(old, new, (&a[i], &b[j]), matched, options));
        }
    }
    pairs.sort_by_key(|p| p.1);
    let journeys: Vec<JourneyDiff> = pairs
        .iter()
        .map(|&(i, j, by)| compare::compare(&a[i], &b[j], (i, j), by))
        .collect();
    let refs = |side: &[Journey], used: &[bool]| -> Vec<JourneyRef> {
        side.iter()
            .enumerate()
            .filter(|(n, _)| !used[*n])
            .map(|(n, j)| JourneyRef {
                title: j.title.clone().or_else(|| j.acc_title.clone()),
                position: n + 1,
                stages: j.stages.len(),
                steps: j.steps().count(),
            })
            .collect()
    };
    let journeys_added = refs(b, &new_used);
    let journeys_removed = refs(a, &old_used);
    let mut summary = Summary {
        journeys_added: journeys_added.len(),
        journeys_removed: journeys_removed.len(),
        ..Summary::default()
    };
    for j in &journeys {
        summary.add(&j.summary);
    }
    Ok(DiffDocument {
        schema: SCHEMA.to_string(),
        old: old.name.display().to_string(),
        new: new.name.display().to_string(),
        summary,
        journeys,
        journeys_added,
        journeys_removed,
    })
}

/// Two sides whose journeys have nothing in common, said in the report's own layout.
fn unrelated_error(
    old: &Side,
    new: &Side,
    (a, b): (&Journey, &Journey),
    matched: usize,
    options: DiffOptions,
) -> Error {
    let smaller = a.steps().count().min(b.steps().count());
    Error::Reported(format!(
        "error: {} and {} hold unrelated journeys: `{}` and `{}` have different titles and \
         share {matched} of {smaller} step{} (at least {} % must match)\n  \
         = help: compare two versions of the same journey, or pass --min-match 0 to \
         compare these anyway\n",
        old.name.display(),
        new.name.display(),
        a.display_title("untitled"),
        b.display_title("untitled"),
        if smaller == 1 { "" } else { "s" },
        (options.min_match * 100.0).round(),
    ))
}
