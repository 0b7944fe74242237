//! The JSON API, over HTTP.

use serde_json::{Value, json};

use crate::app::{spawn_app, valid_fields};

fn valid_body() -> Value {
    let mut body: serde_json::Map<String, Value> =
        valid_fields().into_iter().map(|(k, v)| (k.to_owned(), Value::String(v))).collect();
    body.insert("consent".into(), Value::Bool(true));
    Value::Object(body)
}

async fn post(app: &crate::app::TestApp, path: &str, body: &Value) -> (u16, Value) {
    let response = app.client.post(app.url(path)).json(body).send().await.unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap())
}

#[tokio::test]
async fn a_registration_through_the_api_is_created_with_its_status_link() {
    let app = spawn_app().await;
    let (status, reply) = post(&app, "/api/v1/registrations", &valid_body()).await;
    assert_eq!(status, 201, "{reply}");
    assert_eq!(reply["outcome"], "routed");
    assert_eq!(reply["channel"], "licensed_operator");
    assert_eq!(reply["rule"], "licensed_operator_default");
    assert_eq!(reply["status"], "submitted");
    assert_eq!(reply["waitlist_position"], serde_json::Value::Null);
    assert!(reply["reference"].as_str().unwrap().starts_with("PIM-"));
    let status_url = reply["status_url"].as_str().unwrap();
    assert!(status_url.starts_with(&app.address));
    assert_eq!(reply["confirm_email_within_hours"], 48);
    assert_eq!(app.client.get(status_url).send().await.unwrap().status().as_u16(), 200);
    assert_eq!(app.count_registrations().await, 1);

    let (status, reply) = post(&app, "/api/v1/registrations", &valid_body()).await;
    assert_eq!((status, reply["outcome"].as_str()), (409, Some("duplicate")));
    assert_eq!(app.count_registrations().await, 1);
}

#[tokio::test]
async fn implausible_values_are_refused_beside_their_fields_and_nothing_is_stored() {
    let app = spawn_app().await;
    let elite = |changes: Value| {
        let mut body = valid_body();
        for (key, value) in [
            ("category", "elite"),
            ("distance", "full"),
            ("sex", "male"),
            ("qualifying_time", "2:08:00"),
            ("qualifying_date", "2026-10-12"),
            ("qualifying_race", "Berlin Marathon"),
            ("qualifying_evidence_url", "https://results.example.org/berlin"),
        ] {
            body[key] = json!(value);
        }
        for (key, value) in changes.as_object().unwrap() {
            body[key] = value.clone();
        }
        body
    };
    for (changes, field, message) in [
        (
            json!({"date_of_birth": "1899-12-31"}),
            "date_of_birth",
            "A date of birth before 1900 cannot be right: check the year.",
        ),
        (
            json!({"passport_expiry": "2042-04-12"}),
            "passport_expiry",
            "No passport is valid for more than 15 years: check the year of the expiry date.",
        ),
        (
            json!({"qualifying_time": "1:58:00"}),
            "qualifying_time",
            "1:58:00 would be faster than the world record (2:00:35): check the time you typed.",
        ),
        (
            json!({"qualifying_time": "12:00", "distance": "5k", "sex": "female"}),
            "qualifying_time",
            "12:00 would be faster than the world record (13:54): check the time you typed.",
        ),
    ] {
        let (status, reply) = post(&app, "/api/v1/registrations", &elite(changes.clone())).await;
        assert_eq!(status, 422, "{changes}: {reply}");
        assert_eq!(reply["errors"][field], json!([message]), "{changes}: {reply}");
    }
    assert_eq!(app.count_registrations().await, 0);

    // At the edges the values stand: born in 1900, a passport of exactly 15 years, the record itself.
    let (status, reply) = post(
        &app,
        "/api/v1/registrations",
        &elite(json!({"date_of_birth": "1900-01-01", "passport_expiry": "2042-04-11", "qualifying_time": "2:00:35"})),
    )
    .await;
    assert_eq!(status, 201, "{reply}");
}

#[tokio::test]
async fn bad_fields_and_ineligible_applicants_get_422_with_reasons() {
    let app = spawn_app().await;
    let mut body = valid_body();
    body["nationality"] = json!("XX");
    body["email"] = json!("nope");
    body["consent"] = json!(false);
    let (status, reply) = post(&app, "/api/v1/registrations", &body).await;
    assert_eq!(status, 422);
    assert_eq!(reply["outcome"], "invalid");
    let fields: Vec<&str> = reply["errors"].as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(fields, ["consent", "email", "nationality"]);

    let mut body = valid_body();
    body["nationality"] = json!("US");
    let (status, reply) = post(&app, "/api/v1/registrations", &body).await;
    assert_eq!(status, 422);
    assert_eq!(reply["outcome"], "ineligible");
    assert_eq!(reply["reason"], "nationality_not_handled");
    assert!(reply["explanation"].as_str().unwrap().contains("United States"));

    let response = app
        .client
        .post(app.url("/api/v1/registrations"))
        .body("{not json")
        .header("content-type", "application/json")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 400);
    assert_eq!(response.json::<Value>().await.unwrap()["outcome"], "invalid");
    assert_eq!(app.count_registrations().await, 0);
}

#[tokio::test]
async fn the_routing_preview_answers_like_pim_route_and_stores_nothing() {
    let app = spawn_app().await;
    let question = json!({"nationality": "HK", "category": "amateur", "distance": "10k", "sex": "female", "date_of_birth": "1992-07-07"});
    let (status, reply) = post(&app, "/api/v1/routing/preview", &question).await;
    assert_eq!(status, 200);
    assert_eq!(
        reply,
        json!({
            "outcome": "routed",
            "channel": "licensed_operator",
            "rule": "east_southeast_asia_exception",
            "explanation": "Runners from Hong Kong register through Koryo Tours, the licensed operator, even though Hong Kong is in East Asia."
        })
    );
    let (status, reply) =
        post(&app, "/api/v1/routing/preview", &json!({"nationality": "HK", "distance": "marathon"})).await;
    assert_eq!((status, reply["outcome"].as_str()), (422, Some("invalid")));
    assert!(reply["error"].as_str().unwrap().contains("\"marathon\" is not a distance"));
    assert_eq!(app.count_registrations().await, 0);
}

#[tokio::test]
async fn the_api_refuses_registrations_outside_the_window() {
    let app = crate::app::spawn_app_at(time::macros::datetime!(2027-03-15 10:00 +09:00)).await;
    let (status, reply) = post(&app, "/api/v1/registrations", &valid_body()).await;
    assert_eq!(status, 403);
    assert_eq!(reply["outcome"], "closed");
    assert_eq!(reply["explanation"], "Applications for licensed_operator closed on 14 March 2027.");
    assert_eq!(app.count_registrations().await, 0);
}

#[tokio::test]
async fn oversized_bodies_are_refused() {
    let app = spawn_app().await;
    let mut body = valid_body();
    body["given_name"] = json!("x".repeat(100 * 1024));
    let response = app.client.post(app.url("/api/v1/registrations")).json(&body).send().await.unwrap();
    assert_eq!(response.status().as_u16(), 413);
    assert_eq!(app.count_registrations().await, 0);
}

#[tokio::test]
async fn one_passport_number_holds_one_active_entry_whatever_the_nationality_it_is_entered_under() {
    let app = spawn_app().await;
    let (status, reply) = post(&app, "/api/v1/registrations", &valid_body()).await;
    assert_eq!((status, reply["channel"].as_str()), (201, Some("licensed_operator")));

    // The same number, typed otherwise, under a nationality that routes elsewhere.
    let mut other = valid_body();
    other["nationality"] = json!("CN");
    other["passport_number"] = json!("c01x-00 t47");
    let (status, reply) = post(&app, "/api/v1/registrations", &other).await;
    assert_eq!((status, reply["outcome"].as_str()), (409, Some("duplicate")), "{reply}");
    assert_eq!(app.count_registrations().await, 1);
}

#[tokio::test]
async fn a_database_failure_or_an_unknown_address_is_answered_in_json() {
    let app = spawn_app().await;
    let (status, reply) = post(&app, "/api/v1/nothing-here", &valid_body()).await;
    assert_eq!((status, reply["outcome"].as_str()), (404, Some("not_found")), "{reply}");
    assert!(reply["error"].as_str().unwrap().contains("/api/v1/registrations"), "{reply}");

    app.db.execute("ALTER TABLE registrations RENAME TO registrations_away").await;
    let (status, reply) = post(&app, "/api/v1/registrations", &valid_body()).await;
    assert_eq!((status, reply["outcome"].as_str()), (503, Some("error")), "{reply}");
    assert!(reply["error"].as_str().unwrap().contains("nothing was saved"), "{reply}");
    app.db.execute("ALTER TABLE registrations_away RENAME TO registrations").await;
    assert_eq!(post(&app, "/api/v1/registrations", &valid_body()).await.0, 201, "and saved once it answers");
}

async fn post_with_key(app: &crate::app::TestApp, key: &str, body: &Value) -> (u16, Option<String>, Value) {
    let response = app
        .client
        .post(app.url("/api/v1/registrations"))
        .header("Idempotency-Key", key)
        .json(body)
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    let replayed = response.headers().get("idempotent-replayed").map(|v| v.to_str().unwrap().to_owned());
    (status, replayed, response.json().await.unwrap())
}

/// The path of a reply's status link.
fn status_path(reply: &Value) -> String {
    let url = reply["status_url"].as_str().unwrap();
    url[url.find("/registrations/").unwrap()..].to_owned()
}

#[tokio::test]
async fn a_retry_with_the_same_idempotency_key_finds_the_same_entry_and_stores_nothing_new() {
    let app = crate::app::spawn_app().await;
    let key = "c0ffee00-1111-4222-8333-444455556666";
    // Two identical requests at the same moment (a client that timed out and retried).
    let body = valid_body();
    let (first, second) = tokio::join!(post_with_key(&app, key, &body), post_with_key(&app, key, &body));
    assert_eq!((first.0, second.0), (201, 201), "{} {}", first.2, second.2);
    assert_eq!(first.2["reference"], second.2["reference"]);
    assert_eq!(
        (first.2["channel"].clone(), first.2["status"].clone()),
        (second.2["channel"].clone(), second.2["status"].clone())
    );
    assert_eq!(app.count_registrations().await, 1, "one entry");
    let replays = [&first.1, &second.1].iter().filter(|r| r.as_deref() == Some("true")).count();
    assert_eq!(replays, 1, "one answer says it is a replay");
    for reply in [&first.2, &second.2] {
        let (status, page) = app.get_html(&status_path(reply)).await;
        assert_eq!(status, 200, "the status link works");
        assert_eq!(crate::app::text_of(&page, ".reference"), reply["reference"].as_str().unwrap());
    }

    // A later retry: the same entry again.
    let (status, replayed, again) = post_with_key(&app, key, &valid_body()).await;
    assert_eq!((status, replayed.as_deref(), &again["reference"]), (201, Some("true"), &first.2["reference"]));

    // The same key with another body: refused, nothing stored.
    let mut other = valid_body();
    other["passport_number"] = json!("X1234567");
    let (status, _, refused) = post_with_key(&app, key, &other).await;
    assert_eq!((status, refused["outcome"].as_str()), (422, Some("idempotency_key_reused")), "{refused}");
    assert!(refused["error"].as_str().unwrap().contains("nothing was saved"), "{refused}");
    assert_eq!(app.count_registrations().await, 1);

    // A day later the key is forgotten: it may start a new request.
    app.advance(std::time::Duration::from_secs(25 * 3600));
    let (status, replayed, new) = post_with_key(&app, key, &other).await;
    assert_eq!((status, replayed), (201, None), "{new}");
    assert_ne!(new["reference"], first.2["reference"]);
    assert_eq!(app.count_registrations().await, 2);
}

#[tokio::test]
async fn an_unusable_idempotency_key_is_refused_and_nothing_is_stored() {
    let app = crate::app::spawn_app().await;
    for key in ["", "has spaces in it", &"k".repeat(256)] {
        let (status, _, reply) = post_with_key(&app, key, &valid_body()).await;
        assert_eq!((status, reply["outcome"].as_str()), (422, Some("invalid")), "{key:?}: {reply}");
        assert!(reply["error"].as_str().unwrap().contains("Idempotency-Key"), "{reply}");
    }
    assert_eq!(app.count_registrations().await, 0);
    // Without a key, two identical requests are two attempts: the second is a duplicate passport.
    assert_eq!(post(&app, "/api/v1/registrations", &valid_body()).await.0, 201);
    assert_eq!(post(&app, "/api/v1/registrations", &valid_body()).await.0, 409);
}

#[tokio::test]
async fn a_request_refused_for_what_it_says_leaves_its_idempotency_key_free_for_the_corrected_one() {
    let app = crate::app::spawn_app().await;
    let key = "2b0e7a52-8f6d-4c1a-9d3e-5f4a3b2c1d0e";
    let mut mistyped = valid_body();
    mistyped["distance"] = json!("marathon");
    let (status, _, reply) = post_with_key(&app, key, &mistyped).await;
    assert_eq!((status, reply["outcome"].as_str()), (422, Some("invalid")), "{reply}");
    let (status, replayed, reply) = post_with_key(&app, key, &valid_body()).await;
    assert_eq!((status, replayed), (201, None), "the corrected request is taken: {reply}");
    assert_eq!(app.count_registrations().await, 1);
    // Once an entry is stored, the key is bound to it.
    let (status, _, reply) = post_with_key(&app, key, &mistyped).await;
    assert_eq!((status, reply["outcome"].as_str()), (422, Some("idempotency_key_reused")), "{reply}");
}
