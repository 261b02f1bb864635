//! What each row shows in a column: the journey's text for that step as cards, styled
//! by the lane's content and look (`journey::lanes`): pain points red with severity dots,
//! opportunities green and dashed, thoughts in quotation marks, …

use super::lanes::Row;
use super::Column;
use crate::journey::lanes::{Content, Lane, Look};
use crate::journey::{Stage, Step};
use crate::render::evidence;
use crate::render::parts::{channel_kind, opportunity_card, pain_card, Card, CardStyle};
use crate::render::scene::Paint;
use crate::render::RenderOptions;

/// Hands `draw` the cards of one row for one column, in order: the step's values in each
/// of the row's lanes. Each card is drawn as it is made, so none is collected or moved.
pub(super) fn each_card<'a>(
    row: &Row,
    col: &Column<'a>,
    opts: &RenderOptions<'a>,
    mut draw: impl FnMut(&Card<'a>),
) {
    let Some(step) = col.step else { return };
    match row {
        Row::Actions => draw(&action(step, col.assumption, opts)),
        Row::Emotion | Row::Visibility => {}
        Row::Lanes(_, lanes) => {
            for lane in lanes {
                lane_cards(lane, step, opts, &mut draw);
            }
        }
    }
}

/// Hands `draw` the stage's own values in one row (its metrics), drawn across all of its
/// columns.
pub(super) fn each_stage_card<'a>(row: &Row, stage: &'a Stage, mut draw: impl FnMut(&Card<'a>)) {
    let Row::Lanes(_, lanes) = row else { return };
    for of in lanes
        .iter()
        .filter_map(|lane| lane.map.and_then(|m| m.stage))
    {
        for m in of(stage) {
            draw(&stage_card(m));
        }
    }
}

/// The step's name in bold, its actors in the footer; an assumption's card is dashed and
/// tagged as one, so it is told apart by shape and words, not colour.
fn action<'a>(step: &'a Step, assumption: bool, opts: &RenderOptions) -> Card<'a> {
    let footer = (!step.actors.is_empty()).then(|| step.actors.join(" · "));
    Card {
        style: CardStyle {
            bold: true,
            dashed: assumption,
            ..CardStyle::PLAIN
        },
        footer,
        tag: assumption.then(|| opts.labels.get("assumption").to_string()),
        ..Card::plain(step.name.as_str())
    }
}

/// Hands `draw` a card per value `step` has in `lane`, looking as the lane's content asks.
fn lane_cards<'a>(
    lane: &Lane,
    step: &'a Step,
    opts: &RenderOptions,
    draw: &mut impl FnMut(&Card<'a>),
) {
    match lane.content {
        Content::Text(field, look) => {
            for t in (field.get)(step) {
                // A quote pulled from a research file names its source and date.
                let footer = (lane.keyword == "quote")
                    .then(|| evidence::quote_source(step, t))
                    .flatten();
                draw(&Card {
                    footer,
                    ..text_card(t, look)
                });
            }
        }
        Content::Pains(field) => {
            for p in (field.get)(step) {
                draw(&pain_card(p, opts.labels));
            }
        }
        Content::Opportunities(field) => {
            for o in (field.get)(step) {
                draw(&opportunity_card(o, opts.labels));
            }
        }
        Content::Links(field) => {
            for k in (field.get)(step) {
                draw(&Card {
                    style: CardStyle {
                        text: Paint::Curve,
                        ..CardStyle::PLAIN
                    },
                    href: Some(k.url.clone()),
                    ..Card::plain(k.label.as_str())
                });
            }
        }
        // Pictures are too big for a card; storyboards and the table show them.
        Content::Images(_) => {}
    }
}

/// A card of text in the look of its lane.
fn text_card(t: &str, look: Look) -> Card<'_> {
    let plain = CardStyle::PLAIN;
    match look {
        Look::Plain => Card::plain(t),
        Look::Icon => Card {
            icon: Some(channel_kind(t)),
            ..Card::plain(t)
        },
        Look::Tinted => Card {
            style: CardStyle {
                fill: Paint::LaneAlt,
                ..plain
            },
            ..Card::plain(t)
        },
        Look::Quoted => Card {
            style: CardStyle {
                italic: true,
                ..plain
            },
            ..Card::plain(["“", t, "”"].concat())
        },
        Look::Dashed => Card {
            style: CardStyle {
                dashed: true,
                ..plain
            },
            ..Card::plain(t)
        },
        Look::Italic => Card {
            style: CardStyle {
                italic: true,
                ..plain
            },
            ..Card::plain(t)
        },
    }
}

/// A stage's own value, bold on the header colour so it reads as the stage's, not a step's.
fn stage_card(m: &str) -> Card<'_> {
    Card {
        style: CardStyle {
            bold: true,
            fill: Paint::Header,
            ..CardStyle::PLAIN
        },
        ..Card::plain(m)
    }
}
