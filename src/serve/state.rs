//! The built site as the server sees it: files in memory, the errors to show, and a
//! version that grows with every rebuild.

use super::Outcome;
use std::collections::BTreeMap;
use std::sync::Arc;

/// Whether two versions of a file hold the same bytes; a file the builder kept is the
/// same allocation, which spares comparing it.
fn same(a: &Arc<Vec<u8>>, b: &Arc<Vec<u8>>) -> bool {
    Arc::ptr_eq(a, b) || a == b
}

/// The site being served.
#[derive(Debug, Default)]
pub(crate) struct SiteState {
    /// Output files by URL path (`index.html`, `journeys/a.html`).
    pub files: BTreeMap<String, Arc<Vec<u8>>>,
    /// Pages whose sources are broken, with the report to overlay on them.
    pub page_errors: BTreeMap<String, String>,
    /// Why the last build of the whole site failed, while it stays failed.
    pub site_error: Option<String>,
    /// Bumped on every applied outcome.
    pub version: u64,
}

impl SiteState {
    /// Applies a build outcome; returns the URL paths whose content or errors changed, or
    /// `["*"]` when every page is affected.
    pub(crate) fn apply(&mut self, outcome: Outcome) -> Vec<String> {
        self.version += 1;
        let mut changed: Vec<String> = Vec::new();
        let site_error_changed = self.site_error != outcome.site_error;
        self.site_error = outcome.site_error;
        if self.site_error.is_some() {
            // The last good build stays; only the error is new.
            return vec!["*".to_string()];
        }
        if outcome.replace_all {
            // Both sides are in path order: one walk finds what changed, and the new map
            // is taken as it is (a rebuild of a large handbook hands over every file).
            let old = std::mem::replace(&mut self.files, outcome.updated);
            let mut old = old.iter().peekable();
            for (path, bytes) in &self.files {
                while let Some((gone, _)) = old.next_if(|(o, _)| *o < path) {
                    changed.push(gone.clone());
                }
                match old.next_if(|(o, _)| *o == path) {
                    Some((_, before)) if same(before, bytes) => {}
                    _ => changed.push(path.clone()),
                }
            }
            changed.extend(old.map(|(gone, _)| gone.clone()));
        } else {
            for (path, bytes) in outcome.updated {
                if self.files.get(&path).is_none_or(|b| !same(b, &bytes)) {
                    changed.push(path.clone());
                    self.files.insert(path, bytes);
                }
            }
            for path in outcome.removed {
                if self.files.remove(&path).is_some() {
                    changed.push(path);
                }
            }
        }
        let old_errors = std::mem::replace(&mut self.page_errors, outcome.page_errors);
        for path in old_errors.keys().chain(self.page_errors.keys()) {
            if old_errors.get(path) != self.page_errors.get(path) {
                changed.push(path.clone());
            }
        }
        if site_error_changed {
            return vec!["*".to_string()];
        }
        changed.sort();
        changed.dedup();
        changed
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn outcome(files: &[(&str, &str)], replace_all: bool) -> Outcome {
        Outcome {
            updated: files
                .iter()
                .map(|(p, b)| (p.to_string(), Arc::new(b.as_bytes().to_vec())))
                .collect(),
            replace_all,
            ..Outcome::default()
        }
    }

    #[test]
    fn only_real_changes_are_reported() {
        let mut s = SiteState::default();
        s.apply(outcome(&[("a.html", "A"), ("b.html", "B")], true));
        assert_eq!(
            s.apply(outcome(&[("a.html", "A"), ("b.html", "B2")], false)),
            ["b.html"]
        );
        assert_eq!(s.apply(outcome(&[("a.html", "A")], true)), ["b.html"]);
        assert!(!s.files.contains_key("b.html"));
    }

    #[test]
    fn a_whole_site_handed_over_reports_what_was_added_changed_and_removed() {
        let mut s = SiteState::default();
        s.apply(outcome(
            &[("b", "B"), ("d", "D"), ("f", "F"), ("h", "H")],
            true,
        ));
        assert_eq!(
            s.apply(outcome(
                &[("a", "A"), ("b", "B2"), ("d", "D"), ("e", "E")],
                true
            )),
            ["a", "b", "e", "f", "h"]
        );
        assert_eq!(s.files.keys().collect::<Vec<_>>(), ["a", "b", "d", "e"]);
        assert!(s
            .apply(outcome(
                &[("a", "A"), ("b", "B2"), ("d", "D"), ("e", "E")],
                true
            ))
            .is_empty());
    }

    #[test]
    fn site_errors_keep_the_last_good_build() {
        let mut s = SiteState::default();
        s.apply(outcome(&[("a.html", "A")], true));
        let broken = Outcome {
            site_error: Some("bad config".into()),
            ..Outcome::default()
        };
        assert_eq!(s.apply(broken), ["*"]);
        assert_eq!(s.files.len(), 1);
        assert_eq!(s.apply(outcome(&[("a.html", "A")], true)), ["*"]);
        assert!(s.site_error.is_none());
    }
}
