//! Which links waymark writes: the scheme a browser reads at the start of a URL, and
//! whether a URL an author wrote may become a link. One reading for the journey language
//! (`link:`, `image:`), markdown links in pages and persona pictures.

/// The schemes a markdown link in a page may have; anything else is not published.
pub(crate) const PAGE_LINK_SCHEMES: [&str; 4] = ["http", "https", "mailto", "tel"];

/// The scheme a browser would read at the start of `url` (`javascript:`, `data:`, …),
/// lowercase, after dropping what it ignores: tabs and line breaks anywhere, and leading
/// control characters and spaces.
pub(crate) fn scheme(url: &str) -> Option<String> {
    let cleaned: String = url
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .skip_while(|c| c.is_ascii_control() || *c == ' ')
        .collect();
    let colon = cleaned.find(':')?;
    let name = &cleaned[..colon];
    let mut chars = name.chars();
    let valid = chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    valid.then(|| name.to_ascii_lowercase())
}

/// Whether a URL written in a journey may be put in a link: one word (no spaces or
/// control characters), and http(s) (`mailto` too when `allow_mailto`) or relative — but
/// not protocol-relative (`//host`).
pub(crate) fn is_safe_url(url: &str, allow_mailto: bool) -> bool {
    let url = url.trim();
    if url.is_empty() || url.chars().any(|c| c.is_control() || c.is_whitespace()) {
        return false;
    }
    match scheme(url) {
        Some(s) => s == "http" || s == "https" || (allow_mailto && s == "mailto"),
        None => !url.starts_with("//") && !url.starts_with("\\\\") && !url.starts_with("/\\"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schemes_as_a_browser_sees_them() {
        assert_eq!(scheme("JavaScript:alert(1)").as_deref(), Some("javascript"));
        assert_eq!(
            scheme("\u{1} java\tscript:x").as_deref(),
            Some("javascript")
        );
        assert_eq!(scheme("https://x").as_deref(), Some("https"));
        assert_eq!(scheme("./javascript:x"), None);
        assert_eq!(scheme("a b:c"), None);
        assert_eq!(scheme("1a:b"), None);
    }

    #[test]
    fn journey_links() {
        for ok in [
            "https://x.example/a?b#c",
            "docs/a.md",
            "#part",
            "mailto:a@b.example",
        ] {
            assert!(is_safe_url(ok, true), "{ok}");
        }
        for bad in [
            "javascript:alert(1)",
            "JaVaScRiPt:x",
            "data:text/html,x",
            "//evil.example",
            "\\\\evil",
            "a b",
            "",
        ] {
            assert!(!is_safe_url(bad, true), "{bad}");
        }
        assert!(!is_safe_url("mailto:a@b.example", false));
    }
}
