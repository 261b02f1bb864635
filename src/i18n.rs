//! Interface text in the handbook's language: page labels for templates and lane names
//! for maps, read from `locales/*.toml` (English fills any gap).

use std::collections::BTreeMap;
use std::sync::OnceLock;

/// The map viewer's words in every language waymark speaks, as a script setting
/// `window.waymarkViewerWords` (`{"de": {"fit": …}}`), for pages the handbook's template
/// does not write: an mdBook, the output of `waymark render --viewer`. The viewer picks
/// the page's language (`<html lang>`).
pub(crate) fn viewer_words_script() -> String {
    let mut all = serde_json::Map::new();
    for lang in LANGUAGES {
        let locale = Locale::load(lang);
        let words: serde_json::Map<String, serde_json::Value> = locale
            .site
            .iter()
            .filter_map(|(k, v)| {
                let key = k.strip_prefix("viewer_")?;
                // `zoom_in` is `zoomIn` in the script.
                let mut camel = String::new();
                let mut upper = false;
                for c in key.chars() {
                    match c {
                        '_' => upper = true,
                        c if upper => {
                            camel.extend(c.to_uppercase());
                            upper = false;
                        }
                        c => camel.push(c),
                    }
                }
                Some((camel, serde_json::Value::String(v.clone())))
            })
            .collect();
        all.insert((*lang).to_string(), serde_json::Value::Object(words));
    }
    let json = serde_json::to_string(&all).unwrap_or_else(|_| "{}".to_string());
    // Our own words, but kept from ever closing the script element.
    format!(
        "window.waymarkViewerWords = {};\n",
        json.replace("</", "<\\/")
    )
}

/// The language of `lang` (a BCP 47 tag: `de-AT` is `de`) that waymark has words in.
pub(crate) fn speaks(lang: &str) -> Option<&'static str> {
    let primary = lang.split(['-', '_']).next().unwrap_or("");
    LANGUAGES
        .iter()
        .copied()
        .find(|l| l.eq_ignore_ascii_case(primary))
}

/// One language's words as its `locales/*.toml` gives them: (language, `[site]`,
/// `[map]`), each sorted by key. Read at build time (`build.rs`): parsing the TOML at every
/// start took two fifths of drawing one small map.
type Words = (
    &'static str,
    &'static [(&'static str, &'static str)],
    &'static [(&'static str, &'static str)],
);

// `LANGUAGES` and `WORDS`.
include!(concat!(env!("OUT_DIR"), "/locales.rs"));

/// `words` as owned pairs, for a locale's maps.
fn owned<'a>(words: &'a [(&str, &str)]) -> impl Iterator<Item = (String, String)> + 'a {
    words
        .iter()
        .map(|(k, v)| ((*k).to_string(), (*v).to_string()))
}

/// The words of `lang` as its file gives them (none for a language waymark lacks).
fn file(lang: &str) -> Words {
    WORDS
        .iter()
        .find(|(l, _, _)| *l == lang)
        .copied()
        .unwrap_or(("", &[], &[]))
}

/// Interface words of one language.
#[derive(Debug, Clone, Default)]
pub(crate) struct Locale {
    /// The language tag.
    pub lang: String,
    /// Page labels by key.
    pub site: BTreeMap<String, String>,
    /// Map words by key (see `render::labels`).
    pub map: BTreeMap<String, String>,
}

impl Locale {
    /// The words for `lang` (its primary subtag), English where a word is missing.
    pub(crate) fn load(lang: &str) -> Locale {
        let primary = lang
            .split(['-', '_'])
            .next()
            .unwrap_or("en")
            .to_ascii_lowercase();
        let (_, en_site, en_map) = file("en");
        let mut site: BTreeMap<String, String> = owned(en_site).collect();
        let mut map: BTreeMap<String, String> = owned(en_map).collect();
        if primary != "en" {
            let (_, own_site, own_map) = file(&primary);
            site.extend(owned(own_site));
            map.extend(owned(own_map));
        }
        Locale {
            lang: if LANGUAGES.contains(&primary.as_str()) {
                primary
            } else {
                "en".into()
            },
            site,
            map,
        }
    }

    /// The words of `lang` (by its primary subtag; English where waymark does not speak
    /// it), read once per run.
    pub(crate) fn of(lang: &str) -> &'static Locale {
        static ALL: [OnceLock<Locale>; LANGUAGES.len()] =
            [const { OnceLock::new() }; LANGUAGES.len()];
        let at = speaks(lang)
            .and_then(|l| LANGUAGES.iter().position(|x| *x == l))
            .unwrap_or(0);
        ALL[at].get_or_init(|| Locale::load(LANGUAGES[at]))
    }

    /// A page label.
    pub(crate) fn t<'a>(&'a self, key: &'a str) -> &'a str {
        self.site.get(key).map_or(key, String::as_str)
    }

    /// The map words as render labels.
    pub(crate) fn labels(&self) -> crate::render::Labels {
        crate::render::Labels::from_map(self.map.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    type Table = BTreeMap<String, BTreeMap<String, String>>;

    #[test]
    fn every_locale_has_every_key() {
        let (_, en_site, en_map) = file("en");
        assert!(en_site.len() > 20 && en_map.len() > 30);
        let has = |words: &[(&str, &str)], key: &str| words.iter().any(|(k, _)| *k == key);
        for (lang, site, map) in WORDS {
            for (key, _) in en_site {
                assert!(has(site, key), "{lang} lacks site.{key}");
            }
            for (key, _) in en_map {
                assert!(has(map, key), "{lang} lacks map.{key}");
            }
        }
        for (key, _) in crate::render::Labels::english() {
            assert!(has(en_map, key), "en lacks map.{key}");
        }
    }

    #[test]
    fn the_built_tables_are_the_files() {
        assert_eq!(LANGUAGES.len(), WORDS.len());
        for ((lang, site, map), listed) in WORDS.iter().zip(LANGUAGES) {
            assert_eq!(lang, listed);
            let path = format!("{}/locales/{lang}.toml", env!("CARGO_MANIFEST_DIR"));
            let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
            let file: Table = toml::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"));
            let table = |words| owned(words).collect::<BTreeMap<_, _>>();
            assert_eq!(file.get("site"), Some(&table(site)), "{lang} [site]");
            assert_eq!(file.get("map"), Some(&table(map)), "{lang} [map]");
        }
    }
}
