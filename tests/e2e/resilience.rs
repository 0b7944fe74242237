//! No stored row and no silent mail server stops the service: an email that cannot be
//! composed fails alone, a mail server that accepts and never answers costs one attempt
//! its timeout, and the server keeps answering throughout.

use std::io::BufRead;
use std::time::{Duration, Instant};

use pim_notifications::Dispatched;
use tokio::net::TcpListener;

use crate::app::{TestApp, spawn_app};
use crate::email::{dispatcher, dispatcher_with_timeout, outbox, register, settings};
use crate::smtp::SmtpServer;

/// Writes a line break into a stored registration's name, as a row written before the
/// form refused them (or by hand) would hold.
async fn break_the_name_of(app: &TestApp, reference: &str) {
    let char = if app.db.is_postgres() { "chr" } else { "char" };
    app.db
        .execute(&format!(
            "UPDATE registrations SET given_name = 'Ann' || {char}(13) || {char}(10) || 'Bcc: all@example.org' \
             WHERE reference = '{reference}'"
        ))
        .await;
}

#[tokio::test]
async fn a_stored_name_with_a_line_break_fails_its_own_email_and_the_others_are_sent() {
    let app = spawn_app().await;
    let smtp = SmtpServer::start(0);
    let first = register(&app, "Mei", "Tan", "E3000001").await;
    let broken = register(&app, "Ann", "Lee", "E3000002").await;
    let last = register(&app, "Li", "Wei", "E3000003").await;
    break_the_name_of(&app, broken["reference"].as_str().unwrap()).await;

    let done = dispatcher(&app, &smtp.url(), settings()).await.dispatch_all_due().await.unwrap();
    assert_eq!(done, Dispatched { sent: 2, retrying: 0, failed: 1 });
    let rows = outbox(&app).await;
    assert_eq!(rows[1].0, "failed", "nothing a retry can change: {rows:?}");
    assert!(rows[1].2.as_deref().unwrap().contains("control characters"), "{rows:?}");
    let subjects: Vec<String> = smtp
        .received()
        .iter()
        .map(|raw| mail_parser::MessageParser::default().parse(raw).unwrap().subject().unwrap().to_owned())
        .collect();
    for reply in [&first, &last] {
        let reference = reply["reference"].as_str().unwrap();
        assert!(subjects.iter().any(|s| s.contains(reference)), "{reference} sent: {subjects:?}");
    }
}

#[tokio::test]
async fn pim_serve_keeps_answering_with_a_stored_row_its_mailer_cannot_use() {
    let app = spawn_app().await;
    let smtp = SmtpServer::start(0);
    let broken = register(&app, "Ann", "Lee", "E3000011").await;
    let good = register(&app, "Mei", "Tan", "E3000012").await;
    break_the_name_of(&app, broken["reference"].as_str().unwrap()).await;

    let crate::helpers::PimServe { mut child, url, log, .. } =
        crate::helpers::start_pim_serve(app.db.url(), &["--smtp-url", &smtp.url()]);
    std::thread::spawn(move || for _ in log.lines() {});

    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let rows = outbox(&app).await;
        if rows.iter().all(|row| row.0 != "pending") {
            assert_eq!(rows.iter().map(|row| row.0.as_str()).collect::<Vec<_>>(), ["failed", "sent"]);
            break;
        }
        assert!(Instant::now() < deadline, "the dispatcher went through the outbox: {rows:?}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let received = smtp.received();
    assert_eq!(received.len(), 1);
    let subject = mail_parser::MessageParser::default().parse(&received[0]).unwrap().subject().unwrap().to_owned();
    assert!(subject.contains(good["reference"].as_str().unwrap()), "{subject}");
    assert_eq!(child.try_wait().unwrap(), None, "pim serve is still running");
    let health = reqwest::get(format!("{url}/healthz")).await.unwrap().status().as_u16();
    assert_eq!(health, 200);
    let _ = child.kill();
    let _ = child.wait();
}

/// An SMTP server that accepts connections and never says a word.
async fn tarpit() -> (u16, tokio::task::JoinHandle<()>) {
    tarpit_then(usize::MAX, 0).await
}

/// Holds the first `stalled` connections silent, then passes every later one on to the
/// working SMTP server on `port`.
async fn tarpit_then(stalled: usize, port: u16) -> (u16, tokio::task::JoinHandle<()>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let tarpit_port = listener.local_addr().unwrap().port();
    let serving = tokio::spawn(async move {
        let mut held = Vec::new();
        loop {
            let Ok((mut client, _)) = listener.accept().await else { return };
            if held.len() < stalled {
                held.push(client);
                continue;
            }
            tokio::spawn(async move {
                if let Ok(mut server) = tokio::net::TcpStream::connect(("127.0.0.1", port)).await {
                    let _ = tokio::io::copy_bidirectional(&mut client, &mut server).await;
                }
            });
        }
    });
    (tarpit_port, serving)
}

#[tokio::test]
async fn a_mail_server_that_never_answers_costs_one_attempt_its_timeout() {
    let app = spawn_app().await;
    let (port, _tarpit) = tarpit().await;
    register(&app, "Ann", "Lee", "E3000021").await;
    let dispatcher =
        dispatcher_with_timeout(&app, &format!("smtp://127.0.0.1:{port}"), settings(), Duration::from_secs(1)).await;

    let started = Instant::now();
    let done = tokio::time::timeout(Duration::from_secs(10), dispatcher.dispatch_all_due())
        .await
        .expect("the attempt ends by itself")
        .unwrap();
    assert_eq!(done, Dispatched { sent: 0, retrying: 1, failed: 0 });
    assert!(started.elapsed() < Duration::from_secs(5), "within the timeout: {:?}", started.elapsed());
    let rows = outbox(&app).await;
    assert_eq!((rows[0].0.as_str(), rows[0].1), ("pending", 1), "an ordinary retry: {rows:?}");
    assert!(rows[0].2.as_deref().unwrap().contains("did not answer within 1 s"), "{rows:?}");
}

#[tokio::test]
async fn while_one_smtp_conversation_stalls_the_other_emails_go_out() {
    let app = spawn_app().await;
    let smtp = SmtpServer::start(0);
    let (port, _tarpit) = tarpit_then(1, smtp.port).await;
    for (n, passport) in ["E3000031", "E3000032", "E3000033", "E3000034"].into_iter().enumerate() {
        register(&app, "Runner", &format!("No {n}"), passport).await;
    }
    let dispatcher =
        dispatcher_with_timeout(&app, &format!("smtp://127.0.0.1:{port}"), settings(), Duration::from_secs(1)).await;

    let done = dispatcher.dispatch_all_due().await.unwrap();
    assert_eq!(done, Dispatched { sent: 3, retrying: 1, failed: 0 }, "one email waited on the silent connection");
    assert_eq!(smtp.received().len(), 3);
    // Its retry goes out on a connection that answers.
    app.advance(Duration::from_secs(40));
    assert_eq!(dispatcher.dispatch_all_due().await.unwrap(), Dispatched { sent: 1, retrying: 0, failed: 0 });
    assert_eq!(smtp.received().len(), 4);
}

/// Every field a runner types into, and the characters no answer may hold.
const TEXT_FIELDS: [&str; 16] = [
    "given_name",
    "family_name",
    "email",
    "date_of_birth",
    "sex",
    "nationality",
    "passport_number",
    "passport_expiry",
    "distance",
    "category",
    "qualifying_time",
    "qualifying_date",
    "qualifying_race",
    "qualifying_evidence_url",
    "emergency_contact_name",
    "emergency_contact_phone",
];
const HOSTILE: [(&str, &str); 4] = [("CR", "\r"), ("LF", "\n"), ("NUL", "\0"), ("a direction override", "\u{202E}")];

/// The valid answer for `field` with `hostile` in its middle.
fn spoiled(field: &str, hostile: &str) -> String {
    let valid = crate::app::valid_fields().into_iter().find(|(k, _)| *k == field).map(|(_, v)| v);
    let valid = valid.unwrap_or_else(|| "Berlin".to_owned());
    let middle = valid.char_indices().nth(valid.chars().count() / 2).map_or(0, |(i, _)| i);
    format!("{}{hostile}{}", &valid[..middle], &valid[middle..])
}

#[tokio::test]
async fn a_control_or_direction_character_in_any_field_is_refused_by_the_api_naming_the_field() {
    let app = spawn_app().await;
    for field in TEXT_FIELDS {
        for (name, hostile) in HOSTILE {
            let mut body: serde_json::Map<String, serde_json::Value> =
                crate::app::valid_fields().into_iter().map(|(k, v)| (k.to_owned(), v.into())).collect();
            body.insert("consent".into(), true.into());
            body.insert(field.into(), spoiled(field, hostile).into());
            let response = app.client.post(app.url("/api/v1/registrations")).json(&body).send().await.unwrap();
            assert_eq!(response.status().as_u16(), 422, "{name} in {field}");
            let reply: serde_json::Value = response.json().await.unwrap();
            let messages = reply["errors"][field].as_array().unwrap_or_else(|| panic!("{name} in {field}: {reply}"));
            assert!(messages[0].as_str().unwrap().starts_with("Remove the"), "{name} in {field}: {reply}");
        }
    }
    assert_eq!(app.count_registrations().await, 0, "nothing stored");
}

#[tokio::test]
async fn a_control_or_direction_character_in_any_field_comes_back_to_the_form_beside_that_field() {
    let app = spawn_app().await;
    for field in TEXT_FIELDS {
        for (name, hostile) in HOSTILE {
            let fields = crate::app::with(&crate::app::valid_fields(), &[(field, &spoiled(field, hostile))]);
            let response = app.register(&fields).await;
            assert_eq!(response.status().as_u16(), 422, "{name} in {field}");
            let html = scraper::Html::parse_document(&response.text().await.unwrap());
            let message = crate::app::text_of(&html, &format!("#{field}-error"));
            assert!(message.contains("Remove the"), "{name} in {field}: {message:?}");
        }
    }
    assert_eq!(app.count_registrations().await, 0, "nothing stored");
}

/// The valid form, encoded as a browser would, with `given_name`'s value as raw bytes.
fn form_body_with_given_name(csrf: &str, submission: &str, given_name: &[u8]) -> Vec<u8> {
    let mut fields: Vec<_> = crate::app::valid_fields().into_iter().filter(|(k, _)| *k != "given_name").collect();
    fields.push(("csrf_token", csrf.to_owned()));
    fields.push(("submission_id", submission.to_owned()));
    let rest = reqwest::Url::parse_with_params("http://pim/", &fields).unwrap().query().unwrap().to_owned();
    [b"given_name=", given_name, b"&", rest.as_bytes()].concat()
}

#[tokio::test]
async fn a_form_whose_text_is_not_utf8_is_refused_and_nothing_is_stored() {
    let app = spawn_app().await;
    for (what, bytes) in
        [("percent-encoded", &b"An%FFna"[..]), ("raw", &b"An\xC3na"[..]), ("a surrogate", b"%ED%A0%80")]
    {
        let (csrf, submission) = app.open_form().await;
        let response = app
            .client
            .post(app.url("/register"))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(form_body_with_given_name(&csrf, &submission, bytes))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status().as_u16(), 400, "{what}");
        let page = response.text().await.unwrap();
        assert!(page.contains("not valid UTF-8, so nothing was saved"), "{what}: {page}");
    }
    assert_eq!(app.count_registrations().await, 0, "nothing stored, not even with U+FFFD in the name");

    // The same form in good UTF-8 goes through: the check refuses only what it should.
    let (csrf, submission) = app.open_form().await;
    let response = app
        .client
        .post(app.url("/register"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(form_body_with_given_name(&csrf, &submission, b"An%C3%A9na"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 303);
    let names = app.query_rows("SELECT given_name FROM registrations").await;
    assert_eq!(sqlx::Row::get::<String, _>(&names[0], "given_name"), "Anéna");
}

#[tokio::test]
async fn json_whose_text_is_not_utf8_is_refused_and_nothing_is_stored() {
    let app = spawn_app().await;
    let mut body: serde_json::Map<String, serde_json::Value> =
        crate::app::valid_fields().into_iter().map(|(k, v)| (k.to_owned(), v.into())).collect();
    body.insert("consent".into(), true.into());
    body.insert("given_name".into(), "An-na".into());
    let text = serde_json::to_vec(&body).unwrap();
    let at = text.windows(5).position(|w| w == b"An-na").unwrap() + 2;
    for bytes in [&b"\xFF"[..], b"\xC3", b"\\ud800"] {
        let mut spoiled = text.clone();
        spoiled.splice(at..at + 1, bytes.iter().copied());
        let response = app
            .client
            .post(app.url("/api/v1/registrations"))
            .header("content-type", "application/json")
            .body(spoiled)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status().as_u16(), 400, "{bytes:?}");
        let reply: serde_json::Value = response.json().await.unwrap();
        assert_eq!(reply["outcome"], "invalid", "{reply}");
    }
    assert_eq!(app.count_registrations().await, 0);
}

#[tokio::test]
async fn sigterm_stops_pim_serve_by_the_shutdown_deadline_while_its_dispatcher_waits_on_a_silent_mail_server() {
    let db = crate::app::fresh_database("shutdown-dispatcher").await;
    let (port, _tarpit) = tarpit().await;
    let smtp_url = format!("smtp://127.0.0.1:{port}");
    let args = ["--smtp-url", smtp_url.as_str(), "--smtp-timeout-seconds", "120", "--shutdown-seconds", "2"];
    let crate::helpers::PimServe { mut child, url, log, .. } = crate::helpers::start_pim_serve(db.url(), &args);
    std::thread::spawn(move || for _ in log.lines() {});
    let mut body: serde_json::Map<String, serde_json::Value> =
        crate::app::valid_fields().into_iter().map(|(k, v)| (k.to_owned(), v.into())).collect();
    body.insert("consent".into(), true.into());
    let response = reqwest::Client::new().post(format!("{url}/api/v1/registrations")).json(&body).send().await.unwrap();
    assert_eq!(response.status().as_u16(), 201);
    // The dispatcher claims the confirmation within its second of polling, and then waits
    // on the mail server that never answers.
    tokio::time::sleep(Duration::from_millis(2500)).await;

    let signalled = Instant::now();
    std::process::Command::new("kill").args(["-TERM", &child.id().to_string()]).status().unwrap();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        assert!(signalled.elapsed() < Duration::from_secs(8), "pim serve still runs 8 s after SIGTERM");
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    assert!(status.success(), "{status}");
    assert!(signalled.elapsed() >= Duration::from_millis(1500), "the dispatcher had its deadline");
}
