//! The registration form as most requests get it, blank: rendered once for each language
//! (and each set of notes on closed channels, which change with the date), with markers
//! where each request's own values go. The page is 30 KiB, every country named and
//! sorted in the language, every message formatted: rendering it was most of a GET's work,
//! and an opening rush opens it thousands of times a second.

use std::collections::HashMap;
use std::sync::{Arc, PoisonError, RwLock};

use askama::filters::{Html, escape};
use pim_i18n::Language;

/// Stands in the rendered page for the request's anti-forgery token.
pub(crate) const CSRF_TOKEN_MARKER: &str = "@@csrf_token@@";
/// Stands in the rendered page for the request's submission id.
pub(crate) const SUBMISSION_ID_MARKER: &str = "@@submission_id@@";

/// What a blank page differs by: its language, and the notes on the channels closed.
type PageKey = (Language, Vec<String>);

/// The blank pages rendered so far (a few: the languages times the closed-channel notes
/// the dates have brought).
#[derive(Default)]
pub(crate) struct BlankForms(RwLock<HashMap<PageKey, Arc<str>>>);

impl BlankForms {
    /// The page in `language` with `closed_notes`, as `render` renders it (with the
    /// markers for the request's values) the first time it is asked for.
    pub(crate) fn page(
        &self,
        language: Language,
        closed_notes: Vec<String>,
        render: impl FnOnce() -> askama::Result<String>,
    ) -> askama::Result<Arc<str>> {
        let key = (language, closed_notes);
        if let Some(page) = self.0.read().unwrap_or_else(PoisonError::into_inner).get(&key) {
            return Ok(page.clone());
        }
        let page: Arc<str> = render()?.into();
        self.0.write().unwrap_or_else(PoisonError::into_inner).insert(key, page.clone());
        Ok(page)
    }
}

/// `page` with this request's anti-forgery token and submission id in place of the
/// markers, escaped as the template would escape them.
pub(crate) fn filled(page: &str, csrf_token: &str, submission_id: &str) -> String {
    let escaped = |value: &str| escape(value, Html).map(|safe| safe.to_string()).unwrap_or_default();
    page.replacen(CSRF_TOKEN_MARKER, &escaped(csrf_token), 1).replacen(SUBMISSION_ID_MARKER, &escaped(submission_id), 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_request_gets_its_own_values_escaped_in_the_one_rendered_page() {
        let forms = BlankForms::default();
        let renders = std::cell::Cell::new(0);
        let render = || {
            renders.set(renders.get() + 1);
            Ok(format!("<input value=\"{CSRF_TOKEN_MARKER}\"><input value=\"{SUBMISSION_ID_MARKER}\">"))
        };
        let page = forms.page(Language::English, Vec::new(), render).unwrap();
        let again = forms.page(Language::English, Vec::new(), render).unwrap();
        assert_eq!((renders.get(), page.clone()), (1, again));
        assert_eq!(filled(&page, "a+b/c=", "s\"1"), "<input value=\"a+b/c=\"><input value=\"s&#34;1\">");
        forms.page(Language::Korean, Vec::new(), render).unwrap();
        forms.page(Language::English, vec!["closed".into()], render).unwrap();
        assert_eq!(renders.get(), 3, "another language or other notes are another page");
    }
}
