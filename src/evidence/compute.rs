//! One pass over each data source a journey uses: rows filtered, matched to steps and
//! stages, and folded into means, time series and quotes; then each step's evidence and
//! the journey's share of backed steps.

use super::stats::{rescale, Mean};
use super::table::{cell_place, Format, Located, Row, Table};
use super::{inside, Attached, DataContext};
use crate::diagnostics::Diagnostic;
use crate::journey::keywords::did_you_mean;
use crate::journey::validate::days_from_date;
use crate::journey::*;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::PathBuf;

/// Step values seen in a file that match no step, kept for "did you mean".
const UNMATCHED_KEPT: usize = 500;

/// Distinct step cells remembered with what they match.
const MATCHES_KEPT: usize = 10_000;

/// What a row's step cell names: a step (flat index), a stage, both or neither.
#[derive(Debug, Clone, Copy)]
struct Match {
    step: Option<usize>,
    stage: Option<usize>,
}

/// Whether a cell holds `lower` (already lower case), ignoring case.
fn same_text(cell: &str, lower: &str) -> bool {
    if cell.is_ascii() {
        cell.eq_ignore_ascii_case(lower)
    } else {
        cell.to_lowercase() == lower
    }
}

/// Whose metric it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Owner {
    Step(usize),
    Stage(usize),
}

/// What a journey asks of one source.
#[derive(Default)]
struct Need {
    /// Steps (flat index) whose score comes from it.
    scores: Vec<usize>,
    /// Metrics: whose, and which of its data metrics.
    metrics: Vec<(Owner, usize)>,
    /// Quotes: which step, how many.
    quotes: Vec<(usize, usize)>,
    /// Where it was first used, for problems with a shared source.
    used_at: Span,
}

/// What one pass over a source gathered.
#[derive(Default)]
struct Gathered {
    total: u64,
    kept: u64,
    newest: Option<String>,
    scores: HashMap<usize, Mean>,
    series: Vec<BTreeMap<String, Mean>>,
    percent: Vec<bool>,
    quotes: Vec<Vec<QuoteEvidence>>,
    unmatched: BTreeSet<String>,
}

/// A source as one journey sees it: its declaration and the folder its path is relative to.
struct Resolved<'j> {
    source: &'j DataSource,
    base: &'j str,
    /// Where problems with the source itself are shown.
    at: Span,
}

pub(super) fn attach(journey: &mut Journey, ctx: &DataContext<'_>) -> Attached {
    let mut out = Attached::default();
    quotes_naming_sources(journey, ctx);
    let needs = needs(journey, ctx, &mut out.diagnostics);
    let mut uses = Vec::new();
    let mut evidence: Vec<StepEvidence> = vec![StepEvidence::default(); journey.steps().count()];
    let mut stage_metrics: Vec<Vec<MetricEvidence>> = vec![Vec::new(); journey.stages.len()];
    let local = journey.data.clone();
    for (name, need) in &needs {
        let Some(r) = resolve(name, &local, ctx, need.used_at) else {
            continue;
        };
        let Some((gathered, rel)) = gather(journey, &r, need, ctx, &mut out.diagnostics) else {
            continue;
        };
        out.files.push(rel.clone());
        let min_n = r.source.min_n.unwrap_or(ctx.min_n);
        let stale = gathered
            .newest
            .as_deref()
            .and_then(days_from_date)
            .is_some_and(|d| ctx.today - d > i64::from(ctx.stale_after_days));
        if stale {
            if let Some(newest) = &gathered.newest {
                out.diagnostics.push(
                    Diagnostic::warning(r.at, format!("the data in {} is stale: its newest row is from {newest}, more than {} days ago", r.source.path, ctx.stale_after_days))
                        .with_help("export the data again, or raise `stale_after_days` in waymark.toml if this is as fresh as it gets"),
                );
            }
        }
        uses.push(SourceUse {
            name: name.clone(),
            path: rel,
            rows: gathered.kept,
            newest: gathered.newest.clone(),
            stale,
        });
        apply(
            journey,
            &r,
            need,
            gathered,
            min_n,
            &mut evidence,
            &mut stage_metrics,
            &mut out.diagnostics,
        );
    }
    for (stage, metrics) in journey.stages.iter_mut().zip(stage_metrics) {
        stage.metric_evidence = metrics;
    }
    let mut backed = 0;
    let steps = journey.stages.iter_mut().flat_map(|s| s.steps.iter_mut());
    for (step, mut ev) in steps.zip(evidence) {
        ev.backed = ev.score.as_ref().is_some_and(|s| !s.weak)
            || !step.quotes.is_empty()
            || !ev.metrics.is_empty();
        backed += usize::from(ev.backed);
        step.evidence = Some(ev);
    }
    journey.evidence = Some(JourneyEvidence {
        backed,
        steps: journey.steps().count(),
        sources: uses,
    });
    out
}

/// `quote: interviews` where `interviews` is a data source pulls quotes from it.
fn quotes_naming_sources(journey: &mut Journey, ctx: &DataContext<'_>) {
    let names: Vec<String> = journey
        .data
        .iter()
        .map(|d| d.name.clone())
        .chain(ctx.shared.iter().map(|s| s.source.name.clone()))
        .collect();
    for step in journey.stages.iter_mut().flat_map(|s| s.steps.iter_mut()) {
        let span = step.span;
        step.quotes.retain(|q| {
            if names.iter().any(|n| n == q.trim()) {
                step.data.quotes.push(QuoteRef {
                    source: DataRef {
                        name: q.trim().to_string(),
                        span,
                    },
                    limit: crate::journey::DEFAULT_QUOTE_LIMIT,
                });
                false
            } else {
                true
            }
        });
    }
}

/// Every source the journey uses, in order of first use, with what is asked of it.
/// Names that are no source are reported here.
fn needs(
    journey: &Journey,
    ctx: &DataContext<'_>,
    problems: &mut Vec<Diagnostic>,
) -> Vec<(String, Need)> {
    let mut out: Vec<(String, Need)> = Vec::new();
    let known: Vec<&str> = journey
        .data
        .iter()
        .map(|d| d.name.as_str())
        .chain(ctx.shared.iter().map(|s| s.source.name.as_str()))
        .collect();
    for (flat, step) in journey.steps().enumerate() {
        if let Some(r) = &step.data.score {
            if let Some(n) = entry(&mut out, &known, r, "the score", problems) {
                n.scores.push(flat);
            }
        }
        for (m, metric) in step.data.metrics.iter().enumerate() {
            if let Some(n) = entry(
                &mut out,
                &known,
                &metric.source,
                "the metric's data",
                problems,
            ) {
                n.metrics.push((Owner::Step(flat), m));
            }
        }
        for (q, quote) in step.data.quotes.iter().enumerate() {
            if let Some(n) = entry(
                &mut out,
                &known,
                &quote.source,
                "the quotes' source",
                problems,
            ) {
                n.quotes.push((flat, q));
            }
        }
    }
    for (s, stage) in journey.stages.iter().enumerate() {
        for (m, metric) in stage.data_metrics.iter().enumerate() {
            if let Some(n) = entry(
                &mut out,
                &known,
                &metric.source,
                "the metric's data",
                problems,
            ) {
                n.metrics.push((Owner::Stage(s), m));
            }
        }
    }
    out
}

/// The need for the source `r` names, added on its first use; `None` (reported) when `r`
/// names no source.
fn entry<'o>(
    out: &'o mut Vec<(String, Need)>,
    known: &[&str],
    r: &DataRef,
    what: &str,
    problems: &mut Vec<Diagnostic>,
) -> Option<&'o mut Need> {
    if !known.contains(&r.name.as_str()) {
        let help = match did_you_mean(&r.name, known) {
            Some(s) => format!("did you mean `{s}`?"),
            None if what == "the score" => format!("steps are written `Step name: score: actors` with a number as score (e.g. `Sees an ad: 4: Maya`); to take the score from data, name the data first: `data {}: research/{}.csv`", r.name, r.name),
            None => format!("name the data first: `data {}: research/{}.csv`", r.name, r.name),
        };
        let (message, label) = if what == "the score" {
            (
                format!(
                    "the score `{}` is neither a number nor a data source",
                    r.name
                ),
                "expected a number or a data source's name",
            )
        } else {
            (
                format!("{what} `{}` is not a data source", r.name),
                "expected a data source's name",
            )
        };
        problems.push(
            Diagnostic::error(r.span, message)
                .with_label(label)
                .with_help(help),
        );
        return None;
    }
    let i = match out.iter().position(|(n, _)| *n == r.name) {
        Some(i) => i,
        None => {
            out.push((
                r.name.clone(),
                Need {
                    used_at: r.span,
                    ..Need::default()
                },
            ));
            out.len() - 1
        }
    };
    out.get_mut(i).map(|(_, n)| n)
}

/// The journey's own source named `name`, else the handbook's.
fn resolve<'j>(
    name: &str,
    local: &'j [DataSource],
    ctx: &'j DataContext<'_>,
    used_at: Span,
) -> Option<Resolved<'j>> {
    if let Some(source) = local.iter().find(|d| d.name == name) {
        return Some(Resolved {
            source,
            base: ctx.base,
            at: source.span,
        });
    }
    ctx.shared
        .iter()
        .find(|s| s.source.name == name)
        .map(|s| Resolved {
            source: &s.source,
            base: &s.base,
            at: used_at,
        })
}

/// Where a source's option about `key` was written, else where the source is shown.
fn option_span(r: &Resolved<'_>, key: &str) -> Span {
    r.source
        .option_spans
        .iter()
        .find(|(k, _)| k == key)
        .filter(|_| r.at == r.source.span)
        .map_or(r.at, |(_, s)| *s)
}

/// Lower case with runs of white space as one space: how steps and rows are matched.
fn key(text: &str) -> String {
    text.split_whitespace()
        .map(str::to_lowercase)
        .collect::<Vec<_>>()
        .join(" ")
}

/// A number as spreadsheets write it: `3.5`, `3,5`, `27%`; whether it had a `%`.
fn number(cell: &str) -> Option<(f64, bool)> {
    let (text, percent) = match cell.strip_suffix('%') {
        Some(t) => (t.trim_end(), true),
        None => (cell, false),
    };
    let text = if text.contains(',') && !text.contains('.') {
        std::borrow::Cow::Owned(text.replace(',', "."))
    } else {
        std::borrow::Cow::Borrowed(text)
    };
    let v: f64 = text.parse().ok()?;
    v.is_finite().then_some((v, percent))
}

/// Reads the source once; `None` (with the problem reported) when it cannot be used.
fn gather(
    journey: &Journey,
    r: &Resolved<'_>,
    need: &Need,
    ctx: &DataContext<'_>,
    problems: &mut Vec<Diagnostic>,
) -> Option<(Gathered, String)> {
    let src = r.source;
    let shown = &src.path;
    let fail = |problems: &mut Vec<Diagnostic>, span: Span, message: String, help: &str| {
        problems.push(Diagnostic::error(span, message).with_help(help.to_string()));
        None
    };
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
    // Keys rows are matched by: ids first, then names.
    let mut steps: HashMap<String, usize> = HashMap::new();
    for (flat, step) in journey.steps().enumerate() {
        steps.entry(key(&step.name)).or_insert(flat);
    }
    for (flat, step) in journey.steps().enumerate() {
        if let Some(id) = &step.id {
            steps.insert(key(id), flat);
        }
    }
    let stages: HashMap<String, usize> = journey
        .stages
        .iter()
        .enumerate()
        .map(|(i, s)| (key(&s.name), i))
        .collect();
    let since = src.since.clone();
    let until = src.until.clone();
    let scale = src.scale.unwrap_or(journey.scale);
    let mut g = Gathered {
        series: vec![BTreeMap::new(); need.metrics.len()],
        percent: vec![false; need.metrics.len()],
        quotes: vec![Vec::new(); need.quotes.len()],
        ..Gathered::default()
    };
    let located = |row: &Row<'_>, index: usize, message: String| -> Located {
        let (column, text) = cell_place(&real, format, row.byte, index);
        Located {
            line: row.line,
            column,
            message,
            text,
        }
    };
    // Rows repeat the same few step names: each distinct cell is matched once.
    let mut matches: HashMap<String, Match> = HashMap::new();
    let mut last_day = String::new();
    let result = table.rows(|row| {
        let cell = |i: usize| {
            row.get(i)
                .map_err(|()| located(row, i, "is not valid UTF-8".into()))
        };
        g.total += 1;
        for (i, value) in &filters {
            if !same_text(cell(*i)?, value) {
                return Ok(());
            }
        }
        let mut date: Option<&str> = None;
        if let Some(i) = date_col {
            let d = cell(i)?;
            if !d.is_empty() {
                let day = d.get(..10).unwrap_or(d);
                if day != last_day {
                    if days_from_date(day).is_none() {
                        return Err(located(
                            row,
                            i,
                            format!("`{d}` in column `{}` is not a date", cols.date),
                        ));
                    }
                    last_day.clear();
                    last_day.push_str(day);
                }
                date = Some(day);
            }
        }
        if since.is_some() || until.is_some() {
            let Some(d) = date else { return Ok(()) };
            if since.as_deref().is_some_and(|s| d < s) || until.as_deref().is_some_and(|u| d > u) {
                return Ok(());
            }
        }
        g.kept += 1;
        if let Some(d) = date {
            if g.newest.as_deref().is_none_or(|n| d > n) {
                g.newest = Some(d.to_string());
            }
        }
        let found = match step_col {
            Some(i) => {
                let raw = cell(i)?;
                match matches.get(raw) {
                    Some(m) => Some(*m),
                    None => {
                        let k = key(raw);
                        let m = Match {
                            step: steps.get(&k).copied(),
                            stage: stages.get(&k).copied(),
                        };
                        let asked = !need.scores.is_empty() || !need.quotes.is_empty();
                        if m.step.is_none()
                            && asked
                            && !k.is_empty()
                            && g.unmatched.len() < UNMATCHED_KEPT
                        {
                            g.unmatched.insert(k);
                        }
                        if matches.len() < MATCHES_KEPT {
                            matches.insert(raw.to_string(), m);
                        }
                        Some(m)
                    }
                }
            }
            None => None,
        };
        let step = found.and_then(|m| m.step);
        if let (Some(flat), Some(i)) = (step, score_col) {
            if need.scores.contains(&flat) {
                let c = cell(i)?;
                if !c.is_empty() {
                    let Some((v, _)) = number(c) else {
                        return Err(located(
                            row,
                            i,
                            format!("`{c}` in column `{}` is not a number", cols.score),
                        ));
                    };
                    if !scale.contains(v) {
                        return Err(located(
                            row,
                            i,
                            format!(
                                "the score {c} is outside the scale {}..{}",
                                fmt(scale.min),
                                fmt(scale.max)
                            ),
                        ));
                    }
                    g.scores.entry(flat).or_default().add(v);
                }
            }
        }
        for (n, (owner, _)) in need.metrics.iter().enumerate() {
            let ours = match (owner, found) {
                (_, None) => true,
                (Owner::Step(flat), Some(m)) => m.step == Some(*flat),
                (Owner::Stage(s), Some(m)) => m.stage == Some(*s),
            };
            if !ours {
                continue;
            }
            let i = metric_cols[n];
            let c = cell(i)?;
            if c.is_empty() {
                continue;
            }
            let Some((v, percent)) = number(c) else {
                return Err(located(
                    row,
                    i,
                    format!("`{c}` in column `{}` is not a number", metric_names[n]),
                ));
            };
            let Some(d) = date else {
                return Err(located(
                    row,
                    date_col.unwrap_or(0),
                    format!(
                        "this row has no date; a metric's rows need one in column `{}`",
                        cols.date
                    ),
                ));
            };
            g.percent[n] |= percent;
            match g.series[n].get_mut(d) {
                Some(mean) => mean.add(v),
                None => {
                    let mut mean = Mean::default();
                    mean.add(v);
                    g.series[n].insert(d.to_string(), mean);
                }
            }
        }
        if let (Some(flat), Some(t)) = (step, text_col) {
            for (n, (qs, _)) in need.quotes.iter().enumerate() {
                if *qs == flat {
                    let text = cell(t)?;
                    if !text.is_empty() {
                        let from = match from_col {
                            Some(i) => Some(cell(i)?).filter(|f| !f.is_empty()).map(str::to_string),
                            None => None,
                        };
                        g.quotes[n].push(QuoteEvidence {
                            text: text.to_string(),
                            source: src.name.clone(),
                            from,
                            date: date.map(str::to_string),
                        });
                    }
                }
            }
        }
        Ok(())
    });
    if let Err(e) = result {
        let mut d = Diagnostic::error(
            r.at,
            format!("{shown}:{}:{}: {}", e.line, e.column, e.message),
        );
        if !e.text.is_empty() {
            d.label(format!("line {}: {}", e.line, e.text));
        }
        d.help(if e.message.contains("scale") {
            format!("set the source's scale on its data line, e.g. `{{scale: 1..7}}`, or fix the value in {shown}")
        } else {
            format!("fix the value in {shown}, or name the right column on the data line")
        });
        problems.push(d);
        return None;
    }
    if g.total == 0 {
        return fail(
            problems,
            r.at,
            format!("{shown} has no rows"),
            "export the data again with its rows under the header line",
        );
    }
    if g.kept == 0 {
        return fail(problems, r.at, format!("none of the {} rows of {shown} is kept by the data line's filters", g.total), "loosen the filters (persona, market, segment, since, until) or check their values against the file");
    }
    Some((g, rel))
}

fn metric_ref(journey: &Journey, owner: Owner, m: usize) -> Option<&MetricRef> {
    match owner {
        Owner::Step(flat) => journey.steps().nth(flat)?.data.metrics.get(m),
        Owner::Stage(s) => journey.stages.get(s)?.data_metrics.get(m),
    }
}

/// A number as messages show it.
fn fmt(x: f64) -> String {
    crate::render::scene::num(x)
}

/// What was gathered, written into the journey's steps and the evidence being built.
#[allow(clippy::too_many_arguments)]
fn apply(
    journey: &mut Journey,
    r: &Resolved<'_>,
    need: &Need,
    mut g: Gathered,
    min_n: u32,
    evidence: &mut [StepEvidence],
    stage_metrics: &mut [Vec<MetricEvidence>],
    problems: &mut Vec<Diagnostic>,
) {
    let src = r.source;
    let scale = src.scale.unwrap_or(journey.scale);
    let to = journey.scale;
    let candidates: Vec<&str> = g.unmatched.iter().map(String::as_str).collect();
    for &flat in &need.scores {
        let Some(step) = journey
            .stages
            .iter_mut()
            .flat_map(|s| s.steps.iter_mut())
            .nth(flat)
        else {
            continue;
        };
        let at = step.data.score.as_ref().map_or(step.span, |s| s.span);
        let Some(mean) = g.scores.get(&flat).filter(|m| m.n > 0) else {
            let looked = match &step.id {
                Some(id) => format!("`{}` or `{id}`", step.name.replace('\n', " ")),
                None => format!("`{}`", step.name.replace('\n', " ")),
            };
            let mut d = Diagnostic::warning(
                at,
                format!("no row of {} with a score is about this step", src.path),
            );
            d.help(match did_you_mean(&key(&step.name), &candidates) {
                Some(s) => format!("the file's `{}` column has `{s}`; give the step `id: {s}` or rename it", src.columns.step),
                None => format!("rows are matched by their `{}` column against {looked}; give the step an `id:` that the file uses", src.columns.step),
            });
            problems.push(d);
            continue;
        };
        let interval = mean.interval().map(|i| Interval {
            low: i.low.max(scale.min),
            high: i.high.min(scale.max),
        });
        let journey_interval = interval.map(|i| Interval {
            low: rescale(i.low, scale, to),
            high: rescale(i.high, scale, to),
        });
        step.score = Some(rescale(mean.mean(), scale, to));
        evidence[flat].score = Some(ScoreEvidence {
            source: src.name.clone(),
            n: mean.n,
            mean: mean.mean(),
            source_scale: scale,
            interval,
            journey_interval,
            weak: mean.n < u64::from(min_n),
            min_n,
        });
    }
    for (n, (owner, m)) in need.metrics.iter().enumerate() {
        let Some(metric) = metric_ref(journey, *owner, *m) else {
            continue;
        };
        let series: Vec<Point> = std::mem::take(&mut g.series[n])
            .into_iter()
            .map(|(date, mean)| Point {
                date,
                value: mean.mean(),
            })
            .collect();
        if series.is_empty() {
            problems.push(
                Diagnostic::warning(metric.span, format!("no row of {} has a value for this metric", src.path))
                    .with_help(format!("check the column `{}` and, when the file has a `{}` column, that it names this step or stage", metric.column, src.columns.step)),
            );
            continue;
        }
        let percent = g.percent[n] || metric.target.is_some_and(|t| t.percent);
        let meets_target = metric
            .target
            .and_then(|t| series.last().map(|p| t.met_by(p.value)));
        let ev = MetricEvidence {
            label: metric.label.clone(),
            source: src.name.clone(),
            column: metric.column.clone(),
            percent,
            series,
            target: metric.target,
            meets_target,
        };
        match owner {
            Owner::Step(flat) => evidence[*flat].metrics.push(ev),
            Owner::Stage(s) => stage_metrics[*s].push(ev),
        }
    }
    for (n, (flat, q)) in need.quotes.iter().enumerate() {
        let limit = journey
            .steps()
            .nth(*flat)
            .and_then(|s| s.data.quotes.get(*q))
            .map_or(crate::journey::DEFAULT_QUOTE_LIMIT, |r| r.limit);
        let mut quotes = std::mem::take(&mut g.quotes[n]);
        // Newest first; undated last; the file's order otherwise.
        quotes.sort_by(|a, b| b.date.cmp(&a.date));
        quotes.truncate(limit);
        if let Some(step) = journey
            .stages
            .iter_mut()
            .flat_map(|s| s.steps.iter_mut())
            .nth(*flat)
        {
            step.quotes.extend(quotes.iter().map(|q| q.text.clone()));
        }
        evidence[*flat].quotes.extend(quotes);
    }
}
