//! The key under the title: what a pain point's severity dots and an opportunity's
//! impact and effort mean, and, on maps drawn from data, what error bars, hollow faces
//! and assumption tags mean; each only when the map shows them.

use crate::diff::{Comparison, StepMark};
use crate::journey::{Journey, Severity};
use crate::render::evidence;
use crate::render::labels::Labels;
use crate::render::parts::{self, SMALL};
use crate::render::scene::{text_box, Bounds, Item, Paint, Scene, TextStyle};

const HEAD: TextStyle = TextStyle::new(SMALL, Paint::Muted).bold();
const ENTRY: TextStyle = TextStyle::new(SMALL, Paint::Text);
/// Height of a swatch; a row is at least this tall plus a little air.
const SWATCH_H: f64 = 14.0;
const DOT_STEP: f64 = 11.0;
const DOTS_W: f64 = 4.0 * DOT_STEP + 5.0;
const OPP_W: f64 = 22.0;
const FACE_R: f64 = 5.5;
/// Where a swatch's error bar stands, and how far right of it its face's centre is.
const BAR_X: f64 = 4.0;
const FACE_GAP: f64 = FACE_R + 5.0;
/// Length of a curve's swatch: long enough to show its dash pattern.
const LINE_W: f64 = 30.0;

/// What stands before an entry's words.
#[derive(Clone, Copy)]
enum Swatch {
    None,
    /// A pain card's dots, this many of four filled.
    Dots(u8),
    /// A small opportunity card.
    Opportunity,
    /// A face on an error bar.
    Interval,
    /// A hollow face on a dashed error bar.
    Weak,
    /// A small dashed card, as an assumption's step is drawn.
    Assumption,
    /// A piece of curve: its paint, width and whether dashed.
    Line(Paint, f64, bool),
    /// A column outline, dashed for a changed step.
    Outline(bool),
}

impl Swatch {
    fn width(self) -> f64 {
        match self {
            Swatch::None => 0.0,
            Swatch::Dots(_) => DOTS_W + 5.0,
            Swatch::Opportunity | Swatch::Assumption | Swatch::Outline(_) => OPP_W + 5.0,
            Swatch::Line(..) => LINE_W + 5.0,
            Swatch::Interval | Swatch::Weak => BAR_X + FACE_GAP + FACE_R + 6.0,
        }
    }
}

struct Entry {
    swatch: Swatch,
    text: String,
    style: TextStyle,
    /// Space before it on its row: wider where a new group starts.
    lead: f64,
}

impl Entry {
    /// An entry of the key under a heading: its swatch and words.
    fn item(swatch: Swatch, text: String) -> Entry {
        Entry {
            swatch,
            text,
            style: ENTRY,
            lead: 10.0,
        }
    }
}

/// The entries the journey needs: severity when it has pain points, impact and effort
/// when an opportunity is rated by them.
fn entries(j: &Journey, l: &Labels, comparison: Option<&Comparison>) -> Vec<Entry> {
    let mut v = Vec::new();
    if j.steps().any(|s| !s.pains.is_empty()) {
        v.push(Entry {
            swatch: Swatch::None,
            text: l.get("severity").to_string(),
            style: HEAD,
            lead: 0.0,
        });
        for s in Severity::ALL {
            v.push(Entry::item(
                Swatch::Dots(s.rank()),
                l.get(s.name()).to_string(),
            ));
        }
    }
    let opps = || j.steps().flat_map(|s| s.opportunities.iter());
    let rated = [
        ("impact_means", opps().any(|o| o.impact.is_some())),
        ("effort_means", opps().any(|o| o.effort.is_some())),
    ];
    if rated.iter().any(|(_, used)| *used) {
        v.push(Entry {
            swatch: Swatch::None,
            text: l.get("opportunity").to_string(),
            style: HEAD,
            lead: 24.0,
        });
        let mut swatch = Swatch::Opportunity;
        for (key, _) in rated.iter().filter(|(_, used)| *used) {
            v.push(Entry::item(swatch, l.get(key).to_string()));
            swatch = Swatch::None;
        }
    }
    v.extend(evidence_entries(j, l));
    v.extend(curve_entries(j, l, comparison));
    v
}

/// The curves, when there is more than one: the journey's persona, the others (each
/// its colour and dash pattern), the old version's; then the change marks.
fn curve_entries(j: &Journey, l: &Labels, comparison: Option<&Comparison>) -> Vec<Entry> {
    let others = crate::render::compared::other_personas(j);
    let old = comparison.is_some_and(|c| c.any_old_scores());
    let mut v = Vec::new();
    let mut add = |swatch, text: String| v.push(Entry::item(swatch, text));
    if !others.is_empty() || old {
        let main = j
            .persona
            .clone()
            .unwrap_or_else(|| l.get("now").to_string());
        add(Swatch::Line(Paint::Curve, 3.0, false), main);
        for (n, name) in others.iter().enumerate() {
            add(
                Swatch::Line(Paint::Persona(n), 2.0, false),
                name.to_string(),
            );
        }
        if old {
            add(
                Swatch::Line(Paint::Muted, 2.0, true),
                l.get("before").to_string(),
            );
        }
    }
    if let Some(c) = comparison {
        let marks = c.steps.iter().flatten();
        if marks.clone().any(|s| s.mark == StepMark::Added) {
            add(Swatch::Outline(false), l.get("added_means").to_string());
        }
        if marks.clone().any(|s| s.mark == StepMark::Changed) {
            add(Swatch::Outline(true), l.get("changed_means").to_string());
        }
    }
    if !v.is_empty() {
        v.insert(
            0,
            Entry {
                swatch: Swatch::None,
                text: l.get("curves").to_string(),
                style: HEAD,
                lead: 24.0,
            },
        );
    }
    v
}

/// On a map drawn from data: the error bar, weak evidence and the assumption tag, each
/// when the map shows one.
fn evidence_entries(j: &Journey, l: &Labels) -> Vec<Entry> {
    if !evidence::uses_data(j) {
        return Vec::new();
    }
    let scores: Vec<_> = j.steps().filter_map(evidence::score).collect();
    let mut v = Vec::new();
    let mut add = |swatch, text: String| v.push(Entry::item(swatch, text));
    if scores.iter().any(|s| s.journey_interval.is_some()) {
        add(Swatch::Interval, l.get("ci_means").to_string());
    }
    if let Some(min) = scores.iter().filter(|s| s.weak).map(|s| s.min_n).max() {
        add(Swatch::Weak, format!("{} (n < {min})", l.get("weak_means")));
    }
    if j.steps().any(|s| evidence::is_assumption(j, s)) {
        add(Swatch::Assumption, l.get("assumption_means").to_string());
    }
    if !v.is_empty() {
        v.insert(
            0,
            Entry {
                swatch: Swatch::None,
                text: l.get("evidence").to_string(),
                style: HEAD,
                lead: 24.0,
            },
        );
    }
    v
}

/// Draws the key from (x0, y), its rows no wider than `w`; returns the y below it (`y`
/// itself when the map needs no key).
pub(super) fn draw(
    scene: &mut Scene,
    (j, l, comparison): (&Journey, &Labels, Option<&Comparison>),
    x0: f64,
    y: f64,
    w: f64,
) -> f64 {
    let entries = entries(j, l, comparison);
    if entries.is_empty() {
        return y;
    }
    let (mut x, mut top, mut row_h) = (x0, y, 0.0f64);
    let boxes: Vec<_> = entries
        .iter()
        .map(|e| {
            let sw = e.swatch.width();
            let t = text_box(
                &e.text,
                0.0,
                0.0,
                (w - sw).max(1.0),
                e.style,
                Bounds::default(),
            );
            (sw + t.block.width, t)
        })
        .collect();
    for (i, (e, (ew, mut t))) in entries.iter().zip(boxes.iter().cloned()).enumerate() {
        let sw = e.swatch.width();
        let eh = t.block.height.max(SWATCH_H) + 4.0;
        // A heading stays on the row of its first entry.
        let keep = match boxes.get(i + 1) {
            Some((next_w, _)) if e.style == HEAD => 10.0 + next_w,
            _ => 0.0,
        };
        if x > x0 && x + e.lead + ew + keep > x0 + w {
            top += row_h + 2.0;
            (x, row_h) = (x0, 0.0);
        } else if x > x0 {
            x += e.lead;
        }
        let mid = top + eh / 2.0;
        swatch(scene, e.swatch, x, mid);
        t.x = x + sw;
        t.y = mid - t.block.height / 2.0;
        t.cell = Bounds::new(x, top, ew, eh);
        scene.text(t);
        x += ew;
        row_h = row_h.max(eh);
    }
    top + row_h
}

/// Draws a swatch at `x`, centred on `mid`.
fn swatch(scene: &mut Scene, s: Swatch, x: f64, mid: f64) {
    let b = |w: f64| Bounds::new(x, mid - SWATCH_H / 2.0, w, SWATCH_H);
    match s {
        Swatch::None => {}
        Swatch::Dots(filled) => {
            scene.rect(b(DOTS_W), 4.0, Paint::Pain, Paint::PainText, 1.0);
            for i in 0..4u8 {
                let on = i < filled;
                scene.items.push(Item::Circle {
                    cx: x + 7.0 + f64::from(i) * DOT_STEP,
                    cy: mid,
                    r: 3.5,
                    fill: if on { Paint::PainText } else { Paint::None },
                    stroke: Paint::PainText,
                    width: 1.2,
                });
            }
        }
        Swatch::Opportunity => scene.items.push(Item::Rect {
            b: b(OPP_W),
            rx: 4.0,
            fill: Paint::Opportunity,
            stroke: Paint::OpportunityText,
            width: 1.0,
            dashed: true,
        }),
        Swatch::Assumption => scene.items.push(Item::Rect {
            b: b(OPP_W),
            rx: 4.0,
            fill: Paint::Card,
            stroke: Paint::Muted,
            width: 1.0,
            dashed: true,
        }),
        Swatch::Line(paint, width, dashed) => {
            scene.line(x, mid, x + LINE_W, mid, paint, width, dashed);
        }
        Swatch::Outline(dashed) => scene.items.push(Item::Rect {
            b: b(OPP_W),
            rx: 3.0,
            fill: Paint::None,
            stroke: Paint::Text,
            width: 1.5,
            dashed,
        }),
        Swatch::Interval | Swatch::Weak => {
            let weak = matches!(s, Swatch::Weak);
            let (bx, cx) = (x + BAR_X, x + BAR_X + FACE_GAP);
            let (top, bottom) = (mid - SWATCH_H / 2.0 - 1.0, mid + SWATCH_H / 2.0 + 1.0);
            // A bar with whiskers beside the face, as on the curve.
            scene.line(bx, top, bx, bottom, Paint::Muted, 1.2, weak);
            for wy in [top, bottom] {
                scene.line(bx - 3.0, wy, bx + 3.0, wy, Paint::Muted, 1.2, false);
            }
            if weak {
                parts::hollow_face(scene, cx, mid, FACE_R, 0.5);
            } else {
                parts::face(scene, cx, mid, FACE_R, 0.5);
            }
        }
    }
}
