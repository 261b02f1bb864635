//! Building the whole handbook, in parallel, into memory or straight into an output
//! folder, and rebuilding after changes.
//!
//! [`build_site`] is one build as a list of named steps, each a function of `steps`
//! (`generated` for the pages waymark writes itself);
//! `setup` reads what every step shares (templates, words, handbook pages, navigation);
//! `shell` puts a page's body into the page template; `sink` takes the files; `builder`
//! keeps what the next build reuses (the preview hands it the paths that changed);
//! `publish` is `waymark build` from start to end, output folder included.

mod builder;
mod cache;
mod generated;
mod keys;
mod publish;
mod setup;
mod shell;
mod sink;
mod steps;

pub use builder::Builder;
pub use cache::FOLDER as CACHE_FOLDER;
pub use publish::{run, Ended};

use super::handbook;
use super::load::Site;
use super::pages::MapCache;
use super::progress::Progress;
use super::search;
use super::templates::Templates;
use crate::diagnostics::{self, Diagnostic};
use cache::{HandbookRecord, Incremental};
use sink::Sink;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::sync::Arc;

/// The bytes of one output file, shared between builds that did not change it.
pub type File = Arc<Vec<u8>>;

/// A built site, in memory.
#[derive(Debug, Default)]
pub struct Built {
    /// Output files by path relative to the output folder (empty when the build wrote
    /// them into an output folder as it went).
    pub files: BTreeMap<String, File>,
    /// Problems, by source path (relative to the root), each with the file's text.
    pub problems: BTreeMap<String, (String, Vec<Diagnostic>)>,
    /// Problems that stop the whole site (config, templates, unreadable files).
    pub fatal: Vec<String>,
    /// Pages written.
    pub pages: usize,
    /// Maps drawn.
    pub maps: usize,
    /// Pages rendered again, when a build cache kept the others (`None`: every page was).
    pub rendered: Option<usize>,
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

/// Builds the handbook at `root` in memory.
pub fn build_to_memory(root: &Path) -> Built {
    Builder::once(root).build()
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
    /// Kept by the build cache, not rendered.
    cached: bool,
    /// Its search passages as the last build wrote them (kept by the preview), and the
    /// page's place in the search index then.
    passages: Option<(usize, File)>,
    /// Its search passages were written by the render step, as the `n`th page (a one-off
    /// build, which keeps no page's sections until the index is written).
    passages_written: Option<usize>,
    /// Its problems (empty for none) with its text for their report, when a one-off
    /// build found them as it rendered the page and let go of the page's text.
    problems: Option<(String, Vec<Diagnostic>)>,
}

/// What one build leaves for the next.
#[derive(Debug, Default)]
struct Kept {
    /// Rendered pages by source path.
    pages: BTreeMap<String, PageOut>,
    /// The navigation of the last build, hashed: when it changes, every page is wrapped
    /// again (every page shows it).
    nav_hash: u64,
    /// Keep rendered pages for the next build (the preview does; a one-off build hands
    /// them to the output as it goes instead, which halves its memory).
    keep: bool,
    /// The handbook's own pages as the last build wrote them (kept by the preview).
    handbook: Option<HandbookPages>,
    /// The templates of the last build (kept by the preview).
    templates: Option<Arc<Templates>>,
    /// Leave the search index of a rebuild to [`Builder::search`] (the preview, which
    /// reloads its tabs first).
    defer_search: bool,
    /// The search index is older than the pages.
    search_due: bool,
    /// The search index as the last build wrote it (kept by the preview).
    search_files: BTreeMap<String, File>,
}

/// The journeys index, persona pages, registers and the other pages waymark writes
/// itself, as written: reused while nothing they read changed, since after an edit of a
/// page without maps they were most of the preview's rebuild.
#[derive(Debug)]
struct HandbookPages {
    /// [`handbook_key`] when they were written.
    key: u64,
    /// The files written.
    files: BTreeMap<String, File>,
    /// Kept by the build cache where the output has them, search passages too.
    cached: bool,
    /// Search entries: (title, URL, entry).
    entries: Vec<(String, String, search::Entry)>,
}

/// Everything the handbook's own pages read, hashed: each published page's title, place,
/// journeys and personas (hashed once per read of the page), the settings and today's
/// date (maps fall due for review).
fn handbook_key(site: &Site) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    format!("{:?}", site.config).hash(&mut h);
    site.today().hash(&mut h);
    for p in site.pages.values() {
        p.handbook_hash().hash(&mut h);
    }
    h.finish()
}

/// The handbook's own pages as the build cache recorded them, when nothing they read
/// changed (`key`) and the output holds their files and search passages as written.
fn cached_handbook(
    site: &Site,
    kept: &Kept,
    h: HandbookRecord,
    key: u64,
    sink: &Sink,
) -> Option<HandbookPages> {
    // Their search passages follow the pages' (the cache keeps no passages).
    let first = site
        .published()
        .filter(|p| kept.pages.contains_key(&p.src))
        .count();
    let passages = (first..first + h.entries.len()).map(search::passages_file);
    let whole = h.files.iter().all(|f| sink.has_previous(f))
        && passages.clone().all(|f| sink.has_previous(&f));
    if h.key != key || !whole {
        return None;
    }
    for f in h.files.iter().cloned().chain(passages) {
        sink.keep(&f);
    }
    Some(HandbookPages {
        key: h.key,
        files: BTreeMap::new(),
        cached: true,
        entries: h.entries,
    })
}

/// The search index: written, or in a rebuild of the preview left to
/// [`Builder::search`] with the last index standing in; the preview keeps what it wrote.
fn search_step(
    site: &Site,
    kept: &mut Kept,
    rebuild: bool,
    handbook: &HandbookPages,
    sink: &Sink,
    progress: &dyn Progress,
) {
    if kept.defer_search && rebuild && !kept.search_files.is_empty() {
        for (path, file) in &kept.search_files {
            sink.put(path.clone(), file.clone());
        }
        kept.search_due = true;
    } else if kept.keep {
        let own = Sink::new(None);
        steps::write_search(site, kept, (&handbook.entries, false), &own, progress);
        kept.search_files = own.into_files();
        for (path, file) in &kept.search_files {
            sink.put(path.clone(), file.clone());
        }
        kept.search_due = false;
    } else {
        let entries = (&handbook.entries[..], handbook.cached);
        steps::write_search(site, kept, entries, sink, progress);
    }
}

/// One build of `site`: the steps in the order they run. `only` names the pages to
/// render again (`None`: all of them); every other page comes from `kept`, or from the
/// build cache (`inc`) when its key is unchanged. Each step tells `progress` when it
/// starts; files go to `sink`.
fn build_site(
    site: &Site,
    cache: &MapCache,
    kept: &mut Kept,
    only: Option<&BTreeSet<String>>,
    (sink, mut inc): (&Sink, Option<&mut Incremental>),
    progress: &dyn Progress,
) -> Built {
    let mut built = Built::default();
    built
        .fatal
        .extend(site.unreadable.iter().map(|(_, e)| e.clone()));
    // The preview reuses the handbook's own pages when only page bodies changed; a full
    // build (templates or settings changed, or the first) writes them again.
    let key = kept.keep.then(|| handbook_key(site));
    let reuse = kept
        .handbook
        .take()
        .filter(|h| only.is_some() && Some(h.key) == key);
    // Templates change only in a full rebuild (they are structural).
    let templates = kept
        .templates
        .take()
        .filter(|_| kept.keep && only.is_some());
    let setup = match setup::Setup::new(site, cache, templates) {
        Ok(s) => s,
        Err(e) => {
            built.fatal.push(e);
            return built;
        }
    };
    let shell = shell::Shell::new(site, &setup.templates, &setup.locale, &setup.nav);
    let nav_hash = setup.nav.hash();
    let nav_changed = std::mem::replace(&mut kept.nav_hash, nav_hash) != nav_hash;
    let mut keys = inc.as_deref_mut().map(|inc| {
        let last = std::mem::take(&mut inc.previous_own);
        keys::Keys::new(site, &setup, nav_hash, (last.0, &last.1))
    });
    let cached = keys.as_ref().zip(inc.as_deref_mut());

    let wrapped = steps::render_pages(&setup.pages, &shell, kept, only, (sink, cached), progress)
        .and_then(|()| steps::wrap_pages(site, &shell, kept, only, nav_changed, sink, progress));
    if let Err(e) = wrapped {
        // The same template fails the same way on every page: one report is enough.
        built.fatal.push(e);
        return built;
    }
    steps::collect_problems(site, &setup.pages, kept, &mut built, progress);
    let hb_key = keys.as_ref().map(|k| k.handbook(site));
    let before = inc.is_some().then(|| sink.names());
    let reuse = reuse.or_else(|| {
        let h = inc.as_deref_mut()?.previous_handbook.take()?;
        cached_handbook(site, kept, h, hb_key?, sink)
    });
    let handbook = match reuse {
        Some(h) => {
            for (path, file) in &h.files {
                sink.put(path.clone(), file.clone());
            }
            h
        }
        None => {
            // Into a sink of their own first, when they are to be kept.
            let own = Sink::new(None);
            let into = if kept.keep { &own } else { sink };
            // The journeys index is the home page when the handbook has none.
            let home = sink.contains("index.html");
            let journeys = handbook::placed(site);
            let entries = generated::write_generated_pages(
                (
                    handbook::pages(site, &journeys, &setup.locale),
                    setup.listed.len(),
                ),
                (&setup.nav.tree, home),
                &shell,
                into,
                &mut built,
                progress,
            );
            let files = own.into_files();
            for (path, file) in &files {
                sink.put(path.clone(), file.clone());
            }
            HandbookPages {
                key: key.unwrap_or_default(),
                files,
                cached: false,
                entries,
            }
        }
    };
    // What this step wrote or kept: the files the cache gives them next time.
    let hb_files: Vec<String> = before
        .map(|b| sink.names().difference(&b).cloned().collect())
        .unwrap_or_default();
    search_step(site, kept, only.is_some(), &handbook, sink, progress);
    if let (Some(inc), Some(key), Some(keys)) = (inc, hb_key, keys.take()) {
        inc.next.global = keys.global;
        inc.next.own = keys.pages;
        inc.next.handbook = Some(HandbookRecord {
            key,
            files: hb_files,
            entries: handbook.entries,
        });
        // What search read of each page goes to the cache (a one-off build is done with it).
        for (src, record) in &mut inc.next.pages {
            if let Some(out) = kept.pages.get_mut(src) {
                record.entry = std::mem::take(&mut out.search);
            }
        }
    } else if key.is_some() && built.fatal.is_empty() {
        kept.handbook = Some(handbook);
    }
    steps::copy_static_files(site, setup.assets, sink, &mut built, progress);
    steps::write_sitemap(site, &setup.templates, sink, &mut built, progress);
    if kept.keep {
        kept.templates = Some(setup.templates);
    }
    // A build that failed is not shown, nor is an index written after it.
    kept.search_due &= built.fatal.is_empty();
    built
}
