//! A lost status link: `/registrations/recover` emails a new one, telling nobody whether
//! an entry exists, and cannot be used to flood an inbox.

use scraper::Html;
use sqlx::Row;

use crate::app::{TestApp, attr_of, spawn_app, text_of, valid_fields};

async fn ask(app: &TestApp, email: &str, reference: &str) -> (u16, Html) {
    let (_, form) = app.get_html("/registrations/recover").await;
    let csrf = attr_of(&form, "input[name=csrf_token]", "value");
    let fields = [("csrf_token", csrf.as_str()), ("email", email), ("reference", reference)];
    let response = app.client.post(app.url("/registrations/recover")).form(&fields).send().await.unwrap();
    let status = response.status().as_u16();
    (status, Html::parse_document(&response.text().await.unwrap()))
}

/// The status links emailed by the recovery, oldest first.
async fn links_sent(app: &TestApp) -> Vec<String> {
    let rows = app.query_rows("SELECT payload FROM outbox WHERE kind = 'status_link' ORDER BY id").await;
    rows.iter()
        .map(|row| {
            let payload: serde_json::Value = serde_json::from_str(&row.get::<String, _>("payload")).unwrap();
            let url = payload["status_url"].as_str().unwrap();
            url[url.find("/registrations/").unwrap()..].to_owned()
        })
        .collect()
}

async fn registered(app: &TestApp) -> (String, String) {
    let (_, confirmation) = app.follow(app.register(&valid_fields()).await).await;
    let status_link = attr_of(&confirmation, "a[href^='/registrations/']", "href");
    (status_link, text_of(&confirmation, ".reference"))
}

#[tokio::test]
async fn a_known_and_an_unknown_address_get_the_same_answer_and_only_the_known_one_a_new_link() {
    let app = spawn_app().await;
    let (old_link, reference) = registered(&app).await;
    let email = valid_fields().into_iter().find(|(k, _)| *k == "email").unwrap().1;

    let (known_status, known) = ask(&app, &email.to_uppercase(), "").await;
    let (unknown_status, unknown) = ask(&app, "nobody@example.org", "").await;
    assert_eq!((known_status, unknown_status), (200, 200));
    let said = |page: &Html, address: &str| text_of(page, "main").replace(address, "ADDRESS");
    assert_eq!(said(&known, &email.to_uppercase()), said(&unknown, "nobody@example.org"), "the same answer");
    assert_eq!(text_of(&known, "h1"), "Check your email");

    let links = links_sent(&app).await;
    assert_eq!(links.len(), 1, "one email, to the known address");
    let (status, page) = app.get_html(&links[0]).await;
    assert_eq!((status, text_of(&page, ".reference")), (200, reference.clone()), "the new link works");
    assert_eq!(app.get_html(&old_link).await.0, 404, "the old link no longer does");
    let trail = app.query_rows("SELECT action FROM audit_log WHERE action = 'status_link_sent'").await;
    assert_eq!(trail.len(), 1, "audited");

    // With the reference: only that entry; with another reference: nothing.
    assert_eq!(ask(&app, &email, &reference).await.0, 200);
    assert_eq!(ask(&app, &email, "PIM-AAAA-2222").await.0, 200);
    assert_eq!(links_sent(&app).await.len(), 2);
}

#[tokio::test]
async fn one_address_gets_at_most_three_links_a_day_and_the_page_still_says_the_same() {
    let app = spawn_app().await;
    registered(&app).await;
    let email = valid_fields().into_iter().find(|(k, _)| *k == "email").unwrap().1;
    for _ in 0..4 {
        let (status, page) = ask(&app, &email, "").await;
        assert_eq!((status, text_of(&page, "h1").as_str()), (200, "Check your email"));
    }
    assert_eq!(links_sent(&app).await.len(), 3, "the inbox is not flooded");
    app.advance(std::time::Duration::from_secs(25 * 3600));
    // A day later the address's allowance is whole again.
    assert_eq!(ask(&app, &email, "").await.0, 200);
    assert_eq!(links_sent(&app).await.len(), 4);
}

#[tokio::test]
async fn one_connection_asking_again_and_again_is_told_to_wait() {
    let app = spawn_app().await;
    let mut answers = Vec::new();
    for n in 0..6 {
        answers.push(ask(&app, &format!("runner{n}@example.org"), "").await.0);
    }
    assert_eq!(answers, [200, 200, 200, 200, 200, 429]);
}

#[tokio::test]
async fn a_mistyped_address_or_reference_is_explained_and_nothing_is_sent() {
    let app = spawn_app().await;
    registered(&app).await;
    let (status, page) = ask(&app, "not an address", "PIM-1").await;
    assert_eq!(status, 422);
    assert!(text_of(&page, "#email-error").contains("Enter the email address you registered with"));
    assert!(text_of(&page, "#reference-error").contains("PIM-ABCD-2345"));
    assert_eq!(attr_of(&page, "input[name=email]", "value"), "not an address", "what was typed is kept");
    assert!(links_sent(&app).await.is_empty());
    // The form links here.
    let (_, form) = app.get_html("/register").await;
    assert_eq!(attr_of(&form, "a[href='/registrations/recover']", "href"), "/registrations/recover");
}
