//! `waymark render`: markdown in, markdown out, byte for byte outside journey fences.

use crate::common;

use std::process::Output;

fn filter(input: &str, args: &[&str]) -> Output {
    let mut all = vec!["render"];
    all.extend_from_slice(args);
    common::waymark_with_stdin(&all, input)
}

const DOC: &str = "---\ntitle: Mixed\n---\n\n# Heading\n\nSome *text* with `code` and <span class=\"x\">html</span>.\r\n\n- item\n  - nested\n\n| a | b |\n| - | - |\n| 1 | 2 |\n\n```rust\nfn main() {}\n```\n\n> quote\n\n```journey\ntitle Checkout\nsection Pay\n  Enters card: 2: Maya\n```\n\nAfter the map.\n\n~~~journey layout=timeline\nsection S\n  Step: 4: Me\n~~~\n\nThe end.\n";

#[test]
fn only_journey_fences_change() {
    let o = filter(DOC, &[]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let out = String::from_utf8(o.stdout).unwrap();
    let first = DOC.find("```journey").unwrap();
    assert_eq!(
        &out[..first],
        &DOC[..first],
        "everything before the first map is untouched"
    );
    let after = DOC.find("\nAfter the map.").unwrap();
    let second = DOC.find("~~~journey").unwrap();
    let out_after = out.find("\nAfter the map.").unwrap();
    let between = &DOC[after..second];
    assert_eq!(
        &out[out_after..out_after + between.len()],
        between,
        "text between maps is untouched"
    );
    assert!(out.ends_with("\nThe end.\n"));
    assert_eq!(out.matches("<figure").count(), 2);
    assert!(
        out.contains("waymark-layout-timeline"),
        "fence attributes apply"
    );
    assert!(!out.contains("```journey") && !out.contains("~~~journey"));
    let fig_line = out.lines().find(|l| l.starts_with("<figure")).unwrap();
    assert!(
        fig_line.ends_with("</figure>"),
        "each map is one line of HTML, a block on its own"
    );
}

#[test]
fn options_and_errors() {
    let o = filter(
        "```journey\nsection S\n  Step: 4: Me\n```\n",
        &["--layout", "storyboard", "--theme", "dark"],
    );
    let out = String::from_utf8(o.stdout).unwrap();
    assert!(out.contains("waymark-layout-storyboard") && out.contains("waymark-theme-dark"));
    let o = filter(
        "Text\n\n```journey\nsection S\n  Step: lots: Me\n```\n",
        &[],
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(o.stdout.is_empty(), "nothing half-written");
    assert!(String::from_utf8_lossy(&o.stderr).contains("<stdin>:5:9"));
    let plain = "# No maps here\n\nJust text.\r\nWith CRLF.\n";
    assert_eq!(String::from_utf8(filter(plain, &[]).stdout).unwrap(), plain);
}

/// Runs `waymark render ARGS` in `dir`.
fn render_in(dir: &std::path::Path, args: &[&str]) -> Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_waymark"))
        .arg("render")
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .expect("run waymark")
}

/// Every `id="…"` of a document.
fn ids(html: &str) -> Vec<&str> {
    html.split(" id=\"")
        .skip(1)
        .map(|s| &s[..s.find('"').unwrap()])
        .collect()
}

#[test]
fn a_dash_reads_standard_input() {
    let o = filter("```journey\nsection S\n  Step: 4: Me\n```\n", &["-"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert_eq!(
        String::from_utf8_lossy(&o.stdout)
            .matches("<figure")
            .count(),
        1
    );
}

#[test]
fn ids_differ_between_documents_and_repeat_for_one() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let page =
        |t: &str| format!("# {t}\n\n```journey\ntitle Same\nsection S\n  Step: 3: Me\n```\n");
    std::fs::write(d.join("a.md"), page("A")).unwrap();
    std::fs::write(d.join("b.md"), page("B")).unwrap();
    let a = render_in(d, &["a.md"]);
    let b = render_in(d, &["b.md"]);
    assert!(a.status.success() && b.status.success());
    let (a_html, b_html) = (
        String::from_utf8(a.stdout).unwrap(),
        String::from_utf8(b.stdout).unwrap(),
    );
    let (a_ids, b_ids) = (ids(&a_html), ids(&b_html));
    assert!(!a_ids.is_empty());
    assert!(
        a_ids.iter().all(|id| !b_ids.contains(id)),
        "two pages joined on one site share no id: {a_ids:?} {b_ids:?}"
    );
    assert_eq!(
        render_in(d, &["a.md"]).stdout,
        a_html.as_bytes(),
        "the same file gives the same bytes"
    );
    let x = render_in(d, &["a.md", "--id-prefix", "x"]);
    let x_html = String::from_utf8(x.stdout).unwrap();
    assert!(ids(&x_html).contains(&"x-1"), "{:?}", ids(&x_html));
    assert!(ids(&x_html).iter().all(|id| id.starts_with("x-1")));
}

#[test]
fn the_journeys_language_and_lang_flag() {
    let doc = "```journey\nlang de\nsection S\n  Tee kochen: 3: Ich\n```\n";
    let out = String::from_utf8(filter(doc, &[]).stdout).unwrap();
    assert!(out.contains(">Aktionen<") && !out.contains(">Actions<"));
    let out = String::from_utf8(filter(doc, &["--lang", "sv"]).stdout).unwrap();
    assert!(out.contains(">Handlingar<") && !out.contains(">Aktionen<"));
}

#[test]
fn unknown_themes_in_flags_and_files() {
    let o = filter(
        "```journey\nsection S\n  Step: 4: Me\n```\n",
        &["--theme", "darkk"],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(o.stdout.is_empty());
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("unknown theme `darkk`") && err.contains("did you mean `dark`?"),
        "{err}"
    );
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("t.md"),
        "Text\n\n```journey\ntheme darkk\nsection S\n  Step: 4: Me\n```\n",
    )
    .unwrap();
    let o = render_in(dir.path(), &["t.md"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(o.stdout.is_empty());
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("t.md:4:7") && err.contains("did you mean `dark`?"),
        "{err}"
    );
}

#[test]
fn viewer_is_added_once_after_the_maps_only_when_asked() {
    let o = filter(DOC, &["--viewer"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let out = String::from_utf8(o.stdout).unwrap();
    assert_eq!(
        out.matches("<script>").count(),
        1,
        "one script per document"
    );
    assert_eq!(
        out.matches("<style>\n").count(),
        1,
        "one stylesheet per document"
    );
    assert!(out.contains("window.waymarkViewer"));
    let last_map = out.rfind("</figure>").unwrap();
    assert!(
        out.find("<script>").unwrap() > last_map,
        "after the last map"
    );
    let plain = String::from_utf8(filter(DOC, &[]).stdout).unwrap();
    assert!(
        !plain.contains("<script>"),
        "opt-in: nothing without --viewer"
    );
    assert!(
        out.starts_with(plain.as_str()),
        "the viewer only adds; the rest is the plain output"
    );
    let text = "# No maps\n\nJust text.\n";
    let none = filter(text, &["--viewer"]);
    assert_eq!(
        String::from_utf8(none.stdout).unwrap(),
        text,
        "no maps, no viewer"
    );
}

#[test]
fn every_step_of_a_map_can_be_linked_to() {
    let o = filter(
        "```journey\nsection A\n  One: 3: Me\n  Two: 4: Me\nsection Empty\nsection B\n  Three: 2: Me\n```\n",
        &["--id-prefix", "doc"],
    );
    let out = String::from_utf8(o.stdout).unwrap();
    for (n, col) in [(1, 0), (2, 1), (3, 3)] {
        assert!(
            out.contains(&format!(
                "id=\"doc-1-step-{n}\" class=\"wm-step\" data-col=\"{col}\""
            )),
            "step {n} in column {col}: {out}"
        );
    }
    assert!(!out.contains("step-4"), "an empty stage is no step");
    assert!(
        out.contains("data-wm-frame=\""),
        "the frozen panes' geometry"
    );
}
