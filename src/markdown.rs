//! The markdown pass: pulldown-cmark events to HTML, with journey fences replaced by
//! rendered maps, other code fences highlighted by syntect (class-based, so light and
//! dark themes both work), headings given ids, and links rewritten.

use crate::journey::source::markdown_options;
use crate::journey::Span;
use crate::slug::{slug, Slugs};
use pulldown_cmark::{
    html, CodeBlockKind, CowStr, Event, HeadingLevel, LinkType, Parser, Tag, TagEnd,
};
use std::sync::OnceLock;
use syntect::html::{ClassStyle, ClassedHTMLGenerator};
use syntect::parsing::SyntaxSet;
use syntect::util::LinesWithEndings;

/// A heading of the page, for the table of contents.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Heading {
    /// 1 to 6.
    pub level: u8,
    /// The anchor.
    pub id: String,
    /// The words.
    pub text: String,
}

/// A page's body as HTML, and what was learned on the way.
#[derive(Debug, Clone, Default)]
pub struct Rendered {
    /// The HTML.
    pub html: String,
    /// Every heading, in order.
    pub headings: Vec<Heading>,
    /// The text, for search.
    pub text: String,
}

/// What to do with journey fences and links.
pub trait Hooks {
    /// The HTML for the journey fence at `span` (the whole fence), if it is one.
    fn journey(&mut self, span: Span) -> Option<String>;
    /// The URL to write for a link or image destination written at `span`.
    fn link(&mut self, dest: &str, span: Span) -> String;
    /// What a task list item's box is called for assistive technology, done or not
    /// (a checkbox without a name is an accessibility failure).
    fn task_name(&mut self, done: bool) -> String {
        if done { "done" } else { "to do" }.to_string()
    }
}

const CLASS_STYLE: ClassStyle = ClassStyle::SpacedPrefixed { prefix: "hl-" };

/// syntect's own syntaxes, and the journey language's (`editors/sublime`) in a set of its
/// own, so journey source shown as code (` ```journey-source `, a `.journey` file's text)
/// is highlighted. Two sets because adding a syntax to syntect's means building the whole
/// set again, which compresses every syntax's contexts: a tenth of a second at the first
/// highlighted block of every run.
fn syntaxes(
    lang: &str,
) -> (
    &'static SyntaxSet,
    &'static syntect::parsing::SyntaxReference,
) {
    static DEFAULTS: OnceLock<SyntaxSet> = OnceLock::new();
    static JOURNEY: OnceLock<SyntaxSet> = OnceLock::new();
    let journey = JOURNEY.get_or_init(|| {
        let mut set = syntect::parsing::SyntaxSetBuilder::new();
        let text = include_str!("../editors/sublime/Journey.sublime-syntax");
        // The syntax ships with the binary and a unit test loads it: it always parses.
        if let Ok(def) = syntect::parsing::SyntaxDefinition::load_from_str(text, true, None) {
            set.add(def);
        }
        set.build()
    });
    if let Some(syntax) = journey.find_syntax_by_token(lang) {
        return (journey, syntax);
    }
    let set = DEFAULTS.get_or_init(SyntaxSet::load_defaults_newlines);
    let syntax = set
        .find_syntax_by_token(lang)
        .unwrap_or_else(|| set.find_syntax_plain_text());
    (set, syntax)
}

/// The stylesheet for highlighted code: a light theme, and a dark one under `selector`.
pub(crate) fn highlight_css(dark_selector: &str) -> String {
    let themes = syntect::highlighting::ThemeSet::load_defaults();
    let light = themes
        .themes
        .get("InspiredGitHub")
        .and_then(|t| syntect::html::css_for_theme_with_class_style(t, CLASS_STYLE).ok())
        .unwrap_or_default();
    let dark = themes
        .themes
        .get("base16-ocean.dark")
        .and_then(|t| syntect::html::css_for_theme_with_class_style(t, CLASS_STYLE).ok())
        .unwrap_or_default();
    let mut css = light;
    for rule in dark.split('}') {
        let rule = rule.trim();
        if rule.is_empty() || rule.starts_with("/*") && !rule.contains('{') {
            continue;
        }
        if let Some((selectors, body)) = rule.split_once('{') {
            let selectors = selectors.rsplit("*/").next().unwrap_or(selectors);
            let scoped: Vec<String> = selectors
                .split(',')
                .map(|s| format!("{dark_selector} {}", s.trim()))
                .collect();
            css.push_str(&format!("{}{{{}}}\n", scoped.join(","), body));
        }
    }
    css
}

/// Highlighted HTML for `code` in language `lang` (plain, escaped text when unknown).
pub(crate) fn highlight(code: &str, lang: &str) -> String {
    let (set, syntax) = syntaxes(lang);
    let mut gen = ClassedHTMLGenerator::new_with_class_style(syntax, set, CLASS_STYLE);
    for line in LinesWithEndings::from(code) {
        if gen
            .parse_html_for_line_which_includes_newline(line)
            .is_err()
        {
            return format!(
                "<pre class=\"code\"><code>{}</code></pre>",
                crate::render::svg::escape(code)
            );
        }
    }
    let lang_class = crate::render::svg::escape(lang);
    format!(
        "<pre class=\"code hl-code\" data-lang=\"{lang_class}\"><code>{}</code></pre>",
        gen.finalize()
    )
}

/// Renders `text` (the whole file; front matter is skipped) to HTML.
pub fn render(text: &str, hooks: &mut dyn Hooks) -> Rendered {
    let mut out = Rendered::default();
    let mut events: Vec<Event> = Vec::new();
    let mut ids = Slugs::default();
    let parser = Parser::new_ext(text, markdown_options()).into_offset_iter();
    let mut code: Option<(String, String, usize)> = None;
    let mut heading: Option<(u8, Vec<Event>, String)> = None;
    let mut in_metadata = false;
    for (event, range) in parser {
        if let Some((lang, buf, start)) = code.as_mut() {
            match event {
                Event::Text(t) => buf.push_str(&t),
                Event::End(TagEnd::CodeBlock) => {
                    let html = match hooks.journey(Span::new(*start, range.end)) {
                        // A map's words are what the hook says they are, never its source
                        // (readers never see the keywords of the language).
                        Some(h) => h,
                        None => {
                            out.text.push_str(buf);
                            out.text.push('\n');
                            highlight(buf, lang)
                        }
                    };
                    events.push(Event::Html(CowStr::from(html)));
                    code = None;
                }
                _ => {}
            }
            continue;
        }
        let event = match event {
            Event::Start(Tag::MetadataBlock(_)) => {
                in_metadata = true;
                continue;
            }
            Event::End(TagEnd::MetadataBlock(_)) => {
                in_metadata = false;
                continue;
            }
            _ if in_metadata => continue,
            Event::Start(Tag::CodeBlock(kind)) => {
                let lang = match &kind {
                    CodeBlockKind::Fenced(info) => {
                        info.split_whitespace().next().unwrap_or("").to_string()
                    }
                    CodeBlockKind::Indented => String::new(),
                };
                code = Some((lang, String::new(), range.start));
                continue;
            }
            Event::Start(Tag::Heading { level, .. }) => {
                heading = Some((heading_level(level), Vec::new(), String::new()));
                continue;
            }
            Event::End(TagEnd::Heading(level)) => {
                if let Some((lvl, inner, words)) = heading.take() {
                    let base = slug(&words);
                    let id = ids.unique(if base.is_empty() { "section" } else { &base });
                    let mut inner_html = String::new();
                    html::push_html(&mut inner_html, inner.into_iter());
                    events.push(Event::Html(CowStr::from(format!(
                        "<h{lvl} id=\"{id}\"><a class=\"anchor\" href=\"#{id}\" aria-hidden=\"true\" tabindex=\"-1\">#</a>{inner_html}</h{lvl}>\n"
                    ))));
                    out.headings.push(Heading {
                        level: lvl,
                        id,
                        text: words.trim().to_string(),
                    });
                    let _ = level;
                }
                continue;
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let dest = if matches!(link_type, LinkType::Email) {
                    dest_url.to_string()
                } else {
                    hooks.link(&dest_url, Span::new(range.start, range.end))
                };
                Event::Start(Tag::Link {
                    link_type,
                    dest_url: CowStr::from(dest),
                    title,
                    id,
                })
            }
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let dest = hooks.link(&dest_url, Span::new(range.start, range.end));
                Event::Start(Tag::Image {
                    link_type,
                    dest_url: CowStr::from(dest),
                    title,
                    id,
                })
            }
            Event::Text(t) => {
                out.text.push_str(&t);
                out.text.push(' ');
                if let Some((_, _, words)) = heading.as_mut() {
                    words.push_str(&t);
                }
                Event::Text(t)
            }
            Event::TaskListMarker(done) => {
                let name = crate::render::svg::escape(&hooks.task_name(done));
                let checked = if done { " checked=\"\"" } else { "" };
                Event::InlineHtml(CowStr::from(format!(
                    "<input type=\"checkbox\" disabled=\"\"{checked} aria-label=\"{name}\"/>"
                )))
            }
            Event::Code(t) => {
                out.text.push_str(&t);
                out.text.push(' ');
                if let Some((_, _, words)) = heading.as_mut() {
                    words.push_str(&t);
                }
                Event::Code(t)
            }
            other => other,
        };
        match heading.as_mut() {
            Some((_, inner, _)) => inner.push(event),
            None => events.push(event),
        }
    }
    html::push_html(&mut out.html, events.into_iter());
    out
}

fn heading_level(l: HeadingLevel) -> u8 {
    match l {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Plain;
    impl Hooks for Plain {
        fn journey(&mut self, _: Span) -> Option<String> {
            None
        }
        fn link(&mut self, dest: &str, _: Span) -> String {
            dest.replace(".md", ".html")
        }
    }

    #[test]
    fn headings_code_and_links() {
        let r = render("---\ntitle: x\n---\n# Hello *world*\n\n## Hello world\n\n[a](b.md) <b>raw</b>\n\n```rust\nlet x = \"<tag>\";\n```\n", &mut Plain);
        assert_eq!(r.headings[0].id, "hello-world");
        assert_eq!(r.headings[1].id, "hello-world-2");
        assert!(r.html.contains("href=\"b.html\""));
        assert!(r.html.contains("<b>raw</b>"), "raw HTML is kept");
        assert!(
            r.html.contains("&lt;tag&gt;"),
            "code stays code: {}",
            r.html
        );
        assert!(r.html.contains("hl-"), "highlighted");
        assert!(!r.html.contains("title: x"));
    }
}
