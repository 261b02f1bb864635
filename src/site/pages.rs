//! One page's body: markdown to HTML with every journey fence rendered as a map (with its
//! downloads), links between pages rewritten to the output pages, broken ones reported.

use super::load::{page_url, Page, Site};
use crate::diagnostics::Diagnostic;
use crate::journey::{Journey, Layout, Persona, Span};
use crate::markdown::{self, Heading, Hooks};
use crate::render::{self, svg::escape, Theme};
use crate::resolve::{Choices, Resolver};
use std::collections::hash_map::DefaultHasher;
use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::sync::{Arc, Mutex};

/// What the pages of a build share: themes, personas, interface words, rendered maps.
pub(crate) struct Context<'a> {
    /// The handbook.
    pub site: &'a Site,
    /// How each journey is drawn: the handbook's themes (built-in and `themes/*.toml`),
    /// personas and configured choices.
    pub resolver: Resolver,
    /// Rendered maps by content hash, shared across rebuilds.
    pub cache: &'a MapCache,
    /// Pages waymark writes itself (journeys index, registers), which pages may link to.
    pub generated: Vec<String>,
    /// The repository the handbook is in, for the "since last review" views.
    pub repo: Option<super::review::Repo>,
    /// Why there are no such views, when git could not say (once per build).
    pub repo_note: Option<String>,
    /// Current and future states paired.
    pub pairs: super::pairs::Pairs,
}

/// Rendered maps by the hash of everything that goes into them.
#[derive(Debug)]
pub(crate) struct MapCache {
    maps: Mutex<HashMap<u64, Arc<RenderedMap>>>,
    /// Whether maps are kept at all: only rebuilds gain from it.
    keep: bool,
    /// "Since last review" views by page version, kept across rebuilds.
    reviews: super::review::ReviewCache,
}

/// A map rendered once: the figure, with what its downloads are made from in the
/// browser (the inline SVG, or for a table-layout map the table drawn as a picture in a
/// `<template>`).
#[derive(Debug)]
pub(crate) struct RenderedMap {
    figure: String,
}

impl MapCache {
    /// A cache that keeps maps between builds (`keep`), or only within one build.
    pub(crate) fn new(keep: bool) -> MapCache {
        MapCache {
            maps: Mutex::default(),
            keep,
            reviews: Default::default(),
        }
    }

    /// Forgets maps not used since the last call (keeps the cache from growing forever).
    pub(crate) fn retain(&self, used: &std::collections::HashSet<u64>) {
        if let Ok(mut m) = self.maps.lock() {
            m.retain(|k, _| used.contains(k));
        }
    }
}

/// A page's body and the files that go with it.
#[derive(Debug, Default)]
pub(crate) struct Body {
    /// The HTML of the body.
    pub html: String,
    /// Headings, for the table of contents.
    pub headings: Vec<Heading>,
    /// Plain text, for search.
    pub text: String,
    /// Downloads of the page's maps: (output path, bytes).
    pub files: Vec<(String, Vec<u8>)>,
    /// Broken links and other problems found while rendering.
    pub diagnostics: Vec<Diagnostic>,
    /// Hashes of the maps used.
    pub maps_used: Vec<u64>,
    /// What to tell the person building that is not a problem of the page.
    pub notes: Vec<String>,
}

impl<'a> Context<'a> {
    /// The context for building `site`: loads its themes and checks the configured theme
    /// once, reporting a bad one at its line in `waymark.toml`.
    pub(crate) fn new(
        site: &'a Site,
        cache: &'a MapCache,
        generated: Vec<String>,
    ) -> Result<Context<'a>, String> {
        let user_themes = if site.root.join("themes").is_dir() {
            Theme::load_in(&site.root, "themes").map_err(|e| format!("error: {e}"))?
        } else {
            Vec::new()
        };
        let config = &site.config;
        let resolver = Resolver::new(
            Choices::default(),
            Choices {
                layout: Layout::from_name(&config.layout),
                theme: Some(config.theme.clone()),
                lang: Some(config.language.clone()),
            },
            user_themes,
            site.personas().into_iter().cloned().collect(),
        );
        let span = config.theme_span.unwrap_or_default();
        if let Some(d) = resolver.check_theme(&config.theme, span) {
            let path = site.root.join(super::config::FILE);
            let text = crate::files::read_text_in(
                &site.root,
                super::config::FILE,
                crate::files::TEXT_LIMIT,
            )
            .unwrap_or_default();
            return Err(crate::diagnostics::report(&path, &text, &[d], false));
        }
        let (repo, repo_note) = match super::review::open(&site.root) {
            Ok(repo) => (repo, None),
            Err(note) => (None, Some(note)),
        };
        Ok(Context {
            site,
            resolver,
            cache,
            generated,
            repo,
            repo_note,
            pairs: super::pairs::find(site),
        })
    }
}

struct PageHooks<'a, 'b> {
    ctx: &'a Context<'b>,
    page: &'a Page,
    /// The page's text, read once for the whole body.
    text: &'a str,
    out: Body,
    count: usize,
    /// The page's interface words: its own language when waymark speaks it, else the
    /// handbook's.
    words: &'static crate::i18n::Locale,
    /// The "since last review" views of the page's maps, found on the first map.
    reviews: Option<Arc<super::review::PageReviews>>,
}

fn stem(url: &str) -> &str {
    let file = url.rsplit('/').next().unwrap_or(url);
    file.strip_suffix(".html").unwrap_or(file)
}

fn dir_of(url: &str) -> &str {
    url.rsplit_once('/').map_or("", |(d, _)| d)
}

/// CSV of a journey's rated lanes (pain points and opportunities; see `journey::lanes`).
pub(crate) fn csv(j: &Journey) -> String {
    use crate::journey::lanes::{Content, LANES};
    use crate::journey::Rating;
    fn field(s: &str) -> String {
        // A leading =, +, - or @ would run as a formula in a spreadsheet.
        let s = if s.starts_with(['=', '+', '-', '@']) {
            format!("'{s}")
        } else {
            s.to_string()
        };
        format!("\"{}\"", s.replace('"', "\"\""))
    }
    let mut out = String::from("kind,stage,step,text,severity,impact,effort\r\n");
    for stage in &j.stages {
        for step in &stage.steps {
            for lane in LANES {
                // (text, severity, impact, effort) of each value the CSV has columns for.
                let rows: Vec<(&str, &str, &str, &str)> = match lane.content {
                    Content::Pains(f) => (f.get)(step)
                        .iter()
                        .map(|p| (p.text.as_str(), p.severity.name(), "", ""))
                        .collect(),
                    Content::Opportunities(f) => (f.get)(step)
                        .iter()
                        .map(|o| {
                            let rating = |r: Option<Rating>| r.map_or("", |r| r.name());
                            (o.text.as_str(), "", rating(o.impact), rating(o.effort))
                        })
                        .collect(),
                    Content::Text(..) | Content::Links(_) | Content::Images(_) => Vec::new(),
                };
                for (text, severity, impact, effort) in rows {
                    out.push_str(&format!(
                        "{},{},{},{},{severity},{impact},{effort}\r\n",
                        lane.keyword,
                        field(&stage.name),
                        field(&step.name),
                        field(text),
                    ));
                }
            }
        }
    }
    out
}

impl Hooks for PageHooks<'_, '_> {
    fn task_name(&mut self, done: bool) -> String {
        let key = if done { "task_done" } else { "task_open" };
        self.words.t(key).to_string()
    }

    fn journey(&mut self, span: Span) -> Option<String> {
        let Some((_, j)) = self.page.journeys.iter().find(|(s, _)| *s == span.start) else {
            return self.persona_cards(span);
        };
        self.count += 1;
        let n = self.count;
        let drawing = self.ctx.resolver.resolve(j, &mut self.out.diagnostics);
        let (layout, theme, lang, persona) = (
            drawing.layout,
            drawing.theme,
            drawing.lang.as_str(),
            drawing.persona,
        );
        let id = format!("map-{n}");
        let mut h = DefaultHasher::new();
        self.text.get(j.span.start..j.span.end).hash(&mut h);
        (
            layout.name(),
            &theme.name,
            lang,
            &id,
            format!("{persona:?}"),
            format!("{theme:?}"),
        )
            .hash(&mut h);
        // Data changes the map while its text stays the same; so does the current state
        // a future-state map draws over itself.
        if j.evidence.as_ref().is_some_and(|e| !e.sources.is_empty()) {
            format!("{j:?}").hash(&mut h);
        }
        let current = self
            .ctx
            .pairs
            .current_of(self.ctx.site, &self.page.src, n - 1);
        if let Some(c) = current {
            format!("{c:?}").hash(&mut h);
        }
        let key = h.finish();
        self.out.maps_used.push(key);
        let cached = self
            .ctx
            .cache
            .maps
            .lock()
            .ok()
            .and_then(|m| m.get(&key).cloned());
        let map = match cached {
            Some(m) => m,
            None => {
                // The download of a table-layout map is the table drawn as a picture.
                let comparison = current.map(|c| crate::diff::overlay(c, j));
                let opts = render::RenderOptions {
                    comparison: comparison.as_ref(),
                    ..drawing.options(&id)
                };
                let mut figure = render::figure_html(j, &opts);
                if layout == Layout::Table {
                    // The table's picture, for the SVG and PNG downloads; inert until then.
                    figure.push_str(&format!(
                        "<template id=\"{id}-picture\">{}</template>",
                        render::svg(j, &opts)
                    ));
                }
                let m = Arc::new(RenderedMap { figure });
                if self.ctx.cache.keep {
                    if let Ok(mut c) = self.ctx.cache.maps.lock() {
                        c.insert(key, m.clone());
                    }
                }
                m
            }
        };
        let base = format!("{}-map-{n}", stem(&self.page.url));
        let dir = dir_of(&self.page.url);
        // One file per map, its model; the picture and the CSV are made in the browser
        // from the page (files are what large handbooks spend their build time on).
        let json = if dir.is_empty() {
            format!("{base}.json")
        } else {
            format!("{dir}/{base}.json")
        };
        let doc = crate::export::ExportDocument::new(vec![j.clone()], Vec::new());
        self.out.files.push((
            json.clone(),
            serde_json::to_vec_pretty(&doc).unwrap_or_default(),
        ));
        let locale = self.words;
        let t = |k: &str| escape(locale.t(k));
        let b = escape(&base);
        let downloads = format!(
            "<p class=\"wm-downloads\"><span>{label}:</span> <button type=\"button\" class=\"wm-svg\" data-map=\"{id}\" data-name=\"{b}.svg\">SVG</button> <a href=\"{json}\" download>JSON</a> <button type=\"button\" class=\"wm-csv\" data-csv=\"{csv}\" data-name=\"{b}.csv\">CSV</button> <button type=\"button\" class=\"wm-png\" data-map=\"{id}\" data-name=\"{b}.png\">{png}</button></p>",
            label = t("downloads"),
            json = escape(&super::url::href(&self.page.url, &json)),
            // Line breaks as references: the attribute survives the markdown pass whole.
            csv = csv(j)
                .split("\r\n")
                .map(|line| escape(line).replace('\n', "&#10;"))
                .collect::<Vec<_>>()
                .join("&#13;&#10;"),
            png = t("download_png"),
        );
        self.out.text.push_str(&journey_text(j));
        let extra = self.compared(j, n - 1);
        Some(format!("{}{downloads}{extra}", map.figure))
    }

    fn link(&mut self, dest: &str, span: Span) -> String {
        if let Some(scheme) = crate::links::scheme(dest) {
            if crate::links::PAGE_LINK_SCHEMES.contains(&scheme.as_str()) {
                return dest.to_string();
            }
            self.out.diagnostics.push(
                Diagnostic::warning(
                    span,
                    format!("the link `{dest}` uses `{scheme}:`, which is not published"),
                )
                .with_help(
                    "links may be http(s), mailto, tel or relative paths; to link to a file \
                     whose name holds a `:`, start the link with `./`",
                ),
            );
            return "#".to_string();
        }
        if dest.is_empty() || dest.starts_with('#') || dest.starts_with('/') {
            return dest.to_string();
        }
        // The path as a file name (`a%20b.md` and `<a b.md>` both name `a b.md`), checked
        // against the handbook, then written back encoded: a file name never becomes a
        // scheme, a `#` or a `?`.
        let (path, rest) = super::url::split_reference(dest);
        let target = join(dir_of(&self.page.src), &path);
        let site = self.ctx.site;
        let is_page =
            path.ends_with(".md") || path.ends_with(".markdown") || path.ends_with(".journey");
        let data = target.as_deref().filter(|t| site.is_data(t));
        if let Some(t) = data {
            self.out.diagnostics.push(
                Diagnostic::warning(
                    span,
                    format!("`{path}` is data a journey reads, and data is not published"),
                )
                .with_help(format!(
                    "raw exports often hold personal data; link to the map that uses {t}, or \
                     publish a cleaned copy under another name"
                )),
            );
        }
        let exists = match &target {
            Some(t) if is_page => site.pages.get(t).is_some_and(|p| !p.draft),
            Some(t) => {
                site.published_statics().any(|s| s == t)
                    || site.pages.values().any(|p| &p.url == t)
                    || self.ctx.generated.contains(t)
                    || site.root.join(t).is_dir()
            }
            None => false,
        };
        if !exists && data.is_none() {
            self.out.diagnostics.push(
                Diagnostic::warning(span, format!("broken link: `{path}` does not exist"))
                    .with_help("link to a file of the handbook with a path relative to this page"),
            );
        }
        let written = if is_page {
            let file = path.rsplit('/').next().unwrap_or(&path);
            format!("{}{}", &path[..path.len() - file.len()], page_url(file))
        } else {
            path
        };
        format!("{}{rest}", super::url::encode(&written))
    }
}

impl PageHooks<'_, '_> {
    /// The line linking the `n`th map (from 0) to its other state, and its changes since
    /// its last review.
    fn compared(&mut self, j: &Journey, n: usize) -> String {
        let mut html = String::new();
        if let Some(p) = self.ctx.pairs.partner(&self.page.src, n) {
            html.push_str(&super::review_view::counterpart_line(
                p,
                j.state,
                &self.page.url,
                self.words,
            ));
        }
        let Some(repo) = &self.ctx.repo else {
            return html;
        };
        let reviews = self
            .reviews
            .get_or_insert_with(|| {
                let mermaid = self.ctx.site.config.mermaid;
                self.ctx
                    .cache
                    .reviews
                    .page(repo, &self.page.src, self.text, mermaid)
            })
            .clone();
        if n == 0 {
            self.out.notes.extend(reviews.note.clone());
        }
        if let Some(view) = reviews.maps.get(n).and_then(Option::as_ref) {
            html.push_str(&super::review_view::since_review(
                view,
                self.words,
                self.ctx.site.config.commit_url.as_deref(),
            ));
        }
        html
    }

    /// Cards for a block that only defines personas.
    fn persona_cards(&mut self, span: Span) -> Option<String> {
        let defined: Vec<&Persona> = self
            .page
            .personas
            .iter()
            .filter(|p| p.span.start >= span.start && p.span.end <= span.end)
            .collect();
        if defined.is_empty() {
            return None;
        }
        let locale = self.words;
        let mut html = String::from("<div class=\"persona-grid\">");
        for p in defined {
            let href = super::url::href(&self.page.url, &super::handbook::persona_url(&p.name));
            html.push_str(&format!(
                "<div class=\"persona-card\"><a href=\"{}\"><strong>{}</strong></a>",
                escape(&href),
                escape(&p.name)
            ));
            if let Some(r) = &p.role {
                html.push_str(&format!("<span>{}</span>", escape(r)));
            }
            if let Some(a) = &p.about {
                html.push_str(&format!("<p>{}</p>", escape(a)));
            }
            for (key, list) in [("goals", &p.goals), ("frustrations", &p.frustrations)] {
                if !list.is_empty() {
                    html.push_str(&format!(
                        "<p class=\"persona-list\"><b>{}:</b> {}</p>",
                        escape(locale.t(key)),
                        list.iter()
                            .map(|g| escape(g))
                            .collect::<Vec<_>>()
                            .join("; ")
                    ));
                }
            }
            if let Some(q) = &p.quote {
                html.push_str(&format!("<blockquote>{}</blockquote>", escape(q)));
            }
            html.push_str("</div>");
            self.out.text.push_str(&format!(
                "{} {} {} ",
                p.name,
                p.role.as_deref().unwrap_or(""),
                p.about.as_deref().unwrap_or("")
            ));
        }
        html.push_str("</div>");
        Some(html)
    }
}

/// Resolves `path` against folder `dir` (both relative to the root); `None` when it climbs
/// out of the root.
pub(crate) fn join(dir: &str, path: &str) -> Option<String> {
    let mut parts: Vec<&str> = if dir.is_empty() {
        Vec::new()
    } else {
        dir.split('/').collect()
    };
    for seg in path.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    Some(parts.join("/"))
}

/// Words of a journey for search.
pub(crate) fn journey_text(j: &Journey) -> String {
    let mut t = String::new();
    let mut add = |s: &str| {
        t.push_str(s);
        t.push(' ');
    };
    if let Some(x) = &j.title {
        add(x);
    }
    for stage in &j.stages {
        add(&stage.name);
        for step in &stage.steps {
            add(&step.name);
            for x in crate::journey::lanes::search_words(step) {
                add(x);
            }
        }
    }
    t
}

/// Renders a page's body.
pub(crate) fn body(ctx: &Context, page: &Page) -> Body {
    let lang = page.lang.as_deref().and_then(crate::i18n::speaks);
    let text = page.text();
    let mut hooks = PageHooks {
        ctx,
        page,
        text: &text,
        out: Body::default(),
        count: 0,
        words: crate::i18n::Locale::of(lang.unwrap_or(&ctx.site.config.language)),
        reviews: None,
    };
    if page.src.ends_with(".journey") {
        let html = hooks.journey(Span::new(0, text.len())).unwrap_or_default();
        hooks.out.html = format!("<h1 id=\"title\">{}</h1>\n{html}", escape(&page.title));
        return hooks.out;
    }
    let rendered = markdown::render(&text, &mut hooks);
    let mut out = hooks.out;
    out.html = rendered.html;
    out.headings = rendered.headings;
    out.text.push_str(&rendered.text);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn joining_paths() {
        assert_eq!(join("a/b", "../c.md").as_deref(), Some("a/c.md"));
        assert_eq!(join("", "./x/y.md").as_deref(), Some("x/y.md"));
        assert_eq!(join("a", "../../x"), None);
    }

    #[test]
    fn csv_is_quoted_and_formula_safe() {
        let p = crate::journey::parse_source(
            "section S\n  Pay: 2\n    pain: =HYPERLINK(\"x\") {severity: high}\n",
            crate::journey::SourceKind::Journey,
            Default::default(),
        );
        let c = csv(&p.journeys[0]);
        assert!(c.contains("\"'=HYPERLINK(\"\"x\"\")\",high"), "{c}");
    }
}
