//! What a browser journey runs against: a real `pim serve` process on a fresh database,
//! its email through a real SMTP server on loopback, its operators added with
//! `pim operator add`, and a policy whose calendar is around today (the process keeps the
//! real clock, so the dates move with it).

use std::io::Write;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use pim_domain::{Organisation, Policy};
use pim_test_database::TestDatabase;
use time::{Date, OffsetDateTime, UtcOffset};

use crate::helpers::{PimServe, start_pim_serve};
use crate::smtp::SmtpServer;

/// The password every journey's operators sign in with.
pub const PASSWORD: &str = "a long journey password";

pub struct Stack {
    pub url: String,
    pub smtp: SmtpServer,
    /// Kept for the life of the stack: dropping it removes the database.
    _db: TestDatabase,
    serve: Child,
}

impl Drop for Stack {
    fn drop(&mut self) {
        let _ = self.serve.kill();
        let _ = self.serve.wait();
    }
}

/// Today on the race's clock (UTC+9).
pub fn today() -> Date {
    OffsetDateTime::now_utc().to_offset(UtcOffset::from_hms(9, 0, 0).unwrap()).date()
}

/// The embedded policy with its calendar moved around today: registration opened a month
/// ago, elite applications close in a month, the others in about three, race day after.
fn policy_for_today() -> String {
    let day = |days: i64| today() + time::Duration::days(days);
    let source = Policy::embedded_default().source().to_owned();
    let replace = |source: String, from: &str, to: String| {
        assert!(source.contains(from), "the policy has {from}");
        source.replacen(from, &to, 1)
    };
    let source = replace(source, "race_day = 2027-04-11", format!("race_day = {}", day(130)));
    let source =
        replace(source, "opens_at = 2026-11-01T00:00:00+09:00", format!("opens_at = {}T00:00:00+09:00", day(-30)));
    replace(
        source,
        "closes = { elite_invitation = 2027-01-10, state_agency = 2027-03-15, licensed_operator = 2027-03-14 }",
        format!(
            "closes = {{ elite_invitation = {}, state_agency = {}, licensed_operator = {} }}",
            day(30),
            day(100),
            day(99)
        ),
    )
}

impl Stack {
    /// A fresh stack with `operators` (email, organisation) able to sign in.
    pub async fn start(label: &str, operators: &[(&str, Organisation)]) -> Stack {
        let db = crate::app::fresh_database(&format!("journey-{label}")).await;
        let policy = crate::helpers::temp_file(&format!("journey-{label}.toml"), &policy_for_today());
        for (email, organisation) in operators {
            add_operator(db.url(), email, *organisation);
        }
        let smtp = SmtpServer::start(0);
        let policy = policy.to_str().unwrap().to_owned();
        let PimServe { child, url, mut log, .. } =
            start_pim_serve(db.url(), &["--policy", &policy, "--smtp-url", &smtp.url()]);
        // The rest of the log is read on, so that the server never blocks writing it.
        std::thread::spawn(move || std::io::copy(&mut log, &mut std::io::sink()));
        Stack { url, smtp, _db: db, serve: child }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.url)
    }

    /// The first link in `email` to a page under `path` (not the footer's link to the page
    /// that sends a lost status link again).
    pub fn link_in(&self, email: &str, path: &str) -> String {
        let (start, footer) = (self.url(path), self.url("/registrations/recover"));
        // A link may follow text without a space ("…请勿分享）：http://…").
        email
            .match_indices(&start)
            .map(|(at, _)| email[at..].split_whitespace().next().unwrap_or_default())
            .find(|link| *link != footer)
            .unwrap_or_else(|| panic!("a link to {path}… in {email}"))
            .to_owned()
    }

    /// The text part of the first email whose subject contains `subject`, once it has
    /// arrived (up to 15 s: the dispatcher polls each second).
    pub async fn email(&self, subject: &str) -> String {
        for _ in 0..150 {
            for raw in self.smtp.received() {
                let message = mail_parser::MessageParser::default().parse(&raw).unwrap();
                if message.subject().is_some_and(|s| s.contains(subject)) {
                    return message.body_text(0).unwrap().into_owned();
                }
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("no email about {subject:?} arrived");
    }
}

/// `pim operator add`, with the journey's password typed on stdin.
fn add_operator(database: &str, email: &str, organisation: Organisation) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_pim"))
        .env("PIM_DATA_KEY", crate::helpers::data_key_text())
        .args(["operator", "add", "--email", email, "--organisation", organisation.as_str(), "--password-stdin"])
        .args(["--database", database])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .expect("start pim operator add");
    writeln!(child.stdin.take().unwrap(), "{PASSWORD}").unwrap();
    assert!(child.wait().unwrap().success(), "pim operator add {email}");
}
