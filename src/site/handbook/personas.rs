//! The personas' index and a page per persona.

use super::{persona_url, Generated, MapLink, Placed};
use crate::i18n::Locale;
use crate::journey::Persona;
use crate::site::url;
use serde::Serialize;

/// One card per persona.
pub(super) fn index(personas: &[&Persona], locale: &Locale) -> Result<Generated<'static>, String> {
    #[derive(Serialize)]
    struct Card<'a> {
        href: String,
        name: &'a str,
        role: Option<&'a str>,
    }
    #[derive(Serialize)]
    struct Cards<'a> {
        personas: Vec<Card<'a>>,
    }
    let url = "personas/index.html";
    let cards = personas
        .iter()
        .map(|p| Card {
            href: url::href(url, &persona_url(&p.name)),
            name: &p.name,
            role: p.role.as_deref(),
        })
        .collect();
    Generated::new(
        url,
        locale.t("personas"),
        "personas.html",
        Cards { personas: cards },
        locale,
    )
}

/// Where the persona page at `from` finds a persona's picture: an http(s) URL as it is,
/// a relative path taken from the handbook's root; nothing for an unsafe URL (the parser
/// has reported it).
fn image_src(from: &str, url: &str) -> String {
    if !crate::links::is_safe_url(url, false) {
        return String::new();
    }
    if crate::links::scheme(url).is_some() {
        return url.to_string();
    }
    let (path, rest) = url::split_reference(url);
    format!("{}{rest}", url::href(from, &path))
}

/// One persona: who they are and the maps they appear in.
pub(super) fn page(
    p: &Persona,
    journeys: &[Placed],
    locale: &Locale,
) -> Result<Generated<'static>, String> {
    #[derive(Serialize)]
    struct Picture<'a> {
        src: String,
        alt: &'a str,
    }
    #[derive(Serialize)]
    struct About<'a> {
        name: &'a str,
        role: Option<&'a str>,
        about: Option<&'a str>,
        quote: Option<&'a str>,
        goals: &'a [String],
        frustrations: &'a [String],
        image: Option<Picture<'a>>,
    }
    #[derive(Serialize)]
    struct Page<'a> {
        persona: About<'a>,
        maps: Vec<MapLink>,
    }
    let url = persona_url(&p.name);
    let is_them = |n: &str| n.eq_ignore_ascii_case(&p.name);
    let maps = journeys
        .iter()
        .filter(|j| {
            j.journey.persona.as_deref().is_some_and(is_them)
                || j.journey.actors().iter().any(|a| is_them(a))
        })
        .map(|j| j.link(&url))
        .collect();
    let persona = About {
        name: &p.name,
        role: p.role.as_deref(),
        about: p.about.as_deref(),
        quote: p.quote.as_deref(),
        goals: &p.goals,
        frustrations: &p.frustrations,
        image: p.image.as_ref().map(|img| Picture {
            src: image_src(&url, &img.url),
            alt: &img.alt,
        }),
    };
    Generated::new(
        url.clone(),
        p.name.clone(),
        "persona.html",
        Page { persona, maps },
        locale,
    )
}
