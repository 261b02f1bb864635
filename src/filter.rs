//! `waymark render`: a markdown filter for any site generator. Markdown in, markdown out;
//! every journey fence becomes its rendered HTML (picture and table alternative) and every
//! other byte is left exactly as it was.

use crate::diagnostics::Diagnostic;
use crate::error::Error;
use crate::journey::source::{find_blocks, splice, FenceOptions};
use crate::journey::{parse_block, Journey};
use crate::render::{self, RenderOptions, Theme};
use crate::resolve::{self, Choices, Resolver};
use std::path::Path;

/// What `waymark render` was asked for.
#[derive(Debug, Clone, Default)]
pub struct FilterOptions {
    /// Command-line choices, which win over each journey's own.
    pub flags: Choices,
    /// Also read ```mermaid fences holding a journey.
    pub mermaid: bool,
    /// Prefix of every map id; by default derived from the document's text, so two
    /// documents on one page never share ids.
    pub id_prefix: Option<String>,
    /// The user's own themes.
    pub themes: Vec<Theme>,
    /// Add the map viewer (fit, zoom, full screen, step links) once, after the last map.
    pub viewer: bool,
}

/// The viewer's styles and script (with its words in every language, picked by the
/// page's `<html lang>`), self-contained so the output needs no other file.
fn viewer() -> String {
    format!(
        "<style>\n{}</style>\n<script>\n{}{}</script>\n",
        include_str!("../templates/static/viewer.css"),
        crate::i18n::viewer_words_script(),
        include_str!("../templates/static/viewer.js"),
    )
}

/// A filtered document.
#[derive(Debug, Clone)]
pub struct Filtered {
    /// The markdown with maps in place of journey fences.
    pub markdown: String,
    /// Warnings about the document, in file order.
    pub warnings: Vec<Diagnostic>,
}

/// Filters `text`, named `name` in diagnostics. A theme chosen in `opts` that names no
/// theme is a usage error; errors in the document give [`Error::Diagnostics`] and no
/// output at all.
pub fn filter(text: &str, name: &Path, opts: &FilterOptions) -> Result<Filtered, Error> {
    filter_with(text, name, opts, render::figure_html)
}

/// [`filter`], with `draw` writing each map's HTML: the batch protocol keeps every map's
/// SVG as well.
pub(crate) fn filter_with(
    text: &str,
    name: &Path,
    opts: &FilterOptions,
    mut draw: impl FnMut(&Journey, &RenderOptions<'_>) -> String,
) -> Result<Filtered, Error> {
    let fences = FenceOptions {
        mermaid: opts.mermaid,
    };
    let blocks = find_blocks(text, fences);
    let mut parsed: Vec<_> = blocks.iter().map(parse_block).collect();
    let data =
        crate::evidence::attach_to_file(parsed.iter_mut().filter_map(|p| p.journey.as_mut()), name);
    let personas = parsed
        .iter()
        .flat_map(|p| p.personas.iter().cloned())
        .collect();
    let mut diags: Vec<Diagnostic> = parsed
        .iter()
        .flat_map(|p| p.diagnostics.iter().cloned())
        .chain(data.diagnostics)
        .collect();
    let resolver = Resolver::new(
        opts.flags.clone(),
        Choices::default(),
        opts.themes.clone(),
        personas,
    );
    resolver.check_flags()?;
    let drawings: Vec<_> = parsed
        .iter()
        .map(|p| p.journey.as_ref().map(|j| resolver.resolve(j, &mut diags)))
        .collect();
    // A future-state map draws the counterpart it names (a file beside this one).
    let journeys = parsed.iter().map(|p| p.journey.as_ref());
    let comparisons = crate::diff::overlays(journeys, name, fences, &mut diags);
    diags.sort_by_key(|d| (d.span.start, d.span.end));
    if diags.iter().any(|d| d.is_error()) {
        return Err(Error::Diagnostics {
            path: name.to_path_buf(),
            text: text.to_string(),
            diagnostics: diags,
        });
    }
    let prefix = opts
        .id_prefix
        .clone()
        .unwrap_or_else(|| resolve::document_id_prefix(text));
    let mut n = 0;
    let mut out = splice(text, &blocks, |i| {
        let (Some(j), Some(drawing)) = (&parsed[i].journey, &drawings[i]) else {
            return None;
        };
        n += 1;
        let id = resolve::map_id(&prefix, n);
        let options = RenderOptions {
            comparison: comparisons[i].as_ref(),
            ..drawing.options(&id)
        };
        Some(draw(j, &options))
    });
    // Maps only: a document without any gets nothing added.
    if opts.viewer && n > 0 {
        if !out.ends_with('\n') {
            out.push('\n');
        }
        out.push('\n');
        out.push_str(&viewer());
    }
    Ok(Filtered {
        markdown: out,
        warnings: diags,
    })
}
