//! The runner corrects their details and changes race from the status link: checked by the
//! registration's rules and the race's places, audited with before and after, emailed, and
//! shown to the operator as what changed since they last looked.

use pim_domain::Organisation;
use scraper::Html;
use serde_json::json;
use sqlx::Row;

use crate::admin::{page, register, signed_in};
use crate::app::{OPEN_DAY, TestApp, attr_of, policy_with, spawn_app, spawn_app_with, text_of};

/// The status page's path of the newest entry, from its confirmation email in the outbox.
async fn status_path(app: &TestApp) -> String {
    let payload: String = app.query_rows("SELECT payload FROM outbox ORDER BY id DESC").await[0].get("payload");
    let payload: serde_json::Value = serde_json::from_str(&payload).unwrap();
    let url = payload["status_url"].as_str().unwrap();
    url[url.find("/registrations/").unwrap()..].to_owned()
}

/// Registers (the API, with `changes`) and returns the reference and status page path.
async fn entry(app: &TestApp, changes: serde_json::Value) -> (String, String) {
    let reference = register(app, changes).await;
    (reference, status_path(app).await)
}

/// Sends the corrections form of the entry at `status` with the form's own values, but
/// for `changes`. The status and the page shown (after the redirect, when it succeeded).
async fn correct(app: &TestApp, status: &str, changes: &[(&str, &str)]) -> (u16, Html) {
    let (code, form) = app.get_html(&format!("{status}/details")).await;
    assert_eq!(code, 200);
    let mut fields: Vec<(String, String)> = ["given_name", "family_name", "email", "emergency_contact_name"]
        .into_iter()
        .chain(["emergency_contact_phone", "csrf_token"])
        .map(|name| (name.to_owned(), attr_of(&form, &format!("input[name={name}]"), "value")))
        .collect();
    fields.push(("distance".into(), attr_of(&form, "input[name=distance][checked]", "value")));
    for (name, value) in changes {
        fields.retain(|(field, _)| field != name);
        fields.push(((*name).to_owned(), (*value).to_owned()));
    }
    let response = app.client.post(app.url(&format!("{status}/details"))).form(&fields).send().await.unwrap();
    let code = response.status().as_u16();
    if code == 303 {
        let location = response.headers()["location"].to_str().unwrap().to_owned();
        return (code, app.get_html(&location).await.1);
    }
    (code, Html::parse_document(&response.text().await.unwrap()))
}

async fn column(app: &TestApp, reference: &str, name: &str) -> String {
    let rows = app
        .query_rows(&format!("SELECT CAST({name} AS TEXT) AS v FROM registrations WHERE reference = '{reference}'"))
        .await;
    rows[0].get("v")
}

async fn history(app: &TestApp, action: &str) -> Vec<String> {
    let rows = app.query_rows(&format!("SELECT note FROM audit_log WHERE action = '{action}' ORDER BY id")).await;
    rows.iter().map(|row| row.get::<Option<String>, _>("note").unwrap_or_default()).collect()
}

async fn emails_of_kind(app: &TestApp, kind: &str) -> Vec<String> {
    let rows = app.query_rows(&format!("SELECT payload FROM outbox WHERE kind = '{kind}' ORDER BY id")).await;
    rows.iter().map(|row| row.get("payload")).collect()
}

#[tokio::test]
async fn a_corrected_name_is_audited_emailed_and_shown_to_the_operator_as_changed_since_they_looked() {
    let app = spawn_app().await;
    let (reference, status) = entry(&app, json!({"nationality": "DE", "passport_number": "E6000001"})).await;
    let koryo = signed_in(&app, "ops@koryo.example", Organisation::LicensedOperator).await;
    let entry_path = format!("/admin/entries/{reference}");
    assert!(text_of(&page(&app, &koryo, &entry_path).await.1, ".changed-since").is_empty(), "a first look");

    let (_, status_page) = app.get_html(&status).await;
    assert_eq!(attr_of(&status_page, "a.details-link", "href"), format!("{status}/details"));
    let (code, shown) = correct(&app, &status, &[("family_name", "Schmitt")]).await;
    assert_eq!(code, 303);
    assert!(text_of(&shown, ".notice").contains("your details are corrected"));
    assert!(text_of(&shown, ".timeline").contains("Family name: Schmidt → Schmitt"));
    assert_eq!(column(&app, &reference, "family_name").await, "Schmitt");
    assert_eq!(history(&app, "details_corrected").await, ["Family name: Schmidt → Schmitt"]);
    let emailed = emails_of_kind(&app, "details_changed").await;
    assert_eq!(emailed.len(), 1);
    assert!(emailed[0].contains("Family name: Schmidt → Schmitt"), "{}", emailed[0]);
    // The search finds the entry by its new name.
    let (_, list) = page(&app, &koryo, "/admin/entries?q=schmitt").await;
    assert_eq!(text_of(&list, "table.entries a.reference"), reference);

    // The operator is told once, then it is known.
    let (_, entry_page) = page(&app, &koryo, &entry_path).await;
    let changed = text_of(&entry_page, ".changed-since");
    assert!(changed.contains("details corrected: Family name: Schmidt → Schmitt"), "{changed}");
    assert!(text_of(&page(&app, &koryo, &entry_path).await.1, ".changed-since").is_empty());

    // A new passport needs its expiry too; with it, the number is kept masked in the history.
    let (code, shown) = correct(&app, &status, &[("passport_number", "N7654321")]).await;
    assert_eq!(code, 422);
    assert!(text_of(&shown, "#passport_expiry-error").contains("expiry date"));
    let (code, _) = correct(&app, &status, &[("passport_number", "N7654321"), ("passport_expiry", "2035-05-05")]).await;
    assert_eq!(code, 303);
    assert_eq!(app.stored_entry(&reference).await.line.passport_number.as_str(), "N7654321");
    let notes = history(&app, "details_corrected").await;
    assert!(notes[1].contains("•••••321") && !notes[1].contains("N7654321"), "{}", notes[1]);
    // Nothing different: nothing written.
    assert_eq!(correct(&app, &status, &[]).await.0, 422);
    assert_eq!(history(&app, "details_corrected").await.len(), 2);
}

#[tokio::test]
async fn the_fields_that_decide_the_routing_cannot_be_changed_here() {
    let app = spawn_app().await;
    let (reference, status) = entry(&app, json!({"nationality": "DE", "passport_number": "E6000002"})).await;
    let (_, form) = app.get_html(&format!("{status}/details")).await;
    let explained = text_of(&form, ".routing-fields");
    assert!(explained.contains("nationality, date of birth, sex and category"), "{explained}");
    assert!(explained.contains("withdraw this entry"), "{explained}");
    let changes = [("nationality", "CN"), ("category", "elite"), ("date_of_birth", "2001-01-01"), ("sex", "male")];
    let (code, _) = correct(&app, &status, &[changes.as_slice(), &[("given_name", "Anne")]].concat()).await;
    assert_eq!(code, 303);
    for (column_name, kept) in
        [("nationality", "DE"), ("category", "amateur"), ("sex", "female"), ("channel", "licensed_operator")]
    {
        assert_eq!(column(&app, &reference, column_name).await, kept, "{column_name} unchanged");
    }
    assert_eq!(column(&app, &reference, "given_name").await, "Anne");
    // A bad value is refused beside its field, and nothing changes.
    let (code, shown) = correct(&app, &status, &[("email", "not an address")]).await;
    assert_eq!(code, 422);
    assert!(!text_of(&shown, "#email-error").is_empty());
    assert_eq!(column(&app, &reference, "email").await, "anna@example.org");

    // After the channel's last day the page says why nothing can change, and nothing does.
    app.set_now(time::macros::datetime!(2027-03-20 12:00 +09:00));
    let (_, form) = app.get_html(&format!("{status}/details")).await;
    assert!(text_of(&form, ".closed").contains("Corrections closed on 14 March 2027"), "{}", text_of(&form, "main"));
    // The closed page has no form: the status page's token is as good.
    let csrf = attr_of(&app.get_html(&status).await.1, "input[name=csrf_token]", "value");
    let fields = [("csrf_token", csrf), ("given_name", "Ann".into())];
    let response = app.client.post(app.url(&format!("{status}/details"))).form(&fields).send().await.unwrap();
    assert_eq!(response.status().as_u16(), 409);
    assert_eq!(column(&app, &reference, "given_name").await, "Anne");
}

#[tokio::test]
async fn a_transfer_needs_a_place_in_the_new_race_and_gives_its_old_one_to_the_runner_waiting() {
    let policy = policy_with("licensed_operator = { total = 500 }", "licensed_operator = { total = 500, full = 1 }");
    let app = spawn_app_with(policy, OPEN_DAY).await;
    let (holder, holder_status) =
        entry(&app, json!({"nationality": "DE", "passport_number": "E6000003", "distance": "full"})).await;
    let (half, half_status) = entry(&app, json!({"nationality": "FR", "passport_number": "E6000004"})).await;
    let (waiting, _) =
        entry(&app, json!({"nationality": "IT", "passport_number": "E6000005", "distance": "full"})).await;
    assert_eq!(column(&app, &waiting, "status").await, "waitlisted");

    // The full marathon has no free place: refused with the reason, nothing changed.
    let version = column(&app, &half, "version").await;
    let (code, shown) = correct(&app, &half_status, &[("distance", "full")]).await;
    assert_eq!(code, 409);
    assert!(
        text_of(&shown, ".notice").contains("The full marathon has no free place now"),
        "{}",
        text_of(&shown, "main")
    );
    assert!(text_of(&shown, "#distance-error").contains("stays in the half marathon"));
    assert_eq!((column(&app, &half, "distance").await, column(&app, &half, "version").await), ("half".into(), version));
    assert!(history(&app, "transferred").await.is_empty());

    // The holder moves to the half: the full marathon's place goes to the runner waiting.
    let (code, shown) = correct(&app, &holder_status, &[("distance", "half")]).await;
    assert_eq!(code, 303);
    assert!(text_of(&shown, ".notice").contains("your entry is now for the race you chose"));
    assert_eq!(column(&app, &holder, "distance").await, "half");
    assert_eq!(history(&app, "transferred").await, ["Race: full marathon → half marathon"]);
    assert_eq!(column(&app, &waiting, "status").await, "submitted", "promoted");
    assert_eq!(emails_of_kind(&app, "transferred").await.len(), 1);
    assert_eq!(emails_of_kind(&app, "promoted").await.len(), 1);
}

#[tokio::test]
async fn an_elite_transfer_is_checked_against_the_new_races_standard() {
    let app = spawn_app().await;
    let (reference, status) = entry(
        &app,
        json!({"nationality": "KE", "passport_number": "E6000006", "category": "elite", "sex": "male",
               "distance": "full", "qualifying_time": "2:09:30", "qualifying_date": "2026-10-04",
               "qualifying_race": "Berlin 2026", "qualifying_evidence_url": "https://results.example.org/berlin"}),
    )
    .await;
    // A new race needs a time at that distance.
    let (code, shown) = correct(&app, &status, &[("distance", "half")]).await;
    assert_eq!(code, 422);
    assert!(text_of(&shown, "#qualifying_time-error").contains("qualifying time"));
    let half = [
        ("distance", "half"),
        ("qualifying_date", "2026-09-20"),
        ("qualifying_race", "Copenhagen Half 2026"),
        ("qualifying_evidence_url", "https://results.example.org/cph"),
    ];
    let (code, shown) = correct(&app, &status, &[half.as_slice(), &[("qualifying_time", "1:04:10")]].concat()).await;
    assert_eq!(code, 422);
    let notice = text_of(&shown, ".notice");
    assert!(notice.contains("cannot move to the half marathon") && notice.contains("1:02:00"), "{notice}");
    assert_eq!(column(&app, &reference, "distance").await, "full");

    let (code, _) = correct(&app, &status, &[half.as_slice(), &[("qualifying_time", "1:01:30")]].concat()).await;
    assert_eq!(code, 303);
    assert_eq!(column(&app, &reference, "distance").await, "half");
    assert_eq!(column(&app, &reference, "qualifying_time_seconds").await, "3690");
    assert_eq!(column(&app, &reference, "elite_margin_seconds").await, "30");
}
