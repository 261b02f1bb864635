//! The preprocessor's cache of rendered maps, kept between `mdbook build` runs.
//!
//! The cache lives in a folder of its own, [`FOLDER`] under the configured place, marked
//! with a `CACHEDIR.TAG` (so backup tools skip it). It only ever removes files inside
//! that folder that are named like its own entries, so `cache-dir = "."` or a folder
//! holding other files loses nothing. A `waymark-cache` folder without the tag belongs
//! to someone else: it is left alone and nothing is cached.

use std::collections::HashSet;
use std::path::{Component, Path, PathBuf};

/// The folder the cache owns under the configured cache place.
pub(crate) const FOLDER: &str = "waymark-cache";

/// Rendered maps by content key, and which of them this run used.
pub(crate) struct Cache {
    /// The folder the cache owns; `None` when it cannot be used.
    dir: Option<PathBuf>,
    /// Entries start with the renderer's name, so the html and markdown runs of one
    /// build do not remove each other's entries.
    prefix: String,
    used: HashSet<String>,
}

impl Cache {
    /// Opens (creating it when needed) the cache under `base` for `renderer`; returns a
    /// warning to show when the cache cannot be used (the book still builds).
    pub(crate) fn open(base: &Path, renderer: &str) -> (Cache, Option<String>) {
        let prefix: String = renderer
            .chars()
            .filter(char::is_ascii_alphanumeric)
            .collect();
        let dir = base.join(FOLDER);
        let (dir, warning) = match crate::files::claim_cache_dir(&dir, "mdbook build") {
            Ok(()) => (Some(dir), None),
            Err(why) => (
                None,
                Some(format!(
                    "warning: rendered maps are not cached: {why}\n  = help: set `cache-dir` under [preprocessor.journey] in book.toml to another folder\n"
                )),
            ),
        };
        let cache = Cache {
            dir,
            prefix,
            used: HashSet::new(),
        };
        (cache, warning)
    }

    fn entry(&self, key: u64) -> String {
        format!("{}-{key:016x}.html", self.prefix)
    }

    /// The cached HTML for `key`, if any; the entry is kept either way.
    pub(crate) fn get(&mut self, key: u64) -> Option<String> {
        let name = self.entry(key);
        let found = self
            .dir
            .as_ref()
            .and_then(|d| std::fs::read_to_string(d.join(&name)).ok());
        self.used.insert(name);
        found
    }

    /// Stores `html` under `key`; a cache that cannot be written only costs time.
    pub(crate) fn put(&mut self, key: u64, html: &str) {
        let name = self.entry(key);
        if let Some(dir) = &self.dir {
            // Written aside and renamed, so a reader never sees half an entry.
            let tmp = dir.join(format!("{}.tmp", name.trim_end_matches(".html")));
            if std::fs::write(&tmp, html).is_ok() {
                let _ = std::fs::rename(&tmp, dir.join(&name));
            }
        }
        self.used.insert(name);
    }

    /// Removes this renderer's entries that this run did not use (and leftovers of
    /// interrupted writes); nothing else is touched.
    pub(crate) fn prune(&self) {
        let Some(dir) = &self.dir else { return };
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for e in entries.flatten() {
            let name = e.file_name().to_string_lossy().into_owned();
            let ours =
                is_entry(&name, &self.prefix, ".html") || is_entry(&name, &self.prefix, ".tmp");
            if ours && !self.used.contains(&name) && e.file_type().is_ok_and(|t| t.is_file()) {
                let _ = std::fs::remove_file(e.path());
            }
        }
    }
}

/// Whether `name` is `<prefix>-<16 hex digits><suffix>`, the only names the cache writes.
fn is_entry(name: &str, prefix: &str, suffix: &str) -> bool {
    name.strip_prefix(prefix)
        .and_then(|r| r.strip_prefix('-'))
        .and_then(|r| r.strip_suffix(suffix))
        .is_some_and(|hex| {
            hex.len() == 16
                && hex
                    .bytes()
                    .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
        })
}

/// Where the cache goes when book.toml names no place: the user's cache folder, one
/// folder per book, never inside the book itself.
pub(crate) fn default_base(root: &Path) -> PathBuf {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    root.canonicalize()
        .unwrap_or_else(|_| root.to_path_buf())
        .hash(&mut h);
    user_cache_dir()
        .join("waymark")
        .join("mdbook")
        .join(format!("{:016x}", h.finish()))
}

/// The platform's per-user cache folder; the temporary folder when there is none.
fn user_cache_dir() -> PathBuf {
    let var = |name: &str| {
        std::env::var_os(name)
            .map(PathBuf::from)
            .filter(|p| p.is_absolute())
    };
    if cfg!(windows) {
        if let Some(p) = var("LOCALAPPDATA") {
            return p;
        }
    } else if let Some(p) = var("XDG_CACHE_HOME") {
        return p;
    } else if let Some(home) = var("HOME") {
        return if cfg!(target_os = "macos") {
            home.join("Library").join("Caches")
        } else {
            home.join(".cache")
        };
    }
    std::env::temp_dir()
}

/// Whether `path` lies inside `folder`, comparing the paths as written (`.` and `..`
/// resolved), since the cache folder may not exist yet.
pub(crate) fn is_inside(path: &Path, folder: &Path) -> bool {
    normalize(path).starts_with(normalize(folder))
}

fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    out.push("..");
                }
            }
            other => out.push(other),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_its_own_names_are_entries() {
        assert!(is_entry("html-0123456789abcdef.html", "html", ".html"));
        assert!(is_entry("html-0123456789abcdef.tmp", "html", ".tmp"));
        for other in [
            "important.html",
            "0123456789abcdef.html",
            "markdown-0123456789abcdef.html",
            "html-0123456789ABCDEF.html",
            "html-0123456789abcde.html",
            "html-0123456789abcdef.html.bak",
            "CACHEDIR.TAG",
        ] {
            assert!(!is_entry(other, "html", ".html"), "{other}");
        }
    }

    #[test]
    fn paths_inside_a_folder_as_written() {
        assert!(is_inside(Path::new("/b/src"), Path::new("/b/src")));
        assert!(is_inside(Path::new("/b/./src/x"), Path::new("/b/src")));
        assert!(is_inside(Path::new("/b/x/../src/c"), Path::new("/b/src")));
        assert!(!is_inside(Path::new("/b/."), Path::new("/b/src")));
        assert!(!is_inside(
            Path::new("/b/src/../cache"),
            Path::new("/b/src")
        ));
        assert!(!is_inside(Path::new("/b/srcs"), Path::new("/b/src")));
    }
}
