//! Pages built from every journey of the handbook: the journeys index, a page per
//! persona, the pain-point register, opportunities with an impact × effort matrix, and
//! the maps due for review.

use super::load::Site;
use crate::i18n::Locale;
use crate::journey::{validate, Journey, Persona, Rating};
use crate::render::parts::score_text;
use crate::render::svg::escape;
use crate::slug::slug;
use std::fmt::Write;

/// A journey and the page it is on.
pub struct Placed<'a> {
    /// The journey.
    pub journey: &'a Journey,
    /// The page's URL.
    pub url: String,
    /// The map's anchor on the page.
    pub anchor: String,
    /// The page's title, when the journey has none.
    pub page_title: &'a str,
}

impl Placed<'_> {
    fn title(&self) -> &str {
        self.journey.display_title(self.page_title)
    }

    fn link(&self, from: &str) -> String {
        format!(
            "<a href=\"{}#{}\">{}</a>",
            escape(&super::url::href(from, &self.url)),
            self.anchor,
            escape(self.title())
        )
    }
}

/// Every published journey with its place.
pub fn placed(site: &Site) -> Vec<Placed<'_>> {
    let mut out = Vec::new();
    for page in site.published() {
        for (n, (_, j)) in page.journeys.iter().enumerate() {
            out.push(Placed {
                journey: j,
                url: page.url.clone(),
                anchor: format!("map-{}-figure", n + 1),
                page_title: &page.title,
            });
        }
    }
    out
}

/// The URLs of the pages waymark writes itself, which pages may link to.
pub fn generated_urls(site: &Site) -> Vec<String> {
    let mut v: Vec<String> = [
        "journeys.html",
        "personas/index.html",
        "pain-points.html",
        "opportunities.html",
        "review.html",
        "contents.html",
        "404.html",
        "index.html",
        "sitemap.xml",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    v.extend(site.personas().iter().map(|p| persona_url(&p.name)));
    v
}

/// Where the persona page at `from` finds a persona's picture: an http(s) URL as it is,
/// a relative path taken from the handbook's root; nothing for an unsafe URL (the parser
/// has reported it).
fn image_src(from: &str, url: &str) -> String {
    if !crate::journey::parser::is_safe_url(url, false) {
        return String::new();
    }
    if super::url::scheme(url).is_some() {
        return url.to_string();
    }
    let (path, rest) = super::url::split_reference(url);
    format!("{}{rest}", super::url::href(from, &path))
}

/// A generated page: URL, title, body HTML.
pub type Generated = (String, String, String);

/// The URL of a persona's page.
pub fn persona_url(name: &str) -> String {
    let name = slug(name);
    format!(
        "personas/{}.html",
        if name.is_empty() { "section" } else { &name }
    )
}

fn persona_link(name: &str, from: &str, known: &[&Persona]) -> String {
    if known.iter().any(|p| p.name.eq_ignore_ascii_case(name)) {
        format!(
            "<a href=\"{}\">{}</a>",
            escape(&super::url::href(from, &persona_url(name))),
            escape(name)
        )
    } else {
        escape(name)
    }
}

fn dots(rank: u8, of: u8, word: &str) -> String {
    let filled = "●".repeat(rank as usize);
    let empty = "○".repeat((of - rank) as usize);
    format!(
        "<span class=\"wm-dots\" aria-hidden=\"true\">{filled}{empty}</span> {}",
        escape(word)
    )
}

/// All handbook pages.
pub fn pages(site: &Site, locale: &Locale) -> Vec<Generated> {
    let journeys = placed(site);
    let personas = site.personas();
    let t = |k: &str| escape(locale.t(k));
    let mut out = Vec::new();

    // Journeys index.
    let url = "journeys.html";
    let mut h = format!("<h1 id=\"title\">{}</h1>", t("journeys"));
    if journeys.is_empty() {
        let _ = write!(h, "<p>{}</p>", t("none_yet"));
    } else {
        let _ = write!(h, "<div class=\"table-wrap\"><table><thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>",
            t("title"), t("persona"), t("stages"), t("steps"), t("average"), t("lowest"), t("pain_points"), t("owner"), t("reviewed"));
        for p in &journeys {
            let j = p.journey;
            let scores: Vec<f64> = j.steps().filter_map(|s| s.score).collect();
            let avg = if scores.is_empty() {
                "–".to_string()
            } else {
                format!(
                    "{} <small>({}…{})</small>",
                    score_text(scores.iter().sum::<f64>() / scores.len() as f64),
                    score_text(j.scale.min),
                    score_text(j.scale.max)
                )
            };
            let lowest = j.steps().filter(|s| s.score.is_some()).min_by(|a, b| {
                a.score
                    .partial_cmp(&b.score)
                    .unwrap_or(std::cmp::Ordering::Equal)
            });
            let lowest = lowest.map_or("–".to_string(), |s| {
                format!(
                    "{} ({})",
                    escape(&s.name.replace('\n', " ")),
                    score_text(s.score.unwrap_or_default())
                )
            });
            let pains: usize = j.steps().map(|s| s.pains.len()).sum();
            let persona = j
                .persona
                .as_deref()
                .map_or(String::new(), |n| persona_link(n, url, &personas));
            let _ = write!(h, "<tr><td>{}</td><td>{persona}</td><td>{}</td><td>{}</td><td>{avg}</td><td>{lowest}</td><td>{pains}</td><td>{}</td><td>{}</td></tr>",
                p.link(url), j.stages.len(), j.steps().count(), escape(j.owner.as_deref().unwrap_or("")), escape(j.reviewed.as_deref().unwrap_or(locale.t("never"))));
        }
        h.push_str("</tbody></table></div>");
    }
    out.push((url.to_string(), locale.t("journeys").to_string(), h));

    // Personas.
    let url = "personas/index.html";
    let mut h = format!(
        "<h1 id=\"title\">{}</h1><div class=\"persona-grid\">",
        t("personas")
    );
    for p in &personas {
        let _ = write!(
            h,
            "<a class=\"persona-card\" href=\"{}\"><strong>{}</strong><span>{}</span></a>",
            escape(&super::url::href(url, &persona_url(&p.name))),
            escape(&p.name),
            escape(p.role.as_deref().unwrap_or(""))
        );
    }
    if personas.is_empty() {
        let _ = write!(h, "<p>{}</p>", t("none_yet"));
    }
    h.push_str("</div>");
    out.push((url.to_string(), locale.t("personas").to_string(), h));
    for p in &personas {
        let url = persona_url(&p.name);
        let mut h = format!(
            "<h1 id=\"title\">{}</h1><div class=\"persona\">",
            escape(&p.name)
        );
        if let Some(img) = &p.image {
            let src = image_src(&url, &img.url);
            let _ = write!(
                h,
                "<img class=\"persona-image\" src=\"{}\" alt=\"{}\">",
                escape(&src),
                escape(&img.alt)
            );
        }
        if let Some(r) = &p.role {
            let _ = write!(h, "<p class=\"persona-role\">{}</p>", escape(r));
        }
        if let Some(a) = &p.about {
            let _ = write!(h, "<p>{}</p>", escape(a));
        }
        if let Some(q) = &p.quote {
            let _ = write!(h, "<blockquote>{}</blockquote>", escape(q));
        }
        for (key, list) in [("goals", &p.goals), ("frustrations", &p.frustrations)] {
            if !list.is_empty() {
                let _ = write!(h, "<h2 id=\"{key}\">{}</h2><ul>", t(key));
                for g in list {
                    let _ = write!(h, "<li>{}</li>", escape(g));
                }
                h.push_str("</ul>");
            }
        }
        h.push_str("</div>");
        let theirs: Vec<&Placed> = journeys
            .iter()
            .filter(|j| {
                j.journey
                    .persona
                    .as_deref()
                    .is_some_and(|n| n.eq_ignore_ascii_case(&p.name))
                    || j.journey
                        .actors()
                        .iter()
                        .any(|a| a.eq_ignore_ascii_case(&p.name))
            })
            .collect();
        let _ = write!(h, "<h2 id=\"appears-in\">{}</h2><ul>", t("appears_in"));
        for j in &theirs {
            let _ = write!(h, "<li>{}</li>", j.link(&url));
        }
        h.push_str("</ul>");
        out.push((url, p.name.clone(), h));
    }

    // Pain-point register.
    let url = "pain-points.html";
    let mut rows = Vec::new();
    for p in &journeys {
        for stage in &p.journey.stages {
            for step in &stage.steps {
                for pain in &step.pains {
                    rows.push((pain, stage, step, p));
                }
            }
        }
    }
    rows.sort_by(|a, b| {
        b.0.severity
            .cmp(&a.0.severity)
            .then_with(|| a.3.title().cmp(b.3.title()))
    });
    let mut h = format!("<h1 id=\"title\">{}</h1>", t("pain_points"));
    if rows.is_empty() {
        let _ = write!(h, "<p>{}</p>", t("none_yet"));
    } else {
        let _ = write!(h, "<div class=\"table-wrap\"><table><thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>", t("severity"), t("pain_points"), t("journey"), t("stage"), t("step"), t("opportunity"));
        for (pain, stage, step, p) in rows {
            let word = locale
                .map
                .get(pain.severity.name())
                .map_or(pain.severity.name(), String::as_str);
            let opps: Vec<String> = step.opportunities.iter().map(|o| escape(&o.text)).collect();
            let _ = write!(h, "<tr class=\"sev-{}\"><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                pain.severity.name(), dots(pain.severity.rank(), 4, word), escape(&pain.text), p.link(url), escape(&stage.name), escape(&step.name.replace('\n', " ")), opps.join("<br>"));
        }
        h.push_str("</tbody></table></div>");
    }
    out.push((url.to_string(), locale.t("pain_points").to_string(), h));

    // Opportunities with the matrix.
    let url = "opportunities.html";
    let mut all = Vec::new();
    for p in &journeys {
        for stage in &p.journey.stages {
            for step in &stage.steps {
                for o in &step.opportunities {
                    all.push((o, stage, step, p));
                }
            }
        }
    }
    all.sort_by(|a, b| {
        b.0.impact
            .cmp(&a.0.impact)
            .then(a.0.effort.cmp(&b.0.effort))
            .then_with(|| a.3.title().cmp(b.3.title()))
    });
    let mut h = format!("<h1 id=\"title\">{}</h1>", t("opportunities"));
    if all.is_empty() {
        let _ = write!(h, "<p>{}</p>", t("none_yet"));
    } else {
        h.push_str(&matrix(
            &all.iter().map(|x| x.0).collect::<Vec<_>>(),
            locale,
        ));
        let _ = write!(h, "<div class=\"table-wrap\"><table><thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>", t("opportunity"), t("impact"), t("effort"), t("journey"), t("step"));
        for (o, _, step, p) in all {
            let word = |r: Option<Rating>| {
                r.map_or("–".to_string(), |r| {
                    escape(locale.map.get(r.name()).map_or(r.name(), String::as_str))
                })
            };
            let _ = write!(
                h,
                "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                escape(&o.text),
                word(o.impact),
                word(o.effort),
                p.link(url),
                escape(&step.name.replace('\n', " "))
            );
        }
        h.push_str("</tbody></table></div>");
    }
    out.push((url.to_string(), locale.t("opportunities").to_string(), h));

    // Due for review.
    let url = "review.html";
    let today = site.today();
    let stale = i64::from(site.config.stale_after_days);
    let mut due: Vec<(&Placed, Option<i64>)> = journeys
        .iter()
        .filter(|p| validate::is_due(p.journey, today, stale))
        .map(|p| {
            (
                p,
                p.journey
                    .reviewed
                    .as_deref()
                    .and_then(validate::days_from_date)
                    .map(|d| today - d),
            )
        })
        .collect();
    due.sort_by(|a, b| {
        b.1.unwrap_or(i64::MAX)
            .cmp(&a.1.unwrap_or(i64::MAX))
            .then_with(|| a.0.title().cmp(b.0.title()))
    });
    let mut h = format!("<h1 id=\"title\">{}</h1>", t("due_for_review"));
    if due.is_empty() {
        let _ = write!(h, "<p>{}</p>", t("none_yet"));
    } else {
        let _ = write!(h, "<div class=\"table-wrap\"><table><thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>", t("journey"), t("owner"), t("reviewed"), t("why_due"));
        for (p, age) in due {
            let why = match age {
                Some(a) => format!("{a} {}", t("days_ago")),
                None => t("never"),
            };
            let _ = write!(
                h,
                "<tr><td>{}</td><td>{}</td><td>{}</td><td>{why}</td></tr>",
                p.link(url),
                escape(p.journey.owner.as_deref().unwrap_or("")),
                escape(p.journey.reviewed.as_deref().unwrap_or("–"))
            );
        }
        h.push_str("</tbody></table></div>");
    }
    out.push((url.to_string(), locale.t("due_for_review").to_string(), h));
    out
}

/// The impact × effort matrix as an inline SVG: counts per cell, quick wins marked.
fn matrix(opps: &[&crate::journey::Opportunity], locale: &Locale) -> String {
    let word = |k: &str| escape(locale.map.get(k).map_or(k, String::as_str));
    let (cell, left, top) = (120.0, 110.0, 20.0);
    let mut s = format!(
        "<figure class=\"wm-matrix\"><svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {w} {h}\" width=\"{w}\" height=\"{h}\" role=\"img\" aria-labelledby=\"wm-matrix-title\"><title id=\"wm-matrix-title\">{title}</title>",
        w = left + 3.0 * cell + 20.0,
        h = top + 3.0 * cell + 60.0,
        title = escape(locale.t("matrix"))
    );
    for (row, impact) in [Rating::High, Rating::Medium, Rating::Low]
        .iter()
        .enumerate()
    {
        for (col, effort) in Rating::ALL.iter().enumerate() {
            let n = opps
                .iter()
                .filter(|o| o.impact == Some(*impact) && o.effort == Some(*effort))
                .count();
            let quick = *impact == Rating::High && *effort == Rating::Low;
            let (x, y) = (left + col as f64 * cell, top + row as f64 * cell);
            let _ = write!(s, "<rect x=\"{x}\" y=\"{y}\" width=\"{cell}\" height=\"{cell}\" class=\"{}\" stroke-width=\"1\"/>", if quick { "wm-m-quick" } else { "wm-m-cell" });
            let _ = write!(s, "<text x=\"{}\" y=\"{}\" text-anchor=\"middle\" font-size=\"30\" font-weight=\"bold\" class=\"wm-m-text\">{n}</text>", x + cell / 2.0, y + cell / 2.0 + 10.0);
        }
        let _ = write!(s, "<text x=\"{}\" y=\"{}\" text-anchor=\"end\" font-size=\"13\" class=\"wm-m-text\">{}</text>", left - 10.0, top + row as f64 * cell + cell / 2.0 + 4.0, word(impact.name()));
    }
    for (col, effort) in Rating::ALL.iter().enumerate() {
        let _ = write!(s, "<text x=\"{}\" y=\"{}\" text-anchor=\"middle\" font-size=\"13\" class=\"wm-m-text\">{}</text>", left + col as f64 * cell + cell / 2.0, top + 3.0 * cell + 20.0, word(effort.name()));
    }
    let _ = write!(s, "<text x=\"{}\" y=\"{}\" text-anchor=\"middle\" font-size=\"13\" font-weight=\"bold\" class=\"wm-m-text\">{} →</text>", left + 1.5 * cell, top + 3.0 * cell + 44.0, word("effort"));
    let _ = write!(s, "<text x=\"14\" y=\"{}\" font-size=\"13\" font-weight=\"bold\" class=\"wm-m-text\">{} ↑</text>", top + 10.0, word("impact"));
    let _ = write!(
        s,
        "</svg><figcaption>{}</figcaption></figure>",
        escape(locale.t("quick_wins"))
    );
    s
}
