//! Persistence of registrations: all SQL lives here, behind functions named for what they
//! do (`record_registration`, `find_by_reference`, ...), taking and returning domain types.
//! SQLite is the embedded default, PostgreSQL the scale-out backend; migrations are in
//! `migrations/sqlite` and `migrations/postgres` at the workspace root.
//!
//! The crate is a placeholder until registrations are stored (the web registration issue).
