//! The `storyboard` layout: the journey told as panels in reading order, with the
//! step's picture, what the customer does, feels and thinks.

use super::parts::{self, BODY, SMALL};
use super::scene::{num, text_box, Bounds, Item, Paint, Scene, TextStyle};
use super::RenderOptions;
use crate::journey::Journey;

const PAD: f64 = 16.0;
const PANEL_W: f64 = 240.0;
const GAP: f64 = 30.0;
const IMAGE_H: f64 = 140.0;
// Three panels a row fit the text column of a handbook page without scrolling.
const PER_ROW: usize = 3;

const TITLE: TextStyle = TextStyle::new(20.0, Paint::Text).bold();
const PERSONA: TextStyle = TextStyle::new(BODY, Paint::Muted);
const BADGE: TextStyle = TextStyle::new(SMALL, Paint::StageText).bold().centred();
const STAGE: TextStyle = TextStyle::new(SMALL, Paint::Muted).bold();
const STEP: TextStyle = TextStyle::new(14.0, Paint::Text).bold();
const SCORE: TextStyle = TextStyle::new(SMALL, Paint::Muted);
const FEELING: TextStyle = TextStyle::new(BODY, Paint::Curve).bold();
const THOUGHT: TextStyle = TextStyle::new(BODY, Paint::Text).italic();

/// Lays out the storyboard.
pub fn layout(j: &Journey, opts: &RenderOptions) -> Scene {
    let steps: Vec<(usize, &crate::journey::Step)> = j.steps_by_stage().collect();
    let per_row = steps.len().clamp(1, PER_ROW);
    let width = 2.0 * PAD + per_row as f64 * PANEL_W + (per_row - 1) as f64 * GAP;
    let mut scene = Scene::new(width, 16 * steps.len());
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
    let inner = PANEL_W - 24.0;
    for (row, chunk) in steps.chunks(per_row).enumerate() {
        let heights: Vec<f64> = chunk
            .iter()
            .map(|(si, st)| panel_height(j, *si, st, inner))
            .collect();
        let h = heights.iter().copied().fold(0.0, f64::max);
        for (k, (si, step)) in chunk.iter().enumerate() {
            let x = PAD + k as f64 * (PANEL_W + GAP);
            let b = Bounds::new(x, y, PANEL_W, h);
            scene.rect(b, 10.0, Paint::Card, Paint::CardBorder, 1.0);
            scene.rect(
                Bounds::new(x, y, PANEL_W, 6.0),
                3.0,
                Paint::Stage(*si),
                Paint::None,
                0.0,
            );
            let n = row * per_row + k + 1;
            scene.items.push(Item::Circle {
                cx: x + 22.0,
                cy: y + 26.0,
                r: 12.0,
                fill: Paint::Stage(*si),
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
            let stage = &j.stages[*si].name;
            let head = Bounds::new(x + 40.0, y + 12.0, PANEL_W - 52.0, 30.0);
            scene.text(text_box(
                stage,
                x + 42.0,
                y + 19.0,
                PANEL_W - 56.0,
                STAGE,
                Bounds {
                    h: h - 12.0,
                    ..head
                },
            ));
            let mut cy = y + 12.0 + 28.0f64.max(STAGE.height(stage, PANEL_W - 56.0) + 8.0);
            if let Some(img) = step.images.first() {
                let ib = Bounds::new(x + 12.0, cy, inner, IMAGE_H);
                scene.rect(ib, 6.0, Paint::Lane, Paint::None, 0.0);
                scene.items.push(Item::Image {
                    b: ib,
                    href: img.url.clone(),
                    alt: img.alt.clone(),
                });
                cy += IMAGE_H + 10.0;
            }
            let t = scene.text(text_box(&step.name, x + 12.0, cy, inner, STEP, b));
            cy += t.h + 8.0;
            if let Some(v) = step.score {
                let mut sub = Scene::default();
                parts::face(&mut sub, x + 24.0, cy + 12.0, 12.0, j.scale.fraction(v));
                scene.items.extend(sub.items);
                scene.text(text_box(
                    &format!(
                        "{} {} / {}",
                        opts.labels.get("score"),
                        num(v),
                        num(j.scale.max)
                    ),
                    x + 44.0,
                    cy + 4.0,
                    inner - 36.0,
                    SCORE,
                    b,
                ));
                cy += 32.0;
            }
            for f in &step.feelings {
                let t = scene.text(text_box(f, x + 12.0, cy, inner, FEELING, b));
                cy += t.h + 4.0;
            }
            for th in &step.thoughts {
                let t = scene.text(text_box(
                    &format!("“{th}”"),
                    x + 12.0,
                    cy,
                    inner,
                    THOUGHT,
                    b,
                ));
                cy += t.h + 4.0;
            }
            if k + 1 < chunk.len() {
                let ax = x + PANEL_W + 8.0;
                let ay = y + h / 2.0;
                let d = format!(
                    "M{} {}L{} {}L{} {}",
                    num(ax),
                    num(ay - 7.0),
                    num(ax + 12.0),
                    num(ay),
                    num(ax),
                    num(ay + 7.0)
                );
                scene.items.push(Item::Path {
                    d,
                    fill: Paint::None,
                    stroke: Paint::Muted,
                    width: 2.5,
                    dashed: false,
                });
            }
        }
        y += h + GAP;
    }
    if !steps.is_empty() {
        y -= GAP;
    }
    scene.finish(y + PAD)
}

fn panel_height(j: &Journey, si: usize, step: &crate::journey::Step, inner: f64) -> f64 {
    let mut h = 12.0 + 28.0f64.max(STAGE.height(&j.stages[si].name, PANEL_W - 56.0) + 8.0);
    if !step.images.is_empty() {
        h += IMAGE_H + 10.0;
    }
    h += STEP.height(&step.name, inner) + 8.0;
    if step.score.is_some() {
        h += 32.0;
    }
    for f in &step.feelings {
        h += FEELING.height(f, inner) + 4.0;
    }
    for t in &step.thoughts {
        h += THOUGHT.height(&format!("“{t}”"), inner) + 4.0;
    }
    h + 12.0
}
