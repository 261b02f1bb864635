//! Themes are data: colours for every role a map draws, read from TOML files in
//! `themes/` (built in) or a site's own folder. Every text colour is checked against the
//! backgrounds it is drawn on.

use serde::Deserialize;
use std::path::Path;
use std::sync::OnceLock;

/// Colours of a theme, by the role they play in a map.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Colors {
    /// The map's background.
    pub background: String,
    /// Body text.
    pub text: String,
    /// Secondary text (lane names, meta lines).
    pub muted: String,
    /// Grid lines between cells.
    pub grid: String,
    /// Header band background.
    pub header: String,
    /// Lane-name column and alternate lane background.
    pub lane: String,
    /// The other alternate lane background.
    pub lane_alt: String,
    /// Cards (steps, touchpoints).
    pub card: String,
    /// Card borders.
    pub card_border: String,
    /// The emotion curve.
    pub curve: String,
    /// The neutral line of the emotion lane.
    pub neutral: String,
    /// Happy faces.
    pub positive: String,
    /// Sad faces.
    pub negative: String,
    /// Pain-point cards.
    pub pain: String,
    /// Text on pain-point cards.
    pub pain_text: String,
    /// Opportunity cards.
    pub opportunity: String,
    /// Text on opportunity cards.
    pub opportunity_text: String,
    /// The line of visibility.
    pub visibility: String,
    /// Text on stage headers.
    pub stage_text: String,
    /// Stage header colours, used in turn.
    pub stages: Vec<String>,
    /// Curve colours of the other personas on a map, used in turn (each also has its own
    /// dash pattern). A theme without them draws those curves in the text colour.
    #[serde(default)]
    pub personas: Vec<String>,
}

/// A map theme.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Theme {
    /// The name used in `theme …` and `--theme`.
    pub name: String,
    /// One line about what the theme is for.
    #[serde(default)]
    pub description: String,
    /// The colours.
    pub colors: Colors,
}

// `BUILTIN_NAMES` and `BUILTIN`, `themes/*.toml` turned into JSON at build time
// (`build.rs`): parsing the TOML took a tenth of drawing one small map.
include!(concat!(env!("OUT_DIR"), "/themes.rs"));

impl Default for Theme {
    fn default() -> Self {
        Theme::builtin("light").unwrap_or_else(Theme::fallback)
    }
}

impl Theme {
    /// The names of the themes that ship with waymark.
    pub fn builtin_names() -> &'static [&'static str] {
        BUILTIN_NAMES
    }

    /// A theme that ships with waymark.
    pub fn builtin(name: &str) -> Option<Theme> {
        Theme::builtin_ref(name).cloned()
    }

    /// A theme that ships with waymark, read once per run and only when asked for: a
    /// command that draws one map in one theme reads no other.
    pub(crate) fn builtin_ref(name: &str) -> Option<&'static Theme> {
        static READ: [OnceLock<Option<Theme>>; BUILTIN.len()] =
            [const { OnceLock::new() }; BUILTIN.len()];
        let at = BUILTIN.iter().position(|(n, _)| *n == name)?;
        READ[at]
            .get_or_init(|| {
                let theme = serde_json::from_str(BUILTIN[at].1).map_err(|e| e.to_string());
                theme.and_then(Theme::checked).ok()
            })
            .as_ref()
    }

    /// A theme from TOML text.
    pub fn parse(text: &str) -> Result<Theme, String> {
        Theme::checked(toml::from_str(text).map_err(|e| e.to_string())?)
    }

    /// `theme` if it has stage colours and every colour is one.
    fn checked(theme: Theme) -> Result<Theme, String> {
        if theme.colors.stages.is_empty() {
            return Err("`stages` needs at least one colour".to_string());
        }
        let all = theme.colors.pairs().into_iter().flat_map(|(a, b)| [a, b]);
        let all = all.chain(theme.colors.personas.iter().map(String::as_str));
        for c in all.chain(theme.colors.stages.iter().map(String::as_str)) {
            if parse_hex(c).is_none() {
                return Err(format!("`{c}` is not a colour; write it as #rrggbb"));
            }
        }
        Ok(theme)
    }

    /// Every theme (`*.toml`) in a folder the user named, sorted by name. Links are
    /// followed (the folder is the user's choice), but only regular files of a sane size
    /// are read.
    pub fn load_dir(dir: &Path) -> Result<Vec<Theme>, String> {
        Theme::load_from(dir, |path| {
            crate::files::read_capped(path, path, crate::files::TEXT_LIMIT)
        })
    }

    /// Every theme (`*.toml`) in the folder `dir` of the handbook at `root`, sorted by name,
    /// read under the handbook's policy (see [`crate::files`]): nothing outside the
    /// handbook is read through a link, and editor scratch files are left out.
    pub fn load_in(root: &Path, dir: &str) -> Result<Vec<Theme>, String> {
        crate::files::resolve(root, dir).map_err(|r| r.unprefixed())?;
        Theme::load_from(&root.join(dir), |path| {
            let rel = path
                .strip_prefix(root)
                .map(|r| r.to_string_lossy().replace('\\', "/"))
                .unwrap_or_default();
            crate::files::read_in(root, &rel, crate::files::TEXT_LIMIT)
        })
    }

    /// Every theme in `dir` whose file name belongs to a handbook, each read by `read`.
    fn load_from(
        dir: &Path,
        read: impl Fn(&Path) -> Result<Vec<u8>, crate::files::Refused>,
    ) -> Result<Vec<Theme>, String> {
        let entries =
            std::fs::read_dir(dir).map_err(|e| format!("cannot read {}: {e}", dir.display()))?;
        let mut paths: Vec<_> = entries
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|x| x == "toml"))
            .filter(|p| p.file_name().is_some_and(crate::files::belongs))
            .collect();
        paths.sort();
        paths
            .iter()
            .map(|p| {
                let text = read(p)
                    .and_then(|bytes| crate::files::into_text(p, bytes))
                    .map_err(|r| r.unprefixed())?;
                Theme::parse(&text).map_err(|e| format!("{}: {e}", p.display()))
            })
            .collect()
    }

    fn fallback() -> Theme {
        let c = |s: &str| s.to_string();
        Theme {
            name: c("light"),
            description: String::new(),
            colors: Colors {
                background: c("#ffffff"),
                text: c("#1d2433"),
                muted: c("#4f5b6d"),
                grid: c("#e2e7ef"),
                header: c("#f4f6fb"),
                lane: c("#f6f8fb"),
                lane_alt: c("#ffffff"),
                card: c("#ffffff"),
                card_border: c("#cfd7e3"),
                curve: c("#2f55d4"),
                neutral: c("#9aa5b5"),
                positive: c("#1d7a4c"),
                negative: c("#c0283f"),
                pain: c("#fdecee"),
                pain_text: c("#7d1326"),
                opportunity: c("#e6f5ec"),
                opportunity_text: c("#0d4d30"),
                visibility: c("#7b8699"),
                stage_text: c("#ffffff"),
                stages: vec![c("#2f55d4")],
                personas: Vec::new(),
            },
        }
    }

    /// The stage header colour for stage `i`.
    pub fn stage(&self, i: usize) -> &str {
        let s = &self.colors.stages;
        &s[i % s.len()]
    }

    /// The curve colour of the `i`-th other persona.
    pub fn persona(&self, i: usize) -> &str {
        let p = &self.colors.personas;
        if p.is_empty() {
            return &self.colors.text;
        }
        &p[i % p.len()]
    }
}

impl Colors {
    /// Every (text, background) pair a map draws, for the contrast check.
    pub fn pairs(&self) -> Vec<(&str, &str)> {
        let mut v = vec![
            (self.text.as_str(), self.background.as_str()),
            (&self.text, &self.card),
            (&self.text, &self.lane),
            (&self.text, &self.lane_alt),
            (&self.text, &self.header),
            (&self.muted, &self.background),
            (&self.muted, &self.card),
            (&self.muted, &self.lane),
            (&self.muted, &self.lane_alt),
            (&self.muted, &self.header),
            (&self.pain_text, &self.pain),
            (&self.opportunity_text, &self.opportunity),
            // A data metric's change, judged against its target, is written on a card.
            (&self.pain_text, &self.card),
            (&self.opportunity_text, &self.card),
            (&self.curve, &self.background),
        ];
        for s in &self.stages {
            v.push((&self.stage_text, s));
        }
        // Persona curves and their names in the key are drawn on the background.
        for p in &self.personas {
            v.push((p, &self.background));
        }
        v
    }
}

/// `#rrggbb` as red, green, blue.
pub fn parse_hex(c: &str) -> Option<(u8, u8, u8)> {
    let h = c.strip_prefix('#')?;
    if h.len() != 6 {
        return None;
    }
    let n = u32::from_str_radix(h, 16).ok()?;
    Some(((n >> 16) as u8, (n >> 8) as u8, n as u8))
}

/// WCAG 2 contrast ratio between two colours (1 to 21).
pub fn contrast(a: &str, b: &str) -> f64 {
    fn luminance(c: &str) -> f64 {
        let (r, g, b) = parse_hex(c).unwrap_or((0, 0, 0));
        let ch = |v: u8| {
            let s = f64::from(v) / 255.0;
            if s <= 0.03928 {
                s / 12.92
            } else {
                ((s + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * ch(r) + 0.7152 * ch(g) + 0.0722 * ch(b)
    }
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}
