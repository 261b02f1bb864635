//! Writes a [`Scene`] as SVG. Colours are written twice: as presentation attributes, so
//! the file looks right anywhere (and in resvg), and as rules scoped to the map's id that
//! use `--waymark-*` CSS variables when a host page defines them.

use super::scene::{num, Anchor, Item, Paint, Scene, N};
use super::text::{line_height, FONT_FAMILY};
use super::theme::Theme;
use std::collections::BTreeSet;
use std::fmt::Write;

/// Escapes text for XML and HTML content and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    escape_into(&mut out, text);
    out
}

/// Appends `text` to `out`, escaped.
pub fn escape_into(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            // Characters XML 1.0 cannot carry at all.
            c if (c as u32) < 0x20 && c != '\n' && c != '\t' => {}
            '\u{FFFE}' | '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
}

/// The CSS variable name (after `--waymark-`) and theme colour of a paint.
fn paint_info(p: Paint, theme: &Theme) -> Option<(Var, &str)> {
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
    };
    Some((Var::Named(var), color.as_str()))
}

/// A CSS variable name, written without allocating.
#[derive(Clone, Copy)]
enum Var {
    Named(&'static str),
    Stage(usize),
}

impl std::fmt::Display for Var {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Var::Named(n) => f.write_str(n),
            Var::Stage(i) => write!(f, "stage-{i}"),
        }
    }
}

struct Writer<'a> {
    out: String,
    theme: &'a Theme,
    fills: BTreeSet<Paint>,
    strokes: BTreeSet<Paint>,
}

impl Writer<'_> {
    fn fill(&mut self, p: Paint) {
        match paint_info(p, self.theme) {
            None => self.out.push_str(" fill=\"none\""),
            Some((var, color)) => {
                self.fills.insert(p);
                let _ = write!(self.out, " class=\"wf-{var}\" fill=\"{color}\"");
            }
        }
    }

    fn stroke(&mut self, p: Paint, width: f64, dashed: bool) {
        if let Some((var, color)) = paint_info(p, self.theme) {
            self.strokes.insert(p);
            let dash = if dashed {
                " stroke-dasharray=\"5 4\""
            } else {
                ""
            };
            let _ = write!(
                self.out,
                " stroke=\"{color}\" stroke-width=\"{}\"{dash} data-s=\"{var}\"",
                N(width)
            );
        }
    }

    fn items(&mut self, items: &[Item]) {
        for item in items {
            self.item(item);
        }
    }

    fn item(&mut self, item: &Item) {
        match item {
            Item::Rect {
                b,
                rx,
                fill,
                stroke,
                width,
                dashed,
            } => {
                let _ = write!(
                    self.out,
                    "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"",
                    N(b.x),
                    N(b.y),
                    N(b.w),
                    N(b.h)
                );
                if *rx > 0.0 {
                    let _ = write!(self.out, " rx=\"{}\"", N(*rx));
                }
                self.fill(*fill);
                self.stroke(*stroke, *width, *dashed);
                self.out.push_str("/>");
            }
            Item::Path {
                d,
                fill,
                stroke,
                width,
                dashed,
            } => {
                let _ = write!(self.out, "<path d=\"{d}\"");
                self.fill(*fill);
                self.stroke(*stroke, *width, *dashed);
                self.out
                    .push_str(" stroke-linecap=\"round\" stroke-linejoin=\"round\"/>");
            }
            Item::Circle {
                cx,
                cy,
                r,
                fill,
                stroke,
                width,
            } => {
                let _ = write!(
                    self.out,
                    "<circle cx=\"{}\" cy=\"{}\" r=\"{}\"",
                    N(*cx),
                    N(*cy),
                    N(*r)
                );
                self.fill(*fill);
                self.stroke(*stroke, *width, false);
                self.out.push_str("/>");
            }
            Item::Text(t) => {
                let size = t.block.size;
                let _ = write!(
                    self.out,
                    "<text x=\"{}\" y=\"{}\" font-size=\"{}\"",
                    N(t.x),
                    N(t.y + size),
                    N(size)
                );
                if t.block.bold {
                    self.out.push_str(" font-weight=\"bold\"");
                }
                if t.italic {
                    self.out.push_str(" font-style=\"italic\"");
                }
                match t.anchor {
                    Anchor::Start => {}
                    Anchor::Middle => self.out.push_str(" text-anchor=\"middle\""),
                    Anchor::End => self.out.push_str(" text-anchor=\"end\""),
                }
                self.fill(t.paint);
                self.out.push('>');
                let lh = line_height(size);
                for (i, line) in t.block.lines.iter().enumerate() {
                    let _ = write!(self.out, "<tspan x=\"{}\"", N(t.x));
                    if i > 0 {
                        let _ = write!(self.out, " dy=\"{}\"", N(lh));
                    }
                    self.out.push('>');
                    escape_into(&mut self.out, line);
                    self.out.push_str("</tspan>");
                }
                self.out.push_str("</text>");
            }
            Item::Image { b, href, alt } => {
                let _ = write!(self.out, "<image x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" href=\"{}\" preserveAspectRatio=\"xMidYMid slice\"><title>{}</title></image>", N(b.x), N(b.y), N(b.w), N(b.h), escape(href), escape(alt));
            }
            Item::Link { href, items } => {
                let _ = write!(self.out, "<a href=\"{}\">", escape(href));
                self.items(items);
                self.out.push_str("</a>");
            }
            Item::Titled { title, items } => {
                let _ = write!(self.out, "<g><title>{}</title>", escape(title));
                self.items(items);
                self.out.push_str("</g>");
            }
        }
    }
}

/// The SVG for `scene`, with accessible title and description, ids prefixed by `id`.
pub fn write(scene: &Scene, theme: &Theme, id: &str, title: &str, desc: &str) -> String {
    let mut w = Writer {
        out: String::new(),
        theme,
        fills: BTreeSet::new(),
        strokes: BTreeSet::new(),
    };
    w.items(&scene.items);
    let body = std::mem::take(&mut w.out);
    let mut style = String::new();
    for p in &w.fills {
        if let Some((var, color)) = paint_info(*p, theme) {
            let _ = write!(
                style,
                "#{id} .wf-{var}{{fill:var(--waymark-{var},{color})}}"
            );
        }
    }
    for p in &w.strokes {
        if let Some((var, color)) = paint_info(*p, theme) {
            let _ = write!(
                style,
                "#{id} [data-s={var}]{{stroke:var(--waymark-{var},{color})}}"
            );
        }
    }
    let (wd, ht) = (num(scene.width), num(scene.height));
    // A picture with links in it is a document of its own, not a flat image: assistive
    // technology must be able to reach the links.
    let role = if body.contains("<a href") {
        "graphics-document"
    } else {
        "img"
    };
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" id=\"{id}\" class=\"waymark-map waymark-theme-{theme_name}\" width=\"{wd}\" height=\"{ht}\" viewBox=\"0 0 {wd} {ht}\" role=\"{role}\" aria-labelledby=\"{id}-title {id}-desc\" font-family=\"{font}\"><title id=\"{id}-title\">{title}</title><desc id=\"{id}-desc\">{desc}</desc><style>{style}</style>{body}</svg>",
        theme_name = escape(&theme.name),
        font = escape(FONT_FAMILY),
        title = escape(title),
        desc = escape(desc),
    )
}
