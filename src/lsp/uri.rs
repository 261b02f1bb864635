//! `file:` URIs, as editors name documents, to paths and back.

use lsp_types::Uri;
use std::path::{Path, PathBuf};
use std::str::FromStr;

/// The path a `file:` URI names; `None` for other schemes (an unsaved buffer's
/// `untitled:`), which are still analysed but never found on disk.
pub(crate) fn to_path(uri: &Uri) -> Option<PathBuf> {
    let s = uri.as_str();
    let rest = s.strip_prefix("file://")?;
    // `file:///path` has an empty authority; `file://localhost/path` names this machine.
    let path = rest.strip_prefix("localhost").unwrap_or(rest);
    let path = path.split(['?', '#']).next().unwrap_or(path);
    let decoded = crate::site::url::decode_strict(path)?;
    // Windows paths arrive as `/C:/…`.
    let decoded = match decoded.as_bytes() {
        [b'/', d, b':', ..] if d.is_ascii_alphabetic() && cfg!(windows) => decoded[1..].to_string(),
        _ => decoded,
    };
    Some(PathBuf::from(decoded))
}

/// The `file:` URI of an absolute path.
pub(crate) fn from_path(path: &Path) -> Option<Uri> {
    let text = path.to_str()?;
    let mut out = String::from("file://");
    if !text.starts_with('/') {
        out.push('/');
    }
    for b in text.replace('\\', "/").bytes() {
        if b.is_ascii_alphanumeric() || b"/-._~:".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    Uri::from_str(&out).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_round_trip_with_spaces_and_unicode() {
        let path = Path::new("/tmp/a folder/Käse #1.md");
        let uri = from_path(path).expect("a URI");
        assert_eq!(uri.as_str(), "file:///tmp/a%20folder/K%C3%A4se%20%231.md");
        assert_eq!(to_path(&uri).as_deref(), Some(path));
        let untitled = Uri::from_str("untitled:Untitled-1").expect("a URI");
        assert_eq!(to_path(&untitled), None);
    }
}
