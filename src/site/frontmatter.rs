//! Page front matter: `---` YAML-style `key: value` lines or `+++` TOML, with title,
//! description, order and draft. Keys other tools use are left alone.

use serde::Deserialize;

/// What a page says about itself.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default)]
pub(crate) struct FrontMatter {
    /// The page title (else its first heading, else its file name).
    pub title: Option<String>,
    /// One line for search results and the page's meta description.
    pub description: Option<String>,
    /// Position among its siblings in the sidebar.
    pub order: Option<i64>,
    /// Drafts are not published.
    pub draft: bool,
    /// The language of the page's text, when it differs from the handbook's.
    pub lang: Option<String>,
}

/// Splits front matter off the top of `text`: the matter, and where the body starts.
pub(crate) fn split(text: &str) -> Result<(FrontMatter, usize), String> {
    let trimmed = text.trim_start_matches(' ');
    let fence = if trimmed.starts_with("---") {
        "---"
    } else if trimmed.starts_with("+++") {
        "+++"
    } else {
        return Ok((FrontMatter::default(), 0));
    };
    let first_end = text.find('\n').map_or(text.len(), |i| i + 1);
    if text[..first_end].trim() != fence {
        return Ok((FrontMatter::default(), 0));
    }
    let mut offset = first_end;
    for line in text[first_end..].split_inclusive('\n') {
        if line.trim() == fence {
            let body = &text[first_end..offset];
            let matter = if fence == "+++" {
                toml::from_str(body).map_err(|e| e.message().to_string())?
            } else {
                yaml_subset(body)?
            };
            return Ok((matter, offset + line.len()));
        }
        offset += line.len();
    }
    Err(format!(
        "front matter opened with `{fence}` is never closed"
    ))
}

fn unquote(v: &str) -> &str {
    let v = v.trim();
    v.strip_prefix('"')
        .and_then(|s| s.strip_suffix('"'))
        .or_else(|| v.strip_prefix('\'').and_then(|s| s.strip_suffix('\'')))
        .unwrap_or(v)
}

/// The `key: value` subset of YAML that page front matter uses.
fn yaml_subset(body: &str) -> Result<FrontMatter, String> {
    let mut fm = FrontMatter::default();
    for line in body.lines() {
        if line.starts_with([' ', '\t', '#', '-']) || line.trim().is_empty() {
            continue;
        }
        let Some((key, value)) = line.split_once(':') else {
            continue;
        };
        let value = unquote(value);
        match key.trim() {
            "title" if !value.is_empty() => fm.title = Some(value.to_string()),
            "description" if !value.is_empty() => fm.description = Some(value.to_string()),
            "order" | "weight" => {
                fm.order = Some(
                    value
                        .parse()
                        .map_err(|_| format!("`order: {value}` is not a whole number"))?,
                )
            }
            "draft" => fm.draft = matches!(value, "true" | "yes"),
            "lang" if !value.is_empty() => fm.lang = Some(value.to_string()),
            _ => {}
        }
    }
    Ok(fm)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yaml_and_toml() {
        let (fm, at) = split(
            "---\ntitle: \"Hello: world\"\norder: 3\ndraft: false\ntags:\n  - a\n---\n# Body\n",
        )
        .unwrap();
        assert_eq!(fm.title.as_deref(), Some("Hello: world"));
        assert_eq!(fm.order, Some(3));
        assert_eq!(at, 64);
        let (fm, _) = split("+++\ntitle = \"T\"\ndraft = true\n+++\nx").unwrap();
        assert!(fm.draft);
        assert!(split("---\ntitle: x\n").is_err());
        assert_eq!(split("# No matter\n").unwrap().1, 0);
    }
}
