//! What each lane shows in a column: the journey's text for that step as cards, styled
//! by kind (pain points red with severity dots, opportunities green and dashed, …).

use super::lanes::Lane;
use super::Column;
use crate::journey::{Stage, Step};
use crate::render::parts::{channel_kind, Card, CardStyle};
use crate::render::scene::Paint;
use crate::render::RenderOptions;

/// The cards of one lane for one column.
pub(super) fn cards<'a>(
    lane: Lane,
    col: &Column<'a>,
    stages: &'a [Stage],
    opts: &RenderOptions<'a>,
    first_of_stage: bool,
) -> Vec<Card<'a>> {
    let Some(step) = col.step else {
        if lane == Lane::Metrics && first_of_stage {
            return stage_metric_cards(&stages[col.stage]);
        }
        return Vec::new();
    };
    match lane {
        Lane::Actions => {
            let footer = (!step.actors.is_empty()).then(|| step.actors.join(" · "));
            vec![Card {
                style: CardStyle {
                    bold: true,
                    ..CardStyle::PLAIN
                },
                footer,
                ..Card::plain(step.name.as_str())
            }]
        }
        Lane::Touchpoints => touchpoints(step),
        Lane::Thoughts => step
            .thoughts
            .iter()
            .map(|t| Card {
                style: CardStyle {
                    italic: true,
                    ..CardStyle::PLAIN
                },
                ..Card::plain(format!("“{t}”"))
            })
            .collect(),
        Lane::Feelings => texts(&step.feelings, CardStyle::PLAIN),
        Lane::Needs => texts(&step.needs, CardStyle::PLAIN),
        Lane::Barriers => texts(
            &step.barriers,
            CardStyle {
                dashed: true,
                ..CardStyle::PLAIN
            },
        ),
        Lane::Pains => pains(step, opts),
        Lane::Opportunities => opportunities(step, opts),
        Lane::Frontstage => texts(&step.frontstage, CardStyle::PLAIN),
        Lane::Backstage => texts(&step.backstage, CardStyle::PLAIN),
        Lane::Support => texts(&step.support, CardStyle::PLAIN),
        Lane::Metrics => {
            let mut v = if first_of_stage {
                stage_metric_cards(&stages[col.stage])
            } else {
                Vec::new()
            };
            v.extend(texts(&step.metrics, CardStyle::PLAIN));
            v
        }
        Lane::Quotes => texts(
            &step.quotes,
            CardStyle {
                italic: true,
                ..CardStyle::PLAIN
            },
        ),
        Lane::Notes => texts(&step.notes, CardStyle::PLAIN),
        Lane::Links => step
            .links
            .iter()
            .map(|k| Card {
                style: CardStyle {
                    text: Paint::Curve,
                    ..CardStyle::PLAIN
                },
                href: Some(k.url.clone()),
                ..Card::plain(k.label.as_str())
            })
            .collect(),
        Lane::Emotion | Lane::Visibility => Vec::new(),
    }
}

/// A card per text, all in one style.
fn texts(v: &[String], style: CardStyle) -> Vec<Card<'_>> {
    v.iter()
        .map(|t| Card {
            style,
            ..Card::plain(t.as_str())
        })
        .collect()
}

/// Channels with their icon, then touchpoints on the alternate background.
fn touchpoints(step: &Step) -> Vec<Card<'_>> {
    let mut v: Vec<Card> = step
        .channels
        .iter()
        .map(|c| Card {
            icon: Some(channel_kind(c)),
            ..Card::plain(c.as_str())
        })
        .collect();
    v.extend(step.touchpoints.iter().map(|t| Card {
        style: CardStyle {
            fill: Paint::LaneAlt,
            ..CardStyle::PLAIN
        },
        ..Card::plain(t.as_str())
    }));
    v
}

/// Pain points, their severity as filled dots out of four.
fn pains<'a>(step: &'a Step, opts: &RenderOptions) -> Vec<Card<'a>> {
    let l = opts.labels;
    step.pains
        .iter()
        .map(|p| Card {
            style: CardStyle {
                fill: Paint::Pain,
                border: Paint::PainText,
                text: Paint::PainText,
                dashed: false,
                italic: false,
                bold: false,
            },
            dots: Some((
                p.severity.rank(),
                4,
                format!("{}: {}", l.get("severity"), l.get(p.severity.name())),
            )),
            ..Card::plain(p.text.as_str())
        })
        .collect()
}

/// Opportunities, with impact and effort in the footer.
fn opportunities<'a>(step: &'a Step, opts: &RenderOptions) -> Vec<Card<'a>> {
    let l = opts.labels;
    step.opportunities
        .iter()
        .map(|o| {
            let mut parts = Vec::new();
            if let Some(i) = o.impact {
                parts.push(format!("{}: {}", l.get("impact"), l.get(i.name())));
            }
            if let Some(e) = o.effort {
                parts.push(format!("{}: {}", l.get("effort"), l.get(e.name())));
            }
            Card {
                style: CardStyle {
                    fill: Paint::Opportunity,
                    border: Paint::OpportunityText,
                    text: Paint::OpportunityText,
                    dashed: true,
                    italic: false,
                    bold: false,
                },
                footer: (!parts.is_empty()).then(|| parts.join(" · ")),
                ..Card::plain(o.text.as_str())
            }
        })
        .collect()
}

/// A stage's own metrics, shown in its first column.
fn stage_metric_cards(stage: &Stage) -> Vec<Card<'_>> {
    stage
        .metrics
        .iter()
        .map(|m| Card {
            style: CardStyle {
                bold: true,
                fill: Paint::Header,
                ..CardStyle::PLAIN
            },
            ..Card::plain(m.as_str())
        })
        .collect()
}
