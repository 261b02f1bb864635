//! The steps of a build, in the order [`super::build_site`] runs them. Each writes its
//! files into the sink and tells the progress callback when it starts.

use super::cache::{Incremental, PageRecord};
use super::keys::Keys;
use super::shell::Shell;
use super::sink::Sink;
use super::{Built, File, Kept, PageOut};
use crate::journey::validate;
use crate::site::load::{Page, Site};
use crate::site::pages::{self, Body, Context};
use crate::site::progress::{Progress, Step};
use crate::site::templates::Templates;
use crate::site::{search, url};
use rayon::prelude::*;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::sync::{Arc, Mutex};

/// Renders the pages that changed (all of them on a full build), in parallel: markdown,
/// maps and their downloads. A one-off build also wraps and writes each page at once and
/// keeps only what search needs, so it never holds the whole site. With the build cache,
/// a page whose key is unchanged and whose files the output holds is not rendered.
pub(super) fn render_pages(
    ctx: &Context,
    shell: &Shell,
    kept: &mut Kept,
    only: Option<&BTreeSet<String>>,
    (sink, mut cached): (&Sink, Option<(&Keys, &mut Incremental)>),
    progress: &dyn Progress,
) -> Result<(), String> {
    let site = ctx.site;
    let keys: HashMap<&str, u64> = match &cached {
        Some((k, _)) => {
            let published: Vec<&Page> = site.published().collect();
            published
                .par_iter()
                .map(|p| (p.src.as_str(), k.page(ctx, p)))
                .collect()
        }
        None => HashMap::new(),
    };
    if let Some((_, inc)) = cached.as_mut() {
        for (n, p) in site.published().enumerate() {
            // Its passages for search too: the cache keeps no page's text.
            let unchanged = inc.previous.get(&p.src).is_some_and(|r| {
                Some(&r.key) == keys.get(p.src.as_str())
                    && r.files.iter().all(|f| sink.has_previous(f))
                    && sink.has_previous(&search::passages_file(n))
            });
            if let Some(mut record) = inc.previous.remove(&p.src).filter(|_| unchanged) {
                for f in &record.files {
                    sink.keep(f);
                }
                // Search reads it from the page; it goes back to the record after.
                let out = PageOut {
                    maps: record.maps.clone(),
                    search: std::mem::take(&mut record.entry),
                    cached: true,
                    ..PageOut::default()
                };
                kept.pages.insert(p.src.clone(), out);
                inc.next.pages.insert(p.src.clone(), record);
            }
        }
    }
    let todo: Vec<&Page> = site
        .published()
        .filter(|p| only.is_none_or(|o| o.contains(&p.src)) || !kept.pages.contains_key(&p.src))
        .filter(|p| cached.is_none() || !kept.pages.contains_key(&p.src))
        .collect();
    progress.start(Step::Render, todo.len());
    if let Some(note) = &ctx.repo_note {
        progress.note(note);
    }
    let keep = kept.keep;
    // Each page's place in the search index (the cache above counts the same way).
    let places: HashMap<&str, usize> = if keep {
        HashMap::new()
    } else {
        site.published()
            .enumerate()
            .map(|(n, p)| (p.src.as_str(), n))
            .collect()
    };
    let failures = Mutex::new(BTreeMap::new());
    let checks = checks(ctx);
    let fresh: Vec<(String, PageOut, Option<PageRecord>)> = todo
        .par_iter()
        .map(|p| {
            let (mut out, notes) = render_page(ctx, p);
            for n in &notes {
                progress.note(n);
            }
            // A page with problems or notes is rendered every time, so they are told.
            let record = keys
                .get(p.src.as_str())
                .filter(|_| notes.is_empty() && out.diagnostics.is_empty())
                .map(|&key| PageRecord {
                    key,
                    files: std::iter::once(p.url.clone())
                        .chain(out.files.iter().map(|(f, _)| f.clone()))
                        .collect(),
                    // Filled in once search has read it.
                    entry: search::Entry::default(),
                    maps: out.maps.clone(),
                });
            if !keep {
                match shell.wrap(p, &out) {
                    Ok(html) => sink.put(p.url.clone(), html.into_bytes()),
                    Err(e) => {
                        if let Ok(mut f) = failures.lock() {
                            f.insert(p.url.clone(), e);
                        }
                    }
                }
                for (path, bytes) in std::mem::take(&mut out.files) {
                    sink.put(path, bytes);
                }
                out.body = String::new();
                out.headings = Vec::new();
                if let Some(&n) = places.get(p.src.as_str()) {
                    let (path, bytes) = out.search.take_passages(n);
                    sink.put(path, bytes);
                    out.passages_written = Some(n);
                }
                // Its problems are all known now: its text goes, unless they need it.
                let diags = page_problems(ctx, &checks, p, &out);
                out.problems = Some((report_text(p, keep, !diags.is_empty()), diags));
            }
            progress.advance(1);
            (p.src.clone(), out, record)
        })
        .collect();
    kept.pages
        .retain(|src, _| site.pages.get(src).is_some_and(|p| !p.draft));
    if let Some((_, inc)) = cached {
        inc.rendered = fresh.len();
        for (src, _, record) in &fresh {
            if let Some(r) = record {
                inc.next.pages.insert(src.clone(), r.clone());
            }
        }
    }
    kept.pages
        .extend(fresh.into_iter().map(|(src, out, _)| (src, out)));
    first_failure(failures.into_inner().unwrap_or_default())
}

/// One page's body, with what search and the next build need of it.
fn render_page(ctx: &Context, page: &Page) -> (PageOut, Vec<String>) {
    let Body {
        html,
        headings,
        text: _,
        files,
        diagnostics,
        maps_used,
        notes,
    } = pages::body(ctx, page);
    // Search reads the body as readers see it, each map once, in the page's language.
    let lang = page.lang.as_deref().unwrap_or(&ctx.site.config.language);
    let journeys: Vec<_> = page.journeys.iter().map(|(_, j)| j).collect();
    let search = search::Entry::from_html(&page.title, &html, Some(lang), &journeys);
    let out = PageOut {
        body: html,
        headings,
        page: None,
        search,
        files: files.into_iter().map(|(p, b)| (p, Arc::new(b))).collect(),
        diagnostics,
        maps: maps_used,
        cached: false,
        passages: None,
        passages_written: None,
        problems: None,
    };
    (out, notes)
}

/// The first template failure by URL: the same template fails the same way on every
/// page, so one report is enough.
fn first_failure(failures: BTreeMap<String, String>) -> Result<(), String> {
    match failures.into_values().next() {
        Some(e) => Err(e),
        None => Ok(()),
    }
}

/// Puts the rendered pages into the page template, in parallel, and writes every page
/// with its downloads. Only a build that keeps its pages wraps here (a one-off build
/// wrapped each page as it rendered): the pages that changed, or all of them when the
/// navigation did, since every page shows it.
pub(super) fn wrap_pages(
    site: &Site,
    shell: &Shell,
    kept: &mut Kept,
    only: Option<&BTreeSet<String>>,
    nav_changed: bool,
    sink: &Sink,
    progress: &dyn Progress,
) -> Result<(), String> {
    if !kept.keep {
        progress.start(Step::Wrap, 0);
        return Ok(());
    }
    let todo: Vec<(&Page, &PageOut)> = site
        .published()
        .filter_map(|p| kept.pages.get(&p.src).map(|o| (p, o)))
        .filter(|(_, o)| only.is_none() || nav_changed || o.page.is_none())
        .collect();
    progress.start(Step::Wrap, todo.len());
    let wrapped: Vec<(&Page, Result<String, String>)> = todo
        .par_iter()
        .map(|(p, o)| {
            let html = shell.wrap(p, o);
            progress.advance(1);
            (*p, html)
        })
        .collect();
    let mut failures = BTreeMap::new();
    for (p, html) in wrapped {
        match html {
            Ok(h) => {
                if let Some(o) = kept.pages.get_mut(&p.src) {
                    o.page = Some(Arc::new(h.into_bytes()));
                }
            }
            Err(e) => {
                failures.insert(p.url.clone(), e);
            }
        }
    }
    for p in site.published() {
        let Some(o) = kept.pages.get(&p.src) else {
            continue;
        };
        if let Some(page) = &o.page {
            sink.put(p.url.clone(), Arc::clone(page));
        }
        for (path, bytes) in &o.files {
            sink.put(path.clone(), Arc::clone(bytes));
        }
    }
    first_failure(failures)
}

/// Gathers every page's problems: its own, its maps', and the checks that need the whole
/// handbook (personas, review dates); drafts only for errors. Counts the pages and maps
/// built, and forgets the maps no page uses any more. A one-off build found each page's
/// problems as it rendered it, and let go of its text then unless it has some; the texts
/// it has not rendered (drafts, failed pages) go here.
pub(super) fn collect_problems(
    site: &Site,
    ctx: &Context,
    kept: &mut Kept,
    built: &mut Built,
    progress: &dyn Progress,
) {
    progress.start(Step::Problems, 0);
    let checks = checks(ctx);
    let mut used = HashSet::new();
    for p in site.published() {
        let Some(o) = kept.pages.get_mut(&p.src) else {
            report_text(p, kept.keep, false);
            continue;
        };
        built.pages += 1;
        built.maps += o.maps.len();
        used.extend(o.maps.iter().copied());
        let (text, diags) = match o.problems.take() {
            Some(found) => found,
            None => {
                let diags = page_problems(ctx, &checks, p, o);
                (report_text(p, kept.keep, !diags.is_empty()), diags)
            }
        };
        if !diags.is_empty() {
            built.problems.insert(p.src.clone(), (text, diags));
        }
    }
    for p in site.pages.values().filter(|p| p.draft) {
        let errors = p.diagnostics.iter().any(|d| d.is_error());
        let text = report_text(p, kept.keep, errors);
        if errors {
            built
                .problems
                .insert(p.src.clone(), (text, p.diagnostics.clone()));
        }
    }
    ctx.cache.retain(&used);
}

/// The text of page `p` for the report of its problems, when it `has_problems` (empty
/// otherwise): a one-off build (`!keep`) takes it out of the page, which nothing reads
/// again; the preview keeps it there and copies it.
fn report_text(p: &Page, keep: bool, has_problems: bool) -> String {
    let text = if keep { None } else { Some(p.take_text()) };
    match (text, has_problems) {
        (_, false) => String::new(),
        (Some(taken), true) => taken,
        (None, true) => p.text().clone(),
    }
}

/// What the checks over the whole handbook read: its personas, today, when a map is stale.
fn checks<'c>(ctx: &'c Context) -> validate::Context<'c> {
    validate::Context {
        personas: ctx.resolver.personas(),
        today: Some(ctx.site.today()),
        stale_after_days: i64::from(ctx.site.config.stale_after_days),
    }
}

/// Every problem of page `p` rendered as `out`, in the order of the text: its own, its
/// maps', its pairing's and the checks of its journeys against the handbook.
fn page_problems(
    ctx: &Context,
    checks: &validate::Context,
    p: &Page,
    out: &PageOut,
) -> Vec<crate::diagnostics::Diagnostic> {
    let mut diags = p.diagnostics.clone();
    diags.extend(out.diagnostics.iter().cloned());
    diags.extend(ctx.pairs.problems(&p.src).iter().cloned());
    for (_, j) in &p.journeys {
        diags.extend(validate::check_journey(j, checks));
    }
    diags.sort_by_key(|d| (d.span.start, d.span.end));
    diags
}

/// Writes the offline search index over every page and the handbook pages. A page's
/// passages file is made again only when the page was rendered or moved: the build cache
/// keeps the file in the output, the preview the bytes of its last build.
pub(super) fn write_search(
    site: &Site,
    kept: &mut Kept,
    (handbook, cached): (&[(String, String, search::Entry)], bool),
    sink: &Sink,
    progress: &dyn Progress,
) {
    progress.start(Step::Search, 0);
    let pages: Vec<(&Page, &PageOut)> = site
        .published()
        .filter_map(|p| kept.pages.get(&p.src).map(|o| (p, o)))
        .collect();
    let mut docs: Vec<search::Doc> = Vec::with_capacity(pages.len() + handbook.len());
    for (n, (p, o)) in pages.iter().enumerate() {
        let path = search::passages_file(n);
        // A page the cache kept kept its place too: any page added or removed changes
        // every page's key.
        let written = if o.cached {
            let kept = sink.has_previous(&path);
            if kept {
                sink.keep(&path);
            }
            kept
        } else if let Some((_, bytes)) = o.passages.as_ref().filter(|(at, _)| *at == n) {
            sink.put(path, Arc::clone(bytes));
            true
        } else if o.passages_written.is_some() {
            // Written where the page rendered; it cannot be made again (its sections are
            // gone), and its place is the one it was written for.
            debug_assert_eq!(o.passages_written, Some(n));
            true
        } else {
            false
        };
        docs.push(search::Doc {
            title: &p.title,
            url: &p.url,
            entry: &o.search,
            written,
        });
    }
    for (title, url, entry) in handbook {
        // The cache checked the handbook's passages when it gave their pages.
        let path = search::passages_file(docs.len());
        let written = cached && sink.has_previous(&path);
        if written {
            sink.keep(&path);
        }
        docs.push(search::Doc {
            title,
            url,
            entry,
            written,
        });
    }
    let made: HashMap<String, usize> = (0..pages.len())
        .filter(|&n| !docs[n].written)
        .map(|n| (search::passages_file(n), n))
        .collect();
    let srcs: Vec<String> = pages.iter().map(|(p, _)| p.src.clone()).collect();
    // The preview keeps each page's passages as written; set aside while `docs` borrows
    // the pages.
    let mut passages = Vec::new();
    search::index(&docs, &mut |path, bytes| {
        let bytes: File = Arc::new(bytes);
        if let Some(&n) = made.get(&path).filter(|_| kept.keep) {
            passages.push((n, Arc::clone(&bytes)));
        }
        sink.put(path, bytes);
    });
    drop(docs);
    for (n, bytes) in passages {
        if let Some(o) = kept.pages.get_mut(&srcs[n]) {
            o.passages = Some((n, bytes));
        }
    }
}

/// Copies the stylesheet, script and icon, then the handbook's own files as they are,
/// each read under the handbook's policy (no link out of it, sizes capped).
pub(super) fn copy_static_files(
    site: &Site,
    assets: Vec<(String, Vec<u8>)>,
    sink: &Sink,
    built: &mut Built,
    progress: &dyn Progress,
) {
    // Data journeys read stays out: raw exports often hold personal data.
    let statics: Vec<&String> = site.published_statics().collect();
    progress.start(Step::Statics, statics.len());
    for (path, bytes) in assets {
        sink.put(path, bytes);
    }
    for rel in statics {
        match crate::files::read_in(&site.root, rel, crate::files::STATIC_LIMIT) {
            Ok(bytes) => sink.put(rel.clone(), bytes),
            Err(e) => built.fatal.push(e.to_string()),
        }
        progress.advance(1);
    }
}

/// Writes `sitemap.xml` with every page written so far, when the handbook has a
/// `base_url` (a sitemap needs absolute URLs).
pub(super) fn write_sitemap(
    site: &Site,
    templates: &Templates,
    sink: &Sink,
    built: &mut Built,
    progress: &dyn Progress,
) {
    let Some(base) = &site.config.base_url else {
        return;
    };
    progress.start(Step::Sitemap, 0);
    #[derive(Serialize)]
    struct Sitemap {
        base: String,
        urls: Vec<String>,
    }
    let base = if base.ends_with('/') {
        base.clone()
    } else {
        format!("{base}/")
    };
    let urls = sink
        .names()
        .iter()
        .filter(|u| u.ends_with(".html") && *u != "404.html")
        .map(|u| url::encode(u))
        .collect();
    let written = tera::Context::from_serialize(Sitemap { base, urls })
        .map_err(|e| format!("error: the sitemap cannot be written: {e}"))
        .and_then(|ctx| templates.render("sitemap.xml", &ctx, "sitemap.xml"))
        // The XML declaration must come first, before any blank line the template's
        // opening comment leaves.
        .map(|xml| xml.trim_start().to_string());
    match written {
        Ok(xml) => sink.put("sitemap.xml".to_string(), xml.into_bytes()),
        Err(e) => built.fatal.push(e),
    }
}
