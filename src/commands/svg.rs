//! `waymark svg`: one picture per journey of a file, as SVG or PNG.

use crate::cli::{print_err, SvgArgs, SvgFormat};
use crate::diagnostics;
use crate::journey::{self, source::FenceOptions, Layout, SourceKind};
use crate::render::{self, Labels, RenderOptions, Theme};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// A file name from a title: lowercase letters, digits and dashes.
pub fn slug(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    out.trim_end_matches('-').chars().take(60).collect()
}

/// Finds a theme by name: the user's folder first, then the built-in ones.
pub fn find_theme(name: &str, dir: Option<&Path>) -> Result<Theme, String> {
    if let Some(dir) = dir {
        if let Some(t) = Theme::load_dir(dir)?.into_iter().find(|t| t.name == name) {
            return Ok(t);
        }
    }
    Theme::builtin(name).ok_or_else(|| {
        format!(
            "error: unknown theme `{name}`\n  = help: built-in themes are {}; put your own in a folder and name it with --themes-dir",
            Theme::builtin_names().join(", ")
        )
    })
}

/// Runs `waymark svg`.
pub fn run(args: &SvgArgs) -> ExitCode {
    let path = &args.file;
    let text = match super::read_file_arg(path) {
        Ok(t) => t,
        Err(code) => return code,
    };
    let kind = SourceKind::of(path).unwrap_or(SourceKind::Markdown);
    let parsed = journey::parse_source(&text, kind, FenceOptions { mermaid: true });
    if !parsed.diagnostics.is_empty() {
        print_err(&diagnostics::report(
            path,
            &text,
            &parsed.diagnostics,
            super::stderr_color(),
        ));
    }
    if parsed.diagnostics.iter().any(|d| d.is_error()) {
        return ExitCode::from(1);
    }
    if parsed.journeys.is_empty() {
        eprintln!("error: {} holds no journey", path.display());
        return ExitCode::from(1);
    }
    let out_dir = args.out.clone().unwrap_or_else(|| PathBuf::from("."));
    if let Err(e) = std::fs::create_dir_all(&out_dir) {
        eprintln!("error: cannot create {}: {e}", out_dir.display());
        return ExitCode::from(1);
    }
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().to_string())
        .unwrap_or_else(|| "journey".into());
    let labels = Labels::default();
    for (i, j) in parsed.journeys.iter().enumerate() {
        let theme_name = args
            .theme
            .as_deref()
            .or(j.theme.as_deref())
            .unwrap_or("light");
        let theme = match find_theme(theme_name, args.themes_dir.as_deref()) {
            Ok(t) => t,
            Err(e) => {
                eprintln!("{e}");
                return ExitCode::from(2);
            }
        };
        let layout = args
            .layout
            .map(Into::into)
            .or(j.layout)
            .unwrap_or(Layout::Map);
        let name = match j.title.as_deref().map(slug).filter(|s| !s.is_empty()) {
            Some(s) => s,
            None if parsed.journeys.len() == 1 => slug(&stem),
            None => format!("{}-{}", slug(&stem), i + 1),
        };
        let persona = j.persona.as_ref().and_then(|n| {
            parsed
                .personas
                .iter()
                .find(|p| p.name.eq_ignore_ascii_case(n))
        });
        let id = format!("{name}-map");
        let opts = RenderOptions {
            layout,
            theme: &theme,
            id: &id,
            persona,
            labels: &labels,
        };
        let svg = render::svg(j, &opts);
        let (file, bytes) = match args.format {
            SvgFormat::Svg => (out_dir.join(format!("{name}.svg")), svg.into_bytes()),
            SvgFormat::Png => {
                let file = out_dir.join(format!("{name}.png"));
                let scene = render::scene(j, &opts);
                let scale = match png_scale(scene.width, scene.height) {
                    Ok(scale) => scale,
                    Err(e) => {
                        print_err(&format!("error: {}: {e}\n", file.display()));
                        return ExitCode::from(1);
                    }
                };
                if scale < PNG_SCALE {
                    print_err(&scaled_down_note(&file, scene.width, scene.height, scale));
                }
                match render::png(&svg, scale as f32) {
                    Ok(png) => (file, png),
                    Err(e) => {
                        print_err(&format!("error: {}: {e}\n", file.display()));
                        return ExitCode::from(1);
                    }
                }
            }
        };
        if let Err(e) = write_atomically(&file, &bytes) {
            print_err(&format!("error: cannot write {}: {e}\n", file.display()));
            return ExitCode::from(1);
        }
        print_err(&format!("wrote {}\n", file.display()));
    }
    ExitCode::SUCCESS
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
/// stays within [`MAX_PNG_SIDE`] and [`MAX_PNG_PIXELS`]; an error when even a scaled-down
/// PNG would be less than a pixel across.
fn png_scale(width: f64, height: f64) -> Result<f64, String> {
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
    if !(width * scale >= 1.0 && height * scale >= 1.0) {
        return Err(format!(
            "the map is {} × {} pixels, too large for a PNG even scaled down\n  = help: use --format svg, which draws a map of any size",
            width.round(),
            height.round()
        ));
    }
    Ok(scale)
}

/// What a scaled-down PNG tells its reader, on stderr.
fn scaled_down_note(file: &Path, width: f64, height: f64, scale: f64) -> String {
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
        "note: {} is drawn at {percent} of the map's size ({w} × {h} pixels, not {} × {}), to stay within {MAX_PNG_SIDE} pixels a side and {} million pixels\n  = help: use --format svg for every detail at any size\n",
        file.display(),
        (width * PNG_SCALE).round(),
        (height * PNG_SCALE).round(),
        MAX_PNG_PIXELS / (1024.0 * 1024.0),
    )
}

/// Writes through a temporary file and a rename, so a file is never left half-written.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let tmp = path.with_extension(format!(
        "{}.tmp",
        path.extension().and_then(|e| e.to_str()).unwrap_or("out")
    ));
    std::fs::write(&tmp, bytes)?;
    std::fs::rename(&tmp, path)
}
