//! Reads one journey block, line by line, into a [`Journey`] and diagnostics.
//!
//! The grammar is Mermaid's `journey` (title, accTitle, accDescr, section, `Task: score:
//! actors`, `%%` comments, front matter) plus `keyword value` lines for the journey,
//! `key: value` lines for stages and steps, and persona definitions. The parser never
//! stops at a problem: it reports it and goes on with the next line.

use super::keywords::{self, did_you_mean, is_one_of};
use super::model::*;
use crate::diagnostics::Diagnostic;

/// The text of one journey block and where each part of it sits in its file.
#[derive(Debug, Clone)]
pub struct Block {
    /// The block's text, with markdown container prefixes (`> `, list indentation) removed.
    pub text: String,
    /// `(offset in text, offset in file)` for each contiguous piece, sorted.
    segments: Vec<(usize, usize)>,
    /// The words after `journey` in the fence's info string, and where they are.
    pub info: Option<(String, Span)>,
    /// The whole block in its file (fences included).
    pub span: Span,
}

impl Block {
    /// A block whose text is a contiguous run of its file starting at `base`.
    pub fn contiguous(text: impl Into<String>, base: usize) -> Self {
        let text = text.into();
        let span = Span::new(base, base + text.len());
        Block {
            text,
            segments: vec![(0, base)],
            info: None,
            span,
        }
    }

    /// A block assembled from pieces of its file: `(piece, offset of the piece in the file)`.
    pub fn from_pieces<'a>(pieces: impl IntoIterator<Item = (&'a str, usize)>, span: Span) -> Self {
        let mut text = String::new();
        let mut segments = Vec::new();
        for (piece, at) in pieces {
            segments.push((text.len(), at));
            text.push_str(piece);
        }
        if segments.is_empty() {
            segments.push((0, span.start));
        }
        Block {
            text,
            segments,
            info: None,
            span,
        }
    }

    /// Sets the fence's info-string attributes.
    pub fn with_info(mut self, info: String, span: Span) -> Self {
        self.info = Some((info, span));
        self
    }

    /// The file offset of byte `offset` of the block's text.
    pub fn file_offset(&self, offset: usize) -> usize {
        let i = self.segments.partition_point(|&(b, _)| b <= offset);
        let (b, f) = self.segments[i.saturating_sub(1)];
        f + (offset - b)
    }

    /// The file span of block bytes `start..end`.
    pub fn span(&self, start: usize, end: usize) -> Span {
        let s = self.file_offset(start);
        Span::new(s, self.file_offset(end.max(start)).max(s))
    }
}

/// What one block holds.
#[derive(Debug, Clone, Default)]
pub struct Parsed {
    /// The journey; `None` when the block only defines personas or is empty.
    pub journey: Option<Journey>,
    /// Personas defined in the block.
    pub personas: Vec<Persona>,
    /// Everything worth telling the author, in source order.
    pub diagnostics: Vec<Diagnostic>,
}

/// Parses one journey block.
pub fn parse_block(block: &Block) -> Parsed {
    let mut p = Parser::new(block);
    p.run();
    p.finish()
}

/// One line of the block.
#[derive(Clone, Copy)]
struct Line<'t> {
    /// The line without its end (`\n`, `\r\n`) and without a trailing comment.
    text: &'t str,
    /// Block offset of the line's first byte.
    start: usize,
    /// Width of the leading white space, a tab counting to the next multiple of four.
    indent: usize,
}

impl<'t> Line<'t> {
    /// The text after the indentation, and its offset in the block.
    fn content(&self) -> (&'t str, usize) {
        let trimmed = self.text.trim_start();
        (
            trimmed.trim_end(),
            self.start + (self.text.len() - trimmed.len()),
        )
    }
}

/// One `key: value` inside the braces after a pain point or opportunity.
struct LaneOption<'v> {
    key: &'v str,
    key_at: usize,
    value: &'v str,
    value_at: usize,
}

struct PersonaDef {
    persona: Persona,
    indent: usize,
    attributes: usize,
}

struct Parser<'b> {
    block: &'b Block,
    journey: Journey,
    diagnostics: Vec<Diagnostic>,
    personas: Vec<Persona>,
    persona_refs: Vec<(String, Span)>,
    defining: Option<PersonaDef>,
    /// Indentation of the last step line, while a step is open.
    step_indent: Option<usize>,
    /// A stage was opened by `section` (not just made up for steps before the first one).
    explicit_stage: bool,
    /// Something other than comments and blank lines has been read.
    started: bool,
    loops: Vec<(String, String, Option<String>, Span)>,
    journey_fields: bool,
}

fn strip_comment(text: &str) -> &str {
    // Mermaid ends a line at `%%` unless it follows `}` (directive ends like `}%%`).
    let bytes = text.as_bytes();
    let mut i = 0;
    while let Some(pos) = text[i..].find("%%") {
        let at = i + pos;
        if at == 0 || bytes[at - 1] != b'}' {
            return &text[..at];
        }
        i = at + 2;
    }
    text
}

fn indent_width(text: &str) -> usize {
    let mut width = 0;
    for b in text.bytes() {
        match b {
            b' ' => width += 1,
            b'\t' => width = (width / 4 + 1) * 4,
            _ => break,
        }
    }
    width
}

/// Replaces Mermaid's `<br>`, `<br/>` and `<br />` with a line break.
pub(crate) fn line_breaks(text: &str) -> String {
    if !text.contains('<') {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(pos) = rest.find('<') {
        out.push_str(&rest[..pos]);
        let tail = &rest[pos..];
        let tag_len = ["<br>", "<br/>", "<br />"]
            .iter()
            .find(|t| {
                tail.len() >= t.len()
                    && tail.is_char_boundary(t.len())
                    && tail[..t.len()].eq_ignore_ascii_case(t)
            })
            .map(|t| t.len());
        match tag_len {
            Some(n) => {
                out.push('\n');
                rest = &tail[n..];
            }
            None => {
                out.push('<');
                rest = &tail[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// Parses a score as Mermaid writes it: a finite decimal number.
fn parse_number(text: &str) -> Option<f64> {
    let t = text.trim();
    if t.is_empty()
        || !t
            .bytes()
            .all(|b| b.is_ascii_digit() || b"+-.eE".contains(&b))
    {
        return None;
    }
    t.parse::<f64>().ok().filter(|n| n.is_finite())
}

/// Whether `value` (what follows `key:`) reads as Mermaid task data: `score` or `score: actors`.
fn looks_like_score(value: &str) -> bool {
    parse_number(value.split(':').next().unwrap_or("")).is_some()
}

/// Splits `word rest` into the first word and the trimmed rest with its offset.
fn first_word(text: &str) -> (&str, &str, usize) {
    let end = text
        .find(|c: char| c.is_whitespace() || c == ':' || c == '{')
        .unwrap_or(text.len());
    let word = &text[..end];
    let after = &text[end..];
    let rest = after.trim_start();
    (word, rest.trim_end(), end + (after.len() - rest.len()))
}

fn is_valid_date(text: &str) -> bool {
    let b = text.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return false;
    }
    let num = |r: std::ops::Range<usize>| text.get(r).and_then(|s| s.parse::<u32>().ok());
    let (Some(y), Some(m), Some(d)) = (num(0..4), num(5..7), num(8..10)) else {
        return false;
    };
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    (1..=days).contains(&d)
}

fn is_lang_tag(text: &str) -> bool {
    let mut parts = text.split(['-', '_']);
    let first_ok = parts
        .next()
        .is_some_and(|p| (2..=3).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphabetic()));
    first_ok
        && parts.all(|p| (1..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphanumeric()))
}

fn is_slug(text: &str) -> bool {
    !text.is_empty()
        && text.len() <= 64
        && text
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// Whether a URL may be put in a link: http(s), mailto, or relative.
pub fn is_safe_url(url: &str, allow_mailto: bool) -> bool {
    let url = url.trim();
    if url.is_empty() || url.chars().any(|c| c.is_control() || c.is_whitespace()) {
        return false;
    }
    let scheme_end = url.find(':');
    let path_start = url.find(['/', '?', '#']);
    match scheme_end {
        Some(colon) if path_start.is_none_or(|p| colon < p) => {
            let scheme = url[..colon].to_ascii_lowercase();
            scheme == "http" || scheme == "https" || (allow_mailto && scheme == "mailto")
        }
        // No scheme: a relative URL, but not protocol-relative (`//host`).
        _ => !url.starts_with("//") && !url.starts_with("\\\\"),
    }
}

/// `[label](url)` / `![alt](url)` or a bare URL; returns (label, url).
fn split_markdown_link(value: &str, bang: bool) -> (Option<String>, String) {
    let v = value.trim();
    let v2 = if bang { v.strip_prefix('!') } else { Some(v) };
    if let Some(inner) = v2.and_then(|v| v.strip_prefix('[')) {
        if let Some(close) = inner.find("](") {
            if let Some(url) = inner[close + 2..].strip_suffix(')') {
                return (
                    Some(inner[..close].trim().to_string()),
                    url.trim().to_string(),
                );
            }
        }
    }
    (None, v.to_string())
}

impl<'b> Parser<'b> {
    fn new(block: &'b Block) -> Self {
        Parser {
            block,
            journey: Journey {
                span: block.span,
                ..Journey::default()
            },
            diagnostics: Vec::new(),
            personas: Vec::new(),
            persona_refs: Vec::new(),
            defining: None,
            step_indent: None,
            explicit_stage: false,
            started: false,
            loops: Vec::new(),
            journey_fields: false,
        }
    }

    fn span(&self, start: usize, end: usize) -> Span {
        self.block.span(start, end)
    }

    fn error(&mut self, start: usize, end: usize, message: impl Into<String>) -> &mut Diagnostic {
        let span = self.span(start, end);
        self.diagnostics.push(Diagnostic::error(span, message));
        self.diagnostics.last_mut().expect("just pushed")
    }

    fn warning(&mut self, start: usize, end: usize, message: impl Into<String>) -> &mut Diagnostic {
        let span = self.span(start, end);
        self.diagnostics.push(Diagnostic::warning(span, message));
        self.diagnostics.last_mut().expect("just pushed")
    }

    fn lines(&self) -> Vec<Line<'b>> {
        let text = self.block.text.as_str();
        let mut lines = Vec::new();
        let mut start = 0;
        let bom = text.starts_with('\u{feff}');
        if bom {
            start = 3;
        }
        for raw in text[start..].split_inclusive('\n') {
            let line = raw.strip_suffix('\n').unwrap_or(raw);
            let line = line.strip_suffix('\r').unwrap_or(line);
            lines.push(Line {
                text: line,
                start,
                indent: indent_width(line),
            });
            start += raw.len();
        }
        lines
    }

    fn run(&mut self) {
        self.read_fence_info();
        let lines = self.lines();
        let mut i = self.front_matter(&lines);
        while i < lines.len() {
            let line = lines[i];
            i += 1;
            let full = line.text.trim();
            if full.is_empty() || full.starts_with("%%") {
                continue;
            }
            if let Some(end) = self.acc_descr_block(&line, &lines, i) {
                i = end;
                continue;
            }
            let text = strip_comment(line.text);
            let line = Line { text, ..line };
            if line.text.trim().is_empty() {
                continue;
            }
            if let Some(def) = &self.defining {
                if line.indent <= def.indent {
                    self.end_persona_definition();
                }
            }
            self.line(line);
            self.started = true;
        }
        self.end_persona_definition();
    }

    /// Reads `---` front matter at the top of the block; returns the first line after it.
    fn front_matter(&mut self, lines: &[Line<'b>]) -> usize {
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

    /// Handles `accDescr { … }`, which may span lines; returns the next line to read.
    fn acc_descr_block(
        &mut self,
        line: &Line<'b>,
        lines: &[Line<'b>],
        next: usize,
    ) -> Option<usize> {
        let (content, at) = line.content();
        let (word, _, _) = first_word(content);
        if !word.eq_ignore_ascii_case("accDescr") {
            return None;
        }
        let after = content[word.len()..].trim_start();
        let body = after.strip_prefix('{')?;
        self.started = true;
        let mut text = String::new();
        if let Some(close) = body.find('}') {
            text.push_str(body[..close].trim());
            self.journey.acc_descr = Some(text);
            return Some(next);
        }
        text.push_str(body.trim());
        let mut j = next;
        while j < lines.len() {
            let l = lines[j].text;
            j += 1;
            if let Some(close) = l.find('}') {
                let piece = l[..close].trim();
                if !piece.is_empty() {
                    if !text.is_empty() {
                        text.push('\n');
                    }
                    text.push_str(piece);
                }
                self.journey.acc_descr = Some(text);
                return Some(j);
            }
            let piece = l.trim();
            if !text.is_empty() {
                text.push('\n');
            }
            text.push_str(piece);
        }
        self.error(at, at + content.len(), "`accDescr {` is never closed")
            .help("end the description with `}` on its own line");
        Some(lines.len())
    }

    fn read_fence_info(&mut self) {
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
                        let d = self.unknown_layout(value, pspan);
                        self.diagnostics.push(d);
                    }
                },
                "theme" if is_slug(value) => self.journey.theme = Some(value.to_string()),
                "theme" => self.diagnostics.push(
                    Diagnostic::error(pspan, format!("`{value}` is not a theme name")).with_help(
                        "theme names use letters, digits, `-` and `_`, e.g. `theme=dark`",
                    ),
                ),
                "lang" if is_lang_tag(value) => self.journey.lang = Some(value.to_string()),
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

    fn unknown_layout(&self, value: &str, span: Span) -> Diagnostic {
        let names: Vec<&str> = Layout::ALL.iter().map(|l| l.name()).collect();
        let d = Diagnostic::error(span, format!("unknown layout `{value}`"));
        match did_you_mean(value, &names) {
            Some(s) => d.with_help(format!("did you mean `{s}`? Layouts: {}", names.join(", "))),
            None => d.with_help(format!("use one of: {}", names.join(", "))),
        }
    }

    fn line(&mut self, line: Line<'b>) {
        let (content, at) = line.content();
        let (word, rest, rest_at) = first_word(content);
        let after_word = &content[word.len()..];
        let has_space = after_word.starts_with(|c: char| c.is_whitespace());
        let colon_follows = after_word.trim_start().starts_with(':');
        let lower = word.to_ascii_lowercase();

        // `journey` opens a Mermaid diagram.
        if lower == "journey" && rest.is_empty() {
            return;
        }
        // accTitle: / accDescr:
        if (lower == "acctitle" || lower == "accdescr") && colon_follows {
            let value = after_word.trim_start()[1..].trim();
            if value.is_empty() {
                self.error(at, at + content.len(), format!("`{word}:` needs text"))
                    .help(format!("write `{word}: …` with the text on the same line"));
            } else if lower == "acctitle" {
                self.journey.acc_title = Some(value.to_string());
            } else {
                self.journey.acc_descr = Some(value.to_string());
            }
            return;
        }
        // `keyword value` lines.
        if has_space && !colon_follows {
            if is_one_of(&lower, keywords::STAGE_START) {
                self.start_stage(rest, at, rest_at, content.len());
                return;
            }
            // `Market research: 3: Me` is a Mermaid task, not the `market` keyword.
            let task_like = rest
                .split_once(':')
                .is_some_and(|(_, data)| looks_like_score(data));
            if is_one_of(&lower, keywords::JOURNEY) && (lower == "title" || !task_like) {
                self.journey_keyword(&lower, rest, line, at + rest_at, at, content.len());
                return;
            }
        }
        if word.len() == content.len() {
            // A lone word: `section` or `title` without text, or a typo.
            if is_one_of(&lower, keywords::STAGE_START) || is_one_of(&lower, keywords::JOURNEY) {
                self.error(at, at + content.len(), format!("`{word}` needs a value"))
                    .help(format!("write `{lower} …` with the value on the same line"));
                return;
            }
        }
        if let Some(colon) = content.find(':') {
            self.colon_line(line, content, at, colon);
            return;
        }
        // No colon and no keyword.
        let mut all: Vec<&str> = keywords::JOURNEY.to_vec();
        all.extend_from_slice(keywords::STAGE_START);
        all.extend_from_slice(&["journey", "accTitle", "accDescr"]);
        let w_end = at + word.len();
        if let Some(s) = did_you_mean(word, &all) {
            self.error(at, w_end, format!("unknown keyword `{word}`"))
                .label(format!("did you mean `{s}`?"))
                .help(format!("did you mean `{s}`?"));
        } else {
            self.error(at, at + content.len(), "this line is neither a keyword nor a step")
                .help("steps are written `Step name: score: actors` (the score and actors may be left out: `Step name:`); lanes are written `key: value` under a step");
        }
    }

    fn colon_line(&mut self, line: Line<'b>, content: &str, at: usize, colon: usize) {
        let key = content[..colon].trim();
        let value_raw = &content[colon + 1..];
        let value = value_raw.trim();
        let value_at = at + colon + 1 + (value_raw.len() - value_raw.trim_start().len());
        let lower = key.to_ascii_lowercase();
        let canon = keywords::canonical(&lower).or_else(|| {
            [
                keywords::STEP,
                keywords::STAGE,
                keywords::PERSONA,
                keywords::JOURNEY,
            ]
            .iter()
            .flat_map(|l| l.iter())
            .find(|k| **k == lower)
            .copied()
        });
        let deeper_than_step = self.step_indent.is_some_and(|i| line.indent > i);
        let score_like = looks_like_score(value);
        let key_span = (at, at + key.len());

        if let Some(canon) = canon {
            // Persona definition attributes.
            if let Some(def) = &self.defining {
                if line.indent > def.indent && is_one_of(canon, keywords::PERSONA) {
                    self.persona_attribute(canon, value, value_at, key_span);
                    return;
                }
            }
            let is_step = is_one_of(canon, keywords::STEP);
            let is_stage = is_one_of(canon, keywords::STAGE);
            let has_step = self.step_indent.is_some();
            if !score_like || deeper_than_step {
                if is_step && has_step && (!is_stage || deeper_than_step) {
                    self.step_lane(canon, value, value_at, key_span);
                    return;
                }
                if is_stage && self.explicit_stage {
                    self.stage_attribute(canon, value, value_at, key_span);
                    return;
                }
                if canon == "goal" && !self.explicit_stage && self.journey.stages.is_empty() {
                    self.journey.goal = self.text_value(value, value_at, key_span, "goal");
                    return;
                }
                if is_step && !has_step && !score_like {
                    self.error(key_span.0, key_span.1, format!("`{key}:` describes a step, but no step comes before it"))
                        .help(format!("write a step line first (`Step name: score: actors`), then indent `{key}: …` under it"));
                    return;
                }
                if is_one_of(canon, keywords::JOURNEY) && !score_like {
                    self.journey_keyword(canon, value, line, value_at, at, content.len());
                    return;
                }
            }
        }
        self.step_line(line, content, at, colon);
    }

    fn text_value(
        &mut self,
        value: &str,
        value_at: usize,
        key_span: (usize, usize),
        key: &str,
    ) -> Option<String> {
        if value.is_empty() {
            self.error(
                key_span.0,
                key_span.1.max(value_at),
                format!("`{key}:` needs text"),
            )
            .help(format!("write the text after the colon: `{key}: …`"));
            None
        } else {
            Some(value.to_string())
        }
    }

    fn start_stage(&mut self, name: &str, at: usize, rest_at: usize, len: usize) {
        self.end_persona_definition();
        let name = line_breaks(name);
        self.journey.stages.push(Stage {
            name,
            span: self.span(at + rest_at.min(len), at + len),
            ..Stage::default()
        });
        self.explicit_stage = true;
        self.step_indent = None;
    }

    fn journey_keyword(
        &mut self,
        key: &str,
        value: &str,
        line: Line<'b>,
        value_at: usize,
        at: usize,
        len: usize,
    ) {
        let vspan = (value_at, value_at + value.len());
        self.journey_fields = true;
        match key {
            "title" => self.journey.title = Some(line_breaks(value)),
            "owner" => self.journey.owner = Some(value.to_string()),
            "market" | "region" => self.journey.market = Some(value.to_string()),
            "goal" => {
                if self.explicit_stage {
                    if let Some(stage) = self.journey.stages.last_mut() {
                        stage.goal = Some(value.to_string());
                    }
                } else {
                    self.journey.goal = Some(value.to_string());
                }
            }
            "persona" => {
                self.end_persona_definition();
                let span = self.span(vspan.0, vspan.1);
                self.persona_refs.push((value.to_string(), span));
                self.defining = Some(PersonaDef {
                    persona: Persona {
                        name: value.to_string(),
                        span,
                        ..Persona::default()
                    },
                    indent: line.indent,
                    attributes: 0,
                });
            }
            "scale" => self.scale(value, vspan),
            "reviewed" => {
                if is_valid_date(value) {
                    self.journey.reviewed = Some(value.to_string());
                    self.journey.header_spans.reviewed = Some(self.span(vspan.0, vspan.1));
                } else {
                    self.error(vspan.0, vspan.1, format!("`{value}` is not a date"))
                        .help("write the review date as YYYY-MM-DD, e.g. `reviewed 2026-09-30`");
                }
            }
            "lang" => {
                if is_lang_tag(value) {
                    self.journey.lang = Some(value.to_string());
                } else {
                    self.error(vspan.0, vspan.1, format!("`{value}` is not a language tag"))
                        .help("use a BCP 47 tag such as `en`, `de`, `ru` or `pt-BR`");
                }
            }
            "layout" => match Layout::from_name(value) {
                Some(l) => {
                    // The fence's attribute wins over the block's keyword.
                    if self
                        .block
                        .info
                        .as_ref()
                        .is_none_or(|(i, _)| !i.contains("layout="))
                    {
                        self.journey.layout = Some(l);
                    }
                }
                None => {
                    let d = self.unknown_layout(value, self.span(vspan.0, vspan.1));
                    self.diagnostics.push(d);
                }
            },
            "theme" => {
                if !is_slug(value) {
                    self.error(vspan.0, vspan.1, format!("`{value}` is not a theme name"))
                        .help("theme names use letters, digits, `-` and `_`, e.g. `theme dark`");
                } else if self
                    .block
                    .info
                    .as_ref()
                    .is_none_or(|(i, _)| !i.contains("theme="))
                {
                    self.journey.theme = Some(value.to_string());
                }
            }
            "loop" => {
                let (main, label) = match value.split_once(':') {
                    Some((m, l)) if !l.trim().is_empty() => (m, Some(l.trim().to_string())),
                    Some((m, _)) => (m, None),
                    None => (value, None),
                };
                let parts = main.split_once("->").or_else(|| main.split_once('→'));
                match parts {
                    Some((from, to)) if !from.trim().is_empty() && !to.trim().is_empty() => {
                        let span = self.span(at, at + len);
                        self.loops.push((
                            from.trim().to_string(),
                            to.trim().to_string(),
                            label,
                            span,
                        ));
                    }
                    _ => {
                        self.error(
                            vspan.0,
                            vspan.1,
                            "a loop names the stage it leaves and the stage it returns to",
                        )
                        .help("write `loop Advocacy -> Awareness` (optionally `: label`)");
                    }
                }
            }
            _ => {}
        }
    }

    fn scale(&mut self, value: &str, vspan: (usize, usize)) {
        let parsed = value
            .split_once("..")
            .and_then(|(a, b)| Some((parse_number(a)?, parse_number(b)?)));
        match parsed {
            Some((min, max)) if min < max => self.journey.scale = Scale { min, max },
            Some(_) => {
                self.error(
                    vspan.0,
                    vspan.1,
                    "the scale's first number must be lower than its second",
                )
                .help("write the worst score first, e.g. `scale -2..2`");
            }
            None => {
                self.error(vspan.0, vspan.1, format!("`{value}` is not a scale"))
                    .help("write the lowest and highest score with `..` between them: `scale 1..5`, `scale -2..2`, `scale 1..7`");
            }
        }
    }

    fn end_persona_definition(&mut self) {
        if let Some(def) = self.defining.take() {
            if def.attributes > 0 {
                self.personas.push(def.persona);
            }
        }
    }

    fn persona_attribute(
        &mut self,
        key: &str,
        value: &str,
        value_at: usize,
        key_span: (usize, usize),
    ) {
        let Some(text) = self.text_value(value, value_at, key_span, key) else {
            return;
        };
        let image = if key == "image" {
            Some(self.image(&text, value_at))
        } else {
            None
        };
        let Some(def) = self.defining.as_mut() else {
            return;
        };
        def.attributes += 1;
        let p = &mut def.persona;
        match key {
            "role" => p.role = Some(text),
            "about" | "description" => p.about = Some(text),
            "goal" => p.goals.push(text),
            "frustration" => p.frustrations.push(text),
            "quote" => p.quote = Some(text),
            "image" => p.image = image.flatten(),
            _ => {}
        }
    }

    fn stage_attribute(
        &mut self,
        key: &str,
        value: &str,
        value_at: usize,
        key_span: (usize, usize),
    ) {
        let Some(text) = self.text_value(value, value_at, key_span, key) else {
            return;
        };
        let Some(stage) = self.journey.stages.last_mut() else {
            return;
        };
        match key {
            "goal" => stage.goal = Some(text),
            "phase" => stage.phase = Some(text),
            "metric" => stage.metrics.push(text),
            _ => {}
        }
    }

    /// Splits a trailing `{key: value, …}` off `value`: the text before it, and each option
    /// as (key, key's offset, value, value's offset), offsets relative to `value`.
    fn options(value: &str) -> (&str, Vec<LaneOption<'_>>) {
        let trimmed = value.trim_end();
        let Some(open) = trimmed.ends_with('}').then(|| trimmed.rfind('{')).flatten() else {
            return (value, Vec::new());
        };
        let inner = &trimmed[open + 1..trimmed.len() - 1];
        let mut opts = Vec::new();
        let mut offset = open + 1;
        for part in inner.split(',') {
            let sep = part.find([':', '=']);
            let (k, v) = match sep {
                Some(i) => (&part[..i], &part[i + 1..]),
                None => (part, ""),
            };
            let key_at = offset + (k.len() - k.trim_start().len());
            let value_at =
                offset + sep.map_or(part.len(), |i| i + 1) + (v.len() - v.trim_start().len());
            opts.push(LaneOption {
                key: k.trim(),
                key_at,
                value: v.trim(),
                value_at,
            });
            offset += part.len() + 1;
        }
        (trimmed[..open].trim_end(), opts)
    }

    fn rating(
        &mut self,
        value: &str,
        at: usize,
        what: &str,
        max: u8,
        words: &[&str],
    ) -> Option<u8> {
        let lower = value.to_ascii_lowercase();
        if let Some(i) = words.iter().position(|w| *w == lower) {
            return Some(i as u8 + 1);
        }
        if let Ok(n) = lower.parse::<u8>() {
            if (1..=max).contains(&n) {
                return Some(n);
            }
        }
        self.error(at, at + value.len(), format!("`{value}` is not a {what}"))
            .help(format!("use one of {} (or 1 to {max})", words.join(", ")));
        None
    }

    fn step_lane(&mut self, key: &str, value: &str, value_at: usize, key_span: (usize, usize)) {
        if value.is_empty() {
            self.text_value(value, value_at, key_span, key);
            return;
        }
        let span_all = self.span(value_at, value_at + value.len());
        match key {
            "pain" => {
                let (text, opts) = Self::options(value);
                let mut severity = Severity::Medium;
                for o in opts {
                    if o.key.eq_ignore_ascii_case("severity") {
                        let words: Vec<&str> = Severity::ALL.iter().map(|s| s.name()).collect();
                        if let Some(n) =
                            self.rating(o.value, value_at + o.value_at, "severity", 4, &words)
                        {
                            severity = Severity::ALL[n as usize - 1];
                        }
                    } else {
                        self.unknown_option(
                            o.key,
                            value_at + o.key_at,
                            keywords::PAIN_OPTIONS,
                            "pain",
                        );
                    }
                }
                let text = self.nonempty_text(text, value_at, "pain");
                if let Some(step) = self.current_step() {
                    step.pains.push(Pain {
                        text,
                        severity,
                        span: span_all,
                    });
                }
            }
            "opportunity" => {
                let (text, opts) = Self::options(value);
                let (mut impact, mut effort) = (None, None);
                let words: Vec<&str> = Rating::ALL.iter().map(|s| s.name()).collect();
                for o in opts {
                    let vat = value_at + o.value_at;
                    let rating = |p: &mut Self| {
                        p.rating(o.value, vat, "rating", 3, &words)
                            .map(|n| Rating::ALL[n as usize - 1])
                    };
                    match o.key.to_ascii_lowercase().as_str() {
                        "impact" => impact = rating(self),
                        "effort" => effort = rating(self),
                        _ => self.unknown_option(
                            o.key,
                            value_at + o.key_at,
                            keywords::OPPORTUNITY_OPTIONS,
                            "opportunity",
                        ),
                    }
                }
                let text = self.nonempty_text(text, value_at, "opportunity");
                if let Some(step) = self.current_step() {
                    step.opportunities.push(Opportunity {
                        text,
                        impact,
                        effort,
                        span: span_all,
                    });
                }
            }
            "link" => {
                let (label, url) = split_markdown_link(value, false);
                if !is_safe_url(&url, true) {
                    self.error(value_at, value_at + value.len(), format!("`{url}` is not a link waymark will publish"))
                        .help("links may be http(s)://, mailto: or relative paths; write `link: [Label](https://…)`");
                    return;
                }
                let label = label
                    .filter(|l| !l.is_empty())
                    .unwrap_or_else(|| url.clone());
                if let Some(step) = self.current_step() {
                    step.links.push(Link { label, url });
                }
            }
            "image" => {
                if let Some(image) = self.image(value, value_at) {
                    if let Some(step) = self.current_step() {
                        step.images.push(image);
                    }
                }
            }
            _ => {
                let text = value.to_string();
                if let Some(step) = self.current_step() {
                    let lane = match key {
                        "touchpoint" => &mut step.touchpoints,
                        "channel" => &mut step.channels,
                        "thought" => &mut step.thoughts,
                        "feeling" => &mut step.feelings,
                        "need" => &mut step.needs,
                        "barrier" => &mut step.barriers,
                        "frontstage" => &mut step.frontstage,
                        "backstage" => &mut step.backstage,
                        "support" => &mut step.support,
                        "metric" => &mut step.metrics,
                        "quote" | "evidence" => &mut step.quotes,
                        _ => &mut step.notes,
                    };
                    lane.push(text);
                }
            }
        }
    }

    fn nonempty_text(&mut self, text: &str, at: usize, key: &str) -> String {
        if text.trim().is_empty() {
            self.error(
                at,
                at + 1,
                format!("`{key}:` needs text before its options"),
            )
            .help(format!("write `{key}: what happens {{…}}`"));
        }
        text.trim().to_string()
    }

    fn unknown_option(&mut self, key: &str, at: usize, known: &[&str], lane: &str) {
        let d = self.error(
            at,
            at + key.len().max(1),
            format!("unknown option `{key}` on `{lane}`"),
        );
        match did_you_mean(key, known) {
            Some(s) => d.help(format!("did you mean `{s}`?")),
            None => d.help(format!("`{lane}` takes: {}", known.join(", "))),
        };
    }

    fn image(&mut self, value: &str, value_at: usize) -> Option<Image> {
        let (alt, url) = split_markdown_link(value, true);
        if !is_safe_url(&url, false) {
            self.error(value_at, value_at + value.len(), format!("`{url}` is not an image waymark will publish"))
                .help("images may be http(s):// URLs or relative paths; write `image: ![Alt text](path/to/picture.png)`");
            return None;
        }
        Some(Image {
            alt: alt.unwrap_or_default(),
            url,
        })
    }

    fn current_step(&mut self) -> Option<&mut Step> {
        self.journey
            .stages
            .last_mut()
            .and_then(|s| s.steps.last_mut())
    }

    /// `Task name: score: actor, actor`
    fn step_line(&mut self, line: Line<'b>, content: &str, at: usize, colon: usize) {
        self.end_persona_definition();
        let name = content[..colon].trim();
        let data = &content[colon + 1..];
        let mut pieces = data.splitn(2, ':');
        let score_raw = pieces.next().unwrap_or("");
        let actors_raw = pieces.next();
        let score_text = score_raw.trim();
        let score_at = at + colon + 1 + (score_raw.len() - score_raw.trim_start().len());
        let span = self.span(at, at + content.len());

        if name.is_empty() {
            self.error(at, at + content.len(), "this step has no name")
                .help("write the step's name before the colon: `Step name: score: actors`");
        }
        let score = if score_text.is_empty() || score_text == "-" {
            None
        } else {
            match parse_number(score_text) {
                Some(n) => Some(n),
                None => {
                    if self.bad_score(name, score_text, score_at, at) {
                        // A misspelt lane: attach nothing, so later lanes stay on their step.
                        return;
                    }
                    None
                }
            }
        };
        let mut actors = Vec::new();
        if let Some(raw) = actors_raw {
            if raw.contains(':') {
                let extra = at + colon + 1 + score_raw.len() + 1 + raw.find(':').unwrap_or(0);
                self.warning(extra, extra + 1, "a third `:` in a step line")
                    .help("Mermaid drops what follows a third `:`; waymark reads it as more actors. Separate actors with `,`");
            }
            actors = raw
                .split([',', ':'])
                .map(str::trim)
                .filter(|a| !a.is_empty())
                .map(line_breaks)
                .collect();
        }
        if self.journey.stages.is_empty() {
            // Mermaid allows tasks before the first section; they form an unnamed stage.
            self.journey.stages.push(Stage {
                span,
                ..Stage::default()
            });
        }
        let step = Step {
            name: line_breaks(name),
            score,
            actors,
            span,
            ..Step::default()
        };
        if let Some(stage) = self.journey.stages.last_mut() {
            stage.steps.push(step);
        }
        self.step_indent = Some(line.indent);
    }

    /// Reports a score that is not a number; returns whether the line was a misspelt lane.
    fn bad_score(&mut self, name: &str, score: &str, score_at: usize, at: usize) -> bool {
        let mut lanes: Vec<&str> = keywords::STEP.to_vec();
        lanes.extend_from_slice(keywords::STAGE);
        lanes.extend_from_slice(keywords::PERSONA);
        if !name.contains(char::is_whitespace) {
            if let Some(s) = did_you_mean(name, &lanes) {
                self.error(at, at + name.len(), format!("unknown lane `{name}`"))
                    .label(format!("did you mean `{s}`?"))
                    .help(format!("did you mean `{s}: …`? (as written, this line is a step whose score `{score}` is not a number)"));
                return true;
            }
            let mut journey_kw: Vec<&str> = keywords::JOURNEY.to_vec();
            journey_kw.extend_from_slice(keywords::STAGE_START);
            if let Some(s) = did_you_mean(name, &journey_kw).or_else(|| {
                journey_kw
                    .iter()
                    .find(|k| k.eq_ignore_ascii_case(name))
                    .copied()
            }) {
                self.error(
                    at,
                    at + name.len(),
                    format!("`{name}:` is read as a step with the score `{score}`"),
                )
                .help(format!(
                    "journey keywords take no colon: write `{s} {score}`"
                ));
                return true;
            }
        }
        self.error(score_at, score_at + score.len(), format!("the score `{score}` is not a number"))
            .label("expected a number")
            .help("steps are written `Step name: score: actors` with a number as score (e.g. `Sees an ad: 4: Maya`), or `Step name:` for no score; to describe a step, indent `thought: …` or another lane under it");
        false
    }

    fn finish(mut self) -> Parsed {
        self.end_persona_definition();
        let j = &mut self.journey;
        let stage_names: Vec<String> = j.stages.iter().map(|s| s.name.clone()).collect();
        for (from, to, label, span) in std::mem::take(&mut self.loops) {
            let missing: Vec<&String> = [&from, &to]
                .into_iter()
                .filter(|n| !stage_names.iter().any(|s| s.eq_ignore_ascii_case(n)))
                .collect();
            if missing.is_empty() {
                j.loops.push(Loop {
                    from,
                    to,
                    label,
                    span,
                });
            } else {
                self.diagnostics.push(
                    Diagnostic::warning(
                        span,
                        format!(
                            "the loop names `{}`, which is not a stage of this journey",
                            missing[0]
                        ),
                    )
                    .with_help(format!(
                        "stages here: {}",
                        stage_names
                            .iter()
                            .map(|s| format!("`{s}`"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    )),
                );
            }
        }
        let is_journey = !j.stages.is_empty()
            || j.title.is_some()
            || j.acc_title.is_some()
            || (self.journey_fields && self.personas.is_empty())
            || (self.personas.is_empty() && !self.persona_refs.is_empty());
        let scale = j.scale;
        let mut extra = Vec::new();
        for stage in &j.stages {
            if stage.steps.is_empty() {
                extra.push(
                    Diagnostic::warning(
                        stage.span,
                        format!("the stage `{}` has no steps", stage.name),
                    )
                    .with_help(
                        "add steps under it (`Step name: score: actors`) or remove the section",
                    ),
                );
            }
            for step in &stage.steps {
                if let Some(score) = step.score {
                    if !scale.contains(score) {
                        extra.push(
                            Diagnostic::warning(step.span, format!("the score {score} is outside the scale {}..{}", scale.min, scale.max))
                                .with_help(format!("use a score from {} to {}, or set the journey's scale (e.g. `scale -2..2`); it is drawn at the nearest end", scale.min, scale.max)),
                        );
                    }
                }
            }
        }
        self.diagnostics.extend(extra);
        if is_journey {
            if self.persona_refs.len() > 1 {
                let (name, span) = &self.persona_refs[1];
                self.diagnostics.push(
                    Diagnostic::warning(*span, format!("a journey has one main persona; `{name}` is not used as it"))
                        .with_help("define further personas in a block of their own and keep one `persona` line per journey"),
                );
            }
            j.persona = self.persona_refs.first().map(|(n, _)| n.clone());
            j.header_spans.persona = self.persona_refs.first().map(|(_, s)| *s);
            if j.stages.is_empty() {
                self.diagnostics.push(
                    Diagnostic::warning(self.block.span, "this journey has no steps")
                        .with_help("add a `section` and steps such as `Sees an ad: 4: Maya`"),
                );
            }
        } else if self.personas.is_empty() && !self.started {
            self.diagnostics.push(
                Diagnostic::warning(self.block.span, "this journey block is empty").with_help(
                    "write a journey in it (`title …`, `section …`, `Step: 5: Actor`) or remove it",
                ),
            );
        }
        j.personas = self.personas.clone();
        self.diagnostics.sort_by_key(|d| (d.span.start, d.span.end));
        Parsed {
            journey: is_journey.then(|| std::mem::take(&mut self.journey)),
            personas: self.personas,
            diagnostics: self.diagnostics,
        }
    }
}
