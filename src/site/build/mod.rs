//! Building the whole handbook in memory, in parallel, and rebuilding after changes (the
//! preview keeps a [`Builder`] and hands it the paths that changed).

use super::handbook;
use crate::i18n::Locale;
use super::load::{Page, Site};
use super::nav::{self, NavItem};
use super::output::{Staging, Target};
use super::pages::{self, Body, Context, MapCache};
use super::search;
use super::templates;
use crate::diagnostics::{self, Diagnostic};
use crate::journey::validate;
use crate::render::svg::escape;
use rayon::prelude::*;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Instant;

/// The bytes of one output file, shared between builds that did not change it.
pub type File = Arc<Vec<u8>>;

/// A built site, in memory.
#[derive(Debug, Default)]
pub struct Built {
    /// Output files by path relative to the output folder.
    pub files: BTreeMap<String, File>,
    /// Problems, by source path (relative to the root), each with the file's text.
    pub problems: BTreeMap<String, (String, Vec<Diagnostic>)>,
    /// Problems that stop the whole site (config, templates, unreadable files).
    pub fatal: Vec<String>,
    /// Pages written.
    pub pages: usize,
    /// Maps drawn.
    pub maps: usize,
}

impl Built {
    /// Number of errors (fatal ones included).
    pub fn errors(&self) -> usize {
        self.fatal.len()
            + self
                .problems
                .values()
                .flat_map(|(_, d)| d)
                .filter(|d| d.is_error())
                .count()
    }

    /// Number of warnings.
    pub fn warnings(&self) -> usize {
        self.problems
            .values()
            .flat_map(|(_, d)| d)
            .filter(|d| !d.is_error())
            .count()
    }

    /// Every problem as a terminal report.
    pub fn report(&self, root: &Path, color: bool) -> String {
        let mut out = String::new();
        for f in &self.fatal {
            out.push_str(f);
            out.push('\n');
        }
        for (src, (text, diags)) in &self.problems {
            out.push_str(&diagnostics::report(&root.join(src), text, diags, color));
        }
        out
    }
}

#[derive(Serialize)]
struct Link {
    title: String,
    url: String,
}

#[derive(Serialize)]
struct Crumb {
    title: String,
    url: Option<String>,
}

/// What a page template is given.
#[derive(Serialize)]
struct PageVars<'a> {
    lang: &'a str,
    site_title: &'a str,
    title: &'a str,
    description: Option<&'a str>,
    root: String,
    current: String,
    content: &'a str,
    toc: Vec<&'a crate::markdown::Heading>,
    crumbs: Vec<Crumb>,
    prev: Option<Link>,
    next: Option<Link>,
    t: &'a BTreeMap<String, String>,
}

/// The rendered output of one source page, kept between rebuilds.
#[derive(Debug, Clone, Default)]
struct PageOut {
    body: String,
    headings: Vec<crate::markdown::Heading>,
    /// The whole page in its template, kept until navigation changes.
    page: Option<File>,
    search: search::Entry,
    files: Vec<(String, File)>,
    diagnostics: Vec<Diagnostic>,
    maps: Vec<u64>,
}

/// Builds a handbook and rebuilds it after changes.
pub struct Builder {
    root: PathBuf,
    site: Option<Site>,
    cache: MapCache,
    pages: BTreeMap<String, PageOut>,
    /// Render every page regardless of what changed.
    dirty_all: bool,
    /// Read the whole handbook again before the next build.
    reload: bool,
    /// The navigation of the last build, hashed.
    nav_hash: u64,
    dirty: BTreeSet<String>,
    /// Keep rendered pages and maps for the next build (the preview does; a one-off build
    /// hands them to the output instead, which halves its memory).
    keep: bool,
    /// Also write each good build here.
    pub out: Option<PathBuf>,
}

fn is_structural(rel: &str) -> bool {
    rel == super::config::FILE
        || rel == "SUMMARY.md"
        || rel.starts_with("templates/")
        || rel.starts_with("theme/")
        || rel.starts_with("themes/")
}

impl Builder {
    /// A builder for the handbook at `root` that rebuilds after changes.
    pub fn new(root: &Path) -> Builder {
        Builder {
            root: root.to_path_buf(),
            site: None,
            cache: MapCache::new(true),
            pages: BTreeMap::new(),
            dirty_all: true,
            reload: false,
            nav_hash: 0,
            dirty: BTreeSet::new(),
            keep: true,
            out: None,
        }
    }

    /// A builder for one build: nothing is kept for a rebuild.
    pub fn once(root: &Path) -> Builder {
        Builder {
            cache: MapCache::new(false),
            keep: false,
            ..Builder::new(root)
        }
    }

    /// The output folder the config names, absolute.
    pub fn output_dir(&self) -> PathBuf {
        let rel = self
            .site
            .as_ref()
            .map(|s| s.config.output.clone())
            .unwrap_or_else(|| PathBuf::from("_site"));
        if rel.is_absolute() {
            rel
        } else {
            self.root.join(rel)
        }
    }

    /// Marks changed files; the next [`Builder::build`] renders only what they touch.
    pub fn changed(&mut self, paths: &[PathBuf]) {
        let Some(site) = self.site.as_mut() else {
            self.dirty_all = true;
            return;
        };
        let root = self
            .root
            .canonicalize()
            .unwrap_or_else(|_| self.root.clone());
        for path in paths {
            let rel = path
                .strip_prefix(&root)
                .or_else(|_| path.strip_prefix(&self.root))
                .map(|r| r.to_string_lossy().replace('\\', "/"));
            let Ok(rel) = rel else { continue };
            if !rel.is_empty() && super::load::in_output(&self.root, &rel) {
                continue;
            }
            if !crate::files::belongs(&rel) {
                // Hidden, scratch and backup files are no part of the handbook (the walk
                // leaves them out too).
                continue;
            }
            if rel.is_empty() || path.is_dir() || is_structural(&rel) {
                // A folder appeared, vanished or was renamed: read everything again.
                self.dirty_all = true;
                continue;
            }
            if !super::load::is_source(&rel, &site.config) {
                continue;
            }
            if rel.ends_with(".md") || rel.ends_with(".markdown") || rel.ends_with(".journey") {
                let before = site
                    .pages
                    .get(&rel)
                    .map(|p| (p.title.clone(), p.order, p.draft));
                site.read_page(&rel);
                let after = site
                    .pages
                    .get(&rel)
                    .map(|p| (p.title.clone(), p.order, p.draft));
                if before != after {
                    // Navigation changed: every page shows it (breadcrumbs, previous/next).
                    self.dirty_all = true;
                }
                self.dirty.insert(rel);
            } else if crate::files::present(&self.root, &rel) {
                // Anything there (a link, a special file too) is listed like the walk lists
                // it; reading it applies the handbook's policy and reports a refusal.
                if !site.statics.contains(&rel) {
                    site.statics.push(rel);
                    site.statics.sort();
                }
                // Links to it may have been broken before.
                self.dirty_all = true;
            } else {
                site.statics.retain(|s| s != &rel);
                self.dirty_all = true;
            }
        }
        self.reload |= self.dirty_all;
    }

    /// Reads the handbook again when it has not been read or something structural
    /// changed. On failure, the problem is reported as a build that stops.
    fn load(&mut self) -> Result<(), Built> {
        if self.reload || self.site.is_none() {
            self.reload = false;
            match Site::load(&self.root) {
                Ok(s) => self.site = Some(s),
                Err(e) => {
                    self.site = None;
                    return Err(Built {
                        fatal: vec![diagnostics::report(&e.path, &e.text, &e.diagnostics, false)],
                        ..Built::default()
                    });
                }
            }
        }
        Ok(())
    }

    /// Builds the site (everything the first time, then only what changed) in memory.
    pub fn build(&mut self) -> Built {
        self.build_into(None)
    }

    /// Builds the site, writing its files into `staging` instead of memory when given.
    fn build_into(&mut self, staging: Option<&Staging>) -> Built {
        if let Err(failed) = self.load() {
            return failed;
        }
        let Some(site) = self.site.as_ref() else {
            return Built::default();
        };
        let only = if self.dirty_all {
            None
        } else {
            Some(std::mem::take(&mut self.dirty))
        };
        let built = build_site(
            site,
            &self.cache,
            &mut self.pages,
            only.as_ref(),
            self.keep,
            staging,
            &mut self.nav_hash,
        );
        if !self.keep {
            self.pages.clear();
        }
        self.dirty_all = false;
        self.dirty.clear();
        built
    }
}

/// Builds the handbook at `root` in memory.
pub fn build_to_memory(root: &Path) -> Built {
    Builder::once(root).build()
}

/// What every page around its content shares: template, words, navigation.
struct Shell<'a> {
    tera: &'a tera::Tera,
    site: &'a Site,
    locale: &'a Locale,
    order: &'a [(String, String)],
    /// Where each URL is in the reading order.
    positions: HashMap<&'a str, usize>,
    /// The trail above each page.
    crumbs: HashMap<&'a str, Vec<(&'a str, Option<&'a str>)>>,
}

impl Shell<'_> {
    /// The page at `url` with `content` in the template.
    fn page(
        &self,
        url: &str,
        title: &str,
        description: Option<&str>,
        content: &str,
        headings: &[crate::markdown::Heading],
        lang: Option<&str>,
    ) -> Result<String, String> {
        let lang = lang.unwrap_or(&self.locale.lang);
        let pos = self.positions.get(url).copied();
        let link = |i: usize| {
            self.order.get(i).map(|(t, u)| Link {
                title: t.clone(),
                url: super::url::href(url, u),
            })
        };
        let vars = PageVars {
            lang,
            site_title: &self.site.config.title,
            title,
            description,
            root: super::url::root(url),
            current: super::url::encode(url),
            content,
            toc: headings
                .iter()
                .filter(|h| h.level == 2 || h.level == 3)
                .collect(),
            crumbs: self
                .crumbs
                .get(url)
                .into_iter()
                .flatten()
                .map(|(t, u)| Crumb {
                    title: t.to_string(),
                    url: u.map(|u| super::url::href(url, u)),
                })
                .collect(),
            prev: pos.and_then(|p| p.checked_sub(1)).and_then(link),
            next: pos.and_then(|p| link(p + 1)),
            t: &self.locale.site,
        };
        let ctx = tera::Context::from_serialize(&vars).map_err(|e| e.to_string())?;
        self.tera.render("page.html", &ctx).map_err(|e| {
            let mut msg = format!("error: the page template failed on {url}: {e}");
            let mut source = std::error::Error::source(&e);
            while let Some(s) = source {
                msg.push_str(&format!("\n  {s}"));
                source = s.source();
            }
            msg
        })
    }
}

fn render_page(ctx: &Context, page: &Page) -> PageOut {
    let Body {
        html,
        headings,
        text,
        files,
        diagnostics,
        maps_used,
    } = pages::body(ctx, page);
    PageOut {
        body: html,
        headings,
        page: None,
        search: search::Entry::new(&page.title, &text),
        files: files.into_iter().map(|(p, b)| (p, Arc::new(b))).collect(),
        diagnostics,
        maps: maps_used,
    }
}

/// Where a build's files go: into memory (the preview keeps the site there), or straight
/// into the output's staging folder, so a one-off build never holds the whole site.
struct Sink<'a> {
    staging: Option<&'a Staging>,
    files: Mutex<BTreeMap<String, File>>,
    /// Every path put so far, in both cases.
    names: Mutex<BTreeSet<String>>,
    errors: Mutex<Vec<String>>,
}

impl Sink<'_> {
    fn put(&self, path: String, bytes: impl Into<File>) {
        let bytes = bytes.into();
        if let Ok(mut n) = self.names.lock() {
            n.insert(path.clone());
        }
        match self.staging {
            Some(s) => {
                if let Err(e) = s.put(&path, &bytes) {
                    if let Ok(mut errs) = self.errors.lock() {
                        errs.push(format!("error: {e}"));
                    }
                }
            }
            None => {
                if let Ok(mut f) = self.files.lock() {
                    f.insert(path, bytes);
                }
            }
        }
    }

    fn contains(&self, path: &str) -> bool {
        self.names.lock().is_ok_and(|n| n.contains(path))
    }
}

fn build_site(
    site: &Site,
    cache: &MapCache,
    kept: &mut BTreeMap<String, PageOut>,
    only: Option<&BTreeSet<String>>,
    keep: bool,
    staging: Option<&Staging>,
    nav_hash: &mut u64,
) -> Built {
    let mut built = Built::default();
    built
        .fatal
        .extend(site.unreadable.iter().map(|(_, e)| e.clone()));
    let tera = match templates::engine(&site.root) {
        Ok(t) => t,
        Err(e) => {
            built.fatal.push(e);
            return built;
        }
    };
    let assets = match templates::assets(&site.root) {
        Ok(a) => a,
        Err(e) => {
            built.fatal.push(e);
            return built;
        }
    };
    let themes = match pages::themes(site) {
        Ok(t) => t,
        Err(e) => {
            built.fatal.push(format!("error: {e}"));
            return built;
        }
    };
    let locale = Locale::load(&site.config.language);
    let ctx = Context {
        site,
        themes,
        personas: site.personas(),
        labels: Mutex::new(HashMap::new()),
        cache,
        generated: handbook::generated_urls(site),
    };
    let sink = Sink {
        staging,
        files: Mutex::default(),
        names: Mutex::default(),
        errors: Mutex::default(),
    };

    // Navigation depends on titles and order only, so it is known before any page renders.
    let generated = handbook::pages(site, &locale);
    let mut extra = vec![NavItem {
        title: locale.t("handbook").to_string(),
        url: None,
        children: Vec::new(),
    }];
    extra[0].children = generated
        .iter()
        .filter(|(u, _, _)| !u.starts_with("personas/") || u == "personas/index.html")
        .map(|(u, t, _)| NavItem {
            title: t.clone(),
            url: Some(u.clone()),
            children: Vec::new(),
        })
        .collect();
    let tree = nav::tree(site, extra);
    let order = nav::reading_order(&tree);
    // Every page shows the navigation: when it changed, every kept page is wrapped again.
    let nav_changed = {
        let mut h = std::collections::hash_map::DefaultHasher::new();
        std::hash::Hash::hash(&tree, &mut h);
        let new = std::hash::Hasher::finish(&h);
        std::mem::replace(nav_hash, new) != new
    };
    let positions = order
        .iter()
        .enumerate()
        .map(|(i, (_, u))| (u.as_str(), i))
        .collect();
    let shell = Shell {
        tera: &tera,
        site,
        locale: &locale,
        order: &order,
        positions,
        crumbs: nav::breadcrumbs(&tree),
    };
    let wrap = |p: &Page, o: &PageOut| {
        shell.page(
            &p.url,
            &p.title,
            p.description.as_deref(),
            &o.body,
            &o.headings,
            p.lang.as_deref(),
        )
    };

    // Render the pages that changed (all of them on a full build), in parallel. A one-off
    // build wraps and writes each page at once and keeps only what search needs.
    let todo: Vec<&Page> = site
        .published()
        .filter(|p| only.is_none_or(|o| o.contains(&p.src)) || !kept.contains_key(&p.src))
        .collect();
    let progress = (todo.len() > 200 && crate::commands::stderr_color()).then(|| {
        let bar = indicatif::ProgressBar::new(todo.len() as u64);
        bar.set_style(
            indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} pages")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        bar
    });
    let template_errors = Mutex::new(BTreeMap::new());
    let fresh: Vec<(String, PageOut)> = todo
        .par_iter()
        .map(|p| {
            let mut out = render_page(&ctx, p);
            if !keep {
                match wrap(p, &out) {
                    Ok(html) => sink.put(p.url.clone(), html.into_bytes()),
                    Err(e) => {
                        if let Ok(mut errs) = template_errors.lock() {
                            errs.insert(p.url.clone(), e);
                        }
                    }
                }
                for (path, bytes) in std::mem::take(&mut out.files) {
                    sink.put(path, bytes);
                }
                out.body = String::new();
                out.headings = Vec::new();
            }
            if let Some(b) = &progress {
                b.inc(1);
            }
            (p.src.clone(), out)
        })
        .collect();
    if let Some(b) = progress {
        b.finish_and_clear();
    }
    kept.retain(|src, _| site.pages.get(src).is_some_and(|p| !p.draft));
    kept.extend(fresh);

    if keep {
        // Wrap the pages that changed, or all of them when navigation may have.
        let wrapped: Vec<(String, Result<String, String>)> = site
            .published()
            .filter_map(|p| kept.get(&p.src).map(|o| (p, o)))
            .filter(|(_, o)| only.is_none() || nav_changed || o.page.is_none())
            .collect::<Vec<_>>()
            .par_iter()
            .map(|(p, o)| (p.src.clone(), wrap(p, o)))
            .collect();
        for (src, html) in wrapped {
            match html {
                Ok(h) => {
                    if let Some(o) = kept.get_mut(&src) {
                        o.page = Some(Arc::new(h.into_bytes()));
                    }
                }
                Err(e) => {
                    if let Ok(mut errs) = template_errors.lock() {
                        errs.insert(src, e);
                    }
                }
            }
        }
        for p in site.published() {
            if let Some(page) = kept.get(&p.src).and_then(|o| o.page.clone()) {
                sink.put(p.url.clone(), page);
            }
        }
    }
    if let Some((_, e)) = template_errors
        .into_inner()
        .unwrap_or_default()
        .into_iter()
        .next()
    {
        // The same template fails the same way on every page: one report is enough.
        built.fatal.push(e);
        return built;
    }

    let today = site.today();
    let personas: Vec<crate::journey::Persona> =
        ctx.personas.iter().map(|p| (*p).clone()).collect();
    let vctx = validate::Context {
        personas: &personas,
        today: Some(today),
        stale_after_days: i64::from(site.config.stale_after_days),
    };
    let mut used = HashSet::new();
    for p in site.published() {
        let Some(o) = kept.get(&p.src) else { continue };
        built.pages += 1;
        built.maps += o.maps.len();
        used.extend(o.maps.iter().copied());
        // Only a kept page still holds its downloads here.
        for (path, bytes) in &o.files {
            sink.put(path.clone(), Arc::clone(bytes));
        }
        let mut diags = p.diagnostics.clone();
        diags.extend(o.diagnostics.iter().cloned());
        for (_, j) in &p.journeys {
            diags.extend(validate::check_journey(j, &vctx));
        }
        if !diags.is_empty() {
            diags.sort_by_key(|d| (d.span.start, d.span.end));
            built
                .problems
                .insert(p.src.clone(), (p.text.clone(), diags));
        }
    }
    for p in site.pages.values().filter(|p| p.draft) {
        if p.diagnostics.iter().any(|d| d.is_error()) {
            built
                .problems
                .insert(p.src.clone(), (p.text.clone(), p.diagnostics.clone()));
        }
    }
    cache.retain(&used);

    let contents = format!(
        "<h1 id=\"title\">{}</h1>{}",
        escape(locale.t("contents")),
        nav::contents_html(&tree, "contents.html")
    );
    let not_found = format!("<h1 id=\"title\">{}</h1><p>{}</p><p><a href=\"index.html\">{}</a> · <a href=\"contents.html\">{}</a></p>", escape(locale.t("not_found")), escape(locale.t("not_found_text")), escape(locale.t("home")), escape(locale.t("contents")));
    let mut journeys_page = None;
    for (url, title, body) in generated
        .iter()
        .map(|(u, t, b)| (u.as_str(), t.as_str(), b.as_str()))
        .chain([
            ("contents.html", locale.t("contents"), contents.as_str()),
            ("404.html", locale.t("not_found"), not_found.as_str()),
        ])
    {
        match shell.page(url, title, None, body, &[], None) {
            Ok(h) => {
                if url == "journeys.html" {
                    journeys_page = Some(h.clone());
                }
                sink.put(url.to_string(), h.into_bytes());
            }
            Err(e) => built.fatal.push(e),
        }
    }
    if !sink.contains("index.html") {
        // A handbook without an index page opens on its journeys.
        if let Some(j) = journeys_page {
            sink.put("index.html".to_string(), j.into_bytes());
        }
    }
    sink.put("nav.js".to_string(), nav::script(&tree).into_bytes());

    let generated_entries: Vec<search::Entry> = generated
        .iter()
        .map(|(_, title, body)| search::Entry::new(title, &strip_tags(body)))
        .collect();
    let docs: Vec<search::Doc> = site
        .published()
        .filter_map(|p| {
            kept.get(&p.src).map(|o| search::Doc {
                title: &p.title,
                url: &p.url,
                entry: &o.search,
            })
        })
        .chain(
            generated
                .iter()
                .zip(&generated_entries)
                .map(|((url, title, _), entry)| search::Doc { title, url, entry }),
        )
        .collect();
    for (path, bytes) in search::index(&docs).into_iter().chain(assets) {
        sink.put(path, bytes);
    }
    for rel in &site.statics {
        match crate::files::read_in(&site.root, rel, crate::files::STATIC_LIMIT) {
            Ok(bytes) => sink.put(rel.clone(), bytes),
            Err(e) => built.fatal.push(e.to_string()),
        }
    }
    if let Some(base) = &site.config.base_url {
        let base = if base.ends_with('/') {
            base.clone()
        } else {
            format!("{base}/")
        };
        let mut xml = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
        let names = sink.names.lock().map(|n| n.clone()).unwrap_or_default();
        for url in names
            .iter()
            .filter(|u| u.ends_with(".html") && *u != "404.html")
        {
            xml.push_str(&format!(
                "<url><loc>{}{}</loc></url>\n",
                escape(&base),
                escape(&super::url::encode(url))
            ));
        }
        xml.push_str("</urlset>\n");
        sink.put("sitemap.xml".to_string(), xml.into_bytes());
    }
    built
        .fatal
        .extend(sink.errors.into_inner().unwrap_or_default());
    built.files = sink.files.into_inner().unwrap_or_default();
    built
}

fn strip_tags(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut inside = false;
    for c in html.chars() {
        match c {
            '<' => inside = true,
            '>' => {
                inside = false;
                out.push(' ');
            }
            c if !inside => out.push(c),
            _ => {}
        }
    }
    out
}

/// Runs a build and reports on it; returns whether it succeeded. Files are written
/// straight into a staging folder that replaces the output only when the build is good.
pub fn run(root: &Path, out: Option<&Path>, color: bool) -> Result<String, String> {
    let start = Instant::now();
    // A given output folder is recovered before anything else, even if the handbook
    // turns out to be broken; the configured one is known only once the config is read.
    let given = out
        .map(|o| Target::open(root, o))
        .transpose()
        .map_err(|e| format!("error: {e}"))?;
    let mut builder = Builder::once(root);
    if let Err(failed) = builder.load() {
        return Err(failed_build(&failed, root, given.as_ref(), color));
    }
    let target = match given {
        Some(t) => t,
        None => Target::open(root, &builder.output_dir()).map_err(|e| format!("error: {e}"))?,
    };
    let staging = target.stage().map_err(|e| format!("error: {e}"))?;
    let built = builder.build_into(Some(&staging));
    if built.errors() > 0 {
        // Dropping the staging folder leaves the last good output as it was.
        drop(staging);
        return Err(failed_build(&built, root, Some(&target), color));
    }
    let warnings = staging.commit().map_err(|e| format!("error: {e}"))?;
    let mut report = notes(Some(&target));
    for w in warnings {
        report.push_str(&w);
        report.push('\n');
    }
    Ok(format!(
        "{report}{}built {} page{}, {} map{} into {} in {} ms: {} warning{}",
        built.report(root, color),
        built.pages,
        if built.pages == 1 { "" } else { "s" },
        built.maps,
        if built.maps == 1 { "" } else { "s" },
        out.unwrap_or(target.path()).display(),
        start.elapsed().as_millis(),
        built.warnings(),
        if built.warnings() == 1 { "" } else { "s" }
    ))
}

/// What opening the output folder restored, one line each.
fn notes(target: Option<&Target>) -> String {
    target
        .map(|t| t.notes().iter().map(|n| format!("{n}\n")).collect())
        .unwrap_or_default()
}

fn failed_build(built: &Built, root: &Path, target: Option<&Target>, color: bool) -> String {
    let n = built.errors();
    let output = match target {
        Some(t) if t.exists() => format!(
            "the last good output in {} was left as it was",
            t.path().display()
        ),
        Some(t) => format!("nothing was written to {}", t.path().display()),
        None => "no output folder was touched".to_string(),
    };
    format!(
        "{}{}error: the build failed with {n} error{}; {output}",
        notes(target),
        built.report(root, color),
        if n == 1 { "" } else { "s" }
    )
}
