//! `waymark mdbook install`: adds the preprocessor and its stylesheet to a book.

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
