//! Reading files from a folder the user controls (a handbook): which files belong to it,
//! and one reader that never leaves it.
//!
//! The policy, the same for pages, `SUMMARY.md`, `waymark.toml`, templates, theme files,
//! map themes and static files, for `waymark build` and the preview alike:
//!
//! - A path belongs to the handbook unless one of its segments is hidden (`.git`) or an
//!   editor's scratch, backup or temporary file ([`is_scratch`]). The walk and the
//!   preview's watcher both ask [`belongs`], so they always agree on what the handbook is.
//! - A link is read only when what it points to lies inside the handbook (a page linked
//!   to another page of the same handbook is fine). Links to folders are never followed:
//!   the files such a folder holds are read where they really are, and one outside the
//!   handbook is reported.
//! - Only regular files are read: no FIFOs, devices or sockets.
//! - What is read into memory is capped ([`TEXT_LIMIT`], [`STATIC_LIMIT`]), however large
//!   the file says it is (files in `/proc` say 0 bytes).
//!
//! Each refusal is an error that names the file, says why and how to fix it. The check is
//! made on the resolved path just before reading; a link swapped in between the two is not
//! caught, which only the person who controls the folder could do.

use std::fmt;
use std::fs;
use std::io::Read;
use std::path::{Component, Path, PathBuf};

/// The most read from a page, `SUMMARY.md`, `waymark.toml`, a template, a theme file or a
/// map theme: far more than any hand-written text.
pub(crate) const TEXT_LIMIT: u64 = 8 << 20;

/// The most read from a static file (an image, a PDF) that is published as it is.
pub(crate) const STATIC_LIMIT: u64 = 64 << 20;

/// Vim's probe file: written and removed before a save to test whether the folder is
/// writable.
const VIM_PROBE: &str = "4913";

/// Endings of swap, temporary and partial-download files, and JetBrains' safe-write copies.
const SCRATCH_ENDINGS: [&str; 8] = [
    ".swp",
    ".swx",
    ".swo",
    ".tmp",
    ".part",
    ".crdownload",
    "___jb_tmp___",
    "___jb_old___",
];

/// A file that could not (or must not) be read, and what to do about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Refused {
    /// What is wrong, naming the file.
    pub message: String,
    /// How to fix it.
    pub help: String,
}

impl fmt::Display for Refused {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "error: {}\n  = help: {}", self.message, self.help)
    }
}

impl Refused {
    /// The message and its help without the leading `error: `, for callers that add it.
    pub(crate) fn unprefixed(&self) -> String {
        format!("{}\n  = help: {}", self.message, self.help)
    }
}

impl From<Refused> for String {
    fn from(r: Refused) -> String {
        r.to_string()
    }
}

/// Whether a file or folder name is hidden (`.git`, `.cache`, `.#page.md`).
pub(crate) fn is_hidden_name(name: &str) -> bool {
    name.starts_with('.') && name.len() > 1 && name != ".."
}

/// Whether a file or folder name is an editor's scratch file rather than content: backups
/// (`page.md~`, `#page.md#`), swap and lock files, temporary files and vim's probe.
pub(crate) fn is_scratch(name: &str) -> bool {
    name.ends_with('~')
        || (name.len() > 1 && name.starts_with('#') && name.ends_with('#'))
        || name == VIM_PROBE
        || SCRATCH_ENDINGS.iter().any(|end| name.ends_with(end))
}

/// Whether `rel`, a path relative to the handbook's root, belongs to the handbook: no
/// segment is hidden or scratch, and every segment is UTF-8 (a site's URLs are). The root
/// itself (an empty path) belongs.
pub(crate) fn belongs(rel: impl AsRef<Path>) -> bool {
    rel.as_ref().components().all(|c| match c {
        Component::Normal(name) => name
            .to_str()
            .is_some_and(|n| !is_hidden_name(n) && !is_scratch(n)),
        Component::CurDir => true,
        // `..`, a root or a prefix: not a path inside the handbook.
        _ => false,
    })
}

/// Where `root/rel` really is, when that is inside `root`; refused otherwise. `rel` must
/// stay below the root (no `..`, not absolute).
pub(crate) fn resolve(root: &Path, rel: &str) -> Result<PathBuf, Refused> {
    let path = root.join(rel);
    let inside = Path::new(rel)
        .components()
        .all(|c| matches!(c, Component::Normal(_) | Component::CurDir));
    if !inside {
        return Err(Refused {
            message: format!(
                "{} is not inside the handbook {}",
                path.display(),
                root.display()
            ),
            help: "name files by their path inside the handbook folder".to_string(),
        });
    }
    let real_root = root.canonicalize().map_err(|e| io_error(root, &e))?;
    match path.canonicalize() {
        Ok(real) if real.starts_with(&real_root) => Ok(real),
        Ok(real) => {
            let folder = real.is_dir();
            Err(Refused {
                message: format!(
                    "{} is a link to {}{}, outside the handbook folder {}",
                    path.display(),
                    if folder { "the folder " } else { "" },
                    real.display(),
                    root.display()
                ),
                help: format!(
                    "waymark reads nothing outside the handbook through a link; copy the {} into the handbook instead of linking to it",
                    if folder { "folder" } else { "file" }
                ),
            })
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound && path.is_symlink() => {
            let target = fs::read_link(&path).unwrap_or_default();
            Err(Refused {
                message: format!(
                    "{} is a link to {}, which does not exist",
                    path.display(),
                    target.display()
                ),
                help: "point the link at a file in the handbook, or remove it".to_string(),
            })
        }
        Err(e) => Err(io_error(&path, &e)),
    }
}

/// Reads `root/rel` under the handbook's policy: a link only to a file inside `root`, only
/// a regular file, at most `limit` bytes.
pub(crate) fn read_in(root: &Path, rel: &str, limit: u64) -> Result<Vec<u8>, Refused> {
    let real = resolve(root, rel)?;
    read_capped(&real, &root.join(rel), limit)
}

/// [`read_in`], as UTF-8 text (see [`into_text`]).
pub(crate) fn read_text_in(root: &Path, rel: &str, limit: u64) -> Result<String, Refused> {
    into_text(&root.join(rel), read_in(root, rel, limit)?)
}

/// The bytes read from `path` as UTF-8 text. A leading byte-order mark becomes three
/// spaces so byte offsets (and so line and column numbers) stay those of the file.
pub(crate) fn into_text(path: &Path, bytes: Vec<u8>) -> Result<String, Refused> {
    let mut text = String::from_utf8(bytes).map_err(|e| Refused {
        message: format!(
            "{} is not valid UTF-8 (first bad byte at offset {})",
            path.display(),
            e.utf8_error().valid_up_to()
        ),
        help: "save the file as UTF-8".to_string(),
    })?;
    if text.starts_with('\u{feff}') {
        text.replace_range(0..3, "   ");
    }
    Ok(text)
}

/// [`read_in`], or `None` when nothing at all (not even a broken link) is at `root/rel`,
/// for files a handbook may leave out (`waymark.toml`, `theme/waymark.css`).
pub(crate) fn read_optional(
    root: &Path,
    rel: &str,
    limit: u64,
) -> Result<Option<Vec<u8>>, Refused> {
    if !present(root, rel) {
        return Ok(None);
    }
    read_in(root, rel, limit).map(Some)
}

/// Whether anything (a file, a folder, a link, even a broken one) is at `root/rel`.
pub(crate) fn present(root: &Path, rel: &str) -> bool {
    fs::symlink_metadata(root.join(rel)).is_ok()
}

/// Reads the regular file at `real` (`shown` is the name the user knows it by), at most
/// `limit` bytes. Links are followed: call it on a path [`resolve`] returned, or on one
/// the user named outright.
pub(crate) fn read_capped(real: &Path, shown: &Path, limit: u64) -> Result<Vec<u8>, Refused> {
    // Checked before opening: opening a FIFO would wait for a writer.
    let meta = fs::metadata(real).map_err(|e| io_error(shown, &e))?;
    check_regular(&meta, shown)?;
    if meta.len() > limit {
        return Err(too_large(shown, limit));
    }
    let file = fs::File::open(real).map_err(|e| io_error(shown, &e))?;
    // What was opened may differ from what was checked.
    let opened = file.metadata().map_err(|e| io_error(shown, &e))?;
    check_regular(&opened, shown)?;
    let mut bytes = Vec::with_capacity(usize::try_from(opened.len().min(limit)).unwrap_or(0));
    file.take(limit.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|e| io_error(shown, &e))?;
    if bytes.len() as u64 > limit {
        return Err(too_large(shown, limit));
    }
    Ok(bytes)
}

fn check_regular(meta: &fs::Metadata, shown: &Path) -> Result<(), Refused> {
    if meta.is_file() {
        return Ok(());
    }
    Err(Refused {
        message: format!(
            "{} is not a regular file but {}",
            shown.display(),
            kind(meta)
        ),
        help: "only regular files are read from a handbook; remove it or put a regular file in its place".to_string(),
    })
}

/// What kind of special file `meta` describes, with its article.
fn kind(meta: &fs::Metadata) -> &'static str {
    if meta.is_dir() {
        return "a folder";
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        let t = meta.file_type();
        if t.is_fifo() {
            return "a named pipe (FIFO)";
        }
        if t.is_socket() {
            return "a socket";
        }
        if t.is_char_device() || t.is_block_device() {
            return "a device";
        }
    }
    "a special file"
}

fn too_large(shown: &Path, limit: u64) -> Refused {
    Refused {
        message: format!(
            "{} is larger than {} MiB, the most waymark reads from such a file",
            shown.display(),
            limit >> 20
        ),
        help: "make the file smaller (split a long page, compress an image), or host a large download elsewhere and link to it".to_string(),
    }
}

fn io_error(shown: &Path, e: &std::io::Error) -> Refused {
    Refused {
        message: format!("cannot read {}: {e}", shown.display()),
        help: "check that the file exists and that you may read it".to_string(),
    }
}

/// The tag that marks a cache folder, in the format of <https://bford.info/cachedir/>
/// (backup tools skip such folders).
const CACHE_TAG: &str = "CACHEDIR.TAG";
const CACHE_SIGNATURE: &str = "Signature: 8a477f597d28d172789f06886806bc55";

/// Makes `dir` a cache folder of waymark's (rebuilt by `rebuilt_by`): created with its
/// tag when missing or empty, accepted when it carries waymark's tag, refused otherwise,
/// so a folder of that name holding someone else's files is never written into.
pub(crate) fn claim_cache_dir(dir: &Path, rebuilt_by: &str) -> Result<(), String> {
    fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    let tag = dir.join(CACHE_TAG);
    match fs::read_to_string(&tag) {
        Ok(text) if text.starts_with(CACHE_SIGNATURE) && text.contains("waymark") => Ok(()),
        Ok(_) => Err(format!("{} belongs to another program", tag.display())),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            let empty = fs::read_dir(dir)
                .map(|mut d| d.next().is_none())
                .unwrap_or(false);
            if !empty {
                return Err(format!(
                    "{} already holds files and has no {CACHE_TAG}, so it is not waymark's",
                    dir.display()
                ));
            }
            let text = format!(
                "{CACHE_SIGNATURE}\n# This file is a cache directory tag created by waymark.\n# Everything in this folder can be deleted; it is rebuilt by the next `{rebuilt_by}`.\n# For information about cache directory tags, see https://bford.info/cachedir/\n"
            );
            fs::write(&tag, text).map_err(|e| format!("cannot write {}: {e}", tag.display()))
        }
        Err(e) => Err(format!("cannot read {}: {e}", tag.display())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_belongs() {
        for rel in [
            "page.md",
            "journeys/a.journey",
            "waymark.toml",
            "img/logo.png",
            "notes/4913.md",
            "a#b.md",
            "",
        ] {
            assert!(belongs(rel), "{rel}");
        }
        for rel in [
            ".page.md.swp",
            "page.md~",
            "#page.md#",
            "a/#plan.md#",
            "4913",
            ".#page.md",
            "x.tmp",
            "big.iso.part",
            "f.pdf.crdownload",
            "page.md___jb_tmp___",
            "page.md___jb_old___",
            "j/x.swx",
            "x.swo",
            ".git/config",
            "a/.cache/b.md",
            "backup~/page.md",
            "../secret.md",
            "/etc/passwd",
        ] {
            assert!(!belongs(rel), "{rel}");
        }
    }

    #[test]
    fn reads_inside_and_refuses_the_rest() {
        let outside = tempfile::tempdir().unwrap();
        std::fs::write(outside.path().join("secret"), "TOP SECRET").unwrap();
        let root = tempfile::tempdir().unwrap();
        let r = root.path();
        std::fs::write(r.join("a.md"), "\u{feff}# A").unwrap();
        assert_eq!(read_text_in(r, "a.md", TEXT_LIMIT).unwrap(), "   # A");
        assert!(read_in(r, "../a.md", TEXT_LIMIT).is_err());
        let big = read_in(r, "a.md", 2).unwrap_err();
        assert!(big.message.contains("a.md is larger than"), "{big}");
        assert_eq!(read_optional(r, "none.md", TEXT_LIMIT), Ok(None));
        #[cfg(unix)]
        {
            use std::os::unix::fs::symlink;
            symlink(r.join("a.md"), r.join("same.md")).unwrap();
            assert!(read_in(r, "same.md", TEXT_LIMIT).is_ok(), "a link inside");
            symlink(outside.path().join("secret"), r.join("s.md")).unwrap();
            let e = read_in(r, "s.md", TEXT_LIMIT).unwrap_err();
            assert!(e.message.contains("s.md is a link to"), "{e}");
            assert!(e.message.contains("outside the handbook"), "{e}");
            symlink(outside.path(), r.join("dir")).unwrap();
            let e = read_in(r, "dir/secret", TEXT_LIMIT).unwrap_err();
            assert!(e.message.contains("outside the handbook"), "{e}");
            symlink(r.join("gone"), r.join("broken.md")).unwrap();
            let e = read_optional(r, "broken.md", TEXT_LIMIT).unwrap_err();
            assert!(e.message.contains("does not exist"), "{e}");
            symlink("/dev/zero", r.join("zero.css")).unwrap();
            assert!(read_in(r, "zero.css", TEXT_LIMIT).is_err());
            let e = read_capped(Path::new("/dev/zero"), Path::new("z"), 16).unwrap_err();
            assert!(e.message.contains("not a regular file but a device"), "{e}");
        }
        std::fs::create_dir(r.join("folder.md")).unwrap();
        let e = read_in(r, "folder.md", TEXT_LIMIT).unwrap_err();
        assert!(e.message.contains("not a regular file but a folder"), "{e}");
    }
}
