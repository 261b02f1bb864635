//! Each journey of one input drawn as a picture of its own (what `waymark svg` writes):
//! drawn as the resolver decides, named after its title, and given a file name and ids
//! that no other picture of the input shares.

use crate::diagnostics::Diagnostic;
use crate::diff::{self, Comparison};
use crate::error::Error;
use crate::journey::source::{find_blocks, FenceOptions};
use crate::journey::{parse_source, Journey, SourceKind};
use crate::render::{self, Theme};
use crate::resolve::{self, Choices, Resolver};
use crate::slug::{slug, Slugs};
use crate::sources::Input;

/// Picture formats.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Format {
    /// Scalable vector graphics.
    #[default]
    Svg,
    /// A PNG at twice the map's size, scaled down when needed to stay within
    /// 16,384 pixels a side and 64 million pixels.
    Png,
}

/// How to draw.
#[derive(Debug, Clone, Default)]
pub struct PictureOptions {
    /// Choices that win over each journey's own.
    pub flags: Choices,
    /// The user's own themes.
    pub themes: Vec<Theme>,
    /// Also read ` ```mermaid ` fences holding a journey.
    pub mermaid: bool,
    /// Prefix of every id; by default derived from the input's text, so pictures of two
    /// files shown on one page never share ids.
    pub id_prefix: Option<String>,
    /// The format.
    pub format: Format,
}

/// One drawn picture.
#[derive(Debug, Clone)]
pub struct Picture {
    /// Its file name: the journey's title (else the input's name) as a slug, `-2`, `-3`, …
    /// added when another picture of the input already has it.
    pub file_name: String,
    /// The SVG or PNG.
    pub bytes: Vec<u8>,
    /// What its reader should know, to follow "FILE is " (a PNG drawn smaller than asked).
    pub note: Option<String>,
    /// Which journey of the input it shows, from 0.
    pub journey: usize,
}

/// The longest file name made from a title, in characters, before its extension.
const MAX_NAME: usize = 60;

/// The journeys of one input, checked and ready to draw.
#[derive(Debug)]
pub struct Pictures {
    journeys: Vec<Journey>,
    /// Per journey, the older version drawn over it, if any.
    comparisons: Vec<Option<Comparison>>,
    resolver: Resolver,
    /// The input's name as a slug: the name of a picture whose journey has no title.
    stem: String,
    id_prefix: String,
    format: Format,
    /// Warnings about the input, in file order.
    pub warnings: Vec<Diagnostic>,
}

/// Reads and checks the journeys of `input`. Nothing is drawn when a chosen theme names
/// no theme (a usage error), when the input has errors ([`Error::Diagnostics`]) or when
/// it holds no journey.
pub fn prepare(input: &Input, opts: &PictureOptions) -> Result<Pictures, Error> {
    let fences = FenceOptions {
        mermaid: opts.mermaid,
    };
    let mut parsed = parse_source(&input.text, input.kind, fences);
    let data = crate::evidence::attach_to_file(&mut parsed.journeys, &input.name);
    parsed.diagnostics.extend(data.diagnostics);
    let resolver = Resolver::new(
        opts.flags.clone(),
        Choices::default(),
        opts.themes.clone(),
        parsed.personas,
    );
    resolver.check_flags()?;
    let mut diags = parsed.diagnostics;
    for j in &parsed.journeys {
        resolver.resolve(j, &mut diags);
    }
    let journeys = parsed.journeys.iter().map(Some);
    let comparisons = diff::overlays(journeys, &input.name, fences, &mut diags);
    diags.sort_by_key(|d| (d.span.start, d.span.end));
    if diags.iter().any(|d| d.is_error()) {
        return Err(Error::Diagnostics {
            path: input.name.clone(),
            text: input.text.clone(),
            diagnostics: diags,
        });
    }
    if parsed.journeys.is_empty() {
        let mermaid_fences = !opts.mermaid
            && input.kind == SourceKind::Markdown
            && !find_blocks(&input.text, FenceOptions { mermaid: true }).is_empty();
        return Err(Error::NoJourney {
            path: input.name.clone(),
            mermaid_fences,
        });
    }
    let stem = input
        .name
        .file_stem()
        .map(|s| slug(&s.to_string_lossy()))
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "journey".to_string());
    let id_prefix = opts
        .id_prefix
        .clone()
        .unwrap_or_else(|| resolve::document_id_prefix(&input.text));
    Ok(Pictures {
        journeys: parsed.journeys,
        comparisons,
        resolver,
        stem,
        id_prefix,
        format: opts.format,
        warnings: diags,
    })
}

impl Pictures {
    /// The journeys, in input order.
    pub fn journeys(&self) -> &[Journey] {
        &self.journeys
    }

    /// Draws journey `n` (from 0) with `comparison`, the older version, over it.
    pub fn compare_with(&mut self, n: usize, comparison: Comparison) {
        if let Some(c) = self.comparisons.get_mut(n) {
            *c = Some(comparison);
        }
    }

    /// Draws every journey, handing each picture to `each` as soon as it is drawn (one
    /// large PNG in memory at a time).
    pub fn draw(&self, mut each: impl FnMut(Picture) -> Result<(), Error>) -> Result<(), Error> {
        let mut names = Slugs::default();
        for (n, j) in self.journeys.iter().enumerate() {
            // Problems with the journey's choices were reported by `prepare`.
            let drawing = self.resolver.resolve(j, &mut Vec::new());
            let title = j.title.as_deref().map(slug).unwrap_or_default();
            let base = if title.is_empty() { &self.stem } else { &title };
            let name = names.unique(&shortened(base));
            let id = resolve::map_id(&self.id_prefix, n + 1);
            let options = render::RenderOptions {
                comparison: self.comparisons.get(n).and_then(Option::as_ref),
                ..drawing.options(&id)
            };
            let svg = render::svg(j, &options);
            let picture = match self.format {
                Format::Svg => Picture {
                    file_name: format!("{name}.svg"),
                    bytes: svg.into_bytes(),
                    note: None,
                    journey: n,
                },
                Format::Png => {
                    let file_name = format!("{name}.png");
                    let scene = render::scene(j, &options);
                    let scale = png_scale(scene.width, scene.height).ok_or_else(|| {
                        Error::Failed(format!(
                            "{file_name}: the map is {} × {} pixels, too large for a PNG even scaled down; draw it as SVG, which has no size limit",
                            scene.width.round(),
                            scene.height.round()
                        ))
                    })?;
                    let note = (scale < PNG_SCALE)
                        .then(|| scaled_down_note(scene.width, scene.height, scale));
                    let bytes = render::png(&svg, scale as f32)
                        .map_err(|e| Error::Failed(format!("{file_name}: {e}")))?;
                    Picture {
                        file_name,
                        bytes,
                        note,
                        journey: n,
                    }
                }
            };
            each(picture)?;
        }
        Ok(())
    }
}

/// `name` cut to [`MAX_NAME`] characters, without a dash at the end.
fn shortened(name: &str) -> String {
    let cut: String = name.chars().take(MAX_NAME).collect();
    cut.trim_end_matches('-').to_string()
}

/// PNGs are drawn at twice the map's size, sharp on high-density screens.
const PNG_SCALE: f64 = 2.0;
/// The widest or tallest PNG drawn: what browsers and image viewers reliably open.
const MAX_PNG_SIDE: f64 = 16_384.0;
/// The most pixels a PNG may have: 64 million, 256 MB while drawing.
const MAX_PNG_PIXELS: f64 = 64.0 * 1024.0 * 1024.0;

/// The size in pixels of a `width` × `height` picture drawn at `scale`, at least as
/// large as the rasteriser makes it (it rounds the picture up to whole pixels first).
fn png_size(width: f64, height: f64, scale: f64) -> (f64, f64) {
    (
        ((width.ceil() + 1.0) * scale).round(),
        ((height.ceil() + 1.0) * scale).round(),
    )
}

/// The scale to draw a `width` × `height` map at: twice its size, or less so the PNG
/// stays within [`MAX_PNG_SIDE`] and [`MAX_PNG_PIXELS`]; `None` when even a scaled-down
/// PNG would be less than a pixel across.
fn png_scale(width: f64, height: f64) -> Option<f64> {
    let fits = |s: f64| {
        let (w, h) = png_size(width, height, s);
        w <= MAX_PNG_SIDE && h <= MAX_PNG_SIDE && w * h <= MAX_PNG_PIXELS
    };
    let (w, h) = (width.ceil() + 1.0, height.ceil() + 1.0);
    let mut scale = PNG_SCALE
        .min(MAX_PNG_SIDE / w)
        .min(MAX_PNG_SIDE / h)
        .min((MAX_PNG_PIXELS / (w * h)).sqrt());
    // Rounding to whole pixels may still overshoot by a pixel.
    while scale > 0.0 && !fits(scale) {
        scale *= 0.999;
    }
    (width * scale >= 1.0 && height * scale >= 1.0).then_some(scale)
}

/// What a scaled-down PNG tells its reader, after "FILE is ".
fn scaled_down_note(width: f64, height: f64, scale: f64) -> String {
    let (w, h) = (
        (width.ceil() * scale).round(),
        (height.ceil() * scale).round(),
    );
    let percent = scale * 100.0;
    let percent = if percent >= 10.0 {
        format!("{percent:.0}%")
    } else {
        format!("{percent:.2}%")
    };
    format!(
        "drawn at {percent} of the map's size ({w} × {h} pixels, not {} × {}), to stay within {MAX_PNG_SIDE} pixels a side and {} million pixels\n  = help: use --format svg for every detail at any size",
        (width * PNG_SCALE).round(),
        (height * PNG_SCALE).round(),
        MAX_PNG_PIXELS / (1024.0 * 1024.0),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    fn input(text: &str) -> Input {
        Input {
            name: PathBuf::from("day.md"),
            text: text.to_string(),
            kind: SourceKind::Markdown,
        }
    }

    fn names_and_ids(text: &str, opts: &PictureOptions) -> Vec<(String, String)> {
        let mut out = Vec::new();
        let pictures = prepare(&input(text), opts).expect("no errors");
        pictures
            .draw(|p| {
                let svg = String::from_utf8_lossy(&p.bytes).into_owned();
                let at = svg.find(" id=\"").map_or(0, |i| i + 5);
                let id = svg[at..].split('"').next().unwrap_or_default().to_string();
                out.push((p.file_name, id));
                Ok(())
            })
            .expect("drawn");
        out
    }

    #[test]
    fn same_titles_get_their_own_names_and_ids() {
        let fence = |t: &str| format!("```journey\n{t}section S\n  A: 3\n```\n");
        let text = [
            fence("title Same\n"),
            fence("title Same\n"),
            fence(""),
            fence(""),
        ]
        .concat();
        let got = names_and_ids(&text, &PictureOptions::default());
        let names: Vec<&str> = got.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, ["same.svg", "same-2.svg", "day.svg", "day-2.svg"]);
        let prefix = resolve::document_id_prefix(&text);
        assert_eq!(got[1].1, format!("{prefix}-2"));
        let opts = PictureOptions {
            id_prefix: Some("x".into()),
            ..PictureOptions::default()
        };
        assert_eq!(names_and_ids(&text, &opts)[0].1, "x-1");
    }

    #[test]
    fn png_scale_caps_size_and_refuses_the_impossible() {
        assert_eq!(png_scale(100.0, 50.0), Some(PNG_SCALE));
        let s = png_scale(100_000.0, 100.0).expect("scaled down");
        assert!(png_size(100_000.0, 100.0, s).0 <= MAX_PNG_SIDE);
        assert_eq!(png_scale(1e12, 1.0), None);
    }
}
