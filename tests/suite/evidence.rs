//! Journeys backed by the team's own data: scores, metrics and quotes read from CSV, TSV
//! and JSON Lines files by every entry point, and bad data reported where it is.

use crate::common::{self, waymark_in};
use serde_json::Value;
use std::fs;
use std::path::Path;

fn write(dir: &Path, rel: &str, text: &str) {
    let path = dir.join(rel);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, text).unwrap();
}

/// A survey export as spreadsheets write it: a byte-order mark, `;` between fields,
/// CRLF line ends, a quoted comment holding a `;` and a line break.
const SURVEY: &str = "\u{feff}touchpoint;csat;persona;date;comment\r\n\
Checks out on the web shop;3;Maya;2026-10-01;\"slow; but fine\"\r\n\
checks out on the web shop ;4;Maya;2026-10-02;ok\r\n\
Checks out on the web shop;3;Maya;2026-10-03;\"two\r\nlines\"\r\n\
Checks out on the web shop;4;Maya;2026-10-04;\r\n\
Checks out on the web shop;3;Maya;2026-10-05;\r\n\
Checks out on the web shop;1;Tom;2026-10-05;not Maya\r\n\
Checks out on the web shop;1;Maya;2025-01-05;too old\r\n\
pay-card;2;Maya;2026-10-06;\r\n\
pay-card;;Maya;2026-10-06;skipped the question\r\n";

const FUNNEL: &str =
    "date,dropoff\n2026-08-01,35%\n2026-09-01,31%\n2026-09-01,33%\n2026-10-01,28%\n";

const INTERVIEWS: &str = r#"{"step": "pay-card", "text": "I never know if the payment went through", "source": "P07", "date": "2026-09-12"}
{"step": "pay-card", "text": "Card declined twice", "source": "P03", "date": "2026-09-20"}
{"step": "pay-card", "text": "Oldest remark", "source": "P01", "date": "2026-01-02"}

{"step": "Gets receipt", "text": "Fine", "source": "P02"}
"#;

const JOURNEY: &str = r#"# Checkout

```journey
title Checkout
scale -2..2
data survey: ../research/survey.csv {step: touchpoint, score: csat, scale: 1..5, persona: Maya, since: 2026-01-01}
data funnel: ../research/funnel.csv
data interviews: ../research/interviews.jsonl
section Buy
  Checks out on the web shop: survey: Maya
    metric: Checkout drop-off {data: funnel, column: dropoff, target: < 30%}
  Pays by card: survey
    id: pay-card
    quotes: interviews {limit: 2}
  Gets receipt: 1
```
"#;

/// A handbook-like folder: `waymark.toml` marks the root, the journey in `guides/`.
fn project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(d, "waymark.toml", "title = \"T\"\n");
    write(d, "research/survey.csv", SURVEY);
    write(d, "research/funnel.csv", FUNNEL);
    write(d, "research/interviews.jsonl", INTERVIEWS);
    write(d, "guides/checkout.md", JOURNEY);
    dir
}

fn export(dir: &Path, file: &str) -> Value {
    let out = waymark_in(dir, &["export", file, "--format", "json"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

fn close(a: &Value, b: f64) -> bool {
    a.as_f64().is_some_and(|a| (a - b).abs() < 1e-9)
}

#[test]
fn scores_metrics_and_quotes_come_from_the_teams_data() {
    let dir = project();
    let doc = export(dir.path(), "guides/checkout.md");
    let j = &doc["journeys"][0];
    let steps = &j["stages"][0]["steps"];

    // Five of Maya's answers since 2026 (Tom's and the 2025 one filtered out): mean 3.4
    // on 1..5 is 0.4 on -2..2.
    let shop = &steps[0];
    let score = &shop["evidence"]["score"];
    assert_eq!(score["n"], 5, "{score}");
    assert!(close(&score["mean"], 3.4), "{score}");
    assert!(close(&shop["score"], 0.4), "{shop}");
    assert_eq!(score["source"], "survey");
    assert_eq!(
        score["weak"], true,
        "5 answers are under the default min_n of 10"
    );
    // sd = 0.5477, t(4) = 2.776: 3.4 ± 0.680
    assert!(
        close(&score["interval"]["low"], 3.4 - 0.680_005_5)
            || (score["interval"]["low"].as_f64().unwrap() - 2.72).abs() < 1e-3,
        "{score}"
    );
    assert!(
        (score["journey_interval"]["high"].as_f64().unwrap() - 1.08).abs() < 1e-3,
        "{score}"
    );

    // The drop-off series: one value per date (two rows on 2026-09-01 averaged).
    let metric = &shop["evidence"]["metrics"][0];
    let series: Vec<f64> = metric["series"]
        .as_array()
        .unwrap_or_else(|| panic!("{shop}"))
        .iter()
        .map(|p| p["value"].as_f64().unwrap())
        .collect();
    assert_eq!(series, [35.0, 32.0, 28.0]);
    assert_eq!(metric["percent"], true);
    assert_eq!(metric["meets_target"], true);
    assert_eq!(metric["target"]["op"], "<");
    assert_eq!(
        shop["evidence"]["backed"], true,
        "a data metric backs the step"
    );

    // Matched by its id; the empty answer is skipped; quotes newest first, two of three.
    let pay = &steps[1];
    assert_eq!(pay["evidence"]["score"]["n"], 1);
    assert!(pay["evidence"]["score"]["interval"].is_null());
    assert_eq!(
        pay["quotes"],
        serde_json::json!([
            "Card declined twice",
            "I never know if the payment went through"
        ])
    );
    assert_eq!(pay["evidence"]["quotes"][0]["from"], "P03");
    assert_eq!(pay["evidence"]["quotes"][0]["date"], "2026-09-20");
    assert_eq!(pay["evidence"]["backed"], true, "a quote backs the step");

    assert_eq!(
        steps[2]["evidence"]["backed"], false,
        "a typed score is an assumption"
    );
    assert_eq!(j["evidence"]["backed"], 2);
    assert_eq!(j["evidence"]["steps"], 3);
    let sources = &j["evidence"]["sources"];
    assert_eq!(sources[0]["path"], "research/survey.csv");
    assert_eq!(sources[0]["rows"], 7);
    assert_eq!(sources[0]["newest"], "2026-10-06");
    assert_eq!(sources[1]["newest"], "2026-10-01");
}

#[test]
fn every_entry_point_reads_data_relative_to_the_file() {
    let dir = project();
    let d = dir.path();
    // svg: the curve's point for the data-backed step sits where 0.4 lies.
    let out = waymark_in(d, &["svg", "guides/checkout.md", "--out", "pics"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(d.join("pics/checkout.svg").exists());
    // render, from the file and from standard input (data relative to the current folder).
    let out = waymark_in(d, &["render", "guides/checkout.md"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("Card declined twice"));
    let stdin_doc = JOURNEY.replace("../research", "research");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_waymark"))
        .args(["render", "-"])
        .current_dir(d)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .and_then(|mut c| {
            use std::io::Write;
            c.stdin.take().unwrap().write_all(stdin_doc.as_bytes())?;
            c.wait_with_output()
        })
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("Card declined twice"));
    // check reads it too, and is clean.
    let out = waymark_in(d, &["check", "guides"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn mdbook_reads_data_relative_to_the_chapter() {
    let dir = tempfile::tempdir().unwrap();
    let b = dir.path();
    write(
        b,
        "book.toml",
        "[book]\ntitle = \"B\"\n\n[preprocessor.journey]\ncommand = \"waymark mdbook\"\n",
    );
    write(
        b,
        "src/SUMMARY.md",
        "# Summary\n\n- [Checkout](guides/checkout.md)\n",
    );
    write(
        b,
        "src/guides/checkout.md",
        &JOURNEY.replace("../research", "../../research"),
    );
    write(b, "research/survey.csv", SURVEY);
    write(b, "research/funnel.csv", FUNNEL);
    write(b, "research/interviews.jsonl", INTERVIEWS);
    let bin = Path::new(env!("CARGO_BIN_EXE_waymark"))
        .parent()
        .unwrap()
        .to_path_buf();
    let path = format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let build = |b: &Path| {
        common::mdbook()
            .arg("build")
            .current_dir(b)
            .env("PATH", &path)
            .output()
            .unwrap()
    };
    let out = build(b);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let html = fs::read_to_string(b.join("book/guides/checkout.html")).unwrap();
    assert!(html.contains("Card declined twice"));

    // A changed data file changes the book although the chapter's text did not change.
    write(
        b,
        "research/interviews.jsonl",
        &INTERVIEWS.replace("Card declined twice", "Card refused at the till"),
    );
    let out = build(b);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let html = fs::read_to_string(b.join("book/guides/checkout.html")).unwrap();
    assert!(
        html.contains("Card refused at the till"),
        "the cache must not hide new data"
    );
}

/// `check`'s report for a journey whose data is `csv` (as `research/survey.csv`).
fn check_with(csv: &str, data_line: &str) -> (i32, String) {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(d, "waymark.toml", "");
    write(d, "research/survey.csv", csv);
    let doc = format!("```journey\ntitle T\n{data_line}\nsection S\n  Checks out: survey\n```\n");
    write(d, "page.md", &doc);
    let out = waymark_in(d, &["check", "page.md"]);
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn bad_data_is_reported_at_its_file_line_and_column() {
    let line = "data survey: research/survey.csv";
    // A cell that is not a number: the data file's line and column, the line itself, and
    // the journey's line that names the data.
    let (code, err) = check_with("step,score\nChecks out,4\nChecks out, lots\n", line);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("research/survey.csv:3:12: `lots` in column `score` is not a number"),
        "{err}"
    );
    assert!(err.contains("page.md:3:1"), "{err}");
    assert!(err.contains("Checks out, lots"), "the line is shown: {err}");

    let (code, err) = check_with("step,csat\nChecks out,4\n", line);
    assert_eq!(code, 1);
    assert!(
        err.contains("has no column `score`") && err.contains("its columns are: step, csat"),
        "{err}"
    );

    let (code, err) = check_with("step,score\nChecks out,7\n", line);
    assert_eq!(code, 1);
    assert!(
        err.contains("outside the scale 1..5") && err.contains("scale: 1..7"),
        "{err}"
    );

    let (code, err) = check_with(
        "step,score,market\nChecks out,4,DE\n",
        &format!("{line} {{market: FR}}"),
    );
    assert_eq!(code, 1);
    assert!(err.contains("none of the 1 rows"), "{err}");

    let (code, err) = check_with("step,score\n", line);
    assert_eq!(code, 1);
    assert!(err.contains("has no rows"), "{err}");

    let (code, err) = check_with("step,score\n\"Checks out,4\n", line);
    assert_eq!(code, 1, "an unclosed quote is an error, not a panic: {err}");

    let (code, err) = check_with(
        "step,score\nChecks out,4\n",
        "data survey: research/missing.csv",
    );
    assert_eq!(code, 1);
    assert!(err.contains("does not exist"), "{err}");

    let (code, err) = check_with("step,score\nChecks out,4\n", "data survey: ../outside.csv");
    assert_eq!(code, 1);
    assert!(err.contains("outside the handbook"), "{err}");

    let (code, err) = check_with(
        "step,score\nChecks out,4\n",
        "data survey: research/survey.xlsx",
    );
    assert_eq!(code, 1);
    assert!(err.contains(".csv, .tsv and .jsonl"), "{err}");

    let (code, err) = check_with("step,score\nSomething else,4\n", line);
    assert_eq!(code, 0, "a step no row is about is a warning: {err}");
    assert!(
        err.contains("no row of research/survey.csv with a score is about this step"),
        "{err}"
    );

    let (code, err) = check_with(
        "step,score\nChecks out,4\n",
        "data surevy: research/survey.csv",
    );
    assert_eq!(code, 1);
    assert!(
        err.contains("`survey` is neither a number nor a data source")
            && err.contains("did you mean `surevy`?"),
        "{err}"
    );
}

#[test]
fn a_link_out_of_the_root_is_not_followed() {
    let outside = tempfile::tempdir().unwrap();
    write(outside.path(), "secret.csv", "step,score\nChecks out,4\n");
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(d, "waymark.toml", "");
    fs::create_dir_all(d.join("research")).unwrap();
    std::os::unix::fs::symlink(
        outside.path().join("secret.csv"),
        d.join("research/survey.csv"),
    )
    .unwrap();
    write(
        d,
        "page.md",
        "```journey\ndata survey: research/survey.csv\nsection S\n  Checks out: survey\n```\n",
    );
    let out = waymark_in(d, &["export", "page.md", "--format", "json"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("outside the handbook folder"), "{err}");
}

#[test]
fn json_lines_and_tsv_are_read_and_broken_lines_located() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(d, "waymark.toml", "");
    write(d, "r/a.tsv", "step\tscore\nChecks out\t4\nChecks out\t5\n");
    write(
        d,
        "r/b.jsonl",
        "{\"step\": \"Checks out\", \"score\": 2}\n{\"step\": \"Checks out\", \"score\": \"3\"}\n",
    );
    write(d, "page.md", "```journey\ndata a: r/a.tsv\ndata b: r/b.jsonl\nsection S\n  Checks out: a\n  Checks out again: b\n    id: checks out\n```\n");
    let out = waymark_in(d, &["export", "page.md", "--format", "json"]);
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    // `id:` takes letters, digits, `-` and `_`: reported, not guessed.
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("is not a step id"), "{err}");

    write(d, "page.md", "```journey\ndata a: r/a.tsv\ndata b: r/b.jsonl\nsection S\n  Checks out: a\n  Checks again: b\n    id: Checks-out\n```\n");
    write(
        d,
        "r/b.jsonl",
        "{\"step\": \"checks-out\", \"score\": 2}\n{\"step\": \"Checks-out\", \"score\": \"3\"}\n",
    );
    let doc = export(d, "page.md");
    let steps = &doc["journeys"][0]["stages"][0]["steps"];
    assert!(close(&steps[0]["evidence"]["score"]["mean"], 4.5));
    assert!(close(&steps[1]["evidence"]["score"]["mean"], 2.5));

    write(
        d,
        "r/b.jsonl",
        "{\"step\": \"Checks-out\", \"score\": 2}\n{\"step\": \"Checks-out\", \"score\": \n",
    );
    let out = waymark_in(d, &["check", "page.md"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        err.contains("r/b.jsonl:2:") && err.contains("is not JSON"),
        "{err}"
    );
}

#[test]
fn stale_data_is_a_warning() {
    let dir = project();
    let d = dir.path();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_waymark"))
        .args(["check", "guides/checkout.md"])
        .current_dir(d)
        .env("NO_COLOR", "1")
        .env("WAYMARK_TODAY", "2027-12-01")
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(
        err.contains(
            "the data in ../research/funnel.csv is stale: its newest row is from 2026-10-01"
        ),
        "{err}"
    );
}

#[test]
fn many_rows_are_streamed() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(d, "waymark.toml", "");
    let mut csv = String::from("step,score,date\n");
    for i in 0..200_000u32 {
        csv.push_str(if i % 2 == 0 { "Checks out," } else { "Pays," });
        csv.push_str(&format!("{},2026-{:02}-01\n", 1 + i % 5, 1 + i % 12));
    }
    write(d, "big.csv", &csv);
    write(
        d,
        "page.md",
        "```journey\ndata s: big.csv\nsection S\n  Checks out: s\n  Pays: s\n```\n",
    );
    let doc = export(d, "page.md");
    let steps = &doc["journeys"][0]["stages"][0]["steps"];
    assert_eq!(steps[0]["evidence"]["score"]["n"], 100_000);
    // Even rows cycle through 1, 3, 5, 2, 4: mean 3.
    assert!(close(&steps[0]["evidence"]["score"]["mean"], 3.0));
    assert_eq!(steps[0]["evidence"]["score"]["weak"], false);
}
