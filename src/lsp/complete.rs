//! Completion: what may come next at the cursor, read from the line before it. The words
//! come from where the language declares them (`journey::keywords`, `journey::lanes`,
//! the model's severities and ratings), names from the workspace.

use super::reference;
use super::workspace::{Document, Workspace};
use crate::journey::keywords;
use crate::journey::lanes::{self, Content};
use crate::journey::{Journey, Layout, Rating, Severity};
use lsp_types::{CompletionItem, CompletionItemKind, Documentation, MarkupContent, MarkupKind};

/// Channels that get an icon of their own on the map, as people usually write them.
/// A unit test checks that each still gets its own icon.
const CHANNELS: &[&str] = &[
    "web",
    "app",
    "email",
    "phone",
    "store",
    "chat",
    "social",
    "ad",
    "post",
    "word of mouth",
];

/// What may be written at byte `offset` of `doc`; empty outside journey blocks.
pub(crate) fn complete(ws: &Workspace, doc: &Document, offset: usize) -> Vec<CompletionItem> {
    let Some(block) = doc.block_at(offset) else {
        return Vec::new();
    };
    let line = doc.lines.line_of(offset);
    let line_start = doc.lines.start(line, &doc.text);
    let before = &doc.text[line_start..offset.max(line_start)];
    let body = unquote(before).trim_start();
    // Indented past the block's own indentation (a fence in a list is indented itself).
    let fence_line = doc.lines.line_of(block.span.start);
    let indented = indent(before) > indent(doc.lines.line_text(fence_line, &doc.text));
    let journey = block.journey.as_ref();

    // The first word of the line: a keyword, a lane or an attribute.
    if !body.contains([' ', ':', '\t']) {
        let fence_indent = indent(doc.lines.line_text(fence_line, &doc.text));
        return line_starts(doc, offset, indented.then_some(fence_indent));
    }
    let (head, rest) = body.split_once([' ', ':', '\t']).unwrap_or((body, ""));
    let head_word = head.trim().to_lowercase();
    let lane =
        lanes::find(&head_word).or_else(|| keywords::canonical(&head_word).and_then(lanes::find));
    let after_colon = body
        .trim_start()
        .get(head.len()..)
        .is_some_and(|r| r.starts_with(':'));

    match head_word.as_str() {
        "persona" if !after_colon => return persona_names(ws),
        "layout" if !after_colon => {
            return words(Layout::NAMES, CompletionItemKind::ENUM_MEMBER, "layout")
        }
        "loop" if !after_colon => return journey.map(stage_names).unwrap_or_default(),
        _ => {}
    }
    if let (Some(lane), true) = (lane, after_colon) {
        let open_brace = rest.rfind('{').filter(|&b| !rest[b..].contains('}'));
        return match (lane.content, open_brace) {
            (Content::Pains(_), Some(b)) => options(&rest[b..], keywords::PAIN_OPTIONS, |_| {
                Severity::ALL.iter().map(|s| s.name()).collect()
            }),
            (Content::Opportunities(_), Some(b)) => {
                options(&rest[b..], keywords::OPPORTUNITY_OPTIONS, |_| {
                    Rating::ALL.iter().map(|r| r.name()).collect()
                })
            }
            _ if lane.keyword == "channel" => channel_names(ws),
            _ => Vec::new(),
        };
    }
    // A step: `Name: score: actors`; actors come after the second colon.
    if body.matches(':').count() >= 2 && lane.is_none() {
        return persona_names(ws);
    }
    Vec::new()
}

/// A line without the `>` marks of the block quotes it is in.
fn unquote(line: &str) -> &str {
    let mut s = line;
    while let Some(rest) = s.trim_start().strip_prefix('>') {
        s = rest.strip_prefix(' ').unwrap_or(rest);
    }
    s
}

/// The width of a line's indentation, block quote marks left out.
fn indent(line: &str) -> usize {
    let s = unquote(line);
    s.len() - s.trim_start().len()
}

/// The words a line may start with. Indented lines describe a step, a stage or a persona,
/// so those come first there; journey keywords come first at the left edge.
/// `indented` holds the block's own indentation when the line is indented past it.
fn line_starts(doc: &Document, offset: usize, indented: Option<usize>) -> Vec<CompletionItem> {
    let in_persona = indented.is_some_and(|base| under_persona(doc, offset, base));
    let mut out = Vec::new();
    let mut add = |list: &[&str], kind, group: &str, colon: bool, rank: u8| {
        for w in list {
            let mut item = keyword_item(w, kind, group);
            if colon {
                item.insert_text = Some(format!("{w}: "));
            } else {
                item.insert_text = Some(format!("{w} "));
            }
            item.sort_text = Some(format!("{rank}{w}"));
            out.push(item);
        }
    };
    let (first, later) = if indented.is_some() { (1, 3) } else { (3, 1) };
    if in_persona {
        add(
            keywords::PERSONA,
            CompletionItemKind::PROPERTY,
            "persona attribute",
            true,
            0,
        );
    }
    add(
        keywords::STEP,
        CompletionItemKind::FIELD,
        "step lane",
        true,
        first,
    );
    add(
        keywords::STEP_ATTRIBUTES,
        CompletionItemKind::FIELD,
        "step attribute",
        true,
        first,
    );
    add(
        keywords::STAGE,
        CompletionItemKind::PROPERTY,
        "stage attribute",
        true,
        2,
    );
    add(
        keywords::JOURNEY,
        CompletionItemKind::KEYWORD,
        "journey keyword",
        false,
        later,
    );
    add(
        keywords::STAGE_START,
        CompletionItemKind::KEYWORD,
        "starts a stage",
        false,
        later,
    );
    out
}

/// Whether the line at `offset` is indented under a `persona NAME` line.
fn under_persona(doc: &Document, offset: usize, fence_indent: usize) -> bool {
    let line = doc.lines.line_of(offset);
    for l in (0..line).rev() {
        let text = doc.lines.line_text(l, &doc.text);
        if unquote(text).trim().is_empty() || indent(text) > fence_indent {
            // A blank line, or another attribute of whatever is above.
            continue;
        }
        return super::personas::persona_line(text).is_some();
    }
    false
}

/// `severity: high`-style options inside braces: the option names, then their values.
fn options(
    inside: &str,
    names: &[&str],
    values: impl Fn(&str) -> Vec<&'static str>,
) -> Vec<CompletionItem> {
    let last = inside.rsplit([',', '{']).next().unwrap_or("");
    match last.split_once(':') {
        Some((name, _)) => {
            let name = name.trim().to_lowercase();
            words(&values(&name), CompletionItemKind::ENUM_MEMBER, &name)
        }
        None => names
            .iter()
            .map(|n| {
                let mut item = keyword_item(n, CompletionItemKind::PROPERTY, "option");
                item.insert_text = Some(format!("{n}: "));
                item
            })
            .collect(),
    }
}

/// Channel names: those with an icon of their own, then every other one written in the
/// workspace.
fn channel_names(ws: &Workspace) -> Vec<CompletionItem> {
    let mut out = words(
        CHANNELS,
        CompletionItemKind::ENUM_MEMBER,
        "channel with its own icon",
    );
    let mut seen: Vec<String> = CHANNELS.iter().map(|c| c.to_string()).collect();
    for doc in ws.docs() {
        for step in doc.journeys().flat_map(Journey::steps) {
            for c in &step.channels {
                let lower = c.to_lowercase();
                if !seen.contains(&lower) {
                    seen.push(lower);
                    out.extend(words(&[c.as_str()], CompletionItemKind::VALUE, "channel"));
                }
            }
        }
    }
    out
}

/// Every persona defined in the workspace, with its role.
fn persona_names(ws: &Workspace) -> Vec<CompletionItem> {
    let mut out: Vec<CompletionItem> = Vec::new();
    for p in ws.personas() {
        if out.iter().any(|i| i.label.eq_ignore_ascii_case(&p.name)) {
            continue;
        }
        out.push(CompletionItem {
            label: p.name.clone(),
            kind: Some(CompletionItemKind::CLASS),
            detail: Some(p.role.clone().unwrap_or_else(|| "persona".to_string())),
            documentation: Some(markdown(super::personas::card(p))),
            ..CompletionItem::default()
        });
    }
    out
}

/// The stages of the journey, for `loop FROM -> TO`.
fn stage_names(journey: &Journey) -> Vec<CompletionItem> {
    let names: Vec<&str> = journey.stages.iter().map(|s| s.name.as_str()).collect();
    words(&names, CompletionItemKind::ENUM_MEMBER, "stage")
}

fn words(list: &[&str], kind: CompletionItemKind, detail: &str) -> Vec<CompletionItem> {
    list.iter()
        .map(|w| CompletionItem {
            label: (*w).to_string(),
            kind: Some(kind),
            detail: Some(detail.to_string()),
            ..CompletionItem::default()
        })
        .collect()
}

fn keyword_item(word: &str, kind: CompletionItemKind, detail: &str) -> CompletionItem {
    CompletionItem {
        label: word.to_string(),
        kind: Some(kind),
        detail: Some(detail.to_string()),
        documentation: reference::explain(word).map(markdown),
        ..CompletionItem::default()
    }
}

fn markdown(value: String) -> Documentation {
    Documentation::MarkupContent(MarkupContent {
        kind: MarkupKind::Markdown,
        value,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::parts::{channel_kind, Channel};

    #[test]
    fn every_listed_channel_gets_an_icon_of_its_own() {
        let kinds: Vec<Channel> = CHANNELS.iter().map(|c| channel_kind(c)).collect();
        for (c, k) in CHANNELS.iter().zip(&kinds) {
            assert_ne!(*k, Channel::Other, "`{c}` gets no icon");
            assert_eq!(
                kinds.iter().filter(|o| *o == k).count(),
                1,
                "`{c}` shares its icon"
            );
        }
    }
}
