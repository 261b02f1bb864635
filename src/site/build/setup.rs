//! What every step of a build shares, read once per build: the templates and theme files,
//! the interface words, the pages waymark writes itself, and the navigation.

use crate::i18n::Locale;
use crate::site::handbook;
use crate::site::load::Site;
use crate::site::nav::{self, NavItem};
use crate::site::pages::{self, MapCache};
use crate::site::templates::{self, Templates};
use std::sync::Arc;

/// Everything a build reads before its first step.
pub(super) struct Setup<'a> {
    /// Every template, the handbook's own where it has one.
    pub templates: Arc<Templates>,
    /// The stylesheet, script and icon: (output path, bytes).
    pub assets: Vec<(String, Vec<u8>)>,
    /// The handbook's interface words.
    pub locale: Locale,
    /// What rendering a page needs: themes, personas, the map cache.
    pub pages: pages::Context<'a>,
    /// Every handbook page: (title, URL).
    pub listed: Vec<(String, String)>,
    /// The sidebar and the reading order.
    pub nav: Navigation,
}

impl<'a> Setup<'a> {
    /// Reads what the build of `site` needs; an error stops the whole build. `templates`
    /// are the last build's, when no template can have changed since (parsing them was a
    /// third of the preview's rebuild).
    pub(super) fn new(
        site: &'a Site,
        cache: &'a MapCache,
        templates: Option<Arc<Templates>>,
    ) -> Result<Setup<'a>, String> {
        let templates = match templates {
            Some(t) => t,
            None => Arc::new(Templates::load(&site.root)?),
        };
        let assets = templates::assets(&site.root)?;
        let locale = Locale::load(&site.config.language);
        let listed = handbook::listing(site, &locale);
        let nav = Navigation::new(site, &locale, &listed);
        let pages = pages::Context::new(site, cache, handbook::generated_urls(site))?;
        Ok(Setup {
            templates,
            assets,
            locale,
            pages,
            listed,
            nav,
        })
    }
}

/// The sidebar tree, with the handbook pages last, and the reading order through it.
pub(super) struct Navigation {
    /// The sidebar.
    pub tree: Vec<NavItem>,
    /// Every page in reading order: (title, url).
    pub order: Vec<(String, String)>,
}

impl Navigation {
    /// Navigation depends on titles and order only, so it is known before any page
    /// renders. Persona pages other than the index stay out of the sidebar.
    fn new(site: &Site, locale: &Locale, handbook: &[(String, String)]) -> Navigation {
        let listed = handbook
            .iter()
            .filter(|(_, url)| !url.starts_with("personas/") || url == "personas/index.html")
            .map(|(title, url)| NavItem {
                title: title.clone(),
                url: Some(url.clone()),
                children: Vec::new(),
            })
            .collect();
        let section = NavItem {
            title: locale.t("handbook").to_string(),
            url: None,
            children: listed,
        };
        let tree = nav::tree(site, vec![section]);
        let order = nav::reading_order(&tree);
        Navigation { tree, order }
    }

    /// The tree hashed, to tell whether it changed since the last build.
    pub(super) fn hash(&self) -> u64 {
        use std::hash::{Hash, Hasher};
        let mut h = std::collections::hash_map::DefaultHasher::new();
        self.tree.hash(&mut h);
        h.finish()
    }
}
