//! The site's templates, stylesheet and script: built in, each replaceable by the
//! handbook's own (`templates/NAME`, `theme/waymark.css`, `theme/waymark.js`,
//! `theme/favicon.svg`). Every template's HTML is escaped the way maps and tables are
//! ([`crate::render::svg::escape`]), so the whole site escapes text one way.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Every template, by the name a handbook's own replaces it under (`templates/NAME`).
const BUILT_IN: [(&str, &str); 16] = [
    ("page.html", include_str!("../../templates/page.html")),
    (
        "journeys.html",
        include_str!("../../templates/journeys.html"),
    ),
    (
        "journeys-row.html",
        include_str!("../../templates/journeys-row.html"),
    ),
    (
        "personas.html",
        include_str!("../../templates/personas.html"),
    ),
    ("persona.html", include_str!("../../templates/persona.html")),
    (
        "pain-points.html",
        include_str!("../../templates/pain-points.html"),
    ),
    (
        "pain-points-row.html",
        include_str!("../../templates/pain-points-row.html"),
    ),
    (
        "opportunities.html",
        include_str!("../../templates/opportunities.html"),
    ),
    (
        "opportunities-row.html",
        include_str!("../../templates/opportunities-row.html"),
    ),
    (
        "evidence.html",
        include_str!("../../templates/evidence.html"),
    ),
    (
        "evidence-row.html",
        include_str!("../../templates/evidence-row.html"),
    ),
    ("review.html", include_str!("../../templates/review.html")),
    (
        "contents.html",
        include_str!("../../templates/contents.html"),
    ),
    ("404.html", include_str!("../../templates/404.html")),
    ("sitemap.xml", include_str!("../../templates/sitemap.xml")),
    ("nav.js", include_str!("../../templates/nav.js")),
];

const CSS: &str = include_str!("../../templates/static/waymark.css");
const JS: &str = include_str!("../../templates/static/waymark.js");
const VIEWER_CSS: &str = include_str!("../../templates/static/viewer.css");
const VIEWER_JS: &str = include_str!("../../templates/static/viewer.js");
const FAVICON: &str = include_str!("../../templates/static/favicon.svg");

/// The template engine with every template loaded, the handbook's own where it has one.
#[derive(Debug)]
pub(crate) struct Templates {
    tera: tera::Tera,
    /// The handbook's own templates: name to file.
    own: BTreeMap<&'static str, PathBuf>,
    /// Every template's text, hashed (the build cache's key).
    fingerprint: u64,
}

impl Templates {
    /// Loads the templates of the handbook at `root`. An own template that cannot be read
    /// or parsed is an error naming its file, never silently replaced by the built-in one.
    pub(crate) fn load(root: &Path) -> Result<Templates, String> {
        let mut own = BTreeMap::new();
        let mut texts = Vec::with_capacity(BUILT_IN.len());
        for (name, built_in) in BUILT_IN {
            let rel = format!("templates/{name}");
            let text = match crate::files::read_optional(root, &rel, crate::files::TEXT_LIMIT)? {
                Some(bytes) => {
                    let path = root.join(&rel);
                    let text = crate::files::into_text(&path, bytes)?;
                    own.insert(name, path);
                    text
                }
                None => built_in.to_string(),
            };
            texts.push((name, text));
        }
        let mut tera = tera::Tera::default();
        tera.autoescape_on(vec![".html", ".xml"]);
        tera.set_escape_fn(crate::render::svg::escape);
        if let Err(e) = tera.add_raw_templates(texts.iter().map(|(n, t)| (*n, t.as_str()))) {
            // Loaded together so templates may include one another; to name the file
            // that is wrong, each is parsed again on its own.
            let culprit = texts
                .iter()
                .find(|(_, text)| tera::Tera::default().add_raw_template("t", text).is_err())
                .map(|(name, _)| *name);
            let which = culprit.map_or_else(
                || format!("the templates in {}", root.join("templates").display()),
                |name| Self::describe(&own, name),
            );
            return Err(format!(
                "error: {which} cannot be read: {}\n  help: fix the template, or remove it to \
                 use the built-in one",
                chain(&e)
            ));
        }
        let fingerprint = {
            use std::hash::{Hash, Hasher};
            let mut h = std::collections::hash_map::DefaultHasher::new();
            texts.hash(&mut h);
            h.finish()
        };
        Ok(Templates {
            tera,
            own,
            fingerprint,
        })
    }

    /// Every template's text, hashed.
    pub(crate) fn fingerprint(&self) -> u64 {
        self.fingerprint
    }

    /// The template `name` rendered with `context`, for the output file `url`.
    pub(crate) fn render(
        &self,
        name: &str,
        context: &tera::Context,
        url: &str,
    ) -> Result<String, String> {
        self.tera
            .render(name, context)
            .map_err(|e| self.failed(name, url, &chain(&e)))
    }

    /// The template `name` rendered with `context` at the end of `out`, for the output
    /// file `url`.
    pub(crate) fn render_to(
        &self,
        name: &str,
        context: &tera::Context,
        url: &str,
        out: &mut Vec<u8>,
    ) -> Result<(), String> {
        self.tera
            .render_to(name, context, out)
            .map_err(|e| self.failed(name, url, &chain(&e)))
    }

    /// The error of the template `name` that failed on the output file `url` because of
    /// `why`, with what to do about it.
    pub(crate) fn failed(&self, name: &str, url: &str, why: &str) -> String {
        let help = if self.own.contains_key(name) {
            "fix the template, or remove it to use the built-in one"
        } else {
            "this is a bug in waymark's built-in template; please report it"
        };
        format!(
            "error: {} failed on {url}: {why}\n  help: {help}",
            Self::describe(&self.own, name),
        )
    }

    /// The template as a person finds it: its file, or waymark's built-in one.
    fn describe(own: &BTreeMap<&'static str, PathBuf>, name: &str) -> String {
        match own.get(name) {
            Some(path) => format!("template {}", path.display()),
            None => format!("the built-in template {name}"),
        }
    }
}

/// A tera error with every cause, one per line: tera puts the useful part (the line and
/// what it expected) in the causes.
fn chain(e: &tera::Error) -> String {
    let mut msg = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        msg.push_str(&format!("\n  {s}"));
        source = s.source();
    }
    msg
}

/// The static files every site gets: (output path, bytes), each the handbook's own from
/// `theme/` when it has one. An own file that cannot be read is an error, never silently
/// replaced by the built-in one.
pub(crate) fn assets(root: &Path) -> Result<Vec<(String, Vec<u8>)>, String> {
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
