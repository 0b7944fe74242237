//! End-to-end tests of the `pim` binary, run as a user or a script runs it.

mod helpers;
mod route_cli;
