//! `waymark build` and `waymark init` as the real binary: the example handbook, small
//! purpose-made handbooks, the error paths and determinism.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::common::waymark;

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

fn read(p: &Path) -> String {
    std::fs::read_to_string(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

fn files(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            (
                e.path().strip_prefix(dir).unwrap().to_path_buf(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect()
}

fn write(dir: &Path, rel: &str, text: &str) {
    let p = dir.join(rel);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, text).unwrap();
}

fn example() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("example-site")
}

#[test]
fn builds_the_example_handbook() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("site");
    let o = waymark(&["build", s(&example()), "--out", s(&out), "--no-cache"]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(o.status.success(), "{err}");
    assert!(err.contains("built 12 pages, 11 maps"), "{err}");
    for page in [
        "index.html",
        "journeys.html",
        "pain-points.html",
        "opportunities.html",
        "review.html",
        "personas/index.html",
        "personas/maya.html",
        "contents.html",
        "404.html",
        "sitemap.xml",
        "nav.js",
        "search/docs.js",
        "waymark.css",
        "favicon.svg",
        "images/flat-tyre.svg",
        "journeys/first-online-purchase-map-1.json",
        ".waymark-output",
    ] {
        assert!(out.join(page).is_file(), "{page} missing");
    }
    let purchase = read(&out.join("journeys/first-online-purchase.html"));
    assert!(
        purchase.contains("<svg aria-details=\"map-1-table\""),
        "the map is inline"
    );
    assert!(
        purchase.contains("id=\"map-1-table\""),
        "with its table alternative"
    );
    assert!(
        purchase.contains("href=\"referral-loop.html\""),
        "links between pages are rewritten"
    );
    assert!(
        purchase.contains("href=\"../waymark.css\""),
        "links are relative"
    );
    assert!(purchase.contains("rel=\"next\""));
    let index = read(&out.join("index.html"));
    assert!(index.contains("href=\"journeys/first-online-purchase.html\""));
    assert!(index.contains("<table>"), "markdown tables");
    assert!(
        !index.contains("window.WAYMARK_NAV"),
        "the sidebar tree is not copied into pages"
    );

    let pains = read(&out.join("pain-points.html"));
    let first_row = &pains[pains.find("<tbody>").unwrap()..];
    assert!(
        first_row.starts_with("<tbody><tr class=\"sev-critical\""),
        "sorted by severity"
    );
    assert!(pains.contains("No mobile-wallet payment"));
    assert!(read(&out.join("review.html")).contains("Fleet procurement for a delivery start-up"));
    assert!(
        read(&out.join("opportunities.html")).contains("<svg"),
        "impact × effort matrix"
    );
    assert!(read(&out.join("personas/maya.html")).contains("Buying an e-bike online"));
    let de = read(&out.join("de/kauf-im-laden.html"));
    assert!(
        de.contains("Kontaktpunkte")
            && de.contains("Schmerzpunkte")
            && de.contains("<html lang=\"de\">"),
        "German lane names"
    );
    assert!(
        read(&out.join("ru/dostavka.html")).contains("Болевые точки"),
        "Russian lane names"
    );
    // One file per map beside its page: its model. The picture and the CSV are made in
    // the browser from the page.
    let beside: Vec<String> = std::fs::read_dir(out.join("journeys"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .filter(|n| n.starts_with("first-online-purchase-map-"))
        .collect();
    assert_eq!(beside, ["first-online-purchase-map-1.json"]);
    let purchase = read(&out.join("journeys/first-online-purchase.html"));
    assert!(purchase.contains(
        "data-csv=\"kind,stage,step,text,severity,impact,effort&#13;&#10;pain,&quot;Awareness&quot;"
    ));
    let search: String = files(&out.join("search"))
        .values()
        .map(|b| String::from_utf8_lossy(b).to_string())
        .collect();
    assert!(
        search.contains("\"wallet\""),
        "pain-point words are searchable"
    );
}

#[test]
fn output_is_byte_identical_across_builds() {
    let tmp = tempfile::tempdir().unwrap();
    let (a, b) = (tmp.path().join("a"), tmp.path().join("b"));
    assert!(
        waymark(&["build", s(&example()), "--out", s(&a), "--no-cache"])
            .status
            .success()
    );
    assert!(
        waymark(&["build", s(&example()), "--out", s(&b), "--no-cache"])
            .status
            .success()
    );
    let (fa, fb) = (files(&a), files(&b));
    assert_eq!(fa.keys().collect::<Vec<_>>(), fb.keys().collect::<Vec<_>>());
    for (k, v) in &fa {
        assert!(v == &fb[k], "{} differs", k.display());
    }
    // The preview builds in memory with every page kept; a one-off build writes each
    // page as it is rendered. Both must give the same site (on today's date in both).
    let c = tmp.path().join("c");
    let built = Command::new(env!("CARGO_BIN_EXE_waymark"))
        .args(["build", s(&example()), "--out", s(&c), "--no-cache"])
        .env("NO_COLOR", "1")
        .env_remove("WAYMARK_TODAY")
        .output()
        .expect("run waymark");
    assert!(built.status.success());
    let mut preview = waymark::site::Builder::new(&example());
    let memory = preview.build();
    assert_eq!(memory.errors(), 0);
    let on_disk: BTreeMap<String, Vec<u8>> = files(&c)
        .into_iter()
        .map(|(k, v)| (k.to_string_lossy().replace('\\', "/"), v))
        .filter(|(k, _)| k != waymark::site::output::MARKER)
        .collect();
    assert_eq!(
        memory.files.keys().collect::<Vec<_>>(),
        on_disk.keys().collect::<Vec<_>>()
    );
    for (k, v) in &memory.files {
        assert!(
            **v == on_disk[k],
            "{k} differs between the preview and the build"
        );
    }
}

#[test]
fn a_one_off_builder_built_again_reads_the_handbook_again() {
    // A one-off build lets go of each page's text once it is rendered.
    let tmp = tempfile::tempdir().unwrap();
    let src = tmp.path();
    write(src, "index.md", "# Home\n\nSee [missing](nope.md).\n");
    write(
        src,
        "b.md",
        "# B\n\n```journey\nsection S\n  Step: 3: Me\n```\n",
    );
    let mut builder = waymark::site::Builder::once(src);
    let first = builder.build();
    let second = builder.build();
    assert!(first.files.contains_key("b.html"));
    assert!(
        first.files == second.files,
        "the second build writes what the first did"
    );
    let report = second.report(src, false);
    assert!(
        report.contains("index.md:3:5") && report.contains("See [missing](nope.md)."),
        "{report}"
    );
}

#[test]
fn a_broken_journey_fails_and_keeps_the_last_good_output() {
    let tmp = tempfile::tempdir().unwrap();
    let src = tmp.path().join("src");
    let out = tmp.path().join("out");
    write(
        &src,
        "index.md",
        "# Home\n\n```journey\nsection S\n  Step: 3: Me\n```\n",
    );
    assert!(waymark(&["build", s(&src), "--out", s(&out)])
        .status
        .success());
    let before = files(&out);
    write(
        &src,
        "index.md",
        "# Home\n\n```journey\nsection S\n  Step: high: Me\n    chanel: web\n```\n",
    );
    let o = waymark(&["build", s(&src), "--out", s(&out)]);
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("index.md:5:9"), "{err}");
    assert!(
        err.contains("index.md:6:5"),
        "every problem is reported: {err}"
    );
    assert!(
        err.contains("Step: high: Me") && err.contains("chanel: web"),
        "each problem shows its line: {err}"
    );
    assert!(err.contains("last good output"), "{err}");
    assert_eq!(files(&out), before, "the previous site is untouched");
}

#[test]
fn dangerous_output_folders_are_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let src = tmp.path().join("src");
    write(&src, "index.md", "# Home\n");
    let foreign = tmp.path().join("foreign");
    write(&foreign, "keep.txt", "precious");
    for out in [
        src.clone(),
        tmp.path().to_path_buf(),
        foreign.clone(),
        PathBuf::from("/"),
    ] {
        let o = waymark(&["build", s(&src), "--out", s(&out)]);
        assert_eq!(o.status.code(), Some(1), "{}", out.display());
        assert!(
            String::from_utf8_lossy(&o.stderr).contains("refusing"),
            "{}",
            out.display()
        );
    }
    assert_eq!(read(&foreign.join("keep.txt")), "precious");
    assert!(!src.join(".waymark-output").exists());
}

#[test]
fn config_defaults_errors_and_bad_files() {
    let tmp = tempfile::tempdir().unwrap();
    let src = tmp.path().join("src");
    write(&src, "a.md", "# Only a page\n\nNo config at all.\n");
    let out = tmp.path().join("out");
    assert!(
        waymark(&["build", s(&src), "--out", s(&out)])
            .status
            .success(),
        "builds with defaults"
    );
    assert!(read(&out.join("a.html")).contains("Only a page"));

    write(&src, "waymark.toml", "title = \"X\"\ncolour = \"red\"\n");
    let o = waymark(&["build", s(&src), "--out", s(&out)]);
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("waymark.toml:2:1") && err.contains("unknown key `colour`"),
        "{err}"
    );

    // Every bad key and value in one run, each at its place, with "did you mean".
    write(
        &src,
        "waymark.toml",
        "themee = \"dark\"\nlayout = \"tabel\"\nstale_after_days = \"90\"\n",
    );
    let o = waymark(&["build", s(&src), "--out", s(&out)]);
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    for expected in [
        "waymark.toml:1:1",
        "did you mean `theme`?",
        "waymark.toml:2:10",
        "did you mean `table`?",
        "waymark.toml:3:20",
    ] {
        assert!(err.contains(expected), "{expected} in {err}");
    }

    // An unknown site theme is reported once, at its line, not once per journey.
    write(&src, "waymark.toml", "title = \"X\"\ntheme = \"darkk\"\n");
    for name in ["j1.md", "j2.md"] {
        write(&src, name, "```journey\nsection S\n  Step: 3\n```\n");
    }
    let o = waymark(&["build", s(&src), "--out", s(&out)]);
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(err.matches("unknown theme `darkk`").count(), 1, "{err}");
    assert!(
        err.contains("waymark.toml:2:9") && err.contains("did you mean `dark`?"),
        "{err}"
    );
    for name in ["j1.md", "j2.md"] {
        std::fs::remove_file(src.join(name)).unwrap();
    }

    std::fs::remove_file(src.join("waymark.toml")).unwrap();
    std::fs::write(src.join("latin1.md"), b"# Caf\xe9\n").unwrap();
    let o = waymark(&["build", s(&src), "--out", s(&out)]);
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("latin1.md is not valid UTF-8"));
}

#[test]
fn broken_links_are_reported_and_unsafe_ones_dropped() {
    let tmp = tempfile::tempdir().unwrap();
    let src = tmp.path().join("src");
    write(
        &src,
        "index.md",
        "# Home\n\n[missing](nope.md) and [bad](javascript:alert(1)) and [ok](b.md#part)\n",
    );
    write(&src, "b.md", "# B\n\n## Part\n");
    let out = tmp.path().join("out");
    let o = waymark(&["build", s(&src), "--out", s(&out)]);
    assert!(o.status.success());
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("index.md:3:1") && err.contains("broken link"),
        "{err}"
    );
    let html = read(&out.join("index.html"));
    assert!(!html.contains("javascript:"));
    assert!(html.contains("href=\"b.html#part\""));
    assert!(read(&out.join("b.html")).contains("id=\"part\""));
}

#[test]
fn init_scaffolds_a_handbook_that_builds() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("hb");
    assert!(waymark(&["init", s(&dir)]).status.success());
    assert!(dir.join("waymark.toml").is_file());
    let o = waymark(&["build", s(&dir)]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(dir.join("_site/journeys/first-purchase.html").is_file());
    assert_eq!(
        waymark(&["init", s(&dir)]).status.code(),
        Some(1),
        "refuses a non-empty folder"
    );
}

#[test]
fn navigation_follows_summary_and_does_not_grow_with_pages_squared() {
    let tmp = tempfile::tempdir().unwrap();
    let src = tmp.path().join("src");
    for n in 0..60 {
        write(
            &src,
            &format!("p/page-{n:02}.md"),
            &format!("# Page {n}\n\nText.\n"),
        );
    }
    let out = tmp.path().join("out");
    assert!(waymark(&["build", s(&src), "--out", s(&out)])
        .status
        .success());
    let small = std::fs::metadata(out.join("p/page-00.html")).unwrap().len();
    for n in 60..240 {
        write(
            &src,
            &format!("p/page-{n:03}.md"),
            &format!("# Page {n}\n\nText.\n"),
        );
    }
    assert!(waymark(&["build", s(&src), "--out", s(&out)])
        .status
        .success());
    let big = std::fs::metadata(out.join("p/page-00.html")).unwrap().len();
    assert!(
        big < small + 200,
        "a page's size does not depend on the number of pages ({small} → {big})"
    );

    write(
        &src,
        "SUMMARY.md",
        "# Summary\n\n- [Second](p/page-01.md)\n- [First](p/page-00.md)\n",
    );
    assert!(waymark(&["build", s(&src), "--out", s(&out)])
        .status
        .success());
    let nav = read(&out.join("nav.js"));
    assert!(
        nav.find("Second").unwrap() < nav.find("First").unwrap(),
        "SUMMARY.md decides the order"
    );
}

/// A handbook whose every word a person wrote tries to break out of its HTML.
fn hostile(dir: &Path) {
    write(
        dir,
        "index.md",
        "# Home\n\n```journey\npersona Eve <b>&amp;</b> \"O'Brien\"\n  role: <i>role</i> & 'q'\n  \
         goal: <img src=x onerror=alert(2)>\n\n```\n\n```journey\n\
         title Shop <script>alert(3)</script>\npersona Eve <b>&amp;</b> \"O'Brien\"\n\
         owner <Team> & 'Co'\nreviewed 2020-01-01\nsection <i>Stage</i>\n  \
         Step <u>one</u>: 2: Eve <b>&amp;</b> \"O'Brien\"\n    \
         pain: </td><script>alert(4)</script> {severity: critical}\n    \
         opportunity: <svg onload=alert(5)> {impact: high, effort: low}\n```\n",
    );
    write(
        dir,
        "waymark.toml",
        "title = \"Hostile\"\nbase_url = \"https://example.com/a&b\"\n",
    );
}

#[test]
fn user_text_on_the_handbook_pages_is_escaped_exactly_once() {
    let tmp = tempfile::tempdir().unwrap();
    let (src, out) = (tmp.path().join("src"), tmp.path().join("out"));
    hostile(&src);
    let o = waymark(&["build", s(&src), "--out", s(&out)]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let name = "Eve &lt;b&gt;&amp;amp;&lt;/b&gt; &quot;O&#39;Brien&quot;";
    let title = "Shop &lt;script&gt;alert(3)&lt;/script&gt;";
    for (page, expected) in [
        (
            "journeys.html",
            vec![name, title, "&lt;Team&gt; &amp; &#39;Co&#39;"],
        ),
        (
            "personas/index.html",
            vec![name, "&lt;i&gt;role&lt;/i&gt; &amp; &#39;q&#39;"],
        ),
        (
            "personas/eve-bampb-obrien.html",
            vec![name, title, "&lt;img src=x onerror=alert(2)&gt;"],
        ),
        (
            "pain-points.html",
            vec![
                title,
                "&lt;/td&gt;&lt;script&gt;alert(4)&lt;/script&gt;",
                "&lt;i&gt;Stage&lt;/i&gt;",
                "Step &lt;u&gt;one&lt;/u&gt;",
                "&lt;svg onload=alert(5)&gt;",
            ],
        ),
        (
            "opportunities.html",
            vec![title, "&lt;svg onload=alert(5)&gt;"],
        ),
        (
            "review.html",
            vec![title, "&lt;Team&gt; &amp; &#39;Co&#39;"],
        ),
    ] {
        let html = read(&out.join(page));
        for text in expected {
            assert!(html.contains(text), "{page} lacks {text}");
        }
        for raw in [
            "<script>alert",
            "<b>&amp;",
            "<img src=x",
            "<svg onload",
            "<Team>",
        ] {
            assert!(!html.contains(raw), "{page} holds {raw} unescaped");
        }
        for twice in ["&amp;lt;", "&amp;quot;", "&amp;#39;"] {
            assert!(!html.contains(twice), "{page} escapes twice: {twice}");
        }
    }
    let sitemap = read(&out.join("sitemap.xml"));
    assert!(sitemap.starts_with("<?xml version=\"1.0\""), "{sitemap}");
    assert!(
        sitemap.contains("<loc>https://example.com/a&amp;b/journeys.html</loc>"),
        "{sitemap}"
    );
}

#[test]
fn a_handbook_template_replaces_a_generated_page_and_is_escaped_too() {
    let tmp = tempfile::tempdir().unwrap();
    let (src, out) = (tmp.path().join("src"), tmp.path().join("out"));
    hostile(&src);
    write(
        &src,
        "templates/journeys.html",
        "<h1 id=\"title\">Our maps ({{ count }})</h1>\n<div>{{ rows | safe }}</div>\n",
    );
    write(
        &src,
        "templates/journeys-row.html",
        "<p class=\"mine\">{{ j.map.title }} ({{ j.steps }} {{ t.steps }})</p>",
    );
    write(
        &src,
        "templates/404.html",
        "<h1 id=\"title\">Lost</h1><p><a href=\"index.html\">{{ t.home }}</a></p>\n",
    );
    let o = waymark(&["build", s(&src), "--out", s(&out)]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let journeys = read(&out.join("journeys.html"));
    assert!(
        journeys.contains(
            "<h1 id=\"title\">Our maps (1)</h1>\n<div><p class=\"mine\">Shop \
             &lt;script&gt;alert(3)&lt;/script&gt; (1 Steps)</p></div>"
        ),
        "{journeys}"
    );
    assert!(
        journeys.contains("class=\"topbar\""),
        "still in the page template"
    );
    assert!(
        !journeys.contains("<table>"),
        "the built-in one is not used"
    );
    assert!(read(&out.join("404.html")).contains("<h1 id=\"title\">Lost</h1>"));
    // The others stay the built-in ones.
    assert!(read(&out.join("review.html")).contains("<table>"));
}

#[test]
fn a_page_template_that_writes_the_content_twice_is_given_it_whole_both_times() {
    // A register is written into the page template's text around `content` when the
    // template writes it once as it is; this one does not.
    let tmp = tempfile::tempdir().unwrap();
    let (src, out) = (tmp.path().join("src"), tmp.path().join("out"));
    hostile(&src);
    write(
        &src,
        "templates/page.html",
        "<main>{{ content | safe }}</main>\n<pre>{{ content }}</pre>\n",
    );
    let o = waymark(&["build", s(&src), "--out", s(&out)]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let page = read(&out.join("pain-points.html"));
    let row = "<tbody><tr class=\"sev-critical\"";
    let (main, pre) = page.split_once("</main>").expect("the main element");
    assert!(main.starts_with("<main><h1 id=\"title\">"), "{page}");
    assert!(main.contains(row) && main.contains("</tbody>"), "{page}");
    assert!(
        pre.contains("&lt;tbody&gt;&lt;tr class=&quot;sev-critical&quot;"),
        "{page}"
    );
    assert!(!page.contains("waymark:"), "no marker is left: {page}");
}

#[test]
fn a_broken_handbook_template_stops_the_build_and_is_named() {
    let tmp = tempfile::tempdir().unwrap();
    let (src, out) = (tmp.path().join("src"), tmp.path().join("out"));
    hostile(&src);
    assert!(waymark(&["build", s(&src), "--out", s(&out)])
        .status
        .success());
    let before = files(&out);
    for (rel, text, says) in [
        (
            "templates/pain-points.html",
            "{% for p in %}{% endfor %}",
            "cannot be read",
        ),
        (
            "templates/review.html",
            "{{ nothing.here }}",
            "failed on review.html",
        ),
        // A register's template written before its rows had a template of their own.
        (
            "templates/pain-points.html",
            "<h1>Pains</h1>{% for p in [] %}{{ p.text }}{% endfor %}",
            "it writes none of the rows: put `{{ rows | safe }}` where they go (each is \
             written by pain-points-row.html)",
        ),
        (
            "templates/journeys.html",
            "<h1>Maps</h1>{% for j in journeys %}{{ j.map.title }}{% endfor %}",
            "note: each row is written by journeys-row.html; journeys.html is given `count` \
             and `rows`, written with `{{ rows | safe }}`",
        ),
        (
            "templates/evidence-row.html",
            "<tr><td>{{ j.map.title | nonsense }}</td></tr>",
            "failed on evidence.html",
        ),
    ] {
        write(&src, rel, text);
        let o = waymark(&["build", s(&src), "--out", s(&out)]);
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(1), "{rel}: {err}");
        assert!(
            err.contains(&format!("template {}", src.join(rel).display())),
            "{rel}: the error names the file: {err}"
        );
        assert!(err.contains(says), "{rel}: {err}");
        assert!(err.contains("help: fix the template"), "{rel}: {err}");
        assert!(err.contains("last good output"), "{rel}: {err}");
        assert_eq!(files(&out), before, "{rel}: the last good site stays");
        std::fs::remove_file(src.join(rel)).unwrap();
    }
}

/// Every call a build makes to its progress callback, in order.
#[derive(Default)]
struct Recorder {
    /// (step, total, advanced) per started step.
    steps: std::sync::Mutex<Vec<(waymark::site::Step, usize, usize)>>,
    notes: std::sync::Mutex<Vec<String>>,
    /// (delivery, pages, errors) per finish.
    finished: std::sync::Mutex<Vec<(String, usize, usize)>>,
}

impl waymark::site::Progress for Recorder {
    fn start(&self, step: waymark::site::Step, total: usize) {
        self.steps.lock().unwrap().push((step, total, 0));
    }

    fn advance(&self, n: usize) {
        if let Some(last) = self.steps.lock().unwrap().last_mut() {
            last.2 += n;
        }
    }

    fn note(&self, message: &str) {
        self.notes.lock().unwrap().push(message.to_string());
    }

    fn finish(&self, summary: &waymark::site::Summary<'_>) {
        self.finished.lock().unwrap().push((
            format!("{:?}", summary.delivery),
            summary.built.pages,
            summary.built.errors(),
        ));
    }
}

#[test]
fn a_build_reports_its_named_steps_through_the_progress_callback() {
    use waymark::site::Step::*;
    let tmp = tempfile::tempdir().unwrap();
    let (src, out) = (tmp.path().join("src"), tmp.path().join("out"));
    hostile(&src);
    write(&src, "b.md", "# B\n");
    write(&src, "logo.txt", "a static file");

    let progress = Recorder::default();
    let done = waymark::site::build::run(&src, Some(&out), true, &progress);
    assert!(matches!(done, Ok(waymark::site::build::Ended::Written)));
    let steps = progress.steps.into_inner().unwrap();
    assert_eq!(
        steps.iter().map(|s| s.0).collect::<Vec<_>>(),
        [Render, Wrap, Problems, Generated, Search, Statics, Sitemap]
    );
    assert_eq!(steps[0].1, 2, "two pages to render");
    for (step, total, advanced) in &steps {
        assert_eq!(total, advanced, "{step:?} counts what it said it would");
    }
    assert_eq!(steps[5].1, 1, "one static file");
    assert_eq!(
        progress.finished.into_inner().unwrap(),
        [(format!("Written({out:?})"), 2, 0)]
    );

    // A broken page: the build ends without touching the last good site.
    write(
        &src,
        "b.md",
        "# B\n\n```journey\nsection S\n  Step: high: Me\n```\n",
    );
    let progress = Recorder::default();
    let done = waymark::site::build::run(&src, Some(&out), true, &progress);
    assert!(matches!(done, Ok(waymark::site::build::Ended::Broken)));
    let finished = progress.finished.into_inner().unwrap();
    assert_eq!(finished.len(), 1);
    assert_eq!(finished[0].0, format!("KeptLastGood({out:?})"));
    assert!(finished[0].2 > 0, "the errors are handed over");

    // The preview's builder keeps the site in memory and says so.
    std::fs::remove_file(src.join("b.md")).unwrap();
    let progress = Recorder::default();
    let built = waymark::site::Builder::new(&src).build_with(&progress);
    assert_eq!(built.errors(), 0);
    assert_eq!(
        progress.finished.into_inner().unwrap(),
        [("Memory".to_string(), 1, 0)]
    );
    assert!(progress.notes.into_inner().unwrap().is_empty());
}

#[test]
fn the_console_shows_one_summary_line_when_it_is_no_terminal() {
    let tmp = tempfile::tempdir().unwrap();
    let (src, out) = (tmp.path().join("src"), tmp.path().join("out"));
    // More pages than a progress bar is drawn for on a terminal.
    for n in 0..210 {
        write(&src, &format!("p/page-{n:03}.md"), &format!("# Page {n}\n"));
    }
    let o = waymark(&["build", s(&src), "--out", s(&out)]);
    assert!(o.status.success());
    assert!(o.stdout.is_empty(), "nothing on stdout");
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.starts_with("built 210 pages, 0 maps into ") && err.ends_with(": 0 warnings\n"),
        "{err}"
    );
}

#[test]
fn pages_speak_their_own_language_and_task_lists_are_named() {
    let tmp = tempfile::tempdir().unwrap();
    let src = tmp.path().join("src");
    write(
        &src,
        "a.md",
        "---\norder: 1\n---\n# A\n\n- [x] shipped\n- [ ] next\n",
    );
    write(
        &src,
        "b.md",
        "---\nlang: de\norder: 2\n---\n# B\n\n```journey\nsection S\n  Schritt: 3\n```\n",
    );
    write(&src, "c.md", "---\norder: 3\n---\n# C\n");
    let out = tmp.path().join("out");
    let o = waymark(&["build", s(&src), "--out", s(&out)]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let a = read(&out.join("a.html"));
    assert!(
        a.contains("type=\"checkbox\" disabled=\"\" checked=\"\" aria-label=\"done\"")
            && a.contains("aria-label=\"to do\""),
        "every task box has a name: {a}"
    );
    let b = read(&out.join("b.html"));
    assert!(b.contains("<html lang=\"de\""));
    for german in ["Zurück", "Weiter", "Herunterladen"] {
        assert!(b.contains(german), "{german} on a German page");
    }
    assert!(
        !read(&out.join("c.html")).contains("Zurück"),
        "others stay English"
    );
}

#[test]
fn a_new_handbook_lists_personas_once_and_is_not_due_for_review() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("hb");
    assert!(waymark(&["init", s(&dir)]).status.success());
    let o = build_today(&dir);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let nav = read(&dir.join("_site/nav.js"));
    assert_eq!(nav.matches("\"Personas\"").count(), 1, "{nav}");
    let review = read(&dir.join("_site/review.html"));
    assert!(!review.contains("first-purchase"), "{review}");
}

/// Builds with the real today, as a new handbook is built on its first day.
fn build_today(dir: &Path) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_waymark"))
        .args(["build", s(dir)])
        .env("NO_COLOR", "1")
        .output()
        .unwrap()
}

#[test]
fn the_journeys_index_compares_maps_on_different_scales() {
    let tmp = tempfile::tempdir().unwrap();
    let src = tmp.path().join("src");
    write(
        &src,
        "a.md",
        "```journey\ntitle On five\nsection S\n  A: 4\n  B: 5\n```\n",
    );
    write(
        &src,
        "b.md",
        "```journey\ntitle On two\nscale -2..2\nsection S\n  A: 1\n  B: 2\n```\n",
    );
    let out = tmp.path().join("out");
    assert!(waymark(&["build", s(&src), "--out", s(&out)])
        .status
        .success());
    let index = read(&out.join("journeys.html"));
    // 4.5 on 1..5 and 1.5 on -2..2 are both 88 % of their scale.
    assert_eq!(index.matches("88 %").count(), 2, "{index}");
    assert!(index.contains("id=\"average-note\""));
}

#[test]
fn search_indexes_what_readers_see_not_the_journey_source() {
    let tmp = tempfile::tempdir().unwrap();
    let src = tmp.path().join("src");
    write(
        &src,
        "index.md",
        "# Shop\n\nPlain words.\n\n```journey\ntitle Checkout\nsection Buying\n  Pays: 3\n    channel: web\n```\n",
    );
    let out = tmp.path().join("out");
    assert!(waymark(&["build", s(&src), "--out", s(&out)])
        .status
        .success());
    let shards: String = std::fs::read_dir(out.join("search"))
        .unwrap()
        .map(|e| read(&e.unwrap().path()))
        .collect();
    for seen in ["\"buying\"", "\"pays\"", "\"checkout\"", "\"plain\""] {
        assert!(shards.contains(seen), "{seen} is on the page");
    }
    for keyword in ["\"section\"", "\"channel\""] {
        assert!(
            !shards.contains(keyword),
            "{keyword} is source, not page text"
        );
    }
    // Snippets are shown as text: references in generated pages are decoded.
    let docs = read(&out.join("search/docs.js"));
    assert!(!docs.contains("&#39;") && !docs.contains("&amp;"), "{docs}");
}

#[test]
fn a_table_layout_map_carries_its_picture_for_the_downloads() {
    let tmp = tempfile::tempdir().unwrap();
    let src = tmp.path().join("src");
    write(
        &src,
        "t.md",
        "# T\n\n```journey layout=table\ntitle Table\nsection A\n  Pays: 2: Me\n    pain: Slow {severity: high}\n```\n",
    );
    let out = tmp.path().join("site");
    let o = waymark(&["build", s(&src), "--out", s(&out)]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let page = read(&out.join("t.html"));
    // The table is the figure; its picture waits, inert, in a template.
    assert!(
        page.contains("<template id=\"map-1-picture\"><svg"),
        "{page}"
    );
    assert!(page.contains("class=\"wm-svg\" data-map=\"map-1\" data-name=\"t-map-1.svg\""));
    let mut beside: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .filter(|n| n.starts_with("t-map-1"))
        .collect();
    beside.sort();
    assert_eq!(beside, ["t-map-1.json"]);
}

#[test]
fn a_handbook_without_an_index_page_opens_on_its_journeys() {
    let tmp = tempfile::tempdir().unwrap();
    let src = tmp.path().join("src");
    std::fs::create_dir_all(&src).unwrap();
    std::fs::write(
        src.join("buy.md"),
        "# Buy\n\n```journey\ntitle Buy a bike\nsection Look\n  Compare: 3\n```\n",
    )
    .unwrap();
    let out = tmp.path().join("out");
    let o = waymark(&["build", s(&src), "--out", s(&out)]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let journeys = read(&out.join("journeys.html"));
    assert!(journeys.contains("Buy a bike"), "{journeys}");
    assert_eq!(read(&out.join("index.html")), journeys);

    // With an index page of its own, that page is the handbook's front page.
    std::fs::write(src.join("index.md"), "# Welcome\n").unwrap();
    let o = waymark(&["build", s(&src), "--out", s(&out)]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(read(&out.join("index.html")).contains("Welcome"));
}
