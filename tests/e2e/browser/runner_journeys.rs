//! The runners' journeys, on a phone: register, read the confirmation and the email,
//! open the status link, withdraw; an elite over the standard; three mistakes; the
//! keyboard only; JavaScript off; a runner from Shanghai in Chinese.

use fantoccini::key::Key;
use serde_json::json;

use super::stack::Stack;
use super::{Browser, Viewport};

/// A runner's answers, typed into the form.
struct Runner<'a> {
    given_name: &'a str,
    family_name: &'a str,
    email: &'a str,
    sex: &'a str,
    nationality: &'a str,
    passport: &'a str,
    distance: &'a str,
}

const MEI_TAN: Runner<'static> = Runner {
    given_name: "王小明",
    family_name: "Tan",
    email: "tan@example.sg",
    sex: "female",
    nationality: "SG",
    passport: "E7654321",
    distance: "full",
};

/// Fills in every answer of the form (the category is chosen by the caller).
async fn fill_in(page: &Browser, runner: &Runner<'_>) {
    page.type_into("given_name", runner.given_name).await;
    page.type_into("family_name", runner.family_name).await;
    page.type_into("email", runner.email).await;
    page.type_date("date_of_birth", "1991-08-09").await;
    page.click(&format!("input[name=sex][value={}]", runner.sex)).await;
    page.select("nationality", runner.nationality).await;
    page.type_into("passport_number", runner.passport).await;
    page.type_date("passport_expiry", "2036-02-02").await;
    page.click(&format!("input[name=distance][value='{}']", runner.distance)).await;
    page.type_into("emergency_contact_name", "Li Tan").await;
    page.type_into("emergency_contact_phone", "+65 6123 4567").await;
    page.click("#consent").await;
}

/// The value the form holds in the field `name`.
async fn value_of(page: &Browser, name: &str) -> String {
    page.find(&format!("[name={name}]")).await.prop("value").await.unwrap().unwrap_or_default()
}

#[tokio::test(flavor = "multi_thread")]
async fn a_runner_from_singapore_registers_opens_the_emailed_status_link_and_withdraws() {
    let Some(mut page) = Browser::open("runner-from-singapore", Viewport::Phone).await else { return };
    let stack = Stack::start("singapore", &[]).await;

    page.goto(&stack.url("/register")).await;
    page.assert_accessible("form").await;
    page.click("#category-amateur").await;
    fill_in(&page, &MEI_TAN).await;
    page.click("button[type=submit]").await;

    page.wait_for_page("/registrations/", ".reference").await;
    assert_eq!(page.text("h1").await, "Registration received");
    let main = page.text("main").await;
    assert!(main.contains("Thank you, 王小明."), "{main}");
    assert!(main.contains("even though Singapore is in Southeast Asia"), "{main}");
    assert!(main.contains("Koryo Tours"), "{main}");
    let reference = page.text(".reference").await;
    page.assert_accessible("confirmation").await;

    // The runner opens the link in the email, as from a mail app.
    let email = stack.email("registration received").await;
    assert!(email.contains(&reference), "{email}");
    let status_link = stack.link_in(&email, "/registrations/");
    // First the link that confirms the address: a page with a button (a mail scanner that
    // opens links confirms nothing).
    let confirm_link = stack.link_in(&email, "/confirm-email/");
    page.goto(&confirm_link).await;
    assert_eq!(page.text("h1").await, "Confirm your email address");
    page.assert_accessible("confirm-email").await;
    page.click("main form button").await;
    page.wait_for_text("h1", "Your email address is confirmed").await;
    page.assert_accessible("email-confirmed").await;

    page.goto(&status_link).await;
    page.wait_for_page("/registrations/", "dd.status").await;
    // Its title is text: the withdrawal form once sat inside <title>.
    assert_eq!(page.title().await, "Your registration · Pyongyang International Marathon");
    assert!(page.text("dd.status").await.starts_with("Received"), "{}", page.text("dd.status").await);
    page.assert_accessible("status").await;

    page.click("form.withdraw input[name=confirm]").await;
    page.click("form.withdraw button").await;
    page.wait_for_text("dd.status", "Withdrawn").await;
    page.assert_accessible("withdrawn").await;
    let confirmed = stack.email("entry withdrawn").await;
    assert!(confirmed.contains("is withdrawn, as you asked"), "{confirmed}");

    // A link copied short lands on a page that says what to do.
    page.goto(&status_link[..status_link.len() - 3]).await;
    assert_eq!(page.text("h1").await, "Page not found");
    page.assert_accessible("not-found").await;
    page.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn an_elite_from_ethiopia_over_the_standard_is_told_why_and_enters_as_an_amateur_with_nothing_retyped() {
    let Some(mut page) = Browser::open("elite-from-ethiopia", Viewport::Phone).await else { return };
    let stack = Stack::start("ethiopia", &[]).await;
    page.goto(&stack.url("/register")).await;

    // The qualifying fields appear only once elite is chosen.
    page.click("#category-amateur").await;
    assert!(!page.displayed("#qualifying_time").await, "amateurs do not see elite fields");
    page.click("#category-elite").await;
    assert!(page.displayed("#qualifying_time").await, "elite runners do");
    page.assert_accessible("form-elite").await;

    let runner = Runner {
        given_name: "Tigist",
        family_name: "Bekele",
        email: "tigist@example.et",
        sex: "female",
        nationality: "ET",
        passport: "EP1234567",
        distance: "full",
    };
    fill_in(&page, &runner).await;
    page.type_into("qualifying_time", "2:35:10").await;
    page.type_date("qualifying_date", &(super::stack::today() - time::Duration::days(60)).to_string()).await;
    page.type_into("qualifying_race", "Addis Ababa Marathon").await;
    page.type_into("qualifying_evidence_url", "https://results.example.org/addis").await;
    page.click("button[type=submit]").await;

    page.wait_for_page("/register", "section.notice").await;
    let notice = page.text("section.notice").await;
    assert!(notice.contains("We cannot accept this entry as it stands"), "{notice}");
    assert!(notice.contains("3:10 slower than the women's elite standard of 2:32:00"), "{notice}");
    assert!(notice.contains("You may enter the full marathon as an amateur instead"), "{notice}");
    page.assert_accessible("ineligible").await;
    for (name, typed) in [
        ("given_name", "Tigist"),
        ("family_name", "Bekele"),
        ("email", "tigist@example.et"),
        ("passport_number", "EP1234567"),
        ("qualifying_time", "2:35:10"),
        ("qualifying_race", "Addis Ababa Marathon"),
    ] {
        assert_eq!(value_of(&page, name).await, typed, "{name} is kept");
    }
    assert_eq!(value_of(&page, "nationality").await, "ET");

    // Nothing retyped: the runner switches to amateur, ticks the consent again and sends.
    page.click("#category-amateur").await;
    if !page.find("#consent").await.is_selected().await.unwrap() {
        page.click("#consent").await;
    }
    page.click("button[type=submit]").await;
    page.wait_for_page("/registrations/", ".reference").await;
    let main = page.text("main").await;
    assert!(main.contains("Koryo Tours"), "an amateur from Ethiopia books through the licensed operator: {main}");
    page.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn three_mistakes_keep_every_value_and_each_summary_link_shows_its_field_with_label_and_message() {
    let Some(mut page) = Browser::open("three-mistakes", Viewport::Phone).await else { return };
    let stack = Stack::start("mistakes", &[]).await;
    page.goto(&stack.url("/register")).await;
    page.click("#category-amateur").await;
    let runner = Runner { email: "tan@example", passport: "E76", ..MEI_TAN };
    fill_in(&page, &runner).await;
    // A passport that expires before the DPRK's rule allows.
    page.find("[name=passport_expiry]").await.clear().await.unwrap();
    page.type_date("passport_expiry", &(super::stack::today() + time::Duration::days(30)).to_string()).await;
    page.click("button[type=submit]").await;

    page.wait_for_page("/register", "section.notice").await;
    // Announced: the summary is an alert, read out as the page arrives.
    assert_eq!(page.text("section.notice[role=alert] h2").await, "Please correct 3 answers");
    page.assert_accessible("form-with-errors").await;
    for (name, typed) in [("given_name", "王小明"), ("email", "tan@example"), ("passport_number", "E76")] {
        assert_eq!(value_of(&page, name).await, typed, "{name} is kept");
    }
    for field in ["email", "passport_number", "passport_expiry"] {
        // The message sits beside its field and the field says so to screen readers.
        let described = page.find(&format!("#{field}")).await.attr("aria-describedby").await.unwrap();
        assert!(described.unwrap_or_default().contains(&format!("{field}-error")), "{field} names its message");
        page.click(&format!("section.notice a[href='#{field}']")).await;
        let in_view = page
            .script(
                "const label = document.querySelector(`label[for=${arguments[0]}]`).getBoundingClientRect();
                 const error = document.getElementById(arguments[0] + '-error').getBoundingClientRect();
                 return label.top >= 0 && error.bottom <= window.innerHeight
                   || `label top ${label.top}, message bottom ${error.bottom}, viewport ${window.innerHeight}`;",
                vec![json!(field)],
            )
            .await;
        assert_eq!(in_view, json!(true), "the link to {field} shows its label and message");
        page.screenshot(&format!("summary-link-{field}")).await;
    }
    page.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_runner_completes_the_form_with_the_keyboard_only() {
    let Some(mut page) = Browser::open("keyboard-only", Viewport::Phone).await else { return };
    let stack = Stack::start("keyboard", &[]).await;
    page.goto(&stack.url("/register")).await;
    let client = page.client.clone();
    let keys = |text: String| {
        let client = client.clone();
        async move { client.active_element().await.unwrap().send_keys(&text).await.unwrap() }
    };
    let tab = || keys(Key::Tab.to_string());
    let focused = || {
        let client = client.clone();
        async move {
            let script =
                "return document.activeElement.id || document.activeElement.name || document.activeElement.className;";
            client.execute(script, vec![]).await.unwrap()
        }
    };
    let focus_shows = || {
        let client = client.clone();
        async move {
            let script = "const style = getComputedStyle(document.activeElement);
                          return style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2;";
            client.execute(script, vec![]).await.unwrap() == json!(true)
        }
    };
    // Tabs until `stop` has the focus, within a few presses (the header's links and its
    // five languages come before the first field), and sees that it shows.
    let tab_to = |stop: &'static str| async move {
        for _ in 0..12 {
            tab().await;
            if focused().await == json!(stop) {
                assert!(focus_shows().await, "{stop} shows that it has the focus");
                return;
            }
        }
        panic!("{stop} is not within twelve tabs: at {}", focused().await);
    };
    // Tab from the top of the page to the first field, then stop by stop: each one
    // shows that it has the focus.
    tab_to("given_name").await;
    keys("Mei".into()).await;
    tab_to("family_name").await;
    keys("Tan".into()).await;
    tab_to("email").await;
    keys("tan@example.sg".into()).await;
    tab_to("date_of_birth").await;
    keys("08091991".into()).await;
    // A date field's month, day and year (and its picker) are stops of their own.
    tab_to("sex").await;
    // Space chooses the focused radio button; the arrow keys move within the group.
    keys(" ".into()).await;
    keys(Key::Down.to_string()).await;
    assert_eq!(value_of_checked(&page, "sex").await, "male");
    tab_to("nationality").await;
    keys("Singapore".into()).await;
    tab_to("passport_number").await;
    keys("E7654321".into()).await;
    tab_to("passport_expiry").await;
    keys("02022036".into()).await;
    tab_to("distance").await;
    keys(" ".into()).await;
    assert_eq!(value_of_checked(&page, "distance").await, "full");
    tab_to("category-amateur").await;
    keys(" ".into()).await;
    assert_eq!(value_of_checked(&page, "category").await, "amateur");
    // The elite fields are hidden for an amateur: the very next stop is the emergency contact.
    tab().await;
    assert_eq!(focused().await, json!("emergency_contact_name"), "no stop in the hidden elite fields");
    keys("Li Tan".into()).await;
    tab_to("emergency_contact_phone").await;
    keys("+65 6123 4567".into()).await;
    tab_to("consent").await;
    keys(" ".into()).await;
    tab_to("send").await;
    page.assert_accessible("keyboard-before-sending").await;
    keys(Key::Enter.to_string()).await;
    page.wait_for_page("/registrations/", ".reference").await;
    assert_eq!(page.text("h1").await, "Registration received");
    page.close().await;
}

/// The value of the checked radio button of the group `name`.
async fn value_of_checked(page: &Browser, name: &str) -> String {
    page.find(&format!("input[name={name}]:checked")).await.attr("value").await.unwrap().unwrap_or_default()
}

#[tokio::test(flavor = "multi_thread")]
async fn without_javascript_a_runner_registers_and_withdraws() {
    let Some(mut page) = Browser::open_without_javascript("without-javascript", Viewport::Phone).await else {
        return;
    };
    let stack = Stack::start("no-javascript", &[]).await;
    page.goto(&stack.url("/register")).await;
    page.click("#category-amateur").await;
    fill_in(&page, &Runner { passport: "E7000001", ..MEI_TAN }).await;
    page.screenshot("form").await;
    page.click("button[type=submit]").await;
    page.wait_for_page("/registrations/", ".reference").await;
    page.screenshot("confirmation").await;
    page.click("a[href^='/registrations/']").await;
    page.wait_for_page("/registrations/", "form.withdraw").await;
    page.click("form.withdraw input[name=confirm]").await;
    page.click("form.withdraw button").await;
    page.wait_for_text("dd.status", "Withdrawn").await;
    page.screenshot("withdrawn").await;
    page.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_runner_who_lost_the_status_link_gets_a_new_one_by_email() {
    let Some(mut page) = Browser::open("lost-status-link", Viewport::Phone).await else { return };
    let stack = Stack::start("lost-link", &[]).await;
    page.goto(&stack.url("/register")).await;
    page.click("#category-amateur").await;
    fill_in(&page, &MEI_TAN).await;
    page.click("button[type=submit]").await;
    page.wait_for_page("/registrations/", ".reference").await;
    let reference = page.text(".reference").await;

    // Later, without the email: from the form's link.
    page.goto(&stack.url("/register")).await;
    page.click("a[href='/registrations/recover']").await;
    page.wait_for_page("/registrations/recover", "form.recover").await;
    page.assert_accessible("recover").await;
    page.type_into("email", "tan@example").await;
    page.click("form.recover button").await;
    page.wait_for_text("#email-error", "Enter the email address you registered with").await;
    page.assert_accessible("recover-mistyped").await;
    page.find("#email").await.clear().await.unwrap();
    page.type_into("email", MEI_TAN.email).await;
    page.click("form.recover button").await;
    page.wait_for_text("h1", "Check your email").await;
    page.assert_accessible("recover-sent").await;

    let email = stack.email("your status link").await;
    let link = stack.link_in(&email, "/registrations/");
    page.goto(&link).await;
    page.wait_for_page("/registrations/", "dd.status").await;
    assert_eq!(page.text(".reference").await, reference);
    page.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_runner_on_a_phone_switches_the_form_to_chinese() {
    let Some(mut phone) = Browser::open("form-in-chinese", Viewport::Phone).await else { return };
    let stack = Stack::start("form-in-chinese", &[]).await;
    phone.goto(&stack.url("/register")).await;
    phone.wait_for_page("/register", "nav.languages").await;
    phone.click("nav.languages a[lang=zh-Hans]").await;
    phone.wait_for_text("h1", "报名参加2027平壤国际马拉松").await;
    let lang = phone.find("html").await.attr("lang").await.unwrap();
    assert_eq!(lang.as_deref(), Some("zh-Hans"));
    assert!(phone.text("label[for=family_name]").await.starts_with('姓'));
    assert_eq!(phone.text("button#send").await, "提交报名");
    phone.assert_accessible("register-zh-hans").await;
    // The choice is kept: the form opened again stays in Chinese.
    phone.goto(&stack.url("/register")).await;
    phone.wait_for_text("h1", "报名参加").await;
    phone.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_runner_from_shanghai_follows_the_entry_in_chinese_from_the_form_to_the_status_page() {
    let Some(mut phone) = Browser::open("runner-from-shanghai", Viewport::Phone).await else { return };
    let stack = Stack::start("shanghai", &[]).await;
    phone.goto(&stack.url("/register?lang=zh-Hans")).await;
    phone.wait_for_text("h1", "报名参加").await;
    phone.click("#category-amateur").await;
    fill_in(
        &phone,
        &Runner { given_name: "李娜", family_name: "王", nationality: "CN", passport: "E8000001", ..MEI_TAN },
    )
    .await;
    phone.click("button[type=submit]").await;

    phone.wait_for_page("/registrations/", ".reference").await;
    assert_eq!(phone.text("h1").await, "已收到报名");
    assert!(phone.text("main").await.contains("来自中国的业余跑者"), "{}", phone.text("main").await);
    phone.assert_accessible("confirmation-zh-hans").await;

    // The email and the pages its links open are in Chinese too, in a browser that asks
    // for English and has no choice of its own (another device, say): the entry keeps
    // its language.
    let email = stack.email("已收到报名").await;
    let status_link = stack.link_in(&email, "/registrations/");
    let mut other = Browser::open("runner-from-shanghai-mail-app", Viewport::Phone).await.expect("a second browser");
    other.goto(&stack.link_in(&email, "/confirm-email/")).await;
    assert_eq!(other.text("h1").await, "确认您的电子邮箱地址");
    other.assert_accessible("confirm-email-zh-hans").await;
    other.click("main form button").await;
    other.wait_for_text("h1", "您的电子邮箱地址已确认").await;

    other.goto(&status_link).await;
    other.wait_for_page("/registrations/", "dd.status").await;
    assert_eq!(other.title().await, "您的报名 · 平壤国际马拉松");
    assert!(other.text("dd.status").await.starts_with("已收到"), "{}", other.text("dd.status").await);
    assert!(other.text(".timeline").await.contains("电子邮箱地址已确认"), "{}", other.text(".timeline").await);
    other.assert_accessible("status-zh-hans").await;

    other.click("a.details-link").await;
    other.wait_for_text("h1", "更正您的信息").await;
    other.assert_accessible("details-zh-hans").await;

    other.close().await;

    // The runner's own phone kept the choice (its browser asks for English): pages that
    // belong to no entry are in Chinese there.
    phone.goto(&status_link[..status_link.len() - 3]).await;
    assert_eq!(phone.text("h1").await, "找不到页面");
    phone.assert_accessible("not-found-zh-hans").await;
    phone.goto(&stack.url("/registrations/recover")).await;
    phone.wait_for_text("h1", "重新获取状态链接").await;
    phone.assert_accessible("recover-zh-hans").await;
    phone.close().await;
}
