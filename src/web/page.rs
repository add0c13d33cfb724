//! The page layout, the templates' escaper and rendering.

use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};

use askama::Template;

use super::{Ctx, Lang};

/// The templates' escaper (`askama.toml`): the same entities as
/// [`crate::support::html::escape`], which the SVG display cards use.
#[derive(Debug, Clone, Copy, Default)]
pub struct Html;

impl askama::filters::Escaper for Html {
    fn write_escaped_str<W: std::fmt::Write>(&self, dest: W, text: &str) -> std::fmt::Result {
        crate::support::html::write_escaped(dest, text)
    }
}

/// A template's HTML. Rendering writes into a string and calls only our own methods, so it
/// cannot fail short of a bug; that is logged and the page stays empty rather than half made.
pub fn render(template: &impl Template) -> String {
    template.render().unwrap_or_else(|e| {
        tracing::error!(error = %e, "template not rendered");
        String::new()
    })
}

#[derive(Template)]
#[template(path = "layout.html")]
struct Layout<'a> {
    lang: Lang,
    title: &'a str,
    area: &'a str,
    path: &'a str,
    links: Vec<(&'static str, &'static str, bool)>,
    languages: Vec<(Lang, bool)>,
    body: String,
}

#[derive(Template)]
#[template(path = "notice.html")]
struct Notice<'a> {
    kind: &'a str,
    role: &'a str,
    text: &'a str,
}

/// A notice: `ok` (a status) or `error` (an alert).
pub fn flash(kind: &str, text: &str) -> String {
    let role = if kind == "error" { "alert" } else { "status" };
    render(&Notice { kind, role, text })
}

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
        let nav: Vec<(&'static str, &'static str)> = match area {
            "console" if ctx.path.starts_with("/console/tutor") => {
                vec![("/console/tutor", l.t("nav-tutor"))]
            }
            "console" => vec![
                ("/console", l.t("nav-dashboard")),
                ("/console/profiles", l.t("nav-profiles")),
                ("/console/learners", l.t("nav-learners")),
                ("/console/credentials", l.t("nav-credentials")),
                ("/console/results", l.t("nav-results")),
                ("/console/awards", l.t("nav-awards")),
                ("/console/workplace", l.t("nav-workplace")),
                ("/console/validations", l.t("nav-validations")),
                ("/console/portability", l.t("nav-portability")),
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
        let links = nav
            .into_iter()
            .map(|(href, label)| {
                let current = ctx.path == href || (href.len() > 8 && ctx.path.starts_with(href));
                (href, label, current)
            })
            .collect();
        let mut html = render(&Layout {
            lang: l,
            title,
            area,
            path: &ctx.path,
            links,
            languages: Lang::ALL
                .iter()
                .map(|other| (*other, *other == l))
                .collect(),
            body,
        });
        // The template engine drops a file's last line break; a document ends with one.
        html.push('\n');
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
