//! The lanes: one row per kind of content the journey has, each as tall as its fullest
//! cell, with the line of visibility between what customers see and what happens behind
//! the scenes. Which lanes there are, their order and labels come from
//! `journey::lanes::LANES`; this file adds the fixed rows (actions, emotion, visibility).

use super::cards::{cards, stage_cards};
use super::metrics::{self, MetricCard};
use super::{curve, Grid, CELL_PAD, COL_W, GAP, LABEL_W, LEFT, PAD};
use crate::journey::lanes::{Band, Lane, MapRow, LANES};
use crate::journey::Journey;
use crate::render::parts::{self, draw_card, Card, SMALL};
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

/// One thing stacked in a cell: a card of text, or a metric computed from data.
enum Piece<'a> {
    Card(Card<'a>, parts::Measured),
    Metric(MetricCard<'a>),
}

impl Piece<'_> {
    fn height(&self) -> f64 {
        match self {
            Piece::Card(_, m) => m.height,
            Piece::Metric(m) => m.height,
        }
    }

    /// Draws the piece at (x, y), `w` wide; returns its height.
    fn draw(self, scene: &mut Scene, x: f64, y: f64, w: f64) -> f64 {
        match self {
            Piece::Card(card, m) => draw_card(scene, &card, m, x, y, w),
            Piece::Metric(m) => m.draw(scene, x, y, w),
        }
    }
}

/// Cards measured for `w`, then the metrics from data.
fn pieces<'a>(
    cards: Vec<Card<'a>>,
    data: &'a [crate::journey::MetricEvidence],
    opts: &RenderOptions,
    w: f64,
) -> Vec<Piece<'a>> {
    let mut v: Vec<Piece> = cards
        .into_iter()
        .map(|card| {
            let m = parts::measure(&card, w);
            Piece::Card(card, m)
        })
        .collect();
    v.extend(
        data.iter()
            .map(|m| Piece::Metric(MetricCard::new(m, opts.labels, w))),
    );
    v
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
    let card_w = COL_W - 2.0 * CELL_PAD;
    let mut alt = false;
    for row in rows(j) {
        let name = opts.labels.get(row.label_key());
        if matches!(row, Row::Visibility) {
            visibility(scene, name, width, y);
            y += VISIBILITY_H;
            continue;
        }
        let label_h = LANE_NAME.height(name, LABEL_W - 20.0) + 2.0 * CELL_PAD;
        // A stage's own values span its columns, above its steps' cards.
        let stage_bands: Vec<Vec<Piece>> = j
            .stages
            .iter()
            .zip(&grid.spans)
            .map(|(stage, (a, b))| {
                let w = (b - a) as f64 * COL_W - 2.0 * CELL_PAD;
                let data = metrics::of_stage(&row, stage);
                pieces(stage_cards(&row, stage), data, opts, w)
            })
            .collect();
        let band_h: Vec<f64> = stage_bands.iter().map(|cs| stack_height(cs)).collect();
        let lane_cards: Vec<Vec<Piece>> = grid
            .columns
            .iter()
            .map(|c| {
                let data = metrics::of_step(&row, c.step);
                pieces(cards(&row, c, opts), data, opts, card_w)
            })
            .collect();
        let content_h = lane_cards
            .iter()
            .zip(&grid.columns)
            .map(|(cs, c)| {
                let stacked = band_h[c.stage] + stack_height(cs);
                // The last card needs no gap after it.
                (stacked - GAP).max(0.0) + 2.0 * CELL_PAD
            })
            .fold(0.0, f64::max);
        let h = if matches!(row, Row::Emotion) {
            EMOTION_H
        } else {
            content_h.max(label_h).max(44.0)
        };
        let bg = if alt { Paint::Lane } else { Paint::LaneAlt };
        alt = !alt;
        scene.rect(
            Bounds::new(PAD, y, width - 2.0 * PAD, h),
            0.0,
            bg,
            Paint::None,
            0.0,
        );
        let label_cell = Bounds::new(PAD, y, LABEL_W, h);
        scene.text(text_box(
            name,
            PAD + 10.0,
            y + CELL_PAD + 2.0,
            LABEL_W - 20.0,
            LANE_NAME,
            label_cell,
        ));
        scene.line(PAD, y + h, width - PAD, y + h, Paint::Grid, 1.0, false);
        if matches!(row, Row::Emotion) {
            curve::draw(scene, j, grid, y, h, opts);
        } else {
            for (cs, (a, b)) in stage_bands.into_iter().zip(&grid.spans) {
                let w = (b - a) as f64 * COL_W - 2.0 * CELL_PAD;
                let mut cy = y + CELL_PAD;
                for piece in cs {
                    cy += piece.draw(scene, grid.x(*a) + CELL_PAD, cy, w) + GAP;
                }
            }
            for (ci, cs) in lane_cards.into_iter().enumerate() {
                let mut cy = y + CELL_PAD + band_h[grid.columns[ci].stage];
                for piece in cs {
                    cy += piece.draw(scene, grid.x(ci) + CELL_PAD, cy, card_w) + GAP;
                }
            }
        }
        y += h;
    }
    y
}

/// The height of cards stacked with a gap after each (so a stack that follows it keeps
/// the gap); nothing for no cards.
fn stack_height(pieces: &[Piece]) -> f64 {
    pieces.iter().map(|p| p.height() + GAP).sum()
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
