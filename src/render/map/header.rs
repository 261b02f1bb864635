//! Everything above the lanes: the title block with the scale legend beside it, the phase
//! bands, and the stage headers over their columns.

use super::{Grid, COL_W, GAP, PAD};
use crate::journey::{Journey, Stage};
use crate::render::labels::Labels;
use crate::render::parts::{self, BODY, SMALL};
use crate::render::scene::{num, text_box, Bounds, Paint, Scene, TextStyle};
use crate::render::RenderOptions;

const LEGEND_W: f64 = 210.0;

const TITLE: TextStyle = TextStyle::new(22.0, Paint::Text).bold();
const GOAL: TextStyle = TextStyle::new(BODY, Paint::Muted);
const PERSONA: TextStyle = TextStyle::new(13.0, Paint::Text).bold();
const META: TextStyle = TextStyle::new(SMALL, Paint::Muted);
const LEGEND_HEAD: TextStyle = TextStyle::new(SMALL, Paint::Muted).bold();
const LEGEND_VALUE: TextStyle = TextStyle::new(SMALL, Paint::Text).centred();
const PHASE: TextStyle = TextStyle::new(SMALL, Paint::Muted).bold().centred();
const STAGE_NAME: TextStyle = TextStyle::new(14.0, Paint::StageText).bold();
const STAGE_GOAL: TextStyle = TextStyle::new(SMALL, Paint::StageText);

/// The title block and scale legend; returns the y below it.
pub(super) fn title_block(scene: &mut Scene, j: &Journey, opts: &RenderOptions, width: f64) -> f64 {
    let l = opts.labels;
    let legend = width >= 2.0 * LEGEND_W + 2.0 * PAD;
    let text_w = width - 2.0 * PAD - if legend { LEGEND_W + PAD } else { 0.0 };
    let cell = Bounds::new(0.0, 0.0, width, f64::MAX / 4.0);
    let mut y = PAD;
    let title = j.display_title("Customer journey");
    let t = scene.text(text_box(title, PAD, y, text_w, TITLE, cell));
    y += t.h + 4.0;
    if let Some(goal) = &j.goal {
        let t = scene.text(text_box(goal, PAD, y, text_w, GOAL, cell));
        y += t.h + 2.0;
    }
    if let Some(name) = &j.persona {
        let role = opts.persona.and_then(|p| p.role.as_deref());
        let line = match role {
            Some(r) => format!("{}: {name} — {r}", l.get("persona")),
            None => format!("{}: {name}", l.get("persona")),
        };
        let t = scene.text(text_box(&line, PAD, y, text_w, PERSONA, cell));
        y += t.h + 2.0;
    }
    let mut meta = Vec::new();
    if let Some(o) = &j.owner {
        meta.push(format!("{}: {o}", l.get("owner")));
    }
    if let Some(r) = &j.reviewed {
        meta.push(format!("{}: {r}", l.get("reviewed")));
    }
    if let Some(m) = &j.market {
        meta.push(format!("{}: {m}", l.get("market")));
    }
    if !meta.is_empty() {
        let t = scene.text(text_box(&meta.join("  ·  "), PAD, y, text_w, META, cell));
        y += t.h;
    }
    let below = super::key::draw(scene, (j, l, opts.comparison), PAD, y + 8.0, text_w);
    if below > y + 8.0 {
        y = below;
    }
    let mut bottom = y + PAD;
    if legend {
        scale_legend(scene, j, l, width - PAD - LEGEND_W);
        bottom = bottom.max(PAD + 74.0 + PAD);
    }
    bottom
}

/// The scale with a face for its lowest, neutral and highest score, at `lx`.
fn scale_legend(scene: &mut Scene, j: &Journey, l: &Labels, lx: f64) {
    let b = Bounds::new(lx, PAD, LEGEND_W, 74.0);
    scene.rect(b, 6.0, Paint::Header, Paint::CardBorder, 1.0);
    let s = j.scale;
    scene.text(text_box(
        &format!("{} {} … {}", l.get("scale"), num(s.min), num(s.max)),
        lx + 10.0,
        PAD + 6.0,
        LEGEND_W - 20.0,
        LEGEND_HEAD,
        b,
    ));
    for (i, v) in [s.min, s.neutral(), s.max].into_iter().enumerate() {
        let cx = lx + 40.0 + i as f64 * 65.0;
        parts::face(scene, cx, PAD + 38.0, 10.0, s.fraction(v));
        let cell = Bounds::new(cx - 30.0, PAD + 50.0, 60.0, 22.0);
        scene.text(text_box(&num(v), cx, PAD + 52.0, 56.0, LEGEND_VALUE, cell));
    }
}

/// Phase bands over runs of stages that share a phase; returns the y below them.
pub(super) fn phases(scene: &mut Scene, j: &Journey, grid: &Grid, y: f64) -> f64 {
    if !j.stages.iter().any(|s| s.phase.is_some()) {
        return y;
    }
    let mut runs: Vec<(Option<&str>, usize, usize)> = Vec::new();
    for (ci, col) in grid.columns.iter().enumerate() {
        let phase = j.stages[col.stage].phase.as_deref();
        match runs.last_mut() {
            Some((p, _, end)) if *p == phase => *end = ci + 1,
            _ => runs.push((phase, ci, ci + 1)),
        }
    }
    let h = runs
        .iter()
        .filter_map(|(p, a, b)| p.map(|p| PHASE.height(p, (*b - *a) as f64 * COL_W - 16.0) + 12.0))
        .fold(26.0, f64::max);
    for (phase, start, end) in runs {
        let Some(phase) = phase else { continue };
        let b = Bounds::new(
            grid.x(start) + 2.0,
            y,
            (end - start) as f64 * COL_W - 4.0,
            h,
        );
        scene.rect(b, 4.0, Paint::Header, Paint::CardBorder, 1.0);
        scene.text(text_box(
            phase,
            b.x + b.w / 2.0,
            y + 6.0,
            b.w - 12.0,
            PHASE,
            b,
        ));
    }
    y + h + GAP
}

/// A stage's name as shown: a dash for a stage without one.
fn stage_name(stage: &Stage) -> &str {
    if stage.name.is_empty() {
        "—"
    } else {
        stage.name.as_str()
    }
}

/// The line under a stage's name, when it has a goal.
fn stage_goal(stage: &Stage, l: &Labels) -> Option<String> {
    let goal = stage.goal.as_ref()?;
    Some(format!("{}: {goal}", l.get("goal")))
}

/// The height a stage header `w` wide needs.
fn stage_header_height(stage: &Stage, l: &Labels, w: f64) -> f64 {
    let mut h = 16.0 + STAGE_NAME.height(stage_name(stage), w - 20.0);
    if let Some(goal) = stage_goal(stage, l) {
        h += 3.0 + STAGE_GOAL.height(&goal, w - 20.0) + 4.0;
    }
    h
}

/// A header per stage over its columns, all as tall as the tallest; returns the y
/// below them.
pub(super) fn stages(
    scene: &mut Scene,
    j: &Journey,
    grid: &Grid,
    opts: &RenderOptions,
    y: f64,
) -> f64 {
    let l = opts.labels;
    let stage_h = j
        .stages
        .iter()
        .zip(&grid.spans)
        .map(|(s, (a, b))| stage_header_height(s, l, (*b - *a) as f64 * COL_W - 4.0))
        .fold(40.0, f64::max);
    for (si, (stage, (a, b))) in j.stages.iter().zip(&grid.spans).enumerate() {
        let bx = Bounds::new(grid.x(*a) + 2.0, y, (*b - *a) as f64 * COL_W - 4.0, stage_h);
        scene.rect(bx, 6.0, Paint::Stage(si), Paint::None, 0.0);
        let name = stage_name(stage);
        let t = scene.text(text_box(
            name,
            bx.x + 10.0,
            y + 8.0,
            bx.w - 20.0,
            STAGE_NAME,
            bx,
        ));
        if let Some(goal) = stage_goal(stage, l) {
            let gy = t.y + t.h + 3.0;
            scene.text(text_box(
                &goal,
                bx.x + 10.0,
                gy,
                bx.w - 20.0,
                STAGE_GOAL,
                bx,
            ));
        }
    }
    y + stage_h + GAP
}
