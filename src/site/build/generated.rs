//! The step that writes the pages waymark makes itself, each from its template: the
//! handbook pages, the contents page, the 404 page, and the sidebar's script.

use super::shell::Shell;
use super::sink::Sink;
use super::{Built, File};
use crate::site::handbook::{Generated, Rows};
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
pub(super) fn write_generated_pages<'a>(
    (handbook, count): (impl Iterator<Item = Result<Generated<'a>, String>>, usize),
    (tree, home): (&[NavItem], bool),
    shell: &Shell,
    sink: &Sink,
    built: &mut Built,
    progress: &dyn Progress,
) -> Vec<(String, String, search::Entry)> {
    let locale = shell.locale();
    progress.start(Step::Generated, count + SCAFFOLD);
    let mut entries = Vec::new();
    // Each page is made, written and dropped before the next is made.
    for g in handbook {
        let read = |title: &str, body: &str| search::Entry::new(title, body, &locale.lang);
        match g.and_then(|g| write_page(g, shell, sink, read)) {
            Ok((Written { title, url, page }, entry)) => {
                if url == "journeys.html" && !home {
                    sink.put("index.html".to_string(), page);
                }
                entries.push((title, url, entry));
            }
            Err(e) => built.fatal.push(e),
        }
        progress.advance(1);
    }
    // Made last: the contents page holds the whole sidebar.
    let scaffold: [_; SCAFFOLD] = [
        contents_page(tree, locale),
        Generated::new(
            "404.html",
            locale.t("not_found"),
            "404.html",
            BTreeMap::<&str, &str>::new(),
            locale,
        ),
    ];
    for g in scaffold {
        if let Err(e) = g.and_then(|g| write_page(g, shell, sink, |_, _| ())) {
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

/// The pages every handbook gets besides its own: the contents page and the 404 page.
const SCAFFOLD: usize = 2;

/// A generated page as written.
struct Written {
    title: String,
    url: String,
    /// The whole page.
    page: File,
}

/// Stands where a register's rows go while its page's template is written.
const ROWS: &str = "<!--waymark:rows-->";

/// Writes the generated page `g`, and the files it links to (the pain register's CSV):
/// its body from its template, each of its rows from theirs, in the page template;
/// `read` is given the title and the body. A register at 10,000 pages is a 13 MB page,
/// so its rows are made one at a time and the page is written once: the page template
/// around it first, then the body into it.
fn write_page<R>(
    g: Generated,
    shell: &Shell,
    sink: &Sink,
    read: impl FnOnce(&str, &str) -> R,
) -> Result<(Written, R), String> {
    let Generated {
        url,
        title,
        template,
        mut context,
        rows,
        files,
    } = g;
    for (path, bytes) in files {
        sink.put(path, bytes);
    }
    let templates = shell.templates();
    if rows.is_some() {
        context.insert("rows", ROWS);
    }
    let frame = templates
        .render(template, &context, &url)
        .map_err(|e| match &rows {
            // Perhaps written when a register's template was given every row.
            Some(rows) => format!(
                "{e}\n  note: each row is written by {}; {template} is given `count` and \
             `rows`, written with `{{{{ rows | safe }}}}`",
                rows.template
            ),
            None => e,
        })?;
    let (head, tail) = split_frame(&frame, rows.as_ref(), templates, (template, &url))?;
    let around = shell.around(&url, &title)?;
    let (before, after) = around
        .as_ref()
        .map_or(("", ""), |(b, a)| (b.as_str(), a.as_str()));
    let mut page = Vec::with_capacity(before.len() + frame.len() + after.len());
    page.extend_from_slice(before.as_bytes());
    let start = page.len();
    page.extend_from_slice(head.as_bytes());
    if let Some(rows) = rows {
        let room = tail.len() + after.len();
        write_rows(&mut page, rows, &mut context, templates, (&url, room))?;
    }
    page.extend_from_slice(tail.as_bytes());
    drop(context);
    let end = page.len();
    page.extend_from_slice(after.as_bytes());
    let (page, read) = match around {
        Some(_) => {
            let read = read(&title, text(&page[start..end])?);
            (page, read)
        }
        // A page template that does not write the content once, as it is, is given it.
        None => {
            let body = text(&page)?;
            let read = read(&title, body);
            let page = shell.page(&url, &title, None, body, &[], None)?;
            (page.into_bytes(), read)
        }
    };
    let page: File = Arc::new(page);
    sink.put(url.clone(), Arc::clone(&page));
    Ok((Written { title, url, page }, read))
}

/// The body `frame` a page's `template` wrote for `url`, before and after its rows (the
/// whole body, trimmed, for a page without). Blank lines around the body (after the
/// template's opening comment, at the end of the file) are no part of the content.
fn split_frame<'f>(
    frame: &'f str,
    rows: Option<&Rows>,
    templates: &Templates,
    (template, url): (&str, &str),
) -> Result<(&'f str, &'f str), String> {
    let Some(rows) = rows else {
        return Ok((frame.trim(), ""));
    };
    let mut at = frame.match_indices(ROWS).map(|(i, _)| i);
    match (at.next(), at.next()) {
        (Some(i), None) => Ok((frame[..i].trim_start(), frame[i + ROWS.len()..].trim_end())),
        // A register with no rows may say so instead.
        (None, _) if rows.count() == 0 => Ok((frame.trim(), "")),
        (None, _) => {
            let why = format!(
                "it writes none of the rows: put `{{{{ rows | safe }}}}` where they go (each \
                 is written by {})",
                rows.template
            );
            Err(templates.failed(template, url, &why))
        }
        (Some(_), Some(_)) => {
            Err(templates.failed(template, url, "it writes `rows` more than once"))
        }
    }
}

/// Each of `rows` made, put into the page's `context` and written by its template at the
/// end of `page` (of `url`, which needs `room` after them).
fn write_rows(
    page: &mut Vec<u8>,
    mut rows: Rows,
    context: &mut tera::Context,
    templates: &Templates,
    (url, room): (&str, usize),
) -> Result<(), String> {
    let (start, count) = (page.len(), rows.count());
    let mut made = 0;
    while rows.next_into(context)? {
        let at = page.len();
        templates.render_to(rows.template, context, url, page)?;
        // Nor is the line break after a row template's opening comment.
        let blank = page[at..]
            .iter()
            .take_while(|b| b.is_ascii_whitespace())
            .count();
        page.drain(at..at + blank);
        // Room for the whole page is made once, from the first rows, instead of by
        // doubling: at 100,000 pages a register is a 130 MB page.
        made += 1;
        if made == 64 && count > made {
            let rest = (page.len() - start) / made * (count - made);
            page.reserve(rest + rest / 16 + room);
        }
    }
    Ok(())
}

/// Bytes written from text, as text again.
fn text(bytes: &[u8]) -> Result<&str, String> {
    std::str::from_utf8(bytes).map_err(|e| format!("error: a generated page is not UTF-8: {e}"))
}

/// One entry of the contents page.
#[derive(Serialize)]
struct ContentsEntry<'a> {
    title: &'a str,
    href: Option<String>,
    children: Vec<ContentsEntry<'a>>,
}

/// The whole sidebar as a page, for readers without JavaScript.
fn contents_page(
    tree: &[NavItem],
    locale: &crate::i18n::Locale,
) -> Result<Generated<'static>, String> {
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
