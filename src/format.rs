//! `waymark fmt`: journey blocks laid out one way — header lines, stages and their
//! attributes, steps and their lanes each at their own indentation, one space after a
//! colon, options in braces written `{key: value, …}`, one blank line before a stage —
//! with comments kept and everything outside journey fences left byte for byte.
//!
//! Formatting never changes meaning: the file is read again after formatting and must
//! give the same journeys, personas and diagnostics (spans aside); a block for which it
//! would not is left as it is, and so is a block with errors.

mod lines;

use crate::diagnostics::Diagnostic;
use crate::journey::source::{find_blocks, is_mermaid_journey, FenceOptions};
use crate::journey::{parse_source, Block, Dialect, SourceKind};

/// A file's text after formatting.
#[derive(Debug, Clone, Default)]
pub struct Formatted {
    /// The formatted text.
    pub text: String,
    /// Whether it differs from the input.
    pub changed: bool,
    /// Blocks left as they are, each with the reason (a block with errors, or one whose
    /// formatting would change how it reads).
    pub skipped: Vec<Diagnostic>,
}

/// One file as `waymark fmt` found it.
#[derive(Debug, Clone)]
pub struct FormattedFile {
    /// The file as named (or `<stdin>`).
    pub name: std::path::PathBuf,
    /// Its text as read.
    pub before: String,
    /// Its text formatted, and what was left alone.
    pub formatted: Formatted,
}

/// Formats the journeys of every file in `paths` (folders searched for `.md`, `.journey`,
/// `.mmd` and `.mermaid` files; `-` is standard input). Nothing is written.
pub fn format_paths(
    paths: &[std::path::PathBuf],
    options: FenceOptions,
) -> Result<Vec<FormattedFile>, crate::Error> {
    let mut out = Vec::new();
    for found in crate::sources::collect(paths)? {
        let input = crate::sources::read_input(&found.path)?;
        // A folder may hold Mermaid files of other diagrams: those are not journeys.
        if !found.named && input.kind == SourceKind::MermaidFile && !is_mermaid_journey(&input.text)
        {
            continue;
        }
        let formatted = format_source(&input.text, input.kind, options);
        out.push(FormattedFile {
            name: input.name,
            before: input.text,
            formatted,
        });
    }
    Ok(out)
}

/// Replaces the file at `path` with `text` without a moment where it is half-written: the
/// text goes to a file beside it, which then takes its place (keeping its permissions).
pub fn write_in_place(path: &std::path::Path, text: &str) -> Result<(), crate::Error> {
    let err = |source| crate::Error::Write {
        path: path.to_path_buf(),
        source,
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let temp = path.with_file_name(format!(".{name}.waymark-fmt"));
    let permissions = std::fs::metadata(path).map_err(err)?.permissions();
    std::fs::write(&temp, text).map_err(err)?;
    let moved =
        std::fs::set_permissions(&temp, permissions).and_then(|()| std::fs::rename(&temp, path));
    if let Err(e) = moved {
        let _ = std::fs::remove_file(&temp);
        return Err(err(e));
    }
    Ok(())
}

/// Formats every journey block of a file's `text`.
pub fn format_source(text: &str, kind: SourceKind, options: FenceOptions) -> Formatted {
    let blocks = match kind {
        SourceKind::Journey => vec![Block::whole(text, 0, Dialect::Journey)],
        SourceKind::MermaidFile if is_mermaid_journey(text) => {
            vec![Block::whole(text, 0, Dialect::Mermaid)]
        }
        SourceKind::MermaidFile => Vec::new(),
        SourceKind::Markdown => find_blocks(text, options),
    };
    let before = Meaning::of(text, kind, options);
    let mut skipped = Vec::new();
    let mut edits: Vec<(usize, usize, String)> = Vec::new();
    for block in &blocks {
        let parsed = crate::journey::parse_block(block);
        if parsed.diagnostics.iter().any(Diagnostic::is_error) {
            skipped.push(
                Diagnostic::warning(
                    first_line(text, block),
                    "this journey is not formatted: it has errors",
                )
                .with_help("fix the errors `waymark check` reports, then format again"),
            );
            continue;
        }
        if let Some(edit) = edit_for(text, block) {
            edits.push(edit);
        }
    }
    // All blocks at once; when the result reads differently, block by block to find the
    // ones to leave alone.
    let all = apply(text, &edits);
    let out = if Meaning::of(&all, kind, options) == before {
        all
    } else {
        let mut current = text.to_string();
        for edit in edits.iter().rev() {
            let candidate = apply(&current, std::slice::from_ref(edit));
            if Meaning::of(&candidate, kind, options) == before {
                current = candidate;
            } else {
                skipped.push(
                    Diagnostic::warning(
                        crate::journey::Span::new(edit.0, edit.0),
                        "this journey is left as it is: formatting it would change how it reads",
                    )
                    .with_help("please report this journey; its text is kept exactly as written"),
                );
            }
        }
        current
    };
    skipped.sort_by_key(|d| d.span.start);
    Formatted {
        changed: out != text,
        text: out,
        skipped,
    }
}

/// The span of a block's first line, for a message about the whole block.
fn first_line(text: &str, block: &Block) -> crate::journey::Span {
    let start = block.span.start.min(text.len());
    let end = text[start..].find('\n').map_or(text.len(), |i| start + i);
    crate::journey::Span::new(start, end)
}

/// The edit that formats `block`: its lines in the file and their new text; `None` when
/// nothing changes.
fn edit_for(text: &str, block: &Block) -> Option<(usize, usize, String)> {
    let formatted = lines::format_block(&block.text, block.dialect());
    if formatted == block.text {
        return None;
    }
    let start = block.file_offset(0);
    let end = start + block.text.len();
    if text.get(start..end) == Some(block.text.as_str()) {
        return Some((start, end, formatted));
    }
    // A fence in a list or block quote: every line carries the container's prefix.
    let line_start = text[..start.min(text.len())]
        .rfind('\n')
        .map_or(0, |i| i + 1);
    let prefix = &text[line_start..start.min(text.len())];
    if !prefix
        .chars()
        .all(|c| " >-*+.)".contains(c) || c.is_ascii_digit())
    {
        return None;
    }
    let last = block.file_offset(block.text.len().saturating_sub(1)) + 1;
    let cont = continuation(prefix);
    let mut out = String::new();
    for (i, line) in formatted.split_inclusive('\n').enumerate() {
        if i > 0 {
            if line.trim().is_empty() {
                out.push_str(cont.trim_end());
            } else {
                out.push_str(&cont);
            }
        }
        out.push_str(line);
    }
    Some((start, last.max(start), out))
}

/// The prefix lines after the first of a container carry: `> ` stays, a list marker
/// becomes spaces.
fn continuation(prefix: &str) -> String {
    prefix
        .chars()
        .map(|c| if c == '>' || c == ' ' { c } else { ' ' })
        .collect()
}

/// `text` with `edits` (sorted, not overlapping) applied.
fn apply(text: &str, edits: &[(usize, usize, String)]) -> String {
    let mut sorted: Vec<&(usize, usize, String)> = edits.iter().collect();
    sorted.sort_by_key(|e| e.0);
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for (start, end, new) in sorted {
        if *start < at || *end > text.len() {
            continue;
        }
        out.push_str(&text[at..*start]);
        out.push_str(new);
        at = *end;
    }
    out.push_str(&text[at..]);
    out
}

/// What a file says, without where it says it: its journeys and personas, and its
/// diagnostics' levels and messages.
#[derive(PartialEq)]
struct Meaning {
    model: serde_json::Value,
    diagnostics: Vec<(crate::diagnostics::Level, String)>,
}

impl Meaning {
    fn of(text: &str, kind: SourceKind, options: FenceOptions) -> Meaning {
        let parsed = parse_source(text, kind, options);
        let mut model = serde_json::json!({
            "journeys": parsed.journeys,
            "personas": parsed.personas,
        });
        strip_spans(&mut model);
        Meaning {
            model,
            diagnostics: parsed
                .diagnostics
                .into_iter()
                .map(|d| (d.level, d.message))
                .collect(),
        }
    }
}

fn strip_spans(value: &mut serde_json::Value) {
    match value {
        serde_json::Value::Object(map) => {
            map.remove("span");
            map.values_mut().for_each(strip_spans);
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(strip_spans),
        _ => {}
    }
}
