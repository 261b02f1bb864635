//! What each output of a build reads, hashed: a page's key changes exactly when what the
//! page would be written as can change, so the build cache can keep it otherwise.

use super::cache::BUILD_ID;
use super::setup::Setup;
use crate::site::load::{Page, Site};
use crate::site::pages::Context;
use std::hash::{Hash, Hasher};
use xxhash_rust::xxh3::Xxh3;

/// The keys of one build.
pub(super) struct Keys {
    /// Everything every page reads.
    global: u64,
}

impl Keys {
    /// What every page of `site` reads: this build of waymark, the settings, templates,
    /// stylesheet and script, themes and personas, `SUMMARY.md`, today, every page's and
    /// file's place (links between them are checked), which files are data, and the
    /// navigation (every page shows it).
    pub(super) fn new(site: &Site, setup: &Setup, nav_hash: u64) -> Keys {
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
        Keys { global: h.finish() }
    }

    fn key(&self, part: impl FnOnce(&mut Xxh3)) -> u64 {
        let mut h = Xxh3::new();
        self.global.hash(&mut h);
        part(&mut h);
        h.finish()
    }

    /// The key of `page`: its text, its journeys as read (with what their data says), its
    /// current/future partners' journeys, and the checked-out commit when one of its maps
    /// shows what changed since its review.
    pub(super) fn page(&self, ctx: &Context, page: &Page) -> u64 {
        let site = ctx.site;
        self.key(|h| {
            (&page.src, &page.text, page.handbook_hash()).hash(h);
            for n in 0..page.journeys.len() {
                if let Some(p) = ctx.pairs.partner(&page.src, n) {
                    (&p.at, &p.url, &p.title, format!("{:?}", p.state)).hash(h);
                    site.pages.get(&p.at.0).map(Page::handbook_hash).hash(h);
                }
            }
            if page.journeys.iter().any(|(_, j)| j.reviewed.is_some()) {
                (ctx.repo.as_ref().map(|r| r.head()), &ctx.repo_note).hash(h);
            }
        })
    }

    /// The key of the handbook's own pages: what each page gives them, and each data
    /// file's size and time (the evidence page tells how fresh the data is).
    pub(super) fn handbook(&self, site: &Site) -> u64 {
        self.key(|h| {
            super::handbook_key(site).hash(h);
            let mut data: Vec<&String> = site.pages.values().flat_map(|p| &p.data_files).collect();
            data.sort();
            data.dedup();
            for rel in data {
                let meta = std::fs::metadata(site.root.join(rel)).ok();
                (
                    rel,
                    meta.as_ref().map(std::fs::Metadata::len),
                    meta.and_then(|m| m.modified().ok()),
                )
                    .hash(h);
            }
        })
    }
}
