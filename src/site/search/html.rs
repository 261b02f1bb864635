//! A page's body HTML read as a reader sees it: its text in sections, each starting at a
//! heading (or at a step of a map) that a result can link to. Only the HTML waymark writes
//! is read here, so a small scanner does: no scripts, styles or pictures, nothing hidden
//! from assistive technology, and each map once (from its journey, not its three drawings).

use crate::journey::Journey;
use std::borrow::Cow;

/// A part of a page a result can point at.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub(crate) struct Section {
    /// The fragment that leads to it (a heading's or a map step's id; empty: the page top).
    pub anchor: String,
    /// Its heading (a step's name for a step).
    pub heading: String,
    /// Its text, whitespace collapsed.
    pub text: String,
    /// The language of its words, when the page or journey names one.
    pub lang: Option<String>,
}

/// Elements whose content is not read: code for the browser, drawings (a map's text comes
/// from its journey), and what the page hides (and a map's downloads, by class).
const SKIPPED: &[&str] = &["script", "style", "svg", "template", "noscript", "head"];
/// Elements inside which text runs on without a break.
const INLINE: &[&str] = &[
    "a", "abbr", "b", "bdi", "cite", "code", "del", "em", "i", "ins", "kbd", "mark", "q", "s",
    "samp", "small", "span", "strong", "sub", "sup", "time", "u", "var",
];

/// One tag: its name (lowercase), whether it closes, self-closes, and its attributes.
struct Tag<'a> {
    name: Cow<'a, str>,
    closing: bool,
    empty: bool,
    /// Its attributes as written, up to its `>`: read again at each lookup, since most
    /// tags are asked for one or two and a map's drawing has thousands of tags.
    attrs: &'a str,
}

impl<'a> Tag<'a> {
    fn attr(&self, name: &str) -> Option<Cow<'a, str>> {
        Attrs::new(self.attrs)
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| decode(v))
    }
    fn has_class(&self, class: &str) -> bool {
        self.attr("class")
            .is_some_and(|c| c.split_ascii_whitespace().any(|c| c == class))
    }
}

/// A tag's attributes as written (name, value before decoding), from after its name to
/// its `>`; [`Attrs::end`] then says where the tag ends, or `None` when it never does.
struct Attrs<'a> {
    s: &'a str,
    i: usize,
    empty: bool,
    end: Option<usize>,
}

impl<'a> Attrs<'a> {
    fn new(s: &'a str) -> Self {
        Attrs {
            s,
            i: 0,
            empty: false,
            end: None,
        }
    }
}

impl<'a> Iterator for Attrs<'a> {
    type Item = (&'a str, &'a str);

    fn next(&mut self) -> Option<Self::Item> {
        let (s, bytes) = (self.s, self.s.as_bytes());
        loop {
            let mut i = self.i;
            while i < bytes.len() && bytes[i].is_ascii_whitespace() {
                i += 1;
            }
            match bytes.get(i)? {
                b'>' => {
                    self.i = bytes.len();
                    self.end = Some(i + 1);
                    return None;
                }
                b'/' => {
                    self.empty = true;
                    self.i = i + 1;
                    continue;
                }
                _ => {}
            }
            let n0 = i;
            while i < bytes.len()
                && !matches!(bytes[i], b'=' | b'>' | b'/')
                && !bytes[i].is_ascii_whitespace()
            {
                i += 1;
            }
            let name = &s[n0..i];
            let mut value = "";
            if bytes.get(i) == Some(&b'=') {
                i += 1;
                match bytes.get(i) {
                    Some(&q @ (b'"' | b'\'')) => {
                        let Some(close) = s[i + 1..].find(q as char) else {
                            self.i = bytes.len();
                            return None;
                        };
                        value = &s[i + 1..i + 1 + close];
                        i += close + 2;
                    }
                    _ => {
                        let v0 = i;
                        while i < bytes.len() && bytes[i] != b'>' && !bytes[i].is_ascii_whitespace()
                        {
                            i += 1;
                        }
                        value = &s[v0..i];
                    }
                }
            }
            if name.is_empty() {
                // A stray `=`: passed over, a whole character at a time.
                i += s[i..].chars().next().map_or(1, char::len_utf8);
                self.i = i;
                continue;
            }
            self.i = i;
            return Some((name, value));
        }
    }
}

/// Reads the tag starting after `<` in `s`; returns it and the bytes it took (`>` included).
fn tag(s: &str) -> Option<(Tag<'_>, usize)> {
    let bytes = s.as_bytes();
    let closing = bytes.first() == Some(&b'/');
    let start = usize::from(closing);
    let mut i = start;
    while i < bytes.len() && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'-') {
        i += 1;
    }
    if i == start {
        return None;
    }
    let name = &s[start..i];
    let name = match name.bytes().any(|b| b.is_ascii_uppercase()) {
        true => Cow::Owned(name.to_ascii_lowercase()),
        false => Cow::Borrowed(name),
    };
    let mut attrs = Attrs::new(&s[i..]);
    attrs.by_ref().for_each(drop);
    let end = i + attrs.end?;
    Some((
        Tag {
            name,
            closing,
            empty: attrs.empty,
            attrs: &s[i..end],
        },
        end,
    ))
}

/// The length of the tag after `<` in `s` when a map's figure has no use for it: not a
/// figure (which nests) and not a step anchor. A map's drawing has thousands of tags and
/// only those matter, so the others are passed over to their `>` unread: every attribute
/// value waymark writes has its `>` escaped.
fn passed_over_in_map(s: &str) -> Option<usize> {
    let name = s.strip_prefix('/').unwrap_or(s);
    let name_len = name
        .bytes()
        .position(|b| !(b.is_ascii_alphanumeric() || b == b'-'))
        .unwrap_or(name.len());
    let end = s.find('>')?;
    let wanted = name[..name_len].eq_ignore_ascii_case("figure") || s[..end].contains("wm-step");
    (!wanted && name_len > 0).then_some(end + 1)
}

/// The character a reference after `&` stands for, and the length of the reference
/// (its `;` included); `None` when it is none waymark or pulldown-cmark writes.
fn char_reference(after_amp: &str) -> Option<(char, usize)> {
    let end = after_amp.get(..12).unwrap_or(after_amp).find(';')?;
    let name = &after_amp[..end];
    let c = match name {
        // Read as the space it shows as: the snippets' reader leaves `&nbsp;` alone.
        "nbsp" => ' ',
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        _ => {
            let code = match name.strip_prefix("#x").or_else(|| name.strip_prefix("#X")) {
                Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                None => name.strip_prefix('#')?.parse().ok()?,
            };
            char::from_u32(code)?
        }
    };
    Some((c, end + 1))
}

/// Text with its character references decoded (those waymark and pulldown-cmark write).
fn decode(text: &str) -> Cow<'_, str> {
    if !text.contains('&') {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at + 1..];
        match char_reference(rest) {
            Some((c, len)) => {
                out.push(c);
                rest = &rest[len..];
            }
            None => out.push('&'),
        }
    }
    out.push_str(rest);
    Cow::Owned(out)
}

/// The text of a page waymark makes itself as a reader sees it, read from its HTML a
/// part at a time (a register at 100,000 pages is a 130 MB body, written a row at a
/// time) and handed on a piece at a time: tags left out, character references decoded
/// (search shows text, so `&#39;` must become `'`), whitespace collapsed as [`sections`]
/// collapses it. The pieces, one after another, are the whole text; each ends at the end
/// of a word and the next starts with its space. A tag may run on into the next part; a
/// character reference may not (each part is whole HTML: a row, or what a template wrote
/// around the rows).
#[derive(Debug, Default)]
pub(crate) struct PlainText {
    /// Text not handed on yet.
    out: String,
    /// Whitespace came after the last character kept.
    gap: bool,
    /// Inside a tag.
    inside: bool,
}

impl PlainText {
    /// Text gathered before it is handed on.
    const PIECE: usize = 64 * 1024;

    /// Reads `html`, the next part, handing on each piece of text that is ready.
    pub(crate) fn read(&mut self, html: &str, piece: &mut impl FnMut(&str)) {
        let mut rest = html;
        while let Some(c) = rest.chars().next() {
            rest = &rest[c.len_utf8()..];
            match c {
                '<' => self.inside = true,
                '>' => {
                    self.inside = false;
                    self.push(' ', piece);
                }
                '&' if !self.inside => match char_reference(rest) {
                    Some((decoded, len)) => {
                        self.push(decoded, piece);
                        rest = &rest[len..];
                    }
                    None => self.push('&', piece),
                },
                c if !self.inside => self.push(c, piece),
                _ => {}
            }
        }
    }

    fn push(&mut self, c: char, piece: &mut impl FnMut(&str)) {
        if c.is_whitespace() {
            if self.out.len() >= Self::PIECE {
                piece(&self.out);
                self.out.clear();
                self.gap = true;
            } else {
                self.gap |= !self.out.is_empty();
            }
        } else {
            if self.gap {
                self.out.push(' ');
                self.gap = false;
            }
            self.out.push(c);
        }
    }

    /// Hands on the rest of the text.
    pub(crate) fn finish(self, piece: &mut impl FnMut(&str)) {
        if !self.out.is_empty() {
            piece(&self.out);
        }
    }
}

/// The sections of a page waymark makes itself, of `text` (its [`PlainText`], or as
/// much of it as its passage needs) in `lang`: one, at the top, as [`sections`] reads
/// the page.
pub(crate) fn text_sections(text: String, lang: Option<&str>) -> Vec<Section> {
    if text.is_empty() {
        return Vec::new();
    }
    vec![Section {
        text,
        lang: lang.map(str::to_string),
        ..Section::default()
    }]
}

/// What the scanner is inside of.
enum Skip {
    /// Reading text.
    No,
    /// Inside a skipped element: its name and how deeply it nests.
    Element(String, usize),
    /// Inside map `n`'s figure: the ids of its step anchors so far.
    Map(usize, Vec<String>, usize),
}

/// Collects sections as the scanner goes.
struct Sections {
    done: Vec<Section>,
    current: Section,
    /// Inside a heading: its level.
    heading: Option<String>,
    lang: Option<String>,
}

impl Sections {
    fn push_text(&mut self, text: &str) {
        let into = if self.heading.is_some() {
            &mut self.current.heading
        } else {
            &mut self.current.text
        };
        into.push_str(text);
    }
    fn gap(&mut self) {
        self.push_text(" ");
    }
    fn start(&mut self, next: Section) {
        let done = std::mem::replace(&mut self.current, next);
        let done = tidy(done);
        if !done.text.is_empty() || !done.heading.is_empty() {
            self.done.push(done);
        }
    }
}

fn collapse(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for word in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

fn tidy(mut s: Section) -> Section {
    s.text = collapse(&s.text);
    s.heading = collapse(&s.heading);
    s
}

/// The sections of a page body `html` in `lang`; `journeys` are its maps in the order
/// they were drawn (`map-1`, `map-2`…), read instead of their drawings.
pub(crate) fn sections(html: &str, lang: Option<&str>, journeys: &[&Journey]) -> Vec<Section> {
    let lang = lang.map(str::to_string);
    let mut out = Sections {
        done: Vec::new(),
        current: Section {
            lang: lang.clone(),
            ..Section::default()
        },
        heading: None,
        lang,
    };
    let mut skip = Skip::No;
    let mut rest = html;
    while !rest.is_empty() {
        let Some(lt) = rest.find('<') else {
            if matches!(skip, Skip::No) {
                out.push_text(&decode(rest));
            }
            break;
        };
        if lt > 0 && matches!(skip, Skip::No) {
            out.push_text(&decode(&rest[..lt]));
        }
        rest = &rest[lt + 1..];
        if let Some(comment) = rest.strip_prefix("!--") {
            rest = comment.find("-->").map_or("", |end| &comment[end + 3..]);
            continue;
        }
        if matches!(skip, Skip::Map(..)) {
            if let Some(len) = passed_over_in_map(rest) {
                rest = &rest[len..];
                continue;
            }
        }
        let Some((t, len)) = tag(rest) else {
            if matches!(skip, Skip::No) {
                out.push_text("<");
            }
            continue;
        };
        rest = &rest[len..];
        match &mut skip {
            Skip::Element(name, depth) => {
                if *name == *t.name && !t.empty {
                    if t.closing {
                        *depth -= 1;
                        if *depth == 0 {
                            skip = Skip::No;
                            out.gap();
                        }
                    } else {
                        *depth += 1;
                    }
                }
                continue;
            }
            Skip::Map(n, steps, depth) => {
                if t.name == "figure" && !t.empty {
                    if t.closing {
                        *depth -= 1;
                    } else {
                        *depth += 1;
                    }
                }
                if t.has_class("wm-step") {
                    if let Some(id) = t.attr("id") {
                        steps.push(id.to_string());
                    }
                }
                if *depth == 0 {
                    let (n, steps) = (*n, std::mem::take(steps));
                    skip = Skip::No;
                    if let Some(j) = journeys.get(n - 1) {
                        map_sections(&mut out, j, n, &steps);
                    }
                }
                continue;
            }
            Skip::No => {}
        }
        if t.closing {
            if out.heading.as_deref() == Some(&*t.name) {
                out.heading = None;
            }
            if !INLINE.contains(&&*t.name) {
                out.gap();
            }
            continue;
        }
        if t.empty
            || matches!(
                &*t.name,
                "br" | "img" | "hr" | "input" | "meta" | "link" | "wbr"
            )
        {
            out.gap();
            continue;
        }
        let map = t
            .attr("id")
            .filter(|_| t.name == "figure" && t.has_class("waymark-figure"))
            .and_then(|id| {
                id.strip_prefix("map-")?
                    .strip_suffix("-figure")?
                    .parse::<usize>()
                    .ok()
            })
            .filter(|n| *n >= 1);
        if let Some(n) = map {
            skip = Skip::Map(n, Vec::new(), 1);
            continue;
        }
        // The downloads under a map are buttons, not text to find.
        if SKIPPED.contains(&&*t.name)
            || t.has_class("wm-downloads")
            || t.attr("aria-hidden").as_deref() == Some("true")
            || t.attr("hidden").is_some()
        {
            skip = Skip::Element(t.name.into_owned(), 1);
            continue;
        }
        if matches!(&*t.name, "h1" | "h2" | "h3" | "h4" | "h5" | "h6") {
            let next = Section {
                anchor: t.attr("id").unwrap_or_default().into_owned(),
                lang: out.lang.clone(),
                ..Section::default()
            };
            out.start(next);
            out.heading = Some(t.name.into_owned());
            continue;
        }
        if !INLINE.contains(&&*t.name) {
            out.gap();
        }
    }
    out.start(Section::default());
    out.done
}

/// A map's sections: its title and stages (at the figure), then one per step (at the
/// step's anchor when the drawing has them: `#map-1-step-2` is what the map viewer opens).
fn map_sections(out: &mut Sections, j: &Journey, n: usize, steps: &[String]) {
    let lang = j.lang.clone().or_else(|| out.lang.clone());
    let around = (out.current.anchor.clone(), out.current.heading.clone());
    let figure = format!("map-{n}-figure");
    let mut head = String::new();
    for stage in &j.stages {
        head.push_str(&stage.name);
        head.push_str(" · ");
    }
    out.start(Section {
        anchor: figure.clone(),
        heading: j.title.clone().unwrap_or_default(),
        text: head.trim_end_matches(" · ").to_string(),
        lang: lang.clone(),
    });
    let all: Vec<_> = j.stages.iter().flat_map(|s| &s.steps).collect();
    for (i, step) in all.iter().enumerate() {
        let words: Vec<&str> = crate::journey::lanes::search_words(step).collect();
        out.start(Section {
            anchor: steps.get(i).cloned().unwrap_or_else(|| figure.clone()),
            heading: step.name.clone(),
            text: words.join(" · "),
            lang: lang.clone(),
        });
    }
    // What follows the map belongs to the section the map is in, not to its last step.
    out.start(Section {
        anchor: around.0,
        heading: around.1,
        lang: out.lang.clone(),
        ..Section::default()
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_reads_as_its_escaped_html_does() {
        for text in [
            "",
            "  \n ",
            "Pain points\n\n  Slow   checkout &amp; a<b> R&D &nbsp; ✓ 支付 ",
            "one",
        ] {
            let html = crate::render::svg::escape(text);
            assert_eq!(
                text_sections(whole(&html), Some("de")),
                sections(&html, Some("de"), &[]),
                "{text:?}"
            );
        }
    }

    /// [`PlainText`]'s pieces of `html`, read whole, joined.
    fn whole(html: &str) -> String {
        pieces(html, html.len().max(1)).concat()
    }

    /// [`PlainText`]'s pieces of `html` read in parts of `part` bytes at most, each
    /// ending at the end of a tag.
    fn pieces(html: &str, part: usize) -> Vec<String> {
        let mut reader = PlainText::default();
        let mut pieces = Vec::new();
        let mut piece = |p: &str| pieces.push(p.to_string());
        let mut rest = html;
        while !rest.is_empty() {
            let end = rest[..part.min(rest.len())]
                .rfind('>')
                .map_or(rest.len(), |i| i + 1);
            reader.read(&rest[..end], &mut piece);
            rest = &rest[end..];
        }
        reader.finish(&mut piece);
        pieces
    }

    #[test]
    fn plain_text_leaves_tags_out_and_decodes_references() {
        assert_eq!(
            whole("<p>map&#39;s &amp; <b>R&amp;D</b> &#x2F; &lt;x&gt; &bogus; a&b</p>"),
            "map's & R&D / <x> &bogus; a&b"
        );
        assert_eq!(whole(" <p>a</p>\n\t<p>b&#32;&#160;c</p> "), "a b c");
    }

    #[test]
    fn a_long_text_comes_in_pieces_that_end_at_words() {
        let html: String = (0..40_000)
            .map(|n| format!("<td>wörd{n}</td>\n  <td>Pay &amp; go</td>"))
            .collect();
        let pieces = pieces(&html, 1000);
        assert!(pieces.len() > 4, "{}", pieces.len());
        for (n, piece) in pieces.iter().enumerate() {
            assert_eq!(piece.starts_with(' '), n > 0);
            assert!(!piece.ends_with(' '));
        }
        let expected: Vec<String> = (0..40_000).map(|n| format!("wörd{n} Pay & go")).collect();
        assert_eq!(pieces.concat(), expected.join(" "));
    }

    #[test]
    fn reads_sections_and_skips_what_is_not_read() {
        let html = "<h1 id=\"t\"><a class=\"anchor\" aria-hidden=\"true\" href=\"#t\">#</a>Title</h1>\
            <p>Intro &amp; more<br>line</p><script>var x = 'no';</script>\
            <h2 id=\"pay\">Pay<em>ment</em></h2><p>Card <code>ok</code></p><svg><text>drawn</text></svg>\
            <p class=\"wm-downloads\"><span>Download:</span> <a href=\"a.svg\">SVG</a></p>";
        let s = sections(html, Some("en"), &[]);
        assert_eq!(s.len(), 2, "{s:?}");
        assert_eq!(
            (s[0].anchor.as_str(), s[0].heading.as_str()),
            ("t", "Title")
        );
        assert_eq!(s[0].text, "Intro & more line");
        assert_eq!(
            (s[1].anchor.as_str(), s[1].heading.as_str()),
            ("pay", "Payment")
        );
        assert_eq!(s[1].text, "Card ok");
        assert_eq!(s[1].lang.as_deref(), Some("en"));
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig { cases: 300, .. Default::default() })]

        /// Raw HTML in a page reaches this reader as the author typed it.
        #[test]
        fn any_markup_is_read_without_a_panic(
            html in "(<[a-zA-Z/!=\"' é日>-]{0,12}|[^<]{0,6}|<figure class=\"waymark-figure\" id=\"map-1-figure\">){0,30}"
        ) {
            let _ = sections(&html, Some("en"), &[]);
            let _ = whole(&html);
        }
    }

    #[test]
    fn a_map_figure_is_passed_over_to_its_own_end() {
        // Without its journey a map gives no sections; what follows its figure is read,
        // however its drawing nests figures or mentions step classes in its text.
        let html = "<p>Before</p><figure class=\"waymark-figure\" id=\"map-1-figure\">\
            <svg><g class=\"wm-step\" id=\"map-1-step-1\"><text>a &gt; wm-step</text></g>\
            <FIGURE><p>inner</p></FIGURE><figure/></svg><table><tr><td>cell</td></tr></table>\
            </figure><p>After</p>";
        let s = sections(html, None, &[]);
        assert_eq!(s.len(), 1, "{s:?}");
        assert_eq!(s[0].text, "Before After");
    }
}
