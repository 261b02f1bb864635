//! How a journey is drawn — layout, theme, interface language, persona and ids — decided
//! in one place for every way in: `svg`, `render`, `mdbook`, the handbook and its preview.
//!
//! One order of precedence everywhere: command-line flags, then the fence's attributes,
//! then keywords in the block (the parser already lets the fence win), then the site's or
//! book's configuration, then the defaults. An unknown theme or an interface language
//! waymark has no words for gives the same located diagnostic from every entry point.

use crate::diagnostics::Diagnostic;
use crate::error::Error;
use crate::i18n::{Locale, LANGUAGES};
use crate::journey::keywords::did_you_mean;
use crate::journey::{Journey, Layout, Persona, Span};
use crate::render::{Labels, RenderOptions, Theme};
use crate::settings::or_list;
use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

/// Choices made outside a journey: by command-line flags (which win over the journey's
/// own) or by configuration (which the journey's own choices win over).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Choices {
    /// A layout.
    pub layout: Option<Layout>,
    /// A theme's name.
    pub theme: Option<String>,
    /// An interface language (`de`, `sv`).
    pub lang: Option<String>,
}

/// How one journey is drawn.
#[derive(Debug, Clone)]
pub(crate) struct Drawing<'a> {
    /// The picture.
    pub(crate) layout: Layout,
    /// Its colours.
    pub(crate) theme: &'a Theme,
    /// The interface language of the words the author did not write.
    pub(crate) lang: String,
    /// Those words.
    pub(crate) labels: Arc<Labels>,
    /// The persona's definition, when the journey names a defined one.
    pub(crate) persona: Option<&'a Persona>,
}

impl<'a> Drawing<'a> {
    /// The options the renderer takes, with the map's `id`.
    pub(crate) fn options(&'a self, id: &'a str) -> RenderOptions<'a> {
        RenderOptions {
            layout: self.layout,
            theme: self.theme,
            id,
            persona: self.persona,
            labels: &self.labels,
            comparison: None,
        }
    }
}

/// Decides how journeys are drawn, for one run of one entry point.
#[derive(Debug)]
pub struct Resolver {
    flags: Choices,
    config: Choices,
    /// The user's themes, which replace built-in ones of the same name.
    themes: Vec<Theme>,
    personas: Vec<Persona>,
    labels: Mutex<BTreeMap<String, Arc<Labels>>>,
    /// Drawn with when no theme is found by name (a user theme may replace the default).
    fallback: Theme,
}

/// The default theme's name.
pub(crate) const DEFAULT_THEME: &str = "light";

impl Resolver {
    /// A resolver with the built-in themes plus `user_themes` (which replace built-ins of
    /// the same name) and the personas defined wherever the entry point looks.
    pub(crate) fn new(
        flags: Choices,
        config: Choices,
        user_themes: Vec<Theme>,
        personas: Vec<Persona>,
    ) -> Resolver {
        Resolver {
            flags,
            config,
            themes: user_themes,
            personas,
            labels: Mutex::new(BTreeMap::new()),
            fallback: Theme::default(),
        }
    }

    /// The theme called `name`: the user's, else a built-in one.
    pub(crate) fn theme(&self, name: &str) -> Option<&Theme> {
        self.themes
            .iter()
            .find(|t| t.name == name)
            .or_else(|| Theme::builtin_ref(name))
    }

    /// Every persona it knows, first definition first.
    pub(crate) fn personas(&self) -> &[Persona] {
        &self.personas
    }

    /// The persona called `name` (any case).
    pub(crate) fn persona(&self, name: &str) -> Option<&Persona> {
        self.personas
            .iter()
            .find(|p| p.name.eq_ignore_ascii_case(name))
    }

    /// The problem with a theme name given outside any journey (a flag or the
    /// configuration), if it names no theme; `span` is where it was written, if anywhere.
    pub(crate) fn check_theme(&self, name: &str, span: Span) -> Option<Diagnostic> {
        self.theme(name)
            .is_none()
            .then(|| self.unknown_theme(name, span))
    }

    /// The problem with an interface language given outside any journey, if waymark has
    /// no words in it.
    pub fn check_lang(lang: &str, span: Span) -> Option<Diagnostic> {
        (!has_words(lang)).then(|| unknown_lang(lang, span))
    }

    /// The theme chosen by a flag, checked once per run before anything is drawn: one that
    /// names no theme is a usage error, in the words [`Resolver::check_theme`] uses. (An
    /// interface language without words only draws English: see [`Resolver::check_lang`].)
    pub(crate) fn check_flags(&self) -> Result<(), Error> {
        match self.flags.theme.as_deref() {
            Some(name) => self
                .check_theme(name, Span::default())
                .map_or(Ok(()), |d| Err(Error::usage(d))),
            None => Ok(()),
        }
    }

    fn unknown_theme(&self, name: &str, span: Span) -> Diagnostic {
        let mut names: Vec<&str> = Theme::builtin_names().to_vec();
        names.extend(
            self.themes
                .iter()
                .map(|t| t.name.as_str())
                .filter(|n| !Theme::builtin_names().contains(n)),
        );
        let d = Diagnostic::error(span, format!("unknown theme `{name}`"));
        match did_you_mean(name, &names) {
            Some(s) => d.with_help(format!(
                "did you mean `{s}`? Themes here: {}; add your own as themes/NAME.toml",
                names.join(", ")
            )),
            None => d.with_help(format!(
                "themes here: {}; add your own as themes/NAME.toml",
                names.join(", ")
            )),
        }
    }

    fn labels(&self, lang: &str) -> Arc<Labels> {
        let mut cache = match self.labels.lock() {
            Ok(m) => m,
            Err(p) => p.into_inner(),
        };
        cache
            .entry(lang.to_string())
            .or_insert_with(|| Arc::new(Locale::of(lang).labels()))
            .clone()
    }

    /// How `journey` is drawn. Problems with the journey's own choices are pushed to
    /// `problems`, at the place the journey wrote them; choices of the flags and the
    /// configuration are checked once by the caller ([`Resolver::check_theme`]), so a bad
    /// one falls back to the default here without a report per journey.
    pub(crate) fn resolve(&self, journey: &Journey, problems: &mut Vec<Diagnostic>) -> Drawing<'_> {
        let layout = self
            .flags
            .layout
            .or(journey.layout)
            .or(self.config.layout)
            .unwrap_or(Layout::Map);

        let fallback = || self.theme(DEFAULT_THEME).unwrap_or(&self.fallback);
        let by_name = |name: Option<&str>| name.and_then(|n| self.theme(n));
        let theme = match (&self.flags.theme, &journey.theme) {
            (Some(flag), _) => by_name(Some(flag)),
            (None, Some(own)) => match self.theme(own) {
                Some(t) => Some(t),
                None => {
                    let span = journey.header_spans.theme.unwrap_or(journey.span);
                    problems.push(self.unknown_theme(own, span));
                    None
                }
            },
            (None, None) => by_name(self.config.theme.as_deref()),
        }
        .unwrap_or_else(fallback);

        let lang = match (&self.flags.lang, &journey.lang) {
            (Some(flag), _) => flag.clone(),
            (None, Some(own)) => {
                if !has_words(own) {
                    let span = journey.header_spans.lang.unwrap_or(journey.span);
                    problems.push(unknown_lang(own, span));
                }
                own.clone()
            }
            (None, None) => self.config.lang.clone().unwrap_or_else(|| "en".into()),
        };
        let labels = self.labels(&lang);
        let persona = journey.persona.as_deref().and_then(|p| self.persona(p));
        Drawing {
            layout,
            theme,
            lang,
            labels,
            persona,
        }
    }
}

/// Whether waymark has interface words in `lang` (by its primary subtag: `de-AT` is `de`).
fn has_words(lang: &str) -> bool {
    crate::i18n::speaks(lang).is_some()
}

fn unknown_lang(lang: &str, span: Span) -> Diagnostic {
    let primary = lang.split(['-', '_']).next().unwrap_or(lang).to_lowercase();
    let help = match did_you_mean(&primary, LANGUAGES) {
        Some(s) => format!(
            "did you mean `{s}`? waymark has words in {}",
            or_list(LANGUAGES)
        ),
        None => format!("waymark has words in {}", or_list(LANGUAGES)),
    };
    Diagnostic::warning(
        span,
        format!(
            "waymark has no interface words in `{lang}`; lane names and legends stay in English"
        ),
    )
    .with_help(help)
}

/// An id prefix for the maps of one document, derived from its text so that two
/// documents shown on one page (pandoc joining files, an index listing posts) never
/// share ids, while the same document always gets the same ones.
pub(crate) fn document_id_prefix(text: &str) -> String {
    // FNV-1a: stable across platforms and releases, unlike the standard hasher.
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in text.as_bytes() {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    format!("wm-{:08x}", h >> 32)
}

/// The id of the `n`th map (from 1) under `prefix`, kept to characters ids and CSS
/// selectors take without escaping.
pub(crate) fn map_id(prefix: &str, n: usize) -> String {
    crate::render::clean_id(&format!("{prefix}-{n}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::journey::{parse_source, source::FenceOptions, SourceKind};

    fn journey(src: &str) -> Journey {
        parse_source(src, SourceKind::Journey, FenceOptions::default())
            .journeys
            .remove(0)
    }

    #[test]
    fn flags_then_journey_then_config_then_defaults() {
        let j = journey("layout timeline\ntheme dark\nsection S\n  A: 3\n");
        let plain = journey("section S\n  A: 3\n");
        let config = Choices {
            layout: Some(Layout::Storyboard),
            theme: Some("print".into()),
            lang: Some("de".into()),
        };
        let r = Resolver::new(Choices::default(), config.clone(), vec![], vec![]);
        let mut p = Vec::new();
        let d = r.resolve(&j, &mut p);
        assert_eq!(
            (d.layout, d.theme.name.as_str()),
            (Layout::Timeline, "dark")
        );
        let d = r.resolve(&plain, &mut p);
        assert_eq!(
            (d.layout, d.theme.name.as_str(), d.lang.as_str()),
            (Layout::Storyboard, "print", "de")
        );
        let flags = Choices {
            layout: Some(Layout::Table),
            theme: Some("high-contrast".into()),
            lang: Some("sv".into()),
        };
        let r = Resolver::new(flags, config, vec![], vec![]);
        let d = r.resolve(&j, &mut p);
        assert_eq!(
            (d.layout, d.theme.name.as_str(), d.lang.as_str()),
            (Layout::Table, "high-contrast", "sv")
        );
        assert!(p.is_empty(), "{p:?}");
        let r = Resolver::new(Choices::default(), Choices::default(), vec![], vec![]);
        let d = r.resolve(&plain, &mut p);
        assert_eq!(
            (d.layout, d.theme.name.as_str(), d.lang.as_str()),
            (Layout::Map, "light", "en")
        );
    }

    #[test]
    fn unknown_theme_and_language_are_located() {
        let src = "theme darkk\nlang fr\nsection S\n  A: 3\n";
        let r = Resolver::new(Choices::default(), Choices::default(), vec![], vec![]);
        let mut p = Vec::new();
        let d = r.resolve(&journey(src), &mut p);
        assert_eq!(d.theme.name, "light", "falls back to draw something");
        assert_eq!(&src[p[0].span.start..p[0].span.end], "darkk");
        assert!(p[0].is_error());
        assert!(p[0]
            .help
            .as_deref()
            .unwrap_or("")
            .contains("did you mean `dark`?"));
        assert_eq!(&src[p[1].span.start..p[1].span.end], "fr");
        assert!(!p[1].is_error());
        assert!(r.check_theme("darkk", Span::default()).is_some());
        assert!(r.check_theme("dark", Span::default()).is_none());
        assert!(Resolver::check_lang("de-AT", Span::default()).is_none());
    }

    #[test]
    fn ids_differ_between_documents_and_repeat_for_one() {
        let a = document_id_prefix("# A\n");
        assert_eq!(a, document_id_prefix("# A\n"));
        assert_ne!(a, document_id_prefix("# B\n"));
        assert_eq!(map_id("wm-1a2b", 2), "wm-1a2b-2");
    }
}
