//! How two versions of a journey are lined up: text similarity, a greedy one-to-one
//! assignment above a threshold, and which matched items kept their order.
//!
//! The rule (documented in `docs/diff.md`):
//! - Names are compared lower-cased with white space collapsed; their similarity is the
//!   larger of the normalised Levenshtein similarity and the Sørensen–Dice coefficient of
//!   character bigrams (which forgives reordered words).
//! - Two steps with the same `id:` always match; two steps with different ids never do.
//!   Otherwise a pair scores its name similarity, plus up to [`LANE_BONUS`] for the share
//!   of lane entries (touchpoints, channels, pains, …) they have in common, plus
//!   [`STAGE_BONUS`] when their stages have the same name; at most 1.
//! - Pairs scoring at least the threshold are taken best first (ties: earlier old item,
//!   then earlier new item), each item at most once.

use crate::journey::lanes::{Content, LANES};
use crate::journey::Step;
use std::collections::BTreeSet;

/// Steps whose pair scores at least this match.
pub(crate) const STEP_THRESHOLD: f64 = 0.6;
/// Stages whose pair scores at least this match.
pub(crate) const STAGE_THRESHOLD: f64 = 0.5;
/// Pains and opportunities whose texts are at least this similar match.
pub(crate) const ITEM_THRESHOLD: f64 = 0.75;
/// The most that shared lane entries add to a step pair's score.
pub(crate) const LANE_BONUS: f64 = 0.15;
/// What the same stage name adds to a step pair's score.
pub(crate) const STAGE_BONUS: f64 = 0.05;

/// `text` lower-cased, line breaks and runs of white space made one space.
pub(crate) fn normalise(text: &str) -> String {
    text.split_whitespace()
        .map(str::to_lowercase)
        .collect::<Vec<_>>()
        .join(" ")
}

/// How alike two texts are, 0.0 to 1.0, compared as [`normalise`] writes them.
pub(crate) fn similarity(a: &str, b: &str) -> f64 {
    let (a, b) = (normalise(a), normalise(b));
    if a == b {
        return 1.0;
    }
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    strsim::normalized_levenshtein(&a, &b).max(strsim::sorensen_dice(&a, &b))
}

/// How well an old step matches a new one, 0.0 to 1.0 (see the module's rule).
pub(crate) fn step_score(old: &Step, old_stage: &str, new: &Step, new_stage: &str) -> f64 {
    if let (Some(a), Some(b)) = (&old.id, &new.id) {
        return if a == b { 1.0 } else { 0.0 };
    }
    let mut score = similarity(&old.name, &new.name);
    score += LANE_BONUS * lane_overlap(old, new);
    if normalise(old_stage) == normalise(new_stage) {
        score += STAGE_BONUS;
    }
    score.min(1.0)
}

/// The share of lane entries two steps have in common (Jaccard), 0.0 when neither has any.
fn lane_overlap(a: &Step, b: &Step) -> f64 {
    let (a, b) = (lane_entries(a), lane_entries(b));
    let union = a.union(&b).count();
    if union == 0 {
        return 0.0;
    }
    a.intersection(&b).count() as f64 / union as f64
}

/// A step's lane entries as `lane: text`, normalised; links and pictures left out.
pub(crate) fn lane_entries(step: &Step) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for lane in LANES {
        match lane.content {
            Content::Text(field, _) => {
                for t in (field.get)(step) {
                    out.insert(format!("{}: {}", lane.keyword, normalise(t)));
                }
            }
            Content::Pains(field) => {
                for p in (field.get)(step) {
                    out.insert(format!("{}: {}", lane.keyword, normalise(&p.text)));
                }
            }
            Content::Opportunities(field) => {
                for o in (field.get)(step) {
                    out.insert(format!("{}: {}", lane.keyword, normalise(&o.text)));
                }
            }
            Content::Links(_) | Content::Images(_) => {}
        }
    }
    out
}

/// Pairs `(old, new, score)` of `old_len` × `new_len` items whose `score` reaches
/// `threshold`, taken best first, each item at most once; sorted by old index.
pub(crate) fn assign(
    old_len: usize,
    new_len: usize,
    threshold: f64,
    score: impl Fn(usize, usize) -> f64,
) -> Vec<(usize, usize, f64)> {
    let mut candidates = Vec::new();
    for i in 0..old_len {
        for j in 0..new_len {
            let s = score(i, j);
            if s >= threshold {
                candidates.push((i, j, s));
            }
        }
    }
    // Stable sort: equal scores keep (old, new) order, so the result is deterministic.
    candidates.sort_by(|a, b| b.2.total_cmp(&a.2));
    let (mut old_used, mut new_used) = (vec![false; old_len], vec![false; new_len]);
    let mut out = Vec::new();
    for (i, j, s) in candidates {
        if !old_used[i] && !new_used[j] {
            old_used[i] = true;
            new_used[j] = true;
            out.push((i, j, s));
        }
    }
    out.sort_by_key(|p| p.0);
    out
}

/// For a sequence of new positions (in old order), which items keep their order: the
/// longest increasing subsequence (earliest on ties). The others count as moved.
pub(crate) fn in_order(positions: &[usize]) -> Vec<bool> {
    let n = positions.len();
    // length[i]: the longest increasing run ending at i; prev[i]: the item before it.
    let mut length = vec![1usize; n];
    let mut prev = vec![usize::MAX; n];
    for i in 0..n {
        for k in 0..i {
            if positions[k] < positions[i] && length[k] + 1 > length[i] {
                length[i] = length[k] + 1;
                prev[i] = k;
            }
        }
    }
    let mut keep = vec![false; n];
    let Some(mut at) = (0..n).max_by(|&a, &b| length[a].cmp(&length[b]).then(b.cmp(&a))) else {
        return keep;
    };
    loop {
        keep[at] = true;
        if prev[at] == usize::MAX {
            break;
        }
        at = prev[at];
    }
    keep
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn similar_names_score_high_and_unrelated_ones_low() {
        assert_eq!(similarity("Pays  by card", "pays by CARD"), 1.0);
        assert!(similarity("Checks out on the web shop", "Checks out in the web shop") > 0.8);
        assert!(similarity("Reads a review blog", "Reads the review blogs") > 0.7);
        assert!(similarity("Makes tea", "Files a tax return") < 0.4);
        assert_eq!(similarity("", "x"), 0.0);
    }

    #[test]
    fn ids_decide_before_names() {
        let step = |name: &str, id: Option<&str>| Step {
            name: name.to_string(),
            id: id.map(str::to_string),
            ..Step::default()
        };
        let s = step_score(
            &step("A", Some("x")),
            "",
            &step("Totally new", Some("x")),
            "",
        );
        assert_eq!(s, 1.0);
        let s = step_score(&step("Same", Some("x")), "", &step("Same", Some("y")), "");
        assert_eq!(s, 0.0);
        let s = step_score(&step("Same", None), "S", &step("Same", Some("y")), "S");
        assert_eq!(s, 1.0);
    }

    #[test]
    fn assignment_takes_the_best_pairs_once() {
        let scores = [[0.9, 0.95], [0.2, 0.9]];
        let pairs = assign(2, 2, 0.5, |i, j| scores[i][j]);
        assert_eq!(pairs, vec![(0, 1, 0.95)]);
        let pairs = assign(2, 2, 0.1, |i, j| scores[i][j]);
        assert_eq!(pairs, vec![(0, 1, 0.95), (1, 0, 0.2)]);
    }

    #[test]
    fn only_items_out_of_order_are_moved() {
        assert_eq!(in_order(&[0, 1, 2]), vec![true, true, true]);
        // The third item jumped to the front: it alone moved.
        assert_eq!(in_order(&[1, 2, 0]), vec![true, true, false]);
        assert_eq!(in_order(&[2, 0, 1, 3]), vec![false, true, true, true]);
        assert!(in_order(&[]).is_empty());
    }
}
