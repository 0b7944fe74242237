//! The operators' admin over HTTP with real sessions.

use pim_domain::Organisation;
use scraper::Html;
use serde_json::{Value, json};
use sqlx::Row;

use crate::app::{TestApp, attr_of, select, spawn_app, text_of, valid_fields};

pub(crate) const PASSWORD: &str = "correct horse battery staple";

/// Adds an operator straight into the app's database.
async fn add_operator(app: &TestApp, email: &str, organisation: Organisation) -> i64 {
    let store = app.open_store().await;
    let hash = password_auth::generate_hash(PASSWORD);
    store.add_operator(email, organisation, &hash, pim_store::PasswordChosenBy::Operator, app.now()).await.unwrap()
}

/// A browser of its own: cookie jar, no redirects followed.
fn browser() -> reqwest::Client {
    reqwest::Client::builder().cookie_store(true).redirect(reqwest::redirect::Policy::none()).build().unwrap()
}

/// The anti-forgery token of the page at `url`; for a page this operator may not see (a
/// 404 has no form), the token of their entries list, which is as valid: so the test shows
/// what the scope refuses, not what the token does.
pub(crate) async fn csrf_from(client: &reqwest::Client, url: &str) -> String {
    let token_of = async |url: &str| {
        let html = Html::parse_document(&client.get(url).send().await.unwrap().text().await.unwrap());
        attr_of(&html, "input[name=csrf_token]", "value")
    };
    match token_of(url).await {
        token if token.is_empty() => token_of(&url.replace(url_path(url), "/admin/entries")).await,
        token => token,
    }
}

fn url_path(url: &str) -> &str {
    let after_scheme = url.split_once("://").map_or(url, |(_, rest)| rest);
    after_scheme.find('/').map_or("", |i| &after_scheme[i..])
}

async fn try_sign_in(app: &TestApp, client: &reqwest::Client, email: &str, password: &str) -> u16 {
    sign_in_from(app, client, None, email, password).await.0
}

/// Signs in as a browser at `address` behind a trusted proxy would (the app must trust
/// 127.0.0.1); returns the status and the page's notice.
async fn sign_in_from(
    app: &TestApp,
    client: &reqwest::Client,
    address: Option<&str>,
    email: &str,
    password: &str,
) -> (u16, String) {
    let csrf = csrf_from(client, &app.url("/admin/login")).await;
    let form = [("email", email), ("password", password), ("csrf_token", &csrf)];
    let mut request = client.post(app.url("/admin/login")).form(&form);
    if let Some(address) = address {
        request = request.header("x-forwarded-for", address);
    }
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    let html = Html::parse_document(&response.text().await.unwrap());
    (status, text_of(&html, ".notice"))
}

pub(crate) async fn signed_in(app: &TestApp, email: &str, organisation: Organisation) -> reqwest::Client {
    add_operator(app, email, organisation).await;
    let client = browser();
    assert_eq!(try_sign_in(app, &client, email, PASSWORD).await, 303, "{email} signs in");
    client
}

/// Registers through the API; returns the reference.
pub(crate) async fn register(app: &TestApp, changes: Value) -> String {
    let mut body: serde_json::Map<String, Value> =
        valid_fields().into_iter().map(|(k, v)| (k.to_owned(), json!(v))).collect();
    body.insert("consent".into(), json!(true));
    for (key, value) in changes.as_object().unwrap() {
        body.insert(key.clone(), value.clone());
    }
    let response = app.client.post(app.url("/api/v1/registrations")).json(&body).send().await.unwrap();
    assert_eq!(response.status().as_u16(), 201);
    response.json::<Value>().await.unwrap()["reference"].as_str().unwrap().to_owned()
}

pub(crate) async fn amateur(app: &TestApp, nationality: &str, passport: &str) -> String {
    register(app, json!({"nationality": nationality, "passport_number": passport})).await
}

async fn elite(app: &TestApp, passport: &str) -> String {
    register(
        app,
        json!({"nationality": "KE", "passport_number": passport, "category": "elite", "sex": "male", "distance": "full",
               "qualifying_time": "2:09:30", "qualifying_date": "2026-10-04", "qualifying_race": "Berlin 2026",
               "qualifying_evidence_url": "https://results.example.org/berlin"}),
    )
    .await
}

pub(crate) async fn page(app: &TestApp, client: &reqwest::Client, path: &str) -> (u16, Html) {
    let response = client.get(app.url(path)).send().await.unwrap();
    let status = response.status().as_u16();
    (status, Html::parse_document(&response.text().await.unwrap()))
}

/// Posts a review action as the entry page's form would.
pub(crate) async fn act(
    app: &TestApp,
    client: &reqwest::Client,
    reference: &str,
    action: &str,
    note: &str,
) -> (u16, Html) {
    let (_, entry) = page(app, client, &format!("/admin/entries/{reference}")).await;
    let version = attr_of(&entry, "input[name=version]", "value");
    let csrf = match attr_of(&entry, "input[name=csrf_token]", "value") {
        csrf if csrf.is_empty() => csrf_from(client, &app.url("/admin/entries")).await,
        csrf => csrf,
    };
    let version = if version.is_empty() { "1".to_owned() } else { version };
    let form = [("action", action), ("note", note), ("version", &version), ("csrf_token", &csrf)];
    let response =
        client.post(app.url(&format!("/admin/entries/{reference}/review"))).form(&form).send().await.unwrap();
    let status = response.status().as_u16();
    (status, Html::parse_document(&response.text().await.unwrap()))
}

pub(crate) async fn status_of(app: &TestApp, reference: &str) -> String {
    app.query_rows(&format!("SELECT status FROM registrations WHERE reference = '{reference}'")).await[0].get("status")
}

#[tokio::test]
async fn an_operator_signs_in_lists_filters_acts_and_signs_out() {
    let app = spawn_app().await;
    let first = amateur(&app, "DE", "E1000001").await;
    let second = amateur(&app, "FR", "E1000002").await;
    let theirs = amateur(&app, "CN", "E1000003").await;
    let koryo = signed_in(&app, "ops@koryo.example", Organisation::LicensedOperator).await;

    let (status, list) = page(&app, &koryo, "/admin/entries").await;
    assert_eq!(status, 200);
    let references: Vec<_> = select(&list, "td a.reference").iter().map(|a| a.text().collect::<String>()).collect();
    assert_eq!(references, [second.clone(), first.clone()], "own channel only, newest first");
    assert!(!references.contains(&theirs));
    assert!(select(&list, "td.passport").iter().all(|td| td.text().collect::<String>().starts_with("•••••")));
    assert_eq!(text_of(&list, "[data-status=submitted]"), "2");

    let (_, searched) = page(&app, &koryo, "/admin/entries?nationality=FR").await;
    assert_eq!(select(&searched, "td a.reference").len(), 1);
    let (_, searched) = page(&app, &koryo, &format!("/admin/entries?q={}", first.to_lowercase())).await;
    assert_eq!(text_of(&searched, "td a.reference"), first);

    let (status, entry) = page(&app, &koryo, &format!("/admin/entries/{first}")).await;
    assert_eq!(status, 200);
    assert!(text_of(&entry, "dl.facts").contains("E1000001"), "the visa organisation sees the whole passport");
    assert!(text_of(&entry, "table.emails").contains("registration_received"));

    let (status, _) = act(&app, &koryo, &first, "accept", "See you in Pyongyang").await;
    assert_eq!(status, 303);
    let (_, entry) = page(&app, &koryo, &format!("/admin/entries/{first}?done=accept")).await;
    assert_eq!(text_of(&entry, "h1 .status"), "Accepted");
    assert!(text_of(&entry, "table.trail").contains("ops@koryo.example"));
    assert!(text_of(&entry, "table.trail").contains("See you in Pyongyang"));
    let emails = app.query_rows("SELECT kind, payload FROM outbox ORDER BY id").await;
    let last = emails.last().unwrap();
    assert_eq!(last.get::<String, _>("kind"), "accepted");
    assert!(last.get::<String, _>("payload").contains("See you in Pyongyang"));

    let csrf = attr_of(&entry, "form[action='/admin/logout'] input[name=csrf_token]", "value");
    let response = koryo.post(app.url("/admin/logout")).form(&[("csrf_token", csrf)]).send().await.unwrap();
    assert_eq!(response.status().as_u16(), 303);
    let response = koryo.get(app.url("/admin/entries")).send().await.unwrap();
    assert_eq!((response.status().as_u16(), response.headers()["location"].to_str().unwrap()), (303, "/admin/login"));
}

#[tokio::test]
async fn each_role_sees_and_acts_on_its_own_channel_only() {
    let app = spawn_app().await;
    let entries = [
        ("elite_invitation", elite(&app, "E2000001").await, "invite"),
        ("state_agency", amateur(&app, "CN", "E2000002").await, "accept"),
        ("licensed_operator", amateur(&app, "DE", "E2000003").await, "accept"),
    ];
    // Invitations open once elite applications have closed.
    app.set_now(time::macros::datetime!(2027-01-11 10:00 +09:00));
    let roles = [
        (Organisation::Ministry, "m@sport.example", Some("elite_invitation")),
        (Organisation::StateAgency, "s@agency.example", Some("state_agency")),
        (Organisation::LicensedOperator, "k@koryo.example", Some("licensed_operator")),
        (Organisation::Secretariat, "sec@race.example", None),
    ];
    for (organisation, email, own) in roles {
        let client = signed_in(&app, email, organisation).await;
        let (_, list) = page(&app, &client, "/admin/entries").await;
        let listed: Vec<_> = select(&list, "td a.reference").iter().map(|a| a.text().collect::<String>()).collect();
        let (status, exported) = export(&app, &client, "").await;
        assert_eq!(status, 200);
        let exported: Vec<String> = exported.iter().map(|row| row[0].to_owned()).collect();
        for (channel, reference, action) in &entries {
            let visible = own.is_none_or(|own| own == *channel);
            assert_eq!(listed.contains(reference), visible, "{organisation:?} list, {channel}");
            assert_eq!(exported.contains(reference), visible, "{organisation:?} export, {channel}");
            let (status, _) = page(&app, &client, &format!("/admin/entries/{reference}")).await;
            assert_eq!(status, if visible { 200 } else { 404 }, "{organisation:?} entry page, {channel}");
            let before = status_of(&app, reference).await;
            let (status, _) = act(&app, &client, reference, action, "").await;
            let expected = match own {
                Some(own) if own == *channel => 303,
                Some(_) => 404,
                None => 403,
            };
            assert_eq!(status, expected, "{organisation:?} acts on {channel}");
            if expected != 303 {
                assert_eq!(status_of(&app, reference).await, before, "nothing changed");
            }
        }
    }
    let anonymous = browser();
    for path in ["/admin/entries", &format!("/admin/entries/{}", entries[0].1)] {
        let response = anonymous.get(app.url(path)).send().await.unwrap();
        assert_eq!(
            (response.status().as_u16(), response.headers()["location"].to_str().unwrap()),
            (303, "/admin/login")
        );
    }
    let response = anonymous
        .post(app.url(&format!("/admin/entries/{}/review", entries[1].1)))
        .form(&[("action", "decline"), ("version", "2")])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 303);
    assert_eq!(status_of(&app, &entries[1].1).await, "accepted", "an anonymous post changes nothing");
}

#[tokio::test]
async fn a_forged_or_missing_csrf_token_changes_nothing() {
    let app = spawn_app().await;
    let reference = amateur(&app, "DE", "E3000001").await;
    let koryo = signed_in(&app, "k@koryo.example", Organisation::LicensedOperator).await;
    for token in ["", "Zm9yZ2Vk"] {
        let form = [("action", "accept"), ("note", ""), ("version", "1"), ("csrf_token", token)];
        let response =
            koryo.post(app.url(&format!("/admin/entries/{reference}/review"))).form(&form).send().await.unwrap();
        assert_eq!(response.status().as_u16(), 403);
    }
    assert_eq!(status_of(&app, &reference).await, "submitted");
    let stranger = browser();
    let form = [("email", "k@koryo.example"), ("password", PASSWORD), ("csrf_token", "")];
    assert_eq!(stranger.post(app.url("/admin/login")).form(&form).send().await.unwrap().status().as_u16(), 403);
}

#[tokio::test]
async fn wrong_passwords_make_that_address_wait_longer_each_time_while_others_sign_in() {
    let limits = crate::app::Limits { trusted_proxies: "127.0.0.1".parse().unwrap(), ..Default::default() };
    let app = crate::app::spawn_app_limited(pim_domain::Policy::embedded_default(), crate::app::OPEN_DAY, limits).await;
    add_operator(&app, "k@koryo.example", Organisation::LicensedOperator).await;
    let (attacker, operator) = (Some("203.0.113.9"), Some("198.51.100.4"));
    let client = browser();
    for _ in 0..pim_web::FREE_FAILURES {
        let (status, notice) = sign_in_from(&app, &client, attacker, "k@koryo.example", "wrong password!").await;
        assert_eq!((status, notice.as_str()), (401, "Wrong email or password."));
    }
    let (status, notice) = sign_in_from(&app, &client, attacker, "k@koryo.example", "wrong password!").await;
    assert_eq!(status, 401);
    assert!(notice.contains("try again in 30 seconds"), "{notice}");
    let (status, notice) = sign_in_from(&app, &client, attacker, "k@koryo.example", PASSWORD).await;
    assert_eq!(status, 429, "the address waits, even with the right password: {notice}");

    // The operator, elsewhere, is not locked out by someone else's guesses.
    assert_eq!(sign_in_from(&app, &browser(), operator, "k@koryo.example", PASSWORD).await.0, 303);

    // The next wrong password after the wait costs twice as long.
    app.advance(pim_web::FIRST_WAIT + std::time::Duration::from_secs(1));
    let (_, notice) = sign_in_from(&app, &client, attacker, "k@koryo.example", "wrong password!").await;
    assert!(notice.contains("try again in 60 seconds"), "{notice}");
    app.advance(2 * pim_web::FIRST_WAIT + std::time::Duration::from_secs(1));
    assert_eq!(sign_in_from(&app, &client, attacker, "k@koryo.example", PASSWORD).await.0, 303, "after the wait");
    // A good password starts the count again.
    let (status, notice) = sign_in_from(&app, &browser(), attacker, "k@koryo.example", "wrong password!").await;
    assert_eq!((status, notice.as_str()), (401, "Wrong email or password."));

    // Unknown emails are counted alike: the answers do not tell which operators exist.
    let (client, guesser) = (browser(), Some("203.0.113.10"));
    for _ in 0..=pim_web::FREE_FAILURES {
        sign_in_from(&app, &client, guesser, "nobody@example.org", "wrong password!").await;
    }
    let (status, notice) = sign_in_from(&app, &client, guesser, "nobody@example.org", PASSWORD).await;
    assert_eq!(status, 429);
    assert!(notice.contains("wrong passwords for this account from your address"), "{notice}");
}

#[tokio::test]
async fn an_operator_whose_password_someone_else_chose_sets_their_own_before_anything_else() {
    let app = spawn_app().await;
    let store = app.open_store().await;
    let hash = password_auth::generate_hash(PASSWORD);
    let chosen_by = pim_store::PasswordChosenBy::SomeoneElse;
    store.add_operator("boss@race.example", Organisation::Secretariat, &hash, chosen_by, app.now()).await.unwrap();
    let client = browser();
    let csrf = csrf_from(&client, &app.url("/admin/login")).await;
    let form = [("email", "boss@race.example"), ("password", PASSWORD), ("csrf_token", &csrf)];
    let response = client.post(app.url("/admin/login")).form(&form).send().await.unwrap();
    assert_eq!(response.headers()["location"], "/admin/password");
    for path in ["/admin/entries", "/admin/dashboard"] {
        let response = client.get(app.url(path)).send().await.unwrap();
        assert_eq!(
            (response.status().as_u16(), response.headers()["location"].to_str().unwrap()),
            (303, "/admin/password")
        );
    }
    let (status, html) = page(&app, &client, "/admin/password").await;
    assert_eq!(status, 200);
    assert!(text_of(&html, ".notice").contains("chosen by someone else"));

    let change = async |current: &str, new: &str, repeat: &str| {
        let csrf = csrf_from(&client, &app.url("/admin/password")).await;
        let form =
            [("current_password", current), ("new_password", new), ("repeat_password", repeat), ("csrf_token", &csrf)];
        let response = client.post(app.url("/admin/password")).form(&form).send().await.unwrap();
        let status = response.status().as_u16();
        let location = response.headers().get("location").map(|l| l.to_str().unwrap().to_owned());
        let html = Html::parse_document(&response.text().await.unwrap());
        (status, location, text_of(&html, "[role=alert]"))
    };
    let (status, _, error) = change("not it at all", "my own long password", "my own long password").await;
    assert_eq!((status, error.as_str()), (422, "The current password is not right."));
    let (status, _, error) = change(PASSWORD, "short", "short").await;
    assert_eq!((status, error.as_str()), (422, "The new password needs at least 12 characters."));
    let (status, location, _) = change(PASSWORD, "my own long password", "my own long password").await;
    assert_eq!((status, location.as_deref()), (303, Some("/admin/entries?done=password_changed")));

    // The session goes on with the new password; the old one no longer signs in.
    let (status, html) = page(&app, &client, "/admin/entries?done=password_changed").await;
    assert_eq!(status, 200);
    assert!(text_of(&html, ".notice").contains("your password is changed"), "{}", html.html());
    assert_eq!(try_sign_in(&app, &browser(), "boss@race.example", PASSWORD).await, 401);
    let fresh = browser();
    let csrf = csrf_from(&fresh, &app.url("/admin/login")).await;
    let form = [("email", "boss@race.example"), ("password", "my own long password"), ("csrf_token", &csrf)];
    let response = fresh.post(app.url("/admin/login")).form(&form).send().await.unwrap();
    assert_eq!(response.headers()["location"], "/admin/entries", "no change asked for any more");
}

#[tokio::test]
async fn the_session_record_keeps_no_copy_of_the_password_hash() {
    let app = spawn_app().await;
    signed_in(&app, "k@koryo.example", Organisation::LicensedOperator).await;
    let store = app.open_store().await;
    let hash = store.operator_by_email("k@koryo.example").await.unwrap().unwrap().password_hash;
    let rows = app.query_rows("SELECT data FROM operator_sessions").await;
    assert_eq!(rows.len(), 1, "one session");
    let data: Vec<u8> = rows[0].get("data");
    let argon_part = hash.rsplit('$').next().unwrap();
    let stored = String::from_utf8_lossy(&data);
    assert!(!stored.contains(argon_part) && !stored.contains("argon2"), "the hash is not in the session: {stored}");
}

#[tokio::test]
async fn a_disabled_operators_open_session_stops_working() {
    let app = spawn_app().await;
    let koryo = signed_in(&app, "k@koryo.example", Organisation::LicensedOperator).await;
    assert_eq!(page(&app, &koryo, "/admin/entries").await.0, 200);
    let store = app.open_store().await;
    let operator = store.operator_by_email("k@koryo.example").await.unwrap().unwrap();
    store.set_operator_disabled(operator.id, true, app.now()).await.unwrap();
    let response = koryo.get(app.url("/admin/entries")).send().await.unwrap();
    assert_eq!(response.status().as_u16(), 303);
    assert_eq!(try_sign_in(&app, &browser(), "k@koryo.example", PASSWORD).await, 401);
}

#[tokio::test]
async fn an_impossible_transition_is_refused_with_a_clear_message() {
    let app = spawn_app().await;
    let reference = elite(&app, "E4000001").await;
    let ministry = signed_in(&app, "m@sport.example", Organisation::Ministry).await;
    assert_eq!(act(&app, &ministry, &reference, "decline", "Time not verified").await.0, 303);
    let (status, page) = act(&app, &ministry, &reference, "invite", "").await;
    assert_eq!(status, 409);
    assert!(
        text_of(&page, ".notice").contains("an entry that is declined cannot be invited"),
        "{}",
        text_of(&page, ".notice")
    );
    assert_eq!(status_of(&app, &reference).await, "declined");
    let kinds: Vec<String> =
        app.query_rows("SELECT kind FROM outbox ORDER BY id").await.iter().map(|r| r.get("kind")).collect();
    assert_eq!(kinds, ["registration_received", "declined"]);
}

#[tokio::test]
async fn two_operators_acting_at_once_one_wins_and_the_other_is_told() {
    let app = spawn_app().await;
    let reference = amateur(&app, "DE", "E5000001").await;
    let first = signed_in(&app, "a@koryo.example", Organisation::LicensedOperator).await;
    let second = signed_in(&app, "b@koryo.example", Organisation::LicensedOperator).await;
    // Both open the entry at version 1.
    let open = |client: reqwest::Client| {
        let app = &app;
        let reference = reference.clone();
        async move {
            let (_, entry) = page(app, &client, &format!("/admin/entries/{reference}")).await;
            (client, attr_of(&entry, "input[name=csrf_token]", "value"))
        }
    };
    let ((first, first_csrf), (second, second_csrf)) = (open(first).await, open(second).await);
    let post = |client: &reqwest::Client, action: &'static str, csrf: String| {
        let url = app.url(&format!("/admin/entries/{reference}/review"));
        let request =
            client.post(url).form(&[("action", action), ("note", ""), ("version", "1"), ("csrf_token", &csrf)]);
        async move { request.send().await.unwrap() }
    };
    let accepted = post(&first, "accept", first_csrf).await;
    assert_eq!(accepted.status().as_u16(), 303);
    let declined = post(&second, "decline", second_csrf).await;
    assert_eq!(declined.status().as_u16(), 409);
    let page = Html::parse_document(&declined.text().await.unwrap());
    assert!(text_of(&page, ".notice").contains("changed since you opened it"));
    assert_eq!(status_of(&app, &reference).await, "accepted");
}

async fn export(app: &TestApp, client: &reqwest::Client, query: &str) -> (u16, Vec<csv::StringRecord>) {
    let response = client.get(app.url(&format!("/admin/entries.csv{query}"))).send().await.unwrap();
    let status = response.status().as_u16();
    let body = response.bytes().await.unwrap();
    let records = csv::Reader::from_reader(&body[..]).records().map(Result::unwrap).collect();
    (status, records)
}

#[tokio::test]
async fn exports_hold_the_operators_channel_with_full_passports_only_for_the_visa_organisation() {
    let app = spawn_app().await;
    let koryo_entry = amateur(&app, "DE", "E6000001").await;
    let agency_entry = amateur(&app, "CN", "E6000002").await;
    let koryo = signed_in(&app, "k@koryo.example", Organisation::LicensedOperator).await;
    let secretariat = signed_in(&app, "sec@race.example", Organisation::Secretariat).await;

    let (status, rows) = export(&app, &koryo, "").await;
    assert_eq!(status, 200);
    assert_eq!(rows.iter().map(|r| r[0].to_owned()).collect::<Vec<_>>(), std::slice::from_ref(&koryo_entry));
    assert_eq!(&rows[0][9], "E6000001", "full passport for the organisation arranging the visa");
    assert_eq!(&rows[0][18], "'+49 30 1234567", "cells a spreadsheet would evaluate are neutralised");

    let (_, rows) = export(&app, &secretariat, "").await;
    let mut references: Vec<_> = rows.iter().map(|r| r[0].to_owned()).collect();
    references.sort();
    let mut expected = vec![koryo_entry, agency_entry];
    expected.sort();
    assert_eq!(references, expected);
    assert!(rows.iter().all(|r| r[9].starts_with("•••••")), "the secretariat gets masked passports");

    let (_, rows) = export(&app, &secretariat, "?nationality=CN").await;
    assert_eq!(rows.len(), 1);
    let audit = app.query_rows("SELECT actor, detail FROM operator_audit WHERE action = 'export' ORDER BY id").await;
    assert_eq!(audit.len(), 3);
    assert_eq!(audit[0].get::<String, _>("actor"), "k@koryo.example");
    assert!(audit[0].get::<String, _>("detail").contains("full_passports=true"));
    assert!(audit[2].get::<String, _>("detail").contains("nationality=CN"));

    let anonymous = browser().get(app.url("/admin/entries.csv")).send().await.unwrap();
    assert_eq!(anonymous.status().as_u16(), 303);
}

#[tokio::test]
async fn a_long_export_streams_every_entry_exactly_once_across_batches() {
    let app = spawn_app().await;
    let store = app.open_store().await;
    let application = pim_domain::Application {
        nationality: "DE".parse().unwrap(),
        category: pim_domain::Category::Amateur,
        distance: pim_domain::Distance::Half,
        sex: pim_domain::Sex::Female,
        date_of_birth: time::macros::date!(1988 - 03 - 09),
        qualifying_time: None,
        qualifying_date: None,
    };
    for n in 0..1_234u32 {
        let registrant = pim_domain::Registrant {
            given_name: format!("Runner {n}"),
            family_name: "Test".into(),
            email: format!("r{n}@example.org"),
            passport_number: format!("X{n:07}").parse().unwrap(),
            passport_expiry: time::macros::date!(2031 - 01 - 01),
            emergency_contact_name: "C".into(),
            emergency_contact_phone: "+49 30 1234567".into(),
            qualifying_race: None,
            qualifying_evidence_url: None,
        };
        let mut random = [0u8; 26];
        for (i, byte) in random.iter_mut().enumerate().take(4) {
            *byte = (n / 30u32.pow(i as u32) % 30) as u8;
        }
        let token = pim_domain::StatusToken::from_random(random);
        store
            .record_registration(&pim_store::NewRegistration {
                edition: "2027",
                status_token: &token,
                email_confirmation: &token,
                confirm_email_by: app.now() + time::Duration::hours(48),
                application: &application,
                registrant: &registrant,
                language: "en",
                channel: pim_domain::Channel::LicensedOperator,
                rule: pim_domain::Rule::LicensedOperatorDefault,
                explanation: "x",
                margin_seconds: None,
                elite_rank: None,
                received_at: app.now(),
                quota: None,
                confirmation: pim_store::NewEmail {
                    kind: pim_domain::EmailKind::RegistrationReceived,
                    payload: &pim_domain::EmailPayload::default(),
                },
                waitlisted: pim_store::NewEmail {
                    kind: pim_domain::EmailKind::Waitlisted,
                    payload: &pim_domain::EmailPayload::default(),
                },
            })
            .await
            .unwrap();
    }
    let koryo = signed_in(&app, "k@koryo.example", Organisation::LicensedOperator).await;
    let (status, rows) = export(&app, &koryo, "").await;
    assert_eq!(status, 200);
    assert_eq!(rows.len(), 1_234);
    let mut passports: Vec<_> = rows.iter().map(|r| r[9].to_owned()).collect();
    passports.sort();
    passports.dedup();
    assert_eq!(passports.len(), 1_234, "each entry exactly once");
}

#[tokio::test]
async fn an_address_that_keeps_trying_to_sign_in_is_slowed_down() {
    let app = spawn_app().await;
    let client = browser();
    let csrf = csrf_from(&client, &app.url("/admin/login")).await;
    let mut statuses = Vec::new();
    // A different email each time: the wait per account and address does not come into it.
    for n in 0..=pim_web::LOGIN_BURST_PER_ADDRESS {
        let email = format!("someone{n}@example.org");
        let form = [("email", email.as_str()), ("password", "guess guess guess"), ("csrf_token", csrf.as_str())];
        statuses.push(client.post(app.url("/admin/login")).form(&form).send().await.unwrap().status().as_u16());
    }
    assert!(statuses[..pim_web::LOGIN_BURST_PER_ADDRESS as usize].iter().all(|s| *s == 401), "{statuses:?}");
    assert_eq!(statuses.last(), Some(&429));
    // The sign-in page itself still loads.
    assert_eq!(client.get(app.url("/admin/login")).send().await.unwrap().status().as_u16(), 200);
}

#[tokio::test]
async fn resending_a_confirmation_gives_the_runner_a_new_status_link_and_retires_the_old_one() {
    let app = spawn_app().await;
    let body: serde_json::Map<String, Value> =
        valid_fields().into_iter().map(|(k, v)| (k.to_owned(), json!(v))).collect();
    let mut body = Value::Object(body);
    body["consent"] = json!(true);
    let reply: Value =
        app.client.post(app.url("/api/v1/registrations")).json(&body).send().await.unwrap().json().await.unwrap();
    let (reference, old_link) =
        (reply["reference"].as_str().unwrap().to_owned(), reply["status_url"].as_str().unwrap().to_owned());
    let koryo = signed_in(&app, "k@koryo.example", Organisation::LicensedOperator).await;

    let (_, entry) = page(&app, &koryo, &format!("/admin/entries/{reference}")).await;
    let action = attr_of(&entry, "form.resend", "action");
    let csrf = attr_of(&entry, "form.resend input[name=csrf_token]", "value");
    let response = koryo.post(app.url(&action)).form(&[("csrf_token", csrf)]).send().await.unwrap();
    assert_eq!(response.status().as_u16(), 303);

    let outbox = app.query_rows("SELECT kind, payload FROM outbox ORDER BY id").await;
    assert_eq!(outbox.len(), 2);
    assert_eq!(outbox[1].get::<String, _>("kind"), "registration_received");
    let payload: Value = serde_json::from_str(&outbox[1].get::<String, _>("payload")).unwrap();
    let new_link = payload["status_url"].as_str().unwrap();
    assert_ne!(new_link, old_link);
    assert_eq!(app.client.get(new_link).send().await.unwrap().status().as_u16(), 200);
    assert_eq!(app.client.get(&old_link).send().await.unwrap().status().as_u16(), 404);
    let (_, entry) = page(&app, &koryo, &format!("/admin/entries/{reference}")).await;
    assert!(text_of(&entry, "table.trail").contains("registration_received email sent again"));
    assert_eq!(select(&entry, "table.emails tbody tr").len(), 2);
}

#[tokio::test]
async fn the_secretariat_reads_an_entrys_emails_but_cannot_resend_them() {
    let app = spawn_app().await;
    let reference = amateur(&app, "DE", "E7100001").await;
    let secretariat = signed_in(&app, "s@pim.example", Organisation::Secretariat).await;
    let (_, entry) = page(&app, &secretariat, &format!("/admin/entries/{reference}")).await;
    assert_eq!(select(&entry, "table.emails tbody tr").len(), 1, "the email is listed");
    assert!(select(&entry, "form.resend").is_empty(), "without a resend button");

    // The request made by hand is refused, and nothing changes.
    let email_id = app.query_rows("SELECT id FROM outbox").await[0].get::<i64, _>("id");
    let csrf = attr_of(&entry, "input[name=csrf_token]", "value");
    let response = secretariat
        .post(app.url(&format!("/admin/entries/{reference}/emails/{email_id}/resend")))
        .form(&[("csrf_token", csrf)])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 403);
    let page = Html::parse_document(&response.text().await.unwrap());
    assert!(text_of(&page, "section.notice").contains("Only the organisation handling this entry"));
    assert_eq!(app.query_rows("SELECT id FROM outbox").await.len(), 1, "nothing queued");
}

#[tokio::test]
async fn a_resent_waiting_list_email_carries_a_fresh_status_link_and_the_position() {
    let policy = crate::app::policy_with("licensed_operator = { total = 500 }", "licensed_operator = { total = 1 }");
    let app = crate::app::spawn_app_with(policy, crate::app::OPEN_DAY).await;
    amateur(&app, "DE", "E7200001").await;
    let waiting = amateur(&app, "DE", "E7200002").await;
    // Both emails go out: the outbox then keeps no link.
    let smtp = crate::smtp::SmtpServer::start(0);
    let dispatcher = crate::email::dispatcher(&app, &smtp.url(), crate::email::settings()).await;
    assert_eq!(dispatcher.dispatch_all_due().await.unwrap().sent, 2);

    let koryo = signed_in(&app, "k@koryo.example", Organisation::LicensedOperator).await;
    let (_, entry) = page(&app, &koryo, &format!("/admin/entries/{waiting}")).await;
    let action = attr_of(&entry, "form.resend", "action");
    let csrf = attr_of(&entry, "form.resend input[name=csrf_token]", "value");
    assert_eq!(koryo.post(app.url(&action)).form(&[("csrf_token", csrf)]).send().await.unwrap().status().as_u16(), 303);

    let outbox = app.query_rows("SELECT kind, payload FROM outbox ORDER BY id").await;
    assert_eq!(outbox.len(), 3);
    assert_eq!(outbox[2].get::<String, _>("kind"), "waitlisted");
    let payload: Value = serde_json::from_str(&outbox[2].get::<String, _>("payload")).unwrap();
    let link = payload["status_url"].as_str().expect("the copy carries a status link");
    let response = app.client.get(link).send().await.unwrap();
    assert_eq!(response.status().as_u16(), 200);
    assert!(response.text().await.unwrap().contains("waiting list"));
    assert_eq!(dispatcher.dispatch_all_due().await.unwrap().sent, 1);
    let copy =
        mail_parser::MessageParser::default().parse(&smtp.received()[2]).unwrap().body_text(0).unwrap().into_owned();
    assert!(copy.contains(link) && copy.contains("at position 1"), "{copy}");
}

#[tokio::test]
async fn a_review_note_longer_than_the_form_allows_is_refused_and_changes_nothing() {
    let app = spawn_app().await;
    let reference = amateur(&app, "DE", "E7300001").await;
    let koryo = signed_in(&app, "k@koryo.example", Organisation::LicensedOperator).await;
    let (_, entry) = page(&app, &koryo, &format!("/admin/entries/{reference}")).await;
    assert_eq!(attr_of(&entry, "textarea[name=note]", "maxlength"), "2000");

    let (status, page) = act(&app, &koryo, &reference, "accept", &"x".repeat(2001)).await;
    assert_eq!(status, 422);
    assert!(text_of(&page, "section.notice").contains("under 2000 characters"));
    assert_eq!(status_of(&app, &reference).await, "submitted");
    assert_eq!(app.query_rows("SELECT id FROM outbox").await.len(), 1, "no email queued");
    let (status, _) = act(&app, &koryo, &reference, "accept", &"x".repeat(2000)).await;
    assert_eq!(status, 303, "the form's own limit is accepted");
}

#[tokio::test]
async fn an_admin_notice_comes_from_a_known_code_never_from_text_in_the_address() {
    let app = spawn_app().await;
    let reference = amateur(&app, "DE", "E7400001").await;
    let koryo = signed_in(&app, "k@koryo.example", Organisation::LicensedOperator).await;
    let (_, forged) = page(&app, &koryo, &format!("/admin/entries/{reference}?done=wire_the_fee_to_account_123")).await;
    assert!(select(&forged, "section.notice").is_empty(), "{}", text_of(&forged, "section.notice"));
    let (_, done) = page(&app, &koryo, &format!("/admin/entries/{reference}?done=accept")).await;
    assert_eq!(text_of(&done, "section.notice"), "Done: the entry is accepted. The runner is emailed.");
}

/// Posts a dashboard form; returns the status and the page's message.
async fn dashboard_post(app: &TestApp, client: &reqwest::Client, path: &str, fields: &[(&str, &str)]) -> (u16, String) {
    let csrf = csrf_from(client, &app.url("/admin/dashboard")).await;
    let mut form: Vec<(&str, &str)> = fields.to_vec();
    form.push(("csrf_token", &csrf));
    let response = client.post(app.url(path)).form(&form).send().await.unwrap();
    let status = response.status().as_u16();
    let page = Html::parse_document(&response.text().await.unwrap());
    (status, text_of(&page, ".message"))
}

#[tokio::test]
async fn the_secretariat_sees_every_count_and_failed_emails_and_manages_operators() {
    let app = spawn_app().await;
    amateur(&app, "DE", "E7000001").await;
    amateur(&app, "CN", "E7000002").await;
    elite(&app, "E7000003").await;
    let secretariat = signed_in(&app, "sec@race.example", Organisation::Secretariat).await;
    let (status, dashboard) = page(&app, &secretariat, "/admin/dashboard").await;
    assert_eq!(status, 200);
    let by_channel = text_of(&dashboard, "table.by-channel");
    for channel in ["elite_invitation", "state_agency", "licensed_operator"] {
        assert!(by_channel.contains(channel));
    }
    assert!(text_of(&dashboard, "table.by-nationality").contains("Germany (DE)"));
    assert!(text_of(&dashboard, "table.by-distance").contains("full marathon"));

    let (status, message) = dashboard_post(
        &app,
        &secretariat,
        "/admin/operators",
        &[("email", "New@Agency.example"), ("organisation", "state_agency")],
    )
    .await;
    assert_eq!(status, 200, "{message}");
    let password = message.split("Their password is ").nth(1).unwrap().split(' ').next().unwrap().to_owned();
    let newcomer = browser();
    assert_eq!(try_sign_in(&app, &newcomer, "new@agency.example", &password).await, 303);
    let (status, _) = dashboard_post(
        &app,
        &secretariat,
        "/admin/operators",
        &[("email", "new@agency.example"), ("organisation", "ministry")],
    )
    .await;
    assert_eq!(status, 409);

    let id: i64 = app.query_rows("SELECT id FROM operators WHERE email = 'new@agency.example'").await[0].get("id");
    let (_, message) =
        dashboard_post(&app, &secretariat, &format!("/admin/operators/{id}"), &[("action", "reset_password")]).await;
    let renewed = message.split("new@agency.example: ").nth(1).unwrap().split(' ').next().unwrap().to_owned();
    assert_eq!(
        newcomer.get(app.url("/admin/entries")).send().await.unwrap().status().as_u16(),
        303,
        "old sessions end"
    );
    assert_eq!(try_sign_in(&app, &browser(), "new@agency.example", &password).await, 401);
    assert_eq!(try_sign_in(&app, &browser(), "new@agency.example", &renewed).await, 303);

    let (_, message) =
        dashboard_post(&app, &secretariat, &format!("/admin/operators/{id}"), &[("action", "disable")]).await;
    assert!(message.contains("disabled"));
    assert_eq!(try_sign_in(&app, &browser(), "new@agency.example", &renewed).await, 401);
    let own: i64 = app.query_rows("SELECT id FROM operators WHERE email = 'sec@race.example'").await[0].get("id");
    assert_eq!(
        dashboard_post(&app, &secretariat, &format!("/admin/operators/{own}"), &[("action", "disable")]).await.0,
        409
    );

    let audited: Vec<String> =
        app.query_rows("SELECT action FROM operator_audit ORDER BY id").await.iter().map(|r| r.get("action")).collect();
    assert_eq!(audited, ["add_operator", "reset_password", "disable"]);

    let koryo = signed_in(&app, "k@koryo.example", Organisation::LicensedOperator).await;
    assert_eq!(page(&app, &koryo, "/admin/dashboard").await.0, 404);
    let (status, _) =
        dashboard_post(&app, &koryo, "/admin/operators", &[("email", "x@y.example"), ("organisation", "secretariat")])
            .await;
    assert_eq!(status, 404);
    assert!(app.query_rows("SELECT id FROM operators WHERE email = 'x@y.example'").await.is_empty());
}

#[tokio::test]
async fn a_session_ends_thirty_minutes_after_its_last_request() {
    let app = spawn_app().await;
    let koryo = signed_in(&app, "k@koryo.example", Organisation::LicensedOperator).await;
    for _ in 0..3 {
        app.advance(std::time::Duration::from_secs(29 * 60));
        assert_eq!(page(&app, &koryo, "/admin/entries").await.0, 200, "busy: still signed in");
    }
    app.advance(std::time::Duration::from_secs(31 * 60));
    let response = koryo.get(app.url("/admin/entries")).send().await.unwrap();
    assert_eq!((response.status().as_u16(), response.headers()["location"].to_str().unwrap()), (303, "/admin/login"));
    app.advance(std::time::Duration::from_secs(60));
    let response = koryo.get(app.url("/admin/entries")).send().await.unwrap();
    assert_eq!(response.status().as_u16(), 303, "and stays ended");
}

#[tokio::test]
async fn a_session_ends_twelve_hours_after_sign_in_however_busy() {
    let app = spawn_app().await;
    let koryo = signed_in(&app, "k@koryo.example", Organisation::LicensedOperator).await;
    // A request every 25 minutes for 11 h 40 min: never idle for long.
    for _ in 0..28 {
        app.advance(std::time::Duration::from_secs(25 * 60));
        assert_eq!(page(&app, &koryo, "/admin/entries").await.0, 200);
    }
    app.advance(std::time::Duration::from_secs(25 * 60));
    let response = koryo.get(app.url("/admin/entries")).send().await.unwrap();
    assert_eq!((response.status().as_u16(), response.headers()["location"].to_str().unwrap()), (303, "/admin/login"));
}

#[tokio::test]
async fn a_released_place_goes_to_the_first_entry_waiting_with_an_email() {
    let policy = crate::app::policy_with("licensed_operator = { total = 500 }", "licensed_operator = { total = 2 }");
    let app = crate::app::spawn_app_with(policy, crate::app::OPEN_DAY).await;
    let mut references = Vec::new();
    for n in 1..=4 {
        references.push(amateur(&app, "DE", &format!("E900000{n}")).await);
    }
    assert_eq!(status_of(&app, &references[2]).await, "waitlisted");
    assert_eq!(status_of(&app, &references[3]).await, "waitlisted");
    let koryo = signed_in(&app, "k@koryo.example", Organisation::LicensedOperator).await;

    // A decline releases a place: the first waiting takes it, the second moves up.
    assert_eq!(act(&app, &koryo, &references[0], "decline", "No visa").await.0, 303);
    assert_eq!(status_of(&app, &references[2]).await, "submitted");
    assert_eq!(status_of(&app, &references[3]).await, "waitlisted");
    let (_, entry) = page(&app, &koryo, &format!("/admin/entries/{}", references[2])).await;
    assert!(text_of(&entry, "table.trail").contains("promoted"));
    let emails: Vec<String> =
        app.query_rows("SELECT kind FROM outbox ORDER BY id").await.iter().map(|r| r.get("kind")).collect();
    assert_eq!(emails.iter().filter(|k| *k == "promoted").count(), 1);

    // Accepting holds the place; nothing is promoted.
    assert_eq!(act(&app, &koryo, &references[1], "accept", "").await.0, 303);
    assert_eq!(status_of(&app, &references[3]).await, "waitlisted");
    // A waiting entry that leaves frees no place and promotes nobody.
    assert_eq!(act(&app, &koryo, &references[3], "decline", "").await.0, 303);
    let held = app.query_rows("SELECT id FROM registrations WHERE status IN ('submitted', 'accepted')").await.len();
    assert_eq!(held, 2, "never more places held than the quota");
}

/// The references in a list page, with the waiting position shown beside each.
fn queue_of(list: &Html) -> Vec<(String, String)> {
    select(list, "table.entries tbody tr")
        .iter()
        .map(|row| {
            let cell = |css: &str| {
                row.select(&scraper::Selector::parse(css).unwrap()).map(|e| e.text().collect::<String>()).collect()
            };
            (cell("a.reference"), cell("td.position"))
        })
        .collect()
}

#[tokio::test]
async fn operators_see_the_queue_and_move_an_entry_to_the_front_without_creating_a_place() {
    let policy = crate::app::policy_with("licensed_operator = { total = 500 }", "licensed_operator = { total = 1 }");
    let app = crate::app::spawn_app_with(policy, crate::app::OPEN_DAY).await;
    let mut references = Vec::new();
    for n in 1..=4 {
        references.push(amateur(&app, "DE", &format!("Q800000{n}")).await);
    }
    let koryo = signed_in(&app, "k@koryo.example", Organisation::LicensedOperator).await;
    let (_, list) = page(&app, &koryo, "/admin/entries?status=waitlisted").await;
    let expected: Vec<(String, String)> = [1, 2, 3].iter().map(|i| (references[*i].clone(), i.to_string())).collect();
    assert_eq!(queue_of(&list), expected, "the waiting list, next in line first");
    assert!(
        text_of(&list, "ul.places").contains("all races: 1 of 1 places held, 3 waiting"),
        "{}",
        text_of(&list, "ul.places")
    );

    let (_, entry) = page(&app, &koryo, &format!("/admin/entries/{}", references[3])).await;
    assert_eq!(text_of(&entry, ".waitlist-position"), "number 3");
    let offered: Vec<String> = select(&entry, "form.review button")
        .iter()
        .filter_map(|b| b.value().attr("value").map(str::to_owned))
        .collect();
    assert!(!offered.contains(&"accept".to_owned()), "accepting would take a place that does not exist: {offered:?}");
    let (status, refused) = act(&app, &koryo, &references[3], "accept", "").await;
    assert_eq!(status, 409);
    assert!(text_of(&refused, ".notice").contains("an entry that is on the waiting list cannot be accepted"));

    // Another organisation cannot touch it; the secretariat can read but not act.
    let form = [("version", attr_of(&entry, "form.promote input[name=version]", "value"))];
    let path = format!("/admin/entries/{}/promote", references[3]);
    let ministry = signed_in(&app, "m@sport.example", Organisation::Ministry).await;
    let csrf = csrf_from(&ministry, &app.url("/admin/entries")).await;
    let with_csrf = |csrf: &str| [form[0].clone(), ("csrf_token", csrf.to_owned()), ("note", String::new())];
    assert_eq!(ministry.post(app.url(&path)).form(&with_csrf(&csrf)).send().await.unwrap().status(), 404);
    let secretariat = signed_in(&app, "s@race.example", Organisation::Secretariat).await;
    let csrf = csrf_from(&secretariat, &app.url("/admin/entries")).await;
    assert_eq!(secretariat.post(app.url(&path)).form(&with_csrf(&csrf)).send().await.unwrap().status(), 403);

    let csrf = attr_of(&entry, "form.promote input[name=csrf_token]", "value");
    let mut promote = with_csrf(&csrf);
    promote[2].1 = "Travels with the runner ahead".into();
    let response = koryo.post(app.url(&path)).form(&promote).send().await.unwrap();
    assert_eq!(response.status(), 303);
    let location = response.headers()["location"].to_str().unwrap().to_owned();
    let (_, done) = page(&app, &koryo, &location).await;
    assert!(text_of(&done, ".notice").contains("first on the waiting list"), "{}", text_of(&done, ".notice"));
    assert!(text_of(&done, "table.trail").contains("Travels with the runner ahead"));
    assert_eq!(status_of(&app, &references[3]).await, "waitlisted", "no place was free: none was made");

    let (_, list) = page(&app, &koryo, "/admin/entries?status=waitlisted").await;
    let expected: Vec<(String, String)> =
        [3, 1, 2].iter().zip(1..).map(|(i, position)| (references[*i].clone(), position.to_string())).collect();
    assert_eq!(queue_of(&list), expected);

    // The next place released is theirs.
    assert_eq!(act(&app, &koryo, &references[0], "decline", "").await.0, 303);
    assert_eq!(status_of(&app, &references[3]).await, "submitted");
    assert_eq!(status_of(&app, &references[1]).await, "waitlisted");
}

#[tokio::test]
async fn the_secretariat_changes_a_quota_at_run_time_and_promotion_follows() {
    let policy = crate::app::policy_with("licensed_operator = { total = 500 }", "licensed_operator = { total = 2 }");
    let app = crate::app::spawn_app_with(policy, crate::app::OPEN_DAY).await;
    let mut references = Vec::new();
    for n in 1..=4 {
        references.push(amateur(&app, "DE", &format!("Q700000{n}")).await);
    }
    let secretariat = signed_in(&app, "s@race.example", Organisation::Secretariat).await;
    let (_, dashboard) = page(&app, &secretariat, "/admin/dashboard").await;
    let row = "tr[data-quota='licensed_operator-total']";
    assert_eq!(
        (text_of(&dashboard, &format!("{row} .held")), text_of(&dashboard, &format!("{row} .waiting"))),
        ("2".to_owned(), "2".to_owned())
    );
    let change = |places: &'static str| [("channel", "licensed_operator"), ("scope", "total"), ("places", places)];

    // Raised by one: the first waiting takes the new place, at once.
    let (status, message) = dashboard_post(&app, &secretariat, "/admin/quotas", &change("3")).await;
    assert_eq!(status, 200);
    assert!(message.contains("2 → 3") && message.contains(&references[2]), "{message}");
    assert_eq!(status_of(&app, &references[2]).await, "submitted");
    assert_eq!(status_of(&app, &references[3]).await, "waitlisted");
    let promoted_email = app.query_rows("SELECT kind FROM outbox WHERE kind = 'promoted'").await.len();
    assert_eq!(promoted_email, 1);

    // Not a number: explained, nothing changed.
    let (status, message) = dashboard_post(&app, &secretariat, "/admin/quotas", &change("30O")).await;
    assert_eq!(status, 422);
    assert!(message.contains("\"30O\" is not a number of places"), "{message}");

    // Lowered under the places held: nobody loses theirs, newcomers wait.
    let (_, message) = dashboard_post(&app, &secretariat, "/admin/quotas", &change("1")).await;
    assert!(message.contains("3 → 1") && message.contains("Nobody was promoted"), "{message}");
    let held = app.query_rows("SELECT id FROM registrations WHERE status = 'submitted'").await.len();
    assert_eq!(held, 3);
    let late = register(&app, json!({"nationality": "FR", "passport_number": "Q7000009"})).await;
    assert_eq!(status_of(&app, &late).await, "waitlisted");

    // Only the secretariat changes places.
    let koryo = signed_in(&app, "k@koryo.example", Organisation::LicensedOperator).await;
    let csrf = csrf_from(&koryo, &app.url("/admin/entries")).await;
    let mut form = change("500").to_vec();
    form.push(("csrf_token", &csrf));
    assert_eq!(koryo.post(app.url("/admin/quotas")).form(&form).send().await.unwrap().status(), 404);

    // Blank: back to the policy's number, 2; still over it, so nobody moves.
    let (_, message) = dashboard_post(&app, &secretariat, "/admin/quotas", &change("")).await;
    assert!(message.contains("1 → 2") && message.contains("Nobody was promoted"), "{message}");
    let audited: Vec<String> = app
        .query_rows("SELECT detail FROM operator_audit WHERE action = 'quota_changed' ORDER BY id")
        .await
        .iter()
        .map(|r| r.get("detail"))
        .collect();
    assert_eq!(
        audited,
        [
            "licensed_operator total: 2 -> 3; 1 promoted",
            "licensed_operator total: 3 -> 1; 0 promoted",
            "licensed_operator total: 1 -> 2 (the policy's); 0 promoted"
        ]
    );
}

#[tokio::test]
async fn the_ministry_list_compares_margins_of_different_races_as_shares_of_their_standards() {
    let app = spawn_app().await;
    let elite = |nationality: &str, passport: &str, distance: &str, time: &str| {
        json!({"nationality": nationality, "passport_number": passport, "category": "elite", "sex": "male",
               "distance": distance, "qualifying_time": time, "qualifying_date": "2026-10-04",
               "qualifying_race": "Berlin 2026", "qualifying_evidence_url": "https://results.example.org/berlin"})
    };
    // 45 s under the 13:45 standard of the 5 km is 5.5 %; 300 s under the marathon’s 2:11:45, 3.8 %.
    let five_k = register(&app, elite("ET", "E5100001", "5k", "13:00")).await;
    let marathon = register(&app, elite("KE", "E5100002", "full", "2:06:45")).await;
    let ministry = signed_in(&app, "m@sport.example", Organisation::Ministry).await;
    let (_, list) = page(&app, &ministry, "/admin/entries?order=margin").await;
    let order: Vec<String> = select(&list, "table.entries a.reference").iter().map(|a| a.text().collect()).collect();
    assert_eq!(order, [five_k, marathon], "the wider share of its standard first, as invitations go");
}

#[tokio::test]
async fn the_ministry_queue_runs_by_margin_and_a_countrys_second_invitation_is_refused() {
    let app = spawn_app().await;
    let slower = elite(&app, "E5000001").await;
    let faster = register(
        &app,
        json!({"nationality": "KE", "passport_number": "E5000002", "category": "elite", "sex": "male", "distance": "full",
               "qualifying_time": "2:06:10", "qualifying_date": "2026-10-04", "qualifying_race": "Berlin 2026",
               "qualifying_evidence_url": "https://results.example.org/berlin"}),
    )
    .await;
    app.set_now(time::macros::datetime!(2027-01-11 10:00 +09:00));
    let ministry = signed_in(&app, "m@sport.example", Organisation::Ministry).await;
    let (_, list) = page(&app, &ministry, "/admin/entries").await;
    let order: Vec<String> = select(&list, "table.entries a.reference").iter().map(|a| a.text().collect()).collect();
    assert_eq!(order, [faster.clone(), slower.clone()], "widest margin under the standard first");
    assert!(!text_of(&list, "td.margin").is_empty());

    assert_eq!(act(&app, &ministry, &faster, "invite", "").await.0, 303);
    let (status, refused) = act(&app, &ministry, &slower, "invite", "").await;
    assert_eq!(status, 409);
    let notice = text_of(&refused, ".notice");
    assert!(notice.contains("Kenya may have 1 invited male runner") && notice.contains(&faster), "{notice}");
    assert_eq!(status_of(&app, &slower).await, "submitted");
}

#[tokio::test]
async fn operators_see_which_entries_have_not_confirmed_their_email_address() {
    let app = spawn_app().await;
    let reference = amateur(&app, "DE", "E3000077").await;
    let koryo = signed_in(&app, "k@koryo.example", Organisation::LicensedOperator).await;
    let (status, list) = page(&app, &koryo, "/admin/entries").await;
    assert_eq!(status, 200);
    assert_eq!(text_of(&list, ".tag.unconfirmed"), "email not confirmed");
    let (_, entry) = page(&app, &koryo, &format!("/admin/entries/{reference}")).await;
    assert!(
        entry.html().contains("not confirmed: the entry lapses 2026-11-23 03:00 UTC unless confirmed"),
        "{}",
        text_of(&entry, "dl.facts")
    );
}

#[tokio::test]
async fn pages_have_an_icon_a_description_and_no_table_header_without_a_name() {
    let app = spawn_app().await;
    let icon = app.get("/favicon.ico").await;
    assert_eq!((icon.status().as_u16(), icon.headers()["content-type"].to_str().unwrap()), (200, "image/svg+xml"));
    assert_eq!(app.get("/static/icon.svg").await.status().as_u16(), 200);
    let (_, form) = app.get_html("/register").await;
    assert!(!attr_of(&form, "meta[name=description]", "content").is_empty());
    assert_eq!(attr_of(&form, "link[rel=icon]", "href"), "/static/icon.svg");

    let reference = amateur(&app, "DE", "E3000078").await;
    let secretariat = signed_in(&app, "s@race.example", Organisation::Secretariat).await;
    let koryo = signed_in(&app, "k@koryo.example", Organisation::LicensedOperator).await;
    for (client, path) in
        [(&secretariat, "/admin/dashboard".to_owned()), (&koryo, format!("/admin/entries/{reference}"))]
    {
        let (status, html) = page(&app, client, &path).await;
        assert_eq!(status, 200, "{path}");
        assert!(!attr_of(&html, "meta[name=description]", "content").is_empty(), "{path}");
        for header in select(&html, "th") {
            assert!(
                !header.text().collect::<String>().trim().is_empty(),
                "{path}: an empty header cell {}",
                header.html()
            );
        }
    }
}

#[tokio::test]
async fn search_finds_names_in_any_case_and_script_in_either_order_with_or_without_the_space() {
    let app = spawn_app().await;
    let ivanova = register(
        &app,
        json!({"given_name": "Анна", "family_name": "Иванова", "nationality": "RU", "passport_number": "E3000081"}),
    )
    .await;
    let wang = register(
        &app,
        json!({"given_name": "小明", "family_name": "王", "nationality": "FR", "passport_number": "E3000082"}),
    )
    .await;
    let tsoi = register(
        &app,
        json!({"given_name": "Виктор", "family_name": "Цой", "nationality": "DE", "passport_number": "E3000083"}),
    )
    .await;
    let koryo = signed_in(&app, "k@koryo.example", Organisation::LicensedOperator).await;
    let found = async |query: &str| {
        let url = reqwest::Url::parse_with_params("http://pim/admin/entries", [("q", query)]).unwrap();
        let (_, list) = page(&app, &koryo, &format!("/admin/entries?{}", url.query().unwrap())).await;
        select(&list, "td a.reference").iter().map(|a| a.text().collect::<String>()).collect::<Vec<_>>()
    };
    for query in ["иванова", "ИВАНОВА", "Анна Иванова", "иванова анна", "АннаИванова"]
    {
        assert_eq!(found(query).await, [ivanova.as_str()], "{query}");
    }
    for query in ["王小明", "王 小明", "小明 王"] {
        assert_eq!(found(query).await, [wang.as_str()], "{query}");
    }
    assert_eq!(found("цой").await, [tsoi.as_str()]);
    assert!(found("李").await.is_empty());
}

#[tokio::test]
async fn a_database_failure_is_answered_try_again_never_not_found() {
    let app = spawn_app().await;
    let reference = amateur(&app, "DE", "E3000079").await;
    let koryo = signed_in(&app, "k@koryo.example", Organisation::LicensedOperator).await;
    assert_eq!(page(&app, &koryo, &format!("/admin/entries/{reference}")).await.0, 200);

    // The history cannot be read: the entry is there, so not a 404.
    app.db.execute("ALTER TABLE audit_log RENAME TO audit_log_away").await;
    let (status, html) = page(&app, &koryo, &format!("/admin/entries/{reference}")).await;
    assert_eq!((status, text_of(&html, "h1").as_str()), (503, "Try again"));
    app.db.execute("ALTER TABLE audit_log_away RENAME TO audit_log").await;

    // Nor can the entry itself: still "try again", for the page and for every action on it.
    let csrf = csrf_from(&koryo, &app.url(&format!("/admin/entries/{reference}"))).await;
    app.db.execute("ALTER TABLE registrations RENAME TO registrations_away").await;
    assert_eq!(page(&app, &koryo, &format!("/admin/entries/{reference}")).await.0, 503);
    let form = [("action", "accept"), ("note", ""), ("version", "1"), ("csrf_token", csrf.as_str())];
    let response = koryo.post(app.url(&format!("/admin/entries/{reference}/review"))).form(&form).send().await.unwrap();
    assert_eq!(response.status().as_u16(), 503);
    app.db.execute("ALTER TABLE registrations_away RENAME TO registrations").await;
    assert_eq!(page(&app, &koryo, &format!("/admin/entries/{reference}")).await.0, 200, "and back once it answers");
}

#[tokio::test]
async fn elite_invitations_go_strictly_by_qualifying_time_once_the_elite_window_has_closed() {
    let app = spawn_app().await;
    let ethiopian = |passport: &'static str, time: &'static str| {
        json!({"nationality": "ET", "passport_number": passport, "category": "elite", "sex": "male", "distance": "full",
               "qualifying_time": time, "qualifying_date": "2026-10-04", "qualifying_race": "Berlin 2026",
               "qualifying_evidence_url": "https://results.example.org/berlin"})
    };
    let slower = register(&app, ethiopian("E6000001", "2:11:00")).await;
    let faster = register(&app, ethiopian("E6000002", "2:06:00")).await;
    let ministry = signed_in(&app, "m@sport.example", Organisation::Ministry).await;

    // While elite applications are open, a faster runner may still come: no invitation yet.
    let (status, refused) = act(&app, &ministry, &faster, "invite", "").await;
    assert_eq!(status, 409);
    assert!(
        text_of(&refused, ".notice").contains("invitations open on 11 January 2027"),
        "{}",
        text_of(&refused, ".notice")
    );

    app.set_now(time::macros::datetime!(2027-01-11 10:00 +09:00));
    let ministry = signed_in(&app, "m2@sport.example", Organisation::Ministry).await;
    let (status, refused) = act(&app, &ministry, &slower, "invite", "").await;
    assert_eq!(status, 409, "the slower one cannot be invited while the faster waits");
    let notice = text_of(&refused, ".notice");
    assert!(notice.contains("strictly by qualifying time") && notice.contains(&faster), "{notice}");
    assert_eq!(status_of(&app, &slower).await, "submitted");

    // The faster one's evidence does not hold: declined with the reason, the slower one is next.
    assert_eq!(act(&app, &ministry, &faster, "decline", "The linked result could not be verified.").await.0, 303);
    assert_eq!(act(&app, &ministry, &slower, "invite", "").await.0, 303);
    assert_eq!(status_of(&app, &slower).await, "invited");
}

#[tokio::test]
async fn a_review_tells_the_runner_its_note_on_the_status_page_and_keeps_the_internal_note_for_operators() {
    let app = spawn_app().await;
    let mut body: serde_json::Map<String, Value> =
        valid_fields().into_iter().map(|(k, v)| (k.to_owned(), json!(v))).collect();
    body.insert("consent".into(), json!(true));
    body.insert("nationality".into(), json!("CN"));
    let reply: Value =
        app.client.post(app.url("/api/v1/registrations")).json(&body).send().await.unwrap().json().await.unwrap();
    let reference = reply["reference"].as_str().unwrap().to_owned();
    let status_url = reply["status_url"].as_str().unwrap();
    let status_path = status_url[status_url.find("/registrations/").unwrap()..].to_owned();
    let agency = signed_in(&app, "s@agency.example", Organisation::StateAgency).await;

    let csrf = csrf_from(&agency, &app.url(&format!("/admin/entries/{reference}"))).await;
    let to_runner = "Please send a scan of your passport's data page.";
    let internal = "Visa desk says the photo was blurred last time.";
    let form = [
        ("action", "request_information"),
        ("note", to_runner),
        ("internal_note", internal),
        ("version", "1"),
        ("csrf_token", csrf.as_str()),
    ];
    let response =
        agency.post(app.url(&format!("/admin/entries/{reference}/review"))).form(&form).send().await.unwrap();
    assert_eq!(response.status().as_u16(), 303);

    // The runner reads the note on the status page and in the email, never the internal one.
    let (_, status) = app.get_html(&status_path).await;
    let timeline = text_of(&status, "ol.timeline");
    assert!(timeline.contains("Registration received"), "{timeline}");
    assert!(timeline.contains("More information asked for by the DPRK state travel agencies"), "{timeline}");
    assert_eq!(text_of(&status, "ol.timeline blockquote.note-to-runner"), to_runner);
    assert!(!text_of(&status, "main").contains(internal));
    assert!(!text_of(&status, "main").contains("s@agency.example"), "the operator is not named");
    let payloads: Vec<String> = app
        .query_rows("SELECT payload FROM outbox WHERE kind = 'information_requested'")
        .await
        .iter()
        .map(|row| row.get("payload"))
        .collect();
    assert_eq!(payloads.len(), 1);
    assert!(payloads[0].contains(to_runner) && !payloads[0].contains(internal), "{}", payloads[0]);

    // Operators see both.
    let (_, entry) = page(&app, &agency, &format!("/admin/entries/{reference}")).await;
    let trail = text_of(&entry, "table.trail");
    assert!(trail.contains(to_runner) && trail.contains(internal), "{trail}");
}

#[tokio::test]
async fn each_view_of_a_whole_passport_number_is_in_the_entrys_history() {
    let app = spawn_app().await;
    let reference = amateur(&app, "DE", "E7000123").await;
    let koryo = signed_in(&app, "k@koryo.example", Organisation::LicensedOperator).await;
    let secretariat = signed_in(&app, "s@race.example", Organisation::Secretariat).await;
    let path = format!("/admin/entries/{reference}");
    let (_, shown) = page(&app, &koryo, &path).await;
    assert!(text_of(&shown, "dl.facts").contains("E7000123"), "the visa's organisation sees it whole");
    page(&app, &koryo, &path).await;
    let (_, masked) = page(&app, &secretariat, &path).await;
    assert!(!text_of(&masked, "dl.facts").contains("E7000123") && text_of(&masked, "dl.facts").contains("123"));
    let views = app.query_rows("SELECT actor FROM audit_log WHERE action = 'passport_viewed' ORDER BY id").await;
    let actors: Vec<String> = views.iter().map(|row| row.get("actor")).collect();
    assert_eq!(actors, ["k@koryo.example", "k@koryo.example"], "each view, by whom; a masked one is none");
    // The runner's status page never shows who looked.
    let status = app.query_rows("SELECT payload FROM outbox ORDER BY id").await[0].get::<String, _>("payload");
    let status: Value = serde_json::from_str(&status).unwrap();
    let url = status["status_url"].as_str().unwrap();
    let (_, runner) = app.get_html(&url[url.find("/registrations/").unwrap()..]).await;
    assert!(!text_of(&runner, "main").contains("k@koryo.example"));
}
