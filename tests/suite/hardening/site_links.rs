//! File names are not URLs: a handbook with pages named `javascript:alert(1).md`,
//! `a b#c?.md`, `100%.md` and `über.md`, in nested folders, with and without a
//! `SUMMARY.md`, built by the real binary. Every URL the site writes — `href` and `src` in
//! every page, the sidebar in `nav.js`, the search index, the sitemap — must not read as a
//! scheme other than http(s) or mailto, and every relative one must reach a file of the
//! output once percent-decoded, as a static server reads it. Links authors write to other
//! schemes are refused and reported at their file, line and column.
#![cfg(unix)] // `:`, `?` and `#` in file names are what is under test; Windows has none.

use std::path::{Path, PathBuf};

use crate::common::waymark;

fn write(dir: &Path, rel: &str, text: &str) {
    let p = dir.join(rel);
    std::fs::create_dir_all(p.parent().expect("a folder")).expect("create folder");
    std::fs::write(p, text).expect("write file");
}

const JOURNEY: &str = "# Script page\n\n```journey\ntitle Paying\npersona Maya\nsection Buy\n  Pays: 2: Maya\n    pain: Card refused {severity: high}\n    opportunity: Wallets {impact: high, effort: low}\n```\n\n```journey\npersona Maya\n  role: Commuter\n  image: ![Maya](images/maya%20pic.png)\n```\n";

/// Line 5 onwards of `über.md` are links to schemes a handbook must not publish.
const UNSAFE: &str = "# Über\n\n[home](index.md)\n\n[a](javascript:alert(1))\n[b](JaVaScRiPt:alert(2))\n[c](data:text/html,hi)\n[d](<java\tscript:alert(3)>)\n[e](vbscript:x) [fine](https://example.com/) [mail](mailto:a@example.com)\n";

/// A handbook whose file names are hostile; with `summary`, a `SUMMARY.md` lists them.
fn handbook(dir: &Path, summary: bool) {
    write(
        dir,
        "waymark.toml",
        "title = \"Links\"\nbase_url = \"https://example.com/hb/\"\n",
    );
    write(
        dir,
        "index.md",
        "# Home\n\n[script](./javascript:alert(1).md) [odd](a%20b%23c%3F.md) [angle](<a b%23c%3F.md>)\n[pct](100%25.md) [pct raw](100%.md) [uml](über.md) [deep](deep/er/page.md#top)\n![pic](<images/maya pic.png>) [folder](deep/)\n",
    );
    write(dir, "javascript:alert(1).md", JOURNEY);
    write(dir, "a b#c?.md", "# Odd\n\n[back](index.md)\n");
    write(dir, "100%.md", "# Percent\n");
    write(dir, "über.md", UNSAFE);
    write(
        dir,
        "deep/README.md",
        "# Deep\n\n[script](../javascript:alert(1).md)\n",
    );
    write(
        dir,
        "deep/er/page.md",
        "# Deeper\n\n[up](../../javascript:alert(1).md) [sibling](./javascript:x.md)\n",
    );
    write(dir, "deep/er/javascript:x.md", "# Colon\n");
    write(dir, "images/maya pic.png", "not really a picture");
    if summary {
        write(
            dir,
            "SUMMARY.md",
            "# Summary\n\n- [Home](index.md)\n- [Script](javascript:alert(1).md)\n- [Odd](<a b%23c%3F.md>)\n- [Percent](100%25.md)\n- [Über](über.md)\n- [Deep](deep/README.md)\n  - [Deeper](deep/er/page.md)\n  - [Colon](./deep/er/javascript:x.md)\n",
        );
    }
}

/// `&amp;`, `&#x2F;` and the like decoded, as a browser reads an attribute.
fn unescape(value: &str) -> String {
    let mut out = String::new();
    let mut rest = value;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        let after = &rest[at + 1..];
        let end = after.find(';').expect("an entity ends with `;`");
        let name = &after[..end];
        let c = match name {
            "amp" => '&',
            "lt" => '<',
            "gt" => '>',
            "quot" => '"',
            "apos" => '\'',
            n if n.starts_with("#x") => {
                char::from_u32(u32::from_str_radix(&n[2..], 16).expect("hex")).expect("char")
            }
            n if n.starts_with('#') => {
                char::from_u32(n[1..].parse().expect("number")).expect("char")
            }
            n => panic!("unknown entity &{n};"),
        };
        out.push(c);
        rest = &after[end + 1..];
    }
    out.push_str(rest);
    out
}

/// Percent-decoding as a static server does; `None` when it is not valid.
fn decode(path: &str) -> Option<String> {
    let bytes = path.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            if !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
                return None;
            }
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// The scheme a browser reads at the start of `url`, lowercased: tabs and line breaks
/// anywhere and leading control characters and spaces are ignored, as the URL standard says.
fn scheme(url: &str) -> Option<String> {
    let cleaned: String = url
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .skip_while(|c| *c <= ' ')
        .collect();
    let (name, _) = cleaned.split_once(':')?;
    let mut chars = name.chars();
    let ok = chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c));
    ok.then(|| name.to_ascii_lowercase())
}

/// Checks one URL written in `file` (relative to `out`), resolved against the folder
/// `base` (relative to `out`): external ones are http(s) or mailto, the rest reach a file.
fn check_url(out: &Path, file: &str, base: &str, url: &str) {
    if let Some(s) = scheme(url) {
        assert!(
            ["http", "https", "mailto"].contains(&s.as_str()),
            "{file} writes `{url}`, which a browser reads as a `{s}:` URL"
        );
        return;
    }
    assert!(
        !url.starts_with('/') && !url.starts_with('\\'),
        "{file} writes `{url}`, which leaves the site's folder"
    );
    let path = &url[..url.find(['?', '#']).unwrap_or(url.len())];
    if path.is_empty() {
        return; // `#part` of the same page
    }
    let decoded = decode(path).unwrap_or_else(|| panic!("{file}: `{url}` does not decode"));
    let mut parts: Vec<&str> = base.split('/').filter(|s| !s.is_empty()).collect();
    for seg in decoded.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                assert!(
                    parts.pop().is_some(),
                    "{file}: `{url}` climbs out of the site"
                );
            }
            s => parts.push(s),
        }
    }
    let mut target: PathBuf = out.join(parts.join("/"));
    if target.is_dir() {
        target = target.join("index.html");
    }
    assert!(
        target.is_file(),
        "{file} links to `{url}`, but {} is not in the output",
        target.display()
    );
}

/// Every `href`/`src` attribute value in `html` (double- or single-quoted), unescaped.
fn attributes(html: &str) -> Vec<String> {
    let mut found = Vec::new();
    for name in ["href=", "src="] {
        for (at, _) in html.match_indices(name) {
            let before = html[..at].chars().last().unwrap_or(' ');
            if !(before.is_whitespace() || before == ':') {
                continue; // `data-src=` and the like
            }
            let rest = &html[at + name.len()..];
            let Some(quote) = rest.chars().next().filter(|c| *c == '"' || *c == '\'') else {
                panic!(
                    "unquoted attribute at {at}: {}",
                    &rest[..rest.len().min(40)]
                );
            };
            let value = &rest[1..];
            let end = value.find(quote).expect("attribute closed");
            found.push(unescape(&value[..end]));
        }
    }
    found
}

/// The `u` of every item of a JSON tree (nav.js) or list (search docs).
fn json_urls(value: &serde_json::Value, out: &mut Vec<String>) {
    match value {
        serde_json::Value::Array(items) => items.iter().for_each(|v| json_urls(v, out)),
        serde_json::Value::Object(map) => {
            if let Some(u) = map.get("u") {
                out.push(u.as_str().expect("`u` is a string").to_string());
            }
            map.values().for_each(|v| json_urls(v, out));
        }
        _ => {}
    }
}

fn json_in(text: &str, prefix: &str, suffix: &str) -> serde_json::Value {
    let inner = text
        .strip_prefix(prefix)
        .and_then(|t| t.strip_suffix(suffix))
        .unwrap_or_else(|| panic!("expected {prefix}…{suffix}, found {text}"));
    serde_json::from_str(inner).expect("valid JSON")
}

/// Checks every URL the site in `out` writes; returns how many there were.
fn check_site(out: &Path) -> usize {
    let mut checked = 0;
    for entry in walkdir::WalkDir::new(out).into_iter().flatten() {
        if !entry.file_type().is_file() {
            continue;
        }
        let rel = entry
            .path()
            .strip_prefix(out)
            .expect("inside the output")
            .to_string_lossy()
            .into_owned();
        let dir = rel.rsplit_once('/').map_or("", |(d, _)| d);
        let Ok(text) = std::fs::read_to_string(entry.path()) else {
            continue;
        };
        let mut check = |base: &str, url: &str| {
            check_url(out, &rel, base, url);
            checked += 1;
        };
        if rel.ends_with(".html") {
            for url in attributes(&text) {
                check(dir, &url);
            }
            let root = text
                .split("data-root=\"")
                .nth(1)
                .and_then(|r| r.split('"').next())
                .expect("every page names its root");
            assert!(
                root == "./" || (!root.is_empty() && root.split_terminator('/').all(|s| s == "..")),
                "{rel}: data-root is `{root}`"
            );
        } else if rel == "nav.js" {
            let mut urls = Vec::new();
            json_urls(&json_in(&text, "window.WAYMARK_NAV=", ";\n"), &mut urls);
            assert!(urls.len() >= 8, "{urls:?}");
            urls.iter().for_each(|u| check("", u));
        } else if rel == "search/docs.js" {
            let mut urls = Vec::new();
            json_urls(&json_in(&text, "waymarkSearch.docs(", ");\n"), &mut urls);
            assert!(urls.len() >= 8, "{urls:?}");
            urls.iter().for_each(|u| check("", u));
        } else if rel == "sitemap.xml" {
            for loc in text.split("<loc>").skip(1) {
                let url = unescape(loc.split("</loc>").next().expect("closed"));
                let path = url
                    .strip_prefix("https://example.com/hb/")
                    .unwrap_or_else(|| panic!("sitemap: `{url}` is not under base_url"));
                check("", path);
            }
        }
    }
    checked
}

fn build(summary: bool) -> (tempfile::TempDir, PathBuf, String) {
    let tmp = tempfile::tempdir().expect("temp dir");
    let src = tmp.path().join("src");
    handbook(&src, summary);
    let out = tmp.path().join("out");
    let o = waymark(&[
        "build",
        src.to_str().expect("UTF-8"),
        "--out",
        out.to_str().expect("UTF-8"),
    ]);
    let err = String::from_utf8_lossy(&o.stderr).into_owned();
    assert!(o.status.success(), "{err}");
    (tmp, out, err)
}

#[test]
fn file_names_never_become_schemes_and_every_link_reaches_its_file() {
    for summary in [false, true] {
        let (_tmp, out, err) = build(summary);
        assert!(out.join("javascript:alert(1).html").is_file());
        let checked = check_site(&out);
        assert!(checked > 150, "only {checked} URLs checked");
        assert!(!err.contains("broken link"), "{err}");

        let nav = std::fs::read_to_string(out.join("nav.js")).expect("nav.js");
        assert!(
            nav.contains("\"u\":\"javascript%3Aalert(1).html\""),
            "{nav}"
        );
        assert!(nav.contains("\"u\":\"a%20b%23c%3F.html\""), "{nav}");
        assert!(nav.contains("\"u\":\"100%25.html\""), "{nav}");
        let contents = std::fs::read_to_string(out.join("contents.html")).expect("contents");
        assert!(contents.contains("href=\"./%C3%BCber.html\""), "{contents}");
        let page = std::fs::read_to_string(out.join("deep/er/page.html")).expect("page");
        assert!(
            page.contains("href=\"../../javascript%3Aalert(1).html\""),
            "a link an author wrote is written encoded too"
        );
    }
}

#[test]
fn links_to_other_schemes_are_refused_where_they_are_written() {
    let (_tmp, out, err) = build(false);
    for (line, col) in [(5, 1), (6, 1), (7, 1), (8, 1), (9, 1)] {
        assert!(
            err.contains(&format!("über.md:{line}:{col}")),
            "line {line} not reported: {err}"
        );
    }
    assert!(err.contains("which is not published"), "{err}");
    let html = std::fs::read_to_string(out.join("über.html")).expect("über.html");
    for url in attributes(&html) {
        let s = scheme(&url);
        assert!(
            s.is_none() || s.as_deref() == Some("https") || s.as_deref() == Some("mailto"),
            "`{url}` reached the page"
        );
    }
    assert_eq!(
        html.matches("href=\"#\"").count(),
        5,
        "each refused link goes nowhere"
    );
    assert!(html.contains("href=\"https://example.com/\""));
    assert!(html.contains("href=\"mailto:a@example.com\""));
}
