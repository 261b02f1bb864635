//! `waymark mdbook`: an mdBook preprocessor. mdBook sends `[context, book]` as JSON on
//! stdin and reads the book back from stdout; diagnostics go to stderr. Both the 0.5
//! (`items`) and the 0.4 (`sections`) shapes are read and answered in kind: only chapter
//! `content` is changed, every other field is passed through untouched.

mod cache;

use crate::diagnostics::{self, Diagnostic, LineIndex};
use crate::journey::source::{find_blocks, FenceOptions};
use crate::journey::{parse_block, Journey, Layout, Persona, Span};
use crate::render::{self, svg::escape, Labels, RenderOptions, Theme};
use cache::Cache;
use serde_json::Value;
use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};

/// What to do when a journey has errors.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OnError {
    /// Print the diagnostics and fail the build.
    Fail,
    /// Print them and show an error box where the map would be.
    Continue,
}

/// Settings from `[preprocessor.journey]` in `book.toml`.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Layout unless a journey names its own.
    pub layout: Layout,
    /// Theme unless a journey names its own.
    pub theme: String,
    /// Fail or continue on errors.
    pub on_error: OnError,
    /// Where rendered maps are cached between runs: the cache keeps them in its own
    /// `waymark-cache` folder inside this one.
    pub cache_dir: PathBuf,
}

/// Whether waymark supports an mdBook renderer: html fully, markdown as tables.
pub fn supports(renderer: &str) -> bool {
    matches!(renderer, "html" | "markdown")
}

fn settings(context: &Value, root: &Path) -> Result<Settings, String> {
    let cfg = context
        .pointer("/config/preprocessor/journey")
        .cloned()
        .unwrap_or(Value::Null);
    let text = |k: &str| cfg.get(k).and_then(Value::as_str).map(str::to_string);
    let layout = match text("layout") {
        Some(l) => Layout::from_name(&l).ok_or_else(|| format!("error: book.toml: [preprocessor.journey] layout `{l}` is not one of map, timeline, table, storyboard"))?,
        None => Layout::Map,
    };
    let on_error = match text("on-error").as_deref() {
        None | Some("fail") => OnError::Fail,
        Some("continue") => OnError::Continue,
        Some(other) => return Err(format!("error: book.toml: [preprocessor.journey] on-error `{other}` must be \"fail\" or \"continue\"")),
    };
    let cache_dir = match text("cache-dir") {
        Some(d) => root.join(d),
        None => cache::default_base(root),
    };
    Ok(Settings {
        layout,
        theme: text("theme").unwrap_or_else(|| "light".into()),
        on_error,
        cache_dir,
    })
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

/// Replaces every journey fence of `content` by `replacement(index, block span, result)`.
pub fn splice(content: &str, mut replacement: impl FnMut(usize, Span) -> String) -> String {
    let blocks = find_blocks(content, FenceOptions::default());
    let mut out = String::with_capacity(content.len());
    let mut at = 0;
    for (i, block) in blocks.iter().enumerate() {
        let (s, e) = (
            block.span.start.min(content.len()),
            block.span.end.min(content.len()),
        );
        if s < at {
            continue;
        }
        out.push_str(&content[at..s]);
        // A fence's span may stop before its line end; the HTML must not share lines.
        out.push_str(&replacement(i, block.span).replace('\n', " "));
        at = e;
    }
    out.push_str(&content[at..]);
    out
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

/// Runs the preprocessor on `input`; returns the book JSON, or the diagnostics report.
pub fn process(input: &str) -> Result<(String, String), String> {
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
    let settings = settings(&context, &root)?;
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
    let mut personas: Vec<Persona> = Vec::new();
    for ch in &chapters {
        for block in find_blocks(&ch.content, FenceOptions::default()) {
            personas.extend(parse_block(&block).personas);
        }
    }
    let theme_for = |name: &str| Theme::builtin(name);
    let labels = Labels::default();
    let mut report = cache_in_sources(&settings, &root, &src_dir).unwrap_or_default();
    let (mut cache, warning) = Cache::open(&settings.cache_dir, &renderer);
    report.push_str(&warning.unwrap_or_default());
    let mut failed = false;
    let mut rendered: Vec<String> = Vec::new();
    for ch in &chapters {
        let file = format!("{src_dir}/{}", ch.path);
        let blocks = find_blocks(&ch.content, FenceOptions::default());
        let mut diags: Vec<Diagnostic> = Vec::new();
        let parsed: Vec<(Option<Journey>, Vec<Diagnostic>)> = blocks
            .iter()
            .map(|b| {
                let p = parse_block(b);
                (p.journey, p.diagnostics)
            })
            .collect();
        for (_, d) in &parsed {
            diags.extend(d.iter().cloned());
        }
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
        let new = splice(&ch.content, |i, _| {
            let (journey, ds) = &parsed[i];
            let errors: Vec<&Diagnostic> = ds.iter().filter(|d| d.is_error()).collect();
            if !errors.is_empty() {
                failed = true;
                let lines = lines.get_or_insert_with(|| LineIndex::new(&ch.content));
                let items: String = errors
                    .iter()
                    .map(|d| {
                        let loc = diagnostics::Located::in_lines(&file, lines, d);
                        format!(
                            "<li><code>{}</code> {}</li>",
                            escape(&loc.position()),
                            escape(&d.message)
                        )
                    })
                    .collect();
                return format!("\n<div class=\"waymark-error\" role=\"alert\" style=\"border:2px solid #c0283f;border-radius:8px;padding:.5rem 1rem;margin:1rem 0\"><strong>This journey has errors</strong><ul>{items}</ul></div>\n");
            }
            let Some(j) = journey else {
                return String::new();
            };
            let layout = j.layout.unwrap_or(settings.layout);
            let theme_name = j.theme.clone().unwrap_or_else(|| settings.theme.clone());
            let theme = theme_for(&theme_name).unwrap_or_default();
            let id = format!("wm-{}-{}", id_part(&ch.path), i + 1);
            let persona = j
                .persona
                .as_deref()
                .and_then(|n| personas.iter().find(|p| p.name.eq_ignore_ascii_case(n)));
            let block_text = &ch.content[blocks[i].span.start.min(ch.content.len())
                ..blocks[i].span.end.min(ch.content.len())];
            let key = key_for(
                block_text,
                &format!(
                    "{}|{}|{}|{}|{persona:?}",
                    layout.name(),
                    theme.name,
                    id,
                    renderer
                ),
            );
            if let Some(html) = cache.get(key) {
                return html;
            }
            let opts = RenderOptions {
                layout,
                theme: &theme,
                id: &id,
                persona,
                labels: &labels,
            };
            let html = if renderer == "markdown" {
                format!("\n\n{}\n\n", render::table_html(j, &opts))
            } else {
                format!(
                    "\n\n{}\n\n",
                    render::figure_html(j, &opts).replace('\n', " ")
                )
            };
            cache.put(key, &html);
            html
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

/// The stylesheet `install` adds: maps take mdBook's theme colours.
pub const BOOK_CSS: &str = "/* Added by `waymark mdbook install`: journey maps follow the book's theme. */
.waymark-figure { margin: 1.5rem 0; }
.waymark-scroll { overflow-x: auto; }
.waymark-alt summary { cursor: pointer; }
.waymark-table { border-collapse: collapse; font-size: .9em; }
.coal .waymark-theme-light, .navy .waymark-theme-light, .ayu .waymark-theme-light {
  --waymark-background: var(--bg); --waymark-text: var(--fg); --waymark-muted: var(--sidebar-fg);
  --waymark-header: var(--quote-bg); --waymark-lane: var(--quote-bg); --waymark-lane-alt: var(--bg);
  --waymark-card: var(--bg); --waymark-card-border: var(--quote-border); --waymark-grid: var(--quote-border);
  --waymark-curve: var(--links); --waymark-pain: var(--quote-bg); --waymark-pain-text: var(--fg);
  --waymark-opportunity: var(--quote-bg); --waymark-opportunity-text: var(--fg);
}
";

/// Adds the preprocessor and the stylesheet to a book; running it again changes nothing.
pub fn install(book_dir: &Path) -> Result<String, String> {
    let toml_path = book_dir.join("book.toml");
    let text = std::fs::read_to_string(&toml_path)
        .map_err(|e| format!("error: cannot read {}: {e}", toml_path.display()))?;
    let mut doc: toml_edit::DocumentMut = text
        .parse()
        .map_err(|e| format!("error: {} is not valid TOML: {e}", toml_path.display()))?;
    let pre = doc
        .entry("preprocessor")
        .or_insert(toml_edit::table())
        .as_table_mut()
        .ok_or("error: `preprocessor` in book.toml is not a table")?;
    pre.set_implicit(true);
    let journey = pre
        .entry("journey")
        .or_insert(toml_edit::table())
        .as_table_mut()
        .ok_or("error: `preprocessor.journey` in book.toml is not a table")?;
    if !journey.contains_key("command") {
        journey.insert("command", toml_edit::value("waymark mdbook"));
    }
    let output = doc
        .entry("output")
        .or_insert(toml_edit::table())
        .as_table_mut()
        .ok_or("error: `output` in book.toml is not a table")?;
    output.set_implicit(true);
    let html = output
        .entry("html")
        .or_insert(toml_edit::table())
        .as_table_mut()
        .ok_or("error: `output.html` in book.toml is not a table")?;
    let css = html
        .entry("additional-css")
        .or_insert(toml_edit::value(toml_edit::Array::new()));
    let arr = css
        .as_array_mut()
        .ok_or("error: `additional-css` in book.toml is not a list")?;
    if !arr.iter().any(|v| v.as_str() == Some("waymark.css")) {
        arr.push("waymark.css");
    }
    let new = doc.to_string();
    let css_path = book_dir.join("waymark.css");
    let mut changed = Vec::new();
    if new != text {
        std::fs::write(&toml_path, &new)
            .map_err(|e| format!("error: cannot write {}: {e}", toml_path.display()))?;
        changed.push("book.toml");
    }
    if std::fs::read_to_string(&css_path).ok().as_deref() != Some(BOOK_CSS) {
        std::fs::write(&css_path, BOOK_CSS)
            .map_err(|e| format!("error: cannot write {}: {e}", css_path.display()))?;
        changed.push("waymark.css");
    }
    Ok(if changed.is_empty() {
        "the book already uses waymark; nothing changed".to_string()
    } else {
        format!("updated {}", changed.join(" and "))
    })
}
