//! Pieces several layouts draw: faces for scores, channel icons, cards of wrapped text,
//! and the description of a journey for people who cannot see the picture.

use super::labels::Labels;
use super::scene::{num, push_num, Anchor, Bounds, Item, Paint, Scene, TextBox};
use super::text::{self};
use crate::journey::lanes::LANES;
use crate::journey::{Journey, Opportunity, Pain};
use std::borrow::Cow;

/// A face for a score: its colour and mouth follow where the score lies on the scale.
pub(crate) fn face(scene: &mut Scene, cx: f64, cy: f64, r: f64, fraction: f64) {
    face_drawn(scene, (cx, cy, r), fraction, false);
}

/// A face drawn as an outline on the background: a score from too few answers (weak
/// evidence), told apart by its shape as well as its colour.
pub(crate) fn hollow_face(scene: &mut Scene, cx: f64, cy: f64, r: f64, fraction: f64) {
    face_drawn(scene, (cx, cy, r), fraction, true);
}

fn face_drawn(scene: &mut Scene, (cx, cy, r): (f64, f64, f64), fraction: f64, hollow: bool) {
    let colour = if fraction >= 0.6 {
        Paint::Positive
    } else if fraction <= 0.4 {
        Paint::Negative
    } else {
        Paint::Neutral
    };
    // A hollow face keeps the colour for its outline and features.
    let (fill, stroke, features) = if hollow {
        (Paint::Background, colour, colour)
    } else {
        (colour, Paint::Background, Paint::Background)
    };
    // Drawn around (0, 0) and placed as a group: a map's faces differ only in their
    // scores, so the SVG writes each kind of face once.
    let mut items = Vec::with_capacity(4);
    items.push(Item::Circle {
        cx: 0.0,
        cy: 0.0,
        r: if hollow { r - 1.0 } else { r },
        fill,
        stroke,
        width: 2.0,
    });
    let eye = r * 0.33;
    for dx in [-eye, eye] {
        items.push(Item::Circle {
            cx: dx,
            cy: -r * 0.22,
            r: r * 0.11,
            fill: features,
            stroke: Paint::None,
            width: 0.0,
        });
    }
    // The mouth bends from a frown (-1) to a smile (+1).
    let bend = (fraction - 0.5) * 2.0;
    let (x1, x2, my) = (-r * 0.45, r * 0.45, r * 0.3 - bend * r * 0.08);
    let ctrl = my + bend * r * 0.45;
    let mut d = String::with_capacity(32);
    for (part, v) in [("M", x1), (" ", my), ("Q0 ", ctrl), (" ", x2), (" ", my)] {
        d.push_str(part);
        push_num(&mut d, v);
    }
    items.push(Item::Path {
        d,
        fill: Paint::None,
        stroke: features,
        width: (r * 0.14).max(1.2),
        dashed: false,
    });
    scene.items.push(Item::Group {
        x: cx,
        y: cy,
        items,
    });
}

/// Score as written, without needless decimals.
pub(crate) fn score_text(score: f64) -> String {
    num(score)
}

/// The kinds of channel that get their own icon.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Channel {
    /// Web site.
    Web,
    /// Mobile app.
    App,
    /// E-mail.
    Email,
    /// Telephone.
    Phone,
    /// Shop, branch, showroom.
    Store,
    /// Chat and messengers.
    Chat,
    /// Social networks.
    Social,
    /// Advertising.
    Ad,
    /// Letters and parcels.
    Post,
    /// Friends, colleagues, referrals.
    WordOfMouth,
    /// Anything else.
    Other,
}

/// The icon kind for a channel name as people write it.
pub(crate) fn channel_kind(name: &str) -> Channel {
    let n = name.to_lowercase();
    let has = |words: &[&str]| words.iter().any(|w| n.contains(w));
    if has(&["word of mouth", "referral", "friend", "colleague", "mouth"]) {
        Channel::WordOfMouth
    } else if has(&["e-mail", "email", "newsletter"]) {
        Channel::Email
    } else if has(&["chat", "messenger", "whatsapp", "telegram", "sms"]) {
        Channel::Chat
    } else if has(&[
        "social",
        "instagram",
        "facebook",
        "tiktok",
        "linkedin",
        "twitter",
        "youtube",
    ]) {
        Channel::Social
    } else if has(&["phone", "call", "hotline", "telephone", "telefon"]) {
        Channel::Phone
    } else if has(&["app", "mobile"]) {
        Channel::App
    } else if has(&["web", "site", "online", "portal", "shop online"]) {
        Channel::Web
    } else if has(&[
        "store", "shop", "branch", "showroom", "workshop", "office", "counter",
    ]) {
        Channel::Store
    } else if has(&["advert", "billboard", "banner", " tv", "radio", "poster"])
        || n == "ad"
        || n == "ads"
        || n.starts_with("ad ")
    {
        Channel::Ad
    } else if has(&["post", "mail", "letter", "parcel", "brochure", "catalog"]) {
        Channel::Post
    } else {
        Channel::Other
    }
}

/// Draws a 16 × 16 icon for `kind` with its top left at (x, y).
pub(crate) fn icon(items: &mut Vec<Item>, kind: Channel, x: f64, y: f64, paint: Paint) {
    let paths: &[&str] = match kind {
       Channel::Web => &["M2 8L14 8", "M8 2C4 5 4 11 8 14C12 11 12 5 8 2"],
       Channel::App => &["M5 1.5L11 1.5Q12.5 1.5 12.5 3L12.5 13Q12.5 14.5 11 14.5L5 14.5Q3.5 14.5 3.5 13L3.5 3Q3.5 1.5 5 1.5Z", "M7 12L9 12"],
       Channel::Email => &["M1.5 3.5L14.5 3.5L14.5 12.5L1.5 12.5Z", "M1.5 3.5L8 9L14.5 3.5"],
       Channel::Phone => &["M4 2L6.5 2L7.5 5.5L5.8 6.8Q7 9.5 9.2 10.2L10.5 8.5L14 9.5L14 12Q14 14 12 14Q3 13 2 4Q2 2 4 2Z"],
       Channel::Store => &["M1.5 6L3 2L13 2L14.5 6Z", "M2.5 6L2.5 14L13.5 14L13.5 6", "M6.5 14L6.5 9.5L9.5 9.5L9.5 14"],
       Channel::Chat => &["M2 3L14 3L14 11L7 11L4 14L4 11L2 11Z", "M5 7L11 7"],
       Channel::Social => &["M4.5 8L11.5 4", "M4.5 8L11.5 12"],
       Channel::Ad => &["M2 6L5 6L12 2.5L12 13.5L5 10L2 10Z", "M5 10L6.5 14", "M14 6.5L14 9.5"],
       Channel::Post => &["M1.5 4L14.5 4L14.5 13L1.5 13Z", "M10.5 6L13 6L13 8.5L10.5 8.5Z", "M3.5 8L8.5 8", "M3.5 10.5L8.5 10.5"],
       Channel::WordOfMouth => &["M1.5 2.5L9.5 2.5L9.5 8L5 8L3 10L3 8L1.5 8Z", "M11 6L14.5 6L14.5 11.5L13 11.5L13 13.5L11 11.5L7 11.5L7 10"],
       Channel::Other => &["M8 3L13 8L8 13L3 8Z"],
    };
    // Drawn at (0, 0) and placed as a group: the SVG writes each icon once a map.
    let mut own: Vec<Item> = paths
        .iter()
        .map(|d| Item::Path {
            d: (*d).to_string(),
            fill: Paint::None,
            stroke: paint,
            width: 1.4,
            dashed: false,
        })
        .collect();
    match kind {
        Channel::Web => own.push(Item::Circle {
            cx: 8.0,
            cy: 8.0,
            r: 6.0,
            fill: Paint::None,
            stroke: paint,
            width: 1.4,
        }),
        Channel::Social => {
            for (cx, cy) in [(4.0, 8.0), (12.0, 3.8), (12.0, 12.2)] {
                own.push(Item::Circle {
                    cx,
                    cy,
                    r: 2.2,
                    fill: paint,
                    stroke: Paint::None,
                    width: 0.0,
                });
            }
        }
        _ => {}
    }
    items.push(Item::Group { x, y, items: own });
}

/// How a card looks.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct CardStyle {
    /// Card background.
    pub fill: Paint,
    /// Border.
    pub border: Paint,
    /// Text colour.
    pub text: Paint,
    /// Dashed border.
    pub dashed: bool,
    /// Italic text.
    pub italic: bool,
    /// Bold text.
    pub bold: bool,
}

impl CardStyle {
    /// A plain white card.
    pub(crate) const PLAIN: CardStyle = CardStyle {
        fill: Paint::Card,
        border: Paint::CardBorder,
        text: Paint::Text,
        dashed: false,
        italic: false,
        bold: false,
    };
}

/// A card of wrapped text, with optional marks above and a footer below.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Card<'a> {
    /// The main text, borrowed from the journey where it can be.
    pub text: Cow<'a, str>,
    /// How it looks.
    pub style: CardStyle,
    /// A channel icon before the text.
    pub icon: Option<Channel>,
    /// Filled dots out of a total above the text (severity), with a tooltip word.
    pub dots: Option<(u8, u8, String)>,
    /// A small line under the text (impact and effort, actors, a quote's source).
    pub footer: Option<String>,
    /// A word on a dashed tag above the text (`Assumption`).
    pub tag: Option<String>,
    /// Where the card links to.
    pub href: Option<String>,
}

impl<'a> Card<'a> {
    /// A plain card.
    pub(crate) fn plain(text: impl Into<Cow<'a, str>>) -> Card<'a> {
        Card {
            text: text.into(),
            style: CardStyle::PLAIN,
            icon: None,
            dots: None,
            footer: None,
            tag: None,
            href: None,
        }
    }
}

/// Padding inside a card.
pub(crate) const CARD_PAD: f64 = 7.0;
/// Body text size.
pub(crate) const BODY: f64 = 12.5;
/// Small text size.
pub(crate) const SMALL: f64 = 11.0;
const ICON: f64 = 16.0;
const DOT_ROW: f64 = 14.0;
/// Padding inside a card's tag, left and right, and top and bottom.
const TAG_PAD: (f64, f64) = (5.0, 2.0);
/// Space between a card's tag and its text.
const TAG_GAP: f64 = 5.0;

/// A card's text, wrapped for one width, and the height it needs.
#[derive(Debug, Clone, PartialEq)]
struct Measured {
    text: text::Block,
    footer: Option<text::Block>,
    tag: Option<text::Block>,
    /// The card's height.
    pub height: f64,
}

/// Wraps a card's text for `width`.
fn measure(card: &Card, width: f64) -> Measured {
    let text = text::Block::new(
        &card.text,
        card_text_width(card, width),
        BODY,
        card.style.bold,
    );
    let footer = card
        .footer
        .as_ref()
        .map(|f| text::Block::new(f, width - 2.0 * CARD_PAD, SMALL, false));
    let tag = card
        .tag
        .as_ref()
        .map(|t| text::Block::new(t, width - 2.0 * CARD_PAD - 2.0 * TAG_PAD.0, SMALL, true));
    let mut height = CARD_PAD * 2.0 + text.height;
    if card.dots.is_some() {
        height += DOT_ROW;
    }
    if let Some(t) = &tag {
        height += t.height + 2.0 * TAG_PAD.1 + TAG_GAP;
    }
    if let Some(f) = &footer {
        height += f.height + 2.0;
    }
    Measured {
        text,
        footer,
        tag,
        height,
    }
}

fn card_text_width(card: &Card, width: f64) -> f64 {
    width - 2.0 * CARD_PAD - if card.icon.is_some() { ICON + 6.0 } else { 0.0 }
}

/// Draws `card` at (x, y), its text wrapped for `width`; returns its height.
pub(crate) fn draw_card(scene: &mut Scene, card: &Card, x: f64, y: f64, width: f64) -> f64 {
    let m = measure(card, width);
    let h = m.height;
    let b = Bounds::new(x, y, width, h);
    // Cards with a tooltip or a link are drawn into a group of their own.
    let grouped = card.dots.is_some() || card.href.is_some();
    let mut own = Vec::with_capacity(if grouped { 8 } else { 0 });
    let items = if grouped { &mut own } else { &mut scene.items };
    items.push(Item::Rect {
        b,
        rx: 6.0,
        fill: card.style.fill,
        stroke: card.style.border,
        width: 1.0,
        dashed: card.style.dashed,
    });
    let mut ty = y + CARD_PAD;
    if let Some((filled, total, _)) = &card.dots {
        for i in 0..*total {
            let on = i < *filled;
            items.push(Item::Circle {
                cx: x + CARD_PAD + 4.0 + f64::from(i) * 11.0,
                cy: ty + 4.5,
                r: 4.0,
                fill: if on { card.style.text } else { Paint::None },
                stroke: card.style.text,
                width: 1.2,
            });
        }
        ty += DOT_ROW;
    }
    if let Some(tag) = m.tag {
        let pill = Bounds::new(
            x + CARD_PAD,
            ty,
            tag.width + 2.0 * TAG_PAD.0,
            tag.height + 2.0 * TAG_PAD.1,
        );
        items.push(Item::Rect {
            b: pill,
            rx: pill.h / 2.0,
            fill: Paint::Header,
            stroke: Paint::Muted,
            width: 1.0,
            dashed: true,
        });
        items.push(Item::Text(TextBox {
            x: pill.x + TAG_PAD.0,
            y: ty + TAG_PAD.1,
            block: tag,
            paint: Paint::Muted,
            anchor: Anchor::Start,
            italic: false,
            cell: pill,
        }));
        ty += pill.h + TAG_GAP;
    }
    let mut tx = x + CARD_PAD;
    if let Some(kind) = card.icon {
        icon(items, kind, tx, ty + 0.5, Paint::Muted);
        tx += ICON + 6.0;
    }
    let text_h = m.text.height;
    items.push(Item::Text(TextBox {
        x: tx,
        y: ty,
        block: m.text,
        paint: card.style.text,
        anchor: Anchor::Start,
        italic: card.style.italic,
        cell: b,
    }));
    ty += text_h;
    if let Some(f) = m.footer {
        let paint = if card.style.text == Paint::Text {
            Paint::Muted
        } else {
            card.style.text
        };
        items.push(Item::Text(TextBox {
            x: x + CARD_PAD,
            y: ty + 2.0,
            block: f,
            paint,
            anchor: Anchor::Start,
            italic: false,
            cell: b,
        }));
    }
    if grouped {
        let items = match &card.dots {
            Some((_, _, word)) => vec![Item::Titled {
                title: word.clone(),
                items: own,
            }],
            None => own,
        };
        match &card.href {
            Some(href) => scene.items.push(Item::Link {
                href: href.clone(),
                items,
            }),
            None => scene.items.extend(items),
        }
    }
    h
}

/// The width and height of a tag (see [`tag`]) with `word`, at most `max` wide.
pub(crate) fn tag_size(word: &str, max: f64) -> (f64, f64) {
    let b = text::Block::new(word, max - 2.0 * TAG_PAD.0, SMALL, true);
    (b.width + 2.0 * TAG_PAD.0, b.height + 2.0 * TAG_PAD.1)
}

/// A tag: `word` in small bold letters on a dashed pill with its top left at (x, y), at
/// most `max` wide (an assumption's mark: its shape and its word say it, not a colour).
/// Returns the pill's box.
pub(crate) fn tag(scene: &mut Scene, word: &str, x: f64, y: f64, max: f64) -> Bounds {
    let block = text::Block::new(word, max - 2.0 * TAG_PAD.0, SMALL, true);
    let pill = Bounds::new(
        x,
        y,
        block.width + 2.0 * TAG_PAD.0,
        block.height + 2.0 * TAG_PAD.1,
    );
    scene.items.push(Item::Rect {
        b: pill,
        rx: pill.h / 2.0,
        fill: Paint::Header,
        stroke: Paint::Muted,
        width: 1.0,
        dashed: true,
    });
    scene.items.push(Item::Text(TextBox {
        x: x + TAG_PAD.0,
        y: y + TAG_PAD.1,
        block,
        paint: Paint::Muted,
        anchor: Anchor::Start,
        italic: false,
        cell: pill,
    }));
    pill
}

/// A sentence or two saying what the map shows, for screen readers; with `comparison`,
/// what changed since the older version drawn over it.
pub(crate) fn describe(
    j: &Journey,
    labels: &Labels,
    comparison: Option<&crate::diff::Comparison>,
) -> String {
    let changes = comparison.map(|c| super::compared::summary(c, labels));
    if let Some(d) = &j.acc_descr {
        return format!("{d}{}", changes.unwrap_or_default());
    }
    let steps: Vec<_> = j.steps().collect();
    let mut s = String::new();
    if let Some(p) = &j.persona {
        s.push_str(&format!("{}: {p}. ", labels.get("persona")));
    }
    s.push_str(&format!(
        "{} stage{}, {} step{}",
        j.stages.len(),
        if j.stages.len() == 1 { "" } else { "s" },
        steps.len(),
        if steps.len() == 1 { "" } else { "s" }
    ));
    let names: Vec<&str> = j
        .stages
        .iter()
        .map(|s| s.name.as_str())
        .filter(|n| !n.is_empty())
        .collect();
    if !names.is_empty() {
        s.push_str(&format!(": {}", names.join(", ")));
    }
    s.push('.');
    let scored: Vec<(&str, f64)> = steps
        .iter()
        .filter_map(|st| st.score.map(|v| (st.name.as_str(), v)))
        .collect();
    if let (Some(hi), Some(lo)) = (
        scored
            .iter()
            .copied()
            .reduce(|a, b| if b.1 > a.1 { b } else { a }),
        scored
            .iter()
            .copied()
            .reduce(|a, b| if b.1 < a.1 { b } else { a }),
    ) {
        s.push_str(&format!(
            " {}: {} ({}); {}: {} ({}), on a scale of {} to {}.",
            labels.get("highest"),
            hi.0.replace('\n', " "),
            score_text(hi.1),
            labels.get("lowest"),
            lo.0.replace('\n', " "),
            score_text(lo.1),
            score_text(j.scale.min),
            score_text(j.scale.max)
        ));
    }
    // Each other persona's lowest moment, so the description names every curve.
    for name in super::compared::other_personas(j) {
        let lowest = steps
            .iter()
            .filter_map(|st| Some((st.name.as_str(), super::compared::persona_score(st, name)?)))
            .reduce(|a, b| if b.1 < a.1 { b } else { a });
        if let Some((step, v)) = lowest {
            s.push_str(&format!(
                " {name}: {} {} ({}).",
                labels.get("lowest").to_lowercase(),
                step.replace('\n', " "),
                score_text(v)
            ));
        }
    }
    // The counted lanes (pain points, opportunities), all named once any has an entry.
    let counts: Vec<(&str, usize)> = LANES
        .iter()
        .filter(|l| l.described)
        .map(|l| (l.label, steps.iter().map(|st| l.len(st)).sum()))
        .collect();
    if counts.iter().any(|(_, n)| *n > 0) {
        let parts: Vec<String> = counts
            .iter()
            .map(|(key, n)| format!("{}: {n}", labels.get(key)))
            .collect();
        s.push_str(&format!(" {}.", parts.join("; ")));
    }
    // How well the map is backed, when its journey uses data.
    if let Some(e) = super::evidence::summary(j, labels) {
        s.push(' ');
        s.push_str(&e);
    }
    s.push_str(&changes.unwrap_or_default());
    s
}

/// A pain point's card: red, its severity as filled dots out of four (named in the
/// tooltip).
pub(crate) fn pain_card<'a>(p: &'a Pain, l: &Labels) -> Card<'a> {
    Card {
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
            [l.get("severity"), ": ", l.get(p.severity.name())].concat(),
        )),
        ..Card::plain(p.text.as_str())
    }
}

/// An opportunity's card: green and dashed, impact and effort in the footer.
pub(crate) fn opportunity_card<'a>(o: &'a Opportunity, l: &Labels) -> Card<'a> {
    let mut footer = String::with_capacity(40);
    for (key, rating) in [("impact", o.impact), ("effort", o.effort)] {
        let Some(rating) = rating else { continue };
        if !footer.is_empty() {
            footer.push_str(" · ");
        }
        for part in [l.get(key), ": ", l.get(rating.name())] {
            footer.push_str(part);
        }
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
        footer: (!footer.is_empty()).then_some(footer),
        ..Card::plain(o.text.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn faces_and_icons_are_groups_placed_where_they_are_drawn() {
        let mut items = Vec::new();
        icon(&mut items, Channel::Web, 10.0, 100.0, Paint::Muted);
        let Some(Item::Group { x, y, items: web }) = items.first() else {
            panic!("{items:?}");
        };
        assert_eq!((*x, *y, web.len()), (10.0, 100.0, 3));
        // Faces of one score are the same drawing wherever they stand.
        let mut scene = Scene::default();
        face(&mut scene, 50.0, 60.0, 11.0, 0.75);
        face(&mut scene, 250.0, 30.0, 11.0, 0.75);
        hollow_face(&mut scene, 250.0, 30.0, 11.0, 0.75);
        let drawn: Vec<(f64, f64, &Vec<Item>)> = scene
            .items
            .iter()
            .filter_map(|i| match i {
                Item::Group { x, y, items } => Some((*x, *y, items)),
                _ => None,
            })
            .collect();
        assert_eq!(drawn.len(), 3);
        assert_eq!((drawn[0].0, drawn[0].1), (50.0, 60.0));
        assert_eq!(drawn[0].2, drawn[1].2);
        assert_ne!(drawn[1].2, drawn[2].2, "a hollow face is another drawing");
    }

    #[test]
    fn channels_get_icons() {
        assert_eq!(channel_kind("web"), Channel::Web);
        assert_eq!(channel_kind("E-mail newsletter"), Channel::Email);
        assert_eq!(channel_kind("Mobile app"), Channel::App);
        assert_eq!(channel_kind("word of mouth"), Channel::WordOfMouth);
        assert_eq!(channel_kind("Post"), Channel::Post);
        assert_eq!(channel_kind("ad"), Channel::Ad);
        assert_eq!(channel_kind("Instagram"), Channel::Social);
        assert_eq!(channel_kind("hotline"), Channel::Phone);
        assert_eq!(channel_kind("flagship store"), Channel::Store);
        assert_eq!(channel_kind("carrier pigeon"), Channel::Other);
    }
}
