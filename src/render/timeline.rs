//! The `timeline` layout: Mermaid's look (section bands, task cards, a face per task at
//! the height of its score, an actor legend, the arrow of time) with text that wraps,
//! boxes that grow, and nothing that collides.

use super::parts::{self, BODY, SMALL};
use super::scene::{num, text_box, Bounds, Item, Paint, Scene, TextStyle};
use super::text;
use super::{compared, evidence, RenderOptions};
use crate::journey::Journey;

const PAD: f64 = 16.0;
const COL: f64 = 164.0;
const GAP: f64 = 10.0;
const FACE_R: f64 = 14.0;
const SCORE_H: f64 = 150.0;

const TITLE: TextStyle = TextStyle::new(20.0, Paint::Text).bold();
const ACTOR: TextStyle = TextStyle::new(BODY, Paint::Text);
const SECTION: TextStyle = TextStyle::new(13.0, Paint::StageText).bold().centred();
const SCORE: TextStyle = TextStyle::new(SMALL, Paint::Muted).bold();
const N: TextStyle = TextStyle::new(SMALL - 1.0, Paint::Muted);
const TASK: TextStyle = TextStyle::new(BODY, Paint::Text).centred();
const NOTE: TextStyle = TextStyle::new(SMALL, Paint::Muted).centred();

/// Lays out the timeline.
pub(crate) fn layout(j: &Journey, opts: &RenderOptions) -> Scene {
    let tasks: Vec<(usize, &crate::journey::Step)> = j.steps_by_stage().collect();
    let n = tasks.len().max(1);
    let width = 2.0 * PAD + n as f64 * COL;
    let mut scene = Scene::new(width, 16 * tasks.len());
    let full = Bounds::new(PAD, 0.0, width - 2.0 * PAD, f64::MAX / 4.0);
    let mut y = PAD;
    let title = j.display_title("Customer journey");
    let t = scene.text(text_box(title, PAD, y, width - 2.0 * PAD, TITLE, full));
    y += t.h + 8.0;

    // Actor legend: items flow into rows and never overlap.
    let actors = j.actors();
    let row_h = text::line_height(BODY) + 4.0;
    if !actors.is_empty() {
        let mut x = PAD;
        let mut row_bottom = y + row_h;
        for (k, actor) in actors.iter().enumerate() {
            let max_w = width - 2.0 * PAD - 20.0;
            let w = text::width(actor, BODY, false).min(max_w);
            if x > PAD && x + 20.0 + w > width - PAD {
                x = PAD;
                y = row_bottom + 2.0;
            }
            scene.items.push(Item::Circle {
                cx: x + 7.0,
                cy: y + row_h / 2.0,
                r: 6.0,
                fill: Paint::Stage(k),
                stroke: Paint::None,
                width: 0.0,
            });
            let cell = Bounds::new(x + 18.0, y, max_w + 2.0, f64::MAX / 4.0);
            let t = scene.text(text_box(actor, x + 18.0, y + 2.0, max_w, ACTOR, cell));
            row_bottom = row_bottom.max(t.y + t.h + 2.0);
            x += 18.0 + t.w + 22.0;
        }
        y = row_bottom + GAP;
    }

    // Section bands over their tasks.
    let band_h = j
        .stages
        .iter()
        .map(|s| {
            let cols = s.steps.len().max(1) as f64;
            SECTION.height(&s.name, cols * COL - 22.0) + 14.0
        })
        .fold(30.0, f64::max);
    let mut col = 0usize;
    for (si, stage) in j.stages.iter().enumerate() {
        let cols = stage.steps.len();
        if cols == 0 {
            continue;
        }
        let b = Bounds::new(
            PAD + col as f64 * COL + 3.0,
            y,
            cols as f64 * COL - 6.0,
            band_h,
        );
        scene.rect(b, 6.0, Paint::Stage(si), Paint::None, 0.0);
        scene.text(text_box(
            &stage.name,
            b.x + b.w / 2.0,
            y + 7.0,
            b.w - 16.0,
            SECTION,
            b,
        ));
        col += cols;
    }
    y += band_h + GAP;

    // Faces by score, each in its own column: they cannot collide.
    let area_top = y;
    let s = j.scale;
    let face_y =
        |v: f64| area_top + FACE_R + 4.0 + (1.0 - s.fraction(v)) * (SCORE_H - 2.0 * FACE_R - 8.0);
    let card_top = area_top + SCORE_H + GAP;
    let assumption = opts.labels.get("assumption");
    let notes = compared::card_lines(j, &tasks, opts);
    let notes_h = |lines: &[String]| -> f64 {
        lines
            .iter()
            .map(|l| NOTE.height(l, COL - 28.0) + 2.0)
            .sum::<f64>()
            + if lines.is_empty() { 0.0 } else { 4.0 }
    };
    let card_h = tasks
        .iter()
        .zip(&notes)
        .map(|((_, st), lines)| {
            let h = TASK.height(&st.name, COL - 28.0) + 20.0;
            let tag = if evidence::is_assumption(j, st) {
                parts::tag_size(assumption, COL - 28.0).1 + 6.0
            } else {
                0.0
            };
            h + tag + notes_h(lines) + if st.actors.is_empty() { 0.0 } else { 18.0 }
        })
        .fold(48.0, f64::max);
    for (i, ((si, step), lines)) in tasks.iter().zip(&notes).enumerate() {
        let cx = PAD + (i as f64 + 0.5) * COL;
        if let Some(v) = step.score {
            let fy = face_y(v);
            scene.line(
                cx,
                fy + FACE_R + 2.0,
                cx,
                card_top,
                Paint::Neutral,
                1.0,
                true,
            );
            let ev = evidence::score(step);
            let mut sub = Scene::default();
            if ev.is_some_and(|e| e.weak) {
                parts::hollow_face(&mut sub, cx, fy, FACE_R, s.fraction(v));
            } else {
                parts::face(&mut sub, cx, fy, FACE_R, s.fraction(v));
            }
            let title = match ev {
                Some(e) => evidence::score_with_detail(v, e, opts.labels),
                None => num(v),
            };
            scene.items.push(Item::Titled {
                title: format!("{}: {title}", step.name.replace('\n', " ")),
                items: sub.items,
            });
            let cell = Bounds::new(cx - COL / 2.0, area_top, COL, SCORE_H);
            let max = COL / 2.0 - FACE_R - 10.0;
            let t = scene.text(text_box(
                &num(v),
                cx + FACE_R + 5.0,
                fy - 8.0,
                max,
                SCORE,
                cell,
            ));
            if let Some(e) = ev {
                // Under the score, or over it where the lane ends.
                let mut n = text_box(&evidence::n_text(e), t.x, t.y + t.h, max, N, cell);
                if n.y + n.block.height > cell.y + cell.h {
                    n.y = t.y - n.block.height;
                }
                scene.text(n);
            }
        }
        let b = Bounds::new(cx - COL / 2.0 + 5.0, card_top, COL - 10.0, card_h);
        scene.rect(b, 6.0, Paint::Card, Paint::CardBorder, 1.0);
        scene.rect(
            Bounds::new(b.x, b.y, b.w, 5.0),
            2.0,
            Paint::Stage(*si),
            Paint::None,
            0.0,
        );
        let name = scene.text(text_box(
            &step.name,
            cx,
            card_top + 12.0,
            COL - 28.0,
            TASK,
            b,
        ));
        let mut below = name.y + name.h;
        if evidence::is_assumption(j, step) {
            let (w, h) = parts::tag_size(assumption, COL - 28.0);
            parts::tag(
                &mut scene,
                assumption,
                cx - w / 2.0,
                below + 6.0,
                COL - 28.0,
            );
            below += h + 6.0;
        }
        below += 4.0;
        for line in lines {
            let t = scene.text(text_box(line, cx, below, COL - 28.0, NOTE, b));
            below += t.h + 2.0;
        }
        for (k, actor) in step.actors.iter().enumerate() {
            let idx = actors.iter().position(|a| a == actor).unwrap_or(0);
            let per_row = ((COL - 24.0) / 14.0).floor().max(1.0) as usize;
            if k >= per_row {
                break;
            }
            scene.items.push(Item::Titled {
                title: actor.clone(),
                items: vec![Item::Circle {
                    cx: b.x + 12.0 + k as f64 * 14.0,
                    cy: card_top + card_h - 12.0,
                    r: 5.0,
                    fill: Paint::Stage(idx),
                    stroke: Paint::None,
                    width: 0.0,
                }],
            });
        }
    }
    y = card_top + card_h + 14.0;
    // The arrow of time.
    scene.line(PAD, y, width - PAD - 4.0, y, Paint::Muted, 2.0, false);
    let head = format!(
        "M{} {}L{} {}L{} {}Z",
        num(width - PAD - 10.0),
        num(y - 6.0),
        num(width - PAD),
        num(y),
        num(width - PAD - 10.0),
        num(y + 6.0)
    );
    scene.items.push(Item::Path {
        d: head,
        fill: Paint::Muted,
        stroke: Paint::Muted,
        width: 1.0,
        dashed: false,
    });
    y += 6.0 + PAD;
    scene.finish(y)
}
