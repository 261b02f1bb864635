//! Writes a [`Scene`] as SVG. Colours are written twice: as presentation attributes, so
//! the file looks right anywhere (and in resvg), and as rules scoped to the map's id that
//! use `--waymark-*` CSS variables when a host page defines them.

use super::scene::{num, Anchor, Item, Paint, Scene};
use super::text::{line_height, FONT_FAMILY};
use super::theme::Theme;
use std::collections::BTreeSet;
use std::fmt::Write;

/// Escapes text for XML and HTML content and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
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
    out
}

/// The CSS variable and theme colour of a paint.
fn paint_info(p: Paint, theme: &Theme) -> Option<(String, String)> {
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
            return Some((format!("stage-{i}"), theme.stage(i).to_string()));
        }
    };
    Some((var.to_string(), color.clone()))
}

struct Writer<'a> {
    out: String,
    theme: &'a Theme,
    fills: BTreeSet<Paint>,
    strokes: BTreeSet<Paint>,
}

impl Writer<'_> {
    fn fill(&mut self, p: Paint) -> String {
        match paint_info(p, self.theme) {
            None => " fill=\"none\"".to_string(),
            Some((var, color)) => {
                self.fills.insert(p);
                format!(" class=\"wf-{var}\" fill=\"{color}\"")
            }
        }
    }

    fn stroke(&mut self, p: Paint, width: f64, dashed: bool) -> String {
        match paint_info(p, self.theme) {
            None => String::new(),
            Some((var, color)) => {
                self.strokes.insert(p);
                let dash = if dashed {
                    " stroke-dasharray=\"5 4\""
                } else {
                    ""
                };
                format!(
                    " stroke=\"{color}\" stroke-width=\"{}\"{dash} data-s=\"{var}\"",
                    num(width)
                )
            }
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
                let f = self.fill(*fill);
                let s = self.stroke(*stroke, *width, *dashed);
                let r = if *rx > 0.0 {
                    format!(" rx=\"{}\"", num(*rx))
                } else {
                    String::new()
                };
                let _ = write!(
                    self.out,
                    "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"{r}{f}{s}/>",
                    num(b.x),
                    num(b.y),
                    num(b.w),
                    num(b.h)
                );
            }
            Item::Path {
                d,
                fill,
                stroke,
                width,
                dashed,
            } => {
                let f = self.fill(*fill);
                let s = self.stroke(*stroke, *width, *dashed);
                let _ = write!(
                    self.out,
                    "<path d=\"{d}\"{f}{s} stroke-linecap=\"round\" stroke-linejoin=\"round\"/>"
                );
            }
            Item::Circle {
                cx,
                cy,
                r,
                fill,
                stroke,
                width,
            } => {
                let f = self.fill(*fill);
                let s = self.stroke(*stroke, *width, false);
                let _ = write!(
                    self.out,
                    "<circle cx=\"{}\" cy=\"{}\" r=\"{}\"{f}{s}/>",
                    num(*cx),
                    num(*cy),
                    num(*r)
                );
            }
            Item::Text(t) => {
                let f = self.fill(t.paint);
                let anchor = match t.anchor {
                    Anchor::Start => "",
                    Anchor::Middle => " text-anchor=\"middle\"",
                    Anchor::End => " text-anchor=\"end\"",
                };
                let weight = if t.block.bold {
                    " font-weight=\"bold\""
                } else {
                    ""
                };
                let style = if t.italic {
                    " font-style=\"italic\""
                } else {
                    ""
                };
                let size = t.block.size;
                let lh = line_height(size);
                let _ = write!(
                    self.out,
                    "<text x=\"{}\" y=\"{}\" font-size=\"{}\"{weight}{style}{anchor}{f}>",
                    num(t.x),
                    num(t.y + size),
                    num(size)
                );
                for (i, line) in t.block.lines.iter().enumerate() {
                    let dy = if i == 0 {
                        String::new()
                    } else {
                        format!(" dy=\"{}\"", num(lh))
                    };
                    let _ = write!(
                        self.out,
                        "<tspan x=\"{}\"{dy}>{}</tspan>",
                        num(t.x),
                        escape(line)
                    );
                }
                self.out.push_str("</text>");
            }
            Item::Image { b, href, alt } => {
                let _ = write!(
                    self.out,
                    "<image x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" href=\"{}\" preserveAspectRatio=\"xMidYMid slice\"><title>{}</title></image>",
                    num(b.x), num(b.y), num(b.w), num(b.h), escape(href), escape(alt)
                );
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
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" id=\"{id}\" class=\"waymark-map waymark-theme-{theme_name}\" width=\"{wd}\" height=\"{ht}\" viewBox=\"0 0 {wd} {ht}\" role=\"img\" aria-labelledby=\"{id}-title {id}-desc\" font-family=\"{font}\"><title id=\"{id}-title\">{title}</title><desc id=\"{id}-desc\">{desc}</desc><style>{style}</style>{body}</svg>",
        theme_name = escape(&theme.name),
        font = escape(FONT_FAMILY),
        title = escape(title),
        desc = escape(desc),
    )
}
