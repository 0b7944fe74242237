//! A script cannot take every place: registrations are limited per client address, and
//! the limit answers 429 with when to try again.

use std::net::IpAddr;

use pim_domain::Policy;
use pim_web::RateLimit;
use serde_json::Value;

use crate::app::{Limits, OPEN_DAY, TestApp, spawn_app_limited, text_of, valid_fields, with};

async fn limited_app(trusted_proxies: &str) -> TestApp {
    let limits = Limits {
        registration_rate_limit: RateLimit::default(),
        trusted_proxies: trusted_proxies.parse().unwrap(),
        ..Limits::default()
    };
    spawn_app_limited(Policy::embedded_default(), OPEN_DAY, limits).await
}

fn body(n: usize) -> Value {
    let mut body: serde_json::Map<String, Value> =
        valid_fields().into_iter().map(|(k, v)| (k.to_owned(), Value::String(v))).collect();
    body.insert("consent".into(), Value::Bool(true));
    body.insert("passport_number".into(), Value::String(format!("E4{n:06}")));
    Value::Object(body)
}

/// Posts registrations `from..to` through `client`, optionally as forwarded for `for_address`.
async fn post_many(
    app: &TestApp,
    client: &reqwest::Client,
    range: std::ops::Range<usize>,
    for_address: Option<&str>,
) -> Vec<reqwest::Response> {
    let mut replies = Vec::new();
    for n in range {
        let mut request = client.post(app.url("/api/v1/registrations")).json(&body(n));
        if let Some(address) = for_address {
            request = request.header("x-forwarded-for", address);
        }
        replies.push(request.send().await.unwrap());
    }
    replies
}

fn client_from(address: &str) -> reqwest::Client {
    reqwest::Client::builder().local_address(address.parse::<IpAddr>().unwrap()).build().unwrap()
}

#[tokio::test]
async fn thirty_registrations_in_a_second_from_one_address_meet_the_limit_and_another_address_does_not() {
    let app = limited_app("").await;
    let replies = post_many(&app, &client_from("127.0.0.1"), 0..30, None).await;
    let statuses: Vec<u16> = replies.iter().map(|r| r.status().as_u16()).collect();
    assert_eq!(statuses.iter().filter(|s| **s == 201).count(), 10, "the burst: {statuses:?}");
    assert!(statuses[10..].iter().all(|s| *s == 429), "{statuses:?}");
    let refused = replies.into_iter().nth(29).unwrap();
    let retry_after: u64 = refused.headers()["retry-after"].to_str().unwrap().parse().unwrap();
    assert!((1..=6).contains(&retry_after), "one place back every 6 s: {retry_after}");
    let reply: Value = refused.json().await.unwrap();
    assert_eq!(reply["outcome"], "rate_limited");
    assert_eq!(reply["retry_after_seconds"], retry_after);
    assert_eq!(app.count_registrations().await, 10, "nothing stored past the limit");

    // 127.0.0.2 is another address on loopback: it has an allowance of its own.
    let other = post_many(&app, &client_from("127.0.0.2"), 30..31, None).await;
    assert_eq!(other[0].status().as_u16(), 201);
}

#[tokio::test]
async fn behind_a_trusted_proxy_the_forwarded_address_counts_and_elsewhere_it_is_ignored() {
    let app = limited_app("127.0.0.1").await;
    let proxy = client_from("127.0.0.1");
    let first = post_many(&app, &proxy, 0..11, Some("203.0.113.7")).await;
    assert_eq!(first.last().unwrap().status().as_u16(), 429, "one runner behind the proxy meets the limit");
    let second = post_many(&app, &proxy, 11..12, Some("198.51.100.4")).await;
    assert_eq!(second[0].status().as_u16(), 201, "another runner behind the same proxy does not");

    // Not a trusted proxy: a forged header changes nothing.
    let stranger = client_from("127.0.0.3");
    let forged: Vec<u16> = {
        let mut statuses = Vec::new();
        for (n, forged) in (12..23).zip(1..) {
            let address = format!("192.0.2.{forged}");
            statuses.push(post_many(&app, &stranger, n..n + 1, Some(&address)).await[0].status().as_u16());
        }
        statuses
    };
    assert_eq!(*forged.last().unwrap(), 429, "{forged:?}");
}

#[tokio::test]
async fn the_form_past_the_limit_says_when_to_try_again_and_keeps_every_answer() {
    let app = limited_app("").await;
    for n in 0..10 {
        let fields = with(&valid_fields(), &[("passport_number", &format!("E5{n:06}"))]);
        assert_eq!(app.register(&fields).await.status().as_u16(), 303);
    }
    let fields = with(&valid_fields(), &[("passport_number", "E5999999"), ("given_name", "Ånna-Maria")]);
    let response = app.register(&fields).await;
    assert_eq!(response.status().as_u16(), 429);
    let retry_after = response.headers()["retry-after"].to_str().unwrap().to_owned();
    let html = scraper::Html::parse_document(&response.text().await.unwrap());
    let notice = text_of(&html, "section.notice");
    assert!(notice.contains(&format!("wait {retry_after} seconds")), "{notice}");
    assert_eq!(crate::app::attr_of(&html, "input[name=given_name]", "value"), "Ånna-Maria");
    assert_eq!(crate::app::attr_of(&html, "input[name=passport_number]", "value"), "E5999999");
    assert_eq!(app.count_registrations().await, 10);
}
