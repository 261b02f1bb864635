//! The lanes: one row per kind of content the journey has, in a fixed order, each as
//! tall as its fullest cell, with the line of visibility between what customers see and
//! what happens behind the scenes.

use super::cards::cards;
use super::{curve, Grid, CELL_PAD, COL_W, GAP, LABEL_W, LEFT, PAD};
use crate::journey::{Journey, Step};
use crate::render::parts::{self, draw_card, Card, SMALL};
use crate::render::scene::{text_box, Bounds, Paint, Scene, TextStyle};
use crate::render::RenderOptions;

const EMOTION_H: f64 = 168.0;
const VISIBILITY_H: f64 = 30.0;

const LANE_NAME: TextStyle = TextStyle::new(12.0, Paint::Muted).bold();
const VISIBILITY: TextStyle = TextStyle::new(SMALL, Paint::Muted).bold();

/// The kinds of lane, in the order they are drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Lane {
    Actions,
    Touchpoints,
    Thoughts,
    Feelings,
    Emotion,
    Needs,
    Barriers,
    Pains,
    Opportunities,
    Visibility,
    Frontstage,
    Backstage,
    Support,
    Metrics,
    Quotes,
    Notes,
    Links,
}

const LANES: [Lane; 17] = [
    Lane::Actions,
    Lane::Touchpoints,
    Lane::Thoughts,
    Lane::Feelings,
    Lane::Emotion,
    Lane::Needs,
    Lane::Barriers,
    Lane::Pains,
    Lane::Opportunities,
    Lane::Visibility,
    Lane::Frontstage,
    Lane::Backstage,
    Lane::Support,
    Lane::Metrics,
    Lane::Quotes,
    Lane::Notes,
    Lane::Links,
];

impl Lane {
    fn label_key(self) -> &'static str {
        match self {
            Lane::Actions => "actions",
            Lane::Touchpoints => "touchpoints",
            Lane::Thoughts => "thought",
            Lane::Feelings => "feeling",
            Lane::Emotion => "emotion",
            Lane::Needs => "need",
            Lane::Barriers => "barrier",
            Lane::Pains => "pain",
            Lane::Opportunities => "opportunity",
            Lane::Visibility => "line_of_visibility",
            Lane::Frontstage => "frontstage",
            Lane::Backstage => "backstage",
            Lane::Support => "support",
            Lane::Metrics => "metric",
            Lane::Quotes => "quote",
            Lane::Notes => "note",
            Lane::Links => "link",
        }
    }

    /// Whether the journey has anything for this lane (actions always show).
    fn present(self, j: &Journey) -> bool {
        let any = |f: &dyn Fn(&Step) -> bool| j.steps().any(f);
        match self {
            Lane::Actions => true,
            Lane::Touchpoints => any(&|s| !s.channels.is_empty() || !s.touchpoints.is_empty()),
            Lane::Thoughts => any(&|s| !s.thoughts.is_empty()),
            Lane::Feelings => any(&|s| !s.feelings.is_empty()),
            Lane::Emotion => any(&|s| s.score.is_some()),
            Lane::Needs => any(&|s| !s.needs.is_empty()),
            Lane::Barriers => any(&|s| !s.barriers.is_empty()),
            Lane::Pains => any(&|s| !s.pains.is_empty()),
            Lane::Opportunities => any(&|s| !s.opportunities.is_empty()),
            Lane::Visibility => [Lane::Frontstage, Lane::Backstage, Lane::Support]
                .iter()
                .any(|l| l.present(j)),
            Lane::Frontstage => any(&|s| !s.frontstage.is_empty()),
            Lane::Backstage => any(&|s| !s.backstage.is_empty()),
            Lane::Support => any(&|s| !s.support.is_empty()),
            Lane::Metrics => {
                any(&|s| !s.metrics.is_empty()) || j.stages.iter().any(|s| !s.metrics.is_empty())
            }
            Lane::Quotes => any(&|s| !s.quotes.is_empty()),
            Lane::Notes => any(&|s| !s.notes.is_empty()),
            Lane::Links => any(&|s| !s.links.is_empty()),
        }
    }
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
    for lane in LANES.into_iter().filter(|l| l.present(j)) {
        let name = opts.labels.get(lane.label_key());
        if lane == Lane::Visibility {
            visibility(scene, name, width, y);
            y += VISIBILITY_H;
            continue;
        }
        let label_h = LANE_NAME.height(name, LABEL_W - 20.0) + 2.0 * CELL_PAD;
        let lane_cards: Vec<Vec<(Card, parts::Measured)>> = grid
            .columns
            .iter()
            .enumerate()
            .map(|(i, c)| {
                cards(lane, c, &j.stages, opts, grid.first_of_stage[i])
                    .into_iter()
                    .map(|card| {
                        let m = parts::measure(&card, card_w);
                        (card, m)
                    })
                    .collect()
            })
            .collect();
        let content_h = lane_cards
            .iter()
            .map(|cs| {
                cs.iter().map(|(_, m)| m.height).sum::<f64>()
                    + GAP * cs.len().saturating_sub(1) as f64
                    + 2.0 * CELL_PAD
            })
            .fold(0.0, f64::max);
        let h = if lane == Lane::Emotion {
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
        if lane == Lane::Emotion {
            curve::draw(scene, j, grid, y, h, opts);
        } else {
            for (ci, cs) in lane_cards.into_iter().enumerate() {
                let mut cy = y + CELL_PAD;
                for (card, measured) in cs {
                    cy +=
                        draw_card(scene, &card, measured, grid.x(ci) + CELL_PAD, cy, card_w) + GAP;
                }
            }
        }
        y += h;
    }
    y
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
