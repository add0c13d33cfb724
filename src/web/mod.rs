//! The web pages: a public verifier, the learner's page and the school console. Server-rendered
//! HTML, no script needed; every action goes through the JSON API, called in-process with the
//! session's principal (`Api`), so the pages cannot do anything the API would refuse. The
//! pages read with the services (verification, bundles) and the state; they never call the
//! API's handlers directly, and the API never calls them.

pub mod console;
mod i18n;
pub mod learner;
mod page;
pub mod verifier;

use std::collections::HashMap;

use askama::Template;
use axum::body::{Body, Bytes};
use axum::extract::{DefaultBodyLimit, FromRequestParts};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, Method, Request, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Extension, Router};
use serde_json::Value;
use tower::ServiceExt;
use tower_http::limit::RequestBodyLimitLayer;

pub use i18n::{Lang, Message, Words};
pub use page::{Page, flash, render};

use crate::services::keys::{random_secret, token_hash};
use crate::state::AppState;
use crate::state::SessionPrincipal;

const CSRF_COOKIE: &str = "uc_csrf";
const LANG_COOKIE: &str = "uc_lang";

pub fn router(state: AppState, api: Router) -> Router<AppState> {
    let uploads = state.config.import_limit;
    let forms = state.config.body_limit;
    let small = Router::new()
        .route("/", get(home))
        .route("/assets/unitcred.css", get(stylesheet))
        .merge(learner::router())
        .merge(console::router())
        .layer(RequestBodyLimitLayer::new(forms));
    // Pages that take files (a bundle to verify, a cohort's result file) get the import limit.
    let large = Router::new()
        .merge(verifier::router())
        .merge(console::upload_router())
        .layer(DefaultBodyLimit::disable())
        .layer(RequestBodyLimitLayer::new(uploads));
    small.merge(large).layer(Extension(Api(api)))
}

#[derive(Template)]
#[template(path = "home.html")]
struct Home {
    l: Lang,
}

async fn home(ctx: Ctx) -> Response {
    let l = ctx.lang;
    ctx.page(l.t("home-title"), render(&Home { l }))
        .into_response()
}

#[derive(Template)]
#[template(path = "message.html")]
struct MessagePage<'a> {
    lang: Lang,
    title: &'a str,
    text: &'a str,
}

async fn stylesheet() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        include_str!("assets/unitcred.css"),
    )
        .into_response()
}

/// Whether a GET comes from a browser that asked for a page rather than JSON.
pub fn wants_html(headers: &HeaderMap) -> bool {
    headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|a| a.contains("text/html"))
}

/// The API as a service the pages call in-process.
#[derive(Clone)]
pub struct Api(Router);

/// An API answer: status and body.
pub struct Reply {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Bytes,
}

impl Reply {
    pub fn ok(&self) -> bool {
        self.status.is_success()
    }

    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or(Value::Null)
    }

    /// The API's error in one line, in the page's language: the problem's message, else the
    /// words for its code (quoting the API's detail where the code alone says too little: for
    /// validation errors, the fields at fault), else the API's detail as it is.
    pub fn error(&self, l: Lang) -> String {
        let body = self.json();
        let detail = body["detail"]
            .as_str()
            .map(str::to_owned)
            .unwrap_or_else(|| format!("HTTP {}", self.status.as_u16()));
        if let Some(message) = Message::from_json(&body["message"]) {
            return message.text(l);
        }
        match body["code"].as_str().map(|c| format!("problem-{c}")) {
            Some(key) if l.has(&key) => Message::new(&key).arg("detail", detail).text(l),
            _ => detail,
        }
    }
}

impl Api {
    pub async fn call(
        &self,
        principal: &SessionPrincipal,
        method: Method,
        uri: &str,
        body: Option<(&str, Bytes)>,
    ) -> Reply {
        self.call_with(principal, method, uri, body, &[]).await
    }

    pub async fn call_with(
        &self,
        principal: &SessionPrincipal,
        method: Method,
        uri: &str,
        body: Option<(&str, Bytes)>,
        headers: &[(&str, &str)],
    ) -> Reply {
        let mut req = Request::builder().method(method).uri(uri);
        for (name, value) in headers {
            req = req.header(*name, *value);
        }
        if let Some((media_type, _)) = &body {
            req = req.header(header::CONTENT_TYPE, *media_type);
        }
        let body = body.map(|(_, b)| Body::from(b)).unwrap_or_else(Body::empty);
        let mut req = match req.body(body) {
            Ok(r) => r,
            Err(_) => return Reply::failed(),
        };
        req.extensions_mut().insert(principal.clone());
        let Ok(resp) = self.0.clone().oneshot(req).await;
        let status = resp.status();
        let headers = resp.headers().clone();
        match axum::body::to_bytes(resp.into_body(), usize::MAX).await {
            Ok(body) => Reply {
                status,
                headers,
                body,
            },
            Err(_) => Reply::failed(),
        }
    }

    pub async fn get(&self, principal: &SessionPrincipal, uri: &str) -> Reply {
        self.call(principal, Method::GET, uri, None).await
    }

    pub async fn post_json(&self, principal: &SessionPrincipal, uri: &str, body: &Value) -> Reply {
        let bytes = Bytes::from(serde_json::to_vec(body).unwrap_or_default());
        self.call(
            principal,
            Method::POST,
            uri,
            Some(("application/json", bytes)),
        )
        .await
    }
}

impl Reply {
    fn failed() -> Self {
        Self {
            status: StatusCode::INTERNAL_SERVER_ERROR,
            headers: HeaderMap::new(),
            body: Bytes::new(),
        }
    }
}

/// What every page needs: language, CSRF token, cookies, whether cookies must be `Secure`.
pub struct Ctx {
    pub lang: Lang,
    pub csrf: String,
    new_csrf: bool,
    set_lang: Option<Lang>,
    pub secure: bool,
    pub cookies: HashMap<String, String>,
    pub api: Api,
    pub path: String,
    origin_ok: bool,
    /// The peer's address, when the server was started with connection info.
    pub client_ip: Option<std::net::IpAddr>,
}

fn cookies(headers: &HeaderMap) -> HashMap<String, String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| {
            let (k, v) = pair.trim().split_once('=')?;
            Some((k.to_owned(), v.to_owned()))
        })
        .collect()
}

/// A cross-site POST is refused whatever its token: browsers send `Origin` on form posts, and it
/// must be this server (as configured, or as the `Host` header names it).
fn same_origin(headers: &HeaderMap, public_url: &str) -> bool {
    let Some(origin) = headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()) else {
        return true;
    };
    let configured = public_url.trim_end_matches('/');
    let configured = match configured.find("://") {
        Some(i) => match configured[i + 3..].find('/') {
            Some(j) => &configured[..i + 3 + j],
            None => configured,
        },
        None => configured,
    };
    if origin == configured {
        return true;
    }
    let host = headers
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    !host.is_empty() && (origin == format!("http://{host}") || origin == format!("https://{host}"))
}

impl FromRequestParts<AppState> for Ctx {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let cookies = cookies(&parts.headers);
        let query_lang = parts.uri.query().and_then(|q| {
            q.split('&')
                .find_map(|kv| kv.strip_prefix("lang="))
                .and_then(Lang::parse)
        });
        let lang = query_lang
            .or_else(|| cookies.get(LANG_COOKIE).and_then(|l| Lang::parse(l)))
            .unwrap_or_else(|| {
                Lang::from_accept(
                    parts
                        .headers
                        .get(header::ACCEPT_LANGUAGE)
                        .and_then(|v| v.to_str().ok())
                        .unwrap_or_default(),
                )
            });
        let existing = cookies
            .get(CSRF_COOKIE)
            .filter(|c| c.len() >= 32 && c.len() <= 64)
            .cloned();
        let new_csrf = existing.is_none();
        let csrf = existing.unwrap_or_else(|| random_secret(32));
        let api = parts
            .extensions
            .get::<Api>()
            .cloned()
            .unwrap_or_else(|| Api(Router::new()));
        Ok(Self {
            lang,
            csrf,
            new_csrf,
            set_lang: query_lang,
            secure: state.config.public_url.starts_with("https://"),
            cookies,
            api,
            path: parts.uri.path().to_owned(),
            origin_ok: same_origin(&parts.headers, &state.config.public_url),
            client_ip: parts
                .extensions
                .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
                .map(|c| c.0.ip()),
        })
    }
}

impl Ctx {
    /// Checks a form's CSRF token against the cookie (double submit, with a same-site cookie)
    /// and the request's origin.
    pub fn csrf_ok(&self, submitted: Option<&str>) -> bool {
        let Some(submitted) = submitted else {
            return false;
        };
        // Compare digests so timing does not reveal where the strings differ.
        !self.new_csrf && self.origin_ok && token_hash(submitted) == token_hash(&self.csrf)
    }

    /// A cookie's `Set-Cookie` value with this server's attributes.
    pub fn cookie(&self, name: &str, value: &str, max_age: Option<i64>, same_site: &str) -> String {
        let mut c = format!("{name}={value}; Path=/; HttpOnly; SameSite={same_site}");
        if let Some(age) = max_age {
            c.push_str(&format!("; Max-Age={age}"));
        }
        if self.secure {
            c.push_str("; Secure");
        }
        c
    }

    pub fn page(&self, title: &str, body: String) -> Page {
        Page::new(self, title, body)
    }

    /// A short page with one message, e.g. for refusals and errors.
    pub fn message(&self, status: StatusCode, title: &str, text: &str) -> Response {
        let body = render(&MessagePage {
            lang: self.lang,
            title,
            text,
        });
        let mut r = self.page(title, body).into_response();
        *r.status_mut() = status;
        r
    }

    pub fn refused_csrf(&self) -> Response {
        self.message(
            StatusCode::FORBIDDEN,
            self.lang.t("err-csrf-title"),
            self.lang.t("err-csrf"),
        )
    }

    /// Headers every page response carries, plus the cookies this request needs set.
    fn finish(&self, r: &mut Response) {
        let h = r.headers_mut();
        h.insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(
                "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; \
                 frame-ancestors 'none'; base-uri 'none'",
            ),
        );
        h.insert(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        );
        // `same-origin`, not `no-referrer`: with the latter browsers send `Origin: null` on our
        // own form posts, which the origin check must then refuse.
        h.insert(
            header::REFERRER_POLICY,
            HeaderValue::from_static("same-origin"),
        );
        h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        if self.new_csrf {
            let c = self.cookie(CSRF_COOKIE, &self.csrf, None, "Strict");
            if let Ok(v) = HeaderValue::from_str(&c) {
                h.append(header::SET_COOKIE, v);
            }
        }
        if let Some(lang) = self.set_lang {
            let c = self.cookie(LANG_COOKIE, lang.code(), Some(31_536_000), "Lax");
            if let Ok(v) = HeaderValue::from_str(&c) {
                h.append(header::SET_COOKIE, v);
            }
        }
    }

    /// A `303 See Other` that also sets (or, with an empty value, clears) a session cookie.
    pub fn redirect_setting(
        &self,
        to: &str,
        name: &str,
        value: &str,
        max_age: i64,
        same_site: &str,
    ) -> Response {
        let mut r = self.redirect(to);
        let cookie = self.cookie(name, value, Some(max_age), same_site);
        if let Ok(v) = HeaderValue::from_str(&cookie) {
            r.headers_mut().append(header::SET_COOKIE, v);
        }
        r
    }

    /// A `303 See Other` to `to`, with this request's cookies and headers.
    pub fn redirect(&self, to: &str) -> Response {
        let mut r = StatusCode::SEE_OTHER.into_response();
        if let Ok(v) = HeaderValue::from_str(to) {
            r.headers_mut().insert(header::LOCATION, v);
        }
        self.finish(&mut r);
        r
    }
}

/// A form's fields, by name (the last value wins).
pub type Fields = HashMap<String, String>;

pub fn field<'a>(fields: &'a Fields, name: &str) -> &'a str {
    fields.get(name).map(|s| s.trim()).unwrap_or_default()
}

/// The pages read the API's JSON answers: a string field as text, empty when absent.
pub fn text(v: &serde_json::Value) -> String {
    v.as_str().unwrap_or_default().to_owned()
}

/// The date of an RFC 3339 time in a JSON answer (`2026-06-30`); empty when absent.
pub fn date(v: &serde_json::Value) -> String {
    v.as_str()
        .and_then(|s| s.get(..10))
        .unwrap_or_default()
        .to_owned()
}

/// The items of a JSON array; none when absent.
pub fn each(v: &serde_json::Value) -> impl Iterator<Item = &serde_json::Value> {
    v.as_array().into_iter().flatten()
}

/// Reads a multipart form: text fields, and the one file (name, bytes) if any was chosen.
pub async fn multipart(
    mut form: axum::extract::Multipart,
) -> Result<(Fields, Option<(String, Bytes)>), String> {
    let mut fields = Fields::new();
    let mut file = None;
    while let Some(part) = form.next_field().await.map_err(|e| e.body_text())? {
        let name = part.name().unwrap_or_default().to_owned();
        match part.file_name().map(str::to_owned) {
            Some(file_name) => {
                let bytes = part.bytes().await.map_err(|e| e.body_text())?;
                if !bytes.is_empty() {
                    file = Some((file_name, bytes));
                }
            }
            None => {
                let text = part.text().await.map_err(|e| e.body_text())?;
                fields.insert(name, text);
            }
        }
    }
    Ok((fields, file))
}
