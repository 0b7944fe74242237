//! The confirmation email, from registration to a real SMTP server on loopback.

use std::sync::Arc;
use std::time::Duration;

use mail_parser::MessageParser;
use pim_domain::Policy;
use pim_notifications::{DispatchSettings, Dispatched, Dispatcher, Mailer, Sender, SmtpSettings};
use serde_json::{Value, json};
use sqlx::Row;

use crate::app::{TestApp, spawn_app};
use crate::smtp::{SmtpServer, closed_port};

pub(crate) fn settings() -> DispatchSettings {
    DispatchSettings {
        batch_size: 3,
        lease: Duration::from_secs(60),
        max_attempts: 3,
        first_retry: Duration::from_secs(30),
        longest_retry: Duration::from_secs(600),
        poll_interval: Duration::from_millis(10),
        in_parallel: 2,
    }
}

/// A dispatcher of its own, as a separate process would have: its own connections to
/// the app's database file, the app's clock.
pub(crate) async fn dispatcher(app: &TestApp, smtp_url: &str, settings: DispatchSettings) -> Dispatcher {
    dispatcher_with_timeout(app, smtp_url, settings, Duration::from_secs(20)).await
}

/// The same, giving each SMTP conversation at most `timeout`.
pub(crate) async fn dispatcher_with_timeout(
    app: &TestApp,
    smtp_url: &str,
    settings: DispatchSettings,
    timeout: Duration,
) -> Dispatcher {
    let store = app.open_store().await;
    let sender = Sender {
        from: "PIM Registration <registration@pim.test>".parse().unwrap(),
        reply_to: Some("help@pim.test".parse().unwrap()),
        site_url: app.url(""),
    };
    Dispatcher::new(
        store,
        Mailer::smtp(smtp_url, SmtpSettings { timeout, connections: settings.in_parallel as u32 }).unwrap(),
        Arc::new(Policy::embedded_default()),
        sender,
        settings,
        app.clock(),
    )
}

/// Registers through the API; returns the reply (reference, status_url, ...).
pub(crate) async fn register(app: &TestApp, given_name: &str, family_name: &str, passport: &str) -> Value {
    let mut body: serde_json::Map<String, Value> =
        crate::app::valid_fields().into_iter().map(|(k, v)| (k.to_owned(), Value::String(v))).collect();
    body.insert("consent".into(), json!(true));
    body.insert("given_name".into(), json!(given_name));
    body.insert("family_name".into(), json!(family_name));
    body.insert("passport_number".into(), json!(passport));
    let response = app.client.post(app.url("/api/v1/registrations")).json(&body).send().await.unwrap();
    assert_eq!(response.status().as_u16(), 201);
    response.json().await.unwrap()
}

pub(crate) async fn outbox(app: &TestApp) -> Vec<(String, i64, Option<String>, String)> {
    app.query_rows("SELECT status, attempts, last_error, payload FROM outbox ORDER BY id")
        .await
        .iter()
        .map(|row| (row.get("status"), row.get("attempts"), row.get("last_error"), row.get("payload")))
        .collect()
}

#[tokio::test]
async fn a_registration_arrives_as_a_multipart_email_with_reference_and_status_link() {
    let app = spawn_app().await;
    let smtp = SmtpServer::start(0);
    let reply = register(&app, "김철수", "王小明", "E1000001").await;
    let done = dispatcher(&app, &smtp.url(), settings()).await.dispatch_all_due().await.unwrap();
    assert_eq!(done, Dispatched { sent: 1, retrying: 0, failed: 0 });

    let received = smtp.received();
    assert_eq!(received.len(), 1);
    let message = MessageParser::default().parse(&received[0]).unwrap();
    let reference = reply["reference"].as_str().unwrap();
    let status_url = reply["status_url"].as_str().unwrap();
    let to = message.to().unwrap().first().unwrap();
    assert_eq!(to.address(), Some("anna@example.org"));
    assert_eq!(to.name(), Some("김철수 王小明"));
    assert_eq!(message.subject(), Some(format!("Pyongyang Marathon: registration received ({reference})").as_str()));
    assert_eq!(message.reply_to().unwrap().first().unwrap().address(), Some("help@pim.test"));
    assert!(message.date().is_some(), "a Date header");
    assert!(message.message_id().is_some_and(|id| id.starts_with("pim.") && id.contains(reference)), "a Message-ID");
    let (text, html) = (message.body_text(0).unwrap(), message.body_html(0).unwrap());
    for part in [&text, &html] {
        assert!(part.contains(reference) && part.contains(status_url));
        assert!(part.contains("김철수 王小明"));
        assert!(part.contains("Please confirm your email address by 23 November 2026 at 12:00 (UTC+09:00)"), "{part}");
    }
    // Sent: recorded, and neither the status link nor the confirmation link is kept in the outbox.
    let rows = outbox(&app).await;
    assert_eq!((rows[0].0.as_str(), rows[0].1), ("sent", 1));
    assert!(!rows[0].3.contains("registrations/") && !rows[0].3.contains("confirm-email/"), "{}", rows[0].3);

    // The link in the email confirms the address, by the button on the page it opens.
    let link = text.lines().map(str::trim).find(|line| line.contains("/confirm-email/")).expect("a confirmation link");
    let page = crate::email_confirmation::confirm_through(&app, link).await;
    assert!(page.contains("Your email address is confirmed"), "{page}");
}

#[tokio::test]
async fn with_smtp_down_the_registration_succeeds_and_the_email_arrives_once_it_is_back() {
    let app = spawn_app().await;
    let port = closed_port();
    let dispatcher = dispatcher(&app, &format!("smtp://127.0.0.1:{port}"), settings()).await;
    let reply = register(&app, "Ann", "Lee", "E1000002").await;

    assert_eq!(dispatcher.dispatch_all_due().await.unwrap(), Dispatched { sent: 0, retrying: 1, failed: 0 });
    let rows = outbox(&app).await;
    assert_eq!((rows[0].0.as_str(), rows[0].1), ("pending", 1));
    assert!(rows[0].2.as_deref().is_some_and(|e| !e.is_empty()), "the error is recorded: {rows:?}");
    // Not due again before its backoff.
    assert_eq!(dispatcher.dispatch_all_due().await.unwrap().total(), 0);

    let smtp = SmtpServer::start(port);
    app.advance(Duration::from_secs(40));
    assert_eq!(dispatcher.dispatch_all_due().await.unwrap(), Dispatched { sent: 1, retrying: 0, failed: 0 });
    let received = smtp.received();
    assert_eq!(received.len(), 1);
    let message = MessageParser::default().parse(&received[0]).unwrap();
    assert!(message.subject().unwrap().contains(reply["reference"].as_str().unwrap()));
    let rows = outbox(&app).await;
    assert_eq!((rows[0].0.as_str(), rows[0].1, rows[0].2.as_deref()), ("sent", 2, None));
}

#[tokio::test]
async fn an_email_claimed_by_a_dispatcher_that_died_is_sent_once_its_lease_runs_out() {
    let app = spawn_app().await;
    let smtp = SmtpServer::start(0);
    register(&app, "Ann", "Lee", "E1000003").await;
    // A dispatcher claims the email and dies before sending it.
    let dead = app.open_store().await;
    let claimed = dead.claim_due_emails("dead-dispatcher", app.now(), Duration::from_secs(60), 10).await.unwrap();
    assert_eq!(claimed.len(), 1);

    let other = dispatcher(&app, &smtp.url(), settings()).await;
    assert_eq!(other.dispatch_all_due().await.unwrap().total(), 0, "the lease still holds");
    app.advance(Duration::from_secs(61));
    assert_eq!(other.dispatch_all_due().await.unwrap(), Dispatched { sent: 1, retrying: 0, failed: 0 });
    assert_eq!(smtp.received().len(), 1);
    // The dead claim can no longer record anything.
    assert!(!dead.mark_email_sent(claimed[0].id, "dead-dispatcher", app.now(), &Default::default()).await.unwrap());
}

#[tokio::test]
async fn two_dispatchers_on_one_database_send_each_email_once() {
    let app = spawn_app().await;
    let smtp = SmtpServer::start(0);
    let mut references = Vec::new();
    for n in 0..24 {
        references.push(
            register(&app, "Runner", &format!("No {n}"), &format!("E2{n:06}")).await["reference"]
                .as_str()
                .unwrap()
                .to_owned(),
        );
    }
    let (first, second) =
        (dispatcher(&app, &smtp.url(), settings()).await, dispatcher(&app, &smtp.url(), settings()).await);
    let (a, b) = tokio::join!(first.dispatch_all_due(), second.dispatch_all_due());
    let (a, b) = (a.unwrap(), b.unwrap());
    assert_eq!(a.sent + b.sent, 24);
    assert!(a.sent > 0 && b.sent > 0, "both took part: {a:?} {b:?}");

    let mut subjects: Vec<String> = smtp
        .received()
        .iter()
        .map(|raw| MessageParser::default().parse(raw).unwrap().subject().unwrap().to_owned())
        .collect();
    subjects.sort();
    let mut expected: Vec<String> =
        references.iter().map(|r| format!("Pyongyang Marathon: registration received ({r})")).collect();
    expected.sort();
    assert_eq!(subjects, expected, "each email exactly once");
    assert!(outbox(&app).await.iter().all(|(status, attempts, _, _)| status == "sent" && *attempts == 1));
}

#[tokio::test]
async fn a_permanent_refusal_ends_as_failed_after_the_configured_attempts() {
    let app = spawn_app().await;
    let smtp = SmtpServer::start(0);
    smtp.refuse_with(550);
    register(&app, "Ann", "Lee", "E1000004").await;
    let dispatcher = dispatcher(&app, &smtp.url(), settings()).await;
    let mut outcomes = Vec::new();
    for _ in 0..3 {
        outcomes.push(dispatcher.dispatch_all_due().await.unwrap());
        app.advance(Duration::from_secs(601));
    }
    assert_eq!(
        outcomes,
        [
            Dispatched { sent: 0, retrying: 1, failed: 0 },
            Dispatched { sent: 0, retrying: 1, failed: 0 },
            Dispatched { sent: 0, retrying: 0, failed: 1 },
        ]
    );
    let rows = outbox(&app).await;
    assert_eq!((rows[0].0.as_str(), rows[0].1), ("failed", 3));
    assert!(rows[0].2.as_deref().unwrap().contains("550"), "{rows:?}");
    assert!(!rows[0].3.contains("registrations/"), "a failed email keeps no status link");
    // Given up: never claimed again.
    app.advance(Duration::from_secs(3600));
    assert_eq!(dispatcher.dispatch_all_due().await.unwrap().total(), 0);
    assert!(smtp.received().is_empty());
}

#[tokio::test]
async fn backoff_doubles_with_jitter_up_to_the_longest_wait() {
    let app = spawn_app().await;
    let dispatcher = dispatcher(&app, "smtp://127.0.0.1:1", settings()).await;
    for (attempts, expected) in [(1, 30.0), (2, 60.0), (3, 120.0), (6, 600.0), (30, 600.0)] {
        let wait = dispatcher.backoff(attempts).as_secs_f64();
        assert!((expected * 0.8..expected * 1.2).contains(&wait), "after {attempts}: {wait}");
    }
}

#[tokio::test]
async fn a_runner_on_the_waiting_list_is_emailed_their_position() {
    let policy = crate::app::policy_with("licensed_operator = { total = 500 }", "licensed_operator = { total = 1 }");
    let app = crate::app::spawn_app_with(policy, crate::app::OPEN_DAY).await;
    let smtp = SmtpServer::start(0);
    let mut references = Vec::new();
    for (n, passport) in ["E1200001", "E1200002", "E1200003"].into_iter().enumerate() {
        let reply = register(&app, &format!("Runner{n}"), "Queue", passport).await;
        references.push(reply["reference"].as_str().unwrap().to_owned());
    }
    let done = dispatcher(&app, &smtp.url(), settings()).await.dispatch_all_due().await.unwrap();
    assert_eq!(done.sent, 3);
    let bodies: Vec<(String, String)> = smtp
        .received()
        .iter()
        .map(|raw| {
            let message = MessageParser::default().parse(raw).unwrap();
            (message.subject().unwrap_or_default().to_owned(), message.body_text(0).unwrap_or_default().into_owned())
        })
        .collect();
    let email_for = |reference: &str| bodies.iter().find(|(subject, _)| subject.contains(reference)).unwrap();
    assert!(email_for(&references[0]).0.contains("registration received"));
    for (reference, position) in [(&references[1], 1), (&references[2], 2)] {
        let (subject, body) = email_for(reference);
        assert!(subject.contains("on the waiting list"), "{subject}");
        assert!(body.contains(&format!("on the waiting list at position {position}")), "{body}");
    }
}
