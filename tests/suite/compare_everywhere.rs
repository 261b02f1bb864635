//! Compared maps wherever a map is shown: every layout says in words what the map draws
//! (other personas' scores, what changed since the older version), and a future-state
//! map draws its counterpart in `render`, the handbook, the preview and a real mdBook.

use crate::common::{self, waymark, waymark_in, Server};
use crate::render::journey;
use std::path::Path;
use waymark::diff;
use waymark::journey::Layout;
use waymark::render::{self, Labels, RenderOptions, Theme};

fn write(dir: &Path, rel: &str, text: &str) {
    let path = dir.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

const OLD: &str =
    "title T\nsection A\n  One: 3: Me\n  Two: 2: Me\n  Gone: 2: Me\nsection B\n  Three: 2: Me\n";
const NEW: &str = "title T\npersona Me\nsection A\n  One: 3: Me\n    scores: Tom 2, Ana 4\n  Two: 4: Me\n    scores: Tom 1\nsection B\n  Three: 2: Me\n  Brand new step: 5: Me\n";

fn drawn(layout: Layout, c: Option<&diff::Comparison>) -> (String, String) {
    let (theme, labels) = (Theme::default(), Labels::default());
    let opts = RenderOptions {
        layout,
        theme: &theme,
        id: "m",
        persona: None,
        labels: &labels,
        comparison: c,
    };
    let new = journey(NEW);
    (render::svg(&new, &opts), render::table_html(&new, &opts))
}

#[test]
fn every_layout_says_what_the_compared_map_draws() {
    let c = diff::overlay(&journey(OLD), &journey(NEW));
    let (_, table) = drawn(Layout::Map, Some(&c));
    // A score row per persona, named after the persona when others follow.
    for row in [
        "<th scope=\"row\">Score: Me (1…5)</th>",
        "<th scope=\"row\">Score: Tom</th><td>2</td><td>1</td><td>–</td><td>–</td>",
        "<th scope=\"row\">Score: Ana</th><td>4</td><td>–</td>",
        // What changed per step: the same step says only its score before.
        "<th scope=\"row\">Since before</th><td>Before: 3</td><td>Changed<br>Before: 2</td><td>Before: 2</td><td>New</td>",
        // Removed steps under their stage, one cell over its columns.
        "<th scope=\"row\">Removed</th><td colspan=\"2\">Gone</td><td colspan=\"2\"></td>",
    ] {
        assert!(table.contains(row), "missing {row} in {table}");
    }
    for layout in [Layout::Timeline, Layout::Storyboard] {
        let (svg, _) = drawn(layout, Some(&c));
        for line in [">Tom: 2<", ">Ana: 4<", ">Changed<", ">Before: 2<", ">New<"] {
            assert!(svg.contains(line), "{layout:?}: missing {line}");
        }
        assert!(svg.contains(">Removed: Gone<"), "{layout:?}");
    }
    let (svg, _) = drawn(Layout::Table, Some(&c));
    assert!(svg.contains(">Since before<") && svg.contains(">Score: Tom<"));
    // The written description counts the changes.
    let (svg, _) = drawn(Layout::Map, Some(&c));
    assert!(
        svg.contains("Since before: New: 1; Changed: 1; Removed: Gone."),
        "{svg}"
    );
    // Without a comparison none of it is said.
    let (svg, table) = drawn(Layout::Timeline, None);
    assert!(!svg.contains("Before") && !table.contains("Since before"));
    assert!(svg.contains(">Tom: 2<"));
}

const CURRENT: &str = "# Today\n\n```journey\ntitle Buy\nstate current\nsection A\n  One: 3: Me\n  Two: survey: Me\n  Gone: 2: Me\n```\n";
const SURVEY: &str =
    "step,score\nTwo,1\nTwo,2\nTwo,1\nTwo,2\nTwo,1\nTwo,2\nTwo,1\nTwo,2\nTwo,1\nTwo,2\n";

fn future(counterpart: &str) -> String {
    format!("# Tomorrow\n\n```journey\ntitle Buy tomorrow\nstate future\n{counterpart}section A\n  One: 3: Me\n  Two: 4: Me\n  Brand new step: 5: Me\n```\n")
}

/// A handbook (or folder) with the current state backed by data and the future state.
fn pair(dir: &Path, named_from_future: bool) {
    let with_data = CURRENT.replace(
        "title Buy\n",
        "title Buy\ndata survey: research/survey.csv\n",
    );
    write(dir, "today.md", &with_data);
    write(dir, "research/survey.csv", SURVEY);
    if named_from_future {
        write(
            dir,
            "plans/tomorrow.md",
            &future("counterpart ../today.md\n"),
        );
    } else {
        write(dir, "plans/tomorrow.md", &future(""));
        let named = with_data.replace(
            "state current\n",
            "state current\ncounterpart plans/tomorrow.md\n",
        );
        write(dir, "today.md", &named);
    }
}

/// What a future map drawn over the pair's current state shows: its old score from the
/// survey's mean (1.5), the removed step, the new one.
fn compared(html: &str) -> bool {
    html.contains("Before: 1.5") && html.contains("Removed: Gone") && html.contains(">New<")
}

#[test]
fn render_draws_a_future_map_over_its_counterpart_with_its_data() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    write(dir, "waymark.toml", "");
    pair(dir, true);
    let out = waymark_in(dir, &["render", "plans/tomorrow.md"]);
    let html = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(compared(&html), "{html}");
    // The current state is drawn alone.
    let out = waymark_in(dir, &["render", "today.md"]);
    assert!(!String::from_utf8_lossy(&out.stdout).contains("Since before"));
}

#[test]
fn the_handbook_draws_the_future_map_over_its_partner_named_from_either_side() {
    for named_from_future in [true, false] {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path();
        pair(dir, named_from_future);
        let out = dir.join("out");
        let o = waymark(&[
            "build",
            dir.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ]);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        let future = std::fs::read_to_string(out.join("plans/tomorrow.html")).unwrap();
        assert!(
            compared(&future),
            "named from the future: {named_from_future}"
        );
        let today = std::fs::read_to_string(out.join("today.html")).unwrap();
        assert!(!today.contains("Since before"));
    }
}

#[test]
fn the_preview_redraws_the_future_map_when_the_current_one_changes() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    pair(dir, true);
    let server = Server::start(dir, &[]);
    let (code, page) = server.get("/plans/tomorrow.html");
    assert_eq!(code, 200);
    assert!(compared(&page), "{page}");
    // Only the current page is edited: a step is no longer removed in the future.
    let edited = std::fs::read_to_string(dir.join("today.md"))
        .unwrap()
        .replace("  Gone: 2: Me\n", "");
    write(dir, "today.md", &edited);
    let (_, page) = server.until("/plans/tomorrow.html", |_, b| !b.contains("Removed: Gone"));
    assert!(!page.contains("Removed: Gone") && page.contains("Before: 1.5"));
}

#[test]
fn a_future_chapter_draws_its_counterpart_in_a_real_mdbook() {
    let tmp = tempfile::tempdir().unwrap();
    let b = tmp.path();
    write(
        b,
        "book.toml",
        &format!(
            "[book]\ntitle = \"Pair\"\n\n[preprocessor.journey]\ncommand = \"{} mdbook\"\n",
            env!("CARGO_BIN_EXE_waymark")
        ),
    );
    write(
        b,
        "src/SUMMARY.md",
        "# Summary\n\n- [Today](today.md)\n- [Tomorrow](plans/tomorrow.md)\n",
    );
    pair(&b.join("src"), true);
    let o = common::mdbook()
        .arg("build")
        .current_dir(b)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let html = std::fs::read_to_string(b.join("book/plans/tomorrow.html")).unwrap();
    assert!(compared(&html), "{html}");
    // A missing counterpart is reported at its line in the chapter.
    write(
        b,
        "src/plans/tomorrow.md",
        &future("counterpart ../nowhere.md\n"),
    );
    let o = common::mdbook()
        .arg("build")
        .current_dir(b)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("src/plans/tomorrow.md:6:") && err.contains("nowhere.md"),
        "{err}"
    );
}
