//! A handbook builder that remembers: the preview keeps one, tells it which paths changed,
//! and the next build renders only what they touch.

use super::cache::{FileRecord, Incremental, Records, Stored};
use super::sink::Sink;
use super::{build_site, Built, Kept};
use crate::diagnostics;
use crate::site::load::{self, Site};
use crate::site::output::Staging;
use crate::site::pages::MapCache;
use crate::site::progress::{Delivery, Progress, Quiet, Summary};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::time::Instant;

/// Builds a handbook and rebuilds it after changes.
pub struct Builder {
    root: PathBuf,
    site: Option<Site>,
    cache: MapCache,
    kept: Kept,
    /// Render every page regardless of what changed.
    dirty_all: bool,
    /// Read the whole handbook again before the next build.
    reload: bool,
    dirty: BTreeSet<String>,
    /// Also write each good build here.
    pub out: Option<PathBuf>,
}

/// Whether a change to `rel` can change every page (config, sidebar, templates, themes).
fn is_structural(rel: &str) -> bool {
    rel == crate::site::config::FILE
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
            kept: Kept {
                pages: BTreeMap::new(),
                nav_hash: 0,
                keep: true,
                handbook: None,
                templates: None,
                defer_search: false,
                search_due: false,
                search_files: BTreeMap::new(),
            },
            dirty_all: true,
            reload: false,
            dirty: BTreeSet::new(),
            out: None,
        }
    }

    /// A builder for one build: nothing is kept for a rebuild.
    pub fn once(root: &Path) -> Builder {
        let mut builder = Builder::new(root);
        builder.cache = MapCache::new(false);
        builder.kept.keep = false;
        builder
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
            if !rel.is_empty() && load::in_output(&self.root, &rel) {
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
            if !load::is_source(&rel, &site.config) {
                continue;
            }
            if rel.ends_with(".md") || rel.ends_with(".markdown") || rel.ends_with(".journey") {
                let before = site
                    .pages
                    .get(&rel)
                    .map(|p| (p.title.clone(), p.order, p.draft));
                let mut partners = crate::site::pairs::linked(site, &rel);
                site.read_page(&rel);
                let after = site
                    .pages
                    .get(&rel)
                    .map(|p| (p.title.clone(), p.order, p.draft));
                if before != after {
                    // Navigation changed: every page shows it (breadcrumbs, previous/next).
                    self.dirty_all = true;
                }
                // Its current/future partners show it (before and after the edit).
                partners.extend(crate::site::pairs::linked(site, &rel));
                self.dirty.extend(partners);
                self.dirty.insert(rel);
            } else if site.is_data(&rel) {
                // Data a journey reads: exactly the pages that use it are read and
                // rendered again, like an edit of those pages.
                let users: Vec<String> = site
                    .pages
                    .values()
                    .filter(|p| p.data_files.contains(&rel))
                    .map(|p| p.src.clone())
                    .collect();
                for src in users {
                    site.read_page(&src);
                    self.dirty.insert(src);
                }
                // The evidence page tells the data's freshness, which no page's text shows.
                self.kept.handbook = None;
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
    pub(super) fn load(&mut self) -> Result<(), Built> {
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

    /// Leaves the search index of each rebuild (not the first build) to
    /// [`Builder::search`], so the pages can be shown first; the last index stands in.
    pub fn defer_search(&mut self, defer: bool) {
        self.kept.defer_search = defer;
    }

    /// Writes the search index a rebuild left (see [`Builder::defer_search`]): the files
    /// written, and those no longer written. `None` when it is up to date.
    pub fn search(&mut self) -> Option<(BTreeMap<String, super::File>, Vec<String>)> {
        if !self.kept.search_due {
            return None;
        }
        let site = self.site.as_ref()?;
        self.kept.search_due = false;
        let handbook = self.kept.handbook.take();
        let entries = handbook.as_ref().map_or(&[][..], |h| &h.entries[..]);
        let sink = Sink::new(None);
        super::steps::write_search(site, &mut self.kept, (entries, false), &sink, &Quiet);
        self.kept.handbook = handbook;
        let files = sink.into_files();
        let removed = self
            .kept
            .search_files
            .keys()
            .filter(|p| !files.contains_key(*p))
            .cloned()
            .collect();
        self.kept.search_files = files.clone();
        Some((files, removed))
    }

    /// Builds the site (everything the first time, then only what changed) in memory.
    pub fn build(&mut self) -> Built {
        self.build_with(&Quiet)
    }

    /// [`Builder::build`], telling `progress` how it goes; it ends with
    /// [`Progress::finish`] and the site in memory.
    pub fn build_with(&mut self, progress: &dyn Progress) -> Built {
        let start = Instant::now();
        let built = self.build_into(None, progress);
        progress.finish(&Summary {
            built: &built,
            root: &self.root,
            delivery: Delivery::Memory,
            elapsed: start.elapsed(),
        });
        built
    }

    /// Builds the site, writing its files into `staging` instead of memory when given.
    pub(super) fn build_into(
        &mut self,
        staging: Option<&Staging>,
        progress: &dyn Progress,
    ) -> Built {
        self.build_to(Sink::new(staging), None, progress).0
    }

    /// Builds the site into `staging` with the build cache: `previous` is what the last
    /// build into the same output wrote and which of its files are still as written
    /// (`None`: every page is rendered). Returns what the next build reads.
    pub(super) fn build_cached(
        &mut self,
        staging: &Staging,
        previous: Option<(Stored, HashMap<String, FileRecord>)>,
        progress: &dyn Progress,
    ) -> (Built, Stored) {
        let (stored, intact) = previous.unwrap_or_default();
        let mut inc = Incremental {
            previous: stored.pages,
            previous_handbook: stored.handbook,
            previous_own: (stored.global, stored.own),
            ..Incremental::default()
        };
        let (mut built, records) =
            self.build_to(Sink::recording(staging, intact), Some(&mut inc), progress);
        built.rendered = Some(inc.rendered);
        inc.next.files = records.unwrap_or_default();
        (built, inc.next)
    }

    fn build_to(
        &mut self,
        sink: Sink,
        inc: Option<&mut Incremental>,
        progress: &dyn Progress,
    ) -> (Built, Option<Records>) {
        if let Err(failed) = self.load() {
            return (failed, None);
        }
        let Some(site) = self.site.as_ref() else {
            return (Built::default(), None);
        };
        let only = if self.dirty_all {
            None
        } else {
            Some(std::mem::take(&mut self.dirty))
        };
        let mut built = build_site(
            site,
            &self.cache,
            &mut self.kept,
            only.as_ref(),
            (&sink, inc),
            progress,
        );
        let records = sink.finish(&mut built);
        self.dirty_all = false;
        self.dirty.clear();
        if !self.kept.keep {
            // A one-off build keeps nothing and took the pages' texts: another build
            // starts from the folder again.
            self.kept.pages.clear();
            self.reload = true;
            self.dirty_all = true;
        }
        (built, records)
    }
}
