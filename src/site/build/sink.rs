//! Where a build's files go: into memory (the preview keeps the site there), or straight
//! into the output's staging folder, so a one-off build never holds the whole site. With
//! the build cache, each file is recorded, and one whose bytes the output already holds
//! is not written again.

use super::cache::{FileRecord, Records};
use super::{Built, File};
use crate::site::output::Staging;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::Mutex;

/// Takes a build's files from every thread.
pub(super) struct Sink<'a> {
    staging: Option<&'a Staging>,
    files: Mutex<BTreeMap<String, File>>,
    /// Every path put so far into the staging folder (in memory, `files` has them).
    names: Mutex<BTreeSet<String>>,
    errors: Mutex<Vec<String>>,
    /// Every file of this build as written (a build with a cache).
    records: Option<Mutex<Records>>,
    /// The output's files as the last build wrote them, still intact: one with the same
    /// bytes is kept where it is.
    previous: HashMap<String, FileRecord>,
}

impl<'a> Sink<'a> {
    /// Files go into `staging` when given, into memory otherwise.
    pub(super) fn new(staging: Option<&'a Staging>) -> Sink<'a> {
        Sink {
            staging,
            files: Mutex::default(),
            names: Mutex::default(),
            errors: Mutex::default(),
            records: None,
            previous: HashMap::new(),
        }
    }

    /// Files go into `staging`, each recorded; a file `previous` holds with the same
    /// bytes stays where it is in the output.
    pub(super) fn recording(
        staging: &'a Staging,
        previous: HashMap<String, FileRecord>,
    ) -> Sink<'a> {
        Sink {
            records: Some(Mutex::default()),
            previous,
            ..Sink::new(Some(staging))
        }
    }

    /// Whether the output holds `path` as the last build wrote it.
    pub(super) fn has_previous(&self, path: &str) -> bool {
        self.previous.contains_key(path)
    }

    /// Keeps the file at `path` as the last build wrote it (see [`Sink::has_previous`]).
    pub(super) fn keep(&self, path: &str) {
        if let (Some(_), Some(r)) = (&self.records, self.previous.get(path)) {
            if let Ok(mut n) = self.names.lock() {
                n.insert(path.to_string());
            }
            self.record(path.to_string(), *r);
        }
    }

    /// Puts the file at `path` (relative to the output folder).
    pub(super) fn put(&self, path: String, bytes: impl Into<File>) {
        let bytes = bytes.into();
        match self.staging {
            Some(s) => {
                if let Ok(mut n) = self.names.lock() {
                    n.insert(path.clone());
                }
                let hash = self
                    .records
                    .as_ref()
                    .map(|_| xxhash_rust::xxh3::xxh3_64(&bytes));
                if hash.is_some_and(|h| self.kept_as_before(&path, h, bytes.len() as u64)) {
                    return;
                }
                if let Err(e) = s.put(&path, &bytes) {
                    if let Ok(mut errs) = self.errors.lock() {
                        errs.push(format!("error: {e}"));
                    }
                } else if let Some(hash) = hash {
                    if let Some(r) = FileRecord::written(hash, &s.path_of(&path)) {
                        self.record(path, r);
                    }
                }
            }
            None => {
                if let Ok(mut f) = self.files.lock() {
                    f.insert(path, bytes);
                }
            }
        }
    }

    /// Puts one file at each of `paths`, all with the bytes `write` writes a part at a
    /// time: into the staging folder as they come (a register of a large handbook is a
    /// 130 MB page), or into memory. A failure of `write` is returned; what it wrote is
    /// left in the staging folder, which a failed build never commits.
    pub(super) fn put_written(
        &self,
        paths: &[String],
        write: impl FnOnce(&mut dyn FnMut(&[u8]) -> Result<(), String>) -> Result<(), String>,
    ) -> Result<(), String> {
        let Some(staging) = self.staging else {
            let mut bytes = Vec::new();
            write(&mut |part| {
                bytes.extend_from_slice(part);
                Ok(())
            })?;
            let file: File = bytes.into();
            for path in paths {
                self.put(path.clone(), File::clone(&file));
            }
            return Ok(());
        };
        if let Ok(mut n) = self.names.lock() {
            n.extend(paths.iter().cloned());
        }
        let mut files = Vec::with_capacity(paths.len());
        for path in paths {
            let file = staging.create(path)?;
            files.push((std::io::BufWriter::with_capacity(1 << 16, file), path));
        }
        let mut hash = xxhash_rust::xxh3::Xxh3::new();
        let mut len = 0u64;
        write(&mut |part| {
            if self.records.is_some() {
                hash.update(part);
            }
            len += part.len() as u64;
            for (file, path) in &mut files {
                std::io::Write::write_all(file, part).map_err(|e| {
                    format!("cannot write {}: {e}", staging.path_of(path).display())
                })?;
            }
            Ok(())
        })?;
        let hash = hash.digest();
        for (file, path) in files {
            file.into_inner()
                .map_err(|e| format!("cannot write {}: {e}", staging.path_of(path).display()))?;
            if self.records.is_none() {
                continue;
            }
            let staged = staging.path_of(path);
            if self.kept_as_before(path, hash, len) {
                std::fs::remove_file(&staged)
                    .map_err(|e| format!("cannot remove {}: {e}", staged.display()))?;
            } else if let Some(r) = FileRecord::written(hash, &staged) {
                self.record(path.clone(), r);
            }
        }
        Ok(())
    }

    /// Whether the output holds `path` with these bytes (their `hash` and `len`) as the
    /// last build wrote it: then it stays there, recorded as it was.
    fn kept_as_before(&self, path: &str, hash: u64, len: u64) -> bool {
        match self.previous.get(path) {
            Some(prev) if prev.hash == hash && prev.len == len => {
                self.record(path.to_string(), *prev);
                true
            }
            _ => false,
        }
    }

    fn record(&self, path: String, record: FileRecord) {
        if let Some(Ok(mut records)) = self.records.as_ref().map(Mutex::lock) {
            records.insert(path, record);
        }
    }

    /// Whether a file was put at `path`.
    pub(super) fn contains(&self, path: &str) -> bool {
        match self.staging {
            Some(_) => self.names.lock().is_ok_and(|n| n.contains(path)),
            None => self.files.lock().is_ok_and(|f| f.contains_key(path)),
        }
    }

    /// Every path put so far, in order.
    pub(super) fn names(&self) -> BTreeSet<String> {
        match self.staging {
            Some(_) => self.names.lock().map(|n| n.clone()).unwrap_or_default(),
            None => self
                .files
                .lock()
                .map(|f| f.keys().cloned().collect())
                .unwrap_or_default(),
        }
    }

    /// The files kept in memory (a sink made without a staging folder).
    pub(super) fn into_files(self) -> BTreeMap<String, File> {
        self.files.into_inner().unwrap_or_default()
    }

    /// Hands the files kept in memory, and whatever could not be written, to `built`;
    /// returns the records of a recording sink.
    pub(super) fn finish(self, built: &mut Built) -> Option<Records> {
        built
            .fatal
            .extend(self.errors.into_inner().unwrap_or_default());
        built.files = self.files.into_inner().unwrap_or_default();
        self.records.map(|r| r.into_inner().unwrap_or_default())
    }
}
