//! The emotion lane: a smooth curve through every scored step, a face per step with its
//! score, the neutral line, and the highest and lowest moments marked. A score computed
//! from data gets an error bar for its 95 % interval and its n under the score; one from
//! too few answers is a hollow face on a dashed bar.

use super::{Grid, COL_W, LEFT, PAD};
use crate::journey::Journey;
use crate::journey::ScoreEvidence;
use crate::render::evidence;
use crate::render::parts::{self, SMALL};
use crate::render::scene::{
    num, push_num, text_box, Anchor, Bounds, Item, Paint, Scene, TextBox, TextStyle,
};
use crate::render::RenderOptions;
use std::ops::Range;

const FACE_R: f64 = 11.0;
/// Room above the highest and below the lowest face, for the marks.
const MARGIN: f64 = 30.0;

/// A straight piece of a line, from one point to another.
pub(super) type Segment = [(f64, f64); 2];

const SCORE: TextStyle = TextStyle::new(SMALL, Paint::Text).bold();
const MARK: TextStyle = TextStyle::new(SMALL, Paint::Muted).bold().centred();
const N: TextStyle = TextStyle::new(SMALL - 1.0, Paint::Muted);
/// Half the width of an error bar's whiskers.
const WHISKER: f64 = 4.0;
/// How far left of its face's centre an error bar stands.
const BAR_OFFSET: f64 = FACE_R + 7.0;

/// Draws the emotion lane that starts at `y` and is `h` tall.
pub(super) fn draw(
    scene: &mut Scene,
    j: &Journey,
    grid: &Grid,
    y: f64,
    h: f64,
    opts: &RenderOptions,
) {
    let top = y + MARGIN;
    let bottom = y + h - MARGIN;
    let s = j.scale;
    let ypos = |score: f64| bottom - s.fraction(score) * (bottom - top);
    let neutral = ypos(s.neutral());
    scene.line(
        LEFT,
        neutral,
        scene.width - PAD,
        neutral,
        Paint::Neutral,
        1.0,
        true,
    );
    // Per column: the face's centre and the score, for scored steps.
    let points: Vec<Option<(f64, f64, f64)>> = grid
        .columns
        .iter()
        .enumerate()
        .map(|(i, c)| {
            c.step
                .and_then(|st| st.score)
                .map(|v| (LEFT + (i as f64 + 0.5) * COL_W, ypos(v), v))
        })
        .collect();
    // Runs of consecutive scored steps become smooth segments; a step without a score
    // breaks the curve rather than inventing a value.
    let mut run: Vec<(f64, f64)> = Vec::new();
    // Labels keep off every curve: the old one and other personas' drawn first, behind.
    let mut avoid: Vec<Segment> = Vec::new();
    super::extra::curves_behind(scene, j, grid, (top, bottom), opts, &mut avoid);
    let pen = (Paint::Curve, 3.0, false);
    for p in &points {
        match p {
            Some((x, y, _)) => run.push((*x, *y)),
            None => {
                smooth(scene, &run, (top, bottom), &mut avoid, pen);
                run.clear();
            }
        }
    }
    smooth(scene, &run, (top, bottom), &mut avoid, pen);
    // Error bars go over the curve and under the faces; labels keep off them as off the curve.
    for (i, p) in points.iter().enumerate() {
        let (Some((x, _, _)), Some(ev)) = (p, grid.columns[i].step.and_then(evidence::score))
        else {
            continue;
        };
        if let Some(iv) = ev.journey_interval {
            let (a, b) = (
                ypos(iv.high).clamp(top, bottom),
                ypos(iv.low).clamp(top, bottom),
            );
            // Beside the face, not behind it: a tight interval stays visible.
            let bx = x - BAR_OFFSET;
            error_bar(scene, bx, a, b, ev.weak);
            avoid.push([(bx, a), (bx, b)]);
            for wy in [a, b] {
                avoid.push([(bx - WHISKER, wy), (bx + WHISKER, wy)]);
            }
        }
    }
    let neutral_line = [(LEFT, neutral), (scene.width - PAD, neutral)];
    faces(
        scene,
        j,
        grid,
        &points,
        (y, h),
        opts,
        (&avoid, neutral_line),
    );
}

/// A vertical bar from `a` to `b` with whiskers at both ends at `x`; dashed for weak
/// evidence.
pub(crate) fn error_bar(scene: &mut Scene, x: f64, a: f64, b: f64, weak: bool) {
    scene.line(x, a, x, b, Paint::Muted, 1.5, weak);
    for wy in [a, b] {
        scene.line(x - WHISKER, wy, x + WHISKER, wy, Paint::Muted, 1.5, false);
    }
}

/// A Catmull-Rom spline through `run` as cubic Béziers drawn with `pen` (paint, width,
/// dashed), its control points kept between `top` and `bottom` so the curve never
/// leaves the lane; its segments, sampled finely, are added to `traced`.
pub(super) fn smooth(
    scene: &mut Scene,
    run: &[(f64, f64)],
    (top, bottom): (f64, f64),
    traced: &mut Vec<Segment>,
    (stroke, width, dashed): (Paint, f64, bool),
) {
    if run.len() < 2 {
        return;
    }
    traced.reserve(STEPS * (run.len() - 1));
    let mut d = String::with_capacity(8 + 40 * run.len());
    d.push('M');
    push_point(&mut d, run[0]);
    for k in 0..run.len() - 1 {
        let p0 = run[k.saturating_sub(1)];
        let (p1, p2) = (run[k], run[k + 1]);
        let p3 = run[(k + 2).min(run.len() - 1)];
        let c1 = (
            p1.0 + (p2.0 - p0.0) / 6.0,
            (p1.1 + (p2.1 - p0.1) / 6.0).clamp(top, bottom),
        );
        let c2 = (
            p2.0 - (p3.0 - p1.0) / 6.0,
            (p2.1 - (p3.1 - p1.1) / 6.0).clamp(top, bottom),
        );
        trace(traced, [p1, c1, c2, p2]);
        d.push('C');
        for (i, p) in [c1, c2, p2].into_iter().enumerate() {
            if i > 0 {
                d.push(' ');
            }
            push_point(&mut d, p);
        }
    }
    scene.items.push(Item::Path {
        d,
        fill: Paint::None,
        stroke,
        width,
        dashed,
    });
}

/// Appends the point `p` to path data: x and y with a space between.
fn push_point(d: &mut String, p: (f64, f64)) {
    push_num(d, p.0);
    d.push(' ');
    push_num(d, p.1);
}

/// A face with a tooltip and its score beside it for every scored step, and the
/// highest and lowest moments named (when there are two scores or more).
fn faces(
    scene: &mut Scene,
    j: &Journey,
    grid: &Grid,
    points: &[Option<(f64, f64, f64)>],
    (y, h): (f64, f64),
    opts: &RenderOptions,
    (traced, neutral): (&[Segment], Segment),
) {
    let s = j.scale;
    let scored: Vec<(usize, f64)> = points
        .iter()
        .enumerate()
        .filter_map(|(i, p)| p.map(|p| (i, p.2)))
        .collect();
    let hi = scored
        .iter()
        .copied()
        .reduce(|a, b| if b.1 > a.1 { b } else { a });
    let lo = scored
        .iter()
        .copied()
        .reduce(|a, b| if b.1 < a.1 { b } else { a });
    let near = by_column(traced, points.len());
    for (i, p) in points.iter().enumerate() {
        let Some((x, py, v)) = p else { continue };
        let cell = Bounds::new(LEFT + i as f64 * COL_W, y, COL_W, h);
        let step_name = grid.columns[i]
            .step
            .map(|s| s.name.replace('\n', " "))
            .unwrap_or_default();
        let ev: Option<&ScoreEvidence> = grid.columns[i].step.and_then(evidence::score);
        let traced = &near[i];
        let mut face_scene = Scene::default();
        if ev.is_some_and(|e| e.weak) {
            parts::hollow_face(&mut face_scene, *x, *py, FACE_R, s.fraction(*v));
        } else {
            parts::face(&mut face_scene, *x, *py, FACE_R, s.fraction(*v));
        }
        let title = match ev {
            Some(e) => evidence::score_with_detail(*v, e, opts.labels),
            None => num(*v),
        };
        scene.items.push(Item::Titled {
            title: format!("{step_name}: {title}"),
            items: face_scene.items,
        });
        let mark = |key: &str| text_box(opts.labels.get(key), *x, 0.0, COL_W - 12.0, MARK, cell);
        let mut taken = None;
        if hi.is_some_and(|h| h.0 == i) && scored.len() > 1 {
            let mut t = mark("highest");
            t.y = py - FACE_R - 4.0 - t.block.height;
            taken = Some(scene.text(t));
        } else if lo.is_some_and(|l| l.0 == i) && scored.len() > 1 {
            let mut t = mark("lowest");
            t.y = py + FACE_R + 4.0;
            taken = Some(scene.text(t));
        }
        let max = COL_W / 2.0 - FACE_R - 8.0;
        let label = text_box(&num(*v), 0.0, 0.0, max, SCORE, cell);
        match ev {
            None => {
                scene.text(place_score(label, (*x, *py), taken, traced, neutral));
            }
            Some(e) => {
                // The score with its n under it, placed as one label.
                let n = text_box(&evidence::n_text(e), 0.0, 0.0, max, N, cell);
                let w = label.block.width.max(n.block.width);
                let h = label.block.height + n.block.height;
                let (bx, by) = place((w, h), cell, (*x, *py), taken, traced, neutral);
                let centre = bx + w / 2.0;
                let (mut label, mut n) = (label, n);
                label.anchor = Anchor::Middle;
                n.anchor = Anchor::Middle;
                (label.x, label.y) = (centre, by);
                (n.x, n.y) = (centre, by + label.block.height);
                scene.text(label);
                scene.text(n);
            }
        }
    }
}

/// Puts a face's score label beside the face where nothing else is: clear of the curve,
/// the face's highest/lowest mark and (when it can) the neutral line. It tries above and
/// below first, then the four diagonals, right and left, each a little farther out in turn.
fn place_score(
    mut label: TextBox,
    (x, y): (f64, f64),
    mark: Option<Bounds>,
    traced: &[Segment],
    neutral: Segment,
) -> TextBox {
    let size = (label.block.width, label.block.height);
    (label.x, label.y) = place(size, label.cell, (x, y), mark, traced, neutral);
    label
}

/// Where [`place_score`] puts a label `w` × `h` that must stay inside `cell`: its top left.
fn place(
    (w, h): (f64, f64),
    cell: Bounds,
    (x, y): (f64, f64),
    mark: Option<Bounds>,
    traced: &[Segment],
    neutral: Segment,
) -> (f64, f64) {
    let d = FACE_R * 0.75 + 2.0;
    let spots = |gap: f64| {
        [
            (x - w / 2.0, y - FACE_R - 3.0 - h - gap),
            (x - w / 2.0, y + FACE_R + 3.0 + gap),
            (x + d + gap, y - d - h - gap),
            (x + d + gap, y + d + gap),
            (x - d - w - gap, y - d - h - gap),
            (x - d - w - gap, y + d + gap),
            (x + FACE_R + 4.0 + gap, y - h / 2.0),
            (x - FACE_R - 4.0 - w - gap, y - h / 2.0),
        ]
    };
    // Off the face: the point of the box nearest the face's centre lies outside it.
    let off_face = |b: &Bounds| {
        let nx = x.clamp(b.x, b.x + b.w) - x;
        let ny = y.clamp(b.y, b.y + b.h) - y;
        nx * nx + ny * ny >= (FACE_R + 1.0) * (FACE_R + 1.0)
    };
    let free = |b: &Bounds, strict: bool| {
        let pad = Bounds::new(b.x - 2.0, b.y - 1.0, b.w + 4.0, b.h + 2.0);
        cell.contains(b)
            && off_face(b)
            && !mark.is_some_and(|m| m.overlaps(&pad))
            && !traced.iter().any(|s| crosses(s, &pad))
            && !(strict && crosses(&neutral, &pad))
    };
    let mut fallback = None;
    for gap in [0.0, 6.0, 14.0, 26.0] {
        for (bx, by) in spots(gap) {
            let b = Bounds::new(bx, by, w, h);
            if free(&b, true) {
                return (bx, by);
            }
            if fallback.is_none() && free(&b, false) {
                fallback = Some((bx, by));
            }
        }
    }
    // No spot clear of both lines: the neutral line is dashed and faint, the curve is not.
    fallback.unwrap_or((x + FACE_R + 4.0, y - h / 2.0))
}

/// Per column, the pieces of `traced` that may pass through a label kept inside that
/// column. A label's padded box reaches at most a few pixels past its column, so a piece
/// lying farther away cannot cross it: each label then tests a few dozen pieces instead
/// of the whole map's curves.
fn by_column(traced: &[Segment], columns: usize) -> Vec<Vec<Segment>> {
    let near: Vec<Range<usize>> = traced.iter().map(|s| columns_near(s, columns)).collect();
    // Counted first, so each column's list is allocated once.
    let mut sizes = vec![0; columns];
    for span in &near {
        for size in &mut sizes[span.clone()] {
            *size += 1;
        }
    }
    let mut out: Vec<Vec<Segment>> = sizes.into_iter().map(Vec::with_capacity).collect();
    for (s, span) in traced.iter().zip(near) {
        for list in &mut out[span] {
            list.push(*s);
        }
    }
    out
}

/// The columns (of `columns`) a label in which the piece `s` may cross.
fn columns_near(s: &Segment, columns: usize) -> Range<usize> {
    // Past the label's padding (2 px) and the cell's tolerance, with room to spare so
    // rounding never decides.
    const REACH: f64 = 4.0;
    let [(x0, _), (x1, _)] = *s;
    // A piece whose place cannot be worked out is tested everywhere.
    if !(x0.is_finite() && x1.is_finite()) || columns == 0 {
        return 0..columns;
    }
    // Columns from 0 up, so truncating is rounding down; `min` keeps pieces past the
    // last column in it.
    let column = |x: f64| (((x - LEFT) / COL_W).max(0.0) as usize).min(columns - 1);
    column(x0.min(x1) - REACH)..column(x0.max(x1) + REACH) + 1
}

/// How many straight pieces [`trace`] makes of a curve.
const STEPS: usize = 24;

/// Adds the cubic Bézier `c` to `out` as short straight pieces.
fn trace(out: &mut Vec<Segment>, c: [(f64, f64); 4]) {
    let at = |t: f64| {
        let u = 1.0 - t;
        let (a, b, cc, d) = (u * u * u, 3.0 * u * u * t, 3.0 * u * t * t, t * t * t);
        (
            a * c[0].0 + b * c[1].0 + cc * c[2].0 + d * c[3].0,
            a * c[0].1 + b * c[1].1 + cc * c[2].1 + d * c[3].1,
        )
    };
    let mut prev = c[0];
    for k in 1..=STEPS {
        let p = at(k as f64 / STEPS as f64);
        out.push([prev, p]);
        prev = p;
    }
}

/// Whether the segment `s` passes through the box `b` (Liang–Barsky clipping).
fn crosses(s: &Segment, b: &Bounds) -> bool {
    let [(x0, y0), (x1, y1)] = *s;
    let (dx, dy) = (x1 - x0, y1 - y0);
    let (mut t0, mut t1) = (0.0f64, 1.0f64);
    for (p, q) in [
        (-dx, x0 - b.x),
        (dx, b.x + b.w - x0),
        (-dy, y0 - b.y),
        (dy, b.y + b.h - y0),
    ] {
        if p == 0.0 {
            if q < 0.0 {
                return false;
            }
        } else {
            let r = q / p;
            if p < 0.0 {
                t0 = t0.max(r);
            } else {
                t1 = t1.min(r);
            }
            if t0 > t1 {
                return false;
            }
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_column_keeps_every_piece_that_may_cross_a_label_in_it() {
        let columns = 5;
        let traced: Vec<Segment> = (0..400)
            .map(|i| {
                let x = LEFT - 20.0 + f64::from(i) * 2.7;
                [(x, 10.0), (x + f64::from(i % 7) * 3.0 - 9.0, 30.0)]
            })
            .collect();
        let near = by_column(&traced, columns);
        for (c, list) in near.iter().enumerate() {
            // A label's padded box stays within 2.01 px of its column.
            let left = LEFT + c as f64 * COL_W - 2.01;
            let right = LEFT + (c + 1) as f64 * COL_W + 2.01;
            for s in &traced {
                let [(x0, _), (x1, _)] = *s;
                if x0.max(x1) >= left && x0.min(x1) <= right {
                    assert!(list.contains(s), "column {c} lacks {s:?}");
                }
            }
        }
        assert!(by_column(&traced, 0).is_empty());
    }
}
