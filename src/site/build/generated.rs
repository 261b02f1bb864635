//! The step that writes the pages waymark makes itself, each from its template: the
//! handbook pages, the contents page, the 404 page, and the sidebar's script.

use super::shell::Shell;
use super::sink::Sink;
use super::Built;
use crate::site::handbook::{Generated, Rows};
use crate::site::nav::NavItem;
use crate::site::progress::{Progress, Step};
use crate::site::templates::Templates;
use crate::site::{search, url};
use serde::Serialize;
use std::collections::BTreeMap;

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
        match g.and_then(|g| write_page(g, shell, sink, (Some(&locale.lang), home))) {
            Ok((title, url, Some(entry))) => entries.push((title, url, entry)),
            Ok(_) => {}
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
        if let Err(e) = g.and_then(|g| write_page(g, shell, sink, (None, home))) {
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

/// Stands where a register's rows go while its page's template is written.
const ROWS: &str = "<!--waymark:rows-->";

/// Writes the generated page `g`, and the files it links to (the pain register's CSV):
/// its body from its template, each of its rows from theirs, in the page template; the
/// journeys index is the home page too when the handbook has none (`home`: it has one).
/// Returns its title, its URL and, read in `lang` when given, its search entry. A
/// register at 100,000 pages is a 130 MB page, so its rows are made one at a time and
/// each is written to the file and read for search as it is made: the page template
/// around the body first, then the body into it.
fn write_page(
    g: Generated,
    shell: &Shell,
    sink: &Sink,
    (lang, home): (Option<&str>, bool),
) -> Result<(String, String, Option<search::Entry>), String> {
    let Generated {
        url,
        title,
        template,
        mut context,
        rows,
        files,
    } = g;
    for (path, write) in files {
        sink.put_written(&[path], write)?;
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
    let mut paths = vec![url.clone()];
    if url == "journeys.html" && !home {
        paths.push("index.html".to_string());
    }
    let mut reader = lang.map(search::Reader::new);
    // The body, a part at a time: each read for search, then handed to `put`.
    let body = |put: &mut dyn FnMut(&[u8]) -> Result<(), String>| {
        let mut part = |bytes: &[u8]| {
            if let Some(reader) = &mut reader {
                reader.read(text(bytes)?);
            }
            put(bytes)
        };
        part(head.as_bytes())?;
        if let Some(rows) = rows {
            write_rows(rows, &mut context, templates, &url, &mut part)?;
        }
        part(tail.as_bytes())
    };
    match shell.around(&url, &title)? {
        Some((before, after)) => sink.put_written(&paths, |put| {
            put(before.as_bytes())?;
            body(&mut *put)?;
            put(after.as_bytes())
        })?,
        // A page template that does not write the content once, as it is, is given it.
        None => {
            let mut whole = Vec::new();
            body(&mut |bytes| {
                whole.extend_from_slice(bytes);
                Ok(())
            })?;
            let page = shell.page(&url, &title, None, text(&whole)?, &[], None)?;
            sink.put_written(&paths, |put| put(page.as_bytes()))?;
        }
    }
    let entry = reader.map(|r| r.finish(&title));
    Ok((title, url, entry))
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

/// Each of `rows` made, put into the page's `context`, written by its template for `url`
/// and handed to `part`.
fn write_rows(
    mut rows: Rows,
    context: &mut tera::Context,
    templates: &Templates,
    url: &str,
    part: &mut dyn FnMut(&[u8]) -> Result<(), String>,
) -> Result<(), String> {
    let mut row = Vec::new();
    while rows.next_into(context)? {
        row.clear();
        templates.render_to(rows.template, context, url, &mut row)?;
        // Nor is the line break after a row template's opening comment.
        let blank = row.iter().take_while(|b| b.is_ascii_whitespace()).count();
        part(&row[blank..])?;
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
