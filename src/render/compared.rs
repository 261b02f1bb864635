//! What every layout says in words about the other curves of a map: each other
//! persona's score of a step (`scores:`), and, when the map is compared with an older
//! version ([`crate::diff::overlay`]), a step's score before, whether it is new or
//! changed, and the steps removed from a stage. The map draws the same as curves and
//! tags (`map::extra`); the table, timeline, storyboard and description write it.

use super::labels::Labels;
use super::parts::score_text;
use super::RenderOptions;
use crate::diff::{Comparison, StepMark};
use crate::journey::{Journey, Step};

/// The other personas scored on the journey's steps (`scores:`), in order of first use;
/// the journey's own persona is left out.
pub(crate) fn other_personas(j: &Journey) -> Vec<&str> {
    let mut v: Vec<&str> = Vec::new();
    for s in j.steps() {
        for p in &s.persona_scores {
            let name = p.persona.as_str();
            if Some(name) != j.persona.as_deref() && !v.contains(&name) {
                v.push(name);
            }
        }
    }
    v
}

/// `name`'s score of `step`, if it has one.
pub(crate) fn persona_score(step: &Step, name: &str) -> Option<f64> {
    step.persona_scores
        .iter()
        .find(|p| p.persona == name)
        .map(|p| p.score)
}

/// What changed on step `k` of stage `s` since the older version, as the table's cells
/// and the cards' lines say it: "New", or "Changed" and "Before: 3" (a step whose score
/// moved but nothing else only says its score before).
pub(crate) fn step_change(c: &Comparison, s: usize, k: usize, l: &Labels) -> Vec<String> {
    let at = c.step(s, k);
    let mut out = Vec::new();
    match at.mark {
        StepMark::Added => out.push(l.get("added").to_string()),
        StepMark::Changed => out.push(l.get("changed").to_string()),
        StepMark::Same => {}
    }
    if let Some(v) = at.old_score {
        out.push(format!("{}: {}", l.get("before"), score_text(v)));
    }
    out
}

/// Per step of `steps` (as `Journey::steps_by_stage` gives them), the lines its card
/// adds in the timeline and storyboard: each other persona's score, what changed since
/// the older version, and on a stage's first card the steps removed from the stage.
pub(crate) fn card_lines(
    j: &Journey,
    steps: &[(usize, &Step)],
    opts: &RenderOptions,
) -> Vec<Vec<String>> {
    let others = other_personas(j);
    let mut k = 0;
    steps
        .iter()
        .enumerate()
        .map(|(i, (s, step))| {
            let first = i == 0 || steps[i - 1].0 != *s;
            k = if first { 0 } else { k + 1 };
            let mut lines: Vec<String> = others
                .iter()
                .filter_map(|name| {
                    Some(format!(
                        "{name}: {}",
                        score_text(persona_score(step, name)?)
                    ))
                })
                .collect();
            if let Some(c) = opts.comparison {
                lines.extend(step_change(c, *s, k, opts.labels));
                if first {
                    lines.extend(removed_line(c, *s, opts.labels));
                }
            }
            lines
        })
        .collect()
}

/// "Removed: A, B" for the steps removed from stage `s`, if any.
fn removed_line(c: &Comparison, s: usize, l: &Labels) -> Option<String> {
    let names = c.removed.get(s).filter(|r| !r.is_empty())?;
    Some(format!("{}: {}", l.get("removed"), names.join(", ")))
}

/// A sentence for the written description: how many steps are new and changed, and
/// which were removed.
pub(crate) fn summary(c: &Comparison, l: &Labels) -> String {
    let count = |m: StepMark| c.steps.iter().flatten().filter(|s| s.mark == m).count();
    let mut parts = vec![
        format!("{}: {}", l.get("added"), count(StepMark::Added)),
        format!("{}: {}", l.get("changed"), count(StepMark::Changed)),
    ];
    let removed: Vec<&str> = c.removed.iter().flatten().map(String::as_str).collect();
    if !removed.is_empty() {
        parts.push(format!("{}: {}", l.get("removed"), removed.join(", ")));
    }
    format!(" {}: {}.", l.get("changes"), parts.join("; "))
}
