//! `waymark render`: a markdown filter for any site generator. Markdown in, markdown out;
//! every journey fence becomes its rendered HTML (picture and table alternative) and every
//! other byte is left exactly as it was.

use crate::diagnostics::{self, Diagnostic};
use crate::journey::source::{find_blocks, FenceOptions};
use crate::journey::{parse_block, Layout};
use crate::render::{self, Labels, RenderOptions, Theme};
use std::path::Path;

/// Filters `text`; on errors returns the report and writes nothing.
pub fn filter(
    text: &str,
    name: &Path,
    layout: Option<Layout>,
    theme: Option<&Theme>,
    mermaid: bool,
) -> Result<String, String> {
    let options = FenceOptions { mermaid };
    let blocks = find_blocks(text, options);
    let parsed: Vec<_> = blocks.iter().map(parse_block).collect();
    let personas: Vec<_> = parsed
        .iter()
        .flat_map(|p| p.personas.iter().cloned())
        .collect();
    let diags: Vec<Diagnostic> = parsed
        .iter()
        .flat_map(|p| p.diagnostics.iter().cloned())
        .collect();
    if diags.iter().any(|d| d.is_error()) {
        return Err(diagnostics::report(name, text, &diags, false));
    }
    let labels = Labels::default();
    let mut out = String::with_capacity(text.len() * 4);
    let mut at = 0;
    let mut n = 0;
    for (block, p) in blocks.iter().zip(&parsed) {
        let Some(j) = &p.journey else { continue };
        n += 1;
        let id = format!("journey-{n}");
        let persona = j
            .persona
            .as_deref()
            .and_then(|name| personas.iter().find(|x| x.name.eq_ignore_ascii_case(name)));
        let own = j.theme.as_deref().and_then(Theme::builtin);
        let fallback = Theme::default();
        let theme = theme.or(own.as_ref()).unwrap_or(&fallback);
        let opts = RenderOptions {
            layout: layout.or(j.layout).unwrap_or(Layout::Map),
            theme,
            id: &id,
            persona,
            labels: &labels,
        };
        out.push_str(&text[at..block.span.start]);
        out.push_str(&render::figure_html(j, &opts).replace('\n', " "));
        at = block.span.end;
        // The fence's span ends after its closing line's newline; keep the line structure.
        if text[..at].ends_with('\n') {
            out.push('\n');
        }
    }
    out.push_str(&text[at..]);
    Ok(out)
}
