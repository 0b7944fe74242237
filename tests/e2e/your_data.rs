//! The runner's rights from the status page, over HTTP: a copy of everything held about
//! the entry, and erasure in two steps (asked for on the page, confirmed through the link
//! in the email a real SMTP server receives) that gives the place to the next runner.

use base64::Engine;
use mail_parser::MessageParser;
use pim_domain::{Organisation, document_samples};
use serde_json::{Value, json};

use crate::admin::{page, register, signed_in, status_of};
use crate::app::{OPEN_DAY, attr_of, policy_with, spawn_app, spawn_app_with, text_of};
use crate::personal_data::{contains, status_path};
use crate::retention::upload_document;
use crate::smtp::SmtpServer;

#[tokio::test]
async fn a_runner_downloads_a_copy_of_everything_held_about_the_entry_documents_included() {
    let app = spawn_app().await;
    let reference = register(
        &app,
        json!({"family_name": "Okafor-Lindqvist", "passport_number": "LQ4401882",
               "emergency_contact_name": "Ingrid Lindqvist"}),
    )
    .await;
    let status = status_path(&app).await;
    upload_document(&app).await;
    let (_, status_page) = app.get_html(&status).await;
    let link = attr_of(&status_page, "#your-data + p a", "href");
    assert_eq!(link, format!("{status}/data.json"), "the status page links to the copy");

    let response = app.get(&link).await;
    assert_eq!(response.status().as_u16(), 200);
    let disposition = response.headers()["content-disposition"].to_str().unwrap().to_owned();
    assert_eq!(disposition, format!("attachment; filename=\"pim-entry-{reference}.json\""));
    let copy: Value = response.json().await.unwrap();
    assert_eq!(copy["reference"], reference.as_str());
    assert_eq!(copy["runner"]["family_name"], "Okafor-Lindqvist");
    assert_eq!(copy["runner"]["passport_number"], "LQ4401882", "the whole number: it is the runner's own");
    assert_eq!(copy["runner"]["emergency_contact_name"], "Ingrid Lindqvist");
    assert_eq!(copy["runner"]["date_of_birth"], "1988-03-09");
    let document = &copy["documents"][0];
    assert_eq!(document["kind"], "passport_data_page");
    let bytes = base64::engine::general_purpose::STANDARD.decode(document["content_base64"].as_str().unwrap()).unwrap();
    assert_eq!(bytes, document_samples::pdf(), "the document as uploaded");
    let actions: Vec<&str> =
        copy["history"].as_array().unwrap().iter().map(|l| l["action"].as_str().unwrap()).collect();
    assert!(actions.starts_with(&["submitted", "document_uploaded"]), "{actions:?}");
    assert_eq!(copy["emails"][0]["kind"], "registration_received");

    // Someone without the status link gets nothing.
    assert_eq!(app.get("/registrations/AAAAAAAAAAAAAAAAAAAAAAAAAA/data.json").await.status().as_u16(), 404);
}

#[tokio::test]
async fn a_runner_erases_the_entry_in_two_steps_and_its_place_goes_to_the_next_runner_waiting() {
    let policy = policy_with("licensed_operator = { total = 500 }", "licensed_operator = { total = 1 }");
    let app = spawn_app_with(policy, OPEN_DAY).await;
    let erased = register(
        &app,
        json!({"given_name": "Philippa", "family_name": "Drummond-Achebe", "passport_number": "DA1029384",
               "email": "philippa.da@example.org"}),
    )
    .await;
    let status = status_path(&app).await;
    let waiting = register(&app, json!({"passport_number": "WT5550001", "email": "waiting@example.org"})).await;
    assert_eq!(status_of(&app, &waiting).await, "waitlisted");

    // First step, without the box ticked: refused, nothing asked for.
    let (_, page_before) = app.get_html(&status).await;
    let csrf = attr_of(&page_before, "form.erasure input[name=csrf_token]", "value");
    let ask = |confirm: &'static str| {
        let form = [("csrf_token", csrf.clone()), ("confirm", confirm.to_owned())];
        app.client.post(app.url(&format!("{status}/erasure"))).form(&form).send()
    };
    let refused = ask("").await.unwrap();
    assert_eq!(refused.status().as_u16(), 422);
    assert!(refused.text().await.unwrap().contains("Tick the box"));
    // With it: an email with the link, and nothing erased yet.
    let asked = ask("yes").await.unwrap();
    assert_eq!(asked.status().as_u16(), 200);
    assert!(asked.text().await.unwrap().contains("We have emailed you a link to confirm the erasure"));
    assert_eq!(app.stored_entry(&erased).await.line.family_name, "Drummond-Achebe", "not erased yet");

    let smtp = SmtpServer::start(0);
    let dispatcher = crate::email::dispatcher(&app, &smtp.url(), crate::email::settings()).await;
    dispatcher.dispatch_all_due().await.unwrap();
    let received = smtp.received();
    let email = received
        .iter()
        .map(|raw| MessageParser::default().parse(raw).unwrap())
        .find(|message| message.subject().unwrap_or_default().contains("confirm the erasure"))
        .expect("the erasure email arrived");
    assert_eq!(email.to().unwrap().first().unwrap().address(), Some("philippa.da@example.org"));
    let text = email.body_text(0).unwrap().into_owned();
    let link = text.lines().find(|line| line.contains("/erasure/")).expect("the link").trim().to_owned();
    let link_path = &link[link.find("/erasure/").unwrap()..];

    // Second step: the link's page, then its button.
    let (status_code, confirm_page) = app.get_html(link_path).await;
    assert_eq!(status_code, 200);
    assert!(text_of(&confirm_page, "main").contains("Your entry holds a place: it goes to the next runner waiting."));
    let form = [("csrf_token", attr_of(&confirm_page, "input[name=csrf_token]", "value"))];
    let done = app.client.post(app.url(link_path)).form(&form).send().await.unwrap();
    assert_eq!(done.status().as_u16(), 200);
    assert!(done.text().await.unwrap().contains("Your entry is erased"));

    // The place went to the runner waiting; the erased entry's links are dead.
    assert_eq!(status_of(&app, &waiting).await, "submitted", "promoted through the quota engine");
    assert_eq!(status_of(&app, &erased).await, "withdrawn");
    assert_eq!(app.get(&status).await.status().as_u16(), 404, "the status link no longer opens");
    assert_eq!(app.get(link_path).await.status().as_u16(), 404, "the erasure link works once");
    let raw = app.db.raw_contents().await;
    for value in ["Philippa", "Drummond-Achebe", "philippa.da@example.org"] {
        assert!(!contains(&raw, value.as_bytes()), "{value} is still in the database");
    }

    // The operator sees that it was erased at the runner's request, and nothing else.
    let koryo = signed_in(&app, "k@koryo.example", Organisation::LicensedOperator).await;
    let (status_code, entry) = page(&app, &koryo, &format!("/admin/entries/{erased}")).await;
    assert_eq!(status_code, 200);
    let shown = text_of(&entry, "main");
    assert!(shown.contains("This entry was erased at the runner's request on"), "{shown}");
    assert!(!shown.contains("Philippa") && !shown.contains("DA1029384"));
    let (_, list) = page(&app, &koryo, "/admin/entries").await;
    assert!(!text_of(&list, "main").contains(erased.as_str()) && text_of(&list, "main").contains(waiting.as_str()));
}
