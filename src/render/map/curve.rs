//! The emotion lane: a smooth curve through every scored step, a face per step with its
//! score, the neutral line, and the highest and lowest moments marked.

use super::{Grid, COL_W, LEFT, PAD};
use crate::journey::Journey;
use crate::render::parts::{self, SMALL};
use crate::render::scene::{num, text_box, Bounds, Item, Paint, Scene, TextStyle};
use crate::render::RenderOptions;

const FACE_R: f64 = 11.0;
/// Room above the highest and below the lowest face, for the marks.
const MARGIN: f64 = 30.0;

const SCORE: TextStyle = TextStyle::new(SMALL, Paint::Text).bold();
const MARK: TextStyle = TextStyle::new(SMALL, Paint::Muted).bold().centred();

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
    for p in &points {
        match p {
            Some((x, y, _)) => run.push((*x, *y)),
            None => {
                smooth(scene, &run, top, bottom);
                run.clear();
            }
        }
    }
    smooth(scene, &run, top, bottom);
    faces(scene, j, grid, &points, y, h, opts);
}

/// A Catmull-Rom spline through `run` as cubic Béziers, its control points kept between
/// `top` and `bottom` so the curve never leaves the lane.
fn smooth(scene: &mut Scene, run: &[(f64, f64)], top: f64, bottom: f64) {
    if run.len() < 2 {
        return;
    }
    let mut d = format!("M{} {}", num(run[0].0), num(run[0].1));
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
        d.push_str(&format!(
            "C{} {} {} {} {} {}",
            num(c1.0),
            num(c1.1),
            num(c2.0),
            num(c2.1),
            num(p2.0),
            num(p2.1)
        ));
    }
    scene.items.push(Item::Path {
        d,
        fill: Paint::None,
        stroke: Paint::Curve,
        width: 3.0,
        dashed: false,
    });
}

/// A face with a tooltip and its score beside it for every scored step, and the
/// highest and lowest moments named (when there are two scores or more).
fn faces(
    scene: &mut Scene,
    j: &Journey,
    grid: &Grid,
    points: &[Option<(f64, f64, f64)>],
    y: f64,
    h: f64,
    opts: &RenderOptions,
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
    for (i, p) in points.iter().enumerate() {
        let Some((x, py, v)) = p else { continue };
        let cell = Bounds::new(LEFT + i as f64 * COL_W, y, COL_W, h);
        let step_name = grid.columns[i]
            .step
            .map(|s| s.name.replace('\n', " "))
            .unwrap_or_default();
        let mut face_scene = Scene::default();
        parts::face(&mut face_scene, *x, *py, FACE_R, s.fraction(*v));
        scene.items.push(Item::Titled {
            title: format!("{step_name}: {}", num(*v)),
            items: face_scene.items,
        });
        scene.text(text_box(
            &num(*v),
            x + FACE_R + 4.0,
            py - 7.0,
            COL_W / 2.0 - FACE_R - 8.0,
            SCORE,
            cell,
        ));
        let mark = |key: &str| text_box(opts.labels.get(key), *x, 0.0, COL_W - 12.0, MARK, cell);
        if hi.is_some_and(|h| h.0 == i) && scored.len() > 1 {
            let mut t = mark("highest");
            t.y = py - FACE_R - 4.0 - t.block.height;
            scene.text(t);
        } else if lo.is_some_and(|l| l.0 == i) && scored.len() > 1 {
            let mut t = mark("lowest");
            t.y = py + FACE_R + 4.0;
            scene.text(t);
        }
    }
}
