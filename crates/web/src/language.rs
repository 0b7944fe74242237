//! The language of a runner's page, per request and never per process: the one chosen on
//! the page (`?lang=`, then kept in a cookie), else the browser's `Accept-Language`, else
//! English. The page's answer says which (`Content-Language`, `<html lang>`).

use std::convert::Infallible;

use axum::extract::FromRequestParts;
use axum::http::header::{ACCEPT_LANGUAGE, CONTENT_LANGUAGE, COOKIE, SET_COOKIE, VARY};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, StatusCode, Uri};
use axum::response::{IntoResponseParts, ResponseParts};
use pim_i18n::Language;

use crate::AppState;

/// The cookie that keeps the runner's choice.
const COOKIE_NAME: &str = "pim_lang";

/// The language a runner's page is in, and whether the runner chose it on this request.
#[derive(Debug, Clone, Copy)]
pub struct RunnerLanguage {
    pub language: Language,
    /// Chosen on a page: now (`?lang=`) or before (the cookie).
    chosen: bool,
    chosen_now: bool,
    secure_cookie: bool,
}

impl FromRequestParts<AppState> for RunnerLanguage {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        Ok(RunnerLanguage {
            secure_cookie: state.0.secure_cookies,
            ..RunnerLanguage::of_request(&parts.uri, &parts.headers)
        })
    }
}

impl RunnerLanguage {
    /// The language a request asks for, as read by the layers that answer without a
    /// handler (errors, unreadable forms): their answers do not keep it in the cookie.
    pub fn of_request(uri: &Uri, headers: &HeaderMap) -> RunnerLanguage {
        let chosen = uri
            .query()
            .and_then(|query| query.split('&').find_map(|pair| pair.strip_prefix("lang=")))
            .and_then(Language::from_tag);
        let chosen_before = headers
            .get_all(COOKIE)
            .iter()
            .filter_map(|value| value.to_str().ok())
            .flat_map(|cookies| cookies.split(';'))
            .find_map(|cookie| cookie.trim().strip_prefix(COOKIE_NAME)?.strip_prefix('='))
            .and_then(Language::from_tag);
        let asked = || headers.get(ACCEPT_LANGUAGE).and_then(|value| value.to_str().ok()).map(Language::negotiate);
        RunnerLanguage {
            language: chosen.or(chosen_before).or_else(asked).unwrap_or_default(),
            chosen: chosen.is_some() || chosen_before.is_some(),
            chosen_now: chosen.is_some(),
            secure_cookie: false,
        }
    }

    /// The same, answered without setting the cookie.
    pub fn without_cookie(self) -> RunnerLanguage {
        RunnerLanguage { chosen_now: false, ..self }
    }
}

impl RunnerLanguage {
    /// `language` instead, when there is one: the form's own.
    pub fn or(self, language: Option<Language>) -> RunnerLanguage {
        RunnerLanguage { language: language.unwrap_or(self.language), ..self }
    }

    /// The language an entry was registered in (its stored tag), unless the runner chose
    /// one on a page: the pages about an entry speak as its emails do.
    pub fn or_registered(self, tag: &str) -> RunnerLanguage {
        if self.chosen { self } else { self.or(Language::from_tag(tag)) }
    }
}

impl IntoResponseParts for RunnerLanguage {
    type Error = (StatusCode, String);

    fn into_response_parts(self, mut parts: ResponseParts) -> Result<ResponseParts, Self::Error> {
        let headers = parts.headers_mut();
        headers.insert(CONTENT_LANGUAGE, HeaderValue::from_static(self.language.tag()));
        // Caches must not give one runner's language to another.
        headers.append(VARY, HeaderValue::from_static("accept-language, cookie"));
        if self.chosen_now {
            let secure = if self.secure_cookie { "; Secure" } else { "" };
            let cookie = format!(
                "{COOKIE_NAME}={}; Path=/; Max-Age=31536000; SameSite=Lax; HttpOnly{secure}",
                self.language.tag()
            );
            let value =
                HeaderValue::from_str(&cookie).map_err(|e| (StatusCode::INTERNAL_SERVER_ERROR, e.to_string()))?;
            headers.append(SET_COOKIE, value);
        }
        Ok(parts)
    }
}
