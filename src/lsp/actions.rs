//! Diagnostics as LSP sends them, and the quick fixes their [`Fix`](crate::diagnostics::Fix)es make.

use super::workspace::{Document, Workspace};
use crate::diagnostics::{Diagnostic, Level};
use lsp_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, DiagnosticSeverity, NumberOrString, Range,
    TextEdit, WorkspaceEdit,
};
use std::collections::HashMap;

/// Where diagnostics come from, as editors show it.
const SOURCE: &str = "waymark";

/// A diagnostic of `doc` as LSP sends it.
pub(crate) fn to_lsp(doc: &Document, d: &Diagnostic) -> lsp_types::Diagnostic {
    let mut message = d.message.clone();
    if let Some(label) = &d.label {
        message.push_str(&format!(" ({label})"));
    }
    if let Some(help) = &d.help {
        message.push_str(&format!("\nhelp: {help}"));
    }
    lsp_types::Diagnostic {
        range: doc.lines.range(d.span.start, d.span.end, &doc.text),
        severity: Some(match d.level {
            Level::Error => DiagnosticSeverity::ERROR,
            Level::Warning => DiagnosticSeverity::WARNING,
        }),
        code: d
            .fix
            .is_some()
            .then(|| NumberOrString::String("fixable".to_string())),
        source: Some(SOURCE.to_string()),
        message,
        ..lsp_types::Diagnostic::default()
    }
}

fn overlaps(a: Range, b: Range) -> bool {
    a.start <= b.end && b.start <= a.end
}

/// A quick fix for each diagnostic with a fix whose range meets `range`.
pub(crate) fn code_actions(
    ws: &Workspace,
    doc: &Document,
    range: Range,
) -> Vec<CodeActionOrCommand> {
    let mut out = Vec::new();
    for d in ws.diagnostics(doc) {
        let Some(fix) = &d.fix else {
            continue;
        };
        let lsp = to_lsp(doc, &d);
        if !overlaps(lsp.range, range) {
            continue;
        }
        let edit = TextEdit {
            range: doc.lines.range(fix.span.start, fix.span.end, &doc.text),
            new_text: fix.replacement.clone(),
        };
        let title = match d
            .label
            .as_deref()
            .and_then(|l| l.strip_prefix("did you mean "))
        {
            Some(meant) => format!("Change to {}", meant.trim_end_matches('?')),
            None if fix.replacement.is_empty() => "Remove it".to_string(),
            None => format!("Write `{}` here", fix.replacement.trim()),
        };
        out.push(CodeActionOrCommand::CodeAction(CodeAction {
            title,
            kind: Some(CodeActionKind::QUICKFIX),
            diagnostics: Some(vec![lsp]),
            edit: Some(WorkspaceEdit {
                changes: Some(HashMap::from([(doc.uri.clone(), vec![edit])])),
                ..WorkspaceEdit::default()
            }),
            is_preferred: Some(true),
            ..CodeAction::default()
        }));
    }
    out
}

/// The edit that formats `doc` as `waymark fmt` would, or none when it is formatted
/// already. Blocks with errors are left as they are. Only the lines that differ are
/// replaced, so the editor keeps the cursor and folds elsewhere.
pub(crate) fn format(ws: &Workspace, doc: &Document) -> Vec<TextEdit> {
    let formatted = crate::format::format_source(&doc.text, doc.kind, ws.fences);
    if !formatted.changed || formatted.text == doc.text {
        return Vec::new();
    }
    let (old, new) = (doc.text.as_str(), formatted.text.as_str());
    let (start, old_end, new_end) = changed_lines(old, new);
    vec![TextEdit {
        range: doc.lines.range(start, old_end, old),
        new_text: String::from_utf8_lossy(&new.as_bytes()[start..new_end]).into_owned(),
    }]
}

/// The lines where `old` and `new` differ: their start (the same in both), where they end
/// in `old`, and where in `new`.
fn changed_lines(old: &str, new: &str) -> (usize, usize, usize) {
    let (a, b) = (old.as_bytes(), new.as_bytes());
    // The common start and end, cut at line starts so the edit holds whole lines (and
    // so never splits a character).
    let same_start = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let start = a[..same_start]
        .iter()
        .rposition(|&c| c == b'\n')
        .map_or(0, |i| i + 1);
    let max_end = (a.len() - start).min(b.len() - start);
    let same_end = a
        .iter()
        .rev()
        .zip(b.iter().rev())
        .take(max_end)
        .take_while(|(x, y)| x == y)
        .count();
    let (mut old_end, mut new_end) = (a.len() - same_end, b.len() - same_end);
    // Both texts agree after these ends, so they move to the next line start together.
    while old_end < a.len() && old_end > 0 && a[old_end - 1] != b'\n' {
        old_end += 1;
        new_end += 1;
    }
    (start, old_end, new_end)
}

#[cfg(test)]
mod tests {
    use super::changed_lines;

    #[test]
    fn a_formatting_edit_holds_whole_lines_and_whole_characters() {
        let (old, new) = ("a\nkeep é\nb\n", "a\nkeep è\nb\n");
        assert_eq!(changed_lines(old, new), (2, 10, 10));
        let (old, new) = ("x\n  y:1\nz\n", "x\n  y: 1\nz\n");
        let (start, old_end, new_end) = changed_lines(old, new);
        assert_eq!(
            (&old[start..old_end], &new[start..new_end]),
            ("  y:1\n", "  y: 1\n")
        );
        assert_eq!(changed_lines("", "a\n"), (0, 0, 2));
    }
}
