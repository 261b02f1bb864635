//! `waymark serve` as the real binary on a free port, driven by a real HTTP client:
//! pages, live reload events, errors in the browser, deletes and renames, editor save
//! patterns, and requests that try to leave the site.

use crate::common::Server;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// A request written by hand, so the path reaches the server exactly as written.
fn raw(server: &Server, request: &str) -> String {
    let mut s = TcpStream::connect(("127.0.0.1", server.port)).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    s.write_all(request.as_bytes()).unwrap();
    let mut out = String::new();
    let _ = s.read_to_string(&mut out);
    out
}

/// Reload messages, read from the event stream on a thread.
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

fn wait_for(rx: &mpsc::Receiver<String>, what: &str) -> String {
    let end = Instant::now() + Duration::from_secs(15);
    while Instant::now() < end {
        if let Ok(msg) = rx.recv_timeout(Duration::from_millis(200)) {
            if msg.contains(what) || msg.contains("\"*\"") {
                return msg;
            }
        }
    }
    panic!("no reload message for {what}");
}

fn site(dir: &Path) -> PathBuf {
    let src = dir.join("site");
    std::fs::create_dir_all(src.join("j")).unwrap();
    std::fs::write(src.join("index.md"), "# Home\n\n[Map](j/map.md)\n").unwrap();
    std::fs::write(
        src.join("j/map.md"),
        "# Map page\n\n```journey\ntitle Checkout\nsection Pay\n  Enters card: 2: Maya\n```\n",
    )
    .unwrap();
    std::fs::write(dir.join("secret.txt"), "TOP SECRET").unwrap();
    src
}

#[test]
fn serves_pages_and_reloads_after_edits() {
    let tmp = tempfile::tempdir().unwrap();
    let src = site(tmp.path());
    let server = Server::start(&src, &[]);
    let (code, home) = server.get("/");
    assert_eq!(code, 200);
    assert!(
        home.contains("/__waymark/events"),
        "the reload script is injected"
    );
    let (code, page) = server.get("/j/map.html");
    assert_eq!(code, 200);
    assert!(page.contains("Enters card"));

    let rx = events(&server);
    // Written in place.
    std::fs::write(
        src.join("j/map.md"),
        "# Map page\n\n```journey\ntitle Checkout\nsection Pay\n  Pays by wallet: 4: Maya\n```\n",
    )
    .unwrap();
    wait_for(&rx, "j/map.html");
    assert!(server.get("/j/map.html").1.contains("Pays by wallet"));

    // Written to a temporary file and renamed over the page, with a swap file about.
    std::fs::write(src.join("j/.map.md.swp"), "swap").unwrap();
    std::fs::write(
        src.join("j/map.md.tmp"),
        "# Map page\n\n```journey\ntitle Checkout\nsection Pay\n  Taps the phone: 5: Maya\n```\n",
    )
    .unwrap();
    std::fs::rename(src.join("j/map.md.tmp"), src.join("j/map.md")).unwrap();
    wait_for(&rx, "j/map.html");
    let (_, body) = server.until("/j/map.html", |_, b| b.contains("Taps the phone"));
    assert!(body.contains("Taps the phone"));

    // A burst of saves ends in one consistent page.
    for n in 0..10 {
        std::fs::write(src.join("j/map.md"), format!("# Map page\n\n```journey\ntitle Checkout\nsection Pay\n  Save number {n}: 3: Maya\n```\n")).unwrap();
    }
    let (_, body) = server.until("/j/map.html", |_, b| b.contains("Save number 9"));
    assert!(body.contains("Save number 9"));

    // Ctrl+C stops the preview even while a tab holds its reload stream open.
    let mut server = server;
    let interrupted = Command::new("kill")
        .args(["-INT", &server.child.id().to_string()])
        .status()
        .expect("run kill");
    assert!(interrupted.success());
    let deadline = Instant::now() + Duration::from_secs(20);
    let status = loop {
        if let Some(status) = server.child.try_wait().unwrap() {
            break status;
        }
        assert!(
            Instant::now() < deadline,
            "the preview ignored Ctrl+C with a reload stream open"
        );
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(status.success(), "{status}");
    drop(rx);
}

#[test]
fn broken_journeys_show_an_overlay_and_the_site_keeps_working() {
    let tmp = tempfile::tempdir().unwrap();
    let src = site(tmp.path());
    let server = Server::start(&src, &[]);
    let rx = events(&server);
    std::fs::write(
        src.join("j/map.md"),
        "# Map page\n\n```journey\ntitle Checkout\nsection Pay\n  Enters card: lots: Maya\n```\n",
    )
    .unwrap();
    wait_for(&rx, "j/map.html");
    let (code, body) = server.get("/j/map.html");
    assert_eq!(code, 200);
    assert!(body.contains("id=\"waymark-error-overlay\""));
    assert!(body.contains("map.md:6:16"), "file, line and column");
    assert!(body.contains("Enters card: lots: Maya"), "the line itself");
    let (code, home) = server.get("/index.html");
    assert_eq!(code, 200);
    assert!(
        !home.contains("id=\"waymark-error-overlay\""),
        "other pages are unaffected"
    );

    std::fs::write(
        src.join("j/map.md"),
        "# Map page\n\n```journey\ntitle Checkout\nsection Pay\n  Enters card: 3: Maya\n```\n",
    )
    .unwrap();
    let (_, body) = server.until("/j/map.html", |_, b| {
        !b.contains("id=\"waymark-error-overlay\"")
    });
    assert!(
        !body.contains("id=\"waymark-error-overlay\""),
        "the next good save clears it"
    );

    // A broken config keeps the last good build, with the error on every page.
    std::fs::write(src.join("waymark.toml"), "title = \"X\"\nnonsense = 1\n").unwrap();
    let (code, body) = server.until("/index.html", |_, b| {
        b.contains("id=\"waymark-error-overlay\"")
    });
    assert_eq!(code, 200);
    assert!(body.contains("waymark.toml:2:1"));
    assert!(body.contains("Home"), "the last good page is still served");
    std::fs::remove_file(src.join("waymark.toml")).unwrap();
    let (_, body) = server.until("/index.html", |_, b| {
        !b.contains("id=\"waymark-error-overlay\"")
    });
    assert!(!body.contains("id=\"waymark-error-overlay\""));
}

#[test]
fn deleted_and_renamed_pages() {
    let tmp = tempfile::tempdir().unwrap();
    let src = site(tmp.path());
    std::fs::write(src.join("extra.md"), "# Extra\n").unwrap();
    let server = Server::start(&src, &[]);
    assert_eq!(server.get("/extra.html").0, 200);
    std::fs::rename(src.join("extra.md"), src.join("renamed.md")).unwrap();
    let (code, _) = server.until("/renamed.html", |c, _| c == 200);
    assert_eq!(code, 200);
    assert_eq!(server.get("/extra.html").0, 404);
    std::fs::remove_file(src.join("renamed.md")).unwrap();
    let (code, _) = server.until("/renamed.html", |c, _| c == 404);
    assert_eq!(code, 404);
    std::fs::create_dir_all(src.join("new/deeper")).unwrap();
    std::fs::write(src.join("new/deeper/page.md"), "# Deep\n").unwrap();
    let (code, _) = server.until("/new/deeper/page.html", |c, _| c == 200);
    assert_eq!(code, 200);
    std::fs::remove_dir_all(src.join("new")).unwrap();
    let (code, _) = server.until("/new/deeper/page.html", |c, _| c == 404);
    assert_eq!(code, 404);
}

#[test]
fn nothing_outside_the_site_is_served() {
    let tmp = tempfile::tempdir().unwrap();
    let src = site(tmp.path());
    #[cfg(unix)]
    std::os::unix::fs::symlink(tmp.path().join("secret.txt"), src.join("link.txt")).unwrap();
    let server = Server::start(&src, &[]);
    for path in [
        "/../secret.txt",
        "/%2e%2e/secret.txt",
        "/j/%2E%2E/%2e%2e/secret.txt",
        "/..%2fsecret.txt",
        "/j%5c..%5c..%5csecret.txt",
        "//etc/passwd",
        "/j/..\\..\\secret.txt",
        "/link.txt",
        "/%00",
        "/C:/Windows/win.ini",
    ] {
        let reply = raw(
            &server,
            &format!("GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"),
        );
        let status = reply.split_whitespace().nth(1).unwrap_or("");
        // 503: the link out of the handbook stops the build, and the preview says so.
        assert!(
            ["400", "404", "503"].contains(&status),
            "{path} answered {status}"
        );
        assert!(
            !reply.contains("TOP SECRET") && !reply.contains("root:"),
            "{path} leaked"
        );
    }
    // The reload stream is for pages of this server only.
    let reply = raw(&server, "GET /__waymark/events HTTP/1.1\r\nHost: 127.0.0.1\r\nOrigin: http://evil.example\r\nConnection: close\r\n\r\n");
    assert!(reply.starts_with("HTTP/1.1 403"), "{reply}");
}

#[test]
fn a_handbook_that_never_built_shows_why_and_loads_once_fixed() {
    let tmp = tempfile::tempdir().unwrap();
    let src = site(tmp.path());
    std::fs::write(src.join("waymark.toml"), "theme = \"darkk\"\n").unwrap();
    let server = Server::start(&src, &[]);
    let request = format!(
        "GET /index.html HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nConnection: close\r\n\r\n",
        server.port
    );
    let end = Instant::now() + Duration::from_secs(15);
    let mut response = raw(&server, &request);
    while !response.contains("waymark-error-overlay") && Instant::now() < end {
        std::thread::sleep(Duration::from_millis(50));
        response = raw(&server, &request);
    }
    assert!(response.starts_with("HTTP/1.1 503"), "{response}");
    assert!(
        response.contains("unknown theme") && response.contains("waymark.toml:1:9"),
        "{response}"
    );
    std::fs::write(src.join("waymark.toml"), "theme = \"dark\"\n").unwrap();
    let (code, body) = server.until("/index.html", |c, _| c == 200);
    assert_eq!(code, 200);
    assert!(body.contains("Home") && !body.contains("id=\"waymark-error-overlay\""));
}

#[test]
fn handbook_pages_are_reused_after_a_prose_edit_and_written_again_after_a_map_edit() {
    let tmp = tempfile::tempdir().unwrap();
    let src = site(tmp.path());
    let server = Server::start(&src, &[]);
    let rx = events(&server);
    // A prose edit: the page reloads, the handbook's own pages are the same (reused).
    std::fs::write(src.join("index.md"), "# Home\n\nNew words here.\n").unwrap();
    let msg = wait_for(&rx, "index.html");
    assert!(!msg.contains("journeys.html"), "{msg}");
    let (_, home) = server.until("/index.html", |_, b| b.contains("New words here"));
    assert!(home.contains("New words here"));
    let (code, journeys) = server.get("/journeys.html");
    assert!(code == 200 && journeys.contains("Checkout"), "{journeys}");
    // Their search entries are still in the index.
    let (_, docs) = server.get("/search/docs.js");
    assert!(docs.contains("\"journeys.html\""), "{docs}");
    // A map edit: its title and its new pain point reach the index and the register.
    std::fs::write(
        src.join("j/map.md"),
        "# Map page\n\n```journey\ntitle Checkout again\nsection Pay\n  Enters card: 2: Maya\n    pain: Card declined twice {severity: high}\n```\n",
    )
    .unwrap();
    let (_, journeys) = server.until("/journeys.html", |_, b| b.contains("Checkout again"));
    assert!(journeys.contains("Checkout again"), "{journeys}");
    let (_, pains) = server.get("/pain-points.html");
    assert!(pains.contains("Card declined twice"), "{pains}");
}

#[test]
fn the_search_index_follows_the_reload() {
    let tmp = tempfile::tempdir().unwrap();
    let src = site(tmp.path());
    let server = Server::start(&src, &[]);
    let rx = events(&server);
    std::fs::write(src.join("index.md"), "# Home\n\nZyxquark lives here.\n").unwrap();
    // Tabs reload as soon as the page is rebuilt: the index is written after that.
    let msg = wait_for(&rx, "index.html");
    assert!(!msg.contains("search/"), "{msg}");
    let (code, shard) = server.until("/search/zy.js", |code, b| {
        code == 200 && b.contains("zyxquark")
    });
    assert_eq!(code, 200, "{shard}");
    // Gone from the index once gone from the page.
    std::fs::write(src.join("index.md"), "# Home\n\nPlain words.\n").unwrap();
    let (code, _) = server.until("/search/zy.js", |code, _| code == 404);
    assert_eq!(code, 404);
    let (_, keys) = server.get("/search/keys.js");
    assert!(!keys.contains("\"zy\""), "{keys}");
}
