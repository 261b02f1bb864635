//! Search against a built handbook's index: a query set with the expected top result for
//! each (inflected forms in English, German, Russian and Swedish, diacritics, typos,
//! phrases, Cyrillic prefixes, map steps). `Index` reads the files `waymark build` writes
//! and answers a query by the rules of the search script (`templates/static/waymark.js`):
//! a query word matches the index's words whole, through a stem it extends, by prefix or
//! with a typo; every word must match; phrases must stand together in one section.

use crate::common::waymark;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};

fn write(dir: &Path, rel: &str, text: &str) {
    let p = dir.join(rel);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, text).unwrap();
}

/// Folded as the index and the script fold: lowercase, no diacritics, `ß` as `ss`.
fn fold(w: &str) -> String {
    use unicode_normalization::char::is_combining_mark;
    use unicode_normalization::UnicodeNormalization;
    w.to_lowercase()
        .nfd()
        .filter(|c| !is_combining_mark(*c))
        .collect::<String>()
        .replace('ß', "ss")
}

fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .map(fold)
        .filter(|w| w.chars().count() > 1)
        .collect()
}

fn key(term: &str) -> String {
    let head: Vec<char> = term.chars().take(2).collect();
    if head.iter().all(|c| c.is_ascii_alphanumeric()) {
        return head.iter().collect();
    }
    let hex: Vec<String> = head.iter().map(|c| format!("{:x}", *c as u32)).collect();
    format!("u{}", hex.join("-"))
}

/// The JSON argument of `waymarkSearch.NAME(…);` in a script of the index.
fn payload(path: &Path) -> Option<Value> {
    let text = std::fs::read_to_string(path).ok()?;
    let json = text.split_once(',').map(|(_, j)| j).unwrap_or(&text);
    let json = if text.starts_with("waymarkSearch.docs(") {
        text.strip_prefix("waymarkSearch.docs(")?
    } else {
        json
    };
    serde_json::from_str(json.trim_end().strip_suffix(");")?).ok()
}

/// Edit distance with neighbours swapped counting one.
fn distance(a: &[char], b: &[char]) -> usize {
    let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in d[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            d[i][j] = (d[i - 1][j] + 1)
                .min(d[i][j - 1] + 1)
                .min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d[i][j] = d[i][j].min(d[i - 2][j - 2] + 1);
            }
        }
    }
    d[a.len()][b.len()]
}

struct Index {
    dir: PathBuf,
    docs: Vec<Value>,
}

/// A result: the page's URL with the fragment of its best passage, and the words marked.
#[derive(Debug)]
struct Hit {
    href: String,
    marked: Vec<String>,
}

impl Index {
    fn open(site: &Path) -> Index {
        let dir = site.join("search");
        let docs = payload(&dir.join("docs.js")).expect("docs.js");
        Index {
            dir,
            docs: docs.as_array().cloned().unwrap_or_default(),
        }
    }

    fn shard(&self, key: &str) -> Value {
        payload(&self.dir.join(format!("{key}.js")))
            .unwrap_or_else(|| serde_json::json!({"w": {}, "s": [], "p": []}))
    }

    /// The stems a query word matches, with how well, and the index's words it stands for.
    fn expand(&self, t: &str, last: bool) -> (Value, BTreeMap<usize, f64>, BTreeSet<String>) {
        let shard = self.shard(&key(t));
        let stems_of = |v: &Value| -> Vec<usize> {
            match v {
                Value::Array(a) => a
                    .iter()
                    .filter_map(Value::as_u64)
                    .map(|n| n as usize)
                    .collect(),
                v => v.as_u64().map(|n| n as usize).into_iter().collect(),
            }
        };
        let words = shard["w"].as_object().cloned().unwrap_or_default();
        let all_stems: Vec<String> = shard["s"]
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|s| s.as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default();
        let mut stems: BTreeMap<usize, f64> = BTreeMap::new();
        let take = |stems: &mut BTreeMap<usize, f64>, v: &Value, q: f64| {
            for s in stems_of(v) {
                let e = stems.entry(s).or_insert(q);
                *e = e.max(q);
            }
        };
        let tl = t.encode_utf16().count();
        if let Some(v) = words.get(t) {
            take(&mut stems, v, 1.0);
        } else {
            let fits = |s: &str| {
                let sl = s.encode_utf16().count();
                sl >= 4 && tl <= sl + 5 && sl * 2 >= tl && t.starts_with(s)
            };
            let longest = all_stems.iter().filter(|s| fits(s)).map(|s| s.len()).max();
            for (i, s) in all_stems.iter().enumerate() {
                if Some(s.len()) == longest && fits(s) {
                    stems.insert(i, 0.8);
                }
            }
        }
        let exact = !stems.is_empty();
        let chars: Vec<char> = t.chars().collect();
        let max = match chars.len() {
            n if n >= 9 => 2,
            n if n >= 5 => 1,
            _ => 0,
        };
        for (w, v) in &words {
            if w != t && w.starts_with(t) && (chars.len() >= 3 || last) {
                take(&mut stems, v, 0.7);
            } else if !exact && max > 0 && w != t {
                let wc: Vec<char> = w.chars().collect();
                if distance(&chars, &wc) <= max {
                    take(&mut stems, v, if max == 1 { 0.5 } else { 0.4 });
                }
            }
        }
        let marked = words
            .iter()
            .filter(|(_, v)| stems_of(v).iter().any(|s| stems.contains_key(s)))
            .map(|(w, _)| w.clone())
            .collect();
        (shard, stems, marked)
    }

    /// The pages found for `query`, best first.
    fn search(&self, query: &str) -> Vec<Hit> {
        let mut terms: Vec<String> = Vec::new();
        let mut phrases: Vec<Vec<String>> = Vec::new();
        for (i, part) in query.split('"').enumerate() {
            let ws = words(part);
            if i % 2 == 1 && ws.len() > 1 {
                phrases.push(ws.clone());
            }
            for w in ws {
                if !terms.contains(&w) {
                    terms.push(w);
                }
            }
        }
        let mut scores: Option<HashMap<usize, f64>> = None;
        let mut sets = Vec::new();
        for (k, t) in terms.iter().enumerate() {
            let (shard, stems, marked) = self.expand(t, k + 1 == terms.len());
            sets.push(marked);
            let mut hit: HashMap<usize, f64> = HashMap::new();
            for (s, q) in stems {
                let p: Vec<u64> = shard["p"][s]
                    .as_array()
                    .map(|a| a.iter().filter_map(Value::as_u64).collect())
                    .unwrap_or_default();
                let df = (p.len() / 2) as f64;
                let idf = (1.0 + (self.docs.len() as f64 - df + 0.5) / (df + 0.5)).ln();
                let mut d = 0;
                for pair in p.chunks(2) {
                    d += pair[0] as usize;
                    let score = q * pair[1] as f64 / 100.0 * idf;
                    let e = hit.entry(d).or_insert(0.0);
                    *e = e.max(score);
                }
            }
            scores = Some(match scores {
                None => hit,
                Some(s) => s
                    .into_iter()
                    .filter_map(|(d, v)| hit.get(&d).map(|h| (d, v + h)))
                    .collect(),
            });
        }
        let mut ranked: Vec<(usize, f64)> = scores.unwrap_or_default().into_iter().collect();
        ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        let mut out = Vec::new();
        for (d, _) in ranked.into_iter().take(40) {
            let sections = payload(&self.dir.join(format!("page-{d}.js"))).unwrap_or_default();
            // The best section: most query words, then most hits; phrases must stand in it.
            let mut best: Option<(usize, usize, String, Vec<String>)> = None;
            for s in sections.as_array().cloned().unwrap_or_default() {
                let text = format!(
                    "{} {}",
                    s[1].as_str().unwrap_or(""),
                    s[2].as_str().unwrap_or("")
                );
                let toks = words(&text);
                let mut which = BTreeSet::new();
                let mut marked = Vec::new();
                for tok in &toks {
                    for (k, set) in sets.iter().enumerate() {
                        if set.contains(tok) {
                            which.insert(k);
                            marked.push(tok.clone());
                        }
                    }
                }
                let phrased = phrases.iter().all(|p| {
                    let ks: Vec<usize> = p
                        .iter()
                        .filter_map(|w| terms.iter().position(|t| t == w))
                        .collect();
                    toks.windows(ks.len())
                        .any(|win| ks.iter().zip(win).all(|(k, tok)| sets[*k].contains(tok)))
                });
                if which.is_empty() || !phrased {
                    continue;
                }
                let better = best
                    .as_ref()
                    .is_none_or(|b| (which.len(), marked.len()) > (b.0, b.1));
                if better {
                    best = Some((
                        which.len(),
                        marked.len(),
                        s[0].as_str().unwrap_or("").to_string(),
                        marked,
                    ));
                }
            }
            let Some((_, _, anchor, marked)) = best else {
                if phrases.is_empty() {
                    out.push(Hit {
                        href: self.docs[d]["u"].as_str().unwrap_or("").to_string(),
                        marked: Vec::new(),
                    });
                }
                continue;
            };
            let url = self.docs[d]["u"].as_str().unwrap_or("").to_string();
            let href = if anchor.is_empty() {
                url
            } else {
                format!("{url}#{anchor}")
            };
            out.push(Hit { href, marked });
        }
        out
    }
}

/// A handbook in six languages, built; its index opened.
fn handbook() -> (tempfile::TempDir, Index) {
    let tmp = tempfile::tempdir().unwrap();
    let src = tmp.path().join("src");
    write(
        &src,
        "waymark.toml",
        "title = \"Search\"\nlanguage = \"en\"\n",
    );
    write(
        &src,
        "index.md",
        "# Welcome\n\nThis handbook collects what riders tell us.\n\n## Returns\n\nRiders returned their bikes after the first week.\n\n## Warranty\n\nThe warranty covers the frame for ten years.\n",
    );
    write(
        &src,
        "late.md",
        "# Courier\n\n## Late delivery\n\nA late delivery costs us a customer.\n\n## Other\n\nThe delivery of parts was never late before.\n",
    );
    write(
        &src,
        "loose.md",
        "# Loose words\n\nOur delivery team is proud; nothing ran late this spring.\n",
    );
    // Raw HTML with a stray `=` before a character of two bytes: read past, not a panic.
    write(
        &src,
        "odd.md",
        "# Odd\n\n<div =\"x\"é class=\"note\">A trampoline inside</div>\n",
    );
    write(
        &src,
        "plans.md",
        "# Plans\n\n## Subscription\n\nA monthly subscription includes service.\n",
    );
    write(
        &src,
        "de/laden.md",
        "---\nlang: de\n---\n# Laden\n\nDie Übergabe des Rades dauert zu lange.\n\n```journey\ntitle Kauf im Laden\nlang de\nsection Vorbereitung\n  Sucht einen Händler: 3: Jonas\n  Macht eine Probefahrt: 5: Jonas\n    thought: Überraschend leicht\n```\n",
    );
    write(
        &src,
        "ru/dostavka.md",
        "---\nlang: ru\n---\n# Доставка\n\nОльга ждёт доставку велосипеда.\n",
    );
    write(
        &src,
        "sv/cyklar.md",
        "---\nlang: sv\n---\n# Cyklar\n\nCyklarna levererades i tid.\n",
    );
    write(
        &src,
        "bg/dostavka.md",
        "---\nlang: bg\n---\n# Поръчка\n\nДоставката отне два дни.\n",
    );
    write(
        &src,
        "lv/riga.md",
        "---\nlang: lv\n---\n# Rīga\n\nPiegāde Rīgā notiek pirmdienās.\n",
    );
    let out = tmp.path().join("out");
    let o = waymark(&[
        "build",
        src.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let index = Index::open(&out);
    (tmp, index)
}

/// The query set: each query and where its first result must lead.
const EXPECTED: &[(&str, &str)] = &[
    // Inflected forms the pages do not use, found through their stems.
    ("returning", "index.html#returns"),
    ("warranties", "index.html#warranty"),
    ("Übergaben", "de/laden.html#laden"),
    ("доставка", "ru/dostavka.html#доставка"),
    ("cyklar", "sv/cyklar.html#cyklar"),
    // Diacritics and case folded both ways.
    ("ubergabe", "de/laden.html#laden"),
    ("RIGA", "lv/riga.html#rīga"),
    ("ждет", "ru/dostavka.html#доставка"),
    // Typos: one in a word of five letters or more, two in a long one.
    ("waranty", "index.html#warranty"),
    ("subscirpton", "plans.html#subscription"),
    // Prefixes where there is no stemmer: Bulgarian and Latvian.
    ("поръч", "bg/dostavka.html#поръчка"),
    ("доставката", "bg/dostavka.html#поръчка"),
    ("piegād", "lv/riga.html#rīga"),
    // A map's step, by its thought.
    ("uberraschend", "de/laden.html#map-1-step-2"),
    // Text inside raw HTML whose attributes are odd.
    ("trampoline", "odd.html#odd"),
    // A phrase, and the section it stands in.
    ("\"late delivery\"", "late.html#late-delivery"),
];

#[test]
fn queries_find_their_expected_top_result() {
    let (_tmp, index) = handbook();
    let mut wrong = Vec::new();
    for (query, expected) in EXPECTED {
        let hits = index.search(query);
        let top = hits.first().map(|h| h.href.clone()).unwrap_or_default();
        if top != *expected {
            wrong.push(format!(
                "{query}: got `{top}` ({hits:?}), expected `{expected}`"
            ));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn phrases_need_their_words_together_and_short_typos_find_nothing() {
    let (_tmp, index) = handbook();
    let loose: Vec<String> = index
        .search("late delivery")
        .into_iter()
        .map(|h| h.href)
        .collect();
    assert!(
        loose.iter().any(|h| h.starts_with("loose.html")),
        "{loose:?}"
    );
    let phrase: Vec<String> = index
        .search("\"late delivery\"")
        .into_iter()
        .map(|h| h.href)
        .collect();
    assert!(
        !phrase.iter().any(|h| h.starts_with("loose.html")),
        "{phrase:?}"
    );
    assert!(
        phrase.iter().any(|h| h.starts_with("late.html")),
        "{phrase:?}"
    );
    // Words under five letters must be typed right; source keywords are not page text.
    assert!(index.search("laet").is_empty());
    assert!(index.search("section").is_empty());
    // What a result marks are the words that matched, in the forms the page uses.
    let hit = &index.search("returning")[0];
    assert_eq!(hit.marked, ["returns", "returned"], "{hit:?}");
}

/// How often `word` stands in the text mdBook's search index keeps of the book.
fn copies_in_mdbook_index(book: &Path, word: &str) -> usize {
    let index = std::fs::read_dir(book.join("book"))
        .unwrap()
        .flatten()
        .find(|e| {
            let n = e.file_name().to_string_lossy().to_string();
            n.starts_with("searchindex") && n.ends_with(".js")
        })
        .expect("mdBook writes its search index");
    std::fs::read_to_string(index.path())
        .unwrap()
        .matches(word)
        .count()
}

#[test]
fn mdbook_indexes_each_map_once_and_keeps_the_table_readable() {
    let tmp = tempfile::tempdir().unwrap();
    let b = tmp.path();
    let bin = env!("CARGO_BIN_EXE_waymark");
    write(
        b,
        "book.toml",
        &format!(
            "[book]\ntitle = \"Test\"\n\n[preprocessor.journey]\ncommand = \"{bin} mdbook\"\n"
        ),
    );
    write(b, "src/SUMMARY.md", "# Summary\n\n- [Map](map.md)\n");
    write(
        b,
        "src/map.md",
        "# Map\n\n```journey\ntitle Quokkashop\nsection Pay\n  Taps Zebrapay: 2: Maya\n    pain: Wombatfee surprises {severity: high}\n```\n\nText after.\n",
    );
    let o = crate::common::mdbook()
        .arg("build")
        .current_dir(b)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    for word in ["Zebrapay", "Wombatfee"] {
        assert_eq!(
            copies_in_mdbook_index(b, word),
            1,
            "{word} once in the index"
        );
    }
    // The title and description are the picture's label; the table keeps every cell.
    let html = std::fs::read_to_string(b.join("book/map.html")).unwrap();
    assert!(
        html.contains("aria-label=\"Quokkashop\" aria-description=\""),
        "{html}"
    );
    assert!(
        html.contains("<th scope=\"col\" data-wm-text=\"Taps Zebrapay\"></th>"),
        "{html}"
    );
    assert!(
        html.contains("data-wm-text=\"Wombatfee surprises (Severity: high)\""),
        "{html}"
    );
    assert!(html.contains("[data-wm-text]::before{content:attr(data-wm-text)"));
}
