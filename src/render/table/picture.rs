//! The table drawn as a picture: a heading row of stages over a heading row of steps,
//! then a row per lane with its name in the first column. Every row is as tall as its
//! fullest cell; pain points and opportunities sit on chips of their colour, links are
//! links, and scores get their face.

use super::{Cell, Entry, Row, RowKind, Table, Tone};
use crate::journey::{Journey, Step};
use crate::render::evidence;
use crate::render::parts::{self, BODY, SMALL};
use crate::render::scene::{num, text_box, Bounds, Item, Paint, Scene, TextStyle};
use crate::render::{Labels, RenderOptions};

const PAD: f64 = 16.0;
const LABEL_W: f64 = 150.0;
/// The left edge of the first step column, right of the row headings.
const LEFT: f64 = PAD + LABEL_W;
const COL_W: f64 = 176.0;
const CELL_PAD: f64 = 8.0;
const MIN_ROW_H: f64 = 34.0;
/// Space between the entries of a cell.
const GAP: f64 = 6.0;
/// Padding inside a pain point's or an opportunity's chip.
const CHIP_PAD: f64 = 4.0;
const FACE_R: f64 = 9.0;

const TITLE: TextStyle = TextStyle::new(20.0, Paint::Text).bold();
const HEADING: TextStyle = TextStyle::new(12.0, Paint::Muted).bold();
const STAGE: TextStyle = TextStyle::new(13.0, Paint::StageText).bold();
const STEP: TextStyle = TextStyle::new(BODY, Paint::Text).bold();
const TEXT: TextStyle = TextStyle::new(BODY, Paint::Text);
const LINK: TextStyle = TextStyle::new(BODY, Paint::Curve);
const PAIN: TextStyle = TextStyle::new(BODY, Paint::PainText);
const OPPORTUNITY: TextStyle = TextStyle::new(BODY, Paint::OpportunityText);
const SCORE: TextStyle = TextStyle::new(BODY, Paint::Text).bold();
const NO_SCORE: TextStyle = TextStyle::new(BODY, Paint::Muted);
/// A score's n, interval and source, under it.
const DETAIL: TextStyle = TextStyle::new(SMALL, Paint::Muted);

/// Lays out the table.
pub(crate) fn layout(j: &Journey, opts: &RenderOptions) -> Scene {
    let table = Table::new(j, opts.labels, opts.comparison);
    let ncols = table.columns.len().max(1);
    let width = LEFT + ncols as f64 * COL_W + PAD;
    let cells: usize = table.rows.iter().map(|r| r.cells.len()).sum();
    let mut scene = Scene::new(width, 32 + table.columns.len() * 4 + cells * 3);
    let full = Bounds::new(PAD, 0.0, width - 2.0 * PAD, f64::MAX / 4.0);
    let title = j.display_title("Customer journey");
    let t = scene.text(text_box(title, PAD, PAD, width - 2.0 * PAD, TITLE, full));
    let top = PAD + t.h + 12.0;
    let mut y = stage_row(&mut scene, &table, opts.labels.get("stage"), top, width);
    y = step_row(&mut scene, &table, opts.labels.get("step"), y, width);
    for row in &table.rows {
        y = body_row(&mut scene, (j, opts.labels), &table, row, y, width);
    }
    // A frame around the whole table.
    scene.rect(
        Bounds::new(PAD, top, width - 2.0 * PAD, y - top),
        0.0,
        Paint::None,
        Paint::CardBorder,
        1.0,
    );
    scene.finish(y + PAD)
}

/// The left edge of column `i`.
fn col_x(i: usize) -> f64 {
    LEFT + i as f64 * COL_W
}

/// The row heading in the first column, on `fill`.
fn heading(scene: &mut Scene, label: &str, y: f64, h: f64, fill: Paint) {
    let cell = Bounds::new(PAD, y, LABEL_W, h);
    scene.rect(cell, 0.0, fill, Paint::None, 0.0);
    let max = LABEL_W - 2.0 * CELL_PAD;
    scene.text(text_box(
        label,
        PAD + CELL_PAD,
        y + CELL_PAD,
        max,
        HEADING,
        cell,
    ));
}

/// The height a row needs for its heading and its fullest cell.
fn row_height(label: &str, content: impl Iterator<Item = f64>) -> f64 {
    let label_h = HEADING.height(label, LABEL_W - 2.0 * CELL_PAD);
    content.fold(label_h, f64::max) + 2.0 * CELL_PAD
}

/// The stages in their colours over their columns; returns the y below.
fn stage_row(scene: &mut Scene, table: &Table, label: &str, y: f64, width: f64) -> f64 {
    // Stages sit apart by a hair of background, as their columns do below.
    let text_w = |span: usize| span as f64 * COL_W - 2.0 - 2.0 * CELL_PAD;
    let h = row_height(
        label,
        table
            .stages
            .iter()
            .map(|(name, span)| STAGE.height(name, text_w(*span))),
    )
    .max(MIN_ROW_H);
    heading(scene, label, y, h, Paint::Header);
    let mut col = 0;
    for (si, (name, span)) in table.stages.iter().enumerate() {
        let b = Bounds::new(col_x(col) + 1.0, y, *span as f64 * COL_W - 2.0, h);
        scene.rect(b, 0.0, Paint::Stage(si), Paint::None, 0.0);
        if !name.is_empty() {
            let x = col_x(col) + CELL_PAD;
            scene.text(text_box(name, x, y + CELL_PAD, text_w(*span), STAGE, b));
        }
        col += span;
    }
    scene.line(PAD, y + h, width - PAD, y + h, Paint::Grid, 1.0, false);
    y + h
}

/// The steps' names on the heading colour; returns the y below.
fn step_row(scene: &mut Scene, table: &Table, label: &str, y: f64, width: f64) -> f64 {
    let text_w = COL_W - 2.0 * CELL_PAD;
    let h = row_height(
        label,
        table
            .columns
            .iter()
            .zip(&table.assumptions)
            .filter_map(|(s, a)| Some((s.as_ref()?, a)))
            .map(|(s, a)| STEP.height(&s.name, text_w) + a.map_or(0.0, |w| tag_height(w, text_w))),
    )
    .max(MIN_ROW_H);
    heading(scene, label, y, h, Paint::Header);
    scene.rect(
        Bounds::new(LEFT, y, width - PAD - LEFT, h),
        0.0,
        Paint::Header,
        Paint::None,
        0.0,
    );
    for (i, step) in table.columns.iter().enumerate() {
        let cell = Bounds::new(col_x(i), y, COL_W, h);
        if let Some(step) = step {
            let x = cell.x + CELL_PAD;
            let t = scene.text(text_box(&step.name, x, y + CELL_PAD, text_w, STEP, cell));
            if let Some(word) = table.assumptions[i] {
                parts::tag(scene, word, x, t.y + t.h + 4.0, text_w);
            }
        }
        scene.line(cell.x, y, cell.x, y + h, Paint::Grid, 1.0, false);
    }
    scene.line(PAD, y + h, width - PAD, y + h, Paint::Grid, 1.0, false);
    y + h
}

/// The height of an assumption's tag under a step's name, the space above it included.
fn tag_height(word: &str, max: f64) -> f64 {
    4.0 + parts::tag_size(word, max).1
}

/// One row under the headings; returns the y below.
fn body_row(
    scene: &mut Scene,
    (j, l): (&Journey, &Labels),
    table: &Table,
    row: &Row,
    y: f64,
    width: f64,
) -> f64 {
    let inner = |c: &Cell| c.span as f64 * COL_W - 2.0 * CELL_PAD;
    let scores = row.kind == RowKind::Score;
    let h = row_height(
        &row.label,
        row.cells.iter().enumerate().map(|(i, c)| {
            if scores {
                score_height(&c.entries, table.columns.get(i).copied().flatten(), l)
            } else {
                cell_height(&c.entries, inner(c))
            }
        }),
    )
    .max(MIN_ROW_H);
    heading(scene, &row.label, y, h, Paint::Lane);
    let mut col = 0;
    for (i, c) in row.cells.iter().enumerate() {
        let cell = Bounds::new(col_x(col), y, c.span as f64 * COL_W, h);
        if row.kind == RowKind::Goal {
            scene.rect(cell, 0.0, Paint::Header, Paint::None, 0.0);
        }
        let (x, top) = (cell.x + CELL_PAD, y + CELL_PAD);
        match (scores, table.columns.get(i).copied().flatten()) {
            (true, Some(step)) => draw_score(scene, (j, l), step, x, top, cell),
            _ => draw_entries(scene, &c.entries, x, top, inner(c), cell),
        }
        scene.line(cell.x, y, cell.x, y + h, Paint::Grid, 1.0, false);
        col += c.span;
    }
    scene.line(PAD, y + h, width - PAD, y + h, Paint::Grid, 1.0, false);
    y + h
}

/// The style an entry is written in.
fn style(e: &Entry) -> TextStyle {
    match (e.tone, e.href) {
        (Tone::Pain, _) => PAIN,
        (Tone::Opportunity, _) => OPPORTUNITY,
        (Tone::Plain, Some(_)) => LINK,
        (Tone::Plain, None) => TEXT,
    }
}

/// Padding around an entry's text: chips have some, plain text none.
fn chip_pad(e: &Entry) -> f64 {
    if e.tone == Tone::Plain {
        0.0
    } else {
        CHIP_PAD
    }
}

/// The height of a cell's entries stacked `max` wide.
fn cell_height(entries: &[Entry], max: f64) -> f64 {
    let sum: f64 = entries
        .iter()
        .map(|e| style(e).height(&e.text, max - 2.0 * chip_pad(e)) + 2.0 * chip_pad(e))
        .sum();
    sum + GAP * entries.len().saturating_sub(1) as f64
}

/// Draws a cell's entries from (x, y) down, `max` wide, inside `cell`.
fn draw_entries(scene: &mut Scene, entries: &[Entry], x: f64, mut y: f64, max: f64, cell: Bounds) {
    for e in entries {
        let pad = chip_pad(e);
        let mut t = text_box(&e.text, x + pad, y + pad, max - 2.0 * pad, style(e), cell);
        let h = t.block.height + 2.0 * pad;
        if e.tone != Tone::Plain {
            let chip = Bounds::new(x, y, max, h);
            let (fill, dashed) = match e.tone {
                Tone::Pain => (Paint::Pain, false),
                _ => (Paint::Opportunity, true),
            };
            scene.items.push(Item::Rect {
                b: chip,
                rx: 4.0,
                fill,
                stroke: t.paint,
                width: 1.0,
                dashed,
            });
            t.cell = chip;
        }
        match e.href {
            Some(href) => scene.items.push(Item::Link {
                href: href.to_string(),
                items: vec![Item::Text(t)],
            }),
            None => {
                scene.text(t);
            }
        }
        y += h + GAP;
    }
}

/// The height of a score cell: a face, or a dash for a step without a score; under a
/// score from data, its evidence.
fn score_height(entries: &[Entry], step: Option<&Step>, l: &Labels) -> f64 {
    if entries.is_empty() {
        return 0.0;
    }
    let face = (2.0 * FACE_R).max(TEXT.height("–", COL_W));
    let max = COL_W - 2.0 * CELL_PAD;
    let lines = step.map(|s| detail_lines(s, l)).unwrap_or_default();
    face + lines
        .iter()
        .map(|d| 3.0 + DETAIL.height(d, max))
        .sum::<f64>()
}

/// The lines under a score from data: n, interval and source, and `weak evidence`;
/// none for a score written by hand.
fn detail_lines(s: &Step, l: &Labels) -> Vec<String> {
    let Some(ev) = s.score.and(evidence::score(s)) else {
        return Vec::new();
    };
    let mut v = vec![evidence::score_detail(ev, l)];
    if ev.weak {
        v.push(l.get("weak").to_string());
    }
    v
}

/// A step's face and score, or a dash where it has none.
fn draw_score(
    scene: &mut Scene,
    (j, l): (&Journey, &Labels),
    step: &Step,
    x: f64,
    y: f64,
    cell: Bounds,
) {
    let max = COL_W - 2.0 * CELL_PAD;
    let Some(v) = step.score else {
        scene.text(text_box("–", x, y, max, NO_SCORE, cell));
        return;
    };
    let line = SCORE.height("0", max);
    let h = (2.0 * FACE_R).max(line);
    let mut face = Scene::default();
    parts::face(
        &mut face,
        x + FACE_R,
        y + h / 2.0,
        FACE_R,
        j.scale.fraction(v),
    );
    let title = match evidence::score(step) {
        Some(ev) => evidence::score_with_detail(v, ev, l),
        None => num(v),
    };
    scene.items.push(Item::Titled {
        title: format!("{}: {title}", step.name.replace('\n', " ")),
        items: face.items,
    });
    let tx = x + 2.0 * FACE_R + 6.0;
    let t = text_box(
        &num(v),
        tx,
        y + (h - line) / 2.0,
        max - 2.0 * FACE_R - 6.0,
        SCORE,
        cell,
    );
    scene.text(t);
    let mut dy = y + h;
    for d in detail_lines(step, l) {
        let t = scene.text(text_box(&d, x, dy + 3.0, max, DETAIL, cell));
        dy = t.y + t.h;
    }
}
