//! The offline search index, built with the site. What is indexed is what a reader sees
//! (`html`: page text by section, each map's step names and lane texts once). Words are
//! folded and stemmed here (`words`), so the search script needs no stemmer: the index
//! keeps every folded word as written, each pointing to its stem's pages, and the script
//! matches what people type against those words (whole, by stem, by prefix, with a typo).
//!
//! Files, all scripts (not JSON fetched at run time) so search also works from `file://`:
//! `search/docs.js` the pages' titles and URLs; `search/KEY.js` one shard per first two
//! characters of a word (a query loads only the shards of its words), `search/keys.js`
//! the list of them; `search/page-N.js`
//! page N's sections, loaded for the pages shown, to find and highlight the passage.

mod html;
mod vocabulary;
mod words;

pub(crate) use html::Section;
use words::{fold, shard_key};

use crate::journey::Journey;
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// BM25's constants: how fast repeating a word stops adding, how much length counts.
const K1: f64 = 1.2;
const B: f64 = 0.75;

/// How much a word weighs where it stands: page titles most, then headings and step names.
const TITLE: u32 = 5;
const HEADING: u32 = 2;

/// One page as search sees it: its sections, and each word as written (folded) with its
/// stem and weight. Worked out when the page renders, so the preview rebuilds the index
/// after an edit without reading every page again.
#[derive(Debug, Clone, Default)]
pub(crate) struct Entry {
    /// Not kept by the build cache: a page it keeps keeps its passages file too.
    sections: Vec<Section>,
    /// (word and stem, weight): the pair as its number in [`vocabulary`], one per folded
    /// word and stem. A handbook keeps an entry per page until the index is written, and
    /// the words' text, once per page, was most of their memory.
    words: Vec<(u32, u32)>,
}

impl Entry {
    /// (folded word, folded stem, weight), one per word and stem.
    fn words(&self) -> Vec<(&'static str, &'static str, u32)> {
        vocabulary::pairs(&self.words)
    }
}

/// An entry as the build cache stores it: the words' text, since the numbers are this
/// process's own.
#[derive(serde::Deserialize)]
struct Stored {
    words: Vec<(String, String, u32)>,
}

impl serde::Serialize for Entry {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut s = serializer.serialize_struct("Entry", 1)?;
        s.serialize_field("words", &self.words())?;
        s.end()
    }
}

impl<'de> serde::Deserialize<'de> for Entry {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let Stored { words } = Stored::deserialize(deserializer)?;
        let numbers = vocabulary::numbers(words.iter().map(|(w, s, _)| (w.as_str(), s.as_str())));
        Ok(Entry {
            sections: Vec::new(),
            words: numbers.into_iter().zip(words.iter().map(|w| w.2)).collect(),
        })
    }
}

impl Entry {
    /// The passages file of the `n`th page, made now so that its sections, most of an
    /// entry's memory, are let go: the file is as [`index`] would write it.
    pub(crate) fn take_passages(&mut self, n: usize) -> (String, Vec<u8>) {
        let script = passages_script(n, self);
        self.sections = Vec::new();
        (passages_file(n), script)
    }

    /// The entry of a page titled `title` whose body is `html`, written in `lang`, with
    /// `journeys` drawn as its maps in order.
    pub(crate) fn from_html(
        title: &str,
        html: &str,
        lang: Option<&str>,
        journeys: &[&Journey],
    ) -> Entry {
        let sections = html::sections(html, lang, journeys);
        let mut seen = Seen::new();
        add(&mut seen, title, lang, TITLE);
        for s in &sections {
            add(&mut seen, &s.heading, s.lang.as_deref(), HEADING);
            add(&mut seen, &s.text, s.lang.as_deref(), 1);
        }
        let words = counted(seen);
        Entry {
            sections: cut(sections),
            words,
        }
    }
}

/// The words `seen`, folded and stemmed, each (word and stem, weight) with the pair as
/// its number in [`vocabulary`].
fn counted(seen: Seen) -> Vec<(u32, u32)> {
    let mut stemmers = HashMap::new();
    let mut counts: BTreeMap<(String, String), u32> = BTreeMap::new();
    for (lang, seen) in seen {
        let stemmer = stemmers
            .entry(lang)
            .or_insert_with(|| lang.and_then(words::stemmer));
        for (w, n) in seen {
            let key = (fold(&w), words::stem(stemmer.as_ref(), &w));
            *counts.entry(key).or_insert(0) += n;
        }
    }
    let numbers = vocabulary::numbers(counts.keys().map(|(w, s)| (w.as_str(), s.as_str())));
    numbers.into_iter().zip(counts.into_values()).collect()
}

/// Reads a page waymark makes itself into its entry as its HTML is written, a part at a
/// time: its text is never held whole (a register at 100,000 pages is 100 MB of text),
/// only its opening for the passage.
pub(crate) struct Reader<'a> {
    lang: Option<&'a str>,
    seen: Seen<'a>,
    text: html::PlainText,
    opening: String,
}

impl<'a> Reader<'a> {
    /// A reader of a page in `lang`.
    pub(crate) fn new(lang: &'a str) -> Reader<'a> {
        Reader {
            lang: Some(lang),
            seen: Seen::new(),
            text: html::PlainText::default(),
            opening: String::new(),
        }
    }

    /// Reads the next part of the page's body, whole HTML (see [`html::PlainText`]).
    pub(crate) fn read(&mut self, html: &str) {
        let Reader {
            lang,
            seen,
            text,
            opening,
        } = self;
        text.read(html, &mut |piece| Self::count(seen, opening, *lang, piece));
    }

    fn count(seen: &mut Seen<'a>, opening: &mut String, lang: Option<&'a str>, piece: &str) {
        add(seen, piece, lang, 1);
        // What `cut` keeps depends only on the first `PASSAGE_TEXT` bytes.
        if opening.len() <= PASSAGE_TEXT {
            opening.push_str(piece);
        }
    }

    /// The entry of the page read, titled `title`.
    pub(crate) fn finish(self, title: &str) -> Entry {
        let Reader {
            lang,
            mut seen,
            text,
            mut opening,
        } = self;
        text.finish(&mut |piece| Self::count(&mut seen, &mut opening, lang, piece));
        add(&mut seen, title, lang, TITLE);
        Entry {
            sections: cut(html::text_sections(opening, lang)),
            words: counted(seen),
        }
    }
}

/// Words of a page by language and lowercase word, with their weight.
type Seen<'a> = HashMap<Option<&'a str>, HashMap<String, u32>>;

/// Counts the words of `text` in `lang` into `seen`, each `weight` times. Each distinct
/// word is folded and stemmed once, later: stemming is the costly part.
fn add<'a>(seen: &mut Seen<'a>, text: &str, lang: Option<&'a str>, weight: u32) {
    let seen = seen.entry(lang).or_default();
    words::lower_words(text, |w| match seen.get_mut(w) {
        Some(n) => *n += weight,
        None => {
            seen.insert(w.to_string(), weight);
        }
    });
}

/// Something to find.
pub(crate) struct Doc<'a> {
    /// Title shown in results.
    pub title: &'a str,
    /// Page URL, relative to the root, not encoded (the index encodes it).
    pub url: &'a str,
    /// Its words.
    pub entry: &'a Entry,
    /// Its passages file is already written as it would be (the build cache kept the
    /// page and its place): it is not made again.
    pub written: bool,
}

/// The file of the passages of the `n`th page.
pub(crate) fn passages_file(n: usize) -> String {
    format!("search/page-{n}.js")
}

fn js_json<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_string(value)
        .unwrap_or_else(|_| "null".into())
        .replace("</", "<\\/")
}

/// Characters of a page's text kept for its passages: a query loads the text of each
/// page it shows, and a generated register of a large handbook runs to megabytes. Words
/// past this are still found (they are in the shards); the passage is then the opening.
const PASSAGE_TEXT: usize = 48 * 1024;

/// A page's sections as `[anchor, heading, text]`, their text cut to `PASSAGE_TEXT` in all.
fn passages(sections: &[Section]) -> Vec<[&str; 3]> {
    let mut left = PASSAGE_TEXT;
    let mut out = Vec::new();
    for s in sections {
        if left == 0 {
            break;
        }
        let mut text = s.text.as_str();
        if text.len() > left {
            // At a word, on a character boundary.
            let mut end = left;
            while !text.is_char_boundary(end) {
                end -= 1;
            }
            text = text[..end]
                .rsplit_once(' ')
                .map_or(&text[..end], |(t, _)| t);
        }
        left = left.saturating_sub(text.len().max(1));
        out.push([s.anchor.as_str(), s.heading.as_str(), text]);
    }
    out
}

/// `sections` cut to what their passages show: past that, a long page's text was only
/// needed for its words, and a register of a large handbook runs to tens of megabytes.
fn cut(mut sections: Vec<Section>) -> Vec<Section> {
    let kept: Vec<usize> = passages(&sections)
        .iter()
        .map(|[_, _, text]| text.len())
        .collect();
    sections.truncate(kept.len());
    for (s, len) in sections.iter_mut().zip(kept) {
        if len < s.text.len() {
            s.text.truncate(len);
            s.text.shrink_to_fit();
        }
    }
    sections
}

/// The passages file of `entry`, the `n`th page.
fn passages_script(n: usize, entry: &Entry) -> Vec<u8> {
    let sections = passages(&entry.sections);
    format!("waymarkSearch.page({n},{});\n", js_json(&sections)).into_bytes()
}

/// One shard: its words as written and the stems each points to (one, or several when
/// languages stem a word differently: `die` in English and German).
#[derive(Default)]
struct Shard<'a> {
    /// Hashed while the index is gathered (a handbook has hundreds of thousands of words
    /// and ordered maps compared long common prefixes); written out sorted.
    words: HashMap<&'a str, BTreeSet<&'a str>>,
}

/// The index files (see the module's note), each handed to `put` as soon as it is made:
/// the passages of a large handbook run to tens of megabytes, never all held at once.
pub(crate) fn index(docs: &[Doc], put: &mut dyn FnMut(String, Vec<u8>)) {
    // Every word as written with its stems, borrowed from the entries: a shard's key is
    // worked out once per word, not once per page it is on.
    let mut all: HashMap<&str, BTreeSet<&str>> = HashMap::new();
    // Page numbers as u32: a handbook has millions of (stem, page) pairs.
    let mut postings: HashMap<&str, Vec<(u32, u32)>> = HashMap::new();
    /// A page in `docs.js`: its title and URL.
    #[derive(serde::Serialize)]
    struct Listed<'a> {
        t: &'a str,
        u: String,
    }
    let mut listed = Vec::with_capacity(docs.len());
    // Each page's length (its words by weight), for BM25's term-frequency part: a word
    // counts less on a long page, so a register that lists everything does not come first.
    let lengths: Vec<u32> = docs
        .iter()
        .map(|d| d.entry.words.iter().map(|&(_, n)| n).sum())
        .collect();
    let average = f64::from(lengths.iter().sum::<u32>().max(1)) / docs.len().max(1) as f64;
    for (i, doc) in docs.iter().enumerate() {
        let mut weights: HashMap<&str, u32> = HashMap::new();
        for (word, stem, n) in doc.entry.words() {
            all.entry(word).or_default().insert(stem);
            *weights.entry(stem).or_insert(0) += n;
        }
        let norm = K1 * (1.0 - B + B * f64::from(lengths[i]) / average);
        for (stem, n) in weights {
            let tf = f64::from(n);
            let score = (100.0 * tf * (K1 + 1.0) / (tf + norm)).round().max(1.0) as u32;
            postings.entry(stem).or_default().push((i as u32, score));
        }
        let url = super::url::encode(doc.url);
        listed.push(Listed {
            t: doc.title,
            u: url,
        });
        if !doc.written {
            put(passages_file(i), passages_script(i, doc.entry));
        }
    }
    let mut shards: BTreeMap<String, Shard> = BTreeMap::new();
    for (word, stems) in all {
        shards
            .entry(shard_key(word))
            .or_default()
            .words
            .insert(word, stems);
    }
    put(
        "search/docs.js".to_string(),
        format!("waymarkSearch.docs({});\n", js_json(&listed)).into_bytes(),
    );
    // The shards there are, so the script asks for no file that does not exist.
    let keys: Vec<&String> = shards.keys().collect();
    put(
        "search/keys.js".to_string(),
        format!("waymarkSearch.keys({});\n", js_json(&keys)).into_bytes(),
    );
    // Each shard written on its own, in parallel, in key order, a batch at a time: all
    // of them are tens of megabytes at 100,000 pages.
    let shards: Vec<(String, Shard)> = shards.into_iter().collect();
    for batch in shards.chunks(16) {
        let written: Vec<(String, Vec<u8>)> = batch
            .par_iter()
            .map(|(key, shard)| shard_file(key, shard, &postings))
            .collect();
        for (path, bytes) in written {
            put(path, bytes);
        }
    }
}

/// A stem's pages, written as the gap from the page before and the score, page after
/// page, straight from its postings.
struct Gaps<'a>(&'a [(u32, u32)]);

impl serde::Serialize for Gaps<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeSeq;
        let mut seq = serializer.serialize_seq(Some(self.0.len() * 2))?;
        let mut last = 0;
        for &(page, score) in self.0 {
            seq.serialize_element(&(page - last))?;
            seq.serialize_element(&score)?;
            last = page;
        }
        seq.end()
    }
}

/// The file of the shard `key`: its words, its stems sorted, and each stem's pages from
/// `postings` as gaps between page numbers, each with its score (BM25's term-frequency
/// part ×100; the script multiplies in how rare the stem is).
fn shard_file(
    key: &str,
    shard: &Shard,
    postings: &HashMap<&str, Vec<(u32, u32)>>,
) -> (String, Vec<u8>) {
    let stems: Vec<&str> = shard
        .words
        .values()
        .flatten()
        .copied()
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let at: BTreeMap<&str, usize> = stems.iter().enumerate().map(|(i, s)| (*s, i)).collect();
    let pages: Vec<Gaps> = stems
        .iter()
        .map(|s| Gaps(postings.get(s).map(Vec::as_slice).unwrap_or_default()))
        .collect();
    /// A word's stem by its number, or a list of numbers for several.
    #[derive(serde::Serialize)]
    #[serde(untagged)]
    enum Stems {
        One(usize),
        Several(Vec<usize>),
    }
    /// Written as it is serialised, without a JSON value per number (a shard of a
    /// large handbook has hundreds of thousands of page numbers).
    #[derive(serde::Serialize)]
    struct Body<'a> {
        p: Vec<Gaps<'a>>,
        s: Vec<&'a str>,
        w: BTreeMap<&'a str, Stems>,
    }
    let words = shard
        .words
        .iter()
        .map(|(w, s)| {
            let n: Vec<usize> = s.iter().filter_map(|s| at.get(s).copied()).collect();
            let stems = match n.as_slice() {
                [one] => Stems::One(*one),
                _ => Stems::Several(n),
            };
            (*w, stems)
        })
        .collect();
    let body = Body {
        p: pages,
        s: stems,
        w: words,
    };
    (
        format!("search/{key}.js"),
        format!(
            "waymarkSearch.shard({},{});\n",
            js_json(&key),
            js_json(&body)
        )
        .into_bytes(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn index_files() {
        let entry = Entry::from_html(
            "A</script>",
            "<h1 id=\"a\">A</h1><p>Wallet payments</p>",
            Some("en"),
            &[],
        );
        let mut files = Vec::new();
        let docs = [Doc {
            written: false,
            title: "A</script>",
            url: "javascript:a.html",
            entry: &entry,
        }];
        index(&docs, &mut |path, bytes| files.push((path, bytes)));
        let file = |name: &str| {
            files
                .iter()
                .find(|(p, _)| p == name)
                .map(|(_, b)| String::from_utf8_lossy(b).to_string())
                .unwrap_or_default()
        };
        let docs = file("search/docs.js");
        assert!(!docs.contains("</script>"));
        assert!(docs.contains("\"u\":\"javascript%3Aa.html\""), "{docs}");
        let pa = file("search/pa.js");
        assert!(
            pa.contains("\"payments\":0") && pa.contains("\"payment\""),
            "{pa}"
        );
        assert!(file("search/page-0.js").contains("[\"a\",\"A\",\"Wallet payments\"]"));
        let long = Section {
            text: "wörd ".repeat(PASSAGE_TEXT),
            ..Section::default()
        };
        let cut = passages(std::slice::from_ref(&long));
        assert!(cut[0][2].len() <= PASSAGE_TEXT && cut[0][2].ends_with("wörd"));
    }
}
