//! The `storyboard` layout: the journey told as panels in reading order, with the
//! step's picture, what the customer does, feels and thinks, and what hurts and what
//! could be better. Where a row of panels wraps, an arrow leads on to the next row.

use super::parts::{self, draw_card, BODY, SMALL};
use super::scene::{num, text_box, Bounds, Item, Paint, Scene, TextStyle};
use super::{evidence, RenderOptions};
use crate::journey::{Journey, Step};

const PAD: f64 = 16.0;
const PANEL_W: f64 = 240.0;
const GAP: f64 = 30.0;
const IMAGE_H: f64 = 140.0;
// Three panels a row fit the text column of a handbook page without scrolling.
const PER_ROW: usize = 3;
const INNER: f64 = PANEL_W - 24.0;
/// Space between a feeling's words and its tag's edge.
const TAG_PAD: f64 = 6.0;

const TITLE: TextStyle = TextStyle::new(20.0, Paint::Text).bold();
const PERSONA: TextStyle = TextStyle::new(BODY, Paint::Muted);
const BADGE: TextStyle = TextStyle::new(SMALL, Paint::StageText).bold().centred();
const STAGE: TextStyle = TextStyle::new(SMALL, Paint::Muted).bold();
const STEP: TextStyle = TextStyle::new(14.0, Paint::Text).bold();
const SCORE: TextStyle = TextStyle::new(SMALL, Paint::Muted);
// Feelings are tags of plain text: blue or bold words would read as links.
const FEELING: TextStyle = TextStyle::new(SMALL, Paint::Text);
const THOUGHT: TextStyle = TextStyle::new(BODY, Paint::Text).italic();

/// Lays out the storyboard.
pub(crate) fn layout(j: &Journey, opts: &RenderOptions) -> Scene {
    let steps: Vec<(usize, &Step)> = j.steps_by_stage().collect();
    let per_row = steps.len().clamp(1, PER_ROW);
    let width = 2.0 * PAD + per_row as f64 * PANEL_W + (per_row - 1) as f64 * GAP;
    let mut scene = Scene::new(width, 24 * steps.len());
    let full = Bounds::new(PAD, 0.0, width - 2.0 * PAD, f64::MAX / 4.0);
    let mut y = PAD;
    let t = scene.text(text_box(
        j.display_title("Customer journey"),
        PAD,
        y,
        width - 2.0 * PAD,
        TITLE,
        full,
    ));
    y += t.h + 4.0;
    if let Some(p) = &j.persona {
        let t = scene.text(text_box(
            &format!("{}: {p}", opts.labels.get("persona")),
            PAD,
            y,
            width - 2.0 * PAD,
            PERSONA,
            full,
        ));
        y += t.h;
    }
    y += 12.0;
    let notes = super::compared::card_lines(j, &steps, opts);
    let rows: Vec<&[(usize, &Step)]> = steps.chunks(per_row).collect();
    for (row, chunk) in rows.iter().enumerate() {
        let first = row * per_row;
        // Measured by drawing into a scratch scene: one code path sizes and draws.
        let h = chunk
            .iter()
            .enumerate()
            .map(|(k, (si, st))| {
                let far = Bounds::new(0.0, 0.0, PANEL_W, f64::MAX / 4.0);
                let lines = &notes[first + k];
                panel(&mut Scene::default(), j, (*si, st, lines), far, 0, opts)
            })
            .fold(0.0, f64::max);
        for (k, (si, step)) in chunk.iter().enumerate() {
            let x = PAD + k as f64 * (PANEL_W + GAP);
            let b = Bounds::new(x, y, PANEL_W, h);
            scene.rect(b, 10.0, Paint::Card, Paint::CardBorder, 1.0);
            let lines = &notes[first + k];
            panel(&mut scene, j, (*si, step, lines), b, first + k + 1, opts);
            if k + 1 < chunk.len() {
                chevron(&mut scene, x + PANEL_W + 8.0, y + h / 2.0, false);
            }
        }
        if row + 1 < rows.len() {
            wrap_arrow(&mut scene, chunk.len(), y + h);
        }
        y += h + GAP;
    }
    if !steps.is_empty() {
        y -= GAP;
    }
    scene.finish(y + PAD)
}

/// Draws one panel's contents inside `b` (its box, already drawn); returns the height
/// they need.
fn panel(
    scene: &mut Scene,
    j: &Journey,
    (si, step, lines): (usize, &Step, &[String]),
    b: Bounds,
    n: usize,
    opts: &RenderOptions,
) -> f64 {
    let (x, y) = (b.x, b.y);
    let l = opts.labels;
    scene.rect(
        Bounds::new(x, y, PANEL_W, 6.0),
        3.0,
        Paint::Stage(si),
        Paint::None,
        0.0,
    );
    scene.items.push(Item::Circle {
        cx: x + 22.0,
        cy: y + 26.0,
        r: 12.0,
        fill: Paint::Stage(si),
        stroke: Paint::None,
        width: 0.0,
    });
    let badge = Bounds::new(x + 10.0, y + 14.0, 24.0, 24.0);
    scene.text(text_box(
        &n.to_string(),
        x + 22.0,
        y + 19.0,
        22.0,
        BADGE,
        badge,
    ));
    let stage = &j.stages[si].name;
    let head = Bounds::new(x + 40.0, y + 12.0, PANEL_W - 52.0, b.h - 12.0);
    scene.text(text_box(
        stage,
        x + 42.0,
        y + 19.0,
        PANEL_W - 56.0,
        STAGE,
        head,
    ));
    let mut cy = y + 12.0 + 28.0f64.max(STAGE.height(stage, PANEL_W - 56.0) + 8.0);
    if let Some(img) = step.images.first() {
        let ib = Bounds::new(x + 12.0, cy, INNER, IMAGE_H);
        scene.rect(ib, 6.0, Paint::Lane, Paint::None, 0.0);
        scene.items.push(Item::Image {
            b: ib,
            href: img.url.clone(),
            alt: img.alt.clone(),
        });
        cy += IMAGE_H + 10.0;
    }
    let t = scene.text(text_box(&step.name, x + 12.0, cy, INNER, STEP, b));
    cy += t.h + 8.0;
    if evidence::is_assumption(j, step) {
        let tag = parts::tag(scene, l.get("assumption"), x + 12.0, cy, INNER);
        cy += tag.h + 8.0;
    }
    if let Some(v) = step.score {
        let ev = evidence::score(step);
        if ev.is_some_and(|e| e.weak) {
            parts::hollow_face(scene, x + 24.0, cy + 12.0, 12.0, j.scale.fraction(v));
        } else {
            parts::face(scene, x + 24.0, cy + 12.0, 12.0, j.scale.fraction(v));
        }
        let mut line = format!("{} {} / {}", l.get("score"), num(v), num(j.scale.max));
        // From data: its n, interval and source, and whether too few answered.
        if let Some(e) = ev {
            line.push_str(&format!(" ({})", evidence::score_detail(e, l)));
            if e.weak {
                line.push_str(&format!(", {}", l.get("weak")));
            }
        }
        let t = scene.text(text_box(&line, x + 44.0, cy + 4.0, INNER - 36.0, SCORE, b));
        cy += (t.h + 8.0).max(32.0);
    }
    // Other personas' scores and what changed since the older version.
    for line in lines {
        let t = scene.text(text_box(line, x + 12.0, cy, INNER, SCORE, b));
        cy += t.h + 4.0;
    }
    if !step.feelings.is_empty() {
        cy = feelings(scene, &step.feelings, x + 12.0, cy, b) + 6.0;
    }
    for th in &step.thoughts {
        let t = scene.text(text_box(
            &format!("“{th}”"),
            x + 12.0,
            cy,
            INNER,
            THOUGHT,
            b,
        ));
        cy += t.h + 4.0;
    }
    let cards = step.pains.iter().map(|p| parts::pain_card(p, l)).chain(
        step.opportunities
            .iter()
            .map(|o| parts::opportunity_card(o, l)),
    );
    for (i, card) in cards.enumerate() {
        if i == 0 {
            cy += 4.0;
        }
        cy += draw_card(scene, &card, x + 12.0, cy, INNER) + 6.0;
    }
    cy - y + 8.0
}

/// The step's feelings as tags, flowing left to right from (x0, y); returns the y below
/// them.
fn feelings(scene: &mut Scene, feelings: &[String], x0: f64, y: f64, panel: Bounds) -> f64 {
    let (mut x, mut top, mut row_h) = (x0, y, 0.0f64);
    for f in feelings {
        let mut t = text_box(f, 0.0, 0.0, INNER - 2.0 * TAG_PAD, FEELING, panel);
        let (w, h) = (t.block.width + 2.0 * TAG_PAD, t.block.height + 6.0);
        if x > x0 && x + w > x0 + INNER {
            top += row_h + 5.0;
            (x, row_h) = (x0, 0.0);
        }
        let tag = Bounds::new(x, top, w, h);
        scene.rect(tag, h / 2.0, Paint::Lane, Paint::CardBorder, 1.0);
        t.x = x + TAG_PAD;
        t.y = top + 3.0;
        t.cell = tag;
        scene.text(t);
        x += w + 5.0;
        row_h = row_h.max(h);
    }
    top + row_h
}

/// A chevron pointing right at (x, y), or down when `down`.
fn chevron(scene: &mut Scene, x: f64, y: f64, down: bool) {
    let d = if down {
        format!(
            "M{} {}L{} {}L{} {}",
            num(x - 7.0),
            num(y - 8.0),
            num(x),
            num(y),
            num(x + 7.0),
            num(y - 8.0)
        )
    } else {
        format!(
            "M{} {}L{} {}L{} {}",
            num(x),
            num(y - 7.0),
            num(x + 12.0),
            num(y),
            num(x),
            num(y + 7.0)
        )
    };
    scene.items.push(Item::Path {
        d,
        fill: Paint::None,
        stroke: Paint::Muted,
        width: 2.5,
        dashed: false,
    });
}

/// Where a row of `count` panels ending at `bottom` wraps: an arrow from under its last
/// panel, back along the gap, down onto the first panel of the next row.
fn wrap_arrow(scene: &mut Scene, count: usize, bottom: f64) {
    let from = PAD + (count - 1) as f64 * (PANEL_W + GAP) + PANEL_W / 2.0;
    let to = PAD + PANEL_W / 2.0;
    let mid = bottom + GAP / 2.0;
    let end = bottom + GAP - 3.0;
    let d = format!(
        "M{} {}L{} {}L{} {}L{} {}",
        num(from),
        num(bottom + 3.0),
        num(from),
        num(mid),
        num(to),
        num(mid),
        num(to),
        num(end)
    );
    scene.items.push(Item::Path {
        d,
        fill: Paint::None,
        stroke: Paint::Muted,
        width: 2.0,
        dashed: false,
    });
    chevron(scene, to, end, true);
}
