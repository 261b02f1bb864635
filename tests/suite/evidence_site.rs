//! Evidence in the handbook, the preview and `check`: the real binary and the real server
//! on handbooks written into temporary folders — the evidence page, `[data]` shared by
//! pages, data outside the handbook refused, data never published, `check
//! --min-evidence`, and the preview rendering again exactly the pages a data file feeds.

use crate::common::{waymark, Server};
use std::io::{BufRead, BufReader, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::{Duration, Instant};

fn write(root: &Path, rel: &str, text: &str) {
    let path = root.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// Every file under `dir` with its bytes.
fn files(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out: Vec<_> = walkdir::WalkDir::new(dir)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .map(|e| (e.path().to_path_buf(), std::fs::read(e.path()).unwrap()))
        .collect();
    out.sort();
    out
}

const SURVEY: &str = "touchpoint,csat,date,persona\n\
Finds the shop,4,2026-02-01,Maya\n\
Finds the shop,5,2026-02-02,Maya\n\
Finds the shop,3,2026-02-03,Maya\n\
Checks out,2,2026-02-10,Maya\n\
Checks out,3,2026-02-11,Maya\n\
Checks out,2,2026-02-12,Maya\n";

/// A handbook with a shared survey (`[data]`), a stale file of one page's own, and a page
/// without data: checkout is 2 of 4 steps backed, delivery 3 of 4.
fn handbook(root: &Path) {
    write(
        root,
        "waymark.toml",
        "title = \"Evidence\"\ntoday = \"2026-03-01\"\n\n[data]\nsurvey = { path = \"research/survey.csv\", step = \"touchpoint\", score = \"csat\", scale = \"1..5\" }\n\n[evidence]\nmin_n = 3\n",
    );
    write(root, "research/survey.csv", SURVEY);
    write(
        root,
        "research/old.csv",
        "step,score,date\nOpens the box,4,2024-01-01\nOpens the box,5,2024-01-02\nOpens the box,5,2024-01-03\n",
    );
    write(
        root,
        "journeys/checkout.md",
        "# Checkout\n\n```journey\ntitle Web checkout\nsection Discover\n  Finds the shop: survey: Maya\n  Compares prices: 3: Maya\nsection Buy\n  Checks out: survey: Maya\n  Gets a confirmation: 4: Maya\n```\n",
    );
    write(
        root,
        "journeys/delivery.md",
        "# Delivery\n\n```journey\ntitle Delivery\ndata old: ../research/old.csv\nsection Receive\n  Finds the shop: survey: Maya\n  Waits for the parcel: 2: Maya\n    quote: Where is it?\n  Opens the box: old: Maya\n  Returns an item: 1: Maya\n```\n",
    );
    write(root, "index.md", "# Home\n\nWelcome.\n");
    write(root, "images/logo.txt", "a static file");
}

fn build(src: &Path, out: &Path) -> std::process::Output {
    waymark(&["build", s(src), "--out", s(out)])
}

#[test]
fn the_evidence_page_lists_backing_assumptions_and_sources() {
    let tmp = tempfile::tempdir().unwrap();
    let (src, out) = (tmp.path().join("src"), tmp.path().join("out"));
    handbook(&src);
    let o = build(&src, &out);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(o.status.success(), "{err}");
    assert!(
        err.contains("journeys/delivery.md:5:1") && err.contains("is stale"),
        "stale data is a warning at its data line: {err}"
    );
    let page = read(&out.join("evidence.html"));
    let checkout = page.find(">Web checkout</a>").expect("checkout listed");
    let delivery = page.find(">Delivery</a>").expect("delivery listed");
    assert!(checkout < delivery, "the least backed first");
    assert!(page.contains("<strong>50 %</strong><small>2 of 4 steps</small>"));
    assert!(page.contains("<strong>75 %</strong><small>3 of 4 steps</small>"));
    assert!(page.contains("<meter min=\"0\" max=\"100\""), "a bar");
    // Assumptions link to their step on the map.
    assert!(page.contains("<a href=\"./journeys/checkout.html#map-1-step-2\">Compares prices</a>"));
    assert!(
        page.contains("<a href=\"./journeys/checkout.html#map-1-step-4\">Gets a confirmation</a>")
    );
    assert!(page.contains("<a href=\"./journeys/delivery.html#map-1-step-4\">Returns an item</a>"));
    assert!(
        !page.contains("delivery.html#map-1-step-2"),
        "a quote backs a step"
    );
    let checkout_map = read(&out.join("journeys/checkout.html"));
    assert!(
        checkout_map.contains("id=\"map-1-step-2\""),
        "the target exists"
    );
    // Every data source: path, newest row, rows, freshness, the maps that use it.
    let sources = &page[page.find("id=\"data\"").expect("sources section")..];
    let old = sources.find("<code>research/old.csv</code>").unwrap();
    let survey = sources.find("<code>research/survey.csv</code>").unwrap();
    assert!(old < survey, "stale data first");
    let old_row = &sources[old..survey];
    assert!(old_row.contains("2024-01-03"), "{old_row}");
    assert!(old_row.contains("<td>3</td>"), "{old_row}");
    assert!(old_row.contains("stale"), "{old_row}");
    let survey_row = &sources[survey..];
    let survey_row = &survey_row[..survey_row.find("</tr>").unwrap()];
    assert!(survey_row.contains("2026-02-12"), "{survey_row}");
    assert!(survey_row.contains("<td>6</td>"), "{survey_row}");
    assert!(survey_row.contains("fresh"), "{survey_row}");
    assert!(survey_row.contains(">Web checkout</a>") && survey_row.contains(">Delivery</a>"));
    // In the navigation next to the other handbook pages, and stale data on the review page.
    let nav = read(&out.join("nav.js"));
    let (opps, ev, review) = (
        nav.find("opportunities.html").unwrap(),
        nav.find("evidence.html")
            .expect("the evidence page in the sidebar"),
        nav.find("review.html").unwrap(),
    );
    assert!(opps < ev && ev < review, "{nav}");
    let review = read(&out.join("review.html"));
    let stale = &review[review
        .find("id=\"stale-data\"")
        .expect("stale data section")..];
    assert!(stale.contains("<code>research/old.csv</code>"), "{stale}");
    assert!(stale.contains("2024-01-03") && stale.contains(">Delivery</a>"));
    assert!(!stale.contains("survey.csv"), "fresh data is not due");

    // The page speaks the handbook's language.
    let toml = read(&src.join("waymark.toml")).replace("title", "language = \"de\"\ntitle");
    write(&src, "waymark.toml", &toml);
    let o = build(&src, &out);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let page = read(&out.join("evidence.html"));
    assert!(page.contains("<h1 id=\"title\">Belege</h1>"));
    assert!(page.contains("2 von 4 Schritten") && page.contains("Datenquellen"));
}

#[test]
fn a_shared_source_feeds_two_pages_and_a_journeys_own_source_wins() {
    let tmp = tempfile::tempdir().unwrap();
    let (src, out) = (tmp.path().join("src"), tmp.path().join("out"));
    handbook(&src);
    // A page of its own names `survey` too: its file wins for its journey.
    write(
        &src,
        "journeys/own.md",
        "# Own\n\n```journey\ntitle Own survey\ndata survey: own.csv {step: touchpoint, score: csat}\nsection S\n  Finds the shop: survey: Maya\n```\n",
    );
    write(
        &src,
        "journeys/own.csv",
        "touchpoint,csat\nFinds the shop,1\nFinds the shop,1\nFinds the shop,1\n",
    );
    let o = build(&src, &out);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    for (page, mean) in [
        ("checkout", "\"mean\": 4.0"),
        ("delivery", "\"mean\": 4.0"),
        ("own", "\"mean\": 1.0"),
    ] {
        let json = read(&out.join(format!("journeys/{page}-map-1.json")));
        assert!(json.contains(mean), "{page}: {json}");
    }
    let json = read(&out.join("journeys/delivery-map-1.json"));
    assert!(json.contains("\"path\": \"research/survey.csv\""), "{json}");
    let page = read(&out.join("evidence.html"));
    let own = &page[page
        .find("<code>journeys/own.csv</code>")
        .expect("own source")..];
    assert!(own[..own.find("</tr>").unwrap()].contains(">Own survey</a>"));
}

#[test]
fn data_outside_the_handbook_is_refused_and_the_last_good_site_kept() {
    let tmp = tempfile::tempdir().unwrap();
    let (src, out) = (tmp.path().join("src"), tmp.path().join("out"));
    handbook(&src);
    std::fs::write(tmp.path().join("x.csv"), "step,score\nA,5\n").unwrap();
    assert!(build(&src, &out).status.success());
    let before = files(&out);

    write(
        &src,
        "journeys/out.md",
        "# Out\n\n```journey\ndata x: ../../x.csv\nsection S\n  A: x: Me\n```\n",
    );
    let o = build(&src, &out);
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("journeys/out.md:4:1"), "{err}");
    assert!(err.contains("../../x.csv is outside the handbook"), "{err}");
    assert!(err.contains("last good output"), "{err}");
    assert_eq!(files(&out), before, "the last good site is untouched");

    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(tmp.path().join("x.csv"), src.join("research/x.csv")).unwrap();
        write(
            &src,
            "journeys/out.md",
            "# Out\n\n```journey\ndata x: ../research/x.csv\nsection S\n  A: x: Me\n```\n",
        );
        let o = build(&src, &out);
        assert_eq!(o.status.code(), Some(1));
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(err.contains("journeys/out.md:4:1"), "{err}");
        assert!(err.contains("outside the handbook"), "{err}");
        assert!(!err.contains("A,5"), "nothing of the file is shown: {err}");
        assert_eq!(files(&out), before, "the last good site is untouched");
    }
}

#[test]
fn data_files_journeys_read_are_not_published() {
    let tmp = tempfile::tempdir().unwrap();
    let (src, out) = (tmp.path().join("src"), tmp.path().join("out"));
    handbook(&src);
    write(&src, "research/unused.csv", "a,b\n1,2\n");
    write(&src, "links.md", "# Links\n\n[raw](research/survey.csv)\n");
    let o = build(&src, &out);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(o.status.success(), "{err}");
    assert!(!out.join("research/survey.csv").exists(), "shared data");
    assert!(!out.join("research/old.csv").exists(), "a page's own data");
    assert!(
        out.join("research/unused.csv").exists(),
        "no journey reads it"
    );
    assert!(out.join("images/logo.txt").exists());
    assert!(
        err.contains("links.md:3:1")
            && err.contains(
                "`research/survey.csv` is data a journey reads, and data is not published"
            ),
        "a link to data says why it goes nowhere: {err}"
    );
    for (path, bytes) in files(&out) {
        let text = String::from_utf8_lossy(&bytes);
        assert!(
            !text.contains("Finds the shop,4,2026-02-01"),
            "{} holds the raw rows",
            path.display()
        );
    }
}

#[test]
fn waymark_toml_data_and_evidence_tables_are_checked_at_their_place() {
    let tmp = tempfile::tempdir().unwrap();
    let (src, out) = (tmp.path().join("src"), tmp.path().join("out"));
    handbook(&src);
    write(
        &src,
        "waymark.toml",
        "[data]\nsurvey = { path = \"research/survey.csv\", stpe = \"touchpoint\", scale = \"5..1\" }\nempty = {}\n\n[evidence]\nmin_n = 0\nstale_after_dayz = 3\n",
    );
    let o = build(&src, &out);
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    for (at, what) in [
        ("waymark.toml:2:42", "did you mean `step`?"),
        ("waymark.toml:2:71", "`5..1` is not a scale"),
        ("waymark.toml:3:1", "the data source `empty` names no file"),
        (
            "waymark.toml:6:9",
            "`min_n` is a whole number from 1 up, not 0",
        ),
        ("waymark.toml:7:1", "did you mean `stale_after_days`?"),
    ] {
        assert!(err.contains(at) && err.contains(what), "{at} {what}: {err}");
    }
}

#[test]
fn check_min_evidence_fails_below_the_share_and_says_where() {
    let tmp = tempfile::tempdir().unwrap();
    let src = tmp.path().join("src");
    handbook(&src);
    let journeys = src.join("journeys");
    let o = waymark(&["check", s(&journeys), "--min-evidence", "50"]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(0), "{err}");
    assert!(
        err.contains("every journey is backed at least 50 %"),
        "{err}"
    );

    let o = waymark(&["check", s(&journeys), "--min-evidence", "80"]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{err}");
    let checkout = journeys.join("checkout.md");
    assert!(
        err.contains(&format!(
            "{}:3: `Web checkout` is 50 % backed (2 of 4 steps), less than --min-evidence 80 %",
            checkout.display()
        )),
        "{err}"
    );
    assert!(
        err.contains("not backed: Compares prices (line 7), Gets a confirmation (line 10)"),
        "{err}"
    );
    assert!(err.contains("`Delivery` is 75 % backed"), "{err}");
    assert!(err.contains("2 journeys backed less than 80 %"), "{err}");

    let o = waymark(&[
        "check",
        s(&journeys),
        "--min-evidence",
        "60",
        "--format",
        "json",
    ]);
    assert_eq!(o.status.code(), Some(1));
    let doc: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let ev = &doc["evidence"];
    assert_eq!(ev["min_percent"], 60.0);
    assert_eq!(ev["below"], 1);
    let js = ev["journeys"].as_array().unwrap();
    let web = js.iter().find(|j| j["title"] == "Web checkout").unwrap();
    assert_eq!(web["percent"], 50.0);
    assert_eq!(web["below"], true);
    assert_eq!(web["line"], 3);
    assert_eq!(web["unbacked"][0]["step"], "Compares prices");
    assert_eq!(web["unbacked"][0]["line"], 7);
    let delivery = js.iter().find(|j| j["title"] == "Delivery").unwrap();
    assert_eq!(delivery["below"], false);

    let o = waymark(&["check", s(&journeys), "--min-evidence", "120"]);
    assert_eq!(
        o.status.code(),
        Some(2),
        "a share above 100 is a usage error"
    );
    let o = waymark(&["check", s(&journeys), "--format", "json"]);
    let doc: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert!(doc.get("evidence").is_none(), "only when asked for");
}

/// The preview's reload messages, read from its event stream on a thread.
fn events(server: &Server) -> mpsc::Receiver<String> {
    let mut s = TcpStream::connect(("127.0.0.1", server.port)).unwrap();
    s.write_all(format!("GET /__waymark/events HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nAccept: text/event-stream\r\n\r\n", server.port).as_bytes()).unwrap();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(s).lines().map_while(Result::ok) {
            if let Some(data) = line.strip_prefix("data:") {
                if tx.send(data.to_string()).is_err() {
                    return;
                }
            }
        }
    });
    std::thread::sleep(Duration::from_millis(300));
    rx
}

/// The first reload message that names `what`.
fn wait_for(rx: &mpsc::Receiver<String>, what: &str) -> String {
    let end = Instant::now() + Duration::from_secs(15);
    while Instant::now() < end {
        if let Ok(msg) = rx.recv_timeout(Duration::from_millis(200)) {
            if msg.contains(what) {
                return msg;
            }
        }
    }
    panic!("no reload message for {what}");
}

#[test]
fn the_preview_renders_again_the_pages_a_changed_data_file_feeds() {
    let tmp = tempfile::tempdir().unwrap();
    let src = tmp.path().join("src");
    handbook(&src);
    let server = Server::start(&src, &[]);
    let (code, json) = server.get("/journeys/checkout-map-1.json");
    assert_eq!(code, 200);
    assert!(json.contains("\"n\": 3"), "{json}");
    let (_, before) = server.get("/journeys/checkout.html");
    let rx = events(&server);

    // A fourth answer for checking out: the map that reads it changes, nothing else.
    write(
        &src,
        "research/survey.csv",
        &format!("{SURVEY}Checks out,5,2026-02-13,Maya\n"),
    );
    let msg = wait_for(&rx, "journeys/checkout.html");
    assert!(!msg.contains("index.html"), "other pages stay: {msg}");
    let (_, json) = server.until("/journeys/checkout-map-1.json", |_, b| {
        b.contains("\"n\": 4")
    });
    assert!(json.contains("\"n\": 4"), "{json}");
    let (_, after) = server.get("/journeys/checkout.html");
    assert_ne!(before, after, "the map shows the new data");

    // A broken cell: the located error in the overlay, the rest still served.
    write(
        &src,
        "research/survey.csv",
        &format!("{SURVEY}Checks out,lots,2026-02-13,Maya\n"),
    );
    let (code, page) = server.until("/journeys/checkout.html", |_, b| {
        b.contains("id=\"waymark-error-overlay\"")
    });
    assert_eq!(code, 200);
    assert!(page.contains("id=\"waymark-error-overlay\""));
    assert!(page.contains("survey.csv:8:"), "the row and column: {page}");
    assert!(page.contains("is not a number"), "{page}");
    let (code, home) = server.get("/index.html");
    assert_eq!(code, 200);
    assert!(!home.contains("id=\"waymark-error-overlay\""));

    write(&src, "research/survey.csv", SURVEY);
    let (_, page) = server.until("/journeys/checkout.html", |_, b| {
        !b.contains("id=\"waymark-error-overlay\"")
    });
    assert!(
        !page.contains("id=\"waymark-error-overlay\""),
        "fixed again"
    );
}

/// Every call a rebuild makes to its progress callback.
#[derive(Default)]
struct Steps(std::sync::Mutex<Vec<(waymark::site::Step, usize)>>);

impl waymark::site::Progress for Steps {
    fn start(&self, step: waymark::site::Step, total: usize) {
        self.0.lock().unwrap().push((step, total));
    }
    fn advance(&self, _: usize) {}
    fn note(&self, _: &str) {}
    fn finish(&self, _: &waymark::site::Summary<'_>) {}
}

#[test]
fn a_data_change_renders_only_the_pages_that_read_the_file() {
    let tmp = tempfile::tempdir().unwrap();
    let src = tmp.path().join("src");
    handbook(&src);
    let mut builder = waymark::site::Builder::new(&src);
    let first = builder.build();
    assert_eq!(first.errors(), 0, "{}", first.report(&src, false));

    std::fs::write(
        src.join("research/old.csv"),
        "step,score,date\nOpens the box,1,2026-02-01\n",
    )
    .unwrap();
    builder.changed(&[src.join("research/old.csv")]);
    let steps = Steps::default();
    let built = builder.build_with(&steps);
    let rendered = steps.0.lock().unwrap()[0];
    assert_eq!(
        rendered,
        (waymark::site::Step::Render, 1),
        "only delivery reads old.csv"
    );
    let json = String::from_utf8_lossy(&built.files["journeys/delivery-map-1.json"]).to_string();
    assert!(json.contains("2026-02-01"), "{json}");

    std::fs::write(
        src.join("research/survey.csv"),
        SURVEY.replace(",4,", ",1,"),
    )
    .unwrap();
    builder.changed(&[src.join("research/survey.csv")]);
    let steps = Steps::default();
    builder.build_with(&steps);
    assert_eq!(
        steps.0.lock().unwrap()[0],
        (waymark::site::Step::Render, 2),
        "both maps read the shared survey, the home page does not"
    );
}
