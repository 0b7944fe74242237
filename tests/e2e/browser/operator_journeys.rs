//! The operators' journeys, at a desk: a state-agency operator reviews an entry and cannot
//! reach another organisation's; the secretariat changes places, exports, and sees counts
//! change.

use pim_domain::Organisation;
use serde_json::{Value, json};

use super::stack::{PASSWORD, Stack};
use super::{Browser, Viewport};

/// Registers a runner of `nationality` through the JSON API; returns the reference.
async fn register(stack: &Stack, nationality: &str, passport: &str, given_name: &str) -> String {
    let mut body: serde_json::Map<String, Value> =
        crate::app::valid_fields().into_iter().map(|(k, v)| (k.to_owned(), json!(v))).collect();
    body.insert("consent".into(), json!(true));
    body.insert("nationality".into(), json!(nationality));
    body.insert("passport_number".into(), json!(passport));
    body.insert("given_name".into(), json!(given_name));
    body.insert("passport_expiry".into(), json!("2036-02-02"));
    let response = reqwest::Client::new().post(stack.url("/api/v1/registrations")).json(&body).send().await.unwrap();
    assert_eq!(response.status().as_u16(), 201);
    response.json::<Value>().await.unwrap()["reference"].as_str().unwrap().to_owned()
}

async fn sign_in(page: &mut Browser, stack: &Stack, email: &str) {
    page.goto(&stack.url("/admin/login")).await;
    page.assert_accessible("sign-in").await;
    // The password field looks like the email field.
    let style = "const s = getComputedStyle(document.querySelector(arguments[0]));
                 return [s.borderTopWidth, s.paddingLeft, s.width].join(' ');";
    assert_eq!(page.script(style, vec![json!("#password")]).await, page.script(style, vec![json!("#email")]).await);
    page.type_into("email", email).await;
    page.type_into("password", PASSWORD).await;
    page.click("button[type=submit]").await;
    page.wait_for_page("/admin/entries", "table.entries").await;
}

/// The references listed on the entries page, in order.
async fn listed(page: &Browser) -> Vec<String> {
    let links = page.client.find_all(fantoccini::Locator::Css("table.entries a.reference")).await.unwrap();
    let mut references = Vec::new();
    for link in links {
        references.push(link.text().await.unwrap());
    }
    references
}

#[tokio::test(flavor = "multi_thread")]
async fn a_state_agency_operator_filters_opens_and_accepts_an_entry_but_cannot_open_a_koryo_one() {
    let Some(mut page) = Browser::open("state-agency-operator", Viewport::Desktop).await else { return };
    let stack = Stack::start("state-agency", &[("ops@agency.example", Organisation::StateAgency)]).await;
    let chinese = register(&stack, "CN", "E8000001", "Wei").await;
    let vietnamese = register(&stack, "VN", "E8000002", "Lan").await;
    let singaporean = register(&stack, "SG", "E8000003", "Mei").await;

    // A mistyped password is refused with an alert, the email kept.
    page.goto(&stack.url("/admin/login")).await;
    page.type_into("email", "ops@agency.example").await;
    page.type_into("password", "not the password").await;
    page.click("button[type=submit]").await;
    assert_eq!(page.wait_for_text("section.notice[role=alert]", "Wrong").await, "Wrong email or password.");
    assert_eq!(page.find("#email").await.prop("value").await.unwrap().unwrap(), "ops@agency.example");
    page.assert_accessible("sign-in-refused").await;

    sign_in(&mut page, &stack, "ops@agency.example").await;
    let mut own = listed(&page).await;
    own.sort();
    let mut expected = vec![chinese.clone(), vietnamese.clone()];
    expected.sort();
    assert_eq!(own, expected, "only the state agencies' entries");
    page.assert_accessible("entries").await;

    page.select("nationality", "CN").await;
    page.click("form.filters button[type=submit]").await;
    page.wait_for_page("/admin/entries", "table.entries").await;
    assert_eq!(listed(&page).await, std::slice::from_ref(&chinese), "filtered by nationality");
    page.assert_accessible("entries-filtered").await;

    page.click(&format!("a.reference[href='/admin/entries/{chinese}']")).await;
    page.wait_for_page(&format!("/admin/entries/{chinese}"), "form.review").await;
    page.assert_accessible("entry").await;
    page.type_into("note", "Welcome: your visa papers follow.").await;
    page.type_into("internal_note", "Passport checked against the scan.").await;
    page.click("form.review button[value=accept]").await;
    page.wait_for_page(&format!("/admin/entries/{chinese}"), "table.trail").await;
    // What was done is said calmly, as a status, not as an alert.
    assert_eq!(
        page.text("section.notice.done[role=status]").await,
        "Done: the entry is accepted. The runner is emailed."
    );
    let trail = page.text("table.trail").await;
    assert!(trail.contains("ops@agency.example") && trail.contains("accept"), "{trail}");
    assert!(trail.contains("Welcome: your visa papers follow."), "{trail}");
    assert!(trail.contains("Passport checked against the scan."), "{trail}");
    page.assert_accessible("entry-accepted").await;

    // Another organisation's entry, typed into the address bar: not found, as if absent.
    page.goto(&stack.url(&format!("/admin/entries/{singaporean}"))).await;
    assert_eq!(page.text("h1").await, "Not found");
    assert!(!page.text("main").await.contains(&singaporean));
    page.assert_accessible("admin-not-found").await;

    page.click("a[href='/admin/entries']").await;
    page.wait_for_page("/admin/entries", "table.entries").await;
    page.click("a[href='/admin/password']").await;
    page.wait_for_page("/admin/password", "input[type=password]").await;
    page.assert_accessible("password").await;
    page.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_secretariat_changes_a_quota_exports_csv_and_sees_the_counts_change() {
    let Some(mut page) = Browser::open("secretariat", Viewport::Desktop).await else { return };
    let stack = Stack::start("secretariat", &[("desk@secretariat.example", Organisation::Secretariat)]).await;
    sign_in(&mut page, &stack, "desk@secretariat.example").await;
    page.click("a[href='/admin/dashboard']").await;
    page.wait_for_page("/admin/dashboard", "table.quotas").await;
    page.assert_accessible("dashboard").await;

    let quota_row = "tr[data-quota='licensed_operator-total']";
    // A typo is refused as an alert, and nothing changes.
    page.find(&format!("{quota_row} input[name=places]")).await.clear().await.unwrap();
    page.find(&format!("{quota_row} input[name=places]")).await.send_keys("5o").await.unwrap();
    page.click(&format!("{quota_row} button")).await;
    let refused = page.wait_for_text("section.notice[role=alert]", "Nothing was changed").await;
    assert!(refused.contains("\"5o\" is not a number of places"), "{refused}");
    page.assert_accessible("dashboard-refused").await;

    // One place for the licensed operator: the second runner waits.
    page.find(&format!("{quota_row} input[name=places]")).await.clear().await.unwrap();
    page.find(&format!("{quota_row} input[name=places]")).await.send_keys("1").await.unwrap();
    page.click(&format!("{quota_row} button")).await;
    page.wait_for_text("section.notice.done[role=status]", "Changed: licensed_operator places").await;
    let first = register(&stack, "DE", "E9000001", "Anna").await;
    let second = register(&stack, "FR", "E9000002", "Chloé").await;
    page.goto(&stack.url("/admin/dashboard")).await;
    assert_eq!(page.text(&format!("{quota_row} td.held")).await, "1");
    assert_eq!(page.text(&format!("{quota_row} td.waiting")).await, "1");

    // The export, fetched as the browser downloads it (with the operator's session).
    page.goto(&stack.url("/admin/entries?channel=licensed_operator")).await;
    let href = page.find("a.export").await.attr("href").await.unwrap().unwrap();
    let fetch = "const done = arguments[arguments.length - 1];
                 fetch(arguments[0]).then(r => r.text()).then(done, e => done('failed: ' + e));";
    let csv = page.client.execute_async(fetch, vec![json!(href)]).await.unwrap();
    let csv = csv.as_str().unwrap();
    assert!(csv.starts_with("reference,channel,status"), "{csv}");
    assert!(csv.contains(&format!("{first},licensed_operator,submitted")), "{csv}");
    assert!(csv.contains(&format!("{second},licensed_operator,waitlisted")), "{csv}");

    // Two places: the waiting runner is promoted at once, and the counts say so.
    page.goto(&stack.url("/admin/dashboard")).await;
    page.find(&format!("{quota_row} input[name=places]")).await.clear().await.unwrap();
    page.find(&format!("{quota_row} input[name=places]")).await.send_keys("2").await.unwrap();
    page.click(&format!("{quota_row} button")).await;
    page.wait_for_page("/admin", "table.quotas").await;
    let main = page.text("main").await;
    assert!(main.contains(&format!("1 waiting entry was promoted and emailed: {second}")), "{main}");
    assert_eq!(page.text(&format!("{quota_row} td.held")).await, "2");
    assert_eq!(page.text(&format!("{quota_row} td.waiting")).await, "0");
    page.assert_accessible("dashboard-after-change").await;
    page.close().await;
}
