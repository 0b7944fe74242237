//! Text in a request body is UTF-8, or the request is refused. Form decoding would turn
//! invalid bytes into U+FFFD and store the runner's name garbled; JSON is checked by its
//! parser already, so only form bodies are looked at here.

use axum::body::{Body, Bytes};
use axum::extract::{FromRequest, Request};
use axum::http::{StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::language::RunnerLanguage;
use crate::pages::MessagePage;

/// Lets a form body through only if every name and value in it, percent-decoded, is UTF-8.
pub(crate) async fn refuse_invalid_utf8(request: Request, next: Next) -> Response {
    let is_form =
        request.headers().get(header::CONTENT_TYPE).and_then(|value| value.to_str().ok()).is_some_and(|value| {
            value.trim_start().to_ascii_lowercase().starts_with("application/x-www-form-urlencoded")
        });
    if !is_form {
        return next.run(request).await;
    }
    let (parts, body) = request.into_parts();
    let bytes = match Bytes::from_request(Request::new(body), &()).await {
        Ok(bytes) => bytes,
        // Too large (413) or cut off: the rejection says which.
        Err(rejection) => return rejection.into_response(),
    };
    if !is_utf8_form(&bytes) {
        return unreadable_form(RunnerLanguage::of_request(&parts.uri, &parts.headers).without_cookie());
    }
    next.run(Request::from_parts(parts, Body::from(bytes))).await
}

/// Whether each `name=value` of an `application/x-www-form-urlencoded` body decodes to UTF-8.
fn is_utf8_form(body: &[u8]) -> bool {
    body.split(|&byte| byte == b'&')
        .flat_map(|pair| pair.splitn(2, |&byte| byte == b'='))
        .all(|part| percent_encoding::percent_decode(part).decode_utf8().is_ok())
}

fn unreadable_form(language: RunnerLanguage) -> Response {
    let t = language.language;
    let page = MessagePage::new(t, t.t("unreadable-title"), vec![t.t("unreadable-body"), t.t("unreadable-again")]);
    (StatusCode::BAD_REQUEST, language, page).into_response()
}

#[cfg(test)]
mod tests {
    use super::is_utf8_form;

    #[test]
    fn text_of_every_script_passes_and_bytes_that_are_not_utf8_do_not() {
        assert!(is_utf8_form(b"given_name=%ED%95%9C&family_name=M%C3%BCller+Li&consent=on"));
        assert!(is_utf8_form(b""));
        assert!(!is_utf8_form(b"given_name=%FF%FE"), "bytes that are not UTF-8");
        assert!(!is_utf8_form(b"given_name=%ED%A0%80"), "an encoded surrogate");
        assert!(!is_utf8_form(b"given_name=\xC3"), "a raw byte cut off");
        assert!(!is_utf8_form(b"na%C3me=x"), "in a name too");
    }
}
