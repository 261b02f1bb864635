//! Where a build's files go: into memory (the preview keeps the site there), or straight
//! into the output's staging folder, so a one-off build never holds the whole site.

use super::{Built, File};
use crate::site::output::Staging;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Mutex;

/// Takes a build's files from every thread.
pub(super) struct Sink<'a> {
    staging: Option<&'a Staging>,
    files: Mutex<BTreeMap<String, File>>,
    /// Every path put so far, in both cases.
    names: Mutex<BTreeSet<String>>,
    errors: Mutex<Vec<String>>,
}

impl<'a> Sink<'a> {
    /// Files go into `staging` when given, into memory otherwise.
    pub(super) fn new(staging: Option<&'a Staging>) -> Sink<'a> {
        Sink {
            staging,
            files: Mutex::default(),
            names: Mutex::default(),
            errors: Mutex::default(),
        }
    }

    /// Puts the file at `path` (relative to the output folder).
    pub(super) fn put(&self, path: String, bytes: impl Into<File>) {
        let bytes = bytes.into();
        if let Ok(mut n) = self.names.lock() {
            n.insert(path.clone());
        }
        match self.staging {
            Some(s) => {
                if let Err(e) = s.put(&path, &bytes) {
                    if let Ok(mut errs) = self.errors.lock() {
                        errs.push(format!("error: {e}"));
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

    /// Whether a file was put at `path`.
    pub(super) fn contains(&self, path: &str) -> bool {
        self.names.lock().is_ok_and(|n| n.contains(path))
    }

    /// Every path put so far, in order.
    pub(super) fn names(&self) -> BTreeSet<String> {
        self.names.lock().map(|n| n.clone()).unwrap_or_default()
    }

    /// The files kept in memory (a sink made without a staging folder).
    pub(super) fn into_files(self) -> BTreeMap<String, File> {
        self.files.into_inner().unwrap_or_default()
    }

    /// Hands the files kept in memory, and whatever could not be written, to `built`.
    pub(super) fn finish(self, built: &mut Built) {
        built
            .fatal
            .extend(self.errors.into_inner().unwrap_or_default());
        built.files = self.files.into_inner().unwrap_or_default();
    }
}
