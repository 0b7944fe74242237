//! Runners registering through the HTML form, over HTTP against the running server.

use scraper::Html;
use sqlx::Row;
use time::macros::datetime;

use crate::app::{attr_of, select, spawn_app, spawn_app_at, text_of, valid_fields, with};

/// Changes to the valid form, as (field, value) pairs.
type Changes = &'static [(&'static str, &'static str)];

#[tokio::test]
async fn each_channel_gets_its_registrations_with_a_confirmation_and_a_stored_row() {
    let app = spawn_app().await;
    let cases = [
        (vec![("nationality", "SG"), ("passport_number", "E1111111")], "licensed_operator", "Koryo Tours"),
        (vec![("nationality", "CN"), ("passport_number", "E2222222")], "state_agency", "state travel agencies"),
        (
            vec![
                ("nationality", "KE"),
                ("passport_number", "E3333333"),
                ("category", "elite"),
                ("sex", "male"),
                ("distance", "full"),
                ("qualifying_time", "2:09:30"),
                ("qualifying_date", "2026-10-04"),
                ("qualifying_race", "Berlin Marathon 2026"),
                ("qualifying_evidence_url", "https://results.example.org/berlin-2026"),
            ],
            "elite_invitation",
            "Ministry of Physical Culture and Sports",
        ),
    ];
    for (changes, channel, organisation) in cases {
        let response = app.register(&with(&valid_fields(), &changes)).await;
        let (status, page) = app.follow(response).await;
        assert_eq!(status, 200);
        let reference = text_of(&page, ".reference");
        assert!(reference.starts_with("PIM-") && reference.len() == 13, "{reference}");
        assert!(text_of(&page, "dl.facts").contains(organisation), "{channel}");
        assert!(!text_of(&page, "ol").is_empty(), "next steps are listed");

        // Committed means acknowledged: a second connection sees the row.
        let rows =
            app.query_rows(&format!("SELECT channel, status FROM registrations WHERE reference = '{reference}'")).await;
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].get::<String, _>("channel"), channel);
        assert_eq!(rows[0].get::<String, _>("status"), "submitted");
    }
    let audited = app.query_rows("SELECT id FROM audit_log WHERE action = 'submitted'").await;
    assert_eq!(audited.len(), 3);
}

#[tokio::test]
async fn the_status_link_shows_the_status_and_a_wrong_link_shows_nothing() {
    let app = spawn_app().await;
    let (status, confirmation) = app.follow(app.register(&valid_fields()).await).await;
    assert_eq!(status, 200);
    let status_link = attr_of(&confirmation, "a[href^='/registrations/']", "href");
    let (status, page) = app.get_html(&status_link).await;
    assert_eq!(status, 200);
    assert!(text_of(&page, ".status").starts_with("Received"));
    assert_eq!(text_of(&page, ".reference"), text_of(&confirmation, ".reference"));
    let wrong = format!("/registrations/{}", "A".repeat(26));
    assert_eq!(app.get_html(&wrong).await.0, 404);
    assert_eq!(app.get_html("/registrations/not-a-token").await.0, 404);
}

#[tokio::test]
async fn each_kind_of_bad_input_comes_back_beside_its_field_with_the_values_kept() {
    let app = spawn_app().await;
    let cases: &[(Changes, &str, &str)] = &[
        (&[("nationality", "XX")], "nationality", "is not an ISO 3166-1 country code"),
        (&[("date_of_birth", "1990-02-30")], "date_of_birth", "1990-02-30 is not a real date"),
        (&[("date_of_birth", "30/01/1990")], "date_of_birth", "YYYY-MM-DD"),
        (&[("email", "anna.example.org")], "email", "Enter an email address"),
        (&[("given_name", "")], "given_name", "Enter your given name"),
        (&[("passport_expiry", "2027-09-30")], "passport_expiry", "valid until at least 11 October 2027"),
        (&[("passport_number", "A1")], "passport_number", "5 to 20 letters and digits"),
        (&[("emergency_contact_phone", "call me")], "emergency_contact_phone", "with its country code"),
        (&[("consent", "")], "consent", "Please agree to the processing"),
        (
            &[
                ("category", "elite"),
                ("qualifying_time", "2:75:00"),
                ("qualifying_date", "2026-10-04"),
                ("qualifying_race", "Berlin"),
                ("qualifying_evidence_url", "https://example.org/r"),
            ],
            "qualifying_time",
            "Minutes and seconds must be between 00 and 59",
        ),
        (
            &[
                ("category", "elite"),
                ("qualifying_time", "2:10:00"),
                ("qualifying_date", "2026-10-04"),
                ("qualifying_race", "Berlin"),
                ("qualifying_evidence_url", "javascript:alert(1)"),
            ],
            "qualifying_evidence_url",
            "starting with https://",
        ),
    ];
    for (changes, field, message) in cases {
        let fields = with(&valid_fields(), changes);
        let response = app.register(&fields).await;
        assert_eq!(response.status().as_u16(), 422, "{field}");
        let page = Html::parse_document(&response.text().await.unwrap());
        let shown = text_of(&page, &format!("#{field}-error"));
        assert!(shown.contains(message), "{field}: {shown:?}");
        // What the runner typed is still there.
        for (name, value) in
            fields.iter().filter(|(name, _)| ["given_name", "email", "passport_number", "date_of_birth"].contains(name))
        {
            assert_eq!(attr_of(&page, &format!("input[name={name}]"), "value"), *value, "{field}: {name} kept");
        }
        assert_eq!(attr_of(&page, "select[name=nationality] option[selected]", "value"), {
            let typed = fields.iter().find(|(n, _)| *n == "nationality").map(|(_, v)| v.as_str()).unwrap();
            if typed == "XX" { "" } else { typed }
        });
        assert!(!select(&page, "input[name=distance][value=half][checked]").is_empty(), "{field}: distance kept");
    }
    assert_eq!(app.count_registrations().await, 0, "nothing invalid is stored");
}

#[tokio::test]
async fn the_summary_lists_the_problems_in_form_order_with_links_to_the_fields() {
    let app = spawn_app().await;
    let response = app.register(&with(&valid_fields(), &[("consent", ""), ("given_name", ""), ("email", "x")])).await;
    let page = Html::parse_document(&response.text().await.unwrap());
    let links: Vec<_> =
        select(&page, ".notice li a").iter().map(|a| a.value().attr("href").unwrap().to_owned()).collect();
    assert_eq!(links, ["#given_name", "#email", "#consent"]);
}

#[tokio::test]
async fn ineligible_applicants_are_told_why_and_what_they_can_do_and_nothing_is_stored() {
    let app = spawn_app().await;
    let cases: &[(Changes, &str)] = &[
        (&[("date_of_birth", "2010-01-01"), ("distance", "full")], "At that age you can enter the half marathon"),
        (
            &[
                ("category", "elite"),
                ("sex", "female"),
                ("distance", "full"),
                ("qualifying_time", "2:45:00"),
                ("qualifying_date", "2026-10-04"),
                ("qualifying_race", "Berlin"),
                ("qualifying_evidence_url", "https://example.org/r"),
            ],
            "You may enter the full marathon as an amateur instead.",
        ),
        (&[("nationality", "KP")], "Citizens of the DPRK enter through their national athletics federation"),
    ];
    for (changes, explanation) in cases {
        let response = app.register(&with(&valid_fields(), changes)).await;
        assert_eq!(response.status().as_u16(), 422);
        let page = Html::parse_document(&response.text().await.unwrap());
        assert!(text_of(&page, ".notice").contains(explanation), "{:?}", text_of(&page, ".notice"));
        assert_eq!(attr_of(&page, "input[name=given_name]", "value"), "Anna");
    }
    assert_eq!(app.count_registrations().await, 0);
}

#[tokio::test]
async fn a_second_entry_on_the_same_passport_is_refused_beside_the_passport_field() {
    let app = spawn_app().await;
    assert_eq!(app.register(&valid_fields()).await.status().as_u16(), 303);
    let again = with(&valid_fields(), &[("given_name", "Someone"), ("passport_number", "c01x 00t47")]);
    let response = app.register(&again).await;
    assert_eq!(response.status().as_u16(), 409);
    let page = Html::parse_document(&response.text().await.unwrap());
    assert!(text_of(&page, "#passport_number-error").contains("already has an entry for this edition"));
    assert_eq!(app.count_registrations().await, 1);
}

#[tokio::test]
async fn a_double_click_stores_one_registration_and_both_clicks_reach_the_same_confirmation() {
    let app = spawn_app().await;
    let (csrf, submission) = app.open_form().await;
    let fields = valid_fields();
    let (first, second) =
        tokio::join!(app.post_form(&fields, &csrf, &submission), app.post_form(&fields, &csrf, &submission));
    assert_eq!((first.status().as_u16(), second.status().as_u16()), (303, 303));
    assert_eq!(first.headers()["location"], second.headers()["location"]);
    assert_eq!(app.count_registrations().await, 1);
}

#[tokio::test]
async fn the_status_link_secret_is_the_servers_never_the_submission_id_a_client_sends() {
    let app = spawn_app().await;
    let status_link = |response: &reqwest::Response| {
        let location = response.headers()["location"].to_str().unwrap();
        location.trim_start_matches("/registrations/").trim_end_matches("/confirmation").to_owned()
    };
    // A made-up id of the status link's very shape is not taken as the secret.
    let made_up = "ABCDEFGHJKLMNPQRSTUVWXYZ23";
    let (csrf, _) = app.open_form().await;
    let response = app.post_form(&valid_fields(), &csrf, made_up).await;
    assert_eq!(response.status().as_u16(), 303);
    let secret = status_link(&response);
    assert_ne!(secret, made_up);
    assert_eq!(app.get(&format!("/registrations/{made_up}")).await.status().as_u16(), 404);
    assert_eq!(app.get(&format!("/registrations/{secret}")).await.status().as_u16(), 200);

    // The form's own id, seen in the page by anyone who has it, is not the secret either.
    let (csrf, submission) = app.open_form().await;
    let fields = crate::app::with(&valid_fields(), &[("passport_number", "C01X00T99")]);
    let response = app.post_form(&fields, &csrf, &submission).await;
    let secret = status_link(&response);
    assert!(
        !secret.is_empty() && !submission.contains(&secret) && !secret.contains(submission.split('.').next().unwrap())
    );
}

#[tokio::test]
async fn a_post_without_or_with_a_wrong_anti_forgery_token_changes_nothing() {
    let app = spawn_app().await;
    let (csrf, submission) = app.open_form().await;
    for token in ["", "bm90IHRoZSB0b2tlbg==", &csrf[..csrf.len() - 4]] {
        let response = app.post_form(&valid_fields(), token, &submission).await;
        assert_eq!(response.status().as_u16(), 403, "token {token:?}");
        let page = Html::parse_document(&response.text().await.unwrap());
        assert!(text_of(&page, ".notice").contains("Nothing was saved"));
    }
    // Without the cookie the form's token means nothing.
    let stranger = reqwest::Client::new();
    let mut body = valid_fields();
    body.push(("csrf_token", csrf.clone()));
    let response = stranger.post(app.url("/register")).form(&body).send().await.unwrap();
    assert_eq!(response.status().as_u16(), 403);
    // A cross-site post from a browser is refused before the form is read.
    let response = stranger
        .post(app.url("/register"))
        .header("sec-fetch-site", "cross-site")
        .header("origin", "https://evil.example")
        .form(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 403);
    assert_eq!(app.count_registrations().await, 0);
}

#[tokio::test]
async fn registration_is_refused_outside_its_window() {
    let app = spawn_app_at(datetime!(2026-10-31 23:59 +09:00)).await;
    let (status, page) = app.get_html("/register").await;
    assert_eq!(status, 200);
    assert_eq!(text_of(&page, "h1"), "Registration has not opened yet");
    assert!(text_of(&page, "main").contains("1 November 2026 at 00:00 (UTC+09:00)"));

    // The runner opened the form just before opening; posting it a minute early is refused.
    app.set_now(datetime!(2026-11-01 00:00 +09:00));
    let (csrf, submission) = app.open_form().await;
    app.set_now(datetime!(2026-10-31 23:59 +09:00));
    assert_eq!(app.post_form(&valid_fields(), &csrf, &submission).await.status().as_u16(), 403);

    // Elite applications close after 10 January (Pyongyang time); amateurs go on.
    let elite = with(
        &valid_fields(),
        &[
            ("category", "elite"),
            ("sex", "male"),
            ("distance", "full"),
            ("qualifying_time", "2:09:30"),
            ("qualifying_date", "2026-10-04"),
            ("qualifying_race", "Berlin"),
            ("qualifying_evidence_url", "https://example.org/r"),
        ],
    );
    app.set_now(datetime!(2027-01-11 00:00 +09:00));
    let response = app.post_form(&elite, &csrf, &submission).await;
    assert_eq!(response.status().as_u16(), 403);
    let page = Html::parse_document(&response.text().await.unwrap());
    assert!(text_of(&page, "main").contains("Elite applications closed on 10 January 2027"));
    let (_, form) = app.get_html("/register").await;
    assert!(text_of(&form, ".note").contains("Elite applications closed on 10 January 2027"));

    // The licensed operator closes after 14 March, the state agencies after 15 March.
    app.set_now(datetime!(2027-03-15 12:00 +09:00));
    assert_eq!(app.register(&valid_fields()).await.status().as_u16(), 403);
    let chinese = with(&valid_fields(), &[("nationality", "CN")]);
    assert_eq!(app.register(&chinese).await.status().as_u16(), 303);
    app.set_now(datetime!(2027-03-16 00:00 +09:00));
    let (_, page) = app.get_html("/register").await;
    assert_eq!(text_of(&page, "h1"), "Registration is closed");
    assert_eq!(app.count_registrations().await, 1);
}

#[tokio::test]
async fn hostile_and_non_latin_text_round_trips_exactly_and_is_escaped_on_every_page() {
    let app = spawn_app().await;
    let given = "<script>alert('x')</script> \"O'Brien\"";
    let family = "王小明'; DROP TABLE registrations; --";
    let contact = "김철수 <b>bold</b>";
    let fields =
        with(&valid_fields(), &[("given_name", given), ("family_name", family), ("emergency_contact_name", contact)]);

    // Re-rendered with an error: values come back escaped and intact.
    let response = app.register(&with(&fields, &[("email", "bad")])).await;
    let raw = response.text().await.unwrap();
    assert!(!raw.contains("<script>alert"), "the form escapes what it echoes");
    let page = Html::parse_document(&raw);
    assert_eq!(attr_of(&page, "input[name=given_name]", "value"), given);
    assert_eq!(attr_of(&page, "input[name=family_name]", "value"), family);

    let response = app.register(&fields).await;
    let location = response.headers()["location"].to_str().unwrap().to_owned();
    let confirmation = app.get(&location).await.text().await.unwrap();
    assert!(!confirmation.contains("<script>alert") && !confirmation.contains("<b>bold"));
    assert!(Html::parse_document(&confirmation).root_element().text().collect::<String>().contains(given));
    let status = app.get(&location.replace("/confirmation", "")).await.text().await.unwrap();
    assert!(!status.contains("<script>alert"));
    assert!(text_of(&Html::parse_document(&status), "dl.facts").contains(&format!("{given} {family}")));

    let rows = app.query_rows("SELECT reference, given_name, family_name FROM registrations").await;
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].get::<String, _>("given_name"), given);
    assert_eq!(rows[0].get::<String, _>("family_name"), family);
    // The emergency contact is sealed: it comes back exactly when the store opens it.
    let stored = app.stored_entry(&rows[0].get::<String, _>("reference")).await;
    assert_eq!(stored.emergency_contact_name, contact);
}

#[tokio::test]
async fn the_form_offers_every_country_and_each_race_with_its_fee_and_time_limit() {
    let app = spawn_app().await;
    let (_, page) = app.get_html("/register").await;
    assert_eq!(select(&page, "select[name=nationality] option[value]:not([value=''])").len(), 249);
    let races = text_of(&page, "#distance");
    for fact in ["USD 150", "USD 100", "USD 70", "time limit 4 h 30 min"] {
        assert!(races.contains(fact), "{fact} in {races}");
    }
    for name in [
        "given_name",
        "family_name",
        "email",
        "date_of_birth",
        "sex",
        "nationality",
        "passport_number",
        "passport_expiry",
        "distance",
        "category",
        "qualifying_time",
        "qualifying_date",
        "qualifying_race",
        "qualifying_evidence_url",
        "emergency_contact_name",
        "emergency_contact_phone",
        "consent",
        "csrf_token",
        "submission_id",
    ] {
        assert!(!select(&page, &format!("[name={name}]")).is_empty(), "field {name}");
        if !["csrf_token", "submission_id", "sex", "distance", "category", "consent"].contains(&name) {
            assert!(!select(&page, &format!("label[for={name}]")).is_empty(), "label for {name}");
        }
    }
}

#[tokio::test]
async fn pages_carry_security_headers_and_no_script() {
    let app = spawn_app().await;
    let response = app.get("/register").await;
    let headers = response.headers().clone();
    let csp = headers["content-security-policy"].to_str().unwrap();
    assert!(csp.contains("script-src 'none'") && csp.contains("frame-ancestors 'none'"));
    assert_eq!(headers["x-frame-options"], "DENY");
    assert_eq!(headers["x-content-type-options"], "nosniff");
    assert_eq!(headers["referrer-policy"], "no-referrer");
    assert!(headers.contains_key("x-request-id"));
    let cookie = headers["set-cookie"].to_str().unwrap().to_ascii_lowercase();
    assert!(cookie.contains("httponly") && cookie.contains("samesite=strict"), "{cookie}");
    let page = Html::parse_document(&response.text().await.unwrap());
    assert!(select(&page, "script").is_empty() && select(&page, "[style]").is_empty());
    assert_eq!(app.get("/").await.status().as_u16(), 303);
    assert_eq!(app.get("/healthz").await.status().as_u16(), 200);
    assert_eq!(app.get("/static/style.css").await.headers()["content-type"], "text/css; charset=utf-8");
}

#[tokio::test]
async fn a_runner_withdraws_from_the_status_page_and_the_passport_is_free_again() {
    let app = spawn_app().await;
    let (_, confirmation) = app.follow(app.register(&valid_fields()).await).await;
    let status_link = attr_of(&confirmation, "a[href^='/registrations/']", "href");
    let (_, page) = app.get_html(&status_link).await;
    let action = attr_of(&page, "form.withdraw", "action");
    assert_eq!(action, format!("{status_link}/withdraw"));
    let csrf = attr_of(&page, "form.withdraw input[name=csrf_token]", "value");

    let unconfirmed = app.client.post(app.url(&action)).form(&[("csrf_token", csrf.as_str())]).send().await.unwrap();
    assert_eq!(unconfirmed.status().as_u16(), 422);
    let forged =
        app.client.post(app.url(&action)).form(&[("csrf_token", "x"), ("confirm", "yes")]).send().await.unwrap();
    assert_eq!(forged.status().as_u16(), 403);
    let withdrawn = app
        .client
        .post(app.url(&action))
        .form(&[("csrf_token", csrf.as_str()), ("confirm", "yes")])
        .send()
        .await
        .unwrap();
    assert_eq!(withdrawn.status().as_u16(), 303);

    let (_, page) = app.get_html(&status_link).await;
    assert!(text_of(&page, ".status").starts_with("Withdrawn"));
    assert!(select(&page, "form.withdraw").is_empty(), "nothing more to withdraw");
    assert!(text_of(&page, "ol.timeline").contains("Withdrawn"), "the history says so");
    let kinds: Vec<String> =
        app.query_rows("SELECT kind FROM outbox ORDER BY id").await.iter().map(|row| row.get("kind")).collect();
    assert_eq!(kinds, ["registration_received", "withdrawn"], "the withdrawal is confirmed by email");
    let trail = app.query_rows("SELECT actor, action FROM audit_log ORDER BY id").await;
    assert_eq!(
        (trail[1].get::<String, _>("actor"), trail[1].get::<String, _>("action")),
        ("runner".into(), "withdraw".into())
    );
    // The passport may enter again.
    assert_eq!(app.register(&valid_fields()).await.status().as_u16(), 303);
}

#[tokio::test]
async fn when_places_run_out_the_runner_is_told_their_waiting_list_position() {
    let policy = crate::app::policy_with("licensed_operator = { total = 500 }", "licensed_operator = { total = 2 }");
    let app = crate::app::spawn_app_with(policy, crate::app::OPEN_DAY).await;
    for passport in ["E8000001", "E8000002"] {
        let (_, page) = app.follow(app.register(&with(&valid_fields(), &[("passport_number", passport)])).await).await;
        assert!(select(&page, ".waitlist").is_empty(), "a place is free");
    }
    let (_, page) = app.follow(app.register(&with(&valid_fields(), &[("passport_number", "E8000003")])).await).await;
    assert!(text_of(&page, ".waitlist").contains("you are number 1 on the waiting list"), "{}", text_of(&page, "main"));
    let status_link = attr_of(&page, "a[href^='/registrations/']", "href");
    let (_, status) = app.get_html(&status_link).await;
    assert_eq!(text_of(&status, ".waitlist-position"), "number 1");
    assert!(text_of(&status, ".status").starts_with("On the waiting list"));
    let kinds: Vec<String> =
        app.query_rows("SELECT kind FROM outbox ORDER BY id").await.iter().map(|r| r.get("kind")).collect();
    assert_eq!(kinds, ["registration_received", "registration_received", "waitlisted"]);
    // State-agency places are counted apart.
    let (_, page) = app
        .follow(app.register(&with(&valid_fields(), &[("nationality", "CN"), ("passport_number", "E8000004")])).await)
        .await;
    assert!(select(&page, ".waitlist").is_empty());
}

#[tokio::test]
async fn a_database_failure_is_answered_try_again_never_not_found_and_saves_nothing() {
    let app = spawn_app().await;
    let (_, confirmation) = app.follow(app.register(&valid_fields()).await).await;
    let status_link = attr_of(&confirmation, "a[href^='/registrations/']", "href");
    let (_, page) = app.get_html(&status_link).await;
    let csrf = attr_of(&page, "form.withdraw input[name=csrf_token]", "value");

    app.db.execute("ALTER TABLE registrations RENAME TO registrations_away").await;
    for path in [status_link.clone(), format!("{status_link}/confirmation")] {
        let (status, page) = app.get_html(&path).await;
        assert_eq!((status, text_of(&page, "h1").as_str()), (503, "Please try again in a minute"), "{path}");
    }
    let withdraw = [("csrf_token", csrf.as_str()), ("confirm", "yes")];
    let response = app.client.post(app.url(&format!("{status_link}/withdraw"))).form(&withdraw).send().await.unwrap();
    assert_eq!(response.status().as_u16(), 503);
    let (_, form) = app.get_html("/register").await;
    let csrf_form = attr_of(&form, "input[name=csrf_token]", "value");
    let submission = attr_of(&form, "input[name=submission_id]", "value");
    let other = with(&valid_fields(), &[("passport_number", "X9999999")]);
    let response = app.post_form(&other, &csrf_form, &submission).await;
    assert_eq!(response.status().as_u16(), 503);
    let page = Html::parse_document(&response.text().await.unwrap());
    assert!(text_of(&page, "main").contains("nothing was saved"), "{}", text_of(&page, "main"));
    app.db.execute("ALTER TABLE registrations_away RENAME TO registrations").await;

    assert_eq!(app.count_registrations().await, 1, "nothing saved meanwhile");
    let (status, page) = app.get_html(&status_link).await;
    assert_eq!((status, text_of(&page, "form.withdraw button").is_empty()), (200, false), "still withdrawable");
}

#[tokio::test]
async fn an_expired_withdraw_form_changes_nothing_and_says_so() {
    let app = spawn_app().await;
    let (_, confirmation) = app.follow(app.register(&valid_fields()).await).await;
    let status_link = attr_of(&confirmation, "a[href^='/registrations/']", "href");
    let form = [("csrf_token", "expired"), ("confirm", "yes")];
    let response = app.client.post(app.url(&format!("{status_link}/withdraw"))).form(&form).send().await.unwrap();
    assert_eq!(response.status().as_u16(), 403);
    let page = Html::parse_document(&response.text().await.unwrap());
    assert_eq!(text_of(&page, "h1"), "Please try again");
    assert!(text_of(&page, "main").contains("Nothing was changed"));
    let (_, status) = app.get_html(&status_link).await;
    assert!(!text_of(&status, "form.withdraw button").is_empty(), "still submitted, still withdrawable");
}

/// The blank form is rendered once and shared by every request: each opening still gets
/// a submission id of its own and an anti-forgery token that works, never a marker or
/// another opening's.
#[tokio::test]
async fn each_opening_of_the_shared_blank_form_gets_hidden_values_of_its_own() {
    let app = spawn_app().await;
    let (first_csrf, first) = app.open_form().await;
    let (second_csrf, second) = app.open_form().await;
    assert_ne!(first, second, "a submission id per opening");
    for value in [&first_csrf, &first, &second_csrf, &second] {
        assert!(!value.is_empty() && !value.contains('@'), "{value}");
    }
    let response = app.post_form(&valid_fields(), &first_csrf, &first).await;
    let (status, page) = app.follow(response).await;
    assert_eq!(status, 200);
    assert!(text_of(&page, ".reference").starts_with("PIM-"), "the first opening's form is taken");
}
