//! A map as mdBook's search reads it: once. mdBook 0.5 indexes every text node of a
//! chapter except those in `<script>` and `<style>`, so a figure's drawing (its SVG text),
//! its written description (`<desc>`) and its table would put each word in the index three
//! times. The drawing stays text: it is what readers see. The title and description become
//! the picture's `aria-label` and `aria-description`, its tooltips (which repeat a step's
//! name and score) attributes, and each table cell's text moves into
//! an attribute that a scoped `::before { content: attr() }` shows. Generated content is
//! part of the accessibility tree, so the table still reads cell by cell with its headers;
//! the map viewer, where the book loads it, turns the attributes back into text.
//! A figure without a drawing (the `table` layout) is left as it is: its table is its one
//! copy.

/// `html`, one map's figure with id `id`, with its text readable once by mdBook's index.
pub(super) fn index_once(html: &str, id: &str) -> String {
    if !html.contains("<svg") {
        return html.to_string();
    }
    let mut out = tooltips_as_labels(&labels_as_attributes(html, id));
    let open = format!("<table class=\"waymark-table\" id=\"{id}-table\">");
    if let Some(start) = out.find(&open) {
        if let Some(len) = out[start..].find("</table>") {
            let end = start + len;
            let cells = cells_as_attributes(&out[start..end]);
            let style = format!(
                "<style>#{id}-table [data-wm-text]::before{{content:attr(data-wm-text);white-space:pre-line}}</style>"
            );
            out = format!("{}{style}{cells}{}", &out[..start], &out[end..]);
        }
    }
    out
}

/// The text of element `<tag id="id">…</tag>` in `html`, and where the element stands.
fn element(html: &str, tag: &str, id: &str) -> Option<(String, std::ops::Range<usize>)> {
    let open = format!("<{tag} id=\"{id}\">");
    let close = format!("</{tag}>");
    let start = html.find(&open)?;
    let inner = start + open.len();
    let end = inner + html[inner..].find(&close)?;
    Some((html[inner..end].to_string(), start..end + close.len()))
}

/// The drawing's `<title>` and `<desc>` as attributes of the `<svg>` instead of text.
fn labels_as_attributes(html: &str, id: &str) -> String {
    let (Some((title, t)), Some((desc, d))) = (
        element(html, "title", &format!("{id}-title")),
        element(html, "desc", &format!("{id}-desc")),
    ) else {
        return html.to_string();
    };
    let labelled = format!("aria-labelledby=\"{id}-title {id}-desc\"");
    if t.end > d.start || !html[..t.start].contains(&labelled) {
        return html.to_string();
    }
    // The texts are escaped for element content, quotes included, so they stand in
    // attributes as they are.
    let mut out = String::with_capacity(html.len());
    out.push_str(&html[..t.start]);
    out.push_str(&html[t.end..d.start]);
    out.push_str(&html[d.end..]);
    out.replacen(
        &labelled,
        &format!("aria-label=\"{title}\" aria-description=\"{desc}\""),
        1,
    )
}

/// The drawing's tooltips (`<g><title>Step: 2</title>…`, repeating what the map and its
/// table say) as attributes: mdBook would index their text again. The map viewer makes
/// them tooltips again, as it makes table cells text again.
fn tooltips_as_labels(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(at) = rest.find("<g><title>") {
        let inner = at + "<g><title>".len();
        let Some(end) = rest[inner..].find("</title>").map(|e| inner + e) else {
            break;
        };
        out.push_str(&rest[..at]);
        out.push_str(&format!("<g data-wm-title=\"{}\">", &rest[inner..end]));
        rest = &rest[end + "</title>".len()..];
    }
    out.push_str(rest);
    out
}

/// Each `<caption>`, `<th>` and `<td>` of `table` holding only text (and `<br>`) with that
/// text in `data-wm-text` instead; cells holding links or pictures keep their markup.
fn cells_as_attributes(table: &str) -> String {
    let mut out = String::with_capacity(table.len() + table.len() / 4);
    let mut rest = table;
    loop {
        // The next cell: `<th` must not match `<thead`, so a space or `>` follows the name.
        let next = rest.match_indices('<').find_map(|(at, _)| {
            ["caption", "th", "td"].into_iter().find_map(|name| {
                let after = rest.get(at + 1..)?.strip_prefix(name)?;
                after.starts_with([' ', '>']).then_some((at, name))
            })
        });
        let Some((at, name)) = next else {
            out.push_str(rest);
            return out;
        };
        let Some(gt) = rest[at..].find('>').map(|g| at + g) else {
            out.push_str(rest);
            return out;
        };
        let close = format!("</{name}>");
        let Some(end) = rest[gt + 1..].find(&close).map(|e| gt + 1 + e) else {
            out.push_str(rest);
            return out;
        };
        let content = &rest[gt + 1..end];
        let text = content.replace("<br>", "&#10;");
        out.push_str(&rest[..gt]);
        if content.trim().is_empty() || text.contains('<') {
            out.push_str(&rest[gt..end]);
        } else {
            out.push_str(&format!(" data-wm-text=\"{text}\">"));
        }
        out.push_str(&close);
        rest = &rest[end + close.len()..];
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn moves_labels_and_cells_into_attributes() {
        let html = "<figure><svg aria-labelledby=\"m-title m-desc\" role=\"img\"><title id=\"m-title\">Buy &amp; pay</title><desc id=\"m-desc\">1 step</desc><text>Pay</text><g><title>Pay: 2</title><circle/></g></svg>\
            <details><summary>Table</summary><table class=\"waymark-table\" id=\"m-table\"><caption>Buy</caption><thead><tr><th scope=\"col\">Step</th></tr></thead>\
            <tbody><tr><td>A<br>B</td><td></td><td><a href=\"x\">link</a></td></tr></tbody></table></details></figure>";
        let once = index_once(html, "m");
        assert!(once.contains("<svg aria-label=\"Buy &amp; pay\" aria-description=\"1 step\" role=\"img\"><text>Pay</text><g data-wm-title=\"Pay: 2\"><circle/></g>"), "{once}");
        assert!(
            once.contains("<caption data-wm-text=\"Buy\"></caption>"),
            "{once}"
        );
        assert!(
            once.contains("<thead><tr><th scope=\"col\" data-wm-text=\"Step\"></th>"),
            "{once}"
        );
        assert!(
            once.contains(
                "<td data-wm-text=\"A&#10;B\"></td><td></td><td><a href=\"x\">link</a></td>"
            ),
            "{once}"
        );
        assert!(once.contains("<style>#m-table [data-wm-text]::before{content:attr(data-wm-text);white-space:pre-line}</style><table"));
        let table_only = "<figure><table class=\"waymark-table\" id=\"m-table\"><tr><td>A</td></tr></table></figure>";
        assert_eq!(index_once(table_only, "m"), table_only);
    }
}
