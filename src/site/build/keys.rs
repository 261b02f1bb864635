//! What each output of a build reads, hashed: a page's key changes exactly when what the
//! page would be written as can change, so the build cache can keep it otherwise.

use super::cache::BUILD_ID;
use super::setup::Setup;
use crate::site::load::{Page, Site};
use crate::site::pages::Context;
use rayon::prelude::*;
use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use xxhash_rust::xxh3::Xxh3;

/// The keys of one build.
pub(super) struct Keys {
    /// Everything every page reads.
    pub global: u64,
    /// Each page's own inputs and what the handbook's pages show of it, by source path.
    pub pages: HashMap<String, Own>,
}

/// What one page is read from and what the handbook's own pages show of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub(super) struct Own {
    /// Its place, its text and the data its journeys read (each file's size and
    /// modification time). With the settings (in the global part), these decide the
    /// page's journeys and what their data says.
    pub content: u64,
    /// Its place, title, journeys (with what their data says) and personas
    /// ([`Page::handbook_hash`]).
    pub shown: u64,
}

fn content(site: &Site, page: &Page) -> u64 {
    let mut h = Xxh3::new();
    (&page.src, page.text().as_str()).hash(&mut h);
    for rel in &page.data_files {
        let meta = std::fs::metadata(site.root.join(rel)).ok();
        let modified = meta.as_ref().and_then(|m| m.modified().ok());
        (rel, meta.map(|m| m.len()), modified).hash(&mut h);
    }
    h.finish()
}

impl Keys {
    /// What every page of `site` reads: this build of waymark, the settings, templates,
    /// stylesheet and script, themes and personas, `SUMMARY.md`, today, every page's and
    /// file's place (links between them are checked), which files are data, and the
    /// navigation (every page shows it). `last` is the last build's global key and
    /// pages: while the global key holds, a page with the same content shows the same.
    pub(super) fn new(
        site: &Site,
        setup: &Setup,
        nav_hash: u64,
        last: (u64, &HashMap<String, Own>),
    ) -> Keys {
        let mut h = Xxh3::new();
        BUILD_ID.hash(&mut h);
        format!("{:?}", site.config).hash(&mut h);
        setup.templates.fingerprint().hash(&mut h);
        setup.assets.hash(&mut h);
        format!("{:?}", setup.pages.resolver).hash(&mut h);
        site.summary.hash(&mut h);
        site.today().hash(&mut h);
        for p in site.pages.values() {
            (&p.src, &p.url, p.draft).hash(&mut h);
        }
        site.statics.hash(&mut h);
        setup.pages.generated.hash(&mut h);
        let mut data: Vec<&String> = site.pages.values().flat_map(|p| &p.data_files).collect();
        data.sort();
        data.dedup();
        data.hash(&mut h);
        nav_hash.hash(&mut h);
        let global = h.finish();
        let same = last.0 == global;
        let pages: Vec<&Page> = site.pages.values().collect();
        let pages = pages
            .par_iter()
            .map(|p| {
                let content = content(site, p);
                let shown = match last.1.get(&p.src) {
                    Some(own) if same && own.content == content => own.shown,
                    _ => p.handbook_hash(),
                };
                (p.src.clone(), Own { content, shown })
            })
            .collect();
        Keys { global, pages }
    }

    fn key(&self, part: impl FnOnce(&mut Xxh3)) -> u64 {
        let mut h = Xxh3::new();
        self.global.hash(&mut h);
        part(&mut h);
        h.finish()
    }

    /// The key of `page`: its own inputs, its current/future partners' and how it names
    /// them, and the checked-out commit when one of its maps shows what changed since its
    /// review.
    pub(super) fn page(&self, ctx: &Context, page: &Page) -> u64 {
        let content = |src: &str| self.pages.get(src).map(|o| o.content);
        self.key(|h| {
            content(&page.src).hash(h);
            for n in 0..page.journeys.len() {
                if let Some(p) = ctx.pairs.partner(&page.src, n) {
                    (&p.at, &p.url, &p.title, format!("{:?}", p.state)).hash(h);
                    content(&p.at.0).hash(h);
                }
            }
            if page.journeys.iter().any(|(_, j)| j.reviewed.is_some()) {
                (ctx.repo.as_ref().map(|r| r.head()), &ctx.repo_note).hash(h);
            }
        })
    }

    /// The key of the handbook's own pages: what they show of each page (the global part
    /// holds the rest of what they read), so editing a page's text around its maps
    /// leaves them as they are.
    pub(super) fn handbook(&self, site: &Site) -> u64 {
        self.key(|h| {
            for src in site.pages.keys() {
                self.pages.get(src).map(|o| o.shown).hash(h);
            }
        })
    }
}
