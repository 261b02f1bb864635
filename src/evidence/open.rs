//! A data source opened for one journey: its file found inside the root and read by its
//! format's rules, and the columns the journey asks for, each missing one reported where
//! it was named.

use super::needs::{metric_ref, option_span, Need, Resolved};
use super::table::{Format, Table};
use super::{inside, DataContext};
use crate::diagnostics::Diagnostic;
use crate::journey::*;
use std::path::PathBuf;

/// A source ready to be read: the open table and the index of every column a pass reads.
pub(super) struct Opened {
    pub(super) table: Table,
    /// Where the file really is (for pointing at a cell in a message).
    pub(super) real: PathBuf,
    /// Its path relative to the root.
    pub(super) rel: String,
    pub(super) format: Format,
    pub(super) step: Option<usize>,
    pub(super) score: Option<usize>,
    pub(super) date: Option<usize>,
    pub(super) text: Option<usize>,
    pub(super) from: Option<usize>,
    /// Column and lower-case value of each filter.
    pub(super) filters: Vec<(usize, String)>,
    /// The column of each metric the journey asks for, and its name.
    pub(super) metrics: Vec<(usize, String)>,
}

/// Reports an error at `span`; `None`, for the caller to return.
pub(super) fn fail<T>(
    problems: &mut Vec<Diagnostic>,
    span: Span,
    message: String,
    help: &str,
) -> Option<T> {
    problems.push(Diagnostic::error(span, message).with_help(help.to_string()));
    None
}

/// Opens the source `r` for what `need` asks; `None` (with the problem reported) when it cannot be used.
pub(super) fn open(
    journey: &Journey,
    r: &Resolved<'_>,
    need: &Need,
    ctx: &DataContext<'_>,
    problems: &mut Vec<Diagnostic>,
) -> Option<Opened> {
    let src = r.source;
    let shown = &src.path;
    let path_span = r.at;
    let Some(rel) = inside(r.base, &src.path) else {
        return fail(problems, path_span, format!("the data file {shown} is outside the handbook"), "keep data files inside the handbook folder and name them relative to the file that uses them");
    };
    let Some(format) = Format::of(std::path::Path::new(&rel)) else {
        return fail(
            problems,
            path_span,
            format!("waymark cannot read {shown}: it reads .csv, .tsv and .jsonl files"),
            "export the data as CSV (comma or semicolon), TSV or JSON Lines",
        );
    };
    let real: PathBuf = match crate::files::resolve(ctx.root, &rel) {
        Ok(p) => p,
        Err(e) => {
            let message = if std::fs::symlink_metadata(ctx.root.join(&rel)).is_err() {
                format!(
                    "the data file {shown} does not exist (looked for {})",
                    ctx.root.join(&rel).display()
                )
            } else {
                e.message.clone()
            };
            let help = if message.contains("does not exist") {
                "check the path: it is relative to the file that names the data"
            } else {
                e.help.as_str()
            };
            return fail(problems, path_span, message, help);
        }
    };
    if !std::fs::metadata(&real).is_ok_and(|m| m.is_file()) {
        return fail(
            problems,
            path_span,
            format!("the data file {shown} is not a regular file"),
            "name a CSV, TSV or JSON Lines file",
        );
    }
    let table = match Table::open(&real, format) {
        Ok(t) => t,
        Err(e) => {
            return fail(
                problems,
                path_span,
                format!("{shown} cannot be read: {e}"),
                "save it as UTF-8 CSV, TSV or JSON Lines with a header line",
            )
        }
    };
    let format = table.format();
    let listed = table.columns.join(", ");
    let missing = |table: &Table,
                   key: &str,
                   column: &str,
                   required: bool,
                   problems: &mut Vec<Diagnostic>|
     -> Result<Option<usize>, ()> {
        match table.column(column) {
            Some(i) => Ok(Some(i)),
            None if !required => Ok(None),
            None => {
                problems.push(
                    Diagnostic::error(option_span(r, key), format!("{shown} has no column `{column}`"))
                        .with_help(format!("its columns are: {listed}; name the right one on the data line, e.g. `{{{key}: {}}}`", table.columns.first().map_or("…", String::as_str))),
                );
                Err(())
            }
        }
    };
    let has_metrics = !need.metrics.is_empty();
    let cols = &src.columns;
    let step_col = missing(
        &table,
        "step",
        &cols.step,
        !need.scores.is_empty() || !need.quotes.is_empty(),
        problems,
    )
    .ok()?;
    let score_col = missing(
        &table,
        "score",
        &cols.score,
        !need.scores.is_empty(),
        problems,
    )
    .ok()?;
    let dated = has_metrics || src.since.is_some() || src.until.is_some();
    let date_col = missing(&table, "date", &cols.date, dated, problems).ok()?;
    let text_col = missing(
        &table,
        "text",
        &cols.text,
        !need.quotes.is_empty(),
        problems,
    )
    .ok()?;
    let from_col = table.column(&cols.source);
    let mut filters = Vec::new();
    for f in &src.filters {
        let i = missing(&table, &f.column, &f.column, true, problems).ok()??;
        filters.push((i, f.value.to_lowercase()));
    }
    let mut metric_cols = Vec::new();
    let mut metric_names = Vec::new();
    for (owner, m) in &need.metrics {
        let metric = metric_ref(journey, *owner, *m)?;
        metric_names.push(metric.column.clone());
        match table.column(&metric.column) {
            Some(i) => metric_cols.push(i),
            None => {
                problems.push(
                    Diagnostic::error(
                        metric.span,
                        format!("{shown} has no column `{}`", metric.column),
                    )
                    .with_help(format!(
                        "its columns are: {listed}; name the right one: `{{data: {}, column: …}}`",
                        metric.source.name
                    )),
                );
                return None;
            }
        }
    }
    Some(Opened {
        table,
        real,
        rel,
        format,
        step: step_col,
        score: score_col,
        date: date_col,
        text: text_col,
        from: from_col,
        filters,
        metrics: metric_cols.into_iter().zip(metric_names).collect(),
    })
}
