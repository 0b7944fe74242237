//! Email to runners: messages composed from `templates/email/`, queued in a transactional
//! outbox with each registration, and sent by a dispatcher through lettre with retries.
//!
//! The crate is a placeholder until confirmation email is built (the email issue).
