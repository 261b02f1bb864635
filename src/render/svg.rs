//! Writes a [`Scene`] as SVG, compactly: a map is drawn on every page that shows it, and
//! mdBook copies it into its print page too. How an element looks (colours, stroke, text
//! style) is a class with a rule in the map's `<style>`, scoped to the map's id; each
//! colour is written there twice, plainly (so the file looks right anywhere) and as a
//! `--waymark-*` CSS variable that a host page may define. Faces and icons
//! ([`Item::Group`]) drawn more than once are defined once and placed with `<use>`.

mod css;
mod reuse;

use super::scene::{num, push_num, Anchor, Bounds, Item, Paint, Scene};
use super::text::{line_height, FONT_FAMILY};
use super::theme::Theme;
use css::{hundredths, paint_info, push_colour, push_selector, push_var, Look, Var};
use reuse::{Groups, PaintKey, Painted};
use std::collections::HashMap;
use std::fmt::Write;

/// Escapes text for XML and HTML content and attribute values.
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    escape_into(&mut out, text);
    out
}

/// The bytes [`escape_into`] may change or drop: markup, control characters, and 0xEF,
/// which starts U+FFFE and U+FFFF.
const SPECIAL: [bool; 256] = {
    let mut special = [false; 256];
    let mut b = 0;
    while b < 256 {
        special[b] = b < 0x20 || matches!(b as u8, b'&' | b'<' | b'>' | b'"' | b'\'' | 0xEF);
        b += 1;
    }
    special
};

/// Appends `text` to `out`, escaped.
pub(crate) fn escape_into(out: &mut String, text: &str) {
    // Most text needs no escaping: copy it whole.
    if !text.bytes().any(|b| SPECIAL[usize::from(b)]) {
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

/// Dash patterns of the other personas' curves, used in turn.
pub(crate) const PERSONA_DASHES: [&str; 4] = ["8 4", "2 3", "10 3 2 3", "4 4"];

struct Writer<'a> {
    /// The drawing.
    out: String,
    theme: &'a Theme,
    id: &'a str,
    /// Paints used as fills, each a `wf-` class.
    fills: Vec<Paint>,
    /// Looks used, each a `k` class named by its place here.
    looks: Vec<Look>,
    /// Other personas' curves keep their stroke as attributes (a few a map), so the
    /// markup itself tells each curve's dash pattern; their colours still get a rule.
    persona_strokes: Vec<Paint>,
    /// Faces and icons, each defined once, named by their place here.
    defs: String,
    def_names: HashMap<String, usize>,
    /// Whether a definition is being written. A `<use>`'s copy of it is styled on its
    /// own, outside the map's element, so the rules scoped to the map's id miss it: each
    /// definition is a group of class `{id}-d`, and the rules its classes need name it
    /// too.
    in_def: bool,
    /// Every distinct group of the scene: one drawn once is written in place.
    groups: Groups<'a>,
    fills_in_defs: Vec<Paint>,
    looks_in_defs: Vec<usize>,
    links: bool,
    paths: bool,
    /// What [`Writer::paint`] wrote for each way of painting met so far outside the
    /// definitions.
    painted: Painted,
}

impl Writer<'_> {
    /// Appends ` name="number"`.
    #[inline]
    fn attr(&mut self, name: &str, v: f64) {
        self.out.push(' ');
        self.out.push_str(name);
        self.out.push_str("=\"");
        push_num(&mut self.out, v);
        self.out.push('"');
    }

    /// Appends ` name="number"` unless the number is written as 0, the attribute's default.
    #[inline]
    fn attr_or_zero(&mut self, name: &str, v: f64) {
        if v.abs() >= 0.005 {
            self.attr(name, v);
        }
    }

    /// Appends the element's classes: its fill's and its look's, and the stroke of an
    /// other persona's curve as attributes. `text` is a text element's size, weight,
    /// slant and alignment.
    fn paint(
        &mut self,
        fill: Paint,
        stroke: Paint,
        width: f64,
        dashed: bool,
        text: Option<(f64, bool, bool, Anchor)>,
    ) {
        // Inside a definition the rules it needs are recorded as well, and other
        // personas' strokes are recorded in `persona_strokes`: those go the long way.
        if self.in_def || matches!(stroke, Paint::Persona(_)) {
            self.paint_uncached(fill, stroke, width, dashed, text);
            return;
        }
        let key = PaintKey {
            fill,
            stroke,
            width: width.to_bits(),
            dashed,
            text: text.map(|(size, bold, italic, anchor)| (size.to_bits(), bold, italic, anchor)),
        };
        if let Some(written) = self.painted.get(&key) {
            self.out.push_str(written);
            return;
        }
        let start = self.out.len();
        self.paint_uncached(fill, stroke, width, dashed, text);
        self.painted.insert(key, &self.out[start..]);
    }

    /// [`Writer::paint`] worked out: the classes found or added, the rules recorded.
    fn paint_uncached(
        &mut self,
        fill: Paint,
        stroke: Paint,
        width: f64,
        dashed: bool,
        text: Option<(f64, bool, bool, Anchor)>,
    ) {
        let text =
            text.map(|(size, bold, italic, anchor)| (hundredths(size), bold, italic, anchor));
        let persona = matches!(stroke, Paint::Persona(_));
        let outline = paint_info(stroke, self.theme).is_some() && !persona;
        let look = Look {
            no_fill: fill == Paint::None,
            stroke: outline.then_some((stroke, hundredths(width), dashed)),
            text,
        };
        let filled = paint_info(fill, self.theme);
        let look_class =
            (look != Look::PLAIN).then(|| match self.looks.iter().position(|l| *l == look) {
                Some(n) => n,
                None => {
                    self.looks.push(look);
                    self.looks.len() - 1
                }
            });
        if filled.is_some() || look_class.is_some() {
            self.out.push_str(" class=\"");
            if let Some((var, _)) = filled {
                if !self.fills.contains(&fill) {
                    self.fills.push(fill);
                }
                if self.in_def && !self.fills_in_defs.contains(&fill) {
                    self.fills_in_defs.push(fill);
                }
                self.out.push_str("wf-");
                self.var(var);
                if look_class.is_some() {
                    self.out.push(' ');
                }
            }
            if let Some(n) = look_class {
                if self.in_def && !self.looks_in_defs.contains(&n) {
                    self.looks_in_defs.push(n);
                }
                self.out.push('k');
                push_num(&mut self.out, n as f64);
            }
            self.out.push('"');
        }
        if let (true, Some((var, color))) = (persona, paint_info(stroke, self.theme)) {
            if !self.persona_strokes.contains(&stroke) {
                self.persona_strokes.push(stroke);
            }
            self.out.push_str(" stroke=\"");
            self.out.push_str(color);
            self.out.push('"');
            self.attr("stroke-width", width);
            if let Paint::Persona(n) = stroke {
                self.out.push_str(" stroke-dasharray=\"");
                self.out.push_str(PERSONA_DASHES[n % PERSONA_DASHES.len()]);
                self.out.push('"');
            }
            self.out.push_str(" data-s=\"");
            self.var(var);
            self.out.push('"');
        }
    }

    fn var(&mut self, var: Var) {
        push_var(&mut self.out, var);
    }

    fn bounds(&mut self, b: &Bounds) {
        self.attr_or_zero("x", b.x);
        self.attr_or_zero("y", b.y);
        self.attr("width", b.w);
        self.attr("height", b.h);
    }

    fn items(&mut self, items: &[Item]) {
        for item in items {
            self.item(item);
        }
    }

    /// Where `items` stand among the scene's distinct groups.
    fn group(&self, items: &[Item]) -> Option<usize> {
        self.groups.find(items)
    }

    /// The number of the definition drawing the group `items`, defined on first use.
    fn defined(&mut self, items: &[Item]) -> usize {
        let Some(g) = self.group(items) else {
            return self.define(items);
        };
        if let Some(n) = self.groups.list[g].defined {
            return n;
        }
        let n = self.define(items);
        self.groups.list[g].defined = Some(n);
        n
    }

    /// The number of the definition drawing `items`: drawn items are defined once,
    /// however many groups draw them.
    fn define(&mut self, items: &[Item]) -> usize {
        // Drawn at the end of the drawing to be compared, then taken off again.
        let start = self.out.len();
        let was_in_def = std::mem::replace(&mut self.in_def, true);
        self.items(items);
        self.in_def = was_in_def;
        let content = &self.out[start..];
        let n = match self.def_names.get(content) {
            Some(n) => *n,
            None => {
                let n = self.def_names.len();
                let id = self.id;
                let _ = write!(
                    self.defs,
                    "<g id=\"{id}-u{n}\" class=\"{id}-d\">{content}</g>"
                );
                self.def_names.insert(content.to_string(), n);
                n
            }
        };
        self.out.truncate(start);
        n
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
                self.paint(*fill, *stroke, *width, *dashed, None);
                self.out.push_str("/>");
            }
            Item::Path {
                d,
                fill,
                stroke,
                width,
                dashed,
            } => {
                self.paths = true;
                self.out.push_str("<path d=\"");
                self.out.push_str(d);
                self.out.push('"');
                self.paint(*fill, *stroke, *width, *dashed, None);
                self.out.push_str("/>");
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
                self.attr_or_zero("cx", *cx);
                self.attr_or_zero("cy", *cy);
                self.attr("r", *r);
                self.paint(*fill, *stroke, *width, false, None);
                self.out.push_str("/>");
            }
            Item::Text(t) => {
                let size = t.block.size;
                self.out.push_str("<text");
                self.attr("x", t.x);
                self.attr("y", t.y + size);
                let style = (size, t.block.bold, t.italic, t.anchor);
                self.paint(t.paint, Paint::None, 0.0, false, Some(style));
                self.out.push('>');
                // The first line is the text element's own; each further line starts
                // again at x, one line lower, opened by the same tag.
                let mut lines = t.block.lines();
                escape_into(&mut self.out, lines.next().unwrap_or_default());
                let mut tspan = None;
                for line in lines {
                    match tspan.clone() {
                        Some(tag) => self.out.extend_from_within(tag),
                        None => {
                            let start = self.out.len();
                            self.out.push_str("<tspan");
                            self.attr("x", t.x);
                            self.attr("dy", line_height(size));
                            self.out.push('>');
                            tspan = Some(start..self.out.len());
                        }
                    }
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
                self.links = true;
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
            Item::Group { x, y, items }
                if self
                    .group(items)
                    .is_some_and(|g| self.groups.list[g].count == 1) =>
            {
                self.out.push_str("<g transform=\"translate(");
                push_num(&mut self.out, *x);
                self.out.push(' ');
                push_num(&mut self.out, *y);
                self.out.push_str(")\">");
                self.items(items);
                self.out.push_str("</g>");
            }
            Item::Group { x, y, items } => {
                let n = self.defined(items);
                self.out.push_str("<use href=\"#");
                self.out.push_str(self.id);
                self.out.push_str("-u");
                push_num(&mut self.out, n as f64);
                self.out.push('"');
                self.attr_or_zero("x", *x);
                self.attr_or_zero("y", *y);
                self.out.push_str("/>");
            }
        }
    }

    /// The map's rules: one a fill, one a look, one an other persona's stroke.
    fn style(&self) -> String {
        let id = self.id;
        let mut style = String::with_capacity(64 * (self.fills.len() + self.looks.len()) + 128);
        let mut fills = self.fills.clone();
        fills.sort_unstable();
        for p in &fills {
            let Some((var, color)) = paint_info(*p, self.theme) else {
                continue;
            };
            push_selector(&mut style, id, self.fills_in_defs.contains(p), |s| {
                s.push_str("wf-");
                push_var(s, var);
            });
            style.push('{');
            push_colour(&mut style, "fill", var, color);
            style.push('}');
        }
        for (n, look) in self.looks.iter().enumerate() {
            push_selector(&mut style, id, self.looks_in_defs.contains(&n), |s| {
                s.push('k');
                push_num(s, n as f64);
            });
            style.push('{');
            look.push_rules(&mut style, self.theme);
            style.push('}');
        }
        let mut personas = self.persona_strokes.clone();
        personas.sort_unstable();
        for (var, color) in personas.iter().filter_map(|p| paint_info(*p, self.theme)) {
            let _ = write!(style, "#{id} [data-s={var}]{{");
            push_colour(&mut style, "stroke", var, color);
            style.push('}');
        }
        if self.paths {
            let _ = write!(style, "#{id} path");
            if !self.defs.is_empty() {
                let _ = write!(style, ",.{id}-d path");
            }
            style.push_str("{stroke-linecap:round;stroke-linejoin:round}");
        }
        style
    }
}

/// How many items `items` holds, nested ones too.
fn item_count(items: &[Item]) -> usize {
    items
        .iter()
        .map(|item| match item {
            Item::Link { items, .. } | Item::Titled { items, .. } | Item::Group { items, .. } => {
                1 + item_count(items)
            }
            _ => 1,
        })
        .sum()
}

/// `svg` with the CSS variables left out of its style, for a renderer that reads plain
/// colours only (resvg): each colour is also written plainly just before.
pub(crate) fn without_variables(svg: &str) -> String {
    let (Some(a), Some(b)) = (svg.find("<style>"), svg.find("</style>")) else {
        return svg.to_string();
    };
    if a > b {
        return svg.to_string();
    }
    let mut out = String::with_capacity(svg.len());
    out.push_str(&svg[..a]);
    let mut rest = &svg[a..b];
    // A declaration `;name:var(…)` ends at its closing bracket.
    while let Some(at) = rest.find(":var(") {
        let start = rest[..at].rfind([';', '{']).map_or(0, |s| s + 1);
        let mut depth = 0;
        let mut end = rest.len();
        for (i, c) in rest[at + 4..].char_indices() {
            match c {
                '(' => depth += 1,
                ')' => {
                    depth -= 1;
                    if depth == 0 {
                        end = at + 4 + i + 1;
                        break;
                    }
                }
                _ => {}
            }
        }
        // Keep the separator before unless the declaration opened its rule.
        let keep = if rest[..start].ends_with(';') {
            start - 1
        } else {
            start
        };
        out.push_str(&rest[..keep]);
        rest = &rest[end..];
        if keep == start {
            rest = rest.strip_prefix(';').unwrap_or(rest);
        }
    }
    out.push_str(rest);
    out.push_str(&svg[b..]);
    out
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
    let mut w = Writer {
        // About what an element takes, so the drawing is not copied as it grows.
        out: String::with_capacity(item_count(&scene.items) * 96 + 512),
        theme,
        id,
        fills: Vec::new(),
        looks: Vec::new(),
        persona_strokes: Vec::new(),
        defs: String::new(),
        def_names: HashMap::new(),
        in_def: false,
        groups: Groups::of(&scene.items),
        fills_in_defs: Vec::new(),
        looks_in_defs: Vec::new(),
        links: false,
        paths: false,
        painted: Painted::default(),
    };
    w.items(&scene.items);
    let mut style = w.style();
    let (wd, ht) = (num(scene.width), num(scene.height));
    // A picture with links in it is a document of its own, not a flat image: assistive
    // technology must be able to reach the links.
    let role = if w.links { "graphics-document" } else { "img" };
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
    // Room for every part, so the drawing is copied in once.
    let parts = [&w.out, &w.defs, &style, &anchors].map(|p| p.len());
    let mut out =
        String::with_capacity(parts.iter().sum::<usize>() + 2 * (title.len() + desc.len()) + 1024);
    let _ = write!(
        out,
        "<svg{details}{frame_attr} xmlns=\"http://www.w3.org/2000/svg\" id=\"{id}\" class=\"waymark-map waymark-theme-{theme_name}\" width=\"{wd}\" height=\"{ht}\" viewBox=\"0 0 {wd} {ht}\" role=\"{role}\" aria-labelledby=\"{id}-title {id}-desc\" font-family=\"{font}\"><title id=\"{id}-title\">{title}</title><desc id=\"{id}-desc\">{desc}</desc><style>{style}</style>",
        theme_name = escape(&theme.name),
        font = escape(FONT_FAMILY),
        title = escape(title),
        desc = escape(desc),
    );
    if !w.defs.is_empty() {
        out.push_str("<defs>");
        out.push_str(&w.defs);
        out.push_str("</defs>");
    }
    out.push_str(&w.out);
    out.push_str(&anchors);
    out.push_str("</svg>");
    out
}

#[cfg(test)]
mod tests {
    use super::without_variables;

    #[test]
    fn variables_leave_the_plain_colours() {
        let svg = "<svg><style>#m .wf-card{fill:#fff;fill:var(--waymark-card,#fff)}#m .k0{fill:none;stroke:#111;stroke:var(--waymark-grid,#111);stroke-width:1}#m .wm-step:target{fill:var(--waymark-curve,rgb(1,2,3));fill-opacity:.12}</style><rect class=\"wf-card\"/></svg>";
        assert_eq!(
            without_variables(svg),
            "<svg><style>#m .wf-card{fill:#fff}#m .k0{fill:none;stroke:#111;stroke-width:1}#m .wm-step:target{fill-opacity:.12}</style><rect class=\"wf-card\"/></svg>"
        );
        assert_eq!(without_variables("<svg/>"), "<svg/>");
    }
}
