//! What must hold for any text waymark is given, checked the same way by the fuzz target
//! (`fuzz_targets/parse.rs`, arbitrary bytes under libFuzzer) and by the test suite
//! (`tests/suite/robustness.rs`, a bounded set of generated and mutated inputs on stable
//! Rust). Both include this file as a module; it uses only waymark's public API and the
//! XML parser that ships with resvg.
//!
//! - parsing, as a `.journey` file and as markdown, never panics, and every span lies
//!   inside the input;
//! - every journey renders in every layout and every built-in theme to well-formed SVG
//!   (and a well-formed figure) holding only the elements and attributes waymark writes:
//!   no element, event handler or script URL can come from the author's text;
//! - the markdown filter and the markdown pass never panic and add no active markup that
//!   the prose around the journeys did not already hold.

use resvg::usvg::roxmltree;
use std::path::Path;
use waymark::journey::source::{find_blocks, FenceOptions};
use waymark::journey::{parse_block, parse_source, Journey, Layout, Persona, SourceKind, Span};
use waymark::markdown::{self, Hooks};
use waymark::render::{self, Labels, RenderOptions, Theme};

/// Runs every check on `text`.
pub fn everything(text: &str) {
    for parsed in parse(text) {
        for j in &parsed.journeys {
            render_everywhere(j, &parsed.personas);
        }
    }
    filter(text);
    markdown_pass(text);
}

/// Parses `text` as a `.journey` file and as markdown (mermaid fences included), checks
/// every span and renders the diagnostics report; returns both parses.
pub fn parse(text: &str) -> [waymark::journey::SourceParse; 2] {
    [SourceKind::Journey, SourceKind::Markdown].map(|kind| {
        let p = parse_source(text, kind, FenceOptions { mermaid: true });
        for d in &p.diagnostics {
            assert!(
                d.span.start <= d.span.end && d.span.end <= text.len(),
                "{d:?} outside {} bytes",
                text.len()
            );
        }
        for j in &p.journeys {
            assert!(j.span.end <= text.len(), "journey {:?}", j.span);
            for s in j.steps() {
                assert!(s.span.end <= text.len(), "step {:?}", s.span);
            }
        }
        let _ = waymark::diagnostics::report(Path::new("x.md"), text, &p.diagnostics, false);
        p
    })
}

const LAYOUTS: [Layout; 4] = [
    Layout::Map,
    Layout::Timeline,
    Layout::Table,
    Layout::Storyboard,
];

/// Renders `j` as SVG in every layout and built-in theme, and as a figure (the picture
/// and its table) in every layout; checks each.
pub fn render_everywhere(j: &Journey, personas: &[Persona]) {
    let labels = Labels::default();
    let persona = j
        .persona
        .as_deref()
        .and_then(|n| personas.iter().find(|p| p.name.eq_ignore_ascii_case(n)));
    for (i, name) in Theme::builtin_names().iter().enumerate() {
        let theme = Theme::builtin(name).expect("a built-in theme");
        for layout in LAYOUTS {
            let opts = RenderOptions {
                layout,
                theme: &theme,
                id: "fuzz-map",
                persona,
                labels: &labels,
                comparison: None,
            };
            let svg = render::svg(j, &opts);
            check_markup(&svg, "svg", &format!("{name} {}", layout.name()));
            // The figure holds the same picture; its table is the same in every theme.
            if i == 0 {
                let figure = render::figure_html(j, &opts);
                check_markup(&figure, "figure", &format!("{} figure", layout.name()));
            }
        }
    }
}

/// Elements waymark writes in pictures and their text alternatives.
const ELEMENTS: &[&str] = &[
    "svg", "title", "desc", "style", "defs", "use", "g", "rect", "path", "circle", "text", "tspan",
    "image", "a", "figure", "div", "details", "summary", "table", "caption", "thead", "tbody",
    "tr", "th", "td", "br",
];

/// Checks that `markup` (SVG, or a figure of HTML written as XML apart from `<br>`) is
/// well formed, has `root` at its root, and holds only waymark's own elements, no event
/// handlers and no links other than web, mail and relative ones.
pub fn check_markup(markup: &str, root: &str, what: &str) {
    // `<br>` is the one HTML element without an XML end tag that waymark writes.
    let xml = markup.replace("<br>", "<br/>");
    let doc = match roxmltree::Document::parse(&xml) {
        Ok(doc) => doc,
        Err(e) => panic!("{what}: not well formed: {e}\n{markup}"),
    };
    assert_eq!(doc.root_element().tag_name().name(), root, "{what}");
    for node in doc.descendants().filter(|n| n.is_element()) {
        let tag = node.tag_name().name();
        assert!(
            ELEMENTS.contains(&tag),
            "{what}: element <{tag}> in\n{markup}"
        );
        for attr in node.attributes() {
            let name = attr.name().to_ascii_lowercase();
            assert!(
                !name.starts_with("on"),
                "{what}: event handler {name} in\n{markup}"
            );
            // A `<use>` places a drawing of the same picture, never one fetched from elsewhere.
            if tag == "use" && name == "href" {
                assert!(
                    attr.value().starts_with('#'),
                    "{what}: <use> of {:?} in\n{markup}",
                    attr.value()
                );
            }
            if matches!(name.as_str(), "href" | "src") {
                assert!(
                    safe_url(attr.value()),
                    "{what}: link {:?} in\n{markup}",
                    attr.value()
                );
            }
        }
        if tag == "style" {
            let css = node.text().unwrap_or_default().to_ascii_lowercase();
            assert!(
                !css.contains("url(") && !css.contains("@import") && !css.contains("expression("),
                "{what}: style fetches or runs something: {css}"
            );
        }
    }
}

/// A web, mail or relative URL (not protocol-relative): nothing a browser runs.
fn safe_url(url: &str) -> bool {
    let url = url.trim_start();
    match url.find(':') {
        Some(colon) if !url[..colon].contains(['/', '?', '#']) => {
            let scheme = url[..colon].to_ascii_lowercase();
            ["http", "https", "mailto"].contains(&scheme.as_str())
        }
        _ => !url.starts_with("//"),
    }
}

/// Tags that run or embed something. The markdown passes keep the author's raw HTML by
/// design, so the check is that their output holds no more of these than the prose
/// around the journeys did.
const ACTIVE: &[&str] = &["<script", "<iframe", "<object", "<embed"];

fn count_active(text: &str) -> usize {
    let lower = text.to_ascii_lowercase();
    ACTIVE.iter().map(|t| lower.matches(t).count()).sum()
}

/// `text` without the fences that hold a journey (those become maps; the others stay).
fn prose(text: &str, mermaid: bool) -> String {
    let mut out = String::new();
    let mut at = 0;
    let blocks = find_blocks(text, FenceOptions { mermaid });
    for b in blocks.iter().filter(|b| parse_block(b).journey.is_some()) {
        let (s, e) = (
            b.span.start.clamp(at, text.len()),
            b.span.end.min(text.len()),
        );
        if let (Some(before), true) = (text.get(at..s), s <= e) {
            out.push_str(before);
            at = e;
        }
    }
    out.push_str(text.get(at..).unwrap_or_default());
    out
}

/// The markdown filter (`waymark render`), with and without mermaid fences.
pub fn filter(text: &str) {
    for mermaid in [false, true] {
        let options = waymark::filter::FilterOptions {
            mermaid,
            ..Default::default()
        };
        if let Ok(out) = waymark::filter::filter(text, Path::new("x.md"), &options) {
            let out = out.markdown;
            assert!(
                count_active(&out) <= count_active(&prose(text, mermaid)),
                "the filter added active markup:\n{out}"
            );
        }
    }
}

/// The markdown pass the site and the preview use, with journey fences drawn as maps.
pub fn markdown_pass(text: &str) {
    let blocks = find_blocks(text, FenceOptions::default());
    let mut maps = Maps {
        journeys: Vec::new(),
        labels: Labels::default(),
        theme: Theme::default(),
    };
    for b in &blocks {
        let p = parse_block(b);
        maps.journeys.extend(p.journey.map(|j| (b.span.start, j)));
    }
    let out = markdown::render(text, &mut maps);
    assert!(
        count_active(&out.html) <= count_active(&prose(text, false)),
        "the markdown pass added active markup:\n{}",
        out.html
    );
}

struct Maps {
    journeys: Vec<(usize, Journey)>,
    labels: Labels,
    theme: Theme,
}

impl Hooks for Maps {
    fn journey(&mut self, span: Span) -> Option<String> {
        let (_, j) = self.journeys.iter().find(|(s, _)| *s == span.start)?;
        let opts = RenderOptions {
            layout: j.layout.unwrap_or(Layout::Map),
            theme: &self.theme,
            id: "page-map",
            persona: None,
            labels: &self.labels,
            comparison: None,
        };
        let html = render::figure_html(j, &opts);
        check_markup(&html, "figure", "page figure");
        Some(html)
    }

    fn link(&mut self, dest: &str, _: Span) -> String {
        dest.to_string()
    }
}
