//! Reading what people point waymark at: a file, or standard input named `-`, read the same
//! way for every command (UTF-8 checked, a byte-order mark kept out of the text), and
//! folders walked for the files waymark reads.

use crate::error::Error;
use crate::journey::source::mermaid_diagram_type;
use crate::journey::SourceKind;
use std::io::Read;
use std::path::{Path, PathBuf};

/// The name that stands for standard input where a file is expected.
pub(crate) const STDIN: &str = "-";

/// The name diagnostics give standard input.
pub(crate) const STDIN_NAME: &str = "<stdin>";

/// A text to read journeys from.
#[derive(Debug, Clone)]
pub struct Input {
    /// The name diagnostics use: the path as given, or `<stdin>`.
    pub name: PathBuf,
    /// The text.
    pub text: String,
    /// How to read it: by the file's extension (files of other extensions are markdown);
    /// standard input is markdown unless it is a Mermaid journey diagram.
    pub kind: SourceKind,
}

/// Whether `name` is the name an input read from standard input goes by.
pub fn is_stdin_name(name: &Path) -> bool {
    name.as_os_str() == STDIN_NAME
}

/// Whether `path` names standard input.
pub(crate) fn is_stdin(path: &Path) -> bool {
    path.as_os_str() == STDIN
}

/// Reads the file at `path`, or standard input when it is `-`.
pub fn read_input(path: &Path) -> Result<Input, Error> {
    if is_stdin(path) {
        let name = PathBuf::from(STDIN_NAME);
        let mut bytes = Vec::new();
        std::io::stdin()
            .lock()
            .read_to_end(&mut bytes)
            .map_err(|source| Error::Read {
                path: name.clone(),
                source,
            })?;
        let text = decode(&name, bytes)?;
        return Ok(Input {
            kind: stdin_kind(&text),
            text,
            name,
        });
    }
    if path.is_dir() {
        return Err(Error::NotAFile {
            path: path.to_path_buf(),
        });
    }
    let bytes = std::fs::read(path).map_err(|source| Error::Read {
        path: path.to_path_buf(),
        source,
    })?;
    Ok(Input {
        text: decode(path, bytes)?,
        name: path.to_path_buf(),
        kind: SourceKind::of(path).unwrap_or(SourceKind::Markdown),
    })
}

/// How standard input, which has no extension, is read: as a Mermaid file when its first
/// word (after what Mermaid skips: front matter, comments, directives) is `journey`, as
/// `cat day.mmd | waymark svg -` means (Mermaid would read it as a journey too); as
/// markdown otherwise.
pub(crate) fn stdin_kind(text: &str) -> SourceKind {
    match mermaid_diagram_type(text) {
        Some((_, "journey")) => SourceKind::MermaidFile,
        _ => SourceKind::Markdown,
    }
}

/// `bytes` read from `name` as UTF-8 text. A leading byte-order mark becomes three spaces
/// so byte offsets (and so line and column numbers) stay those of the file.
fn decode(name: &Path, bytes: Vec<u8>) -> Result<String, Error> {
    let mut text = String::from_utf8(bytes).map_err(|e| Error::NotUtf8 {
        path: name.to_path_buf(),
        offset: e.utf8_error().valid_up_to(),
    })?;
    if text.starts_with('\u{feff}') {
        text.replace_range(0..3, "   ");
    }
    Ok(text)
}

/// Whether a folder entry is hidden (`.git`, `.cache`, …) and so never walked into.
fn is_hidden(name: &std::ffi::OsStr) -> bool {
    name.to_str().is_some_and(crate::files::is_hidden_name)
}

/// A file to read, as [`collect`] found it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Found {
    /// The path, or `-` for standard input.
    pub(crate) path: PathBuf,
    /// Named outright rather than found in a folder. A Mermaid file found in a folder
    /// may hold another kind of diagram and is then left alone; one named outright is
    /// read, and reported when it holds no journey.
    pub(crate) named: bool,
}

/// The files named by `paths` (`-` for standard input, at most once) and the `.md`,
/// `.journey`, `.mmd` and `.mermaid` files in the folders among them, walked recursively
/// past hidden folders, in a stable order.
pub(crate) fn collect(paths: &[PathBuf]) -> Result<Vec<Found>, Error> {
    let mut out = Vec::new();
    let mut stdin = false;
    for path in paths {
        if is_stdin(path) {
            if std::mem::replace(&mut stdin, true) {
                return Err(Error::Usage {
                    message: "standard input (`-`) is named twice".to_string(),
                    help: Some("name `-` once; it is read once".to_string()),
                });
            }
            out.push(Found {
                path: path.clone(),
                named: true,
            });
        } else if path.is_dir() {
            let walker = walkdir::WalkDir::new(path)
                .sort_by_file_name()
                .into_iter()
                .filter_entry(|e| e.depth() == 0 || !is_hidden(e.file_name()));
            for entry in walker {
                let entry = entry.map_err(|e| walk_error(path, e))?;
                if entry.file_type().is_file() && SourceKind::of(entry.path()).is_some() {
                    out.push(Found {
                        path: entry.into_path(),
                        named: false,
                    });
                }
            }
        } else {
            // Whatever is there is read (a pipe from `<(…)` too); nothing there is reported.
            std::fs::metadata(path).map_err(|source| Error::Read {
                path: path.clone(),
                source,
            })?;
            out.push(Found {
                path: path.clone(),
                named: true,
            });
        }
    }
    Ok(out)
}

fn walk_error(folder: &Path, e: walkdir::Error) -> Error {
    let path = e.path().unwrap_or(folder).to_path_buf();
    let source = match e.into_io_error() {
        Some(io) => io,
        // The only other failure: a link that leads back into a folder above it.
        None => std::io::Error::other("a link leads back into a folder that holds it"),
    };
    Error::Read { path, source }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folders_give_every_kind_of_journey_file_and_named_paths_stay_named() {
        let tmp = tempfile::tempdir().expect("temp dir");
        let d = tmp.path();
        for name in [
            "a.md",
            "b.journey",
            "c.mmd",
            "d.mermaid",
            "e.txt",
            ".hidden/f.md",
        ] {
            let p = d.join(name);
            std::fs::create_dir_all(p.parent().expect("parent")).expect("folder");
            std::fs::write(p, "").expect("write");
        }
        let found =
            collect(&[d.to_path_buf(), d.join("e.txt"), PathBuf::from("-")]).expect("collected");
        let names: Vec<(String, bool)> = found
            .iter()
            .map(|f| {
                let name = f.path.file_name().unwrap_or_default();
                (name.to_string_lossy().into_owned(), f.named)
            })
            .collect();
        let expected = [
            ("a.md", false),
            ("b.journey", false),
            ("c.mmd", false),
            ("d.mermaid", false),
            ("e.txt", true),
            ("-", true),
        ];
        let expected: Vec<(String, bool)> =
            expected.iter().map(|(n, b)| (n.to_string(), *b)).collect();
        assert_eq!(names, expected);
        let twice = collect(&[PathBuf::from("-"), PathBuf::from("-")]);
        assert!(matches!(twice, Err(Error::Usage { .. })));
        let missing = collect(&[d.join("nope")]).expect_err("nothing there");
        assert!(missing.is_usage(), "{missing}");
    }

    #[test]
    fn standard_input_is_markdown_unless_a_mermaid_journey() {
        let mermaid = "---\ntitle: x\n---\n%% note\njourney\n  section S\n";
        assert_eq!(stdin_kind(mermaid), SourceKind::MermaidFile);
        for markdown in ["# Day\n\n```journey\n```\n", "journeys are fun\n", ""] {
            assert_eq!(stdin_kind(markdown), SourceKind::Markdown, "{markdown:?}");
        }
    }

    #[test]
    fn a_byte_order_mark_keeps_offsets() {
        let text = decode(Path::new("x"), b"\xef\xbb\xbfjourney".to_vec()).expect("UTF-8");
        assert_eq!(text, "   journey");
        let bad = decode(Path::new("x"), b"ok\xe9".to_vec()).expect_err("not UTF-8");
        assert_eq!(
            bad.to_string(),
            "x is not valid UTF-8 (first bad byte at offset 2)"
        );
    }
}
