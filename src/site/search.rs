//! The offline search index, built at build time and split into shards by the first
//! character of each term, so a search loads only the shards its words need. Shards are
//! scripts (not JSON fetched at run time) so search also works from `file://`.

use std::collections::BTreeMap;

/// One page as search sees it: its words counted (title words weigh five) and the
/// snippet shown in results. Worked out when the page renders, so the preview rebuilds
/// the index after an edit without reading every page's words again.
#[derive(Debug, Clone, Default)]
pub(crate) struct Entry {
    counts: Vec<(String, u32)>,
    snippet: String,
}

impl Entry {
    /// The entry of a page titled `title` with the plain `text`.
    pub(crate) fn new(title: &str, text: &str) -> Entry {
        let mut counts: BTreeMap<String, u32> = BTreeMap::new();
        for t in terms(title) {
            *counts.entry(t).or_insert(0) += 5;
        }
        for t in terms(text) {
            *counts.entry(t).or_insert(0) += 1;
        }
        let mut snippet = String::new();
        for word in text.split_whitespace() {
            if snippet.len() >= SNIPPET * 4 {
                break;
            }
            if !snippet.is_empty() {
                snippet.push(' ');
            }
            snippet.push_str(word);
        }
        Entry {
            counts: counts.into_iter().collect(),
            snippet: snippet.chars().take(SNIPPET).collect(),
        }
    }
}

/// Characters of a page's text shown under its title in results.
const SNIPPET: usize = 180;

/// Something to find.
pub(crate) struct Doc<'a> {
    /// Title shown in results.
    pub title: &'a str,
    /// Page URL, relative to the root, not encoded (the index encodes it).
    pub url: &'a str,
    /// Its words.
    pub entry: &'a Entry,
}

/// The shard a term lives in.
pub(crate) fn shard_key(term: &str) -> String {
    match term.chars().next() {
        Some(c) if c.is_ascii_alphanumeric() => c.to_string(),
        Some(c) => format!("u{:x}", c as u32),
        None => "_".to_string(),
    }
}

/// Lowercase words of `text`; CJK characters count one by one.
/// Appends `c` as search compares it: lowercase, without diacritics (`ü` is `u`, `ё` is
/// `е`, `ā` is `a`), `ß` as `ss` — so people find words however they type them. The
/// search script folds queries the same way.
fn fold_into(word: &mut String, c: char) {
    use unicode_normalization::char::{decompose_canonical, is_combining_mark};
    for lower in c.to_lowercase() {
        if lower == 'ß' {
            word.push_str("ss");
            continue;
        }
        decompose_canonical(lower, |d| {
            if !is_combining_mark(d) {
                word.push(d);
            }
        });
    }
}

pub(crate) fn terms(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut word = String::new();
    for c in text.chars() {
        if crate::render::text::is_cjk(c) {
            if !word.is_empty() {
                out.push(std::mem::take(&mut word));
            }
            out.push(c.to_string());
        } else if c.is_alphanumeric() {
            fold_into(&mut word, c);
        } else if !word.is_empty() {
            out.push(std::mem::take(&mut word));
        }
    }
    if !word.is_empty() {
        out.push(word);
    }
    out.retain(|w| w.chars().count() >= 2 || w.chars().any(crate::render::text::is_cjk));
    out
}

fn js_json<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_string(value)
        .unwrap_or_else(|_| "null".into())
        .replace("</", "<\\/")
}

/// The index files: `search/docs.js` and one `search/KEY.js` per shard.
pub(crate) fn index(docs: &[Doc]) -> Vec<(String, Vec<u8>)> {
    let mut shards: BTreeMap<String, BTreeMap<String, Vec<(usize, u32)>>> = BTreeMap::new();
    let mut listed = Vec::new();
    for (i, doc) in docs.iter().enumerate() {
        for (term, n) in &doc.entry.counts {
            shards
                .entry(shard_key(term))
                .or_default()
                .entry(term.clone())
                .or_default()
                .push((i, *n));
        }
        let url = super::url::encode(doc.url);
        listed.push(serde_json::json!({ "t": doc.title, "u": url, "s": doc.entry.snippet }));
    }
    let mut files = vec![(
        "search/docs.js".to_string(),
        format!("waymarkSearch.docs({});\n", js_json(&listed)).into_bytes(),
    )];
    for (key, terms) in shards {
        files.push((
            format!("search/{key}.js"),
            format!(
                "waymarkSearch.shard({},{});\n",
                js_json(&key),
                js_json(&terms)
            )
            .into_bytes(),
        ));
    }
    files
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terms_and_shards() {
        assert_eq!(
            terms("Checkout drop-off 41% — Überweisung"),
            ["checkout", "drop", "off", "41", "uberweisung"]
        );
        assert_eq!(
            terms("Übergabe Straße ёлка Rīga"),
            ["ubergabe", "strasse", "елка", "riga"]
        );
        assert_eq!(terms("配送"), ["配", "送"]);
        assert_eq!(shard_key("checkout"), "c");
        assert_eq!(shard_key("überweisung"), "ufc");
        assert_eq!(shard_key(&terms("Überweisung")[0]), "u");
        let files = index(&[Doc {
            title: "A</script>",
            url: "javascript:a.html",
            entry: &Entry::new("A</script>", "wallet payment"),
        }]);
        assert!(files.iter().any(|(p, _)| p == "search/w.js"));
        let docs = String::from_utf8_lossy(&files[0].1);
        assert!(!docs.contains("</script>"));
        assert!(docs.contains("\"u\":\"javascript%3Aa.html\""), "{docs}");
    }
}
