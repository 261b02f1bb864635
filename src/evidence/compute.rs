//! A journey's evidence: each source it uses opened and read once, then each step's score,
//! metrics and quotes written in, and the journey's share of backed steps counted.

use super::needs::{metric_ref, needs, quotes_naming_sources, resolve, Need, Owner, Resolved};
use super::rows::{gather, key, Gathered};
use super::stats::rescale;
use super::{Attached, DataContext};
use crate::diagnostics::Diagnostic;
use crate::journey::keywords::did_you_mean;
use crate::journey::validate::days_from_date;
use crate::journey::*;

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
        let Some(opened) = super::open::open(journey, &r, need, ctx, &mut out.diagnostics) else {
            continue;
        };
        let Some((gathered, rel)) = gather(journey, &r, need, opened, &mut out.diagnostics) else {
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
        let at = step.data().score.as_ref().map_or(step.span, |s| s.span);
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
        evidence[flat].score = Some(Box::new(ScoreEvidence {
            source: src.name.clone(),
            n: mean.n,
            mean: mean.mean(),
            source_scale: scale,
            interval,
            journey_interval,
            weak: mean.n < u64::from(min_n),
            min_n,
        }));
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
            .and_then(|s| s.data().quotes.get(*q))
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
