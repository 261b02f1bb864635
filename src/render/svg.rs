//! Writes a [`Scene`] as SVG. Colours are written twice: as presentation attributes, so
//! the file looks right anywhere (and in resvg), and as rules scoped to the map's id that
//! use `--waymark-*` CSS variables when a host page defines them.

use super::scene::{num, push_num, Anchor, Bounds, Item, Paint, Scene};
use super::text::{line_height, FONT_FAMILY};
use super::theme::Theme;
use std::fmt::Write;

/// Escapes text for XML and HTML content and attribute values.
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    escape_into(&mut out, text);
    out
}

/// Appends `text` to `out`, escaped.
pub(crate) fn escape_into(out: &mut String, text: &str) {
    // Most text needs no escaping: copy it whole. 0xEF starts U+FFFE and U+FFFF.
    if !text
        .bytes()
        .any(|b| matches!(b, b'&' | b'<' | b'>' | b'"' | b'\'' | 0xEF) || b < 0x20)
    {
        out.push_str(text);
        return;
    }
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
        Paint::Persona(n) => return Some((Var::Persona(n), theme.persona(n))),
    };
    Some((Var::Named(var), color.as_str()))
}

/// A CSS variable name, written without allocating.
#[derive(Clone, Copy)]
enum Var {
    Named(&'static str),
    Stage(usize),
    Persona(usize),
}

/// Dash patterns of the other personas' curves, used in turn.
pub(crate) const PERSONA_DASHES: [&str; 4] = ["8 4", "2 3", "10 3 2 3", "4 4"];

impl std::fmt::Display for Var {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Var::Named(n) => f.write_str(n),
            Var::Stage(i) => write!(f, "stage-{i}"),
            Var::Persona(i) => write!(f, "persona-{i}"),
        }
    }
}

struct Writer<'a> {
    out: String,
    theme: &'a Theme,
}

impl Writer<'_> {
    /// Appends ` name="number"`.
    fn attr(&mut self, name: &str, v: f64) {
        self.out.push(' ');
        self.out.push_str(name);
        self.out.push_str("=\"");
        push_num(&mut self.out, v);
        self.out.push('"');
    }

    fn var(&mut self, var: Var) {
        match var {
            Var::Named(n) => self.out.push_str(n),
            Var::Stage(i) => {
                self.out.push_str("stage-");
                push_num(&mut self.out, i as f64);
            }
            Var::Persona(i) => {
                self.out.push_str("persona-");
                push_num(&mut self.out, i as f64);
            }
        }
    }

    fn fill(&mut self, p: Paint) {
        match paint_info(p, self.theme) {
            None => self.out.push_str(" fill=\"none\""),
            Some((var, color)) => {
                self.out.push_str(" class=\"wf-");
                self.var(var);
                self.out.push_str("\" fill=\"");
                self.out.push_str(color);
                self.out.push('"');
            }
        }
    }

    fn stroke(&mut self, p: Paint, width: f64, dashed: bool) {
        if let Some((var, color)) = paint_info(p, self.theme) {
            self.out.push_str(" stroke=\"");
            self.out.push_str(color);
            self.out.push('"');
            self.attr("stroke-width", width);
            if let Paint::Persona(n) = p {
                self.out.push_str(" stroke-dasharray=\"");
                self.out.push_str(PERSONA_DASHES[n % PERSONA_DASHES.len()]);
                self.out.push('"');
            } else if dashed {
                self.out.push_str(" stroke-dasharray=\"5 4\"");
            }
            self.out.push_str(" data-s=\"");
            self.var(var);
            self.out.push('"');
        }
    }

    fn bounds(&mut self, b: &Bounds) {
        self.attr("x", b.x);
        self.attr("y", b.y);
        self.attr("width", b.w);
        self.attr("height", b.h);
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
                self.out.push_str("<rect");
                self.bounds(b);
                if *rx > 0.0 {
                    self.attr("rx", *rx);
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
                self.out.push_str("<path d=\"");
                self.out.push_str(d);
                self.out.push('"');
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
                self.out.push_str("<circle");
                self.attr("cx", *cx);
                self.attr("cy", *cy);
                self.attr("r", *r);
                self.fill(*fill);
                self.stroke(*stroke, *width, false);
                self.out.push_str("/>");
            }
            Item::Text(t) => {
                let size = t.block.size;
                self.out.push_str("<text");
                self.attr("x", t.x);
                self.attr("y", t.y + size);
                self.attr("font-size", size);
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
                if t.block.line_count() == 1 {
                    // One line needs no tspan: the text element already sits there.
                    escape_into(&mut self.out, t.block.text());
                    self.out.push_str("</text>");
                    return;
                }
                for (i, line) in t.block.lines().enumerate() {
                    self.out.push_str("<tspan");
                    self.attr("x", t.x);
                    if i > 0 {
                        self.attr("dy", lh);
                    }
                    self.out.push('>');
                    escape_into(&mut self.out, line);
                    self.out.push_str("</tspan>");
                }
                self.out.push_str("</text>");
            }
            Item::Image { b, href, alt } => {
                self.out.push_str("<image");
                self.bounds(b);
                self.out.push_str(" href=\"");
                escape_into(&mut self.out, href);
                self.out
                    .push_str("\" preserveAspectRatio=\"xMidYMid slice\"><title>");
                escape_into(&mut self.out, alt);
                self.out.push_str("</title></image>");
            }
            Item::Link { href, items } => {
                self.out.push_str("<a href=\"");
                escape_into(&mut self.out, href);
                self.out.push_str("\">");
                self.items(items);
                self.out.push_str("</a>");
            }
            Item::Titled { title, items } => {
                self.out.push_str("<g><title>");
                escape_into(&mut self.out, title);
                self.out.push_str("</title>");
                self.items(items);
                self.out.push_str("</g>");
            }
        }
    }
}

/// The paints a scene uses for fills and strokes, and whether it holds links.
#[derive(Default)]
struct Used {
    fills: Vec<Paint>,
    strokes: Vec<Paint>,
    links: bool,
}

impl Used {
    fn walk(&mut self, items: &[Item]) {
        for item in items {
            match item {
                Item::Rect { fill, stroke, .. }
                | Item::Path { fill, stroke, .. }
                | Item::Circle { fill, stroke, .. } => {
                    self.fills.push(*fill);
                    self.strokes.push(*stroke);
                }
                Item::Text(t) => {
                    self.fills.push(t.paint);
                }
                Item::Image { .. } => {}
                Item::Link { items, .. } => {
                    self.links = true;
                    self.walk(items);
                }
                Item::Titled { items, .. } => self.walk(items),
            }
        }
    }
}

/// The SVG for `scene`, with accessible title and description, ids prefixed by `id`;
/// `details` names the element (the table) that describes the picture in full.
pub(crate) fn write(
    scene: &Scene,
    theme: &Theme,
    id: &str,
    title: &str,
    desc: &str,
    details: Option<&str>,
) -> String {
    let mut used = Used::default();
    used.walk(&scene.items);
    for paints in [&mut used.fills, &mut used.strokes] {
        paints.sort_unstable();
        paints.dedup();
    }
    let mut style = String::new();
    for (var, color) in used.fills.iter().filter_map(|p| paint_info(*p, theme)) {
        let _ = write!(
            style,
            "#{id} .wf-{var}{{fill:var(--waymark-{var},{color})}}"
        );
    }
    for (var, color) in used.strokes.iter().filter_map(|p| paint_info(*p, theme)) {
        let _ = write!(
            style,
            "#{id} [data-s={var}]{{stroke:var(--waymark-{var},{color})}}"
        );
    }
    let (wd, ht) = (num(scene.width), num(scene.height));
    // A picture with links in it is a document of its own, not a flat image: assistive
    // technology must be able to reach the links.
    let role = if used.links {
        "graphics-document"
    } else {
        "img"
    };
    let details = details
        .map(|d| format!(" aria-details=\"{}\"", escape(d)))
        .unwrap_or_default();
    // Step anchors: a link to `#{id}-step-{n}` lands on the step, highlighted.
    let mut frame_attr = String::new();
    let mut anchors = String::new();
    if let Some(f) = &scene.frame {
        let _ = write!(
            frame_attr,
            " data-wm-frame=\"{} {} {}\"",
            num(f.labels_right),
            num(f.heads_top),
            num(f.heads_bottom)
        );
        if let Some((var, color)) = paint_info(Paint::Curve, theme) {
            let _ = write!(
                style,
                "#{id} .wm-step:target{{fill:var(--waymark-{var},{color});fill-opacity:.12;stroke:var(--waymark-{var},{color});stroke-width:3}}"
            );
        }
        anchors.push_str("<g class=\"wm-steps\" fill=\"none\" pointer-events=\"none\">");
        let steps = f.columns.iter().enumerate().filter(|(_, c)| c.2);
        for (n, (i, (x, w, _))) in steps.enumerate() {
            let _ = write!(
                anchors,
                "<rect id=\"{id}-step-{}\" class=\"wm-step\" data-col=\"{i}\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"/>",
                n + 1,
                num(*x),
                num(f.heads_top),
                num(*w),
                num(f.rows_bottom - f.heads_top),
            );
        }
        anchors.push_str("</g>");
    }
    let mut out = String::with_capacity(scene.items.len() * 128 + style.len() + 512);
    let _ = write!(
        out,
        "<svg{details}{frame_attr} xmlns=\"http://www.w3.org/2000/svg\" id=\"{id}\" class=\"waymark-map waymark-theme-{theme_name}\" width=\"{wd}\" height=\"{ht}\" viewBox=\"0 0 {wd} {ht}\" role=\"{role}\" aria-labelledby=\"{id}-title {id}-desc\" font-family=\"{font}\"><title id=\"{id}-title\">{title}</title><desc id=\"{id}-desc\">{desc}</desc><style>{style}</style>",
        theme_name = escape(&theme.name),
        font = escape(FONT_FAMILY),
        title = escape(title),
        desc = escape(desc),
    );
    let mut w = Writer { out, theme };
    w.items(&scene.items);
    w.out.push_str(&anchors);
    w.out.push_str("</svg>");
    w.out
}
