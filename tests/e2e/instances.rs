//! Several `pim serve` processes on one PostgreSQL database, as behind a load balancer:
//! they share the places, the forms' secret, the operators' sessions and the outbox.
//! These need a PostgreSQL server (`PIM_TEST_POSTGRES_URL`, set by `.ci/run`); without
//! one they say so and pass.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use pim_test_database::{TestDatabase, postgres_server};

use crate::helpers::{Instance, temp_file};
use crate::rush::{RUNNERS, check_rush, rush, rush_policy_toml};
use crate::smtp::SmtpServer;

/// Two instances started at the same moment on a new database: both migrate it, and
/// one of them makes the first operator.
fn two_instances(db: &TestDatabase, smtp: &SmtpServer) -> (Instance, Instance) {
    let policy = temp_file(&format!("instances-policy-{}.toml", std::process::id()), &rush_policy_toml());
    let (url, smtp) = (db.url().to_owned(), smtp.url());
    let starting = {
        let (url, policy, smtp) = (url.clone(), policy.clone(), smtp.clone());
        std::thread::spawn(move || Instance::start(&url, &policy, &smtp))
    };
    let first = Instance::start(&url, &policy, &smtp);
    (first, starting.join().expect("the second instance starts"))
}

pub async fn postgres_database(label: &str) -> Option<TestDatabase> {
    let Some(server) = postgres_server() else {
        eprintln!("skipped: set PIM_TEST_POSTGRES_URL to a PostgreSQL server to run several instances on it");
        return None;
    };
    Some(TestDatabase::postgres(&server, label).await)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_opening_rush_over_two_instances_never_oversells_and_each_email_is_sent_once() {
    let Some(db) = postgres_database("instances-rush").await else { return };
    let smtp = SmtpServer::start(0);
    let (a, b) = tokio::task::block_in_place(|| two_instances(&db, &smtp));
    assert_eq!(db.number("SELECT COUNT(*) FROM operators").await, 1, "one first operator, not two");

    let replies = rush(&[a.address.clone(), b.address.clone()]).await;
    check_rush(&db, &replies).await;

    // Both instances' dispatchers work through the one outbox until every email is sent.
    let deadline = Instant::now() + Duration::from_secs(240);
    while db.number("SELECT COUNT(*) FROM outbox WHERE status <> 'sent'").await > 0 {
        assert!(Instant::now() < deadline, "emails still unsent after 4 minutes");
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
    let received = smtp.received();
    let mut per_recipient: HashMap<String, usize> = HashMap::new();
    for message in &received {
        let message = mail_parser::MessageParser::default().parse(message).expect("a parsable email");
        let to = message.to().and_then(|to| to.first()).and_then(|a| a.address()).expect("a recipient").to_owned();
        *per_recipient.entry(to).or_default() += 1;
    }
    assert_eq!(per_recipient.len(), RUNNERS, "every runner got an email");
    assert!(per_recipient.values().all(|n| *n == 1), "nobody got one twice");
    assert_eq!(received.len(), RUNNERS);

    let (sent_by_a, sent_by_b) = (a.logged("email sent"), b.logged("email sent"));
    println!("emails sent: {sent_by_a} by the first instance, {sent_by_b} by the second");
    assert_eq!(sent_by_a + sent_by_b, RUNNERS);
    assert!(sent_by_a > 0 && sent_by_b > 0, "both dispatchers took part");
    assert_eq!(a.logged("after its lease ran out") + b.logged("after its lease ran out"), 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_operator_signed_in_on_one_instance_is_signed_in_on_the_other_until_signing_out() {
    let Some(db) = postgres_database("instances-sessions").await else { return };
    let smtp = SmtpServer::start(0);
    let (a, b) = tokio::task::block_in_place(|| two_instances(&db, &smtp));
    let store = pim_store::Store::open(db.url(), crate::helpers::data_keys()).await.unwrap();
    let password = "correct horse battery staple";
    let hash = password_auth::generate_hash(password);
    store
        .add_operator(
            "k@koryo.example",
            pim_domain::Organisation::LicensedOperator,
            &hash,
            pim_store::PasswordChosenBy::Operator,
            time::OffsetDateTime::now_utc(),
        )
        .await
        .unwrap();
    // One browser: its cookies go to both instances, as to one site behind a balancer.
    let browser =
        reqwest::Client::builder().cookie_store(true).redirect(reqwest::redirect::Policy::none()).build().unwrap();
    let page = |url: String| {
        let browser = browser.clone();
        async move {
            let response = browser.get(url).send().await.unwrap();
            let status = response.status().as_u16();
            (status, scraper::Html::parse_document(&response.text().await.unwrap()))
        }
    };

    let (_, login) = page(format!("{}/admin/login", a.address)).await;
    let csrf = crate::app::attr_of(&login, "input[name=csrf_token]", "value");
    let form = [("email", "k@koryo.example"), ("password", password), ("csrf_token", &csrf)];
    let signed_in = browser.post(format!("{}/admin/login", a.address)).form(&form).send().await.unwrap();
    assert_eq!(signed_in.status().as_u16(), 303, "signed in on the first instance");

    let (status, entries) = page(format!("{}/admin/entries", b.address)).await;
    assert_eq!(status, 200, "the second instance knows the session");
    assert!(crate::app::text_of(&entries, "body").contains("k@koryo.example"));

    let csrf = crate::app::attr_of(&entries, "form[action='/admin/logout'] input[name=csrf_token]", "value");
    let out = browser.post(format!("{}/admin/logout", b.address)).form(&[("csrf_token", csrf)]).send().await.unwrap();
    assert_eq!(out.status().as_u16(), 303);
    let (status, _) = page(format!("{}/admin/entries", a.address)).await;
    assert_eq!(status, 303, "signed out on the second: signed out on the first too");
}
