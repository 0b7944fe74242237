//! End-to-end tests: the `pim` binary as a user or a script runs it, and the web
//! application over HTTP with a real database (SQLite, or PostgreSQL with
//! `PIM_TEST_BACKEND=postgres`; see `pim-test-database`).

mod admin;
mod api;
mod app;
mod bench;
mod browser;
mod corrections;
mod documents;
mod email;
mod email_confirmation;
mod faults;
mod helpers;
mod hostile_http;
mod instances;
mod languages;
mod log_privacy;
mod personal_data;
mod proxy;
mod rate_limit;
mod recover;
mod register_web;
mod resilience;
mod retention;
mod route_cli;
mod rush;
mod serve_cli;
mod slow_clients;
mod smtp;
mod your_data;
