//! The page template and the site's stylesheet and script: built in, each replaceable by
//! the handbook's own (`templates/page.html`, `theme/waymark.css`, `theme/waymark.js`).

use std::path::Path;

/// The built-in page template.
pub const PAGE: &str = include_str!("../../templates/page.html");
const CSS: &str = include_str!("../../templates/static/waymark.css");
const JS: &str = include_str!("../../templates/static/waymark.js");
const FAVICON: &str = include_str!("../../templates/static/favicon.svg");

/// The template engine with the page template loaded.
pub fn engine(root: &Path) -> Result<tera::Tera, String> {
    let own = root.join("templates").join("page.html");
    let (name, text) = if own.is_file() {
        let text = crate::sources::read_text(&own)?;
        (own.display().to_string(), text)
    } else {
        ("page.html".to_string(), PAGE.to_string())
    };
    let mut tera = tera::Tera::default();
    tera.autoescape_on(vec!["page.html"]);
    tera.add_raw_template("page.html", &text).map_err(|e| {
        let mut msg = format!("error: template {name} cannot be read: {e}");
        let mut source = std::error::Error::source(&e);
        while let Some(s) = source {
            msg.push_str(&format!("\n  {s}"));
            source = s.source();
        }
        msg
    })?;
    Ok(tera)
}

/// The static files every site gets: (output path, bytes).
pub fn assets(root: &Path) -> Vec<(String, Vec<u8>)> {
    let own = |name: &str, default: &str| -> Vec<u8> {
        std::fs::read(root.join("theme").join(name)).unwrap_or_else(|_| default.as_bytes().to_vec())
    };
    let mut css = own("waymark.css", CSS);
    css.extend_from_slice(crate::markdown::highlight_css("html[data-theme=\"dark\"]").as_bytes());
    vec![
        ("waymark.css".to_string(), css),
        ("waymark.js".to_string(), own("waymark.js", JS)),
        ("favicon.svg".to_string(), own("favicon.svg", FAVICON)),
    ]
}
