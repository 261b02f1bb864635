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
