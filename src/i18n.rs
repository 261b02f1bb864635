//! Interface text in the handbook's language: page labels for templates and lane names
//! for maps, read from `locales/*.toml` (English fills any gap).

use std::collections::BTreeMap;
use std::sync::OnceLock;

/// Languages waymark ships interface text for.
pub(crate) const LANGUAGES: &[&str] = &["en", "de", "bg", "lv", "ru", "sv"];

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

const FILES: [(&str, &str); 6] = [
    ("en", include_str!("../locales/en.toml")),
    ("de", include_str!("../locales/de.toml")),
    ("bg", include_str!("../locales/bg.toml")),
    ("lv", include_str!("../locales/lv.toml")),
    ("ru", include_str!("../locales/ru.toml")),
    ("sv", include_str!("../locales/sv.toml")),
];

#[derive(Debug, Default, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    #[serde(default)]
    site: BTreeMap<String, String>,
    #[serde(default)]
    map: BTreeMap<String, String>,
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

/// The words of `lang` as its file gives them, read once per run and only when asked
/// for: a command that draws one map reads its language and English, no other.
fn file(lang: &str) -> &'static File {
    static READ: [OnceLock<File>; FILES.len()] = [const { OnceLock::new() }; FILES.len()];
    static NONE: File = File {
        site: BTreeMap::new(),
        map: BTreeMap::new(),
    };
    match FILES.iter().position(|(l, _)| *l == lang) {
        Some(at) => READ[at].get_or_init(|| toml::from_str(FILES[at].1).unwrap_or_default()),
        None => &NONE,
    }
}

impl Locale {
    /// The words for `lang` (its primary subtag), English where a word is missing.
    pub(crate) fn load(lang: &str) -> Locale {
        let primary = lang
            .split(['-', '_'])
            .next()
            .unwrap_or("en")
            .to_ascii_lowercase();
        let en = file("en");
        let mut site = en.site.clone();
        let mut map = en.map.clone();
        if primary != "en" {
            let own = file(&primary);
            site.extend(own.site.iter().map(|(k, v)| (k.clone(), v.clone())));
            map.extend(own.map.iter().map(|(k, v)| (k.clone(), v.clone())));
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

    #[test]
    fn every_locale_has_every_key() {
        let en = file("en");
        assert!(en.site.len() > 20 && en.map.len() > 30);
        for (lang, text) in FILES {
            let f: File = toml::from_str(text).unwrap_or_else(|e| panic!("{lang}: {e}"));
            for key in en.site.keys() {
                assert!(f.site.contains_key(key), "{lang} lacks site.{key}");
            }
            for key in en.map.keys() {
                assert!(f.map.contains_key(key), "{lang} lacks map.{key}");
            }
        }
        for (key, _) in crate::render::Labels::english() {
            assert!(en.map.contains_key(*key), "en lacks map.{key}");
        }
    }
}
