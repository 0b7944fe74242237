//! What a request may fail with, said once: `WebError` is what handlers return, and one
//! layer logs it and answers it as the page of the surface it happened on (the runners'
//! message page, the admin's, or JSON under `/api`). `CsrfForm` is a form whose
//! anti-forgery token has been checked.

use std::sync::Arc;

use axum::Json;
use axum::extract::{FromRef, FromRequest, FromRequestParts, Request};
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum_csrf::{CsrfConfig, CsrfToken};
use axum_extra::extract::Form;
use pim_store::StoreError;
use serde::de::DeserializeOwned;
use serde_json::json;

use crate::admin::admin_message;
use crate::language::RunnerLanguage;
use crate::pages::MessagePage;
use pim_i18n::Language;

/// A request that could not be answered as asked.
#[derive(Debug, thiserror::Error)]
pub enum WebError {
    /// Nothing at this address, or nothing this operator may see: the same answer, so the
    /// answer does not tell whether another organisation's entry exists.
    #[error("not found")]
    NotFound,
    /// A link from an email that leads nowhere (incomplete, or replaced by a newer one).
    #[error("unknown link")]
    UnknownLink,
    /// The form's anti-forgery token did not verify: expired, or sent from another site.
    #[error("the form's anti-forgery token did not verify")]
    FormExpired,
    /// Too many uploads at once: try again shortly (with Retry-After).
    #[error("too many uploads at once")]
    Busy,
    /// The database failed: the user is told to try again, the log has the cause.
    #[error("the database failed: {0}")]
    Unavailable(#[from] StoreError),
}

impl WebError {
    fn status(&self) -> StatusCode {
        match self {
            WebError::NotFound | WebError::UnknownLink => StatusCode::NOT_FOUND,
            WebError::FormExpired => StatusCode::FORBIDDEN,
            WebError::Unavailable(_) | WebError::Busy => StatusCode::SERVICE_UNAVAILABLE,
        }
    }

    /// The title and the sentence an operator or an API client reads, in English.
    fn words(&self, surface: Surface) -> (String, String) {
        let said = |title: &str, text: &str| (title.to_owned(), text.to_owned());
        match (self, surface) {
            (WebError::NotFound, Surface::Api) => said(
                "Not found",
                "There is no such address in the API: it has POST /api/v1/registrations and POST \
                 /api/v1/routing/preview.",
            ),
            (WebError::NotFound, _) => {
                said("Not found", "There is nothing at this address among your organisation's entries and pages.")
            }
            (WebError::Unavailable(error), Surface::Admin) if error.is_storage_full() => said(
                "Storage full",
                "The database's disk is full, and nothing was changed. Free space on the server, then try again.",
            ),
            (WebError::Unavailable(_), Surface::Admin) => {
                said("Try again", "The database did not answer, and nothing was changed. Try again shortly.")
            }
            (other, _) => {
                let page = other.runner_page(Language::English);
                (page.title, page.paragraphs.concat())
            }
        }
    }

    /// The runner's page's title is the message `KEY-title`, its sentence `KEY-body`.
    fn runner_key(&self) -> &'static str {
        match self {
            WebError::NotFound => "not-found",
            WebError::UnknownLink => "unknown-link",
            WebError::FormExpired => "form-expired",
            WebError::Busy => "busy",
            WebError::Unavailable(error) if error.is_storage_full() => "storage-full",
            WebError::Unavailable(_) => "unavailable",
        }
    }

    /// The runner's page, in `language`.
    fn runner_page(&self, language: Language) -> MessagePage {
        let key = self.runner_key();
        let title = language.t(&format!("{key}-title"));
        MessagePage::new(language, title, vec![language.t(&format!("{key}-body"))])
    }

    /// The machine-readable name under `/api`.
    fn code(&self) -> &'static str {
        match self {
            WebError::NotFound | WebError::UnknownLink => "not_found",
            WebError::FormExpired => "forbidden",
            WebError::Unavailable(error) if error.is_storage_full() => "storage_full",
            WebError::Unavailable(_) => "error",
            WebError::Busy => "busy",
        }
    }
}

/// The error travels to `render_errors` inside the response, which knows the surface.
#[derive(Clone)]
struct Failed(Arc<WebError>);

impl IntoResponse for WebError {
    fn into_response(self) -> Response {
        let mut response = self.status().into_response();
        response.extensions_mut().insert(Failed(Arc::new(self)));
        response
    }
}

/// Where a request was made: each answers in its own kind of page.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Surface {
    Public,
    Admin,
    Api,
}

impl Surface {
    fn of(path: &str) -> Surface {
        if path.starts_with("/api/") {
            Surface::Api
        } else if path == "/admin" || path.starts_with("/admin/") {
            Surface::Admin
        } else {
            Surface::Public
        }
    }
}

/// The layer that logs each `WebError` once, with its cause, and answers it as the
/// surface's page. The route, never the URI, is in the log: status links carry a secret.
pub async fn render_errors(request: Request, next: Next) -> Response {
    let surface = Surface::of(request.uri().path());
    // What the runner's language is read from, kept for an error: most answers are not one.
    let (uri, asked) = (request.uri().clone(), language_headers(request.headers()));
    let mut response = next.run(request).await;
    let Some(Failed(error)) = response.extensions_mut().remove::<Failed>() else { return response };
    let language = RunnerLanguage::of_request(&uri, &asked).without_cookie();
    match &*error {
        WebError::Unavailable(cause) => tracing::error!(error = %cause, "request failed: the database did not answer"),
        other => tracing::debug!(error = %other, "request refused"),
    }
    let status = error.status();
    let mut answer = match surface {
        Surface::Api => {
            let (_, text) = error.words(surface);
            (status, Json(json!({ "outcome": error.code(), "error": text }))).into_response()
        }
        Surface::Admin => {
            let (title, text) = error.words(surface);
            admin_message(status, &title, &text)
        }
        Surface::Public => (status, language, error.runner_page(language.language)).into_response(),
    };
    // What the handler set besides the body (cookies, Retry-After) still applies: every
    // value of each, since a response may set several cookies.
    for (name, value) in response.headers() {
        if name != axum::http::header::CONTENT_TYPE && name != axum::http::header::CONTENT_LENGTH {
            answer.headers_mut().append(name, value.clone());
        }
    }
    answer
}

/// The headers the runner's language is read from (cheap to keep: their values are shared).
fn language_headers(headers: &axum::http::HeaderMap) -> axum::http::HeaderMap {
    let mut kept = axum::http::HeaderMap::new();
    for name in [axum::http::header::COOKIE, axum::http::header::ACCEPT_LANGUAGE] {
        for value in headers.get_all(&name) {
            kept.append(name.clone(), value.clone());
        }
    }
    kept
}

/// A form that carries an anti-forgery token.
pub trait CarriesCsrfToken {
    fn csrf_token(&self) -> &str;
}

/// A form whose anti-forgery token verified; otherwise the request is answered with
/// `WebError::FormExpired` before the handler runs.
pub struct CsrfForm<T>(pub T);

impl<S, T> FromRequest<S> for CsrfForm<T>
where
    S: Send + Sync,
    CsrfConfig: FromRef<S>,
    T: DeserializeOwned + CarriesCsrfToken + Send,
{
    type Rejection = Response;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        let (mut parts, body) = request.into_parts();
        let token = CsrfToken::from_request_parts(&mut parts, state).await.map_err(IntoResponse::into_response)?;
        let Form(form) = Form::<T>::from_request(Request::from_parts(parts, body), state)
            .await
            .map_err(IntoResponse::into_response)?;
        match token.verify(form.csrf_token()) {
            Ok(()) => Ok(CsrfForm(form)),
            Err(_) => Err(WebError::FormExpired.into_response()),
        }
    }
}

/// A form with nothing but its anti-forgery token: a button.
#[derive(serde::Deserialize, Default)]
#[serde(default)]
pub struct Button {
    csrf_token: String,
}

impl CarriesCsrfToken for Button {
    fn csrf_token(&self) -> &str {
        &self.csrf_token
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn an_error_is_answered_as_its_surface_s_page_keeping_every_cookie_the_handler_set() {
        use axum::response::AppendHeaders;
        use tower::ServiceExt;
        let failing = || async {
            let cookies =
                AppendHeaders([(axum::http::header::SET_COOKIE, "a=1"), (axum::http::header::SET_COOKIE, "b=2")]);
            (cookies, WebError::NotFound)
        };
        let app = axum::Router::new()
            .route("/api/v1/thing", axum::routing::get(failing))
            .route("/registrations/x", axum::routing::get(failing))
            .layer(axum::middleware::from_fn(render_errors));
        for (path, content_type) in [("/api/v1/thing", "application/json"), ("/registrations/x", "text/html")] {
            let request = axum::http::Request::get(path).body(axum::body::Body::empty()).unwrap();
            let response = app.clone().oneshot(request).await.unwrap();
            assert_eq!(response.status(), StatusCode::NOT_FOUND);
            let kind = response.headers()[axum::http::header::CONTENT_TYPE].to_str().unwrap();
            assert!(kind.starts_with(content_type), "{path}: {kind}");
            let cookies: Vec<_> = response.headers().get_all(axum::http::header::SET_COOKIE).iter().collect();
            assert_eq!(cookies, ["a=1", "b=2"], "{path}");
        }
    }

    #[test]
    fn each_surface_is_known_by_its_path() {
        assert_eq!(Surface::of("/api/v1/registrations"), Surface::Api);
        assert_eq!(Surface::of("/admin"), Surface::Admin);
        assert_eq!(Surface::of("/admin/entries/PIM-1"), Surface::Admin);
        assert_eq!(Surface::of("/administrator"), Surface::Public);
        assert_eq!(Surface::of("/registrations/x"), Surface::Public);
    }
}
