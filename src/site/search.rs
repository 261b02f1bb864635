//! The offline search index, built at build time and split into shards by the first
//! character of each term, so a search loads only the shards its words need. Shards are
//! scripts (not JSON fetched at run time) so search also works from `file://`.

use std::collections::BTreeMap;

/// Something to find.
pub struct Doc<'a> {
    /// Title shown in results.
    pub title: &'a str,
    /// Page URL, relative to the root.
    pub url: &'a str,
    /// Its words.
    pub text: &'a str,
}

/// The shard a term lives in.
pub fn shard_key(term: &str) -> String {
    match term.chars().next() {
        Some(c) if c.is_ascii_alphanumeric() => c.to_string(),
        Some(c) => format!("u{:x}", c as u32),
        None => "_".to_string(),
    }
}

/// Lowercase words of `text`; CJK characters count one by one.
pub fn terms(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut word = String::new();
    for c in text.chars() {
        if crate::render::text::is_cjk(c) {
            if !word.is_empty() {
                out.push(std::mem::take(&mut word));
            }
            out.push(c.to_string());
        } else if c.is_alphanumeric() {
            word.extend(c.to_lowercase());
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
pub fn index(docs: &[Doc]) -> Vec<(String, Vec<u8>)> {
    let mut shards: BTreeMap<String, BTreeMap<String, Vec<(usize, u32)>>> = BTreeMap::new();
    let mut listed = Vec::new();
    for (i, doc) in docs.iter().enumerate() {
        let mut counts: BTreeMap<String, u32> = BTreeMap::new();
        for t in terms(doc.title) {
            *counts.entry(t).or_insert(0) += 5;
        }
        for t in terms(doc.text) {
            *counts.entry(t).or_insert(0) += 1;
        }
        for (term, n) in counts {
            shards
                .entry(shard_key(&term))
                .or_default()
                .entry(term)
                .or_default()
                .push((i, n));
        }
        let snippet: String = doc
            .text
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .chars()
            .take(180)
            .collect();
        listed.push(serde_json::json!({ "t": doc.title, "u": doc.url, "s": snippet }));
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
            ["checkout", "drop", "off", "41", "überweisung"]
        );
        assert_eq!(terms("配送"), ["配", "送"]);
        assert_eq!(shard_key("checkout"), "c");
        assert_eq!(shard_key("überweisung"), "ufc");
        let files = index(&[Doc {
            title: "A</script>",
            url: "a.html",
            text: "wallet payment",
        }]);
        assert!(files.iter().any(|(p, _)| p == "search/w.js"));
        assert!(!String::from_utf8_lossy(&files[0].1).contains("</script>"));
    }
}
