//! The diff as text for a terminal: one block per journey, its header changes, then its
//! stages in the new order with their steps; `+` added, `-` removed, `~` changed, `→`
//! moved. Colour (ANSI) only when asked, which the command line decides.

use super::compare::number;
use super::model::*;
use std::fmt::Write;

/// ANSI colours, or nothing.
#[derive(Clone, Copy)]
struct Paint(bool);

impl Paint {
    fn wrap(self, code: &str, text: &str) -> String {
        if self.0 {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_string()
        }
    }
    fn bold(self, t: &str) -> String {
        self.wrap("1", t)
    }
    fn added(self, t: &str) -> String {
        self.wrap("32", t)
    }
    fn removed(self, t: &str) -> String {
        self.wrap("31", t)
    }
    fn changed(self, t: &str) -> String {
        self.wrap("33", t)
    }
    fn moved(self, t: &str) -> String {
        self.wrap("36", t)
    }
    fn dim(self, t: &str) -> String {
        self.wrap("2", t)
    }
}

/// Text on one line (`<br>` in names becomes a space).
pub(crate) fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A stage's name as shown; the unnamed stage has a description instead.
pub(crate) fn stage_name(name: &str) -> String {
    if name.trim().is_empty() {
        "(steps before the first section)".to_string()
    } else {
        one_line(name)
    }
}

/// A score change: `2 → 4 (+2)`.
pub(crate) fn score_text(s: &ScoreChange) -> String {
    let side = |x: Option<f64>| x.map_or_else(|| "none".to_string(), number);
    let mut out = format!("{} → {}", side(s.old), side(s.new));
    if let Some(d) = s.delta {
        let sign = if d > 0.0 { "+" } else { "" };
        let _ = write!(out, " ({sign}{})", number(d));
    }
    out
}

/// The summary line: `2 steps added, 1 removed, …`; `None` when nothing changed.
pub(crate) fn summary_line(s: &Summary) -> Option<String> {
    let mut parts = Vec::new();
    let mut group = |what: &str, items: &[(usize, &str)]| {
        let items: Vec<String> = items
            .iter()
            .filter(|(n, _)| *n > 0)
            .map(|(n, word)| format!("{n} {word}"))
            .collect();
        if !items.is_empty() {
            parts.push(format!("{what} {}", items.join(", ")));
        }
    };
    group(
        "journeys:",
        &[(s.journeys_added, "added"), (s.journeys_removed, "removed")],
    );
    group("header fields:", &[(s.fields_changed, "changed")]);
    group(
        "stages:",
        &[
            (s.stages_added, "added"),
            (s.stages_removed, "removed"),
            (s.stages_renamed, "renamed"),
            (s.stages_moved, "moved"),
        ],
    );
    group(
        "steps:",
        &[
            (s.steps_added, "added"),
            (s.steps_removed, "removed"),
            (s.steps_renamed, "renamed"),
            (s.steps_moved, "moved"),
        ],
    );
    group("scores:", &[(s.scores_changed, "changed")]);
    group(
        "pains:",
        &[
            (s.pains_added, "added"),
            (s.pains_resolved, "resolved"),
            (s.pains_changed, "changed"),
        ],
    );
    group(
        "opportunities:",
        &[
            (s.opportunities_added, "added"),
            (s.opportunities_dropped, "dropped"),
            (s.opportunities_changed, "changed"),
        ],
    );
    (!parts.is_empty()).then(|| parts.join("; "))
}

/// The diff as text; `color` adds ANSI colours.
pub fn text(doc: &DiffDocument, color: bool) -> String {
    let p = Paint(color);
    let mut out = String::new();
    let _ = writeln!(out, "{}", p.removed(&format!("--- {}", doc.old)));
    let _ = writeln!(out, "{}", p.added(&format!("+++ {}", doc.new)));
    if !doc.has_changes() {
        out.push_str("\nno changes\n");
        return out;
    }
    for j in &doc.journeys {
        if j.summary.total() > 0 {
            journey(&mut out, j, p);
        }
    }
    for r in &doc.journeys_added {
        out.push('\n');
        let _ = writeln!(out, "{}", p.added(&format!("+ journey {}", journey_ref(r))));
    }
    for r in &doc.journeys_removed {
        out.push('\n');
        let _ = writeln!(
            out,
            "{}",
            p.removed(&format!("- journey {}", journey_ref(r)))
        );
    }
    if let Some(line) = summary_line(&doc.summary) {
        let _ = write!(out, "\n{line}\n");
    }
    out
}

fn journey_ref(r: &JourneyRef) -> String {
    format!(
        "{} ({} stage{}, {} step{})",
        r.title
            .as_deref()
            .map_or("(untitled)".to_string(), one_line),
        r.stages,
        plural(r.stages),
        r.steps,
        plural(r.steps)
    )
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

fn journey(out: &mut String, j: &JourneyDiff, p: Paint) {
    let title = j
        .new_title
        .as_deref()
        .or(j.old_title.as_deref())
        .map_or_else(|| format!("journey {}", j.new_position), one_line);
    let _ = write!(out, "\n{}\n", p.bold(&title));
    for f in &j.fields {
        let value = |v: &Option<String>| v.as_deref().map_or("(none)".to_string(), one_line);
        let mut line = format!("  ~ {}: {} → {}", f.field, value(&f.old), value(&f.new));
        if f.field == "scale" {
            line.push_str(" (score changes compare the same point of each scale)");
        }
        let _ = writeln!(out, "{}", p.changed(&line));
    }
    for s in &j.stages {
        stage(out, s, p);
    }
}

fn stage(out: &mut String, s: &StageDiff, p: Paint) {
    let old = s.old_name.as_deref().map(stage_name);
    let new = s.new_name.as_deref().map(stage_name);
    let line = match s.change {
        Change::Added => p.added(&format!(
            "  + stage {} (new, position {})",
            new.unwrap_or_default(),
            s.new_position.unwrap_or_default()
        )),
        Change::Removed => p.removed(&format!("  - stage {} (removed)", old.unwrap_or_default())),
        _ => {
            let mut notes = Vec::new();
            if s.moved {
                notes.push(format!(
                    "moved from position {} to {}",
                    s.old_position.unwrap_or_default(),
                    s.new_position.unwrap_or_default()
                ));
            }
            match (s.renamed, s.moved) {
                (true, _) => p.changed(&format!(
                    "  ~ stage {} → {} (renamed{})",
                    old.unwrap_or_default(),
                    new.unwrap_or_default(),
                    notes.iter().map(|n| format!(", {n}")).collect::<String>()
                )),
                (false, true) => p.moved(&format!(
                    "  → stage {} ({})",
                    new.unwrap_or_default(),
                    notes.join(", ")
                )),
                (false, false) => format!("  stage {}", new.unwrap_or_default()),
            }
        }
    };
    let _ = writeln!(out, "{line}");
    for step in &s.steps {
        step_lines(out, step, p);
    }
}

fn step_lines(out: &mut String, d: &StepDiff, p: Paint) {
    let old = d.old_name.as_deref().map(one_line).unwrap_or_default();
    let new = d.new_name.as_deref().map(one_line).unwrap_or_default();
    match d.change {
        Change::Added => {
            let mut line = format!("    + {new}");
            if let Some(s) = d.score.and_then(|s| s.new) {
                let _ = write!(line, " (score {})", number(s));
            }
            let _ = writeln!(out, "{}", p.added(&line));
        }
        Change::Removed => {
            let mut line = format!("    - {old}");
            if let Some(s) = d.score.and_then(|s| s.old) {
                let _ = write!(line, " (score {})", number(s));
            }
            let _ = writeln!(out, "{}", p.removed(&line));
        }
        _ => {
            let mut notes = Vec::new();
            if d.renamed {
                notes.push("renamed".to_string());
            }
            match d.moved {
                Some(Move::Stage) => notes.push(format!(
                    "moved from stage {}",
                    stage_name(d.old_stage.as_deref().unwrap_or_default())
                )),
                Some(Move::Order) => notes.push(format!(
                    "moved from place {} to {} in its stage",
                    d.old_position.unwrap_or_default(),
                    d.new_position.unwrap_or_default()
                )),
                None => {}
            }
            let name = if d.renamed {
                format!("{old} → {new}")
            } else {
                new.clone()
            };
            let notes = if notes.is_empty() {
                String::new()
            } else {
                format!(" ({})", notes.join(", "))
            };
            let line = if d.moved.is_some() && !d.renamed {
                p.moved(&format!("    → {name}{notes}"))
            } else {
                p.changed(&format!("    ~ {name}{notes}"))
            };
            let _ = writeln!(out, "{line}");
            if let Some(s) = &d.score {
                let _ = writeln!(out, "        score {}", score_text(s));
            }
        }
    }
    details(out, d, p);
}

/// A step's pains, opportunities and lanes, one line each.
fn details(out: &mut String, d: &StepDiff, p: Paint) {
    for c in &d.pains {
        let line = match (c.change, &c.old, &c.new) {
            (PainStatus::Added, _, Some(n)) => p.added(&format!(
                "        + pain: {} ({})",
                one_line(&n.text),
                n.severity.name()
            )),
            (PainStatus::Resolved, Some(o), _) => p.removed(&format!(
                "        - pain resolved: {} ({})",
                one_line(&o.text),
                o.severity.name()
            )),
            (_, Some(o), Some(n)) => {
                let mut line = format!("        ~ pain: {}", one_line(&n.text));
                if o.text != n.text {
                    let _ = write!(line, " (was: {})", one_line(&o.text));
                }
                if o.severity != n.severity {
                    let _ = write!(
                        line,
                        ", severity {} → {}",
                        o.severity.name(),
                        n.severity.name()
                    );
                }
                p.changed(&line)
            }
            _ => continue,
        };
        let _ = writeln!(out, "{line}");
    }
    for c in &d.opportunities {
        let line = match (c.change, &c.old, &c.new) {
            (OpportunityStatus::Added, _, Some(n)) => p.added(&format!(
                "        + opportunity: {}{}",
                one_line(&n.text),
                judged(n)
            )),
            (OpportunityStatus::Dropped, Some(o), _) => p.removed(&format!(
                "        - opportunity dropped: {}{}",
                one_line(&o.text),
                judged(o)
            )),
            (_, Some(o), Some(n)) => p.changed(&format!(
                "        ~ opportunity: {}{}",
                one_line(&n.text),
                opportunity_change(o, n)
            )),
            _ => continue,
        };
        let _ = writeln!(out, "{line}");
    }
    for l in &d.lanes {
        for t in &l.added {
            let _ = writeln!(
                out,
                "{}",
                p.added(&format!("        + {}: {}", l.lane, one_line(t)))
            );
        }
        for t in &l.removed {
            let _ = writeln!(
                out,
                "{}",
                p.dim(&p.removed(&format!("        - {}: {}", l.lane, one_line(t))))
            );
        }
    }
}

/// ` (impact high, effort low)`, or nothing when not judged.
pub(crate) fn judged(o: &OpportunityItem) -> String {
    let mut parts = Vec::new();
    if let Some(i) = o.impact {
        parts.push(format!("impact {}", i.name()));
    }
    if let Some(e) = o.effort {
        parts.push(format!("effort {}", e.name()));
    }
    if parts.is_empty() {
        String::new()
    } else {
        format!(" ({})", parts.join(", "))
    }
}

/// What changed in a matched opportunity: ` (was: …), impact low → high`.
pub(crate) fn opportunity_change(o: &OpportunityItem, n: &OpportunityItem) -> String {
    let rating = |r: Option<crate::journey::Rating>| r.map_or("not judged", |r| r.name());
    let mut out = String::new();
    if o.text != n.text {
        let _ = write!(out, " (was: {})", one_line(&o.text));
    }
    if o.impact != n.impact {
        let _ = write!(out, ", impact {} → {}", rating(o.impact), rating(n.impact));
    }
    if o.effort != n.effort {
        let _ = write!(out, ", effort {} → {}", rating(o.effort), rating(n.effort));
    }
    out
}
