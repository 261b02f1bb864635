//! `waymark lsp` timed as an editor sees it: the release binary driven over pipes with a
//! 1 MB markdown handbook page open. Measures the time from sending an edit to receiving
//! the document's diagnostics, and from sending a completion request to its answer.
//! A timing harness, not a test: `cargo bench --bench lsp` prints the figures.

use serde_json::{json, Value};
use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Command, Stdio};
use std::sync::mpsc::channel;
use std::time::{Duration, Instant};

/// A markdown page of about `bytes` bytes: prose and journey fences, as a handbook page.
fn page(bytes: usize) -> String {
    let mut text = String::from("# Journeys\n\n```journey\npersona Maya\n  role: Commuter, 34\n  goal: Get to work without a car\n```\n\n");
    let mut i = 0;
    while text.len() < bytes {
        text.push_str(&format!("## Journey {i}\n\nWhat we learned in round {i} of the interviews: buyers compare prices, read reviews and ask friends before they decide. Delivery dates matter more than price.\n\n```journey\ntitle Buying an e-bike {i}\npersona Maya\nsection Discover\n"));
        for s in 0..6 {
            text.push_str(&format!("  Compares prices {s}: {}: Maya\n    channel: web\n    pain: Prices differ {{severity: high}}\n    opportunity: Price guarantee {{impact: high, effort: low}}\n", 1 + (s % 5)));
        }
        text.push_str("section Buy\n  Pays: 4: Maya\n    channel: app\n```\n\n");
        i += 1;
    }
    text
}

/// CPU time (user + system) a process has used so far, from /proc; `None` elsewhere.
/// On a busy machine wall time includes waiting for a core; CPU time does not.
fn cpu_ms(pid: u32) -> Option<f64> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // Fields after the command name (in parentheses): utime and stime are the 12th and 13th.
    let rest = stat.rsplit_once(')')?.1;
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let ticks: f64 = fields.get(11)?.parse::<f64>().ok()? + fields.get(12)?.parse::<f64>().ok()?;
    // The kernel counts in clock ticks of 1/100 s on Linux.
    Some(ticks * 10.0)
}

fn main() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_waymark"))
        .arg("lsp")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("waymark lsp starts");
    let mut stdin = child.stdin.take().expect("stdin");
    let stdout = child.stdout.take().expect("stdout");
    let (tx, rx) = channel::<Value>();
    std::thread::spawn(move || {
        let mut r = BufReader::new(stdout);
        loop {
            let mut len = 0;
            loop {
                let mut h = String::new();
                if r.read_line(&mut h).unwrap_or(0) == 0 {
                    return;
                }
                if h.trim().is_empty() {
                    break;
                }
                if let Some(n) = h.trim().strip_prefix("Content-Length: ") {
                    len = n.parse().unwrap_or(0);
                }
            }
            let mut body = vec![0; len];
            if r.read_exact(&mut body).is_err() {
                return;
            }
            if tx
                .send(serde_json::from_slice(&body).unwrap_or(Value::Null))
                .is_err()
            {
                return;
            }
        }
    });
    let mut send = |v: Value| {
        let body = v.to_string();
        write!(stdin, "Content-Length: {}\r\n\r\n{body}", body.len()).expect("write");
        stdin.flush().expect("flush");
    };
    let wait = |pred: &dyn Fn(&Value) -> bool| loop {
        let m = rx.recv_timeout(Duration::from_secs(60)).expect("an answer");
        if pred(&m) {
            return m;
        }
    };
    send(
        json!({"jsonrpc": "2.0", "id": 0, "method": "initialize", "params": {"capabilities": {}}}),
    );
    wait(&|m| m["id"] == 0);
    send(json!({"jsonrpc": "2.0", "method": "initialized", "params": {}}));

    let text = page(1_000_000);
    let uri = "file:///bench/page.md";
    // The line of a step in the middle of the page, and a lane line under it.
    let middle = text[text.len() / 2..]
        .find("  Compares prices 3")
        .map(|i| text.len() / 2 + i)
        .expect("a step");
    let line = text[..middle].matches('\n').count();
    println!(
        "page: {} bytes, {} lines, {} journeys; editing line {}",
        text.len(),
        text.lines().count(),
        text.matches("```journey").count() - 1,
        line + 1
    );
    send(
        json!({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {"uri": uri, "languageId": "markdown", "version": 1, "text": text}}}),
    );
    let first = wait(&|m| m["method"] == "textDocument/publishDiagnostics");
    assert_eq!(
        first["params"]["diagnostics"],
        json!([]),
        "the page is clean"
    );

    let runs = 60;
    let pid = child.id();
    let cpu_before = cpu_ms(pid);
    let mut edit = Vec::new();
    for v in 0..runs {
        let started = Instant::now();
        send(
            json!({"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {
            "textDocument": {"uri": uri, "version": v + 2},
            "contentChanges": [{"range": {"start": {"line": line, "character": 2}, "end": {"line": line, "character": 2}}, "text": "x"}]}}),
        );
        wait(&|m| m["method"] == "textDocument/publishDiagnostics");
        edit.push(started.elapsed());
    }
    let edit_cpu = cpu_ms(pid)
        .zip(cpu_before)
        .map(|(a, b)| (a - b) / f64::from(runs as u32));
    let mut complete = Vec::new();
    for id in 1..=runs {
        let started = Instant::now();
        send(
            json!({"jsonrpc": "2.0", "id": id, "method": "textDocument/completion", "params": {
            "textDocument": {"uri": uri}, "position": {"line": line + 1, "character": 4}}}),
        );
        let answer = wait(&|m| m["id"] == id);
        complete.push(started.elapsed());
        assert!(
            answer["result"].as_array().is_some_and(|a| a.len() > 20),
            "lanes offered"
        );
    }
    for (what, mut times) in [
        ("diagnostics after an edit", edit),
        ("completion", complete),
    ] {
        times.sort();
        let ms = |d: Duration| d.as_secs_f64() * 1000.0;
        println!(
            "{what}: median {:.1} ms, p95 {:.1} ms, max {:.1} ms ({runs} runs)",
            ms(times[times.len() / 2]),
            ms(times[times.len() * 95 / 100]),
            ms(times[times.len() - 1])
        );
    }
    if let Some(cpu) = edit_cpu {
        println!("server CPU time per edit (user + system): {cpu:.1} ms");
    }
    send(json!({"jsonrpc": "2.0", "id": 9999, "method": "shutdown"}));
    wait(&|m| m["id"] == 9999);
    send(json!({"jsonrpc": "2.0", "method": "exit"}));
    let _ = child.wait();
}
