//! The `table` layout: the journey as an HTML table, a lane per row and a step per
//! column. It is also the text alternative published with every other layout.

use super::parts::score_text;
use super::svg::escape;
use super::RenderOptions;
use crate::journey::{Journey, Step};
use std::fmt::Write;

type Cell = fn(&Step, &RenderOptions) -> String;

fn list(items: &[String]) -> String {
    items
        .iter()
        .map(|i| escape(i))
        .collect::<Vec<_>>()
        .join("<br>")
}

/// Lanes as (label key, cell writer), in map order.
const ROWS: &[(&str, Cell)] = &[
    ("actors", |s, _| list(&s.actors)),
    ("channel", |s, _| list(&s.channels)),
    ("touchpoint", |s, _| list(&s.touchpoints)),
    ("thought", |s, _| list(&s.thoughts)),
    ("feeling", |s, _| list(&s.feelings)),
    ("need", |s, _| list(&s.needs)),
    ("barrier", |s, _| list(&s.barriers)),
    ("pain", |s, o| {
        s.pains
            .iter()
            .map(|p| {
                format!(
                    "{} ({}: {})",
                    escape(&p.text),
                    escape(o.labels.get("severity")),
                    escape(o.labels.get(p.severity.name()))
                )
            })
            .collect::<Vec<_>>()
            .join("<br>")
    }),
    ("opportunity", |s, o| {
        s.opportunities
            .iter()
            .map(|op| {
                let mut judged = Vec::new();
                if let Some(i) = op.impact {
                    judged.push(format!(
                        "{}: {}",
                        escape(o.labels.get("impact")),
                        escape(o.labels.get(i.name()))
                    ));
                }
                if let Some(e) = op.effort {
                    judged.push(format!(
                        "{}: {}",
                        escape(o.labels.get("effort")),
                        escape(o.labels.get(e.name()))
                    ));
                }
                if judged.is_empty() {
                    escape(&op.text)
                } else {
                    format!("{} ({})", escape(&op.text), judged.join(", "))
                }
            })
            .collect::<Vec<_>>()
            .join("<br>")
    }),
    ("frontstage", |s, _| list(&s.frontstage)),
    ("backstage", |s, _| list(&s.backstage)),
    ("support", |s, _| list(&s.support)),
    ("metric", |s, _| list(&s.metrics)),
    ("quote", |s, _| list(&s.quotes)),
    ("link", |s, _| {
        s.links
            .iter()
            .map(|l| format!("<a href=\"{}\">{}</a>", escape(&l.url), escape(&l.label)))
            .collect::<Vec<_>>()
            .join("<br>")
    }),
    ("image", |s, _| {
        s.images
            .iter()
            .map(|i| {
                format!(
                    "<a href=\"{}\">{}</a>",
                    escape(&i.url),
                    escape(if i.alt.is_empty() { &i.url } else { &i.alt })
                )
            })
            .collect::<Vec<_>>()
            .join("<br>")
    }),
    ("note", |s, _| list(&s.notes)),
];

/// The journey as an HTML table, id `{id}-table`.
pub fn html(j: &Journey, opts: &RenderOptions) -> String {
    let l = opts.labels;
    let steps: Vec<&Step> = j.steps().collect();
    let mut out = String::new();
    let _ = write!(
        out,
        "<table class=\"waymark-table\" id=\"{id}-table\"><caption>{} — {}</caption><thead><tr><th scope=\"col\">{}</th>",
        escape(j.display_title("Customer journey")),
        escape(l.get("table")),
        escape(l.get("stage")),
        id = opts.id
    );
    for stage in &j.stages {
        let span = stage.steps.len().max(1);
        let _ = write!(
            out,
            "<th scope=\"colgroup\" colspan=\"{span}\">{}</th>",
            escape(&stage.name)
        );
    }
    let _ = write!(
        out,
        "</tr><tr><th scope=\"col\">{}</th>",
        escape(l.get("step"))
    );
    for stage in &j.stages {
        if stage.steps.is_empty() {
            out.push_str("<td></td>");
        }
        for step in &stage.steps {
            let _ = write!(
                out,
                "<th scope=\"col\">{}</th>",
                escape(&step.name).replace('\n', "<br>")
            );
        }
    }
    out.push_str("</tr></thead><tbody>");
    let row = |out: &mut String, label: &str, cells: Vec<String>| {
        let _ = write!(out, "<tr><th scope=\"row\">{}</th>", escape(label));
        for c in cells {
            let _ = write!(out, "<td>{c}</td>");
        }
        out.push_str("</tr>");
    };
    let per_column = |f: &dyn Fn(&Step) -> String| -> Vec<String> {
        let mut cells = Vec::new();
        for stage in &j.stages {
            if stage.steps.is_empty() {
                cells.push(String::new());
            }
            cells.extend(stage.steps.iter().map(f));
        }
        cells
    };
    if steps.iter().any(|s| s.score.is_some()) {
        let label = format!(
            "{} ({}…{})",
            l.get("score"),
            score_text(j.scale.min),
            score_text(j.scale.max)
        );
        row(
            &mut out,
            &label,
            per_column(&|s| s.score.map(score_text).unwrap_or_else(|| "–".to_string())),
        );
    }
    for (key, cell) in ROWS {
        let cells = per_column(&|s| cell(s, opts));
        if cells.iter().any(|c| !c.is_empty()) {
            row(&mut out, l.get(key), cells);
        }
    }
    if j.stages
        .iter()
        .any(|s| s.goal.is_some() || !s.metrics.is_empty())
    {
        let _ = write!(out, "<tr><th scope=\"row\">{}</th>", escape(l.get("goal")));
        for s in &j.stages {
            let mut parts: Vec<String> = s.goal.iter().map(|g| escape(g)).collect();
            parts.extend(s.metrics.iter().map(|m| escape(m)));
            let _ = write!(
                out,
                "<td colspan=\"{}\">{}</td>",
                s.steps.len().max(1),
                parts.join("<br>")
            );
        }
        out.push_str("</tr>");
    }
    out.push_str("</tbody></table>");
    out
}
