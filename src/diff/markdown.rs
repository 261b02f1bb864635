//! The diff as a Markdown summary to paste into a pull request: headline counts, a table
//! of header changes and one of score changes, then lists of what was added, removed,
//! renamed or moved, and of pains and opportunities.

use super::compare::number;
use super::model::*;
use super::text::{judged, one_line, opportunity_change, stage_name, summary_line};
use std::fmt::Write;

/// Text safe in a Markdown table cell or list item: one line, `|` and markup escaped.
fn cell(text: &str) -> String {
    let mut out = String::new();
    for c in one_line(text).chars() {
        if matches!(
            c,
            '|' | '*' | '_' | '`' | '[' | ']' | '<' | '>' | '\\' | '#'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// `Stage › Step`, escaped.
fn place(stage: Option<&str>, step: Option<&str>) -> String {
    format!(
        "{} › {}",
        cell(&stage_name(stage.unwrap_or_default())),
        cell(step.unwrap_or_default())
    )
}

/// The diff as Markdown.
pub fn markdown(doc: &DiffDocument) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "### Journey changes\n");
    let _ = writeln!(out, "`{}` → `{}`\n", one_line(&doc.old), one_line(&doc.new));
    let Some(headline) = summary_line(&doc.summary) else {
        out.push_str("No changes.\n");
        return out;
    };
    let _ = writeln!(out, "**{}**\n", cell(&headline));
    for r in &doc.journeys_added {
        let _ = writeln!(out, "- Journey added: {}", journey_ref(r));
    }
    for r in &doc.journeys_removed {
        let _ = writeln!(out, "- Journey removed: {}", journey_ref(r));
    }
    if !doc.journeys_added.is_empty() || !doc.journeys_removed.is_empty() {
        out.push('\n');
    }
    let alone =
        doc.journeys.len() == 1 && doc.summary.journeys_added + doc.summary.journeys_removed == 0;
    for j in doc.journeys.iter().filter(|j| j.summary.total() > 0) {
        journey(&mut out, j, alone);
    }
    out
}

fn journey_ref(r: &JourneyRef) -> String {
    format!(
        "{} ({} steps)",
        r.title.as_deref().map_or("(untitled)".to_string(), cell),
        r.steps
    )
}

fn journey(out: &mut String, j: &JourneyDiff, alone: bool) {
    let title = j
        .new_title
        .as_deref()
        .or(j.old_title.as_deref())
        .map_or_else(|| format!("Journey {}", j.new_position), cell);
    let _ = writeln!(out, "#### {title}\n");
    // With one journey, the headline already said it.
    if !alone {
        if let Some(line) = summary_line(&j.summary) {
            let _ = writeln!(out, "{}\n", cell(&line));
        }
    }
    if !j.fields.is_empty() {
        out.push_str("| | before | after |\n| --- | --- | --- |\n");
        for f in &j.fields {
            let v = |v: &Option<String>| v.as_deref().map_or("—".to_string(), cell);
            let _ = writeln!(out, "| {} | {} | {} |", f.field, v(&f.old), v(&f.new));
        }
        out.push('\n');
    }
    let steps = || j.stages.iter().flat_map(|s| s.steps.iter());
    let scores: Vec<&StepDiff> = steps()
        .filter(|d| d.change == Change::Changed && d.score.is_some())
        .collect();
    if !scores.is_empty() {
        out.push_str("Scores");
        if let Some(s) = &j.scale {
            let _ = write!(
                out,
                " (scale {}..{} → {}..{}; the change compares the same point of each scale)",
                number(s.old.min),
                number(s.old.max),
                number(s.new.min),
                number(s.new.max)
            );
        }
        out.push_str(":\n\n| step | before | after | change |\n| --- | ---: | ---: | ---: |\n");
        for d in scores {
            let Some(s) = d.score else { continue };
            let v = |x: Option<f64>| x.map_or("—".to_string(), number);
            let delta = s.delta.map_or("—".to_string(), |d| {
                format!("{}{}", if d > 0.0 { "+" } else { "" }, number(d))
            });
            let _ = writeln!(
                out,
                "| {} | {} | {} | {delta} |",
                place(d.new_stage.as_deref(), d.new_name.as_deref()),
                v(s.old),
                v(s.new)
            );
        }
        out.push('\n');
    }
    let mut lists: Vec<(&str, Vec<String>)> = vec![
        ("Stages", stage_items(j)),
        ("Added", Vec::new()),
        ("Removed", Vec::new()),
        ("Renamed or moved", Vec::new()),
        ("Pains", Vec::new()),
        ("Opportunities", Vec::new()),
    ];
    for d in steps() {
        let score = |x: Option<f64>| x.map_or(String::new(), |x| format!(" (score {})", number(x)));
        match d.change {
            Change::Added => lists[1].1.push(format!(
                "{}{}",
                place(d.new_stage.as_deref(), d.new_name.as_deref()),
                score(d.score.and_then(|s| s.new))
            )),
            Change::Removed => lists[2].1.push(format!(
                "{}{}",
                place(d.old_stage.as_deref(), d.old_name.as_deref()),
                score(d.score.and_then(|s| s.old))
            )),
            _ => {
                if let Some(item) = renamed_or_moved(d) {
                    lists[3].1.push(item);
                }
            }
        }
        let at = match d.change {
            Change::Removed => place(d.old_stage.as_deref(), d.old_name.as_deref()),
            _ => place(d.new_stage.as_deref(), d.new_name.as_deref()),
        };
        lists[4].1.extend(pain_items(d, &at));
        lists[5].1.extend(opportunity_items(d, &at));
    }
    for (heading, items) in lists {
        if items.is_empty() {
            continue;
        }
        let _ = writeln!(out, "{heading}:\n");
        for i in items {
            let _ = writeln!(out, "- {i}");
        }
        out.push('\n');
    }
}

fn stage_items(j: &JourneyDiff) -> Vec<String> {
    let name = |n: &Option<String>| cell(&stage_name(n.as_deref().unwrap_or_default()));
    let mut out = Vec::new();
    for s in &j.stages {
        match s.change {
            Change::Added => out.push(format!("added: {}", name(&s.new_name))),
            Change::Removed => out.push(format!("removed: {}", name(&s.old_name))),
            Change::Changed => {
                if s.renamed {
                    out.push(format!(
                        "renamed: {} → {}",
                        name(&s.old_name),
                        name(&s.new_name)
                    ));
                }
                if s.moved {
                    out.push(format!(
                        "moved: {} (position {} → {})",
                        name(&s.new_name),
                        s.old_position.unwrap_or_default(),
                        s.new_position.unwrap_or_default()
                    ));
                }
            }
            Change::Unchanged => {}
        }
    }
    out
}

fn renamed_or_moved(d: &StepDiff) -> Option<String> {
    if !d.renamed && d.moved.is_none() {
        return None;
    }
    let name = if d.renamed {
        format!(
            "{} → {}",
            cell(d.old_name.as_deref().unwrap_or_default()),
            cell(d.new_name.as_deref().unwrap_or_default())
        )
    } else {
        cell(d.new_name.as_deref().unwrap_or_default())
    };
    let stage = cell(&stage_name(d.new_stage.as_deref().unwrap_or_default()));
    let moved = match d.moved {
        Some(Move::Stage) => format!(
            " (moved from {})",
            cell(&stage_name(d.old_stage.as_deref().unwrap_or_default()))
        ),
        Some(Move::Order) => format!(
            " (moved from place {} to {})",
            d.old_position.unwrap_or_default(),
            d.new_position.unwrap_or_default()
        ),
        None => String::new(),
    };
    Some(format!("{stage} › {name}{moved}"))
}

fn pain_items(d: &StepDiff, at: &str) -> Vec<String> {
    d.pains
        .iter()
        .filter_map(|c| match (c.change, &c.old, &c.new) {
            (PainStatus::Added, _, Some(n)) => Some(format!(
                "added: {} ({}) — {at}",
                cell(&n.text),
                n.severity.name()
            )),
            (PainStatus::Resolved, Some(o), _) => Some(format!(
                "resolved: {} ({}) — {at}",
                cell(&o.text),
                o.severity.name()
            )),
            (_, Some(o), Some(n)) => {
                let mut line = format!("changed: {}", cell(&n.text));
                if o.text != n.text {
                    let _ = write!(line, " (was: {})", cell(&o.text));
                }
                if o.severity != n.severity {
                    let _ = write!(
                        line,
                        ", severity {} → {}",
                        o.severity.name(),
                        n.severity.name()
                    );
                }
                Some(format!("{line} — {at}"))
            }
            _ => None,
        })
        .collect()
}

fn opportunity_items(d: &StepDiff, at: &str) -> Vec<String> {
    d.opportunities
        .iter()
        .filter_map(|c| match (c.change, &c.old, &c.new) {
            (OpportunityStatus::Added, _, Some(n)) => {
                Some(format!("added: {}{} — {at}", cell(&n.text), judged(n)))
            }
            (OpportunityStatus::Dropped, Some(o), _) => {
                Some(format!("dropped: {}{} — {at}", cell(&o.text), judged(o)))
            }
            (_, Some(o), Some(n)) => Some(format!(
                "changed: {}{} — {at}",
                cell(&n.text),
                cell(&opportunity_change(o, n))
            )),
            _ => None,
        })
        .collect()
}
