//! The page layout and HTML escaping.

use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};

use super::{Ctx, Lang};

/// Escapes text for HTML content and quoted attribute values.
pub use crate::support::html::escape as esc;

pub struct Page {
    html: String,
    response: Response,
}

impl Page {
    pub fn new(ctx: &Ctx, title: &str, body: String) -> Self {
        let l = ctx.lang;
        let area = if ctx.path.starts_with("/console") {
            "console"
        } else if ctx.path.starts_with("/learner") {
            "learner"
        } else {
            "public"
        };
        let nav: Vec<(&str, &str)> = match area {
            "console" => vec![
                ("/console", l.t("nav-dashboard")),
                ("/console/profiles", l.t("nav-profiles")),
                ("/console/learners", l.t("nav-learners")),
                ("/console/results", l.t("nav-results")),
                ("/console/awards", l.t("nav-awards")),
                ("/console/keys", l.t("nav-keys")),
                ("/console/staff", l.t("nav-staff")),
                ("/console/audit", l.t("nav-audit")),
            ],
            _ => vec![
                ("/verify", l.t("nav-verify")),
                ("/learner", l.t("nav-learner")),
                ("/console", l.t("nav-console")),
            ],
        };
        let links: String = nav
            .iter()
            .map(|(href, label)| {
                let current = if ctx.path == *href || (href.len() > 8 && ctx.path.starts_with(href))
                {
                    r#" aria-current="page""#
                } else {
                    ""
                };
                format!(r#"<li><a href="{href}"{current}>{label}</a></li>"#)
            })
            .collect();
        let languages: String = Lang::ALL
            .iter()
            .map(|other| {
                if *other == l {
                    format!(
                        r#"<li><span aria-current="true" lang="{0}">{1}</span></li>"#,
                        other.code(),
                        other.name()
                    )
                } else {
                    format!(
                        r#"<li><a href="{}?lang={}" lang="{}" hreflang="{}">{}</a></li>"#,
                        esc(&ctx.path),
                        other.code(),
                        other.code(),
                        other.code(),
                        other.name()
                    )
                }
            })
            .collect();
        let html = format!(
            r##"<!doctype html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title} · unitcred</title>
<link rel="stylesheet" href="/assets/unitcred.css">
<link rel="icon" href="data:,">
</head>
<body class="area-{area}">
<a class="skip" href="#main">{skip}</a>
<header class="top">
<div class="bar">
<a class="brand" href="/">unitcred</a>
<nav aria-label="{nav_label}"><ul class="nav">{links}</ul></nav>
<nav aria-label="{lang_label}"><ul class="langs">{languages}</ul></nav>
</div>
</header>
<main id="main">
{body}
</main>
<footer><p>{footer}</p></footer>
</body>
</html>
"##,
            lang = l.code(),
            title = esc(title),
            skip = l.t("nav-skip"),
            nav_label = l.t("nav-label"),
            lang_label = l.t("nav-languages"),
            footer = l.t("footer"),
        );
        let mut response = ().into_response();
        ctx.finish(&mut response);
        Self { html, response }
    }

    pub fn status(mut self, status: axum::http::StatusCode) -> Self {
        *self.response.status_mut() = status;
        self
    }
}

impl IntoResponse for Page {
    fn into_response(self) -> Response {
        let (mut parts, _) = self.response.into_parts();
        parts.headers.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("text/html; charset=utf-8"),
        );
        Response::from_parts(parts, axum::body::Body::from(self.html))
    }
}
