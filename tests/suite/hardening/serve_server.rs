//! `waymark serve` against clients that are not a well-behaved browser tab: requests
//! addressed to another host name (DNS rebinding), connections that stall half-way
//! through a request or sit idle, and more connections than the preview keeps open.
//! Each test starts the real binary on a free port and talks raw HTTP to it.

use crate::common::Server;
use std::io::{BufRead, BufReader, ErrorKind, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::time::{Duration, Instant};

/// The environment variable that shortens the preview's head-read timeout.
const TIMEOUT_VAR: &str = "WAYMARK_SERVE_HEADER_TIMEOUT_MS";

/// A handbook with one page, served with a head-read timeout of `timeout_ms`.
fn start(dir: &Path, timeout_ms: u64) -> Server {
    std::fs::write(dir.join("index.md"), "# Home page\n\nWelcome.\n").unwrap();
    Server::start(dir, &[(TIMEOUT_VAR, &timeout_ms.to_string())])
}

fn connect(server: &Server, read_timeout: Duration) -> TcpStream {
    let s = TcpStream::connect(("127.0.0.1", server.port)).unwrap();
    s.set_read_timeout(Some(read_timeout)).unwrap();
    s
}

/// A request written by hand, answered and closed.
fn raw(server: &Server, request: &str) -> String {
    let mut s = connect(server, Duration::from_secs(10));
    s.write_all(request.as_bytes()).unwrap();
    let mut out = Vec::new();
    let _ = s.read_to_end(&mut out);
    String::from_utf8_lossy(&out).into_owned()
}

fn status(reply: &str) -> &str {
    reply.split_whitespace().nth(1).unwrap_or("")
}

/// Reads until the server closes the stream; `false` when the read timeout ran out first.
fn closed_by_server(s: &mut TcpStream, seen: &mut Vec<u8>) -> bool {
    match s.read_to_end(seen) {
        Ok(_) => true,
        Err(e) => !matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut),
    }
}

/// The response head of a request whose body never ends (the reload stream).
fn head_of(s: &mut TcpStream) -> String {
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") {
        match s.read(&mut byte) {
            Ok(1) => head.push(byte[0]),
            _ => break,
        }
    }
    String::from_utf8_lossy(&head).into_owned()
}

#[test]
fn only_requests_addressed_to_this_server_are_answered() {
    let tmp = tempfile::tempdir().unwrap();
    let server = start(tmp.path(), 10_000);
    let port = server.port;
    for host in [
        format!("evil.example:{port}"),
        "evil.example".to_string(),
        format!("localhost:{}", port.wrapping_add(1)),
    ] {
        for path in ["/", "/index.html", "/__waymark/events"] {
            let reply = raw(
                &server,
                &format!("GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"),
            );
            assert_eq!(status(&reply), "421", "{host}{path}: {reply}");
            assert!(
                reply.contains("localhost:"),
                "the refusal says why: {reply}"
            );
            assert!(!reply.contains("Home page") && !reply.contains("event-stream"));
        }
    }
    // A URL in the request line names the host too.
    let reply = raw(
        &server,
        &format!(
            "GET http://evil.example:{port}/ HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n"
        ),
    );
    assert_eq!(status(&reply), "421", "{reply}");

    for host in [format!("localhost:{port}"), format!("127.0.0.1:{port}")] {
        let reply = raw(
            &server,
            &format!("GET / HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"),
        );
        assert_eq!(status(&reply), "200", "{host}: {reply}");
        assert!(reply.contains("Home page"));
        let mut s = connect(&server, Duration::from_secs(10));
        s.write_all(format!("GET /__waymark/events HTTP/1.1\r\nHost: {host}\r\n\r\n").as_bytes())
            .unwrap();
        let head = head_of(&mut s);
        assert_eq!(status(&head), "200", "{host}: {head}");
        assert!(head.contains("text/event-stream"), "{head}");
    }
}

#[test]
fn stalled_and_idle_connections_are_closed() {
    let tmp = tempfile::tempdir().unwrap();
    let server = start(tmp.path(), 1_000);
    // Three times the server's limit, so a busy machine does not fail the test.
    let patience = Duration::from_secs(3);

    let mut stalled = connect(&server, patience);
    stalled.write_all(b"GET / HT").unwrap();
    let mut seen = Vec::new();
    assert!(
        closed_by_server(&mut stalled, &mut seen),
        "a half-sent request line is kept open"
    );

    let mut headers_only = connect(&server, patience);
    headers_only
        .write_all(format!("GET / HTTP/1.1\r\nHost: 127.0.0.1:{}\r\n", server.port).as_bytes())
        .unwrap();
    let mut seen = Vec::new();
    assert!(
        closed_by_server(&mut headers_only, &mut seen),
        "a request head that never ends is kept open"
    );

    let mut idle = connect(&server, patience);
    idle.write_all(format!("GET / HTTP/1.1\r\nHost: 127.0.0.1:{}\r\n\r\n", server.port).as_bytes())
        .unwrap();
    let mut seen = Vec::new();
    assert!(
        closed_by_server(&mut idle, &mut seen),
        "an idle kept-alive connection is kept open"
    );
    let reply = String::from_utf8_lossy(&seen);
    assert_eq!(
        status(&reply),
        "200",
        "answered before it was closed: {reply}"
    );
}

#[test]
fn reload_streams_outlive_the_head_read_timeout() {
    let tmp = tempfile::tempdir().unwrap();
    let server = start(tmp.path(), 500);
    let mut s = connect(&server, Duration::from_secs(20));
    s.write_all(
        format!(
            "GET /__waymark/events HTTP/1.1\r\nHost: 127.0.0.1:{}\r\n\r\n",
            server.port
        )
        .as_bytes(),
    )
    .unwrap();
    assert_eq!(status(&head_of(&mut s)), "200");
    // Well past the timeout: a stream is a response in progress, never an idle connection.
    std::thread::sleep(Duration::from_millis(2_000));
    std::fs::write(tmp.path().join("index.md"), "# Home page\n\nEdited.\n").unwrap();
    let end = Instant::now() + Duration::from_secs(15);
    let mut lines = BufReader::new(s).lines();
    loop {
        let line = lines
            .next()
            .expect("the reload stream was closed")
            .expect("no reload message arrived");
        if line.starts_with("data:") && (line.contains("index.html") || line.contains("\"*\"")) {
            break;
        }
        assert!(Instant::now() < end, "no reload message for index.html");
    }
}

#[test]
fn more_connections_than_the_cap_do_not_lock_readers_out() {
    let tmp = tempfile::tempdir().unwrap();
    // A head-read limit far beyond the test, so only the cap can close anything.
    let server = start(tmp.path(), 600_000);
    let mut slow: Vec<TcpStream> = (0..300)
        .map(|_| {
            let mut s = connect(&server, Duration::from_secs(10));
            s.write_all(b"GET / HT").unwrap();
            s
        })
        .collect();
    let reply = raw(
        &server,
        &format!(
            "GET / HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nConnection: close\r\n\r\n",
            server.port
        ),
    );
    assert_eq!(status(&reply), "200", "{reply}");
    assert!(reply.contains("Home page"));
    // The oldest stalled connection made room for the newer ones.
    let mut seen = Vec::new();
    assert!(
        closed_by_server(&mut slow[0], &mut seen),
        "all 300 stalled connections are kept open"
    );
}
