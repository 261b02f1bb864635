//! The preview's HTTP side: pages from memory, the reload event stream, and nothing else.

use super::client::{self, EVENTS_PATH};
use super::state::SiteState;
use axum::body::Body;
use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, Response, StatusCode, Uri};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::IntoResponse;
use axum::routing::get;
use axum::Router;
use std::convert::Infallible;
use std::sync::{Arc, RwLock};
use tokio::sync::broadcast;
use tokio_stream::wrappers::BroadcastStream;
use tokio_stream::StreamExt;

/// What the server and the builder thread share.
pub struct Shared {
    /// The site being served.
    pub state: RwLock<SiteState>,
    /// Reload messages (JSON) for every open tab.
    pub reload: broadcast::Sender<String>,
}

impl Shared {
    /// A server with an empty site.
    pub fn new() -> Arc<Shared> {
        let (reload, _) = broadcast::channel(64);
        Arc::new(Shared {
            state: RwLock::new(SiteState::default()),
            reload,
        })
    }

    /// Tells open tabs which pages changed.
    pub fn announce(&self, pages: &[String]) {
        if !pages.is_empty() {
            let msg = serde_json::json!({ "pages": pages }).to_string();
            // No receiver (no tab open) is fine.
            let _ = self.reload.send(msg);
        }
    }
}

/// The routes: reload events, and every other path looked up in the site.
pub fn router(shared: Arc<Shared>) -> Router {
    Router::new()
        .route(EVENTS_PATH, get(events))
        .fallback(get(page))
        .with_state(shared)
}

fn percent_decode(raw: &str) -> Option<String> {
    let bytes = raw.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = raw.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// The site path a request path names, or why it is refused. Paths never reach the file
/// system, and anything that could climb out of the site is refused outright.
pub fn site_path(raw: &str) -> Result<String, StatusCode> {
    let decoded = percent_decode(raw).ok_or(StatusCode::BAD_REQUEST)?;
    let rel = decoded.strip_prefix('/').unwrap_or(&decoded);
    if rel.starts_with('/')
        || rel.contains('\\')
        || rel.contains('\0')
        || rel.contains(':')
        || rel.split('/').any(|seg| seg == ".." || seg == ".")
    {
        return Err(StatusCode::BAD_REQUEST);
    }
    Ok(rel.to_string())
}

fn content_type(path: &str) -> &'static str {
    let ext = path.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase());
    match ext.as_deref() {
        Some("html") => "text/html; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("js") => "text/javascript; charset=utf-8",
        Some("json") => "application/json",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        Some("jpg" | "jpeg") => "image/jpeg",
        Some("gif") => "image/gif",
        Some("webp") => "image/webp",
        Some("ico") => "image/x-icon",
        Some("xml") => "application/xml",
        Some("csv") => "text/csv; charset=utf-8",
        Some("txt" | "md") => "text/plain; charset=utf-8",
        Some("woff2") => "font/woff2",
        Some("pdf") => "application/pdf",
        _ => "application/octet-stream",
    }
}

fn respond(status: StatusCode, path: &str, body: Vec<u8>) -> Response<Body> {
    let mut res = Response::new(Body::from(body));
    *res.status_mut() = status;
    let h = res.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(content_type(path)),
    );
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    h.insert(
        "x-content-type-options",
        HeaderValue::from_static("nosniff"),
    );
    res
}

async fn page(State(shared): State<Arc<Shared>>, uri: Uri) -> Response<Body> {
    let path = match site_path(uri.path()) {
        Ok(p) => p,
        Err(status) => return respond(status, "x.txt", b"refused\n".to_vec()),
    };
    let state = match shared.state.read() {
        Ok(s) => s,
        Err(poisoned) => poisoned.into_inner(),
    };
    let mut key = if path.is_empty() || path.ends_with('/') {
        format!("{path}index.html")
    } else {
        path.clone()
    };
    if !state.files.contains_key(&key) {
        if state.files.contains_key(&format!("{path}/index.html")) {
            // Relative links inside the folder's index need the trailing slash.
            let mut res = respond(StatusCode::PERMANENT_REDIRECT, "x.txt", Vec::new());
            if let Ok(v) = HeaderValue::from_str(&format!("{}/", uri.path())) {
                res.headers_mut().insert(header::LOCATION, v);
            }
            return res;
        }
        if state.files.contains_key(&format!("{path}.html")) {
            key = format!("{path}.html");
        }
    }
    let (status, key) = match state.files.contains_key(&key) {
        true => (StatusCode::OK, key),
        false => (StatusCode::NOT_FOUND, "404.html".to_string()),
    };
    let Some(bytes) = state.files.get(&key) else {
        return respond(StatusCode::NOT_FOUND, "x.txt", b"not found\n".to_vec());
    };
    if key.ends_with(".html") {
        let overlay = match (&state.site_error, state.page_errors.get(&key)) {
            (Some(e), _) => Some(client::overlay(
                "The site cannot be rebuilt; showing the last good build",
                e,
            )),
            (None, Some(e)) => Some(client::overlay("This page has errors", e)),
            (None, None) => None,
        };
        return respond(status, &key, client::inject(bytes, overlay.as_deref()));
    }
    respond(status, &key, bytes.to_vec())
}

/// Whether a request comes from a page of this server (or from no page at all).
fn same_origin(headers: &HeaderMap) -> bool {
    if let Some(site) = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok()) {
        if site != "same-origin" && site != "none" {
            return false;
        }
    }
    match headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()) {
        None => true,
        Some(origin) => {
            let host = headers
                .get(header::HOST)
                .and_then(|v| v.to_str().ok())
                .unwrap_or("");
            origin == format!("http://{host}")
        }
    }
}

async fn events(State(shared): State<Arc<Shared>>, headers: HeaderMap) -> Response<Body> {
    if !same_origin(&headers) {
        return respond(
            StatusCode::FORBIDDEN,
            "x.txt",
            b"cross-origin requests are refused\n".to_vec(),
        );
    }
    let stream = BroadcastStream::new(shared.reload.subscribe()).map(|msg| {
        let data = msg.unwrap_or_else(|_| {
            // Missed messages: be safe and reload every page.
            serde_json::json!({ "pages": ["*"] }).to_string()
        });
        Ok::<Event, Infallible>(Event::default().event("reload").data(data))
    });
    Sse::new(stream)
        .keep_alive(KeepAlive::default())
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn traversal_is_refused() {
        for bad in [
            "/../etc/passwd",
            "/%2e%2e/etc/passwd",
            "/a/%2E%2E/%2e%2e/x",
            "/..%2fetc",
            "/a%5c..%5cb",
            "//etc/passwd",
            "/C:/x",
            "/a/./b",
            "/%00",
            "/%zz",
        ] {
            assert!(site_path(bad).is_err(), "{bad}");
        }
        assert_eq!(
            site_path("/journeys/a%20b.html").unwrap(),
            "journeys/a b.html"
        );
        assert_eq!(site_path("/").unwrap(), "");
    }

    #[test]
    fn origin_check() {
        let mut h = HeaderMap::new();
        h.insert(header::HOST, HeaderValue::from_static("127.0.0.1:3000"));
        assert!(same_origin(&h));
        h.insert(
            header::ORIGIN,
            HeaderValue::from_static("http://127.0.0.1:3000"),
        );
        assert!(same_origin(&h));
        h.insert(
            header::ORIGIN,
            HeaderValue::from_static("http://evil.example"),
        );
        assert!(!same_origin(&h));
    }
}
