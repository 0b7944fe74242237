//! The HTTP front: the public registration form, the runners' status pages, the
//! operators' admin and the JSON API (axum, askama templates from `templates/`).
//!
//! The crate is a placeholder until the registration form is built (the web issue).
