//! `waymark svg`: one picture per journey of a file, as SVG or PNG.

use crate::cli::{SvgArgs, SvgFormat};
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
        eprint!(
            "{}",
            diagnostics::report(path, &text, &parsed.diagnostics, super::stderr_color())
        );
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
            SvgFormat::Png => match render::png(&svg, 2.0) {
                Ok(png) => (out_dir.join(format!("{name}.png")), png),
                Err(e) => {
                    eprintln!("error: {e}");
                    return ExitCode::from(1);
                }
            },
        };
        if let Err(e) = write_atomically(&file, &bytes) {
            eprintln!("error: cannot write {}: {e}", file.display());
            return ExitCode::from(1);
        }
        eprintln!("wrote {}", file.display());
    }
    ExitCode::SUCCESS
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
