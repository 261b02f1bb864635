//! The build cache of `waymark build`: what the last good build wrote, kept in the
//! handbook's [`FOLDER`], so the next build renders only the pages whose inputs changed
//! and writes only the files whose bytes changed.
//!
//! Each page is keyed by everything its output reads ([`Keys`]): this build of waymark,
//! the settings, templates, themes, personas, the navigation, the list of pages (links),
//! today's date, the page's text and journeys (with what its data says), its
//! current/future partner, and the checked-out commit when a map shows its last review.
//! Every output file is recorded with the hash of its bytes, its length and its
//! modification time; before a record is trusted the output folder is walked and every
//! file compared, so a file changed, removed or added by hand since is written again.
//!
//! The cache is one file: a magic number, the checksum of what follows, and the records.
//! A file that is unreadable, cut short, of another format or of another build of waymark
//! is ignored (the build renders everything and writes a fresh one), never trusted.

use super::keys::Own;
use crate::site::search;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use xxhash_rust::xxh3::xxh3_64;

/// The folder of the handbook the cache lives in (hidden, so never part of the site).
pub const FOLDER: &str = ".waymark-cache";

/// The cache file inside [`FOLDER`].
const FILE: &str = "build.bin";

/// The file's first bytes: its format, changed whenever [`Stored`] changes shape.
const MAGIC: &[u8; 8] = b"WMBUILD2";

/// This build of waymark (see build.rs): a cache written by another one is not used.
pub(super) const BUILD_ID: &str = env!("WAYMARK_BUILD_ID");

/// What the last good build wrote.
#[derive(Debug, Default, Serialize, Deserialize)]
pub(super) struct Stored {
    /// The waymark build that wrote it.
    build: String,
    /// The output folder it describes, absolute.
    output: PathBuf,
    /// The global part of its keys.
    pub global: u64,
    /// Each page's own inputs and what the handbook shows of it (drafts too).
    pub own: HashMap<String, Own>,
    /// Rendered pages by source path.
    pub pages: HashMap<String, PageRecord>,
    /// The handbook's own pages.
    pub handbook: Option<HandbookRecord>,
    /// Every file of the output folder by path.
    pub files: HashMap<String, FileRecord>,
}

/// One rendered page.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(super) struct PageRecord {
    /// The page's key when it was rendered.
    pub key: u64,
    /// The files it wrote: the page and its maps' models.
    pub files: Vec<String>,
    /// What search reads of it.
    pub entry: search::Entry,
    /// The maps it drew (their hashes).
    pub maps: Vec<u64>,
}

/// The handbook's own pages (journeys index, registers, persona and evidence pages).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(super) struct HandbookRecord {
    /// Their key when they were written.
    pub key: u64,
    /// The files written.
    pub files: Vec<String>,
    /// Search entries: (title, URL, entry).
    pub entries: Vec<(String, String, search::Entry)>,
}

/// One output file as it was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub(super) struct FileRecord {
    /// xxh3 of its bytes.
    pub hash: u64,
    /// Its length.
    pub len: u64,
    /// Its modification time (seconds and nanoseconds since 1970).
    pub modified: (u64, u32),
}

impl FileRecord {
    /// The record of bytes hashed `hash`, just written at `path`.
    pub(super) fn written(hash: u64, path: &Path) -> Option<FileRecord> {
        let meta = std::fs::symlink_metadata(path).ok()?;
        Some(FileRecord {
            hash,
            len: meta.len(),
            modified: modified(&meta)?,
        })
    }
}

fn modified(meta: &std::fs::Metadata) -> Option<(u64, u32)> {
    let t = meta.modified().ok()?;
    let d = t.duration_since(std::time::UNIX_EPOCH).ok()?;
    Some((d.as_secs(), d.subsec_nanos()))
}

/// A handbook's cache folder, claimed.
#[derive(Debug)]
pub(super) struct Cache {
    dir: PathBuf,
}

impl Cache {
    /// The cache folder of the handbook at `root`, created with its tag when missing.
    /// A folder of that name without waymark's tag is someone else's: the warning says
    /// so and nothing is cached.
    pub(super) fn open(root: &Path) -> Result<Cache, String> {
        let dir = root.join(FOLDER);
        crate::files::claim_cache_dir(&dir, "waymark build")?;
        Ok(Cache { dir })
    }

    /// What the last good build into `output` wrote, if the cache holds it whole and this
    /// build of waymark wrote it; `Err` says why a cache that is there cannot be used.
    pub(super) fn read(&self, output: &Path) -> Result<Option<Stored>, String> {
        let path = self.dir.join(FILE);
        let bytes = match std::fs::read(&path) {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(format!("cannot read {}: {e}", path.display())),
        };
        let unusable = |why: &str| Err(format!("{} {why}", path.display()));
        let Some((head, body)) = bytes.split_at_checked(16) else {
            return unusable("is cut short");
        };
        if &head[..8] != MAGIC {
            return unusable("is not a build cache of this version of waymark");
        }
        let sum = u64::from_le_bytes(head[8..16].try_into().unwrap_or_default());
        if sum != xxh3_64(body) {
            return unusable("is damaged");
        }
        use bincode::Options;
        let stored: Stored = match bincode::options()
            .with_limit(body.len() as u64)
            .deserialize(body)
        {
            Ok(s) => s,
            Err(_) => return unusable("cannot be read"),
        };
        // Another build of waymark may draw differently; another output folder holds
        // other files. Neither is a problem worth a note.
        Ok((stored.build == BUILD_ID && stored.output == output).then_some(stored))
    }

    /// Writes `stored` as the cache of the build into `output`: to a file beside it, then
    /// renamed, so the cache is always whole.
    pub(super) fn write(&self, mut stored: Stored, output: &Path) -> Result<(), String> {
        use bincode::Options;
        stored.build = BUILD_ID.to_string();
        stored.output = output.to_path_buf();
        let body = bincode::options()
            .serialize(&stored)
            .map_err(|e| format!("cannot write the build cache: {e}"))?;
        let mut bytes = Vec::with_capacity(body.len() + 16);
        bytes.extend_from_slice(MAGIC);
        bytes.extend_from_slice(&xxh3_64(&body).to_le_bytes());
        bytes.extend_from_slice(&body);
        let path = self.dir.join(FILE);
        let part = self.dir.join(format!("{FILE}.part"));
        std::fs::write(&part, &bytes)
            .and_then(|()| std::fs::rename(&part, &path))
            .map_err(|e| format!("cannot write {}: {e}", path.display()))
    }

    /// Removes the cache file, so a build that failed part way is not trusted later.
    pub(super) fn forget(&self) {
        let _ = std::fs::remove_file(self.dir.join(FILE));
    }
}

/// Compares the output folder with the records of the build that wrote it. Returns the
/// records of the files still as written, or `None` when the folder holds anything
/// waymark did not write there (then everything is written afresh, as without a cache).
pub(super) fn intact(
    out: &Path,
    files: &HashMap<String, FileRecord>,
) -> Option<HashMap<String, FileRecord>> {
    let mut seen = HashMap::with_capacity(files.len());
    for entry in walkdir::WalkDir::new(out).follow_links(false).min_depth(1) {
        let entry = entry.ok()?;
        let kind = entry.file_type();
        if kind.is_dir() {
            continue;
        }
        let rel = entry
            .path()
            .strip_prefix(out)
            .ok()?
            .to_str()?
            .replace('\\', "/");
        if rel == crate::site::output::MARKER {
            continue;
        }
        let record = files.get(&rel)?;
        if !kind.is_file() {
            return None;
        }
        let meta = entry.metadata().ok()?;
        if meta.len() == record.len && modified(&meta) == Some(record.modified) {
            seen.insert(rel, *record);
        }
    }
    Some(seen)
}

/// The records of a build, as its sink collected them.
pub(super) type Records = HashMap<String, FileRecord>;

/// What a build with a cache reads of the last one and leaves for the next.
#[derive(Debug, Default)]
pub(super) struct Incremental {
    /// The last build's pages.
    pub previous: HashMap<String, PageRecord>,
    /// The last build's handbook pages.
    pub previous_handbook: Option<HandbookRecord>,
    /// The last build's global key and pages' own inputs.
    pub previous_own: (u64, HashMap<String, Own>),
    /// This build's, for the next.
    pub next: Stored,
    /// Pages rendered (the others were kept).
    pub rendered: usize,
}
