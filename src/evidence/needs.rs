//! What a journey asks of its data: which sources it uses (in order of first use), for
//! which steps' scores, which metrics and which quotes; names that are no source reported.

use super::DataContext;
use crate::diagnostics::Diagnostic;
use crate::journey::keywords::did_you_mean;
use crate::journey::*;

/// Whose metric it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Owner {
    Step(usize),
    Stage(usize),
}

/// What a journey asks of one source.
#[derive(Default)]
pub(super) struct Need {
    /// Steps (flat index) whose score comes from it.
    pub(super) scores: Vec<usize>,
    /// Metrics: whose, and which of its data metrics.
    pub(super) metrics: Vec<(Owner, usize)>,
    /// Quotes: which step, how many.
    pub(super) quotes: Vec<(usize, usize)>,
    /// Where it was first used, for problems with a shared source.
    pub(super) used_at: Span,
}

/// A source as one journey sees it: its declaration and the folder its path is relative to.
pub(super) struct Resolved<'j> {
    pub(super) source: &'j DataSource,
    pub(super) base: &'j str,
    /// Where problems with the source itself are shown.
    pub(super) at: Span,
}

/// `quote: interviews` where `interviews` is a data source pulls quotes from it.
pub(super) fn quotes_naming_sources(journey: &mut Journey, ctx: &DataContext<'_>) {
    let names: Vec<String> = journey
        .data
        .iter()
        .map(|d| d.name.clone())
        .chain(ctx.shared.iter().map(|s| s.source.name.clone()))
        .collect();
    for step in journey.stages.iter_mut().flat_map(|s| s.steps.iter_mut()) {
        let span = step.span;
        let mut found = Vec::new();
        step.quotes.retain(|q| {
            let source = names.iter().any(|n| n == q.trim());
            if source {
                found.push(QuoteRef {
                    source: DataRef {
                        name: q.trim().to_string(),
                        span,
                    },
                    limit: crate::journey::DEFAULT_QUOTE_LIMIT,
                });
            }
            !source
        });
        if !found.is_empty() {
            step.data_mut().quotes.extend(found);
        }
    }
}

/// Every source the journey uses, in order of first use, with what is asked of it.
/// Names that are no source are reported here.
pub(super) fn needs(
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
        if let Some(r) = &step.data().score {
            if let Some(n) = entry(&mut out, &known, r, "the score", problems) {
                n.scores.push(flat);
            }
        }
        for (m, metric) in step.data().metrics.iter().enumerate() {
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
        for (q, quote) in step.data().quotes.iter().enumerate() {
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
pub(super) fn entry<'o>(
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
pub(super) fn resolve<'j>(
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
pub(super) fn option_span(r: &Resolved<'_>, key: &str) -> Span {
    r.source
        .option_spans
        .iter()
        .find(|(k, _)| k == key)
        .filter(|_| r.at == r.source.span)
        .map_or(r.at, |(_, s)| *s)
}

pub(super) fn metric_ref(journey: &Journey, owner: Owner, m: usize) -> Option<&MetricRef> {
    match owner {
        Owner::Step(flat) => journey.steps().nth(flat)?.data().metrics.get(m),
        Owner::Stage(s) => journey.stages.get(s)?.data_metrics.get(m),
    }
}
