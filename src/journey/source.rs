//! Finds journey blocks in files: every ` ```journey ` fence of a markdown file (in lists
//! and block quotes too) and, when asked, every ` ```mermaid ` fence holding a journey;
//! or the whole of a `.journey` or `.mmd` file. Where a block comes from decides its
//! [`Dialect`].

use super::model::{Journey, Persona, Span};
use super::parser::{parse_block, Block, Dialect};
use crate::diagnostics::Diagnostic;
use pulldown_cmark::{CodeBlockKind, Event, Options, Parser, Tag, TagEnd};
use std::path::Path;

/// What kind of file a source is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SourceKind {
    /// Markdown with journey fences (` ```journey `, and ` ```mermaid ` when asked).
    Markdown,
    /// A `.journey` file: one journey (or persona definitions), no markdown.
    Journey,
    /// A `.mmd` / `.mermaid` file: one Mermaid diagram, read as Mermaid reads it. A
    /// diagram that is not a `journey` is an error.
    MermaidFile,
}

impl SourceKind {
    /// The kind of file `path` is, by its extension; `None` for files waymark does not read.
    /// A folder may hold Mermaid files with other diagrams: whoever walks one decides
    /// whether to read those (see [`is_mermaid_journey`]).
    pub fn of(path: &Path) -> Option<SourceKind> {
        match path.extension()?.to_str()?.to_ascii_lowercase().as_str() {
            "md" | "markdown" => Some(SourceKind::Markdown),
            "journey" => Some(SourceKind::Journey),
            "mmd" | "mermaid" => Some(SourceKind::MermaidFile),
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

/// The first word of a Mermaid diagram, which names its type (`journey`, `graph`, …),
/// and its offset; what Mermaid skips before it (blank lines, closed `---` front matter,
/// `%%` comments and `%%{…}%%` directives) is skipped too. `None` when nothing is left.
pub fn mermaid_diagram_type(text: &str) -> Option<(usize, &str)> {
    let space = |c: char| c.is_whitespace() || c == '\u{feff}';
    let lines = text.split_inclusive('\n').scan(0, |at, line| {
        let start = *at;
        *at += line.len();
        Some((start, line))
    });
    let mut in_front_matter = false;
    let mut in_directive = false;
    let mut first = true;
    for (start, line) in lines {
        let t = line.trim_matches(space);
        if in_front_matter {
            in_front_matter = t != "---";
        } else if in_directive {
            in_directive = !t.contains("}%%");
        } else if t.is_empty() {
        } else if std::mem::take(&mut first) && t == "---" {
            in_front_matter = true;
        } else if t.starts_with("%%") {
            in_directive = t.starts_with("%%{") && !t.contains("}%%");
        } else {
            let at = start + (line.len() - line.trim_start_matches(space).len());
            let word = text[at..]
                .split(|c: char| c.is_whitespace() || c == '%' || c == ';')
                .next()
                .unwrap_or("");
            return Some((at, word));
        }
    }
    None
}

/// Whether a Mermaid diagram is a journey: it starts with `journey`, as Mermaid's own
/// detector (`/^\s*journey/`, case-sensitive) decides. Front matter that never closes
/// hides the diagram from Mermaid, so it is no journey.
pub fn is_mermaid_journey(text: &str) -> bool {
    mermaid_diagram_type(text).is_some_and(|(_, word)| word.starts_with("journey"))
}

fn is_mermaid_journey_fence(info: &str, text: &str) -> bool {
    info.split_whitespace().next() == Some("mermaid") && is_mermaid_journey(text)
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
                let (attrs, dialect) = match journey_info(&info) {
                    Some(attrs) => (attrs.to_string(), Dialect::Journey),
                    None if options.mermaid && is_mermaid_journey_fence(&info, &text) => {
                        (String::new(), Dialect::Mermaid)
                    }
                    None => continue,
                };
                let pieces = pieces.iter().map(|(t, at)| (t.as_str(), *at));
                let block = Block::from_pieces(pieces, span, dialect);
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

/// Parses every journey in a file's text. `options` matter for markdown only: a Mermaid
/// file is always read as Mermaid.
pub fn parse_source(text: &str, kind: SourceKind, options: FenceOptions) -> SourceParse {
    let mut out = SourceParse::default();
    let blocks = match kind {
        SourceKind::Journey => vec![Block::whole(text, 0, Dialect::Journey)],
        SourceKind::Markdown => find_blocks(text, options),
        SourceKind::MermaidFile => match mermaid_diagram_type(text) {
            _ if is_mermaid_journey(text) => vec![Block::whole(text, 0, Dialect::Mermaid)],
            Some((at, word)) => {
                // A long first word is shown cut short.
                let word = word
                    .char_indices()
                    .nth(40)
                    .map_or(word, |(i, _)| &word[..i]);
                out.diagnostics.push(
                    Diagnostic::error(
                        Span::new(at, at + word.len()),
                        format!("this Mermaid file holds a `{word}` diagram, not a journey"),
                    )
                    .with_help("waymark reads Mermaid diagrams that start with `journey`"),
                );
                Vec::new()
            }
            None => {
                // Nothing but blank lines and comments, or front matter that never closes.
                let rest = text.trim_start_matches(|c: char| c.is_whitespace() || c == '\u{feff}');
                let at = text.len() - rest.len();
                let d = if text[at..].starts_with("---") {
                    Diagnostic::error(Span::new(at, at + 3), "front matter is not closed")
                        .with_help("end the front matter with a line holding only `---`")
                } else {
                    Diagnostic::error(Span::new(0, 0), "this Mermaid file holds no diagram")
                        .with_help("write a journey: `journey` on the first line, then `section` and steps such as `Make tea: 5: Me`")
                };
                out.diagnostics.push(d);
                Vec::new()
            }
        },
    };
    for block in &blocks {
        let parsed = parse_block(block);
        out.journeys.extend(parsed.journey);
        out.personas.extend(parsed.personas);
        out.diagnostics.extend(parsed.diagnostics);
    }
    out
}

/// `text` with each of `blocks` (found in it, in order) replaced by what `replacement`
/// gives for its index (`None` leaves the block as it is). Replacements are written on one line, and the line break that
/// ended a fence is kept, so the markdown around each map keeps its structure. The one
/// fence splicer of `waymark render` and `waymark mdbook`.
pub fn splice(
    text: &str,
    blocks: &[Block],
    mut replacement: impl FnMut(usize) -> Option<String>,
) -> String {
    let mut out = String::with_capacity(text.len() * 2);
    let mut at = 0;
    for (i, block) in blocks.iter().enumerate() {
        let (start, end) = (
            block.span.start.min(text.len()),
            block.span.end.min(text.len()),
        );
        if start < at {
            continue;
        }
        let Some(new) = replacement(i) else {
            continue;
        };
        out.push_str(&text[at..start]);
        out.push_str(&new.replace('\n', " "));
        if text[..end].ends_with('\n') {
            out.push('\n');
        }
        at = end;
    }
    out.push_str(&text[at..]);
    out
}
