//! Words as search compares them: folded (case, diacritics, `ß`) the same way the search
//! script folds queries, and stemmed by the Snowball stemmer of the text's language.

use rust_stemmers::{Algorithm, Stemmer};
use unicode_normalization::char::{decompose_canonical, is_combining_mark};

/// Appends `c` as search compares it: lowercase, without diacritics (`ü` is `u`, `ё` is
/// `е`, `ā` is `a`), `ß` as `ss` — so people find words however they type them.
fn fold_into(word: &mut String, c: char) {
    if c == 'ß' {
        word.push_str("ss");
        return;
    }
    decompose_canonical(c, |d| {
        if !is_combining_mark(d) {
            word.push(d);
        }
    });
}

/// `word` folded (see `fold_into`); `word` is already lowercase.
pub(crate) fn fold(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    for c in word.chars() {
        fold_into(&mut out, c);
    }
    out
}

fn is_cjk(c: char) -> bool {
    crate::render::text::is_cjk(c)
}

/// The lowercase words of `text` as written (diacritics kept, for the stemmer), in order,
/// each handed to `each` from one reused buffer (a register at 100,000 pages has millions
/// of words); CJK characters count one by one; one-letter words are left out.
pub(crate) fn lower_words(text: &str, mut each: impl FnMut(&str)) {
    fn flush(word: &mut String, each: &mut impl FnMut(&str)) {
        if word.chars().nth(1).is_some() {
            each(word);
        }
        word.clear();
    }
    let mut word = String::new();
    for c in text.chars() {
        if is_cjk(c) {
            flush(&mut word, &mut each);
            each(c.encode_utf8(&mut [0; 4]));
        } else if c.is_alphanumeric() {
            word.extend(c.to_lowercase());
        } else {
            flush(&mut word, &mut each);
        }
    }
    flush(&mut word, &mut each);
}

/// Folded words of `text`, in order.
#[cfg(test)]
pub(crate) fn terms(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    lower_words(text, |w| out.push(fold(w)));
    out
}

/// The Snowball stemmer for a language tag (`de`, `sv-FI`, `ru`…), if waymark stems it.
/// Other languages are matched by whole words and prefixes.
pub(crate) fn stemmer(lang: &str) -> Option<Stemmer> {
    let primary = lang.split(['-', '_']).next().unwrap_or("");
    let algorithm = match primary.to_ascii_lowercase().as_str() {
        "en" => Algorithm::English,
        "de" => Algorithm::German,
        "ru" => Algorithm::Russian,
        "sv" => Algorithm::Swedish,
        _ => return None,
    };
    Some(Stemmer::create(algorithm))
}

/// The folded stem of a lowercase `word`: stemmed before folding, since the stemmers
/// know their letters (Russian endings in `й`, Swedish `ö`), then folded like the word.
pub(crate) fn stem(stemmer: Option<&Stemmer>, word: &str) -> String {
    match stemmer {
        // Short words and numbers stay whole: `us` is not `u`.
        Some(s) if word.chars().count() > 3 && !word.chars().any(|c| c.is_numeric()) => {
            let stemmed = fold(&s.stem(word));
            if stemmed.chars().count() >= 2 {
                stemmed
            } else {
                fold(word)
            }
        }
        _ => fold(word),
    }
}

/// The shard a folded word lives in: its first two characters (one for a one-character
/// word), written so the file name is plain ASCII.
pub(crate) fn shard_key(term: &str) -> String {
    let head: Vec<char> = term.chars().take(2).collect();
    if !head.is_empty() && head.iter().all(|c| c.is_ascii_alphanumeric()) {
        return head.iter().collect();
    }
    let hex: Vec<String> = head.iter().map(|c| format!("{:x}", *c as u32)).collect();
    format!("u{}", hex.join("-"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_and_words() {
        assert_eq!(
            terms("Checkout drop-off 41% — Überweisung"),
            ["checkout", "drop", "off", "41", "uberweisung"]
        );
        assert_eq!(
            terms("Übergabe Straße ёлка Rīga"),
            ["ubergabe", "strasse", "елка", "riga"]
        );
        assert_eq!(terms("配送"), ["配", "送"]);
    }

    #[test]
    fn stems_by_language() {
        let en = stemmer("en-GB");
        let de = stemmer("de");
        let ru = stemmer("ru");
        let sv = stemmer("sv");
        assert_eq!(stem(en.as_ref(), "payments"), stem(en.as_ref(), "payment"));
        assert_eq!(
            stem(de.as_ref(), "übergaben"),
            stem(de.as_ref(), "übergabe")
        );
        assert_eq!(
            stem(ru.as_ref(), "доставкой"),
            stem(ru.as_ref(), "доставка")
        );
        assert_eq!(stem(sv.as_ref(), "cyklarna"), stem(sv.as_ref(), "cyklar"));
        assert!(stemmer("bg").is_none() && stemmer("lv").is_none());
        assert_eq!(stem(None, "rīga"), "riga");
    }

    #[test]
    fn shard_keys() {
        assert_eq!(shard_key("checkout"), "ch");
        assert_eq!(shard_key("a1"), "a1");
        assert_eq!(shard_key("доставка"), "u434-43e");
        assert_eq!(shard_key("配"), "u914d");
    }
}
