//! What the preview adds to every HTML page: the reload script, and the error overlay
//! when the page (or the whole site) has problems.

use crate::render::svg::escape;

/// The URL path of the server-sent reload events.
pub(crate) const EVENTS_PATH: &str = "/__waymark/events";

/// Reloads the tab when the server says its page changed, and keeps the scroll position.
const SCRIPT: &str = r#"<script data-waymark-reload>
(function () {
  var page = location.pathname.replace(/^\/+/, "");
  if (page === "" || page.slice(-1) === "/") page += "index.html";
  try { page = decodeURIComponent(page); } catch (e) {}
  var key = "waymark-scroll:" + page;
  var saved = sessionStorage.getItem(key);
  if (saved) {
    sessionStorage.removeItem(key);
    var xy = JSON.parse(saved);
    var restore = function () { window.scrollTo(xy[0], xy[1]); };
    restore();
    window.addEventListener("load", restore);
  }
  var events = new EventSource("/__waymark/events");
  events.addEventListener("reload", function (e) {
    var pages = JSON.parse(e.data).pages;
    if (pages.indexOf("*") >= 0 || pages.indexOf(page) >= 0) {
      sessionStorage.setItem(key, JSON.stringify([window.scrollX, window.scrollY]));
      location.reload();
    }
  });
  var close = document.getElementById("waymark-error-close");
  if (close) close.addEventListener("click", function () {
    document.getElementById("waymark-error-overlay").remove();
  });
})();
</script>"#;

const OVERLAY_STYLE: &str = "position:fixed;inset:auto 1rem 1rem 1rem;max-height:70vh;overflow:auto;z-index:2147483647;background:#1f1d2b;color:#f4f4f8;border-left:6px solid #e5484d;border-radius:8px;box-shadow:0 12px 40px rgba(0,0,0,.45);padding:1rem 1.25rem;font:14px/1.45 system-ui,sans-serif";

/// The overlay listing `report` (diagnostics as shown on a terminal, without colour).
pub(crate) fn overlay(heading: &str, report: &str) -> String {
    format!(
        "<div id=\"waymark-error-overlay\" role=\"alert\" style=\"{OVERLAY_STYLE}\"><div style=\"display:flex;justify-content:space-between;gap:1rem;align-items:baseline\"><strong style=\"font-size:16px;color:#ff9592\">{}</strong><button id=\"waymark-error-close\" type=\"button\" style=\"background:none;border:1px solid #6e6a86;color:inherit;border-radius:4px;cursor:pointer\">Dismiss</button></div><pre style=\"white-space:pre-wrap;margin:.75rem 0 0;font:13px/1.4 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace\">{}</pre><p style=\"margin:.5rem 0 0;color:#c8c6d7\">Save a fixed version and this page reloads by itself.</p></div>",
        escape(heading),
        escape(report)
    )
}

/// `html` with the reload script and, when given, the error overlay added before `</body>`.
pub(crate) fn inject(html: &[u8], overlay_html: Option<&str>) -> Vec<u8> {
    let addition = format!("{}{SCRIPT}", overlay_html.unwrap_or(""));
    let text = String::from_utf8_lossy(html);
    let at = text.rfind("</body>").unwrap_or(text.len());
    let mut out = String::with_capacity(text.len() + addition.len());
    out.push_str(&text[..at]);
    out.push_str(&addition);
    out.push_str(&text[at..]);
    out.into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overlay_escapes_the_report() {
        let o = overlay("Errors", "<script>alert(1)</script> & \"x\"");
        assert!(o.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;x&quot;"));
        assert!(!o.contains("<script>alert"));
    }

    #[test]
    fn script_goes_before_the_body_end() {
        let out = String::from_utf8(inject(b"<html><body><p>x</p></body></html>", None)).unwrap();
        assert!(out.ends_with("</script></body></html>"));
        assert!(out.contains(EVENTS_PATH));
    }
}
