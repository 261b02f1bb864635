//! `waymark mdbook install`: adds the preprocessor, its stylesheet and the map viewer to a
//! book.

use std::path::Path;

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
  --waymark-curve: var(--links);
}
/* mdBook has no colours for pain and opportunity: these are waymark's dark theme's, so
   pain points and their severity stay red, opportunities green, each text 4.5:1 or more. */
.coal .waymark-theme-light, .navy .waymark-theme-light, .ayu .waymark-theme-light {
  --waymark-pain: #3a1d26; --waymark-pain-text: #ffc9d1;
  --waymark-opportunity: #173326; --waymark-opportunity-text: #b8f0d0;
  --waymark-positive: #5fd39a; --waymark-negative: #ff7b8b;
}
";

/// The map viewer's stylesheet, written after [`BOOK_CSS`] into the book's `waymark.css`.
const VIEWER_CSS: &str = include_str!("../../templates/static/viewer.css");

/// The map viewer (fit, zoom, full screen, step links) that `install` adds as
/// `waymark-viewer.js`, with its words in every language (the book's `language` picks).
pub fn book_js() -> String {
    format!(
        "{}{}",
        crate::i18n::viewer_words_script(),
        include_str!("../../templates/static/viewer.js")
    )
}

/// Adds `name` to the list `key` of `[output.html]` unless it is there.
fn add_to_list(html: &mut toml_edit::Table, key: &str, name: &str) -> Result<(), String> {
    let arr = html
        .entry(key)
        .or_insert(toml_edit::value(toml_edit::Array::new()))
        .as_array_mut()
        .ok_or_else(|| format!("error: `{key}` in book.toml is not a list; make it a list of file names, e.g. {key} = [\"{name}\"]"))?;
    if !arr.iter().any(|v| v.as_str() == Some(name)) {
        arr.push(name);
    }
    Ok(())
}

/// Writes `text` to `path` unless it holds it already; says whether it wrote.
fn write_if_changed(path: &Path, text: &str) -> Result<bool, String> {
    if std::fs::read_to_string(path).ok().as_deref() == Some(text) {
        return Ok(false);
    }
    std::fs::write(path, text)
        .map_err(|e| format!("error: cannot write {}: {e}", path.display()))?;
    Ok(true)
}

/// Adds the preprocessor, the stylesheet and the map viewer to a book; running it again
/// changes nothing. Says what changed.
pub fn install(book_dir: &Path) -> Result<String, crate::Error> {
    set_up(book_dir).map_err(crate::Error::Reported)
}

fn set_up(book_dir: &Path) -> Result<String, String> {
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
    add_to_list(html, "additional-css", "waymark.css")?;
    add_to_list(html, "additional-js", "waymark-viewer.js")?;
    let new = doc.to_string();
    let mut changed = Vec::new();
    if new != text {
        std::fs::write(&toml_path, &new)
            .map_err(|e| format!("error: cannot write {}: {e}", toml_path.display()))?;
        changed.push("book.toml");
    }
    if write_if_changed(
        &book_dir.join("waymark.css"),
        &format!("{BOOK_CSS}{VIEWER_CSS}"),
    )? {
        changed.push("waymark.css");
    }
    if write_if_changed(&book_dir.join("waymark-viewer.js"), &book_js())? {
        changed.push("waymark-viewer.js");
    }
    Ok(if changed.is_empty() {
        "the book already uses waymark; nothing changed".to_string()
    } else {
        format!("updated {}", changed.join(", "))
    })
}
