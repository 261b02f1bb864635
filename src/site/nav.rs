//! Navigation: the sidebar tree (from `SUMMARY.md` when there is one, else the folder
//! tree), the reading order for previous/next, and breadcrumbs.
//!
//! The tree is written once, to `nav.js` (from the `nav.js` template), which every page
//! loads and which fills in its sidebar; pages carry only their own breadcrumbs and
//! neighbours. Output therefore grows with the number of pages, not with its square.
//! Without JavaScript the sidebar links to `contents.html`, which holds the whole tree.

use super::load::{page_url, Page, Site};
use serde::Serialize;
use std::collections::{BTreeSet, HashMap, HashSet};

/// One entry of the sidebar.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub(crate) struct NavItem {
    /// Words shown.
    #[serde(rename = "t")]
    pub title: String,
    /// Page it opens, relative to the root; `None` for headings. Written to `nav.js`
    /// encoded, as every URL the site writes.
    #[serde(
        rename = "u",
        skip_serializing_if = "Option::is_none",
        serialize_with = "encoded"
    )]
    pub url: Option<String>,
    /// Entries under it.
    #[serde(rename = "c", skip_serializing_if = "Vec::is_empty")]
    pub children: Vec<NavItem>,
}

fn encoded<S: serde::Serializer>(url: &Option<String>, s: S) -> Result<S::Ok, S::Error> {
    match url {
        Some(u) => s.serialize_str(&super::url::encode(u)),
        None => s.serialize_none(),
    }
}

/// The sidebar tree, with the handbook pages (`extra`) at the end.
pub(crate) fn tree(site: &Site, extra: Vec<NavItem>) -> Vec<NavItem> {
    let mut items = match &site.summary {
        Some(summary) => from_summary(summary, site),
        None => from_folders(site),
    };
    items.extend(extra);
    items
}

fn title_of(site: &Site, url: &str) -> Option<String> {
    site.published()
        .find(|p| p.url == url)
        .map(|p| p.title.clone())
}

fn from_summary(summary: &str, site: &Site) -> Vec<NavItem> {
    // (indent, item) stack building a tree from the list's indentation.
    let mut roots: Vec<NavItem> = Vec::new();
    let mut stack: Vec<(usize, NavItem)> = Vec::new();
    fn close(stack: &mut Vec<(usize, NavItem)>, roots: &mut Vec<NavItem>, indent: usize) {
        while let Some((_, item)) = stack.pop_if(|(i, _)| *i >= indent) {
            match stack.last_mut() {
                Some((_, parent)) => parent.children.push(item),
                None => roots.push(item),
            }
        }
    }
    for line in summary.lines() {
        let indent = line.len() - line.trim_start().len();
        let t = line.trim();
        if let Some(part) = t.strip_prefix("# ") {
            if !roots.is_empty() || !stack.is_empty() {
                close(&mut stack, &mut roots, 0);
                roots.push(NavItem {
                    title: part.trim().to_string(),
                    url: None,
                    children: Vec::new(),
                });
            }
            continue;
        }
        let t = t.trim_start_matches(['-', '*']).trim();
        let Some(rest) = t.strip_prefix('[') else {
            continue;
        };
        let Some((title, after)) = rest.split_once("](") else {
            continue;
        };
        let path = after.trim_end_matches(')').trim();
        // Read as a markdown link is: `<a b.md>` and `a%20b.md` both name `a b.md`, and a
        // `#` or `?` ends the path (a page named `a#b.md` is written `a%23b.md`).
        let path = path
            .strip_prefix('<')
            .and_then(|p| p.strip_suffix('>'))
            .unwrap_or(path);
        let (path, _) = super::url::split_reference(path);
        let path = path.trim_start_matches("./").trim_start_matches('/');
        let url = if path.is_empty() {
            None
        } else {
            Some(page_url(path))
        };
        // Looked up only for an empty title: each lookup goes through every page.
        let title = url
            .as_deref()
            .filter(|_| title.is_empty())
            .and_then(|u| title_of(site, u))
            .unwrap_or_else(|| title.to_string());
        close(&mut stack, &mut roots, indent);
        stack.push((
            indent,
            NavItem {
                title,
                url,
                children: Vec::new(),
            },
        ));
    }
    close(&mut stack, &mut roots, 0);
    roots
}

fn from_folders(site: &Site) -> Vec<NavItem> {
    /// Each folder's pages and subfolders, gathered in one pass: a handbook can have
    /// thousands of folders, and each looking through every page is quadratic.
    struct Tree<'s> {
        pages: HashMap<&'s str, Vec<&'s Page>>,
        subdirs: HashMap<&'s str, BTreeSet<&'s str>>,
        by_url: HashMap<&'s str, &'s Page>,
    }
    fn folder(tree: &Tree, dir: &str) -> Vec<NavItem> {
        let index_url = |d: &str| format!("{d}/index.html");
        let mut pages: Vec<&Page> = tree
            .pages
            .get(dir)
            .into_iter()
            .flatten()
            .copied()
            .filter(|p| dir.is_empty() || p.url != index_url(dir))
            .collect();
        pages.sort_by(|a, b| {
            let index = |u: &str| u != "index.html";
            (index(&a.url), a.order.unwrap_or(i64::MAX), &a.title).cmp(&(
                index(&b.url),
                b.order.unwrap_or(i64::MAX),
                &b.title,
            ))
        });
        let mut items: Vec<(Option<i64>, NavItem)> = pages
            .into_iter()
            .map(|p| {
                (
                    p.order,
                    NavItem {
                        title: p.title.clone(),
                        url: Some(p.url.clone()),
                        children: Vec::new(),
                    },
                )
            })
            .collect();
        for sub in tree.subdirs.get(dir).into_iter().flatten() {
            let index = tree.by_url.get(index_url(sub).as_str()).copied();
            let name = sub.rsplit('/').next().unwrap_or(sub);
            let title = index.map(|p| p.title.clone()).unwrap_or_else(|| {
                let spaced = name.replace(['-', '_'], " ");
                let mut c = spaced.chars();
                c.next()
                    .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
                    .unwrap_or_default()
            });
            items.push((
                index.and_then(|p| p.order),
                NavItem {
                    title,
                    url: index.map(|p| p.url.clone()),
                    children: folder(tree, sub),
                },
            ));
        }
        items.sort_by(|a, b| {
            let home = |i: &NavItem| i.url.as_deref() != Some("index.html");
            (home(&a.1), a.0.unwrap_or(i64::MAX)).cmp(&(home(&b.1), b.0.unwrap_or(i64::MAX)))
        });
        items.into_iter().map(|(_, i)| i).collect()
    }
    let mut tree = Tree {
        pages: HashMap::new(),
        subdirs: HashMap::new(),
        by_url: HashMap::new(),
    };
    for p in site.published() {
        tree.by_url.entry(p.url.as_str()).or_insert(p);
        let dir = p.src.rsplit_once('/').map_or("", |(d, _)| d);
        tree.pages.entry(dir).or_default().push(p);
        // Each folder is a subfolder of the one above it, up to the top.
        let mut d = dir;
        while !d.is_empty() {
            let parent = d.rsplit_once('/').map_or("", |(a, _)| a);
            if !tree.subdirs.entry(parent).or_default().insert(d) {
                break;
            }
            d = parent;
        }
    }
    folder(&tree, "")
}

/// Every page in reading order: (title, url).
pub(crate) fn reading_order(items: &[NavItem]) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut seen = HashSet::new();
    fn walk<'a>(
        items: &'a [NavItem],
        out: &mut Vec<(String, String)>,
        seen: &mut HashSet<&'a str>,
    ) {
        for i in items {
            if let Some(u) = &i.url {
                if seen.insert(u.as_str()) {
                    out.push((i.title.clone(), u.clone()));
                }
            }
            walk(&i.children, out, seen);
        }
    }
    walk(items, &mut out, &mut seen);
    out
}

/// The entries above each page: (title, url or none) from the top down, by page URL.
/// Worked out once for the whole tree, so a page looks its trail up instead of searching.
pub(crate) fn breadcrumbs(items: &[NavItem]) -> HashMap<&str, Vec<(&str, Option<&str>)>> {
    fn walk<'a>(
        items: &'a [NavItem],
        path: &mut Vec<(&'a str, Option<&'a str>)>,
        out: &mut HashMap<&'a str, Vec<(&'a str, Option<&'a str>)>>,
    ) {
        for i in items {
            if let Some(u) = i.url.as_deref() {
                // A page listed twice keeps its first place, as a reader meets it.
                out.entry(u).or_insert_with(|| path.clone());
            }
            path.push((i.title.as_str(), i.url.as_deref()));
            walk(&i.children, path, out);
            path.pop();
        }
    }
    let mut out = HashMap::new();
    walk(items, &mut Vec::new(), &mut out);
    out
}
