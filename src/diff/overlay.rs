//! What a map of the new version of a journey draws over itself to show what changed
//! since the old one: the old emotion curve, a mark on each step added or changed, and
//! the steps removed, each under the stage it was in. Steps and stages are matched as
//! `waymark diff` matches them ([`super::compare`]).

use super::compare::{match_stages, match_steps, step_changed};
use crate::journey::Journey;

/// How a step of the new journey relates to the old one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StepMark {
    /// The same step, nothing reported changed.
    Same,
    /// Changed: renamed, rescored, or its pains, opportunities or lanes differ.
    Changed,
    /// Not in the old journey.
    Added,
}

/// One step of the new journey, compared.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct StepComparison {
    /// Added, changed or the same.
    pub mark: StepMark,
    /// The matched old step's score as a fraction of the old journey's scale (0 the
    /// lowest score, 1 the highest), so the old curve is drawn on the new scale.
    pub old_fraction: Option<f64>,
    /// The matched old step's score on the old scale, for text.
    pub old_score: Option<f64>,
}

/// The old version of a journey, laid over the new one.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Comparison {
    /// Per stage of the new journey, per step: how it compares.
    pub steps: Vec<Vec<StepComparison>>,
    /// Per stage of the new journey: the names of the old steps removed from it (from
    /// the stage it matched, or from a removed stage that stood just before it; those
    /// before every remaining stage go under the first).
    pub removed: Vec<Vec<String>>,
}

impl Comparison {
    /// How step `k` of stage `s` of the new journey compares (the same when out of range).
    pub fn step(&self, s: usize, k: usize) -> StepComparison {
        self.steps
            .get(s)
            .and_then(|v| v.get(k))
            .copied()
            .unwrap_or(StepComparison {
                mark: StepMark::Same,
                old_fraction: None,
                old_score: None,
            })
    }

    /// Whether there is anything to draw besides the old curve.
    pub fn any_marks(&self) -> bool {
        self.steps
            .iter()
            .flatten()
            .any(|s| s.mark != StepMark::Same)
    }

    /// Whether any step was removed.
    pub fn any_removed(&self) -> bool {
        self.removed.iter().any(|r| !r.is_empty())
    }

    /// Whether any old score is drawn.
    pub fn any_old_scores(&self) -> bool {
        self.steps
            .iter()
            .flatten()
            .any(|s| s.old_fraction.is_some())
    }
}

/// `old` laid over `new`: what a map of `new` draws to show what changed since `old`.
pub fn overlay(old: &Journey, new: &Journey) -> Comparison {
    let matched = match_steps(old, new);
    let stage_of = match_stages(old, new, &matched);
    let steps = new
        .stages
        .iter()
        .enumerate()
        .map(|(s, stage)| {
            (0..stage.steps.len())
                .map(|k| match matched.iter().find(|m| m.1 == (s, k)) {
                    None => StepComparison {
                        mark: StepMark::Added,
                        old_fraction: None,
                        old_score: None,
                    },
                    Some(&(a, b, score)) => {
                        let before = old.stages[a.0].steps[a.1].score;
                        StepComparison {
                            mark: if step_changed(old, a, new, b, score) {
                                StepMark::Changed
                            } else {
                                StepMark::Same
                            },
                            old_fraction: before.map(|v| old.scale.fraction(v)),
                            old_score: before,
                        }
                    }
                })
                .collect()
        })
        .collect();
    let mut removed = vec![Vec::new(); new.stages.len()];
    for (i, stage) in old.stages.iter().enumerate() {
        // A removed stage's steps go under the nearest earlier stage that remains.
        let target = (0..=i).rev().find_map(|k| stage_of[k]).unwrap_or(0);
        for (k, step) in stage.steps.iter().enumerate() {
            if matched.iter().any(|m| m.0 == (i, k)) {
                continue;
            }
            let name = step.name.replace('\n', " ");
            if let Some(r) = removed.get_mut(target) {
                r.push(name);
            }
        }
    }
    Comparison { steps, removed }
}
