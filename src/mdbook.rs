//! `waymark mdbook`: an mdBook preprocessor. mdBook sends `[context, book]` as JSON on
//! stdin and reads the book back from stdout; diagnostics go to stderr. Both the 0.5
//! (`items`) and the 0.4 (`sections`) shapes are read and answered in kind: only chapter
//! `content` is changed, every other field is passed through untouched.

mod cache;
mod install;
mod once;
mod settings;

pub use install::{book_js, install, BOOK_CSS};
pub use settings::{OnError, Settings};

use crate::diagnostics::{self, Diagnostic, LineIndex};
use crate::journey::source::{find_blocks, splice, FenceOptions};
use crate::journey::validate;
use crate::journey::{parse_block, Block, Parsed, Persona};
use crate::render::{self, svg::escape};
use crate::resolve::{self, Choices, Resolver};
use cache::Cache;
use serde_json::Value;
use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};

/// Whether waymark supports an mdBook renderer: html fully, markdown as tables.
pub fn supports(renderer: &str) -> bool {
    matches!(renderer, "html" | "markdown")
}

/// Puts `contents` into the book's chapters, depth first (the order [`collect`] reads them).
fn assign(book: &mut Value, contents: Vec<String>) {
    fn walk(items: &mut [Value], contents: &mut std::vec::IntoIter<String>) {
        for item in items.iter_mut() {
            if let Some(Value::Object(ch)) = item.get_mut("Chapter") {
                if let Some(c) = contents.next() {
                    ch.insert("content".to_string(), Value::String(c));
                }
                if let Some(Value::Array(sub)) = ch.get_mut("sub_items") {
                    walk(sub, contents);
                }
            }
        }
    }
    let key = if book.get("items").is_some() {
        "items"
    } else {
        "sections"
    };
    if let Some(Value::Array(items)) = book.get_mut(key) {
        walk(items, &mut contents.into_iter());
    }
}

struct Chapter {
    path: String,
    content: String,
}

fn collect(book: &Value) -> Vec<Chapter> {
    let mut out = Vec::new();
    fn walk(items: &[Value], out: &mut Vec<Chapter>) {
        for item in items {
            if let Some(ch) = item.get("Chapter") {
                let path = ch
                    .get("source_path")
                    .or_else(|| ch.get("path"))
                    .and_then(Value::as_str)
                    .unwrap_or("")
                    .to_string();
                let content = ch
                    .get("content")
                    .and_then(Value::as_str)
                    .unwrap_or("")
                    .to_string();
                out.push(Chapter { path, content });
                if let Some(Value::Array(sub)) = ch.get("sub_items") {
                    walk(sub, out);
                }
            }
        }
    }
    let items = book.get("items").or_else(|| book.get("sections"));
    if let Some(Value::Array(items)) = items {
        walk(items, &mut out);
    }
    out
}

/// A warning when the cache sits inside the book's sources: mdBook copies every file
/// there into the built book, and `mdbook serve` rebuilds whenever one changes.
fn cache_in_sources(settings: &Settings, root: &Path, src_dir: &str) -> Option<String> {
    let src = root.join(src_dir);
    cache::is_inside(&settings.cache_dir.join(cache::FOLDER), &src).then(|| {
        format!(
            "warning: book.toml: [preprocessor.journey] cache-dir {} is inside the book's sources ({}), so mdBook publishes the cache with the book\n  = help: choose a folder outside `{src_dir}`, or remove `cache-dir` to use your user cache folder\n",
            settings.cache_dir.display(),
            src.display()
        )
    })
}

fn key_for(text: &str, parts: &str) -> u64 {
    let mut h = DefaultHasher::new();
    (text, parts, env!("CARGO_PKG_VERSION")).hash(&mut h);
    h.finish()
}

/// An id fragment from a chapter path.
fn id_part(path: &str) -> String {
    let s: String = path
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    s.trim_matches('-').to_string()
}

/// One chapter's journey blocks, parsed once.
struct ChapterBlocks {
    blocks: Vec<Block>,
    parsed: Vec<Parsed>,
}

/// The error box shown in place of a map whose journey has errors.
fn error_box(file: &str, lines: &LineIndex, errors: &[&Diagnostic]) -> String {
    let items: String = errors
        .iter()
        .map(|d| {
            let loc = diagnostics::Located::in_lines(file, lines, d);
            format!(
                "<li><code>{}</code> {}</li>",
                escape(&loc.position()),
                escape(&d.message)
            )
        })
        .collect();
    format!("\n<div class=\"waymark-error\" role=\"alert\" style=\"border:2px solid #c0283f;border-radius:8px;padding:.5rem 1rem;margin:1rem 0\"><strong>This journey has errors</strong><ul>{items}</ul></div>\n")
}

/// Runs the preprocessor on `input`; returns the book JSON and the report of warnings,
/// or the report of what stops the build.
pub fn process(input: &str) -> Result<(String, String), crate::Error> {
    preprocess(input).map_err(crate::Error::Reported)
}

fn preprocess(input: &str) -> Result<(String, String), String> {
    let value: Value = serde_json::from_str(input)
        .map_err(|e| format!("error: the input from mdBook is not JSON: {e}"))?;
    let Value::Array(mut pair) = value else {
        return Err("error: mdBook should send [context, book]".to_string());
    };
    if pair.len() != 2 {
        return Err("error: mdBook should send [context, book]".to_string());
    }
    let mut book = pair.pop().unwrap_or(Value::Null);
    let context = pair.pop().unwrap_or(Value::Null);
    if book.get("items").is_none() && book.get("sections").is_none() {
        return Err(
            "error: the book has neither `items` (mdBook 0.5) nor `sections` (mdBook 0.4)"
                .to_string(),
        );
    }
    let root = PathBuf::from(context.get("root").and_then(Value::as_str).unwrap_or("."));
    let (settings, mut report) = settings::read(&context, &root)?;
    let renderer = context
        .get("renderer")
        .and_then(Value::as_str)
        .unwrap_or("html")
        .to_string();
    let src_dir = context
        .pointer("/config/book/src")
        .and_then(Value::as_str)
        .unwrap_or("src")
        .to_string();
    let chapters = collect(&book);
    let fences = FenceOptions {
        mermaid: settings.mermaid,
    };
    let today = crate::evidence::today();
    let parsed: Vec<ChapterBlocks> = chapters
        .iter()
        .map(|ch| {
            let blocks = find_blocks(&ch.content, fences);
            let mut parsed: Vec<Parsed> = blocks.iter().map(parse_block).collect();
            // Data paths are relative to the chapter's file; nothing is read outside the book.
            let file = format!("{src_dir}/{}", ch.path);
            let base = Path::new(&file)
                .parent()
                .map(|p| p.to_string_lossy().replace('\\', "/"))
                .unwrap_or_default();
            let ctx = crate::evidence::DataContext {
                root: &root,
                base: &base,
                shared: &[],
                min_n: crate::evidence::DEFAULT_MIN_N,
                stale_after_days: crate::evidence::DEFAULT_STALE_AFTER_DAYS,
                today,
            };
            for p in &mut parsed {
                if let Some(j) = p.journey.as_mut() {
                    let data = crate::evidence::attach(j, &ctx);
                    p.diagnostics.extend(data.diagnostics);
                }
            }
            ChapterBlocks { blocks, parsed }
        })
        .collect();
    let personas: Vec<Persona> = parsed
        .iter()
        .flat_map(|c| c.parsed.iter().flat_map(|p| p.personas.iter().cloned()))
        .collect();
    let resolver = Resolver::new(
        Choices::default(),
        settings.choices.clone(),
        Vec::new(),
        personas.clone(),
    );
    if let Some(theme) = &settings.choices.theme {
        let span = settings.theme_span.unwrap_or_default();
        if let Some(d) = resolver.check_theme(theme, span) {
            let (path, text) = &settings.source;
            return Err(diagnostics::report(path, text, &[d], false));
        }
    }
    let checks = validate::Context {
        personas: &personas,
        today: None,
        stale_after_days: 0,
    };
    report.push_str(&cache_in_sources(&settings, &root, &src_dir).unwrap_or_default());
    let (mut cache, warning) = Cache::open(&settings.cache_dir, &renderer);
    report.push_str(&warning.unwrap_or_default());
    let mut failed = false;
    let mut rendered: Vec<String> = Vec::new();
    for (ch, blocks) in chapters.iter().zip(&parsed) {
        let file = format!("{src_dir}/{}", ch.path);
        let id_prefix = format!("wm-{}", id_part(&ch.path));
        let mut diags: Vec<Diagnostic> = Vec::new();
        let mut drawings = Vec::new();
        for p in &blocks.parsed {
            diags.extend(p.diagnostics.iter().cloned());
            let drawing = p.journey.as_ref().map(|j| {
                diags.extend(validate::check_journey(j, &checks));
                resolver.resolve(j, &mut diags)
            });
            drawings.push(drawing);
        }
        let journeys = blocks.parsed.iter().map(|p| p.journey.as_ref());
        let comparisons = crate::diff::overlays(journeys, &root.join(&file), fences, &mut diags);
        if !diags.is_empty() {
            report.push_str(&diagnostics::report(
                Path::new(&file),
                &ch.content,
                &diags,
                false,
            ));
        }
        // Indexed once per chapter, and only when a journey has errors.
        let mut lines: Option<LineIndex> = None;
        let new = splice(&ch.content, &blocks.blocks, |i| {
            let span = blocks.blocks[i].span;
            let errors: Vec<&Diagnostic> = diags
                .iter()
                .filter(|d| d.is_error() && d.span.start >= span.start && d.span.end <= span.end)
                .collect();
            if !errors.is_empty() {
                failed = true;
                let lines = lines.get_or_insert_with(|| LineIndex::new(&ch.content));
                return Some(error_box(&file, lines, &errors));
            }
            let (Some(j), Some(drawing)) = (&blocks.parsed[i].journey, &drawings[i]) else {
                // A block that only defines personas shows nothing.
                return Some(String::new());
            };
            let id = resolve::map_id(&id_prefix, i + 1);
            let block_text =
                &ch.content[span.start.min(ch.content.len())..span.end.min(ch.content.len())];
            // A map drawn from data changes with the data, not only with its text.
            let data = match &j.evidence {
                Some(e) if !e.sources.is_empty() => serde_json::to_string(j).unwrap_or_default(),
                _ => String::new(),
            };
            // So does a future-state map with its counterpart.
            let comparison = comparisons[i].as_ref();
            let compared = comparison.map(|c| format!("{c:?}")).unwrap_or_default();
            let key = key_for(
                block_text,
                &format!(
                    "{}|{}|{}|{}|{}|{:?}|indexed-once|compact|{data}|{compared}",
                    drawing.layout.name(),
                    drawing.theme.name,
                    drawing.lang,
                    id,
                    renderer,
                    drawing.persona
                ),
            );
            if let Some(html) = cache.get(key) {
                return Some(html);
            }
            let opts = render::RenderOptions {
                comparison,
                ..drawing.options(&id)
            };
            let html = if renderer == "markdown" {
                format!("\n\n{}\n\n", render::table_html(j, &opts))
            } else {
                // Each word of the map once in mdBook's search index.
                let figure = once::index_once(&render::figure_html(j, &opts), &id);
                format!("\n\n{figure}\n\n")
            };
            cache.put(key, &html);
            Some(html)
        });
        rendered.push(new);
    }
    if failed && settings.on_error == OnError::Fail {
        return Err(format!("{report}error: journeys in the book have errors (set `on-error = \"continue\"` under [preprocessor.journey] to build anyway)"));
    }
    assign(&mut book, rendered);
    // Keep the cache to what this book uses.
    cache.prune();
    let json =
        serde_json::to_string(&book).map_err(|e| format!("error: cannot write the book: {e}"))?;
    Ok((json, report))
}
