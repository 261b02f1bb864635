//! Reading the files people point waymark at: text that may not be UTF-8, folders to walk.

use std::path::{Path, PathBuf};

/// Reads `path` as UTF-8 text. A leading byte-order mark becomes three spaces so byte
/// offsets (and so line and column numbers) stay those of the file.
pub fn read_text(path: &Path) -> Result<String, String> {
    let bytes =
        std::fs::read(path).map_err(|e| format!("error: cannot read {}: {e}", path.display()))?;
    let mut text = String::from_utf8(bytes).map_err(|e| crate::diagnostics::not_utf8(path, &e))?;
    if text.starts_with('\u{feff}') {
        text.replace_range(0..3, "   ");
    }
    Ok(text)
}

/// Whether a folder entry is hidden (`.git`, `.cache`, …) and so never walked into.
pub fn is_hidden(name: &std::ffi::OsStr) -> bool {
    name.to_str().is_some_and(crate::files::is_hidden_name)
}

/// The `.md` and `.journey` files named by `paths`, folders walked recursively, in a stable
/// order. An explicitly named file is always included.
pub fn collect(paths: &[PathBuf]) -> Result<Vec<PathBuf>, String> {
    let mut out = Vec::new();
    for path in paths {
        if path.is_dir() {
            let walker = walkdir::WalkDir::new(path)
                .sort_by_file_name()
                .into_iter()
                .filter_entry(|e| e.depth() == 0 || !is_hidden(e.file_name()));
            for entry in walker {
                let entry =
                    entry.map_err(|e| format!("error: cannot read {}: {e}", path.display()))?;
                if entry.file_type().is_file()
                    && crate::journey::SourceKind::of(entry.path()).is_some()
                {
                    out.push(entry.into_path());
                }
            }
        } else if path.exists() {
            out.push(path.clone());
        } else {
            return Err(format!("error: {} does not exist", path.display()));
        }
    }
    Ok(out)
}
