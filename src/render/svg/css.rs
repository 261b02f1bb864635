//! The rules of a map's `<style>`: each paint's CSS variable and theme colour, how a
//! look (stroke, text style) is written, and the selectors scoped to the map's id.

use crate::render::scene::{push_num, Anchor, Paint};
use crate::render::theme::Theme;

/// The CSS variable name (after `--waymark-`) and theme colour of a paint.
pub(super) fn paint_info(p: Paint, theme: &Theme) -> Option<(Var, &str)> {
    let c = &theme.colors;
    let (var, color) = match p {
        Paint::None => return None,
        Paint::Background => ("background", &c.background),
        Paint::Text => ("text", &c.text),
        Paint::Muted => ("muted", &c.muted),
        Paint::Grid => ("grid", &c.grid),
        Paint::Header => ("header", &c.header),
        Paint::Lane => ("lane", &c.lane),
        Paint::LaneAlt => ("lane-alt", &c.lane_alt),
        Paint::Card => ("card", &c.card),
        Paint::CardBorder => ("card-border", &c.card_border),
        Paint::Curve => ("curve", &c.curve),
        Paint::Neutral => ("neutral", &c.neutral),
        Paint::Positive => ("positive", &c.positive),
        Paint::Negative => ("negative", &c.negative),
        Paint::Pain => ("pain", &c.pain),
        Paint::PainText => ("pain-text", &c.pain_text),
        Paint::Opportunity => ("opportunity", &c.opportunity),
        Paint::OpportunityText => ("opportunity-text", &c.opportunity_text),
        Paint::Visibility => ("visibility", &c.visibility),
        Paint::StageText => ("stage-text", &c.stage_text),
        Paint::Stage(n) => {
            let i = n % c.stages.len().max(1);
            return Some((Var::Stage(i), theme.stage(i)));
        }
        Paint::Persona(n) => return Some((Var::Persona(n), theme.persona(n))),
    };
    Some((Var::Named(var), color.as_str()))
}

/// A CSS variable name, written without allocating.
#[derive(Clone, Copy)]
pub(super) enum Var {
    Named(&'static str),
    Stage(usize),
    Persona(usize),
}

// For the few rules written with `write!`; [`push_var`] is the one place a name is made.
impl std::fmt::Display for Var {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut name = String::new();
        push_var(&mut name, *self);
        f.write_str(&name)
    }
}

/// How an element looks besides its fill colour: a class (`k0`, `k1` …) of the map.
#[derive(Clone, Copy, PartialEq)]
pub(super) struct Look {
    /// Not filled (a shape's default fill is black).
    pub(super) no_fill: bool,
    /// Outline paint, width (in hundredths, as written) and whether it is dashed.
    pub(super) stroke: Option<(Paint, i64, bool)>,
    /// Text size (in hundredths), bold, italic and alignment.
    pub(super) text: Option<(i64, bool, bool, Anchor)>,
}

/// A number as [`num`](crate::render::scene::num) writes it, in hundredths: two looks
/// written alike are one.
pub(super) fn hundredths(v: f64) -> i64 {
    (v * 100.0).round() as i64
}

impl Look {
    pub(super) const PLAIN: Look = Look {
        no_fill: false,
        stroke: None,
        text: None,
    };

    /// Appends the look's declarations, `;` between them.
    pub(super) fn push_rules(&self, style: &mut String, theme: &Theme) {
        let open = style.len();
        let next = |style: &mut String| {
            if style.len() > open {
                style.push(';');
            }
        };
        if self.no_fill {
            next(style);
            style.push_str("fill:none");
        }
        if let Some((paint, width, dashed)) = self.stroke {
            if let Some((var, color)) = paint_info(paint, theme) {
                next(style);
                push_colour(style, "stroke", var, color);
                style.push_str(";stroke-width:");
                push_num(style, width as f64 / 100.0);
            }
            if dashed {
                next(style);
                style.push_str("stroke-dasharray:5 4");
            }
        }
        if let Some((size, bold, italic, anchor)) = self.text {
            next(style);
            style.push_str("font-size:");
            push_num(style, size as f64 / 100.0);
            style.push_str("px");
            let declarations = [
                (bold, "font-weight:bold"),
                (italic, "font-style:italic"),
                (anchor == Anchor::Middle, "text-anchor:middle"),
                (anchor == Anchor::End, "text-anchor:end"),
            ];
            for (_, declaration) in declarations.iter().filter(|(on, _)| *on) {
                next(style);
                style.push_str(declaration);
            }
        }
    }
}

/// Appends a CSS variable's name (after `--waymark-`).
pub(super) fn push_var(out: &mut String, var: Var) {
    match var {
        Var::Named(n) => out.push_str(n),
        Var::Stage(i) => {
            out.push_str("stage-");
            push_num(out, i as f64);
        }
        Var::Persona(i) => {
            out.push_str("persona-");
            push_num(out, i as f64);
        }
    }
}

/// Appends `property` set to a colour twice: plainly, then as the `--waymark-` variable
/// with the plain colour as its fallback (`fill:#fff;fill:var(--waymark-card,#fff)`).
pub(super) fn push_colour(style: &mut String, property: &str, var: Var, color: &str) {
    for part in [property, ":", color, ";", property, ":var(--waymark-"] {
        style.push_str(part);
    }
    push_var(style, var);
    style.push(',');
    style.push_str(color);
    style.push(')');
}

/// Appends the selector `#{id} .{class}`, and `,.{id}-d .{class}` when definitions use
/// the class too; `class` appends the class's name.
pub(super) fn push_selector(
    style: &mut String,
    id: &str,
    in_defs: bool,
    class: impl Fn(&mut String),
) {
    style.push('#');
    style.push_str(id);
    style.push_str(" .");
    class(style);
    if in_defs {
        style.push_str(",.");
        style.push_str(id);
        style.push_str("-d .");
        class(style);
    }
}
