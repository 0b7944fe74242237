//! Nothing personal in the log stream: a registration through the form and the API, its
//! status page, its confirmation link, its emails and an upload, with `pim serve` logging
//! at debug level, leave no name, email, passport number or link secret in what it logged.

use std::io::Read;
use std::process::Command;

use scraper::Html;
use serde_json::{Value, json};

use crate::app::{attr_of, fresh_database, valid_fields};

const GIVEN_NAME: &str = "Quillonette";
const FAMILY_NAME: &str = "Vandersnoot";
const EMAIL: &str = "quillonette.vandersnoot@example.org";
const PASSPORT: &str = "QX7733119";
const API_PASSPORT: &str = "QX7733120";

#[tokio::test]
async fn a_registration_leaves_nothing_personal_in_the_debug_log() {
    let db = fresh_database("log-privacy").await;
    let serve = crate::helpers::start_pim_serve_logging(db.url(), &[], "debug");
    let crate::helpers::PimServe { mut child, url, started_log, mut log, .. } = serve;
    let client =
        reqwest::Client::builder().cookie_store(true).redirect(reqwest::redirect::Policy::none()).build().unwrap();

    // Through the form.
    let form = Html::parse_document(&client.get(format!("{url}/register")).send().await.unwrap().text().await.unwrap());
    let mut fields: Vec<(String, String)> = valid_fields()
        .into_iter()
        .map(|(name, value)| {
            let value = match name {
                "given_name" => GIVEN_NAME.to_owned(),
                "family_name" => FAMILY_NAME.to_owned(),
                "email" => EMAIL.to_owned(),
                "passport_number" => PASSPORT.to_owned(),
                _ => value,
            };
            (name.to_owned(), value)
        })
        .collect();
    for hidden in ["csrf_token", "submission_id"] {
        fields.push((hidden.into(), attr_of(&form, &format!("input[name={hidden}]"), "value")));
    }
    let response = client.post(format!("{url}/register")).form(&fields).send().await.unwrap();
    assert_eq!(response.status().as_u16(), 303);
    let confirmation = response.headers()["location"].to_str().unwrap().to_owned();
    let status_secret = confirmation.split('/').nth(2).unwrap().to_owned();
    let page = client.get(format!("{url}{confirmation}")).send().await.unwrap().text().await.unwrap();
    assert!(page.contains(GIVEN_NAME));
    assert_eq!(client.get(format!("{url}/registrations/{status_secret}")).send().await.unwrap().status(), 200);

    // Through the API, with the same name and address.
    let mut body: serde_json::Map<String, Value> = fields
        .iter()
        .filter(|(name, _)| !["csrf_token", "submission_id"].contains(&name.as_str()))
        .map(|(name, value)| (name.clone(), json!(value)))
        .collect();
    body.insert("consent".into(), json!(true));
    body.insert("passport_number".into(), json!(API_PASSPORT));
    let reply: Value =
        client.post(format!("{url}/api/v1/registrations")).json(&body).send().await.unwrap().json().await.unwrap();
    let api_secret = reply["status_url"].as_str().unwrap().rsplit('/').next().unwrap().to_owned();

    // A duplicate passport, refused: its message must not carry the number into the log.
    body.insert("passport_number".into(), json!(PASSPORT));
    let refused = client.post(format!("{url}/api/v1/registrations")).json(&body).send().await.unwrap();
    assert_eq!(refused.status().as_u16(), 409);

    // The emails are written (the dispatcher runs in the process), then the server stops.
    tokio::time::sleep(std::time::Duration::from_secs(3)).await;
    Command::new("kill").args(["-TERM", &child.id().to_string()]).status().unwrap();
    child.wait().unwrap();
    let mut rest = String::new();
    log.read_to_string(&mut rest).unwrap();
    let logged = started_log + &rest;
    assert!(logged.contains("DEBUG"), "the log is at debug level");
    // It says what happened (each request by its route, each statement by its SQL): what
    // it leaves out is left out on purpose.
    for route in ["route=\"/register\"", "route=\"/registrations/{token}\"", "route=\"/api/v1/registrations\""] {
        assert!(logged.contains(route), "{route} in the log");
    }
    assert!(logged.contains("db.statement="), "statements are logged, without their values");
    assert!(db.number("SELECT COUNT(*) FROM outbox WHERE status = 'sent'").await >= 2, "the emails went out");
    for secret in [GIVEN_NAME, FAMILY_NAME, EMAIL, "quillonette", PASSPORT, API_PASSPORT, &status_secret, &api_secret] {
        let line = logged.lines().find(|line| line.to_lowercase().contains(&secret.to_lowercase()));
        assert!(line.is_none(), "{secret} is in the log: {}", line.unwrap_or_default());
    }
}
