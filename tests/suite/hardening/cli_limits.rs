//! The command line stays within bounds on huge input and ends quietly when its reader
//! goes away: a PNG of a journey with thousands of stages is scaled down to the size cap,
//! `check --format json` places tens of thousands of diagnostics exactly, and a closed
//! pipe (`| head -c 10`) ends every printing command without a panic.

use std::io::{Read, Write};
use std::path::Path;
use std::process::{Command, ExitStatus, Stdio};

const BIN: &str = env!("CARGO_BIN_EXE_waymark");

fn waymark(args: &[&str]) -> std::process::Output {
    Command::new(BIN).args(args).output().expect("run waymark")
}

#[test]
fn png_of_a_2000_stage_journey_is_scaled_down_to_the_cap() {
    let tmp = tempfile::tempdir().unwrap();
    let mut text = String::from("title Long\n");
    for i in 0..2000 {
        text.push_str(&format!("section Stage {i}\n  Step {i}: 3: Me\n"));
    }
    let file = tmp.path().join("long.journey");
    std::fs::write(&file, text).unwrap();
    let out_dir = tmp.path().join("out");
    let o = waymark(&[
        "svg",
        file.to_str().unwrap(),
        "--format",
        "png",
        "--out",
        out_dir.to_str().unwrap(),
    ]);
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(o.status.success(), "{stderr}");
    assert!(
        stderr.contains("long.png is drawn at") && stderr.contains("--format svg"),
        "the scaling is explained: {stderr}"
    );
    let png = std::fs::read(out_dir.join("long.png")).unwrap();
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
    let dim = |at: usize| u32::from_be_bytes(png[at..at + 4].try_into().unwrap());
    let (w, h) = (dim(16), dim(20));
    assert_eq!(w, 16_384, "as wide as allowed");
    assert!(
        (1..=16_384).contains(&h) && u64::from(w) * u64::from(h) <= 64 << 20,
        "{w} × {h}"
    );
}

#[test]
fn png_of_a_small_journey_keeps_twice_its_size() {
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("small.journey");
    std::fs::write(&file, "title Small\nsection S\n  Step: 3: Me\n").unwrap();
    let o = waymark(&[
        "svg",
        file.to_str().unwrap(),
        "--out",
        tmp.path().to_str().unwrap(),
    ]);
    assert!(o.status.success());
    let svg = std::fs::read_to_string(tmp.path().join("small.svg")).unwrap();
    let attr = |name: &str| -> f64 {
        let at = svg.find(&format!(" {name}=\"")).unwrap() + name.len() + 3;
        svg[at..at + svg[at..].find('"').unwrap()].parse().unwrap()
    };
    let o = waymark(&[
        "svg",
        file.to_str().unwrap(),
        "--format",
        "png",
        "--out",
        tmp.path().to_str().unwrap(),
    ]);
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(
        o.status.success() && !stderr.contains("drawn at"),
        "{stderr}"
    );
    let png = std::fs::read(tmp.path().join("small.png")).unwrap();
    let dim = |at: usize| f64::from(u32::from_be_bytes(png[at..at + 4].try_into().unwrap()));
    assert_eq!(dim(16), (attr("width").ceil() * 2.0).round());
    assert_eq!(dim(20), (attr("height").ceil() * 2.0).round());
}

#[test]
fn check_json_places_forty_thousand_errors_exactly() {
    let tmp = tempfile::tempdir().unwrap();
    // A long page of prose first, so every error sits deep in the file.
    let mut text = String::new();
    while text.len() < 2_000_000 {
        text.push_str("Prose about the journey, with a café and a bicycle 🚲 in it.\n");
    }
    text.push_str("\n```journey\nsection S\n");
    let first_line = text.lines().count() + 1;
    let mut expected = Vec::new();
    for i in 0..40_000 {
        // Names of different lengths, half of them with characters wider than a byte.
        let name = if i % 2 == 0 {
            format!("Step {i}")
        } else {
            format!("Étape {i} ☕")
        };
        let line = format!("  {name}: lots: Me");
        let column = line.find("lots").unwrap();
        expected.push((first_line + i, line[..column].chars().count() + 1));
        text.push_str(&line);
        text.push('\n');
    }
    text.push_str("```\n");
    let file = tmp.path().join("many.md");
    std::fs::write(&file, &text).unwrap();
    let o = waymark(&["check", "--format", "json", file.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    let doc: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let diags = doc["diagnostics"].as_array().unwrap();
    assert_eq!(diags.len(), 40_000);
    assert_eq!(doc["errors"], 40_000);
    for (d, (line, column)) in diags.iter().zip(&expected) {
        let at = (d["line"].as_u64().unwrap(), d["column"].as_u64().unwrap());
        assert_eq!(at, (*line as u64, *column as u64), "{d}");
        assert_eq!(d["end_line"], d["line"]);
        assert_eq!(d["end_column"].as_u64().unwrap(), *column as u64 + 4);
    }
}

/// Runs waymark, reads the first ten bytes of its stdout (or stderr) and hangs up, as
/// `| head -c 10` does; returns how it ended and what it said on the other stream.
fn hang_up_after_ten_bytes(
    args: &[&str],
    input: Option<String>,
    on_stderr: bool,
) -> (ExitStatus, String) {
    let mut child = Command::new(BIN)
        .args(args)
        .stdin(if input.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start waymark");
    let writer = input.map(|text| {
        let mut stdin = child.stdin.take().unwrap();
        std::thread::spawn(move || {
            let _ = stdin.write_all(text.as_bytes());
        })
    });
    let out: Box<dyn Read + Send> = Box::new(child.stdout.take().unwrap());
    let err: Box<dyn Read + Send> = Box::new(child.stderr.take().unwrap());
    let (mut head, mut other) = if on_stderr { (err, out) } else { (out, err) };
    let drain = std::thread::spawn(move || {
        let mut text = Vec::new();
        let _ = other.read_to_end(&mut text);
        String::from_utf8_lossy(&text).into_owned()
    });
    let mut ten = [0u8; 10];
    head.read_exact(&mut ten).expect("ten bytes of output");
    drop(head);
    let status = child.wait().unwrap();
    if let Some(w) = writer {
        w.join().unwrap();
    }
    (status, drain.join().unwrap())
}

/// A journey big enough that every command's output overflows a pipe's buffer.
fn big_journey(errors: bool) -> String {
    let mut text = String::from("title Big\nsection S\n");
    for i in 0..2_000 {
        let score = if errors { "lots" } else { "3" };
        text.push_str(&format!(
            "  Step {i}: {score}: Me\n    thought: thinking about step {i}\n"
        ));
    }
    text
}

fn write_file(dir: &Path, name: &str, text: &str) -> String {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p.to_str().unwrap().to_string()
}

#[test]
fn a_closed_pipe_ends_every_printing_command_quietly() {
    let tmp = tempfile::tempdir().unwrap();
    let good = write_file(tmp.path(), "good.journey", &big_journey(false));
    let bad = write_file(tmp.path(), "bad.journey", &big_journey(true));
    let page = write_file(
        tmp.path(),
        "page.md",
        &format!("# Page\n\n```journey\n{}```\n", big_journey(false)),
    );
    let chapter =
        serde_json::to_string(&format!("```journey\n{}```\n", big_journey(false))).unwrap();
    let book = format!("[{{\"root\":{},\"config\":{{\"book\":{{\"src\":\"src\"}},\"preprocessor\":{{\"journey\":{{\"cache-dir\":\".\"}}}}}},\"renderer\":\"html\",\"mdbook_version\":\"0.5.4\"}},{{\"items\":[{{\"Chapter\":{{\"name\":\"C\",\"content\":{chapter},\"number\":[1],\"sub_items\":[],\"path\":\"c.md\",\"source_path\":\"c.md\",\"parent_names\":[]}}}}]}}]",
        serde_json::to_string(&tmp.path().display().to_string()).unwrap());
    let runs: [(&[&str], Option<String>, i32); 4] = [
        (&["export", &good, "--format", "json"], None, 0),
        (&["check", "--format", "json", &bad], None, 1),
        (&["render", &page], None, 0),
        (&["mdbook"], Some(book), 0),
    ];
    for (args, input, code) in runs {
        let (status, stderr) = hang_up_after_ten_bytes(args, input, false);
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
        assert_eq!(status.code(), Some(code), "{args:?}: {stderr}");
    }
    // `waymark check … 2>&1 | head`: the report itself meets the closed pipe.
    let (status, _) = hang_up_after_ten_bytes(&["check", &bad], None, true);
    assert_eq!(
        status.code(),
        Some(1),
        "ends as a failed check, not a panic"
    );
}
