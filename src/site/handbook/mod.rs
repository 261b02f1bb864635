//! Pages built from every journey of the handbook: the journeys index, a page per
//! persona, the pain-point register, opportunities with an impact × effort matrix, how
//! well each map is backed by data, and the maps and data due for review.
//!
//! This module decides what each page lists and in which order; the page's HTML is its
//! template's (`templates/journeys.html` and so on, see [`super::templates`]), which is
//! given plain data and escapes every word the author wrote. A register's rows are
//! [`Rows`], made one at a time as their own template writes them. `registers` has
//! the tables of maps (journeys, review), `pains` the pain-point register (and its CSV,
//! written by `csv`), `opportunities` the opportunity list (duplicates merged) with the
//! impact × effort matrix laid out by `matrix`, `filters` what the registers' filter
//! controls offer and each row's values, `compare` each map's curve on one 0–100 % scale
//! for the journeys index, `personas` the persona pages, `evidence` the evidence page.

mod compare;
mod csv;
mod evidence;
mod filters;
mod matrix;
mod opportunities;
mod pains;
mod personas;
mod registers;

use super::load::Site;
use crate::i18n::Locale;
use crate::journey::{Journey, Layout, Persona};
use crate::slug::{slug, Slugs};
use serde::Serialize;
use std::collections::HashMap;

/// A journey and the page it is on.
pub(crate) struct Placed<'a> {
    /// The journey.
    pub journey: &'a Journey,
    /// The page's URL.
    pub url: String,
    /// The map's anchor on the page.
    pub anchor: String,
    /// The page's title, when the journey has none.
    pub page_title: &'a str,
    /// Whether it is drawn in the map layout, which marks each step with an anchor.
    pub on_map: bool,
    /// Its name in the registers' filters (`?journey=…`): from its title, unique.
    pub key: String,
    /// The journey's other state, when it is one of a pair.
    pub partner: Option<super::pairs::Partner>,
}

impl Placed<'_> {
    pub(super) fn title(&self) -> &str {
        self.journey.display_title(self.page_title)
    }

    /// A link to the map from the page at `from`.
    pub(super) fn link(&self, from: &str) -> MapLink {
        MapLink {
            href: format!("{}#{}", super::url::href(from, &self.url), self.anchor),
            title: self.title().to_string(),
        }
    }

    /// A link from the page at `from` to its `n`th step (0-based, in reading order): the
    /// step's anchor on a map, the map itself in layouts that mark no steps.
    pub(super) fn step_href(&self, from: &str, n: usize) -> String {
        let page = super::url::href(from, &self.url);
        if self.on_map {
            let id = self.anchor.strip_suffix("-figure").unwrap_or(&self.anchor);
            format!("{page}#{id}-step-{}", n + 1)
        } else {
            format!("{page}#{}", self.anchor)
        }
    }
}

/// Every published journey with its place, in page order, except that the second map
/// of a current and future pair follows the first.
pub(crate) fn placed(site: &Site) -> Vec<Placed<'_>> {
    let site_layout = Layout::from_name(&site.config.layout).unwrap_or(Layout::Map);
    let mut keys = Slugs::default();
    let pairs = super::pairs::find(site);
    let mut out: Vec<Placed> = Vec::new();
    // Where each listed map is, and the maps to list right after it (its partner).
    let mut index: HashMap<super::pairs::At, usize> = HashMap::new();
    let mut after: HashMap<usize, Vec<Placed>> = HashMap::new();
    for page in site.published() {
        for (n, (_, j)) in page.journeys.iter().enumerate() {
            let key = slug(j.display_title(&page.title));
            let partner = pairs.partner(&page.src, n).cloned();
            let at = (page.src.clone(), n);
            let placed = Placed {
                journey: j,
                url: page.url.clone(),
                anchor: format!("map-{}-figure", n + 1),
                page_title: &page.title,
                on_map: j.layout.unwrap_or(site_layout) == Layout::Map,
                key: keys.unique(if key.is_empty() { "map" } else { &key }),
                partner,
            };
            // A map whose partner is already listed goes right after it.
            let partner = placed
                .partner
                .as_ref()
                .and_then(|p| index.get(&p.at))
                .copied();
            match partner {
                Some(i) => {
                    index.insert(at, i);
                    after.entry(i).or_default().push(placed);
                }
                None => {
                    index.insert(at, out.len());
                    out.push(placed);
                }
            }
        }
    }
    let mut ordered = Vec::with_capacity(out.len());
    for (i, p) in out.into_iter().enumerate() {
        ordered.push(p);
        ordered.extend(after.remove(&i).unwrap_or_default().into_iter().rev());
    }
    ordered
}

/// The URLs of the pages waymark writes itself, which pages may link to.
pub(crate) fn generated_urls(site: &Site) -> Vec<String> {
    let mut v: Vec<String> = [
        "journeys.html",
        "personas/index.html",
        "pain-points.html",
        "pain-points.csv",
        "opportunities.html",
        "evidence.html",
        "review.html",
        "contents.html",
        "404.html",
        "index.html",
        "sitemap.xml",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    v.extend(site.personas().iter().map(|p| persona_url(&p.name)));
    v
}

/// The URL of a persona's page.
pub(crate) fn persona_url(name: &str) -> String {
    let name = slug(name);
    format!(
        "personas/{}.html",
        if name.is_empty() { "section" } else { &name }
    )
}

/// A page waymark writes itself, ready for its template.
pub(crate) struct Generated<'a> {
    /// Where it goes, relative to the output folder.
    pub url: String,
    /// Its title, in the sidebar and the page's `<title>`.
    pub title: String,
    /// The template that writes its body (see [`super::templates`]).
    pub template: &'static str,
    /// What the template is given: the page's data, `t` (interface words) and `m` (map
    /// words); with `rows`, also `count` and `rows`.
    pub context: tera::Context,
    /// A register's rows, each written by its own template where the page's template
    /// writes `rows`.
    pub rows: Option<Rows<'a>>,
    /// Files written beside the page (the pain register's CSV): path, and what writes
    /// its bytes a part at a time.
    pub files: Vec<(String, WriteFile<'a>)>,
}

/// Writes a file a part at a time, handing each part to the function it is given.
pub(crate) type WriteFile<'a> =
    Box<dyn FnOnce(&mut dyn FnMut(&[u8]) -> Result<(), String>) -> Result<(), String> + 'a>;

impl<'a> Generated<'a> {
    /// The page `url` titled `title`, written by `template` from `data`.
    pub(crate) fn new(
        url: impl Into<String>,
        title: impl Into<String>,
        template: &'static str,
        data: impl Serialize,
        locale: &Locale,
    ) -> Result<Generated<'a>, String> {
        let url = url.into();
        let fail = |e: tera::Error| {
            format!("error: the data for {url} cannot be put into {template}: {e}")
        };
        let mut context = tera::Context::from_serialize(data).map_err(fail)?;
        context.try_insert("t", &locale.site).map_err(fail)?;
        context.try_insert("m", &locale.map).map_err(fail)?;
        Ok(Generated {
            title: title.into(),
            template,
            context,
            rows: None,
            url,
            files: Vec::new(),
        })
    }

    /// The page with `rows`; its template is given how many as `count`.
    fn with_rows(mut self, rows: Rows<'a>) -> Generated<'a> {
        self.context.insert("count", &rows.count);
        self.rows = Some(rows);
        self
    }
}

/// A register's rows, made one at a time as they are written: a register lists every
/// pain point or map of the handbook, and a template context holding them all was most
/// of a large build's memory.
pub(crate) struct Rows<'a> {
    /// The template that writes one row.
    pub template: &'static str,
    /// How many there are.
    count: usize,
    next: Box<NextRow<'a>>,
}

/// Makes the next row and puts it into a context; `None` when none is left.
type NextRow<'a> = dyn FnMut(&mut tera::Context) -> Option<Result<(), tera::Error>> + 'a;

impl<'a> Rows<'a> {
    /// `rows`, each written by `template`, which knows it as `name`.
    fn new<T: Serialize>(
        template: &'static str,
        name: &'static str,
        mut rows: impl ExactSizeIterator<Item = T> + 'a,
    ) -> Rows<'a> {
        Rows {
            template,
            count: rows.len(),
            next: Box::new(move |context| rows.next().map(|r| context.try_insert(name, &r))),
        }
    }

    /// How many rows there are.
    pub(crate) fn count(&self) -> usize {
        self.count
    }

    /// Makes the next row and puts it into `context` (the page's); `false` when none is
    /// left.
    pub(crate) fn next_into(&mut self, context: &mut tera::Context) -> Result<bool, String> {
        match (self.next)(context) {
            Some(Ok(())) => Ok(true),
            Some(Err(e)) => Err(format!(
                "error: a row cannot be put into {}: {e}",
                self.template
            )),
            None => Ok(false),
        }
    }
}

/// A link to a map: `href` (with the map's anchor) and the journey's title.
#[derive(Serialize)]
pub(super) struct MapLink {
    href: String,
    title: String,
}

/// A persona's name, linked to their page when the handbook describes them.
#[derive(Serialize)]
pub(super) struct PersonaLink<'a> {
    name: &'a str,
    href: Option<String>,
}

/// `name` as the page at `from` shows it: linked when `known` describes them.
pub(super) fn persona_link<'a>(name: &'a str, from: &str, known: &[&Persona]) -> PersonaLink<'a> {
    let href = known
        .iter()
        .any(|p| p.name.eq_ignore_ascii_case(name))
        .then(|| super::url::href(from, &persona_url(name)));
    PersonaLink { name, href }
}

/// A word of the map vocabulary (`high`, `critical`, `effort`) in the handbook's language.
pub(super) fn map_word<'a>(locale: &'a Locale, key: &'a str) -> &'a str {
    locale.map.get(key).map_or(key, String::as_str)
}

/// A step's name on one line.
pub(super) fn one_line(name: &str) -> String {
    name.replace('\n', " ")
}

/// Every handbook page as (title, URL), in the order the sidebar lists them: what the
/// navigation needs, known without making any page.
pub(crate) fn listing(site: &Site, locale: &Locale) -> Vec<(String, String)> {
    let mut out = vec![
        (
            locale.t("journeys").to_string(),
            "journeys.html".to_string(),
        ),
        (
            locale.t("personas").to_string(),
            "personas/index.html".to_string(),
        ),
    ];
    out.extend(
        site.personas()
            .iter()
            .map(|p| (p.name.clone(), persona_url(&p.name))),
    );
    for (key, url) in [
        ("pain_points", "pain-points.html"),
        ("opportunities", "opportunities.html"),
        ("evidence", "evidence.html"),
        ("due_for_review", "review.html"),
    ] {
        out.push((locale.t(key).to_string(), url.to_string()));
    }
    out
}

/// All handbook pages of `journeys` (from [`placed`]), in the order of [`listing`], each
/// made when the iterator reaches it, so a large handbook holds one at a time.
pub(crate) fn pages<'a>(
    site: &'a Site,
    journeys: &'a [Placed<'a>],
    locale: &'a Locale,
) -> impl Iterator<Item = Result<Generated<'a>, String>> + 'a {
    let personas = site.personas();
    let count = personas.len();
    (0..count + 6).map(move |i| match i {
        0 => registers::journeys(journeys, &personas, locale),
        1 => personas::index(&personas, locale),
        i if i < count + 2 => personas::page(personas[i - 2], journeys, locale),
        i => match i - count {
            2 => pains::page(journeys, locale),
            3 => opportunities::page(journeys, locale),
            4 => evidence::page(site, journeys, locale),
            _ => registers::review(site, journeys, locale),
        },
    })
}

#[cfg(test)]
mod tests {
    /// The sidebar is built from `listing` before any page is made: each made page must
    /// have the title and URL listed for it, in the same order.
    #[test]
    fn the_listing_names_every_page_as_it_is_made() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("people.md"),
            "# People\n\n```journey\npersona Maya\n  role: Rider\npersona Jonas\n  role: Mechanic\n```\n",
        )
        .unwrap();
        std::fs::write(
            dir.path().join("map.md"),
            "# Map\n\n```journey\ntitle Buy\npersona Maya\nsection S\n  Pays: 2\n    pain: Slow {severity: high}\n```\n",
        )
        .unwrap();
        let site = super::Site::load(dir.path()).unwrap();
        for lang in ["en", "de"] {
            let locale = crate::i18n::Locale::load(lang);
            let journeys = super::placed(&site);
            let made: Vec<(String, String)> = super::pages(&site, &journeys, &locale)
                .map(|g| g.map(|g| (g.title, g.url)).unwrap())
                .collect();
            assert_eq!(super::listing(&site, &locale), made);
            assert_eq!(made.len(), 2 + 2 + 4, "{made:?}");
        }
    }
}
