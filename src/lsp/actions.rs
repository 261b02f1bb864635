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
        code: d.fix.is_some().then(|| NumberOrString::String("fixable".to_string())),
        source: Some(SOURCE.to_string()),
        message,
        ..lsp_types::Diagnostic::default()
    }
}

fn overlaps(a: Range, b: Range) -> bool {
    a.start <= b.end && b.start <= a.end
}

/// A quick fix for each diagnostic with a fix whose range meets `range`.
pub(crate) fn code_actions(ws: &Workspace, doc: &Document, range: Range) -> Vec<CodeActionOrCommand> {
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
        let title = match d.label.as_deref().and_then(|l| l.strip_prefix("did you mean ")) {
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
    // The common start and end, cut at line starts so the edit holds whole lines.
    let same_start = old
        .bytes()
        .zip(new.bytes())
        .take_while(|(a, b)| a == b)
        .count();
    let start = old[..same_start].rfind('\n').map_or(0, |i| i + 1);
    let max_end = (old.len() - start).min(new.len() - start);
    let same_end = old
        .bytes()
        .rev()
        .zip(new.bytes().rev())
        .take(max_end)
        .take_while(|(a, b)| a == b)
        .count();
    let mut old_end = old.len() - same_end;
    let mut new_end = new.len() - same_end;
    // Grow the end to a line start in both texts (they agree after it).
    while old_end < old.len() && !old[..old_end].ends_with('\n') {
        old_end += 1;
        new_end += 1;
    }
    vec![TextEdit {
        range: doc.lines.range(start, old_end, old),
        new_text: new[start..new_end].to_string(),
    }]
}
