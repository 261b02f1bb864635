//! What a map draws beside the main emotion curve: the other personas' curves (each its
//! own colour and dash pattern, smaller points so the main curve stays first) and, when
//! the map is compared with an older version, the old curve (grey, dashed) behind them,
//! then a row of "New" and "Changed" tags with the steps removed under their stage.

use super::curve::{smooth, Segment};
use super::{Grid, COL_W, LEFT};
use crate::journey::Journey;
use crate::render::compared::other_personas;
use crate::render::parts::SMALL;
use crate::render::scene::{num, text_box, Bounds, Item, Paint, Scene, TextStyle};
use crate::render::RenderOptions;

/// Radius of a point on another persona's curve (a face is 11).
const POINT_R: f64 = 4.5;
const TAG: TextStyle = TextStyle::new(SMALL, Paint::Text).bold().centred();
const NOTE: TextStyle = TextStyle::new(SMALL, Paint::Muted);

/// Per column, the place of its step in the journey (stage, index in the stage).
fn places(grid: &Grid) -> Vec<Option<(usize, usize)>> {
    grid.columns
        .iter()
        .enumerate()
        .map(|(i, c)| c.step.map(|_| (c.stage, i - grid.spans[c.stage].0)))
        .collect()
}

/// Draws the old curve and the other personas' curves, back to front; their lines are
/// added to `avoid` so the main curve's labels keep off them.
pub(super) fn curves_behind(
    scene: &mut Scene,
    j: &Journey,
    grid: &Grid,
    (top, bottom): (f64, f64),
    opts: &RenderOptions,
    avoid: &mut Vec<Segment>,
) {
    let at = |f: f64| bottom - f * (bottom - top);
    let x = |i: usize| LEFT + (i as f64 + 0.5) * COL_W;
    if let Some(c) = opts.comparison {
        let points: Vec<Option<(f64, f64)>> = places(grid)
            .iter()
            .enumerate()
            .map(|(i, p)| p.and_then(|(s, k)| c.step(s, k).old_fraction.map(|f| (x(i), at(f)))))
            .collect();
        runs(
            scene,
            &points,
            (top, bottom),
            (Paint::Muted, 2.0, true),
            avoid,
        );
        for (i, p) in points.iter().enumerate() {
            let (Some((px, py)), Some((s, k))) = (p, places(grid)[i]) else {
                continue;
            };
            let old = c.step(s, k).old_score.map(num).unwrap_or_default();
            scene.items.push(Item::Titled {
                title: format!("{}: {old}", opts.labels.get("before")),
                items: vec![Item::Circle {
                    cx: *px,
                    cy: *py,
                    r: POINT_R - 1.0,
                    fill: Paint::Background,
                    stroke: Paint::Muted,
                    width: 1.5,
                }],
            });
        }
    }
    for (n, name) in other_personas(j).iter().enumerate() {
        let points: Vec<Option<(f64, f64, f64)>> = grid
            .columns
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let score = c
                    .step?
                    .persona_scores
                    .iter()
                    .find(|p| p.persona == *name)?
                    .score;
                Some((x(i), at(j.scale.fraction(score)), score))
            })
            .collect();
        let line: Vec<Option<(f64, f64)>> = points.iter().map(|p| p.map(|p| (p.0, p.1))).collect();
        runs(
            scene,
            &line,
            (top, bottom),
            (Paint::Persona(n), 2.0, false),
            avoid,
        );
        for (i, p) in points.iter().enumerate() {
            let Some((px, py, v)) = p else { continue };
            let step = grid.columns[i].step.map(|s| s.name.replace('\n', " "));
            scene.items.push(Item::Titled {
                title: format!("{}, {name}: {}", step.unwrap_or_default(), num(*v)),
                items: vec![Item::Circle {
                    cx: *px,
                    cy: *py,
                    r: POINT_R,
                    fill: Paint::Persona(n),
                    stroke: Paint::Background,
                    width: 1.0,
                }],
            });
        }
    }
}

/// Draws each run of consecutive points as a smooth curve.
fn runs(
    scene: &mut Scene,
    points: &[Option<(f64, f64)>],
    lane: (f64, f64),
    pen: (Paint, f64, bool),
    avoid: &mut Vec<Segment>,
) {
    let mut run = Vec::new();
    for p in points {
        match p {
            Some(p) => run.push(*p),
            None => {
                smooth(scene, &run, lane, avoid, pen);
                run.clear();
            }
        }
    }
    smooth(scene, &run, lane, avoid, pen);
}

/// The row under the lanes of a compared map: a "New" or "Changed" tag in each column
/// whose step was added or changed, an outline round the column (solid for new, dashed
/// for changed), and "Removed: …" under each stage that lost steps. Returns the y below
/// it (`y` itself when there is nothing to show).
pub(super) fn changes_row(
    scene: &mut Scene,
    grid: &Grid,
    opts: &RenderOptions,
    (lanes_top, y): (f64, f64),
) -> f64 {
    let Some(c) = opts.comparison else { return y };
    if !c.any_marks() && !c.any_removed() {
        return y;
    }
    const PADY: f64 = 6.0;
    let width = scene.width;
    let mut tags = Vec::new();
    let mut tag_h = 0.0f64;
    for (i, p) in places(grid).iter().enumerate() {
        let Some((s, k)) = p else { continue };
        let key = match c.step(*s, *k).mark {
            crate::diff::StepMark::Same => continue,
            crate::diff::StepMark::Added => "added",
            crate::diff::StepMark::Changed => "changed",
        };
        let cell = Bounds::new(grid.x(i), y, COL_W, 0.0);
        let t = text_box(
            opts.labels.get(key),
            grid.x(i) + COL_W / 2.0,
            y + PADY,
            COL_W - 16.0,
            TAG,
            cell,
        );
        tag_h = tag_h.max(t.block.height);
        tags.push((i, key, t));
    }
    let notes_top = y + PADY + if tags.is_empty() { 0.0 } else { tag_h + 4.0 };
    let mut notes = Vec::new();
    let mut bottom = notes_top;
    for (s, names) in c.removed.iter().enumerate() {
        let Some(&(a, b)) = grid.spans.get(s) else {
            continue;
        };
        if names.is_empty() || a >= b {
            continue;
        }
        let (x0, w) = (grid.x(a), (b - a) as f64 * COL_W);
        let text = format!("{}: {}", opts.labels.get("removed"), names.join(", "));
        let t = text_box(
            &text,
            x0 + 8.0,
            notes_top,
            w - 16.0,
            NOTE,
            Bounds::default(),
        );
        bottom = bottom.max(notes_top + t.block.height);
        notes.push((x0, w, t));
    }
    let row_bottom = bottom.max(notes_top) + PADY;
    scene.rect(
        Bounds::new(super::PAD, y, width - 2.0 * super::PAD, row_bottom - y),
        0.0,
        Paint::LaneAlt,
        Paint::Grid,
        1.0,
    );
    let label = text_box(
        opts.labels.get("changes"),
        super::PAD + 8.0,
        y + PADY,
        super::LABEL_W - 16.0,
        TextStyle::new(SMALL, Paint::Muted).bold(),
        Bounds::new(super::PAD, y, super::LABEL_W, row_bottom - y),
    );
    scene.text(label);
    for (i, key, mut t) in tags {
        // Outline the whole column, from the first lane down to its tag (the notes of
        // removed steps below belong to the stage, not to this step).
        let outline_bottom = t.y + t.block.height + 3.0;
        scene.items.push(Item::Rect {
            b: Bounds::new(
                grid.x(i) + 2.0,
                lanes_top + 2.0,
                COL_W - 4.0,
                outline_bottom - lanes_top - 2.0,
            ),
            rx: 4.0,
            fill: Paint::None,
            stroke: Paint::Text,
            width: 1.5,
            dashed: key == "changed",
        });
        t.cell.h = row_bottom - y;
        scene.text(t);
    }
    for (x0, w, mut t) in notes {
        t.cell = Bounds::new(x0, y, w, row_bottom - y);
        scene.text(t);
    }
    row_bottom
}
