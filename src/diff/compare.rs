//! Two versions of one journey compared: header values, stages and steps matched by
//! [`super::matching`], then each matched step's score, pains, opportunities and lanes.

use super::matching::{self, assign, in_order, similarity, ITEM_THRESHOLD};
use super::model::*;
use crate::journey::lanes::{Content, LANES};
use crate::journey::{Journey, Opportunity, Pain, Scale, Step};

/// A step's place: its stage's index and its index in the stage.
pub(super) type At = (usize, usize);

/// The steps of a journey with their places, in order.
fn places(j: &Journey) -> Vec<(At, &Step)> {
    j.stages
        .iter()
        .enumerate()
        .flat_map(|(s, stage)| {
            stage
                .steps
                .iter()
                .enumerate()
                .map(move |(k, st)| ((s, k), st))
        })
        .collect()
}

/// How many steps of `old` and `new` match, and the share of the smaller journey's steps
/// that do (1.0 when either has no steps: nothing says they are unrelated).
pub(crate) fn relatedness(old: &Journey, new: &Journey) -> (usize, f64) {
    let matched = match_steps(old, new).len();
    let smaller = old.steps().count().min(new.steps().count());
    if smaller == 0 {
        return (matched, 1.0);
    }
    (matched, matched as f64 / smaller as f64)
}

/// Matched steps as (old place, new place, score).
pub(super) fn match_steps(old: &Journey, new: &Journey) -> Vec<(At, At, f64)> {
    let (a, b) = (places(old), places(new));
    assign(a.len(), b.len(), matching::STEP_THRESHOLD, |i, j| {
        let ((si, _), x) = a[i];
        let ((sj, _), y) = b[j];
        matching::step_score(x, &old.stages[si].name, y, &new.stages[sj].name)
    })
    .into_iter()
    .map(|(i, j, s)| (a[i].0, b[j].0, s))
    .collect()
}

/// Whether the matched steps `a` (of `old`) and `b` (of `new`) differ in anything
/// [`compare`] reports other than their place.
pub(super) fn step_changed(old: &Journey, a: At, new: &Journey, b: At, score: f64) -> bool {
    let (x, y) = (&old.stages[a.0].steps[a.1], &new.stages[b.0].steps[b.1]);
    changed_step(
        (x, &old.stages[a.0].name, a.1, old.scale),
        (y, &new.stages[b.0].name, b.1, new.scale),
        None,
        score,
    )
    .is_some()
}

/// Everything that changed from `old` to `new`.
pub(crate) fn compare(
    old: &Journey,
    new: &Journey,
    positions: (usize, usize),
    paired_by: PairedBy,
) -> JourneyDiff {
    let steps = match_steps(old, new);
    let stage_of = match_stages(old, new, &steps);
    let mut summary = Summary::default();
    let fields = fields(old, new);
    summary.fields_changed = fields.len();
    let scale = (old.scale != new.scale).then_some(ScaleChange {
        old: old.scale,
        new: new.scale,
    });

    // Which old stages kept their order among the matched ones.
    let stage_pairs: Vec<(usize, usize)> = stage_of
        .iter()
        .enumerate()
        .filter_map(|(i, j)| j.map(|j| (i, j)))
        .collect();
    let stage_kept = in_order(&stage_pairs.iter().map(|p| p.1).collect::<Vec<_>>());
    let stage_moved = |i: usize| {
        stage_pairs
            .iter()
            .position(|p| p.0 == i)
            .is_some_and(|k| !stage_kept[k])
    };

    // Which matched steps kept their order within a pair of matched stages.
    let mut step_moved = vec![None; steps.len()];
    for &(i, j) in &stage_pairs {
        let within: Vec<usize> = (0..steps.len())
            .filter(|&k| steps[k].0 .0 == i && steps[k].1 .0 == j)
            .collect();
        let kept = in_order(&within.iter().map(|&k| steps[k].1 .1).collect::<Vec<_>>());
        for (n, &k) in within.iter().enumerate() {
            if !kept[n] {
                step_moved[k] = Some(Move::Order);
            }
        }
    }
    for (k, ((si, _), (sj, _), _)) in steps.iter().enumerate() {
        if stage_of[*si] != Some(*sj) {
            step_moved[k] = Some(Move::Stage);
        }
    }

    // One group per new stage, and one per removed old stage after the stage before it.
    let mut groups: Vec<((isize, usize, usize), StageDiff)> = Vec::new();
    for (j, stage) in new.stages.iter().enumerate() {
        let from = stage_of.iter().position(|m| *m == Some(j));
        let renamed = from.is_some_and(|i| old.stages[i].name != stage.name);
        let moved = from.is_some_and(stage_moved);
        let change = match from {
            None => Change::Added,
            Some(_) if renamed || moved => Change::Changed,
            Some(_) => Change::Unchanged,
        };
        groups.push((
            (j as isize, 0, 0),
            StageDiff {
                change,
                old_name: from.map(|i| old.stages[i].name.clone()),
                new_name: Some(stage.name.clone()),
                old_position: from.map(|i| i + 1),
                new_position: Some(j + 1),
                renamed,
                moved,
                steps: Vec::new(),
            },
        ));
    }
    for (i, stage) in old.stages.iter().enumerate() {
        if stage_of[i].is_some() {
            continue;
        }
        let anchor = (0..i)
            .rev()
            .find_map(|k| stage_of[k])
            .map_or(-1, |j| j as isize);
        groups.push((
            (anchor, 1, i),
            StageDiff {
                change: Change::Removed,
                old_name: Some(stage.name.clone()),
                new_name: None,
                old_position: Some(i + 1),
                new_position: None,
                renamed: false,
                moved: false,
                steps: Vec::new(),
            },
        ));
    }
    groups.sort_by_key(|g| g.0);
    let group_of_new = |j: usize| groups.iter().position(|g| g.0 == (j as isize, 0, 0));
    let group_of_removed = |i: usize| groups.iter().position(|g| g.0 .1 == 1 && g.0 .2 == i);

    // Steps into their groups, each with a sort key like the stages'.
    let mut placed: Vec<(usize, (isize, usize, usize), StepDiff)> = Vec::new();
    for ((sj, k), step) in places(new) {
        let Some(g) = group_of_new(sj) else { continue };
        let found = steps.iter().position(|m| m.1 == (sj, k));
        let diff = match found {
            None => added_step(step, &new.stages[sj].name, k),
            Some(m) => {
                let (from, _, score) = steps[m];
                let before = &old.stages[from.0].steps[from.1];
                let diff = changed_step(
                    (before, &old.stages[from.0].name, from.1, old.scale),
                    (step, &new.stages[sj].name, k, new.scale),
                    step_moved[m],
                    score,
                );
                match diff {
                    Some(d) => d,
                    None => continue,
                }
            }
        };
        placed.push((g, (k as isize, 0, 0), diff));
    }
    for ((si, k), step) in places(old) {
        if steps.iter().any(|m| m.0 == (si, k)) {
            continue;
        }
        let (g, anchor) = match stage_of[si] {
            Some(sj) => {
                // After the nearest earlier step of the same stage that stayed in it.
                let anchor = (0..k)
                    .rev()
                    .find_map(|before| {
                        steps
                            .iter()
                            .find(|m| m.0 == (si, before) && m.1 .0 == sj)
                            .map(|m| m.1 .1 as isize)
                    })
                    .unwrap_or(-1);
                (group_of_new(sj), anchor)
            }
            None => (group_of_removed(si), -1),
        };
        let Some(g) = g else { continue };
        placed.push((
            g,
            (anchor, 1, k),
            removed_step(step, &old.stages[si].name, k),
        ));
    }
    placed.sort_by_key(|p| (p.0, p.1));
    for (g, _, diff) in placed {
        count_step(&mut summary, &diff);
        groups[g].1.steps.push(diff);
    }
    let stages: Vec<StageDiff> = groups
        .into_iter()
        .map(|g| g.1)
        .filter(|s| s.change != Change::Unchanged || !s.steps.is_empty())
        .collect();
    for s in &stages {
        match s.change {
            Change::Added => summary.stages_added += 1,
            Change::Removed => summary.stages_removed += 1,
            _ => {
                summary.stages_renamed += usize::from(s.renamed);
                summary.stages_moved += usize::from(s.moved);
            }
        }
    }
    JourneyDiff {
        old_title: old.title.clone().or_else(|| old.acc_title.clone()),
        new_title: new.title.clone().or_else(|| new.acc_title.clone()),
        old_position: positions.0 + 1,
        new_position: positions.1 + 1,
        paired_by,
        matched_steps: steps.len(),
        fields,
        scale,
        stages,
        summary,
    }
}

/// Old stage index → the new stage it matches. Stages of the same name match; others
/// score 0.3 × their name similarity + 0.7 × the share of their steps matched to each
/// other (Dice: twice the shared steps over both stages' steps), or their name similarity
/// alone when one has no steps.
pub(super) fn match_stages(
    old: &Journey,
    new: &Journey,
    steps: &[(At, At, f64)],
) -> Vec<Option<usize>> {
    let pairs = assign(
        old.stages.len(),
        new.stages.len(),
        matching::STAGE_THRESHOLD,
        |i, j| {
            let (a, b) = (&old.stages[i], &new.stages[j]);
            let name = if matching::normalise(&a.name) == matching::normalise(&b.name) {
                1.0
            } else {
                similarity(&a.name, &b.name)
            };
            let total = a.steps.len() + b.steps.len();
            if total == 0 || a.steps.is_empty() || b.steps.is_empty() {
                return name;
            }
            let shared = steps.iter().filter(|m| m.0 .0 == i && m.1 .0 == j).count();
            let share = 2.0 * shared as f64 / total as f64;
            // The same name wins outright; otherwise shared steps carry a rename.
            if name == 1.0 {
                1.0
            } else {
                0.3 * name + 0.7 * share
            }
        },
    );
    let mut out = vec![None; old.stages.len()];
    for (i, j, _) in pairs {
        out[i] = Some(j);
    }
    out
}

/// The header values that changed.
fn fields(old: &Journey, new: &Journey) -> Vec<FieldChange> {
    let scale = |s: Scale| Some(format!("{}..{}", number(s.min), number(s.max)));
    let pairs = [
        ("title", old.title.clone(), new.title.clone()),
        ("persona", old.persona.clone(), new.persona.clone()),
        ("owner", old.owner.clone(), new.owner.clone()),
        ("reviewed", old.reviewed.clone(), new.reviewed.clone()),
        ("market", old.market.clone(), new.market.clone()),
        ("goal", old.goal.clone(), new.goal.clone()),
        ("scale", scale(old.scale), scale(new.scale)),
    ];
    pairs
        .into_iter()
        .filter(|(_, a, b)| a != b)
        .map(|(field, old, new)| FieldChange {
            field: field.to_string(),
            old,
            new,
        })
        .collect()
}

/// A number as people write it: `2`, `-1`, `2.5`.
pub(crate) fn number(x: f64) -> String {
    let r = (x * 100.0).round() / 100.0;
    if r.fract() == 0.0 {
        format!("{r:.0}")
    } else {
        format!("{r}")
    }
}

fn added_step(step: &Step, stage: &str, k: usize) -> StepDiff {
    StepDiff {
        change: Change::Added,
        old_name: None,
        new_name: Some(step.name.clone()),
        id: step.id.clone(),
        old_stage: None,
        new_stage: Some(stage.to_string()),
        old_position: None,
        new_position: Some(k + 1),
        renamed: false,
        moved: None,
        similarity: None,
        score: step.score.map(|s| ScoreChange {
            old: None,
            new: Some(s),
            delta: None,
        }),
        pains: compare_pains(&[], &step.pains),
        opportunities: compare_opportunities(&[], &step.opportunities),
        lanes: Vec::new(),
    }
}

fn removed_step(step: &Step, stage: &str, k: usize) -> StepDiff {
    StepDiff {
        change: Change::Removed,
        old_name: Some(step.name.clone()),
        new_name: None,
        id: step.id.clone(),
        old_stage: Some(stage.to_string()),
        new_stage: None,
        old_position: Some(k + 1),
        new_position: None,
        renamed: false,
        moved: None,
        similarity: None,
        score: step.score.map(|s| ScoreChange {
            old: Some(s),
            new: None,
            delta: None,
        }),
        pains: compare_pains(&step.pains, &[]),
        opportunities: compare_opportunities(&step.opportunities, &[]),
        lanes: Vec::new(),
    }
}

/// A matched step's changes; `None` when nothing changed.
fn changed_step(
    (a, a_stage, a_at, a_scale): (&Step, &str, usize, Scale),
    (b, b_stage, b_at, b_scale): (&Step, &str, usize, Scale),
    moved: Option<Move>,
    score: f64,
) -> Option<StepDiff> {
    let renamed = a.name != b.name;
    let score_changed = match (a.score, b.score) {
        (Some(x), Some(y)) => a_scale.fraction(x) != b_scale.fraction(y) || x != y,
        (x, y) => x != y,
    };
    let pains = compare_pains(&a.pains, &b.pains);
    let opportunities = compare_opportunities(&a.opportunities, &b.opportunities);
    let lanes = compare_lanes(a, b);
    let changed = renamed
        || moved.is_some()
        || score_changed
        || !pains.is_empty()
        || !opportunities.is_empty()
        || !lanes.is_empty();
    if !changed {
        return None;
    }
    let delta = match (a.score, b.score) {
        // The old score at the same point of the new scale.
        (Some(x), Some(y)) => {
            let x = b_scale.min + a_scale.fraction(x) * (b_scale.max - b_scale.min);
            Some(((y - x) * 100.0).round() / 100.0)
        }
        _ => None,
    };
    Some(StepDiff {
        change: Change::Changed,
        old_name: Some(a.name.clone()),
        new_name: Some(b.name.clone()),
        id: b.id.clone().or_else(|| a.id.clone()),
        old_stage: Some(a_stage.to_string()),
        new_stage: Some(b_stage.to_string()),
        old_position: Some(a_at + 1),
        new_position: Some(b_at + 1),
        renamed,
        moved,
        similarity: Some((score * 100.0).round() / 100.0),
        score: score_changed.then_some(ScoreChange {
            old: a.score,
            new: b.score,
            delta,
        }),
        pains,
        opportunities,
        lanes,
    })
}

fn count_step(summary: &mut Summary, d: &StepDiff) {
    match d.change {
        Change::Added => summary.steps_added += 1,
        Change::Removed => summary.steps_removed += 1,
        _ => {
            summary.steps_renamed += usize::from(d.renamed);
            summary.steps_moved += usize::from(d.moved.is_some());
            summary.scores_changed += usize::from(d.score.is_some());
            let other = d.score.is_some()
                || !d.pains.is_empty()
                || !d.opportunities.is_empty()
                || !d.lanes.is_empty();
            summary.steps_changed += usize::from(other);
        }
    }
    for p in &d.pains {
        match p.change {
            PainStatus::Added => summary.pains_added += 1,
            PainStatus::Resolved => summary.pains_resolved += 1,
            PainStatus::Changed => summary.pains_changed += 1,
        }
    }
    for o in &d.opportunities {
        match o.change {
            OpportunityStatus::Added => summary.opportunities_added += 1,
            OpportunityStatus::Dropped => summary.opportunities_dropped += 1,
            OpportunityStatus::Changed => summary.opportunities_changed += 1,
        }
    }
}

/// Items of two lists matched by text similarity: (old index, new index) pairs, in new
/// order, then the unmatched old and new indexes.
type Matched = (Vec<(usize, usize)>, Vec<usize>, Vec<usize>);

fn match_items(old: &[String], new: &[String]) -> Matched {
    let mut pairs: Vec<(usize, usize)> = assign(old.len(), new.len(), ITEM_THRESHOLD, |i, j| {
        similarity(&old[i], &new[j])
    })
    .into_iter()
    .map(|(i, j, _)| (i, j))
    .collect();
    pairs.sort_by_key(|p| p.1);
    let gone = (0..old.len())
        .filter(|i| !pairs.iter().any(|p| p.0 == *i))
        .collect();
    let came = (0..new.len())
        .filter(|j| !pairs.iter().any(|p| p.1 == *j))
        .collect();
    (pairs, gone, came)
}

fn pain_item(p: &Pain) -> PainItem {
    PainItem {
        text: p.text.clone(),
        severity: p.severity,
    }
}

fn compare_pains(old: &[Pain], new: &[Pain]) -> Vec<PainChange> {
    let texts = |v: &[Pain]| -> Vec<String> { v.iter().map(|p| p.text.clone()).collect() };
    let (pairs, gone, came) = match_items(&texts(old), &texts(new));
    let mut out = Vec::new();
    for (i, j) in pairs {
        if old[i].text != new[j].text || old[i].severity != new[j].severity {
            out.push(PainChange {
                change: PainStatus::Changed,
                old: Some(pain_item(&old[i])),
                new: Some(pain_item(&new[j])),
            });
        }
    }
    out.extend(came.into_iter().map(|j| PainChange {
        change: PainStatus::Added,
        old: None,
        new: Some(pain_item(&new[j])),
    }));
    out.extend(gone.into_iter().map(|i| PainChange {
        change: PainStatus::Resolved,
        old: Some(pain_item(&old[i])),
        new: None,
    }));
    out
}

fn opportunity_item(o: &Opportunity) -> OpportunityItem {
    OpportunityItem {
        text: o.text.clone(),
        impact: o.impact,
        effort: o.effort,
    }
}

fn compare_opportunities(old: &[Opportunity], new: &[Opportunity]) -> Vec<OpportunityChange> {
    let texts = |v: &[Opportunity]| -> Vec<String> { v.iter().map(|o| o.text.clone()).collect() };
    let (pairs, gone, came) = match_items(&texts(old), &texts(new));
    let mut out = Vec::new();
    for (i, j) in pairs {
        let (a, b) = (&old[i], &new[j]);
        if a.text != b.text || a.impact != b.impact || a.effort != b.effort {
            out.push(OpportunityChange {
                change: OpportunityStatus::Changed,
                old: Some(opportunity_item(a)),
                new: Some(opportunity_item(b)),
            });
        }
    }
    out.extend(came.into_iter().map(|j| OpportunityChange {
        change: OpportunityStatus::Added,
        old: None,
        new: Some(opportunity_item(&new[j])),
    }));
    out.extend(gone.into_iter().map(|i| OpportunityChange {
        change: OpportunityStatus::Dropped,
        old: Some(opportunity_item(&old[i])),
        new: None,
    }));
    out
}

/// Text lane entries added and removed, compared exactly (trimmed), in lane order.
fn compare_lanes(a: &Step, b: &Step) -> Vec<LaneChange> {
    let mut out = Vec::new();
    for lane in LANES {
        let Content::Text(field, _) = lane.content else {
            continue;
        };
        let (old, new) = ((field.get)(a), (field.get)(b));
        let has = |v: &[String], t: &str| v.iter().any(|x| x.trim() == t.trim());
        let added: Vec<String> = new.iter().filter(|t| !has(old, t)).cloned().collect();
        let removed: Vec<String> = old.iter().filter(|t| !has(new, t)).cloned().collect();
        if !added.is_empty() || !removed.is_empty() {
            out.push(LaneChange {
                lane: lane.keyword.to_string(),
                added,
                removed,
            });
        }
    }
    out
}
