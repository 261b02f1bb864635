//! One pass over an opened source: rows filtered, matched to steps and stages, and folded
//! into means, time series and quotes without allocating per row.

use super::needs::{Need, Owner, Resolved};
use super::open::{fail, Opened};
use super::stats::Mean;
use super::table::{cell_place, Located, Row};
use crate::diagnostics::Diagnostic;
use crate::journey::validate::days_from_date;
use crate::journey::*;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// Step values seen in a file that match no step, kept for "did you mean".
pub(super) const UNMATCHED_KEPT: usize = 500;

/// Distinct step cells remembered with what they match.
pub(super) const MATCHES_KEPT: usize = 10_000;

/// What a row's step cell names: a step (flat index), a stage, both or neither.
#[derive(Debug, Clone, Copy)]
pub(super) struct Match {
    step: Option<usize>,
    stage: Option<usize>,
}

/// Whether a cell holds `lower` (already lower case), ignoring case.
pub(super) fn same_text(cell: &str, lower: &str) -> bool {
    if cell.is_ascii() {
        cell.eq_ignore_ascii_case(lower)
    } else {
        cell.to_lowercase() == lower
    }
}

/// What one pass over a source gathered.
#[derive(Default)]
pub(super) struct Gathered {
    pub(super) total: u64,
    pub(super) kept: u64,
    pub(super) newest: Option<String>,
    pub(super) scores: HashMap<usize, Mean>,
    pub(super) series: Vec<BTreeMap<String, Mean>>,
    pub(super) percent: Vec<bool>,
    pub(super) quotes: Vec<Vec<QuoteEvidence>>,
    pub(super) unmatched: BTreeSet<String>,
}

/// Lower case with runs of white space as one space: how steps and rows are matched.
pub(super) fn key(text: &str) -> String {
    text.split_whitespace()
        .map(str::to_lowercase)
        .collect::<Vec<_>>()
        .join(" ")
}

/// A number as spreadsheets write it: `3.5`, `3,5`, `27%`; whether it had a `%`.
pub(super) fn number(cell: &str) -> Option<(f64, bool)> {
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

/// Reads every row of `opened` once; `None` (with the problem reported) when a row cannot
/// be used or none is kept.
pub(super) fn gather(
    journey: &Journey,
    r: &Resolved<'_>,
    need: &Need,
    opened: Opened,
    problems: &mut Vec<Diagnostic>,
) -> Option<(Gathered, String)> {
    let Opened {
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
        metrics,
    } = opened;
    let (metric_cols, metric_names): (Vec<usize>, Vec<String>) = metrics.into_iter().unzip();
    let src = r.source;
    let shown = &src.path;
    let cols = &src.columns;
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

/// A number as messages show it.
pub(super) fn fmt(x: f64) -> String {
    crate::render::scene::num(x)
}
