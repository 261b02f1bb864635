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
