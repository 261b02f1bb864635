//! The table written as HTML, with row and column headings scoped for screen readers.

use super::{Cell, RowKind, Table};
use crate::journey::Journey;
use crate::render::svg::{escape, escape_into};
use crate::render::RenderOptions;
use std::fmt::Write;

/// A cell's entries, one a line; links as links.
fn cell(c: &Cell) -> String {
    let mut out = String::new();
    for (i, e) in c.entries.iter().enumerate() {
        if i > 0 {
            out.push_str("<br>");
        }
        match e.href {
            Some(href) => {
                let _ = write!(out, "<a href=\"{}\">", escape(href));
                escape_into(&mut out, &e.text);
                out.push_str("</a>");
            }
            None => escape_into(&mut out, &e.text),
        }
    }
    out
}

/// The journey as an HTML table, id `{id}-table`.
pub(crate) fn html(j: &Journey, opts: &RenderOptions) -> String {
    let l = opts.labels;
    let table = Table::new(j, l, opts.comparison);
    let mut out = String::new();
    let _ = write!(
        out,
        "<table class=\"waymark-table\" id=\"{id}-table\"><caption>{} — {}</caption><thead><tr><th scope=\"col\">{}</th>",
        escape(j.display_title("Customer journey")),
        escape(l.get("table")),
        escape(l.get("stage")),
        id = opts.id
    );
    for (name, span) in &table.stages {
        let _ = write!(
            out,
            "<th scope=\"colgroup\" colspan=\"{span}\">{}</th>",
            escape(name)
        );
    }
    let _ = write!(
        out,
        "</tr><tr><th scope=\"col\">{}</th>",
        escape(l.get("step"))
    );
    for (column, assumption) in table.columns.iter().zip(&table.assumptions) {
        match column {
            None => out.push_str("<td></td>"),
            Some(step) => {
                let _ = write!(
                    out,
                    "<th scope=\"col\">{}",
                    escape(&step.name).replace('\n', "<br>")
                );
                // Marked in words, so it reads the same without styles.
                if let Some(word) = assumption {
                    let _ = write!(
                        out,
                        "<br><small class=\"waymark-assumption\">({})</small>",
                        escape(word)
                    );
                }
                out.push_str("</th>");
            }
        }
    }
    out.push_str("</tr></thead><tbody>");
    for row in &table.rows {
        let cells: Vec<String> = row.cells.iter().map(cell).collect();
        // A lane whose every cell writes nothing is left out.
        if row.kind == RowKind::Lane && cells.iter().all(String::is_empty) {
            continue;
        }
        let _ = write!(out, "<tr><th scope=\"row\">{}</th>", escape(&row.label));
        for (c, html) in row.cells.iter().zip(cells) {
            if row.kind == RowKind::Goal {
                let _ = write!(out, "<td colspan=\"{}\">{html}</td>", c.span);
            } else {
                let _ = write!(out, "<td>{html}</td>");
            }
        }
        out.push_str("</tr>");
    }
    out.push_str("</tbody></table>");
    out
}
