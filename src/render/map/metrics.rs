//! Metrics computed from data, as cards in the metrics row: the metric's name, its
//! latest value with the change against the previous period, a sparkline of its recent
//! values, whether it meets its target (a symbol and words on a chip), and where the
//! numbers come from.

use super::lanes::Row;
use crate::journey::{MetricEvidence, Stage, Step};
use crate::render::evidence::{self, Judged};
use crate::render::labels::Labels;
use crate::render::parts::{BODY, CARD_PAD, SMALL};
use crate::render::scene::{num, Anchor, Bounds, Item, Paint, Scene, TextBox};
use crate::render::text::Block;

/// The latest value's size.
const VALUE: f64 = 18.0;
const SPARK_H: f64 = 26.0;
/// Space between the parts of a card.
const GAP: f64 = 5.0;
/// Padding inside the target's chip, left and right, and top and bottom.
const CHIP_PAD: (f64, f64) = (5.0, 2.0);
/// Space between the value and the change beside it.
const BESIDE: f64 = 8.0;
/// The sparkline shows at most this many of the newest values.
const MAX_POINTS: usize = 24;

/// Whether `row` is the one metrics are shown in.
fn metrics_row(row: &Row) -> bool {
    matches!(row, Row::Lanes(_, lanes) if lanes.iter().any(|l| l.keyword == "metric"))
}

/// The step's metrics from data, when `row` shows metrics.
pub(super) fn of_step<'a>(row: &Row, step: Option<&'a Step>) -> &'a [MetricEvidence] {
    match step.and_then(|s| s.evidence.as_ref()) {
        Some(e) if metrics_row(row) => &e.metrics,
        _ => &[],
    }
}

/// The stage's metrics from data, when `row` shows metrics.
pub(super) fn of_stage<'a>(row: &Row, stage: &'a Stage) -> &'a [MetricEvidence] {
    if metrics_row(row) {
        &stage.metric_evidence
    } else {
        &[]
    }
}

/// A metric card measured for one width.
pub(super) struct MetricCard<'a> {
    metric: &'a MetricEvidence,
    label: Block,
    /// The latest value, or words saying there is none.
    value: Block,
    change: Option<(Block, Judged)>,
    /// Whether the change fits beside the value rather than under it.
    beside: bool,
    target: Option<(Block, bool)>,
    source: Block,
    title: String,
    /// The card's height.
    pub height: f64,
}

impl<'a> MetricCard<'a> {
    /// The card of `m`, `width` wide, in the words of `l`.
    pub(super) fn new(m: &'a MetricEvidence, l: &Labels, width: f64) -> MetricCard<'a> {
        let inner = width - 2.0 * CARD_PAD;
        let label = Block::new(&m.label, inner, BODY, true);
        let value = match m.latest() {
            Some(p) => Block::new(
                &evidence::value_text(p.value, m.percent),
                inner,
                VALUE,
                true,
            ),
            None => Block::new(l.get("no_data"), inner, SMALL, false),
        };
        let change =
            evidence::change_text(m, l).map(|(t, j)| (Block::new(&t, inner, SMALL, true), j));
        let beside = change.as_ref().is_some_and(|(c, _)| {
            value.width + BESIDE + c.width <= inner && c.height <= value.height
        });
        let target = evidence::target_text(m, l)
            .map(|(t, met)| (Block::new(&t, inner - 2.0 * CHIP_PAD.0, SMALL, false), met));
        let source = Block::new(&evidence::metric_source(m), inner, SMALL, false);
        let mut height = CARD_PAD + label.height + GAP + value.height;
        if let (Some((c, _)), false) = (&change, beside) {
            height += 2.0 + c.height;
        }
        if m.series.len() > 1 {
            height += GAP + SPARK_H;
        }
        if let Some((t, _)) = &target {
            height += GAP + t.height + 2.0 * CHIP_PAD.1;
        }
        height += GAP + source.height + CARD_PAD;
        MetricCard {
            metric: m,
            label,
            value,
            change,
            beside,
            target,
            source,
            title: evidence::metric_line(m, l),
            height,
        }
    }

    /// Draws the card at (x, y), `width` wide (the width it was measured for); returns its
    /// height.
    pub(super) fn draw(self, scene: &mut Scene, x: f64, y: f64, width: f64) -> f64 {
        let b = Bounds::new(x, y, width, self.height);
        let mut items = vec![Item::Rect {
            b,
            rx: 6.0,
            fill: Paint::Card,
            stroke: Paint::CardBorder,
            width: 1.0,
            dashed: false,
        }];
        let (left, inner) = (x + CARD_PAD, width - 2.0 * CARD_PAD);
        let text = |block: Block, x: f64, y: f64, paint: Paint, cell: Bounds| {
            Item::Text(TextBox {
                x,
                y,
                block,
                paint,
                anchor: Anchor::Start,
                italic: false,
                cell,
            })
        };
        let mut ty = y + CARD_PAD;
        let label_h = self.label.height;
        items.push(text(self.label, left, ty, Paint::Text, b));
        ty += label_h + GAP;
        let (value_w, value_h) = (self.value.width, self.value.height);
        let value_paint = if self.metric.latest().is_some() {
            Paint::Text
        } else {
            Paint::Muted
        };
        items.push(text(self.value, left, ty, value_paint, b));
        if let Some((change, judged)) = self.change {
            let paint = match judged {
                Judged::Better => Paint::OpportunityText,
                Judged::Worse => Paint::PainText,
                Judged::Neither => Paint::Muted,
            };
            let h = change.height;
            if self.beside {
                // On the value's baseline, roughly: bottoms aligned, a little up.
                let cy = ty + value_h - h - 2.0;
                items.push(text(change, left + value_w + BESIDE, cy, paint, b));
                ty += value_h;
            } else {
                items.push(text(change, left, ty + value_h + 2.0, paint, b));
                ty += value_h + 2.0 + h;
            }
        } else {
            ty += value_h;
        }
        if self.metric.series.len() > 1 {
            ty += GAP;
            sparkline(
                &mut items,
                self.metric,
                Bounds::new(left, ty, inner, SPARK_H),
            );
            ty += SPARK_H;
        }
        if let Some((t, met)) = self.target {
            ty += GAP;
            let chip = Bounds::new(
                left,
                ty,
                t.width + 2.0 * CHIP_PAD.0,
                t.height + 2.0 * CHIP_PAD.1,
            );
            let (fill, paint) = if met {
                (Paint::Opportunity, Paint::OpportunityText)
            } else {
                (Paint::Pain, Paint::PainText)
            };
            items.push(Item::Rect {
                b: chip,
                rx: 4.0,
                fill,
                stroke: Paint::None,
                width: 0.0,
                dashed: false,
            });
            ty += chip.h;
            items.push(text(t, left + CHIP_PAD.0, chip.y + CHIP_PAD.1, paint, chip));
        }
        ty += GAP;
        items.push(text(self.source, left, ty, Paint::Muted, b));
        scene.items.push(Item::Titled {
            title: self.title,
            items,
        });
        self.height
    }
}

/// The newest values as a line in `b`, the newest marked with a dot; the target as a
/// dashed line where it lies near the values.
fn sparkline(items: &mut Vec<Item>, m: &MetricEvidence, b: Bounds) {
    let points = &m.series[m.series.len().saturating_sub(MAX_POINTS)..];
    let (mut lo, mut hi) = points
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), p| {
            (lo.min(p.value), hi.max(p.value))
        });
    // A target far off the values would flatten them; it is drawn only when near.
    let target = m.target.map(|t| t.value).filter(|t| {
        let reach = (hi - lo).max(hi.abs().max(1.0) * 0.05);
        *t >= lo - reach && *t <= hi + reach
    });
    if let Some(t) = target {
        (lo, hi) = (lo.min(t), hi.max(t));
    }
    // Room for the dot's radius at the top and bottom.
    let (top, h) = (b.y + 3.0, b.h - 6.0);
    let yof = |v: f64| {
        if hi > lo {
            top + (hi - v) / (hi - lo) * h
        } else {
            top + h / 2.0
        }
    };
    let step = (b.w - 6.0) / (points.len().max(2) - 1) as f64;
    let xof = |i: usize| b.x + 3.0 + i as f64 * step;
    if let Some(t) = target {
        let ty = yof(t);
        items.push(Item::Path {
            d: format!("M{} {}L{} {}", num(b.x), num(ty), num(b.x + b.w), num(ty)),
            fill: Paint::None,
            stroke: Paint::Neutral,
            width: 1.0,
            dashed: true,
        });
    }
    let mut d = String::new();
    for (i, p) in points.iter().enumerate() {
        d.push_str(if i == 0 { "M" } else { "L" });
        d.push_str(&format!("{} {}", num(xof(i)), num(yof(p.value))));
    }
    items.push(Item::Path {
        d,
        fill: Paint::None,
        stroke: Paint::Curve,
        width: 1.5,
        dashed: false,
    });
    if let Some(last) = points.last() {
        items.push(Item::Circle {
            cx: xof(points.len() - 1),
            cy: yof(last.value),
            r: 2.5,
            fill: Paint::Curve,
            stroke: Paint::None,
            width: 0.0,
        });
    }
}
