//! Retention: `pim retention run` erases an edition's documents 30 days after race day and
//! its personal data after 90, keeps the statistics, changes nothing when run again, and
//! finishes on the next run what a killed run left.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

use pim_domain::{Organisation, document_samples};
use reqwest::multipart::{Form, Part};
use serde_json::json;

use crate::admin::{act, page, register, signed_in};
use crate::app::{TestApp, attr_of, spawn_app, text_of};
use crate::helpers::{data_key_text, pim, stderr, stdout};
use crate::personal_data::{contains, status_path};

/// What the test's runners typed: none of it may be left after the personal data's rule.
const RUNNERS: [(&str, &str, &str, &str, &str); 3] = [
    ("Wilhelmina", "Quarterbridge", "w.quarterbridge@example.org", "QB7700431", "Ottoline Quarterbridge"),
    ("Sun-Hwa", "Pemberton-Ri", "sunhwa.pr@example.net", "PR5522198", "Jae-Won Pemberton"),
    ("Eustace", "Thimbleford", "eustace.t@example.com", "TF3300917", "Maud Thimbleford"),
];
const NOTE: &str = "Please send the Quarterbridge family visa letter";
const SEARCH: &str = "Thimbleford";

fn retention_run(app: &TestApp, as_of: &str) -> std::process::Output {
    let output = pim(&["retention", "run", "--database", app.db.url(), "--as-of", as_of], "");
    assert!(output.status.success(), "pim retention run --as-of {as_of}: {}", stderr(&output));
    output
}

/// Everything in the database a second run must leave as it is.
async fn snapshot(app: &TestApp) -> Vec<String> {
    let mut rows = Vec::new();
    for sql in [
        "SELECT reference || '|' || given_name || '|' || status || '|' || CAST(version AS TEXT) || '|' || \
         COALESCE(age_band, '') AS line FROM registrations ORDER BY id",
        "SELECT action || '|' || actor || '|' || COALESCE(note, '') AS line FROM audit_log ORDER BY id",
        "SELECT action || '|' || detail AS line FROM operator_audit ORDER BY id",
        "SELECT status || '|' || payload AS line FROM outbox ORDER BY id",
        "SELECT CAST(COUNT(*) AS TEXT) AS line FROM documents",
    ] {
        rows.extend(app.query_rows(sql).await.iter().map(|row| sqlx::Row::get::<String, _>(row, "line")));
    }
    rows
}

pub(crate) async fn upload_document(app: &TestApp) {
    let status = status_path(app).await;
    let (_, before) = app.get_html(&status).await;
    let form = Form::new()
        .text("csrf_token", attr_of(&before, "input[name=csrf_token]", "value"))
        .text("kind", "passport_data_page")
        .part(
            "file",
            Part::bytes(document_samples::pdf()).file_name("passport.pdf").mime_str("application/pdf").unwrap(),
        );
    let response = app.client.post(app.url(&format!("{status}/documents"))).multipart(form).send().await.unwrap();
    assert_eq!(response.status().as_u16(), 303, "the document is taken");
}

#[tokio::test]
async fn after_race_day_documents_then_all_personal_data_are_erased_and_the_statistics_kept() {
    let app = spawn_app().await;
    let mut references = Vec::new();
    for (given, family, email, passport, contact) in RUNNERS {
        references.push(
            register(
                &app,
                json!({"given_name": given, "family_name": family, "email": email, "passport_number": passport,
                       "emergency_contact_name": contact}),
            )
            .await,
        );
    }
    let a_status_page = status_path(&app).await;
    upload_document(&app).await;
    let operator = signed_in(&app, "k@koryo.example", Organisation::LicensedOperator).await;
    let (status, _) = act(&app, &operator, &references[0], "request_information", NOTE).await;
    assert_eq!(status, 303, "the operator asks for information");
    let csv = operator.get(app.url(&format!("/admin/entries.csv?q={SEARCH}"))).send().await.unwrap();
    assert_eq!(csv.status().as_u16(), 200, "an export searched by a runner's name");
    let store = app.open_store().await;
    let statistics = store.dashboard_counts().await.unwrap();

    // Race day is 2027-04-11: nothing is due on the 30th day after it.
    let early = retention_run(&app, "2027-05-11");
    assert!(stdout(&early).contains("documents: 30 days after race day 2027-04-11: nothing due before 2027-05-12"));
    assert_eq!(app.query_rows("SELECT id FROM documents").await.len(), 1, "the document is kept 30 days");

    // The 31st day: the documents go, and the entry's history says under which rule.
    let documents_day = retention_run(&app, "2027-05-12");
    assert!(stdout(&documents_day).contains("erased 1 document of 1 entry"), "{}", stdout(&documents_day));
    assert!(app.query_rows("SELECT id FROM documents").await.is_empty());
    let (_, entry) = page(&app, &operator, &format!("/admin/entries/{}", references[2])).await;
    assert!(text_of(&entry, "body").contains("documents: 30 days after race day 2027-04-11"));
    assert!(text_of(&entry, "body").contains(RUNNERS[2].1), "the rest is kept until its own rule");

    // Race day + 90 is still kept; + 91 erases every personal field of every entry.
    let kept = retention_run(&app, "2027-07-10");
    assert!(stdout(&kept).contains("nothing due before 2027-07-11"), "{}", stdout(&kept));
    assert!(contains(&app.db.raw_contents().await, RUNNERS[0].1.as_bytes()), "the raw search finds what is kept");
    let erased = retention_run(&app, "2027-07-11");
    assert!(stdout(&erased).contains("erased the personal data of 3 entries (1 operator's search)"));
    let raw = app.db.raw_contents().await;
    for (given, family, email, passport, contact) in RUNNERS {
        for value in [given, family, email, passport, contact] {
            assert!(!contains(&raw, value.as_bytes()), "{value:?} is still in the database");
        }
    }
    assert!(!contains(&raw, b"1988-03-09"), "the dates of birth are gone too");
    assert!(!contains(&raw, NOTE.as_bytes()), "the operator's note to the runner is gone");
    assert_eq!(store.dashboard_counts().await.unwrap(), statistics, "the dashboard's statistics are unchanged");
    let bands = app.query_rows("SELECT age_band FROM registrations").await;
    assert!(bands.iter().all(|row| sqlx::Row::get::<String, _>(row, "age_band") == "30-39"), "born 1988: 30-39");

    // The operator sees that the entry was erased, and nothing else; the runner's link is dead.
    let (status, list) = page(&app, &operator, "/admin/entries").await;
    assert_eq!(status, 200);
    assert!(!references.iter().any(|reference| text_of(&list, "main").contains(reference.as_str())));
    let (status, entry) = page(&app, &operator, &format!("/admin/entries/{}", references[0])).await;
    assert_eq!(status, 200);
    assert!(text_of(&entry, "main").contains("personal data was erased on"), "{}", text_of(&entry, "main"));
    assert!(text_of(&entry, "main").contains("personal_data: 90 days after race day 2027-04-11"));
    assert_eq!(app.get(&a_status_page).await.status().as_u16(), 404, "the status link no longer opens");
    let audit = app.query_rows("SELECT detail FROM operator_audit WHERE action = 'retention_run'").await;
    assert_eq!(audit.len(), 2, "each run that erased something is audited, once");

    // A second run changes nothing.
    let before = snapshot(&app).await;
    let again = retention_run(&app, "2027-07-12");
    assert!(stdout(&again).contains("erased the personal data of 0 entries"), "{}", stdout(&again));
    assert_eq!(snapshot(&app).await, before, "a second run changed something");
}

#[tokio::test]
async fn a_run_killed_midway_is_finished_by_the_next_and_erases_each_entry_once() {
    let app = spawn_app().await;
    const ENTRIES: usize = 60;
    for n in 0..ENTRIES {
        register(&app, json!({"passport_number": format!("KL{n:07}"), "email": format!("runner{n}@example.org")}))
            .await;
    }
    let mut run = Command::new(env!("CARGO_BIN_EXE_pim"))
        .args(["retention", "run", "--database", app.db.url(), "--as-of", "2027-07-11", "--batch-size", "1"])
        .env("PIM_DATA_KEY", data_key_text())
        .env_remove("PIM_POLICY")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start pim retention run");
    let mut progress = BufReader::new(run.stderr.take().unwrap());
    let mut line = String::new();
    progress.read_line(&mut line).unwrap();
    assert!(line.contains("personal_data: erased 1 entry"), "{line}");
    run.kill().expect("kill -9 the run");
    run.wait().unwrap();
    let erased = |rows: Vec<sqlx::any::AnyRow>| rows.len();
    let partly = erased(app.query_rows("SELECT id FROM registrations WHERE erased_at IS NOT NULL").await);
    assert!((1..ENTRIES).contains(&partly), "the killed run erased {partly} of {ENTRIES}: not midway");

    let finished = retention_run(&app, "2027-07-11");
    let left = ENTRIES - partly;
    let expected = format!("erased the personal data of {left} {}", if left == 1 { "entry" } else { "entries" });
    assert!(stdout(&finished).contains(&expected), "{}", stdout(&finished));
    assert_eq!(erased(app.query_rows("SELECT id FROM registrations WHERE erased_at IS NOT NULL").await), ENTRIES);
    let lines = app.query_rows("SELECT id FROM audit_log WHERE action = 'personal_data_erased'").await;
    assert_eq!(lines.len(), ENTRIES, "each entry erased once, whichever run did it");
    let raw = app.db.raw_contents().await;
    assert!(!contains(&raw, b"runner7@example.org") && !contains(&raw, b"Anna"), "nothing personal is left");
}

#[tokio::test]
async fn the_file_mailers_copies_of_emails_are_deleted_with_the_personal_data() {
    let app = spawn_app().await;
    let folder = crate::app::fresh_dir("retention-mail");
    std::fs::create_dir_all(&folder).unwrap();
    let sent = folder.join("sent-before.eml");
    let later = folder.join("written-after.eml");
    let other = folder.join("notes.txt");
    for path in [&sent, &later, &other] {
        std::fs::write(path, "To: w.quarterbridge@example.org\r\n\r\nDear Wilhelmina").unwrap();
    }
    // Written after the erasure day (the next edition's emails): kept.
    let after_erasure_day = std::time::SystemTime::from(time::macros::datetime!(2027-07-12 00:00 UTC));
    std::fs::File::options().write(true).open(&later).unwrap().set_modified(after_erasure_day).unwrap();
    let run = |as_of: &str| {
        let args = ["retention", "run", "--database", app.db.url(), "--as-of", as_of, "--mail-dir"];
        let output = pim(&[&args[..], &[folder.to_str().unwrap()]].concat(), "");
        assert!(output.status.success(), "{}", stderr(&output));
        output
    };
    run("2027-07-10");
    assert!(sent.exists(), "kept until the personal data's rule");
    let output = run("2027-07-11");
    assert!(stdout(&output).contains("deleted 1 .eml file written before 2027-07-11"), "{}", stdout(&output));
    assert!(!sent.exists() && later.exists() && other.exists());
}
