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

/// The cards of one row for one column: the step's values in each of the row's lanes.
pub(super) fn cards<'a>(row: &Row, col: &Column<'a>, opts: &RenderOptions<'a>) -> Vec<Card<'a>> {
    let lanes = match row {
        Row::Actions => {
            return col
                .step
                .map(|s| action(s, col.assumption, opts))
                .into_iter()
                .collect()
        }
        Row::Emotion | Row::Visibility => return Vec::new(),
        Row::Lanes(_, lanes) => lanes,
    };
    let Some(step) = col.step else {
        return Vec::new();
    };
    // Mostly a value a lane.
    let mut v = Vec::with_capacity(lanes.len());
    for lane in lanes {
        lane_cards(&mut v, lane, step, opts);
    }
    v
}

/// The stage's own values in one row (its metrics), drawn across all of its columns.
pub(super) fn stage_cards<'a>(row: &Row, stage: &'a Stage) -> Vec<Card<'a>> {
    let Row::Lanes(_, lanes) = row else {
        return Vec::new();
    };
    lanes
        .iter()
        .filter_map(|lane| lane.map.and_then(|m| m.stage))
        .flat_map(|of| of(stage).iter().map(|m| stage_card(m)))
        .collect()
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

/// Adds a card per value `step` has in `lane` to `out`, looking as the lane's content asks.
fn lane_cards<'a>(out: &mut Vec<Card<'a>>, lane: &Lane, step: &'a Step, opts: &RenderOptions) {
    match lane.content {
        // A quote pulled from a research file names its source and date.
        Content::Text(field, look) => out.extend((field.get)(step).iter().map(|t| {
            Card {
                footer: (lane.keyword == "quote")
                    .then(|| evidence::quote_source(step, t))
                    .flatten(),
                ..text_card(t, look)
            }
        })),
        Content::Pains(field) => {
            out.extend((field.get)(step).iter().map(|p| pain_card(p, opts.labels)))
        }
        Content::Opportunities(field) => out.extend(
            (field.get)(step)
                .iter()
                .map(|o| opportunity_card(o, opts.labels)),
        ),
        Content::Links(field) => out.extend((field.get)(step).iter().map(|k| Card {
            style: CardStyle {
                text: Paint::Curve,
                ..CardStyle::PLAIN
            },
            href: Some(k.url.clone()),
            ..Card::plain(k.label.as_str())
        })),
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
