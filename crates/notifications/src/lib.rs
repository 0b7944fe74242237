//! Email to runners. Each email is written to the outbox in the same transaction as the
//! change it reports; a [`Dispatcher`] claims due emails, renders them from
//! `templates/email/` and sends them through lettre, retrying with backoff until sent or
//! given up as failed. Nothing is sent inside a request.

mod compose;
mod dispatcher;
mod plain_smtp;
mod transport;

pub use compose::{ComposeError, Sender, compose, deliverable_address};
pub use dispatcher::{DispatchSettings, Dispatched, Dispatcher};
pub use transport::{Mailer, MailerError, SendError, SmtpSettings};
