//! What surrounds a block's lines or spans several of them: the fence's attributes,
//! `---` front matter, and `accDescr { … }`.

use super::checks::{is_lang_tag, is_slug};
use super::lex::{first_word, line_breaks, Line};
use super::Parser;
use crate::diagnostics::Diagnostic;
use crate::journey::keywords::{self, did_you_mean};
use crate::journey::model::{Layout, Span};

impl<'b> Parser<'b> {
    /// Reads `layout=…`, `theme=…` and `lang=…` from the fence's info string.
    pub(super) fn read_fence_info(&mut self) {
        let Some((info, span)) = self.block.info.clone() else {
            return;
        };
        // Spans of info attributes are in the file already.
        let mut offset = 0;
        for part in info.split_whitespace() {
            let at = offset + info[offset..].find(part).unwrap_or(0);
            offset = at + part.len();
            let pspan = Span::new(span.start + at, span.start + at + part.len());
            let Some((key, value)) = part.split_once('=') else {
                self.diagnostics.push(
                    Diagnostic::error(pspan, format!("`{part}` in the fence is not `key=value`"))
                        .with_help("write attributes like `journey layout=table theme=dark`"),
                );
                continue;
            };
            let value = value.trim_matches(|c| c == '"' || c == '\'');
            match key.to_ascii_lowercase().as_str() {
                "layout" => match Layout::from_name(value) {
                    Some(l) => self.journey.layout = Some(l),
                    None => {
                        let d = unknown_layout(value, pspan);
                        self.diagnostics.push(d);
                    }
                },
                "theme" if is_slug(value) => {
                    self.journey.theme = Some(value.to_string());
                    self.journey.header_spans.theme = Some(pspan);
                }
                "theme" => self.diagnostics.push(
                    Diagnostic::error(pspan, format!("`{value}` is not a theme name")).with_help(
                        "theme names use letters, digits, `-` and `_`, e.g. `theme=dark`",
                    ),
                ),
                "lang" if is_lang_tag(value) => {
                    self.journey.lang = Some(value.to_string());
                    self.journey.header_spans.lang = Some(pspan);
                }
                "lang" => self.diagnostics.push(
                    Diagnostic::error(pspan, format!("`{value}` is not a language tag"))
                        .with_help("use a BCP 47 tag such as `en`, `de` or `pt-BR`"),
                ),
                other => {
                    let mut d =
                        Diagnostic::error(pspan, format!("unknown fence attribute `{other}`"));
                    d = match did_you_mean(other, keywords::FENCE) {
                        Some(s) => d.with_help(format!("did you mean `{s}`?")),
                        None => d.with_help("fence attributes are `layout`, `theme` and `lang`"),
                    };
                    self.diagnostics.push(d);
                }
            }
        }
    }

    /// Reads `---` front matter at the top of the block; returns the first line after it.
    pub(super) fn front_matter(&mut self, lines: &[Line<'b>]) -> usize {
        let Some(first) = lines.iter().position(|l| !l.text.trim().is_empty()) else {
            return lines.len();
        };
        if lines[first].text.trim() != "---" {
            return 0;
        }
        for (j, line) in lines.iter().enumerate().skip(first + 1) {
            let t = line.text.trim();
            if t == "---" {
                return j + 1;
            }
            if line.indent == 0 {
                if let Some(v) = t.strip_prefix("title:") {
                    let v = v.trim();
                    let unquoted = v
                        .strip_prefix('"')
                        .and_then(|v| v.strip_suffix('"'))
                        .or_else(|| v.strip_prefix('\'').and_then(|v| v.strip_suffix('\'')))
                        .unwrap_or(v);
                    if !unquoted.is_empty() {
                        self.journey.title = Some(line_breaks(unquoted));
                    }
                }
            }
        }
        let l = lines[first];
        self.error(
            l.start,
            l.start + l.text.len(),
            "front matter is not closed",
        )
        .label("this `---` opens front matter")
        .help("end the front matter with a line holding only `---`");
        lines.len()
    }

    /// Reads `accDescr { … }`, which may span lines, when `line` starts one. Returns the
    /// next line to read and the text after the closing `}` (read as a line of its own,
    /// as Mermaid reads `}title …`).
    pub(super) fn acc_descr_block(
        &mut self,
        line: &Line<'b>,
        lines: &[Line<'b>],
        next: usize,
    ) -> Option<(usize, Option<Line<'b>>)> {
        let (content, at) = line.content();
        let (word, _, _) = first_word(content);
        if !word.eq_ignore_ascii_case("accDescr") {
            return None;
        }
        let after = content[word.len()..].trim_start();
        let body = after.strip_prefix('{')?;
        self.started = true;
        // Where `body` starts in the line, so the text after `}` keeps its offsets.
        let body_in_line = (at - line.start) + (content.len() - body.len());
        let mut pieces = Vec::new();
        let body_text = &line.text[body_in_line..];
        if let Some(close) = body_text.find('}') {
            pieces.push(body_text[..close].trim());
            self.set_acc_descr(&pieces);
            return Some((next, rest_of(line, body_in_line + close)));
        }
        pieces.push(body_text.trim());
        let mut j = next;
        while j < lines.len() {
            let l = lines[j];
            j += 1;
            // Mermaid drops comment lines before it reads the description.
            if l.text.trim_start().starts_with("%%") {
                continue;
            }
            if let Some(close) = l.text.find('}') {
                pieces.push(l.text[..close].trim());
                self.set_acc_descr(&pieces);
                return Some((j, rest_of(&l, close)));
            }
            pieces.push(l.text.trim());
        }
        self.error(at, at + content.len(), "`accDescr {` is never closed")
            .help("end the description with `}` on its own line");
        Some((lines.len(), None))
    }

    /// The description's lines, trimmed, blank ones left out (Mermaid's `\n\s+` → `\n`).
    fn set_acc_descr(&mut self, pieces: &[&str]) {
        let text: Vec<&str> = pieces.iter().copied().filter(|p| !p.is_empty()).collect();
        self.journey.acc_descr = Some(text.join("\n"));
    }
}

/// The text after the `}` at byte `close` of `line`, as a line of its own.
fn rest_of<'b>(line: &Line<'b>, close: usize) -> Option<Line<'b>> {
    let text = &line.text[close + 1..];
    (!text.trim().is_empty()).then_some(Line {
        text,
        start: line.start + close + 1,
        indent: line.indent,
    })
}

/// The error for a layout name waymark does not know.
pub(super) fn unknown_layout(value: &str, span: Span) -> Diagnostic {
    let names: Vec<&str> = Layout::ALL.iter().map(|l| l.name()).collect();
    let d = Diagnostic::error(span, format!("unknown layout `{value}`"));
    match did_you_mean(value, &names) {
        Some(s) => d.with_help(format!("did you mean `{s}`? Layouts: {}", names.join(", "))),
        None => d.with_help(format!("use one of: {}", names.join(", "))),
    }
}
