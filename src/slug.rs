//! Names made from text — heading ids, persona pages, picture files — by one rule, so a
//! title gives the same name wherever it is used, and names handed out together never
//! collide.

use std::collections::BTreeSet;

/// `text` as a name: lowercase letters and digits of any script, words joined by single
/// dashes, other punctuation dropped (`Überblick: Käufe & Rücksendungen` is
/// `überblick-käufe-rücksendungen`). Empty when `text` has no letter or digit.
pub(crate) fn slug(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
        } else if (c.is_whitespace() || c == '-' || c == '_')
            && !out.ends_with('-')
            && !out.is_empty()
        {
            out.push('-');
        }
    }
    let end = out.trim_end_matches('-').len();
    out.truncate(end);
    out
}

/// Hands out distinct names: the first `a` is `a`, the next ones `a-2`, `a-3`, …, never one
/// handed out before (a title that itself reads `a-2` included).
#[derive(Debug, Default, Clone)]
pub(crate) struct Slugs {
    taken: BTreeSet<String>,
    /// Per base, the suffix to try next.
    next: std::collections::HashMap<String, usize>,
}

impl Slugs {
    /// A name for `base` that none handed out before has.
    pub(crate) fn unique(&mut self, base: &str) -> String {
        // Counting on from the last suffix given for `base`: a thousand untitled maps
        // must not try a thousand names each.
        let mut n = self.next.get(base).copied().unwrap_or(1);
        let mut name = if n == 1 {
            base.to_string()
        } else {
            format!("{base}-{n}")
        };
        while self.taken.contains(&name) {
            n += 1;
            name = format!("{base}-{n}");
        }
        self.next.insert(base.to_string(), n + 1);
        self.taken.insert(name.clone());
        name
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn any_script_and_no_punctuation() {
        assert_eq!(
            slug("Überblick: Käufe & Rücksendungen"),
            "überblick-käufe-rücksendungen"
        );
        assert_eq!(slug("Путь клиента"), "путь-клиента");
        assert_eq!(slug("  A/B test -- v2_final! "), "ab-test-v2-final");
        assert_eq!(slug("🚲 …"), "");
    }

    #[test]
    fn names_handed_out_together_never_collide() {
        let mut s = Slugs::default();
        let names: Vec<String> = ["a", "a", "a-2", "b", "a"]
            .iter()
            .map(|b| s.unique(b))
            .collect();
        assert_eq!(names, ["a", "a-2", "a-2-2", "b", "a-3"]);
    }
}
