//! The page template and the site's stylesheet and script: built in, each replaceable by
//! the handbook's own (`templates/page.html`, `theme/waymark.css`, `theme/waymark.js`).

use std::path::Path;

/// The built-in page template.
pub const PAGE: &str = include_str!("../../templates/page.html");
const CSS: &str = include_str!("../../templates/static/waymark.css");
const JS: &str = include_str!("../../templates/static/waymark.js");
const VIEWER_CSS: &str = include_str!("../../templates/static/viewer.css");
const VIEWER_JS: &str = include_str!("../../templates/static/viewer.js");
const FAVICON: &str = include_str!("../../templates/static/favicon.svg");

/// Where the handbook's own page template is, relative to its root.
const OWN_PAGE: &str = "templates/page.html";

/// The template engine with the page template loaded: the handbook's own when it has
/// one. An own template that cannot be read is an error, never silently replaced.
pub fn engine(root: &Path) -> Result<tera::Tera, String> {
    let own = crate::files::read_optional(root, OWN_PAGE, crate::files::TEXT_LIMIT)?;
    let (name, text) = match own {
        Some(bytes) => {
            let path = root.join(OWN_PAGE);
            let text = crate::files::into_text(&path, bytes)?;
            (path.display().to_string(), text)
        }
        None => ("page.html".to_string(), PAGE.to_string()),
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

/// The static files every site gets: (output path, bytes), each the handbook's own from
/// `theme/` when it has one. An own file that cannot be read is an error, never silently
/// replaced by the built-in one.
pub fn assets(root: &Path) -> Result<Vec<(String, Vec<u8>)>, String> {
    let own = |name: &str, default: &str| -> Result<Vec<u8>, String> {
        let rel = format!("theme/{name}");
        Ok(
            crate::files::read_optional(root, &rel, crate::files::TEXT_LIMIT)?
                .unwrap_or_else(|| default.as_bytes().to_vec()),
        )
    };
    let mut css = own("waymark.css", CSS)?;
    css.extend_from_slice(crate::markdown::highlight_css("html[data-theme=\"dark\"]").as_bytes());
    Ok(vec![
        ("waymark.css".to_string(), css),
        ("waymark.js".to_string(), own("waymark.js", JS)?),
        ("favicon.svg".to_string(), own("favicon.svg", FAVICON)?),
        (
            "waymark-viewer.css".to_string(),
            own("waymark-viewer.css", VIEWER_CSS)?,
        ),
        (
            "waymark-viewer.js".to_string(),
            own("waymark-viewer.js", VIEWER_JS)?,
        ),
    ])
}
