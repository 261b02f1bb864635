//! Finds journey blocks in files: every ` ```journey ` fence of a markdown file (in lists
//! and block quotes too), or the whole of a `.journey` file.

use super::model::{Journey, Persona, Span};
use super::parser::{parse_block, Block};
use crate::diagnostics::Diagnostic;
use pulldown_cmark::{CodeBlockKind, Event, Options, Parser, Tag, TagEnd};
use std::path::Path;

/// What kind of file a source is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SourceKind {
    /// Markdown with journey fences.
    Markdown,
    /// A `.journey` file: one journey (or persona definitions), no markdown.
    Journey,
}

impl SourceKind {
    /// The kind of file `path` is, by its extension; `None` for files waymark does not read.
    pub fn of(path: &Path) -> Option<SourceKind> {
        match path.extension()?.to_str()?.to_ascii_lowercase().as_str() {
            "md" | "markdown" => Some(SourceKind::Markdown),
            "journey" => Some(SourceKind::Journey),
            _ => None,
        }
    }
}

/// Everything found in one file.
#[derive(Debug, Clone, Default)]
pub struct SourceParse {
    /// The journeys, in file order.
    pub journeys: Vec<Journey>,
    /// Persona definitions, in file order.
    pub personas: Vec<Persona>,
    /// Problems, in file order.
    pub diagnostics: Vec<Diagnostic>,
}

/// The pulldown-cmark options every markdown pass of waymark uses, so that all passes
/// agree on where blocks are.
pub fn markdown_options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_YAML_STYLE_METADATA_BLOCKS
        | Options::ENABLE_PLUSES_DELIMITED_METADATA_BLOCKS
}

/// Which fences hold journeys.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct FenceOptions {
    /// Also read ` ```mermaid ` fences whose diagram is a `journey`.
    pub mermaid: bool,
}

/// Whether a fence's info string marks a journey block; returns the attributes after the word.
pub fn journey_info(info: &str) -> Option<&str> {
    let info = info.trim();
    let word_end = info.find(char::is_whitespace).unwrap_or(info.len());
    (&info[..word_end] == "journey").then(|| info[word_end..].trim())
}

fn is_mermaid_journey(info: &str, text: &str) -> bool {
    info.split_whitespace().next() == Some("mermaid")
        && text
            .lines()
            .map(str::trim)
            .find(|l| !l.is_empty() && !l.starts_with("%%"))
            .is_some_and(|l| {
                l.eq_ignore_ascii_case("journey") || l.to_ascii_lowercase().starts_with("journey ")
            })
}

/// Every journey block in markdown `source`, with its text mapped back to the file.
pub fn find_blocks(source: &str, options: FenceOptions) -> Vec<Block> {
    let mut blocks = Vec::new();
    // The fence being read: its info string, its span, and its text pieces with offsets.
    type Open = (String, Span, Vec<(String, usize)>);
    let mut current: Option<Open> = None;
    for (event, range) in Parser::new_ext(source, markdown_options()).into_offset_iter() {
        match event {
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))) => {
                current = Some((
                    info.to_string(),
                    Span::new(range.start, range.end),
                    Vec::new(),
                ));
            }
            Event::Text(text) => {
                if let Some((_, _, pieces)) = current.as_mut() {
                    // Text usually equals its source bytes; when the parser rewrote it
                    // (tabs in containers), positions stay close to the range's start.
                    pieces.push((text.to_string(), range.start));
                }
            }
            Event::End(TagEnd::CodeBlock) => {
                let Some((info, span, pieces)) = current.take() else {
                    continue;
                };
                let text: String = pieces.iter().map(|(t, _)| t.as_str()).collect();
                let attrs = match journey_info(&info) {
                    Some(attrs) => attrs.to_string(),
                    None if options.mermaid && is_mermaid_journey(&info, &text) => String::new(),
                    None => continue,
                };
                let block =
                    Block::from_pieces(pieces.iter().map(|(t, at)| (t.as_str(), *at)), span);
                let block = if attrs.is_empty() {
                    block
                } else {
                    let first_line_end = source[span.start..span.end]
                        .find('\n')
                        .map_or(span.end, |i| span.start + i);
                    let at = source[span.start..first_line_end]
                        .find(attrs.as_str())
                        .map_or(span.start, |i| span.start + i);
                    block.with_info(attrs.clone(), Span::new(at, at + attrs.len()))
                };
                blocks.push(block);
            }
            _ => {}
        }
    }
    blocks
}

/// Parses every journey in a file's text.
pub fn parse_source(text: &str, kind: SourceKind, options: FenceOptions) -> SourceParse {
    let blocks = match kind {
        SourceKind::Journey => vec![Block::contiguous(text, 0)],
        SourceKind::Markdown => find_blocks(text, options),
    };
    let mut out = SourceParse::default();
    for block in &blocks {
        let parsed = parse_block(block);
        out.journeys.extend(parsed.journey);
        out.personas.extend(parsed.personas);
        out.diagnostics.extend(parsed.diagnostics);
    }
    out
}
