//! The shape of a document: journeys, their stages and steps (document symbols), and the
//! line ranges that fold (a fence, a stage, a step with its lanes).

use super::workspace::{BlockInfo, Document};
use crate::journey::{Journey, Span};
use lsp_types::{DocumentSymbol, FoldingRange, FoldingRangeKind, Range, SymbolKind};

/// A stage or step and the lines it covers.
struct Extent {
    first: usize,
    last: usize,
}

/// The lines of a block's content: a fence's own lines left out.
fn content_lines(doc: &Document, block: &BlockInfo) -> (usize, usize) {
    let first = doc.lines.line_of(block.span.start);
    let mut last = doc
        .lines
        .line_of(block.span.end.saturating_sub(1).max(block.span.start));
    let is_fence = |l: usize| {
        let t = doc.lines.line_text(l, &doc.text);
        let t = t.trim_start_matches(|c: char| c.is_whitespace() || c == '>');
        t.starts_with("```") || t.starts_with("~~~")
    };
    if last > first && is_fence(last) {
        last -= 1;
    }
    (first, last)
}

/// The last line at or before `line` (and not before `floor`) that is not blank.
fn last_written(doc: &Document, floor: usize, mut line: usize) -> usize {
    while line > floor
        && doc
            .lines
            .line_text(line, &doc.text)
            .trim_matches(|c: char| c.is_whitespace() || c == '>')
            .is_empty()
    {
        line -= 1;
    }
    line
}

/// Each stage with the lines it covers, and each of its steps with theirs.
fn extents(doc: &Document, block: &BlockInfo, journey: &Journey) -> Vec<(Extent, Vec<Extent>)> {
    let (_, content_last) = content_lines(doc, block);
    let line = |s: Span| doc.lines.line_of(s.start);
    let stage_lines: Vec<usize> = journey
        .stages
        .iter()
        .map(|st| {
            let own = (st.span != Span::default()).then(|| line(st.span));
            let first_step = st.steps.first().map(|s| line(s.span));
            own.or(first_step).unwrap_or(content_last)
        })
        .collect();
    let mut out = Vec::new();
    for (i, stage) in journey.stages.iter().enumerate() {
        let first = stage_lines[i];
        let next_stage = stage_lines
            .get(i + 1)
            .map_or(content_last + 1, |&n| n.max(first + 1));
        let stage_last = last_written(doc, first, next_stage - 1);
        let step_lines: Vec<usize> = stage.steps.iter().map(|s| line(s.span)).collect();
        let steps = step_lines
            .iter()
            .enumerate()
            .map(|(k, &l)| {
                let next = step_lines
                    .get(k + 1)
                    .map_or(stage_last + 1, |&n| n.max(l + 1));
                Extent {
                    first: l,
                    last: last_written(doc, l, next - 1),
                }
            })
            .collect();
        out.push((
            Extent {
                first,
                last: stage_last.max(first),
            },
            steps,
        ));
    }
    out
}

fn line_range(doc: &Document, first: usize, last: usize) -> Range {
    let start = doc.lines.start(first, &doc.text);
    let end =
        start.max(doc.lines.start(last, &doc.text) + doc.lines.line_text(last, &doc.text).len());
    doc.lines.range(start, end, &doc.text)
}

#[allow(deprecated)] // `DocumentSymbol::deprecated` must still be written.
fn symbol(
    name: &str,
    kind: SymbolKind,
    range: Range,
    selection: Range,
    children: Vec<DocumentSymbol>,
) -> DocumentSymbol {
    let name = if name.trim().is_empty() {
        "(unnamed)"
    } else {
        name.trim()
    };
    DocumentSymbol {
        name: name.replace('\n', " "),
        detail: None,
        kind,
        tags: None,
        deprecated: None,
        range,
        selection_range: selection,
        children: (!children.is_empty()).then_some(children),
    }
}

/// Journeys → stages → steps, and the personas each block defines.
pub(crate) fn symbols(doc: &Document) -> Vec<DocumentSymbol> {
    let mut out = Vec::new();
    for block in &doc.blocks {
        let (first, last) = (
            doc.lines.line_of(block.span.start),
            doc.lines
                .line_of(block.span.end.saturating_sub(1).max(block.span.start)),
        );
        let block_range = line_range(doc, first, last);
        let mut children = Vec::new();
        for p in &block.personas {
            let at = doc.lines.range(p.span.start, p.span.end, &doc.text);
            children.push(symbol(&p.name, SymbolKind::OBJECT, at, at, Vec::new()));
        }
        let Some(journey) = &block.journey else {
            out.extend(children);
            continue;
        };
        for ((stage_extent, step_extents), stage) in extents(doc, block, journey)
            .into_iter()
            .zip(&journey.stages)
        {
            let steps = stage
                .steps
                .iter()
                .zip(step_extents)
                .map(|(step, e)| {
                    let name = doc.lines.range(step.span.start, step.span.end, &doc.text);
                    let range = line_range(doc, e.first, e.last);
                    symbol(&step.name, SymbolKind::EVENT, range, name, Vec::new())
                })
                .collect();
            let range = line_range(doc, stage_extent.first, stage_extent.last);
            let name = if stage.span == Span::default() {
                range
            } else {
                doc.lines.range(stage.span.start, stage.span.end, &doc.text)
            };
            children.push(symbol(
                &stage.name,
                SymbolKind::NAMESPACE,
                range,
                name,
                steps,
            ));
        }
        let title = journey.display_title("journey");
        out.push(symbol(
            title,
            SymbolKind::MODULE,
            block_range,
            line_range(doc, first, first),
            children,
        ));
    }
    out
}

/// Fences, stages, and steps written over several lines.
pub(crate) fn folding(doc: &Document) -> Vec<FoldingRange> {
    let mut out = Vec::new();
    let mut fold = |first: usize, last: usize, kind: Option<FoldingRangeKind>| {
        if last > first {
            out.push(FoldingRange {
                start_line: u32::try_from(first).unwrap_or(u32::MAX),
                end_line: u32::try_from(last).unwrap_or(u32::MAX),
                kind,
                ..FoldingRange::default()
            });
        }
    };
    for block in &doc.blocks {
        let first = doc.lines.line_of(block.span.start);
        let last = doc
            .lines
            .line_of(block.span.end.saturating_sub(1).max(block.span.start));
        if doc.kind == crate::journey::SourceKind::Markdown {
            fold(first, last, Some(FoldingRangeKind::Region));
        }
        if let Some(journey) = &block.journey {
            for (stage, steps) in extents(doc, block, journey) {
                fold(stage.first, stage.last, Some(FoldingRangeKind::Region));
                for step in steps {
                    fold(step.first, step.last, None);
                }
            }
        }
    }
    out
}
