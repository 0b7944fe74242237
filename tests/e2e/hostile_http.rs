//! A catalogue of hostile requests, as a fuzzer or an attacker sends them, to the API, the
//! form and the HTTP layer beneath them: each is refused with a 4xx that says why,
//! nothing is stored, nothing panics, and the server goes on answering.

use std::time::Duration;

use serde_json::{Value, json};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

use crate::app::{TestApp, spawn_app, valid_fields};

fn valid_json() -> serde_json::Map<String, Value> {
    let mut body: serde_json::Map<String, Value> =
        valid_fields().into_iter().map(|(k, v)| (k.to_owned(), Value::String(v))).collect();
    body.insert("consent".into(), Value::Bool(true));
    body
}

/// The valid registration with `field` set to `value`.
fn json_with(field: &str, value: Value) -> Vec<u8> {
    let mut body = valid_json();
    body.insert(field.to_owned(), value);
    serde_json::to_vec(&body).unwrap()
}

/// A valid elite registration, but with `field` set to `value`.
fn elite_with(field: &str, value: Value) -> Vec<u8> {
    let mut body = valid_json();
    for (key, good) in [
        ("category", "elite"),
        ("distance", "marathon"),
        ("qualifying_time", "2:20:00"),
        ("qualifying_date", "2026-04-06"),
    ] {
        body.insert(key.to_owned(), json!(good));
    }
    body.insert(field.to_owned(), value);
    serde_json::to_vec(&body).unwrap()
}

/// The valid registration without `field`.
fn json_without(field: &str) -> Vec<u8> {
    let mut body = valid_json();
    body.remove(field);
    serde_json::to_vec(&body).unwrap()
}

/// The server still answers, and has stored nothing.
async fn assert_unharmed(app: &TestApp) {
    assert_eq!(app.get("/healthz").await.status().as_u16(), 200, "the server still answers");
    assert_eq!(app.count_registrations().await, 0, "nothing was stored");
}

#[tokio::test]
async fn hostile_json_bodies_are_refused_with_a_4xx_saying_why_and_nothing_is_stored() {
    let app = spawn_app().await;
    let valid = serde_json::to_string(&valid_json()).unwrap();
    let duplicated = valid.replacen('{', r#"{"passport_number":"X0000001","#, 1);
    let deep = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
    let catalogue: Vec<(&str, &str, Vec<u8>, u16)> = vec![
        ("an oversized body", "application/json", json_with("given_name", json!("a".repeat(200_000))), 413),
        (
            "text that is not UTF-8",
            "application/json",
            json_with("given_name", json!("An")).replace_first(b"An", b"\xFFn"),
            400,
        ),
        ("a field given twice", "application/json", duplicated.into_bytes(), 422),
        ("a missing passport", "application/json", json_without("passport_number"), 422),
        ("a missing everything", "application/json", b"{}".to_vec(), 422),
        ("an empty body", "application/json", Vec::new(), 400),
        ("a JSON array", "application/json", b"[1,2,3]".to_vec(), 422),
        ("JSON nested 10,000 deep", "application/json", deep.into_bytes(), 422),
        ("a truncated body", "application/json", valid.as_bytes()[..valid.len() / 2].to_vec(), 400),
        ("a number for a name", "application/json", json_with("given_name", json!(12345)), 422),
        ("an object for a date", "application/json", json_with("date_of_birth", json!({"y": 1988})), 422),
        ("a 10,000-character name", "application/json", json_with("given_name", json!("a".repeat(10_000))), 422),
        ("a line break in a name", "application/json", json_with("family_name", json!("Schmidt\r\nX-Admin: 1")), 422),
        (
            "CRLF in the email address",
            "application/json",
            json_with("email", json!("anna@example.org\r\nBcc: all@example.org")),
            422,
        ),
        (
            "two addresses in one",
            "application/json",
            json_with("email", json!("anna@example.org, all@example.org")),
            422,
        ),
        ("a NUL in the passport", "application/json", json_with("passport_number", json!("C01X\u{0}00T47")), 422),
        ("a right-to-left override in a name", "application/json", json_with("given_name", json!("\u{202E}annA")), 422),
        ("an invisible name", "application/json", json_with("given_name", json!("\u{200B}\u{200B}")), 422),
        ("year 0", "application/json", json_with("date_of_birth", json!("0000-01-01")), 422),
        ("February 30", "application/json", json_with("date_of_birth", json!("1988-02-30")), 422),
        ("a birth in the future", "application/json", json_with("date_of_birth", json!("2999-01-01")), 422),
        ("a year before 1900", "application/json", json_with("date_of_birth", json!("1850-06-01")), 422),
        ("a passport valid for a century", "application/json", json_with("passport_expiry", json!("2126-01-01")), 422),
        ("a date with a time zone", "application/json", json_with("date_of_birth", json!("1988-03-09T00:00:00Z")), 422),
        ("an absurd qualifying time", "application/json", elite_with("qualifying_time", json!("999999999:00:00")), 422),
        (
            "a qualifying date in the future",
            "application/json",
            elite_with("qualifying_date", json!("2999-01-01")),
            422,
        ),
        ("a country that does not exist", "application/json", json_with("nationality", json!("XX")), 422),
        ("form encoding sent to the JSON API", "application/x-www-form-urlencoded", b"given_name=Anna".to_vec(), 415),
        ("no content type", "", valid.clone().into_bytes(), 415),
    ];
    let mut unexpected = Vec::new();
    for (what, content_type, body, expected) in catalogue {
        let mut request = app.client.post(app.url("/api/v1/registrations")).body(body);
        if !content_type.is_empty() {
            request = request.header("content-type", content_type);
        }
        let response = request.send().await.unwrap();
        let status = response.status().as_u16();
        let text = response.text().await.unwrap();
        if status != expected || (status != 413 && text.trim().is_empty()) {
            unexpected.push(format!("{what}: {status} (expected {expected}) {text:.200}"));
        }
    }
    assert!(unexpected.is_empty(), "{unexpected:#?}");
    assert_unharmed(&app).await;
}

trait ReplaceFirst {
    fn replace_first(self, from: &[u8], to: &[u8]) -> Vec<u8>;
}

impl ReplaceFirst for Vec<u8> {
    fn replace_first(self, from: &[u8], to: &[u8]) -> Vec<u8> {
        let at = self.windows(from.len()).position(|w| w == from).expect("the bytes to replace");
        [&self[..at], to, &self[at + from.len()..]].concat()
    }
}

/// A form's answers, by field name.
type Fields = Vec<(&'static str, String)>;

#[tokio::test]
async fn hostile_forms_are_refused_with_a_4xx_beside_their_fields_and_nothing_is_stored() {
    let app = spawn_app().await;
    let encoded = |fields: &[(&str, String)]| {
        reqwest::Url::parse_with_params("http://pim/", fields).unwrap().query().unwrap().to_owned()
    };
    let with = |changes: &[(&'static str, &str)]| crate::app::with(&valid_fields(), changes);
    let oversized = format!("&qualifying_race={}", "a".repeat(100_000));
    // What is sent, what is added to the encoded form, the answer, and the field whose
    // message the form shows.
    let catalogue: Vec<(&str, Fields, &str, u16, &str)> = vec![
        ("a missing passport", with(&[("passport_number", "")]), "", 422, "passport_number"),
        ("a 10,000-character name", with(&[("given_name", &"a".repeat(10_000))]), "", 422, "given_name"),
        ("CRLF in the email address", with(&[("email", "anna@example.org\r\nBcc: all@example.org")]), "", 422, "email"),
        ("a line break in a name", with(&[("given_name", "Anna\nSchmidt")]), "", 422, "given_name"),
        ("a bidirectional override", with(&[("family_name", "\u{202E}tdimhcS")]), "", 422, "family_name"),
        ("an absurd date", with(&[("date_of_birth", "99999-99-99")]), "", 422, "date_of_birth"),
        ("a date of the year 0", with(&[("passport_expiry", "0000-00-00")]), "", 422, "passport_expiry"),
        ("a field given twice", valid_fields(), "&passport_number=X0000001", 422, ""),
        ("an oversized body", valid_fields(), &oversized, 413, ""),
    ];
    let mut unexpected = Vec::new();
    for (what, fields, extra, expected, field) in catalogue {
        let (csrf, submission) = app.open_form().await;
        let mut fields = fields;
        fields.push(("csrf_token", csrf));
        fields.push(("submission_id", submission));
        let response = app
            .client
            .post(app.url("/register"))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(format!("{}{extra}", encoded(&fields)))
            .send()
            .await
            .unwrap();
        let status = response.status().as_u16();
        let page = scraper::Html::parse_document(&response.text().await.unwrap());
        let said_where = field.is_empty() || !crate::app::select(&page, &format!("#{field}-error")).is_empty();
        if status != expected || !said_where {
            let shown: Vec<_> = crate::app::select(&page, "p.error, h1, title, main p")
                .iter()
                .map(|e| e.text().collect::<String>())
                .collect();
            unexpected.push(format!("{what}: {status} (expected {expected}), shown {shown:?}"));
        }
    }
    assert!(unexpected.is_empty(), "{unexpected:#?}");
    assert_unharmed(&app).await;
}

/// Sends `request` as raw bytes and reads the status of the answer (0: the server closed
/// the connection without one).
async fn raw(app: &TestApp, request: &[u8]) -> u16 {
    let address = app.address.trim_start_matches("http://");
    let mut stream = tokio::net::TcpStream::connect(address).await.unwrap();
    // The server may answer and close before reading all of an oversized request.
    let _ = stream.write_all(request).await;
    let mut answer = Vec::new();
    let _ = tokio::time::timeout(Duration::from_secs(10), stream.read_to_end(&mut answer)).await;
    let head = String::from_utf8_lossy(&answer);
    head.strip_prefix("HTTP/1.1 ").and_then(|rest| rest.get(..3)).and_then(|code| code.parse().ok()).unwrap_or(0)
}

#[tokio::test]
async fn hostile_request_heads_are_refused_with_a_4xx_and_the_server_goes_on() {
    let app = spawn_app().await;
    let host = app.address.trim_start_matches("http://").to_owned();
    let get = |path: &str, headers: &str| {
        format!("GET {path} HTTP/1.1\r\nHost: {host}\r\n{headers}Connection: close\r\n\r\n")
    };
    let body = serde_json::to_string(&valid_json()).unwrap();
    let post = |headers: &str, body: &str| {
        format!(
            "POST /api/v1/registrations HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/json\r\n{headers}Connection: close\r\n\r\n{body}"
        )
    };
    let catalogue: Vec<(&str, Vec<u8>, u16)> = vec![
        ("a bare CR inside a header", get("/register", "X-Note: a\rInjected: 1\r\n").into_bytes(), 400),
        ("a header of 1 MB", get("/register", &format!("X-Long: {}\r\n", "a".repeat(1 << 20))).into_bytes(), 431),
        ("a URI of 1 MB", get(&format!("/{}", "a".repeat(1 << 20)), "").into_bytes(), 431),
        ("a garbage request line", b"\x16\x03\x01\x02\x00 GARBAGE\r\n\r\n".to_vec(), 400),
        ("a header name that is not a token", get("/register", "Bad Name: 1\r\n").into_bytes(), 400),
        (
            "a header value that is not UTF-8",
            get("/register", "Accept-Language: \u{1}\r\n").into_bytes().replace_first(b"\x01", b"\xFF\xFE"),
            200,
        ),
        (
            "two different lengths",
            post(&format!("Content-Length: {}\r\nContent-Length: 3\r\n", body.len()), &body).into_bytes(),
            400,
        ),
        ("a length longer than the body", post("Content-Length: 999999\r\n", &body).into_bytes(), 413),
        (
            "a header smuggled into the Idempotency-Key",
            post(&format!("Content-Length: {}\r\nIdempotency-Key: a%0D%0ASet-Cookie: x=1\r\n", body.len()), &body)
                .into_bytes(),
            422,
        ),
        (
            "a non-ASCII Idempotency-Key",
            post(&format!("Content-Length: {}\r\nIdempotency-Key: ключ\r\n", body.len()), &body).into_bytes(),
            422,
        ),
        (
            "an absurd Accept-Language",
            get("/register", &format!("Accept-Language: {}\r\n", "x-;q=9,".repeat(1_000))).into_bytes(),
            200,
        ),
        ("a NUL in a cookie", get("/register", "Cookie: lang=\u{0}\r\n").into_bytes(), 400),
        ("a broken cookie", get("/register", "Cookie: =;;;lang=; pim_lang=%%%; =x; a==b\r\n").into_bytes(), 200),
        ("broken percent-encoding in the query", get("/register?lang=%ZZ%FF", "").into_bytes(), 200),
        ("a path climbing out", get("/static/../../etc/passwd", "").into_bytes(), 404),
        (
            "a status link of 10,000 characters",
            get(&format!("/registrations/{}", "A".repeat(10_000)), "").into_bytes(),
            404,
        ),
    ];
    let mut unexpected = Vec::new();
    for (what, request, expected) in catalogue {
        let status = raw(&app, &request).await;
        if status != expected {
            unexpected.push(format!("{what}: {status} (expected {expected})"));
        }
    }
    assert!(unexpected.is_empty(), "{unexpected:#?}");
    assert_unharmed(&app).await;
}
