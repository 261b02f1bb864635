//! The handbook's registers, built by the real binary from handbooks written into
//! temporary folders: the journeys index on one normalised scale, the pain register's
//! filters and CSV, merged opportunities, and the matrix linking to the filtered list.

use crate::common::waymark;
use std::path::Path;

fn write(root: &Path, rel: &str, text: &str) {
    let path = root.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Three maps on three scales, the same shape on each (25 %, 100 %, 75 %), pains that
/// would run as formulas, and one opportunity named on three steps of two maps.
fn handbook(root: &Path) {
    write(root, "waymark.toml", "title = \"Registers\"\n");
    write(
        root,
        "five.md",
        "```journey\ntitle On five\npersona Maya\nowner Growth team\nmarket DE, AT\n\
         section Buy\n  Finds: 2\n    pain: =HYPERLINK(\"http://x\") {severity: high}\n    \
         opportunity: Show the date {impact: high, effort: low}\n  Pays: 5\n    \
         opportunity: Offer wallets {impact: medium, effort: medium}\n  Waits: 4\n    \
         pain: Slow, \"very\" slow {severity: critical}\n    opportunity:   show THE date  \n```\n",
    );
    write(
        root,
        "two.md",
        "```journey\ntitle On two\nowner Support\nscale -2..2\nsection Help\n  Calls: -1\n    \
         pain: -2 hours on hold {severity: low}\n    opportunity: Show the date\n  Talks: 2\n  \
         Ends: 1\n    pain: @mention lost {severity: medium}\n```\n",
    );
    write(
        root,
        "seven.md",
        "```journey\ntitle On seven\nscale 1..7\nsection S\n  A: 2.5\n  B: 7\n  C: 5.5\n```\n",
    );
}

fn build(root: &Path) -> std::path::PathBuf {
    handbook(root);
    let out = root.join("out");
    let o = waymark(&[
        "build",
        root.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    out
}

/// The journeys index row of the map titled `title`.
fn index_row<'a>(index: &'a str, title: &str) -> &'a str {
    let at = index
        .find(&format!(">{title}</a>"))
        .unwrap_or_else(|| panic!("{title} is listed"));
    let end = index[at..].find("</tr>").unwrap() + at;
    &index[at..end]
}

#[test]
fn the_journeys_index_puts_every_scale_on_zero_to_a_hundred() {
    let tmp = tempfile::tempdir().unwrap();
    let out = build(tmp.path());
    let index = read(&out.join("journeys.html"));
    for (title, raw) in [
        ("On five", "(3.67 · 1…5)"),
        ("On two", "(0.67 · -2…2)"),
        ("On seven", "(5 · 1…7)"),
    ] {
        let row = index_row(&index, title);
        // Mean, range, and the lowest step with its share, the same for every scale.
        assert!(row.contains("<strong>67 %</strong>"), "{title}: {row}");
        assert!(row.contains("25–100 %"), "{title}: {row}");
        assert!(row.contains(raw), "{title}: {row}");
        assert!(
            row.contains("25 % ("),
            "{title}: the lowest step's share: {row}"
        );
        // The same curve, drawn the same, whatever the scale.
        assert!(row.contains("points=\"3,18 60,3 117,8\""), "{title}: {row}");
        assert!(
            row.contains("class=\"wm-strip\"") && row.contains("aria-hidden=\"true\""),
            "the drawing repeats the words, so it is hidden from screen readers: {row}"
        );
    }
}

#[test]
fn the_pain_register_downloads_as_csv_quoted_and_formula_safe() {
    let tmp = tempfile::tempdir().unwrap();
    let out = build(tmp.path());
    let page = read(&out.join("pain-points.html"));
    assert!(
        page.contains("<a href=\"pain-points.csv\" download>CSV</a>"),
        "{page}"
    );
    let csv = read(&out.join("pain-points.csv"));
    let lines: Vec<&str> = csv.split("\r\n").collect();
    assert_eq!(
        lines[0],
        "\"severity\",\"pain\",\"journey\",\"stage\",\"step\",\"persona\",\"owner\",\"market\",\"opportunities\",\"link\""
    );
    assert_eq!(
        lines[1],
        "\"critical\",\"Slow, \"\"very\"\" slow\",\"On five\",\"Buy\",\"Waits\",\"Maya\",\"Growth team\",\"DE, AT\",\"show THE date\",\"five.html#map-1-step-3\""
    );
    assert_eq!(
        lines[2],
        "\"high\",\"'=HYPERLINK(\"\"http://x\"\")\",\"On five\",\"Buy\",\"Finds\",\"Maya\",\"Growth team\",\"DE, AT\",\"Show the date\",\"five.html#map-1-step-1\""
    );
    assert!(
        lines[3].starts_with("\"medium\",\"'@mention lost\",\"On two\""),
        "{csv}"
    );
    assert!(
        lines[4].starts_with("\"low\",\"'-2 hours on hold\",\"On two\""),
        "{csv}"
    );
    assert_eq!(lines[5], "", "every line ends with CRLF");
    assert_eq!(lines.len(), 6, "{csv}");
    // The same build twice gives the same bytes.
    let again = tmp.path().join("again");
    let o = waymark(&[
        "build",
        tmp.path().to_str().unwrap(),
        "--out",
        again.to_str().unwrap(),
    ]);
    assert!(o.status.success());
    assert_eq!(read(&again.join("pain-points.csv")), csv);
    assert_eq!(
        read(&again.join("pain-points.html")),
        page,
        "deterministic page"
    );
}

#[test]
fn the_pain_register_offers_filters_and_marks_each_row_with_its_values() {
    let tmp = tempfile::tempdir().unwrap();
    let out = build(tmp.path());
    let page = read(&out.join("pain-points.html"));
    assert!(page.contains("<form class=\"wm-filters\" data-for=\"wm-register\" hidden"));
    for select in [
        "<select name=\"severity\"><option value=\"\">All</option><option value=\"critical\">critical</option><option value=\"high\">high</option><option value=\"medium\">medium</option><option value=\"low\">low</option></select>",
        "<select name=\"journey\"><option value=\"\">All</option><option value=\"on-five\">On five</option><option value=\"on-two\">On two</option></select>",
        "<select name=\"persona\"><option value=\"\">All</option><option value=\"Maya\">Maya</option></select>",
        "<select name=\"market\"><option value=\"\">All</option><option value=\"AT\">AT</option><option value=\"DE\">DE</option></select>",
    ] {
        assert!(page.contains(select), "{select}\n{page}");
    }
    assert!(
        page.contains("data-filter=\"{&quot;journey&quot;:[&quot;on-five&quot;],&quot;market&quot;:[&quot;DE&quot;,&quot;AT&quot;],&quot;owner&quot;:[&quot;Growth team&quot;],&quot;persona&quot;:[&quot;Maya&quot;],&quot;severity&quot;:[&quot;critical&quot;]}\""),
        "{page}"
    );
    assert!(page.contains("data-sort-key=\"severity\""));
    assert!(page.contains("<td data-sort=\"4\">"));
}

#[test]
fn the_same_opportunity_on_several_steps_is_one_row_listing_them() {
    let tmp = tempfile::tempdir().unwrap();
    let out = build(tmp.path());
    let page = read(&out.join("opportunities.html"));
    let body = &page[page.find("<tbody>").unwrap()..page.find("</tbody>").unwrap()];
    assert_eq!(body.matches("<tr ").count(), 2, "{body}");
    assert!(
        !body.contains("show THE date"),
        "one row, in the first step's words"
    );
    assert_eq!(body.matches(">Show the date</td>").count(), 1, "{body}");
    let row = &body[body.find(">Show the date</td>").unwrap()..];
    let row = &row[..row.find("</tr>").unwrap()];
    for step in [
        "<a href=\"./five.html#map-1-step-1\">Finds</a> <small>On five</small>",
        "<a href=\"./five.html#map-1-step-3\">Waits</a> <small>On five</small>",
        "<a href=\"./two.html#map-1-step-1\">Calls</a> <small>On two</small>",
    ] {
        assert!(row.contains(step), "{step}\n{row}");
    }
    assert!(
        row.contains("<td data-sort=\"3\">high</td>")
            && row.contains("<td data-sort=\"1\">low</td>"),
        "the ratings the first step gave: {row}"
    );
    assert!(
        body.contains("&quot;journey&quot;:[&quot;on-five&quot;,&quot;on-two&quot;]"),
        "the row is found under either journey: {body}"
    );
}

#[test]
fn a_matrix_square_links_to_the_list_filtered_to_it() {
    let tmp = tempfile::tempdir().unwrap();
    let out = build(tmp.path());
    let page = read(&out.join("opportunities.html"));
    let svg = &page[page.find("<svg").unwrap()..page.find("</svg>").unwrap()];
    assert!(
        svg.contains(
            "<a href=\"opportunities.html?impact=high&amp;effort=low\" class=\"wm-m-link\" aria-label=\"Impact: high, Effort: low (1)\">"
        ),
        "{svg}"
    );
    assert!(svg.contains(
        "<a href=\"opportunities.html?impact=medium&amp;effort=medium\" class=\"wm-m-link\""
    ));
    assert_eq!(
        svg.matches("<a href=").count(),
        2,
        "only squares with opportunities are links: {svg}"
    );
    assert!(
        svg.contains("role=\"group\""),
        "links in the picture stay reachable"
    );
}
