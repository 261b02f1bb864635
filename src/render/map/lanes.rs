//! The lanes: one row per kind of content the journey has, each as tall as its fullest
//! cell, with the line of visibility between what customers see and what happens behind
//! the scenes. Which lanes there are, their order and labels come from
//! `journey::lanes::LANES`; this file adds the fixed rows (actions, emotion, visibility).

use super::cards::{each_card, each_stage_card};
use super::metrics::{self, MetricCard};
use super::{curve, Grid, CELL_PAD, COL_W, GAP, LABEL_W, LEFT, PAD};
use crate::journey::lanes::{Band, Lane, MapRow, LANES};
use crate::journey::Journey;
use crate::render::parts::{draw_card, Card, SMALL};
use crate::render::scene::{text_box, Bounds, Paint, Scene, TextStyle};
use crate::render::RenderOptions;

const EMOTION_H: f64 = 168.0;
const VISIBILITY_H: f64 = 30.0;

const LANE_NAME: TextStyle = TextStyle::new(12.0, Paint::Muted).bold();
const VISIBILITY: TextStyle = TextStyle::new(SMALL, Paint::Muted).bold();

/// A row of the map: the fixed rows, or one or more lanes of `journey::lanes::LANES`
/// drawn together under one label.
pub(super) enum Row {
    /// Each step's name and actors; always shown.
    Actions,
    /// The emotion curve, between the experience and the insight bands.
    Emotion,
    /// The line of visibility, above the service blueprint.
    Visibility,
    /// Lanes sharing a row, in table order.
    Lanes(&'static str, Vec<&'static Lane>),
}

impl Row {
    fn label_key(&self) -> &'static str {
        match self {
            Row::Actions => "actions",
            Row::Emotion => "emotion",
            Row::Visibility => "line_of_visibility",
            Row::Lanes(label, _) => label,
        }
    }
}

/// Lanes the map draws, row by row within `band`, each row with the lanes sharing it.
fn band_rows(band: Band) -> Vec<(MapRow, Vec<&'static Lane>)> {
    let mut rows: Vec<(MapRow, Vec<&'static Lane>)> = Vec::new();
    for lane in LANES {
        let Some(at) = lane.map.filter(|m| m.band == band) else {
            continue;
        };
        match rows.iter_mut().find(|(r, _)| r.order == at.order) {
            Some((_, lanes)) => lanes.push(lane),
            None => rows.push((at, vec![lane])),
        }
    }
    rows.sort_by_key(|(r, _)| r.order);
    rows
}

/// Whether the journey has anything for a row of lanes: a step's value, or a stage's own,
/// written or computed from data.
fn present(j: &Journey, lanes: &[&'static Lane]) -> bool {
    let row = Row::Lanes("", lanes.to_vec());
    j.steps().any(|s| lanes.iter().any(|l| l.len(s) > 0))
        || lanes
            .iter()
            .filter_map(|l| l.map.and_then(|m| m.stage))
            .any(|of| j.stages.iter().any(|s| !of(s).is_empty()))
        || j.steps()
            .any(|s| !metrics::of_step(&row, Some(s)).is_empty())
        || j.stages
            .iter()
            .any(|s| !metrics::of_stage(&row, s).is_empty())
}

/// Cards, then metrics, stacked down a cell, each drawn as soon as it is measured,
/// where the one before ended.
struct Stack {
    x: f64,
    /// Where the next piece goes.
    y: f64,
    w: f64,
    /// The pieces' heights with a gap after each (so a stack that follows keeps the gap).
    height: f64,
}

impl Stack {
    /// An empty stack from (x, y), `w` wide.
    fn at(x: f64, y: f64, w: f64) -> Stack {
        Stack {
            x,
            y,
            w,
            height: 0.0,
        }
    }

    /// Adds a card.
    fn card(&mut self, scene: &mut Scene, card: &Card) {
        let h = draw_card(scene, card, self.x, self.y, self.w);
        self.advance(h);
    }

    /// Adds the metrics from data; returns the stack's height.
    fn metrics(
        mut self,
        scene: &mut Scene,
        data: &[crate::journey::MetricEvidence],
        opts: &RenderOptions,
    ) -> f64 {
        for m in data {
            let h = MetricCard::new(m, opts.labels, self.w).draw(scene, self.x, self.y, self.w);
            self.advance(h);
        }
        self.height
    }

    fn advance(&mut self, h: f64) {
        self.y += h + GAP;
        self.height += h + GAP;
    }
}

/// The rows `j` has, top to bottom: actions, the experience lanes, the emotion curve, the
/// insight lanes, the line of visibility and the blueprint, then the evidence lanes.
fn rows(j: &Journey) -> Vec<Row> {
    let mut rows = vec![Row::Actions];
    for band in Band::ALL {
        let lanes: Vec<Row> = band_rows(band)
            .into_iter()
            .filter(|(_, lanes)| present(j, lanes))
            .map(|(at, lanes)| Row::Lanes(at.label, lanes))
            .collect();
        if band == Band::Insight
            && j.steps()
                .any(|s| s.score.is_some() || !s.persona_scores.is_empty())
        {
            rows.push(Row::Emotion);
        }
        if band == Band::Blueprint && !lanes.is_empty() {
            rows.push(Row::Visibility);
        }
        rows.extend(lanes);
    }
    rows
}

/// Draws every lane the journey has from `y` down, on alternating backgrounds; returns
/// the y below the last.
pub(super) fn draw(
    scene: &mut Scene,
    j: &Journey,
    grid: &Grid,
    opts: &RenderOptions,
    mut y: f64,
) -> f64 {
    let width = grid.width;
    let mut alt = false;
    for row in rows(j) {
        let name = opts.labels.get(row.label_key());
        if matches!(row, Row::Visibility) {
            visibility(scene, name, width, y);
            y += VISIBILITY_H;
            continue;
        }
        let mut label = text_box(
            name,
            PAD + 10.0,
            y + CELL_PAD + 2.0,
            LABEL_W - 20.0,
            LANE_NAME,
            Bounds::default(),
        );
        let label_h = label.block.height + 2.0 * CELL_PAD;
        // The row's background, name and bottom line lie under its cards but take the
        // height the cards need.
        let backdrop = scene.keep(3);
        let h = if matches!(row, Row::Emotion) {
            EMOTION_H
        } else {
            cells(scene, j, grid, &row, opts, y).max(label_h).max(44.0)
        };
        let bg = if alt { Paint::Lane } else { Paint::LaneAlt };
        alt = !alt;
        label.cell = Bounds::new(PAD, y, LABEL_W, h);
        scene.fill(backdrop, |scene| {
            let b = Bounds::new(PAD, y, width - 2.0 * PAD, h);
            scene.rect(b, 0.0, bg, Paint::None, 0.0);
            scene.text(label);
            scene.line(PAD, y + h, width - PAD, y + h, Paint::Grid, 1.0, false);
        });
        if matches!(row, Row::Emotion) {
            curve::draw(scene, j, grid, y, h, opts);
        }
        y += h;
    }
    y
}

/// Draws a row's cells from `y`: each stage's own values across its columns, then each
/// step's under them. Returns the height the fullest cell needs.
fn cells(
    scene: &mut Scene,
    j: &Journey,
    grid: &Grid,
    row: &Row,
    opts: &RenderOptions,
    y: f64,
) -> f64 {
    let card_w = COL_W - 2.0 * CELL_PAD;
    let band_h: Vec<f64> = j
        .stages
        .iter()
        .zip(&grid.spans)
        .map(|(stage, (a, b))| {
            let w = (b - a) as f64 * COL_W - 2.0 * CELL_PAD;
            let mut stack = Stack::at(grid.x(*a) + CELL_PAD, y + CELL_PAD, w);
            each_stage_card(row, stage, |card| stack.card(scene, card));
            stack.metrics(scene, metrics::of_stage(row, stage), opts)
        })
        .collect();
    let mut content_h: f64 = 0.0;
    for (ci, c) in grid.columns.iter().enumerate() {
        let top = y + CELL_PAD + band_h[c.stage];
        let mut stack = Stack::at(grid.x(ci) + CELL_PAD, top, card_w);
        each_card(row, c, opts, |card| stack.card(scene, card));
        let h = stack.metrics(scene, metrics::of_step(row, c.step), opts);
        let stacked = band_h[c.stage] + h;
        // The last card needs no gap after it.
        content_h = content_h.max((stacked - GAP).max(0.0) + 2.0 * CELL_PAD);
    }
    content_h
}

/// The dashed line of visibility across the map at `y`, named on a background patch.
fn visibility(scene: &mut Scene, name: &str, width: f64, y: f64) {
    let h = VISIBILITY_H;
    scene.line(
        PAD,
        y + h / 2.0,
        width - PAD,
        y + h / 2.0,
        Paint::Visibility,
        1.5,
        true,
    );
    let cell = Bounds::new(PAD, y, width - 2.0 * PAD, h);
    let tb = text_box(
        name,
        LEFT + 8.0,
        y + 2.0,
        width - LEFT - PAD - 16.0,
        VISIBILITY,
        cell,
    );
    let b = tb.bounds();
    scene.rect(
        Bounds::new(b.x - 4.0, b.y, b.w + 8.0, b.h),
        3.0,
        Paint::Background,
        Paint::None,
        0.0,
    );
    scene.text(tb);
}
