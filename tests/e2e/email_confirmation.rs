//! Places go to runners who can be reached: an entry whose email address is not confirmed
//! through the link in its confirmation email within the policy's hours lapses, and its
//! place goes to the first entry waiting.

use std::time::Duration;

use pim_domain::Policy;
use scraper::Html;
use serde_json::Value;

use crate::app::{TestApp, attr_of, policy_with, spawn_app_with, text_of, valid_fields};

const ONE_PLACE: (&str, &str) = ("licensed_operator = { total = 500 }", "licensed_operator = { total = 1 }");

fn one_place_policy() -> Policy {
    policy_with(ONE_PLACE.0, ONE_PLACE.1)
}

/// Registers through the API; returns the reply (reference, status, status_url).
async fn register(app: &TestApp, passport: &str) -> Value {
    let mut body: serde_json::Map<String, Value> =
        valid_fields().into_iter().map(|(k, v)| (k.to_owned(), Value::String(v))).collect();
    body.insert("consent".into(), Value::Bool(true));
    body.insert("passport_number".into(), passport.into());
    let response = app.client.post(app.url("/api/v1/registrations")).json(&body).send().await.unwrap();
    assert_eq!(response.status().as_u16(), 201);
    response.json().await.unwrap()
}

/// The confirmation link of the entry `reference`, from its queued email.
async fn confirmation_link(app: &TestApp, reference: &str) -> String {
    let rows = app
        .query_rows(&format!(
            "SELECT o.payload FROM outbox o JOIN registrations r ON r.id = o.registration_id \
             WHERE r.reference = '{reference}' ORDER BY o.id"
        ))
        .await;
    let payload: String = sqlx::Row::get(&rows[0], "payload");
    let payload: Value = serde_json::from_str(&payload).unwrap();
    payload["confirm_email_url"].as_str().expect("the email carries a confirmation link").to_owned()
}

/// Opens a confirmation link as a runner does and presses its button; returns the page
/// the button leads to (or the link's own page when it offers no button).
pub async fn confirm_through(app: &TestApp, link: &str) -> String {
    let path = link.trim_start_matches(&app.address);
    let response = app.get(path).await;
    let page = Html::parse_document(&response.text().await.unwrap());
    let Some(csrf) =
        crate::app::select(&page, "form input[name=csrf_token]").first().and_then(|i| i.value().attr("value"))
    else {
        return page.html();
    };
    let form = [("csrf_token", csrf)];
    let response = app.client.post(app.url(path)).form(&form).send().await.unwrap();
    assert_eq!(response.status().as_u16(), 200);
    response.text().await.unwrap()
}

async fn status_of(app: &TestApp, reference: &str) -> String {
    let rows = app.query_rows(&format!("SELECT status FROM registrations WHERE reference = '{reference}'")).await;
    sqlx::Row::get(&rows[0], "status")
}

async fn lapse_now(app: &TestApp) -> Vec<String> {
    let store = app.open_store().await;
    let lapsed = store.lapse_unconfirmed(&one_place_policy(), app.now(), 100).await.unwrap();
    lapsed.iter().map(|reference| reference.as_str().to_owned()).collect()
}

#[tokio::test]
async fn an_unconfirmed_entry_lapses_after_the_policys_hours_and_the_first_waiting_entry_takes_its_place() {
    let app = spawn_app_with(one_place_policy(), crate::app::OPEN_DAY).await;
    let first = register(&app, "E5000001").await;
    let waiting = register(&app, "E5000002").await;
    let (first_ref, waiting_ref) = (first["reference"].as_str().unwrap(), waiting["reference"].as_str().unwrap());
    assert_eq!(waiting["status"], "waitlisted");
    // The runner waiting confirms; the one holding the place does not.
    let page = confirm_through(&app, &confirmation_link(&app, waiting_ref).await).await;
    assert!(page.contains("Your email address is confirmed"), "{page}");

    app.advance(Duration::from_secs(47 * 3600));
    assert!(lapse_now(&app).await.is_empty(), "nothing lapses before the 48 hours");
    app.advance(Duration::from_secs(2 * 3600));
    assert_eq!(lapse_now(&app).await, [first_ref]);
    assert_eq!(status_of(&app, first_ref).await, "withdrawn");
    assert_eq!(status_of(&app, waiting_ref).await, "submitted", "the first waiting takes the place");
    let promoted = app
        .query_rows(&format!(
            "SELECT o.kind FROM outbox o JOIN registrations r ON r.id = o.registration_id \
             WHERE r.reference = '{waiting_ref}' AND o.kind = 'promoted'"
        ))
        .await;
    assert_eq!(promoted.len(), 1, "and is emailed so");
    assert!(lapse_now(&app).await.is_empty(), "a lapse happens once");

    // The runner whose entry lapsed reads why, on the status page and behind the old link.
    let status_path = first["status_url"].as_str().unwrap().trim_start_matches(&app.address).to_owned();
    let (status, page) = app.get_html(&status_path).await;
    assert_eq!(status, 200);
    assert!(text_of(&page, ".status").starts_with("Lapsed"), "{}", text_of(&page, ".status"));
    assert!(text_of(&page, ".email-confirmation").contains("was not confirmed by 23 November 2026"));
    assert!(attr_of(&page, "form.withdraw", "action").is_empty(), "nothing left to withdraw");
    let page = confirm_through(&app, &confirmation_link(&app, first_ref).await).await;
    assert!(page.contains("This entry has lapsed"), "{page}");
    assert_eq!(status_of(&app, first_ref).await, "withdrawn", "a late click changes nothing");
}

#[tokio::test]
async fn a_confirmed_entry_keeps_its_place_and_the_runner_is_told_what_to_do_until_then() {
    let app = spawn_app_with(one_place_policy(), crate::app::OPEN_DAY).await;
    // The form's confirmation page says what to do and by when.
    let response = app.register(&valid_fields()).await;
    let (_, confirmation) = app.follow(response).await;
    let note = text_of(&confirmation, ".email-confirmation");
    assert!(note.contains("Now confirm your email address, by 23 November 2026 at 12:00 (UTC+09:00)"), "{note}");
    let reference = text_of(&confirmation, ".reference");
    let status_path = attr_of(&confirmation, "a[href^='/registrations/']", "href");
    let (_, status) = app.get_html(&status_path).await;
    assert_eq!(text_of(&status, "dd.email-confirmation"), "not confirmed yet");
    // The page's title is its title: the withdrawal form once rendered into it.
    assert!(text_of(&status, "title").starts_with("Your registration"), "{}", text_of(&status, "title"));
    assert!(!text_of(&status, "title").contains("Withdraw"));

    let link = confirmation_link(&app, &reference).await;
    // Opening the link alone (as a mail scanner does) confirms nothing: the button does.
    let (_, page) = app.get_html(link.trim_start_matches(&app.address)).await;
    assert_eq!(text_of(&page, "h1"), "Confirm your email address");
    assert_eq!(status_of(&app, &reference).await, "submitted");
    let page = confirm_through(&app, &link).await;
    assert!(page.contains("Your email address is confirmed"), "{page}");
    let page = confirm_through(&app, &link).await;
    assert!(page.contains("Your email address is confirmed"), "a second click says the same: {page}");

    app.advance(Duration::from_secs(72 * 3600));
    assert!(lapse_now(&app).await.is_empty());
    assert_eq!(status_of(&app, &reference).await, "submitted", "the place is kept");
    let (_, status) = app.get_html(&status_path).await;
    assert!(text_of(&status, "dd.email-confirmation").starts_with("confirmed on 21 November 2026"));

    let (status, page) = app.get_html("/confirm-email/ABCDEFGHJKLMNPQRSTUVWXYZ23").await;
    assert_eq!((status, text_of(&page, "h1").as_str()), (404, "This link is not valid"));
}
