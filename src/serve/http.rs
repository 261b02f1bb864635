//! The preview's HTTP side: pages from memory, the reload event stream, and nothing else.

use super::client::{self, EVENTS_PATH};
use super::state::SiteState;
use axum::body::Body;
use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, Request, Response, StatusCode, Uri};
use axum::middleware::{self, Next};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::IntoResponse;
use axum::routing::get;
use axum::Router;
use std::convert::Infallible;
use std::net::{IpAddr, SocketAddr};
use std::sync::{Arc, RwLock};
use tokio::sync::broadcast;
use tokio_stream::wrappers::BroadcastStream;
use tokio_stream::StreamExt;

/// What the server and the builder thread share.
pub(crate) struct Shared {
    /// The site being served.
    pub state: RwLock<SiteState>,
    /// Reload messages (JSON) for every open tab.
    pub reload: broadcast::Sender<String>,
}

impl Shared {
    /// A server with an empty site.
    pub(crate) fn new() -> Arc<Shared> {
        let (reload, _) = broadcast::channel(64);
        Arc::new(Shared {
            state: RwLock::new(SiteState::default()),
            reload,
        })
    }

    /// Tells open tabs which pages changed.
    pub(crate) fn announce(&self, pages: &[String]) {
        if !pages.is_empty() {
            let msg = serde_json::json!({ "pages": pages }).to_string();
            // No receiver (no tab open) is fine.
            let _ = self.reload.send(msg);
        }
    }
}

/// The routes: reload events, and every other path looked up in the site; requests whose
/// `Host` the check refuses reach neither.
pub(crate) fn router(shared: Arc<Shared>, hosts: HostCheck) -> Router {
    Router::new()
        .route(EVENTS_PATH, get(events))
        .fallback(get(page))
        .with_state(shared)
        .layer(middleware::from_fn_with_state(Arc::new(hosts), check_host))
}

/// Which `Host` a request may name. A page on another site that points its own name at
/// 127.0.0.1 (DNS rebinding) makes the browser send that name, so on a loopback address
/// only loopback names are answered. Listening on any other address is an explicit
/// choice to open the preview, and then every name is answered.
#[derive(Debug, Clone)]
pub(crate) struct HostCheck {
    port: u16,
    /// The listening address as a `Host` names it (`[::1]` for IPv6).
    bound: String,
    any: bool,
}

impl HostCheck {
    /// The check for a server listening on `bound`.
    pub(crate) fn new(bound: SocketAddr) -> HostCheck {
        let ip = match bound.ip() {
            IpAddr::V4(ip) => ip.to_string(),
            IpAddr::V6(ip) => format!("[{ip}]"),
        };
        HostCheck {
            port: bound.port(),
            bound: ip,
            any: !bound.ip().is_loopback(),
        }
    }

    /// Whether a request naming `host` (`name` or `name:port`) is answered. A loopback
    /// name without a port is accepted too: a rebinding page cannot make a browser send a
    /// loopback name at all, with a port or without.
    pub(crate) fn allows(&self, host: &str) -> bool {
        if self.any {
            return true;
        }
        let (name, port) = match host.rsplit_once(':') {
            // `[::1]` alone has colons but no port.
            Some((name, port)) if !host.ends_with(']') => (name, Some(port)),
            _ => (host, None),
        };
        let port_ok = match port {
            None => true,
            Some(p) => p.parse::<u16>().is_ok_and(|p| p == self.port),
        };
        let name_ok = ["localhost", "127.0.0.1", "[::1]", self.bound.as_str()]
            .iter()
            .any(|n| name.eq_ignore_ascii_case(n));
        port_ok && name_ok
    }
}

/// Refuses, with 421 Misdirected Request, a request whose `Host` (or absolute URL) names
/// anything but this server.
async fn check_host(
    State(check): State<Arc<HostCheck>>,
    req: Request<Body>,
    next: Next,
) -> Response<Body> {
    if check.any {
        return next.run(req).await;
    }
    // An absolute URL in the request line names the host too: both must be this server.
    let header = req
        .headers()
        .get(header::HOST)
        .map(|v| v.to_str().unwrap_or(""));
    let named: Vec<&str> = header
        .into_iter()
        .chain(req.uri().authority().map(|a| a.as_str()))
        .collect();
    if !named.is_empty() && named.iter().all(|h| check.allows(h)) {
        return next.run(req).await;
    }
    let asked: String = match named.iter().find(|h| !check.allows(h)) {
        Some(h) if !h.is_empty() => h.chars().take(200).collect(),
        _ => "no valid Host".to_string(),
    };
    let port = check.port;
    let text = format!(
        "waymark serve answers only requests addressed to localhost:{port}, \
         127.0.0.1:{port} or [::1]:{port}, so that other web sites cannot read the preview; \
         this one was addressed to {asked}.\nOpen http://localhost:{port}/ instead, or start \
         the preview with --host 0.0.0.0 to answer every address (anyone who can reach this \
         machine can then read it).\n"
    );
    respond(StatusCode::MISDIRECTED_REQUEST, "x.txt", text.into_bytes())
}

/// The site path a request path names, or why it is refused. Paths never reach the file
/// system, and anything that could climb out of the site is refused outright.
pub(crate) fn site_path(raw: &str) -> Result<String, StatusCode> {
    let decoded = crate::site::url::decode_strict(raw).ok_or(StatusCode::BAD_REQUEST)?;
    let rel = decoded.strip_prefix('/').unwrap_or(&decoded);
    if rel.starts_with('/')
        || rel.contains('\\')
        || rel.contains('\0')
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
        if let Some(e) = &state.site_error {
            // No build has succeeded yet: show why, and reload once it builds.
            let overlay = client::overlay("The site cannot be built yet", e);
            let blank = b"<!doctype html><html><head><meta charset=\"utf-8\"><title>waymark preview</title></head><body></body></html>";
            return respond(
                StatusCode::SERVICE_UNAVAILABLE,
                "x.html",
                client::inject(blank, Some(&overlay)),
            );
        }
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
        // The site is served from memory, so a `:` in a page's name is only a name.
        assert_eq!(
            site_path("/javascript%3Aalert(1).html").unwrap(),
            "javascript:alert(1).html"
        );
    }

    #[test]
    fn host_check() {
        let local = HostCheck::new("127.0.0.1:3000".parse().unwrap());
        for ok in [
            "127.0.0.1:3000",
            "localhost:3000",
            "LocalHost:3000",
            "[::1]:3000",
            "localhost",
            "[::1]",
        ] {
            assert!(local.allows(ok), "{ok}");
        }
        for bad in [
            "evil.example:3000",
            "evil.example",
            "127.0.0.1:3001",
            "localhost:",
            "localhost.evil.example:3000",
            "127.0.0.1:3000@evil.example",
            "::1:3000",
            "127.0.0.2:3000",
            "",
        ] {
            assert!(!local.allows(bad), "{bad}");
        }
        let other = HostCheck::new("127.0.0.2:4000".parse().unwrap());
        assert!(other.allows("127.0.0.2:4000") && other.allows("localhost:4000"));
        let v6 = HostCheck::new("[::1]:4000".parse().unwrap());
        assert!(v6.allows("[::1]:4000") && !v6.allows("evil.example:4000"));
        let open = HostCheck::new("0.0.0.0:3000".parse().unwrap());
        assert!(open.allows("evil.example:3000") && open.allows("machine.lan"));
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
