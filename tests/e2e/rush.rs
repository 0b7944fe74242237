//! Opening day: thousands of runners submit within seconds for a few hundred places, over
//! HTTP against the running server. Exactly the places that exist are handed out, in
//! arrival order, and everyone else gets a place in one fair queue.

use std::sync::Arc;
use std::time::{Duration, Instant};

use scraper::Html;
use serde_json::{Value, json};
use sqlx::Row;
use tokio::sync::Barrier;

use pim_domain::Policy;
use pim_test_database::TestDatabase;

use crate::app::{attr_of, policy_source_with, spawn_app_with, text_of, valid_fields, with};

pub const RUNNERS: usize = 2_000;
pub const PLACES: usize = 200;
/// Runners who send a second, different form with the same passport: refused by design.
pub const SECOND_TRIES: usize = 20;

/// The 2027 policy with `PLACES` places for Koryo Tours, as TOML.
pub fn rush_policy_toml() -> String {
    policy_source_with("licensed_operator = { total = 500 }", &format!("licensed_operator = {{ total = {PLACES} }}"))
}

/// What one submission got back.
#[derive(Debug)]
pub enum Reply {
    /// Acknowledged: the reference and the waiting position the runner was told.
    Recorded {
        reference: String,
        position: Option<u32>,
    },
    /// Refused because the passport already had an entry.
    DuplicatePassport,
    Failed(String),
}

fn passport(n: usize) -> String {
    format!("R{n:07}")
}

/// A form opened as a browser does: its cookie, anti-forgery token and submission id.
struct OpenForm {
    cookie: String,
    csrf: String,
    submission: String,
}

async fn open_form(address: &str, client: &reqwest::Client) -> OpenForm {
    let response = client.get(format!("{address}/register")).send().await.expect("GET /register");
    let cookie = response
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|value| value.to_str().ok()?.split(';').next().map(str::to_owned))
        .collect::<Vec<_>>()
        .join("; ");
    let html = Html::parse_document(&response.text().await.unwrap());
    OpenForm {
        cookie,
        csrf: attr_of(&html, "input[name=csrf_token]", "value"),
        submission: attr_of(&html, "input[name=submission_id]", "value"),
    }
}

/// Sends runner `n`'s registration through the form (even `n`) or the JSON API (odd `n`),
/// as the two kinds of client do, and reads what the runner is told.
async fn submit(address: &str, client: &reqwest::Client, n: usize, form: Option<OpenForm>) -> Reply {
    let name = format!("Runner{n}");
    let fields = with(
        &valid_fields(),
        &[("passport_number", &passport(n % RUNNERS)), ("given_name", &name), ("email", &format!("r{n}@example.org"))],
    );
    match form {
        Some(form) => {
            let mut body = fields;
            body.push(("csrf_token", form.csrf));
            body.push(("submission_id", form.submission));
            let response = match client
                .post(format!("{address}/register"))
                .header("cookie", form.cookie)
                .header("origin", address)
                .form(&body)
                .send()
                .await
            {
                Ok(response) => response,
                Err(error) => return Reply::Failed(error.to_string()),
            };
            match response.status().as_u16() {
                303 => {
                    let location = response.headers()["location"].to_str().unwrap().to_owned();
                    let page = client.get(format!("{address}{location}")).send().await.unwrap().text().await.unwrap();
                    let page = Html::parse_document(&page);
                    let told = text_of(&page, ".waitlist");
                    let position = told
                        .split("you are number ")
                        .nth(1)
                        .and_then(|rest| rest.split_whitespace().next())
                        .map(|n| n.parse().expect("a number"));
                    Reply::Recorded { reference: text_of(&page, ".reference"), position }
                }
                409 => Reply::DuplicatePassport,
                other => Reply::Failed(format!("form: HTTP {other}")),
            }
        }
        None => {
            let mut body: serde_json::Map<String, Value> =
                fields.into_iter().map(|(k, v)| (k.to_owned(), json!(v))).collect();
            body.insert("consent".into(), json!(true));
            let response = match client.post(format!("{address}/api/v1/registrations")).json(&body).send().await {
                Ok(response) => response,
                Err(error) => return Reply::Failed(error.to_string()),
            };
            match response.status().as_u16() {
                201 => {
                    let reply: Value = response.json().await.unwrap();
                    Reply::Recorded {
                        reference: reply["reference"].as_str().unwrap().to_owned(),
                        position: reply["waitlist_position"].as_u64().map(|p| p as u32),
                    }
                }
                409 => Reply::DuplicatePassport,
                other => Reply::Failed(format!("API: HTTP {other}")),
            }
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_opening_rush_hands_out_exactly_the_places_there_are_and_queues_the_rest() {
    let policy = Policy::from_toml(&rush_policy_toml()).expect("a valid policy");
    let app = spawn_app_with(policy, crate::app::OPEN_DAY).await;
    let replies = rush(std::slice::from_ref(&app.address)).await;
    check_rush(&app.db, &replies).await;
    // One email queued for each: a confirmation for a place, a waiting-list email for the others.
    let kinds = app.query_rows("SELECT kind, COUNT(*) AS n FROM outbox GROUP BY kind ORDER BY kind").await;
    let kinds: Vec<(String, i64)> = kinds.iter().map(|row| (row.get("kind"), row.get("n"))).collect();
    assert_eq!(
        kinds,
        [("registration_received".to_owned(), PLACES as i64), ("waitlisted".to_owned(), (RUNNERS - PLACES) as i64)]
    );
}

/// Every runner opens the form, then all press "send" at once: `RUNNERS` runners (half
/// through the form, half through the JSON API) and `SECOND_TRIES` second forms reusing a
/// passport, spread over the `instances` (base URLs). A form may be sent to another
/// instance than the one that gave it, as behind a load balancer.
pub async fn rush(instances: &[String]) -> Vec<Reply> {
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .pool_max_idle_per_host(0)
        .timeout(Duration::from_secs(120))
        .build()
        .unwrap();
    let instance = |k: usize| instances[k % instances.len()].clone();

    // Everyone opens the form before the opening moment...
    let total = RUNNERS + SECOND_TRIES;
    let mut forms = Vec::with_capacity(total);
    for n in 0..total {
        forms.push(if n % 2 == 0 { Some(open_form(&instance(n / 2), &client).await) } else { None });
    }
    // ...and all press "send" at once.
    let start = Arc::new(Barrier::new(total));
    let started = Instant::now();
    let tasks: Vec<_> = forms
        .into_iter()
        .enumerate()
        .map(|(n, form)| {
            // Forms opened at instance n/2 go to instance n/4: the same one or another.
            let (address, client, start) =
                (instance(if form.is_some() { n / 4 } else { n / 2 }), client.clone(), start.clone());
            tokio::spawn(async move {
                start.wait().await;
                submit(&address, &client, n, form).await
            })
        })
        .collect();
    let mut replies = Vec::with_capacity(total);
    for task in tasks {
        replies.push(task.await.unwrap());
    }
    let elapsed = started.elapsed();
    println!(
        "opening rush over {} instance(s): {total} submissions ({RUNNERS} runners, {SECOND_TRIES} second tries) in {:.2} s, {:.0} per second",
        instances.len(),
        elapsed.as_secs_f64(),
        total as f64 / elapsed.as_secs_f64()
    );
    replies
}

/// What the runners were told and what the database holds after a rush: nothing failed,
/// only the second tries were refused, every acknowledged entry is stored, exactly the
/// places there are went to the first committed, and the waiting positions run 1..N.
pub async fn check_rush(db: &TestDatabase, replies: &[Reply]) {
    let failed: Vec<_> =
        replies.iter().filter_map(|r| if let Reply::Failed(why) = r { Some(why) } else { None }).collect();
    assert!(failed.is_empty(), "{} requests failed, e.g. {:?}", failed.len(), failed.first());
    let duplicates = replies.iter().filter(|r| matches!(r, Reply::DuplicatePassport)).count();
    assert_eq!(duplicates, SECOND_TRIES, "each passport's second form is refused, and nothing else");
    let recorded: Vec<(&String, Option<u32>)> = replies
        .iter()
        .filter_map(
            |r| if let Reply::Recorded { reference, position } = r { Some((reference, *position)) } else { None },
        )
        .collect();
    assert_eq!(recorded.len(), RUNNERS);

    // Every acknowledged submission is in the database, once.
    let rows = db.rows("SELECT reference, status, waitlist_order, id FROM registrations ORDER BY id").await;
    assert_eq!(rows.len(), RUNNERS);
    let stored: std::collections::HashMap<String, String> =
        rows.iter().map(|row| (row.get("reference"), row.get("status"))).collect();
    assert!(
        recorded.iter().all(|(reference, _)| stored.contains_key(*reference)),
        "every acknowledged entry is stored"
    );

    // Exactly the places there are, to the first to arrive.
    let statuses: Vec<String> = rows.iter().map(|row| row.get("status")).collect();
    assert_eq!(statuses.iter().filter(|s| *s == "submitted").count(), PLACES);
    assert_eq!(statuses.iter().filter(|s| *s == "waitlisted").count(), RUNNERS - PLACES);
    assert!(statuses[..PLACES].iter().all(|s| s == "submitted"), "places go in the order entries were committed");

    // The positions runners were told run 1..N, each once, and still hold.
    let mut told: Vec<u32> = recorded.iter().filter_map(|(_, position)| *position).collect();
    told.sort_unstable();
    assert_eq!(told, (1..=(RUNNERS - PLACES) as u32).collect::<Vec<_>>());
    for (reference, position) in recorded.iter().filter(|(_, position)| position.is_some()).take(50) {
        let now = db
            .number(&format!(
                "SELECT COUNT(*) FROM registrations w, registrations r WHERE r.reference = '{reference}' \
                 AND w.status = 'waitlisted' AND w.waitlist_order <= r.waitlist_order"
            ))
            .await;
        assert_eq!(Some(now as u32), *position);
    }
}
