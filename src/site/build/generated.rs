//! The step that writes the pages waymark makes itself, each from its template: the
//! handbook pages, the contents page, the 404 page, and the sidebar's script.

use super::shell::Shell;
use super::sink::Sink;
use super::{Built, File};
use crate::site::handbook::Generated;
use crate::site::nav::NavItem;
use crate::site::progress::{Progress, Step};
use crate::site::templates::Templates;
use crate::site::{search, url};
use serde::Serialize;
use std::collections::BTreeMap;
use std::sync::Arc;

/// Writes the pages waymark makes itself, each from its template in the page template:
/// the handbook pages (journeys index, personas, registers), the contents page, the 404
/// page; then the script that fills every sidebar. A handbook without an index page opens
/// on its journeys. Returns the handbook pages with their search entries.
pub(super) fn write_generated_pages(
    (handbook, count): (impl Iterator<Item = Result<Generated, String>>, usize),
    (tree, home): (&[NavItem], bool),
    shell: &Shell,
    sink: &Sink,
    built: &mut Built,
    progress: &dyn Progress,
) -> Vec<(String, String, search::Entry)> {
    let locale = shell.locale();
    let scaffold = [
        contents_page(tree, locale),
        Generated::new(
            "404.html",
            locale.t("not_found"),
            "404.html",
            BTreeMap::<&str, &str>::new(),
            locale,
        ),
    ];
    let mut others = Vec::new();
    for page in scaffold {
        match page {
            Ok(p) => others.push(p),
            Err(e) => built.fatal.push(e),
        }
    }
    progress.start(Step::Generated, count + others.len());
    let mut entries = Vec::new();
    // Each page is made, written and dropped before the next is made.
    for g in handbook {
        match g.and_then(|g| write_page(g, shell, sink)) {
            Ok(Written {
                title,
                url,
                body,
                page,
            }) => {
                let entry = search::Entry::new(&title, &strip_tags(&body), &locale.lang);
                drop(body);
                if url == "journeys.html" && !home {
                    sink.put("index.html".to_string(), page);
                }
                entries.push((title, url, entry));
            }
            Err(e) => built.fatal.push(e),
        }
        progress.advance(1);
    }
    for g in others {
        if let Err(e) = write_page(g, shell, sink) {
            built.fatal.push(e);
        }
        progress.advance(1);
    }
    match sidebar_script(tree, shell.templates()) {
        Ok(script) => sink.put("nav.js".to_string(), script.into_bytes()),
        Err(e) => built.fatal.push(e),
    }
    entries
}

/// A generated page as written.
struct Written {
    title: String,
    url: String,
    /// The body, as its template wrote it.
    body: String,
    /// The whole page.
    page: File,
}

/// Writes the generated page `g`: its body from its template, in the page template, and
/// the files it links to (the pain register's CSV). A register's template context holds
/// every row, so it is dropped as soon as the body is written, and nothing is copied:
/// at 10,000 pages the pain register alone is a 13 MB page.
fn write_page(g: Generated, shell: &Shell, sink: &Sink) -> Result<Written, String> {
    let Generated {
        url,
        title,
        template,
        context,
        files,
    } = g;
    for (path, bytes) in files {
        sink.put(path, bytes);
    }
    let mut body = shell.templates().render(template, &context, &url)?;
    drop(context);
    // Blank lines around it (after the template's opening comment, at the end of the
    // file) are no part of the content.
    body.truncate(body.trim_end().len());
    body.drain(..body.len() - body.trim_start().len());
    let page: File = Arc::new(
        shell
            .page(&url, &title, None, &body, &[], None)?
            .into_bytes(),
    );
    sink.put(url.clone(), Arc::clone(&page));
    Ok(Written {
        title,
        url,
        body,
        page,
    })
}

/// One entry of the contents page.
#[derive(Serialize)]
struct ContentsEntry<'a> {
    title: &'a str,
    href: Option<String>,
    children: Vec<ContentsEntry<'a>>,
}

/// The whole sidebar as a page, for readers without JavaScript.
fn contents_page(tree: &[NavItem], locale: &crate::i18n::Locale) -> Result<Generated, String> {
    fn entries<'a>(items: &'a [NavItem], from: &str) -> Vec<ContentsEntry<'a>> {
        items
            .iter()
            .map(|i| ContentsEntry {
                title: &i.title,
                href: i.url.as_deref().map(|u| url::href(from, u)),
                children: entries(&i.children, from),
            })
            .collect()
    }
    #[derive(Serialize)]
    struct Contents<'a> {
        items: Vec<ContentsEntry<'a>>,
    }
    let url = "contents.html";
    let items = entries(tree, url);
    Generated::new(
        url,
        locale.t("contents"),
        "contents.html",
        Contents { items },
        locale,
    )
}

/// `nav.js`: the sidebar tree as JSON in a script, safe to stand in a `<script>` element.
fn sidebar_script(tree: &[NavItem], templates: &Templates) -> Result<String, String> {
    let json = serde_json::to_string(tree)
        .map_err(|e| format!("error: the sidebar cannot be written as JSON: {e}"))?
        .replace("</", "<\\/");
    let mut ctx = tera::Context::new();
    ctx.try_insert("nav", &json)
        .map_err(|e| format!("error: the sidebar cannot be written: {e}"))?;
    templates
        .render("nav.js", &ctx, "nav.js")
        .map(|js| js.trim_start().to_string())
}

/// The text of some HTML as a reader sees it: tags left out, character references
/// decoded (search shows it as text, so `&#39;` must become `'`).
fn strip_tags(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut inside = false;
    let mut rest = html;
    while let Some(c) = rest.chars().next() {
        rest = &rest[c.len_utf8()..];
        match c {
            '<' => inside = true,
            '>' => {
                inside = false;
                out.push(' ');
            }
            '&' if !inside => match crate::site::search::char_reference(rest) {
                Some((decoded, len)) => {
                    out.push(decoded);
                    rest = &rest[len..];
                }
                None => out.push('&'),
            },
            c if !inside => out.push(c),
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn text_of_html_decodes_references() {
        assert_eq!(
            super::strip_tags("<p>map&#39;s &amp; <b>R&amp;D</b> &#x2F; &lt;x&gt; &bogus; a&b</p>"),
            " map's &  R&D  / <x> &bogus; a&b "
        );
    }
}
