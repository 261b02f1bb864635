//! What every page shares around its content: the page template, the interface words,
//! breadcrumbs and the previous and next pages.

use super::setup::Navigation;
use super::PageOut;
use crate::i18n::Locale;
use crate::markdown::Heading;
use crate::site::load::{Page, Site};
use crate::site::nav;
use crate::site::templates::Templates;
use crate::site::url;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};

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

/// What the page template is given.
#[derive(Serialize)]
struct PageVars<'a> {
    lang: &'a str,
    site_title: &'a str,
    title: &'a str,
    description: Option<&'a str>,
    root: String,
    current: String,
    content: &'a str,
    toc: Vec<&'a Heading>,
    crumbs: Vec<Crumb>,
    prev: Option<Link>,
    next: Option<Link>,
    t: &'a BTreeMap<String, String>,
}

/// The page template with what every page around its content shares.
pub(super) struct Shell<'a> {
    templates: &'a Templates,
    site: &'a Site,
    locale: &'a Locale,
    order: &'a [(String, String)],
    /// Where each URL is in the reading order.
    positions: HashMap<&'a str, usize>,
    /// The trail above each page.
    crumbs: HashMap<&'a str, Vec<(&'a str, Option<&'a str>)>>,
}

impl<'a> Shell<'a> {
    /// The shell of `site`'s pages; breadcrumbs and neighbours are looked up once here.
    pub(super) fn new(
        site: &'a Site,
        templates: &'a Templates,
        locale: &'a Locale,
        navigation: &'a Navigation,
    ) -> Shell<'a> {
        Shell {
            templates,
            site,
            locale,
            order: &navigation.order,
            positions: navigation
                .order
                .iter()
                .enumerate()
                .map(|(i, (_, u))| (u.as_str(), i))
                .collect(),
            crumbs: nav::breadcrumbs(&navigation.tree),
        }
    }

    /// The templates, for pages that are not wrapped (the sitemap, the sidebar script).
    pub(super) fn templates(&self) -> &'a Templates {
        self.templates
    }

    /// The interface words.
    pub(super) fn locale(&self) -> &'a Locale {
        self.locale
    }

    /// The interface words of a page in `lang` (the handbook's when waymark does not
    /// speak it).
    fn words(&self, lang: Option<&str>) -> &Locale {
        match lang.and_then(crate::i18n::speaks) {
            Some(l) => Locale::of(l),
            None => self.locale,
        }
    }

    /// A source page, rendered into `out`, in the page template.
    pub(super) fn wrap(&self, p: &Page, out: &PageOut) -> Result<String, String> {
        self.page(
            &p.url,
            &p.title,
            p.description.as_deref(),
            &out.body,
            &out.headings,
            p.lang.as_deref(),
        )
    }

    /// The page template around the content of the page at `url` titled `title`: what
    /// comes before it and what comes after, so that a large page is written once instead
    /// of copied into the template's context. `None` when the template does anything with
    /// `content` but write it once as it is (found by giving it two different contents).
    pub(super) fn around(
        &self,
        url: &str,
        title: &str,
    ) -> Result<Option<(String, String)>, String> {
        let split = |content: &str| -> Result<Option<(String, String)>, String> {
            let mut page = self.page(url, title, None, content, &[], None)?;
            let mut at = page.match_indices(content).map(|(i, _)| i);
            Ok(match (at.next(), at.next()) {
                (Some(i), None) => {
                    let after = page.split_off(i + content.len());
                    page.truncate(i);
                    Some((page, after))
                }
                _ => None,
            })
        };
        let Some(one) = split("<!--waymark:content-->")? else {
            return Ok(None);
        };
        Ok((split("<!--waymark:the content-->")?.as_ref() == Some(&one)).then_some(one))
    }

    /// The page at `url` with `content` in the page template.
    pub(super) fn page(
        &self,
        url: &str,
        title: &str,
        description: Option<&str>,
        content: &str,
        headings: &[Heading],
        lang: Option<&str>,
    ) -> Result<String, String> {
        let pos = self.positions.get(url).copied();
        let link = |i: usize| {
            self.order.get(i).map(|(t, u)| Link {
                title: t.clone(),
                url: url::href(url, u),
            })
        };
        let vars = PageVars {
            lang: lang.unwrap_or(&self.locale.lang),
            site_title: &self.site.config.title,
            title,
            description,
            root: url::root(url),
            current: url::encode(url),
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
                    url: u.map(|u| url::href(url, u)),
                })
                .collect(),
            prev: pos.and_then(|p| p.checked_sub(1)).and_then(link),
            next: pos.and_then(|p| link(p + 1)),
            t: &self.words(lang).site,
        };
        let ctx = tera::Context::from_serialize(&vars)
            .map_err(|e| format!("error: the page {url} cannot be put into page.html: {e}"))?;
        self.templates.render("page.html", &ctx, url)
    }
}
