//! The one place the site turns output paths into the URLs it writes.
//!
//! Output paths come from file names, and a file name may hold anything: the page
//! `javascript:alert(1).md` is written as `javascript:alert(1).html`, which a browser runs
//! as a script when it meets that name in an `href`; `a b#c?.md` would lose everything
//! after the `#`. So every URL the site writes is made here: each byte a browser or server
//! could read as more than a letter of the name is percent-encoded, `:` included, so no
//! written URL can ever start with a scheme. A static server decodes `%3A` back to `:` and
//! finds the file.

use std::fmt::Write;

/// Bytes written as they are: ASCII letters and digits, and marks that mean nothing
/// special inside a path. Everything else (`:` `?` `#` `%`, spaces, quotes, `<>`, `\`,
/// control characters and every byte of a non-ASCII letter) is percent-encoded.
fn keep(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"-._~!$&()*+,;=@".contains(&b)
}

/// `path` (relative to the site root, `/`-separated, not encoded) as it is written in a
/// URL. A leading `/` is dropped, so the result is never root- or protocol-relative.
pub(crate) fn encode(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for &b in path.trim_start_matches('/').as_bytes() {
        if b == b'/' || keep(b) {
            out.push(char::from(b));
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

/// The way from the page at `from` back to the site root: `./` at the top, else `../`
/// once per folder. Never empty, so `root + url` never starts with the url itself.
pub(crate) fn root(from: &str) -> String {
    match from.matches('/').count() {
        0 => "./".to_string(),
        n => "../".repeat(n),
    }
}

/// The href, written on the page at `from`, of the output file `to` (both relative to the
/// root, not encoded): the shortest relative path, always starting with `./` or `../`.
pub(crate) fn href(from: &str, to: &str) -> String {
    let mut dirs: Vec<&str> = from.split('/').collect();
    dirs.pop();
    let to = to.trim_start_matches('/');
    let parts: Vec<&str> = to.split('/').collect();
    let folders = &parts[..parts.len() - 1];
    let common = dirs.iter().zip(folders).take_while(|(a, b)| a == b).count();
    let mut out = match dirs.len() - common {
        0 => "./".to_string(),
        n => "../".repeat(n),
    };
    out.push_str(&encode(&parts[common..].join("/")));
    out
}

/// `text` with its `%XX` escapes decoded, as a browser reads a path; a `%` not followed by
/// two hex digits stays as it is, and bytes that are not UTF-8 leave `text` undecoded.
pub(crate) fn decode(text: &str) -> String {
    decoded(text, false).unwrap_or_else(|| text.to_string())
}

/// `text` with its `%XX` escapes decoded, or `None` when a `%` is not followed by two hex
/// digits or the bytes are not UTF-8: what the preview server and the language server
/// refuse rather than guess.
pub(crate) fn decode_strict(text: &str) -> Option<String> {
    decoded(text, true)
}

fn decoded(text: &str, strict: bool) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes.get(i + 1..i + 3);
        match hex {
            Some(&[h, l]) if bytes[i] == b'%' && h.is_ascii_hexdigit() && l.is_ascii_hexdigit() => {
                let digit = |c: u8| char::from(c).to_digit(16).unwrap_or(0) as u8;
                out.push(digit(h) * 16 + digit(l));
                i += 3;
            }
            _ if strict && bytes[i] == b'%' => return None,
            _ => {
                out.push(bytes[i]);
                i += 1;
            }
        }
    }
    String::from_utf8(out).ok()
}

/// A relative reference an author wrote (`a%20b.md?x#part`), split into its path,
/// percent-decoded, and the query and fragment as written (`?x#part`).
pub(crate) fn split_reference(reference: &str) -> (String, &str) {
    let at = reference.find(['?', '#']).unwrap_or(reference.len());
    (decode(&reference[..at]), &reference[at..])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_never_read_as_schemes() {
        assert_eq!(
            encode("javascript:alert(1).html"),
            "javascript%3Aalert(1).html"
        );
        assert_eq!(encode("a b#c?.html"), "a%20b%23c%3F.html");
        assert_eq!(encode("100%.html"), "100%25.html");
        assert_eq!(encode("über/x.html"), "%C3%BCber/x.html");
        assert_eq!(encode("//evil.example/x.html"), "evil.example/x.html");
        assert_eq!(encode("a\\b\"c'<d>\u{1}"), "a%5Cb%22c%27%3Cd%3E%01");
        for name in [
            "javascript:x",
            " data:x",
            "\tvbscript:x",
            "a:b/c:d",
            "C:\\x",
        ] {
            let written = href("index.html", name);
            assert!(!written.contains(':'), "{written}");
            assert_eq!(crate::links::scheme(&written), None, "{written}");
        }
    }

    #[test]
    fn hrefs_are_the_shortest_relative_path() {
        assert_eq!(href("index.html", "a/b.html"), "./a/b.html");
        assert_eq!(href("a/b.html", "a/c.html"), "./c.html");
        assert_eq!(href("a/b/c.html", "a/d.html"), "../d.html");
        assert_eq!(href("a/b.html", "x/y.html"), "../x/y.html");
        assert_eq!(href("a/b.html", "index.html"), "../index.html");
        assert_eq!(root("index.html"), "./");
        assert_eq!(root("a/b/c.html"), "../../");
    }

    #[test]
    fn decoding_is_lenient_and_round_trips() {
        for name in [
            "javascript:alert(1).html",
            "a b#c?.html",
            "100%.html",
            "über.html",
        ] {
            assert_eq!(decode(&encode(name)), name);
        }
        assert_eq!(decode("100%.md"), "100%.md");
        assert_eq!(decode("%+1"), "%+1");
        assert_eq!(decode("%FF"), "%FF", "not UTF-8: left as written");
        assert_eq!(
            split_reference("a%20b.md?x=1#part"),
            ("a b.md".to_string(), "?x=1#part")
        );
    }
}
