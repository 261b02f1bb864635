//! The `table` layout: the journey as a grid, a lane per row and a step per column. The
//! same rows are written as HTML (the table layout on pages, and the text alternative
//! published with every other layout) and drawn as a picture (`waymark svg`), so the two
//! always say the same.

mod html;
mod picture;

pub(crate) use html::html;
pub(crate) use picture::layout;

use super::compared;
use super::evidence;
use super::labels::Labels;
use super::parts::score_text;
use crate::journey::lanes::{Content, Lane, LANES};
use crate::journey::{Journey, Step};
use std::borrow::Cow;

/// How an entry is marked, beyond its words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Tone {
    /// Plain text.
    Plain,
    /// A pain point.
    Pain,
    /// An opportunity.
    Opportunity,
}

/// One item of a cell: a line of text, or a link.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Entry<'a> {
    /// The words shown.
    pub text: Cow<'a, str>,
    /// Where it links to (already checked safe by the parser).
    pub href: Option<&'a str>,
    /// How it is marked.
    pub tone: Tone,
}

impl<'a> Entry<'a> {
    fn plain(text: impl Into<Cow<'a, str>>) -> Entry<'a> {
        Entry {
            text: text.into(),
            href: None,
            tone: Tone::Plain,
        }
    }
}

/// One cell of a row: its entries, and how many columns it spans.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Cell<'a> {
    /// Columns covered (more than one only in [`RowKind::Goal`] rows).
    pub span: usize,
    /// The entries, top to bottom.
    pub entries: Vec<Entry<'a>>,
}

/// What a row holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum RowKind {
    /// Each step's score (a dash where there is none).
    Score,
    /// One kind of content per step; left out when no step has any.
    Lane,
    /// One cell over each stage's columns (its goal and metrics, the steps removed from it).
    Goal,
}

/// One row: its heading and a cell per column (or per stage).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Row<'a> {
    /// The row heading.
    pub label: Cow<'a, str>,
    /// The cells, left to right.
    pub cells: Vec<Cell<'a>>,
    /// What the row holds.
    pub kind: RowKind,
}

/// The whole table: two heading rows (stages, steps) and the rows under them.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Table<'a> {
    /// Per stage: its name and how many columns it spans.
    pub stages: Vec<(&'a str, usize)>,
    /// A column per step, and an empty one (`None`) for each stage without steps.
    pub columns: Vec<Option<&'a Step>>,
    /// Per column, the word marking its step as an assumption, if it is one.
    pub assumptions: Vec<Option<&'a str>>,
    /// The rows under the headings: score, the other personas' scores, what changed
    /// since an older version, actors, the lanes in the order of `journey::lanes::LANES`,
    /// stage goals.
    pub rows: Vec<Row<'a>>,
}

fn list(items: &[String]) -> Vec<Entry<'_>> {
    items.iter().map(|i| Entry::plain(i.as_str())).collect()
}

/// A step's entries in `lane`, with the words of `l` for severity, impact and effort;
/// metrics computed from data after the written ones, pulled quotes with their source.
fn entries<'a>(lane: &Lane, s: &'a Step, l: &'a Labels) -> Vec<Entry<'a>> {
    match lane.content {
        Content::Text(field, _) if lane.keyword == "quote" => (field.get)(s)
            .iter()
            .map(|q| match evidence::quote_source(s, q) {
                Some(from) => Entry::plain(format!("{q} — {from}")),
                None => Entry::plain(q.as_str()),
            })
            .collect(),
        Content::Text(field, _) if lane.keyword == "metric" => {
            let mut v = list((field.get)(s));
            let data = s.evidence.iter().flat_map(|e| &e.metrics);
            v.extend(data.map(|m| Entry::plain(evidence::metric_line(m, l))));
            v
        }
        Content::Text(field, _) => list((field.get)(s)),
        Content::Pains(field) => (field.get)(s)
            .iter()
            .map(|p| Entry {
                tone: Tone::Pain,
                ..Entry::plain(format!(
                    "{} ({}: {})",
                    p.text,
                    l.get("severity"),
                    l.get(p.severity.name())
                ))
            })
            .collect(),
        Content::Opportunities(field) => (field.get)(s)
            .iter()
            .map(|op| {
                let mut judged = Vec::new();
                if let Some(i) = op.impact {
                    judged.push(format!("{}: {}", l.get("impact"), l.get(i.name())));
                }
                if let Some(e) = op.effort {
                    judged.push(format!("{}: {}", l.get("effort"), l.get(e.name())));
                }
                let text = if judged.is_empty() {
                    Cow::Borrowed(op.text.as_str())
                } else {
                    Cow::Owned(format!("{} ({})", op.text, judged.join(", ")))
                };
                Entry {
                    tone: Tone::Opportunity,
                    ..Entry::plain(text)
                }
            })
            .collect(),
        Content::Links(field) => (field.get)(s)
            .iter()
            .map(|k| Entry {
                href: Some(k.url.as_str()),
                ..Entry::plain(k.label.as_str())
            })
            .collect(),
        Content::Images(field) => (field.get)(s)
            .iter()
            .map(|i| Entry {
                href: Some(i.url.as_str()),
                ..Entry::plain(if i.alt.is_empty() { &i.url } else { &i.alt })
            })
            .collect(),
    }
}

/// A step's score cell: the score (with its n, interval and source when it comes from
/// data, and `weak evidence` when too few answered), or a dash.
fn score_entries<'a>(s: &'a Step, l: &'a Labels) -> Vec<Entry<'a>> {
    let Some(v) = s.score else {
        return vec![Entry::plain("–")];
    };
    match evidence::score(s) {
        None => vec![Entry::plain(score_text(v))],
        Some(ev) => {
            let mut e = vec![Entry::plain(format!(
                "{} ({})",
                score_text(v),
                evidence::score_detail(ev, l)
            ))];
            if ev.weak {
                e.push(Entry::plain(l.get("weak")));
            }
            e
        }
    }
}

impl<'a> Table<'a> {
    /// The table of `j`, headed with the words of `l`; with `comparison`, the changes
    /// since the older version too.
    pub(crate) fn new(
        j: &'a Journey,
        l: &'a Labels,
        comparison: Option<&crate::diff::Comparison>,
    ) -> Table<'a> {
        let stages = j
            .stages
            .iter()
            .map(|s| (s.name.as_str(), s.steps.len().max(1)))
            .collect();
        let mut columns = Vec::new();
        for stage in &j.stages {
            if stage.steps.is_empty() {
                columns.push(None);
            }
            columns.extend(stage.steps.iter().map(Some));
        }
        let per_column = |f: &dyn Fn(&'a Step) -> Vec<Entry<'a>>| -> Vec<Cell<'a>> {
            columns
                .iter()
                .map(|c| Cell {
                    span: 1,
                    entries: c.map(f).unwrap_or_default(),
                })
                .collect()
        };
        let mut rows = Vec::new();
        let others = compared::other_personas(j);
        if j.steps().any(|s| s.score.is_some()) {
            // Named after the persona when other personas' rows follow.
            let whose = match (&j.persona, others.is_empty()) {
                (Some(p), false) => format!(": {p}"),
                _ => String::new(),
            };
            rows.push(Row {
                label: Cow::Owned(format!(
                    "{}{whose} ({}…{})",
                    l.get("score"),
                    score_text(j.scale.min),
                    score_text(j.scale.max)
                )),
                cells: per_column(&|s| score_entries(s, l)),
                kind: RowKind::Score,
            });
        }
        for name in others {
            rows.push(Row {
                label: Cow::Owned(format!("{}: {name}", l.get("score"))),
                cells: per_column(&|s| {
                    let v = compared::persona_score(s, name);
                    vec![Entry::plain(v.map_or("–".to_string(), score_text))]
                }),
                kind: RowKind::Lane,
            });
        }
        if let Some(c) = comparison {
            rows.extend(changes(j, c, l));
        }
        // Actors first, then every lane in table order; rows nobody filled are left out.
        let actors = per_column(&|s| list(&s.actors));
        let lanes = LANES.iter().map(|lane| {
            let cells = per_column(&|s| entries(lane, s, l));
            (lane.label, cells)
        });
        for (key, cells) in std::iter::once(("actors", actors)).chain(lanes) {
            if cells.iter().any(|c| !c.entries.is_empty()) {
                rows.push(Row {
                    label: Cow::Borrowed(l.get(key)),
                    cells,
                    kind: RowKind::Lane,
                });
            }
        }
        if j.stages
            .iter()
            .any(|s| s.goal.is_some() || !s.metrics.is_empty() || !s.metric_evidence.is_empty())
        {
            let cells = j
                .stages
                .iter()
                .map(|s| {
                    let mut entries: Vec<Entry> =
                        s.goal.iter().map(|g| Entry::plain(g.as_str())).collect();
                    entries.extend(s.metrics.iter().map(|m| Entry::plain(m.as_str())));
                    entries.extend(
                        s.metric_evidence
                            .iter()
                            .map(|m| Entry::plain(evidence::metric_line(m, l))),
                    );
                    Cell {
                        span: s.steps.len().max(1),
                        entries,
                    }
                })
                .collect();
            rows.push(Row {
                label: Cow::Borrowed(l.get("goal")),
                cells,
                kind: RowKind::Goal,
            });
        }
        let assumptions = columns
            .iter()
            .map(|c| {
                c.filter(|s| evidence::is_assumption(j, s))
                    .map(|_| l.get("assumption"))
            })
            .collect();
        Table {
            stages,
            columns,
            assumptions,
            rows,
        }
    }
}

/// The rows saying what changed since the older version: per step whether it is new or
/// changed and its score before, and per stage the steps removed from it.
fn changes<'a>(j: &Journey, c: &crate::diff::Comparison, l: &'a Labels) -> Vec<Row<'a>> {
    let mut cells = Vec::new();
    for (s, stage) in j.stages.iter().enumerate() {
        if stage.steps.is_empty() {
            cells.push(Cell {
                span: 1,
                entries: Vec::new(),
            });
        }
        for k in 0..stage.steps.len() {
            let lines = compared::step_change(c, s, k, l);
            cells.push(Cell {
                span: 1,
                entries: lines.into_iter().map(Entry::plain).collect(),
            });
        }
    }
    let mut rows = vec![Row {
        label: Cow::Borrowed(l.get("changes")),
        cells,
        kind: RowKind::Lane,
    }];
    if c.any_removed() {
        let cells = j
            .stages
            .iter()
            .enumerate()
            .map(|(s, stage)| Cell {
                span: stage.steps.len().max(1),
                entries: c
                    .removed
                    .get(s)
                    .into_iter()
                    .flatten()
                    .map(|n| Entry::plain(n.clone()))
                    .collect(),
            })
            .collect();
        rows.push(Row {
            label: Cow::Borrowed(l.get("removed")),
            cells,
            kind: RowKind::Goal,
        });
    }
    rows
}
